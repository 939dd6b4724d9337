"""Attribution: who said a sentence and through whom it was relayed; what a number measures.

Works on one parsed spaCy Doc per article (the NLP stage calls `analyze_doc`), so everything
here sees the dependency parse. Rules, all general:

- A reporting clause is a verb of saying ("said", "told", "reported", "quoted", "added" …) with
  a subject, or "according to X". Its subject is a speaker.
- With several reporting clauses in one sentence, the one nearest the reported content is the
  speaker and the outer ones are relays ("…, the statement says, RT reported": speaker "the
  statement", via "RT reported"). "X told Reuters" has speaker X and via "told Reuters";
  "SANA quoted Y as saying" has speaker Y and via "SANA quoted". A news organisation that
  "reported" something with no other speaker named is both the speaker and the relay.
- A quotation spanning several sentences takes the speaker named where the quote closes.
- Pronouns and generic heads ("He said", "It added", "the statement says") take the most recent
  speaker of a compatible kind in the same article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from newsfuse.extract.quantities import PARENT_NOUNS
from newsfuse.inflection import participle
from newsfuse.types import Attribution, QuantityInContext, QuantityMention

REPORTING_VERBS = frozenset(
    """say tell report state claim announce add note estimate confirm deny stress insist warn write
    quote underline reiterate explain declare indicate reveal assert allege acknowledge admit argue
    tweet post publish cite accuse predict suggest conclude mention remark observe emphasize emphasise
    testify inform brief recount describe repeat maintain counter respond reply calculate list""".split()
)
RELAY_VERBS = frozenset({"report", "quote", "cite", "publish", "broadcast", "carry"})
MEDIA_WORDS = frozenset(
    """agency news newspaper television tv radio channel outlet broadcaster daily times post press
    journal gazette herald tribune wire magazine website reuters ap afp bbc cnn""".split()
)
GENERIC_SPEAKERS = frozenset({"statement", "report", "communique", "release", "announcement", "document",
                              "bulletin", "post", "data", "message"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
THING_PRONOUNS = frozenset({"it", "they", "its"})
_QUOTE_OPEN = "“\"«"
_QUOTE_CLOSE = "”\"»"

DAMAGED = "destroyed or damaged"


def _by_word(groups: dict[str, str]) -> dict[str, str]:
    """{label: "word word …"} → {word: label}; the first label listing a word keeps it."""
    out: dict[str, str] = {}
    for label, words in groups.items():
        for word in words.split():
            out.setdefault(word, label)
    return out


# What a number measures: verb / adjective lemmas mapped to one label per kind of happening.
MEASURES = _by_word({
    "killed": "kill die dead death slay eliminate execute massacre perish lose murder behead",
    "injured": "injure wound hurt maim injured wounded",
    "hospitalised": "hospitalize hospitalise admit treat",
    "striking": "strike",
    # Outlets use these verbs loosely for one toll ("flattened seven villages", "damaged about 15").
    DAMAGED: "destroy wipe hit demolish obliterate neutralize neutralise take knock flatten level raze "
             "collapse topple devastate ruin damage affect",
    "trapped": "trap live remain stay besiege encircle surround strand shelter reside",
    "displaced": "flee displace evacuate escape leave homeless",
    "captured": "capture seize arrest detain abduct kidnap",
    "delivered": "deliver supply airdrop drop send ship provide airlift",
    "advanced": "advance move push progress",
    "conducted": "conduct fly carry launch perform",
})

# The kind of thing counted: people categories collapse, other lemmas stay as they are.
SUBJECT_KINDS = _by_word({
    "militants": "militant fighter terrorist insurgent jihadist rebel extremist gunman combatant jihadi",
    "soldiers": "soldier troop serviceman servicemen trooper marine guard personnel",
    "civilians": "civilian resident inhabitant villager citizen evacuee",
    "people": "people person death fatality victim casualty",
    "children": "child kid minor",
    "workers": "worker member employee staff striker dockworker docker labourer laborer",
    "cost": "cost bill price budget fund funding spending expenditure",
    "earthquake": "earthquake quake tremor temblor",
    "valuables": "jewelry jewellery jewel diamond gem gemstone watch necklace valuable",
})
# What a robbery takes is what it is worth: "a two-million-euro heist" values the loot.
TAKING_NOUNS = frozenset("heist robbery theft burglary raid haul loot booty swag".split())


# Things whose count needs no verb to say what it counts: happenings ("at least four aftershocks
# followed", "there were four aftershocks") and legal counts ("handed four life sentences", "sentenced to
# four life terms", "faces more than 50 charges", "convicted on more than 50 charges").
COUNTED_AS_SUCH = "number"
EVENT_SUBJECTS = frozenset("""earthquake aftershock explosion blast attack airstrike raid sortie clash protest
    demonstration shooting bombing sentence charge count conviction""".split())


def _counts_kin(number: Token) -> bool:
    """ "a mother of 12": a person's children are counted as such, whatever the verb of the sentence."""
    of = number.head
    return of.lower_ == "of" and of.head.lemma_.lower() in PARENT_NOUNS and not any(
        c.dep_ == "pobj" for c in of.children if c.i != number.i)


def normalize_subject(counted: str | None) -> str | None:
    if not counted:
        return None
    lemma = counted.lower()
    return SUBJECT_KINDS.get(lemma, lemma)


@dataclass(frozen=True, slots=True)
class _Clause:
    verb: Token
    speaker: Span | None
    phrase: Span | None  # the subject as written, for relay text ("Syria's official news agency SANA")
    depth: int


def _subtree_span(token: Token) -> Span:
    left, right = token.left_edge.i, token.right_edge.i + 1
    doc = token.doc
    # Trim punctuation and quotes at the edges.
    while left < right and (doc[left].is_punct or doc[left].is_quote):
        left += 1
    while right > left and (doc[right - 1].is_punct or doc[right - 1].is_quote):
        right -= 1
    return doc[left:right]


def _speaker_phrase(token: Token, appositions: bool = True) -> Span:
    """The noun phrase of a speaker: the head noun with its modifiers, not relative clauses."""
    doc = token.doc
    keep = [token]
    deps = {"compound", "amod", "det", "poss", "nmod", "flat", "case", "nummod"} | ({"appos"} if appositions else set())
    for child in token.children:
        if child.dep_ in deps or (
            child.dep_ == "prep" and child.i > token.i and child.lower_ in {"of", "for"}
        ):
            keep.extend(child.subtree)
    left = min(t.i for t in keep)
    right = max(t.i for t in keep) + 1
    while left < right and (doc[left].is_punct or doc[left].is_quote):
        left += 1
    while right > left and (doc[right - 1].is_punct or doc[right - 1].is_quote):
        right -= 1
    return doc[left:right]


