"""Numbers that are not reported quantities: dates, times, ordinals, identifiers, phones, ages, years.

Calendar years (a bare four-digit 1000–2199 unless a plural noun or unit follows, or a hedge
precedes), numbers next to a month name ("May 2015", "5 May"), times of day ("10:30", "5 p.m.",
"0600"), ordinals, numbers inside a named entity after a word ("Route 66") or right after a
capitalised noun ("Regiment 137") or an identifier noun ("page 5", "No. 10"), hyphenated identifiers
("F-16", "COVID-19"), phone numbers, ages ("20-year-old", "25 years old"), adjectival compounds
("two-state"), numbers in a NER DATE/TIME with neither unit nor counted noun, and "one" used as a
pronoun. The cue words are data (``lexicon/quantities.toml``).
"""

from __future__ import annotations

import re
from typing import Final

from spacy.tokens import Token

from newsfuse import lexicon
from newsfuse.extract.quantities.hedges import PREFIX_HEDGES, Hedge
from newsfuse.extract.quantities.numbers import ONES, TENS
from newsfuse.extract.quantities.records import (
    DASHES,
    MONTHS,
    Core,
    UnitSpan,
    Window,
    glued,
    number_value,
    token_in,
    word_at,
)
from newsfuse.extract.quantities.units import CURRENCY_PREFIX, UNITS, quantulum_unit

_TIME_WORDS: Final = lexicon.words("quantities", "time_words")
_ID_NOUNS: Final = lexicon.words("quantities", "id_nouns")
_AGE_WORDS: Final = lexicon.words("quantities", "age_words")
_AGE_ABBREVIATIONS: Final = lexicon.words("quantities", "age_abbreviations")
_CALIBRE_WORDS: Final = lexicon.words("quantities", "calibre_words")
_FIREARM_NOUNS: Final = lexicon.words("quantities", "firearm_nouns")
_TENURE_NOUNS: Final = lexicon.words("quantities", "tenure_nouns")
_BORES: Final = frozenset({"9", "10", "5.56", "7.62"})  # millimetres of common guns' bores
_PHONE_CUES: Final = lexicon.words("quantities", "phone_cues")
_STREET_WORDS: Final = lexicon.words("quantities", "street_words")
_GALLERY_WORDS: Final = lexicon.words("quantities", "gallery_words")
_BLOCK_WORDS: Final = lexicon.words("quantities", "block_words")
_POSITION_NOUNS: Final = lexicon.words("quantities", "position_nouns")
_POSITION_WORDS: Final = lexicon.words("quantities", "position_words")
_MOMENT_NOUNS: Final = lexicon.words("quantities", "moment_nouns")
_INSTANCE_NOUNS: Final = lexicon.words("quantities", "instance_nouns")
_COMPARING_WORDS: Final = lexicon.words("quantities", "comparing_words")
_EMERGENCY_WORDS: Final = lexicon.words("quantities", "emergency_number_words")
_PERSON_NOUNS: Final = lexicon.words("measures", "person_nouns")
_NON_HEAD_NOUNS: Final = lexicon.words("quantities", "non_head_nouns")
_CASUALTY_VERBS: Final = lexicon.words("quantities", "casualty_verbs")
_FATAL_ADVERBS: Final = lexicon.words("measures", "fatal_adverbs")
_HARM_STATES: Final = lexicon.words("quantities", "harm_states")
# NER labels of names: a number inside one after its first word is part of the name ("Route 66")
_NAME_LABELS: Final = frozenset(
    {"FAC", "PRODUCT", "ORG", "LAW", "WORK_OF_ART", "EVENT", "PERSON", "GPE", "LOC", "NORP"}
)
_CLOCK_RE: Final = re.compile(r"^\d{1,2}[:h]\d{2}$")


