"""FL902 invalid-suppression: found by factlint.suppressions when the draft's suppression comments are applied
(they depend on which rules ran), so it has no check of its own over the facts."""
from __future__ import annotations

from ..findings import Severity
from .base import Rule

RULE = Rule(
    "FL902", "invalid-suppression", Severity.WARNING,
    "A `<!-- factlint: ... -->` comment that factlint cannot read: an unknown directive or an unknown "
    "rule code.",
    "A misspelt directive ('disable-nextline') or code ('FL10') silences nothing, and the author believes "
    "it does.",
    "<!-- factlint: disable-nextline FL102 -->",
    "<!-- factlint: disable-next-line FL102 -- reason -->",
    "Write `disable-next-line`, `disable-line`, `disable` or `enable`, followed by rule codes (or none, "
    "for every rule) and optionally `-- reason`.",
    verdict="suppression",
    label="suppression comment factlint cannot read",
)
