"""`--format junit`: JUnit XML, which GitLab (`artifacts:reports:junit`) and Jenkins show as test results.

One `<testsuite name="factlint">`. Each finding is its own failed `<testcase>` (Jenkins, Azure and
several JUnit parsers show only the first `<failure>` of a testcase, so findings of one file are not
packed into one), a checked file without findings is one passing testcase, and an unreadable input is
a testcase with an `<error>`. Testcases of a file share a `classname` made from its path, so CI groups
them by file; `file` holds the path itself. ElementTree escapes the text; characters XML 1.0 cannot
hold (control characters a draft may contain) become U+FFFD.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePath

from ..findings import Diagnostic
from ..results import LintResult

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(s: str) -> str:
    return _NOT_XML.sub("\ufffd", s)


def classname(path: str) -> str:
    """'docs/alk.v2.md' -> 'docs.alk_v2': folders as the dotted package, the file (without its
    suffix) as the class, as Jenkins splits a classname at its last dot."""
    p = PurePath(path)
    parts = [*p.parent.parts[1 if p.is_absolute() else 0:], p.stem or p.name]
    parts = [part.replace(".", "_") for part in parts if part not in ("", ".")]
    return _clean(".".join(parts) or path)


def _testcase(suite: ET.Element, path: str | None, name: str) -> ET.Element:
    attrs = {"classname": classname(path) if path else "factlint", "name": _clean(name)}
    if path:
        attrs["file"] = _clean(path)
    return ET.SubElement(suite, "testcase", attrs)


def _failure(case: ET.Element, d: Diagnostic) -> None:
    body = [f"{d.path}:{d.line}:{d.column}: {d.code} {d.rule} ({d.severity.value})", d.message]
    if d.source:
        body.append(f"source: {d.source}" + (f" <{d.source_url}>" if d.source_url else ""))
    if d.registry_id:
        body.append(f"registry entry: {d.registry_id}")
    el = ET.SubElement(case, "failure", {"type": d.code, "message": _clean(d.message)})
    el.text = _clean("\n".join(body) + "\n")


def render(result: LintResult) -> str:
    by_path: dict[str, list[Diagnostic]] = {}
    for d in result.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    checked = {f.path for f in result.files if f.error is None}
    errors = sorted([(f.error, f.path) for f in result.files if f.error] + [(e, "") for e in result.errors])

    suite = ET.Element("testsuite", {"name": "factlint"})
    for path in sorted(checked | set(by_path)):
        findings = by_path.get(path)
        if not findings:
            _testcase(suite, path, f"{path}: no findings")
        for d in findings or ():
            _failure(_testcase(suite, path, f"{d.line}:{d.column} {d.code} {d.rule}"), d)
    for err, path in errors:
        case = _testcase(suite, path or None, path or err)
        error = ET.SubElement(case, "error", {"type": "input-error", "message": _clean(err)})
        error.text = _clean(err + "\n")

    n_fail = sum(len(v) for v in by_path.values())
    counts = {"tests": str(len(suite)), "failures": str(n_fail), "errors": str(len(errors))}
    suite.attrib.update({**counts, "skipped": "0"})
    root = ET.Element("testsuites", {"name": "factlint", **counts})
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
