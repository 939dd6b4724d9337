"""A quantity in its sentence: what it measures, what it counts, where, and whether it reports anything.

``contextualize`` is the step between the quantity reader (``extract.quantities``: a number and its
words) and the claims stage (a claim with its source): for each quantity of a sentence it asks
``extract.measures`` what happened and to what, ``extract.places`` where, and
``extract.attribution`` who said it when the sentence's reporting clauses disagree; and it drops
numbers that report nothing new (reporting windows, clock times, back-references, idioms,
general statements, counts of the speakers themselves).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from spacy.tokens import Doc, Span, Token

from newsfuse import lexicon
from newsfuse.extract.attribution import REPORTING_VERBS, clause_attribution
from newsfuse.extract.clauses import told_as_happened
from newsfuse.extract.measure_words import (
    CONDITION_ADJECTIVES,
    EVENT_SUBJECTS,
    HARM_MEASURES,
    MEASURES,
    PEOPLE_MEASURES,
    TIMES_SUBJECTS,
)
from newsfuse.extract.measures import counts_kin, measure_and_predicate, normalize_subject
from newsfuse.extract.memo import doc_text
from newsfuse.extract.places import place_in_clause, reference_place, settlement_named, speaker_place
from newsfuse.extract.scope import (
    INCREMENT_WORDS,
    ONE_MORE_WORDS,
    OTHER_WORDS,
    PART_NOUNS,
    clause_head,
    counted_noun,
    counts_others,
    counts_people,
    plural_of,
    scope_of,
)
from newsfuse.extract.subjects import WINDOW_WORDS, doer, duration_subject, measured_subject
from newsfuse.extract.victims import HURT_MEASURES, one_person, others_in_hospital, victim_mentions
from newsfuse.types import COUNTED_AS_SUCH, Quantity, QuantityInContext, QuantityMention

BACK_REFERENCE: Final = lexicon.words("measures", "back_reference")
CLOCK_WORDS: Final = lexicon.words("measures", "clock_words")
GENERIC_MODALS: Final = lexicon.words("measures", "generic_modals")
QUAKE_NOUNS: Final = lexicon.words("measures", "quake_nouns")
FATAL_ADVERBS: Final = lexicon.words("measures", "fatal_adverbs")
NOT_VICTIMS: Final = lexicon.words("measures", "not_victims")
MEMBER_NOUNS: Final = lexicon.words("measures", "member_nouns")
CONDITION_WORDS: Final = lexicon.words("scopes", "condition_words")
_WOUNDED: Final = frozenset({"injured"})


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    if root.pos_ in {"VERB", "AUX"}:  # a hedge that is a verb phrase: "thought to be worth 3 million euros"
        first = next((t for t in span if t.i > root.i and (t.like_num or t.tag_ == "CD")), None)
        if first is not None:
            return doc[first.i: span.end].root
    return root


def contextualize(doc: Doc, sent: Span, mentions: Sequence[QuantityMention],
                  fallback_place: str | None, harm_place: str | None = "") -> tuple[QuantityInContext, ...]:
    """Add measure, subject kind, place and source to each quantity of a sentence that reports something,
    and count the victims it names without a number ("a man was shot and killed": one killed);
    ``fallback_place`` is the place the article was last talking about, ``harm_place`` the last it told harm
    could have happened at (not where someone was arrested; None: none told yet; "", the default: the same)."""
    speaker = speaker_place(sent)
    context = speaker or fallback_place
    found = sorted([*mentions, *victim_mentions(sent, mentions)], key=lambda m: m.start)
    quantities = _with_those_named(
        doc, tuple(q for m in found if (q := _in_context(doc, sent, m, context)) is not None), found)
    quantities = _the_rest_by_condition(_told_apart(doc, _everyone_hit(doc, others_in_hospital(
        _list_totals(doc, _one_span_for_a_list(doc, _counts_on_one_noun(doc, quantities)), found)))))
    harm_context = speaker or harm_place
    if harm_place == "" or harm_context == context:
        return quantities
    return tuple(replace(q, context_place=harm_context) if q.measure in HARM_MEASURES else q for q in quantities)


_FINITE_TAGS: Final = frozenset({"VBD", "VBZ", "VBP", "MD"})
_LIST_GAP_TOKENS: Final = 6  # "a clerk dead and three customers hurt": the words between two counts of one list


def _one_span_for_a_list(doc: Doc, quantities: tuple[QuantityInContext, ...]) -> tuple[QuantityInContext, ...]:
    """The harms one list tells ("two shootings that left a clerk dead and three customers hurt") count over one
    span: where a wider total's or another event's cue reached one count of the list and the parse hung the harm
    elsewhere ("three customers" taken for the subject of a later verb; "3 killed and 5 arrested in 4 days", the
    days hung on the arrests), the cue holds for the harm too."""
    told_apart = [q for q in quantities if q.scope.kind in {"wider", "other"} and q.measure is not None]
    if not told_apart:
        return quantities
    out = []
    for q in quantities:
        if q.scope.kind == "event" and q.measure in _TOLD_APART:
            beside = next((o for o in told_apart if _one_list(doc, o, q)), None)
            if beside is not None:
                q = replace(q, scope=beside.scope)
        out.append(q)
    return tuple(out)


def _one_list(doc: Doc, a: QuantityInContext, b: QuantityInContext) -> bool:
    """Two counts joined as one list: a few words apart, an "and" or a comma between, and no verb that
    starts a statement of its own ("one dead and four wounded", not "one died, and police said four ...")."""
    first, second = sorted((a, b), key=lambda q: q.mention.start)
    if first.mention.end >= second.mention.start or "\n" in doc_text(doc)[first.mention.end:second.mention.start]:
        return False
    between = doc.char_span(first.mention.end, second.mention.start, alignment_mode="contract")
    words = list(between) if between is not None else []
    return (0 < len(words) <= _LIST_GAP_TOKENS and any(t.lower_ in {"and", ","} for t in words)
            and not any(t.tag_ in _FINITE_TAGS or t.is_punct and t.text not in {","} for t in words))


def _counts_on_one_noun(doc: Doc, quantities: tuple[QuantityInContext, ...]) -> tuple[QuantityInContext, ...]:
    """Counts that share one noun, each with its own word ("hit two male and four female guests", however
    the parse hangs "male"), are groups of one list: parts, and their sum a toll of its own."""
    out = list(quantities)
    nouns: dict[int, list[tuple[int, Token]]] = {}
    for k, q in enumerate(quantities):
        number = _token_at(doc, q.mention.start, q.mention.end)
        shared = _shared_noun(number) if number is not None and q.measure in _TOLD_APART else None
        if shared is not None:
            nouns.setdefault(shared[0].i, []).append((k, shared[1]))
    for noun_i, parts in nouns.items():
        noun = doc[noun_i]
        if len(parts) < 2 or len({quantities[k].measure for k, _ in parts}) > 1 or any(
                quantities[k].mention.quantity.low is None for k, _ in parts):
            continue
        for k, own in parts:
            q = quantities[k]
            out[k] = replace(q, scope=q.scope.reread("part", f"{own.lower_} {plural_of(noun)}", "and"))
        first = quantities[parts[0][0]]
        start, end = first.mention.start, noun.idx + len(noun.text)
        total = sum(quantities[k].mention.quantity.low or 0.0 for k, _ in parts)
        out.append(_sum_of(doc, first, start, end, total))
    return tuple(sorted(out, key=lambda q: q.mention.start))


def _sum_of(doc: Doc, q: QuantityInContext, start: int, end: int, total: float) -> QuantityInContext:
    """A toll of the event's people that the words start..end tell as a sum (``QuantityMention.summed``), in the
    clause of ``q``, one of its counts."""
    quantity = Quantity(text=doc_text(doc)[start:end], value=total, low=total, high=total, unit="people",
                        qualifier="exact")
    mention = QuantityMention(start=start, end=end, quantity=quantity, counted="people", summed=True)
    return replace(q, mention=mention, subject="people", scope=q.scope.reread())


def _shared_noun(number: Token) -> tuple[Token, Token] | None:
    """(noun, own word) of a number counted by a word of its own on a noun it shares with another number: "four
    male [and three female] victims" (the adjective on the noun, or the noun joined to the adjective)."""
    if number.dep_ != "nummod":
        return None
    head = number.head
    if head.pos_ == "ADJ":  # "two male and five female guests": "male" the object, "guests" joined to it
        noun = next((c for c in head.conjuncts if c.pos_ == "NOUN" and c.i > head.i), None)
        return (noun, head) if noun is not None else None
    if head.pos_ != "NOUN":
        return None
    own = next((c for c in head.children if c.dep_ == "amod" and number.i < c.i < head.i), None)
    if own is None or own.lower_ in CONDITION_ADJECTIVES | {"minor"}:
        return None  # "2 critical 1 serious 1 minor injuries": conditions of some of them (``_the_rest_by_condition``)
    return head, own


