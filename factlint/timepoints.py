"""Time points: the "when" of a rate ("one-year overall survival", "at two years", "12-month PFS").

A number's time point is the time-point expression of its own clause, else the nearest one before it in
its sentence ("One-year survival was 76% versus 62%; at two years, 45% and 27%"). A registry claim's time
points are the durations written in its `when` phrases. A number is never judged against a claim whose
time points do not include its own: a one-year rate says nothing about a two-year claim.
"""
from __future__ import annotations

import functools
import re

from .nlp import lexicon as lx
from .units import UNITS, convert

_NUMBER = r"\d+(?:\.\d+)?|" + "|".join(sorted(map(re.escape, lx.NUMBER_WORDS), key=len, reverse=True))
_UNIT = "|".join(sorted(map(re.escape, (" ".join(k) for k in lx.UNIT_WORDS
                                        if lx.UNIT_WORDS[k] in UNITS and UNITS[lx.UNIT_WORDS[k]].kind == "time")),
                        key=len, reverse=True))
_DURATION = re.compile(rf"\b({_NUMBER})[\s-]+({_UNIT})\b", re.IGNORECASE)


def in_days(value: float, unit: str) -> float:
    return round(convert(value, unit, "days"), 1)


@functools.lru_cache(maxsize=4096)
def durations(phrases: tuple[str, ...]) -> frozenset[float]:
    """The durations (in days) written in `phrases` ("two-year", "12 months", "1-year")."""
    out = set()
    for p in phrases:
        for m in _DURATION.finditer(p):
            n = m.group(1).lower()
            value = float(n) if n[0].isdigit() else float(lx.NUMBER_WORDS[n])
            unit = lx.UNIT_WORDS.get((m.group(2).lower(),))
            if unit:
                out.add(in_days(value, unit))
    return frozenset(out)


def same_time(days: float, allowed: frozenset[float]) -> bool:
    return any(abs(days - a) <= max(1.0, 0.02 * a) for a in allowed)
