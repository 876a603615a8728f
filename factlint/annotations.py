"""Annotations: every claim and mention of a draft with its verdict, for views of the whole article.

Diagnostics say what is wrong; an editor's view (the HTML report, `factlint serve`) also shows what is
right: a number the registry supports, a number with a citation, a drug or trial the registry knows.
An `Annotation` is a self-contained value (source offsets, verdict, the registry entry's statement and
source), so a renderer needs neither the registry nor the pipeline, and annotations can be cached and
sent between processes like diagnostics.

Verdicts of numbers are the rules' own (factlint.verdicts, computed once per draft in its Context). Findings are not repeated here: views draw the settled diagnostics (after
suppressions and --select) over these annotations.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .facts import DrugMention
from .registry.describe import Description, describe
from .rules import RULES
from .verdicts import CONSISTENT, consistent

if TYPE_CHECKING:
    from .knowledge import Context

# What a view calls each verdict, most severe first; each rule says which one its findings get.
VERDICTS = ("contradicted", "outdated", "unsupported", "drug-problem", "trial-problem", "vague",
            "suppression", "supported", "cited", "drug", "trial")
VERDICT_OF = {r.code: r.verdict for r in RULES}
STATISTIC_VERDICTS = ("contradicted", "outdated", "unsupported", "supported", "cited")


@dataclass(frozen=True, slots=True)
class Annotation:
    start: int  # source offsets (into the decoded file)
    end: int
    kind: str  # "number" | "drug" | "trial"
    verdict: str  # supported | cited | contradicted | outdated | unsupported | drug | trial
    text: str  # the words as the draft's text has them
    registry_id: str | None = None
    statement: str | None = None  # the registry entry, as a reader should see it
    value: str | None = None  # "6.8 years", "3-5 percent"
    source: str | None = None
    source_url: str | None = None
    # The registry value in the draft's own unit when the two differ ("6.8 years" for a claim stored as
    # 81 months and a draft that says "5 years"): what an editor compares with the draft.
    value_as_written: str | None = None
    # For a figure a later analysis replaced (superseded_by): the current claim, its value and source.
    current_id: str | None = None
    current_value: str | None = None
    current_source: str | None = None
    current_source_url: str | None = None


def annotate(doc, ctx: "Context") -> tuple[Annotation, ...]:
    """The annotations of one document: its statistics with their verdicts, and its drug and trial
    mentions, from the draft's Context (facts, registry, verdicts)."""
    reg = ctx.registry
    out: list[Annotation] = []
    for v in ctx.verdicts:
        if not v.is_statistic:
            continue  # not a statistic, or not asserted: nothing to show
        nc, q, lk = v.claim, v.claim.quantity, v.link
        verdict = "supported" if v.verdict == CONSISTENT else v.verdict
        start, end = doc.blocks[nc.block].map.to_source(q.start, q.end)
        entry = None
        if lk is not None:
            # the claim it agrees with; else the current claim it is judged against (not a superseded one)
            entry = next((c for c in lk.entries if consistent(nc, c)), None) or next(
                (c for c in lk.entries if not c.superseded_by), lk.entries[0])
        ann = _annotation(start, end, "number", verdict, q.text, describe(reg, entry) if entry else None)
        if entry is not None:
            ann = _in_draft_terms(ann, q, entry, reg)
        out.append(ann)
    for b in ctx.facts.blocks:
        for m in (*b.drugs, *b.trials):
            entry = reg.drugs.get(m.drug) if isinstance(m, DrugMention) else reg.trials.get(m.trial)
            if entry is None:
                continue
            start, end = doc.blocks[b.index].map.to_source(m.start, m.end)
            kind = "drug" if isinstance(m, DrugMention) else "trial"
            out.append(_annotation(start, end, kind, kind, b.text[m.start:m.end], describe(reg, entry)))
    out.sort(key=lambda a: (a.start, a.end, a.kind))
    return tuple(out)


def _in_draft_terms(ann: Annotation, q, entry, reg) -> Annotation:
    """The registry value converted to the draft's unit, and the claim that replaced an outdated one."""
    from dataclasses import replace

    from .registry.describe import value_text
    from .units import UNITS, convert

    changes: dict = {}
    if q.unit and entry.unit and q.unit != entry.unit and q.unit in UNITS and entry.unit in UNITS \
            and UNITS[q.unit].kind == UNITS[entry.unit].kind != "share":
        low, high = convert(entry.low, entry.unit, q.unit), convert(entry.high, entry.unit, q.unit)
        changes["value_as_written"] = value_text(_readable(low), _readable(high), q.unit)
    newer = reg.claims.get(entry.superseded_by) if entry.superseded_by else None
    if newer is not None:
        d = describe(reg, newer)
        changes.update(current_id=d.id, current_value=d.value, current_source=d.source,
                       current_source_url=d.source_url)
    return replace(ann, **changes) if changes else ann


def _readable(x: float) -> float:
    """A converted value rounded as people write it: 6.75 -> 6.8, 48.26 -> 48, 0.0417 -> 0.042."""
    if abs(x) >= 10:
        return float(round(x))
    if abs(x) >= 1:
        return round(x, 1)
    return float(f"{x:.2g}")


def _annotation(start: int, end: int, kind: str, verdict: str, text: str, entry: Description | None) -> Annotation:
    if entry is None:
        return Annotation(start, end, kind, verdict, text)
    return Annotation(start, end, kind, verdict, text, entry.id, entry.summary, entry.value, entry.source,
                      entry.source_url)
