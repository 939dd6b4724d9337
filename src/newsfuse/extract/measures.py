"""What a number measures and what it counts: "600 were killed" measures killed people.

The measure is the happening the number is about, read from the verb or adjective that governs the
counted thing ("civilians trapped in the city": trapped; "left 31,000 people dead": killed); a verb
with no kind of its own names the measure itself, as a participle ("31 ships were waiting":
waiting). The subject is the kind of thing counted, with people's categories collapsed ("fighters",
"militants": militants), or what a measured amount is of ("a fund of 400 million euros": fund), or
what lasted ("a three-year siege": siege). Two claims are one fact only when both agree.

The words are data: ``lexicon/measures.toml`` (labels and the lemmas that say them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from spacy.tokens import Token

from newsfuse.extract import wounds
from newsfuse.extract.harms import (
    graver,
    harm_after_the_list,
    harm_word_after,
    has_subject,
    lived_or_died,
    own_adjective,
    stated_harm,
    to_death,
)
from newsfuse.extract.measure_words import (
    ASPECT_VERBS,
    CARE_NOUNS,
    CONDITION_ADJECTIVES,
    CONDITION_NOUNS,
    COPULAS,
    DAMAGED,
    DEATH_NOUNS,
    DOERS,
    DWELLING_VERBS,
    EITHER_HARM,
    EXPERIENCER_VERBS,
    FATAL_ADVERBS,
    FINDING_VERBS,
    HARM_MEASURES,
    HARM_RANKS,
    HIT_VERBS,
    HOME_NOUNS,
    HOSPITAL_NOUNS,
    LIFE_TAKING_VERBS,
    LIGHT_VERBS,
    LINKING_VERBS,
    LIVES,
    MEASURE_NOUNS,
    MEASURES,
    OUSTING_VERBS,
    PARENT_NOUNS,
    PARTITIVE_PREPOSITIONS,
    PERSON_NOUNS,
    RELOCATING_VERBS,
    REPORTING_VERBS,
    REST_WORDS,
    SEARCHING_VERBS,
    SETTLEMENT_NOUNS,
    STAYING_VERBS,
    STOPPAGE_NOUNS,
    SUBJECT_KINDS,
    SURVIVAL_VERBS,
    TO_HOSPITAL_VERBS,
    UNDERGOING_VERBS,
    VAGUE_NUMBER_NOUNS,
    WOUND_NOUNS,
)
from newsfuse.inflection import participle
from newsfuse.types import Dimension, MeasureKind


def counts_kin(number: Token) -> bool:
    """ "a mother of 12": a person's children are counted as such, whatever the verb of the sentence."""
    of = number.head
    return of.lower_ == "of" and of.head.lemma_.lower() in PARENT_NOUNS and not any(
        c.dep_ == "pobj" for c in of.children if c.i != number.i)


def normalize_subject(counted: str | None) -> str | None:
    """The kind of thing counted, people's categories collapsed ("fighter" → "militants"), so claims
    that name one kind in two words are one fact."""
    if not counted:
        return None
    lemma = counted.lower()
    return SUBJECT_KINDS.get(lemma, lemma)


def _counted_token(number: Token, counted: str | None = None) -> Token:
    """The token of the thing counted: the noun with the counted lemma nearest after the number,
    else the first real noun up the tree from the number."""
    if counted:
        sent = number.sent
        matches = [t for t in sent if t.lemma_.lower() == counted.lower() and t.pos_ in {"NOUN", "PROPN"}]
        if matches:
            found = min(matches, key=lambda t: (t.i < number.i, abs(t.i - number.i)))
            # "three of the six guests were shot dead": the part is what the verb tells of, not the whole
            return number if found.dep_ == "pobj" and found.head.head.i == number.i else found
    if number.pos_ in {"PRON", "ADJ"} and not number.like_num:
        return number  # a victim counted without a number: "he was pronounced dead", "a 17-year-old died"
    if number.dep_ == "conj" and (any(c.dep_ in {"acl", "amod"} and _modifier_measure(c) in HARM_MEASURES
                                      for c in number.children) or harm_word_after(number, number) is not None):
        return number  # "left one clerk dead and two injured", the two joined to a noun before: their own harm
    tok = number
    for _ in range(4):
        if tok.pos_ in {"NOUN", "PROPN"} and not tok.like_num and tok.lemma_.lower() not in VAGUE_NUMBER_NOUNS:
            return tok
        if tok.pos_ in {"VERB", "AUX"}:
            break  # "the attack that killed one and wounded three": the three are the verb's, not the attack
        if tok.head is tok:
            break
        tok = tok.head
    return number


