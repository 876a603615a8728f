"""`--statistics`: how many findings of each rule, most frequent first (as ruff's --statistics)."""
from __future__ import annotations

import json
from collections import Counter

from ..results import LintResult


def counts(result: LintResult) -> list[tuple[str, str, int]]:
    """(code, rule name, count), by count then code."""
    n = Counter((d.code, d.rule) for d in result.diagnostics)
    return sorted(((c, r, k) for (c, r), k in n.items()), key=lambda x: (-x[2], x[0]))


def render(result: LintResult, fmt: str = "text") -> str:
    rows = counts(result)
    if fmt in ("json", "json-lines"):
        items = [{"code": c, "rule": r, "count": k} for c, r, k in rows]
        if fmt == "json-lines":
            return "".join(json.dumps(i) + "\n" for i in items)
        return json.dumps({"version": 1, "files_checked": result.files_checked, "statistics": items},
                          indent=2) + "\n"
    if not rows:
        return ""
    width = len(str(rows[0][2]))
    return "".join(f"{k:>{width}}\t{c}\t{r}\n" for c, r, k in rows)
