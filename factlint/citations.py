"""Citations in a sentence: a link or footnote mark (the readers report them as marks), or one of the
citation forms of factlint/lexicon/citation.yaml (a bracketed reference, an author-year, a DOI, a PubMed
id, a URL). FL102 and FL302 say nothing about a sentence that cites."""
from __future__ import annotations

import re

from .lexicon import load
from .source import TextBlock

# Citation forms are data (factlint/lexicon/citation.yaml): one alternation of them.
_CITATION = re.compile("|".join(load("citation")["forms"].values()))


def has_citation(text: str, start: int, end: int, block: TextBlock) -> bool:
    """Whether text[start:end] of `block` (a sentence) holds a citation: a link or footnote mark, a
    bracketed reference, an author-year, a DOI or a PMID."""
    return bool(_CITATION.search(text, start, end)) or any(m.start < end and start < m.end for m in block.marks)
