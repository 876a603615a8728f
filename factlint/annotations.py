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
            entry = next((c for c in lk.entries if consistent(nc, c)), lk.entries[0])
        out.append(_annotation(start, end, "number", verdict, q.text, describe(reg, entry) if entry else None))
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


def _annotation(start: int, end: int, kind: str, verdict: str, text: str, entry: Description | None) -> Annotation:
    if entry is None:
        return Annotation(start, end, kind, verdict, text)
    return Annotation(start, end, kind, verdict, text, entry.id, entry.summary, entry.value, entry.source,
                      entry.source_url)
