"""FL101 contradicted-number, FL102 unsupported-number, FL103 outdated-number.

Judging follows spec/registry.md: a draft's number stands for an interval (its own rounding, widened by a
hedge, opened by a comparator), converted to the claim's unit; it agrees with a claim when that interval
meets the claim's [low - tolerance, high + tolerance]. A draft range must also keep both ends within the
tolerance of the claim's interval.
"""
from __future__ import annotations

import math
import re
from typing import Iterable

from ..claims import CLAUSE, SENTENCE, NumberClaim
from ..findings import ClaimInfo, Finding
from ..linking import Link, claims_by_metric, link
from ..metrics import MetricSpec
from ..registry.model import Claim, Registry
from ..units import convert, kind_of

INF = math.inf
HEDGE = 0.10  # "about", "nearly", ...: 10% either way (spec/registry.md)
_STATISTIC_KINDS = {"share", "money", "mass", "mass-per-day", "mass-per-weight", "mass-per-area",
                    "mass-concentration", "molar-concentration", "units"}


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
    if kind in _STATISTIC_KINDS:
        return True
    if kind == "count":
        return q.people
    if kind == "ratio":
        return True
    strong = [c for c in nc.cues if c.strong and c.level >= SENTENCE]
    if kind == "time":
        return any("time" in specs.get(c.metric, _EMPTY).kinds for c in strong)
    if kind is None:
        return any("ratio" in specs.get(c.metric, _EMPTY).kinds and c.level == CLAUSE for c in strong)
    return False


_EMPTY = MetricSpec("", "", frozenset(), ())


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


def _quote(nc: NumberClaim) -> str:
    return nc.quantity.text  # the number and its unit, as written


def _statement(claim: Claim) -> str:
    return claim.statement.strip().rstrip(".")


def _converted(nc: NumberClaim, claim: Claim) -> str:
    q = nc.quantity
    if not q.unit or q.unit == claim.unit or kind_of(q.unit) != kind_of(claim.unit) or q.comparator:
        return ""
    lo, hi = convert(q.low, q.unit, claim.unit), convert(q.high, q.unit, claim.unit)
    value = f"{lo:.3g}" if lo == hi else f"{lo:.3g} to {hi:.3g}"
    return f" ({value} {claim.unit})"


def _info(nc: NumberClaim, metric: str | None, entities: Iterable[str]) -> ClaimInfo:
    q = nc.quantity
    return ClaimInfo(q.text, q.low, q.high, q.unit, metric, tuple(entities))


def _finding(code: str, nc: NumberClaim, message: str, claim: Claim | None, registry: Registry) -> Finding:
    q = nc.quantity
    if claim is not None:
        info = _info(nc, claim.metric, [e for e in claim.about if e in nc.entities])
        return Finding(code, nc.block, q.start, q.end, message, claim.id, registry.citation(claim.source),
                       registry.source_url(claim.source), info)
    metric = next((c.metric for c in nc.cues if c.strong), None)
    return Finding(code, nc.block, q.start, q.end, message, None, None, None,
                   _info(nc, metric, sorted(nc.entities)))


def judge(lk: Link, registry: Registry) -> Finding | None:
    """FL101 or FL103 for a linked number, or None when it agrees with the registry."""
    nc = lk.claim
    current = [c for c in lk.entries if not c.superseded_by]
    old = [c for c in lk.entries if c.superseded_by]
    if any(consistent(nc, c) for c in current):
        return None
    for c in old:
        if consistent(nc, c):
            new = registry.claims.get(c.superseded_by or "")
            now = f"; the registry now says: {_statement(new)} ({short_citation(registry.citation(new.source))})" \
                if new else ""
            msg = (f"\"{_quote(nc)}\" is an outdated figure: {_statement(c)} "
                   f"({short_citation(registry.citation(c.source))}){now}")
            return _finding("FL103", nc, msg, c, registry)
    target = current[0] if current else registry.claims.get(old[0].superseded_by or "") or old[0]
    msg = (f"\"{_quote(nc)}\"{_converted(nc, target)} contradicts the registry: {_statement(target)} "
           f"({short_citation(registry.citation(target.source))})")
    return _finding("FL101", nc, msg, target, registry)


def check_numbers(claims: Iterable[NumberClaim], registry: Registry, specs: dict[str, MetricSpec],
                  index: dict | None = None) -> list[Finding]:
    out: list[Finding] = []
    index = index if index is not None else claims_by_metric(registry)
    for nc in claims:
        if not nc.quantity.is_claim or nc.negated or nc.hypothetical:
            continue
        lk = link(nc, registry, specs, index)
        if lk is not None:
            f = judge(lk, registry)
            if f is not None:
                out.append(f)
        elif not nc.cited and is_statistic(nc, specs):
            msg = (f"\"{_quote(nc)}\" is a statistic with no source: no registry claim matches it and no "
                   "citation is next to it")
            out.append(_finding("FL102", nc, msg, None, registry))
    return out
