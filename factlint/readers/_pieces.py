"""Block text under construction, shared by the readers.

`Pieces` collects a block's text one piece at a time, each piece tied to the source span it renders, and
turns into a `TextBlock` (through `SourceMapBuilder`) once the block is complete. On top of the builder it
offers what the readers need while they walk a document: browser-like whitespace collapsing, trimming the
block's ends, a separator emitted only if more text follows (table cells), and inline marks.

Every verbatim piece is checked against the source at the offset it claims (a comparison at a known
offset, never a search); a piece that does not match is recorded as a rendered piece over the same span
instead, so an exact run of a block always equals its source.
"""
from __future__ import annotations

import re

from factlint.source import BlockKind, InlineMark, SourceMapBuilder, TextBlock

# Bracketed references that are citations for the linter: "[^2]", "[3]", "[3, 4]", "[3-5]", "[3–5]".
_FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]{1,40}\]|\[\d{1,4}(?:\s*[,\u2013-]\s*\d{1,4}){0,8}\]")


class Groups:
    """Hands out group numbers (one per table or list-like run of blocks) within one document."""

    __slots__ = ("_next",)

    def __init__(self) -> None:
        self._next = 0

    def new(self) -> int:
        value = self._next
        self._next += 1
        return value


class Pieces:
    """The text of one block being built, with the source span of each piece."""

    __slots__ = ("src", "_texts", "_starts", "_ends", "_exact", "length", "_marks", "_sep", "_collapse")

    def __init__(self, src: str) -> None:
        self.src = src
        self._texts: list[str] = []
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._exact: list[bool] = []
        self.length = 0
        self._marks: list[list] = []  # [kind, start, end or None while open, target]
        self._sep: tuple[str, int] | None = None
        self._collapse = False

    # -- appending -------------------------------------------------------------------------------------
    def _push(self, text: str, start: int, end: int, exact: bool) -> None:
        if self._collapse:
            # Text after a construct left out of the text: "take `x` daily" reads "take daily".
            if self.length and (self._sep is not None or self._texts[-1][-1].isspace()):
                stripped = text.lstrip()
                if not stripped:
                    return
                if exact:
                    start += len(text) - len(stripped)
                text = stripped
            self._collapse = False
        if self._sep is not None:
            self._emit_sep()
        self._texts.append(text)
        self._starts.append(start)
        self._ends.append(end)
        self._exact.append(exact)
        self.length += len(text)

    def copy(self, start: int, text: str) -> None:
        """Append `text`, the source verbatim from `start`."""
        if not text:
            return
        end = start + len(text)
        if start < 0 or self.src[start:end] != text:
            # Defensive: a piece that is not what the source holds there is a rendering of that span.
            n = len(self.src)
            s = min(max(start, 0), n)
            e = min(max(end, s), n)
            if e == s and s > 0:
                s -= 1
            self._push(text, s, e, False)
            return
        self._push(text, start, end, True)

    def replace(self, start: int, end: int, text: str) -> None:
        """Append `text`, which renders the source span [start, end)."""
        if text:
            self._push(text, start, max(start, end), False)

    def space(self, start: int, end: int) -> None:
        """Append one space standing for the whitespace run [start, end), unless the block is empty,
        already ends with whitespace or waits for a separator (whitespace collapses as in a browser)."""
        if not self.length or self._sep is not None or self._texts[-1][-1].isspace():
            return
        if end - start == 1 and self.src[start] == " ":
            self._push(" ", start, end, True)
        else:
            self._push(" ", start, end, False)

    def gap(self, at: int) -> None:
        """A construct left out of the text (a code span, an image): one synthetic space, unless the
        text already ends with whitespace; whitespace right after the construct is then left out."""
        if not self.length:
            return
        if self._sep is None and not self._texts[-1][-1].isspace():
            self._push(" ", at, at, False)
        self._collapse = True

    def separator(self, text: str, at: int) -> None:
        """Emit `text` (e.g. " | " between table cells) before the next piece, if there is text before
        it and more text comes; trailing whitespace before it is dropped."""
        self._sep = (text, at)

    def _emit_sep(self) -> None:
        text, at = self._sep  # type: ignore[misc]
        self._sep = None
        if not self.length:
            return
        self.rstrip()
        before = self.length
        if not before:
            return
        self._texts.append(text)
        self._starts.append(at)
        self._ends.append(at)
        self._exact.append(False)
        self.length += len(text)
        for mark in self._marks:
            if mark[2] is None and mark[1] >= before:
                mark[1] = self.length

    def rstrip(self) -> None:
        """Drop trailing whitespace."""
        texts = self._texts
        while texts:
            last = texts[-1]
            stripped = last.rstrip()
            if stripped == last:
                break
            self.length -= len(last) - len(stripped)
            if stripped:
                texts[-1] = stripped
                if self._exact[-1]:
                    self._ends[-1] = self._starts[-1] + len(stripped)
                break
            texts.pop()
            self._starts.pop()
            self._ends.pop()
            self._exact.pop()

    # -- marks -----------------------------------------------------------------------------------------
    def open_mark(self, kind: str, target: str | None = None) -> int:
        self._marks.append([kind, self.length, None, target])
        return len(self._marks) - 1

    def close_mark(self, index: int) -> None:
        mark = self._marks[index]
        if mark[2] is None:
            mark[2] = self.length

    # -- result ----------------------------------------------------------------------------------------
    def build(self, kind: BlockKind, level: int = 0, group: int = -1) -> TextBlock | None:
        """The finished block (whitespace trimmed at both ends), or None if it has no text."""
        self._sep = None
        self.rstrip()
        texts, starts, ends, exact = self._texts, self._starts, self._ends, self._exact
        # Trim leading whitespace.
        first = 0
        cut = 0
        while first < len(texts):
            text = texts[first]
            stripped = text.lstrip()
            if stripped == text:
                break
            cut += len(text) - len(stripped)
            if stripped:
                texts[first] = stripped
                if exact[first]:
                    starts[first] += len(text) - len(stripped)
                break
            first += 1
        total = self.length - cut
        if total <= 0:
            return None
        builder = SourceMapBuilder()
        for i in range(first, len(texts)):
            if exact[i]:
                builder.copy(starts[i], texts[i])
            else:
                builder.replace(starts[i], ends[i], texts[i])
        text, smap = builder.build()
        marks: list[InlineMark] = []
        for mkind, mstart, mend, target in self._marks:
            if mend is None:
                mend = self.length
            a = min(max(mstart - cut, 0), total)
            b = min(max(mend - cut, 0), total)
            if b > a:
                marks.append(InlineMark(mkind, a, b, target))
        if "[" in text:
            for m in _FOOTNOTE_RE.finditer(text):
                marks.append(InlineMark("footnote", m.start(), m.end(), None))
        marks.sort(key=lambda mk: (mk.start, mk.end))
        return TextBlock(text, smap, kind, level, group, tuple(marks))