def _verb_measure(verb: Token, below: Token | None = None) -> str | None:
    """The measure a verb names, reading its objects where the verb alone says little. A verb with
    no measure of its own is named by itself: as a participle (``_as_participle``) when ``below``,
    the word on the path from the counted thing up to the verb, says which one; else its lemma."""
    lemma = verb.lemma_.lower()
    by_object = _survived(verb) or _object_measure(verb)
    if by_object is not None:
        return by_object
    if lemma == "take":
        if any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
            return DAMAGED
        return _as_participle(verb, below) if below is not None else lemma
    if to_death(verb):
        return "killed"  # "shot to death", "beaten to death"
    if lemma == "pass" and any(c.dep_ in {"prt", "advmod"} and c.lower_ == "away" for c in verb.children):
        return "killed"  # "she passed away on Tuesday"
    if lemma in LIGHT_VERBS:  # "left 31,000 people dead", "caused damage": the complement says what
        for child in verb.children:
            word = child.lemma_.lower()
            if child.dep_ in {"oprd", "acomp", "xcomp", "ccomp", "advcl"} and word in MEASURES:
                # "left one man fatally wounded": killed (not "... and two others with minor injuries")
                fatal = stated_harm(child) if below is None or below.dep_ != "conj" else None
                return fatal or MEASURES[word]
            if child.dep_ == "dobj" and word in MEASURE_NOUNS:
                return MEASURE_NOUNS[word]
    if lemma in ASPECT_VERBS:  # "began moving", "continued to shell": the action itself
        action = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if action is not None:
            return _verb_measure(action)
    if lemma == "hurt" and verb.tag_ == "VBG" and (
            not any(c.dep_ in {"dobj", "auxpass"} for c in verb.children)
            or any(c.dep_ == "aux" and c.lemma_.lower() == "be" for c in verb.children)):
        return "hurting"  # "the boy is still hurting", "he was hurting deep inside": a grief, no wound
    named = _named_measure(verb)
    if named is not None:
        return named
    if verb.pos_ == "VERB" and lemma not in REPORTING_VERBS:
        return _as_participle(verb, below) if below is not None else lemma
    return None


def _displaced(verb: Token) -> bool:
    """People moved ("3,000 residents had been moved to schools", not "he moved to New York") or put out of their
    homes ("forced hundreds of people from their homes", "were driven out of their houses") are displaced."""
    lemma = verb.lemma_.lower()
    if lemma in RELOCATING_VERBS:
        return any(c.dep_ == "auxpass" for c in verb.children)
    # (the parse may hang "from their homes" on the object: "forced hundreds of people from their homes")
    near = [*verb.children, *(g for c in verb.children if c.dep_ == "dobj" for g in c.children)]
    return lemma in OUSTING_VERBS and any(
        c.dep_ == "prep" and c.lower_ in {"from", "out"} and any(
            t.dep_ == "pobj" and t.lemma_.lower() in HOME_NOUNS for t in c.subtree) for c in near)


def _named_measure(word: Token) -> str | None:
    """The measure a word's lemma names (``MEASURES``); a blow to people by gunfire is a shooting ("was hit by a
    stray bullet", "fired into the crowd, striking four people", "three guests who were struck by
    gunfire"), by anything else what the verb says ("two cyclists were struck by a car": struck), no damage nor
    strike; people moved or put out of their homes are displaced (``_displaced``)."""
    if _displaced(word):
        return "displaced"
    lemma = word.lemma_.lower()
    if lemma in HIT_VERBS and wounds.hits_people(word):  # a blow by anything else to people: "hit", "struck"
        return "shot" if wounds.by_gunfire(word) else participle(lemma, False)
    return MEASURES.get(lemma)


