"""FL101 contradicted-number: a number linked to a registry claim that it disagrees with."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..knowledge import Context


def check(ctx: Context) -> Iterator[Finding]:
    from ..verdicts import CONTRADICTED
    from .number_findings import converted, number_finding, quote, registry_says

    reg = ctx.registry
    for v in ctx.verdicts_of(CONTRADICTED):  # a contradicted number is always linked
        nc, entries = v.claim, v.link.entries
        current = [c for c in entries if not c.superseded_by]
        old = [c for c in entries if c.superseded_by]
        # Judged against the current claim; a superseded one stands for the claim that replaced it.
        target = current[0] if current else reg.claims.get(old[0].superseded_by or "") or old[0]
        msg = f"\"{quote(nc)}\"{converted(nc, target)} contradicts the registry: {registry_says(target, reg)}"
        yield number_finding("FL101", nc, msg, target, reg)


RULE = Rule(
    "FL101", "contradicted-number", Severity.ERROR,
    "A number about a registry claim (same metric and entities) whose value or unit disagrees with it.",
    "A wrong survival time, response rate or prevalence misleads readers about their own prognosis "
    "or treatment. The registry holds the figure with its source; the draft's number falls outside the "
    "claim's range even after unit conversion, the draft's own rounding, hedges such as 'about', and the "
    "registry's tolerance.",
    "Median overall survival for stage IV ALK-positive NSCLC is about 2 years.",
    "Median overall survival for stage IV ALK-positive NSCLC is nearly seven years.",
    "Correct the number to the registry's value (the message quotes it with its source), or, if the "
    "draft is right and the registry is out of date, update the registry entry with the newer source.",
    verdict="contradicted",
    label="contradicts the registry",
    check=check,
)
