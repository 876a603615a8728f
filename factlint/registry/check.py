"""`factlint registry check`: every problem of a registry, errors and warnings, with file and line.

The checks of each entry are the loader's (`load.read_registry`): loading and checking are one pass, so
what `check_registry` reports as an error is exactly what stops `load_registry`. On a registry without
errors, two checks look across entries (warnings: the registry loads, but a reviewer should look):

- overlapping claims: two current claims with the same metric, entities, conditions (`when`, `unless`),
  drug and trial but different values. A number that fits one fits the other, so it is judged against
  both: tell them apart with a condition, or mark one `superseded_by` the other;
- with `max_age`: entries (claims, drugs, trials) whose `reviewed` date is more than that many years old,
  or that have none.
"""
from __future__ import annotations

import datetime
from typing import Sequence

from .load import PathArg, Problem, read_registry

__all__ = ["Problem", "check_registry", "overlapping_claims", "review_age"]


def check_registry(paths: Sequence[PathArg] | PathArg, max_age: float | None = None,
                   today: datetime.date | None = None) -> list[Problem]:
    """Every problem of the registry in these files and folders, in file and line order."""
    registry, problems = read_registry(paths)
    if any(p.severity == "error" for p in problems):
        return problems
    extra = overlapping_claims(registry)
    if max_age is not None:
        extra += review_age(registry, max_age, today or datetime.date.today())
    order = {path: i for i, path in enumerate(registry.paths)}
    return sorted(problems + extra, key=lambda p: (order.get(p.path, -1), p.line or 0))


def _base(value: float, unit: str) -> tuple[str, float]:
    from ..units import UNITS

    u = UNITS.get(unit)
    return (u.kind, value * u.factor) if u else (unit, value)


def _where(entry) -> tuple[str, int | None]:
    return (entry.origin.path, entry.origin.line) if entry.origin else ("", None)


def overlapping_claims(registry) -> list[Problem]:
    """A warning at the later of each pair of current claims that one number would be judged against."""
    groups: dict[tuple, list] = {}
    for c in registry.claims.values():
        if c.superseded_by:
            continue  # a replaced figure is meant to sit beside its replacement
        kind, _ = _base(c.low, c.unit)
        key = (c.metric, frozenset(c.about), frozenset(w.casefold() for w in c.when),
               frozenset(w.casefold() for w in c.unless), c.drug, c.trial, kind)
        groups.setdefault(key, []).append(c)
    out: list[Problem] = []
    for claims in groups.values():
        for i, later in enumerate(claims):
            for earlier in claims[:i]:
                a = (_base(earlier.low, earlier.unit)[1], _base(earlier.high, earlier.unit)[1])
                b = (_base(later.low, later.unit)[1], _base(later.high, later.unit)[1])
                if all(abs(x - y) <= 1e-9 * max(1.0, abs(x)) for x, y in zip(a, b)):
                    continue
                path, line = _where(later)
                epath, eline = _where(earlier)
                out.append(Problem(path, line, (
                    f"claim '{later.id}' has the metric, entities and conditions of claim '{earlier.id}' "
                    f"({epath}:{eline}) but another value: a number is judged against both; tell them apart "
                    "with 'when' or 'unless', or mark one superseded_by the other"), "warning"))
                break
    return out


def review_age(registry, max_age: float, today: datetime.date) -> list[Problem]:
    """A warning for each claim, drug and trial reviewed more than `max_age` years ago, or never."""
    out: list[Problem] = []
    for kind, entries in (("claim", registry.claims), ("drug", registry.drugs), ("trial", registry.trials)):
        for e in entries.values():
            if kind == "claim" and e.superseded_by:
                continue  # a replaced figure needs no review
            path, line = _where(e)
            if not e.reviewed:
                out.append(Problem(path, line, f"{kind} '{e.id}' has no review date ('reviewed: YYYY-MM-DD')",
                                   "warning"))
                continue
            age = (today - datetime.date.fromisoformat(e.reviewed)).days / 365.25
            if age > max_age:
                out.append(Problem(path, line, f"{kind} '{e.id}' was last reviewed on {e.reviewed}, "
                                               f"{age:.1f} years ago (more than {max_age:g})", "warning"))
    return out
