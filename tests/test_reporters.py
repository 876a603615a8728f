"""The machine formats CI systems read: SARIF (GitHub code scanning), JUnit XML (GitLab, Jenkins) and
JSON Lines. Each is checked against what it promises: a schema-valid SARIF log whose regions and
fingerprints match the JSON output, JUnit counts and escaping that survive a round trip, and JSON Lines
objects equal to the JSON reporter's, all byte-identical between runs."""
import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURES
from factlint.api import FileResult, LintResult
from factlint.cli import FORMATS, main, render_result
from factlint.reporters import quotes_lines
from factlint.reporters import json as json_reporter
from factlint.reporters.json import _DUMPS, diagnostic_json, diagnostic_line
from factlint.reporters import csv as csv_reporter
from factlint.reporters import json_lines, junit, sarif
from factlint.rules import RULES

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"  # vendored: tests/data/README.md
REG = FIXTURES / "diabetes" / "registry.yaml"

# Four findings of four rules; the first sits after an emoji (one code point, two UTF-16 code units).
DRAFT = (
    "# Blood sugar notes\n\n"
    "\U0001FA7A Roughly 25% of Americans have type 2 diabetes.\n\n"  # FL101, registry entry at line 55
    "Around 45% of people who work night shifts sleep badly.\n\n"  # FL102
    "Research has shown that swimming eases joint pain.\n\n"  # FL302
    "In STEADY-1, remission lasted a median of 12 months with metformin.\n"  # FL103
)
CODES = ["FL101", "FL102", "FL302", "FL103"]


@pytest.fixture(scope="module")
def findings(diabetes_linter):
    """A result with findings of several codes, a clean file, and one made only of findings."""
    return LintResult((diabetes_linter.lint_text(DRAFT, "notes/blood sugar.md"),
                       diabetes_linter.lint_text("Metformin was approved in 1995.\n", "notes/clean.md")))


@pytest.fixture(scope="module")
def clean(diabetes_linter):
    return LintResult((diabetes_linter.lint_text("Walking after dinner is pleasant.\n", "walk.md"),))


@pytest.fixture(scope="module")
def broken(diabetes_linter):
    """One linted file with a finding, one unreadable file and one path that does not exist."""
    return LintResult((diabetes_linter.lint_text("Around 45% of nurses work nights.\n", "a.md"),
                       FileResult("b.md", error="b.md: binary file (not text)")),
                      ("missing.md: no such file or directory",))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif_doc(result):
    return json.loads(sarif.render(result))


# ---- SARIF -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["findings", "clean", "broken"])
def test_sarif_is_valid_against_the_official_schema(request, validator, name):
    doc = sarif_doc(request.getfixturevalue(name))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1


def test_schema_validation_catches_a_broken_log(validator, findings):
    """The validator is not vacuous: a zero column, as a 0-based tool would write, is refused."""
    doc = sarif_doc(findings)
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    assert list(validator.iter_errors(doc))


