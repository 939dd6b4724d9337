"""Counts beyond the story's event: totals over an area, a long period or several events.

"Across the city", "so far this year", "in seven separate shootings", "a spate of shootings", "the weekend
violence": words that make a count a wider total (``wider_cue``), read by ``extract.scope`` for the clause
around a count. The words are data (``lexicon/scopes.toml``).
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Token

from newsfuse import lexicon

AREA_PREPOSITIONS: Final = lexicon.words("scopes", "area_prepositions")
AREA_NOUNS: Final = lexicon.words("scopes", "area_nouns")
AREA_WORDS: Final = lexicon.words("scopes", "area_words")
EVENT_NOUNS: Final = lexicon.words("scopes", "event_nouns")
SEPARATE_WORDS: Final = lexicon.words("scopes", "separate_words")
RUN_NOUNS: Final = lexicon.words("scopes", "run_nouns")
LONG_PERIOD_WORDS: Final = lexicon.words("scopes", "long_period_words")
LONG_PERIOD_PAIRS: Final = frozenset(tuple(p.split()) for p in lexicon.sequence("scopes", "long_period_pairs"))
SHORT_PERIOD_WORDS: Final = lexicon.words("scopes", "short_period_words")
DATE_WORDS: Final = lexicon.words("scopes", "date_words")
WINDOW_PREPOSITIONS: Final = lexicon.words("scopes", "window_prepositions")
MONTHS: Final = lexicon.words("time", "months")
TIME_UNITS: Final = lexicon.words("measures", "time_units")


def wider_cue(number: Token, counted: Token, region: list[Token]) -> str | None:
    """Words that make a count a total over an area, a long period or several events: "across the city",
    "so far this year", "in seven separate shootings", "a spate of shootings"; a weekend's or a
    holiday's only beside another sign ("one of 12 people shot over the holiday weekend")."""
    lowered = [t.lower_ for t in region]
    short_period = next((t for t in region if t.lemma_.lower() in SHORT_PERIOD_WORDS or t.lower_ in SHORT_PERIOD_WORDS),
                        None)
    for k, tok in enumerate(region):
        low = tok.lower_
        if low in AREA_WORDS or low in LONG_PERIOD_WORDS:
            return tok.text
        if k + 1 < len(region) and region[k + 1].i == tok.i + 1:
            pair = (low, lowered[k + 1])
            dated = k > 0 and lowered[k - 1] in DATE_WORDS  # "earlier this year" is a date
            if (pair in LONG_PERIOD_PAIRS and not dated) or (
                    low == "since" and _perfect(tok.head) and (lowered[k + 1] in MONTHS or _year(region[k + 1]))):
                return f"{tok.text} {region[k + 1].text}"
        if tok.dep_ == "prep" and low in AREA_PREPOSITIONS and (
                tok.head.pos_ in {"VERB", "AUX"} or tok.head.i == counted.i or tok.head.lemma_.lower() in EVENT_NOUNS):
            place = _area(tok)
            if place is not None:
                return f"{tok.text} {place.text}"
        if tok.lemma_.lower() == "side" and tok.tag_ == "NNS":  # "on the South and West sides"
            return tok.text
        if tok.dep_ == "pobj" and tok.lemma_.lower() in TIME_UNITS and tok.head.lower_ in WINDOW_PREPOSITIONS \
                and tok.lemma_.lower() not in {"second", "minute"} and any(c.dep_ == "nummod" for c in tok.children):
            return f"{tok.head.text} … {tok.text}"  # "shot in about ten hours", "over two days"
        if tok.lemma_.lower() in RUN_NOUNS and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children) \
                and _on_clause(tok):  # "a spate of shootings left …", not "the latest in a spate of robberies"
            return tok.text
        if tok.lemma_.lower() in EVENT_NOUNS and tok.tag_ == "NNS":
            several = [c for c in tok.children if (c.dep_ == "amod" and c.lower_ in SEPARATE_WORDS)
                       or (c.dep_ == "nummod" and _at_least_two(c))]
            if several:
                return f"{several[0].text} {tok.text}"
            if short_period is not None:  # "weekend shootings", "shootings over the holiday"
                return f"{short_period.text} {tok.text}"
        if tok.lemma_.lower() == "violence" and (cue := _violence_cue(tok, short_period)) is not None:
            return cue
    if short_period is not None and _one_of(counted):
        return f"one of {number.text} … {short_period.text}"
    return None


def _area(preposition: Token) -> Token | None:
    """The area a preposition names: a city, a county, a GPE ("across the city", "throughout Harrow")."""
    place = next((c for c in preposition.children if c.dep_ == "pobj"), None)
    return place if place is not None and (place.lemma_.lower() in AREA_NOUNS or place.ent_type_ == "GPE") else None


def _violence_cue(violence: Token, short_period: Token | None) -> str | None:
    """Violence over a short period or in an area is a wider total: "the weekend violence left …", "gun violence
    in Harrow City, which left three dead" (not "the violence at the party")."""
    if short_period is not None:
        return f"{short_period.text} {violence.text}"
    area = next((a for c in violence.children if c.dep_ == "prep" and c.lower_ in {"in", *AREA_PREPOSITIONS}
                 if (a := _area(c)) is not None), None)
    return f"{violence.text} {area.head.text} {area.text}" if area is not None else None


def _on_clause(tok: Token) -> bool:
    """A noun the clause itself says something of: its subject, or the object of a preposition on its verb."""
    if tok.dep_ in {"nsubj", "nsubjpass"}:
        return True
    return tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in {"VERB", "AUX"}


def _perfect(verb: Token) -> bool:
    """"have been killed since January": a count that has grown over a period."""
    return any(c.dep_ in {"aux", "auxpass"} and c.lemma_.lower() == "have" for c in verb.children)


def _one_of(counted: Token) -> bool:
    """"(the victim was) one of 12 people shot": the number counts a group its subject is one of (not "one of
    the four people killed", the event's own toll)."""
    of = counted.head
    return (counted.dep_ == "pobj" and of.lower_ == "of" and of.head.lower_ == "one" and of.head.i != counted.i
            and not any(c.dep_ == "det" for c in counted.children))


def _year(tok: Token) -> bool:
    return tok.is_digit and len(tok.text) == 4 and tok.text[:2] in {"19", "20"}


def _at_least_two(tok: Token) -> bool:
    try:
        return float(tok.text.replace(",", "")) >= 2
    except ValueError:
        return tok.lower_ not in {"one", "a", "an"}
