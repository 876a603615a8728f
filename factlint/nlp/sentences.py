"""Sentence boundaries on plain text: abbreviation-aware ("et al.", "e.g."), list lines and blank lines.

Plain Python on the text (no spaCy), so the facts builder and the rules can split a block that the
pipeline did not.
"""
from __future__ import annotations

import re

from . import lexicon as lx

# Sentence ends: [.!?] (plus closing quotes, brackets and bracketed references) then whitespace.
# The mark comes first (then a lookbehind: it begins its run) so the engine's fast scan for [.!?] is used.
# (a bracketed reference after the stop, "diagnosed. [2] Many", is the sentence's, as one glued to it is)
_SENT_END = re.compile(r"[.!?](?<![.!?][.!?])[.!?]*[\"'”’)\]¹²³⁰⁴-⁹]*(?:[ \t]*\[\^?\d+(?:[,–-]\s*\d+)*\])*"
                       r"(?:(?<=[^\d\s][.!?])\d{1,3}(?:,\d{1,3})*)?"  # a footnote glued to the period: "weeks.2 As"
                       r"(?=\s+[\"'“‘(\[]?[A-Z0-9•*-]|(?<=\])\s*\Z)"
                       # footnote digits that end the block are the sentence's: "... by 29%. 1, 2"
                       r"(?![ \t]+\d{1,3}(?:,[ \t]*\d{1,3})*\.?[ \t]*(?:\n|\Z))")
_LINE_BREAKS = re.compile(r"\n+(?=[^\na-z])")  # line breaks before a line that does not start in lower case
_SHORT_LINE = 59
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_MAX_PARENTHESIS = 300  # characters: a parenthesis open longer than this was never closed
_WORD_BEFORE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*)\.+$")  # "1960s." is no initial


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start (always includes 0)."""
    starts = [0]
    depth, scanned, opened_at = 0, 0, 0  # open parentheses before the candidate end
    for m in _SENT_END.finditer(text):
        if m.end() - m.start() == 1 and text[m.start()] == ".":  # a lone period: an abbreviation's?
            before = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.end())
            if before:
                word = before.group(1).lower()
                if word in lx.ABBREVIATIONS or len(word) == 1:
                    continue  # "et al.", "e.g.", an initial
        # No sentence ends inside parentheses ("(N Engl J Med. 2007;357:1799)"), unless one was left open
        # for long (a stray "(" must not swallow the paragraph). Each stretch of text is counted once.
        opens, closes = text.count("(", scanned, m.start()), text.count(")", scanned, m.start())
        if depth == 0 and opens > closes:
            opened_at = text.find("(", scanned, m.start())
        depth = max(0, depth + opens - closes)
        scanned = m.start()
        if depth and m.start() - opened_at < _MAX_PARENTHESIS:
            continue
        depth = 0
        nxt = m.end()
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if nxt < len(text):  # (the text's own end starts no sentence)
            starts.append(nxt)
    # A blank line always ends a sentence (blocks reach spaCy joined by blank lines).
    starts.extend(m.end() for m in _BLANK_LINE.finditer(text) if m.end() < len(text))
    # A line break ends a sentence when the line before is short or ends with a colon or a stop (lists,
    # table rows) and the next line does not start in lower case (most blocks have no line break).
    if "\n" in text:
        for m in _LINE_BREAKS.finditer(text):
            line = text[text.rfind("\n", 0, m.start()) + 1:m.start()].rstrip(" \t")
            # (a run of two or more line breaks holds an empty line, which is short)
            if m.end() - m.start() > 1 or len(line) <= _SHORT_LINE or line.endswith((":", ".", "!", "?")):
                starts.append(m.end())
    return sorted(set(starts))
