"""The command line as users and CI meet it: exit codes, one-line errors, formats, determinism."""
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import FIXTURES
from factlint.cli import main

REG = str(FIXTURES / "diabetes" / "registry.yaml")
CONTRADICTED = "Nearly 30% of Americans have type 2 diabetes.\n"
UNSUPPORTED = "About 40% of people with kidney disease report fatigue.\n"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def drafts(tmp_path):
    (tmp_path / "bad.md").write_text(CONTRADICTED)
    (tmp_path / "warn.txt").write_text(UNSUPPORTED)
    (tmp_path / "clean.html").write_text("<p>Metformin was approved in 1995.</p>")
    return tmp_path


def test_exit_codes_follow_fail_on(capsys, drafts):
    assert run(capsys, "check", "--registry", REG, str(drafts / "clean.html"))[0] == 0
    assert run(capsys, "check", "--registry", REG, str(drafts / "bad.md"))[0] == 1
    assert run(capsys, "check", "--registry", REG, str(drafts / "warn.txt"))[0] == 0
    assert run(capsys, "check", "--registry", REG, "--fail-on", "warning", str(drafts / "warn.txt"))[0] == 1
    assert run(capsys, "check", "--registry", REG, "--fail-on", "never", str(drafts))[0] == 0


def test_text_output_points_at_the_number(capsys, drafts):
    code, out, _ = run(capsys, "check", "--registry", REG, str(drafts / "bad.md"))
    lines = out.splitlines()
    assert lines[0].startswith(f"{drafts / 'bad.md'}:1:8: FL101 [error] \"30%\" contradicts the registry")
    assert lines[2] == "1 | " + CONTRADICTED.rstrip("\n")
    assert lines[3] == "  | " + " " * 7 + "^^^"
    assert "source: Centers for Disease Control" in lines[4]
    assert out.rstrip().endswith("Found 1 finding (1 error) in 1 file.")


def test_json_contract(capsys, drafts):
    code, out, _ = run(capsys, "check", "--registry", REG, "--format", "json", str(drafts))
    doc = json.loads(out)
    assert doc["version"] == 1 and doc["files_checked"] == 3
    f = doc["findings"][0]
    assert {k: f[k] for k in ("line", "column", "end_line", "end_column", "code", "rule", "severity",
                              "registry_id")} == {
        "line": 1, "column": 8, "end_line": 1, "end_column": 11, "code": "FL101",
        "rule": "contradicted-number", "severity": "error", "registry_id": "t2d-prevalence-us"}
    assert f["claim"] == {"text": "30%", "value": [30, 30], "unit": "percent", "metric": "prevalence",
                          "entities": ["t2d"],
                          # which of the draft's words linked the number to the claim, and where they are
                          "linked_by": [{"what": "metric", "words": "have", "where": "clause"},
                                        {"what": "subject", "words": "type 2 diabetes", "where": "clause"}]}
    assert "linked_by" not in doc["findings"][1]["claim"]  # FL102: linked to nothing
    assert f["source"].startswith("Centers for Disease Control")
    assert [x["code"] for x in doc["findings"]] == ["FL101", "FL102"]


def test_output_is_byte_identical_between_runs(capsys, drafts):
    first = run(capsys, "check", "--registry", REG, "--format", "json", str(drafts))[1]
    second = run(capsys, "check", "--registry", REG, "--format", "json", str(drafts))[1]
    assert first == second


def test_select_and_ignore(capsys, drafts):
    out = json.loads(run(capsys, "check", "--registry", REG, "--format", "json", "--select", "FL102", str(drafts))[1])
    assert {f["code"] for f in out["findings"]} == {"FL102"}
    out = json.loads(run(capsys, "check", "--registry", REG, "--format", "json", "--ignore",
                         "unsupported-number", str(drafts))[1])
    assert {f["code"] for f in out["findings"]} == {"FL101"}
    code, _, err = run(capsys, "check", "--registry", REG, "--select", "FL999", str(drafts))
    assert code == 2 and "FL999" in err and len(err.strip().splitlines()) == 1


def test_github_format(capsys, drafts):
    out = run(capsys, "check", "--registry", REG, "--format", "github", str(drafts / "bad.md"))[1]
    assert out.startswith(f"::error file={drafts / 'bad.md'},line=1,col=8,endColumn=11,title=FL101 contradicted-number::")


