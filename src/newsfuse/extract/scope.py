"""What a count counts: the event as a whole, a part of it, a wider total, or another event.

"Eleven people were killed and 38 wounded across the city this weekend" is a city's
weekend, not the nightclub shooting the article is about; "two city police officers and a sheriff's
deputy died" counts two parts of one toll; "four days after three people were wounded in a separate
shooting" recalls another event. Only an event's whole counts and its parts make its facts (the
cross-check reads ``Scope.kind``), so a wider total or a recalled event never disputes the toll.

The rules read the dependency parse around the number: its counted noun (what it counts), the clause
that noun belongs to (the verb it hangs from, the verbs coordinated with it, the noun's own
modifiers; never a relative or adverbial clause the number is not in), and the cue words of
``lexicon/scopes.toml`` found there (the words of a wider total: ``extract.wider``). A figure a reporting verb
says was given earlier ("police initially said six") is marked ``earlier``: it stands behind the article's other
figures in time. Those found dead, or dead at the scene, are marked for ``extract.victims`` to make a part where
their article tells a larger toll.
Only counts are scoped; a duration or an amount keeps the event's scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Final

from spacy.tokens import Token

from newsfuse import lexicon
from newsfuse.extract.measure_words import (
    CONDITION_ADJECTIVES,
    FINDING_VERBS,
    HIT_VERBS,
    MEASURES,
    NAMING_VERBS,
    REST_WORDS,
    SUBJECT_KINDS,
)
from newsfuse.extract.wider import EVENT_NOUNS, TIME_UNITS, wider_cue
from newsfuse.inflection import participle, plural
from newsfuse.types import EVENT_SCOPE, QuantityMention, Scope


def _by_word(groups: dict[str, str]) -> dict[str, str]:
    """{label: "word word …"} → {word: label}."""
    return {word: label for label, words in groups.items() for word in words.split()}


PART_NOUNS: Final = _by_word(lexicon.mapping("scopes", "part_nouns"))
# who did it, among a toll's people ("three dead, including the gunman"): that toll's scope
DOER_NOUNS: Final = frozenset(lemma for lemma, group in PART_NOUNS.items() if group == "suspects")
WITH_DOER: Final = "including the suspect"
DOER_WINDOW: Final = 16  # tokens after the number where "including" may name the doer
# The kinds of people the measures name ("fighter" → militants …); with the part and whole nouns, the words
# whose counts count people: only people's counts have parts ("four tanks, 16 trucks" are two kinds of thing)
PEOPLE_KINDS: Final = lexicon.words("scopes", "people_kinds")
# Verbs of casualties: the measures' killed, injured and hospitalised words, and "shoot"
CASUALTY_VERBS: Final = frozenset(
    lemma for lemma, measure in MEASURES.items() if measure in {"killed", "injured", "hospitalised"}
) | lexicon.words("scopes", "casualty_verbs")


def _words(key: str) -> frozenset[str]:
    return lexicon.words("scopes", key)


# Words of death a verb takes as its complement ("left two of the guests dead", "were pronounced dead"); not
# wounds: "two of them had arm wounds" tells them apart by their wounds, a part
DEATH_WORDS: Final = frozenset(lemma for lemma, measure in MEASURES.items() if measure == "killed")
_HARM_COMPLEMENTS: Final = frozenset({"acomp", "oprd", "ccomp", "xcomp", "attr"})
# Verbs whose "N of the X" counts the harm (or is the X's own being), not a part the verb picks out ("two of the
# guests were wounded", "striking two of them"; measures.hit_verbs: people hit)
_COUNTING_VERBS: Final = CASUALTY_VERBS | HIT_VERBS | {"be"}


PART_PREPOSITIONS: Final = _words("part_prepositions")
INCREMENT_WORDS: Final = _words("increment_words")
INCREMENT_ADVERBS: Final = _words("increment_adverbs")
OTHER_WORDS: Final = _words("other_words")
ONE_MORE_WORDS: Final = lexicon.words("measures", "one_more_words")
CONDITION_WORDS: Final = _words("condition_words")
CONDITION_NOUNS: Final = lexicon.words("measures", "condition_nouns")
# verbs that tell a condition ("are in stable condition", "was listed in critical condition")
CONDITION_VERBS: Final = lexicon.words("measures", "copulas") | lexicon.words("measures", "linking_verbs") | {"list"}
WHOLE_NOUNS: Final = _words("whole_nouns")
OTHER_EVENT_WORDS: Final = _words("other_event_words")
OTHER_TIME_MARKERS: Final = _words("other_time_markers")
EARLIER_WORDS: Final = _words("earlier_words")
EARLIER_NOUNS: Final = _words("earlier_nouns")
LATER_WORDS: Final = _words("later_words")
CORRECTING_VERBS: Final = _words("correcting_verbs")

CLAUSES: Final = frozenset({"relcl", "advcl", "ccomp", "csubj", "parataxis", "acl"})
"""Dependencies that open a clause of its own: its cues are not the number's unless the number is in it."""
NUMBER_DEPS: Final = frozenset({"nummod", "quantmod", "compound", "amod", "npadvmod"})


