"""--fix, --unsafe-fixes and --diff (ruff's contract), and the fix objects of JSON and SARIF."""
import json
import subprocess
import sys

import pytest

REGISTRY = """
sources:
  - id: s
    citation: "Test source 2024"
drugs:
  - id: crizotinib
    name: crizotinib
    brands: [Xalkori]
    source: s
  - id: lorlatinib
    name: lorlatinib
    brands: [Lorbrena]
    source: s
  - id: trastuzumab
    name: trastuzumab
    brands: [Herceptin]
    source: s
  - id: trastuzumab-emtansine
    name: trastuzumab emtansine
    brands: [Kadcyla]
    source: s
"""
DRAFT = ("# Notes\n\nCrizotinab is taken twice daily.\n\nKadcyla (trastuzumab) is given by infusion.\n\n"
         "Lorbrena (crizotinib) reaches the brain.\n")


def factlint(tmp_path, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "factlint", "check", "--no-cache", "--registry",
                           str(tmp_path / "reg.yaml"), *args], cwd=tmp_path, capture_output=True, text=True,
                          input=stdin)


@pytest.fixture
def draft(tmp_path):
    (tmp_path / "reg.yaml").write_text(REGISTRY)
    path = tmp_path / "d.md"
    path.write_text(DRAFT)
    return path


def test_fix_applies_safe_fixes_and_reports_what_remains(tmp_path, draft):
    proc = factlint(tmp_path, "--fix", "d.md")
    text = draft.read_text()
    assert "Crizotinib is taken" in text  # FL201, capitalised as written
    assert "Kadcyla (trastuzumab emtansine)" in text  # FL202: the draft wrote part of the brand's generic
    assert "Lorbrena (crizotinib)" in text  # FL202 that may mean another drug: unsafe, not applied
    assert proc.returncode == 1 and "FL202" in proc.stdout and "FL201" not in proc.stdout
    assert "Fixed 2 findings in 1 file." in proc.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".factlint-fix")] == []


def test_unsafe_fixes_and_exit_zero_when_nothing_remains(tmp_path, draft):
    proc = factlint(tmp_path, "--fix", "--unsafe-fixes", "d.md")
    assert "Lorbrena (lorlatinib)" in draft.read_text()
    assert proc.returncode == 0, proc.stdout


def test_diff_writes_nothing(tmp_path, draft):
    proc = factlint(tmp_path, "--diff", "d.md")
    assert draft.read_text() == DRAFT
    assert proc.returncode == 1
    assert "-Crizotinab is taken twice daily.\n+Crizotinib is taken twice daily.\n" in proc.stdout
    assert "lorlatinib" not in proc.stdout
    clean = tmp_path / "clean.md"
    clean.write_text("Crizotinib is taken twice daily.\n")
    assert factlint(tmp_path, "--diff", "clean.md").returncode == 0


def test_fix_keeps_a_bom_and_refuses_standard_input(tmp_path, draft):
    draft.write_bytes(b"\xef\xbb\xbf" + DRAFT.encode())
    factlint(tmp_path, "--fix", "d.md")
    data = draft.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"Crizotinib is taken" in data
    proc = factlint(tmp_path, "--fix", "-", stdin=DRAFT)
    assert proc.returncode == 2 and "need files" in proc.stderr


def test_json_and_sarif_carry_the_fix(tmp_path, draft):
    findings = json.loads(factlint(tmp_path, "--format", "json", "d.md").stdout)["findings"]
    fl201 = next(f for f in findings if f["code"] == "FL201")
    (edit,) = fl201["fix"]["edits"]
    assert fl201["fix"]["applicability"] == "safe"
    assert DRAFT[edit["start"]:edit["end"]] == "Crizotinab" and edit["content"] == "Crizotinib"
    unsafe = next(f for f in findings if f["message"].startswith('"Lorbrena"'))
    assert unsafe["fix"]["applicability"] == "unsafe"
    sarif = json.loads(factlint(tmp_path, "--format", "sarif", "d.md").stdout)
    results = sarif["runs"][0]["results"]
    (change,) = next(r for r in results if r["ruleId"] == "FL201")["fixes"][0]["artifactChanges"]
    assert change["replacements"][0]["deletedRegion"] == {"startLine": 3, "startColumn": 1, "endLine": 3,
                                                          "endColumn": 11}


def test_no_fix_across_markup(tmp_path):
    """A misspelling split by emphasis cannot be replaced verbatim in the source: no fix is offered."""
    (tmp_path / "reg.yaml").write_text(REGISTRY)
    (tmp_path / "m.md").write_text("Take *Crizo*tinab twice daily.\n")
    findings = json.loads(factlint(tmp_path, "--format", "json", "m.md").stdout)["findings"]
    assert [f["code"] for f in findings] == ["FL201"] and findings[0]["fix"] is None


def test_outdated_figure_offers_the_current_one_as_an_unsafe_fix(tmp_path):
    from conftest import FIXTURES

    reg = FIXTURES / "diabetes" / "registry.yaml"
    draft = tmp_path / "o.md"
    draft.write_text("In STEADY-1, remission lasted a median of 12 months with metformin.\n")
    base = [sys.executable, "-m", "factlint", "check", "--no-cache", "--registry", str(reg)]
    (finding,) = json.loads(subprocess.run([*base, "--format", "json", str(draft)], capture_output=True,
                                           text=True).stdout)["findings"]
    assert finding["code"] == "FL103" and finding["fix"]["applicability"] == "unsafe"
    subprocess.run([*base, "--fix", str(draft)], capture_output=True)
    assert "12 months" in draft.read_text()  # unsafe: not applied by --fix alone
    proc = subprocess.run([*base, "--fix", "--unsafe-fixes", str(draft)], capture_output=True, text=True)
    assert proc.returncode == 0 and "12 months" not in draft.read_text()
