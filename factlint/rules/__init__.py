"""Rules: one module per rule, each holding one `Rule` value (factlint.rules.base).

The table of rules (`factlint rules`, `explain`, SARIF's rule metadata, the web legend) is made from these
modules; add a rule by adding a module and naming it here. A code, once shipped, keeps its meaning; a
retired code is never reused. Importing this package imports no spaCy: rule modules import what their
checks need from the facts layer, and anything heavy only inside their checks.
"""
from __future__ import annotations

from . import (
    fl101_contradicted_number,
    fl102_unsupported_number,
    fl103_outdated_number,
    fl201_misspelled_drug,
    fl202_brand_generic_mismatch,
    fl203_contradicted_drug_fact,
    fl301_misattributed_trial,
    fl302_vague_attribution,
    fl901_unused_suppression,
    fl902_invalid_suppression,
)
from .base import Rule

_MODULES = (fl101_contradicted_number, fl102_unsupported_number, fl103_outdated_number, fl201_misspelled_drug,
            fl202_brand_generic_mismatch, fl203_contradicted_drug_fact, fl301_misattributed_trial,
            fl302_vague_attribution, fl901_unused_suppression, fl902_invalid_suppression)

RULES: tuple[Rule, ...] = tuple(sorted((m.RULE for m in _MODULES), key=lambda r: r.code))
BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}
CHECKS: tuple[Rule, ...] = tuple(r for r in RULES if r.check is not None)  # the rules run over facts


def lookup(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    return BY_CODE.get(key.upper()) or BY_NAME.get(key.lower())


def matches(code: str, selectors) -> bool:
    """Whether `code` is named by any selector: a full code, a prefix ("FL1"), a rule name, or "ALL"."""
    for s in selectors:
        s = s.strip()
        if not s:
            continue
        if s.upper() == "ALL" or code.startswith(s.upper()):
            return True
        rule = BY_NAME.get(s.lower())
        if rule and rule.code == code:
            return True
    return False


def is_selector(selector: str) -> bool:
    """Whether `selector` names at least one rule: a code, a prefix of codes, a rule name, or "ALL"."""
    s = selector.strip()
    return s.upper() == "ALL" or lookup(s) is not None or any(r.code.startswith(s.upper()) for r in RULES)


__all__ = ["BY_CODE", "BY_NAME", "CHECKS", "RULES", "Rule", "is_selector", "lookup", "matches"]
