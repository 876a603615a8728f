"""FL202, FL203 and FL301 on sentences of our own, with a registry from cardiology (tests/fixtures/statins)."""
import pytest

from conftest import FIXTURES, lint


@pytest.fixture(scope="module")
def statins():
    from factlint.api import Linter

    return Linter.from_registry_paths([FIXTURES / "statins" / "registry.yaml"])


@pytest.mark.parametrize("text, expected", [
    ("Crestor (atorvastatin) lowers LDL cholesterol.", [("FL202", "rosuvastatin")]),
    ("Many people take atorvastatin (Crestor) at night.", [("FL202", "rosuvastatin")]),
    ("Zocor, also known as rosuvastatin, is taken once a day.", [("FL202", "simvastatin")]),
    ("Lipitor (atorvastatin) lowers LDL cholesterol.", []),
    ("Rosuvastatin, sold as Crestor, is taken once a day.", []),
    # what the brand is, said in a statement
    ("Crestor is also an atorvastatin-based medicine.", [("FL202", "rosuvastatin")]),
    ("Zocor is the brand name for rosuvastatin.", [("FL202", "simvastatin")]),
    ("Crestor contains atorvastatin.", [("FL202", "rosuvastatin")]),
    ("Crestor is a long-acting chewable form of atorvastatin.", [("FL202", "rosuvastatin")]),
    ("Lipitor is a newer version of atorvastatin.", []),
    ("Crestor is a form of treatment that, like atorvastatin, lowers LDL.", []),
    ("Lipitor is an atorvastatin tablet.", []),
    ("Crestor is a better choice than atorvastatin for some people.", []),
    # two drugs given together, not a pair
    ("Patients on Crestor/atorvastatin did well.", []),
    # two lists paired in order around a bracket
    ("atorvastatin + rosuvastatin (Lipitor/Crestor) lower LDL.", []),
    ("atorvastatin + rosuvastatin (Crestor/Lipitor) lower LDL.", [("FL202", "rosuvastatin"), ("FL202", "atorvastatin")]),
])
def test_brand_generic_pairs(statins, text, expected):
    assert [(c, r) for c, r, _ in lint(statins, text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Generic: Atorvastatin. Brand Names: Lipitor, Crestor, Zocor. Dose: once daily.",
     [("FL202", "rosuvastatin"), ("FL202", "simvastatin")]),
    ("Generic: rosuvastatin. Brand Name: Crestor. Dose: once daily.", []),
    ("Brand Name: Zocor. Generic: atorvastatin.", [("FL202", "simvastatin")]),
    # a list that is not the label's
    ("Generic: atorvastatin. Brand Names: Lipitor. Other statins: Crestor, Zocor.", []),
])
def test_a_drug_pages_labels_pair_a_generic_with_its_brands(statins, text, expected):
    """"Generic: X. Brand Names: A, B": each brand of the labelled list is named the generic's."""
    assert [(c, r) for c, r, _ in lint(statins, text)] == expected


def test_brand_table_row(statins):
    text = "| Brand | Generic |\n|---|---|\n| Lipitor | atorvastatin |\n| Repatha | rosuvastatin |\n"
    found = statins.lint_text(text, "t.md").diagnostics
    assert [(d.code, d.registry_id, d.line) for d in found] == [("FL202", "evolocumab", 4)]


@pytest.mark.parametrize("text, expected", [
    ("Evolocumab is a statin given by injection.", [("FL203", "evolocumab")]),
    ("PCSK9 inhibitors such as evolocumab and atorvastatin lower LDL.", [("FL203", "atorvastatin")]),
    ("Statins such as atorvastatin, rosuvastatin and simvastatin lower LDL.", []),  # a correct class list
    ("Atorvastatin and rosuvastatin are statins.", []),
    ("Evolocumab, a PCSK9 inhibitor, is injected every two weeks.", []),
])
def test_classes(statins, text, expected):
    assert [(c, r) for c, r, _ in lint(statins, text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Atorvastatin is a standard option for pregnant women with high cholesterol.", [("FL203", "atorvastatin")]),
    ("Atorvastatin is not recommended for pregnant women.", []),  # a negated recommendation
    ("Atorvastatin has shown little benefit and is avoided during pregnancy.", []),
    ("Atorvastatin is a standard option for high cholesterol.", []),
    # a past belief the sentence reports, not a recommendation it makes
    ("Atorvastatin was once thought to help pregnant women with high cholesterol.", []),
    # one finding for the statement, at the drug the sentence names, not at every mention around it
    ("Many women take atorvastatin. Atorvastatin is a standard option for pregnant women with high cholesterol. "
     "Atorvastatin is cheap.", [("FL203", "atorvastatin")]),
])
def test_not_for(statins, text, expected):
    assert [(c, r) for c, r, _ in lint(statins, text)] == expected


def test_class_word_in_the_paragraph_covers_the_drug(statins):
    text = ("Statins are often used for high cholesterol during pregnancy. Atorvastatin and rosuvastatin "
            "are common choices.\n")
    assert [(c, r) for c, r, _ in lint(statins, text, "p.txt")] == [("FL203", "atorvastatin")]


@pytest.mark.parametrize("text, expected", [
    ("The JUPITER trial tested atorvastatin against placebo.", [("FL301", "jupiter")]),
    ("In the JUPITER trial, evolocumab cut heart attacks.", [("FL301", "jupiter")]),
    ("In the FOURIER trial, rosuvastatin was part of background statin therapy.", []),  # named in the comparator
    ("The JUPITER trial tested rosuvastatin against placebo.", []),  # a correct attribution
    ("FOURIER compared evolocumab with placebo in people already on a statin.", []),
    ("JUPITER enrolled people with normal LDL, while atorvastatin was studied in other trials.", []),
    ("Rosuvastatin (JUPITER) and evolocumab (FOURIER) both lowered cardiovascular events.", []),
])
def test_trials(statins, text, expected):
    assert [(c, r) for c, r, _ in lint(statins, text)] == expected


