"""Suppression comments: `<!-- factlint: disable-next-line FL102 -- reason -->` and friends.

Directives live in HTML comments, which Markdown and HTML both hide from readers (the readers report the
real comments of a draft, so a directive shown in a code block is not one):

- `disable-next-line [CODES] [-- reason]`: the line after the one the comment ends on;
- `disable-line [CODES]`: the line(s) the comment is on (for table rows, where a line above would end the
  table);
- `disable [CODES]` ... `enable [CODES]`: everything between the two, or to the end of the file.

No codes means every rule. A directive that silenced nothing is reported as FL901 (as ruff's RUF100 does
for `# noqa`), an unreadable one as FL902. Everything here is a pure function of values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .findings import Diagnostic
from .source import Comment, LineIndex

ACTIONS = ("disable-next-line", "disable-line", "disable", "enable")
_DIRECTIVE = re.compile(r"\s*factlint\s*:\s*(?P<body>.*)", re.S | re.I)
_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class Directive:
    action: str  # one of ACTIONS, or "invalid"
    codes: tuple[str, ...]  # empty: every rule
    start: int  # source offsets of the comment
    end: int
    line: int  # 1-based position of the comment's start and end
    column: int
    end_line: int
    end_column: int
    text: str  # the comment as written, without its markers
    reason: str = ""
    problem: str = ""  # why an "invalid" directive cannot be read

    def names(self, code: str) -> bool:
        return not self.codes or code in self.codes


def parse_directives(comments: Iterable[Comment], lines: LineIndex, known_codes: Callable[[str], str | None]
                     ) -> tuple[Directive, ...]:
    """The directives among a draft's comments. `known_codes` maps a code or rule name to its code (or
    None when it is unknown)."""
    out = []
    for c in comments:
        m = _DIRECTIVE.match(c.text)
        if not m:
            continue
        body, _, reason = m.group("body").partition("--")
        words = [w for w in _SPLIT.split(body.strip()) if w]
        line, col = lines.position(c.start)
        end_line, end_col = lines.position(max(c.start, c.end - 1))
        where = (c.start, c.end, line, col, end_line, end_col + 1, c.text.strip())
        action = words[0].lower() if words else ""
        if action not in ACTIONS:
            problem = (f"unknown directive '{words[0]}'" if words else "no directive") + \
                f" (use {', '.join(ACTIONS)})"
            out.append(Directive("invalid", (), *where, problem=problem))
            continue
        codes, unknown = [], []
        for w in words[1:]:
            code = known_codes(w)
            (codes if code else unknown).append(code or w)
        if unknown:
            out.append(Directive("invalid", (), *where,
                                 problem=f"unknown rule code {', '.join(repr(u) for u in unknown)}"))
            continue
        out.append(Directive(action, tuple(dict.fromkeys(codes)), *where, reason=reason.strip()))
    return tuple(out)


def _suppressor(d: Diagnostic, directives: Sequence[Directive]) -> int | None:
    """Index of the directive that silences `d`, or None."""
    for i, s in enumerate(directives):
        if s.action == "disable-next-line" and d.line == s.end_line + 1 and s.names(d.code):
            return i
        if s.action == "disable-line" and s.line <= d.line <= s.end_line and s.names(d.code):
            return i
    # Ranges: the last disable/enable before the finding that names its code decides.
    decided = None
    for i, s in enumerate(directives):
        if s.start >= d.start:
            break
        if s.action in ("disable", "enable") and s.names(d.code):
            decided = i if s.action == "disable" else None
    return decided


def apply_suppressions(path: str, diagnostics: Sequence[Diagnostic], directives: Sequence[Directive],
                       enabled: Callable[[str], bool]) -> list[Diagnostic]:
    """The diagnostics no directive silences, plus FL901/FL902 for directives that silenced nothing or
    cannot be read (when those rules are enabled). `enabled` tells which codes ran: a directive is not
    blamed for codes that were not checked."""
    if not directives:
        return list(diagnostics)
    ordered = sorted(directives, key=lambda s: s.start)
    used: dict[int, set[str]] = {}
    kept = []
    for d in diagnostics:
        i = _suppressor(d, ordered)
        if i is None:
            kept.append(d)
        else:
            used.setdefault(i, set()).add(d.code)
    for i, s in enumerate(ordered):
        if s.action == "invalid":
            if enabled("FL902"):
                kept.append(_directive_diagnostic(path, s, "FL902",
                                                  f"this factlint comment is ignored: {s.problem}"))
            continue
        if s.action == "enable" or not enabled("FL901"):
            continue
        if not s.codes:
            if i not in used:
                kept.append(_directive_diagnostic(path, s, "FL901",
                                                  f"unused suppression: '{s.action}' silenced no finding"))
            continue
        unused = [c for c in s.codes if enabled(c) and c not in used.get(i, ())]
        if unused:
            what = ", ".join(unused)
            kept.append(_directive_diagnostic(
                path, s, "FL901",
                f"unused suppression: {what} {'is' if len(unused) == 1 else 'are'} not reported "
                f"{'here' if s.action != 'disable' else 'in this range'}; remove "
                f"{'the comment' if len(unused) == len(s.codes) else 'the unused codes'}"))
    return kept


def _directive_diagnostic(path: str, s: Directive, code: str, message: str) -> Diagnostic:
    from .fingerprint import fingerprint
    from .rules import BY_CODE

    rule = BY_CODE[code]
    return Diagnostic(path, s.line, s.column, s.end_line, s.end_column, s.start, s.end, code, rule.name,
                      rule.severity, message, text=s.text, fingerprint=fingerprint(code, None, s.text, s.text))


# ---- --add-suppressions ------------------------------------------------------------------------------------
def insert_suppressions(doc, diagnostics: Sequence[Diagnostic], kind: str) -> tuple[str, int]:
    """`doc`'s source with a suppression comment for each line that has findings, and how many comments
    were added. Nothing else in the text changes. `kind` is the reader: "markdown", "html" or "text".

    Where the comment goes keeps the draft's structure (a comment line would end a Markdown paragraph,
    list or table): at the end of the line above when that line is prose (`disable-next-line`), at the end
    of the row itself in a table (`disable-line`; GFM drops the extra cell), else on a line of its own
    above, indented like the flagged line.
    """
    from .source import BlockKind

    codes_by_line: dict[int, set[str]] = {}
    for d in diagnostics:
        if not d.code.startswith("FL9"):  # a suppression's own findings are fixed by editing it
            codes_by_line.setdefault(d.line, set()).add(d.code)
    if not codes_by_line:
        return doc.source, 0
    lines = doc.line_index.lines()  # the line table every position uses (not str.splitlines)
    prose: set[int] = set()
    rows: set[int] = set()
    headers: set[int] = set()
    seen_groups: set[int] = set()
    for b in doc.blocks:
        if not b.text:
            continue
        s, e = b.map.to_source(0, len(b.text))
        first, last = doc.line_index.position(s)[0], doc.line_index.position(max(s, e - 1))[0]
        if b.kind is BlockKind.TABLE_ROW:
            rows.update(range(first, last + 1))
            if b.group not in seen_groups:
                seen_groups.add(b.group)
                headers.add(first)
        else:
            prose.update(range(first, last + 1))

    def appendable(n: int) -> bool:
        if n < 1 or n > len(lines) or not lines[n - 1].strip() or n in rows:
            return False
        if kind == "text":
            return True
        if kind == "html":
            text = lines[n - 1].rstrip()
            return text.endswith(">") or (n in prose and text.rfind("<") <= text.rfind(">"))
        return n in prose

    appends: dict[int, list[str]] = {}
    inserts: dict[int, str] = {}
    for n in sorted(codes_by_line):
        codes = " ".join(sorted(codes_by_line[n]))
        if kind == "markdown" and n in rows and n not in headers:
            appends.setdefault(n, []).append(f"<!-- factlint: disable-line {codes} -->")
        elif appendable(n - 1):
            appends.setdefault(n - 1, []).append(f"<!-- factlint: disable-next-line {codes} -->")
        else:
            line = lines[n - 1] if n <= len(lines) else ""
            body = line.rstrip("\r\n")
            newline = line[len(body):] or "\n"
            indent = body[: len(body) - len(body.lstrip())]
            inserts[n] = f"{indent}<!-- factlint: disable-next-line {codes} -->{newline}"
    out = []
    for n, line in enumerate(lines, 1):
        if n in inserts:
            out.append(inserts[n])
        if n in appends:
            body = line.rstrip("\r\n")
            out.append(body + "".join(" " + c for c in appends[n]) + line[len(body):])
        else:
            out.append(line)
    return "".join(out), sum(len(v) for v in appends.values()) + len(inserts)
