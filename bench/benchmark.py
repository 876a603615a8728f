#!/usr/bin/env python3
"""factlint's benchmark: throughput, memory and cold start, in one run.

    python bench/benchmark.py [--words 2000000] [--runs 7] [--seeds ../shared/seeds] [--json]

1. Builds a corpus of at least --words words from the seed articles (copies spread over files of ~50k
   words each, in a temporary folder).
2. Throughput: `factlint check --format json` on the whole corpus in one process (what CI runs), and
   spaCy's tokenizer alone (`spacy.blank("en").tokenizer.pipe`) on the same texts; words per second
   of each and their ratio. Words are whitespace-separated tokens of the source files.
3. Peak memory (max RSS) of the `factlint check` process.
4. Cold start: the median wall time of `factlint check --no-cache` on one seed against
   `python -c "import spacy"`, each a fresh process, alternated, after one warm-up run each (so both use
   cached bytecode, as a pre-commit hook does from its second run on); and of the same check served
   from the cache.
5. Cache: `factlint check` on --cache-files files (the seeds copied) in a fresh folder, the first run
   with an empty cache and the second with the tree unchanged (both in fresh processes, default --jobs).
6. proselint (when installed: `pip install proselint`, not a dependency): `proselint check` on the
   corpus, against factlint's one-process run (a prose linter of the same kind, in the same run). The
   one-process run and proselint's alternate --throughput-runs times (default 3): the machine's speed
   drifts by several percent over a minute, so each is reported by its fastest run (its least disturbed,
   as the tokenizer's is) and its median, and the ratio by both.
7. How many of the modules the install compiled run compiled (factlint/_loading.py: an edited module runs
   from its source until the install is run again), so a figure says what code it measured.
Not a test: timings depend on the machine. Run it before and after a change that could cost speed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def env() -> dict:
    e = dict(os.environ)
    e.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with cached bytecode, as installed tools run
    return e


def build_corpus(seeds: list[Path], words: int, folder: Path) -> tuple[list[Path], int]:
    texts = [s.read_text(encoding="utf-8") for s in seeds]
    per_file, files, total, i = 50_000, [], 0, 0
    while total < words:
        chunk, n = [], 0
        while n < per_file and total + n < words + per_file:
            t = texts[i % len(texts)]
            chunk.append(t)
            n += len(t.split())
            i += 1
        path = folder / f"article_{len(files):04d}.txt"
        path.write_text("\n\n".join(chunk), encoding="utf-8")
        files.append(path)
        total += n
    return files, total


def time_check(folder: Path, registry: str | None, jobs: int = 0) -> tuple[float, int, int]:
    """Wall time, exit code and peak RSS (KiB) of `factlint check` over the corpus, in a child process."""
    cmd = [sys.executable, "-m", "factlint", "check", "--no-cache", "--format", "json", "--fail-on", "never",
           "--jobs", str(jobs), str(folder)]
    if registry:
        cmd[4:4] = ["--registry", registry]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env(), cwd=ROOT)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark: factlint check failed: {proc.stderr.decode()[:400]}")
    return wall, proc.returncode, max(peak, before)


def time_tokenizer(files: list[Path], repeats: int = 3) -> float:
    """spaCy's English tokenizer alone on the corpus, split into paragraphs (its fastest input); the best
    of `repeats` passes, so the comparison is conservative for factlint."""
    import spacy

    nlp = spacy.blank("en")
    texts = [f.read_text(encoding="utf-8") for f in files]
    blocks = [p for t in texts for p in t.split("\n\n") if p.strip()]
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in nlp.tokenizer.pipe(blocks, batch_size=256):
            pass
        best = min(best, time.perf_counter() - t)
    return best


def proselint_exe() -> Path | None:
    """proselint's command: beside this Python, else on PATH; None if it is not installed."""
    exe = Path(sys.executable).with_name("proselint")
    if exe.exists():
        return exe
    found = shutil.which("proselint")
    return Path(found) if found else None


def time_proselint(files: list[Path]) -> float | None:
    """`proselint check` on the same files (one process, as it runs), if proselint is installed."""
    exe = proselint_exe()
    if exe is None:
        return None
    start = time.perf_counter()
    subprocess.run([str(exe), "check", *map(str, files)], capture_output=True, env=env())
    return time.perf_counter() - start


