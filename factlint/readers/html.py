"""HTML reader, on the standard library's `html.parser`.

With `convert_charrefs=False` every text chunk the parser reports is a verbatim slice of the source that
starts at `getpos()`, and every entity or character reference arrives on its own with its own position,
so each piece of block text is tied to its source span as it is read. Whitespace collapses as in a
browser (a run of ASCII whitespace becomes one space mapped to the run), block elements end blocks,
table cells of one row are joined with " | " into one TABLE_ROW block, and the content of script, style,
code, pre, svg, head (except title) and the like never reaches the text. Malformed HTML (unclosed or
stray tags) is tolerated.
"""
from __future__ import annotations

import html as _html
import re
from html.parser import HTMLParser

from factlint.readers._pieces import Groups, Pieces
from factlint.source import BlockKind, Comment, TextBlock

_BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol "
    "p section summary table tbody td tfoot th thead title tr ul".split()
)
_SKIP = frozenset("script style noscript template code pre svg math head textarea iframe object canvas select".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen".split())
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "title": 1}
_WS_RUN = re.compile(r"[ \t\n\r\f]+")
_ASCII_WS = frozenset(" \t\n\r\f")


def read_html(source: str, comments: list[Comment] | None = None) -> tuple[TextBlock, ...]:
    return tuple(read_html_span(source, 0, len(source), Groups(), comments=comments))


def read_html_span(
    source: str, start: int, end: int, groups: Groups, text: str | None = None,
    comments: list[Comment] | None = None,
) -> list[TextBlock]:
    """Blocks of the HTML in source[start:end]; offsets are into `source` (used for HTML in Markdown).
    `text`, if given, is what to parse instead of that slice: the same length, with characters that are
    not part of the HTML (a Markdown container's markers) blanked out. The comments found are appended
    to `comments` when it is given."""
    reader = _Reader(source, start, end, groups)
    reader.comments = comments
    try:
        reader.feed(source[start:end] if text is None else text)
        reader.close()
    except Exception:  # pragma: no cover - html.parser is lenient; keep what was read if it gives up
        pass
    reader.finish()
    return reader.blocks