NOT_SPEAKERS = frozenset({"which", "that", "who", "i", "we", "you", "me", "us"})
SPEAKER_ENTS = frozenset({"PERSON", "ORG"})


def _entity_at(token: Token) -> Span | None:
    return next((e for e in token.doc.ents if e.start <= token.i < e.end and e.label_ in SPEAKER_ENTS), None)


def _speaker_of(subject: Token) -> Span:
    """The speaker a subject names: the person or organisation at its head, else the noun phrase.

    "Russian General Staff spokesman Sergey Rudskov" → "Sergey Rudskov"; "the provincial governor,
    Mohammed Samra" → "Mohammed Samra"; "the Russian defense ministry" stays as it is. A mis-parsed
    clausal subject ("The British based Syrian Observatory …") yields the organisation inside it.
    """
    if subject.dep_ == "csubj":
        span = _subtree_span(subject)
        ents = [e for e in subject.doc.ents if e.start >= span.start and e.end <= span.end
                and e.label_ in SPEAKER_ENTS]
        return max(ents, key=len) if ents else span
    phrase = _speaker_phrase(subject, appositions=False)
    if phrase and phrase[0].lower_ in {"our", "my"}:  # "according to our data": the quoted speaker's own
        return phrase[0:0]
    for head in (subject, *(c for c in subject.children if c.dep_ == "appos"), phrase[-1] if phrase else subject):
        entity = _entity_at(head)
        if entity is not None:
            return entity
    # "Syria's official news agency SANA": the name that ends the phrase
    whole = _speaker_phrase(subject, appositions=True)
    named = [e for e in whole.doc.ents if e.start >= whole.start and e.end == whole.end and e.label_ in SPEAKER_ENTS]
    if named:
        return named[0]
    if len(whole) > 1 and whole[-1].pos_ == "PROPN" and whole[-1].is_upper and len(whole[-1]) > 1:
        return whole[-1:]  # an agency's acronym NER missed ("… news agency SABA")
    return phrase


def _depth(token: Token) -> int:
    depth = 0
    while token.head is not token and depth < 100:
        token = token.head
        depth += 1
    return depth


def _is_media(span: Span) -> bool:
    words = {t.lower_ for t in span}
    return bool(words & MEDIA_WORDS) or any(t.ent_type_ == "ORG" and t.is_upper and len(t) <= 5 for t in span)


def _clauses(sent: Span) -> list[_Clause]:
    clauses: list[_Clause] = []
    for tok in sent:
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            prep = next(c for c in tok.children if c.lower_ == "to")
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            speaker = _speaker_of(obj) if obj is not None else None
            if speaker is not None and len(speaker):
                clauses.append(_Clause(tok, speaker, _speaker_phrase(obj), _depth(tok) + 1))
            continue
        if tok.pos_ not in {"VERB", "AUX"}:
            continue
        if tok.lemma_.lower() not in REPORTING_VERBS and not _puts_a_figure(tok):
            continue
        # The speaker is the subject of an active verb, or the agent of a passive one ("was reported
        # by X"); a passive subject ("four deaths were confirmed") is what was said, not who said it.
        subjects = [c for c in tok.children if c.dep_ in {"nsubj", "csubj"}]
        # "Yemen's official news agency SABA reported" is sometimes parsed with two subjects: the name
        subj = next((c for c in subjects if c.pos_ == "PROPN"), subjects[0]) if subjects else None
        if subj is None:
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if subj is None and (tok.dep_ == "conj" or (tok.dep_ == "advcl" and tok.tag_ != "VBN")):
            # "… and added", "…, adding that": the subject is shared; a passive participle ("watches
            # estimated to be worth …") has no speaker of its own
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        speaker = _speaker_of(subj) if subj is not None else None
        if speaker is not None and (not len(speaker) or speaker.root.lower_ in NOT_SPEAKERS):
            speaker = None
        phrase = _speaker_phrase(subj) if speaker is not None and subj is not None else None
        clauses.append(_Clause(tok, speaker, phrase, _depth(tok)))
    return clauses


FIGURE_NOUNS = frozenset({"figure", "number", "toll", "count", "estimate", "total", "tally"})


def _puts_a_figure(verb: Token) -> bool:
    """"The ministry put the figure at 2,000", "police put the march at roughly 30,000"."""
    if verb.lemma_.lower() not in {"put", "place", "estimate"}:
        return False
    if any(c.dep_ == "dobj" and c.lemma_.lower() in FIGURE_NOUNS for c in verb.children):
        return True
    at = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "at"), None)
    return at is not None and any(t.like_num for t in at.subtree)


def _relay_text(clause: _Clause) -> str:
    verb = clause.verb
    doc = verb.doc
    parts = [clause.phrase.text] if clause.phrase is not None else []
    parts.append(verb.text)
    if verb.lemma_.lower() == "tell":
        obj = next((c for c in verb.children if c.dep_ in {"dobj", "dative", "iobj"}), None)
        if obj is not None:
            parts = [verb.text, _speaker_phrase(obj).text]
    text = " ".join(parts)
    return re.sub(r"\s+", " ", text).strip() or doc[verb.i : verb.i + 1].text


CONTRAST_MARKS = frozenset({"while", "whereas", "whilst"})


SPOKES_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative", "mouthpiece"})
# Offices whose holder speaks for the organisation they hold it in ("general secretary of the union").
OFFICE_NOUNS = frozenset({"secretary", "director", "chief", "head", "chair", "chairman", "chairwoman",
                          "chairperson", "president", "leader", "executive", "commissioner", "superintendent"})