def _with_those_named(doc: Doc, quantities: tuple[QuantityInContext, ...],
                      found: Sequence[QuantityMention]) -> tuple[QuantityInContext, ...]:
    """A count of others joined to the people it is other than, under one harm, counts them too: "he and five
    others were shot" is six shot, "the two victims named so far and five others died" seven killed. The count's
    words become the whole phrase; a victim or count read within it (``found``: every number and victim of the
    sentence) is no count of its own. People the sentence does not count ("the victims and four others") leave
    the count of others as it is."""
    out = list(quantities)
    taken: set[int] = set()
    for k, q in enumerate(quantities):
        if not (q.measure in _TOLD_APART and not q.mention.implicit and q.mention.dimension == "count"
                and q.mention.quantity.low is not None and (q.scope.kind == "event" or q.scope.cue == "and")):
            continue
        number = _token_at(doc, q.mention.start, q.mention.end)
        counted = counted_noun(number) if number is not None else None
        if counted is None or counted.dep_ != "conj" or not counts_others(counted) or not _anyone(counted):
            continue
        first = counted.head
        while first.dep_ == "conj":
            first = first.head
        start, end = doc[first.left_edge.i].idx, counted.idx + len(counted.text)
        if counted.i - first.left_edge.i > _JOINED_TOKENS or "\n" in doc_text(doc)[start:end]:
            continue  # a parse joining far-off words, or words across page furniture
        if any(other.measure != q.measure and start <= other.mention.start < q.mention.start for other in quantities) \
                or any(MEASURES.get(t.lemma_.lower()) in HARM_MEASURES - {q.measure}
                       for t in doc[first.left_edge.i:counted.i] if t.pos_ in {"ADJ", "VERB"}):
            continue  # "left one man dead and three others injured": others than the dead, under a harm of their own
        counts = [_count_of(p, found) for p in (first, *(c for c in first.conjuncts if c.i < counted.i))]
        if any(c is None for c in counts):
            continue
        total = q.mention.quantity.low + sum(c for c in counts if c is not None)
        quantity = replace(q.mention.quantity, text=doc_text(doc)[start:end], value=total, low=total, high=total)
        out[k] = replace(q, mention=replace(q.mention, start=start, end=end, quantity=quantity),
                         scope=q.scope.reread())
        taken.update(j for j, other in enumerate(quantities) if j != k and other.measure == q.measure
                     and start <= other.mention.start and other.mention.end <= q.mention.start)
    return tuple(q for j, q in enumerate(out) if j not in taken)