def skip_core(ctx: Window, core: Core, phones: list[tuple[int, int]]) -> bool:  # noqa: C901 - one pass over a rule table, read top to bottom
    """Numbers that are not reported quantities: dates, times, ordinals, identifiers, phones."""
    doc = ctx.doc
    first, last = doc[core.i], doc[core.j - 1]
    prev, nxt = token_in(ctx, core.i - 1), token_in(ctx, core.j)
    pw, nw = (prev.lower_ if prev is not None else ""), (nxt.lower_ if nxt is not None else "")
    if ctx.has_ents and any(doc[k].ent_type_ == "ORDINAL" for k in range(core.i, core.j)):
        return True
    if _CLOCK_RE.match(first.text) or nw in _TIME_WORDS:
        return True
    if nw == "/" and number_value(word_at(ctx, core.j + 1)) is not None:
        return True  # fractions and dates written 5/12
    if pw == "/" and number_value(word_at(ctx, core.i - 2)) is not None:
        return True  # the other side: "5/12", a gallery's "1 / 33"
    if core.digits:
        if pw in MONTHS or nw in MONTHS:
            return True
        if pw in (",",) and word_at(ctx, core.i - 2) and (word_at(ctx, core.i - 2) in MONTHS or
                                                      word_at(ctx, core.i - 3) in MONTHS):
            return True  # "May 5, 2017"
        if pw == "of" and word_at(ctx, core.i - 2) in MONTHS:
            return True
        s, e = first.idx, last.idx + len(last.text)
        if any(ps < e and s < pe for ps, pe in phones):
            return True
        # "F-16", "Su-24" when split, "COVID-19": a number glued after letters and a hyphen
        if prev is not None and prev.text in DASHES and glued(prev):
            before = token_in(ctx, core.i - 2)
            if before is not None and glued(before) and any(c.isalpha() for c in before.text) \
                    and before.lower_ not in ONES and before.lower_ not in TENS and before.lower_ != "mid":
                return True
        if prev is not None and prev.text in ("#", "№"):
            return True
        if nxt is not None and nxt.text in DASHES and glued(last) and glued(nxt):
            after = token_in(ctx, core.j + 1)
            if after is not None and after.text[:1].isalpha() and after.lower_ not in UNITS \
                    and after.lower_ not in ("plus", "odd", "strong", "strength") and after.lower_ not in ONES \
                    and after.lower_ not in TENS:
                return quantulum_unit(after.text, False) is None  # "7-Eleven", "24-hour" ok
    if prev is not None and pw in _ID_NOUNS and core.soft != "one":
        return True
    if core.digits and (_is_address(ctx, core) or _in_gallery_count(ctx, core) or nw in _BLOCK_WORDS
                        or _names_before(ctx, core)):
        return True  # "412 E. Pilot St.", "Image 3 of 16", "the 6600 block"
    if pw == "per":
        return True  # "12.4 deaths per 100,000 people": the base of a rate
    if nw in _POSITION_NOUNS and (word_at(ctx, core.j + 1) in _POSITION_WORDS or pw == "for"):
        return True  # "a few doors along", "four blocks from the depot", "chased for six blocks": where, not how many
    if first.lower_ == "one" and ((pw == "at" and nw in _MOMENT_NOUNS) or (pw == "in" and nw in _INSTANCE_NOUNS)):
        return True  # "at one point he fired", "in one case": when or which, not how many
    if nw == "times" and word_at(ctx, core.j + 1) in _COMPARING_WORDS:
        return True  # "nine times higher than expected": a ratio
    if first.text in {"911", "9-1-1"} and (nw in _EMERGENCY_WORDS or not _plural_after(ctx, core.j)):
        return True  # "several 911 calls", "[Caller: I need 911]": the emergency number, unless it counts things
    if prev is not None and prev.lower_ in _PHONE_CUES:
        return True
    # "Regiment 137", "Flight 370": a capitalised noun right before, nothing counted after
    if prev is not None and _looks_like_name_word(ctx, prev) and core.digits and not _plural_after(ctx, core.j):
        return True
    if ctx.has_ents:
        ent = first.ent_type_
        if ent in _NAME_LABELS and first.ent_iob_ == "I" and core.digits:
            return True
    return False


