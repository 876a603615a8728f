"""One description of a registry entry (a claim, a drug, a trial) for every place that shows one to a
person: the language server's hover, the web view's panel and registry browser, and the rules' messages
(short citations). Written once, so the editor, the report and the browser say the same thing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Claim, Drug, Registry, Trial


@dataclass(frozen=True, slots=True)
class Description:
    kind: str  # "claim" | "drug" | "trial"
    id: str
    title: str  # a claim's statement, a drug's generic name, a trial's name
    summary: str  # one line for a reader: the statement; "name; brands: ...; class: ..."; "X tested Y against Z"
    value: str | None  # a claim's value as people read it ("6.8 years", "3-5 percent")
    details: tuple[tuple[str, str], ...]  # (label, text) in reading order: "Brands", "Comparator", ...
    names: tuple[str, ...]  # other names it is known by: a drug's brands, a trial's aliases
    source: str | None  # the source's citation
    source_url: str | None


def describe(registry: Registry, entry: Claim | Drug | Trial) -> Description:
    def entity_names(ids) -> str:
        return ", ".join(registry.entities[i].name if i in registry.entities else i for i in ids)

    def drug_name(ref: str | None) -> str:
        return registry.drugs[ref].name if ref in registry.drugs else (ref or "")

    source, url = registry.citation(entry.source), registry.source_url(entry.source)
    if isinstance(entry, Claim):
        value = value_text(entry.low, entry.high, entry.unit)
        details = [("About", entity_names(entry.about)), ("Metric", entry.metric),
                   ("Value", value + (f" (± {_number(entry.tolerance)})" if entry.tolerance is not None else ""))]
        if entry.as_of:
            details.append(("As of", str(entry.as_of)))
        if entry.superseded_by:
            newer = registry.claims.get(entry.superseded_by)
            details.append(("Superseded by", entry.superseded_by + (f": {newer.statement}" if newer else "")))
        return Description("claim", entry.id, entry.statement, entry.statement, value, tuple(details), (),
                           source, url)
    if isinstance(entry, Drug):
        details = []
        if entry.brands:
            details.append(("Brands", ", ".join(entry.brands)))
        if entry.drug_class:
            details.append(("Class", entry.drug_class))
        if entry.indicated_for:
            details.append(("Indicated for", entity_names(entry.indicated_for)))
        details += [("Not for", nf.statement) for nf in entry.not_for]
        summary = "; ".join([entry.name] + [f"{label.lower()}: {text}" for label, text in details
                                            if label in ("Brands", "Class")])
        return Description("drug", entry.id, entry.name, summary, None, tuple(details), tuple(entry.brands),
                           source, url)
    tested, comparator = drug_name(entry.drug), drug_name(entry.comparator) if entry.comparator else None
    summary = f"{entry.name} tested {tested}" + (f" against {comparator}" if comparator else "") + (
        f" ({entry.setting})" if entry.setting else "")
    details = [("Drug", tested)] if entry.drug else []
    if comparator:
        details.append(("Comparator", comparator))
    if entry.setting:
        details.append(("Setting", entry.setting))
    if entry.aliases:
        details.append(("Also called", ", ".join(entry.aliases)))
    return Description("trial", entry.id, entry.name, summary, None, tuple(details), tuple(entry.aliases),
                       source, url)


def value_text(low: float, high: float, unit: str) -> str:
    """A registry value as people read it: "6.8 years", "3-5 percent"."""
    return (_number(low) if low == high else f"{_number(low)}-{_number(high)}") + f" {unit}"


def _number(x: float) -> str:
    if x in (float("inf"), float("-inf")):
        return "∞" if x > 0 else "-∞"
    return f"{x:g}"


def short_citation(citation: str | None) -> str | None:
    """'Pacheco JM, Gao D, ... J Thorac Oncol 2019;...' -> 'Pacheco et al. 2019'."""
    if not citation:
        return None
    year = re.search(r"\b(19|20)\d{2}\b", citation)
    y = year.group(0) if year else ""
    m = re.match(r"^([A-Z][a-z][A-Za-z'’-]*(?: [a-z]{1,3} [A-Z][A-Za-z'’-]+)?) [A-Z]{1,3}\b(,)?", citation)
    if m:
        author = m.group(1) + (" et al." if m.group(2) else "")
        return f"{author} {y}".strip()
    head = re.split(r"\.\s|;", citation, maxsplit=1)[0].strip()
    if len(head) > 70:
        cut = head.rfind(", ", 0, 70)
        head = head[:cut] if cut > 20 else head[:67].rstrip() + "..."
    return f"{head} {y}".strip() if y and y not in head else head