def _list_totals(doc: Doc, quantities: tuple[QuantityInContext, ...],
                 found: Sequence[QuantityMention]) -> tuple[QuantityInContext, ...]:
    """People counted group by group under one harm are, together, a toll too: "one man and two children were
    found dead" is three dead (beside the parts, two children and one man), "three women and two men were hit"
    five shot. Every group of the list must be counted ("a man and his two sons": the man is one; "the boy and
    two others" has no count for the boy's group when the boy is no one person); not a list a sentence picks out
    of a toll it gives ("including two children and a man", "five others - three women and two men")."""
    out = list(quantities)
    lists: set[int] = set()
    for q in quantities:
        if not (q.measure in _TOLD_APART and q.scope.kind == "part" and q.scope.cue == "and"
                and not q.mention.implicit and q.mention.dimension == "count"):
            continue
        number = _token_at(doc, q.mention.start, q.mention.end)
        counted = counted_noun(number) if number is not None else None
        if counted is None:
            continue
        first = counted
        while first.dep_ == "conj":
            first = first.head
        if first.i in lists or first.dep_ in {"appos", "pobj"} or first.head.like_num:
            continue  # one total per list; "five others - three women and two men", "including two children and …"
        lists.add(first.i)
        members = [first, *first.conjuncts]
        last = max(members, key=lambda m: m.i)
        start, end = doc[first.left_edge.i].idx, last.idx + len(last.text)
        if any(_told_as_more(m) for m in members):
            continue  # "a third man and two girls were also hurt": more than those told before
        if len({PART_NOUNS.get(m.lemma_.lower(), "") for m in members} - {""}) == 1 and all(
                m.lemma_.lower() in PART_NOUNS for m in members):
            continue  # "two officers and a deputy": all of one part, whose total is no toll of the event's
        counts = [_count_of(m, found) for m in members]
        told = [other for other in quantities if start <= other.mention.start < end]
        if (len(members) < 2 or any(c is None for c in counts) or last.i - first.left_edge.i > _LIST_TOKENS
                or "\n" in doc_text(doc)[start:end] or any(o.measure != q.measure for o in told)
                or not all(_member_of(doc, o, members) for o in told)):
            continue  # (a count in the list that is no member's: a list the parse did not see whole)
        total = sum(c for c in counts if c is not None)
        out.append(_sum_of(doc, q, start, end, total))
    return tuple(sorted(out, key=lambda q: q.mention.start))


