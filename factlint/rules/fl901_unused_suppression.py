"""FL901 unused-suppression: found by factlint.suppressions when the draft's suppression comments are applied
(they depend on which rules ran), so it has no check of its own over the facts."""
from __future__ import annotations

from ..findings import Severity
from .base import Rule

RULE = Rule(
    "FL901", "unused-suppression", Severity.WARNING,
    "A `<!-- factlint: disable... -->` comment (or one of its codes) that silenced no finding.",
    "A suppression outlives the problem it was written for: once the claim is fixed or removed, the "
    "comment would silently hide the next, real problem on that line or in that range. Like ruff's "
    "RUF100, factlint reports it so it can be deleted. Codes of rules not run (--select, --ignore) are "
    "not judged.",
    "<!-- factlint: disable-next-line FL102 -->\nThe sky is blue.",
    "<!-- factlint: disable-next-line FL102 -- figure from our own audit -->\nAbout 12% of clinic "
    "visits were missed.",
    "Delete the comment, or the codes in it that no longer match a finding.",
    verdict="suppression",
    label="suppression comment that does nothing",
)
