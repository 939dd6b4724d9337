"""Speakers named by a pronoun or a generic head ("He said", "It added", "the statement says").

A person pronoun takes the person most recently named in a speaking role: the last person speaker, or
a person named since as the subject of a clause ("Lt. Dana Reyes urged anyone with information to
call. 'It's hard to pin down,' he said"), as the agent of a passive ("identified by his aunt, Kim
Barnett") or as the one something is "according to". A person named as the one a harm befell or as
an object ("Manuel O'Neal was killed", "her nephew was Manuel O'Neal", "shot John Lee") is not one
who speaks. A pronoun that has once stood for a person fixes that person's gender for the article, so
"she" never resolves to whom "he" stood for, and the other way round. "It" and a generic head ("the
statement") take the last body or document that spoke.

The words are data: ``lexicon/reporting.toml`` (pronouns, generic speakers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from spacy.tokens import Doc, Span

from newsfuse import lexicon
from newsfuse.extract.memo import doc_ents
from newsfuse.types import Attribution

GENERIC_SPEAKERS: Final = lexicon.words("reporting", "generic_speakers")
PERSON_PRONOUNS: Final = lexicon.words("reporting", "person_pronouns")
THING_PRONOUNS: Final = lexicon.words("reporting", "thing_pronouns")
UNDERGOING_VERBS: Final = lexicon.words("measures", "undergoing_verbs")
MALE_PRONOUNS: Final = frozenset({"he", "him"})
_SPEAKING_ROLES: Final = frozenset({"nsubj", "poss", "ROOT"})
_NAME_PARTS: Final = frozenset({"compound", "flat", "appos"})


def resolve_references(doc: Doc, own: list[Attribution | None]) -> list[Attribution | None]:
    """Each sentence's attribution with its pronoun or generic speaker replaced by the one it stands for."""
    last_person: Attribution | None = None
    last_thing: Attribution | None = None
    genders: dict[str, str] = {}  # a person's key -> "he" or "she", once a pronoun has stood for them
    resolved: list[Attribution | None] = []
    for attribution in own:
        if attribution is None or attribution.speaker_text is None:
            resolved.append(attribution)
            continue
        words = attribution.speaker_text.lower().split()
        if len(words) == 1 and words[0] in PERSON_PRONOUNS:
            gender = "he" if words[0] in MALE_PRONOUNS else "she"
            antecedent = _person_antecedent(doc, attribution.speaker_start, last_person, gender, genders)
            if antecedent is not None and antecedent.speaker_text:
                genders[_key(antecedent.speaker_text)] = gender
            attribution = _inherit(attribution, antecedent)
        elif words and (len(words) == 1 and words[0] in THING_PRONOUNS or words[-1] in GENERIC_SPEAKERS and
                        words[0] in {"the", "this", "that", "its", "their", "a"}):
            attribution = _inherit(attribution, last_thing)
        if attribution.speaker_start is not None and attribution.speaker_end is not None:
            span = doc.char_span(attribution.speaker_start, attribution.speaker_end, alignment_mode="expand")
            if span is not None and any(t.ent_type_ == "PERSON" for t in span):
                last_person = attribution
            elif (attribution.speaker_text or "").lower() not in PERSON_PRONOUNS:
                last_thing = attribution
        resolved.append(attribution)
    return resolved


def _key(text: str) -> str:
    """A person's key: the last word of their name ("Lt. Dana Reyes" and "Reyes" are one)."""
    return text.lower().split()[-1] if text.split() else ""


def _person_antecedent(doc: Doc, offset: int | None, last_person: Attribution | None, gender: str,
                       genders: dict[str, str]) -> Attribution | None:
    """The person a pronoun of ``gender`` stands for: the later of the last person speaker and the last
    person named in a speaking role before ``offset``, skipping anyone the other pronoun stood for."""
    def fits(text: str | None) -> bool:
        return text is not None and genders.get(_key(text), gender) == gender

    candidates = [a for a in (last_person, _person_before(doc, offset, fits)) if a is not None and fits(a.speaker_text)]
    return max(candidates, key=lambda a: a.speaker_start or -1, default=None)


def _person_before(doc: Doc, offset: int | None, fits: Callable[[str | None], bool]) -> Attribution | None:
    """The person named last before an offset in a speaking role ("Papandreou … He said" → Papandreou)."""
    if offset is None:
        return None
    for ent in reversed([e for e in doc_ents(doc) if e.label_ == "PERSON" and e.end_char <= offset]):
        if _speaking_role(ent) and fits(ent.text):
            return Attribution(ent.text, ent.start_char, ent.end_char)
    return None


def _speaking_role(ent: Span) -> bool:
    """A person named as a clause's subject, a possessor ("George Papandreou's plans"), a passive's
    agent, or the one something is according to; not one a harm befell or an object ("was killed",
    "shot John Lee", "her nephew was Manuel", "arrived at Wishard")."""
    tok = ent.root
    for _ in range(4):
        if tok.dep_ not in _NAME_PARTS or tok.head is tok:
            break
        tok = tok.head
    if tok.dep_ in _SPEAKING_ROLES:
        return tok.head.lemma_.lower() not in UNDERGOING_VERBS  # not "Jefferson, who died"
    return tok.dep_ == "pobj" and (tok.head.dep_ == "agent" or (
        tok.head.lower_ == "to" and tok.head.head.lower_ == "according"))


def _inherit(attribution: Attribution, antecedent: Attribution | None) -> Attribution:
    if antecedent is None:
        return attribution
    return Attribution(antecedent.speaker_text, antecedent.speaker_start, antecedent.speaker_end,
                       attribution.via or antecedent.via)
