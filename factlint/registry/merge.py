"""One entry written in two registry files: the bundled fields share drugs, entities and metrics.

EGFR and ALK lung cancer both name pembrolizumab; type 2 diabetes appears in the diabetes and the lipids
registry. Each field must stand alone (`--registry @her2`), so each writes the shared entry, and when the
fields are loaded together the two are one entry: their lists (aliases, cues, brands, indications,
not_for) are joined in order; what says which thing the entry is (name, class, a trial's drug, a source's
URL) must agree, or the registry has an error. Claims are never merged: two claims with one id are an error.
"""
from __future__ import annotations

from dataclasses import replace

from .model import Drug, Entity, Metric, Source, Trial

MERGEABLE = frozenset({"source", "entity", "metric", "drug", "trial"})


def _joined(first: tuple, second: tuple) -> tuple:
    """Both lists in order, each item once (texts compared case-insensitively)."""
    seen = {x.casefold() if isinstance(x, str) else x for x in first}
    out = list(first)
    for x in second:
        key = x.casefold() if isinstance(x, str) else x
        if key not in seen:
            seen.add(key)
            out.append(x)
    return tuple(out)


def _same(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.casefold() == b.casefold()


def _older(a: str | None, b: str | None) -> str | None:
    """The review date of the merged entry: the older one, or none when one part was never reviewed."""
    return min(a, b) if a and b else None


def merge(first, second) -> tuple[object, str | None]:
    """(the merged entry, None), or (first, what the two disagree on) when they cannot be one entry."""
    if isinstance(first, Source):
        if not _same(first.url, second.url):
            return first, f"url ('{first.url}' and '{second.url}')"
        return replace(first, url=first.url or second.url), None
    if not _same(first.name, second.name):
        return first, f"name ('{first.name}' and '{second.name}')"
    if isinstance(first, Entity):
        return replace(first, aliases=_joined(first.aliases, second.aliases)), None
    if isinstance(first, Metric):
        return replace(first, cues=_joined(first.cues, second.cues)), None
    if isinstance(first, Drug):
        if not _same(first.drug_class, second.drug_class):
            return first, f"class ('{first.drug_class}' and '{second.drug_class}')"
        return replace(first, brands=_joined(first.brands, second.brands),
                       drug_class=first.drug_class or second.drug_class,
                       indicated_for=_joined(first.indicated_for, second.indicated_for),
                       not_for=first.not_for + second.not_for,
                       reviewed=_older(first.reviewed, second.reviewed)), None
    if isinstance(first, Trial):
        if first.drug != second.drug:
            return first, f"drug ('{first.drug}' and '{second.drug}')"
        return replace(first, aliases=_joined(first.aliases, second.aliases),
                       comparator=first.comparator or second.comparator,
                       setting=first.setting or second.setting,
                       reviewed=_older(first.reviewed, second.reviewed)), None
    raise TypeError(f"cannot merge {type(first).__name__}")