class _Reader(HTMLParser):
    def __init__(self, source: str, start: int, end: int, groups: Groups) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.groups = groups
        # Offsets of line starts in the chunk fed to the parser, shifted to `source`.
        starts = [start]
        find = source.find
        i = find("\n", start, end)
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1, end)
        self._line_starts = starts
        self.blocks: list[TextBlock] = []
        self.stack: list[str] = []
        self._skipping = 0  # how many elements of _SKIP are open
        self._kinds: list[str] = []  # the open headings and list items, innermost last
        self.cur = Pieces(source)
        self._source, self._end = source, end
        self.kind: BlockKind | None = None
        self.level = 0
        self.in_row = False
        self.cell_open = False
        self.row_group = -1
        self.table_groups: list[int] = []
        self.open_marks: list[list] = []  # [tag, kind, target, index in self.cur]
        self.comments: list[Comment] | None = None

    # -- positions -------------------------------------------------------------------------------------
    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    # -- state -----------------------------------------------------------------------------------------
    def _skipped(self) -> bool:
        if not self._skipping:
            return False
        for tag in reversed(self.stack):
            if tag == "title":
                # The document title (in the head) is read; an SVG's <title> is not.
                return not self._head_only()
            if tag in _SKIP:
                return True
        return False

    def _head_only(self) -> bool:
        """True when the only skipping element open is the head."""
        return all(tag == "head" for tag in self.stack if tag in _SKIP)

    def _begin_text(self) -> None:
        """Called before text is added: fixes the kind of a block at its first text."""
        if self.kind is not None:
            return
        if self.in_row:
            self.kind, self.level = BlockKind.TABLE_ROW, 0
            return
        if self._kinds:
            tag = self._kinds[-1]
            if tag == "li":
                self.kind, self.level = BlockKind.LIST_ITEM, 0
            else:
                self.kind, self.level = BlockKind.HEADING, _HEADINGS[tag]
            return
        self.kind, self.level = BlockKind.PARAGRAPH, 0

    def _flush(self) -> None:
        cur = self.cur
        for mark in self.open_marks:
            cur.close_mark(mark[3])
        if self.kind is not None:
            group = self.row_group if self.kind is BlockKind.TABLE_ROW else -1
            block = cur.build(self.kind, self.level, group)
            if block is not None:
                self.blocks.append(block)
        self.cur = Pieces(self.source)
        for mark in self.open_marks:
            mark[3] = self.cur.open_mark(mark[1], mark[2])
        self.kind = None
        self.level = 0

    def _end_row(self) -> None:
        if self.in_row:
            self._flush()
            self.in_row = False
            self.cell_open = False

    def _block_boundary(self, at: int) -> None:
        """A block element starts or ends: a new block, or just a space inside a table cell."""
        if self.in_row:
            if self.cell_open:
                self.cur.space(at, at)
            return
        self._flush()

    def _start_row(self) -> None:
        self._end_row()
        self._flush()
        self.in_row = True
        self.cell_open = False
        self.row_group = self.table_groups[-1] if self.table_groups else self.groups.new()

    # -- parser callbacks ------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._offset()
        if tag in _VOID:
            if self._skipped():
                return
            if tag == "br":
                if self.kind is not None and self.cur.length:
                    text = self.get_starttag_text() or "<br>"
                    self.cur.replace(at, at + len(text), "\n")
            elif tag == "hr":
                self._block_boundary(at)
            return
        if tag in _BLOCK and self.stack:
            # Implicit end tags, as a browser reads them: a block closes an open <p>, an item the
            # previous item (keeps the stack shallow on sloppy HTML).
            top = self.stack[-1]
            if top == "p" or (tag == "li" and top == "li") or (tag in ("td", "th") and top in ("td", "th")):
                self._pop_to(len(self.stack) - 1, at)
        if (tag == "body" or (tag in _BLOCK and tag != "title")) and self._skipping and "head" in self.stack:
            # The head ends where the body's content begins, closed or not.
            self._pop_to(len(self.stack) - 1 - self.stack[::-1].index("head"), at)
        if self._skipped() and not (tag == "title" and self._head_only()):
            self._push(tag)
            if tag in _SKIP:
                self._skipping += 1
            return
        if tag in _SKIP:
            if tag in _BLOCK or tag == "pre":
                self._block_boundary(at)
            else:
                self.cur.gap(at)
            self._skipping += 1
        elif tag == "table":
            self._end_row()
            self._flush()
            self.table_groups.append(self.groups.new())
        elif tag == "tr":
            self._start_row()
        elif tag in ("td", "th"):
            if not self.in_row:
                self._start_row()
            self.cell_open = True
            self.cur.separator(" | ", at)
        elif tag in _BLOCK:
            self._block_boundary(at)
        elif tag == "a":
            href = next((v for k, v in attrs if k == "href"), None)
            if href is not None:
                self.open_marks.append([tag, "link", href, self.cur.open_mark("link", href)])
        elif tag == "sup":
            self.open_marks.append([tag, "sup", None, self.cur.open_mark("sup")])
        self._push(tag)

    def _push(self, tag: str) -> None:
        self.stack.append(tag)
        if tag in _HEADINGS or tag == "li":
            self._kinds.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <p/>, <a/>: an element with no content.
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        at = self._offset()
        stack = self.stack
        for i in range(len(stack) - 1, -1, -1):
            if stack[i] == tag:
                self._pop_to(i, at)
                return
        # A stray end tag.
        if self._skipped():
            return
        if tag == "br":  # browsers read </br> as <br>
            if self.kind is not None and self.cur.length:
                self.cur.replace(at, at + 5, "\n")
        elif tag == "tr" or tag == "table":
            self._end_row()
        elif tag in _BLOCK:
            self._block_boundary(at)

    def _pop_to(self, index: int, at: int | None = None) -> None:
        """Close the elements stack[index:], innermost first."""
        if at is None:
            at = self._offset()
        while len(self.stack) > index:
            tag = self.stack.pop()
            if tag in _HEADINGS or tag == "li":
                self._kinds.pop()
            if tag in _SKIP:
                self._skipping -= 1
                if not self._skipped():
                    if tag in _BLOCK or tag == "pre":
                        self._block_boundary(at)
                    elif tag == "code":
                        self.cur.gap(at)
                continue
            if self._skipped():
                continue
            if tag in ("a", "sup"):
                for j in range(len(self.open_marks) - 1, -1, -1):
                    if self.open_marks[j][0] == tag:
                        self.cur.close_mark(self.open_marks[j][3])
                        del self.open_marks[j]
                        break
            elif tag == "tr":
                self._end_row()
            elif tag == "table":
                self._end_row()
                if self.table_groups:
                    self.table_groups.pop()
            elif tag in ("td", "th"):
                self.cell_open = False
            elif tag in _BLOCK:
                self._block_boundary(at)

    def handle_data(self, data: str) -> None:
        if self._skipped():
            return
        at = self._offset()
        cur = self.cur
        pos = 0
        for m in _WS_RUN.finditer(data):
            if m.start() > pos:
                self._begin_text()
                cur.copy(at + pos, data[pos : m.start()])
            cur.space(at + m.start(), at + m.end())
            pos = m.end()
        if pos < len(data):
            self._begin_text()
            cur.copy(at + pos, data[pos:])

    def _reference(self, start: int, end: int) -> None:
        if self._skipped():
            return
        if end < len(self.source) and self.source[end] == ";":
            end += 1
        raw = self.source[start:end]
        text = _html.unescape(raw)
        if text in _ASCII_WS:
            self.cur.space(start, end)
            return
        self._begin_text()
        if text == raw:
            self.cur.copy(start, raw)
        else:
            self.cur.replace(start, end, text)

    def handle_entityref(self, name: str) -> None:
        start = self._offset()
        self._reference(start, start + 1 + len(name))

    def handle_charref(self, name: str) -> None:
        start = self._offset()
        self._reference(start, start + 2 + len(name))

    def handle_comment(self, data: str) -> None:
        if self.comments is not None:
            start = self._offset()
            src = self._source
            if src.startswith("<!--", start):
                # "<!--" + data + "-->" unless the comment was cut off by the end of the input
                end = min(start + 4 + len(data) + 3, self._end)
            else:
                # A bogus comment ("<!x>", "</ x>") ends at its first ">"
                gt = src.find(">", start, self._end)
                end = gt + 1 if gt != -1 else self._end
            self.comments.append(Comment(start, end, data))

    def finish(self) -> None:
        self._end_row()
        self._flush()