def _told_as_more(member: Token) -> bool:
    """A list member told as more than those told before: "another man", "a second woman", "two more people"."""
    return any(c.dep_ in {"amod", "det", "advmod"} and (c.lower_ in _MORE_WORDS or c.ent_type_ == "ORDINAL")
               for c in member.children) or member.lower_ in OTHER_WORDS


_MORE_WORDS: Final = INCREMENT_WORDS | OTHER_WORDS | ONE_MORE_WORDS


def _member_of(doc: Doc, q: QuantityInContext, members: Sequence[Token]) -> bool:
    """Whether a count is of one of a list's members."""
    number = _token_at(doc, q.mention.start, q.mention.end)
    counted = counted_noun(number) if number is not None else None
    return counted is not None and any(counted.i == m.i for m in members)


_LIST_TOKENS: Final = 16  # the longest list of people read as one count ("one adult male, two adult females, …")
_ANYONE_WORDS: Final = OTHER_WORDS | {"people", "person"}
_JOINED_TOKENS: Final = 12  # the longest phrase of people and others read as one count ("the two ... and five others")


def _anyone(counted: Token) -> bool:
    """"others", "three other people": no kind of person ("three other officers"), which the people joined to
    them may not be."""
    return counted.lemma_.lower() in _ANYONE_WORDS or counted.lower_ in OTHER_WORDS


def _count_of(person: Token, found: Sequence[QuantityMention]) -> float | None:
    """How many people a phrase joined to a count of others names: one person ("he", "Garcia", "the man"), or
    the number on it ("the three victims"); None when it does not say."""
    if one_person(person):
        return 1.0
    nummod = [c for c in person.children if c.dep_ == "nummod"]
    if len(nummod) != 1 or person.pos_ not in {"NOUN", "PROPN"} or not counts_people(person.lemma_.lower()):
        return None
    lows = [m.quantity.low for m in found if not m.implicit and m.start <= nummod[0].idx < m.end]
    return lows[0] if len(lows) == 1 else None


