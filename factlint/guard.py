"""Run a function inside the collector guard (factlint.engine.fewer_gc_pauses), imported only when it runs:
the CLI applies it at import, and its start-up must not import the engine (nor spaCy or the lexicon)."""
from __future__ import annotations

import functools
from typing import Callable


def with_fewer_gc_pauses(work: Callable) -> Callable:
    @functools.wraps(work)
    def guarded(*args, **kwargs):
        from .engine import fewer_gc_pauses

        with fewer_gc_pauses():
            return work(*args, **kwargs)

    return guarded