def _is_address(ctx: Window, core: Core) -> bool:
    """A house number: "412 E. Pilot St.", "953 W. Sahara Avenue", "13915 County Road 3" (capitalised
    words, initials or an ordinal between the number and a street word)."""
    for k in range(core.j, core.j + 5):
        tok = token_in(ctx, k)
        if tok is None:
            return False
        if k > core.j and tok.lower_ in _STREET_WORDS and tok.text[:1].isupper():
            return True
        if not (tok.text[:1].isupper() or tok.text[:1].isdigit()) or tok.is_sent_start:
            return False
    return False


def _names_before(ctx: Window, core: Core) -> bool:
    """A number that begins a name ("21 Pro Video", "7 Eleven Store"): a proper noun follows it and the
    phrase it belongs to is headed by a proper noun, not by what is counted ("2 Chicago officers")."""
    nxt = token_in(ctx, core.j)
    if not ctx.parsed or nxt is None or nxt.pos_ != "PROPN" or not nxt.text[:1].isupper():
        return False
    if nxt.ent_type_ in {"GPE", "NORP", "LOC"}:
        return False
    head = ctx.doc[core.j - 1].head
    return head.i > core.j - 1 and head.pos_ == "PROPN" and head.tag_ == "NNP"


def _in_gallery_count(ctx: Window, core: Core) -> bool:
    """"Image 3 of 16", "Photo 1 of / 11", "AP 10 of 10 Last Video": a picture's place in a gallery (a
    number of a number with nothing counted after it, but a gallery word or a capitalised caption)."""
    before = word_at(ctx, core.i - 1)
    if before in _GALLERY_WORDS:
        return word_at(ctx, core.j) == "of"
    after = token_in(ctx, core.j + 1)
    if word_at(ctx, core.j) == "of" and after is not None and after.text.isdigit():
        counted = token_in(ctx, core.j + 2)
        if counted is None or counted.lower_ in _GALLERY_WORDS or counted.text[:1].isupper():
            return True
    k = core.i - 2 if before == "/" else core.i - 1
    if word_at(ctx, k) != "of" or number_value(word_at(ctx, k - 1)) is None:
        return False
    counted = token_in(ctx, core.j)
    return word_at(ctx, k - 2) in _GALLERY_WORDS or (
        core.digits and word_at(ctx, k - 1).isdigit()
        and (counted is None or counted.text[:1].isupper() or counted.text[:1].isdigit()))


def is_age_apposition(ctx: Window, core: Core) -> bool:
    """A bare number that gives a person's age: set off after them ("Maria Lopez, 34,", "a boy, 15,
    died", "Kendra Cole, 28; Lee Hart, 20", "another teen, also 15", "Carl Ness, 27 both of Easton")
    or after "aged"/"ages" a few words before ("four women - aged 19, 26 and 33", "range in age from 19
    to 34")."""
    first = ctx.doc[core.j - 1]
    while ctx.parsed and first.dep_ == "conj" and first.head.i < first.i and first.head.like_num:
        first = first.head  # "aged 19, 26 and 33": the first of the list
    if any(word_at(ctx, k) in _AGE_WORDS | {"age", "ages"} and _only_list_words(ctx, k + 1, first.i)
           for k in range(first.i - 4, first.i)):
        return True  # (not "a 40-year-old man dead and five others": a person between the age and the number)
    k = core.i - 1  # a list of ages the parse broke up ("aged 18, 22, 25, and 30 - and one girl"): read the words
    while k > ctx.a and (word_at(ctx, k) in {",", "and"} or ctx.doc[k].text.isdigit()):
        k -= 1
    after = token_in(ctx, core.j)
    if k < core.i - 1 and word_at(ctx, k) in _AGE_WORDS | {"ages"} and (after is None or after.is_punct):
        return True  # a bare number ends the list: "aged 17, 19 and 20, and 3 more were hurt" counts 3
    if not ctx.parsed or not core.digits or word_at(ctx, core.j) == "of":
        return False  # an age set off is written in digits ("Maria Lopez, 34,"), not "two of them"
    if _after_name(ctx, core):
        return True
    tok = first
    if tok.dep_ not in {"appos", "npadvmod", "conj", "attr"} or tok.head.i == tok.i:
        return False
    person = tok.head
    return person.i < tok.i and (person.ent_type_ == "PERSON" or person.lemma_.lower() in _PERSON_NOUNS)


