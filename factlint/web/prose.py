"""The draft as an editor reads it: its text blocks rendered as prose, with the highlights mapped in.

The readers already turned the draft into `TextBlock`s (headings, paragraphs, list items, table rows),
each character of which knows the source span it came from. A highlight is a source span, so its place
in the prose is found through each block's source map (never by searching the text): the characters of
a block whose source span meets the highlight's. Rendering from the blocks is also what makes the prose
safe: no tag, attribute or script of the draft survives, only its text, its links (shown as links only
for http(s) targets, by the template) and its superscripts.

Every highlight appears in the prose exactly once as a focusable piece: one whose words are not in any
block (a suppression comment, words inside markup the readers leave out) is shown on its own line, in
source order, with the source's words. A highlight that runs across blocks or table cells continues in
pieces that are not focusable (`first` False).

Pure values in, pure values out; the template (templates/view.html) turns them into HTML.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Sequence

from ..source import BlockKind, InlineMark, SourceMap


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    link: str | None = None  # the target of a link around the text ("" for a link without one)
    sup: bool = False
    tail: bool = False  # the last word of a highlight's first piece: its chip is drawn after it


@dataclass(frozen=True, slots=True)
class Piece:
    segments: tuple[Segment, ...]
    mark: str | None = None  # the highlight's id, or None for plain text
    first: bool = True  # the highlight's first piece: the one that is focusable and labelled


@dataclass(frozen=True, slots=True)
class ProseBlock:
    kind: str  # "heading" | "paragraph" | "list_item" | "table_row" | "directive" | "loose"
    level: int  # a heading's level (1 = top)
    group: int  # the table a row belongs to (-1: none)
    cells: tuple[tuple[Piece, ...], ...]  # one cell, or a table row's cells
    start: int  # source offset where the block starts (its order)


@dataclass(frozen=True, slots=True)
class _Unit:
    kind: str
    level: int
    group: int
    text: str
    map: SourceMap
    marks: tuple[InlineMark, ...]
    start: int
    end: int


def _exact(text: str, start: int) -> SourceMap:
    return SourceMap((0,), (start,), (start + len(text),), (True,), len(text))


def _extent(smap: SourceMap) -> tuple[int, int]:
    return min(smap.src_starts), max(smap.src_ends)


def text_span(smap: SourceMap, start: int, end: int) -> tuple[int, int] | None:
    """The block text [a, b) whose characters come from source [start, end), or None if none does.
    A character standing for a wider span (an entity, a joined line break) belongs when its span meets
    [start, end); a made-up separator (a zero-width span) when it lies strictly inside."""
    a = b = -1
    n = len(smap.text_starts)
    for i in range(n):
        t0 = smap.text_starts[i]
        t1 = smap.text_starts[i + 1] if i + 1 < n else smap.length
        s0, s1 = smap.src_starts[i], smap.src_ends[i]
        if smap.exact[i]:
            lo, hi = max(start, s0), min(end, s0 + (t1 - t0))
            if lo >= hi:
                continue
            x0, x1 = t0 + lo - s0, t0 + hi - s0
        elif (s0 < end and start < s1) if s1 > s0 else (start < s0 < end):
            x0, x1 = t0, t1
        else:
            continue
        a = x0 if a < 0 else min(a, x0)
        b = max(b, x1)
    return (a, b) if a >= 0 and b > a else None


def _units(doc, directives: Sequence[tuple[int, int]]) -> list[_Unit]:
    units = []
    for b in doc.blocks:
        if not b.text:
            continue
        s, e = _extent(b.map)
        units.append(_Unit(b.kind.value, b.level, b.group, b.text, b.map, b.marks, s, e))
    for s, e in directives:  # a suppression comment is no prose, but findings are about it
        text = doc.source[s:e]
        if text.strip():
            units.append(_Unit("directive", 0, -1, text, _exact(text, s), (), s, e))
    units.sort(key=lambda u: (u.start, u.end))
    return units


def _cells(u: _Unit) -> list[tuple[int, int]]:
    """A table row's cells (split at the separators the reader made up), or the whole text."""
    if u.kind != BlockKind.TABLE_ROW.value:
        return [(0, len(u.text))]
    m, out, pos = u.map, [], 0
    n = len(m.text_starts)
    for i in range(n):
        t0 = m.text_starts[i]
        t1 = m.text_starts[i + 1] if i + 1 < n else m.length
        if not m.exact[i] and m.src_starts[i] == m.src_ends[i] and u.text[t0:t1].strip() == "|":
            out.append((pos, t0))
            pos = t1
    out.append((pos, len(u.text)))
    return out