def _reduced_passive(verb: Token, subject: Token) -> bool:
    """A past form with a subject but no auxiliary and nothing done to anyone, which headlines and captions use
    for the passive: "four people shot on Elm Street", "two men shot, one fatally" (not "two men shot a clerk",
    "they shot at him", "had shot")."""
    if subject.dep_ != "nsubj" or verb.tag_ not in {"VBD", "VBN"}:
        return False
    for child in verb.children:
        if child.dep_ in {"dobj", "aux", "auxpass", "prt", "dative", "ccomp", "xcomp"}:
            return False
        if child.dep_ == "prep" and child.lower_ == "at" and any(
                g.dep_ == "pobj" and (g.pos_ == "PRON" or g.lemma_.lower() in PERSON_NOUNS) for g in child.children):
            return False  # "shot at him", "shot at officers"
    return True


def _object_measure(verb: Token) -> str | None:
    """The measure a verb's objects say where the verb alone says little: "taken to hospital",
    "were on strike", "underwent surgery", "two are in critical condition"."""
    lemma = verb.lemma_.lower()
    objects = [c for c in verb.children if c.dep_ in {"dobj", "attr", "prep", "acomp"}]
    nouns = {t.lemma_.lower() for c in objects for t in c.subtree if t.pos_ == "NOUN"}
    if lemma == "admit" and not _to_hospital(objects) and _admitted_elsewhere(verb):
        return "admitted"  # "the country has admitted 90,000 refugees", "admitted to the bar"
    if (_to_hospital(objects) and lemma in TO_HOSPITAL_VERBS) or MEASURES.get(lemma) == "hospitalised" or (
            lemma in STAYING_VERBS and any(MEASURES.get(c.lemma_.lower()) == "hospitalised" for c in objects)):
        # "brought to the county hospital in serious condition", "hospitalized in fair condition": hurt, in that
        # condition
        return "injured" if _in_condition(objects) else "hospitalised"  # "taken to hospital", "were in hospital"
    if lemma in LIFE_TAKING_VERBS and any(c.dep_ == "dobj" and c.lemma_.lower() in LIVES for c in objects):
        return "killed"  # "claimed the lives of three people", "took two lives"
    if "custody" in nouns and lemma in {"take", "be", "remain", "hold", "place"}:
        return "captured"  # "five men were taken into custody"
    if nouns & STOPPAGE_NOUNS and lemma in {"be", "join", "go", "stay", "remain", "come"}:
        return "striking"  # "were on strike", "joined the stoppage"
    if nouns & CARE_NOUNS and lemma in EXPERIENCER_VERBS:
        if nouns & WOUND_NOUNS and lemma in UNDERGOING_VERBS and _as_found(verb):
            # "officers found three men suffering from gunshot wounds": everyone hit, as the police came upon
            # them (the dead among them: "..., one of them died there")
            return "shot"
        return "injured"  # "underwent surgery for gunshot wounds", "received treatment"
    if nouns & CONDITION_NOUNS and lemma in COPULAS | LINKING_VERBS | {"list"}:
        return "injured"  # "two are in critical condition", "was listed in stable condition"
    if lemma == "lose":
        lost = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if lost is not None and lost.lemma_.lower() not in LIVES and not _names_person(lost):
            return "lost"  # "lost his gun rights", "lost the use of an arm": no death
    return None


_ADMITTING_BODIES: Final = frozenset({"country", "nation", "government", "state", "school", "university", "college",
                                      "club", "program", "programme", "academy"})
_ADMITTED_INTO: Final = _ADMITTING_BODIES | {"bar"}  # "admitted to the bar" (a bar admits no one: its own word)


def _admitted_elsewhere(verb: Token) -> bool:
    """Whether "admit" lets people into somewhere else than a hospital: a country, a school or a club admits them
    ("the country admitted 90,000 refugees"), or the clause says so ("admitted to the academy", "to Canada");
    "admitted to Grady Memorial" is a hospital's name."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and (subject.ent_type_ in {"GPE", "NORP"} or subject.lemma_.lower() in _ADMITTING_BODIES):
        return True
    return any(c.dep_ == "prep" and c.lower_ in {"to", "into"} and any(
        g.dep_ == "pobj" and (g.lemma_.lower() in _ADMITTED_INTO or g.ent_type_ in {"GPE", "NORP"})
        for g in c.children) for c in verb.children)


def _to_hospital(objects: Sequence[Token]) -> bool:
    """Whether a verb's objects name a hospital: a hospital noun, or a hospital by its name ("Strong Memorial
    Hospital", "Area Medical Center", "the trauma center")."""
    told = [t for c in objects for t in c.subtree]
    words = {t.lower_ for t in told if t.pos_ in {"PROPN", "NOUN", "ADJ"}} | {t.lemma_.lower() for t in told
                                                                           if t.pos_ == "NOUN"}
    return bool(words & HOSPITAL_NOUNS) or bool(words & {"medical", "trauma"} and words & {"center", "centre"})


