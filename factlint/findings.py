"""Findings (block offsets, made by rules) and diagnostics (file positions, made for reporters)."""
from __future__ import annotations

import enum

from .values import frozen_value


class Severity(enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]


# The lowest severity that fails a run (--fail-on, `fail-on`); "never" never fails.
FAIL_ON = ("error", "warning", "info", "never")
SEVERITIES = tuple(s.value for s in reversed(Severity))  # "error", "warning", "info"


@frozen_value
class ClaimInfo:
    """What the draft says, as the JSON output's `claim` object shows it."""

    text: str
    low: float
    high: float
    unit: str | None
    metric: str | None = None
    entities: tuple[str, ...] = ()
    # Why it was linked to the registry claim: (what, the draft's words, where), see linking.link_reasons.
    linked_by: tuple[tuple[str, str, str], ...] = ()

    def to_json(self) -> dict:
        out = {
            "text": self.text,
            "value": [json_number(self.low), json_number(self.high)],
            "unit": self.unit,
            "metric": self.metric,
            "entities": list(self.entities),
        }
        if self.linked_by:
            out["linked_by"] = [{"what": what, "words": words, "where": where} for what, words, where in self.linked_by]
        return out


def json_number(x: float):
    """A value as the JSON output writes it: an integer when whole, else rounded to 6 places; NaN and
    infinities are null."""
    if x != x or x in (float("inf"), float("-inf")):
        return None
    return int(x) if float(x).is_integer() else round(x, 6)


@frozen_value
class Edit:
    """Replace [start, end) with `content` (block text offsets in a Finding, source offsets in a Diagnostic)."""

    start: int
    end: int
    content: str


@frozen_value
class Fix:
    """A change that removes a finding. Safe fixes are applied by `--fix`; unsafe ones only with
    `--unsafe-fixes` (they may change what the writer meant)."""

    message: str
    edits: tuple[Edit, ...]
    safe: bool = True

    def to_json(self, line_index=None) -> dict:
        edits = []
        for e in self.edits:
            row = {"start": e.start, "end": e.end, "content": e.content}
            if line_index is not None:
                (row["line"], row["column"]), (row["end_line"], row["end_column"]) = (
                    line_index.position(e.start), line_index.position(e.end))
            edits.append(row)
        return {"applicability": "safe" if self.safe else "unsafe", "message": self.message, "edits": edits}


@frozen_value
class Finding:
    code: str
    block: int
    start: int  # block text offsets of the text the finding is about
    end: int
    message: str
    registry_id: str | None = None
    source: str | None = None  # the registry source's citation
    source_url: str | None = None
    claim: ClaimInfo | None = None
    fix: Fix | None = None


@frozen_value
class Diagnostic:
    path: str
    line: int  # 1-based, in the original file
    column: int  # 1-based, code points
    end_line: int
    end_column: int  # 1-based, exclusive
    start: int  # source offsets
    end: int
    code: str
    rule: str
    severity: Severity
    message: str
    registry_id: str | None = None
    source: str | None = None
    source_url: str | None = None
    claim: ClaimInfo | None = None
    text: str = ""  # the flagged words as the draft's text has them (markup removed)
    fingerprint: str = ""  # see factlint.fingerprint: stable when the file around the finding changes
    registry_origin: tuple[str, int] | None = None  # (file, line) of the registry entry judged against
    fix: Fix | None = None  # edits in source offsets

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.end_line, self.end_column, self.message)
