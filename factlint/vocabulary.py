"""The registry's vocabulary: the words of it the pipeline looks for in a draft.

What the pipeline finds in a block (factlint.analyses) depends on the block's text, factlint's code and
this vocabulary only: the names of entities, drugs (with their brands) and trials, the metrics' cues and
the claims' `when`/`unless` phrases. The term matcher is built from `vocabulary()`, and the drug speller
and the entities' names read the same drugs and entities. A registry change that leaves the vocabulary
alone (a claim's value, range, source or date) leaves every analysis as it was: `vocabulary_digest` says
so, and `factlint audit --changed-claims` then judges the affected documents again from their stored
analyses, without spaCy.

No spaCy here: the audit's client computes the digest before deciding whether it needs the pipeline.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .registry.model import Registry


class Term(NamedTuple):
    """Names the term matcher finds under one key ("drug:metformin", "cue:orr:strong", ...)."""

    key: str
    names: tuple[str, ...]
    case_sensitive: bool = False
    plurals: bool = False  # also the names' plurals


def case_sensitive(phrase: str) -> bool:
    """Short all-caps words are acronyms ("HR", "OS", "ALEX"); lowercasing them would match words."""
    words = re.findall(r"[A-Za-z]+", phrase)
    return bool(words) and all(w.isupper() for w in words) and len(words) <= 2 and \
        any(len(w) <= 5 for w in words)


def vocabulary(registry: "Registry") -> list[Term]:
    """Every term the pipeline matches for this registry, in the order the matcher adds them."""
    from .metrics import metric_specs
    from .nlp import lexicon as lx

    terms: list[Term] = []
    for e in registry.entities.values():
        terms.append(Term(f"entity:{e.id}", tuple(e.names), plurals=True))
    for d in registry.drugs.values():
        terms.append(Term(f"drug:{d.id}", (d.name,)))
        terms.append(Term(f"drug:{d.id}", tuple(d.brands), case_sensitive=True))
        terms.append(Term(f"brand:{d.id}", tuple(d.brands), case_sensitive=True))
    for t in registry.trials.values():
        for name in t.names:
            terms.append(Term(f"trial:{t.id}", (name,), case_sensitive=case_sensitive(name)))
    for spec in metric_specs(registry).values():
        for cue in spec.cues:
            terms.append(Term(f"cue:{spec.id}:strong", (cue,), case_sensitive(cue), plurals=True))
        for cue in spec.weak_cues:
            terms.append(Term(f"cue:{spec.id}:weak", (cue,)))
    phrases = {p for c in registry.claims.values() for p in (*c.when, *c.unless)}
    terms.extend(Term(f"phrase:{p.lower()}", (p,)) for p in sorted(phrases))
    terms.extend(Term(f"subgroup:{p}", (p,)) for p in lx.SUBGROUP_PHRASES)
    return terms


def vocabulary_digest(registry: "Registry") -> str:
    """The vocabulary's identity, with factlint's code's (factlint.cache.code_stamp): analyses made under
    another digest may differ from what this registry's pipeline finds."""
    from .cache import code_stamp

    h = hashlib.blake2b(digest_size=16)
    h.update(code_stamp().encode())
    h.update(json.dumps(vocabulary(registry), ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()
