"""Markdown reader, on markdown-it-py (CommonMark plus GFM tables and strikethrough).

markdown-it-py's inline tokens carry no source positions, so this reader owns a `MarkdownIt` instance
whose parsers record them as they work (the library is not patched globally):

* Block level: the paragraph, heading, setext heading, table and HTML block rules are wrapped; when one
  of them emits tokens, the wrapper reads the parser's own line marks (`bMarks`, `tShift`, `eMarks`,
  which blockquote and list rules have already moved past their markers) and stores in the token's
  `meta` where each content line starts in the file. Table rows are split into cells by the same
  escaped-pipe rule as the table rule itself, tracking the offset of every piece.
* Inline level: a `StateInline` subclass keeps, beside the pending text, the source span of each pending
  piece (text is appended at `state.pos`, always a verbatim slice there); pending text flushed into a
  `text` token carries that list in `token.meta["fl"]`. Every inline rule is wrapped so that tokens it
  pushes (escapes, entities, code spans, breaks, links, emphasis markers) get the span it consumed in
  `token.meta["fl_span"]`. The core `text_join` and inline `fragments_join` rules, which merge tokens
  after the fact, are disabled: the reader walks adjacent text tokens itself.

The inline offsets then go through the line map of their block to file offsets, and through the map of
removed carriage returns back to offsets into the string the caller passed (`\\r\\n` is parsed as
`\\n`). Nothing is ever located by searching the source for rendered text.
"""
from __future__ import annotations

import bisect
import html as _html
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline.state_inline import StateInline

from factlint.readers._pieces import Groups, Pieces
from factlint.readers.html import read_html_span
from factlint.source import BlockKind, Comment, TextBlock

try:  # the whitespace set the block rules trim with (markdown-it-py >= 4)
    from markdown_it.common.utils import MD_TRIM_CHARS as _TRIM
except ImportError:  # pragma: no cover
    _TRIM = None  # str.strip()'s default set

_FRONT_MATTER_CLOSE = {"---": ("---", "..."), "+++": ("+++",)}
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_SKIPPED_INLINE_HTML = frozenset({"script", "style", "code", "pre", "textarea", "svg", "math", "noscript", "template"})
_FOOTNOTE_LABEL = re.compile(r"\^[^\]\s]{1,40}|\d{1,4}")  # [^2], [^note], [3]


# --------------------------------------------------------------------------------------------------------
# Inline parsing with positions
# --------------------------------------------------------------------------------------------------------
_BASE_PENDING = StateInline.__dict__.get("pending")
if isinstance(_BASE_PENDING, property):
    _get_pending = _BASE_PENDING.fget
    _set_pending = _BASE_PENDING.fset
else:  # pragma: no cover - markdown-it-py 3.x keeps pending in a plain attribute

    def _get_pending(state: Any) -> str:
        return state.__dict__.get("_fl_pending", "")

    def _set_pending(state: Any, value: str) -> None:
        state.__dict__["_fl_pending"] = value


class _TrackedState(StateInline):
    """Inline state that records, for each piece of pending text, the span of `src` it came from:
    `_fl` is a list of [length, start, end, exact]."""

    def __init__(self, src: str, md: MarkdownIt, env: Any, outTokens: list) -> None:
        self._fl: list[list] = []
        self._fl_ok = True
        super().__init__(src, md, env, outTokens)

    def _fl_append(self, text: str) -> None:
        pos = self.pos
        if self.src.startswith(text, pos):
            pieces = self._fl
            if pieces and pieces[-1][3] and pieces[-1][2] == pos:
                pieces[-1][0] += len(text)
                pieces[-1][2] = pos + len(text)
            else:
                pieces.append([len(text), pos, pos + len(text), True])
        else:  # pragma: no cover - no rule in use appends anything but the source at pos
            self._fl_ok = False
            self._fl.append([len(text), pos, pos, False])

    def append_pending(self, text: str) -> None:
        if text:
            self._fl_append(text)
        super().append_pending(text)

    @property  # type: ignore[override]
    def pending(self) -> str:
        return _get_pending(self)

    @pending.setter
    def pending(self, value: str) -> None:
        old = _get_pending(self)
        pieces = getattr(self, "_fl", None)
        if pieces is None:
            pass
        elif not value:
            self._fl = []
            self._fl_ok = True
        elif len(value) <= len(old) and old.startswith(value):
            # Trimmed (the newline rule drops trailing spaces before a break).
            excess = len(old) - len(value)
            while excess and pieces:
                last = pieces[-1]
                if last[0] <= excess:
                    excess -= last[0]
                    pieces.pop()
                else:
                    last[0] -= excess
                    if last[3]:
                        last[2] -= excess
                    excess = 0
        elif value.startswith(old):
            self._fl_append(value[len(old) :])
        else:  # pragma: no cover
            self._fl_ok = False
        _set_pending(self, value)

    def pushPending(self) -> Any:
        pieces, ok = self._fl, self._fl_ok
        self._fl = []
        token = super().pushPending()
        if ok and sum(p[0] for p in pieces) == len(token.content):
            token.meta["fl"] = pieces
        return token