def _in_condition(objects: Sequence[Token]) -> bool:
    """Whether a verb's objects tell a condition a harm left someone in ("in critical condition")."""
    return any(t.lemma_.lower() in CONDITION_NOUNS
               and any(a.lemma_.lower() in CONDITION_ADJECTIVES for a in t.children)
               for c in objects for t in c.subtree)


def _survived(verb: Token) -> str | None:
    """"survived being shot": wounded."""
    if verb.lemma_.lower() in SURVIVAL_VERBS and any(
            c.dep_ in {"xcomp", "advcl", "pcomp"} and (c.lemma_.lower() == "shoot" or MEASURES.get(
                c.lemma_.lower()) in HARM_MEASURES) for c in verb.children):
        return "injured"
    return None


def _as_found(verb: Token) -> bool:
    """A verb that tells the state in which someone was found: "found two men suffering from wounds" (a
    participle on the found, or a clause the parse hung on "find")."""
    head = verb.head
    if verb.dep_ == "acl" and head.dep_ == "dobj":
        head = head.head
    return head.i != verb.i and head.lemma_.lower() in FINDING_VERBS and verb.dep_ in {"acl", "ccomp", "xcomp", "oprd"}


def _names_person(noun: Token) -> bool:
    """A noun that names a person: a person noun ("her child", "a son"), a name, or a pronoun."""
    return noun.lemma_.lower() in PERSON_NOUNS or noun.ent_type_ == "PERSON" or noun.pos_ in {"PROPN", "PRON"}


def _is_population(number: Token) -> bool:
    """"a population of 120,000", "home to 120,000 people", "which has about 200,000 residents"."""
    for tok in [number, *list(number.ancestors)[:4]]:
        lemma = tok.lemma_.lower()
        if lemma == "population" or (lemma == "home" and any(c.lower_ == "to" for c in tok.children)):
            return True
        if lemma in SETTLEMENT_NOUNS and tok.i < number.i and any(
                c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            return True  # "a city of 300,000 people", "a town of about 15,000"
        if lemma == "have" and tok.pos_ in {"VERB", "AUX"}:
            objects = [c for c in tok.children if c.dep_ == "dobj"]
            return any(o.lemma_.lower() in {"resident", "inhabitant", "people", "population"} for o in objects)
    return False


def _is_doer(counted: Token) -> bool:
    """The counted thing is the active subject of an action verb with an object or a particle."""
    if counted.dep_ != "nsubj" or counted.head.pos_ != "VERB":
        return False
    verb = counted.head
    if verb.lemma_.lower() in ASPECT_VERBS:  # "began moving the injured"
        verb = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), verb)
    lemma = verb.lemma_.lower()
    if lemma in REPORTING_VERBS | EXPERIENCER_VERBS | COPULAS | LIGHT_VERBS | LINKING_VERBS | UNDERGOING_VERBS:
        return False  # (the subject of "passed away", "sustained injuries" underwent it)
    if _verb_measure(verb) == "striking":  # "2,500 workers joined the strike": they are the strikers
        return False
    # an object, a particle ("made off"), or a participle used as a noun ("were evacuating injured"), of
    # the verb or of one joined to it that shares its subject ("a man shot and killed his neighbour"); not
    # oneself ("the gunman shot himself": who did it is who it befell)
    if wounds.reflexive_verb(counted) is not None:
        return False
    shared = [c for c in verb.conjuncts if c.i > verb.i and not has_subject(c)]
    return any(c.dep_ in {"dobj", "prt"} or (c.dep_ == "xcomp" and c.tag_ in {"VBN", "JJ"})
               for v in (verb, *shared) for c in v.children)


def measure_of(number: Token, dimension: Dimension, counted_lemma: str | None = None) -> MeasureKind | str | None:
    """The happening a number is about: the verb or adjective that governs the counted thing."""
    return measure_and_predicate(number, dimension, counted_lemma)[0]


