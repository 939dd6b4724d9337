"""English word forms for labels people read ("ships waiting", "tanks destroyed"), from the
inflection tables that ship inside the ``lemminflect`` package (no download)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def plural(noun: str) -> str:
    """The plural of a noun phrase's last word ("tank" -> "tanks", "rescue worker" -> "rescue
    workers"); a word already plural ("people", "militants") or unknown stays as it is."""
    from lemminflect import getInflection, getLemma

    head, _, last = noun.rpartition(" ")
    if not last.isalpha():
        return noun
    lemmas = getLemma(last, upos="NOUN")
    if not lemmas or lemmas[0] != last:  # already plural, or not a noun the tables know
        return noun
    forms = getInflection(last, tag="NNS")
    return f"{head} {forms[0]}".strip() if forms else noun


@lru_cache(maxsize=4096)
def participle(verb: str, active: bool) -> str:
    """A verb lemma as the participle a label uses: present for what its subject does ("wait" ->
    "waiting"), past for what was done to it ("keep" -> "kept")."""
    from lemminflect import getInflection

    forms = getInflection(verb, tag="VBG" if active else "VBN")
    return forms[0] if forms else verb
