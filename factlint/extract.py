"""`factlint extract`: every number the pipeline found, with its context and what it was linked to."""
from __future__ import annotations

from .engine import Linter
from .facts import DrugMention
from .linking import link_reasons
from .results import LintResult
from .verdicts import number_verdict


def extract_rows(linter: Linter, result: LintResult, show_all: bool = False) -> list[dict]:
    rows = []
    for f in result.files:
        if f.document is None or f.facts is None:
            continue
        doc = f.document
        for nc in f.facts.numbers:
            q = nc.quantity
            if not q.is_claim and not show_all:
                continue
            start, end = doc.blocks[nc.block].map.to_source(q.start, q.end)
            line, col = doc.line_index.position(start)
            judged = number_verdict(nc, linter.knowledge)
            verdict, lk = judged.verdict, judged.link
            metrics = sorted({c.metric for c in nc.cues if c.strong}) or sorted({c.metric for c in nc.cues})
            rows.append({
                "kind": "number", "path": f.path, "line": line, "column": col, "text": q.text,
                "value": [q.low, q.high], "unit": q.unit, "comparator": q.comparator, "hedged": q.hedged,
                "role": q.role, "metrics": metrics, "entities": sorted(nc.entities), "drugs": sorted(nc.drugs),
                "trials": sorted(nc.trials), "cited": nc.cited,
                "registry_ids": [c.id for c in lk.entries] if lk else [], "verdict": verdict,
                "linked_by": [{"what": w, "words": words, "where": where}
                              for w, words, where in link_reasons(nc, lk.entries[0], linter.registry)] if lk else [],
            })
        for m in (*f.facts.drugs, *f.facts.trials):
            start, end = doc.blocks[m.block].map.to_source(m.start, m.end)
            line, col = doc.line_index.position(start)
            text = doc.blocks[m.block].text[m.start:m.end]
            if isinstance(m, DrugMention):
                drug = linter.registry.drugs.get(m.drug)
                rows.append({"kind": "drug", "path": f.path, "line": line, "column": col, "text": text,
                             "drug": m.drug, "generic": drug.name if drug else None,
                             "written_as": "brand" if m.brand else "generic"})
            else:
                trial = linter.registry.trials.get(m.trial)
                rows.append({"kind": "trial", "path": f.path, "line": line, "column": col, "text": text,
                             "trial": m.trial, "drug": trial.drug if trial else None,
                             "comparator": trial.comparator if trial else None})
    rows.sort(key=lambda r: (r["path"], r["line"], r["column"], r["kind"]))
    return rows


def render_rows(rows: list[dict]) -> str:
    out = []
    for r in rows:
        where = f"{r['path']}:{r['line']}:{r['column']}: \"{r['text']}\""
        if r["kind"] == "drug":
            out.append(f"{where}  drug: {r['drug']} (written as {r['written_as']}; generic {r['generic']})")
            continue
        if r["kind"] == "trial":
            vs = f" vs {r['comparator']}" if r["comparator"] else ""
            out.append(f"{where}  trial: {r['trial']} (tested {r['drug']}{vs})")
            continue
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
            bits.append("by " + "; ".join(f"{b['what']} \"{b['words']}\" ({b['where']})" for b in r["linked_by"]))
        bits.append(f"[{r['verdict']}]")
        out.append("  ".join(bits))
    return "".join(line + "\n" for line in out)
