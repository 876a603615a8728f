"""What a rule is, and what it reads.

A rule is one module (`factlint/rules/flNNN_name.py`) holding one `Rule` value: its code, name, default
severity, documentation (what it flags, why, an example it flags, one it accepts, what to do), the view's
verdict for its findings, and its check, a pure function from a draft's `Context` to findings. `factlint
rules`, `explain`, SARIF's rule metadata, the web legend and the meta-test that runs every rule's examples
are all made from these values (as ruff and proselint do). What a check reads is in factlint.knowledge.
"""
from __future__ import annotations

import re
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


def cite(registry: "Registry", source: str | None) -> str:
    """" (Pacheco et al. 2019)" for a registry source, or "" when it has none: the end of a message."""
    c = short_citation(registry.citation(source))
    return f" ({c})" if c else ""