def scope_of(number: Token, mention: QuantityMention) -> Scope:
    """The scope of a count (see the module doc): another event's, a wider total, a part, else the event's; told
    as a correction or not (``told_as_correction``)."""
    scope = _scope_of(number, mention)
    if mention.dimension == "count" and told_as_correction(number, clause_head(counted_noun(number))):
        return replace(scope, revision=True)
    return scope


def told_as_correction(number: Token, clause: Token) -> bool:
    """A figure told as the correction of those before it: the clause holding it is what a correcting verb says
    ("the county clarified on Monday that 14 were hurt"), or it is what the verb set the figure to ("police revised the
    count to five")."""
    if number.dep_ == "pobj" and number.head.lower_ == "to" and number.head.head.lemma_.lower() in CORRECTING_VERBS:
        return True
    return any(up.lemma_.lower() in CORRECTING_VERBS for up in clause.ancestors)


def _scope_of(number: Token, mention: QuantityMention) -> Scope:
    if mention.dimension != "count":
        return EVENT_SCOPE
    counted = counted_noun(number)
    clause = clause_head(counted)
    region = clause_tokens(clause, number, counted)
    earlier = told_earlier(clause)
    # only people are counted over areas and periods here: "four tanks destroyed over two days" is one toll
    lemma = mention.counted if counted.i == number.i else counted.lemma_
    # a bare number ("17 wounded") or "others" ("four others were hurt") counts people
    people = lemma is None or counts_people(lemma.lower()) or lemma.lower() in OTHER_WORDS
    # with what a relative clause hangs on ("another shooting nearby, which injured a man")
    told = [*region, *_told_of(clause)]
    cue = other_event_cue(clause, told) if people else None
    if cue is not None:
        return Scope(kind="other", cue=cue, earlier=earlier)
    cue = wider_cue(number, counted, told) if people else None
    if cue is not None:
        return Scope(kind="wider", cue=cue, earlier=earlier)
    cue = one_of_many(clause) if people else None
    if cue is not None:
        return Scope(kind="other", cue=cue, earlier=earlier)
    part = (with_the_doer(number) or part_of(number, counted, clause, all_joined=mention.implicit)
            or condition_part(number, counted) or condition_state(clause)
            or partitive_part(number, clause)) if people else None
    part = part or condition_adjective(number) or (_the_rest(number) if people else None)
    # (a condition of people or of their injuries: "1 critical, 2 minor injuries")
    if part is not None:
        group, cue = part
        return Scope(kind="part", group=group, cue=cue, earlier=earlier)
    if people and _of_others(number, counted):
        return Scope(earlier=earlier, others=True)
    if people and _also_harmed(number):
        return Scope(earlier=earlier, others=True, cue=ALSO_CUE)
    if people and _at_the_scene(counted, clause):
        return Scope(earlier=earlier, cue=SCENE_CUE)  # the toll, unless the article tells a larger one (settle_victims)
    if people and _of_the_wounded(number):
        return Scope(earlier=earlier, cue=WOUNDED_CUE)  # likewise
    if people and _named_ones(counted):
        return Scope(earlier=earlier, cue=NAMED_CUE)  # likewise
    return Scope(earlier=True) if earlier else EVENT_SCOPE