_COMPILED_STATE = """
import importlib, json
from factlint._loading import compiled_modules, read_manifest
for name in read_manifest():
    importlib.import_module(name)
state = compiled_modules()
print(json.dumps([sum(state.values()), len(state)]))
"""


def compiled_state() -> tuple[int, int]:
    """(modules running compiled, modules the build compiled) in a fresh process as `check` runs; (0, 0) for
    a pure install (factlint/_loading.py)."""
    proc = subprocess.run([sys.executable, "-c", _COMPILED_STATE], capture_output=True, text=True, env=env(),
                          cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"benchmark: could not import factlint: {proc.stderr[-400:]}")
    running, built = json.loads(proc.stdout)
    return running, built


def cold(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env(), cwd=ROOT)
        times.append(time.perf_counter() - t)
    return times


def time_cache(seeds: list[Path], n: int, registry: str | None) -> tuple[float, float, int]:
    """Wall times of a first (empty cache) and a second (unchanged tree) `factlint check` of n files."""
    tmp = Path(tempfile.mkdtemp(prefix="factlint-cache-bench-"))
    try:
        drafts = tmp / "drafts"
        drafts.mkdir()
        for i in range(n):
            seed = seeds[i % len(seeds)]
            shutil.copy(seed, drafts / f"{i:04d}_{seed.name}")
        cmd = [sys.executable, "-m", "factlint", "check", "--format", "json", "--fail-on", "never", "drafts"]
        if registry:
            cmd[4:4] = ["--registry", str(Path(registry).resolve())]
        e = env()
        e.pop("FACTLINT_CACHE_DIR", None)
        times = []
        outputs = []
        for _ in range(2):
            t = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e, cwd=tmp)
            times.append(time.perf_counter() - t)
            if proc.returncode not in (0, 1):
                sys.exit(f"benchmark: factlint check failed: {proc.stderr.decode()[:400]}")
            outputs.append(proc.stdout)
        if outputs[0] != outputs[1]:
            sys.exit("benchmark: the cached run's output differs from the first run's")
        findings = len(json.loads(outputs[0])["findings"])
        return times[0], times[1], findings
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=2_000_000, help="corpus size (at least 1M is meaningful)")
    ap.add_argument("--runs", type=int, default=7, help="cold-start runs of each command")
    ap.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    ap.add_argument("--registry", default=None, help="registry for check (default: the bundled one)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--cache-files", type=int, default=1000, help="files for the cache measurement (0: skip)")
    ap.add_argument("--throughput-runs", type=int, default=3,
                    help="alternating runs of the one-process check and of proselint")
    a = ap.parse_args()

    seeds = sorted(Path(a.seeds).glob("*.txt"))
    if not seeds:
        sys.exit(f"benchmark: no seed articles (*.txt) in {a.seeds}")
    compiled = compiled_state()
    tmp = Path(tempfile.mkdtemp(prefix="factlint-bench-"))
    try:
        files, words = build_corpus(seeds, a.words, tmp)
        wall, _, rss_kib = time_check(tmp, a.registry)
        ones, proses = [], []
        for _ in range(max(1, a.throughput_runs)):
            ones.append(time_check(tmp, a.registry, jobs=1)[0])
            found = time_proselint(files)
            if found is not None:
                proses.append(found)
        wall1, wall1_median = min(ones), statistics.median(ones)
        prose = min(proses) if proses else None
        prose_median = statistics.median(proses) if proses else None
        tok = time_tokenizer(files)
        one = str(seeds[0])
        check_cmd = [sys.executable, "-m", "factlint", "check", "--no-cache", "--fail-on", "never", one]
        cached_cmd = [x for x in check_cmd if x != "--no-cache"]
        if a.registry:
            check_cmd[4:4] = ["--registry", a.registry]
            cached_cmd[4:4] = ["--registry", a.registry]
        spacy_cmd = [sys.executable, "-c", "import spacy"]
        cold(check_cmd, 1), cold(spacy_cmd, 1), cold(cached_cmd, 1)  # warm-up: bytecode, disk and cache
        check_times, spacy_times, cached_times = [], [], []
        for _ in range(a.runs):
            check_times += cold(check_cmd, 1)
            spacy_times += cold(spacy_cmd, 1)
            cached_times += cold(cached_cmd, 1)
        first, second, cache_findings = time_cache(seeds, a.cache_files, a.registry) if a.cache_files else (0, 0, 0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    check_wps, tok_wps = words / wall, words / tok
    res = {
        "corpus_words": words,
        "corpus_files": len(files),
        "check_seconds": round(wall, 3),
        "check_words_per_second": round(check_wps),
        "tokenizer_seconds": round(tok, 3),
        "tokenizer_words_per_second": round(tok_wps),
        "check_share_of_tokenizer_speed": round(check_wps / tok_wps, 3),
        "check_one_process_words_per_second": round(words / wall1),
        "check_one_process_seconds": [round(t, 3) for t in ones],
        "proselint_runs_seconds": [round(t, 3) for t in proses],
        "check_one_process_share_of_tokenizer_speed": round(words / wall1 / tok_wps, 3),
        "check_peak_rss_mib": round(rss_kib / 1024, 1),
        "proselint_seconds": round(prose, 3) if prose else None,
        "check_one_process_over_proselint": round(prose / wall1, 2) if prose else None,
        "check_one_process_over_proselint_medians": round(prose_median / wall1_median, 2) if prose else None,
        "cold_check_seconds_median": round(statistics.median(check_times), 3),
        "import_spacy_seconds_median": round(statistics.median(spacy_times), 3),
        "cold_ratio": round(statistics.median(check_times) / statistics.median(spacy_times), 3),
        "cold_cached_check_seconds_median": round(statistics.median(cached_times), 3),
        "cold_runs": a.runs,
        "cache_files": a.cache_files,
        "cache_findings": cache_findings,
        "cache_first_run_seconds": round(first, 3),
        "cache_second_run_seconds": round(second, 3),
        "cache_second_over_first": round(second / first, 4) if first else None,
        "python": sys.version.split()[0],
        "compiled_modules": list(compiled),
    }
    if a.json:
        print(json.dumps(res, indent=2))
        return
    print(f"corpus: {words:,} words in {len(files)} files (from {len(seeds)} seed articles); compiled modules "
          f"running: {compiled[0]} of {compiled[1]}" + (" (a pure install)" if not compiled[1] else ""))
    print(f"factlint check:  {check_wps:>12,.0f} words/s  ({wall:.2f} s, --jobs 0 = {os.cpu_count()} cores, "
          f"peak RSS {rss_kib / 1024:.0f} MiB)")
    print(f"  one process:   {words / wall1:>12,.0f} words/s  ({wall1:.2f} s, --jobs 1, fastest of {len(ones)}; "
          f"median {wall1_median:.2f} s)")
    print(f"spaCy tokenizer: {tok_wps:>12,.0f} words/s  ({tok:.2f} s, best of 3, one process)")
    print(f"check / tokenizer speed: {check_wps / tok_wps:.1%} (one process: {words / wall1 / tok_wps:.1%})")
    if prose:
        by_medians = prose_median / wall1_median
        print(f"proselint check:  {words / prose:>11,.0f} words/s  ({prose:.2f} s, fastest of {len(proses)}; "
              f"median {prose_median:.2f} s); factlint one process is {prose / wall1:.2f}x as fast "
              f"({by_medians:.2f}x by the medians), with --jobs 0 {prose / wall:.2f}x")
    else:
        print("proselint: not installed (pip install proselint) - not measured")
    print(f"cold check of one seed: {res['cold_check_seconds_median']:.3f} s median of {a.runs}; "
          f"python -c 'import spacy': {res['import_spacy_seconds_median']:.3f} s; ratio {res['cold_ratio']:.2f}; "
          f"from the cache: {res['cold_cached_check_seconds_median']:.3f} s")
    if a.cache_files:
        print(f"cache, {a.cache_files} files ({cache_findings} findings): first run {first:.2f} s, second run "
              f"(unchanged) {second:.3f} s = {second / first:.1%} of the first")


if __name__ == "__main__":
    main()
