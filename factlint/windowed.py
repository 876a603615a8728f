"""Matches of one pattern in many windows of one text, from one scan of the text.

A number's context words are read in windows around it: its clause, its sentence, up to 1,500 characters
before it. Scanning each window anew costs the window's length per number, so one long sentence of
numbers costs its length squared. `WindowedMatches` scans the text once for every position where the
pattern matches (overlapping, since a window may start anywhere) and answers a window from that list. It
gives exactly what `pattern.finditer(text, start, end)` gives: Python's engine reads the real text before
`start` (a word boundary there is the text's), and only where a match could reach `end` can the window's
end change the answer (a word cut short, a boundary at the end), so those last `width` characters are
scanned again.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

try:  # the parser of Python's own engine: the longest match of a pattern, and its assertions
    from re import _parser as _sre_parse  # Python >= 3.11
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_BOUNDARIES = {"AT_BOUNDARY", "AT_NON_BOUNDARY"}


def bounded_width(pattern: re.Pattern) -> int | None:
    """The longest match of `pattern`, when windows can be answered from its matches in the whole text:
    its matches are never empty and at most that long, and it asserts nothing but word boundaries,
    lookbehinds and one-character lookaheads. None otherwise (a phrase whose words are joined by `\\s+`,
    `$` or `^`, which mean something else at a window's edge)."""
    if any(mark in pattern.pattern for mark in _UNBOUNDED_MARKS):
        return None  # (most context patterns join words by white space of any length: not parsed at start-up)
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        low, high = parsed.getwidth()
        if low == 0 or high >= _sre_parse.MAXREPEAT or not _only_boundaries(parsed):
            return None
        re.compile(_overlapping(pattern.pattern), pattern.flags)  # (kept in re's cache for the index)
    except (re.error, TypeError, ValueError):  # pragma: no cover - a pattern Python's parser reads differently
        return None
    return high


# What makes a pattern unbounded or anchored wherever it stands: refusing on sight is always safe (its
# windows are then scanned each), and spares parsing the long word lists at every start.
_UNBOUNDED_MARKS = ("+", "*", "$", "\\Z", "\\A", "^")


def _only_boundaries(parsed) -> bool:
    for op, av in parsed:
        if str(op) == "AT" and str(av) not in _BOUNDARIES:
            return False
        if str(op) in ("ASSERT", "ASSERT_NOT") and av[0] > 0 and av[1].getwidth()[1] > 1:
            return False  # a lookahead past the next character
        if not all(_only_boundaries(part) for part in _subpatterns(av)):
            return False
    return True


def _subpatterns(av) -> Iterator:
    if isinstance(av, _sre_parse.SubPattern):
        yield av
    elif isinstance(av, (tuple, list)):
        for item in av:
            yield from _subpatterns(item)


def _overlapping(source: str) -> str:
    """A pattern that matches, empty, wherever `source` matches: all its starts, overlapping ones too."""
    return f"(?=(?:{source}))"


class WindowedMatches:
    """The matches of `pattern` (with `bounded_width` `width`) in windows of `text`."""

    __slots__ = ("_pattern", "_text", "_width", "_starts")

    def __init__(self, pattern: re.Pattern, text: str, width: int) -> None:
        self._pattern = pattern
        self._text = text
        self._width = width
        self._starts = [m.start() for m in re.compile(_overlapping(pattern.pattern), pattern.flags).finditer(text)]

    def finditer(self, start: int, end: int) -> Iterator[re.Match]:
        """What `pattern.finditer(text, start, end)` yields."""
        starts, match = self._starts, self._pattern.match
        # An attempt at p reads no further than text[p + width] (the boundary after its longest match): before
        # `safe` it never reaches `end`, so it succeeds, with the same match, in the whole text exactly when
        # it does in the window (and what it reads before p is the real text in both).
        safe = end - self._width
        at = start
        i = bisect.bisect_left(starts, start)
        while i < len(starts) and (p := starts[i]) < safe:
            i += 1
            if p >= at:  # not inside the window's previous match
                m = match(self._text, p)
                yield m
                at = m.end()
        yield from self._pattern.finditer(self._text, max(at, safe), end)
