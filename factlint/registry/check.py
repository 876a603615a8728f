"""`factlint registry check`: every problem of a registry, errors and warnings, with file and line.

The checks themselves are the loader's (`load.read_registry`): loading and checking are one pass, so
what `check_registry` reports is exactly what stops `load_registry`.
"""
from __future__ import annotations

from typing import Sequence

from .load import PathArg, Problem, read_registry

__all__ = ["Problem", "check_registry"]


def check_registry(paths: Sequence[PathArg] | PathArg) -> list[Problem]:
    """Every problem of the registry in these files and folders, in file and line order."""
    return read_registry(paths)[1]