def _of_the_wounded(number: Token) -> bool:
    """"Two of the wounded had died": some of those hurt, who died later; where the article tells a larger toll of
    the dead, a part of it (the others died at once)."""
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(
        g.dep_ == "pobj" and g.lower_ in {"wounded", "injured"} and any(d.lower_ == "the" for d in g.children)
        for g in c.children) for c in number.children)


def _named_ones(counted: Token) -> bool:
    """A count of those identified: "two victims killed in the shooting have been identified", "police named
    the two men killed". Where the article tells a larger toll of the same harm, a part of it: the others are
    not named yet."""
    return counted.dep_ in {"nsubjpass", "dobj"} and counted.head.lemma_.lower() in NAMING_VERBS


def _at_the_scene(counted: Token, clause: Token) -> bool:
    """A count of those found, or of those who died at the scene: "deputies found three men shot dead", "two
    people were found dead", "found two people shot dead and three wounded". Where the article tells a larger
    toll of the same harm, a part of it: the others died later, elsewhere (``victims.settle_victims``)."""
    first = _first_conjunct(counted)
    if first.lemma_.lower() in FINDING_VERBS and first.i != counted.i:
        return True  # "found four men dead and a woman with burns" (the parse may join her to "found")
    if first.dep_ in {"dobj", "nsubjpass"} and first.head.lemma_.lower() in FINDING_VERBS:
        return True  # "found five people dead", "two people were found dead"
    if first.dep_ == "nsubj" and first.head.dep_ in _HARM_COMPLEMENTS \
            and first.head.head.lemma_.lower() in FINDING_VERBS:
        return True  # "found five people dead" (the parse may make them the subject of "dead")
    if clause.dep_ == "conj" and clause.head.lemma_.lower() in FINDING_VERBS \
            and not any(c.dep_ in {"aux", "auxpass"} for c in clause.children):
        return True  # "found two people shot dead and three wounded": "found" left out before the second
    verb = _first_conjunct(clause)
    if verb.dep_ in {"ccomp", "xcomp", "oprd", "acl"} and verb.head.lemma_.lower() in FINDING_VERBS:
        return True  # "found three men shot dead (and two wounded)": the parse may make them the subject of "shot"
    return any(c.dep_ == "prep" and c.lower_ == "at" and any(g.dep_ == "pobj" and g.lemma_.lower() == "scene"
                                                              for g in c.children) for c in clause.children)


def _first_conjunct(tok: Token) -> Token:
    """The first of the words ``tok`` is coordinated with ("three" in "two dead and three wounded" -> the first
    verb or noun of the coordination)."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _the_rest(number: Token) -> tuple[str, str] | None:
    """(group, cue) of the rest of a set told before: "one of the four died; the other three were taken to
    hospital", "the surviving two": a part of the set, not a toll."""
    doc = number.doc
    k = number.i
    if not number.like_num or k < 2 or doc[k - 2].lower_ != "the" or doc[k - 1].lower_ not in REST_WORDS:
        return None
    return "the rest", f"the {doc[k - 1].lower_}"


