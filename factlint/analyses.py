"""A draft's analyses kept as bytes: what the pipeline found in each of its blocks, to judge it again later
without spaCy.

Linting a draft is two steps: the pipeline analyses its blocks (numbers, names, sentences; about 40% of
the time, and the only step that needs spaCy, whose import alone takes most of half a second), then the
claim builder, the linker and the rules judge those analyses against the registry. An analysis depends
on the block's text, factlint's code and the registry's vocabulary (factlint.vocabulary) only, so
`factlint audit` keeps every document's, and a re-audit after a change of values (a claim's value, range
or source) judges the affected documents again from them.

`decode` gives nothing (the caller lints the draft instead) unless the stored analyses are of the same
block texts, under the same vocabulary digest (which includes factlint's code) and Python: an edited draft,
a renamed drug or an upgrade never reuse them. marshal, the format of Python's own bytecode caches: plain
tuples of numbers and strings, written and read several times faster than pickle or JSON, and loading one
runs no code.
"""
from __future__ import annotations

import hashlib
import marshal
import sys
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from .claims import BlockAnalysis
    from .source import Document

FORMAT = 1


def _header(vocabulary: str) -> bytes:
    return f"factlint-analyses {FORMAT} {sys.implementation.cache_tag} {vocabulary}\n".encode()


def _texts_digest(texts: Sequence[str]) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for t in texts:
        data = t.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little") + data)
    return h.digest()


def encode(analyses: "Sequence[BlockAnalysis]", vocabulary: str) -> bytes:
    """A document's analyses (one per block, in order), made under the vocabulary digest `vocabulary`."""
    texts = _texts_digest([a.text for a in analyses])
    return _header(vocabulary) + marshal.dumps((texts, tuple(a.to_plain() for a in analyses)))


def made_under(data: bytes, vocabulary: str) -> bool:
    """Whether `encode` stored these analyses under this vocabulary digest (and this format and Python)."""
    return data.startswith(_header(vocabulary))


def decode(data: bytes, document: "Document", vocabulary: str) -> "list[BlockAnalysis] | None":
    """The analyses `encode` stored, if they are this document's under this vocabulary; None otherwise."""
    from .claims import BlockAnalysis

    header, _, payload = data.partition(b"\n")
    if header + b"\n" != _header(vocabulary):
        return None
    try:
        texts, plains = marshal.loads(payload)
        blocks = document.blocks
        if len(plains) != len(blocks) or texts != _texts_digest([b.text for b in blocks]):
            return None
        return [BlockAnalysis.from_plain(b.text, p) for b, p in zip(blocks, plains)]
    except (EOFError, ValueError, TypeError, IndexError, AttributeError):  # damaged bytes
        return None
