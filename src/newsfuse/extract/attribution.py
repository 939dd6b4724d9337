"""Attribution: who said a sentence, and through whom it was relayed.

Works on one parsed spaCy Doc per article (the NLP stage calls ``attribute_doc``), so everything
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
- A spokesman speaks for a body (``affiliated``); a number in a sentence with two reporting clauses
  side by side belongs to the one that governs it (``clause_attribution``).

The words (verbs of saying, relays, media, pronouns, offices) are data: ``lexicon/reporting.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from spacy.tokens import Doc, Span, Token

from newsfuse import lexicon
from newsfuse.extract.memo import entity_at, ents_within
from newsfuse.extract.references import resolve_references
from newsfuse.extract.speakers import clean_speaker, in_quotation, is_source, quotations
from newsfuse.types import Attribution

REPORTING_VERBS: Final = lexicon.words("reporting", "reporting_verbs")
RELAY_VERBS: Final = lexicon.words("reporting", "relay_verbs")
MEDIA_WORDS: Final = lexicon.words("reporting", "media_words")
GENERIC_SPEAKERS: Final = lexicon.words("reporting", "generic_speakers")
PERSON_PRONOUNS: Final = lexicon.words("reporting", "person_pronouns")
THING_PRONOUNS: Final = lexicon.words("reporting", "thing_pronouns")
NOT_SPEAKERS: Final = lexicon.words("reporting", "not_speakers")
FIGURE_NOUNS: Final = lexicon.words("reporting", "figure_nouns")
CONTRAST_MARKS: Final = lexicon.words("reporting", "contrast_marks")
SPOKES_NOUNS: Final = lexicon.words("reporting", "spokes_nouns")
OFFICE_NOUNS: Final = lexicon.words("reporting", "office_nouns")
SPEAKER_ENTS: Final = frozenset({"PERSON", "ORG"})  # NER labels of those who can speak
_QUOTE_CLOSE: Final = "”\"»"


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
        if child.dep_ in deps:
            keep.extend(child.subtree)
        elif child.dep_ == "prep" and child.i > token.i and child.lower_ in {"of", "for"} and any(
                g.dep_ == "pobj" for g in child.children):  # "spokesman for the county", not "of killing …"
            keep.extend(_without_clauses(child))
    left = min(t.i for t in keep)
    right = max(t.i for t in keep) + 1
    while left < right and (doc[left].is_punct or doc[left].is_quote):
        left += 1
    while right > left and (doc[right - 1].is_punct or doc[right - 1].is_quote):
        right -= 1
    return doc[left:right]


def _without_clauses(token: Token) -> list[Token]:
    """A phrase's words without the clauses inside it ("one of the first deputies who reached the
    scene" is "one of the first officers")."""
    out = [token]
    for child in token.children:
        if child.dep_ not in {"relcl", "acl", "advcl", "pcomp"}:
            out.extend(_without_clauses(child))
    return out


def _entity_at(token: Token) -> Span | None:
    entity = entity_at(token)
    return entity if entity is not None and entity.label_ in SPEAKER_ENTS else None


def _speaker_of(subject: Token) -> Span:
    """The speaker a subject names: the person or organisation at its head, else the noun phrase.

    "Russian General Staff spokesman Sergey Rudskov" → "Sergey Rudskov"; "the provincial governor,
    Mohammed Samra" → "Mohammed Samra"; "the Russian defense ministry" stays as it is. A mis-parsed
    clausal subject ("The British based Syrian Observatory …") yields the organisation inside it.
    """
    if subject.dep_ == "csubj":
        span = _subtree_span(subject)
        ents = [e for e in ents_within(span) if e.end <= span.end and e.label_ in SPEAKER_ENTS]
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
    named = [e for e in ents_within(whole) if e.end == whole.end and e.label_ in SPEAKER_ENTS]
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
    """The reporting clauses of a sentence, outside its quotations (a quoted person's own "he told me"
    is part of what they said)."""
    clauses: list[_Clause] = []
    quoted = quotations(sent)
    for tok in sent:
        if in_quotation(tok, quoted):
            continue
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            prep = next(c for c in tok.children if c.lower_ == "to")
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            speaker = clean_speaker(_speaker_of(obj)) if obj is not None else None
            if obj is not None and speaker is not None:
                clauses.append(_Clause(tok, speaker, clean_speaker(_speaker_phrase(obj)), _depth(tok) + 1))
            continue
        if tok.pos_ not in {"VERB", "AUX"}:
            continue
        if tok.lemma_.lower() not in REPORTING_VERBS and not puts_a_figure(tok):
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
        if subj is not None and subj.dep_ == "nsubj" and tok.tag_ == "VBN" and (
                tok.dep_ in {"pcomp", "acl", "amod"} or tok.head.lower_ == "with"):
            subj = None  # "with six confirmed dead", "with fatalities reported": what was said, not who
        speaker = clean_speaker(_speaker_of(subj)) if subj is not None else None
        if speaker is not None and speaker.root.lower_ in NOT_SPEAKERS:
            speaker = None
        phrase = clean_speaker(_speaker_phrase(subj)) if speaker is not None and subj is not None else None
        clauses.append(_Clause(tok, speaker, phrase, _depth(tok)))
    return clauses


def puts_a_figure(verb: Token) -> bool:
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
        organisation = _organisation_of(root)
        return replace(attribution, affiliation=organisation.text) if organisation is not None else attribution
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
        quoted = next((c for c in verb.children if c.dep_ == "dobj" and is_source(c)), None)
        if quoted is not None and (cleaned := clean_speaker(_speaker_of(quoted))) is not None:
            via.insert(0, _relay_text(speaker_clause))
            speaker = cleaned
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
    return clean_speaker(_speaker_of(quoted)) if quoted is not None and is_source(quoted) else None


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
    return resolve_references(doc, own)
