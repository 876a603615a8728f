"""Judging a number: the one verdict function that the rules, annotations and `extract` share.

Judging follows spec/registry.md: a draft's number stands for an interval (its own rounding, widened by a
hedge, opened by a comparator), converted to the claim's unit; it agrees with a claim when that interval
meets the claim's [low - tolerance, high + tolerance]. A draft range must also keep both ends within the
tolerance of the claim's interval.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from .facts import CLAUSE, SENTENCE, NumberClaim
from .linking import Link, link, unnamed_metric_claims
from .metrics import MetricSpec
from .registry.model import Claim
from .units import convert, kind_of
from .values import frozen_value

if TYPE_CHECKING:
    from .knowledge import Knowledge

INF = math.inf
HEDGE = 0.10  # "about", "nearly", ...: 10% either way (spec/registry.md)
_STATISTIC_KINDS = {"share", "money", "mass", "body-weight", "mass-per-day", "mass-per-weight", "mass-per-area",
                    "mass-concentration", "molar-concentration", "units"}

# What a number can be found to be. The first three are about a linked registry claim.
CONSISTENT, OUTDATED, CONTRADICTED = "consistent", "outdated", "contradicted"
UNSUPPORTED, CITED, NOT_A_STATISTIC = "unsupported", "cited", "not a statistic"
# Fits claims about different arms equally and agrees with none: not judged.
AMBIGUOUS = "ambiguous"


@frozen_value
class NumberVerdict:
    claim: NumberClaim
    verdict: str  # CONSISTENT, OUTDATED, CONTRADICTED, UNSUPPORTED, CITED, NOT_A_STATISTIC, "not a claim (role)",
    #               "not asserted (negated)" or "not asserted (hypothetical)"
    link: Link | None = None
    # The ids of every registry claim whose value or supersession this verdict read (the link's entries and
    # rivals): only a change to one of these can change it (`factlint audit --changed-claims`).
    read: tuple[str, ...] = ()

    @property
    def is_statistic(self) -> bool:
        """A statistic the draft asserts (whether or not the registry or a citation backs it)."""
        return self.verdict in (CONSISTENT, OUTDATED, CONTRADICTED, UNSUPPORTED, CITED)


def number_verdict(nc: NumberClaim, knowledge: "Knowledge") -> NumberVerdict:
    """What the registry (or the draft's own citation) says of this number."""
    q = nc.quantity
    lk = link(nc, knowledge.registry, knowledge.specs, knowledge.claim_index) if q.is_claim else None
    if lk is not None:
        verdict, shown = _linked_verdict(nc, lk)
        return NumberVerdict(nc, verdict, shown, tuple(c.id for c in (*lk.entries, *lk.rivals)))
    if not q.is_claim:
        return NumberVerdict(nc, f"not a claim ({q.role})")
    if nc.negated or nc.hypothetical:
        return NumberVerdict(nc, "not asserted (negated)" if nc.negated else "not asserted (hypothetical)")
    stepless = link(replace(nc, step=False), knowledge.registry, knowledge.specs, knowledge.claim_index) \
        if nc.step else None
    if stepless is not None:
        # "30 mg for the first 3 months": a titration step of a dose the registry gives, not its step
        return NumberVerdict(nc, NOT_A_STATISTIC, read=tuple(c.id for c in (*stepless.entries, *stepless.rivals)))
    if is_statistic(nc, knowledge.specs):
        if nc.cited:
            return NumberVerdict(nc, CITED)
        # (the values of all these claims were read, whether or not one agrees: a re-audit needs them)
        agreed, read = unnamed_metric_claims(nc, knowledge.specs, knowledge.claim_index, consistent)
        if agreed:
            return NumberVerdict(nc, CONSISTENT, Link(nc, agreed), read)
        return NumberVerdict(nc, UNSUPPORTED, read=read)
    return NumberVerdict(nc, NOT_A_STATISTIC)


def _linked_verdict(nc: NumberClaim, lk: Link) -> tuple[str, Link]:
    """The verdict of a number linked to registry claims, and the link its findings show."""
    if lk.unsure:
        agreeing = tuple(c for c in (*lk.entries, *lk.rivals) if not c.superseded_by and consistent(nc, c))
        return (CONSISTENT, Link(nc, agreeing)) if agreeing else (AMBIGUOUS, lk)
    if any(consistent(nc, c) for c in lk.entries if not c.superseded_by):
        return CONSISTENT, lk
    if any(consistent(nc, c) for c in lk.entries if c.superseded_by):
        return OUTDATED, lk
    if lk.rivals:
        agreeing = tuple(c for c in lk.rivals if not c.superseded_by and consistent(nc, c))
        if agreeing:
            return CONSISTENT, Link(nc, agreeing)
        return AMBIGUOUS, lk  # precision first: no FL101 on a guess
    return CONTRADICTED, lk


def draft_interval(nc: NumberClaim, claim: Claim) -> tuple[float, float, bool, bool]:
    """(low, high, low_open, high_open) of what the draft says, in the claim's unit."""
    q = nc.quantity
    to = claim.unit

    def conv(x: float) -> float:
        if q.unit is None or x in (INF, -INF):
            return x
        return convert(x, q.unit, to)

    low, high = q.low, q.high
    rounding = q.rounding if claim.tolerance is None else 0.0
    cmp = q.comparator
    if cmp in (">", ">="):
        return conv(low), INF, cmp == ">", False
    if cmp in ("<", "<="):
        return min(0.0, conv(high)), conv(high), False, cmp == "<"
    if cmp == "~>":  # "just over one year"
        return conv(low), conv(low * (1 + HEDGE) + q.rounding), True, False
    if cmp == "~<":
        return conv(high * (1 - HEDGE) - q.rounding), conv(high), False, True
    if q.hedged:
        lo = min(low * (1 - HEDGE), low - rounding)
        hi = max(high * (1 + HEDGE), high + rounding)
        return conv(lo), conv(hi), False, False
    return conv(low - rounding), conv(high + rounding), False, False


def consistent(nc: NumberClaim, claim: Claim) -> bool:
    """Whether the draft's number agrees with a registry claim."""
    q = nc.quantity
    tol = claim.tolerance or 0.0
    c_lo, c_hi = claim.low - tol, claim.high + tol
    lo, hi, lo_open, hi_open = draft_interval(nc, claim)
    eps = 1e-9 * max(1.0, abs(c_hi))
    overlap = (lo < c_hi + eps if lo_open else lo <= c_hi + eps) and (hi > c_lo - eps if hi_open else hi >= c_lo - eps)
    if not overlap:
        return False
    if q.form == "range" and q.comparator is None:
        # Neither end of a draft range may lie outside the claim by more than the tolerance; a hedge
        # lets each end move by 10%.
        t = claim.tolerance if claim.tolerance is not None else _conv(nc, q.rounding, claim)
        lo_band, hi_band = claim.low - t - eps, claim.high + t + eps
        spread = HEDGE if q.hedged else 0.0
        for end in (_conv(nc, q.low, claim), _conv(nc, q.high, claim)):
            if end * (1 + spread) < lo_band or end * (1 - spread) > hi_band:
                return False
    return True


def _conv(nc: NumberClaim, x: float, claim: Claim) -> float:
    u = nc.quantity.unit
    return x if u is None else convert(x, u, claim.unit)


def is_statistic(nc: NumberClaim, specs: dict[str, MetricSpec]) -> bool:
    """Whether an unlinked number is a statistic that needs a source (spec: rates, shares, survival
    times, counts of people, costs, doses, multiples)."""
    q = nc.quantity
    kind = kind_of(q.unit) if q.unit else None
    if nc.follow_up or nc.course or nc.counted or nc.threshold or nc.instruction:
        return False  # follow-up and treatment durations, counts of things, thresholds and targets (spec: "What
        # real articles add")
    if kind in _STATISTIC_KINDS or q.rate:
        return True
    if kind == "count":
        return q.people
    if kind == "ratio":
        return True
    strong = [c for c in nc.cues if c.strong and c.level >= SENTENCE]
    if kind == "time":
        return nc.averaged or any("time" in specs.get(c.metric, _EMPTY).kinds for c in strong)
    if kind is None:
        return any("ratio" in specs.get(c.metric, _EMPTY).kinds and c.level == CLAUSE for c in strong)
    return False


_EMPTY = MetricSpec("", "", frozenset(), ())
