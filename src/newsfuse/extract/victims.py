"""Victims counted without a number: "a cyclist was shot dead" tells one person killed.

Local news seldom writes "one person was killed": it names the victim ("a cyclist was shot dead",
"a teen died at the hospital", "the victim, 23, was pronounced dead", "a three-year-old boy has
died", "police said Maria Lopez was killed"). Such a victim is a count of one (two for "a man and a
woman"), and the count's words are the victim's noun phrase, so the claim points at a real span of
the sentence ("A man", "The victim", "A three-year-old boy").

What makes a victim is the parse, not the phrasing: a person noun phrase (a person noun, a
"17-year-old", a name, "he"/"she") in the singular, with no number of its own, whose role in its
clause is the one a harm befalls (the passive subject of "kill", "shoot", "pronounce dead"; the
object of "kill"; the subject of "die" or of "be dead"), or that a participle of harm modifies ("a
man killed in the crossfire"). This module only finds such noun phrases (``victim_mentions``); what
they measure is read by ``extract.measures`` like any other count: a victim is kept only when the
word that governs it names a harm (``implicit_measures``) told as having happened.

The words are data: ``lexicon/measures.toml`` (person nouns, pronouns, determiners that are not one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from spacy.tokens import Doc, Span, Token

from newsfuse import lexicon
from newsfuse.extract.attribution import REPORTING_VERBS
from newsfuse.extract.clauses import told_as_happened
from newsfuse.extract.measure_words import TIMES_SUBJECTS
from newsfuse.extract.measures import befalls, measure_and_predicate
from newsfuse.extract.memo import doc_text, entity_at
from newsfuse.extract.scope import ALSO_CUE, PARTIAL_CUES, SCENE_CUE
from newsfuse.extract.wounds import death_named, reflexive_verb
from newsfuse.types import THIS_EVENT, Quantity, QuantityInContext, QuantityMention

PERSON_NOUNS: Final = lexicon.words("measures", "person_nouns")
PRONOUN_VICTIMS: Final = lexicon.words("measures", "person_pronoun_victims")
# one more person told after people of the sentence ("one man was killed and another wounded")
ONE_MORE_PRONOUNS: Final = frozenset({"another"})
NOT_ONE: Final = lexicon.words("measures", "not_one_determiners")
IMPLICIT_MEASURES: Final = lexicon.words("measures", "implicit_measures")
UNDERGOING_VERBS: Final = lexicon.words("measures", "undergoing_verbs")
MALE_NOUNS: Final = lexicon.words("measures", "male_person_nouns")
FEMALE_NOUNS: Final = lexicon.words("measures", "female_person_nouns")
FATAL_MEASURES: Final = frozenset({"killed"})
HURT_MEASURES: Final = frozenset({"injured", "shot"})  # the harms of the wounded
SHOT_MEASURES: Final = frozenset({"shot"})
GENERIC_VICTIMS: Final = frozenset({"victim", "person"})  # nouns any victim is named by
# first words of a victim's phrase that is not a name ("The victim", "A man", "He")
NOT_NAME_STARTS: Final = frozenset({"a", "an", "the", "this", "that"}) | PRONOUN_VICTIMS
_NP_DEPS: Final = frozenset({"det", "amod", "compound", "poss", "nmod", "npadvmod", "nummod", "punct"})


def victim_mentions(sent: Span, taken: Sequence[QuantityMention]) -> list[QuantityMention]:
    """The person noun phrases of a sentence that may be victims counted without a number, as
    quantities of 1 (or of the people coordinated: "a man and a woman" is 2) whose span is the
    noun phrase. Phrases that overlap a number already read (``taken``) are left to it."""
    out: list[QuantityMention] = []
    for tok in sent:
        if not _is_person(tok) or tok.dep_ == "conj" or not (
                death_named(tok) is not None or (_may_be_patient(tok) and _harmed(tok))) or _one_of_several(tok):
            continue
        people = [tok, *(c for c in tok.conjuncts if c.i > tok.i)]
        people += _along_with(tok)
        if not all(_is_person(p) and _is_one(p) for p in people) or _a_list(tok) or any(
                c.dep_ == "cc" and c.lower_ in {"or", "nor"} for p in people for c in p.children):
            continue  # "his brother or a friend": one of them
        start, end = _phrase_start(tok), _phrase_end(people[-1])
        doc = sent.doc
        start_c, end_c = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        text = doc_text(doc)[start_c:end_c]
        if any(m.start < end_c and start_c < m.end for m in taken) or "\n" in text:
            continue  # a number already read; a phrase run across page furniture
        count = float(len(people))
        counted = _counted(tok)
        quantity = Quantity(text=text, value=count, low=count, high=count, unit=counted or "", qualifier="exact")
        out.append(QuantityMention(start=start_c, end=end_c, quantity=quantity, counted=counted, dimension="count",
                                   implicit=True))
    return out


# "including X", "among them X", "along with X": X is one of a group the sentence tells of as a whole
_MEMBER_OF: Final = frozenset({"including", "among"})
_ALONG: Final = frozenset({"along", "together"})


def _one_of_several(tok: Token) -> bool:
    """A person told as one of a group ("four people were hit, including a boy who was critically wounded";
    "he was driven to the hospital along with Jo Lee, who had been injured"): a member, not a count of one.
    One who died still counts ("three were taken to the hospital, including the victim who died"): the dead are
    singled out of the hurt, and a larger toll of the dead makes them one of it anyway."""
    holder = tok
    while holder.dep_ in {"appos", "conj"} and holder.head.i != holder.i:
        holder = holder.head
    if holder.dep_ != "pobj":
        return False
    prep = holder.head
    member = prep.lower_ in _MEMBER_OF or (prep.lower_ == "with" and prep.head.lower_ in _ALONG)
    return member and measure_and_predicate(tok, "count", _counted(tok))[0] not in FATAL_MEASURES


def _along_with(tok: Token) -> list[Token]:
    """The people a victim's harm befell "along with" them ("her son was seriously injured along with another
    adult": two hurt), when each is one person; none otherwise."""
    verb = tok.head if tok.dep_ in {"nsubjpass", "nsubj"} else None
    if verb is None:
        return []
    for along in verb.children:
        if along.dep_ == "prep" and along.lower_ in _ALONG:
            with_ = next((c for c in along.children if c.dep_ == "prep" and c.lower_ == "with"), None)
            joined = next((c for c in with_.children if c.dep_ == "pobj"), None) if with_ is not None else None
            if joined is not None:
                people = [joined, *joined.conjuncts]
                return people if all(_is_person(p) and _is_one(p) for p in people) else []
    return []


