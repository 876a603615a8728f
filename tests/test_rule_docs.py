"""docs/rules.md is generated from the rule modules (`factlint rules --format markdown`) and kept current."""
from __future__ import annotations

import pathlib

from click.testing import CliRunner

from factlint.cli import cli
from factlint.rules import RULES

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_docs_rules_md_is_current():
    out = CliRunner().invoke(cli, ["rules", "--format", "markdown"])
    assert out.exit_code == 0
    assert DOCS.read_text(encoding="utf-8") == out.output, \
        "docs/rules.md is stale: run `factlint rules --format markdown > docs/rules.md`"


def test_every_rule_is_documented_with_its_examples():
    text = DOCS.read_text(encoding="utf-8")
    for r in RULES:
        assert f"## {r.code} {r.name}" in text and r.flags in text and r.accepts in text


def test_explain_and_rules_come_from_the_same_values():
    runner = CliRunner()
    for r in RULES:
        out = runner.invoke(cli, ["explain", r.code.lower()]).output
        assert out.startswith(f"{r.code} {r.name} (default severity: {r.severity.value})")
        assert r.why in out and r.fix in out
    table = runner.invoke(cli, ["rules"]).output.splitlines()
    assert [line.split()[0] for line in table] == [r.code for r in RULES]


def test_every_rule_has_words_for_editors():
    """The page, the CSV and the docs call a finding by its label, never by its code alone."""
    text = DOCS.read_text(encoding="utf-8")
    labels = [r.label for r in RULES]
    assert all(label and label == label.lower() and "FL" not in label and len(label) <= 45 for label in labels)
    assert len(set(labels)) == len(labels)
    for r in RULES:
        assert f'Editors see it as "{r.label}"' in text
