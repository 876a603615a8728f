"""Rules: pure functions from a draft's facts and a registry to findings, one module per rule."""
from .table import BY_CODE, BY_NAME, RULES, Rule, is_selector, lookup, matches

__all__ = ["BY_CODE", "BY_NAME", "RULES", "Rule", "is_selector", "lookup", "matches"]