def test_github_format_leaves_out_columns_of_a_multi_line_range(capsys, tmp_path):
    (tmp_path / "a.md").write_text("Walking after meals is good.\nStudies\nshow that it lowers blood sugar.\n")
    out = run(capsys, "check", "--registry", REG, "--format", "github", str(tmp_path / "a.md"))[1]
    assert out.startswith(f"::notice file={tmp_path / 'a.md'},line=2,endLine=3,title=FL302 vague-attribution::")
    assert "col=" not in out


def test_missing_path_is_reported_and_others_still_linted(capsys, drafts):
    code, out, err = run(capsys, "check", "--registry", REG, "--format", "json", str(drafts / "nope.md"),
                         str(drafts / "bad.md"))
    assert code == 2
    assert json.loads(out)["findings"][0]["code"] == "FL101"
    assert err.strip() == f"factlint: error: {drafts / 'nope.md'}: no such file or directory"


@pytest.mark.parametrize("name, data, needle", [
    ("binary.md", b"\x00\x01\x02PNG data", "binary"),
    ("latin1.txt", "Caf\xe9 au lait".encode("latin-1"), "UTF-8"),
])
def test_unreadable_draft_is_one_line_and_others_still_linted(capsys, drafts, name, data, needle):
    (drafts / name).write_bytes(data)
    code, out, err = run(capsys, "check", "--registry", REG, "--format", "json", str(drafts))
    assert code == 2
    assert json.loads(out)["files_checked"] == 3
    (line,) = err.strip().splitlines()
    assert str(drafts / name) in line and needle in line


def test_empty_file_is_fine(capsys, tmp_path):
    (tmp_path / "empty.md").write_text("")
    code, out, err = run(capsys, "check", "--registry", REG, str(tmp_path / "empty.md"))
    assert code == 0 and out.strip() == "No findings in 1 file." and err == ""