def affiliated(doc: Doc, attribution: Attribution | None) -> Attribution | None:
    """The attribution with whom its speaker speaks for, when the text says so: "Derek Holm, a
    spokesman for the county emergency office", "a spokeswoman for the ministry", "the ministry's
    spokesman" (that body is the source: its spokesman and its statement are not two sources)."""
    if attribution is None or attribution.speaker_start is None or attribution.speaker_end is None:
        return attribution
    span = doc.char_span(attribution.speaker_start, attribution.speaker_end, alignment_mode="expand")
    if span is None:
        return attribution
    root = span.root
    role = root if root.lemma_.lower() in SPOKES_NOUNS else next(
        (c for c in root.children if c.dep_ in {"appos", "compound"} and c.lemma_.lower() in SPOKES_NOUNS), None)
    if role is None:
        body = _organisation_of(root)
        return replace(attribution, affiliation=body.text) if body is not None else attribution
    titled = [t for c in role.children if c.dep_ == "compound" and c.i < role.i for t in c.subtree]
    if titled:  # "Interior Ministry spokesman Ali Reza"
        return replace(attribution, affiliation=doc[min(t.i for t in titled): max(t.i for t in titled) + 1].text)
    body = next((g for c in role.children if c.dep_ == "prep" and c.lower_ in {"for", "of"}
                 for g in c.children if g.dep_ == "pobj"), None)
    body = body or next((c for c in role.children if c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN"}), None)
    if body is None:
        return attribution
    phrase = _speaker_phrase(body, appositions=False)
    if len(phrase) > 1 and phrase[-1].dep_ == "case":
        phrase = phrase[:-1]
    return replace(attribution, affiliation=phrase.text)


def _organisation_of(person: Token) -> Span | None:
    """The organisation a named person is introduced as belonging to: "Tomas Brennick of the
    United Harbour Workers", "Rosa Delgado, general secretary of the union's federation" (an office
    noun in apposition). Only a body NER calls an organisation: "Mayor Ann Lee of Springfield" is
    not the town speaking."""
    if person.ent_type_ != "PERSON":
        return None
    holders = [person, *(c for c in person.children if c.dep_ == "appos" and c.lemma_.lower() in OFFICE_NOUNS)]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in ({"of"} if holder is person else {"of", "for", "at"}):
                continue
            body = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if body is not None and body.ent_type_ == "ORG":
                phrase = _speaker_phrase(body, appositions=False)
                return phrase[:-1] if len(phrase) > 1 and phrase[-1].dep_ == "case" else phrase
    return None


def _figure_owner(number: Token) -> Span | None:
    """Whose figure a number is when the text says so: "the union's count of about 4,500", "the
    ministry's estimate of 300" (the possessor of a figure noun the number is "of")."""
    tok = number
    while tok.dep_ in {"nummod", "quantmod", "compound"} and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.lower_ != "of" or tok.head.head.lemma_.lower() not in FIGURE_NOUNS:
        return None
    owner = next((c for c in tok.head.head.children if c.dep_ == "poss"), None)
    if owner is None or owner.lower_ in PERSON_PRONOUNS | THING_PRONOUNS | {"their", "his", "her", "my", "our"}:
        return None
    phrase = _speaker_phrase(owner, appositions=False)
    return phrase[:-1] if len(phrase) > 1 and phrase[-1].dep_ == "case" else phrase


def _nests(outer: Token, inner: Token) -> bool:
    """True when `inner` is inside `outer`'s clause, not just coordinated with it ("X said …
    and Y said …" coordinates; "X said Y said …" nests)."""
    lo, hi = sorted((inner.i, outer.i))
    if any(t.text == ";" for t in inner.doc[lo:hi]):  # "X has said A; Y says B": two sentences in one
        return False
    tok = inner
    while tok.i != outer.i:
        if tok.dep_ == "conj" or tok.head.i == tok.i:
            return False
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in tok.children):
            return False  # "X said A, while Y lists B": the writer sets two speakers side by side
        tok = tok.head
    return True


def clause_attribution(sent: Span, number: Token) -> Attribution | None:
    """The speaker of the reporting clause that governs a number, when the sentence has several
    side by side ("the centre said it measured 5.9, but the survey said it was a 6.1"), or whose
    figure it is ("against the union's count of about 4,500"); None when one clause reports the
    whole sentence."""
    owner = _figure_owner(number)
    if owner is not None:
        return Attribution(owner.text, owner.start_char, owner.end_char, ())
    pronouns = PERSON_PRONOUNS | THING_PRONOUNS
    # clauses that name their speaker ("the hospital says it admitted about 12": the hospital)
    named = {c.verb.i: c for c in _clauses(sent) if c.speaker is not None and c.verb.lower_ != "according"
             and c.speaker.root.lower_ not in pronouns}
    if len(named) < 2:
        return None
    governing = next((named[t.i] for t in number.ancestors if t.i in named), None)
    if governing is None:
        return None
    # side by side ("…, but Y said"): no other reporting clause nests in the governing one or holds it
    others = [c for i, c in named.items() if i != governing.verb.i]
    if any(_nests(governing.verb, c.verb) or _nests(c.verb, governing.verb) for c in others):
        return None
    speaker = governing.speaker
    assert speaker is not None
    return Attribution(speaker.text, speaker.start_char, speaker.end_char, ())


def attribute_sentence(sent: Span) -> Attribution | None:
    """The speaker and relay chain of one sentence, from its own words only."""
    clauses = [c for c in _clauses(sent) if (c.speaker is not None or c.verb.lower_ == "according")
               and c.verb.lower_ != "citing"]  # "…, citing Y": whom the report cites (``_cited``)
    if not clauses:
        return None
    clauses.sort(key=lambda c: (-c.depth, c.verb.i))  # innermost first
    speaker_clause = clauses[0]
    via: list[str] = []
    for outer in clauses[1:]:
        if outer.speaker is not None:
            via.append(_relay_text(outer))
    speaker = speaker_clause.speaker
    verb = speaker_clause.verb
    lemma = verb.lemma_.lower()
    if lemma == "tell":
        obj = next((c for c in verb.children if c.dep_ in {"dobj", "dative", "iobj"}), None)
        if obj is not None and obj.pos_ == "PROPN":
            via.insert(0, _relay_text(speaker_clause))
    elif lemma in {"quote", "cite"}:
        quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if quoted is not None:
            via.insert(0, _relay_text(speaker_clause))
            speaker = _speaker_of(quoted)
    elif lemma in RELAY_VERBS and speaker is not None and _is_media(speaker_clause.phrase or speaker) and not via:
        via.append(_relay_text(speaker_clause))
    cited = _cited(sent) if lemma not in {"quote", "cite"} and speaker is not None else None
    if cited is not None:  # "X reported, citing Y": Y said it, X relayed it
        relay = _relay_text(speaker_clause)
        if relay not in via:
            via.insert(0, relay)
        speaker = cited
    if speaker is None:
        return Attribution(None, None, None, tuple(via)) if via else None
    return Attribution(speaker.text, speaker.start_char, speaker.end_char, tuple(via))


def _cited(sent: Span) -> Span | None:
    """Whom a sentence's report cites: "…, the Valley Wire reported, citing St. Brendan's Hospital"
    (a participle "citing" with its object, wherever the parse attaches it)."""
    citing = next((t for t in sent if t.lower_ == "citing" and t.dep_ in {"advcl", "xcomp", "conj", "acl"}), None)
    quoted = next((c for c in citing.children if c.dep_ == "dobj"), None) if citing is not None else None
    return _speaker_of(quoted) if quoted is not None else None


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of quotations (opening to closing mark)."""
    regions = []
    for match in re.finditer(r"[“\"«]([^“”\"«»]{1,4000})[”\"»]", text):
        regions.append((match.start(), match.end()))
    return regions


def attribute_doc(doc: Doc) -> list[Attribution | None]:
    """Attribution per sentence of a Doc, with quotes, pronouns and generic speakers resolved."""
    sents = list(doc.sents)
    own = [attribute_sentence(s) for s in sents]
    # A quote spanning several sentences takes the attribution of the sentence where it closes.
    for q_start, q_end in _quote_regions(doc.text):
        closing = next((i for i, s in enumerate(sents) if s.start_char <= q_end - 1 < s.end_char), None)
        if closing is None:
            continue
        source = own[closing]
        if source is None:
            # A quote that goes on from the previous sentence's attributed quote ("“…,” X said. “…”").
            opening = next((i for i, s in enumerate(sents) if s.start_char <= q_start < s.end_char), 0)
            before = sents[opening - 1] if opening > 0 else None
            if before is not None and any(c in before.text for c in _QUOTE_CLOSE):
                source = own[opening - 1]
        if source is None:
            continue
        for i, s in enumerate(sents):
            if own[i] is None and s.start_char >= q_start and s.end_char <= q_end + 2:
                own[i] = source
    return _resolve_references(doc, own)


def _resolve_references(doc: Doc, own: list[Attribution | None]) -> list[Attribution | None]:
    last_person: Attribution | None = None
    last_thing: Attribution | None = None
    resolved: list[Attribution | None] = []
    for attribution in own:
        if attribution is None or attribution.speaker_text is None:
            resolved.append(attribution)
            continue
        head = _head_word(doc, attribution)
        words = attribution.speaker_text.lower().split()
        if words and words[0] in PERSON_PRONOUNS and len(words) == 1:
            attribution = _inherit(attribution, _latest(last_person, _person_before(doc, attribution.speaker_start)))
        elif words and (len(words) == 1 and words[0] in THING_PRONOUNS or head in GENERIC_SPEAKERS and
                        words[0] in {"the", "this", "that", "its", "their", "a"}):
            attribution = _inherit(attribution, last_thing)
        if attribution.speaker_start is not None:
            span = doc.char_span(attribution.speaker_start, attribution.speaker_end, alignment_mode="expand")
            is_person = span is not None and any(t.ent_type_ == "PERSON" for t in span)
            if is_person:
                last_person = attribution
            elif attribution.speaker_text.lower() not in PERSON_PRONOUNS:
                last_thing = attribution
        resolved.append(attribution)
    return resolved


def _person_before(doc: Doc, offset: int | None) -> Attribution | None:
    """The person named last before an offset ("Papandreou … He said" → Papandreou)."""
    if offset is None:
        return None
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= offset]
    if not people:
        return None
    last = people[-1]
    return Attribution(last.text, last.start_char, last.end_char)


def _latest(a: Attribution | None, b: Attribution | None) -> Attribution | None:
    """Of two antecedents, the one named nearer (later) in the text."""
    if a is None or b is None:
        return a or b
    return a if (a.speaker_start or -1) >= (b.speaker_start or -1) else b


def _head_word(doc: Doc, attribution: Attribution) -> str:
    assert attribution.speaker_text is not None
    return attribution.speaker_text.lower().split()[-1]


def _inherit(attribution: Attribution, antecedent: Attribution | None) -> Attribution:
    if antecedent is None:
        return attribution
    return Attribution(antecedent.speaker_text, antecedent.speaker_start, antecedent.speaker_end,
                       attribution.via or antecedent.via)


# --------------------------------------------------------------------------- quantity context

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    if root.pos_ in {"VERB", "AUX"}:  # a hedge that is a verb phrase: "estimated to be worth 2 million euros"
        first = next((t for t in span if t.i > root.i and (t.like_num or t.tag_ == "CD")), None)
        if first is not None:
            return doc[first.i: span.end].root
    return root


VAGUE_NUMBER_NOUNS = frozenset({"hundred", "thousand", "dozen", "ten", "million", "billion", "number", "score"})


def _counted_token(number: Token, counted: str | None = None) -> Token:
    """The token of the thing counted: the noun with the counted lemma nearest after the number,
    else the first real noun up the tree from the number."""
    if counted:
        sent = number.sent
        matches = [t for t in sent if t.lemma_.lower() == counted.lower() and t.pos_ in {"NOUN", "PROPN"}]
        if matches:
            return min(matches, key=lambda t: (t.i < number.i, abs(t.i - number.i)))
    tok = number
    for _ in range(4):
        if tok.pos_ in {"NOUN", "PROPN"} and not tok.like_num and tok.lemma_.lower() not in VAGUE_NUMBER_NOUNS:
            return tok
        if tok.head is tok:
            break
        tok = tok.head
    return number


STOPPAGE_NOUNS = frozenset({"strike", "stoppage", "walkout", "walk-out"})
HOSPITAL_NOUNS = frozenset({"hospital", "clinic"})
DEATH_NOUNS = frozenset({"death", "fatality"})
CARE_NOUNS = frozenset({"surgery", "treatment", "operation", "wound", "injury", "burn"})


def _verb_measure(verb: Token, below: Token | None = None) -> str | None:
    """The measure a verb names, reading its objects where the verb alone says little. A verb with
    no measure of its own is named by itself: as a participle (``_as_participle``) when ``below``,
    the word on the path from the counted thing up to the verb, says which one; else its lemma."""
    lemma = verb.lemma_.lower()
    objects = [c for c in verb.children if c.dep_ in {"dobj", "attr", "prep", "acomp"}]
    nouns = {t.lemma_.lower() for c in objects for t in c.subtree if t.pos_ == "NOUN"}
    if nouns & HOSPITAL_NOUNS and lemma in {"take", "send", "rush", "bring", "be", "admit", "treat", "fly"}:
        return "hospitalised"  # "taken to hospital", "were in hospital"
    if nouns & STOPPAGE_NOUNS and lemma in {"be", "join", "go", "stay", "remain", "come"}:
        return "striking"  # "were on strike", "joined the stoppage"
    if nouns & CARE_NOUNS and lemma in EXPERIENCER_VERBS:
        return "injured"  # "underwent surgery for gunshot wounds", "received treatment"
    if lemma == "take":
        if any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
            return DAMAGED
        return _as_participle(verb, below) if below is not None else lemma
    if any(c.dep_ == "prep" and c.lower_ == "to" and any(g.lemma_.lower() == "death" for g in c.children)
           for c in verb.children):
        return "killed"  # "shot to death", "beaten to death"
    if lemma in LIGHT_VERBS:  # "left 31,000 people dead", "caused damage": the complement says what
        for child in verb.children:
            word = child.lemma_.lower()
            if child.dep_ in {"oprd", "acomp", "xcomp", "ccomp", "advcl"} and word in MEASURES:
                return MEASURES[word]
            if child.dep_ == "dobj" and word in MEASURE_NOUNS:
                return MEASURE_NOUNS[word]
    if lemma in ASPECT_VERBS:  # "began moving", "continued to shell": the action itself
        action = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if action is not None:
            return _verb_measure(action)
    if lemma in MEASURES:
        return MEASURES[lemma]
    if verb.pos_ == "VERB" and lemma not in REPORTING_VERBS:
        return _as_participle(verb, below) if below is not None else lemma
    return None


LIGHT_VERBS = frozenset({"leave", "cause", "inflict", "wreak", "bring", "result"})
ASPECT_VERBS = frozenset({"begin", "start", "continue", "keep", "resume"})
# Nouns that name the happening ("caused major destruction in seven villages", "the deaths of ten").
MEASURE_NOUNS = {"destruction": DAMAGED, "damage": DAMAGED, "death": "killed", "injury": "injured",
                 "evacuation": "displaced", "arrest": "captured"}


PEOPLE_MEASURES = frozenset({"killed", "injured", "hospitalised", "displaced", "trapped", "captured", "striking",
                             "population"})


SETTLEMENT_NOUNS = frozenset({"city", "town", "village", "island", "country", "nation", "metropolis", "community"})


def _name_at(head: Token) -> Span:
    """A proper name with the compound words before its head ("Bandar" + "Abbas")."""
    names = [t for c in head.lefts if c.dep_ == "compound" for t in c.subtree]
    return head.doc[min([t.i for t in names], default=head.i): head.i + 1]


def _settlement_named(sent: Span, number: Token) -> str | None:
    """The place "a city of 500,000 people" stands beside ("Bandar Abbas, a city of 500,000 people")."""
    for tok in [number, *list(number.ancestors)[:4]]:
        if tok.lemma_.lower() in SETTLEMENT_NOUNS and tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
            return _name_at(tok.head).text  # the name a place noun stands beside is a place, whatever NER says
    return None


def _is_population(number: Token) -> bool:
    """"a population of 120,000", "home to 120,000 people", "which has about 200,000 residents"."""
    for tok in [number, *list(number.ancestors)[:4]]:
        lemma = tok.lemma_.lower()
        if lemma == "population" or (lemma == "home" and any(c.lower_ == "to" for c in tok.children)):
            return True
        if lemma in SETTLEMENT_NOUNS and tok.i < number.i and any(
                c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            return True  # "a city of 500,000 people", "a town of about 15,000"
        if lemma == "have" and tok.pos_ in {"VERB", "AUX"}:
            objects = [c for c in tok.children if c.dep_ == "dobj"]
            return any(o.lemma_.lower() in {"resident", "inhabitant", "people", "population"} for o in objects)
    return False


# The count of those who did something to something ("two gunmen killed five people", "four men rammed
# their car into the store", "two helicopters were evacuating the injured") is not a count of what was done.
DOERS = "involved"
# Verbs whose subject undergoes rather than does ("two men underwent surgery", "ten soldiers suffered wounds").
EXPERIENCER_VERBS = frozenset({"undergo", "receive", "suffer", "sustain", "need", "require", "get", "have",
                               "lose", "face", "see"})
LINKING_VERBS = frozenset({"appear", "seem", "look", "become", "stay", "feel", "prove"})


def _is_doer(counted: Token) -> bool:
    """The counted thing is the active subject of an action verb with an object or a particle."""
    if counted.dep_ != "nsubj" or counted.head.pos_ != "VERB":
        return False
    verb = counted.head
    if verb.lemma_.lower() in ASPECT_VERBS:  # "began moving the injured"
        verb = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), verb)
    lemma = verb.lemma_.lower()
    if lemma in REPORTING_VERBS | EXPERIENCER_VERBS | COPULAS | LIGHT_VERBS | LINKING_VERBS:
        return False
    if _verb_measure(verb) == "striking":  # "2,500 workers joined the strike": they are the strikers
        return False
    # an object, a particle ("made off"), or a participle used as a noun ("were evacuating injured")
    return any(c.dep_ in {"dobj", "prt"} or (c.dep_ == "xcomp" and c.tag_ in {"VBN", "JJ"}) for c in verb.children)


def measure_of(number: Token, dimension: str, counted_lemma: str | None = None) -> str | None:
    """The happening a number is about: the verb or adjective that governs the counted thing."""
    if dimension == "duration":
        return "duration"
    if counted_lemma and counted_lemma.lower() in DEATH_NOUNS:
        return "killed"  # "four deaths"
    if _is_population(number):
        return "population"
    counted = _counted_token(number, counted_lemma)
    for child in counted.children:  # "civilians trapped in the city", "terrorists killed"
        if child.dep_ in {"acl", "relcl", "amod"} and child.lemma_.lower() in MEASURES:
            return MEASURES[child.lemma_.lower()]
    if _is_doer(counted):
        return DOERS
    tok, below = counted, counted
    for _ in range(8):  # "40 percent to 70 percent of the buildings in seven villages were destroyed"
        if tok is not counted and tok.pos_ == "NOUN" and tok.lemma_.lower() in MEASURE_NOUNS:
            return MEASURE_NOUNS[tok.lemma_.lower()]
        if tok.pos_ in {"VERB", "AUX"} or (tok.pos_ == "ADJ" and tok.lemma_.lower() in MEASURES):
            measure = _verb_measure(tok, below)
            if measure is not None:
                return measure
        if tok.head is tok:
            break
        tok, below = tok.head, tok
    return None


def _as_participle(verb: Token, below: Token) -> str:
    """A verb with no measure of its own, named as a participle with its particle: "31 ships were
    waiting" -> "waiting" (the counted things do it), "turned down three invitations" -> "turned
    down" (it was done to them)."""
    active = below.dep_ == "nsubj" and not any(c.dep_ == "auxpass" for c in verb.children)
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    word = participle(verb.lemma_.lower(), active)
    return f"{word} {particle}" if particle else word


UNIT_WORDS = frozenset("""percent per cent euro dollar pound yen yuan franc rupee ruble rouble million billion trillion
    km kilometre kilometer mile metre meter centimetre millimetre inch foot feet ton tonne kilogram kg gram
    litre liter gallon barrel hour day week month year magnitude degree strength force intensity scale
    reading mph kph""".split())


COPULAS = frozenset({"be", "remain", "total", "reach", "stand", "amount", "come", "rise", "fall", "climb"})


def measured_subject(number: Token, mention_start: int, mention_end: int) -> str | None:
    """What a measured amount is of ("a fund of 400 million euros" → fund, "142 millimetres of rain" →
    rain): the first noun outside the number's own words, up the tree, then in "of" phrases."""
    tok = number
    for _ in range(5):
        if tok.lower_ == "worth" and tok.head.pos_ in {"VERB", "AUX"}:
            # "grabbed jewelry and watches worth two million euros": the object just before is worth it
            objs = [t for t in tok.sent if t.i < tok.i and t.dep_ == "dobj" and t.pos_ == "NOUN"]
            if objs:
                return objs[-1].lemma_.lower()
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ == "NOUN" and pobj.lemma_.lower() not in UNIT_WORDS:
                    return pobj.lemma_.lower()
        if tok.pos_ == "NOUN" and not mention_start <= tok.idx < mention_end and tok.lemma_.lower() not in UNIT_WORDS:
            while tok.dep_ == "conj" and tok.head.pos_ == "NOUN":  # "jewelry and watches worth …": the first
                tok = tok.head
            return tok.lemma_.lower()
        if tok.dep_ in {"attr", "dobj", "pobj"} and tok.head.lemma_.lower() in COPULAS:
            # "the bill is 600 million euros", "the fund will total …": the subject of the copula
            subj = next((c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None and subj.pos_ == "NOUN" and subj.lemma_.lower() not in UNIT_WORDS:
                return subj.lemma_.lower()
        if tok.head is tok:
            break
        tok = tok.head
    return None


TIME_UNITS = frozenset({"year", "month", "week", "fortnight", "day", "night", "hour", "minute", "second",
                        "decade", "century", "millennium"})
WINDOW_WORDS = frozenset({"last", "past", "next", "coming", "previous", "within", "ago"})
WINDOW_PREPOSITIONS = frozenset({"in", "within", "during", "throughout"})  # "rain fell in the 24 hours to …"


def duration_subject(number: Token) -> str | None:
    """What lasted: the noun a duration modifies ("three-year siege", "under siege for …") or a state
    verb ("besieged for …", "trapped for …"). None for reporting windows ("over the last 24 hours",
    "over two days of operations", "in the 24 hours to Monday") and for anything else: those are
    not cross-checked."""
    sent = number.sent
    window = sent.doc[max(sent.start, number.i - 3): number.i]
    if any(t.lower_ in WINDOW_WORDS for t in window):
        return None
    tok = number
    for _ in range(6):
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and lemma not in TIME_UNITS and lemma not in VAGUE_NUMBER_NOUNS:
            if tok.dep_ == "pobj" and tok.head.lower_ == "of":  # "two days of operations": a window
                return None
            return _event_noun(lemma)
        if tok.pos_ == "ADP" and tok.lower_ in WINDOW_PREPOSITIONS:
            return None
        if tok.pos_ in {"VERB", "AUX"}:
            if lemma in _EVENT_NOUNS:
                return _EVENT_NOUNS[lemma]
            for child in tok.children:  # "has been under siege for …"
                if child.dep_ == "prep" and child.lower_ in {"under", "in"}:  # not "at the table"
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None and pobj.pos_ == "NOUN" and pobj.lemma_.lower() not in TIME_UNITS:
                        return _event_noun(pobj.lemma_.lower())
            return None
        if tok.head is tok:
            break
        tok = tok.head
    return None


_EVENT_NOUNS = {"besiege": "siege", "encircle": "siege", "surround": "siege", "trap": "siege",
                "blockade": "siege", "siege": "siege", "occupy": "occupation", "last": "duration",
                "strike": "strike", "rule": "rule", "control": "control", "hold": "control",
                "imprison": "imprisonment", "detain": "detention", "jail": "imprisonment", "sentence": "sentence"}


def _event_noun(lemma: str) -> str:
    return _EVENT_NOUNS.get(lemma, lemma)


def _tree_distance(a: Token, b: Token) -> int:
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    pos_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in pos_b:
            return k + pos_b[t.i]
    return 100


def _in_description(ent: Span, number: Token) -> bool:
    """A place inside a modifier clause or apposition that does not hold the number ("Deir ez-Zor,
    located … northeast of Damascus, …") describes another place; it does not locate the event."""
    for tok in ent.root.ancestors:
        if tok.dep_ in {"acl", "relcl", "appos"} and tok.lower_ not in COMPASS:
            return number not in tok.subtree
    return False


def _is_speaker_slot(tok: Token) -> bool:
    """The subject of a reporting verb, or the object of "according to" / "reported by"."""
    if tok.dep_ in {"nsubj", "csubj"}:
        return tok.head.lemma_.lower() in REPORTING_VERBS or _puts_a_figure(tok.head)
    if tok.dep_ == "pobj" and tok.head.lower_ in {"to", "by"}:
        gov = tok.head.head
        return gov.lower_ == "according" or gov.lemma_.lower() in REPORTING_VERBS
    return False


def _speaker_token(ent: Span) -> Token | None:
    """The speaker noun a place is part of ("Tehran's seismologic center said", "the U.S. Geological
    Survey in Golden said", "the governor of Qeshm island said"), if any."""
    for tok in (ent.root, *ent.root.ancestors):
        if _is_speaker_slot(tok):
            return tok
        if tok.pos_ in {"VERB", "AUX"}:
            return None
    return None


def _in_reporting_clause(ent: Span) -> bool:
    """Part of the speaker or the addressee of a reporting verb ("RT reported", "Tehran's seismologic
    center said", "told the Valley Wire"): it says who speaks, not where anything happened."""
    head = ent.root
    if head.dep_ in {"dobj", "dative"} and head.head.lemma_.lower() in REPORTING_VERBS:
        return True
    return _speaker_token(ent) is not None


GENERIC_PLACE_WORDS = frozenset("""the a an of island isle city town village province region district area
    county state capital port coast tourist""".split())


# Streets and squares lie inside the town the article is about; highways run through many.
SUB_TOWN_WORDS = frozenset("""street st avenue ave road boulevard blvd square lane plaza highway motorway freeway
    expressway interstate route""".split())


def _place_words(name: str) -> list[str]:
    return re.findall(r"[\w'’-]+", name.lower())


def generic_place(name: str) -> bool:
    """A name made only of generic words ("the Island", "City"): NER's slip, not a place."""
    words = _place_words(name)
    return not words or all(w in GENERIC_PLACE_WORDS for w in words)


def names_an_event_place(name: str) -> bool:
    """False for words that are not a place of their own ("Island", "the City"), for streets and
    squares, and for highways ("Interstate 75", "Stadiou Avenue"): none tells two events apart."""
    return not generic_place(name) and not any(w in SUB_TOWN_WORDS for w in _place_words(name))


_PLACE_NOUNS = frozenset({"town", "city", "village", "district", "province", "governorate", "region", "suburb",
                          "county", "neighbourhood", "neighborhood", "port", "island", "valley", "camp", "area"})


def place_spans(sent: Span) -> list[Span]:
    """Places named in a sentence: NER places, plus proper names that a place noun introduces
    ("the town of Ghanem Ali", "the Ghanem Ali area") even when NER took them for something else.
    Computed once per sentence (kept in the Doc's user_data: several rules ask)."""
    key = ("newsfuse.place_spans", sent.start, sent.end)
    cached = sent.doc.user_data.get(key)
    if cached is None:
        cached = sent.doc.user_data[key] = _place_spans(sent)
    return list(cached)


def _add_new(found: list[Span], span: Span) -> None:
    """Add a place span unless it overlaps one already found."""
    if len(span) and not any(e.start <= span.start < e.end or span.start <= e.start < span.end for e in found):
        found.append(span)


def _place_spans(sent: Span) -> list[Span]:
    doc = sent.doc
    ents = doc.user_data.get("newsfuse.ents")
    if ents is None:
        ents = doc.user_data["newsfuse.ents"] = list(doc.ents)
    found = [e for e in ents if sent.start <= e.start and e.end <= sent.end and e.label_ in PLACE_LABELS
             and not generic_place(e.text)]
    for tok in sent:
        compass = tok.lower_ in COMPASS  # "southwest of Bandar Abbas", whatever NER took the name for
        if not compass and tok.lemma_.lower() not in _PLACE_NOUNS:
            continue
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and pobj.pos_ == "PROPN":  # "the town of Ghanem Ali"
            _add_new(found, _name_at(pobj))
        elif not compass:  # "the Ghanem Ali area"
            names = [t for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" for t in c.subtree]
            if names:
                _add_new(found, sent.doc[min(t.i for t in names): max(t.i for t in names) + 1])
    return sorted(found, key=lambda e: e.start)


NON_LOCATIVE = frozenset({"from", "to", "toward", "towards", "between", "via", "than", "like", "against", "beyond"})


COMPASS = frozenset("""north south east west northeast northwest southeast southwest north-east north-west
    south-east south-west northward southward eastward westward""".split())


def _is_reference(span: Span) -> bool:
    """A reference point ("58 km from Bandar Abbas", "940 miles south of Tehran", "off the coast
    from the port city of Bandar Abbas")."""
    tok = span.root
    # climb out of "the port city of X", "the town of X"
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in _PLACE_NOUNS:
        tok = tok.head.head
    head = tok.head
    if tok.dep_ != "pobj":
        return False
    return head.lower_ in NON_LOCATIVE or (head.lower_ == "of" and head.head.lower_ in COMPASS)


def _locates(span: Span) -> bool:
    """A place that says where something is, not a reference point."""
    return not _is_reference(span)


REGION_WORDS = frozenset("""county valley province governorate region state river basin mountains coast sea gulf
    desert delta peninsula plain plains country""".split())


# US states as news datelines abbreviate them (AP style and postal codes): "Atlanta, Ga.", "Golden, Colo."
STATE_ABBREVIATIONS = frozenset("""ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich
    minn miss mo mont neb nev n.h n.j n.m n.y n.c n.d okla ore pa r.i s.c s.d tenn tex vt va wash w.va wis wyo
    al ak az ar ca co ct de fl hi ia id il in ks me mi mn ms mt nc nd ne nh nj nm nv ny oh ok or ri sc sd tn tx
    ut wa wi wv wy dc d.c""".split())


@lru_cache(maxsize=4096)
def is_broad_place(name: str) -> bool:
    """Countries, states and areas ("Iran", "Kerman province", "the Euphrates River valley") contain
    many events; towns, districts and sites locate one."""
    from newsfuse.geo import geocode, is_region

    words = name.split()
    if not words or words[-1].lower() in REGION_WORDS or name.strip().rstrip(".").lower() in STATE_ABBREVIATIONS:
        return True
    return is_region(geocode(name))


def _place_rank(span: Span) -> int:
    """Towns, sites and introduced names locate an event better than broad names (rivers, regions,
    countries)."""
    from newsfuse.geo import geocode

    if is_broad_place(span.text):
        return 1
    return 1 if span.label_ == "LOC" and geocode(span.text) is None else 0


def place_in_clause(sent: Span, number: Token, dimension: str = "count") -> str | None:
    """The place of the number's clause: the place named closest to it in the parse tree, leaving out
    the speakers ("…, RT reported" is not where anything happened), places that only describe
    another place, and reference points, except for a distance, whose reference point says what
    it measures ("35 miles southwest of Bandar Abbas")."""
    places = [e for e in place_spans(sent) if not _in_reporting_clause(e) and not _in_description(e, number)
              and (_locates(e) or dimension == "length")]
    if not places:
        return None
    return min(places, key=lambda e: (_place_rank(e), _tree_distance(e.root, number), abs(e.start - number.i))).text


def reference_place(sent: Span, number: Token) -> str | None:
    """The reference point a distance is measured from ("58 km (36 miles) south-west of Bandar Abbas")."""
    refs = [e for e in place_spans(sent) if _is_reference(e) and not _in_reporting_clause(e)]
    refs = [e for e in refs if _tree_distance(e.root, number) <= 6]
    return min(refs, key=lambda e: _tree_distance(e.root, number)).text if refs else None


def speaker_place(sent: Span) -> str | None:
    """A precise place in the title of the sentence's speaker ("the governor of Qeshm island said"):
    where an official speaks for, the best guess for an otherwise unplaced number."""
    for ent in place_spans(sent):
        # "of X" only: "Tehran's seismologic center" is based in Tehran, it does not speak for it
        noun = ent.root.head if ent.root.dep_ == "compound" else ent.root  # "of Kelso island"
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and _speaker_token(ent) is not None \
                and not is_broad_place(ent.text):
            return ent.text
    return None


def main_place(sent: Span) -> str | None:
    """The place a sentence is about, for the sentences that follow it."""
    places = [e for e in place_spans(sent) if not _in_reporting_clause(e) and _locates(e)]
    if not places:
        return None
    return min(places, key=lambda e: (_place_rank(e), e.start)).text


def contextualize(doc: Doc, sent: Span, mentions: Sequence[QuantityMention],
                  fallback_place: str | None) -> tuple[QuantityInContext, ...]:
    """Add measure, subject kind and place to each quantity of a sentence."""
    out = []
    context = speaker_place(sent) or fallback_place
    for mention in mentions:
        number = _token_at(doc, mention.start, mention.end)
        if number is None:
            continue
        mention = _magnitude(number, mention)
        if not is_reported_number(number, mention):
            continue
        measure = measure_of(number, mention.dimension, mention.counted)
        if mention.dimension == "duration":
            subject = duration_subject(number)
        elif mention.dimension == "count" or mention.counted:
            subject = normalize_subject(mention.counted)
            if measure in PEOPLE_MEASURES and (subject is None or measure == "population"):
                # "injuring dozens more", "600 were killed": casualty verbs count people unless told
                subject = "people"
        else:
            subject = normalize_subject(measured_subject(number, mention.start, mention.end))
        if mention.dimension == "length":
            # a distance is checkable against its reference point ("35 miles southwest of Bandar Abbas")
            reference = reference_place(sent, number)
            subject = f"{DISTANCE_FROM}{reference.lower()}" if reference else subject
        if mention.dimension == "count" and (subject in EVENT_SUBJECTS or _counts_kin(number)):
            measure = COUNTED_AS_SUCH
        place = (measure == "population" and _settlement_named(sent, number)) or \
            place_in_clause(sent, number, mention.dimension)
        out.append(QuantityInContext(mention=mention, measure=measure, subject=subject,
                                     place=place,
                                     context_place=context, attribution=clause_attribution(sent, number)))
    return tuple(out)


BACK_REFERENCE = frozenset({"the", "all", "both", "these", "those", "its", "their", "his", "her"})
CLOCK_WORDS = frozenset({"a.m.", "p.m.", "am", "pm", "a.", "p.", "o'clock", "gmt", "utc", "edt", "est"})


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


DISTANCE_FROM = "distance from "  # the subject of a distance: "distance from bandar abbas"
GENERIC_MODALS = frozenset({"can", "could", "may", "might"})


def _generic_statement(number: Token) -> bool:
    """A number inside an indefinite subject of a "can/may" sentence states a general fact, not a
    report ("A magnitude-6.0 quake can cause severe damage")."""
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
    return nxt is not None and nxt.lower_ == "of" and span.start > 0 and doc[span.start - 1].lower_ in {"over", "during"}


QUAKE_NOUNS = frozenset({"quake", "earthquake", "tremor", "temblor", "aftershock"})


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


def sentence_tense(sent: Span) -> str | None:
    """past / present / future of a sentence's main clause, from morphology."""
    root = sent.root
    aux = [c for c in root.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in {"will", "shall", "'ll"} or a.lemma_ == "will" for a in aux):
        return "future"
    for tok in [*aux, root]:
        tense = tok.morph.get("Tense")
        if tense:
            return "past" if tense[0] == "Past" else "present"
    return None


MODALS = frozenset({"can", "could", "may", "might", "must", "should", "would", "ought"})


def reports_happening(sent: Span) -> bool:
    """Whether a sentence's main clause tells something that happened or will happen.

    Not when its main verb is negated ("did not give"), under a modal ("can register", "could
    rise"), or is a present or future "be" (a state, a judgement or a schedule: "the museum is
    open", "it won't be enough"). A past or perfect "be" stays a happening: "attendance was 9,412"
    reports what the day was, "has been minister since 2021" when a state began.
    """
    root = sent.root
    children = list(root.children)
    if any(c.dep_ == "neg" for c in children):
        return False
    aux = [c for c in children if c.dep_ in {"aux", "auxpass"}]
    if any(c.lower_ in MODALS for c in aux):
        return False
    if root.lemma_.lower() != "be" or sentence_tense(sent) == "past":
        return True
    return root.tag_ == "VBN" and any(c.lemma_.lower() == "have" for c in aux)


def tense_lookup(doc: Doc) -> Callable[[int], str | None]:
    """A function from a character offset to the tense of the sentence around it."""
    sents = list(doc.sents)
    tenses = [sentence_tense(s) for s in sents]
    starts = [s.start_char for s in sents]

    def lookup(offset: int) -> str | None:
        import bisect

        i = bisect.bisect_right(starts, offset) - 1
        return tenses[i] if 0 <= i < len(tenses) else None

    return lookup