def _only_list_words(ctx: Window, start: int, end: int) -> bool:
    """Tokens start..end-1 hold no word of their own: punctuation, numbers, conjunctions and prepositions ("aged
    18, 23 and 31", "ages from 20 to 35")."""
    return all(ctx.doc[k].is_punct or ctx.doc[k].like_num or ctx.doc[k].pos_ in {"CCONJ", "ADP"}
               for k in range(max(start, ctx.a), end))


def _after_name(ctx: Window, core: Core) -> bool:
    """A number in digits set off by a comma right after a person's name, whatever the parse made of it:
    "Dana Ruiz, 31 and Carl Ness, 27 both of Easton were hurt" gives two ages, not a count."""
    k = core.i
    return k - 2 >= ctx.a and word_at(ctx, k - 1) == "," and ctx.doc[k - 2].ent_type_ == "PERSON" \
        and core.value is not None and core.value < 120


def _age_and_home(ctx: Window, core: Core) -> bool:
    """A person's age and home town run together after their name: "Dorian Vance, 24 of Millbrook" (not 24
    Millbrooks: "Carl Ness, 27, of Easton" written without its second comma)."""
    town = token_in(ctx, core.j + 1)
    return (word_at(ctx, core.j) == "of" and _after_name(ctx, core) and town is not None
            and town.text[:1].isupper() and (not ctx.tagged or town.pos_ == "PROPN"))


def _looks_like_name_word(ctx: Window, tok: Token) -> bool:
    text = tok.text
    if not any(c.isupper() for c in text) or not text.isalpha():
        return False  # "Regiment", "iPadOS"
    w = tok.lower_
    if w in MONTHS or w in CURRENCY_PREFIX or (w,) in PREFIX_HEDGES or w in ONES or w in TENS:
        return False
    if any(w == k[-1] for k in PREFIX_HEDGES):
        return False
    if ctx.tagged:
        if tok.pos_ not in ("PROPN", "NOUN"):
            return False
        return not (tok.is_sent_start and tok.pos_ == "NOUN" and w not in _ID_NOUNS) or text.isupper()
    return not tok.is_sent_start


def _plural_after(ctx: Window, k: int) -> bool:
    """A plural noun (or unit) within the next few tokens of the same noun phrase."""
    for off in range(0, 4):
        t = token_in(ctx, k + off)
        if t is None or t.is_punct and t.text not in DASHES:
            return False
        if t.lower_ in UNITS or t.tag_ in ("NNS", "NNPS"):
            return True
        if ctx.tagged and t.pos_ not in ("ADJ", "NOUN", "PROPN", "PUNCT", "ADV", "VERB"):
            return False
        if ctx.tagged and t.pos_ == "PROPN" and not t.text.isupper():
            return False  # "LC 500 Convertible": a model name goes on
        if not ctx.tagged and off > 0:
            return False
    return False