_APPENDS = hasattr(StateInline, "append_pending")  # markdown-it-py >= 4: the text rule appends through it


class _TrackingInline(ParserInline):
    # Set by _parser: a search for any character at which an enabled rule other than `text` and `newline`
    # may fire (None: no fast path), and the newline rule as the ruler runs it (wrapped).
    markup: re.Pattern | None = None
    newline: Any = None

    def parse(self, src: str, md: MarkdownIt, env: Any, tokens: list) -> list:
        state = _TrackedState(src, md, env, tokens)
        if self.markup is not None and self.markup.search(src) is None:
            self._tokenize_plain(state)
        else:
            self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens

    def _tokenize_plain(self, state: _TrackedState) -> None:
        """`tokenize` for content without markup (most prose), where only the text and newline rules can
        fire: each line is appended to the pending text whole and each line end goes to the newline rule.
        (`tokenize` stops at every terminator character, "-", "%" or ":", and tries every rule there.) The
        same tokens, with the same positions."""
        src, end, newline = state.src, state.posMax, self.newline
        while state.pos < end:
            nl = src.find("\n", state.pos, end)
            stop = end if nl < 0 else nl
            if stop > state.pos:
                # (as the text rule does; the tracked state records the piece at state.pos)
                if _APPENDS:
                    state.append_pending(src[state.pos:stop])
                else:  # pragma: no cover - markdown-it-py 3.x
                    state.pending += src[state.pos:stop]
                state.pos = stop
            if nl >= 0:
                newline(state, False)
        if state.pending:
            state.pushPending()


# The characters at which each inline rule other than `text` and `newline` can match (markdown-it-py's rules
# of CommonMark, GFM strikethrough and linkify, which needs the linkify option): content with none of them is
# tokenized by _TrackingInline._tokenize_plain. With a rule not listed here enabled, there is no fast path.
_RULE_MARKERS = {"escape": "\\", "backticks": "`", "strikethrough": "~", "emphasis": "*_", "link": "[",
                 "image": "!", "autolink": "<", "html_inline": "<", "entity": "&"}


def _markup_pattern(md: MarkdownIt) -> re.Pattern | None:
    markers = set()
    for name in [r.name for r in md.inline.ruler.__rules__ if r.enabled]:
        if name in ("text", "newline") or (name == "linkify" and not md.options.get("linkify")):
            continue
        if name not in _RULE_MARKERS:
            return None
        markers.update(_RULE_MARKERS[name])
    return re.compile("[" + re.escape("".join(sorted(markers))) + "]") if markers else re.compile(r"(?!)")


def _wrap_inline(fn: Any) -> Any:
    def rule(state: Any, silent: bool) -> bool:
        if silent or not isinstance(state, _TrackedState):
            return fn(state, silent)
        pos0 = state.pos
        n0 = len(state.tokens)
        ok = fn(state, silent)
        if ok and len(state.tokens) > n0:
            _tag_tokens(state, n0, pos0, state.pos)
        return ok

    return rule


def _tag_tokens(state: _TrackedState, n0: int, pos0: int, pos1: int) -> None:
    """Give the tokens a rule pushed (and that have no span yet) the span the rule consumed."""
    new = [t for t in state.tokens[n0:] if "fl" not in t.meta and "fl_span" not in t.meta]
    if not new:
        return
    src = state.src
    if all(t.type == "text" for t in new) and "".join(t.content for t in new) == src[pos0:pos1]:
        # Emphasis/strikethrough markers: one text token per marker, in source order.
        pos = pos0
        for t in new:
            t.meta["fl_span"] = (pos, pos + len(t.content))
            pos += len(t.content)
        return
    for t in new:
        if t.type in ("softbreak", "hardbreak"):
            # The break stands for the newline only (the spaces before it and the indentation after
            # it are left out of the text).
            nl = pos0 if src[pos0] == "\n" else pos0 + 1
            t.meta["fl_span"] = (nl, nl + 1)
        else:
            t.meta["fl_span"] = (pos0, pos1)


