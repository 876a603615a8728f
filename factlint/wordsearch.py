"""Whole-word searches for word lists, at the speed of Python's engine on plain literals.

A pattern that opens on `\\b`, as `\\b(?:studies|experts)\\b` does, is tried at every offset of the text: the
engine can skip ahead in C only to a literal prefix or a set of first characters, and an assertion at the
start hides them. `WordSearch` searches for the alternation without its leading `\\b` (so the engine skips
to the words' first letters) and checks the boundary before each match here. When every word starts with
a word character, a `\\b` before a match means no word character before it: the matches are exactly the
leading-`\\b` pattern's, found in about half the time or less on prose. A list with a word that starts
otherwise is searched with the leading-`\\b` pattern itself.

It pays on lowercased text without IGNORECASE (the engine skips to the first letters), and with IGNORECASE
only where the words are rare: the engine cannot skip to cased letters ignoring case, and each candidate
the boundary rules out costs a Python step (the registry's drug classes, searched so, took 2.5x as long).
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from .lexicon import words_pattern


class WordSearch:
    """`\\b(?:words)` then `after`, searched with `flags`. `escape=False`: the words are regex already, joined
    as given (longest first)."""

    __slots__ = ("_source", "_flags", "_pattern", "_tail", "_split")

    def __init__(self, words: Iterable[str], flags: int = 0, after: str = r"\b", escape: bool = True) -> None:
        words = sorted({w for w in words if w}, key=len, reverse=True)
        alternation = words_pattern(words) if escape else "|".join(words)
        self._source, self._flags = rf"\b(?:{alternation}){after}", flags
        self._pattern: re.Pattern | None = None
        self._split = all(w[:1].isalnum() or w[:1] == "_" for w in words)
        # (one pattern compiled: the tail, or the whole pattern where the words cannot be split)
        self._tail = re.compile(rf"(?:{alternation}){after}", flags) if self._split else self.pattern

    @property
    def pattern(self) -> re.Pattern:
        """What is searched for, compiled on first use (the searches need only the tail)."""
        if self._pattern is None:
            self._pattern = re.compile(self._source, self._flags)
        return self._pattern

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """What `self.pattern.search(text, pos, endpos)` finds."""
        end = len(text) if endpos is None else endpos
        if not self._split:
            return self.pattern.search(text, pos, end)
        search = self._tail.search
        while (m := search(text, pos, end)) is not None:
            at = m.start()
            # (`\b` reads the character before `pos` too: Python's engine looks before a search's start)
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):
                return m
            pos = at + 1
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """What `self.pattern.finditer(text, pos, endpos)` finds (no word is empty, so no match is)."""
        end = len(text) if endpos is None else endpos
        if not self._split:
            yield from self.pattern.finditer(text, pos, end)
            return
        search = self._tail.search
        while (m := search(text, pos, end)) is not None:
            at = m.start()
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):  # (as in `search`)
                yield m
                pos = m.end()
            else:
                pos = at + 1
