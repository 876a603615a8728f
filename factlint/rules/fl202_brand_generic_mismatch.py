"""FL202 brand-generic-mismatch: a brand paired with another drug's generic name ("Lorbrena (crizotinib)")."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..knowledge import Context
from .base import Rule


def check(ctx: Context) -> Iterator[Finding]:
    from .drugs import check_brand_pairs

    for block in ctx.facts.blocks:
        if block.drugs:
            yield from check_brand_pairs(block.text, list(block.drugs), ctx.registry, block.index)


RULE = Rule(
    "FL202", "brand-generic-mismatch", Severity.ERROR,
    "A brand name paired with another drug's generic name: 'Brand (generic)', 'generic (Brand)', "
    "'Brand, also known as generic', a brand/generic table row.",
    "A reader who looks up the brand on a prescription finds a different medicine. The registry's "
    "`drugs` list each drug's brands; a pair whose brand belongs to one drug and whose generic name is "
    "another's is wrong. The finding names the drug whose brand was used.",
    "Lorbrena (crizotinib) reaches the brain well.",
    "Lorbrena (lorlatinib) reaches the brain well.",
    "Pair the brand with its own generic name, or name the other drug's brand.",
    verdict="drug-problem",
    check=check,
)