# --------------------------------------------------------------------------------------------------------
# Block parsing with line marks
# --------------------------------------------------------------------------------------------------------
def _wrap_block(fn: Any, name: str) -> Any:
    def rule(state: Any, startLine: int, endLine: int, silent: bool) -> bool:
        if silent:
            return fn(state, startLine, endLine, silent)
        n0 = len(state.tokens)
        ok = fn(state, startLine, endLine, silent)
        if ok:
            _capture(state, n0, name)
        return ok

    return rule


def _capture(state: Any, n0: int, name: str) -> None:
    src = state.src
    tokens = state.tokens[n0:]
    bmarks, tshift, emarks = state.bMarks, state.tShift, state.eMarks
    if name in ("paragraph", "lheading"):
        for t in tokens:
            if t.type == "inline" and t.map:
                first = t.map[0]
                count = t.content.count("\n") + 1
                # The paragraph rule trims the content with its whitespace set (newlines and Unicode
                # spaces included): leading lines of only such whitespace ("\u00a0") are not content.
                while _TRIM is not None and first + 1 < t.map[1] and \
                        not src[bmarks[first] + tshift[first]:emarks[first]].strip(_TRIM):
                    first += 1
                t.meta["fl_lines"] = [(bmarks[ln] + tshift[ln], emarks[ln]) for ln in range(first, first + count)]
    elif name == "heading":
        for t in tokens:
            if t.type == "inline" and t.map:
                ln = t.map[0]
                pos, end = bmarks[ln] + tshift[ln], emarks[ln]
                while pos < end and src[pos] == "#":
                    pos += 1
                t.meta["fl_lines"] = [(pos, end)]
    elif name == "table":
        cells: list[list[tuple[int, str]]] = []
        cell = 0
        for t in tokens:
            if t.type == "tr_open" and t.map:
                ln = t.map[0]
                cells = _split_row(src, bmarks[ln] + tshift[ln], emarks[ln])
                t.meta["fl_row"] = (bmarks[ln] + tshift[ln], emarks[ln])
                cell = 0
            elif t.type == "inline":
                t.meta["fl_cell"] = cells[cell] if cell < len(cells) else []
                cell += 1
    elif name == "html_block":
        for t in tokens:
            if t.type == "html_block" and t.map:
                t.meta["fl_html"] = _html_block_span(state, t.map[0], t.map[1])


def _html_block_span(state: Any, begin: int, end: int) -> tuple[int, int, list[tuple[int, int]]]:
    """The source span of an HTML block's lines and, when it sits in a container (list item, block
    quote), the spans of the container's markers on its later lines, which are not part of the HTML."""
    emarks = state.eMarks
    indent = state.blkIndent
    start = _content_start(state, begin, indent)
    stop = min(emarks[end - 1] + 1, len(state.src))
    blanks = []
    for line in range(begin + 1, end):
        line_start = emarks[line - 1] + 1
        first = _content_start(state, line, indent)
        if first > line_start:
            blanks.append((line_start, first))
    return start, stop, blanks


def _content_start(state: Any, line: int, indent: int) -> int:
    """Where `StateBlock.getLines` starts a line's content (same loop)."""
    src = state.src
    first = line_start = state.bMarks[line]
    last = state.eMarks[line]
    line_indent = 0
    while first < last and line_indent < indent:
        ch = src[first]
        if ch == "\t":
            line_indent += 4 - (line_indent + state.bsCount[line]) % 4
        elif ch == " ":
            line_indent += 1
        elif first - line_start < state.tShift[line]:
            line_indent += 1
        else:
            break
        first += 1
    return first


def _trim(text: str) -> str:
    return text.strip(_TRIM) if _TRIM is not None else text.strip()


