"""FL202 brand-generic-mismatch: a brand paired with another drug's generic name ("Lorbrena (crizotinib)")."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from ..findings import Edit, Finding, Fix, Severity
from .base import Rule, cite

if TYPE_CHECKING:
    from ..facts import DrugMention
    from ..knowledge import Context
    from ..registry.model import Registry

# What joins a brand and a generic name into a pair: "Brand (generic)", ", also known as", "aka", a table's
# "|" (not a slash: "Tarceva/gemcitabine" is two drugs given together), and a statement of what the brand is: "Brand is (also) a generic(-based) medicine", "Brand is the
# brand name for generic", "Brand contains generic", "Brand is a long-acting injectable form of generic" (only
# these words between the two names).
_PAIRING = re.compile(
    r"^\s*(?:\(\s*|,\s*(?:also\s+)?(?:known|sold|marketed|available)\s+as\s+|\s+(?:also\s+)?(?:known|sold|marketed)\s+as\s+"
    r"|,?\s*(?:a\.k\.a\.|aka)\s+|\s*\|\s*|,\s*(?:brand\s+name|generic\s+name)\s+"
    r"|\s+(?:is|was)\s+(?:also\s+)?(?:a|an|the)\s+(?:brand\s+(?:name\s+)?(?:of|for)\s+)?|\s+contains\s+"
    r"|\s+(?:is|was)\s+(?:also\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:form|formulation|version)\s+of\s+)$",
    re.IGNORECASE,
)

# A drug-information page's labels: "Generic: latanoprost. Brand Names: Xalatan, Lumigan" (each brand of the list
# is named the generic's), or "Brand Name: Timoptic. Generic: timolol".
_TO_BRANDS = re.compile(r"^\s*[.;,]?\s*brand\s+names?\s*:\s*$", re.IGNORECASE)
_TO_GENERIC = re.compile(r"^\s*[.;,]?\s*generic(?:\s+name)?\s*:\s*$", re.IGNORECASE)


def check(ctx: Context) -> Iterator[Finding]:
    for block in ctx.facts.blocks:
        if block.drugs:
            yield from brand_pairs(block.text, list(block.drugs), ctx.registry, block.index)


def brand_pairs(text: str, drugs: list[DrugMention], registry: Registry, block: int) -> list[Finding]:
    out = []
    ordered = sorted(drugs, key=lambda d: d.start)
    for a, b in _pairs(text, ordered):
        if a.brand == b.brand or a.drug == b.drug:
            continue
        brand, generic = (a, b) if a.brand else (b, a)
        drug = registry.drugs.get(brand.drug)
        other = registry.drugs.get(generic.drug)
        if drug is None or other is None or _combination_written(text, generic, ordered, drug.name, registry):
            continue
        written = text[brand.start:brand.end]
        msg = (f"\"{written}\" is a brand of {drug.name}, not of {other.name}: the registry lists "
               f"{written} under {drug.name}{cite(registry, drug.source)}")
        # Writing the brand's own generic name is safe when the draft wrote part of it ("Kadcyla
        # (trastuzumab)" for trastuzumab emtansine); otherwise the writer may have meant the other brand.
        part = other.name.lower() in drug.name.lower().replace("-", " ").split() or \
            other.name.lower() in drug.name.lower().split("-")
        fix = Fix(f"Replace {text[generic.start:generic.end]} with {drug.name}",
                  (Edit(generic.start, generic.end, drug.name),), safe=part)
        out.append(Finding("FL202", block, brand.start, brand.end, msg, drug.id, registry.citation(drug.source),
                           registry.source_url(drug.source), fix=fix))
    return out


# Between the names of a list or of a combination's parts: "Xalatan, Lumigan", "atovaquone/proguanil",
# "gemcitabine + nab-paclitaxel", "artemether and lumefantrine"
_NAMES_JOINED = re.compile(r"\s*(?:/|-|\+|&|,|,?\s*and|,?\s*or|with)\s*", re.IGNORECASE)


def _combination_written(text: str, generic: DrugMention, ordered: list[DrugMention], combination: str,
                         registry: Registry) -> bool:
    """Whether `generic` starts the brand's combination written as its parts ("Malarone (atovaquone/proguanil)"
    for atovaquone-proguanil): each part a drug whose name is a part of the combination's name, joined by a
    slash, hyphen, "+" or "and"."""
    parts = set(re.split(r"[-/+ ]+|\band\b", combination.lower())) - {""}
    if len(parts) < 2:
        return False
    covered: set[str] = set()
    prev = None
    for m in ordered:
        if m.start < generic.start:
            continue
        if prev is not None and not _NAMES_JOINED.fullmatch(text, prev.end, m.start):
            break
        name = registry.drugs[m.drug].name.lower() if m.drug in registry.drugs else ""
        if name not in parts:
            break
        covered.add(name)
        prev = m
    return covered == parts


def _parallel(text: str, ordered: list[DrugMention], k: int) -> list[tuple[DrugMention, DrugMention]] | None:
    """Two lists paired in order around a bracket ("gemcitabine + nab-paclitaxel (Gemzar/Abraxane)"): the names
    before it and as many inside it, each list joined as `_NAMES_JOINED` says; None when there is no such
    pair of lists."""
    before = [ordered[k]]
    while len(before) <= k and _NAMES_JOINED.fullmatch(text, ordered[k - len(before)].end, before[-1].start):
        before.append(ordered[k - len(before)])
    after = [ordered[k + 1]]
    while k + 1 + len(after) < len(ordered) and _NAMES_JOINED.fullmatch(text, after[-1].end,
                                                                       ordered[k + 1 + len(after)].start):
        after.append(ordered[k + 1 + len(after)])
    if len(before) < 2 or len(before) != len(after):
        return None
    return list(zip(reversed(before), after))


def _pairs(text: str, ordered: list[DrugMention]) -> Iterator[tuple[DrugMention, DrugMention]]:
    """The mentions written as a brand/generic pair: neighbours joined by `_PAIRING`, and a labelled generic
    with each brand of the labelled list after it ("Generic: X. Brand Names: A, B, C")."""
    for k, (a, b) in enumerate(zip(ordered, ordered[1:])):
        between = text[a.end:b.start]
        if _PAIRING.match(between):
            parallel = _parallel(text, ordered, k)
            yield from parallel if parallel is not None else ((a, b),)
        elif not a.brand and b.brand and _TO_BRANDS.match(between):
            yield a, b
            prev = b
            for c in ordered[k + 2:]:  # the rest of the list
                if not c.brand or not _NAMES_JOINED.fullmatch(text, prev.end, c.start):
                    break
                yield a, c
                prev = c
        elif a.brand and not b.brand and _TO_GENERIC.match(between):
            yield a, b


RULE = Rule(
    "FL202", "brand-generic-mismatch", Severity.ERROR,
    "A brand name paired with another drug's generic name: 'Brand (generic)', 'generic (Brand)', "
    "'Brand, also known as generic', 'Brand is a generic-based medicine', 'Brand contains generic', a "
    "brand/generic table row, a drug page's labels ('Generic: generic. Brand Names: Brand, Brand').",
    "A reader who looks up the brand on a prescription finds a different medicine. The registry's "
    "`drugs` list each drug's brands; a pair whose brand belongs to one drug and whose generic name is "
    "another's is wrong. The finding names the drug whose brand was used.",
    "Lorbrena (crizotinib) reaches the brain well.",
    "Lorbrena (lorlatinib) reaches the brain well.",
    "Pair the brand with its own generic name, or name the other drug's brand.",
    verdict="drug-problem",
    label="brand and generic do not match",
    check=check,
)
