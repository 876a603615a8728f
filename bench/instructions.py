#!/usr/bin/env python3
"""Instructions spent linting, counted by valgrind's callgrind: a measure that does not move with the
machine's load, for comparing two versions of the code (wall times here swing by ±20% between identical runs).

    python bench/instructions.py [--files 2] [--seeds ../shared/seeds] [--registry R] [--code DIR]
                                 [--misses [--proselint]]

Builds the benchmark's corpus (files of ~50k words from the seed articles), then runs, under callgrind,
a child that builds a Linter, lints one file (the warm-up: the pipeline, the registry) and then lints
--files more; and the same child linting none. The difference is the instructions of linting --files
files (reading, the pipeline, facts, rules, diagnostics). --code DIR measures the factlint package found in
DIR (a checkout of another commit, say) instead of this one. Identical runs differ by up to about 2% (under
--misses too): for a small change, compare the medians of a few runs of each version. Needs valgrind (not a
dependency); each run takes about a minute per file under callgrind. Instructions are not time: memory-bound
steps (spaCy's matchers) count few instructions, so check a change's wall time too (bench/benchmark.py).

--misses runs cachegrind instead, with a 2 MB last-level cache (a core's L2 here), and reports the misses
to it beside the instructions: what a neighbour on the machine slows down when it fills the shared cache
and memory (factlint loses more than proselint in such states; README, Speed). --proselint measures
`proselint check` on the same files the same way (its run on the warm-up file subtracted), for the ratio.
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

from benchmark import build_corpus, proselint_exe  # noqa: E402

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


_CACHEGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=yes", "--LL=2097152,16,64",
               "--cachegrind-out-file=/dev/null"]


_CALLGRIND = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]


def instructions(code: Path, listing: Path, registry: str | None) -> int:
    return _valgrind(code, _CALLGRIND, listing, registry)[0]


def _valgrind(code: Path, tool: list[str], listing: Path, registry: str | None) -> tuple[int, int]:
    """(instructions, last-level misses) of the child linting the files `listing` names (no misses counted
    under callgrind: 0)."""
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONHASHSEED="0")
    cmd = [*tool, sys.executable, "-c", _CHILD, str(listing)] + ([registry] if registry else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=code)
    if proc.returncode != 0:
        sys.exit(f"instructions: the child failed: {proc.stderr[-600:]}")
    return _counts(proc.stderr)


def _counts(report: str) -> tuple[int, int]:
    """From valgrind's report, summed over every process it followed: callgrind's "Collected", or
    cachegrind's "I refs" and "LL misses" (data and instructions)."""
    def number(label: str) -> int:
        return sum(int(n.replace(",", "")) for n in re.findall(label + r"\s*([\d,]+)", report))

    collected = number(r"Collected :")
    counts = (collected, 0) if collected else (number(r"I\s+refs:"), number(r"LL misses:"))
    if not counts[0]:
        sys.exit("instructions: no count in valgrind's output")
    return counts


def proselint_counts(files: list[Path]) -> tuple[int, int]:
    """cachegrind's (instructions, last-level misses) of `proselint check` on `files`."""
    exe = proselint_exe()
    if exe is None:
        sys.exit("instructions: --proselint needs proselint (pip install proselint)")
    proc = subprocess.run([*_CACHEGRIND, str(exe), "check", *map(str, files)], capture_output=True, text=True)
    if proc.returncode not in (0, 1):  # (1: it found something to say)
        sys.exit(f"instructions: proselint failed: {proc.stderr[-600:]}")
    return _counts(proc.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=2, help="files of ~50k words linted after the warm-up")
    ap.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    ap.add_argument("--registry", default=None, help="registry (default: the bundled one, all fields)")
    ap.add_argument("--code", default=str(ROOT), help="folder holding the factlint package to measure")
    ap.add_argument("--misses", action="store_true",
                    help="cachegrind with a 2 MB last-level cache: instructions and the misses to it")
    ap.add_argument("--proselint", action="store_true", help="with --misses: proselint on the same files too")
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
        if not a.misses:
            spent = instructions(code, full, a.registry) - instructions(code, warm, a.registry)
            print(f"linting {a.files} files ({words:,} words): {spent / 1e6:,.0f}M instructions "
                  f"({spent / words:,.0f} per word), code in {code}")
            return
        base = _valgrind(code, _CACHEGRIND, warm, a.registry)
        total = _valgrind(code, _CACHEGRIND, full, a.registry)
        rows = [("factlint", total[0] - base[0], total[1] - base[1])]
        if a.proselint:
            p_base, p_total = proselint_counts(files[:1]), proselint_counts(files)
            rows.append(("proselint", p_total[0] - p_base[0], p_total[1] - p_base[1]))
    print(f"linting {a.files} files ({words:,} words), code in {code}; last level: 2 MB")
    for name, spent, misses in rows:
        print(f"  {name:9s} {spent / 1e6:9,.0f}M instructions ({spent / words:6,.0f} per word)  "
              f"{misses / 1e3:7,.0f}k last-level misses ({misses / words:5.1f} per word, "
              f"{1e3 * misses / spent:.2f} per 1,000 instructions)")


if __name__ == "__main__":
    main()
