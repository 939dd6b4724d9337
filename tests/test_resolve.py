"""Entity resolution: seeds (read by path), our own sentences, geocoding, the lexicon, and the
coreference scorers of benchmarks/entities.py."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

import pytest

from benchloader import load_benchmark
from newsfuse.config import Settings
from newsfuse.geo import geocode, geocode_near
from newsfuse.names import default_lexicon, load_lexicon, name_key, without_title
from newsfuse.story.entities import resolve_entities
from newsfuse.story.matching import match_entity
from newsfuse.types import Mention

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "corpora" / "seeds"
LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "FAC",
          "EVENT": "EVENT", "WORK_OF_ART": "OTHER", "LAW": "OTHER", "PRODUCT": "OTHER"}


bench = load_benchmark("entities")


def ner(nlp, texts: dict[str, str]) -> list[Mention]:
    out = []
    for aid, text in texts.items():
        out.extend(Mention(aid, e.start_char, e.end_char, e.text, LABELS[e.label_])
                   for e in nlp(text).ents if e.label_ in LABELS)
    return out


def find(texts: dict[str, str], spec: list[tuple[str, str]]) -> list[Mention]:
    """Mentions at every occurrence of the given surfaces (a stand-in for NER with known output)."""
    out = []
    for aid, text in texts.items():
        for surface, label in spec:
            for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
                out.append(Mention(aid, m.start(), m.end(), surface, label))  # type: ignore[arg-type]
    return out


def owner(entities, surface_pred) -> set[str]:
    """Ids of the entities having an alias that satisfies the predicate."""
    return {e.id for e in entities if any(surface_pred(a) for a in e.aliases)}


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seed_entities(nlp, seeds_dir):
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
    mentions = ner(nlp, texts)
    return texts, mentions, resolve_entities("seed-story", mentions, texts)


def test_seed_group_spellings_collapse(seed_entities):
    _, _, ents = seed_entities
    ids = owner(ents, lambda a: a in {"ISIS", "ISIL", "Daesh", "Islamic State"})
    assert len(ids) == 1
    group = next(e for e in ents if e.id in ids)
    assert group.type == "ORG" and group.name == "Islamic State"
    assert {"ISIS", "ISIL", "Daesh", "Islamic State", "IS"} <= set(group.aliases)


def test_seed_city_spellings_collapse_and_geocode(seed_entities):
    texts, _, ents = seed_entities
    ids = owner(ents, lambda a: a.lower().startswith("deir"))
    assert len(ids) == 1
    city = next(e for e in ents if e.id in ids)
    assert city.type == "GPE"
    assert len({a.lower().replace("-", " ") for a in city.aliases}) >= 3  # several spellings
    assert city.geo is not None and city.geo.gazetteer_id.startswith("geonames:")
    assert abs(city.geo.lat - 35.3) < 0.5 and abs(city.geo.lon - 40.1) < 0.5
    for span in city.mentions:  # provenance: every span is a spelling of the city
        assert texts[span.article_id][span.start:span.end].lower().startswith("deir")


def test_seed_spokesman_observatory_ministry_collapse(seed_entities):
    _, _, ents = seed_entities
    assert len(owner(ents, lambda a: "Rudsko" in a)) == 1
    assert len(owner(ents, lambda a: "Observatory" in a)) == 1
    ministry = [e for e in ents if "ministry" in e.name.lower()]
    assert len(ministry) == 1 and ministry[0].type == "ORG"
    assert len(owner(ents, lambda a: a.lower() in {"shoigu", "sergey shoigu"})) == 1


def test_seed_russia_russian_ministry_stay_apart(seed_entities):
    _, _, ents = seed_entities
    by_name = {e.name: e for e in ents}
    assert by_name["Russia"].type == "GPE" and by_name["Russian"].type == "NORP"
    ministry = next(e for e in ents if "ministry" in e.name.lower())
    assert len({by_name["Russia"].id, by_name["Russian"].id, ministry.id}) == 3
    assert by_name["Syria"].id not in owner(ents, lambda a: "Observatory" in a)
    assert by_name["Russia"].geo is not None and by_name["Russian"].geo is None


def test_seed_match_entity_and_determinism(seed_entities):
    texts, mentions, ents = seed_entities
    ministry = next(e for e in ents if "ministry" in e.name.lower())
    for name in ("the Russian defense ministry", "Russia's Defense Ministry", "the ministry"):
        assert match_entity(ents, name) == ministry
    assert resolve_entities("seed-story", list(reversed(mentions)), texts) == ents
    assert [e.mentions for e in ents] == [tuple(sorted(e.mentions, key=lambda s: (s.article_id, s.start))) for e in ents]


# --------------------------------------------------------------------------- our own sentences

ALLIANCE = {
    "a1": "The Coastal Nations Alliance (CNA) said on Monday that talks in Lisbon had failed. "
          "A CNA negotiator blamed the delegation from Norway.",
    "a2": "Officials of the alliance, known as CNA, met Muhammad Rahimi in Lisbon. "
          "Rahimi told the Coastal Nations Alliance's envoy that Burma would not sign.",
    "a3": "Mohammed Rahimi, a Myanmar diplomat, said the United Nations and the UN refugee agency "
          "were informed. The UN declined to comment.",
}


def test_acronym_parenthesis_variants_lexicon():
    spec = [("Coastal Nations Alliance", "ORG"), ("CNA", "ORG"), ("Lisbon", "GPE"), ("Norway", "GPE"),
            ("Muhammad Rahimi", "PERSON"), ("Mohammed Rahimi", "PERSON"), ("Rahimi", "PERSON"),
            ("Burma", "GPE"), ("Myanmar", "NORP"), ("United Nations", "ORG"), ("UN", "ORG")]
    mentions = find(ALLIANCE, spec)
    ents = resolve_entities("story-x", mentions, ALLIANCE)
    names = {e.name: e for e in ents}
    alliance = names["Coastal Nations Alliance"]
    assert alliance.type == "ORG" and "CNA" in alliance.aliases
    person = [e for e in ents if e.type == "PERSON"]
    assert len(person) == 1 and {"Rahimi", "Muhammad Rahimi", "Mohammed Rahimi"} <= set(person[0].aliases)
    assert person[0].name in {"Muhammad Rahimi", "Mohammed Rahimi"}
    assert len(owner(ents, lambda a: a in {"Burma", "Myanmar"})) == 1
    assert len(owner(ents, lambda a: a in {"UN", "United Nations"})) == 1
    assert names["Lisbon"].geo is not None and names["Norway"].id != names["Lisbon"].id
    assert match_entity(ents, "CNA") == alliance
    assert match_entity(ents, "the alliance") == alliance
    assert match_entity(ents, "Rahimi") == person[0]
    assert match_entity(ents, "an unknown body") is None


def test_ambiguous_surname_and_dateline_are_not_merged():
    texts = {"b1": "BEIRUT (Reuters) - Hafez Karimi and Nadia Karimi spoke. Karimi left early.",
             "b2": "Reuters said Beirut was calm."}
    spec = [("BEIRUT", "GPE"), ("Beirut", "GPE"), ("Reuters", "ORG"), ("Hafez Karimi", "PERSON"),
            ("Nadia Karimi", "PERSON"), ("Karimi", "PERSON")]
    ents = resolve_entities("story-y", find(texts, spec), texts)
    beirut = owner(ents, lambda a: a.lower() == "beirut")
    assert len(beirut) == 1 and not beirut & owner(ents, lambda a: a == "Reuters")
    assert len([e for e in ents if e.type == "PERSON"]) == 3  # "Karimi" alone is ambiguous
    assert match_entity(ents, "Karimi").mentions[0].start == texts["b1"].rindex("Karimi")  # type: ignore[union-attr]
    assert next(e for e in ents if e.id in beirut).name == "Beirut"


def test_a_cut_name_is_mended_but_not_run_on_into_the_words_after_it():
    # NER cut "Wadi" off its name in one place and gave the whole name elsewhere; the mend stops at the
    # name: a following word its key leaves out ("as", like "al" and "ez") makes no longer name
    texts = {"d1": "Troops neared Wadi ez-Qamar at dawn. Civilians stay in Wadi ez-Qamar as the army waits.",
             "d2": "Aid reached Wadi ez-Qamar. Fadi al-Nouri as ever spoke; Fadi al-Nouri left."}
    first = texts["d1"].index("Wadi")
    mentions = [Mention("d1", first, first + 4, "Wadi", "GPE"),
                *[m for m in find(texts, [("Wadi ez-Qamar", "GPE"), ("Fadi al-Nouri", "PERSON")]) if m.start != first]]
    ents = resolve_entities("story-w", mentions, texts)
    surfaces = {texts[m.article_id][m.start:m.end] for e in ents for m in e.mentions}
    assert surfaces == {"Wadi ez-Qamar", "Fadi al-Nouri"}
    assert {a for e in ents for a in e.aliases} == {"Wadi ez-Qamar", "Fadi al-Nouri"}


def test_mislabelled_types_merge_by_majority_and_titles():
    texts = {"c1": "Kestrel Dynamics hired staff.", "c2": "Kestrel Dynamics grew.", "c3": "Kestrel Dynamics sold.",
             "c4": "General Ivan Petrov spoke. Ivan Petroff agreed, and Petrov left."}
    mentions = [Mention("c1", 0, 16, "Kestrel Dynamics", "ORG"), Mention("c2", 0, 16, "Kestrel Dynamics", "ORG"),
                Mention("c3", 0, 16, "Kestrel Dynamics", "GPE"),
                Mention("c4", 0, 19, "General Ivan Petrov", "ORG"), Mention("c4", 27, 39, "Ivan Petroff", "PERSON"),
                Mention("c4", 53, 59, "Petrov", "PERSON")]
    ents = resolve_entities("story-z", mentions, texts)
    assert sorted((e.type, len(e.mentions)) for e in ents) == [("ORG", 3), ("PERSON", 3)]
    person = next(e for e in ents if e.type == "PERSON")
    assert person.name in {"Ivan Petrov", "Ivan Petroff"}  # the title is not part of the name
    assert set(person.aliases) == {"General Ivan Petrov", "Ivan Petroff", "Petrov"}


def test_a_person_always_given_a_title_is_named_without_it():
    texts = {"e1": "Interior Minister Tomas Verhoeven spoke. Verhoeven left.",
             "e2": "General Electric Holdings hired Verhoeven's aide."}
    ents = resolve_entities("story-t", find(texts, [("Interior Minister Tomas Verhoeven", "PERSON"),
                                                    ("Verhoeven", "PERSON"), ("General Electric Holdings", "ORG")]),
                            texts)
    names = {e.type: e.name for e in ents}
    assert names == {"PERSON": "Tomas Verhoeven", "ORG": "General Electric Holdings"}  # an organisation keeps its
    person = next(e for e in ents if e.type == "PERSON")  # words; the alias keeps the title as written
    assert "Interior Minister Tomas Verhoeven" in person.aliases
    assert without_title("Bishop Ana Ruiz", default_lexicon()) == "Ana Ruiz"
    assert without_title("Prince Aldo's County Board", default_lexicon()) == "Prince Aldo's County Board"


def test_ids_stable_and_order_independent():
    mentions = find(ALLIANCE, [("Coastal Nations Alliance", "ORG"), ("CNA", "ORG"), ("Lisbon", "GPE")])
    first = resolve_entities("s", mentions, ALLIANCE)
    shuffled = mentions[:]
    random.Random(3).shuffle(shuffled)
    assert resolve_entities("s", shuffled, ALLIANCE) == first
    assert resolve_entities("other-story", mentions, ALLIANCE)[0].id != first[0].id
    assert resolve_entities("s", [], {}) == ()


def test_name_keys():
    assert name_key("the Russian Defense Ministry") == name_key("Russia's Defense Ministry")
    assert name_key("Russian") != name_key("Russia")
    assert name_key("Deir ez-Zor") == name_key("Deir al-Zor") == name_key("Deir Az Zor")
    assert name_key("Sergei Lavroff") == name_key("Sergey Lavrov")
    assert name_key("Bashar al-Assad") == name_key("Bashar Assad")


def test_geocode_variants_and_choices():
    a, b, c = geocode("Deir Ezzor"), geocode("Dayr az Zawr"), geocode("Deir ez-Zor")
    assert a is not None and a == b == c
    paris = geocode("Paris")
    assert paris is not None and 48 < paris.lat < 49.5 and 2 < paris.lon < 3
    burma, myanmar = geocode("Burma"), geocode("Myanmar")
    assert burma is not None and burma == myanmar and 10 < burma.lat < 28
    texas = geocode("Texas")
    assert texas is not None and 25 < texas.lat < 37 and -107 < texas.lon < -93
    assert geocode("Qwxzzy Flats") is None


def test_ambiguous_place_names_are_read_among_the_story_places():
    dallas, tyler = geocode("Dallas"), geocode("Tyler")
    assert dallas is not None and tyler is not None
    paris_tx = geocode_near("Paris", [dallas, tyler])
    assert paris_tx is not None and 33 < paris_tx.lat < 34 and -96 < paris_tx.lon < -95  # Paris, Texas
    assert geocode_near("Paris", []) == geocode("Paris")  # alone: the best-known Paris
    lyon = geocode("Lyon")
    assert lyon is not None and geocode_near("Paris", [lyon]) == geocode("Paris")
    texts = {"d1": "Flooding hit Dallas and Tyler on Monday; Paris was spared."}
    mentions = find(texts, [("Dallas", "GPE"), ("Tyler", "GPE"), ("Paris", "GPE")])
    [paris] = [e for e in resolve_entities("s", mentions, texts) if e.name == "Paris"]
    assert paris.geo is not None and 33 < paris.geo.lat < 34


def test_lexicon_extension(tmp_path):
    extra = tmp_path / "aliases.json"
    extra.write_text(json.dumps({"entities": [{"name": "Coastal Nations Alliance", "type": "ORG",
                                               "aliases": ["Littoral League"]}]}), encoding="utf-8")
    texts = {"d1": "The Coastal Nations Alliance met.", "d2": "The Littoral League met."}
    mentions = find(texts, [("Coastal Nations Alliance", "ORG"), ("Littoral League", "ORG")])
    assert len(resolve_entities("s", mentions, texts)) == 2
    assert len(resolve_entities("s", mentions, texts, load_lexicon(extra))) == 1
    configured = Settings.from_env({"NEWSFUSE_ALIASES": str(extra)}).story.aliases
    assert load_lexicon(configured).lookup("Littoral League") is not None
    assert len(resolve_entities("s", mentions, texts, load_lexicon(configured))) == 1
    assert load_lexicon(Settings.from_env({}).story.aliases).lookup("Littoral League") is None
    assert default_lexicon().lookup("Littoral League") is None
    assert default_lexicon().lookup("Daesh").name == "Islamic State"  # type: ignore[union-attr]
    assert default_lexicon().lookup("is") is None  # short capitals aliases need capitals


# --------------------------------------------------------------------------- scorers

K = [frozenset("abc"), frozenset("de")]
R = [frozenset("ab"), frozenset("cde")]


def test_scorers_toy_cases():
    assert bench.muc(K, K)[2] == bench.b_cubed(K, K)[2] == bench.ceaf_e(K, K)[2] == 1.0
    assert bench.muc(K, R) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert bench.b_cubed(K, R) == pytest.approx((11 / 15, 11 / 15, 11 / 15))
    assert bench.ceaf_e(K, R) == pytest.approx((0.8, 0.8, 0.8))
    singletons = [frozenset(x) for x in "abcde"]
    assert bench.muc(K, singletons)[0] == 0.0
    assert bench.b_cubed(K, singletons)[1] == 1.0
    scores = bench.conll(K, R)
    assert scores["CoNLL"][2] == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)


def test_hungarian_matches_brute_force():
    rng = random.Random(7)
    for _ in range(30):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        w = [[rng.random() for _ in range(cols)] for _ in range(rows)]
        best = max(sum(w[i][p[i]] for i in range(rows) if p[i] is not None)
                   for p in itertools.permutations(list(range(cols)) + [None] * rows, rows))
        assert bench._hungarian_max(w) == pytest.approx(best)


def test_alignment_prefers_exact_then_head():
    g = bench.GoldMention("d:1", "d", (1, 2), "c")
    h = bench.GoldMention("d:2", "d", (5,), "c")
    links = bench.align([(g, 0, 10, 5), (h, 20, 25, 20)], [(4, 10), (0, 10), (19, 30)])
    assert links == {"d:1": 1, "d:2": 2}


def test_a_name_of_a_part_of_any_town_is_not_geocoded():
    texts = {"g1": "Shots rang out on the East Side, far from Downtown. Police in Federal Way said two men fled."}
    ents = resolve_entities("story-g", find(texts, [("East Side", "LOC"), ("Downtown", "LOC"), ("Federal Way", "GPE")]),
                            texts)
    geo = {e.name: e.geo for e in ents}
    assert geo["East Side"] is None and geo["Downtown"] is None  # a gazetteer's "East Side" is one town's
    assert geo["Federal Way"] is not None  # a town whose name ends like a street's


def test_an_id_names_one_entity_of_a_story():
    # NER ran a dateline into the next word ("SAN MARCO - Two"): its own group of mentions, but the same name as
    # the town's other mentions once shown, so the same entity, not a second one under the same id
    texts = {"h1": "SAN MARCO - Two men were shot at a car wash in San Marco on Monday.",
             "h2": "Police in San Marco said the shooting was the third this week."}
    mentions = [Mention("h1", 0, 15, "SAN MARCO - Two", "GPE"), *find(texts, [("San Marco", "GPE")])]
    ents = resolve_entities("story-h", mentions, texts)
    assert len({e.id for e in ents}) == len(ents) == 1
    assert ents[0].name == "San Marco" and len(ents[0].mentions) == 3