def _harmed(tok: Token) -> bool:
    """Whether the word that governs a person says a harm befell them that happened: the verb the
    person is the subject or object of, or the participle or relative clause that modifies them (not
    a verb further up: "he was at a cookout when shots killed his friend")."""
    measure, predicate = measure_and_predicate(tok, "count", _counted(tok))
    if measure not in IMPLICIT_MEASURES or predicate is None:
        return False
    holder = tok.head if tok.dep_ == "appos" else tok  # "Easton - a teenager wounded Friday died"
    return (predicate.i == holder.head.i or predicate.head.i == tok.i or predicate == reflexive_verb(tok)) \
        and told_as_happened(predicate)


def one_person(tok: Token) -> bool:
    """A word that names one person ("he", "Garcia", "the man", "a 17-year-old"), not a number of people."""
    return _is_person(tok) and _is_one(tok)


def _is_person(tok: Token) -> bool:
    """A word that names one person: a person noun, a name, "he"/"she", "a 17-year-old"."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PRON":
        return tok.lower_ in PRONOUN_VICTIMS or (tok.lower_ in ONE_MORE_PRONOUNS and _one_more_of(tok))
    if tok.pos_ == "NOUN" and lemma in PERSON_NOUNS:
        return True
    if tok.pos_ == "PROPN" and tok.ent_type_ == "PERSON":
        return True
    if tok.pos_ in {"PROPN", "NOUN"} and tok.text[:1].isupper() and tok.ent_type_ not in _PLACE_LABELS \
            and tok.text in _person_name_words(tok.doc):
        return True  # "Deemer was shot": one word of a name the article gives whole ("Issac Deemer") elsewhere
    return _year_old(tok)


def _one_more_of(tok: Token) -> bool:
    """"Another" told after people of its sentence, one more of them ("one man was killed and another wounded"),
    not another member of a set the sentence took one of ("one of the victims was shot inside and another
    outside": both are the victims)."""
    before = [t for t in tok.sent if t.i < tok.i and t.pos_ == "NOUN"
              and (t.lemma_.lower() in PERSON_NOUNS or t.lower_ == "people")]
    return bool(before) and not (before[-1].dep_ == "pobj" and before[-1].head.lower_ == "of")


_PLACE_LABELS: Final = frozenset({"GPE", "LOC", "FAC"})
_NAME_WORDS_KEY: Final = "newsfuse.person_name_words"


def _person_name_words(doc: Doc) -> frozenset[str]:
    """The words of the names of people the document's entities give (computed once per document)."""
    words = doc.user_data.get(_NAME_WORDS_KEY)
    if words is None:
        words = frozenset(t.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e
                          if t.text[:1].isupper())
        doc.user_data[_NAME_WORDS_KEY] = words
    return words


def _year_old(tok: Token) -> bool:
    """ "a 17-year-old", "the 3-year-old": an age used as a noun."""
    return tok.lower_ in {"old", "year-old"} and tok.i >= 2 and tok.doc[tok.i - 2].lemma_.lower() == "year"


def _is_one(tok: Token) -> bool:
    """One person, not a number of them: singular, with no number and no determiner that makes it
    none, every or another one ("no one", "each victim", "another man")."""
    if tok.tag_ in {"NNS", "NNPS"}:
        return False
    for child in tok.children:
        if child.dep_ in {"det", "amod"} and child.lower_ in NOT_ONE:
            return False  # "no one", "each victim"
        if child.dep_ in {"nummod", "quantmod"} and not _year_old(tok):
            return False
    return True


def _a_list(tok: Token) -> bool:
    """A list of people the parse took for one and its appositions ("Kendra Cole, 28; Lee Hart, 20;
    and Jim Sands, 30, were wounded"): not one victim, and not a count the parse can give."""
    return any(c.dep_ == "appos" and (any(g.dep_ == "conj" for g in c.children) or any(
        t.text == ";" for t in c.subtree)) for c in tok.children) or any(
        c.text == ";" for c in tok.children)


def _may_be_patient(tok: Token) -> bool:
    """The role a harm's victim has in its clause: the subject of a passive ("was shot and killed",
    "was pronounced dead") or of a verb whose subject undergoes it ("died", "is dead", "remains in
    critical condition"), the object of an active verb ("a gunman killed a man"), or a noun that a
    participle or relative clause of its own modifies ("a man killed Sunday", "a man who was shot").
    Whether the verb is a harm is for ``extract.measures`` to read."""
    head = tok.head
    if tok.dep_ in {"nsubjpass", "dobj"} and head.pos_ == "VERB":
        return head.lemma_.lower() not in REPORTING_VERBS
    if reflexive_verb(tok) is not None:
        return True  # "the boy fatally shot himself": who did it is who it befell
    if tok.dep_ == "nsubj" and head.pos_ in {"VERB", "AUX"}:
        return head.lemma_.lower() in UNDERGOING_VERBS or any(
            c.dep_ in {"acomp", "oprd", "prep"} for c in head.children)
    return any(c.dep_ in {"acl", "relcl"} and befalls(c) for c in tok.children)


def _phrase_start(tok: Token) -> int:
    """The first token of a person's noun phrase: its determiner and modifiers, not what follows."""
    left = [c.left_edge.i for c in tok.children if c.dep_ in _NP_DEPS and c.i < tok.i]
    if tok.ent_type_ == "PERSON" and tok.ent_iob_ != "B":  # a name NER spans: its first word
        left.append(entity.start if (entity := entity_at(tok)) is not None else tok.i)
    start = min([tok.i, *left])
    doc = tok.doc
    while start < tok.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start


def _phrase_end(tok: Token) -> int:
    """The token after a person's noun phrase: the end of a name NER spans, else the head word."""
    if tok.ent_type_ == "PERSON":
        return entity.end if (entity := entity_at(tok)) is not None else tok.i + 1
    return tok.i + 1


def _counted(tok: Token) -> str | None:
    """What a victim counts: a person noun's lemma ("man", "victim"); None for a name, a pronoun or
    an "X-year-old" (people, as for "two were killed")."""
    return tok.lemma_.lower() if tok.pos_ == "NOUN" else None


def settle_victims(sentences: Sequence[Sequence[QuantityInContext]]) -> list[tuple[QuantityInContext, ...]]:
    """An article's victims counted without a number, kept only where the article does not tell of
    more or of the same person dying: a lone "the man was pronounced dead" is one of the dead when the
    article says "two people were killed" (a number of that harm that is not one), names two dead
    people or tells of one more ("another man died"); "the boy was wounded" is the boy who died when the
    article tells that a boy was killed; and a lone "a man was shot" is, in an article that tells of someone
    killed, most likely that person (the count of the shot would take the dead for the wounded). A wounded
    victim that a later "he" or "she" told dead stands for, and "the victim" wounded where the article tells
    of one person killed, are the one who died too."""
    flat = [q for quantities in sentences for q in quantities]
    flat, one_more_dropped, one_more_kept = _one_more(flat)
    told_already = one_more_dropped | _sums_told(flat)  # positions the article tells otherwise
    dropped = {m for m in IMPLICIT_MEASURES if _more_told(flat, m)}
    # "a man was pronounced dead ... another man died later at the hospital": the first is one
    # of several, no toll of their own ("X also shot him" may be the same victim hit again)
    several = [k for k in one_more_dropped if flat[k].scope.cue != ALSO_CUE and flat[k].scope.kind == "event"]
    dropped |= {m for k in several for m in _family(flat[k].measure)}
    # a lone victim beside victims told together ("a man and a woman were hurt ... the woman is in fair condition")
    lone_dropped = {q.measure for q in flat if q.mention.implicit and (q.mention.quantity.low or 0) > 1
                    and q.scope.kind == "event"}
    dead = [q for q in flat if q.measure in FATAL_MEASURES]
    if dead:
        dropped |= SHOT_MEASURES
    elif (dropped | lone_dropped) & SHOT_MEASURES:
        dropped.add("injured")  # no one died: the wounded are the shot, and more than one was shot
    dead_words = {w for q in dead if q.mention.implicit for w in _person_words(q.mention)}
    who_died = _told_dead_after(flat) | _the_one_dead(flat, dead)
    sentence_of = [n for n, quantities in enumerate(sentences) for _ in quantities]
    # counts that turn out a part of the toll: others beside a wounded victim, and those found or dead at the scene
    # beside a larger toll
    parts: dict[int, tuple[str, str | None]] = {
        n: ("others", "other") for n in _others_beside_wounded(flat, sentence_of, who_died, dead_words)}
    found_of_more = _found_of_more(flat)
    parts |= {n: (flat[n].scope.cue or "", flat[n].scope.cue) for n in found_of_more}
    earlier = _found_before_more_died(flat, sentence_of, found_of_more)
    kept: list[tuple[QuantityInContext, ...]] = []
    k = 0
    for quantities in sentences:
        kept.append(tuple(
            replace(q, scope=q.scope.reread("part", parts[n][0], parts[n][1]))
            if n in parts else replace(q, scope=replace(q.scope, earlier=True)) if n in earlier else q
            for n, q in enumerate(flat[k:k + len(quantities)], start=k) if n not in told_already and not (
                q.mention.implicit and n not in one_more_kept and (
                    q.measure in dropped or n in who_died
                    or (q.measure in lone_dropped and q.mention.quantity.low == 1 and q.scope.kind == "event")
                    or (q.measure not in FATAL_MEASURES and _person_words(q.mention) & dead_words)))))
        k += len(quantities)
    return kept


def _found_of_more(flat: Sequence[QuantityInContext]) -> set[int]:
    """The counts of those found or dead at the scene, or of the wounded who died (positions in ``flat``), where the
    article tells a larger toll of the same harm: a part of it ("found three men shot dead" beside "five
    people were killed")."""
    def low(q: QuantityInContext) -> float:
        return q.mention.quantity.low or 0

    return {n for n, q in enumerate(flat) if q.scope.cue in PARTIAL_CUES and q.scope.kind == "event" and any(
        o.measure == q.measure and o.scope.kind == "event" and o.scope.cue not in PARTIAL_CUES and low(o) > low(q)
        for o in flat)}


def _found_before_more_died(flat: Sequence[QuantityInContext], sentence_of: Sequence[int],
                            found_of_more: set[int]) -> set[int]:
    """The counts of the wounded found at a scene where the article tells more dead than were found dead there
    (positions in ``flat``): some of them died later, so theirs is an earlier count, which the article's toll
    of the wounded revises ("found two people shot dead and three wounded" beside "four people were killed
    and one wounded")."""
    scenes = {sentence_of[n] for n in found_of_more if flat[n].measure in FATAL_MEASURES}
    return {n for n, q in enumerate(flat) if q.measure in HURT_MEASURES and q.scope.cue == SCENE_CUE
            and q.scope.kind == "event" and sentence_of[n] in scenes}


def _sums_told(flat: Sequence[QuantityInContext]) -> set[int]:
    """The sums of a list ("a woman and two men were shot": 3) whose count the article also writes as a number
    ("shot three people"): the number tells it already."""
    return {n for n, q in enumerate(flat) if q.mention.summed and any(
        not o.mention.summed and not o.mention.implicit and o.measure == q.measure and o.scope.kind == "event"
        and o.mention.quantity.low == q.mention.quantity.low for o in flat)}


def _one_more(flat: Sequence[QuantityInContext]) -> tuple[list[QuantityInContext], set[int], set[int]]:
    """The victims told as one more ("another man was wounded", "a second person was hurt"): one more of several
    where the article told of the same harm before (dropped: their positions come second), else the one victim
    of their harm (kept whatever else the article tells: third), and, told shot beside the dead, one of the
    wounded: hit, and not dead (the quantities, first)."""
    out = list(flat)
    drop: set[int] = set()
    keep: set[int] = set()
    any_dead = any(q.measure in FATAL_MEASURES for q in flat)
    for k, q in enumerate(flat):
        if not (q.mention.implicit and q.scope.others and q.measure in IMPLICIT_MEASURES):
            continue
        if any(p.measure in _family(q.measure) for p in flat[:k]):
            drop.add(k)
            continue
        if q.scope.cue == ALSO_CUE:
            continue  # harmed "too" with no one told before: a victim like any other
        keep.add(k)
        if q.measure in SHOT_MEASURES and any_dead:
            out[k] = replace(q, measure="injured")
    return out, drop, keep


def _family(measure: str | None) -> frozenset[str]:
    """The harms one more victim adds to: the wounded's (injured or shot) or the measure's own."""
    return HURT_MEASURES if measure in HURT_MEASURES else frozenset({measure} if measure else ())


def _others_beside_wounded(flat: Sequence[QuantityInContext], sentence_of: Sequence[int], who_died: set[int],
                           dead_words: set[str] | frozenset[str]) -> set[int]:
    """The counts of "others" wounded (positions in ``flat``) that are others than a wounded victim the article
    named before them, so a part of the wounded, not their toll: "the guard was shot in the chest … two
    others were wounded" tells three wounded. Others told beside the dead ("one was killed and two others
    were wounded") are the toll of the wounded, unless a wounded victim is told beside them too ("a woman was
    shot and her baby killed in a shooting that injured four other people": five wounded). A lone victim told
    shot counts only in the same sentence or where the article tells no death (elsewhere the one shot may be the
    one who died)."""
    any_dead = any(q.measure in FATAL_MEASURES for q in flat)
    out: set[int] = set()
    for k, q in enumerate(flat):
        if not (q.scope.others and q.scope.kind == "event" and not q.mention.implicit and q.measure == "injured"):
            continue
        wounded = [j for j, p in enumerate(flat[:k]) if p.mention.implicit and j not in who_died
                   and not _person_words(p.mention) & dead_words
                   and (p.measure == "injured" or (p.measure in SHOT_MEASURES and (
                       not any_dead or sentence_of[j] == sentence_of[k])))]
        if any(p.measure in FATAL_MEASURES and sentence_of[j] == sentence_of[k] for j, p in enumerate(flat)) \
                and not any(sentence_of[j] == sentence_of[k] for j in wounded):
            continue  # "killed one and wounded five others": others than the dead
        if wounded:
            out.add(k)
    return out


def _told_dead_after(flat: Sequence[QuantityInContext]) -> set[int]:
    """The victims (positions in ``flat``) a later "he" or "she" told dead stands for: "a farmer was hit in the
    crossfire … he died on Sunday" is the farmer, who died. The pronoun
    stands for the nearest victim before it that it can name (not "she" for a man)."""
    out: set[int] = set()
    for k, q in enumerate(flat):
        pronoun = q.mention.quantity.text.lower()
        if not (q.mention.implicit and q.measure in FATAL_MEASURES and pronoun in PRONOUN_VICTIMS):
            continue
        before = next((j for j in range(k - 1, -1, -1) if flat[j].mention.implicit
                       and flat[j].mention.start < q.mention.start and _may_be(flat[j].mention, pronoun)), None)
        if before is not None and flat[before].measure not in FATAL_MEASURES:
            out.add(before)
    return out


def _may_be(mention: QuantityMention, pronoun: str) -> bool:
    """Whether "he" or "she" can stand for a victim: one not named by a noun or pronoun of the other sex."""
    word = mention.counted or mention.quantity.text.lower()
    sex = "he" if word in MALE_NOUNS else "she" if word in FEMALE_NOUNS else None
    return sex is None or sex == pronoun


def _the_one_dead(flat: Sequence[QuantityInContext], dead: Sequence[QuantityInContext]) -> set[int]:
    """In an article that tells of one person killed, "the victim", "a victim" or "the only person" told wounded is
    that person ("a woman died overnight … troopers had found the victim bleeding from a wound to the chest"), and
    so is a wounded "he" or "she" who may be them."""
    if not dead or any(q.mention.quantity.low is None or q.mention.quantity.low > 1 for q in dead):
        return set()
    return {k for k, q in enumerate(flat)
            if q.mention.implicit and q.measure not in FATAL_MEASURES and not q.scope.others
            and ((q.mention.counted in GENERIC_VICTIMS
                  and all(w.lower() in {"a", "an", "the", "only"} for w in q.mention.quantity.text.split()[:-1]))
                 or _he_or_she_of(q.mention, dead))}


def _he_or_she_of(mention: QuantityMention, dead: Sequence[QuantityInContext]) -> bool:
    """A wounded "he" or "she" in an article that tells of one person killed, who may be that person ("Dana Reyes
    died on Friday ... she was brought to the hospital in grave condition")."""
    pronoun = mention.quantity.text.lower()
    return pronoun in PRONOUN_VICTIMS and all(_may_be(d.mention, pronoun) for d in dead if d.mention.implicit)


def _more_told(flat: Sequence[QuantityInContext], measure: str) -> bool:
    """Whether an article tells of more than one person under a harm: a number of its people that is not one
    (of this event: not a city's toll, another shooting's or a count of shots), or two victims counted
    without a number whose names share no word."""
    for q in flat:
        low = q.mention.quantity.low
        if q.measure == measure and not q.mention.implicit and q.mention.dimension == "count" and \
                low is not None and low > 1 and q.scope.kind in THIS_EVENT and q.subject not in TIMES_SUBJECTS:
            return True
    names = [_name_words(q.mention.quantity.text) for q in flat if q.mention.implicit and q.measure == measure]
    named = [n for n in names if n]
    return any(not a & b for i, a in enumerate(named) for b in named[i + 1:])


def _person_words(mention: QuantityMention) -> frozenset[str]:
    """What tells one victim from another: the words of a name, else the person noun ("boy")."""
    if mention.counted is not None:
        return frozenset({mention.counted}) if mention.counted not in GENERIC_VICTIMS else frozenset()
    return _name_words(mention.quantity.text)


def _name_words(text: str) -> frozenset[str]:
    """The words of a person's name ("Officer Dana Reyes" -> dana, reyes, officer); empty for a phrase
    that is not a name ("the victim", "A 17-year-old", "He")."""
    words = text.split()
    if not words or words[0].lower() in NOT_NAME_STARTS or not all(w[:1].isupper() for w in words):
        return frozenset()
    return frozenset(w.lower().strip(".,") for w in words)


def others_in_hospital(quantities: tuple[QuantityInContext, ...]) -> tuple[QuantityInContext, ...]:
    """Others taken to hospital beside the dead are wounded: "one man is dead and three others are hospitalized"
    is at least three injured (some wounded may not have gone; taken to hospital alone, the count may hold some who
    died there)."""
    return tuple(
        replace(q, measure="injured", mention=_at_least(q.mention)) if q.measure == "hospitalised"
        and q.scope.others and any(o.measure == "killed" and o.mention.start < q.mention.start for o in quantities)
        else q
        for q in quantities)


def _at_least(mention: QuantityMention) -> QuantityMention:
    """A count as a lower bound: "three" in hospital are at least three hurt."""
    q = mention.quantity
    if q.low is None or q.qualifier != "exact":
        return mention
    return replace(mention, quantity=replace(q, high=None, qualifier="at_least"))
