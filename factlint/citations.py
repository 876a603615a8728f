"""Citations in a sentence: a link or footnote mark (the readers report them as marks), or one of the
citation forms of factlint/lexicon/citation.yaml (a bracketed reference, an author-year, a DOI, a PubMed
id, a URL). FL102 and FL302 say nothing about a sentence that cites."""
from __future__ import annotations

import re

from .lexicon import load
from .nlp.lexicon import LABEL_WORDS
from .source import BlockKind, TextBlock

# Citation forms are data (factlint/lexicon/citation.yaml), each tried after its quick tests (a string
# it needs, the character it ends with): one alternation of them all was tried at every offset of every
# sentence (5% of a run).
_LEXICON = load("citation")
_ENDS = {name: re.compile(last) for name, last in _LEXICON["ends"].items()}
# A form's needed strings (one of them is in every match), looked for with str.find: most forms need one
# character, which find scans for faster than a regex search starts.
_NEEDS = {name: tuple(needs) for name, needs in _LEXICON["needs"].items() if needs}
_FORMS = tuple((re.compile(pattern), _NEEDS.get(name), name in _LEXICON["at_end"], _ENDS.get(name))
               for name, pattern in _LEXICON["forms"].items())
_TAIL = 200  # how far from a sentence's end a form anchored there may start
# A footnote number after the last word of a list item, with no stop ("- Shortens the illness by a day 2"):
# after a word of three lowercase letters or more that is no label ("- Stage 2", "type 2" are not footnotes).
_ITEM_FOOTNOTE = re.compile(r"\b([A-Za-z]*[a-z]{3})[ \t]\d{1,2}\s*$")
_LAST_REACH = 40  # how far back from a sentence's end its last character is looked for


def has_citation(text: str, start: int, end: int, block: TextBlock) -> bool:
    """Whether text[start:end] of `block` (a sentence) holds a citation: a link or footnote mark, a
    bracketed reference, an author-year, a DOI or a PMID."""
    if any(m.start < end and start < m.end for m in block.marks):
        return True
    if block.kind is BlockKind.LIST_ITEM and not text[end:].strip():
        m = _ITEM_FOOTNOTE.search(text, max(start, end - 40), end)
        if m is not None and m.group(1).lower() not in LABEL_WORDS:
            return True
    last = None
    for pattern, needs, at_end, ends in _FORMS:
        if needs is not None:
            for need in needs:
                if text.find(need, start, end) >= 0:
                    break
            else:
                continue
        if ends is not None:
            if last is None:
                last = _last_character(text, start, end)
            if last and not ends.fullmatch(last):
                continue
        if pattern.search(text, max(start, end - _TAIL) if at_end else start, end):
            return True
    return False


def _last_character(text: str, start: int, end: int) -> str:
    """The sentence's last character once white space and one full stop are cut off its end; "" when none
    is within reach (a sentence ending in a long run of white space: every form is then tried)."""
    tail = text[max(start, end - _LAST_REACH):end].rstrip()
    if tail.endswith("."):
        tail = tail[:-1]
    return tail[-1:]