def is_age_or_compound(ctx: Window, core: Core, unit: UnitSpan | None, end_i: int) -> bool:
    """"20-year-old", "25 years old", "an 8 yo girl", "two-state", "five-member", "four-by-four", a calibre ("9mm
    handgun", ".40-caliber pistol", "12-gauge"): not reported quantities."""
    nxt = token_in(ctx, core.j)
    following = [word_at(ctx, k) or "" for k in range(end_i, end_i + 3)]
    if any("".join(following[:n]) in _AGE_ABBREVIATIONS for n in (1, 2, 3)) or _is_calibre(ctx, unit, end_i) \
            or _is_height(ctx, core, unit, end_i):
        return True  # "an 8 yo girl", "his 22 y/o son" (split "y", "/", "o")
    if unit is not None and unit.dimension == "duration":
        after = word_at(ctx, end_i)
        if after in DASHES and word_at(ctx, end_i + 1) in _AGE_WORDS:
            return True  # "a 20-year-old", "two 17-year-olds"
        return after in _AGE_WORDS or after in _TENURE_NOUNS  # "a 15-year veteran": a career, no event's time
    before, by = token_in(ctx, core.i - 1), token_in(ctx, core.i - 2)
    if before is not None and by is not None and before.text in DASHES and by.lower_ == "by" and glued(by) \
            and glued(before):
        return True  # the second number of "a four-by-four car", "a two-by-four": a kind of thing, no count
    if unit is None and nxt is not None and nxt.text in DASHES and glued(ctx.doc[core.j - 1]) and glued(nxt):
        after = word_at(ctx, core.j + 1)
        if after in ("plus", "odd", "strong", "strength"):  # "6.7-strength quake": a magnitude
            return False
        if after and after[:1].isalpha() and number_value(after) is None and after not in ONES and after not in TENS:
            return True
    return False


def _is_calibre(ctx: Window, unit: UnitSpan | None, end_i: int) -> bool:
    """A number that names a bore: before "caliber"/"gauge" ("a .40-caliber pistol", "12 gauge"), a small
    length right before a firearm noun ("a 9mm handgun", "9 mm rounds"), or a gun's bore that names the gun
    ("fired his 9-mm", "pulled a 9mm out": millimetres of a common bore, the head of its own phrase)."""
    k = end_i + 1 if word_at(ctx, end_i) in DASHES else end_i
    if word_at(ctx, k) in _CALIBRE_WORDS:
        return True
    if unit is None or unit.dimension != "length":
        return False
    if _firearm_ahead(ctx, end_i):
        return True
    last, k = ctx.doc[end_i - 1], unit.i - 1
    while k > ctx.a and ctx.doc[k].text in DASHES:
        k -= 1
    return unit.unit == "mm" and ctx.doc[k].text in _BORES and word_at(ctx, end_i) != "of" \
        and word_at(ctx, k - 1) in {"a", "the", "his", "her", "their", "my"} \
        and last.dep_ in {"dobj", "pobj", "nsubj"} and last.pos_ in {"NOUN", "PROPN", "NUM"}


_PHRASE_WORDS: Final = re.compile(r"[\w&.'’-]+")
_PHRASE_ENDS: Final = frozenset({"VERB", "AUX", "ADP", "DET", "PRON", "SCONJ"})
BORE_REACH = 5  # words after a length that may still be its noun phrase's, up to a gun ("9 mm Smith & Wesson pistol")


def _firearm_ahead(ctx: Window, end_i: int) -> bool:
    """Whether a firearm noun ends the phrase a length opens: "a 9mm handgun", "9 mm rounds", "a 9 mm,
    semi-automatic handgun", "his 9 millimeter Smith & Wesson pistol". Words are read as written (a hyphenated
    modifier is one word) up to ``BORE_REACH`` of them, and the phrase ends at a verb, a preposition, a determiner
    or a pronoun (another phrase: "100 yards from the rifle", "30 feet, the pistol still in his hand") or a stop."""
    end = end_i
    while end < min(ctx.b, end_i + 2 * BORE_REACH):
        tok = ctx.doc[end]
        if tok.pos_ in _PHRASE_ENDS or tok.text in {".", ";", ":", "(", ")", "!", "?"}:
            break
        end += 1
    if end == end_i:
        return False
    words = [w.lower().strip(".") for w in _PHRASE_WORDS.findall(ctx.doc[end_i:end].text)][:BORE_REACH]
    return any(w in _FIREARM_NOUNS for w in words)


