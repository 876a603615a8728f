"""FL103 outdated-number: a number that agrees only with a registry claim a later analysis replaced."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..knowledge import Context


def check(ctx: Context) -> Iterator[Finding]:
    from ..verdicts import OUTDATED, consistent
    from .number_findings import number_finding, quote, registry_says

    reg = ctx.registry
    for v in ctx.verdicts_of(OUTDATED):  # an outdated number is always linked
        nc = v.claim
        old = next(c for c in v.link.entries if c.superseded_by and consistent(nc, c))
        new = reg.claims.get(old.superseded_by or "")
        now = f"; the registry now says: {registry_says(new, reg)}" if new else ""
        msg = f"\"{quote(nc)}\" is an outdated figure: {registry_says(old, reg)}{now}"
        yield number_finding("FL103", nc, msg, old, reg)


RULE = Rule(
    "FL103", "outdated-number", Severity.WARNING,
    "A number that matches a registry claim marked `superseded_by`: a figure a later analysis replaced.",
    "Trial results mature: an early median or hazard ratio is replaced by the final analysis. A draft "
    "that quotes the early figure is not wrong about what was once reported, but it is out of date.",
    "In the ALEX trial of ALK-positive NSCLC, median progression-free survival with crizotinib was 11.1 months.",
    "In the ALEX trial of ALK-positive NSCLC, median progression-free survival with crizotinib was 10.9 months.",
    "Quote the current figure that the message names, with its source.",
    verdict="outdated",
    check=check,
)