def measure_and_predicate(number: Token, dimension: Dimension,
                          counted_lemma: str | None = None) -> tuple[MeasureKind | str | None, Token | None]:
    """The happening a number is about and the word that says it (the verb, adjective or noun whose
    clause decides whether it happened: "was not injured", "could have killed"); None when no word
    of the sentence says it. Living, staying or remaining somewhere is being trapped only for civilians
    (``DWELLING_VERBS``): "two brothers live above the shop" are people living there."""
    measure, predicate = _measure_and_predicate(number, dimension, counted_lemma)
    if measure == "trapped" and predicate is not None and (verb := predicate.lemma_.lower()) in DWELLING_VERBS \
            and normalize_subject(counted_lemma or _counted_token(number).lemma_) != "civilians":
        # the state they stay in, where told ("two schools will stay closed"), else the verb ("living")
        state = next((c for c in predicate.children if c.dep_ == "acomp" and c.pos_ in {"ADJ", "VERB"}), None)
        return (MEASURES.get(state.lemma_.lower(), state.lower_) if state is not None else participle(verb, True)), \
            predicate
    return measure, predicate


def _measure_and_predicate(number: Token, dimension: Dimension,
                           counted_lemma: str | None) -> tuple[MeasureKind | str | None, Token | None]:
    if dimension == "duration":
        return "duration", None
    if counted_lemma and counted_lemma.lower() in DEATH_NOUNS:
        return "killed", None  # "four deaths"
    if _is_population(number):
        return "population", None
    counted = _counted_token(number, counted_lemma)
    undergone = _undergone(counted)
    if undergone is not None:
        return undergone
    if any(c.dep_ == "advmod" and c.lower_ in FATAL_ADVERBS for c in (*number.children, *counted.children)):
        return "killed", number.head  # "three were shot, one fatally", "two of them fatally"
    own = own_adjective(number)
    if own is not None:  # "Two dead, two critical and nine others injured": each number's own word
        return ("injured" if own.lemma_.lower() in CONDITION_ADJECTIVES else MEASURES[own.lemma_.lower()]), own
    after = harm_word_after(number, counted) or harm_after_the_list(counted)
    if after is not None:
        return after
    modified = next(((_shared_harm(c, measure), c) for c in counted.children
                     if c.dep_ in {"acl", "relcl", "amod"} and (measure := _modifier_measure(c)) is not None
                     and befalls(c)), None)
    if modified is not None:  # "civilians trapped in the city", "terrorists killed"
        if counted.dep_ == "pobj" and counted.head.dep_ == "agent":  # "the call was made by two wounded men"
            return DOERS, counted.head.head
        # ... unless its own verb tells worse: "a man wounded Friday died" (or the verb of the subject it is
        # set beside: "Easton - a teenager wounded Friday died", a dateline the parse took for the subject)
        holder = counted.head if counted.dep_ == "appos" else counted
        if holder.dep_ in {"nsubj", "nsubjpass"}:
            measure, predicate = _walk(holder)
            if predicate is not None and predicate.i == holder.head.i and graver(measure, modified[0]):
                return measure, predicate
        return modified
    found = next((c for c in counted.children if c.dep_ == "acl" and c.pos_ == "VERB" and befalls(c)
                  and _object_measure(c) == "shot"), None)
    if found is not None:  # "they found three victims suffering from gunshot wounds"
        return "shot", found
    if _is_doer(counted):
        return DOERS, counted.head
    if counted.dep_ == "pobj" and counted.head.dep_ == "agent":  # "he was shot by two men": they did it
        return DOERS, counted.head.head
    return _walked(counted)


def _walked(counted: Token) -> tuple[str | None, Token | None]:
    """The measure the verb up the tree from the counted thing tells of it (``_walk``), read again where the
    sentence tells more (``lived_or_died``)."""
    measure, predicate = _walk(counted)
    if measure == "shot" and predicate is not None and predicate.lemma_.lower() in HIT_VERBS \
            and not wounds.may_be_hurt(counted):  # "bullets struck two cars and a man": the cars were not shot
        return lived_or_died(MEASURES.get(predicate.lemma_.lower()), predicate)
    if measure in HARM_MEASURES and _partitive_whole(counted):
        return None, None  # "three of the six guests were shot dead": the harm befell the three
    if measure == DAMAGED and predicate is not None and predicate.lemma_.lower() == "affect" \
            and any(t.lemma_.lower() in _PEOPLE_WORDS for t in (counted, *_of_whom(counted))):
        return "affected", predicate  # people are not damaged: "the outage affected 40,000 customers"
    return lived_or_died(measure, predicate)


