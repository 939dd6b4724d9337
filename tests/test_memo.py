"""Per-document memos of the extraction rules (newsfuse.extract.memo): the same answers as spaCy's own
``doc.text`` and ``doc.ents``, read once per document."""

from __future__ import annotations

from spacy.language import Language

from newsfuse.extract.memo import doc_ents, doc_text, entity_at, ents_within, forget_ents

TEXT = ("Ann Roe, a spokeswoman for the Harlow Police Department, said two men were hurt on Main Street in "
        "Harlow on Tuesday. Lee Hart of Kestrel Ford told the Valley Wire that the United Nations had sent help. "
        "Nobody else was named.")


def test_the_memos_answer_as_spacy_does(nlp: Language) -> None:
    doc = nlp(TEXT)
    assert doc_text(doc) == doc.text and doc_ents(doc) == list(doc.ents)
    assert len(doc.ents) >= 4
    for token in doc:
        holding = [e for e in doc.ents if e.start <= token.i < e.end]
        found = entity_at(token)
        assert (found.start, found.end, found.label_) == (holding[0].start, holding[0].end, holding[0].label_) \
            if holding else found is None, token.text
    for sent in doc.sents:
        assert ents_within(sent) == [e for e in doc.ents if sent.start <= e.start < sent.end]
    # entities set again (a pipeline component relabels them): the memo is dropped and read anew
    doc.ents = list(doc.ents)[1:]
    forget_ents(doc)
    assert doc_ents(doc) == list(doc.ents)
