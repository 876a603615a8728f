"""Plain-text reader (.txt and any unknown extension).

Paragraphs are separated by blank lines. Inside a paragraph each line is copied verbatim (indentation, a
leading bullet and trailing whitespace left out) and lines are joined by their own newline. Short-line
paragraphs are lists or tables (one block per line, one group), bulleted lines are list items, and a
short one-line paragraph without closing punctuation is a heading. One pass over the lines, no regex
backtracking, no dependencies: this is the reader the pre-commit hook runs most.
"""
from __future__ import annotations

import re

from factlint.readers._pieces import Groups, Pieces
from factlint.source import BlockKind, SourceMap, TextBlock

BULLETS = frozenset("•·◦▪▫‣∙●○■□–-*+")
SHORT_LINE = 60  # a paragraph whose lines are all this short is a list or a table
HEADING_MAX_CHARS = 90
HEADING_MAX_WORDS = 14
_NO_HEADING_END = frozenset(".!?:;,")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")

# A line: (start, end, bulleted, newline) — text source[start:end], `newline` the offset of the "\n"
# that ends the line (len(source) for the last line).
_Line = tuple[int, int, bool, int]


def read_text(source: str) -> tuple[TextBlock, ...]:
    blocks: list[TextBlock] = []
    groups = Groups()
    para: list[_Line] = []
    first_para = True
    n = len(source)
    pos = 0
    find = source.find
    while True:
        nl = find("\n", pos)
        raw_end = n if nl == -1 else nl
        end = raw_end
        while end > pos and source[end - 1].isspace():
            end -= 1
        if end == pos:  # blank line
            if para:
                _paragraph(source, para, first_para, groups, blocks)
                first_para = False
                para = []
        else:
            start = pos
            while source[start].isspace():
                start += 1
            bulleted = False
            if source[start] in BULLETS and start + 1 < end and source[start + 1].isspace():
                start += 1
                while source[start].isspace():
                    start += 1
                bulleted = True
            para.append((start, end, bulleted, raw_end))
        if nl == -1:
            break
        pos = nl + 1
    if para:
        _paragraph(source, para, first_para, groups, blocks)
    return tuple(blocks)


def _is_heading(source: str, start: int, end: int) -> bool:
    if end - start > HEADING_MAX_CHARS or source[end - 1] in _NO_HEADING_END:
        return False
    text = source[start:end]
    return len(text.split()) <= HEADING_MAX_WORDS and _LETTER.search(text) is not None


def _wrapped_prose(source: str, para: list[_Line]) -> bool:
    """True when a line break falls inside a sentence ("... of the\\nlungs"): hard-wrapped prose rather
    than a list, even if every line is short."""
    for (_, end, bulleted, _), (start, _, next_bulleted, _) in zip(para, para[1:]):
        if bulleted or next_bulleted:
            continue
        last = source[end - 1]
        if (last == "," or last.islower()) and source[start].islower():
            return True
    return False


def _block(source: str, lines: list[_Line], kind: BlockKind, level: int = 0, group: int = -1) -> TextBlock | None:
    if len(lines) == 1:
        # Most blocks are one line copied verbatim: one exact run, no builder needed.
        start, end = lines[0][0], lines[0][1]
        if end <= start:
            return None
        text = source[start:end]
        return TextBlock(text, SourceMap((0,), (start,), (end,), (True,), len(text)), kind, level, group)
    pieces = Pieces(source)
    previous_newline = -1
    for start, end, _, newline in lines:
        if previous_newline >= 0:
            pieces.copy(previous_newline, "\n")
        pieces.copy(start, source[start:end])
        previous_newline = newline
    return pieces.build(kind, level, group)


def _paragraph(source: str, para: list[_Line], first: bool, groups: Groups, out: list[TextBlock]) -> None:
    if len(para) == 1:
        start, end, bulleted, _ = para[0]
        if bulleted:
            kind, level = BlockKind.LIST_ITEM, 0
        elif _is_heading(source, start, end):
            kind, level = BlockKind.HEADING, (1 if first else 2)
        else:
            kind, level = BlockKind.PARAGRAPH, 0
        block = _block(source, para, kind, level)
        if block is not None:
            out.append(block)
        return

    all_bulleted = all(line[2] for line in para)
    if all_bulleted or (
        all(end - start <= SHORT_LINE for start, end, _, _ in para) and not _wrapped_prose(source, para)
    ):
        # A list or a table: one block per line, one group.
        if all_bulleted or not any(_DIGIT.search(source, start, end) for start, end, _, _ in para):
            kind = BlockKind.LIST_ITEM
        else:
            kind = BlockKind.TABLE_ROW
        group = groups.new()
        for line in para:
            block = _block(source, [line], kind, 0, group)
            if block is not None:
                out.append(block)
        return

    if any(line[2] for line in para):
        # Bulleted items with wrapped continuation lines (and maybe an unbulleted lead-in).
        items: list[list[_Line]] = []
        for line in para:
            if line[2] or not items:
                items.append([line])
            else:
                items[-1].append(line)
        group = groups.new()
        for item in items:
            kind = BlockKind.LIST_ITEM if item[0][2] else BlockKind.PARAGRAPH
            block = _block(source, item, kind, 0, group)
            if block is not None:
                out.append(block)
        return

    block = _block(source, para, BlockKind.PARAGRAPH)
    if block is not None:
        out.append(block)
