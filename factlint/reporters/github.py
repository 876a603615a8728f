"""`--format github`: GitHub Actions workflow commands, one `::error file=...,line=...::message` per finding."""
from __future__ import annotations

from ..results import LintResult

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(result: LintResult) -> str:
    out = []
    for d in result.diagnostics:
        props = [f"file={_escape_prop(d.path)}", f"line={d.line}"]
        if d.end_line == d.line:
            props += [f"col={d.column}", f"endColumn={d.end_column}"]
        else:
            props += [f"endLine={d.end_line}"]  # a multi-line range leaves out the columns
        props.append(f"title={_escape_prop(d.code + ' ' + d.rule)}")
        msg = d.message + (f" (source: {d.source})" if d.source and d.source not in d.message else "")
        out.append(f"::{_LEVEL[d.severity.value]} {','.join(props)}::{_escape_data(msg)}")
    return "".join(line + "\n" for line in out)
