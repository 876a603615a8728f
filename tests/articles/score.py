#!/usr/bin/env python3
"""Score factlint on the real-article sets in this folder (one sub-folder per field: articles, gold, registry).

usage: python tests/articles/score.py [--show-misses] [FIELD ...]

Two kinds of folder are scored: tests/articles/<field>/ (its own registry, claims.yaml) and
tests/fields/<field>/ (articles for a bundled registry, scored against `--registry @<field>`).

A gold row names a line of an article and the findings expected there (code and, where given, the
registry id); a finding on a gold line that no expectation matches is a false positive, an expectation no
finding matches a false negative. Lines without a gold row are not scored. Same rules as the evaluation
sets beside the project (../shared/eval/score.py), so the figures compare.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUNDLED_ARTICLES = HERE.parent / "fields"


def fields() -> list[Path]:
    """The real-article sets with their own registry (tests/articles/<field>/claims.yaml)."""
    return sorted(p for p in HERE.iterdir() if p.is_dir() and (p / "claims.yaml").exists())


def bundled_article_sets() -> list[Path]:
    """The article sets of the bundled registries (tests/fields/<field>/, registry @<field>)."""
    if not BUNDLED_ARTICLES.is_dir():
        return []
    return sorted(p for p in BUNDLED_ARTICLES.iterdir() if p.is_dir() and any(p.glob("*.gold.jsonl")))


def registry_of(folder: Path) -> str:
    """The registry a set is scored against: its own claims.yaml, else the bundled field of its name."""
    own = folder / "claims.yaml"
    if own.exists():
        return str(own)
    from factlint.registry import resolve_bundled

    return resolve_bundled("@" + folder.name)


def score_field(folder: Path, linter=None) -> dict:
    """{tp, fp, fn, clean, clean_flagged, misses} of one field's articles."""
    from factlint.api import Linter

    linter = linter or Linter.from_registry_paths([registry_of(folder)])
    tp = fp = fn = clean = clean_flagged = 0
    misses: list[str] = []
    for gold_path in sorted(folder.glob("*.gold.jsonl")):
        doc = gold_path.with_name(gold_path.name[: -len(".gold.jsonl")] + ".md")
        result = linter.lint_text(doc.read_text(encoding="utf-8"), str(doc))
        by_line = defaultdict(list)
        for d in result.diagnostics:
            by_line[d.line].append(d)
        for row in map(json.loads, gold_path.read_text(encoding="utf-8").splitlines()):
            got = list(by_line.get(row["line"], []))
            if not row["expect"]:
                clean += 1
                clean_flagged += bool(got)
            for e in row["expect"]:
                hit = next((d for d in got if d.code == e["code"]
                            and (not e.get("registry_id") or d.registry_id == e["registry_id"])), None)
                if hit is not None:
                    tp += 1
                    got.remove(hit)
                else:
                    fn += 1
                    misses.append(f"{doc.name}:{row['line']}: missed {e['code']} {e.get('registry_id') or ''}")
            for d in got:
                fp += 1
                misses.append(f"{doc.name}:{row['line']}: extra {d.code} {d.registry_id or ''}: {d.message[:110]}")
    return {"tp": tp, "fp": fp, "fn": fn, "clean": clean, "clean_flagged": clean_flagged, "misses": misses}


def precision(s: dict) -> float:
    return s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0


def recall(s: dict) -> float:
    return s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("field", nargs="*")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE.parent.parent))
    print(f"{'field':18} {'P':>6} {'R':>6} {'tp':>4} {'fp':>4} {'fn':>4}  clean lines flagged")
    for folder in fields() + bundled_article_sets():
        if args.field and folder.name not in args.field and "@" + folder.name not in args.field:
            continue
        s = score_field(folder)
        name = folder.name if folder.parent == HERE else "@" + folder.name
        print(f"{name:18} {precision(s):6.3f} {recall(s):6.3f} {s['tp']:4} {s['fp']:4} {s['fn']:4}  "
              f"{s['clean_flagged']}/{s['clean']}")
        if args.show_misses:
            for m in s["misses"]:
                print("    " + m)


if __name__ == "__main__":
    main()
