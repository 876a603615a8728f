"""One line table (factlint.source.LineIndex) for the CLI, the reporters, the language server and the web
view: LF, CRLF and bare CR line endings give the same lines and columns everywhere. Drafts are our own."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from factlint.cli import cli
from factlint.source import LineIndex, code_units

REGISTRY = str(Path(__file__).parent / "fixtures" / "diabetes" / "registry.yaml")
# FL101 (the fixture registry says 14 months) and FL302, on the lines after a heading and a blank line.
DRAFTS = {
    "md": "# Diabetes care\n\nA first short line.\n\nIn STEADY-1, remission lasted a median of 20 months with "
          "metformin.\nStudies show that walking helps.\n",
    "txt": "Diabetes care\n\nA first short line.\n\nIn STEADY-1, remission lasted a median of 20 months with "
           "metformin.\nStudies show that walking helps.\n",
    "html": "<h1>Diabetes care</h1>\n<p>A first short line.</p>\n<p>In STEADY-1, remission lasted a median of "
            "20 months with metformin.\nStudies show that walking helps.</p>\n",
}
ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


def _cli_positions(tmp_path, ext: str, newline: str) -> list[tuple]:
    path = tmp_path / f"draft-{len(newline)}-{newline == chr(13)}.{ext}"
    path.write_bytes(DRAFTS[ext].replace("\n", newline).encode())
    out = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", "--fail-on", "never",
                                   "--registry", REGISTRY, str(path)])
    assert out.exit_code == 0, out.output
    return [(d["code"], d["line"], d["column"], d["end_line"], d["end_column"])
            for d in json.loads(out.output)["findings"]]


@pytest.mark.parametrize("ext", sorted(DRAFTS))
def test_cli_positions_do_not_depend_on_line_endings(tmp_path, ext):
    lf = _cli_positions(tmp_path, ext, "\n")
    assert [c for c, *_ in lf] == ["FL101", "FL302"]
    assert lf[1][1] == lf[0][1] + 1  # the next line, not the same one
    for name in ("crlf", "cr"):
        assert _cli_positions(tmp_path, ext, ENDINGS[name]) == lf, name


def _lint(text: str, path: str = "draft.md"):
    from factlint.project import Project
    from factlint.settings import Options

    return Project(Options(cache=False, annotate=True, registry=(REGISTRY,))).check_source(path, text)


@pytest.mark.parametrize("name", sorted(ENDINGS))
def test_language_server_and_cli_count_the_same_lines(name):
    from factlint.lsp import to_lsp_diagnostics

    text = DRAFTS["md"].replace("\n", ENDINGS[name])
    diagnostics = _lint(text).diagnostics
    flagged = to_lsp_diagnostics(text, diagnostics)
    assert [(f.lsp.range.start.line + 1, f.lsp.range.start.character + 1) for f in flagged] == \
        [(d.line, d.column) for d in diagnostics] == [(5, 43), (6, 1)]


@pytest.mark.parametrize("name", sorted(ENDINGS))
def test_web_view_counts_the_same_lines(name):
    from factlint.web.view import build_view

    text = DRAFTS["md"].replace("\n", ENDINGS[name])
    result = _lint(text)
    view = build_view(result)
    shown = sorted((item["line"], item["column"]) for item in view.data["marks"].values())
    assert (5, 43) in shown and (6, 1) in shown
    assert all(line <= 6 for line, _ in shown)


@pytest.mark.parametrize("name", sorted(ENDINGS))
def test_astral_character_before_a_finding_counts_two_utf16_units(name):
    from factlint.lsp import to_lsp_diagnostics

    # No final line break, and an emoji (one code point, two UTF-16 code units) before the number.
    text = "Notes\n\n\U0001FA7A In STEADY-1, remission lasted a median of 20 months with metformin.".replace(
        "\n", ENDINGS[name])
    d, = [d for d in _lint(text).diagnostics if d.code == "FL101"]
    assert (d.line, d.column) == (3, 45)  # code points, as the CLI reports them
    f, = [f for f in to_lsp_diagnostics(text, [d])]
    assert (f.lsp.range.start.line, f.lsp.range.start.character) == (2, 45)  # 0-based line, UTF-16 units
    assert (f.lsp.range.end.line, f.lsp.range.end.character) == (2, 54)
    f, = to_lsp_diagnostics(text, [d], "utf-32")
    assert f.lsp.range.start.character == 44


def test_empty_draft_and_draft_without_final_newline(tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "last.md").write_bytes(b"# Diabetes care\r\rIn STEADY-1, remission lasted a median of 20 months "
                                       b"with metformin.")
    out = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", "--fail-on", "never",
                                   "--registry", REGISTRY, str(tmp_path / "empty.md"), str(tmp_path / "last.md")])
    assert out.exit_code == 0, out.output
    found = [(d["code"], d["line"], d["column"]) for d in json.loads(out.output)["findings"]]
    assert found == [("FL101", 3, 43)]


def test_line_index_basics():
    text = "a\U0001F4DDb\r\nx\u00e9y\rz\nend"
    lines = LineIndex(text)
    assert len(lines) == 4
    assert [lines.line_text(n) for n in range(1, 5)] == ["a\U0001F4DDb", "x\u00e9y", "z", "end"]
    assert "".join(lines.lines()) == text
    assert lines.position(text.index("b")) == (1, 3)
    assert lines.position(text.index("\n")) == (1, 4)  # inside "\r\n": the end of the line
    assert lines.position(text.index("z")) == (3, 1)
    assert lines.lsp_position(text.index("b")) == (0, 3)  # the emoji is 2 UTF-16 code units
    assert lines.lsp_position(text.index("b"), "utf-8") == (0, 5)
    assert lines.lsp_position(text.index("b"), "utf-32") == (0, 2)
    assert lines.lsp_offset(0, 3) == text.index("b")
    assert lines.lsp_offset(1, 99) == text.index("\r", 5)  # past the end of a line: its end
    assert lines.newline() == "\r\n" and LineIndex("a\nb\r\n").newline() == "\n"
    assert code_units("a\U0001F4DD") == 3


@pytest.mark.parametrize("text, count, last", [("", 1, ""), ("no newline", 1, "no newline"),
                                               ("one\n", 2, ""), ("\r\r", 3, ""), ("a\fb\u2028c", 1, "a\fb\u2028c")])
def test_edges(text, count, last):
    lines = LineIndex(text)
    assert len(lines) == count and lines.line_text(count) == last
    assert lines.position(len(text))[0] == count


def test_a_verbatim_block_maps_spans_as_the_run_lookup_does():
    """A block copied verbatim from the source (one exact run) maps a span without looking its runs up; on
    random spans, in and out of the block, the span is the one the character lookup gives."""
    import random

    from factlint.source import SourceMap

    rng = random.Random(12)
    for _ in range(2000):
        length, at = rng.randint(1, 40), rng.randint(0, 100)
        m = SourceMap((0,), (at,), (at + length,), (True,), length)
        start = rng.randint(-5, length + 5)
        end = start + rng.randint(-3, 12)
        s0 = min(max(start, 0), length - 1)
        e0 = min(max(end, s0 + 1), length)
        want = (m.char_span(s0)[0], max(m.char_span(s0)[0], m.char_span(e0 - 1)[1]))
        assert m.to_source(start, end) == want, (length, at, start, end)


def test_positions_are_the_line_and_the_column_within_it():
    """`position` agrees with line_of and span on random texts with every kind of line break."""
    import random

    from factlint.source import LineIndex

    rng = random.Random(13)
    for _ in range(500):
        text = "".join(rng.choice(["a", "b", " ", "\n", "\r\n", "\r", "é"]) for _ in range(rng.randint(0, 30)))
        index = LineIndex(text)
        for offset in range(-2, len(text) + 3):
            line = index.line_of(offset)
            start, end = index.span(line)
            assert index.position(offset) == (line, min(max(offset, start), end) - start + 1), (text, offset)
