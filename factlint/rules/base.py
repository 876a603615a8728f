"""What a rule is, and what it reads.

A rule is one module (`factlint/rules/flNNN_name.py`) holding one `Rule` value: its code, name, default
severity, documentation (what it flags, why, an example it flags, one it accepts, what to do), the view's
verdict for its findings, the editor's words for them, and its check, a pure function from a draft's
`Context` to findings. `factlint rules`, `explain`, SARIF's rule metadata, the web legend and the
meta-test that runs every rule's examples are all made from these values (as ruff and proselint do). What a check reads is in factlint.knowledge.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from ..findings import Finding, Severity

if TYPE_CHECKING:
    from ..knowledge import Context
    from ..registry.model import Registry


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str  # one line: what it flags
    why: str  # why it matters
    flags: str  # an example it flags (run by tests/test_rule_examples.py)
    accepts: str  # an example it accepts
    fix: str  # what to do about it
    verdict: str  # what a view calls its findings ("contradicted", "drug-problem"; factlint.annotations)
    check: "Callable[[Context], Iterable[Finding]] | None" = None  # None: reported by the engine (FL9xx)
    label: str = ""  # what an editor calls a finding, in a few plain words ("contradicts the registry")


def cite(registry: "Registry", source: str | None) -> str:
    """" (Pacheco et al. 2019)" for a registry source, or "" when it has none: the end of a message."""
    from ..registry.describe import short_citation  # on first use: `factlint rules` needs no registry code

    c = short_citation(registry.citation(source))
    return f" ({c})" if c else ""
