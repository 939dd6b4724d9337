"""Telephone numbers in text: digit runs written as a number to call ("(555) 201-3344", "555.201.3344",
"+44 20 7946 0958"), never a count or an amount (``newsfuse.extract.quantities``), and no sentence of a story's
summary (``newsfuse.story.summarize``)."""

from __future__ import annotations

import re
from typing import Final

_PHONE_RE: Final = re.compile(
    r"(?:\+\d[\d\s().-]{6,}\d)|(?:\(\d{2,5}\)\s?\d{3,4}[\s.-]?\d{3,4})|(?:\b\d{2,5}(?:[.-]\d{2,5}){2,4}\b)"
)
MIN_DIGITS: Final = 7


def phone_spans(offset: int, text: str) -> list[tuple[int, int]]:
    """Character spans (``offset`` added) of the phone-number-like digit runs of ``text``: seven digits or more."""
    return [(offset + m.start(), offset + m.end()) for m in _PHONE_RE.finditer(text)
            if sum(c.isdigit() for c in m.group()) >= MIN_DIGITS]
