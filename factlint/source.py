"""Source text, text blocks and the map between them.

A reader turns a file into `TextBlock`s. Every character of a block's text knows the span of the source
it came from, recorded while the reader builds the text (never recovered by searching afterwards). So a
claim found at block offsets [a, b) maps back to exact source offsets, and only the renderer turns those
into line:column.
"""
from __future__ import annotations

import bisect
import enum
import re
from dataclasses import dataclass, field

from .values import frozen_value


class BlockKind(enum.Enum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"  # a row counts as a sentence, its table (the block group) as the paragraph


@frozen_value
class SourceMap:
    """Runs of block text mapped to source spans.

    Run i covers block text [text_starts[i], text_starts[i+1]). If `exact[i]`, the run is a verbatim copy
    of the source starting at `src_starts[i]`; otherwise each of its characters stands for the whole
    source span [src_starts[i], src_ends[i]) (an entity such as `&ndash;`, an escape, a line break the
    reader joined, or a separator it made up, which is a zero-width span).
    """

    text_starts: tuple[int, ...]
    src_starts: tuple[int, ...]
    src_ends: tuple[int, ...]
    exact: tuple[bool, ...]
    length: int

    def _run(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.text_starts, offset) - 1)

    def char_span(self, offset: int) -> tuple[int, int]:
        """Source span of the block character at `offset`."""
        i = self._run(offset)
        if self.exact[i]:
            s = self.src_starts[i] + offset - self.text_starts[i]
            return s, s + 1
        return self.src_starts[i], self.src_ends[i]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span covering block text [start, end) (end > start)."""
        if not self.text_starts:
            return 0, 0
        start = min(max(start, 0), max(self.length - 1, 0))
        end = min(max(end, start + 1), self.length)
        if len(self.exact) == 1 and self.exact[0] and self.length:  # a block copied verbatim (most): no lookup
            base = self.src_starts[0] - self.text_starts[0]
            return base + start, base + end  # (end > start, as clamped above)
        s, _ = self.char_span(start)
        _, e = self.char_span(end - 1)
        return s, max(s, e)


class SourceMapBuilder:
    """Builds a block's text and its `SourceMap` together, one piece at a time."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._text_starts: list[int] = []
        self._src_starts: list[int] = []
        self._src_ends: list[int] = []
        self._exact: list[bool] = []
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def copy(self, src_start: int, text: str) -> None:
        """Append `text`, which is the source verbatim from `src_start`."""
        if not text:
            return
        n = len(self._text_starts)
        # Merge with the previous run when it continues the same source without a gap.
        if n and self._exact[-1] and self._src_ends[-1] == src_start:
            self._src_ends[-1] = src_start + len(text)
        else:
            self._text_starts.append(self._len)
            self._src_starts.append(src_start)
            self._src_ends.append(src_start + len(text))
            self._exact.append(True)
        self._parts.append(text)
        self._len += len(text)

    def replace(self, src_start: int, src_end: int, text: str) -> None:
        """Append `text`, which renders the source span [src_start, src_end) (an entity, an escape)."""
        if not text:
            return
        self._text_starts.append(self._len)
        self._src_starts.append(src_start)
        self._src_ends.append(src_end)
        self._exact.append(False)
        self._parts.append(text)
        self._len += len(text)

    def build(self) -> tuple[str, SourceMap]:
        text = "".join(self._parts)
        return text, SourceMap(
            tuple(self._text_starts), tuple(self._src_starts), tuple(self._src_ends), tuple(self._exact), self._len
        )


@frozen_value
class InlineMark:
    """Inline markup that matters for judging: a link (a citation when it sits in a claim's sentence),
    a footnote reference or a superscript (also a citation, and its digits are never a claim)."""

    kind: str  # "link" | "footnote" | "sup"
    start: int  # block text offsets
    end: int
    target: str | None = None


