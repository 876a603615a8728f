"""The registry bundled with factlint: valid, and it judges the seed articles as editors expect."""
import functools
import json

import pytest

from conftest import ROOT, SHARED
from factlint.cli import main


def test_bundled_registry_is_valid(capsys):
    assert main(["registry", "check", str(ROOT / "claims")]) == 0
    out = capsys.readouterr().out
    claims = int(out.split("ok: ")[1].split(" claims")[0])
    assert claims >= 40


@pytest.mark.skipif(not (SHARED / "seeds").exists(), reason="../shared/seeds is not beside the project")
def test_seeds_with_bundled_registry(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)  # default registry: ./claims
    main(["check", "--format", "json", "--fail-on", "never", str(SHARED / "seeds")])
    found = json.loads(capsys.readouterr().out)["findings"]
    by = {(f["path"].rsplit("/", 1)[1][:3], f["line"], f["claim"]["text"]): f for f in found if f["claim"]}
    # Consistent figures pass: 3-5% prevalence, 6.8-year median survival.
    assert not any(k[2] in ("3-5%", "3% to 5% percent", "6.8 years") for k in by)
    # The invented 2.8-year comparator, the "2 to 5 years" median survival, the outdated 2 to 7%.
    assert by[("000", 150, "2.8 years")]["code"] == "FL102"
    assert by[("000", 109, "5 years")]["code"] == "FL101"
    f = by[("001", 117, "2 to 7%")]
    assert f["code"] == "FL101" and f["column"] == 75 and f["end_column"] == 82
    # Drug and trial facts: the ALTA-1L misattribution and immunotherapy presented for ALK+ disease,
    # and nothing on the five correct brand (generic) pairs of 001.
    codes = {(f["path"].rsplit("/", 1)[1][:3], f["line"], f["code"]) for f in found}
    assert ("000", 93, "FL301") in codes
    assert {("000", 28, "FL203"), ("000", 63, "FL203")} <= codes
    assert not any(p == "001" and line in (57, 58, 59, 60, 61) for p, line, _ in codes)


def json_findings(capsys, draft, *args) -> list[dict]:
    """The `--format json` findings of `factlint check` on one draft (no cache, any exit code)."""
    main(["check", "--format", "json", "--no-cache", "--fail-on", "never", *args, str(draft)])
    return json.loads(capsys.readouterr().out)["findings"]


@functools.lru_cache(maxsize=None)
def field_linter(field: str | None = None):
    """A linter over one bundled field, or over all of them (None: what `check` uses with no registry
    named); built once for the whole test run."""
    from factlint.api import Linter
    from factlint.registry import bundled_fields

    fields = bundled_fields()
    return Linter.from_registry_paths([str(p) for name, p in fields.items() if field in (None, name)])


def findings_of(field: str | None, text: str, name: str) -> list[tuple]:
    return [(d.line, d.code, d.registry_id) for d in field_linter(field).lint_text(text, name).diagnostics]


# ---- the bundled registries by field ------------------------------------------------------------------

DRAFT_ALK = ("# ALK-positive lung cancer\n\nIn ALK-positive NSCLC, median overall survival with today's ALK "
             "inhibitors is about 3 years.\n")


def test_each_bundled_field_is_a_valid_registry_with_a_description(capsys):
    from factlint.registry import bundled_fields, field_summary

    fields = bundled_fields()
    assert "alk-nsclc" in fields
    assert main(["registry", "list"]) == 0
    out = capsys.readouterr().out
    for name, folder in fields.items():
        assert main(["registry", "check", f"@{name}"]) == 0, name
        assert f"@{name}: " in out and len(field_summary(folder)) > 40  # says what it covers
        capsys.readouterr()


