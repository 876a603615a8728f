"""factlint in a content repository: configuration, discovery, suppressions, baselines, cache, statistics.

Every test builds a small repository in a temporary folder with the diabetes fixture registry and drafts
of its own, and runs the command line in-process.
"""
import json
import os
import shutil

import pytest

from conftest import FIXTURES
from factlint.cli import main

REG = FIXTURES / "diabetes" / "registry.yaml"
WRONG = "Roughly 25% of adults in the US have type 2 diabetes, the clinic said."  # FL101
BARE = "About 40% of people who start insulin stop within a year."  # FL102
VAGUE = "Studies show that walking after meals lowers blood sugar."  # FL302


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def codes(capsys, *argv):
    code, out, err = run(capsys, "check", "--format", "json", *argv)
    assert code in (0, 1), err
    return [(os.path.basename(f["path"]), f["line"], f["code"]) for f in json.loads(out)["findings"]]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with its registry in claims/ and the working folder at its root."""
    (tmp_path / "claims").mkdir()
    shutil.copy(REG, tmp_path / "claims" / "registry.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---- configuration ---------------------------------------------------------------------------------------
def test_pyproject_config_is_found_walking_up_and_its_paths_are_relative_to_it(repo, capsys):
    shutil.move(repo / "claims", repo / "facts")
    (repo / "pyproject.toml").write_text('[project]\nname = "site"\n\n[tool.factlint]\nregistry = ["facts"]\n'
                                         'ignore = ["FL302"]\n')
    (repo / "docs" / "deep").mkdir(parents=True)
    (repo / "docs" / "deep" / "a.md").write_text(f"{WRONG}\n\n{VAGUE}\n")
    os.chdir(repo / "docs")  # the config is above the working folder and the file
    assert codes(capsys, "deep/a.md") == [("a.md", 1, "FL101")]
    # the command line wins over the file
    assert codes(capsys, "--ignore", "FL101", "deep/a.md") == [("a.md", 3, "FL302")]


def test_yaml_config_select_severity_fail_on_and_per_file_ignores(repo, capsys):
    (repo / ".factlint.yaml").write_text(
        "select: [FL1]\n"
        "severity:\n  FL102: error\n"
        "fail-on: warning\n"
        "per-file-ignores:\n  'archive/**': [FL101]\n")
    (repo / "archive").mkdir()
    (repo / "a.md").write_text(f"{BARE}\n\n{VAGUE}\n")
    (repo / "archive" / "old.md").write_text(f"{WRONG}\n\n{BARE}\n")
    code, out, _ = run(capsys, "check", "--format", "json", ".")
    found = [(f["path"].replace(os.sep, "/"), f["code"], f["severity"]) for f in json.loads(out)["findings"]]
    assert found == [("a.md", "FL102", "error"), ("archive/old.md", "FL102", "error")]
    assert code == 1
    (repo / "a.md").write_text("Metformin was approved in 1995.\n")
    (repo / "archive" / "old.md").write_text("Nothing to see.\n")
    (repo / ".factlint.yaml").write_text("fail-on: info\n")
    (repo / "a.md").write_text(f"{VAGUE}\n")
    assert run(capsys, "check", "a.md")[0] == 1  # fail-on from the file: an info finding fails
    assert run(capsys, "check", "--fail-on", "error", "a.md")[0] == 0


def test_claims_beside_the_configuration_is_the_default_registry(repo, capsys):
    (repo / "pyproject.toml").write_text("[tool.factlint]\nignore = ['FL302']\n")
    (repo / "docs").mkdir()
    (repo / "docs" / "a.md").write_text(f"{WRONG}\n")
    os.chdir(repo / "docs")  # no ./claims here: the repository's claims/ is found from its configuration
    assert codes(capsys, "a.md") == [("a.md", 1, "FL101")]


def test_nearest_config_applies_to_each_file(repo, capsys):
    (repo / ".factlint.yaml").write_text("ignore: [FL302]\n")
    (repo / "sub").mkdir()
    (repo / "sub" / ".factlint.yaml").write_text("ignore: [FL101]\n")
    (repo / "a.md").write_text(f"{WRONG}\n\n{VAGUE}\n")
    (repo / "sub" / "b.md").write_text(f"{WRONG}\n\n{VAGUE}\n")
    assert codes(capsys, ".") == [("a.md", 1, "FL101"), ("b.md", 3, "FL302")]
    # --config names one configuration for every file
    assert codes(capsys, "--config", "sub/.factlint.yaml", ".") == [("a.md", 3, "FL302"), ("b.md", 3, "FL302")]


@pytest.mark.parametrize("name, text, line, words", [
    (".factlint.yaml", "select: [FL1]\nselcet: [FL2]\n", 2, "unknown key 'selcet' (did you mean 'select'?)"),
    ("pyproject.toml", "[tool.factlint]\nignore = ['FL302']\nfail_on = 'warning'\n", 3,
     "unknown key 'fail_on' (did you mean 'fail-on'?)"),
    (".factlint.yaml", "ignore: [FL999]\n", 1, "unknown rule code or name 'FL999'"),
    (".factlint.yaml", "severity:\n  FL101: fatal\n", 2, "FL101 must be error, warning or info"),
    (".factlint.yaml", "select: [FL1\n", 2, "invalid YAML"),
    ("pyproject.toml", "[tool.factlint]\nselect = [\n", 3, "invalid TOML"),
    (".factlint.yaml", "registry: missing/\n", 1, "registry not found: missing/"),
])
def test_config_errors_name_the_file_line_and_key(repo, capsys, name, text, line, words):
    (repo / name).write_text(text)
    (repo / "a.md").write_text(f"{BARE}\n")
    code, out, err = run(capsys, "check", "a.md")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{repo / name}:{line}: " in err and words in err


def test_missing_config_file_is_a_usage_error(repo, capsys):
    code, _, err = run(capsys, "check", "--config", "nope.yaml", ".")
    assert code == 2 and "nope.yaml" in err and err.count("\n") == 1


# ---- discovery ---------------------------------------------------------------------------------------------
def test_gitignored_and_excluded_files_are_skipped_when_walking(repo, capsys):
    (repo / ".git").mkdir()  # a repository root: its .gitignore applies
    (repo / ".gitignore").write_text("build/\n*.draft.md\n")
    (repo / ".factlint.yaml").write_text("exclude: ['vendor/**']\n")
    for rel in ("build/out.md", "x.draft.md", "vendor/lib.md", "docs/keep.md"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(f"{WRONG}\n")
    assert codes(capsys, ".") == [("keep.md", 1, "FL101")]
    # named on the command line, an excluded file is linted, unless --force-exclude (pre-commit's case)
    assert codes(capsys, "vendor/lib.md", "x.draft.md") == [("lib.md", 1, "FL101"), ("x.draft.md", 1, "FL101")]
    assert codes(capsys, "--force-exclude", "vendor/lib.md", "x.draft.md", "docs/keep.md") == [
        ("keep.md", 1, "FL101")]
    (repo / ".factlint.yaml").write_text("respect-gitignore: false\nexclude: ['vendor/**']\n")
    assert [c[0] for c in codes(capsys, ".")] == ["out.md", "keep.md", "x.draft.md"]


def test_the_walk_follows_symlinked_files_but_not_symlinked_folders(repo, capsys):
    """As os.walk does: a link to a draft is linted; a linked folder is not entered (no cycles, no drafts
    twice); a broken link and a folder named like a draft are skipped."""
    for rel in ("docs/a.md", "elsewhere/b.md"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(f"{WRONG}\n")
    os.symlink(repo / "elsewhere" / "b.md", repo / "docs" / "link.md")
    os.symlink(repo / "elsewhere", repo / "docs" / "linked-folder")
    os.symlink(repo / "missing.md", repo / "docs" / "broken.md")
    (repo / "docs" / "folder.md").mkdir()
    assert codes(capsys, "docs") == [("a.md", 1, "FL101"), ("link.md", 1, "FL101")]


def test_extend_reads_a_shared_configuration_first(repo, capsys):
    (repo / "shared").mkdir()
    (repo / "shared" / "base.yaml").write_text("select: [FL1]\nseverity:\n  FL101: warning\n")
    (repo / "site").mkdir()
    (repo / "site" / "a.md").write_text(f"{WRONG}\n\n{VAGUE}\n")
    (repo / "site" / ".factlint.yaml").write_text("extend: ../shared/base.yaml\nseverity:\n  FL302: warning\n")
    code, out, _ = run(capsys, "check", "--format", "json", "site/a.md")
    assert [(f["code"], f["severity"]) for f in json.loads(out)["findings"]] == [("FL101", "warning")]
    (repo / "site" / ".factlint.yaml").write_text("extend: ../shared/base.yaml\nselect: [FL3]\n")
    assert [c[2] for c in codes(capsys, "site/a.md")] == ["FL302"]  # a key set here wins
    (repo / "shared" / "base.yaml").write_text("extend: ../site/.factlint.yaml\n")
    code, _, err = run(capsys, "check", "site/a.md")
    assert code == 2 and "'extend' makes a cycle" in err and len(err.strip().splitlines()) == 1


def test_git_info_exclude_is_respected(repo, capsys):
    """Files git ignores through .git/info/exclude (uncommitted, per clone) are not linted either."""
    (repo / ".git" / "info").mkdir(parents=True)
    (repo / ".git" / "info" / "exclude").write_text("scratch/\n")
    for rel in ("scratch/tmp.md", "docs/keep.md"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(f"{WRONG}\n")
    assert codes(capsys, ".") == [("keep.md", 1, "FL101")]
    assert codes(capsys, "--force-exclude", "scratch/tmp.md") == []


def test_include_limits_the_walk(repo, capsys):
    (repo / ".factlint.yaml").write_text("include: ['docs/**']\n")
    for rel in ("docs/a.md", "notes/b.md"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(f"{WRONG}\n")
    assert codes(capsys, ".") == [("a.md", 1, "FL101")]


# ---- suppressions ------------------------------------------------------------------------------------------
def test_disable_next_line_with_and_without_codes(repo, capsys):
    (repo / "a.md").write_text(
        f"<!-- factlint: disable-next-line FL102 -- from our own audit -->\n{BARE}\n\n"
        f"<!-- factlint: disable-next-line -->\n{WRONG}\n\n"
        f"<!-- factlint: disable-next-line FL101 -->\n{BARE}\n")
    assert codes(capsys, "a.md") == [("a.md", 7, "FL901"), ("a.md", 8, "FL102")]


def test_disable_enable_ranges_and_html(repo, capsys):
    (repo / "a.md").write_text(
        f"<!-- factlint: disable FL101 -->\n\n{WRONG}\n\n{BARE}\n\n<!-- factlint: enable FL101 -->\n\n{WRONG}\n")
    assert codes(capsys, "a.md") == [("a.md", 5, "FL102"), ("a.md", 9, "FL101")]
    (repo / "b.html").write_text(
        f"<html><body>\n<!-- factlint: disable -->\n<p>{WRONG}</p>\n<p>{BARE}</p>\n"
        f"<!-- factlint: enable -->\n<p>{WRONG}</p>\n</body></html>\n")
    assert codes(capsys, "b.html") == [("b.html", 6, "FL101")]


def test_unused_and_invalid_suppressions_are_reported(repo, capsys):
    (repo / "a.md").write_text(
        "<!-- factlint: disable-next-line FL101, FL102 -->\n" + BARE + "\n\n"
        "<!-- factlint: disable-nextline FL102 -->\n" + BARE + "\n\n"
        "<!-- factlint: disable-next-line FL10 -->\nNothing here.\n")
    code, out, _ = run(capsys, "check", "--format", "json", "a.md")
    found = [(f["line"], f["code"], f["message"]) for f in json.loads(out)["findings"]]
    assert [(line, c) for line, c, _ in found] == [(1, "FL901"), (4, "FL902"), (5, "FL102"), (7, "FL902")]
    assert "FL101 is not reported here" in found[0][2] and "unused codes" in found[0][2]
    assert "unknown directive 'disable-nextline'" in found[1][2]
    assert "'FL10'" in found[3][2]
    # a rule that did not run is not blamed, and FL901 itself can be turned off
    assert codes(capsys, "--select", "FL102,FL901", "a.md") == [("a.md", 5, "FL102")]
    assert codes(capsys, "--ignore", "FL9", "a.md") == [("a.md", 5, "FL102")]


def test_a_directive_shown_in_code_is_not_a_directive(repo, capsys):
    (repo / "a.md").write_text(
        "Write `<!-- factlint: disable-next-line FL101 -->` above a line.\n" + WRONG + "\n\n"
        "```markdown\n<!-- factlint: disable-next-line -->\n```\n" + BARE + "\n")
    assert codes(capsys, "a.md") == [("a.md", 2, "FL101"), ("a.md", 7, "FL102")]


def test_add_suppressions_silences_everything_and_changes_nothing_else(repo, capsys):
    original = ("# Sugar\n\n" + WRONG + "\n" + BARE + "\r\n\n"
                "- " + BARE + "\n- " + WRONG + "\n\n"
                "| Group | Share |\n|---|---|\n| adults with type 2 diabetes in the US | 30% |\n\n"
                "Metformin was approved in 1995.\n")
    (repo / "a.md").write_bytes(original.encode())
    before = codes(capsys, "a.md")
    assert len(before) == 5
    code, _, err = run(capsys, "check", "--add-suppressions", "a.md")
    assert code == 0 and "Added 5 suppression comments in 1 file" in err
    after = (repo / "a.md").read_bytes().decode()
    assert codes(capsys, "a.md") == []
    # only comments were added: remove them and the file is what it was, byte for byte
    import re

    stripped = re.sub(r" <!-- factlint: [^>]*-->", "", after)
    stripped = re.sub(r"<!-- factlint: [^>]*-->\n", "", stripped)
    assert stripped == original
    assert "\r\n" in after  # line endings kept
    # the paragraph and the list are not split: the comment for a continuation line ends the line above
    assert WRONG + " <!-- factlint: disable-next-line FL102 -->\n" + BARE in after
    assert "| 30% | <!-- factlint: disable-line FL101 -->" in after


def test_add_suppressions_in_text_and_html(repo, capsys):
    (repo / "t.txt").write_text(f"Sugar\n\n{WRONG}\n{BARE}\n")
    (repo / "h.html").write_text(f"<html><body>\n<p>{WRONG}\n{BARE}</p>\n</body></html>\n")
    assert len(codes(capsys, "t.txt", "h.html")) == 4
    assert run(capsys, "check", "--add-suppressions", "t.txt", "h.html")[0] == 0
    assert codes(capsys, "t.txt", "h.html") == []


# ---- baseline ---------------------------------------------------------------------------------------------
def test_baseline_survives_moved_paragraphs_and_reports_new_findings(repo, capsys):
    (repo / "docs").mkdir()
    a = repo / "docs" / "a.md"
    a.write_text(f"# Sugar\n\n{WRONG}\n\n{BARE}\n\nMetformin was approved in 1995.\n")
    code, _, err = run(capsys, "check", "--write-baseline", "factlint-baseline.json", "docs")
    assert code == 0 and "Wrote 2 findings" in err
    data = json.loads((repo / "factlint-baseline.json").read_text())
    assert data["version"] == 1
    assert [(f["path"], f["code"]) for f in data["findings"]] == [("docs/a.md", "FL101"), ("docs/a.md", "FL102")]
    assert all("line" not in f for f in data["findings"])
    assert codes(capsys, "--baseline", "factlint-baseline.json", "docs") == []
    # paragraphs move, text is added above, lines are re-wrapped: still silenced
    a.write_text(f"# Sugar\n\nIntro paragraph.\n\nMetformin was approved in 1995.\n\n{BARE}\n\n"
                 + WRONG.replace(" of adults", "\nof adults") + "\n")
    code, out, _ = run(capsys, "check", "--baseline", "factlint-baseline.json", "docs")
    assert code == 0 and "No findings" in out
    # a new finding, and a second copy of a known one, are reported
    a.write_text(a.read_text() + f"\n{WRONG}\n\nAbout 35% of adults in the US have type 2 diabetes.\n")
    assert [c[2] for c in codes(capsys, "--baseline", "factlint-baseline.json", "docs")] == ["FL101", "FL101"]
    # the baseline's paths are relative to it: it works from another folder
    os.chdir(repo / "docs")
    assert len(codes(capsys, "--registry", "../claims", "--baseline", "../factlint-baseline.json", "a.md")) == 2


def test_a_broken_baseline_is_one_line_and_exit_2(repo, capsys):
    (repo / "a.md").write_text(BARE + "\n")
    (repo / "b.json").write_text('{\n  "version": 1,\n  "findings": [,]\n}\n')
    code, _, err = run(capsys, "check", "--baseline", "b.json", "a.md")
    assert code == 2 and "b.json:3: invalid JSON" in err and err.count("\n") == 1


# ---- cache ---------------------------------------------------------------------------------------------------
def test_cache_serves_unchanged_files_with_identical_output(repo, capsys, monkeypatch):
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(repo / ".factlint_cache"))
    (repo / "a.md").write_text(f"{WRONG}\n\n<!-- factlint: disable-next-line FL101 -->\nNothing.\n")
    (repo / "b.txt").write_text(f"{BARE}\n")
    outputs = {fmt: run(capsys, "check", "--format", fmt, ".")[1] for fmt in ("text", "json", "sarif")}
    assert (repo / ".factlint_cache" / ".gitignore").read_text().strip().endswith("*")

    import factlint.api

    def no_linting(*args, **kwargs):
        raise AssertionError("an unchanged file was linted again")

    monkeypatch.setattr(factlint.api.Linter, "lint_files", no_linting)
    for fmt, first in outputs.items():
        assert run(capsys, "check", "--format", fmt, ".")[1] == first
    # a copy of a file under another name hits too (entries are keyed by content, not path)
    shutil.copy(repo / "b.txt", repo / "c.txt")
    assert [c[0] for c in codes(capsys, ".")] == ["a.md", "a.md", "b.txt", "c.txt"]
    # a changed file is linted again
    (repo / "b.txt").write_text(f"{WRONG}\n")
    code, _, err = run(capsys, "check", ".")
    assert code == 2 and "an unchanged file was linted again" in err


def test_a_run_served_from_the_cache_does_not_parse_the_registry(repo, capsys, monkeypatch):
    """Pre-commit's common case: nothing changed, so the registry's bytes (its digest) are enough."""
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(repo / ".factlint_cache"))
    (repo / "a.md").write_text(f"{WRONG}\n")
    first = run(capsys, "check", "--format", "json", "a.md")[1]
    import factlint.registry.load

    def no_parsing(*args, **kwargs):
        raise AssertionError("the registry was parsed")

    monkeypatch.setattr(factlint.registry.load, "load_registry", no_parsing)
    assert run(capsys, "check", "--format", "json", "a.md")[1] == first
    (repo / "b.md").write_text(f"{BARE}\n")  # a file not in the cache needs the registry (a new process)
    import factlint.project

    monkeypatch.setattr(factlint.project, "_BUILT", {})
    code, _, err = run(capsys, "check", "a.md", "b.md")
    assert code == 2 and "the registry was parsed" in err


def test_registry_change_and_no_cache_and_clean(repo, capsys, monkeypatch):
    cache = repo / ".factlint_cache"
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(cache))
    (repo / "a.md").write_text(f"{WRONG}\n")
    assert codes(capsys, "a.md") == [("a.md", 1, "FL101")]
    reg = repo / "claims" / "registry.yaml"
    reg.write_text(reg.read_text().replace("value: 11.6", "value: 25"))
    assert codes(capsys, "a.md") == []  # an edited registry is a new cache
    shutil.rmtree(cache)
    assert codes(capsys, "--no-cache", "a.md") == []
    assert not cache.exists()
    run(capsys, "check", "a.md")
    assert cache.is_dir()
    code, _, err = run(capsys, "clean")
    assert code == 0 and not cache.exists() and "Removed" in err


def test_a_damaged_cache_is_ignored(repo, capsys, monkeypatch):
    cache = repo / ".factlint_cache"
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(cache))
    (repo / "a.md").write_text(f"{WRONG}\n")
    first = codes(capsys, "a.md")
    for f in cache.glob("results-*.json"):
        f.write_text('{"format": 1, "entries": {')
    assert codes(capsys, "a.md") == first


# ---- output options -------------------------------------------------------------------------------------------
def test_statistics_and_output_file(repo, capsys):
    (repo / "a.md").write_text(f"{WRONG}\n\n{BARE}\n\n{BARE.replace('40%', '45%')}\n")
    code, out, _ = run(capsys, "check", "--statistics", "a.md")
    assert out.splitlines() == ["2\tFL102\tunsupported-number", "1\tFL101\tcontradicted-number"] and code == 1
    code, out, _ = run(capsys, "check", "--format", "json", "-o", "report.json", "a.md")
    assert out == "" and code == 1
    assert len(json.loads((repo / "report.json").read_text())["findings"]) == 3


def test_progress_bar_only_on_a_terminal_after_a_second(monkeypatch):
    import io

    from factlint import progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    stream = Tty()
    bar = progress.ProgressBar(stream)
    bar.start(10)
    bar.advance(3)
    assert stream.getvalue() == ""  # under a second: nothing drawn
    clock[0] += 1.5
    bar.advance(2)
    assert "5/10 files" in stream.getvalue() and "#" * 15 in stream.getvalue()
    bar.finish()
    assert stream.getvalue().endswith("\r\x1b[K")
    monkeypatch.setattr(progress.sys, "stderr", io.StringIO())
    assert not isinstance(progress.ProgressBar.for_stderr(), progress.ProgressBar)


@pytest.mark.parametrize("jobs", [1, 2])
def test_check_keeps_of_each_draft_only_what_its_report_reads(repo, capsys, monkeypatch, jobs):
    """A large run holds every file's result until it reports: `check` asks for the lines of each finding
    only for a report that quotes them (text, SARIF) or a cache that stores them, and otherwise for the
    findings alone; the API keeps the document and its facts."""
    from factlint.engine import Linter
    from factlint.project import Project
    from factlint.settings import Options

    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(repo / ".cache"))
    for i in range(3):
        (repo / f"d{i}.md").write_text(f"# Draft {i}\n\n{WRONG}\n\n{VAGUE}\n", encoding="utf-8")
    kept = {}
    for keep, cache in (("findings", False), ("lines", False), ("findings", True), ("document", False)):
        result = Project(Options(registry=(str(REG),), cache=cache, jobs=jobs, keep=keep)).check(["."])
        assert len(result.files) == 3 and all(len(f.diagnostics) == 2 for f in result.files)
        kept[keep, cache] = result.files
    assert all(f.document is None and f.facts is None and not f.lines for f in kept["findings", False])
    for files in (kept["lines", False], kept["findings", True]):  # a cache stores the lines it serves
        assert all(f.document is None and sorted(f.lines) == [3, 5] for f in files)
        assert all(f.lines[3] == WRONG for f in files)
    whole = kept["document", False]
    assert all((f.document is not None) == (jobs == 1) and bool(f.lines) == (jobs != 1) for f in whole)
    # what the command asks for: nothing of the drafts for JSON, the lines for text and SARIF or a cache

    asked = []
    lint_files = Linter.lint_files

    def spy(self, files, jobs=1, progress=None, keep="document"):
        asked.append(keep)
        return lint_files(self, files, jobs, progress, keep)

    monkeypatch.setattr(Linter, "lint_files", spy)
    for fmt, cache in (("json", False), ("json-lines", False), ("text", False), ("sarif", False), ("json", True)):
        (repo / "d0.md").write_text(f"# Draft {fmt} {cache}\n\n{WRONG}\n", encoding="utf-8")  # not in the cache
        run(capsys, "check", "--registry", REG, "--format", fmt, "--jobs", jobs, "d0.md",
            *(() if cache else ("--no-cache",)))
    assert asked == ["findings", "findings", "lines", "lines", "lines"]