def _is_height(ctx: Window, core: Core, unit: UnitSpan | None, end_i: int) -> bool:
    """Feet and inches of a person's height ("6 feet 2 inches tall", "6-feet 2-inches and 180 pounds"): feet
    followed by inches, or inches after feet."""
    if unit is None or unit.unit not in {"foot", "inch"}:
        return False
    ahead = [word_at(ctx, k) or "" for k in range(end_i, end_i + 4)]
    if unit.unit == "foot" and any(w.startswith("inch") for w in ahead):
        return True
    behind = [word_at(ctx, k) or "" for k in range(max(ctx.a, core.i - 3), core.i)]
    return unit.unit == "inch" and any(w in {"feet", "foot"} for w in behind)


def is_reported(ctx: Window, core: Core, unit: UnitSpan | None, currency: str | None,
              hedge: Hedge | None, counted_i: int | None) -> bool:
    """Last checks that need the whole picture: years, dates, "one", soft quantifiers."""
    measured = unit is not None or currency is not None
    if core.year_like and not measured and hedge is None:
        if counted_i is None or ctx.doc[counted_i].tag_ not in ("NNS", "NNPS"):
            return False
    if core.soft == "one" and not measured and counted_i is None and hedge is None and not _casualty_object(ctx, core) \
            and word_at(ctx, core.j) not in _FATAL_ADVERBS and not _one_in_a_harm_state(ctx, core):  # "one fatally"
        return False
    if core.soft == "one" and word_at(ctx, core.j) == "of":
        return False
    if counted_i is None and not measured and hedge is None and is_age_apposition(ctx, core):
        return False
    if not measured and hedge is None and _age_and_home(ctx, core):
        return False
    if not measured and core.value is not None and not float(core.value).is_integer() and counted_i is not None \
            and ctx.doc[counted_i].tag_ == "NNS":
        return False  # "12.4 deaths per 100,000": a rate, not a count (things counted are whole)
    if core.soft == "counted" and counted_i is None and word_at(ctx, core.j) != "of":
        return False
    if core.soft == "counted" and counted_i is not None and ctx.doc[counted_i].lemma_.lower() in _NON_HEAD_NOUNS:
        return False
    if core.soft == "of" and word_at(ctx, core.j) != "of":
        return False
    if core.soft == "of_or_noun" and word_at(ctx, core.j) != "of" and counted_i is None:
        return False
    if ctx.has_ents and not measured and counted_i is None and hedge is None:
        if any(ctx.doc[k].ent_type_ in ("DATE", "TIME") for k in range(core.i, core.j)):
            return False
    return True


def _one_in_a_harm_state(ctx: Window, core: Core) -> bool:
    """ "left one dead and two hurt", "One dead, two injured": a bare "one" told in the state a harm left it in
    (not a noun's adjective: "one dead end")."""
    if word_at(ctx, core.j) not in _HARM_STATES or (core.i > 0 and ctx.doc[core.i - 1].pos_ == "DET"):
        return False
    after = ctx.doc[core.j + 1] if core.j + 1 < len(ctx.doc) else None
    return after is None or after.pos_ not in {"NOUN", "PROPN"}


def _casualty_object(ctx: Window, core: Core) -> bool:
    """ "shot three people, killing one": a bare "one" that a casualty verb takes is a count of people."""
    tok = ctx.doc[core.i]
    if core.i > 0 and ctx.doc[core.i - 1].pos_ == "DET":
        return False  # "no one was hurt", "every one of them"
    return ctx.parsed and tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in _CASUALTY_VERBS


