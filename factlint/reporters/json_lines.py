"""`--format json-lines`: one JSON object per finding per line (the objects of `--format json`), nothing
else, so `grep`, `jq -c` and streaming readers can take findings one at a time. No findings: no output."""
from __future__ import annotations

from ..results import LintResult
from .json import diagnostic_line


def render(result: LintResult) -> str:
    return "".join(diagnostic_line(d) + "\n" for d in result.diagnostics)
