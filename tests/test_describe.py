"""One description of a registry entry (factlint.registry.describe), shown the same way in the editor's
hover, the web view's panel and the registry browser."""
from __future__ import annotations

import pytest
from conftest import FIXTURES

from factlint.registry import load_registry
from factlint.registry.describe import describe, short_citation, value_text


@pytest.fixture(scope="module")
def statins():
    return load_registry([str(FIXTURES / "statins" / "registry.yaml")])


@pytest.fixture(scope="module")
def diabetes():
    return load_registry([str(FIXTURES / "diabetes" / "registry.yaml")])


def test_claim(diabetes):
    d = describe(diabetes, diabetes.claims["t2d-prevalence-us"])
    assert (d.kind, d.title, d.value) == ("claim", "About 11.6% of people in the US have diabetes, most of it type 2.",
                                          "11.6 percent")
    assert d.summary == d.title
    assert dict(d.details)["Value"] == "11.6 percent (± 1)" and dict(d.details)["As of"] == "2024"
    old = describe(diabetes, diabetes.claims["steady-remission-metformin-2020"])
    assert dict(old.details)["Superseded by"].startswith("steady-remission-metformin: In STEADY-1 (final analysis)")


def test_drug_and_trial(statins):
    drug = describe(statins, statins.drugs["atorvastatin"])
    assert drug.summary == "atorvastatin; brands: Lipitor; class: statin"
    assert ("Not for", "Atorvastatin should not be used during pregnancy.") in drug.details
    assert drug.names == ("Lipitor",) and drug.value is None and drug.source
    trial = describe(statins, statins.trials["jupiter"])
    assert trial.summary == ("JUPITER tested rosuvastatin against placebo "
                             "(primary prevention with normal LDL and raised CRP)")
    assert dict(trial.details) == {"Drug": "rosuvastatin", "Comparator": "placebo",
                                   "Setting": "primary prevention with normal LDL and raised CRP"}


def test_value_text_and_short_citation():
    assert value_text(3, 5, "percent") == "3-5 percent" and value_text(6.8, 6.8, "years") == "6.8 years"
    assert value_text(70, float("inf"), "percent") == "70-∞ percent"
    assert short_citation("Ridker PM, Danielson E, Fonseca FA, et al. Rosuvastatin to prevent vascular events. "
                          "N Engl J Med 2008;359:2195-207") == "Ridker et al. 2008"
    assert short_citation(None) is None


def test_hover_and_registry_browser_say_what_describe_says(statins):
    from factlint.lsp import entry_markdown
    from factlint.web.app import registry_entries

    d = describe(statins, statins.trials["fourier"])
    hover = entry_markdown(statins, "fourier")
    assert hover.startswith("**Registry trial** FOURIER (`fourier`)")
    for label, text in d.details:
        assert f"{label}: {text}" in hover.replace("\\", "")
    row = next(e for e in registry_entries(statins) if e["id"] == "fourier")
    assert row["title"] == d.title and row["source"] == d.source
    assert row["details"] == "; ".join(f"{label.lower()}: {text}" for label, text in d.details)


def test_report_panel_says_what_describe_says(statins):
    from factlint.project import Project
    from factlint.settings import Options

    path = str(FIXTURES / "statins" / "registry.yaml")
    text = "My cardiologist prescribed Lipitor after the JUPITER results were explained to me.\n"
    result = Project(Options(cache=False, annotate=True, registry=(path,))).check_source("visit.md", text)
    shown = {a.registry_id: a for f in result.files for a in f.annotations}
    for kind, entry in (("drug", statins.drugs["atorvastatin"]), ("trial", statins.trials["jupiter"])):
        d = describe(statins, entry)
        a = shown[d.id]
        assert (a.kind, a.statement, a.source, a.source_url) == (kind, d.summary, d.source, d.source_url)