def _split_row(src: str, start: int, end: int) -> list[list[tuple[int, str]]]:
    """Cells of a table row as the table rule computes them (trimmed line, split on unescaped `|`,
    `\\|` becoming `|`, empty first and last cells dropped, each cell trimmed), each cell as pieces
    (offset, text) whose concatenation is the cell's content."""
    line = src[start:end]
    trimmed = _trim(line)
    if not trimmed:
        return []
    lead = len(line) - len(line.lstrip(_TRIM) if _TRIM is not None else line.lstrip())
    base = start + lead
    string = trimmed
    cells: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    last = 0
    escaped = False
    for pos, ch in enumerate(string):
        if ch == "|":
            if not escaped:
                current.append((base + last, string[last:pos]))
                cells.append(current)
                current = []
                last = pos + 1
            else:
                current.append((base + last, string[last : pos - 1]))
                last = pos
        escaped = ch == "\\"
    current.append((base + last, string[last:]))
    cells.append(current)
    if cells and not "".join(p[1] for p in cells[0]):
        cells.pop(0)
    if cells and not "".join(p[1] for p in cells[-1]):
        cells.pop()
    return [_trim_pieces(c) for c in cells]


def _trim_pieces(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out = [p for p in pieces if p[1]]
    while out:
        offset, text = out[0]
        stripped = text.lstrip(_TRIM) if _TRIM is not None else text.lstrip()
        if stripped:
            out[0] = (offset + len(text) - len(stripped), stripped)
            break
        out.pop(0)
    while out:
        offset, text = out[-1]
        stripped = text.rstrip(_TRIM) if _TRIM is not None else text.rstrip()
        if stripped:
            out[-1] = (offset, stripped)
            break
        out.pop()
    return out


_MD: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _MD
    if _MD is None:
        md = MarkdownIt("commonmark")
        md.enable("table")
        md.enable("strikethrough", ignoreInvalid=True)
        md.disable("text_join", ignoreInvalid=True)
        md.inline.ruler2.disable("fragments_join", ignoreInvalid=True)
        inline = _TrackingInline.__new__(_TrackingInline)
        inline.__dict__.update(md.inline.__dict__)
        md.inline = inline
        ruler = md.inline.ruler
        for r in list(ruler.__rules__):
            if r.name != "text":  # the text rule only appends to pending, which the state tracks
                ruler.at(r.name, _wrap_inline(r.fn), {"alt": list(r.alt)})
        inline.newline = next((r.fn for r in ruler.__rules__ if r.name == "newline"), None)
        inline.markup = _markup_pattern(md) if inline.newline is not None else None
        block = md.block.ruler
        for r in list(block.__rules__):
            if r.name in ("paragraph", "heading", "lheading", "table", "html_block"):
                block.at(r.name, _wrap_block(r.fn, r.name), {"alt": list(r.alt)})
        _MD = md
    return _MD


# --------------------------------------------------------------------------------------------------------
# Offsets: inline content -> parsed (normalised) source -> the caller's source
# --------------------------------------------------------------------------------------------------------
class _Crlf:
    """Offsets in the parsed text (each "\\r\\n" read as "\\n") back to the caller's string."""

    __slots__ = ("drops",)

    def __init__(self, drops: list[int]) -> None:
        self.drops = drops  # parsed offsets of the "\n" of each "\r\n"

    def point(self, n: int) -> int:
        return n + bisect.bisect_right(self.drops, n) if self.drops else n

    def end(self, n: int) -> int:
        """An exclusive end offset."""
        if not self.drops or n <= 0:
            return n
        return self.point(n - 1) + 1

    def split(self, start: int, length: int) -> list[tuple[int, int, int]]:
        """The parsed run [start, start+length) as (offset in run, original start, length) runs."""
        if not self.drops:
            return [(0, start, length)]
        out = []
        lo = bisect.bisect_right(self.drops, start)
        hi = bisect.bisect_left(self.drops, start + length)
        cut = start
        for d in self.drops[lo:hi]:
            out.append((cut - start, self.point(cut), d - cut))
            cut = d
        out.append((cut - start, self.point(cut), start + length - cut))
        return [r for r in out if r[2] > 0]


def _normalise(source: str) -> tuple[str, _Crlf]:
    if "\r" not in source:
        parsed = source
        drops: list[int] = []
    else:
        parts = []
        drops = []
        removed = 0
        pos = 0
        for m in re.finditer(r"\r\n?", source):
            parts.append(source[pos : m.start()])
            parts.append("\n")
            if m.end() - m.start() == 2:
                drops.append(m.start() - removed)
                removed += 1
            pos = m.end()
        parts.append(source[pos:])
        parsed = "".join(parts)
    if "\0" in parsed:
        parsed = parsed.replace("\0", "\ufffd")  # as markdown-it does; same length
    return parsed, _Crlf(drops)


def _mask_front_matter(text: str) -> str:
    """Blank out YAML (--- … --- or …) or TOML (+++ … +++) front matter at the very start, keeping
    every offset (each character but the newlines becomes a space)."""
    first_nl = text.find("\n")
    if first_nl == -1:
        return text
    opener = text[:first_nl].rstrip()
    closers = _FRONT_MATTER_CLOSE.get(opener)
    if closers is None:
        return text
    pos = first_nl + 1
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        if text[pos:end].rstrip() in closers:
            return re.sub(r"[^\n]", " ", text[:end]) + text[end:]
        if nl == -1:
            break
        pos = nl + 1
    return text


class _Segment:
    __slots__ = ("istart", "iend", "fstart", "fend", "exact")

    def __init__(self, istart: int, iend: int, fstart: int, fend: int, exact: bool) -> None:
        self.istart, self.iend, self.fstart, self.fend, self.exact = istart, iend, fstart, fend, exact


class _InlineMap:
    """Offsets of an inline token's content to offsets of the caller's source, as sorted segments that
    cover the content without gaps; in an exact segment the content is the source verbatim."""

    def __init__(self, segments: list[_Segment]) -> None:
        self.segments = segments
        self.starts = [s.istart for s in segments]

    def _index(self, o: int) -> int:
        return max(0, bisect.bisect_right(self.starts, o) - 1)

    def point(self, o: int) -> int:
        seg = self.segments[self._index(o)]
        if seg.exact:
            return seg.fstart + min(max(o - seg.istart, 0), seg.iend - seg.istart)
        return seg.fstart

    def span(self, s: int, e: int) -> tuple[int, int]:
        first = self.segments[self._index(s)]
        last = self.segments[self._index(max(s, e - 1))]
        a = self.point(s) if first.exact else first.fstart
        if last.exact:
            b = last.fstart + min(max(e - last.istart, 0), last.iend - last.istart)
        else:
            b = last.fend
        return a, max(a, b)

    def copy(self, out: Pieces, s: int, text: str) -> None:
        """Append `text`, which is the content verbatim from `s` (it may cross segment boundaries)."""
        e = s + len(text)
        segments = self.segments
        i = self._index(s)
        pos = s
        while pos < e:
            seg = segments[i]
            stop = min(e, segments[i + 1].istart) if i + 1 < len(segments) else e
            if stop > pos:
                part = text[pos - s : stop - s]
                if seg.exact and pos >= seg.istart:
                    out.copy(seg.fstart + pos - seg.istart, part)
                else:
                    out.replace(seg.fstart, seg.fend, part)
                pos = stop
            i += 1

    def replace(self, out: Pieces, s: int, e: int, text: str) -> None:
        a, b = self.span(s, e)
        out.replace(a, b, text)


def _segments_exact(istart: int, fstart: int, length: int, crlf: _Crlf, out: list[_Segment]) -> None:
    for off, orig, n in crlf.split(fstart, length):
        out.append(_Segment(istart + off, istart + off + n, orig, orig + n, True))


def _line_map(content: str, lines: list[tuple[int, int]], parsed: str, crlf: _Crlf) -> _InlineMap:
    """Map for a paragraph's or heading's inline content: each of its lines (after the indentation the
    inline parser skips) is the file line from the parser's line mark on."""
    segments: list[_Segment] = []
    parts = content.split("\n")
    c = 0
    for i, cl in enumerate(parts):
        last = i == len(parts) - 1
        width = len(cl) + (0 if last else 1)  # with the newline that ends it
        if i < len(lines):
            mark, eol = lines[i]
            if i == 0:
                # The block rule trimmed the content's start (for a heading: after the '#' run).
                seg = parsed[mark:eol]
                lead = len(seg) - len(seg.lstrip(_TRIM) if _TRIM is not None else seg.lstrip())
                skip, fstart = 0, mark + lead
                if not parsed.startswith(cl, fstart):
                    lead = len(seg) - len(seg.lstrip())
                    fstart = mark + lead
            else:
                skip = len(cl) - len(cl.lstrip(" \t"))
                fstart = mark
            body = cl[skip:]
            ok = parsed.startswith(body, fstart) and (last or parsed[fstart + len(body) : fstart + len(body) + 1] == "\n")
            if ok:
                if skip:  # indentation the inline parser skips: never in the text
                    segments.append(_Segment(c, c + skip, crlf.point(fstart), crlf.end(fstart + 1), False))
                _segments_exact(c + skip, fstart, len(body) + (0 if last else 1), crlf, segments)
            else:  # pragma: no cover - defensive: map the line as a whole
                segments.append(_Segment(c, c + max(width, 1), crlf.point(mark), crlf.end(max(eol, mark + 1)), False))
        else:  # pragma: no cover
            prev = segments[-1] if segments else _Segment(0, 0, 0, 0, False)
            segments.append(_Segment(c, c + max(width, 1), prev.fstart, max(prev.fend, prev.fstart + 1), False))
        c += width
    return _InlineMap(segments)


def _cell_map(content: str, pieces: list[tuple[int, str]], crlf: _Crlf, row_span: tuple[int, int]) -> _InlineMap:
    segments: list[_Segment] = []
    if "".join(p[1] for p in pieces) == content:
        c = 0
        for offset, text in pieces:
            _segments_exact(c, offset, len(text), crlf, segments)
            c += len(text)
    if not segments:
        segments.append(_Segment(0, max(len(content), 1), row_span[0], row_span[1], False))
    return _InlineMap(segments)


# --------------------------------------------------------------------------------------------------------
# Rendering inline tokens into block text
# --------------------------------------------------------------------------------------------------------
def _render(children: list, content: str, imap: _InlineMap, out: Pieces,
            comments: list[Comment] | None = None) -> None:
    links: list[tuple[int, bool, int]] = []  # (mark index, literal brackets, offset of "]")
    sups: list[int] = []
    skip_until: str | None = None
    for t in children:
        typ = t.type
        meta = t.meta
        if skip_until is not None:
            if typ == "html_inline":
                m = _HTML_TAG.match(t.content)
                if m and m.group(1) and m.group(2).lower() == skip_until:
                    skip_until = None
                    span = meta.get("fl_span")
                    if span:
                        out.gap(imap.point(span[0]))
            continue
        if typ == "text" or typ == "text_special":
            text = t.content
            if not text:
                continue
            pieces = meta.get("fl")
            if pieces is not None:
                o = 0
                for length, s, e, exact in pieces:
                    part = text[o : o + length]
                    o += length
                    if exact:
                        imap.copy(out, s, part)
                    else:
                        imap.replace(out, s, e, part)
                continue
            span = meta.get("fl_span")
            if span is None:  # pragma: no cover - defensive
                span = (0, len(content))
            s, e = span
            if content[s:e] == text:
                imap.copy(out, s, text)
            else:
                imap.replace(out, s, e, text)
        elif typ == "softbreak" or typ == "hardbreak":
            s, e = meta.get("fl_span", (0, len(content)))
            imap.replace(out, s, e, " " if typ == "softbreak" else "\n")
        elif typ == "code_inline":
            s, _ = meta.get("fl_span", (0, 0))
            out.gap(imap.point(s))
        elif typ == "link_open":
            href = t.attrs.get("href")
            s, e = meta.get("fl_span", (0, 0))
            inner = content[s + 1 : e - 1]
            literal = (
                e - s >= 3 and content[s] == "[" and content[e - 1] == "]" and _FOOTNOTE_LABEL.fullmatch(inner) is not None
            )
            index = out.open_mark("link", str(href) if href is not None else None)
            if literal:
                # A reference-style footnote such as [^2] or [3]: keep the brackets, it is a citation.
                imap.copy(out, s, "[")
            links.append((index, literal, e - 1))
        elif typ == "link_close":
            if links:
                index, literal, close = links.pop()
                if literal:
                    imap.copy(out, close, "]")
                out.close_mark(index)
        elif typ == "html_inline":
            m = _HTML_TAG.match(t.content)
            if not m:  # a comment, declaration or processing instruction
                if comments is not None and t.content.startswith("<!--"):
                    s, e = meta.get("fl_span", (0, len(t.content)))
                    inner = t.content[4:-3] if t.content.endswith("-->") else t.content[4:]
                    comments.append(Comment(imap.point(s), imap.point(max(s, e - 1)) + 1, inner))
                continue
            closing, name = m.group(1), m.group(2).lower()
            if name == "sup":
                if closing:
                    if sups:
                        out.close_mark(sups.pop())
                else:
                    sups.append(out.open_mark("sup"))
            elif name == "a":
                if closing:
                    if links:
                        index, _, _ = links.pop()
                        out.close_mark(index)
                else:
                    h = _HREF.search(t.content)
                    href = _html.unescape(next(g for g in h.groups() if g is not None)) if h else None
                    links.append((out.open_mark("link", href), False, -1))
            elif name == "br" and not closing:
                s, e = meta.get("fl_span", (0, 0))
                imap.replace(out, s, e, "\n")
            elif name in _SKIPPED_INLINE_HTML and not closing and not t.content.rstrip().endswith("/>"):
                skip_until = name
                s, _ = meta.get("fl_span", (0, 0))
                out.gap(imap.point(s))
        elif typ == "image":  # its alt text is not prose
            s, _ = meta.get("fl_span", (0, 0))
            out.gap(imap.point(s))
        # emphasis and strikethrough markers vanish.


# --------------------------------------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------------------------------------
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def _row_comments(source: str, start: int, end: int) -> list[Comment]:
    text = source[start:end]
    if "`" in text:  # a comment shown in a code span is not one
        text = re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), text)
    return [Comment(start + m.start(), start + m.end(), m.group(1)) for m in _COMMENT.finditer(text)]


