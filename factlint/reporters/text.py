"""Text output a person can read: `path:line:col: CODE message`, the line, and a caret under the claim."""
from __future__ import annotations

from collections import Counter

from ..findings import Diagnostic
from ..results import LintResult

WINDOW = 100  # characters of a long line shown around the claim
QUOTES_LINES = True  # each finding's line, under it (factlint.reporters.quotes_lines)


def _excerpt(line: str, col: int, end_col: int) -> tuple[str, int, int]:
    """The part of `line` to show and the 0-based caret range inside it."""
    start, end = col - 1, max(col, end_col - 1)
    if len(line) <= WINDOW:
        return line, start, end
    lo = max(0, min(start - WINDOW // 3, len(line) - WINDOW))
    hi = min(len(line), lo + WINDOW)
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(line) else ""
    shown = prefix + line[lo:hi] + suffix
    return shown, start - lo + len(prefix), min(end, hi) - lo + len(prefix)


def render_diagnostic(d: Diagnostic, line_text: str | None, color: bool = False) -> str:
    def style(s: str, **kw) -> str:
        if not color:
            return s
        import click

        return click.style(s, **kw)

    sev_color = {"error": "red", "warning": "yellow", "info": "blue"}[d.severity.value]
    # The severity word on every finding: a plain log (no colour) still tells an error from a warning.
    severity = style(f"[{d.severity.value}]", fg=sev_color)
    head = f"{style(d.path, bold=True)}:{d.line}:{d.column}: {style(d.code, fg=sev_color, bold=True)} {severity} {d.message}"
    lines = [head]
    if line_text is not None:
        end_col = d.end_column if d.end_line == d.line else len(line_text) + 1
        shown, a, b = _excerpt(line_text.replace("\t", " "), d.column, end_col)
        gutter = " " * len(str(d.line))
        lines.append(f"{gutter} |")
        lines.append(f"{d.line} | {shown}")
        lines.append(f"{gutter} | {' ' * a}{style('^' * max(1, b - a), fg=sev_color)}")
        if d.source:
            url = f" <{d.source_url}>" if d.source_url else ""
            lines.append(f"{gutter} = source: {d.source}{url}")
    return "\n".join(lines)


def render(result: LintResult, color: bool = False, show_source: bool = True) -> str:
    out = []
    files = {f.path: f for f in result.files}
    for d in result.diagnostics:
        f = files.get(d.path)
        line_text = f.line_text(d.line) if (f is not None and show_source) else None
        out.append(render_diagnostic(d, line_text, color))
    counts = Counter(d.severity.value for d in result.diagnostics)
    n = sum(counts.values())
    files = result.files_checked
    if n:
        parts = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info")
                          if counts[s])
        out.append(f"Found {n} finding{'s' if n != 1 else ''} ({parts}) in {files} file{'s' if files != 1 else ''}.")
    else:
        out.append(f"No findings in {files} file{'s' if files != 1 else ''}.")
    return "\n\n".join(out) + "\n"