def test_sarif_driver_lists_every_rule_with_its_help(findings):
    driver = sarif_doc(findings)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "factlint" and "informationUri" not in driver
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in RULES]
    by_id = {r["id"]: r for r in rules}
    fl202 = by_id["FL202"]
    assert fl202["name"] == "brand-generic-mismatch"
    assert fl202["shortDescription"]["text"].startswith("A brand name paired with another drug's generic")
    assert "Lorbrena (crizotinib)" in fl202["help"]["text"]
    assert "Lorbrena (lorlatinib)" in fl202["help"]["text"]
    assert "**What to do**" in fl202["help"]["markdown"]
    assert "```text\nLorbrena (crizotinib) reaches the brain well.\n```" in fl202["help"]["markdown"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert {c: levels[c] for c in ("FL101", "FL102", "FL103", "FL302")} == {
        "FL101": "error", "FL102": "warning", "FL103": "warning", "FL302": "note"}
    assert levels == {r.code: {"error": "error", "warning": "warning", "info": "note"}[r.severity.value]
                      for r in RULES}
    assert "drugs" in fl202["properties"]["tags"] and "numbers" in by_id["FL101"]["properties"]["tags"]


def test_sarif_results_match_the_json_findings(findings):
    run = sarif_doc(findings)["runs"][0]
    results = run["results"]
    as_json = json.loads(json_reporter.render(findings))["findings"]
    assert [r["ruleId"] for r in results] == [f["code"] for f in as_json] == CODES
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    assert [r["level"] for r in results] == ["error", "warning", "note", "warning"]
    for r, f in zip(results, as_json):
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "notes/blood%20sugar.md"
        region = loc["region"]
        assert (region["startLine"], region["endLine"]) == (f["line"], f["end_line"])
        if f["code"] != "FL101":  # no emoji before these: UTF-16 columns equal code-point columns
            assert (region["startColumn"], region["endColumn"]) == (f["column"], f["end_column"])
        assert r["partialFingerprints"] == {"factlintFingerprint/v1": f["fingerprint"]}
        assert len(f["fingerprint"]) == 16
        assert r["message"]["text"].startswith(f["message"])
    assert "(source: Centers for Disease Control and Prevention. National Diabetes Statistics Report, 2024 " \
           "<https://www.cdc.gov/" in results[0]["message"]["text"]
    assert "(source:" not in results[1]["message"]["text"]  # FL102 has no source


def test_sarif_columns_are_utf16_code_units_after_an_emoji(findings):
    run = sarif_doc(findings)["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    (d,) = [d for d in findings.diagnostics if d.code == "FL101"]
    assert (d.column, d.end_column) == (11, 14)  # code points: the emoji counts one
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (12, 15)
    line = DRAFT.splitlines()[region["startLine"] - 1].encode("utf-16-le")
    quoted = line[2 * (region["startColumn"] - 1):2 * (region["endColumn"] - 1)].decode("utf-16-le")
    assert quoted == d.text == "25%"


def test_sarif_columns_from_slim_results_are_the_same(findings):
    """Results sent back from worker processes keep only the lines with findings; the columns agree."""
    slim = LintResult(tuple(f.keeping("lines") for f in findings.files))
    assert all(f.document is None for f in slim.files)
    assert sarif.render(slim) == sarif.render(findings)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_renders_the_same_from_what_check_keeps_of_each_draft(findings, diabetes_linter, fmt):
    """`check` keeps of each draft only what its format's renderer reads (the lines it quotes, or
    nothing: factlint.reporters.quotes_lines; the HTML report's linter also keeps each draft's text and
    annotations, as `check --format html` asks); a renderer that read more than its module declares
    would render otherwise here."""
    if fmt == "html":
        linter = dataclasses.replace(diabetes_linter, annotate=True)  # (the same pipeline, annotating)
        findings = LintResult(tuple(linter.lint_text(f.document.source, f.path) for f in findings.files))
    keep = "lines" if quotes_lines(fmt) else "findings"
    kept = LintResult(tuple(f.keeping(keep) for f in findings.files))
    assert all(f.document is None and f.facts is None for f in kept.files)
    assert all(bool(f.lines) == (keep == "lines" and bool(f.diagnostics)) for f in kept.files)
    assert render_result(kept, fmt, color=False) == render_result(findings, fmt, color=False)


def test_the_formats_that_quote_lines_are_the_text_and_sarif_reports():
    assert [f for f in FORMATS if quotes_lines(f)] == ["text", "sarif"]


def test_sarif_related_location_points_at_the_registry_entry(findings):
    results = sarif_doc(findings)["runs"][0]["results"]
    first = results[0]
    (related,) = first["relatedLocations"]
    assert related["message"]["text"] == "registry entry t2d-prevalence-us"
    loc = related["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == REG.as_uri()  # the fixture registry is given absolute
    line = REG.read_text(encoding="utf-8").splitlines()[loc["region"]["startLine"] - 1]
    assert line.strip() == "- id: t2d-prevalence-us"
    assert "relatedLocations" not in results[1]  # FL102 is judged against no entry


def test_sarif_uris(findings):
    assert sarif.artifact_uri("docs/a b#1.md") == "docs/a%20b%231.md"
    assert sarif.artifact_uri("c:notes.md") == "c%3Anotes.md"  # not a URI scheme
    assert sarif.artifact_uri("/srv/docs/ü.md") == "file:///srv/docs/%C3%BC.md"


def test_sarif_file_errors_are_notifications(broken):
    run = sarif_doc(broken)["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["b.md: binary file (not text)",
                                                    "missing.md: no such file or directory"]
    assert all(n["level"] == "error" for n in notes)
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "b.md"
    assert [r["ruleId"] for r in run["results"]] == ["FL102"]


def test_sarif_without_findings(clean):
    run = sarif_doc(clean)["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert len(run["tool"]["driver"]["rules"]) == len(RULES)


# ---- JUnit -------------------------------------------------------------------------------------------

def parse_junit(result):
    root = ET.fromstring(junit.render(result))
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.get("name") == "factlint"
    return root, suite


def test_junit_counts_and_one_failure_per_finding(findings):
    root, suite = parse_junit(findings)
    cases = suite.findall("testcase")
    failures = [f for c in cases for f in c.findall("failure")]
    assert [f.get("type") for f in failures] == CODES
    assert all(len(c) <= 1 for c in cases)  # one result per testcase: Jenkins shows only the first
    for el in (root, suite):
        assert (el.get("tests"), el.get("failures"), el.get("errors")) == ("5", "4", "0")
    passing = [c for c in cases if not len(c)]
    assert [(c.get("classname"), c.get("file")) for c in passing] == [("notes.clean", "notes/clean.md")]
    first = failures[0]
    assert first.text.startswith("notes/blood sugar.md:3:11: FL101 contradicted-number (error)\n")
    assert "source: Centers for Disease Control and Prevention" in first.text
    assert first.get("message") == findings.diagnostics[0].message
    assert {c.get("classname") for c in cases} == {"notes.blood sugar", "notes.clean"}


def test_junit_file_errors_are_error_testcases(broken):
    root, suite = parse_junit(broken)
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "2")
    errors = [(c.get("name"), e.get("message")) for c in suite for e in c.findall("error")]
    assert errors == [("b.md", "b.md: binary file (not text)"),
                      ("missing.md: no such file or directory", "missing.md: no such file or directory")]
    assert [c.get("file") for c in suite if c.find("error") is not None] == ["b.md", None]


def test_junit_escapes_markup_in_messages_and_paths(findings):
    d = findings.diagnostics[1]
    path = 'r&d/<draft> "final".md'
    message = 'a < b & "c" > \'d\'\x0c'
    odd = dataclasses.replace(d, path=path, message=message, source="Smith & Jones <2020>")
    out = junit.render(LintResult((FileResult(path, (odd,)),)))
    assert "<draft>" not in out and 'a < b' not in out
    _, suite = parse_junit(LintResult((FileResult(path, (odd,)),)))
    (case,) = suite
    (failure,) = case
    assert case.get("file") == path
    assert failure.get("message") == message[:-1] + "\ufffd"  # a form feed cannot be in XML 1.0
    assert "Smith & Jones <2020>" in failure.text and failure.text.startswith(path + ":")


# ---- JSON Lines --------------------------------------------------------------------------------------

def test_json_lines_equal_the_json_findings(findings):
    out = json_lines.render(findings)
    lines = out.splitlines()
    assert out.endswith("\n") and len(lines) == len(findings.diagnostics) == 4
    assert [json.loads(line) for line in lines] == json.loads(json_reporter.render(findings))["findings"]


def test_json_lines_empty_without_findings(clean, broken):
    assert json_lines.render(clean) == ""
    assert [json.loads(line)["code"] for line in json_lines.render(broken).splitlines()] == ["FL102"]


# ---- CSV ---------------------------------------------------------------------------------------------------

def test_csv_has_a_row_per_json_finding_and_round_trips(findings):
    import csv
    import io

    text = csv_reporter.render(findings)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    expected = json.loads(json_reporter.render(findings))["findings"]
    assert list(rows[0]) == list(csv_reporter.COLUMNS)
    assert [(r["path"], int(r["line"]), int(r["column"]), r["code"], r["message"], r["source"] or None)
            for r in rows] == [(f["path"], f["line"], f["column"], f["code"], f["message"], f["source"])
                               for f in expected]
    by_code = {r["code"]: r for r in rows}
    assert by_code["FL101"]["issue"] == "contradicts the registry" and by_code["FL101"]["words"] == "25%"


def test_csv_never_hands_a_spreadsheet_a_formula(diabetes_linter):
    import csv
    import io

    text = "Research has shown that swimming eases joint pain.\n"
    files = [diabetes_linter.lint_text(text, "@notes.md"), diabetes_linter.lint_text(text, "-x.md")]
    d = files[0].diagnostics[0]
    files.append(FileResult("z.md", (dataclasses.replace(d, path="z.md", text="=SUM(A1:A9)", message="+1 more"),)))
    rows = list(csv.reader(io.StringIO(csv_reporter.render(LintResult(tuple(files))), newline="")))[1:]
    assert len(rows) == 3
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row), rows
    assert [row[0] for row in rows] == ["'-x.md", "'@notes.md", "z.md"]
    assert rows[2][9] == "'=SUM(A1:A9)" and rows[2][10] == "'+1 more"


# ---- determinism and the command line ----------------------------------------------------------------

@pytest.mark.parametrize("module", [sarif, junit, json_lines, csv_reporter])
def test_rendering_is_deterministic(diabetes_linter, findings, module):
    again = LintResult((diabetes_linter.lint_text(DRAFT, "notes/blood sugar.md"),
                        diabetes_linter.lint_text("Metformin was approved in 1995.\n", "notes/clean.md")))
    first = module.render(findings)
    assert first and first == module.render(findings) == module.render(again)


@pytest.mark.parametrize("fmt", ["sarif", "junit", "json-lines", "json", "csv"])
def test_cli_exit_codes_are_the_same_for_every_format(capsys, tmp_path, fmt):
    (tmp_path / "bad.md").write_text("Roughly 25% of Americans have type 2 diabetes.\n", encoding="utf-8")
    (tmp_path / "ok.md").write_text("Walking after dinner is pleasant.\n", encoding="utf-8")
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02")

    def run(*paths, fail_on="error"):
        code = main(["check", "--registry", str(REG), "--format", fmt, "--fail-on", fail_on,
                     *map(str, paths)])
        return code, capsys.readouterr().out

    code, out = run(tmp_path / "bad.md")
    assert code == 1 and "FL101" in out
    if fmt == "sarif":
        assert json.loads(out)["runs"][0]["results"][0]["ruleId"] == "FL101"
    assert run(tmp_path / "bad.md", fail_on="never")[0] == 0
    assert run(tmp_path / "ok.md")[0] == 0
    code, out = run(tmp_path / "ok.md", tmp_path / "bin.md")
    assert code == 2
    if fmt == "sarif":
        assert json.loads(out)["runs"][0]["invocations"][0]["executionSuccessful"] is False
    if fmt == "junit":
        assert ET.fromstring(out)[0].get("errors") == "1"


ARTICLES = Path(__file__).resolve().parent / "articles"


def test_a_finding_s_line_is_what_json_dumps_writes_of_its_object(findings):
    """`diagnostic_line` writes each finding's object directly (JSON and JSON Lines reports, audit results);
    it must stay byte-identical to `json.dumps` of `diagnostic_json` with the reports' settings: on every
    finding of a field's real articles, and on values that need escaping or are not plain numbers."""
    from factlint.api import Linter
    from factlint.findings import ClaimInfo, Edit, Fix

    field = ARTICLES / "afib"
    real = Linter.from_registry_paths([field / "claims.yaml"]).lint_paths([str(field)]).diagnostics
    assert len(real) > 20 and sum(d.claim is not None for d in real) > 10  # (fixes: the tricky ones below)
    d = findings.diagnostics[0]
    odd = "quote \" backslash \\ tab \t line\nbreak \x01 \u2028 \U0001FA7A \udcff é"
    claims = [ClaimInfo(odd, float("nan"), float("inf"), None), ClaimInfo("x", -0.0, 1e20, "percent", None, ()),
              ClaimInfo("y", 1e-7, 2.0000004, odd, odd, (odd, "b"), ((odd, odd, odd), ("w", "x", "y"))),
              ClaimInfo("z", 12.3456789, -3.5, "mg", "dose", (), ())]
    tricky = [dataclasses.replace(d, path=odd, message=odd, source=odd, source_url=None, registry_id=odd,
                                  claim=c, fix=Fix(odd, (Edit(1, 2, odd),), True) if k % 2 else None,
                                  fingerprint=odd) for k, c in enumerate(claims)]
    tricky.append(dataclasses.replace(d, claim=None, registry_id=None, source=None, fix=None))
    for x in (*real, *findings.diagnostics, *tricky):
        assert diagnostic_line(x) == _DUMPS(diagnostic_json(x))
