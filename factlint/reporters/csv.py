"""`--format csv`: one row per finding, for a spreadsheet (an editor's review sheet, a tracker import).

RFC 4180: a header row, fields quoted only when they hold a comma, a quote or a line break, CRLF line
ends. A text field that a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a
carriage return) is prefixed with an apostrophe, so a draft's words never run as a formula (OWASP's
advice on CSV injection). The page's "Export CSV" (factlint.web) writes these same rows.
"""
from __future__ import annotations

import csv
import io

from ..findings import Diagnostic
from ..results import LintResult

COLUMNS = ("path", "line", "column", "end_line", "end_column", "code", "rule", "severity", "issue", "words",
           "message", "registry_id", "source", "source_url", "fix")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def row(d: Diagnostic) -> list:
    from ..rules import BY_CODE

    rule = BY_CODE.get(d.code)
    values = (d.path, d.line, d.column, d.end_line, d.end_column, d.code, d.rule, d.severity.value,
              rule.label if rule else "", d.text, d.message, d.registry_id, d.source, d.source_url,
              d.fix.message if d.fix else "")
    return [_cell(v) for v in values]


def render(result: LintResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(row(d) for d in result.diagnostics)
    return out.getvalue()
