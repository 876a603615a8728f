"""Stored analyses (factlint.analyses) and the registry's vocabulary (factlint.vocabulary).

A document's analyses, kept by a lint, are judged again later without the pipeline: the result must be
exactly what linting it gives, and they must never be used for another text, another vocabulary or damaged
bytes. Drafts of our own over the fictional diabetes fixture registry.
"""
from __future__ import annotations

import pytest
import yaml

from conftest import FIXTURES
from factlint.engine import Linter
from factlint.readers import read_document
from factlint.registry import load_registry
from factlint.vocabulary import vocabulary, vocabulary_digest

REGISTRY = FIXTURES / "diabetes" / "registry.yaml"
DRAFTS = {
    "a.md": "# Type 2 diabetes in 2024\n\nNearly 19% of American adults have type 2 diabetes [1].\n\n"
            "| Group | Share |\n|---|---|\n| US adults | 31% |\n\n"
            "In STEADY 1, remission lasted a median of 9 months with metformin, against 6 months with a dummy pill.\n",
    "b.html": "<h2>Treatment</h2><p>Metformn lowers HbA1c by about 3 percentage points.</p>"
              "<p>Doctors say Glucophage is a sulfonylurea; the maximum is 4,000 mg per day.</p>",
    "c.txt": "Researchers claim that one in three Americans with T2D is undiagnosed.\n\n"
             "Walking for 20 minutes after supper is a habit worth keeping.\n",
    "empty.md": "",
}


def _registry_file(tmp_path, edit=None, name="registry.yaml"):
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    if edit:
        edit(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _claim(data, cid):
    return next(c for c in data["claims"] if c["id"] == cid)


def _docs():
    return [read_document(name, text.encode("utf-8")) for name, text in DRAFTS.items()]


def _same(a, b) -> None:
    assert a.diagnostics == b.diagnostics
    assert a.facts == b.facts
    assert a.claims_read == b.claims_read and a.directives == b.directives


def test_judging_stored_analyses_gives_what_linting_gives_without_the_pipeline(tmp_path):
    first = Linter(load_registry([REGISTRY]))
    linted = first.lint_documents(_docs(), keep_analyses=True)
    assert all(r.analyses for r in linted)
    assert sum(len(r.diagnostics) for r in linted) >= 6  # the drafts hold findings of several rules
    # A linter of the same registry that has never built its pipeline judges them.
    fresh = Linter(load_registry([REGISTRY]))
    for doc, result in zip(_docs(), linted):
        judged = fresh.judge_stored(doc, result.analyses)
        assert judged is not None, doc.path
        _same(judged, result)
        assert judged.analyses == result.analyses
    assert fresh._nlp is None


def test_a_changed_value_is_judged_from_analyses_stored_before_it(tmp_path):
    """The vocabulary is unchanged: the analyses are valid, and the findings are the new registry's."""
    def edit(data):
        _claim(data, "t2d-prevalence-us")["value"] = 19
        _claim(data, "steady-remission-metformin")["value"] = 9
        _claim(data, "metformin-max-dose")["source"] = "cdc-2024"

    new = _registry_file(tmp_path, edit)
    old = Linter(load_registry([REGISTRY]))
    stored = old.lint_documents(_docs(), keep_analyses=True)
    now = Linter(load_registry([new]))
    expected = now.lint_documents(_docs())
    assert [r.diagnostics for r in expected] != [r.diagnostics for r in stored]  # the change shows
    assert vocabulary_digest(now.registry) == vocabulary_digest(old.registry)
    for doc, before, after in zip(_docs(), stored, expected):
        judged = now.judge_stored(doc, before.analyses)
        assert judged is not None
        _same(judged, after)


@pytest.mark.parametrize("edit", [
    lambda d: d["drugs"][0]["brands"].append("Riomet"),
    lambda d: d["entities"][0]["aliases"].append("diabetes type 2"),
    lambda d: d["trials"][0]["aliases"].append("STEADY-ONE"),
    lambda d: d["metrics"][0]["cues"].append("A1C drop"),
    lambda d: _claim(d, "t2d-prevalence-us").setdefault("when", []).append("in 2024"),
    lambda d: _claim(d, "t2d-prevalence-us").update(metric="time-to-relapse"),
], ids=["brand", "entity alias", "trial alias", "metric cue", "claim phrase", "claim metric"])
def test_another_vocabulary_never_reuses_analyses(tmp_path, edit):
    new = _registry_file(tmp_path, edit)
    old = Linter(load_registry([REGISTRY]))
    now = Linter(load_registry([new]))
    assert vocabulary(now.registry) != vocabulary(old.registry)
    assert now.knowledge.vocabulary_digest != old.knowledge.vocabulary_digest
    for doc, result in zip(_docs(), old.lint_documents(_docs(), keep_analyses=True)):
        assert now.judge_stored(doc, result.analyses) is None


def test_values_sources_and_dates_leave_the_vocabulary_alone(tmp_path):
    def edit(data):
        for c in data["claims"]:
            c["value"] = 3 if not isinstance(c["value"], list) else [2, 4]
            c["source"] = "cdc-2024"
            c["as_of"] = 2025
            c["statement"] = "Changed."
        data["drugs"][0]["class"] = "sulfonylurea"

    assert vocabulary_digest(load_registry([_registry_file(tmp_path, edit)])) == \
        vocabulary_digest(load_registry([REGISTRY]))


def test_analyses_of_another_text_or_damaged_are_not_used():
    linter = Linter(load_registry([REGISTRY]))
    docs = _docs()
    results = linter.lint_documents(docs, keep_analyses=True)
    data = results[0].analyses
    edited = read_document("a.md", DRAFTS["a.md"].replace("19%", "18%").encode("utf-8"))
    assert linter.judge_stored(edited, data) is None
    added = read_document("a.md", (DRAFTS["a.md"] + "\nMore.\n").encode("utf-8"))
    assert linter.judge_stored(added, data) is None
    assert linter.judge_stored(docs[1], data) is None  # another document's
    older = data.replace(b"factlint-analyses 1", b"factlint-analyses 0")
    for damaged in (data[:-7], data[: data.index(b"\n") + 3], older):
        assert linter.judge_stored(docs[0], damaged) is None
    assert linter.judge_stored(docs[0], data) is not None
