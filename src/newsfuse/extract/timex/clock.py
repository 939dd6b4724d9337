"""Handlers of clock times: "9 p.m.", "14:30 GMT", "noon", "ten past four in the morning".

A clock time has no day of its own: the handler writes it on the anchor's day with a mark
(``CLOCK_MARK``) so that the ordered pass can move it to the day last named ("On Friday ... at 9 p.m."),
and the merge pass joins it with a day written next to it ("9 p.m. Friday").
"""

from __future__ import annotations

import re

from newsfuse.extract.timex.context import CLOCK_MARK, Context, Result
from newsfuse.extract.timex.words import HOUR_WORDS, clock_minutes
from newsfuse.timex import ymd

__all__ = ["clock_time", "spoken_time"]


def _on_anchor_day(c: Context, hh: int, mm: int) -> Result:
    """A clock time on the anchor's day, marked for the day under discussion (see passes.resolve_refs)."""
    tail = f"T{hh:02d}:{mm:02d}"
    if c.anchor is None:
        return "TIME", "XXXX-XX-XX" + tail
    return "TIME", CLOCK_MARK + ymd(c.anchor) + tail


def clock_time(m: re.Match[str], c: Context) -> Result:
    """'9 p.m.', '10:30', '4 o'clock', '14:00 GMT', 'noon', 'midnight'; a bare "10:30" needs "at", "by" ..."""
    if m["word"]:
        w = m["word"].lower()
        hh, mm = (24, 0) if w == "midnight" else (12, 0)
    else:
        hh = int(m["h"])
        mm = int(m["min"] or 0)
        ampm = (m["ampm"] or "").lower()
        if m["oclock"] is None and not ampm and not m["tz"] and not m["min"]:
            return None
        if not ampm and m["min"] and "." in m.group(0)[: m.start("min") - m.start()]:
            return None  # "2.46" is a number, not a clock time
        if ampm.startswith("p") and hh < 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
        if not (0 <= hh <= 24 and 0 <= mm < 60):
            return None
        if not ampm and m["min"] and not m["tz"]:
            prev = c.before(4).lower()
            if (not re.search(r"\b(?:at|by|until|from|to|before|after)\s+$", c.before(8).lower())
                    and not prev.endswith("at ")):
                return None
    return _on_anchor_day(c, hh, mm)


def spoken_time(m: re.Match[str], c: Context) -> Result:
    """A clock time told in words: "ten past four in the morning", "a quarter to nine", "half past 6 p.m."."""
    part = (m["part"] or "").lower()
    if not part and not re.search(r"\b(?:at|around|about|by|until|till|before|after|since|shortly|just|it\s+was)\s+$",
                                  c.before(16).lower()):
        return None  # "from five to one" is a score, not a time
    mins = m["mins"].lower()
    minutes = int(mins.split()[0]) if mins[0].isdigit() else clock_minutes(mins)
    hour_text = m["hour"].lower()
    hh = int(hour_text) if hour_text.isdigit() else HOUR_WORDS[hour_text]
    if minutes is None or not (1 <= hh <= 12 and 0 < minutes < 60) or (m["dir"].lower() == "to" and minutes > 30):
        return None
    mm = minutes
    if m["dir"].lower() == "to":
        hh, mm = (hh - 1) or 12, 60 - minutes
    if re.match(r"p|in the (?:afternoon|evening)|at night", part) and hh < 12:
        hh += 12
    elif re.match(r"a|in the morning", part) and hh == 12:
        hh = 0
    return _on_anchor_day(c, hh, mm)
