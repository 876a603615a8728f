"""The public dev set (../shared/eval) as a regression guard for the numeric rules.

The hidden evaluation uses other articles and registries, so this checks floors, not exact scores.
"""
import json
import subprocess
import sys

import pytest

from conftest import SHARED

EVAL = SHARED / "eval"
pytestmark = pytest.mark.skipif(not (EVAL / "score.py").exists(), reason="../shared/eval is not beside the project")
NUMERIC = ("FL101", "FL102", "FL103")
DRUGS_AND_TRIALS = ("FL201", "FL202", "FL203", "FL301", "FL302")


def score(gold, doc):
    proc = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), "--factlint", f"{sys.executable} -m factlint", "--json",
         "--registry", str(EVAL / "dev" / "claims.yaml"), "--gold", str(gold), str(doc)],
        capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_suite_numeric_rules():
    res = score(EVAL / "dev" / "suite.gold.jsonl", EVAL / "dev" / "suite.md")
    for code in NUMERIC + DRUGS_AND_TRIALS:
        assert res["per_code"][code]["precision"] >= 0.9, code
        assert res["per_code"][code]["recall"] >= 0.9, code
    for kind in ("consistent", "cited", "non-claim"):
        right, total = map(int, res["per_kind"][kind].split("/"))
        assert total - right <= 2, kind


@pytest.mark.parametrize("seed", ["000_2bdc495743295233", "001_7c9518c2fd85e8e3"])
def test_seeds_numeric_rules(seed):
    res = score(EVAL / "dev" / "seeds.gold" / f"{seed}.gold.jsonl", SHARED / "seeds" / f"{seed}.txt")
    for code in ("FL101", "FL102"):
        if code in res["per_code"]:
            assert res["per_code"][code]["precision"] >= 0.8, code
            assert res["per_code"][code]["recall"] >= 0.8, code
    assert res["f1"] >= 0.85
