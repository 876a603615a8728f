#!/usr/bin/env python3
"""factlint audit's benchmark: an archive of --articles articles, one process against two, and a re-audit.

    python bench/audit_benchmark.py [--articles 10000] [--registry PATH] [--json]

1. Builds an archive of --articles files in a temporary folder, cycling over the drafts at hand: the
   project's own real articles (tests/articles/*/*.md), examples/draft.md, and, when ../shared is beside
   the project, its seeds and dev articles. Words are whitespace-separated tokens of the files.
2. One process: `factlint check --jobs 1 --no-cache --format json-lines` on the archive; two:
   `--jobs 2`; and `factlint audit --workers 2` (a Dask LocalCluster of 2 worker processes, its start
   included). Each is one fresh process, timed from start to exit. The three alternate --runs times
   (default 3): the machine's speed drifts by several percent over a minute (as in bench/benchmark.py),
   so each is reported by its fastest run, its least disturbed, and its median, and the ratios by both.
   Every audit's findings are compared with check's.
3. Re-audit: a copy of the registry with one claim's value changed (the claim the fewest documents of the
   archive were judged against, but at least one: a targeted change such as a trial's final analysis),
   then `factlint audit --changed-claims OLD`, --runs times, each on a fresh copy of the first audit's
   results; its time against the full audit's, and how many documents it linted again. Its findings are
   compared with a full audit under the new registry.
Not a test: timings depend on the machine (2 cores here). The README's Speed section quotes runs of it.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def drafts() -> list[Path]:
    found = sorted(ROOT.glob("tests/articles/*/*.md"))
    found = [p for p in found if p.name != "README.md"] + [ROOT / "examples" / "draft.md"]
    if SHARED.is_dir():
        found += sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "eval" / "dev" / "articles").glob("*/*.md"))
    return found


def build(folder: Path, n: int) -> int:
    sources = drafts()
    texts = [(p.suffix, p.read_text(encoding="utf-8")) for p in sources]
    words = 0
    for i in range(n):
        suffix, text = texts[i % len(texts)]
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"article-{i:06d}{suffix}").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    took = time.perf_counter() - start
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
    return took, p


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--registry", default=None, help="default: the bundled registry")
    ap.add_argument("--runs", type=int, default=3, help="alternated runs of each timing (default 3)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    runs = max(1, args.runs)
    factlint = [sys.executable, "-m", "factlint"]
    with tempfile.TemporaryDirectory(prefix="factlint-audit-bench-") as tmp:
        work = Path(tmp)
        words = build(work / "archive", args.articles)
        registry = Path(args.registry).resolve() if args.registry else None
        if registry is None:
            from factlint.registry import bundled_registry_path

            registry = Path(bundled_registry_path())
        old = work / "old"
        shutil.copytree(registry, old) if registry.is_dir() else (old.mkdir(), shutil.copy(registry, old))
        reg = ["--registry", str(old)]
        ones, twos, audits, expected, same = [], [], [], None, True
        for _ in range(runs):
            took, p = timed([*factlint, "check", "--jobs", "1", "--no-cache", "--format", "json-lines", *reg,
                             "archive"], work)
            ones.append(took)
            expected = p.stdout if expected is None else expected
            same = same and p.stdout == expected
            twos.append(timed([*factlint, "check", "--jobs", "2", "--no-cache", "--format", "json-lines", *reg,
                               "archive"], work)[0])
            shutil.rmtree(work / "out", ignore_errors=True)
            audits.append(timed([*factlint, "audit", "archive", "--out", "out", "--workers", "2", "-q", *reg],
                                work)[0])
            same = same and (work / "out" / "findings.jsonl").read_text(encoding="utf-8") == expected
        one, two, audit = min(ones), min(twos), min(audits)
        # The claim the fewest documents were judged against (at least one): a targeted change.
        index = json.loads((work / "out" / "index.json").read_text(encoding="utf-8"))
        from factlint.registry import load_registry

        loaded = load_registry([str(old)])
        counts = {}
        for c in loaded.claims.values():
            key = f"claim:{c.id}"
            counts[c.id] = sum(key in keys for keys in index.values())
        claim_id = min((n, cid) for cid, n in counts.items() if n > 0)[1]
        claim = loaded.claims[claim_id]
        new = work / "new"
        shutil.copytree(old, new)
        changed = False
        # The claim's own `value:` line (the first after its id), whatever its form (a number or [low, high]).
        origin = Path(claim.origin.path)
        target = new / origin.relative_to(old)
        lines = target.read_text(encoding="utf-8").split("\n")
        for k in range(claim.origin.line - 1, len(lines)):
            if lines[k].strip().startswith("value:"):
                indent = lines[k][: len(lines[k]) - len(lines[k].lstrip())]
                lines[k] = f"{indent}value: {claim.high * 1.5 + 1:g}"
                target.write_text("\n".join(lines), encoding="utf-8")
                changed = True
                break
        if not changed:
            sys.exit(f"could not change the value of {claim_id}")
        first = work / "first"
        shutil.copytree(work / "out", first)  # each re-audit starts from the first audit's results
        re_audits = []
        for _ in range(runs):
            shutil.rmtree(work / "out")
            shutil.copytree(first, work / "out")
            re_audits.append(timed([*factlint, "audit", "archive", "--out", "out", "--workers", "2", "--registry",
                                    str(new), "--changed-claims", str(old), "-q"], work)[0])
        re_audit = min(re_audits)
        summary = json.loads((work / "out" / "summary.json").read_text(encoding="utf-8"))
        timed([*factlint, "audit", "archive", "--out", "full", "--workers", "2", "-q", "--registry", str(new)], work)
        same_after = (work / "out" / "findings.jsonl").read_text(encoding="utf-8") == \
            (work / "full" / "findings.jsonl").read_text(encoding="utf-8")
    med = statistics.median
    result = {
        "articles": args.articles, "words": words, "runs": runs,
        "check_jobs1_s": round(one, 2), "check_jobs1_median_s": round(med(ones), 2),
        "check_jobs1_words_per_s": round(words / one),
        "check_jobs2_s": round(two, 2), "check_jobs2_median_s": round(med(twos), 2),
        "jobs2_speedup": round(one / two, 2), "jobs2_speedup_medians": round(med(ones) / med(twos), 2),
        "audit_2_workers_s": round(audit, 2), "audit_2_workers_median_s": round(med(audits), 2),
        "audit_speedup": round(one / audit, 2), "audit_speedup_medians": round(med(ones) / med(audits), 2),
        "audit_equals_check": same,
        "changed_claim": claim_id, "documents_relinted": summary["linted"],
        "documents_judged_from_analyses": summary.get("judged_from_analyses", 0),
        "reaudit_s": round(re_audit, 2), "reaudit_median_s": round(med(re_audits), 2),
        "reaudit_share_of_full_audit": round(re_audit / audit, 3),
        "reaudit_share_medians": round(med(re_audits) / med(audits), 3),
        "reaudit_equals_full_audit": same_after,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"archive: {args.articles} articles, {words:,} words; each timing the fastest of {runs} alternated runs "
          "(median in brackets)")
    print(f"check --jobs 1:       {one:7.2f} s  ({med(ones):.2f} s; {words / one:,.0f} words/s)")
    print(f"check --jobs 2:       {two:7.2f} s  ({med(twos):.2f} s; {one / two:.2f}x one process, "
          f"{med(ones) / med(twos):.2f}x by the medians)")
    print(f"audit, 2 workers:     {audit:7.2f} s  ({med(audits):.2f} s; {one / audit:.2f}x one process, "
          f"{med(ones) / med(audits):.2f}x by the medians; findings equal check's in every run: {same})")
    print(f"re-audit, one claim:  {re_audit:7.2f} s  ({med(re_audits):.2f} s; {re_audit / audit:.1%} of the full audit, "
          f"{med(re_audits) / med(audits):.1%} by the medians; {claim_id}: {summary['linted']} documents linted "
          f"again, {summary.get('judged_from_analyses', 0)} of them judged from stored analyses; findings equal a "
          f"full audit's: {same_after})")


if __name__ == "__main__":
    main()