def _of_others(number: Token, counted: Token) -> bool:
    """"two others", "four other people": a count of others than people told before it; a victim told as one
    more ("another man", "the other victim", "a second person")."""
    if counted.lemma_.lower() in OTHER_WORDS or counted.lower_ in OTHER_WORDS:
        return True
    if number.pos_ == "PRON" and number.lower_ in ONE_MORE_WORDS:
        return True  # "one man was killed and another wounded"
    if not number.like_num and any(c.dep_ in {"det", "amod"} and (
            c.lower_ in ONE_MORE_WORDS or c.ent_type_ == "ORDINAL") for c in number.children):
        return not _other_than_the_doer(counted)
    return counts_others(counted) or any(c.dep_ == "amod" and c.lower_ in OTHER_WORDS for c in number.children)


def counts_others(counted: Token) -> bool:
    """"two others", "four other people": the noun a number counts says they are others than some told beside."""
    return counted.lemma_.lower() in OTHER_WORDS or counted.lower_ in OTHER_WORDS or any(
        c.dep_ == "amod" and c.lower_ in OTHER_WORDS for c in counted.children)


ALSO_CUE: Final = "also"  # the cue of a victim told as harmed too (``_also_harmed``)
SCENE_CUE: Final = "at the scene"  # the cue of a count of those found or dead at the scene (``_at_the_scene``)
WOUNDED_CUE: Final = "of the wounded"  # the cue of a count of the wounded who died (``_of_the_wounded``)
NAMED_CUE: Final = "identified"  # the cue of a count of those identified (``_named_ones``)
PARTIAL_CUES: Final = frozenset({SCENE_CUE, WOUNDED_CUE, NAMED_CUE})  # a part where a larger toll is told
_HARMED_ROLES: Final = frozenset({"nsubj", "nsubjpass", "dobj"})  # a victim's role in its harm's clause


def _also_harmed(number: Token) -> bool:
    """"The gunman also wounded a woman", "her brother died too": a victim counted without a number whose harm
    is told as befalling them too, so one more beside victims the article may have told before."""
    return not number.like_num and number.dep_ in _HARMED_ROLES and any(
        c.dep_ == "advmod" and c.lower_ in INCREMENT_ADVERBS for c in number.head.children)


def _other_than_the_doer(counted: Token) -> bool:
    """"A man is accused of shooting another man": the other is other than the one who did it (the subject of
    a verb above, of the same noun), the one victim, not one more."""
    lemma = counted.lemma_.lower()
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.i != counted.i and c.lemma_.lower() == lemma
               for verb in counted.ancestors for c in verb.children)


def counted_noun(number: Token) -> Token:
    """The word a number counts: "two city police officers" → officers; a number standing alone ("17
    wounded") counts itself."""
    tok = number
    while tok.dep_ in NUMBER_DEPS and tok.head.i != tok.i and tok.head.pos_ in {"NOUN", "PROPN", "NUM", "ADJ"}:
        tok = tok.head
    return tok


def clause_head(tok: Token) -> Token:
    """The verb (or the root) whose clause holds a word."""
    for up in (tok, *tok.ancestors):
        if up.pos_ in {"VERB", "AUX"} or up.dep_ == "ROOT":
            return up
    return tok