def _segments(u: _Unit, a: int, b: int) -> tuple[Segment, ...]:
    cuts = {a, b}
    for mk in u.marks:
        if mk.kind in ("link", "sup") and mk.start < b and a < mk.end:
            cuts.update(x for x in (mk.start, mk.end) if a < x < b)
    points = sorted(cuts)
    out = []
    for x, y in zip(points, points[1:]):
        link = sup = None
        for mk in u.marks:
            if mk.start <= x and y <= mk.end:
                if mk.kind == "link":
                    link = mk.target or ""
                elif mk.kind == "sup":
                    sup = True
        out.append(Segment(u.text[x:y], link, bool(sup)))
    return tuple(out)


def prose(doc, highlights: Sequence[tuple[str, int, int]], directives: Sequence[tuple[int, int]] = ()
          ) -> list[ProseBlock]:
    """The blocks of `doc` with `highlights` ((id, source start, source end), in source order, not
    overlapping) mapped into them; `directives` are the source spans of the draft's suppression comments."""
    units = _units(doc, directives)
    ends = [e for _, _, e in highlights]
    placed: dict[int, list[tuple[int, int, int]]] = {}  # unit index -> [(highlight index, a, b)]
    seen: set[int] = set()
    for ui, u in enumerate(units):
        k = bisect.bisect_right(ends, u.start)
        while k < len(highlights) and highlights[k][1] < u.end:
            _, s, e = highlights[k]
            span = text_span(u.map, s, e)
            if span is not None:
                placed.setdefault(ui, []).append((k, *span))
                seen.add(k)
            k += 1
    loose = [k for k in range(len(highlights)) if k not in seen]
    if loose:  # shown on a line of their own, where they are in the source
        for k in loose:
            _, s, e = highlights[k]
            words = doc.source[s:e] or doc.source[max(0, s - 1):s + 1] or " "
            units.append(_Unit("loose", 0, -1, words, _exact(words, s), (), s, s + len(words)))
        order = sorted(range(len(units)),
                       key=lambda i: (units[i].start, units[i].kind != "loose", units[i].end))
        new_index = {old: new for new, old in enumerate(order)}
        placed = {new_index[i]: v for i, v in placed.items()}
        units = [units[i] for i in order]
        for ui, u in enumerate(units):
            if u.kind == "loose" and ui not in placed:
                k = next(k for k in loose if highlights[k][1] == u.start and k not in seen)
                seen.add(k)
                placed[ui] = [(k, 0, len(u.text))]
    blocks: list[ProseBlock] = []
    started: set[int] = set()
    for ui, u in enumerate(units):
        spans = sorted(placed.get(ui, ()), key=lambda t: (t[1], t[2]))
        cells = []
        for ca, cb in _cells(u):
            pieces: list[Piece] = []
            pos = ca
            for k, a, b in spans:
                a, b = max(a, ca, pos), min(b, cb)
                if a >= b:
                    continue
                if a > pos:
                    pieces.append(Piece(_segments(u, pos, a)))
                first = k not in started
                started.add(k)
                pieces.append(Piece(_segments(u, a, b), highlights[k][0], first))
                pos = b
            if pos < cb:
                pieces.append(Piece(_segments(u, pos, cb)))
            cells.append(tuple(pieces))
        blocks.append(ProseBlock(u.kind, u.level, u.group, tuple(cells), u.start))
    return blocks


def sections(doc) -> tuple[list[int], list[str]]:
    """The headings of a draft: their source offsets and texts (for "in the section ...")."""
    starts, titles = [], []
    for b in doc.blocks:
        if b.kind is BlockKind.HEADING and b.text:
            starts.append(_extent(b.map)[0])
            titles.append(b.text)
    return starts, titles


def section_of(heads: tuple[list[int], list[str]], offset: int) -> str:
    i = bisect.bisect_right(heads[0], offset) - 1
    return heads[1][i] if i >= 0 else ""
