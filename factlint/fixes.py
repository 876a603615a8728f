"""Applying fixes: `factlint check --fix`, `--unsafe-fixes` and `--diff` (ruff's contract).

A fix is a set of edits in source offsets (factlint.findings.Fix). Fixes of one file are applied together,
last first; a fix whose edits overlap an earlier one's is left for the next run. Files are written
atomically (a temporary file beside them, then a rename), keeping a UTF-8 BOM if they had one; the CLI
then lints again, so the exit code reflects what remains.
"""
from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from typing import Iterable, Sequence

from .findings import Diagnostic, Fix

_BOM = b"\xef\xbb\xbf"


def chosen(diagnostics: Iterable[Diagnostic], unsafe: bool) -> dict[str, list[Fix]]:
    """The fixes to apply, by path: safe ones, and unsafe ones too when asked."""
    out: dict[str, list[Fix]] = {}
    for d in diagnostics:
        if d.fix is not None and (d.fix.safe or unsafe):
            out.setdefault(d.path, []).append(d.fix)
    return out


def apply(source: str, fixes: Sequence[Fix]) -> tuple[str, int]:
    """`source` with the fixes applied (overlapping ones skipped) and how many were applied."""
    taken: list[Fix] = []
    spans: list[tuple[int, int]] = []
    for fx in sorted(fixes, key=lambda f: min(e.start for e in f.edits)):
        if any(e.start < b and a < e.end or (e.start == e.end == a) for e in fx.edits for a, b in spans):
            continue
        taken.append(fx)
        spans.extend((e.start, e.end) for e in fx.edits)
    edits = sorted((e for fx in taken for e in fx.edits), key=lambda e: e.start, reverse=True)
    for e in edits:
        source = source[:e.start] + e.content + source[e.end:]
    return source, len(taken)


def fixed_sources(fixes: dict[str, list[Fix]]) -> dict[str, tuple[bytes, str, str, int]]:
    """path -> (raw bytes, old text, new text, fixes applied), for the files a fix changes."""
    from .readers import decode

    out = {}
    for path, fxs in sorted(fixes.items()):
        with open(path, "rb") as fh:
            raw = fh.read()
        old = decode(path, raw)
        new, n = apply(old, fxs)
        if new != old:
            out[path] = (raw, old, new, n)
    return out


def unified_diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def write(path: str, raw: bytes, text: str) -> None:
    """Replace the file's content atomically, keeping its BOM and its permissions."""
    data = (_BOM if raw.startswith(_BOM) else b"") + text.encode("utf-8")
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".factlint-fix-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
