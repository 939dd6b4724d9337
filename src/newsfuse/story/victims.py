"""The story's victims counted without a number, settled across its articles, and the counts of a kind of
people that are a part of the story's toll.

An article settles its own lone victims (``extract.victims.settle_victims``); what one article cannot see,
the story can: a lone victim told wounded in one article who died in a later one, a lone victim beside
another article's count of several wounded, a victim told beside a larger value of the same fact, and a
count of children or men below the story's count of people under the same harm.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Final

from newsfuse import lexicon
from newsfuse.inflection import plural
from newsfuse.types import THIS_EVENT, ClaimRecord

PEOPLE: Final = "people"
# Measures of the wounded a lone victim who died later was told under ("a man was shot" stays: everyone hit,
# the dead among them)
WOUNDED: Final = frozenset({"injured"})

GroupKey = tuple[str, str, str, str]  # a fact's key: measure, subject, unit family or dimension, part's name


@cache
def victim_nouns() -> frozenset[str]:
    """What a count of victims counts ("people", "man", "teenagers"; not "wounds" nor "times"), in the singular
    and the plural, built when first asked (the inflection tables load spaCy)."""
    nouns = lexicon.words("measures", "person_nouns")
    return frozenset({PEOPLE, *nouns, *(plural(n) for n in nouns)})


def settle_story_victims(records: Sequence[ClaimRecord]) -> list[ClaimRecord]:
    """The story's claims without the lone victims another article accounts for (see the two rules)."""
    return _without_one_of_the_wounded(_without_victims_who_died(records))


def _without_victims_who_died(records: Sequence[ClaimRecord]) -> list[ClaimRecord]:
    """The story's claims without the lone victims told wounded who died later: where the story tells of one
    person killed, a victim counted without a number ("the boy remains in critical condition") in an article
    that tells of no death is that person when a later article tells of the death and of no one wounded."""
    deaths = [r for r in records if r.measure == "killed" and r.scope.kind == "event" and r.claim.quantity]
    if not deaths or any(r.claim.quantity is None or (r.claim.quantity.low or 0) > 1 for r in deaths):
        return list(records)
    wounded_in = {r.claim.article_id for r in records if r.measure in WOUNDED | {"shot"}}
    told_dead = {r.claim.article_id for r in deaths}
    later = [r.published for r in deaths if r.published and r.claim.article_id not in wounded_in]

    def died(r: ClaimRecord) -> bool:
        return (r.implicit and r.measure in WOUNDED and r.claim.article_id not in told_dead
                and r.published is not None and any(day > r.published for day in later))

    return [r for r in records if not died(r)]


def _without_one_of_the_wounded(records: Sequence[ClaimRecord]) -> list[ClaimRecord]:
    """The story's claims without the lone victims told wounded where an article of the story counts two or
    more wounded of the event (injured or hospitalised; shot where nobody died): "the wounded woman is in fair
    condition" beside "two were taken to hospital" is one of them, no toll of its own, whichever place or
    measure the two claims were filed under."""
    dead = any(r.measure == "killed" and r.scope.kind in THIS_EVENT for r in records)
    family = WOUNDED | {"hospitalised"} | (set() if dead else {"shot"})
    if not any(not r.implicit and r.measure in family and r.scope.kind in THIS_EVENT and r.subject in victim_nouns()
               and (q := r.claim.quantity) is not None and (q.low or 0) >= 2 for r in records):
        return list(records)
    return [r for r in records if not (r.implicit and r.measure in WOUNDED and r.scope.kind == "event"
                                       and (q := r.claim.quantity) is not None and q.low == 1)]


def _lows(records: Sequence[ClaimRecord]) -> list[float]:
    return [q.low for r in records if (q := r.claim.quantity) is not None and q.low is not None]


def without_lesser_victims(records: Sequence[ClaimRecord]) -> list[ClaimRecord]:
    """A fact's claims without the victims counted without a number that a larger value of the fact holds:
    "he was pronounced dead" beside "two people were killed" is one of the two, no value of its own."""
    top = max(_lows(records), default=None)
    return [r for r in records
            if not (r.implicit and top is not None and r.claim.quantity is not None
                    and r.claim.quantity.low is not None and r.claim.quantity.low < top)]


def kinds_in_parts(groups: Sequence[tuple[GroupKey, Sequence[ClaimRecord]]]) -> set[int]:
    """The positions of the groups (a fact's key and claims) that count a kind of people ("three children were
    wounded", "one man was taken to hospital") with every number below every number of the story's toll of
    people under the same harm ("four people were wounded"): a part of that toll, not a toll of their own
    that disputes it."""
    wholes: dict[str, list[float]] = defaultdict(list)
    for (measure, subject, dimension, part), records in groups:
        if subject == PEOPLE and not part and dimension == "count":
            wholes[measure].extend(_lows(records))
    out = set()
    for k, ((measure, subject, dimension, part), records) in enumerate(groups):
        told = _lows(records)
        kind = not part and dimension == "count" and subject != PEOPLE and subject in victim_nouns()
        if kind and told and wholes.get(measure) and max(told) < min(wholes[measure]):
            out.add(k)
    return out