# Harms whose toll a sentence may tell apart after telling it whole
_TOLD_APART: Final = frozenset({"killed", "injured", "shot", "hospitalised"})
_PART_PREPOSITIONS: Final = frozenset({"with", "by", "from", "in", "at", "on"})


def _told_apart(doc: Doc, quantities: tuple[QuantityInContext, ...]) -> tuple[QuantityInContext, ...]:
    """Smaller counts of a harm that a sentence gives after its toll, together no more than the toll, are the
    toll told apart, parts of it, not tolls of their own: "six people were wounded, four by gunfire and two by
    flying glass", "nine were hurt, two of them seriously", "five were shot, three of them in the legs"."""
    out = list(quantities)
    parts: set[int] = set()
    for i, whole in enumerate(quantities):
        if i in parts or not _a_toll(whole):
            continue
        top = whole.mention.quantity.high if whole.mention.quantity.high is not None else whole.mention.quantity.low
        verb = _clause_of(doc, whole)
        if top is None or verb is None:
            continue
        later = [j for j in range(i + 1, len(quantities)) if j not in parts and _a_toll(quantities[j])
                 and quantities[j].measure == whole.measure and (quantities[j].mention.quantity.low or 0) < top
                 and _clause_of(doc, quantities[j]) == verb]
        if not later or sum(quantities[j].mention.quantity.low or 0 for j in later) > top:
            continue
        for j in later:
            q = quantities[j]
            out[j] = replace(q, scope=q.scope.reread("part", _part_name(doc, q), "told apart"))
            parts.add(j)
    return tuple(out)


def _clause_of(doc: Doc, q: QuantityInContext) -> int | None:
    """The verb whose clause holds a count (its index): the parts a toll is told apart in hang on the toll's verb
    ("six were wounded, four by gunfire"); a clause of their own tells another event ("... and 600 were killed
    in another city")."""
    number = _token_at(doc, q.mention.start, q.mention.end)
    return clause_head(counted_noun(number)).i if number is not None else None


def _a_toll(q: QuantityInContext) -> bool:
    return (q.measure in _TOLD_APART and q.scope.kind == "event" and not q.mention.implicit
            and q.mention.dimension == "count" and q.mention.quantity.low is not None)


def _part_name(doc: Doc, q: QuantityInContext) -> str:
    """A part's name from the words the sentence tells it with: its adverb of condition ("seriously injured") or
    its phrase ("by gunfire", "with gunshot wounds", "in the legs"); "some of them" when it says nothing."""
    number = _token_at(doc, q.mention.start, q.mention.end)
    if number is not None:
        words = [c for c in number.children if c.dep_ == "advmod" and c.lower_ in CONDITION_WORDS]
        if words:
            return f"{words[0].lower_} {q.measure}"
        for c in number.children:
            if c.dep_ == "prep" and c.lower_ == "of":  # "three of them in the legs"
                c = next((g for g in c.subtree if g.dep_ == "prep" and g.lower_ in _PART_PREPOSITIONS), c)
            if c.dep_ == "prep" and c.lower_ in _PART_PREPOSITIONS:
                noun = next((g for g in c.children if g.dep_ == "pobj"), None)
                if noun is not None:
                    return " ".join([c.lower_, *(_word(t) for t in _phrase(noun))])
    return "some of them"


def _phrase(noun: Token) -> list[Token]:
    """A noun and its modifiers, without what is joined to it or hangs after it ("gunshot wounds", not "... and
    three others with cuts")."""
    words = [noun]
    for child in noun.children:
        if child.dep_ not in {"conj", "cc", "punct", "prep", "relcl", "acl", "appos"}:
            words.extend(child.subtree)
    return sorted(words, key=lambda t: t.i)