def test_folder_without_drafts(capsys, tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    code, _, err = run(capsys, "check", "--registry", REG, str(tmp_path))
    assert code == 2 and "no lintable files" in err


def test_huge_file_is_refused_quickly(capsys, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Metformin is a common medicine for diabetes. " * 450_000)  # about 20 MB
    t = time.perf_counter()
    code, _, err = run(capsys, "check", "--registry", REG, str(big))
    assert time.perf_counter() - t < 30
    assert code == 2 and "larger than" in err and str(big) in err


@pytest.mark.parametrize("content, needle", [
    ("claims: [\n  - id: x\n    statement: [unclosed\n", "malformed YAML"),
    ("sources:\n  - id: s\n    citation: !!python/object/apply:os.system ['echo hacked']\n", "not allowed"),
    ("sources:\n  - id: s\n    citation: c\n    url: &a [x, x, x, x, x, x, x, x, x]\n"
     "entities:\n  - id: e\n    name: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "    aliases: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", "alias"),
    ("sources:\n  - id: s\n    citation: c\n    autor: x\n", "unknown field 'autor'"),
])
def test_bad_registry_is_one_line_exit_2(capsys, drafts, tmp_path, content, needle):
    reg = tmp_path / "reg.yaml"
    reg.write_text(content)
    t = time.perf_counter()
    code, out, err = run(capsys, "check", "--registry", str(reg), str(drafts / "bad.md"))
    assert time.perf_counter() - t < 5
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert str(reg) in line and needle in line


def test_registry_check_reports_file_and_line(capsys, tmp_path):
    reg = tmp_path / "reg.yaml"
    reg.write_text("sources:\n  - id: s\n    citation: c\nclaims:\n  - id: c1\n    statement: x\n    about: [nope]\n"
                   "    metric: prevalence\n    value: [5, 3]\n    unit: percents\n    source: s\n")
    code, out, err = run(capsys, "registry", "check", str(reg))
    assert code == 2
    assert f"{reg}:7:" in err and "nope" in err
    assert "percents" in err and "did you mean 'percent'" in err
    assert "low end above its high end" in err
    code, out, err = run(capsys, "registry", "check", REG)
    assert code == 0 and out.startswith("ok: 6 claims")


def test_bad_option_is_exit_2(capsys, drafts):
    code, _, err = run(capsys, "check", "--format", "xml", str(drafts))
    assert code == 2 and "xml" in err


def test_rules_and_explain(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and out.splitlines()[0].startswith("FL101  contradicted-number")
    code, out, _ = run(capsys, "explain", "unsupported-number")
    assert code == 0 and out.startswith("FL102 unsupported-number") and "Flagged\n" in out and "Accepted\n" in out
    assert run(capsys, "explain", "FL999")[0] == 2


def test_extract_shows_every_claim(capsys, drafts):
    code, out, _ = run(capsys, "extract", "--registry", REG, "--format", "json", str(drafts / "bad.md"))
    (row,) = json.loads(out)["claims"]
    assert row["text"] == "30%" and row["registry_ids"] == ["t2d-prevalence-us"]
    assert row["verdict"] == "contradicted" and "t2d" in row["entities"]


def test_python_dash_m_and_stdin(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "factlint", "check", "--registry", REG, "--format", "json", "-"],
                          input=CONTRADICTED, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["findings"][0]["registry_id"] == "t2d-prevalence-us"


def test_rules_do_not_import_spacy():
    code = "import sys; from factlint.cli import main; main(['rules']); print('spacy' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip().endswith("False")


def test_jobs_give_the_same_output(capsys, tmp_path):
    for i in range(6):
        (tmp_path / f"d{i}.md").write_text(CONTRADICTED * (i + 1) + UNSUPPORTED)
    # --no-cache: the second run must really lint, in two processes
    one = run(capsys, "check", "--no-cache", "--registry", REG, "--format", "json", "--jobs", "1", str(tmp_path))
    two = run(capsys, "check", "--no-cache", "--registry", REG, "--format", "json", "--jobs", "2", str(tmp_path))
    assert one == two
    text1 = run(capsys, "check", "--no-cache", "--registry", REG, "--jobs", "1", str(tmp_path))
    text2 = run(capsys, "check", "--no-cache", "--registry", REG, "--jobs", "2", str(tmp_path))
    assert text1 == text2 and "^^^" in text2[1]


def test_extract_shows_drug_and_trial_mentions(capsys, tmp_path):
    from conftest import FIXTURES

    reg = str(FIXTURES / "statins" / "registry.yaml")
    (tmp_path / "d.md").write_text("In JUPITER, Crestor (rosuvastatin) lowered LDL.\n")
    code, out, _ = run(capsys, "extract", "--registry", reg, "--format", "json", str(tmp_path / "d.md"))
    rows = json.loads(out)["claims"]
    assert [(r["kind"], r["text"]) for r in rows] == [("trial", "JUPITER"), ("drug", "Crestor"), ("drug", "rosuvastatin")]
    assert rows[1]["drug"] == "rosuvastatin" and rows[1]["written_as"] == "brand"
    assert rows[2]["written_as"] == "generic" and rows[0]["drug"] == "rosuvastatin"


def test_the_command_exits_at_once_with_all_its_output(tmp_path, capsys):
    """`factlint` ends with os._exit (no interpreter teardown): everything it printed must still arrive,
    through a file (fully buffered, well beyond one buffer) and through a pipe closed early (no traceback,
    no "Exception ignored" message)."""
    draft = tmp_path / "many.md"
    draft.write_text("\n".join(f"Nearly {30 + k % 9}% of Americans have type 2 diabetes." for k in range(400)))
    code, expected, _ = run(capsys, "check", "--no-cache", "--registry", REG, "--format", "json-lines", str(draft))
    assert code == 1 and len(expected) > 64_000
    with open(tmp_path / "out.jsonl", "w") as fh:
        proc = subprocess.run([sys.executable, "-m", "factlint", "check", "--no-cache", "--registry", REG,
                               "--format", "json-lines", str(draft)], stdout=fh, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 1, proc.stderr
    assert (tmp_path / "out.jsonl").read_text() == expected
    head = subprocess.run(f"'{sys.executable}' -m factlint check --no-cache --registry '{REG}' --format json-lines "
                          f"'{draft}' | head -c 10", shell=True, capture_output=True, text=True)
    assert head.stdout == expected[:10] and head.stderr == ""


def test_no_path_lints_the_current_folder(tmp_path):
    """As ruff does: a CI step with a forgotten path lints the checkout; it does not pass on empty input."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.md").write_text(CONTRADICTED)
    proc = subprocess.run([sys.executable, "-m", "factlint", "check", "--no-cache", "--registry", REG, "--format",
                           "json"], cwd=tmp_path, input="", capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert [f["path"] for f in json.loads(proc.stdout)["findings"]] == ["sub/bad.md"]
    # Standard input with --stdin-filename (its name decides the format) or '-'.
    proc = subprocess.run([sys.executable, "-m", "factlint", "check", "--no-cache", "--registry", REG, "--format",
                           "json", "--stdin-filename", "draft.txt"], cwd=tmp_path, input=CONTRADICTED,
                          capture_output=True, text=True)
    assert proc.returncode == 1 and json.loads(proc.stdout)["findings"][0]["path"] == "draft.txt"


@pytest.mark.parametrize("args, env, colored", [
    ([], {}, False),  # piped: no colour
    (["--color", "always"], {}, True),
    (["--color", "always"], {"NO_COLOR": "1"}, True),  # an explicit choice wins
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (["--no-color"], {"FORCE_COLOR": "1"}, False),
])
def test_colour_choice(tmp_path, args, env, colored):
    import os

    draft = tmp_path / "bad.md"
    draft.write_text(CONTRADICTED)
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")} | env
    proc = subprocess.run([sys.executable, "-m", "factlint", "check", "--no-cache", "--registry", REG, *args,
                           str(draft)], capture_output=True, text=True, env=full_env)
    assert ("\x1b[" in proc.stdout) is colored
    assert "FL101" in proc.stdout and "[error]" in proc.stdout  # the severity word, coloured or not


def test_show_files_show_settings_quiet_and_verbose(tmp_path):
    (tmp_path / "a.md").write_text(CONTRADICTED)
    (tmp_path / "notes.txt").write_text("nothing\n")
    (tmp_path / ".factlint.yaml").write_text("ignore: [FL102]\nexclude: [notes.txt]\n")

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "factlint", "check", "--no-cache", "--registry", REG, *args],
                              cwd=tmp_path, capture_output=True, text=True)

    shown = cli("--show-files")
    assert shown.returncode == 0 and shown.stdout == "a.md\n"
    settings = cli("--show-settings", "a.md").stdout
    assert "configuration: " in settings and ".factlint.yaml" in settings
    assert "ignore: FL102" in settings and f"registry: {REG}" in settings
    quiet = cli("-q", "a.md")
    assert quiet.returncode == 1 and "FL101" in quiet.stdout and "Found" not in quiet.stdout
    verbose = cli("-v", "a.md")
    assert "1 file checked, 1 findings" in verbose.stderr and "with configuration" in verbose.stderr


def test_the_factlint_command_keeps_a_run_s_results_to_its_fast_exit(tmp_path, monkeypatch, capsys):
    """`factlint` (cli.entry) ends with os._exit: a run's results are kept to the end rather than freed as
    the command returns. main() called in a process that goes on keeps nothing."""
    import factlint.cli as cli

    draft = tmp_path / "draft.md"
    draft.write_text("About 40% of people who start insulin stop within a year.\n", encoding="utf-8")
    args = ["check", "--no-cache", "--fail-on", "never", "--registry", str(FIXTURES / "diabetes" / "registry.yaml"),
            str(draft)]
    monkeypatch.setattr(cli, "_KEPT_TO_EXIT", None)
    assert main(args) == 0 and cli._KEPT_TO_EXIT is None
    kept: list = []
    monkeypatch.setattr(cli, "_KEPT_TO_EXIT", kept)
    assert main(args) == 0
    assert [f.path for result in kept for f in result.files] == [str(draft)]
    assert kept[0].files[0].lines == {1: draft.read_text(encoding="utf-8").strip()}  # what the text report quotes


def test_the_factlint_command_asks_openblas_for_one_thread_unless_the_user_chose(monkeypatch):
    """numpy's OpenBLAS spins a thread per core for about 0.1 s after its import; `factlint` (cli.entry) sets
    OPENBLAS_NUM_THREADS before main() runs, so numpy loads with one, but never over the user's own value."""
    import factlint.cli as cli

    seen = []

    def fake_main():
        seen.append(os.environ.get("OPENBLAS_NUM_THREADS"))
        return 0

    class Exited(Exception):
        pass

    def fake_exit(code):
        raise Exited(code)

    monkeypatch.setattr(cli, "main", fake_main)
    monkeypatch.setattr(cli.os, "_exit", fake_exit)
    monkeypatch.setattr(cli, "_KEPT_TO_EXIT", None)
    # (set first, so that monkeypatch restores the variable as it was, whatever entry() writes into it)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    for chosen, expected in ((None, "1"), ("4", "4")):
        if chosen is None:
            monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
        else:
            monkeypatch.setenv("OPENBLAS_NUM_THREADS", chosen)
        with pytest.raises(Exited):
            cli.entry()
        assert seen.pop() == expected