def test_messages_name_the_right_drug(statins):
    (d,) = statins.lint_text("The JUPITER trial tested atorvastatin against placebo.", "d.md").diagnostics
    assert d.message.startswith("JUPITER compared rosuvastatin with placebo, not atorvastatin")
    assert "Ridker" in d.message and d.column == 26


def test_registry_classes_are_recognised_in_any_field(tmp_path):
    from factlint.api import Linter

    reg = tmp_path / "reg.yaml"
    reg.write_text(
        "sources:\n  - id: s\n    citation: Test label 2024\n"
        "drugs:\n"
        "  - id: semaglutide\n    name: semaglutide\n    brands: [Ozempic]\n    class: GLP-1 receptor agonist\n"
        "    source: s\n"
        "  - id: metoprolol\n    name: metoprolol\n    brands: [Lopressor]\n    class: beta blocker\n    source: s\n")
    linter = Linter.from_registry_paths([reg])
    assert [(c, r) for c, r, _ in lint(linter, "Metoprolol is a GLP-1 receptor agonist.")] == [("FL203", "metoprolol")]
    assert lint(linter, "Beta blockers such as metoprolol slow the heart.") == []
    assert [(c, r) for c, r, _ in lint(linter, "Beta blockers like semaglutide slow the heart.")] == [
        ("FL203", "semaglutide")]


def test_a_class_with_a_gloss_names_two_classes_and_actions_have_opposites(tmp_path):
    """"triptan (serotonin 5-HT1B/1D receptor agonist)" names the class twice: each name is a class of the
    registry (another drug called a triptan is wrong), and either fits its drug. An agonist of a target is
    not an antagonist of it ("a GLP-1 antagonist"), whatever else the class is called."""
    from factlint.api import Linter

    reg = tmp_path / "reg.yaml"
    reg.write_text(
        "sources:\n  - id: s\n    citation: Test label 2024\n"
        "drugs:\n"
        "  - id: sumatriptan\n    name: sumatriptan\n    brands: [Imitrex]\n"
        "    class: triptan (serotonin 5-HT1B/1D receptor agonist)\n    source: s\n"
        "  - id: atogepant\n    name: atogepant\n    brands: [Qulipta]\n"
        "    class: CGRP receptor antagonist (gepant)\n    source: s\n", encoding="utf-8")
    linter = Linter.from_registry_paths([reg])
    codes = lambda text: [(c, r) for c, r, _ in lint(linter, text)]  # noqa: E731
    assert codes("Atogepant is a triptan.") == [("FL203", "atogepant")]
    assert codes("Triptans such as sumatriptan ease the pain.") == []
    assert codes("Gepants such as atogepant prevent attacks.") == []
    assert codes("Atogepant is a CGRP receptor agonist.") == [("FL203", "atogepant")]
    assert codes("Atogepant is a CGRP antagonist.") == []  # the same action on the same target


TWO_WORD_GENERIC = """
sources:
  - id: s
    citation: "Test source 2024"
drugs:
  - id: trastuzumab
    name: trastuzumab
    brands: [Herceptin]
    source: s
  - id: trastuzumab-emtansine
    name: trastuzumab emtansine
    brands: [Kadcyla]
    source: s
"""


@pytest.mark.parametrize("text, expected", [
    # "trastuzumab" inside "trastuzumab emtansine" is not a mention of trastuzumab.
    ("Kadcyla (trastuzumab emtansine) is given every three weeks.", []),
    ("Herceptin (trastuzumab) is given every three weeks.", []),
    ("Kadcyla (trastuzumab) is given every three weeks.", [("FL202", "trastuzumab-emtansine")]),
])
def test_generic_of_two_words(tmp_path, text, expected):
    from factlint.api import Linter

    path = tmp_path / "reg.yaml"
    path.write_text(TWO_WORD_GENERIC)
    linter = Linter.from_registry_paths([path])
    assert [(c, r) for c, r, _ in lint(linter, text)] == expected


COMBINATION_REGISTRY = """\
sources:
  - {id: label, citation: "A product label", url: "https://example.org/label"}
drugs:
  - {id: zelcor-tivarol, name: zelcor-tivarol, brands: [Zeltiva], class: antimalarial, source: label}
  - {id: zelcor, name: zelcor, brands: [Zelmax], class: antimalarial, source: label}
  - {id: tivarol, name: tivarol, class: antimalarial, source: label}
  - {id: dorvilast, name: dorvilast, class: antimalarial, source: label}
"""


@pytest.mark.parametrize("text, expected", [
    ("Zeltiva (zelcor/tivarol) prevents malaria.", []),
    ("Zeltiva (zelcor and tivarol) prevents malaria.", []),
    ("Zeltiva (zelcor) prevents malaria.", [("FL202", "zelcor-tivarol")]),
    ("Zeltiva (zelcor/dorvilast) prevents malaria.", [("FL202", "zelcor-tivarol")]),
])
def test_a_combinations_brand_with_its_parts_written_is_a_correct_pair(tmp_path, text, expected):
    """"Malarone (atovaquone/proguanil)": the brand's combination written as its parts is its own name."""
    from factlint.api import Linter

    path = tmp_path / "r.yaml"
    path.write_text(COMBINATION_REGISTRY, encoding="utf-8")
    linter = Linter.from_registry_paths([path])
    assert [(c, r) for c, r, _ in lint(linter, text)] == expected
