"""`--format json-lines`: one JSON object per finding per line (the objects of `--format json`), nothing
else, so `grep`, `jq -c` and streaming readers can take findings one at a time. No findings: no output."""
from __future__ import annotations

import json

from ..results import LintResult
from .json import diagnostic_json


def render(result: LintResult) -> str:
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    return "".join(dumps(diagnostic_json(d)) + "\n" for d in result.diagnostics)
