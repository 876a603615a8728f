"""`factlint extract`: every number the pipeline found, with its context and what it was linked to."""
from __future__ import annotations

from .api import LintResult, Linter
from .linking import link
from .rules.numbers import consistent, is_statistic


def extract_rows(linter: Linter, result: LintResult, show_all: bool = False) -> list[dict]:
    rows = []
    for f in result.files:
        if f.document is None:
            continue
        doc = f.document
        for nc in f.claims:
            q = nc.quantity
            if not q.is_claim and not show_all:
                continue
            start, end = doc.blocks[nc.block].map.to_source(q.start, q.end)
            line, col = doc.line_index.position(start)
            lk = link(nc, linter.registry, linter.specs, linter.claim_index) if q.is_claim else None
            if lk is not None:
                verdict = "consistent" if any(consistent(nc, c) for c in lk.entries if not c.superseded_by) \
                    else "outdated" if any(consistent(nc, c) for c in lk.entries if c.superseded_by) \
                    else "contradicted"
            elif not q.is_claim:
                verdict = f"not a claim ({q.role})"
            elif nc.negated or nc.hypothetical:
                verdict = "not asserted (negated)" if nc.negated else "not asserted (hypothetical)"
            elif is_statistic(nc, linter.specs):
                verdict = "cited" if nc.cited else "unsupported"
            else:
                verdict = "not a statistic"
            metrics = sorted({c.metric for c in nc.cues if c.strong}) or sorted({c.metric for c in nc.cues})
            rows.append({
                "path": f.path, "line": line, "column": col, "text": q.text,
                "value": [q.low, q.high], "unit": q.unit, "comparator": q.comparator, "hedged": q.hedged,
                "role": q.role, "metrics": metrics, "entities": sorted(nc.entities), "drugs": sorted(nc.drugs),
                "trials": sorted(nc.trials), "cited": nc.cited,
                "registry_ids": [c.id for c in lk.entries] if lk else [], "verdict": verdict,
            })
    return rows


def render_rows(rows: list[dict]) -> str:
    out = []
    for r in rows:
        lo, hi = r["value"]
        value = f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"
        bits = [f"{r['path']}:{r['line']}:{r['column']}: \"{r['text']}\"", f"= {value} {r['unit'] or ''}".rstrip()]
        if r["comparator"]:
            bits.append(f"({r['comparator']})")
        if r["hedged"]:
            bits.append("(hedged)")
        if r["metrics"]:
            bits.append("metric: " + ",".join(r["metrics"]))
        if r["entities"]:
            bits.append("about: " + ",".join(r["entities"]))
        if r["drugs"]:
            bits.append("drugs: " + ",".join(r["drugs"]))
        if r["trials"]:
            bits.append("trials: " + ",".join(r["trials"]))
        if r["registry_ids"]:
            bits.append("-> " + ",".join(r["registry_ids"]))
        bits.append(f"[{r['verdict']}]")
        out.append("  ".join(bits))
    return "".join(line + "\n" for line in out)
