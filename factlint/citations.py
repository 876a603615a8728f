"""Citations in a sentence: a link or footnote mark (the readers report them as marks), or one of the
citation forms of factlint/lexicon/citation.yaml (a bracketed reference, an author-year, a DOI, a PubMed
id, a URL). FL102 and FL302 say nothing about a sentence that cites."""
from __future__ import annotations

import re

from .lexicon import load
from .source import TextBlock

# Citation forms are data (factlint/lexicon/citation.yaml), each tried after its quick test: one
# alternation of them all was tried at every offset of every sentence (5% of a run).
_LEXICON = load("citation")
_FORMS = tuple((re.compile(pattern), tuple(_LEXICON["needs"].get(name, ())), name in _LEXICON["at_end"])
               for name, pattern in _LEXICON["forms"].items())
_TAIL = 200  # how far from a sentence's end a form anchored there may start


def has_citation(text: str, start: int, end: int, block: TextBlock) -> bool:
    """Whether text[start:end] of `block` (a sentence) holds a citation: a link or footnote mark, a
    bracketed reference, an author-year, a DOI or a PMID."""
    if any(m.start < end and start < m.end for m in block.marks):
        return True
    for pattern, needs, at_end in _FORMS:
        if needs and not any(text.find(n, start, end) >= 0 for n in needs):
            continue
        if pattern.search(text, max(start, end - _TAIL) if at_end else start, end):
            return True
    return False
