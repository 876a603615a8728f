"""FL102 unsupported-number: a statistic that no registry claim matches and no citation backs."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..knowledge import Context


def check(ctx: Context) -> Iterator[Finding]:
    from ..verdicts import UNSUPPORTED
    from .number_findings import number_finding, quote

    for v in ctx.verdicts_of(UNSUPPORTED):
        msg = (f"\"{quote(v.claim)}\" is a statistic with no source: no registry claim matches it and no "
               "citation is next to it")
        yield number_finding("FL102", v.claim, msg, None, ctx.registry)


RULE = Rule(
    "FL102", "unsupported-number", Severity.WARNING,
    "A statistic (a rate, share, survival time, count of people, cost, dose, multiple) that matches no "
    "registry claim and has no citation next to it.",
    "Health readers cannot check a bare statistic. Either it is well established (then it belongs in "
    "the registry with its source) or it needs a citation in the same sentence: a link, a footnote, a "
    "bracketed reference [3], an author-year (Shaw et al., 2013), a DOI or a PMID. Years, dates, stage "
    "and section numbers, names with digits, list numbers, times and phone numbers are not statistics.",
    "About 30% of patients with ALK-positive lung cancer take part in clinical trials.",
    "About 30% of patients with ALK-positive lung cancer take part in clinical trials [4].",
    "Add a citation in the sentence, or add a claim with its source to the registry.",
    verdict="unsupported",
    label="no source",
    check=check,
)