_PEOPLE_WORDS: Final = PERSON_NOUNS | {"people"}


def _of_whom(counted: Token) -> list[Token]:
    """What an "of" after a counted word names ("millions of people": people)."""
    return [g for c in counted.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
            if g.dep_ == "pobj"]


def _undergone(counted: Token) -> tuple[str, Token] | None:
    """A harm told of people where the verb alone would not say it befell them: a death named by a noun ("charged
    in the shooting death of a teen": killed) or what they did to themselves ("the boy got hold of the gun and
    fatally shot himself": undergone, as if passive), or people told with their wounds (``wounds.wounded_as``)."""
    killing = wounds.death_named(counted)
    if killing is not None:
        return "killed", killing
    wound = wounds.with_wounds(counted)
    wounded = wounds.wounded_as(counted) if wound is not None else None
    if wound is not None and wounded is not None:
        return wounded, wound  # "left a driver dead and five others with gunshot wounds"
    oneself = wounds.reflexive_verb(counted)
    if oneself is not None:
        lemma = oneself.lemma_.lower()
        return stated_harm(oneself) or MEASURES.get(lemma) or participle(lemma, False), oneself
    return None


def _modifier_measure(word: Token) -> str | None:
    """The measure a participle or relative clause names of the noun it modifies: its verb's ("civilians trapped",
    "a teen who died"), or a harm its passive participle names ("a man shot on Elm Street", "a boy who was shot")."""
    lemma = word.lemma_.lower()
    if word.dep_ == "amod" and word.lower_ in REST_WORDS:
        return None  # "the remaining four were taken to hospital": the rest of them, not the trapped
    named = _named_measure(word)
    if named is not None:
        return named
    passive = word.tag_ == "VBN" and (word.dep_ in {"acl", "amod"} or any(c.dep_ == "auxpass" for c in word.children))
    named = participle(lemma, False) if passive else None
    if named in HARM_MEASURES and to_death(word):
        return "killed"  # "a teen who was shot to death"
    return named if named in HARM_MEASURES else None


def befalls(clause: Token) -> bool:
    """Whether a participle or relative clause tells what befell the noun it modifies ("a man killed
    Sunday", "a man who was shot", "a teen who died"), not what someone else underwent ("the hospital
    where he died") or what the noun did ("the shooter, who also wounded a clerk")."""
    for child in clause.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and child.tag_ not in {"WP", "WDT"}:
            return False
        if child.dep_ == "nsubj" and clause.lemma_.lower() not in UNDERGOING_VERBS and not any(
                c.dep_ in {"acomp", "oprd"} for c in clause.children):
            return False
    return True


def _partitive_whole(counted: Token) -> bool:
    """The whole of a partitive ("four of the five victims", "one of the four"): what the verb tells
    befell the part."""
    return counted.dep_ == "pobj" and counted.head.lower_ == "of" and counted.head.head.like_num