def read_markdown(source: str, comments: list[Comment] | None = None) -> tuple[TextBlock, ...]:
    """The text blocks of a Markdown draft; its HTML comments are appended to `comments` if given."""
    if not source.strip():
        return ()
    parsed, crlf = _normalise(source)
    parsed = _mask_front_matter(parsed)
    tokens = _parser().parse(parsed)

    blocks: list[TextBlock] = []
    groups = Groups()
    list_depth = 0
    heading_level = 0
    table_group = -1
    row: Pieces | None = None
    row_span = (0, 0)
    for t in tokens:
        typ = t.type
        if typ == "inline":
            meta = t.meta
            if row is not None:
                cell = meta.get("fl_cell")
                imap = _cell_map(t.content, cell or [], crlf, row_span)
                row.separator(" | ", imap.point(0))
                _render(t.children or [], t.content, imap, row, comments)
                continue
            lines = meta.get("fl_lines")
            if not lines or not t.content:
                continue
            imap = _line_map(t.content, lines, parsed, crlf)
            out = Pieces(source)
            _render(t.children or [], t.content, imap, out, comments)
            if heading_level:
                block = out.build(BlockKind.HEADING, heading_level)
            else:
                block = out.build(BlockKind.LIST_ITEM if list_depth else BlockKind.PARAGRAPH)
            if block is not None:
                blocks.append(block)
        elif typ == "heading_open":
            heading_level = int(t.tag[1:]) if t.tag[1:].isdigit() else 1
        elif typ == "heading_close":
            heading_level = 0
        elif typ == "list_item_open":
            list_depth += 1
        elif typ == "list_item_close":
            list_depth -= 1
        elif typ == "table_open":
            table_group = groups.new()
        elif typ == "tr_open":
            row = Pieces(source)
            # The row's line, for a cell that cannot be mapped piece by piece (defensive).
            a, b = t.meta.get("fl_row", (0, 0))
            row_span = (crlf.point(a), crlf.end(max(b, a + 1)))
            if comments is not None and "<!--" in source[row_span[0]:row_span[1]]:
                # GFM drops cells beyond the header's count, and a comment after the last pipe with them
                # (where `disable-line` goes); comments inside cells are found again by the inline pass.
                comments.extend(_row_comments(source, *row_span))
        elif typ == "tr_close":
            if row is not None:
                block = row.build(BlockKind.TABLE_ROW, 0, table_group)
                if block is not None:
                    blocks.append(block)
            row = None
        elif typ == "html_block":
            span = t.meta.get("fl_html")
            if span:
                start, stop, blanks = span
                a, b = crlf.point(start), crlf.end(stop)
                text = None
                if blanks:  # parse the block without its container's markers (offsets kept)
                    chunks = []
                    pos = a
                    for x, y in blanks:  # a marker never spans a line end
                        ox = crlf.point(x)
                        chunks.append(source[pos:ox])
                        chunks.append(" " * (y - x))
                        pos = ox + (y - x)
                    chunks.append(source[pos:b])
                    text = "".join(chunks)
                blocks.extend(read_html_span(source, a, b, groups, text, comments))
        # fence, code_block, hr: not prose.
    return tuple(blocks)

