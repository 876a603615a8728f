"""`--format sarif`: SARIF 2.1.0, the format GitHub code scanning (and other CI dashboards) upload.

Columns: factlint counts code points, but SARIF's default `columnKind` is UTF-16 code units and not every
consumer reads `columnKind`; so columns are converted to UTF-16 using the line's text (a character
outside the Basic Multilingual Plane, an emoji say, counts 2) and the run says `utf16CodeUnits`. When
the line's text is not at hand the code-point column is kept; the two agree unless such a character
precedes it on the line.
"""
from __future__ import annotations

import functools
import json
import os
from pathlib import Path, PurePath
from urllib.parse import quote

from .. import __version__
from ..findings import Diagnostic
from ..results import LintResult
from ..rules import RULES, Rule
from ..rules.docs import family, help_markdown, help_text
from ..source import code_units

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "factlintFingerprint/v1"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_PLACEHOLDER = "\x00factlint-results\x00"
QUOTES_LINES = True  # a finding's line gives its UTF-16 columns (factlint.reporters.quotes_lines)


@functools.lru_cache(maxsize=4096)
def artifact_uri(path: str) -> str:
    """A relative path as a relative URI reference with forward slashes (percent-encoded, so a space
    or a ':' cannot be misread); an absolute path as a file:// URI."""
    if PurePath(path).is_absolute():
        return Path(path).as_uri()
    return quote(path.replace(os.sep, "/"), safe="/")


def utf16_column(line_text: str | None, column: int) -> int:
    """The 1-based UTF-16 column of the 1-based code-point `column` of `line_text`."""
    if line_text is None:
        return column
    return code_units(line_text[: column - 1], "utf-16") + 1


def _descriptor(rule: Rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": help_text(rule), "markdown": help_markdown(rule)},
        "defaultConfiguration": {"level": _LEVEL[rule.severity.value]},
        "properties": {"tags": ["fact-checking", family(rule)]},
    }


def _location(path: str, region: dict) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}, "region": region}}


def _result(d: Diagnostic, rule_index: dict, lines) -> dict:
    message = d.message
    if d.source and d.source not in message:
        message += f" (source: {d.source}" + (f" <{d.source_url}>" if d.source_url else "") + ")"
    region = {
        "startLine": d.line,
        "startColumn": utf16_column(lines(d.path, d.line), d.column),
        "endLine": d.end_line,
        "endColumn": utf16_column(lines(d.path, d.end_line), d.end_column),
    }
    out: dict = {"ruleId": d.code}
    if d.code in rule_index:
        out["ruleIndex"] = rule_index[d.code]
    out.update({
        "level": _LEVEL[d.severity.value],
        "message": {"text": message},
        "locations": [_location(d.path, region)],
        "partialFingerprints": {FINGERPRINT_KEY: d.fingerprint},
    })
    if d.registry_origin is not None:
        reg_path, reg_line = d.registry_origin
        label = f"registry entry {d.registry_id}" if d.registry_id else "registry entry"
        out["relatedLocations"] = [{"id": 1, "message": {"text": label},
                                    **_location(reg_path, {"startLine": reg_line})}]
    if d.registry_id:
        out["properties"] = {"registryId": d.registry_id}
    fixes = _fixes(d, lines)
    if fixes:
        out["fixes"] = fixes
    return out


def _fixes(d: Diagnostic, lines) -> list[dict]:
    """SARIF `fixes` for a fix whose edits lie on the finding's line (regions in UTF-16 columns)."""
    if d.fix is None:
        return []
    text = lines(d.path, d.line)
    if text is None:
        return []
    line_start = d.start - (d.column - 1)  # source offset of the line's first character
    replacements = []
    for e in d.fix.edits:
        a, b = e.start - line_start, e.end - line_start
        if a < 0 or b > len(text):
            return []  # not on the finding's line: left to --fix and the JSON output
        replacements.append({
            "deletedRegion": {"startLine": d.line, "startColumn": utf16_column(text, a + 1),
                              "endLine": d.line, "endColumn": utf16_column(text, b + 1)},
            "insertedContent": {"text": e.content},
        })
    return [{"description": {"text": d.fix.message + ("" if d.fix.safe else " (unsafe)")},
             "artifactChanges": [{"artifactLocation": {"uri": artifact_uri(d.path)}, "replacements": replacements}]}]


def _notifications(result: LintResult) -> list[dict]:
    """One error notification per unusable input, naming the file when it is known."""
    located = {f.error: f.path for f in result.files if f.error}
    out = []
    for err in sorted(result.file_errors):
        note: dict = {"level": "error", "message": {"text": err}}
        if err in located:
            uri = artifact_uri(located[err])
            note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]
        out.append(note)
    return out


def sarif_log(result: LintResult) -> dict:
    """The SARIF log as a dict (one run)."""
    files = {f.path: f for f in result.files}

    def lines(path: str, line: int) -> str | None:
        f = files.get(path)
        return f.line_text(line) if f is not None else None

    rule_index = {r.code: i for i, r in enumerate(RULES)}
    notes = _notifications(result)
    invocation: dict = {"executionSuccessful": not notes}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    run = {
        "tool": {"driver": {"name": "factlint", "version": __version__,
                            "rules": [_descriptor(r) for r in RULES]}},
        "invocations": [invocation],
        "columnKind": "utf16CodeUnits",
        "results": [_result(d, rule_index, lines) for d in result.diagnostics],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(result: LintResult) -> str:
    """Indented, with one result per line: readable, and the results (all but a few kB of a large log)
    go through the C encoder, which `indent=` would replace with the slow pure-Python one."""
    log = sarif_log(result)
    run = log["runs"][0]
    results, run["results"] = run["results"], _PLACEHOLDER  # "results" is the log's last key
    head, _, tail = json.dumps(log, indent=2, ensure_ascii=False).rpartition(json.dumps(_PLACEHOLDER))
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    body = ",\n".join("        " + dumps(r) for r in results)
    return head + (f"[\n{body}\n      ]" if results else "[]") + tail + "\n"