def _word(tok: Token) -> str:
    return tok.text if tok.pos_ == "PROPN" else tok.lower_


def _the_rest_by_condition(quantities: tuple[QuantityInContext, ...]) -> tuple[QuantityInContext, ...]:
    """Counts of the wounded (or of those treated) after a count of those in a condition, in one sentence, are the
    rest of the wounded, a part too: "three of the wounded were in serious condition and two had minor injuries",
    "one is in grave condition and three others were treated"."""
    told = [q.mention.end for q in quantities if q.measure == "injured" and q.scope.kind == "part"
            and q.scope.group is not None and q.scope.group.startswith("in ") and q.scope.group.endswith("condition")]
    if not told:
        return quantities
    return tuple(replace(q, scope=q.scope.reread("part", "others", "beside a condition"))
                 if q.measure in _THE_REST and q.scope.kind == "event" and not q.mention.implicit
                 and q.mention.start > told[0] else q for q in quantities)


# the wounded, or those treated, beside a count by condition ("one is in grave condition and three others were
# treated for minor injuries")
_THE_REST: Final = frozenset({"injured", "hospitalised"})


def _everyone_hit(doc: Doc, quantities: tuple[QuantityInContext, ...]) -> tuple[QuantityInContext, ...]:
    """A count of the wounded that a number after it tells some of died ("leaving six people wounded -- two of
    them mortally", "four were wounded, one fatally") counts everyone hit, the dead among them: shot."""
    fatal = [q for q in quantities if q.measure == "killed" and not q.mention.implicit and _fatal_number(doc, q)]
    if not fatal:
        return quantities
    return tuple(replace(q, measure="shot") if (
        q.measure == "injured" and not q.mention.implicit and q.mention.quantity.low is not None
        and any(f.mention.start > q.mention.end and f.mention.quantity.low is not None
                and f.mention.quantity.low <= q.mention.quantity.low for f in fatal)) else q
        for q in quantities)


def _fatal_number(doc: Doc, q: QuantityInContext) -> bool:
    """A number that an adverb of death says of itself ("one fatally", "two of them mortally"), or the dead
    picked out of those told before ("two of those victims are dead", "three of them died")."""
    number = _token_at(doc, q.mention.start, q.mention.end)
    return number is not None and any((c.dep_ == "advmod" and c.lower_ in FATAL_ADVERBS) or _of_those_told(c)
                                      for c in number.children)


_BACK: Final = frozenset({"them", "those", "these", "whom"})  # "of them", "of those victims": the ones just told


def _of_those_told(word: Token) -> bool:
    """ "of them", "of whom", "of those victims": a partitive "of" whose whole is the people just told."""
    return word.dep_ == "prep" and word.lower_ == "of" and any(
        o.dep_ == "pobj" and (o.lower_ in _BACK or any(d.dep_ == "det" and d.lower_ in _BACK for d in o.children))
        for o in word.children)


