#!/usr/bin/env python3
"""Instructions spent linting, counted by valgrind's callgrind: a measure that does not move with the
machine's load, for comparing two versions of the code (wall times here swing by ±20% between identical runs).

    python bench/instructions.py [--files 2] [--seeds ../shared/seeds] [--registry R] [--code DIR]

Builds the benchmark's corpus (files of ~50k words from the seed articles), then runs, under callgrind,
a child that builds a Linter, lints one file (the warm-up: the pipeline, the registry) and then lints
--files more; and the same child linting none. The difference is the instructions of linting --files
files (reading, the pipeline, facts, rules, diagnostics). --code DIR measures the factlint package found
in DIR (a checkout of another commit, say) instead of this one. Needs valgrind (not a dependency); each
run takes about a minute per file under callgrind. Instructions are not time: memory-bound steps (spaCy's
matchers) count few instructions, so check a change's wall time too (bench/benchmark.py).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from benchmark import build_corpus  # noqa: E402

_CHILD = """
import sys
from factlint.api import Linter
from factlint.registry import bundled_fields
paths = sys.argv[2:] or [str(p) for p in bundled_fields().values()]
files = sorted(open(sys.argv[1]).read().split())
linter = Linter.from_registry_paths(paths)
linter.lint_paths(files[:1])
if len(files) > 1:
    linter.lint_paths(files[1:])
"""


def instructions(code: Path, listing: Path, registry: str | None) -> int:
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONHASHSEED="0")
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", _CHILD,
           str(listing)] + ([registry] if registry else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=code)
    if proc.returncode != 0:
        sys.exit(f"instructions: the child failed: {proc.stderr[-600:]}")
    found = re.findall(r"Collected : (\d+)", proc.stderr)
    if not found:
        sys.exit("instructions: no count in valgrind's output")
    return sum(int(n) for n in found)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=2, help="files of ~50k words linted after the warm-up")
    ap.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    ap.add_argument("--registry", default=None, help="registry (default: the bundled one, all fields)")
    ap.add_argument("--code", default=str(ROOT), help="folder holding the factlint package to measure")
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("instructions: valgrind is not installed (apt-get install valgrind)")
    seeds = sorted(Path(a.seeds).glob("*.txt"))
    if not seeds:
        sys.exit(f"instructions: no seed articles (*.txt) in {a.seeds}")
    code = Path(a.code).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files, _ = build_corpus(seeds, 50_000 * (a.files + 1), folder)
        files = files[:a.files + 1]
        words = sum(len(f.read_text(encoding="utf-8").split()) for f in files[1:])
        warm, full = folder / "warm.txt", folder / "all.txt"
        warm.write_text(str(files[0]))
        full.write_text("\n".join(map(str, files)))
        base = instructions(code, warm, a.registry)
        total = instructions(code, full, a.registry)
    spent = total - base
    print(f"linting {a.files} files ({words:,} words): {spent / 1e6:,.0f}M instructions "
          f"({spent / words:,.0f} per word), code in {code}")


if __name__ == "__main__":
    main()
