"""Entity mentions from NER spans, with NER's ragged edges trimmed."""

from __future__ import annotations

import re
from typing import Final

from spacy.tokens import Span

from newsfuse.types import EntityType, Mention

LABELS: dict[str, EntityType] = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "FAC",
    "EVENT": "EVENT", "WORK_OF_ART": "OTHER", "LAW": "OTHER", "PRODUCT": "OTHER",
}


_POSSESSIVE = re.compile(r"[’']s$")


# the clitics the tokenizer splits off a word ("had|n't", "he|'s"): never a name on their own
_CLITICS: Final = frozenset({"n't", "'s", "'ll", "'re", "'ve", "'d", "'m", "'"})


def only_clitics(ent: Span) -> bool:
    """An entity of nothing but what the tokenizer split off a word: the "n’t" of "hadn’t", which NER sometimes
    takes for a place."""
    return all(t.is_punct or t.text.replace("’", "'").lower() in _CLITICS for t in ent)


def mention_of(article_id: str, ent: Span) -> Mention | None:
    """An entity mention with NER's ragged edges trimmed: a trailing possessive ("Deir al-Zor’s") and
    trailing lower-case function words ("Bashar al-Assad as"), a leading article ("the Soviet Union"),
    leading common words before an organisation's name ("county Office of Emergency Management")."""
    label = LABELS[ent.label_]
    if only_clitics(ent):
        return None
    while len(ent) > 1 and ent[-1].is_lower and (ent[-1].is_stop or ent[-1].is_punct):
        ent = ent[:-1]
    while len(ent) > 1 and ent[0].lower_ in {"the", "a", "an"}:
        ent = ent[1:]
    # an organisation's name without the common words NER took in before it ("county Office of …")
    while (label in {"ORG", "FAC"} and len(ent) > 1 and ent[0].is_lower and ent[0].is_alpha
           and ent[1].text[:1].isupper()):
        ent = ent[1:]
    text = ent.text
    if (match := _POSSESSIVE.search(text)) and len(text) > 3:
        text = text[: match.start()]
    text = text.rstrip()
    if not text:
        return None
    return Mention(article_id, ent.start_char, ent.start_char + len(text), text, label)


