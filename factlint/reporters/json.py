"""`--format json`: the versioned contract of spec/interface.md (version 1). Fields are only ever added."""
from __future__ import annotations

import json

from ..findings import Diagnostic
from ..results import LintResult

VERSION = 1


def diagnostic_json(d: Diagnostic) -> dict:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "code": d.code,
        "rule": d.rule,
        "severity": d.severity.value,
        "message": d.message,
        "claim": d.claim.to_json() if d.claim else None,
        "registry_id": d.registry_id,
        "source": d.source,
        "source_url": d.source_url,
        "fingerprint": d.fingerprint,
        # Edits in source offsets (code points of the decoded file), as `--fix` applies them.
        "fix": d.fix.to_json() if d.fix else None,
    }


def render(result: LintResult) -> str:
    """The document with one finding per line: readable in review and diffs, and written by the C
    encoder (`indent=` would switch json to its pure-Python encoder, slow on large runs)."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    findings = ",\n".join("    " + dumps(diagnostic_json(d)) for d in result.diagnostics)
    return (
        "{\n"
        f'  "version": {VERSION},\n'
        f'  "files_checked": {result.files_checked},\n'
        f'  "findings": [{chr(10) + findings + chr(10) + "  " if findings else ""}],\n'
        f'  "errors": {dumps(sorted(result.file_errors))}\n'
        "}\n"
    )
