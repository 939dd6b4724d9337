"""The words that tell what a number measures: the tables of ``lexicon/measures.toml`` (and a few of its
neighbours' lists) as ``extract.measures`` and ``extract.harms`` read them.

A measure is named by the lemmas listed under its label ("killed": kill, slay, dead …); a kind of thing
counted likewise ("militants": fighter, militant, gunman …). The first label listing a word keeps it.
"""

from __future__ import annotations

from typing import Final

from newsfuse import lexicon
from newsfuse.types import MeasureKind


def _by_word(groups: dict[str, str]) -> dict[str, str]:
    """{label: "word word …"} → {word: label}; the first label listing a word keeps it."""
    out: dict[str, str] = {}
    for label, words in groups.items():
        for word in words.split():
            out.setdefault(word, label)
    return out


MEASURES: Final = _by_word(lexicon.mapping("measures", "measures"))  # lemma -> the measure it names
DAMAGED: Final[MeasureKind] = "destroyed or damaged"
DOERS: Final[MeasureKind] = "involved"
"""The measure of those who did something to something ("two gunmen killed five people", "four men
rammed their car into the store"): not a count of what was done."""
SUBJECT_KINDS: Final = _by_word(lexicon.mapping("measures", "subject_kinds"))  # lemma -> kind of thing counted
EVENT_SUBJECTS: Final = lexicon.words("measures", "event_subjects")
PEOPLE_MEASURES: Final = lexicon.words("measures", "people_measures")
DWELLING_VERBS: Final = lexicon.words("measures", "dwelling_verbs")
RELOCATING_VERBS: Final = lexicon.words("measures", "relocating_verbs")
OUSTING_VERBS: Final = lexicon.words("measures", "ousting_verbs")
HOME_NOUNS: Final = lexicon.words("measures", "home_nouns")
MEASURE_NOUNS: Final = lexicon.mapping("measures", "measure_nouns")
PARENT_NOUNS: Final = lexicon.words("quantities", "parent_nouns")
REPORTING_VERBS: Final = lexicon.words("reporting", "reporting_verbs")
SETTLEMENT_NOUNS: Final = lexicon.words("places", "settlement_nouns")
VAGUE_NUMBER_NOUNS: Final = lexicon.words("measures", "vague_number_nouns")
HOSPITAL_NOUNS: Final = lexicon.words("measures", "hospital_nouns")
STOPPAGE_NOUNS: Final = lexicon.words("measures", "stoppage_nouns")
CARE_NOUNS: Final = lexicon.words("measures", "care_nouns")
WOUND_NOUNS: Final = lexicon.words("measures", "wound_nouns")
FINDING_VERBS: Final = lexicon.words("measures", "finding_verbs")
NAMING_VERBS: Final = lexicon.words("measures", "naming_verbs")
HIT_VERBS: Final = lexicon.words("measures", "hit_verbs")
STAYING_VERBS: Final = frozenset({"remain", "stay"})  # "four remain in the hospital", "two remain hospitalized"
TO_HOSPITAL_VERBS: Final = frozenset({"take", "send", "rush", "bring", "be", "admit", "treat", "fly"}) | STAYING_VERBS
# "the other three", "the remaining four": the rest of a set told before (read by scope too)
REST_WORDS: Final = lexicon.words("scopes", "rest_words")
DEATH_NOUNS: Final = lexicon.words("measures", "death_nouns")
CONDITION_NOUNS: Final = lexicon.words("measures", "condition_nouns")
CONDITION_ADJECTIVES: Final = lexicon.words("measures", "condition_adjectives")
SURVIVAL_VERBS: Final = lexicon.words("measures", "survival_verbs")
UNDERGOING_VERBS: Final = lexicon.words("measures", "undergoing_verbs")
LIGHT_VERBS: Final = lexicon.words("measures", "light_verbs")
ASPECT_VERBS: Final = lexicon.words("measures", "aspect_verbs")
EXPERIENCER_VERBS: Final = lexicon.words("measures", "experiencer_verbs")
LINKING_VERBS: Final = lexicon.words("measures", "linking_verbs")
COPULAS: Final = lexicon.words("measures", "copulas")
HARM_RANKS: Final = lexicon.sequence("measures", "harm_ranks")
FATAL_ADVERBS: Final = lexicon.words("measures", "fatal_adverbs")
PERSON_NOUNS: Final = lexicon.words("measures", "person_nouns")
LIVES: Final = frozenset({"life", "lives"})  # "lost their lives": a death
# "claimed the lives of three people", "took two lives", "cost him his life": a death dealt
LIFE_TAKING_VERBS: Final = frozenset({"take", "claim", "cost", "end"})
SEARCHING_VERBS: Final = frozenset({"look", "search", "hunt"})  # "looking for two men": those sought
EITHER_HARM: Final[MeasureKind] = "killed or injured"
"""The measure of a count told under two harms joined by "or" ("nine have been hurt or killed"): everyone
hit, some dead and some wounded, a toll of neither."""
HARM_MEASURES: Final = lexicon.words("measures", "harm_measures") | {EITHER_HARM}
PARTITIVE_PREPOSITIONS: Final = frozenset({"of", "in", "among", "including"})
# what "shot him three times" counts: shots, not people (no toll, whatever its verb)
TIMES_SUBJECTS: Final = frozenset({"time", "times"})
