"""What the three number rules (FL101, FL102, FL103) share: how a finding about a number is written."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..findings import ClaimInfo, Finding
from ..units import convert, kind_of

if TYPE_CHECKING:
    from ..facts import NumberClaim
    from ..registry.model import Claim, Registry


def quote(nc: NumberClaim) -> str:
    return nc.quantity.text  # the number and its unit, as written


def statement(claim: Claim) -> str:
    return claim.statement.strip().rstrip(".")


def registry_says(claim: "Claim", registry: "Registry") -> str:
    """"<the claim's statement> (Pacheco et al. 2019)": what FL101 and FL103 quote from the registry."""
    from ..registry.describe import short_citation

    return f"{statement(claim)} ({short_citation(registry.citation(claim.source))})"


def converted(nc: NumberClaim, claim: Claim) -> str:
    """" (81.6 months)": the draft's number in the claim's unit, when they differ."""
    q = nc.quantity
    if not q.unit or q.unit == claim.unit or kind_of(q.unit) != kind_of(claim.unit) or q.comparator:
        return ""
    lo, hi = convert(q.low, q.unit, claim.unit), convert(q.high, q.unit, claim.unit)
    value = f"{lo:.3g}" if lo == hi else f"{lo:.3g} to {hi:.3g}"
    return f" ({value} {claim.unit})"


def _info(nc: NumberClaim, metric: str | None, entities: Iterable[str], linked_by: tuple = ()) -> ClaimInfo:
    q = nc.quantity
    return ClaimInfo(q.text, q.low, q.high, q.unit, metric, tuple(entities), linked_by)


def number_finding(code: str, nc: NumberClaim, message: str, claim: Claim | None, registry: Registry) -> Finding:
    q = nc.quantity
    if claim is not None:
        from ..linking import link_reasons

        info = _info(nc, claim.metric, [e for e in claim.about if e in nc.entities],
                     link_reasons(nc, claim, registry))
        return Finding(code, nc.block, q.start, q.end, message, claim.id, registry.citation(claim.source),
                       registry.source_url(claim.source), info)
    metric = next((c.metric for c in nc.cues if c.strong), None)
    return Finding(code, nc.block, q.start, q.end, message, None, None, None,
                   _info(nc, metric, sorted(nc.entities)))
