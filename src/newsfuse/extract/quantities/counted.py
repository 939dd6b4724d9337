"""What a number counts: the head noun of the counted thing ("200 ISIS fighters" → "fighter").

Found with the dependency parse and the noun phrase right of the number ("16 all-terrain vehicles"
→ "vehicle"), after a partitive "of" ("dozens of people", "293 tons of food"), through "the
number/toll of X ... to N" ("lifting the number of patrols to 40-50" → "patrol", "the death toll rose
to 12" → "death"), or a parent's children ("a mother of 12"). Acronyms keep their case ("SUVs" →
"SUV").
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Token

from newsfuse import lexicon
from newsfuse.extract.quantities.records import DASHES, MONTHS, Core, Window, glued, token_in, word_at
from newsfuse.extract.quantities.units import UNITS

_PARTITIVE_DETS: Final = lexicon.words("quantities", "partitive_determiners")
_PRONOUNS: Final = lexicon.words("quantities", "pronouns")
_TOLL_NOUNS: Final = lexicon.words("quantities", "toll_nouns")
PARENT_NOUNS: Final = lexicon.words("quantities", "parent_nouns")


def counted_at(ctx: Window, core: Core, k: int) -> int | None:
    """Token index of the head noun of the counted thing, or None."""
    if word_at(ctx, k) == "of":
        head = np_head(ctx, skip_dets(ctx, k + 1), partitive=True)
        if head is None and ctx.parsed:
            for obj in ctx.doc[k].children:
                if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN") and obj.i < ctx.b \
                        and obj.lower_ not in _PRONOUNS and obj.i - k <= 8:
                    return obj.i
        return head
    head = np_head(ctx, k)
    if head is not None:
        return head
    if ctx.parsed:
        # the parse may attach the number to a noun further right ("16 all-terrain vehicles")
        for t in range(core.i, core.j):
            h = ctx.doc[t].head
            if (h.i >= core.j and h.i < ctx.b and h.pos_ == "NOUN" and h.i - core.j <= 4
                    and h.lower_ not in _PRONOUNS
                    and ctx.doc[t].dep_ in ("nummod", "quantmod", "amod", "compound")
                    and not any(ctx.doc[x].pos_ in ("VERB", "AUX", "ADP", "CCONJ", "PUNCT")
                                and ctx.doc[x].text not in DASHES for x in range(core.j, h.i))):
                return h.i
    return None


def skip_dets(ctx: Window, k: int) -> int:
    """Past the determiners of a partitive ("dozens of *the* people"), to the counted noun phrase."""
    while word_at(ctx, k) in _PARTITIVE_DETS:
        k += 1
    return k


def np_head(ctx: Window, k: int, partitive: bool = False) -> int | None:  # noqa: C901 - one pass over a rule table, read top to bottom
    """The head noun of the noun phrase starting at token k (modifiers, then nouns)."""
    doc = ctx.doc
    if not ctx.tagged:
        t = token_in(ctx, k)
        if t is not None and t.is_alpha and not t.is_stop and t.lower_ not in UNITS:
            return k
        return None
    last_noun: int | None = None
    x = k
    while x < ctx.b and x - k < 8:
        t = doc[x]
        if t.text in DASHES and glued(t) and x > k and glued(doc[x - 1]):
            x += 1
            continue  # "all-terrain", "high-caliber"
        if x > k and doc[x - 1].text in DASHES and glued(doc[x - 1]) and not (
                t.pos_ in ("NOUN", "PROPN") and not t.like_num):
            x += 1
            continue  # "Mi-8", "T-72" split by the tokenizer
        if x > k - 1 and any(c.isalpha() for c in t.text) and any(c.isdigit() for c in t.text) \
                and t.pos_ in ("NUM", "PROPN", "NOUN", "X") and last_noun is None:
            x += 1
            continue  # "Mi-8 helicopters", "F-16 jets": a model name before the noun
        glued_next = x + 1 < ctx.b and doc[x + 1].text in DASHES and glued(t) and glued(doc[x + 1])
        if t.pos_ in ("NOUN", "PROPN") and not t.like_num:
            if t.lower_ in _PRONOUNS:
                break
            if glued_next:
                x += 1
                continue
            last_noun = x
            if t.tag_ in ("NNS", "NNPS"):
                break
            nxt = token_in(ctx, x + 1)
            if nxt is not None and nxt.tag_ == "POS":  # "the organization's members"
                x += 2
                continue
            if nxt is None or nxt.pos_ not in ("NOUN", "PROPN"):
                break
            x += 1
            continue
        if last_noun is not None:
            break
        if glued_next or t.pos_ in ("ADJ",) or (t.pos_ == "VERB" and t.tag_ in ("VBN", "VBG")) \
                or (t.pos_ == "ADV" and x + 1 < ctx.b and doc[x + 1].pos_ in ("ADJ", "VERB")) \
                or (t.lower_ == "all" and glued_next):
            x += 1
            continue
        break
    if last_noun is None:
        return None
    # the parse may know the real head: "ISIS terrorist organization's members"
    hops = 0
    while ctx.parsed and hops < 4:
        t = doc[last_noun]
        h = t.head
        if t.dep_ in ("compound", "nmod", "poss", "amod") and h.pos_ in ("NOUN", "PROPN") \
                and last_noun < h.i < min(ctx.b, k + 8) and h.lower_ not in _PRONOUNS \
                and not any(doc[x].pos_ in ("CCONJ", "PUNCT", "ADP", "VERB") and doc[x].text not in DASHES
                            for x in range(last_noun + 1, h.i)):
            last_noun, hops = h.i, hops + 1
            continue
        break
    t = doc[last_noun]
    if t.pos_ == "PROPN" and t.tag_ != "NNPS" and not _looks_plural(t.text):
        return None  # a bare singular name after a number is not what is counted ("200 Monday")
    if t.lower_ in MONTHS or t.lower_ in UNITS and not partitive:
        return None
    return last_noun


def _looks_plural(text: str) -> bool:
    return len(text) > 3 and text.endswith("s") and not text.endswith("ss")


def toll_counted(ctx: Window, core: Core) -> str | None:
    """ "raised the number of sorties to 60" → sortie; "the death toll rose to 12" → death."""
    if not ctx.parsed:
        return None
    tok = ctx.doc[core.i]
    prep = tok.head
    hops = 0
    while prep.pos_ != "ADP" and prep.head.i != prep.i and hops < 2 and prep.i >= ctx.a:
        prep, hops = prep.head, hops + 1
    if prep.pos_ != "ADP" or prep.lower_ not in ("to", "at", "of", "from", "by"):
        return None
    gov = prep.head
    candidates = [gov] if gov.lemma_.lower() in _TOLL_NOUNS else [
        c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in _TOLL_NOUNS
    ]
    for noun in candidates:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i != prep.i:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN"):
                        return noun_form(obj)
        for child in noun.children:
            if child.dep_ == "compound" and child.pos_ == "NOUN":
                return noun_form(child)
    return None


def kin_counted(ctx: Window, core: Core) -> str | None:
    """ "a mother of 12", "father of three": what is counted is the children."""
    if word_at(ctx, core.i - 1) == "of" and word_at(ctx, core.i - 2) in PARENT_NOUNS and np_head(ctx, core.j) is None:
        return "grandchild" if word_at(ctx, core.i - 2).startswith("grand") else "child"
    return None


def noun_form(tok: Token) -> str:
    """Plural-neutral lemma: "fighters" → "fighter", "SUVs" → "SUV", "Militants" → "militant"."""
    text = tok.text
    if len(text) > 2 and text.endswith("s") and text[:-1].isupper():
        return text[:-1]
    if text.isupper() and len(text) > 1 and any(c.isalpha() for c in text):
        return text
    lemma = (tok.lemma_ or "").lower()
    if not lemma or (lemma == text.lower() and (tok.tag_ in ("NNS", "NNPS") or not tok.tag_) and _looks_plural(text)):
        return _singular(text.lower())
    return lemma


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
