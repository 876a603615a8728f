"""FL103 outdated-number: a number that agrees only with a registry claim a later analysis replaced."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from dataclasses import replace

from ..findings import Edit, Finding, Fix, Severity
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
        finding = number_finding("FL103", nc, msg, old, reg)
        fix = current_figure(nc, new) if new else None
        yield finding if fix is None else replace(finding, fix=fix)


def current_figure(nc, new) -> "Fix | None":
    """An unsafe fix: the current figure written as the draft wrote the old one ("46%" -> "43%"), when the
    draft gave one plain number in the claim's unit (the sentence around it may need rewording too)."""
    import re

    q = nc.quantity
    if q.form != "number" or q.comparator or q.hedged or q.unit != new.unit or new.low != new.high:
        return None
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", q.text)
    if m is None:
        return None
    decimals = len(m.group(1) or "")
    value = f"{new.low:,.{decimals}f}" if "," in m.group() else f"{new.low:.{decimals}f}"
    if float(value.replace(",", "")) != new.low:
        value = f"{new.low:g}"
    text = q.text[:m.start()] + value + q.text[m.end():]
    return Fix(f"Replace with the current figure, {text}", (Edit(q.start, q.end, text),), safe=False)


RULE = Rule(
    "FL103", "outdated-number", Severity.WARNING,
    "A number that matches a registry claim marked `superseded_by`: a figure a later analysis replaced.",
    "Trial results mature: an early median or hazard ratio is replaced by the final analysis. A draft "
    "that quotes the early figure is not wrong about what was once reported, but it is out of date.",
    "In the ALEX trial of ALK-positive NSCLC, median progression-free survival with crizotinib was 11.1 months.",
    "In the ALEX trial of ALK-positive NSCLC, median progression-free survival with crizotinib was 10.9 months.",
    "Quote the current figure that the message names, with its source (`--fix --unsafe-fixes` writes it "
    "when the draft gave one plain number).",
    verdict="outdated",
    label="outdated figure",
    check=check,
)
