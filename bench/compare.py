#!/usr/bin/env python3
"""Two versions of factlint side by side: CPU seconds to lint the same corpus files in one process, in
alternating runs, so that the machine's drifting speed (±10% over minutes here) hits both alike.

    python bench/compare.py OLD_DIR [--new DIR] [--files 8] [--runs 7] [--seeds DIR] [--registry R]

OLD_DIR (and --new, default this checkout) is a folder holding a `factlint` package, a checkout of another
commit say (`git worktree add /tmp/old COMMIT`). Each run is a fresh process that builds a Linter, lints one
corpus file as a warm-up and then --files more, timing only those (process CPU time: start-up, imports and
output are not in it; `bench/benchmark.py` measures the whole command). Prints each version's median and
fastest run and their ratios. Not a test: a ratio within about 1% of 1.0 is noise.

A worktree of another commit holds no compiled modules (hatch_build.py builds them at install), so it runs
pure Python, while this checkout runs compiled if its install compiled: to compare code changes alone, run
both pure (FACTLINT_PURE=1 in the environment), or install each before comparing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from benchmark import build_corpus  # noqa: E402

_CHILD = """
import sys, time
from factlint.api import Linter
from factlint.registry import bundled_fields
paths = sys.argv[2:] or [str(p) for p in bundled_fields().values()]
files = open(sys.argv[1]).read().split()
linter = Linter.from_registry_paths(paths)
linter.lint_paths(files[:1])
start = time.process_time()
linter.lint_paths(files[1:])
print(time.process_time() - start)
"""


def cpu_seconds(code: Path, listing: Path, registry: str | None) -> float:
    env = dict(os.environ, PYTHONPATH=str(code))
    cmd = [sys.executable, "-c", _CHILD, str(listing)] + ([registry] if registry else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    if proc.returncode != 0:
        sys.exit(f"compare: the child for {code} failed: {proc.stderr[-600:]}")
    return float(proc.stdout.split()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old", help="folder holding the factlint package to compare with")
    ap.add_argument("--new", default=str(ROOT), help="folder holding the other package (default: this one)")
    ap.add_argument("--files", type=int, default=8, help="files of ~50k words linted after the warm-up")
    ap.add_argument("--runs", type=int, default=7, help="runs of each version, alternating")
    ap.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    ap.add_argument("--registry", default=None, help="registry (default: the bundled one, all fields)")
    a = ap.parse_args()
    old, new = Path(a.old).resolve(), Path(a.new).resolve()
    for code in (old, new):
        if not (code / "factlint" / "__init__.py").exists():
            sys.exit(f"compare: no factlint package in {code}")
    seeds = sorted(Path(a.seeds).glob("*.txt"))
    if not seeds:
        sys.exit(f"compare: no seed articles (*.txt) in {a.seeds}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files, _ = build_corpus(seeds, 50_000 * (a.files + 1), folder)
        listing = folder / "files.txt"
        listing.write_text("\n".join(map(str, files[:a.files + 1])))
        times: dict[Path, list[float]] = {old: [], new: []}
        for _ in range(a.runs):
            for code in (old, new):
                times[code].append(cpu_seconds(code, listing, a.registry))
    for label, code in (("old", old), ("new", new)):
        t = times[code]
        print(f"{label}: median {statistics.median(t):.3f} s, fastest {min(t):.3f} s  ({code})")
    print(f"new / old: {statistics.median(times[new]) / statistics.median(times[old]):.3f} (medians), "
          f"{min(times[new]) / min(times[old]):.3f} (fastest runs)")


if __name__ == "__main__":
    main()