@frozen_value
class TextBlock:
    text: str
    map: SourceMap
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int = 0  # heading level (1 = top); 0 for other blocks
    group: int = -1  # blocks that share a group form one paragraph (the rows of a table); -1: its own
    marks: tuple[InlineMark, ...] = ()


class LineIndex:
    """Lines and columns of a text: the one line table of the CLI, the reporters, the language server and
    the web view, so they never disagree.

    A line ends at "\r\n", "\r" or "\n" (what LSP and editors count; `str.splitlines` also breaks at
    form feeds and U+2028, which editors do not). `position` gives 1-based lines and columns in code
    points; `lsp_position`/`lsp_offset` 0-based lines and columns in UTF-8, UTF-16 or UTF-32 code units.
    """

    __slots__ = ("_text", "_starts", "_ends")

    def __init__(self, text: str) -> None:
        starts = [0]
        if "\r" not in text:  # the common case: "\n" only, found by str.find (no per-character work)
            find = text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            ends = None  # each line's content ends one before the next line's start
        else:
            ends = []
            for m in _LINE_BREAK.finditer(text):
                ends.append(m.start())
                starts.append(m.end())
            ends.append(len(text))
        self._text = text
        self._starts = starts
        self._ends = ends

    def __len__(self) -> int:
        return len(self._starts)

    def span(self, line: int) -> tuple[int, int]:
        """Offsets of 1-based `line`'s content, without its line break."""
        i = line - 1
        if self._ends is not None:
            return self._starts[i], self._ends[i]
        end = self._starts[i + 1] - 1 if i + 1 < len(self._starts) else len(self._text)
        return self._starts[i], end

    def line_of(self, offset: int) -> int:
        """The 1-based line holding `offset` (clamped to the text)."""
        return bisect.bisect_right(self._starts, min(max(offset, 0), len(self._text))) - 1 + 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of `offset`, columns in code points; inside a "\r\n", the line's end."""
        line = self.line_of(offset)
        start, end = self.span(line)
        return line, min(max(offset, start), end) - start + 1

    def line_text(self, line: int) -> str:
        start, end = self.span(line)
        return self._text[start:end]

    def lines(self) -> list[str]:
        """The lines with their line breaks (joined, they are the text)."""
        s = self._starts
        return [self._text[a:b] for a, b in zip(s, [*s[1:], len(self._text)])]

    def newline(self) -> str:
        """The text's first line break ("\n" when it has none)."""
        if self._ends is None or len(self._starts) == 1:
            return "\n"
        return self._text[self._ends[0]:self._starts[1]]

    # ---- the language server's positions: 0-based, columns in code units of an encoding ------------------
    def lsp_position(self, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
        line, column = self.position(offset)
        return line - 1, code_units(self.line_text(line)[:column - 1], encoding)

    def lsp_offset(self, line: int, character: int, encoding: str = "utf-16") -> int:
        """The offset of a 0-based (line, character in code units); past the end of a line, its end."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self._text)
        start, end = self.span(line + 1)
        units = 0
        for i in range(start, end):
            if units >= character:
                return i
            units += code_units(self._text[i], encoding)
        return end


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def code_units(text: str, encoding: str = "utf-16") -> int:
    """Length of `text` in code units of "utf-8", "utf-16" or "utf-32" (code points)."""
    if encoding == "utf-32" or text.isascii():
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@frozen_value
class Comment:
    """An HTML comment of the draft (`<!-- ... -->`), where suppression directives live. Readers report
    only real comments: one shown inside a code block or code span is text, not a comment."""

    start: int  # source offset of "<!--"
    end: int  # source offset just after "-->"
    text: str  # what is between the markers


@dataclass(frozen=True)
class Document:
    """A draft as read: its source text (decoded, newlines as in the file), its text blocks and its
    comments."""

    path: str
    source: str
    blocks: tuple[TextBlock, ...]
    comments: tuple[Comment, ...] = ()
    line_index: LineIndex = field(compare=False, repr=False, default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.line_index is None:
            object.__setattr__(self, "line_index", LineIndex(self.source))