def _in_context(doc: Doc, sent: Span, mention: QuantityMention, context: str | None) -> QuantityInContext | None:
    """One quantity with what its sentence says about it; None when it reports nothing."""
    number = _token_at(doc, mention.start, mention.end)
    if number is None:
        return None
    mention = _magnitude(number, mention)
    if not is_reported_number(number, mention):
        return None
    measure, predicate = measure_and_predicate(number, mention.dimension, mention.counted)
    if measure in HARM_MEASURES and predicate is not None and not told_as_happened(predicate):
        return None  # "was not injured", "could have killed dozens", "aiming to kill four"
    if mention.dimension == "duration":
        subject = duration_subject(number)
    elif mention.dimension == "count" or mention.counted:
        subject = normalize_subject(mention.counted)
        if (measure in PEOPLE_MEASURES or measure in HARM_MEASURES) and (
                subject is None or measure == "population" or mention.implicit
                or (measure in HARM_MEASURES and (mention.counted or "").lower() in MEMBER_NOUNS)):
            # "injuring dozens more", "600 were killed": casualty verbs count people unless told; a victim
            # counted without a number is one of the people it befell, whatever word names them, and so are
            # the members of a group harmed ("four members of the family were killed")
            subject = "people"
    else:
        subject = normalize_subject(measured_subject(number, mention.start, mention.end))
    if measure in HARM_MEASURES and mention.counted and mention.counted.lower() in NOT_VICTIMS:
        measure = None  # "shot five times", "three gunshot wounds": how, not whom; no toll
    distance_from = None
    if mention.dimension == "length":
        # a distance is checkable against its reference point ("35 miles southwest of Bandar Abbas"): it
        # measures the way from there, not an amount of anything
        reference = reference_place(sent, number)
        if reference:
            subject, distance_from = None, reference.lower()
    if mention.dimension == "count" and (subject in EVENT_SUBJECTS or (counts_kin(number) and not mention.implicit)):
        measure = COUNTED_AS_SUCH
    place = (measure == "population" and settlement_named(sent, number)) or \
        place_in_clause(sent, number, mention.dimension)
    return QuantityInContext(mention=mention, measure=measure, subject=subject, place=place,
                             context_place=context, attribution=clause_attribution(sent, number),
                             distance_from=distance_from, scope=scope_of(number, mention),
                             condition=_condition(predicate) if measure in HURT_MEASURES else None,
                             doer=doer(predicate, mention.start, mention.end))


def _condition(predicate: Token | None) -> str | None:
    """The condition a harm's verb tells its people in: an adverb of it ("critically wounded") or "in critical
    condition" on the verb or on one joined to it without a subject of its own ("was brought to a clinic and is
    still in critical condition")."""
    if predicate is None:
        return None
    verbs = [predicate, *(c for c in predicate.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}
                          and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children))]
    for verb in verbs:
        for child in verb.children:
            if child.dep_ == "advmod" and child.lower_ in CONDITION_WORDS:
                return f"{child.lower_} {verb.lower_}"
            if child.dep_ == "prep" and child.lower_ == "in":
                noun = next((g for g in child.children if g.dep_ == "pobj" and g.lower_ == "condition"), None)
                how = [a.lower_ for a in noun.children if a.dep_ in {"amod", "compound"}] if noun is not None else []
                if how:
                    return f"in {how[0]} condition"
    return None


def condition_parts(sentences: Sequence[Sequence[QuantityInContext]]) -> list[tuple[QuantityInContext, ...]]:
    """An article's counts of the wounded told in a condition ("one man was critically wounded", "one was brought to
    a clinic and is still in critical condition") that are smaller than a toll of the wounded it gives
    elsewhere ("seven people were shot") are a part of that toll, named by their condition, not a toll of
    their own; the largest such count, or one the article gives no toll beside, stays the toll. A count of the
    shot is such a toll only where the article tells no death (else it counts the dead too)."""
    hurt = HURT_MEASURES if not any(q.measure == "killed" for quantities in sentences for q in quantities) \
        else _WOUNDED
    tolls = [q.mention.quantity.low for quantities in sentences for q in quantities
             if q.measure in hurt and q.scope.kind == "event" and q.condition is None
             and q.subject not in TIMES_SUBJECTS and q.mention.dimension == "count"
             and q.mention.quantity.low is not None]
    top = max(tolls, default=0.0)
    return [tuple(
        replace(q, scope=q.scope.reread("part", q.condition, q.condition))
        if q.condition is not None and q.scope.kind == "event" and q.measure == "injured"
        and (q.mention.quantity.high or q.mention.quantity.low or 0) < top else q
        for q in quantities) for quantities in sentences]


