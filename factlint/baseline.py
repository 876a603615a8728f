"""Baselines: adopt factlint in a repository with old problems and fail only on new ones.

`factlint check --write-baseline F` records every current finding by path, code, registry id and
fingerprint (the normalised flagged words and their sentence; see `factlint.fingerprint`), never by line:
a baseline keeps matching after paragraphs move, lines are re-wrapped or text is added above. The
`--baseline F` run silences exactly as many findings of each (path, fingerprint) as were recorded, and
reports the rest. Paths are stored relative to the baseline file's folder, so the baseline works from
any working folder. The file is JSON, one finding per line, sorted: readable in review and diffs.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .errors import FactlintError
from .findings import Diagnostic

VERSION = 1


class BaselineError(FactlintError):
    """A baseline file that cannot be read."""


def _relative(path: str, folder: str) -> str:
    try:
        return Path(os.path.relpath(os.path.abspath(path), folder)).as_posix()
    except ValueError:
        return Path(os.path.abspath(path)).as_posix()


def render_baseline(diagnostics: Sequence[Diagnostic], baseline_path: str) -> str:
    folder = os.path.dirname(os.path.abspath(baseline_path))
    rows = sorted(
        (_relative(d.path, folder), d.code, d.registry_id or "", d.fingerprint, " ".join(d.text.split()))
        for d in diagnostics
    )
    dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=False).encode
    lines = [dumps({"path": p, "code": c, "registry_id": r or None, "fingerprint": f, "text": t})
             for p, c, r, f, t in rows]
    body = ",\n".join("    " + x for x in lines)
    return ('{\n  "version": %d,\n  "tool": "factlint",\n  "findings": [%s]\n}\n'
            % (VERSION, "\n" + body + "\n  " if body else ""))


def write_baseline(diagnostics: Sequence[Diagnostic], baseline_path: str) -> None:
    """Write the baseline atomically (a reader never sees half a file)."""
    import tempfile

    text = render_baseline(diagnostics, baseline_path)
    folder = os.path.dirname(os.path.abspath(baseline_path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".factlint-baseline-")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, baseline_path)
    except OSError as e:
        raise BaselineError(f"cannot write the baseline: {e.strerror or e}", baseline_path) from None


@dataclass(frozen=True)
class Baseline:
    folder: str
    counts: Counter  # (relative path, fingerprint) -> how many

    def split(self, diagnostics: Sequence[Diagnostic]) -> tuple[list[Diagnostic], int]:
        """The diagnostics not in the baseline, and how many were silenced. Within a file and
        fingerprint the first ones (in file order) are the known ones."""
        left = Counter(self.counts)
        kept = []
        silenced = 0
        for d in sorted(diagnostics, key=lambda d: d.sort_key):
            key = (_relative(d.path, self.folder), d.fingerprint)
            if left[key] > 0:
                left[key] -= 1
                silenced += 1
            else:
                kept.append(d)
        return kept, silenced


def load_baseline(path: str) -> Baseline:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as e:
        raise BaselineError(f"cannot read the baseline: {e.strerror or e}", path) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BaselineError("the baseline is not valid UTF-8", path) from None
    except json.JSONDecodeError as e:
        raise BaselineError(f"invalid JSON: {e.msg}", path, e.lineno) from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"not a factlint baseline (expected version {VERSION} and a 'findings' list)", path)
    counts: Counter = Counter()
    for i, f in enumerate(data["findings"]):
        if not isinstance(f, dict) or not isinstance(f.get("path"), str) or not isinstance(f.get("fingerprint"), str):
            raise BaselineError(f"finding {i + 1} needs a 'path' and a 'fingerprint'", path)
        counts[(f["path"], f["fingerprint"])] += 1
    return Baseline(os.path.dirname(os.path.abspath(path)), counts)