def _walk(counted: Token) -> tuple[str | None, Token | None]:
    """The measure of the first verb (or adjective of a measure) up the tree from the counted thing. A
    harm reached through a preposition other than a partitive's is not the counted thing's ("was shot
    after a shoot-out with three officers"), and a clause whose subject the counted thing is ends the
    walk when its verb says nothing ("he and several officers responded", "four people were the
    targets")."""
    if counted.pos_ in {"NOUN", "PROPN"} and counted.dep_ == "conj" and counted.head.pos_ in {"VERB", "AUX"} \
            and counted.head.i < counted.i and has_subject(counted.head) and counted.lemma_.lower() not in MEASURES \
            and any(t.pos_ == "VERB" for t in counted.doc[counted.i + 1 : counted.sent.end]):
        # a later clause's subject the parse joined to an earlier verb ("a cook died and three waiters, thought to be
        # staff, underwent surgery"; not "... and two hurt"): the later verb tells, where the parse hung the first on it
        later = counted.head.head
        if later.i > counted.i and later.pos_ == "VERB" and (measure := _verb_measure(later, counted)) is not None:
            return measure, later
        return None, None
    tok, below = counted, counted
    aside = False  # passed through "with …", "after …": the counted thing is not the verb's patient
    for _ in range(8):  # "30 percent to 45 percent of the homes in four hamlets were damaged"
        if tok is not counted and tok.pos_ == "NOUN" and tok.lemma_.lower() in MEASURE_NOUNS:
            return MEASURE_NOUNS[tok.lemma_.lower()], tok
        if (tok.pos_ in {"VERB", "AUX"} and tok.dep_ != "prep") \
                or (tok.pos_ == "ADJ" and tok.lemma_.lower() in MEASURES):
            # (a participle the parse took for a preposition tells nothing: "wounding five, including two
            # bystanders" is what befell the two)
            measure = stated_harm(tok, below.dep_ != "conj") or _verb_measure(tok, below)
            if measure is not None:
                return (None, None) if aside and measure in HARM_MEASURES else (_shared_harm(tok, measure), tok)
            if below.dep_ == "nsubj":
                break
        if tok.dep_ == "pobj" and tok.head.lower_ not in PARTITIVE_PREPOSITIONS:
            aside = True
        if tok.head is tok or (tok.dep_ == "conj" and has_subject(tok)):
            break  # "two are dead and two are in critical condition": a clause of its own ends the walk
        tok, below = tok.head, tok
    return None, None


def _shared_harm(word: Token, measure: str) -> str:
    """The gravest harm among a word and the verbs joined to it that share its subject: "two men were
    shot and killed" were killed, "was shot and wounded" injured; a joined verb with a subject of its
    own ("one was killed and two were wounded") tells of someone else; two harms joined by "or" ("were hurt
    or killed") are neither toll (``EITHER_HARM``)."""
    best = measure
    if not any(c.dep_ == "cc" for w in (word, *word.conjuncts) for c in w.children):
        return best  # no "and" nor "or": the parse joined two clauses ("have been charged …, wounded")
    for conj in word.conjuncts:
        if conj.i < word.i or conj.pos_ not in {"VERB", "ADJ"}:
            continue
        suffered = _object_measure(conj) if conj.pos_ == "VERB" else None
        suffered = suffered if suffered in HARM_RANKS else None  # "was hit and suffered serious injuries"
        if has_subject(conj) or (suffered is None and any(c.dep_ == "dobj" for c in conj.children)):
            break  # a new clause, or a verb with its own object ("injuring six and killing another")
        found = suffered or stated_harm(conj) or MEASURES.get(conj.lemma_.lower())
        if any(c.dep_ == "cc" and c.lower_ in {"or", "nor"} for c in word.children):
            # "were hurt or killed": some one, some the other; the count is of neither toll
            return EITHER_HARM if found in HARM_RANKS and found != measure and measure in HARM_RANKS else best
        if found is not None and graver(found, best):
            best = found
    return best


def _as_participle(verb: Token, below: Token) -> str:
    """A verb with no measure of its own, named as a participle with its particle: "31 ships were
    waiting" -> "waiting" (the counted things do it), "turned down three invitations" -> "turned
    down" (it was done to them), "four people shot on Elm Street" -> "shot" (a harm told in a headline's
    passive)."""
    active = below.dep_ == "nsubj" and not any(c.dep_ == "auxpass" for c in verb.children) and not (
        participle(verb.lemma_.lower(), False) in HARM_MEASURES and _reduced_passive(verb, below))
    lemma = verb.lemma_.lower()
    if lemma == "be":
        return "present"  # "there were about 100 people inside"
    if lemma == "open" and any(c.dep_ == "dobj" and c.lemma_.lower() == "fire" for c in verb.children):
        return "fired on"  # "opened fire on seven people": those fired on, not those hit
    if verb.lower_ == "got" and any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children):
        return "had"  # "I've got three kids": had, as "has three kids"
    if lemma in SEARCHING_VERBS and below.dep_ == "prep" and below.lower_ == "for":
        return "sought"  # "police are looking for two suspects": those sought, not those who looked
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    word = participle(lemma, active)
    return f"{word} {particle}" if particle else word