def test_at_field_selects_a_bundled_registry_on_the_command_line_and_in_configuration(tmp_path, capsys):
    (tmp_path / "draft.md").write_text(DRAFT_ALK, encoding="utf-8")

    def findings(*args):
        return json_findings(capsys, tmp_path / "draft.md", *args)

    default = findings()
    assert [f["code"] for f in default] == ["FL101"]
    assert findings("--registry", "@alk-nsclc") == default
    (tmp_path / "pyproject.toml").write_text('[tool.factlint]\nregistry = ["@alk-nsclc"]\n', encoding="utf-8")
    assert findings() == default
    # An unknown field: one line naming the bundled ones, exit 2 (command line and configuration).
    assert main(["check", "--registry", "@no-such-field", str(tmp_path / "draft.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "@no-such-field" in err and "@alk-nsclc" in err
    (tmp_path / "pyproject.toml").write_text('[tool.factlint]\nregistry = ["@nope"]\n', encoding="utf-8")
    assert main(["check", str(tmp_path / "draft.md")]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml" in err and "@nope" in err and err.count("\n") == 1


def test_audit_items_of_the_alk_registry(tmp_path, capsys):
    """Brigatinib's two dosing steps (a wrong 120 mg is flagged, a reduction to 120 mg is not) and the
    subcutaneous brands (a brand paired with another antibody is flagged)."""
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Brigatinib and immunotherapy\n\n"
        "Brigatinib is taken at 90 mg once daily for the first 7 days, then 180 mg once daily.\n\n"
        "The recommended dose of brigatinib is 120 mg once daily.\n\n"
        "If side effects occur, the brigatinib dose may be reduced to 120 mg once daily.\n\n"
        "Keytruda Qlex (pembrolizumab) is given under the skin; Tecentriq Hybreza (nivolumab) is another.\n",
        encoding="utf-8")
    found = [(f["line"], f["code"], f["claim"]["text"] if f["claim"] else f["registry_id"])
             for f in json_findings(capsys, draft, "--registry", "@alk-nsclc")]
    assert (5, "FL101", "120 mg") in found
    assert not [f for f in found if f[0] in (3, 7)], found  # both steps agree; a reduction is no claim
    assert [f for f in found if f[0] == 9] == [(9, "FL202", "atezolizumab")], found


# ---- every field: sourced, reviewed, loads beside the others, and lints a real article of its own --------

NEW_FIELDS = ("egfr-nsclc", "diabetes-obesity", "her2", "lipids")  # issue 15's four fields beside ALK


def _all_fields():
    from factlint.registry import bundled_fields
    from factlint.registry.load import read_registry

    fields = bundled_fields()
    registry, problems = read_registry([str(p) for p in fields.values()])
    return fields, registry, problems


def test_the_bundled_fields_load_together_and_hold_300_claims():
    fields, registry, problems = _all_fields()
    assert set(NEW_FIELDS) <= set(fields), sorted(fields)
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert len(registry.claims) >= 300


def test_every_bundled_entry_names_a_citable_source_and_a_review_date():
    """A source a reader can look up (a DOI, a PMID or a URL) and the date a person last checked the entry."""
    import re

    _, registry, _ = _all_fields()
    citable = re.compile(r"\b10\.\d{4,9}/\S+|\bPMID:?\s*\d+|https?://", re.I)
    for kind in ("claims", "drugs", "trials"):
        for entry in getattr(registry, kind).values():
            assert entry.reviewed, f"{kind[:-1]} {entry.id} at {entry.origin} has no reviewed date"
            source = registry.sources[entry.source]
            assert source.url or citable.search(source.citation), f"source {source.id} at {source.origin}"


@pytest.mark.parametrize("field", NEW_FIELDS)
def test_each_new_field_has_a_real_article_that_lints_as_expected(field):
    """tests/fields/<field>/: a paraphrased real page with gold, scored against `--registry @<field>`
    (the bar of tests/test_articles.py)."""
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "articles"))
    from score import BUNDLED_ARTICLES, precision, recall, score_field

    folder = BUNDLED_ARTICLES / field
    assert list(folder.glob("*.gold.jsonl")), f"no article with gold in {folder}"
    s = score_field(folder)
    shown = "\n".join(s["misses"])
    assert s["tp"] + s["fn"] >= 3, "an article with at least three expected findings"
    assert precision(s) >= 0.9 and recall(s) >= 0.85, shown
    assert s["clean_flagged"] <= 0.05 * s["clean"], shown


def test_fields_loaded_together_judge_each_fields_articles_as_the_field_alone():
    """With no registry named, every field is used: another field's claims must not judge (or silence) a
    number of this field's articles (an 'US adults' subject in the cholesterol field once judged obesity
    figures)."""
    for name in NEW_FIELDS:
        for article in sorted((ROOT / "tests" / "fields" / name).glob("[0-9]*.md")):
            text = article.read_text(encoding="utf-8")
            assert findings_of(None, text, str(article)) == findings_of(name, text, str(article)), article.name


def test_two_fields_named_in_configuration(tmp_path, capsys):
    """registry = ["@egfr-nsclc", "@lipids"]: both fields judge the draft, and nothing of the others."""
    (tmp_path / "pyproject.toml").write_text('[tool.factlint]\nregistry = ["@egfr-nsclc", "@lipids"]\n',
                                            encoding="utf-8")
    draft = tmp_path / "d.md"
    draft.write_text("# Notes\n\nOsimertinib (Tagrisso) is taken at 80 mg once daily.\n\n"
                     "Atorvastatin (Crestor) lowers LDL cholesterol.\n\n"
                     "Alectinib (Xalkori) is an ALK inhibitor.\n", encoding="utf-8")
    found = [(f["line"], f["code"], f["registry_id"]) for f in json_findings(capsys, draft)]
    assert found == [(5, "FL202", "rosuvastatin")]  # Crestor is rosuvastatin; Xalkori is the ALK field's, which is not named


def test_alina_interim_hazard_ratio_is_outdated(tmp_path, capsys):
    """ALINA's 2023 interim DFS hazard ratio (0.24) is superseded by the 2025 update (a 65% reduction); the
    4-year rates of the update are judged."""
    draft = tmp_path / "alina.md"
    draft.write_text(
        "# Adjuvant alectinib\n\n"
        "In the ALINA trial, adjuvant alectinib lowered the risk of recurrence or death (hazard ratio 0.24).\n\n"
        "In the ALINA trial, adjuvant alectinib lowered the risk of recurrence or death (hazard ratio 0.35).\n\n"
        "In ALINA, after four years, 75.5% of patients on alectinib were alive and disease-free.\n\n"
        "In ALINA, after four years, 60% of patients on alectinib were alive and disease-free.\n", encoding="utf-8")
    found = [(f["line"], f["code"], f["registry_id"]) for f in json_findings(capsys, draft, "--registry", "@alk-nsclc")]
    assert found == [(3, "FL103", "alina-dfs-hr"), (9, "FL101", "alina-dfs-4yr-alectinib")]


@pytest.mark.skipif(not (SHARED / "eval" / "dev" / "articles").exists(), reason="../shared/eval is not beside the project")
@pytest.mark.parametrize("field", ["her2", "lipids"])
def test_fields_loaded_together_judge_the_dev_articles_as_the_field_alone(field):
    """The same check on the evaluation's real articles in two of the fields (read, not scored here)."""
    for article in sorted((SHARED / "eval" / "dev" / "articles" / field).glob("*.md")):
        text = article.read_text(encoding="utf-8")
        assert findings_of(None, text, str(article)) == findings_of(field, text, str(article)), article.name


def test_compared_with_pairs_a_number_with_the_other_arm(tmp_path, capsys):
    """"... to 56.5 months, compared with 40.8 months without it": the second number is the control arm's
    (as after "vs."), never the pertuzumab arm's; a wrong first number is still judged."""
    draft = tmp_path / "cleopatra.md"
    draft.write_text(
        "# Pertuzumab\n\n"
        "In the CLEOPATRA trial, adding pertuzumab to trastuzumab and docetaxel extended median overall survival "
        "to 56.5 months, compared with 40.8 months without it.\n\n"
        "In the CLEOPATRA trial, adding pertuzumab to trastuzumab and docetaxel extended median overall survival "
        "to 46.5 months, compared with 40.8 months without it.\n", encoding="utf-8")
    found = [(f["line"], f["code"], f["claim"]["text"]) for f in json_findings(capsys, draft, "--registry", "@her2")]
    assert found == [(5, "FL101", "46.5 months")]


PROBES = ROOT / "tests" / "fixtures" / "field-probes"


@pytest.mark.parametrize("probe", sorted(p.name for p in PROBES.glob("*.md") if p.name != "README.md"))
def test_true_drafts_draw_no_error_with_one_field_or_all(probe):
    """Drafts whose figures and drug facts are all true: no FL101/FL103/FL2xx/FL301 with every field loaded
    (the default), and with the draft's own field alone the same findings."""
    from factlint.registry import bundled_fields

    text = (PROBES / probe).read_text(encoding="utf-8")
    together = findings_of(None, text, probe)
    assert [f for f in together if f[1] not in ("FL102", "FL302")] == []
    field = probe[:-3]
    if field in bundled_fields():
        assert [f[:2] for f in together] == [f[:2] for f in findings_of(field, text, probe)]
