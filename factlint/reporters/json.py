"""`--format json`: the versioned contract of spec/interface.md (version 1). Fields are only ever added."""
from __future__ import annotations

import functools
import json
from json.encoder import encode_basestring as _string  # (the C escaper `_DUMPS` writes strings with)

from ..findings import ClaimInfo, Diagnostic, json_number
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


# How a finding's object is written (one line each, as `json.dumps` with these settings writes it). The C
# encoder (`indent=` would switch json to its pure-Python encoder, slow on large runs).
_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


@functools.lru_cache(maxsize=4096)
def _repeated(s: str | None) -> str:
    """A string findings repeat (a path, a rule, a registry entry's source), as JSON."""
    return "null" if s is None else _string(s)


def _number(x: float) -> str:
    n = json_number(x)
    return "null" if n is None else repr(n)  # (int's and a finite float's repr: what the encoder writes)


def _claim_line(c: ClaimInfo) -> str:
    """`c.to_json()` as `_DUMPS` writes it (most findings have a claim: it was most of a line's cost)."""
    linked = ""
    if c.linked_by:
        reasons = ", ".join(f'{{"what": {_repeated(what)}, "words": {_string(words)}, "where": {_repeated(where)}}}'
                            for what, words, where in c.linked_by)
        linked = f', "linked_by": [{reasons}]'
    return (f'{{"text": {_string(c.text)}, "value": [{_number(c.low)}, {_number(c.high)}], '
            f'"unit": {_repeated(c.unit)}, "metric": {_repeated(c.metric)}, '
            f'"entities": [{", ".join(map(_repeated, c.entities))}]{linked}}}')


def diagnostic_line(d: Diagnostic) -> str:
    """`diagnostic_json(d)` as `_DUMPS` writes it, byte for byte, without building the dicts and encoding
    their keys again for every finding (about half the time: a `check --jobs 2` writes its report alone
    after its workers end, and an audit's workers write every finding). Strings go through the encoder's
    own escaper, numbers through their repr as the encoder writes them; a test holds it to
    `_DUMPS(diagnostic_json(d))` on a field's real findings and on values that need escaping."""
    claim, fix = d.claim, d.fix
    return (f'{{"path": {_repeated(d.path)}, "line": {d.line}, "column": {d.column}, '
            f'"end_line": {d.end_line}, "end_column": {d.end_column}, "code": {_repeated(d.code)}, '
            f'"rule": {_repeated(d.rule)}, "severity": {_repeated(d.severity.value)}, '
            f'"message": {_string(d.message)}, "claim": {_claim_line(claim) if claim else "null"}, '
            f'"registry_id": {_repeated(d.registry_id)}, "source": {_repeated(d.source)}, '
            f'"source_url": {_repeated(d.source_url)}, "fingerprint": {_string(d.fingerprint)}, '
            f'"fix": {_DUMPS(fix.to_json()) if fix else "null"}}}')


def render(result: LintResult) -> str:
    """The document with one finding per line: readable in review and diffs."""
    findings = ",\n".join("    " + diagnostic_line(d) for d in result.diagnostics)
    return (
        "{\n"
        f'  "version": {VERSION},\n'
        f'  "files_checked": {result.files_checked},\n'
        f'  "findings": [{chr(10) + findings + chr(10) + "  " if findings else ""}],\n'
        f'  "errors": {_DUMPS(sorted(result.file_errors))}\n'
        "}\n"
    )