def clause_tokens(clause: Token, number: Token, counted: Token) -> list[Token]:
    """The words whose cues speak of the number: its clause with the verbs coordinated with it and the
    counted noun's own modifiers, but no clause of its own that does not hold the number."""
    heads = [clause, *(c for c in clause.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX", "ADJ"})]
    if clause.dep_ == "conj":  # "… were killed and 46 wounded": the first verb's adjuncts are shared
        heads.append(clause.head)
    seen: dict[int, Token] = {}
    for head in heads:
        for tok in _subtree_within(head, number):
            seen.setdefault(tok.i, tok)
    for tok in counted.subtree:
        seen.setdefault(tok.i, tok)
    return [seen[i] for i in sorted(seen)]


def _subtree_within(head: Token, number: Token) -> Iterable[Token]:
    """A head's subtree without the clauses under it that do not hold the number."""
    yield head
    for child in head.children:
        if child.dep_ in CLAUSES and not _holds(child, number):
            continue
        yield from _subtree_within(child, number)


def _holds(tok: Token, number: Token) -> bool:
    return tok.left_edge.i <= number.i <= tok.right_edge.i


def told_earlier(clause: Token) -> bool:
    """A figure given before and since revised: "police initially said six were shot", "in early reports"; not the
    revision a clause joined to it tells ("... but a third victim has since died")."""
    for verb in (clause, *clause.ancestors):
        for child in verb.children:
            if child.dep_ == "advmod" and child.lower_ in EARLIER_WORDS:
                return True
            if child.dep_ == "prep" and any(
                    g.dep_ == "pobj" and g.lemma_.lower() == "report" and any(
                        m.lower_ in EARLIER_NOUNS for m in g.children if m.dep_ == "amod")
                    for g in child.children):
                return True
        if verb.dep_ == "conj" and (any(c.dep_ == "advmod" and c.lower_ in LATER_WORDS for c in verb.children)
                                    or any(c.dep_ == "cc" and c.lower_ == "but" for c in verb.head.children)):
            return False  # "... but a third has since died": told after the first figure, not as it
    return False


def other_event_cue(clause: Token, region: list[Token]) -> str | None:
    """Words that put the number in another event: "in a separate shooting", "an unrelated incident",
    "four days after three people were wounded"."""
    for tok in region:
        # a noun of happening, or a gerund made one by its determiner ("another shooting")
        if (tok.lemma_.lower() in EVENT_NOUNS and tok.tag_ in {"NN", "NNP"}) or (
                tok.tag_ == "VBG" and tok.lower_ in EVENT_NOUNS and any(c.dep_ == "det" for c in tok.children)):
            marks = [c for c in tok.children if c.dep_ in {"amod", "det"} and c.lower_ in OTHER_EVENT_WORDS]
            if marks:
                return f"{marks[0].text} {tok.text}"
    for mark in clause.children:
        if mark.dep_ in {"mark", "prep"} and mark.lower_ in OTHER_TIME_MARKERS:
            lengths = [c for c in clause.children if c.dep_ == "npadvmod" and c.lemma_.lower() in TIME_UNITS]
            lengths += [c for c in mark.children if c.dep_ == "npadvmod" and c.lemma_.lower() in TIME_UNITS]
            if lengths and clause.dep_ in {"advcl", "pcomp"}:
                return f"{lengths[0].text} {mark.text}"
    return None


_WITHIN_CLAUSE: Final = frozenset({"conj", "oprd", "xcomp", "acomp"})  # verbs that carry on their head's clause


def _told_of(clause: Token) -> list[Token]:
    """What a relative clause hangs on, and the phrases that hold that ("another shooting on the same block,
    which wounded a woman": block, on, shooting); nothing for another clause."""
    out: list[Token] = []
    while clause.dep_ in _WITHIN_CLAUSE and clause.head.i != clause.i:  # "that left one dead and four wounded"
        clause = clause.head
    tok = clause.head
    while clause.dep_ == "relcl" and len(out) < 4:
        out.append(tok)
        if tok.dep_ not in {"pobj", "prep", "dobj"} or tok.head.i == tok.i:
            break
        tok = tok.head
    return out


def one_of_many(clause: Token) -> str | None:
    """A count told of one event among those a wider total spans ("11 were hurt in five shootings across
    the city, including one shooting in which six people were shot"): the count of an event the round-up
    picks out, not of the one the article is about (a relative clause on an event noun whose own clause
    is a wider total)."""
    event = clause.head
    if clause.dep_ not in {"relcl", "acl"} or event.lemma_.lower() not in EVENT_NOUNS or event.tag_ != "NN":
        return None
    for outer in list(event.ancestors)[:4]:
        if outer.pos_ in {"VERB", "AUX"} and outer.dep_ != "prep":
            region = clause_tokens(outer, event, event)
            cue = wider_cue(event, event, [t for t in region if t.i < clause.left_edge.i or t.i > clause.right_edge.i])
            return f"one {event.text} of {cue}" if cue is not None else None
    return None


def with_the_doer(number: Token) -> tuple[str, str] | None:
    """(group, cue) when a toll counts who did it among its people: "three people died, including the gunman",
    "3 dead, including shooter Dale Mercer". Its own scope, beside the toll of the victims ("the gunman killed
    two people before killing himself"), which it does not dispute. "Including" must follow the number
    before any other number ("four dead including the gunman and 16 others injured": the four only)."""
    if (doer := _one_of_them_the_doer(number)) is not None:
        return WITH_DOER, doer.text
    for tok in number.doc[number.i + 1:number.i + DOER_WINDOW]:
        if tok.is_sent_start or tok.like_num:  # the sentence ends, or another number comes first
            return None
        if tok.lower_ == "including":  # the one included, or a word naming them ("shooter Dale Mercer")
            named = [w for p in tok.children if p.dep_ == "pobj"
                     for w in (p, *(c for c in p.children if c.dep_ in {"amod", "compound", "appos"}))]
            return (WITH_DOER, tok.text) if any(w.lemma_.lower() in DOER_NOUNS for w in named) else None
    return None


def _one_of_them_the_doer(number: Token) -> Token | None:
    """A count of the dead the sentence goes on to say one of is who did it: "we have three dead, ... and of
    the three dead one is the shooter", "four people died, and one of them was the gunman"."""
    near = (number.head, *number.children, number.head.head, *number.head.children)  # "three dead", "four people died"
    if not any(MEASURES.get(w.lemma_.lower()) == "killed" for w in near):
        return None
    sent = number.sent
    return next((tok for tok in sent if tok.i > number.i and tok.dep_ == "attr" and tok.lemma_.lower() in DOER_NOUNS
                 and tok.head.lemma_ == "be"
                 and any(w.lower_ == "one" for w in number.doc[max(sent.start, tok.head.i - 6):tok.head.i])), None)


def part_of(number: Token, counted: Token, clause: Token, all_joined: bool = False) -> tuple[str, str] | None:
    """(group, cue) when the number counts a part of the event's people: a role ("two officers"), one of
    several groups counted together ("two city police officers and a sheriff's deputy"; not when the count
    is of them all, ``all_joined``: the victims "a man and a woman" counted without a number), a group
    picked out of the toll ("including two children") or an increment ("two more people", "two men, also
    wounded"). ("Four other people were wounded" is no part: mostly the wounded beside the dead, the whole
    of their own toll.)"""
    lemma = counted.lemma_.lower()
    if counted.i == number.i:  # "two of the women and the boy died": one of two groups
        of = next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if whole is not None and counts_people(whole.lemma_.lower()) and any(
                c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"} for c in number.children):
            return group_name(whole), "and"
    if counted.pos_ not in {"NOUN", "PROPN"} or not counts_people(lemma):
        return None
    if _listed(counted) and not all_joined:
        return group_name(counted), "and"
    if counted.dep_ == "pobj" and counted.head.lower_ in PART_PREPOSITIONS:
        return group_name(counted), counted.head.text
    # "two more people", "an additional three": not "more than 200", a hedge
    increment = [c for c in (*number.children, *counted.children)
                 if c.dep_ in {"amod", "advmod"} and c.lower_ in INCREMENT_WORDS
                 and not any(g.lower_ == "than" for g in c.children)
                 and (c.i > number.i or c.lower_ != "more") and not _before_than(c)]
    if increment:
        return f"{increment[0].lower_} {plural_of(counted)}", increment[0].text
    # "two men in their 30s, also wounded, were detained": more of the harmed, beside those told before
    also = [(c, a) for c in counted.children if c.dep_ in {"acl", "amod"} and c.lemma_.lower() in CASUALTY_VERBS
            for a in c.children if a.dep_ == "advmod" and a.lower_ in INCREMENT_ADVERBS]
    if also:
        said, adverb = also[0]
        return f"{plural_of(counted)} {adverb.lower_} {said.lower_}", adverb.text
    if lemma in PART_NOUNS:
        return PART_NOUNS[lemma], counted.text
    return None


def _listed(counted: Token) -> bool:
    """Whether a counted noun is one of a list of nouns: joined by "and", or a list the parse read as an
    apposition: "One man, two women, and one child", with "two women … and one child" hung on "man", or
    "two women" and "one child" both on "man"), or people joined to the place of the first ("Two boys at a bus
    stop and a girl and her aunt in a car": the girl and her aunt hung on "stop")."""
    nouns = {"NOUN", "PROPN"}

    def joined(noun: Token) -> bool:
        return any(c.dep_ == "conj" and c.pos_ in nouns for c in noun.children)

    if (counted.dep_ == "conj" and counted.head.pos_ in nouns) or joined(counted):
        return True
    if counted.dep_ == "appos" and counted.head.pos_ in nouns and joined(counted.head):
        return True
    if any(c.dep_ == "appos" and c.pos_ in nouns and joined(c) for c in counted.children):
        return True
    places = [o for p in counted.children if p.dep_ == "prep" for o in p.children
              if o.dep_ == "pobj" and not counts_people(o.lemma_.lower())]
    return any(g.dep_ == "conj" and g.pos_ == "NOUN" and counts_people(g.lemma_.lower())
               for o in places for g in o.children)


def condition_part(number: Token, counted: Token) -> tuple[str, str] | None:
    """"three critically hurt and 14 others injured": a count of those in one condition beside another
    count, a part of the toll. The condition is told after the number ("nine others critically hurt"): one told
    before it belongs to a count before ("one critically hurt and nine others injured", however parsed)."""
    said = [c for c in counted.children if c.dep_ in {"amod", "acl"} and c.pos_ in {"VERB", "ADJ"} and c.i > number.i]
    for word in said:
        how = [a for a in word.children if a.dep_ == "advmod" and a.lower_ in CONDITION_WORDS]
        beside = [t for t in number.sent if t.like_num and t.i != number.i and t.dep_ in {"dobj", "nummod", "nsubj",
                                                                                          "nsubjpass", "conj"}]
        if how and beside:
            return f"{how[0].lower_} {word.lower_}", how[0].text
    return None


def condition_adjective(number: Token) -> tuple[str, str] | None:
    """"two critical and nine others injured": those in a condition a number's own adjective names, a part."""
    if not number.like_num:
        return None
    how = next((c for c in number.children if c.dep_ == "amod" and c.lemma_.lower() in CONDITION_ADJECTIVES), None)
    after = number.nbor(1) if number.i + 1 < len(number.doc) else None
    if how is None and after is not None and after.lemma_.lower() in CONDITION_ADJECTIVES and after.pos_ == "ADJ":
        how = after  # a dispatch's "1 critical, 2 serious injuries"
    return (f"in {how.lower_} condition", how.text) if how is not None else None


def partitive_part(number: Token, clause: Token) -> tuple[str, str] | None:
    """"Two of the four people who were wounded had been discharged": a part of a toll of people told by a
    verb of its own, not the toll ("two of the victims died" is the toll of the dead); the part is named
    by that verb ("those discharged")."""
    of = next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if whole is None or clause.pos_ != "VERB" or clause.lemma_.lower() in _COUNTING_VERBS:
        return None
    if any(c.dep_ in _HARM_COMPLEMENTS and c.lemma_.lower() in DEATH_WORDS for c in clause.children):
        return None  # "left two of the guests dead": the toll of the dead, as "two of the guests died" is
    if not (whole.pos_ == "PRON" or counts_people(whole.lemma_.lower())):
        return None  # "15 of his 20 points": no people
    if not (any(c.dep_ in {"det", "nummod"} for c in whole.children) or whole.pos_ == "PRON"):
        return None  # (of a group someone has, "3,800 of its members joined the strike": all those the verb tells)
    return _those(number, clause), f"{number.text} of"


_LABEL_OBJECT_WORDS: Final = 4  # the most words of a verb's object a part's label repeats


def _those(number: Token, clause: Token) -> str:
    """A part's name from the verb that picks it out: "those taken" (done to them: "two of them were taken",
    "arrested two of the men"), "those with minor wounds" ("two of them have minor wounds"), "those placing an
    order", "those who entered the store" (what they did)."""
    obj = next((c for c in clause.children if c.dep_ == "dobj" and c.i != number.i), None)
    # the object up to its noun, as written ("non-life-threatening wounds"; not "to their legs" after it)
    words = obj.doc[obj.left_edge.i:obj.i + 1].text.split() if obj is not None and obj.left_edge.i <= obj.i else []
    told = " ".join(words[-_LABEL_OBJECT_WORDS:]).lower()
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in clause.children)
    if number.dep_ == "dobj" or (passive and number.dep_ != "nsubj"):
        return f"those {participle(clause.lemma_.lower(), False)}"
    if clause.lemma_.lower() == "have" and told:
        return f"those with {told}"
    if clause.tag_ == "VBG":
        return f"those {clause.lower_} {told}".strip()
    return f"those who {clause.lower_} {told}".strip()


def condition_state(clause: Token) -> tuple[str, str] | None:
    """"Four are in stable condition and one remains in serious condition", "the other two were listed in fair
    condition": the wounded counted by their condition, a part of the toll named by it."""
    if clause.lemma_.lower() not in CONDITION_VERBS:
        return None
    for noun in clause.subtree:  # "in critical condition", "listed as being in fair condition"
        if noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.lemma_.lower() in CONDITION_NOUNS \
                and not _other_subject_between(noun, clause):
            how = [a.lower_ for a in noun.children if a.dep_ in {"amod", "compound"}]
            return (f"in {how[0]} {noun.lower_}" if how else f"in {noun.lower_}"), noun.head.text
    return None


def _other_subject_between(tok: Token, clause: Token) -> bool:
    """A word sits in a clause of its own under ``clause``: a verb with a subject of its own on the way up, or a
    subject the parse joins to the clause ("three riders are dead and another in grave condition")."""
    for up in tok.ancestors:
        if up == clause:
            return False
        if any(c.dep_ in {"nsubj", "nsubjpass"} for c in up.children):
            return True
        if up.dep_ == "conj" and up.head.i == clause.i and up.pos_ in {"PRON", "NOUN", "PROPN", "NUM"}:
            return True
    return False


def _before_than(tok: Token) -> bool:
    return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "than"


def counts_people(lemma: str) -> bool:
    """Whether a noun names people: a role, a general word for people, or a kind the measures know."""
    return lemma in PART_NOUNS or lemma in WHOLE_NOUNS or SUBJECT_KINDS.get(lemma) in PEOPLE_KINDS


def group_name(counted: Token) -> str:
    """A part's name from its noun phrase, numbers and articles left out, the noun in the plural: "two city
    police officers" → "city police officers", "a sheriff's deputy" → "sheriff's deputies"."""
    words = []
    for left in counted.lefts:
        if left.dep_ not in {"compound", "amod", "poss"}:
            continue
        for tok in left.subtree:
            if tok.like_num or tok.dep_ in {"det", "nummod", "punct"} or tok.ent_type_ in {"DATE", "CARDINAL"}:
                continue
            if tok.lower_ in OTHER_WORDS | INCREMENT_WORDS:
                continue
            words.append(tok.text if tok.pos_ == "PROPN" else tok.lower_)
    name = " ".join([*words, plural_of(counted)])
    return name.replace(" 's", "'s").replace(" ’s", "’s")


def plural_of(noun: Token) -> str:
    """A noun in the plural, as written when it is ("guests"), else its lemma made plural."""
    if noun.tag_ in {"NNS", "NNPS"}:
        return noun.lower_ if noun.pos_ != "PROPN" else noun.text
    return plural(noun.lemma_.lower())