def is_reported_number(number: Token, mention: QuantityMention) -> bool:
    """False for numbers that report nothing new: reporting windows ("over the last 24 hours"),
    clock times that slipped through ("about 10 a.m."), references back to a known set ("the two
    men", "all three") and idioms ("cut in two")."""
    doc = number.doc
    first = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if first is None or not len(first):
        return True
    before = doc[first.start - 1] if first.start > 0 else None
    after = doc[first.end] if first.end < len(doc) else None
    if mention.dimension == "duration" and _is_window(first):
        return False
    if after is not None and after.lower_ in CLOCK_WORDS:
        return False
    if before is not None and before.lower_ in {"not", "never"}:
        return False  # "one person died, not two": a number denied
    exact = mention.quantity.qualifier == "exact"
    if exact and before is not None and before.lower_ in BACK_REFERENCE and mention.dimension == "count" \
            and not _partitive(first):
        return False
    if _generic_statement(number):
        return False
    if exact and before is not None and before.lower_ == "in" and after is not None and after.is_punct \
            and mention.quantity.text.lower() in {"two", "half", "three"}:
        return False
    return not _counts_speakers(number)


def _counts_speakers(number: Token) -> bool:
    """A number that counts who is speaking, not what they say: "two officials said …",
    "according to three diplomats"."""
    counted = number
    while counted.dep_ in {"nummod", "quantmod", "compound"} and counted.head.i != counted.i:
        counted = counted.head
    head = counted.head
    if counted.dep_ == "nsubj" and head.lemma_.lower() in REPORTING_VERBS:
        return True
    return counted.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


def _generic_statement(number: Token) -> bool:
    """A number inside an indefinite subject of a "can/may" sentence states a general fact, not a
    report ("A magnitude-5.5 quake can break windows")."""
    subject = next((t for t in (number, *number.ancestors) if t.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or not any(c.dep_ == "det" and c.lower_ in {"a", "an", "any"} for c in subject.children):
        return False
    return any(c.dep_ == "aux" and c.lower_ in GENERIC_MODALS for c in subject.head.children)


def _partitive(span: Span) -> bool:
    """"30 of the 80 wounded": the whole of a part, a figure of its own, not a back-reference."""
    doc = span.doc
    return span.start >= 3 and doc[span.start - 2].lower_ == "of" and doc[span.start - 3].like_num


def _is_window(span: Span) -> bool:
    """"over the last 24 hours", "in the past two days", "over two days of operations"."""
    doc = span.doc
    lead = {t.lower_ for t in doc[max(span.sent.start, span.start - 3): span.start]}
    if lead & WINDOW_WORDS:
        return True
    nxt = doc[span.end] if span.end < len(doc) else None
    return (nxt is not None and nxt.lower_ == "of" and span.start > 0
            and doc[span.start - 1].lower_ in {"over", "during"})


def _magnitude(number: Token, mention: QuantityMention) -> QuantityMention:
    """A number that a magnitude scale names around it ("magnitude 6.0", "6.4 on the Richter
    scale", "a 6.7-strength quake", "a 6.7 degree quake") is a magnitude, not a count."""
    unit = mention.quantity.unit
    bare = not unit or (mention.dimension == "count" and unit == mention.counted)
    if not bare and unit != "degree":
        return mention
    doc = number.doc
    before = {t.lower_ for t in doc[max(0, number.i - 2): number.i]}
    after = {t.lower_ for t in doc[number.i + 1: number.i + 6]}
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    end = span.end if span is not None else number.i + 1
    following = [t.lower_ for t in doc[end: end + 3] if t.lower_ not in {"-", "–"}]
    if not bare:  # "6.7 degree quake"
        named = following[:1] and following[0] in QUAKE_NOUNS
    else:  # "magnitude 6.0", "6.4 on the Richter scale", "6.7-strength quake"
        named = "magnitude" in before or "richter" in after or (
            following[:1] == ["strength"] and following[1:2] and following[1] in QUAKE_NOUNS)
    if named:
        quantity = replace(mention.quantity, unit="magnitude")
        return replace(mention, quantity=quantity, dimension="magnitude", counted=None)
    return mention
