"""Harm told of people by more than a verb (read by ``extract.measures``).

A blow to people by gunfire is a shooting: "was hit by a stray bullet", "gunfire struck two men", "fired into the
crowd, striking four people" are people shot, where "struck by a car" or "bullets struck two houses" are not.
People told "with" their wounds are the wounded beside the dead ("left a driver dead and five others with gunshot
wounds") or, come upon so, everyone hit ("found three men with gunshot wounds").

A death named by a noun ("the shooting death of Jo Lee") befell whom its "of" names, and what someone did to
themselves ("the boy fatally shot himself") befell them.

The words are data: ``lexicon/measures.toml`` (projectile_nouns, firing_verbs, wound_nouns,
killing_nouns).
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Token

from newsfuse import lexicon

_PROJECTILE_NOUNS: Final = lexicon.words("measures", "projectile_nouns")
_FIRING_VERBS: Final = lexicon.words("measures", "firing_verbs")
_WOUND_NOUNS: Final = lexicon.words("measures", "wound_nouns")
_FINDING_VERBS: Final = lexicon.words("measures", "finding_verbs")
_ASPECT_VERBS: Final = lexicon.words("measures", "aspect_verbs")
_PERSON_NOUNS: Final = lexicon.words("measures", "person_nouns")
REFLEXIVES: Final = frozenset({"himself", "herself", "themselves"})
KILLING_NOUNS: Final = lexicon.words("measures", "killing_nouns")
_ATTEMPT_WORDS: Final = frozenset({"attempted", "attempt"})
# every word of a kind of people or things counted ("soldiers", "children", "workers")
_KIND_WORDS: Final = frozenset(w for words in lexicon.mapping("measures", "subject_kinds").values()
                               for w in words.split())


def by_gunfire(verb: Token) -> bool:
    """A blow ("hit", "struck") to people by gunfire: the blow's agent or subject is what a gun sends ("hit by a
    stray bullet", "gunfire struck two men", "were hit in a hail of bullets"), or the blow has no doer of
    its own and is told of firing ("fired several shots, striking four people", "opened fire and struck seven
    victims", "were hit when someone opened fire"). Not a blow by anything else ("struck by a car", "hit him
    with a bat"), nor one dealt by someone named beside a shooting ("police shot him after he struck an
    officer"), nor to no one ("bullets struck two houses")."""
    if not hits_people(verb):
        return False
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "with"):
            return _told_of_projectile(child)  # "by a stray bullet" (not "by a car"), "with a bat"
        if child.dep_ == "nsubj":
            return _told_of_projectile(child)  # "a stray bullet hit the child" (not "he struck an officer")
    if any(c.dep_ == "prep" and _told_of_projectile(c) for c in verb.children):
        return True  # "were hit in the crossfire"
    if any(c.dep_ == "advcl" and _firing(c) for c in verb.children):
        return True  # "were hit when someone opened fire"
    word = verb
    for _ in range(4):  # up through the clause the blow hangs on: "fired ..., missing him and hitting a girl"
        if word.dep_ not in {"advcl", "xcomp", "conj", "acl", "pcomp", "pobj", "prep"} or word.head is word:
            return False
        word = word.head
        if word.pos_ in {"VERB", "AUX"} and (_firing(word) or _has_subject(word)):
            return _firing(word)
    return False


def hits_people(verb: Token) -> bool:
    """Whether a blow befell people: its object, its passive subject, or the noun its participle modifies
    ("four people hit by gunfire"), or one joined to them, may name people hurt."""
    patients = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        patients.append(verb.head)
    return any(may_be_hurt(t) for p in patients for t in (p, *p.conjuncts))


def may_be_hurt(patient: Token) -> bool:
    """A word that may name people hurt: a person noun, a kind of people, a pronoun, a name or a number."""
    lemma = patient.lemma_.lower()
    return (lemma in _PERSON_NOUNS or lemma in _KIND_WORDS or patient.pos_ in {"PRON", "NUM"}
            or patient.ent_type_ == "PERSON")


def _told_of_projectile(phrase: Token) -> bool:
    return any(t.lemma_.lower() in _PROJECTILE_NOUNS and t.pos_ in {"NOUN", "PROPN"} for t in phrase.subtree)


def _firing(verb: Token) -> bool:
    """A verb of firing a gun ("fired eight times", "opened fire", "shots were fired", "the round went through
    the wall")."""
    lemma = verb.lemma_.lower()
    if lemma in _ASPECT_VERBS:  # "began firing in the hall and hit six people"
        return any(c.dep_ == "xcomp" and _firing(c) for c in verb.children)
    if lemma in _FIRING_VERBS or (lemma == "open" and any(c.dep_ == "dobj" and c.lemma_.lower() == "fire"
                                                           for c in verb.children)):
        return True
    return any(c.dep_ in {"nsubj", "nsubjpass"} and _told_of_projectile(c) for c in verb.children)


def with_wounds(counted: Token) -> Token | None:
    """The wound noun of people told "with" their wounds ("six others with gunshot wounds", "four victims with
    minor injuries"), or None."""
    for prep in counted.children:
        if prep.dep_ == "prep" and prep.lower_ == "with":
            wound = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if wound is not None and wound.lemma_.lower() in _WOUND_NOUNS:
                return wound
    return None


def wounded_as(counted: Token) -> str | None:
    """What people told with their wounds underwent: the wounded beside others ("left a driver dead and five others
    with gunshot wounds": injured; the verb's harm is the first people's), or everyone hit as the police came upon
    them ("found three men with gunshot wounds": shot, the dead among them). None where the verb tells what
    became of some of them ("four victims with gunshot wounds were flown to Memorial": those taken there)."""
    if counted.dep_ == "conj":
        return "injured"
    if counted.dep_ == "dobj" and counted.head.lemma_.lower() in _FINDING_VERBS:
        return "shot"
    return None


def reflexive_verb(subject: Token) -> Token | None:
    """The verb a subject did to themselves ("the boy fatally shot himself", "he got the gun and shot himself"):
    the subject's verb, or one joined to it without a subject of its own, whose object is a reflexive; None
    otherwise."""
    if subject.dep_ != "nsubj" or subject.head.pos_ != "VERB":
        return None
    verb = subject.head
    for v in (verb, *(c for c in verb.conjuncts if c.i > verb.i and not _has_subject(c))):
        if any(c.dep_ == "dobj" and c.lower_ in REFLEXIVES for c in v.children):
            return v
    return None


def death_named(person: Token) -> Token | None:
    """The noun of a death whose "of" names this person or people ("the shooting death of Jo Lee", "the murder of
    two teens"), or None; not an attempt ("the attempted murder of a clerk")."""
    if person.dep_ != "pobj" or person.head.lower_ != "of":
        return None
    noun = person.head.head
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in KILLING_NOUNS or any(
            c.dep_ == "amod" and c.lower_ in _ATTEMPT_WORDS for c in noun.children):
        return None
    return noun


def _has_subject(word: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in word.children)
