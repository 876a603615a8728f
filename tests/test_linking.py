"""Linking and judging, end to end on a registry from another field (tests/fixtures/diabetes).

Every sentence here is written for these tests; none comes from ../shared/eval.
"""
import pytest

from conftest import lint


@pytest.mark.parametrize("text", [
    "Roughly 12% of Americans have type 2 diabetes.",
    "About one in nine US adults has type 2 diabetes.",
    "Type 2 diabetes affects between 11 and 12 percent of American adults.",
    "Fewer than 15% of American adults have type 2 diabetes.",
])
def test_consistent_prevalence_is_quiet(diabetes_linter, text):
    assert lint(diabetes_linter, text) == []


@pytest.mark.parametrize("text, quoted", [
    ("Nearly 30% of Americans have type 2 diabetes.", "30%"),
    ("More than 20% of US adults have type 2 diabetes.", "20%"),
    ("Type 2 diabetes affects one in three American adults.", "one in three"),
])
def test_contradicted_prevalence(diabetes_linter, text, quoted):
    assert lint(diabetes_linter, text) == [("FL101", "t2d-prevalence-us", quoted)]


def test_each_number_binds_to_its_own_arm(diabetes_linter):
    right = ("In STEADY-1, remission lasted a median of 14 months with metformin, "
             "compared with 6 months with placebo.")
    assert lint(diabetes_linter, right) == []
    swapped = ("In STEADY-1, remission lasted a median of 6 months with metformin, "
               "compared with 14 months with placebo.")
    assert lint(diabetes_linter, swapped) == [
        ("FL101", "steady-remission-metformin", "6 months"),
        ("FL101", "steady-remission-placebo", "14 months"),
    ]


def test_unit_conversion(diabetes_linter):
    assert lint(diabetes_linter, "In STEADY-1, remission lasted a median of 1.2 years with metformin.") == []
    found = lint(diabetes_linter, "In STEADY-1, remission lasted a median of 14 weeks with metformin.")
    assert found == [("FL101", "steady-remission-metformin", "14 weeks")]


def test_superseded_figure_is_outdated_not_contradicted(diabetes_linter):
    found = lint(diabetes_linter, "In STEADY-1, remission lasted a median of 12 months with metformin.")
    assert found == [("FL103", "steady-remission-metformin-2020", "12 months")]


def test_when_phrase_is_required(diabetes_linter):
    # Without the trial named, the trial-arm claims do not apply: an uncited survival-like statistic.
    found = lint(diabetes_linter, "With metformin, remission lasted a median of 30 months.")
    assert found == [("FL102", None, "30 months")]


def test_trial_named_in_the_paragraph_counts(diabetes_linter):
    text = "STEADY-1 enrolled newly diagnosed adults. With metformin, remission lasted a median of 30 months."
    assert lint(diabetes_linter, text) == [("FL101", "steady-remission-metformin", "30 months")]


def test_percentage_point_claims_accept_percent(diabetes_linter):
    assert lint(diabetes_linter, "Metformin lowered A1C by 1.2% on average.") == []
    assert lint(diabetes_linter, "Metformin lowered A1C by 3%.") == [("FL101", "metformin-hba1c", "3%")]


def test_narrower_population_is_never_a_contradiction(diabetes_linter):
    found = lint(diabetes_linter, "Among adults younger than 30, 25% have type 2 diabetes.")
    assert found == [("FL102", None, "25%")]
    found = lint(diabetes_linter, "About 25% of American smokers have type 2 diabetes.")
    assert found == [("FL102", None, "25%")]
    # "..., 25% of whom": the share is of the people the clause before names
    found = lint(diabetes_linter, "Type 2 diabetes is common among American smokers, 25% of whom have it.")
    assert found == [("FL102", None, "25%")]
    found = lint(diabetes_linter, "Type 2 diabetes is common in American adults: 25% have it.")
    assert found == [("FL101", "t2d-prevalence-us", "25%")]


@pytest.mark.parametrize("text", [
    "It is not true that 40% of American adults have type 2 diabetes.",
    "If 40% of American adults had type 2 diabetes, clinics would be overwhelmed.",
])
def test_negated_or_hypothetical_is_not_judged(diabetes_linter, text):
    assert lint(diabetes_linter, text) == []


@pytest.mark.parametrize("citation", [
    " [4]", " [^2]", " (Miller et al., 2021)", " (doi:10.1000/xyz123)", " (PMID 12345678)",
    " ([CDC](https://www.cdc.gov/diabetes))",
])
def test_cited_statistic_is_not_unsupported(diabetes_linter, citation):
    text = f"About 40% of people with kidney disease report fatigue{citation}."
    assert lint(diabetes_linter, text) == []
    assert lint(diabetes_linter, "About 40% of people with kidney disease report fatigue.") == [
        ("FL102", None, "40%")]


@pytest.mark.parametrize("text, quoted", [
    ("A month of insulin can cost $900 without insurance.", "$900"),
    ("Adults usually start at 500 mg with the evening meal.", "500 mg"),
    ("About 96 million American adults have prediabetes.", "96 million"),
    ("Walking daily made people twice as likely to reach their goal.", "twice"),
])
def test_uncovered_statistics(diabetes_linter, text, quoted):
    assert lint(diabetes_linter, text) == [("FL102", None, quoted)]


@pytest.mark.parametrize("text", [
    "Metformin was approved in the United States in 1995.",
    "Call 1-800-555-0199 for help with your prescription.",
    "See section 5 of the label for stage 3 kidney disease.",
    "Take the tablet at 8:30 each morning for two weeks.",
    "The STEADY 2 trial is recruiting.",
    "Screening is advised for adults aged 35 to 70 who are overweight.",
])
def test_non_claims_are_quiet(diabetes_linter, text):
    assert lint(diabetes_linter, text) == []


def test_dose_claim_with_when(diabetes_linter):
    assert lint(diabetes_linter, "The maximum daily dose of metformin is 2,550 mg per day.") == []
    assert lint(diabetes_linter, "The maximum daily dose of metformin is 4,000 mg per day.") == [
        ("FL101", "metformin-max-dose", "4,000 mg per day")]


def test_heading_gives_context(diabetes_linter):
    text = "# Type 2 diabetes in the United States\n\nIts prevalence is now about 30% among adults.\n"
    assert lint(diabetes_linter, text) == [("FL101", "t2d-prevalence-us", "30%")]


def test_weak_cue_needs_the_entities_in_the_sentence(diabetes_linter):
    # "affects" only suggests a prevalence; with the condition named only in the heading, precision
    # comes first: the number stays unlinked (an uncited statistic), never a possible false contradiction.
    text = "# Type 2 diabetes in the United States\n\nIt now affects about 30% of adults.\n"
    assert lint(diabetes_linter, text) == [("FL102", None, "30%")]


def test_message_names_value_and_source(diabetes_linter):
    result = diabetes_linter.lint_text("Nearly 30% of Americans have type 2 diabetes.", "d.md")
    (d,) = result.diagnostics
    assert d.message.startswith('"30%" contradicts the registry: About 11.6% of people in the US')
    assert "National Diabetes Statistics Report" in (d.source or "")
    assert (d.line, d.column, d.end_column) == (1, 8, 11)


def linter_of(tmp_path, registry_text: str):
    """A linter over a registry written for one test."""
    from factlint.api import Linter

    path = tmp_path / "r.yaml"
    path.write_text(registry_text, encoding="utf-8")
    return Linter.from_registry_paths([path])


MODIFIED_REGISTRY = """\
sources:
  - {id: registry-x, citation: "A cancer registry report", url: "https://example.org/registry"}
entities:
  - {id: kidney-cancer, name: kidney cancer, aliases: [kidney cancer, renal cancer]}
  - {id: vhl, name: VHL mutation, aliases: [VHL-mutant, VHL mutation]}
claims:
  - id: kidney-5yr
    statement: About 78% of people with kidney cancer are alive 5 years after diagnosis.
    about: [kidney-cancer]
    metric: survival-rate
    value: 78
    unit: percent
    when: [5-year, five-year, 5 years, five years]
    source: registry-x
  - id: vhl-kidney-5yr
    statement: About 40% of people with VHL-mutant kidney cancer are alive 5 years after diagnosis.
    about: [vhl, kidney-cancer]
    metric: survival-rate
    value: 40
    unit: percent
    when: [5-year, five-year, 5 years, five years]
    source: registry-x
"""


def test_an_entity_written_before_the_subject_narrows_it(tmp_path):
    """"VHL-mutant kidney cancer" is a kind of kidney cancer: its figure is judged only against a claim that
    names the mutation, never against the claim for all kidney cancer."""
    linter = linter_of(tmp_path, MODIFIED_REGISTRY)
    assert lint(linter, "The five-year survival rate for kidney cancer is about 60%.") == [
        ("FL101", "kidney-5yr", "60%")]
    assert lint(linter, "The five-year survival rate for VHL-mutant kidney cancer is about 40%.") == []
    assert lint(linter, "The five-year survival rate for VHL-mutant kidney cancer is about 78%.") == [
        ("FL101", "vhl-kidney-5yr", "78%")]
    # Without a claim for the narrower population the figure is unsupported, not a contradiction.
    only_all = MODIFIED_REGISTRY.split("  - id: vhl-kidney-5yr")[0]
    linter = linter_of(tmp_path, only_all)
    assert lint(linter, "The five-year survival rate for VHL-mutant kidney cancer is about 40%.") == [
        ("FL102", None, "40%")]
    # Written apart, the mutation does not narrow this number's subject.
    assert lint(linter, "Kidney cancer has a five-year survival rate of 60%, and VHL mutation is rare.") == [
        ("FL101", "kidney-5yr", "60%")]


@pytest.mark.parametrize("other", ["Two earlier trials found", "In several other studies,", "A similar trial found",
                                   "Across 12 smaller studies,"])
def test_a_sentence_about_other_trials_is_not_the_named_trials(diabetes_linter, other):
    """STEADY-1 named in the paragraph does not make a number said of other trials its own."""
    text = f"STEADY-1 enrolled newly diagnosed adults. {other} remission lasted a median of 30 months with metformin."
    numbers = [f for f in lint(diabetes_linter, text) if f[2] is not None]  # "trials found" may be FL302 too
    assert numbers == [("FL102", None, "30 months")]
    # and the trial named in that sentence still is
    named = "STEADY-1 enrolled newly diagnosed adults. In STEADY-1 and two other trials, remission lasted a " \
            "median of 30 months with metformin."
    assert lint(diabetes_linter, named) == [("FL101", "steady-remission-metformin", "30 months")]


WEIGHT_REGISTRY = """\
sources:
  - {id: trial-x, citation: "A weight-loss trial report", url: "https://example.org/trial"}
entities:
  - {id: fooglutide-treatment, name: treatment with fooglutide, aliases: [fooglutide]}
metrics:
  - {id: weight-change, name: mean weight change, cues: [lowered weight, lost, weight loss]}
claims:
  - id: fooglutide-weight
    statement: With fooglutide, people lost 8.4 kg on average.
    about: [fooglutide-treatment]
    metric: weight-change
    value: 8.4
    unit: kg
    tolerance: 0.2
    source: trial-x
"""


def test_a_drug_amount_is_never_a_body_weight(tmp_path):
    """mg and kg are both masses, but a dose is never judged against a weight loss (and lb still is)."""
    linter = linter_of(tmp_path, WEIGHT_REGISTRY)
    assert [f for f in lint(linter, "Fooglutide 3.0 mg lowered weight by 8.4 kg.") if f[0] == "FL101"] == []
    assert lint(linter, "Fooglutide lowered weight by 6 kg.") == [("FL101", "fooglutide-weight", "6 kg")]
    assert lint(linter, "With fooglutide, people lost 18.5 lb on average.") == []  # 8.39 kg


@pytest.mark.parametrize("gloss", ["hazard ratio [HR] 0.51", "hazard ratio (HR) 0.51", "hazard ratio 0.51"])
def test_an_abbreviation_in_brackets_continues_its_clause(diabetes_linter, gloss):
    """"hazard ratio [HR] 0.51" names its metric as plainly as "hazard ratio 0.51": an uncited statistic;
    the confidence interval after it is not one."""
    text = f"Remission lasted longer with metformin ({gloss}; 95% CI, 0.40 to 0.64)."
    assert lint(diabetes_linter, text) == [("FL102", None, "0.51")]


def test_time_to_progression_is_a_survival_time(diabetes_linter):
    """An uncited median time to progression is a statistic (a built-in metric, not progression-free
    survival: no PFS claim is judged against it)."""
    text = "With metformin, the median time to progression rose to 10.1 months."
    assert lint(diabetes_linter, text) == [("FL102", None, "10.1 months")]


def test_a_phrase_inside_another_claims_longer_phrase_is_still_there(tmp_path):
    """`unless: [progression]` holds in "without disease progression" even when another claim's `when` is
    the longer phrase "disease progression" (phrases are conditions, not competing names)."""
    more = """\
  - id: kidney-pfs-5yr
    statement: About 50% of people with kidney cancer are alive without disease progression 5 years on.
    about: [kidney-cancer]
    metric: pfs-rate
    value: 50
    unit: percent
    when: [disease progression]
    source: registry-x
"""
    text = MODIFIED_REGISTRY.split("  - id: vhl-kidney-5yr")[0].replace(
        "    when: [5-year, five-year, 5 years, five years]\n",
        "    when: [5-year, five-year, 5 years, five years]\n    unless: [progression]\n", 1)
    linter = linter_of(tmp_path, text + more)
    found = lint(linter, "For kidney cancer, the five-year survival rate without disease progression is 20%.")
    assert not [f for f in found if f[1] == "kidney-5yr"], found
    assert lint(linter, "For kidney cancer, the five-year survival rate is 20%.") == [("FL101", "kidney-5yr", "20%")]



@pytest.mark.parametrize("text", [
    "About 40% of people with type 2 diabetes develop kidney disease.",
    "Nearly 30% of adults living with type 2 diabetes will need insulin within a decade.",
])
def test_a_share_of_people_with_the_subject_is_not_its_prevalence(diabetes_linter, text):
    """The subject named as who the share is of ("of people with type 2 diabetes") is not what it counts."""
    assert [f for f in lint(diabetes_linter, text) if f[0] == "FL101"] == []


def test_the_prevalence_of_the_subject_is_still_judged(diabetes_linter):
    assert lint(diabetes_linter, "About 25% of US adults have type 2 diabetes.") == [
        ("FL101", "t2d-prevalence-us", "25%")]


POPULATION_REGISTRY = """\
sources:
  - {id: src-a, citation: "A migraine epidemiology report", url: "https://example.org/a"}
entities:
  - {id: migraine, name: migraine, aliases: [migraine, migraines]}
  - {id: women, name: women, aliases: [women]}
claims:
  - id: migraine-prevalence-women
    statement: About 18% of women have migraine.
    about: [migraine, women]
    metric: prevalence
    value: 18
    unit: percent
    when: [women]
    source: src-a
"""


@pytest.mark.parametrize("text", [
    "Migraine affects about 12% of adults, and women are about three times as likely as men to have it.",
    "Roughly 18% of women have migraine, compared with about 6% of men.",
])
def test_a_population_of_another_clause_or_word_is_not_the_numbers(tmp_path, text):
    """"women" written only in a later clause is not the 12%'s population; "men" is not "women" (whole
    words), so the 6% of men is never judged against the women's figure."""
    linter = linter_of(tmp_path, POPULATION_REGISTRY)
    assert [f for f in lint(linter, text) if f[0] == "FL101"] == []
    # written in the number's own clause, or before it, the population still decides
    assert lint(linter, "Among women, about 30% have migraine.") == [("FL101", "migraine-prevalence-women", "30%")]
    assert lint(linter, "In women, migraine is common: about 30% have it.") == [
        ("FL101", "migraine-prevalence-women", "30%")]


@pytest.mark.parametrize("text", [
    "About 11% of Americans have type 2 diabetes, up from about 5% in 1990.",
    "The share of American adults with type 2 diabetes rose from 5% to about 12%.",
])
def test_a_value_something_changed_from_is_not_todays(diabetes_linter, text):
    """"up from 5% in 1990", "rose from 5% to 12%": the earlier value is not judged against today's claim."""
    assert [f for f in lint(diabetes_linter, text) if f[0] == "FL101"] == []


def test_todays_value_is_still_judged_beside_an_earlier_one(diabetes_linter):
    assert lint(diabetes_linter, "About 30% of Americans have type 2 diabetes, up from 5% in 1990.")[:1] == [
        ("FL101", "t2d-prevalence-us", "30%")]


DOSE_REGISTRY = """\
sources:
  - {id: label-x, citation: "A label", url: "https://example.org/label"}
entities:
  - {id: fooglutide-treatment, name: treatment with fooglutide, aliases: [fooglutide]}
claims:
  - id: fooglutide-dose
    statement: Fooglutide is taken at 2 mg once a week.
    about: [fooglutide-treatment]
    metric: dose
    value: 2
    unit: mg
    source: label-x
"""


def test_a_titration_step_is_not_the_dose(tmp_path):
    """"0.5 mg a week for the first four weeks" is a step on the way to the dose; a claim that names no step
    does not judge it (a wrong dose still is)."""
    linter = linter_of(tmp_path, DOSE_REGISTRY)
    found = lint(linter, "Fooglutide is taken at 0.5 mg a week for the first four weeks, then 2 mg a week.")
    assert [f for f in found if f[0] == "FL101"] == []
    assert lint(linter, "Fooglutide is taken at 5 mg once a week.") == [("FL101", "fooglutide-dose", "5 mg")]


PRIOR_REGISTRY = """\
sources:
  - {id: trial-report, citation: "A trial report", url: "https://example.org/trial"}
entities:
  - {id: gout, name: gout, aliases: [gout]}
  - {id: drug-a-arm, name: treatment with zelvirant, aliases: [zelvirant]}
  - {id: allo-arm, name: allopurinol arm, aliases: [allopurinol]}
drugs:
  - {id: zelvirant, name: zelvirant, class: xanthine oxidase inhibitor, source: trial-report}
trials:
  - {id: crest-2, name: CREST-2, drug: zelvirant, source: trial-report}
claims:
  - id: crest2-response-zelvirant
    statement: In CREST-2, 61% of patients given zelvirant reached the urate target.
    about: [drug-a-arm]
    metric: orr
    value: 61
    unit: percent
    when: [CREST-2]
    source: trial-report
  - id: crest2-response-allopurinol
    statement: In CREST-2, 30% of patients given allopurinol reached the urate target.
    about: [allo-arm]
    metric: orr
    value: 30
    unit: percent
    when: [CREST-2]
    source: trial-report
"""


@pytest.mark.parametrize("history", ["allopurinol-refractory patients", "allopurinol-naive patients",
                                     "patients with an inadequate response to allopurinol",
                                     "patients previously treated with allopurinol"])
def test_a_treatment_named_as_the_patients_history_is_not_their_arm(tmp_path, history):
    """"61% of allopurinol-refractory patients who received zelvirant": allopurinol is what they had before,
    zelvirant their arm (words in lexicon/context.yaml)."""
    linter = linter_of(tmp_path, PRIOR_REGISTRY)
    right = f"In CREST-2, 61% of {history} who received zelvirant responded, compared with 30% given allopurinol."
    assert lint(linter, right) == []
    wrong = f"In CREST-2, 45% of {history} who received zelvirant responded, compared with 30% given allopurinol."
    assert lint(linter, wrong) == [("FL101", "crest2-response-zelvirant", "45%")]
    # The arm's own result stays the arm's: "responded to allopurinol" is no history.
    assert lint(linter, "In CREST-2, 45% responded to allopurinol.") == [
        ("FL101", "crest2-response-allopurinol", "45%")]


TABLE_REGISTRY = """\
sources:
  - {id: label-x, citation: "A label", url: "https://example.org/label"}
entities:
  - {id: velo-treatment, name: treatment with velomab, aliases: [velomab, Velora]}
  - {id: dara-treatment, name: treatment with daranex, aliases: [daranex, Darex]}
drugs:
  - {id: velomab, name: velomab, brands: [Velora], class: antibody, source: label-x}
  - {id: daranex, name: daranex, brands: [Darex], class: antibody, source: label-x}
  - {id: solimab, name: solimab, brands: [Solix], class: antibody, source: label-x}
claims:
  - id: velo-relief-2h
    statement: 30% of patients had relief 2 hours after velomab.
    about: [velo-treatment]
    metric: orr
    value: 30
    unit: percent
    source: label-x
"""


def test_a_table_row_speaks_of_its_own_drug(tmp_path):
    """A row of a comparison table is about the drug it names: not about another row's drug, nor about the
    drug the article is about when it names a different one."""
    linter = linter_of(tmp_path, TABLE_REGISTRY)
    table = ("# Velora (velomab) compared\n\n| Drug | Response rate |\n|---|---|\n| Velomab | 55% |\n"
             "| Solimab | 70% |\n| Daranex | 64% |\n")
    found = lint(linter, table)
    assert ("FL101", "velo-relief-2h", "55%") in found  # the article's drug, in its own row
    assert not any(f[0] == "FL101" and f[2] in ("70%", "64%") for f in found), found
    # Nor does a row borrow its arm from the row above ("Usual care" is no velomab arm).
    rows = "| Group | Response rate |\n|---|---|\n| Velomab | 55% |\n| Usual care | 20% |\n"
    assert ("FL101", "velo-relief-2h", "20%") not in lint(linter, rows)
    # Under a heading about velomab, a sentence that names another drug is about that drug.
    assert lint(linter, "# Velora\n\nSolimab gave a response rate of 70%.\n") == [("FL102", None, "70%")]
    assert lint(linter, "# Velora\n\nIt gave a response rate of 70%.\n") == [("FL101", "velo-relief-2h", "70%")]


COUNT_REGISTRY = """\
sources:
  - {id: survey-x, citation: "A national survey", url: "https://example.org/survey"}
entities:
  - {id: gout, name: gout, aliases: [gout]}
claims:
  - id: us-gout-count
    statement: About 9.2 million US adults have gout.
    about: [gout]
    metric: prevalence
    value: 9200000
    unit: count
    tolerance: 200000
    when: [US, United States, Americans]
    source: survey-x
"""


def test_a_prevalence_may_be_a_number_of_people_but_not_a_rate(tmp_path):
    """A registry may give a prevalence as a count ("9.2 million US adults have gout"); a rate per 100,000
    people is not such a count, and is a statistic of its own."""
    linter = linter_of(tmp_path, COUNT_REGISTRY)
    assert lint(linter, "About 9.2 million Americans have gout.") == []
    assert lint(linter, "About 4 million Americans have gout.") == [("FL101", "us-gout-count", "4 million")]
    assert lint(linter, "In the US, gout affects 3,900 people per 100,000 adults.") == [("FL102", None, "3,900")]


GUIDE_REGISTRY = """\
sources:
  - {id: label-z, citation: "A label", url: "https://example.org/label"}
drugs:
  - {id: zolmira, name: zolmira, brands: [Zolmix], class: triptan, source: label-z}
"""


def test_a_dosing_guide_without_a_drug_in_its_rows_is_instructions(tmp_path):
    """"| Maximum daily | 200 mg |" under a drug's heading is a step of a dosing guide, not a statistic; a dose
    stated of a named drug still is one."""
    linter = linter_of(tmp_path, GUIDE_REGISTRY)
    guide = "# Zolmix\n\n## Tablets (50 mg)\n\n| Starting dose | 25 mg |\n|---|---|\n| Maximum daily | 200 mg |\n"
    assert lint(linter, guide) == []
    assert lint(linter, "- Zolmira is taken at 25 mg.\n") == [("FL102", None, "25 mg")]
    assert lint(linter, "Zolmira is usually taken at 25 mg.\n") == [("FL102", None, "25 mg")]


PERIOD_REGISTRY = """\
sources:
  - {id: vital-x, citation: "A vital statistics report", url: "https://example.org/vital"}
entities:
  - {id: gout-death, name: deaths from gout, aliases: [die from gout, died of gout]}
metrics:
  - {id: deaths, name: deaths, cues: [die, died, deaths]}
claims:
  - id: gout-deaths
    statement: About 9,000 people in the US die from gout each year.
    about: [gout-death]
    metric: deaths
    value: 9000
    unit: count
    tolerance: 500
    source: vital-x
"""


def test_a_count_per_day_is_not_a_yearly_count(tmp_path):
    """"Each day, 25 Americans die from gout" is not the yearly count; a count whose claim or metric names
    the period is still judged."""
    linter = linter_of(tmp_path, PERIOD_REGISTRY)
    assert lint(linter, "Each day, 25 Americans die from gout.") == [("FL102", None, "25")]
    assert lint(linter, "About 25 Americans die from gout every day.") == [("FL102", None, "25")]
    assert lint(linter, "About 5,000 Americans die from gout.") == [("FL101", "gout-deaths", "5,000")]
    assert lint(linter, "Each day 25 people see a doctor, and 5,000 Americans die from gout.") == [
        ("FL102", None, "25"), ("FL101", "gout-deaths", "5,000")]


def test_a_clause_naming_another_arm_of_a_combination_claim(tmp_path):
    """Under a heading about the combination, "200 men received standard care alone" is the standard-care arm's
    number, not the combination arm's (whose claim also names standard care)."""
    registry = """\
sources:
  - {id: trial-y, citation: "A trial report", url: "https://example.org/y"}
entities:
  - {id: combo-arm, name: zelvirant plus standard care, aliases: [zelvirant, Zelvix]}
  - {id: standard-arm, name: standard care, aliases: [standard care, standard care alone]}
metrics:
  - {id: enrolment, name: enrolment, cues: [enrolled, were assigned]}
claims:
  - id: combo-enrolment
    statement: 400 men received zelvirant plus standard care.
    about: [combo-arm, standard-arm]
    metric: enrolment
    value: 400
    unit: count
    source: trial-y
  - id: standard-enrolment
    statement: 200 men received standard care alone.
    about: [standard-arm]
    metric: enrolment
    value: 200
    unit: count
    when: [zelvirant, Zelvix, TRIAL-Y]
    source: trial-y
"""
    linter = linter_of(tmp_path, registry)
    found = lint(linter, "# Zelvix\n\n- 200 men were enrolled to standard care alone\n")
    assert not any(f[0] == "FL101" for f in found), found


ZELVIRANT_DOSES = """\
sources:
  - {id: label-q, citation: "A label", url: "https://example.org/q"}
entities:
  - {id: zel-arm, name: treatment with zelvirant, aliases: [zelvirant]}
  - {id: pred-arm, name: prednisone, aliases: [prednisone]}
drugs:
  - {id: zelvirant, name: zelvirant, class: urate lowerer, source: label-q}
  - {id: prednisone, name: prednisone, class: corticosteroid, source: label-q}
claims:
  - id: zel-dose
    statement: Zelvirant is taken at 300 mg a day.
    about: [zel-arm]
    metric: dose
    value: 300
    unit: mg
    source: label-q
  - id: pred-dose
    statement: Prednisone is taken at 5 mg a day with zelvirant.
    about: [pred-arm]
    metric: dose
    value: 5
    unit: mg
    source: label-q
"""


def test_a_bracket_opening_on_a_number_after_a_drug_gives_its_dose(tmp_path):
    """"zelvirant (300 mg plus 5 mg prednisone daily)": the bracket says zelvirant's dose; the 5 mg is
    prednisone's."""
    linter = linter_of(tmp_path, ZELVIRANT_DOSES)
    assert lint(linter, "Patients took zelvirant (300 mg plus 5 mg prednisone daily).") == []
    assert lint(linter, "Patients took zelvirant (600 mg plus 5 mg prednisone daily).") == [
        ("FL101", "zel-dose", "600 mg")]


def test_a_drug_that_labels_its_list_item_with_a_colon_gives_its_dose(tmp_path):
    """"- Zelvirant: 300 mg a day": a name that opens its item or sentence, then a colon and a number, is a
    label and its value; a colon that ends a clause ("... than with prednisone: 600 mg ...") is not."""
    linter = linter_of(tmp_path, ZELVIRANT_DOSES)
    assert lint(linter, "# Doses\n\n- Zelvirant: 300 mg once a day\n- Prednisone: 5 mg once a day\n") == []
    assert lint(linter, "# Doses\n\n- Zelvirant: 600 mg once a day\n") == [("FL101", "zel-dose", "600 mg")]
    # A colon that ends a clause keeps the name out of the number's clause: not judged as its dose.
    assert [f[0] for f in lint(linter, "# Doses\n\nFewer people stopped than with prednisone: 600 mg a day "
                                       "of the new pill.\n")] == ["FL102"]


def test_a_count_per_year_is_never_a_prevalence(tmp_path):
    """"40,000 people a year are diagnosed with it" counts new cases over time; a prevalence counts the people
    who have the condition at one time, so the yearly count is never its contradiction (other counts are
    yearly)."""
    registry = """\
sources:
  - {id: survey-k, citation: "A national survey", url: "https://example.org/k"}
entities:
  - {id: kelm, name: Kelm disease, aliases: [Kelm disease]}
metrics:
  - {id: deaths, name: deaths from a disease, cues: [die of, kills]}
claims:
  - id: kelm-deaths
    statement: About 12,000 people die of Kelm disease.
    about: [kelm]
    metric: deaths
    value: 12000
    unit: count
    source: survey-k
  - id: kelm-count
    statement: About 900,000 Americans have Kelm disease.
    about: [kelm]
    metric: prevalence
    value: 900000
    unit: count
    source: survey-k
"""
    linter = linter_of(tmp_path, registry)
    assert lint(linter, "Up to 40,000 people a year are diagnosed with Kelm disease.") == [
        ("FL102", None, "40,000")]
    assert lint(linter, "Each year, 40,000 people are diagnosed with Kelm disease.") == [("FL102", None, "40,000")]
    assert lint(linter, "About 400,000 Americans are living with Kelm disease.") == [
        ("FL101", "kelm-count", "400,000")]
    # Counts in a registry are yearly unless its `when` says otherwise: a yearly count is still judged as one.
    assert lint(linter, "Kelm disease kills 30,000 people a year.") == [("FL101", "kelm-deaths", "30,000")]


ZELVIRANT_RASH = """\
sources:
  - {id: label-r, citation: "A label", url: "https://example.org/r"}
entities:
  - {id: zel-arm, name: treatment with zelvirant, aliases: [zelvirant]}
  - {id: rash, name: rash, aliases: [rash]}
metrics:
  - {id: side-effect-rate, name: share of patients with a side effect, cues: [rates of]}
  - {id: enrolment, name: number of participants in a trial or a pair of trials, cues: [patients, involving]}
claims:
  - id: zel-rash-100
    statement: Rash occurred in 2% of patients given zelvirant 100 mg.
    about: [zel-arm, rash]
    metric: side-effect-rate
    value: 2
    unit: percent
    when: [100 mg]
    unless: [300 mg]
    source: label-r
  - id: zel-rash-300
    statement: Rash occurred in 11% of patients given zelvirant 300 mg.
    about: [zel-arm, rash]
    metric: side-effect-rate
    value: 11
    unit: percent
    when: [300 mg]
    unless: [100 mg]
    source: label-r
  - id: zel-enrolment
    statement: The two zelvirant trials enrolled 510 patients.
    about: [zel-arm]
    metric: enrolment
    value: 510
    unit: count
    when: [two trials, 2 trials]
    source: label-r
"""


def test_a_sentence_that_carries_on_the_last_figure_measures_what_it_measures(tmp_path):
    """"Rates of rash with zelvirant were 2% at 100 mg. That jumped to 15% at 300 mg.": the second sentence
    gives the same measure a new value (a comparing opener), so its number is judged as a rate of rash."""
    linter = linter_of(tmp_path, ZELVIRANT_RASH)
    first = "Rates of rash with zelvirant were 2% at 100 mg. "

    def shares(text):  # (the doses are uncited statistics of their own: no dose claim here)
        return [f for f in lint(linter, text) if f[2].endswith("%")]

    assert shares(first + "That jumped to 11% at 300 mg.\n") == []
    assert shares(first + "That jumped to 15% at 300 mg.\n") == [("FL101", "zel-rash-300", "15%")]
    # "It is put at" carries on the measure too (its pronoun is the last sentence's figure)
    put = "Rates of rash with zelvirant are put at 2% at 100 mg. "
    assert shares(put + "It is put at 11% at 300 mg.\n") == []
    assert shares(put + "It is put at 15% at 300 mg.\n") == [("FL101", "zel-rash-300", "15%")]


def test_a_count_of_trials_is_not_enrolment_even_if_the_metric_name_mentions_trials(tmp_path):
    """A metric's name is a description ("... in a trial or a pair of trials"), not its words: "Two trials"
    counts trials, never the enrolment of 510."""
    linter = linter_of(tmp_path, ZELVIRANT_RASH)
    assert lint(linter, "Two trials involving a total of 510 patients tested zelvirant.\n") == []
    assert lint(linter, "Two trials involving a total of 610 patients tested zelvirant.\n") == [
        ("FL101", "zel-enrolment", "610")]


def test_a_claim_whose_statement_names_the_population_in_another_number(tmp_path):
    """"1 in 7 men" is no narrower population than a claim stated of "1 man in 7"."""
    registry = """\
sources:
  - {id: acs-x, citation: "A cancer society report", url: "https://example.org/acs"}
entities:
  - {id: testicular, name: testicular cancer, aliases: [testicular cancer]}
claims:
  - id: testicular-lifetime-risk
    statement: About 1 man in 250 will get testicular cancer during his lifetime.
    about: [testicular]
    metric: lifetime-risk
    value: 0.4
    unit: percent
    tolerance: 0.05
    source: acs-x
metrics:
  - {id: lifetime-risk, name: lifetime risk, cues: [in their lifetime, during his lifetime, lifetime risk]}
"""
    linter = linter_of(tmp_path, registry)
    assert lint(linter, "About 1 in 250 men will get testicular cancer in their lifetime.") == []
    assert lint(linter, "About 1 in 50 men will get testicular cancer in their lifetime.") == [
        ("FL101", "testicular-lifetime-risk", "1 in 50")]
    # Women are still a population the claim does not name.
    assert lint(linter, "About 1 in 50 women will get testicular cancer in their lifetime.") == [
        ("FL102", None, "1 in 50")]


PAIR_REGISTRY = """\
sources:
  - {id: trial-report, citation: "A trial report", url: "https://example.org/trial"}
entities:
  - {id: zelv-treatment, name: treatment with zelvirant, aliases: [zelvirant]}
  - {id: allo-treatment, name: treatment with allopurinol, aliases: [allopurinol]}
  - {id: gout-flare, name: gout flare, aliases: [gout flares, flares]}
drugs:
  - {id: zelvirant, name: zelvirant, class: xanthine oxidase inhibitor, source: trial-report}
  - {id: allopurinol, name: allopurinol, class: xanthine oxidase inhibitor, source: trial-report}
metrics:
  - {id: risk-reduction, name: relative reduction in the risk of an event, cues: [relative risk reduction, fewer]}
claims:
  - id: zelv-flare-rrr
    statement: Zelvirant cut gout flares by 35% relative to allopurinol.
    about: [zelv-treatment, gout-flare]
    metric: risk-reduction
    value: 35
    unit: percent
    source: trial-report
  - id: allo-flare-rate
    statement: Allopurinol-treated patients had flares at 12% a year.
    about: [allo-treatment, gout-flare]
    metric: orr
    value: 12
    unit: percent
    source: trial-report
"""


def test_a_pair_of_arm_values_is_not_the_comparison_of_the_arms(tmp_path):
    """"a 35% relative risk reduction with A over B (7.8% vs 12.0%)": the pair gives each named arm's own
    rate, and only A has a claim of the metric (its reduction against B): neither number contradicts it."""
    linter = linter_of(tmp_path, PAIR_REGISTRY)
    text = ("Zelvirant beat allopurinol on gout flares, with a 35% relative risk reduction "
            "(7.8% vs 12.0%).")
    assert lint(linter, text) == []
    # The comparison itself is still judged, and a pair still agrees with the claim it equals.
    assert lint(linter, text.replace("35%", "52%")) == [("FL101", "zelv-flare-rrr", "52%")]
    assert lint(linter, "Zelvirant beat allopurinol, with a relative risk reduction of flares "
                        "(35% vs 20%).") == []


INTRO_REGISTRY = """\
sources:
  - {id: trial-report, citation: "A trial report", url: "https://example.org/trial"}
entities:
  - {id: zelv-treatment, name: treatment with zelvirant, aliases: [zelvirant]}
  - {id: gout-flare, name: gout flare, aliases: [gout flares, flares, flare]}
  - {id: kidney-stone, name: kidney stone, aliases: [kidney stones]}
drugs:
  - {id: zelvirant, name: zelvirant, class: xanthine oxidase inhibitor, source: trial-report}
trials:
  - {id: crest-2, name: CREST-2, drug: zelvirant, source: trial-report}
metrics:
  - {id: risk-reduction, name: relative reduction in the risk of an event, cues: [reduction in, fewer]}
  - {id: event-rate, name: share of patients with an event, cues: [of participants, of patients]}
claims:
  - id: crest2-flare-rrr
    statement: In CREST-2, zelvirant cut the risk of gout flares by 40%.
    about: [zelv-treatment, gout-flare]
    metric: risk-reduction
    value: 40
    unit: percent
    trial: crest-2
    source: trial-report
  - id: crest2-stone-rate
    statement: In CREST-2, 3% of patients given zelvirant had a kidney stone.
    about: [zelv-treatment, kidney-stone]
    metric: event-rate
    value: 3
    unit: percent
    trial: crest-2
    source: trial-report
"""


def test_a_list_item_reads_the_paragraph_that_introduces_its_list(tmp_path):
    """"The CREST-2 trial tested zelvirant. The results were as follows:" then "- A 25% reduction in gout
    flares": the item is about the trial its list's introduction names."""
    linter = linter_of(tmp_path, INTRO_REGISTRY)
    intro = "The CREST-2 trial tested zelvirant in adults with gout. The results were as follows:\n\n"
    assert lint(linter, intro + "- A 25% reduction in gout flares with zelvirant\n") == [
        ("FL101", "crest2-flare-rrr", "25%")]
    assert lint(linter, intro + "- A 40% reduction in gout flares with zelvirant\n") == []
    # A paragraph that does not end in a colon introduces nothing: the trial is not named for the item.
    assert lint(linter, intro.replace(" The results were as follows:", "") +
                "- A 25% reduction in gout flares with zelvirant\n") == [("FL102", None, "25%")]


def test_a_subject_from_the_paragraph_needs_something_else_of_the_claim(tmp_path):
    """With its subject only in the paragraph, a claim whose endpoint is written nowhere is not what a number
    speaks of: "63% of participants lost weight" under CREST-2 is not its rate of kidney stones."""
    linter = linter_of(tmp_path, INTRO_REGISTRY)
    intro = "In the CREST-2 trial, zelvirant was given to adults. The results showed:\n\n"
    assert lint(linter, intro + "- 63% of participants lost weight\n") == [
        ("FL102", None, "63%")]
    assert lint(linter, intro + "- 63% of participants had kidney stones\n") == [
        ("FL101", "crest2-stone-rate", "63%")]


ENROLLED_REGISTRY = """\
sources:
  - {id: trial-report, citation: "A trial report", url: "https://example.org/trial"}
entities:
  - {id: zelv-treatment, name: treatment with zelvirant, aliases: [zelvirant]}
  - {id: glow-study, name: GLOW trial, aliases: [GLOW]}
drugs:
  - {id: zelvirant, name: zelvirant, class: androgen receptor inhibitor, source: trial-report}
trials:
  - {id: glow, name: GLOW, drug: zelvirant, source: trial-report}
claims:
  - id: glow-enrolment
    statement: GLOW randomised 800 men with advanced disease.
    about: [glow-study]
    metric: enrolment
    value: 800
    unit: count
    trial: glow
    source: trial-report
  - id: glow-orr
    statement: In GLOW, 61% of patients given zelvirant responded.
    about: [zelv-treatment]
    metric: orr
    value: 61
    unit: percent
    trial: glow
    source: trial-report
  - id: glow-orr-older
    statement: In GLOW, 52% of patients aged 75 or older given zelvirant responded.
    about: [zelv-treatment]
    metric: orr
    value: 52
    unit: percent
    when: [aged 75, older]
    trial: glow
    source: trial-report
"""


def test_the_population_a_trial_enrolled_is_no_subgroup_of_it(tmp_path):
    """"GLOW randomised 800 men": men are everyone in GLOW, so "men given zelvirant" is not a narrower
    population than the trial's (a claim's statement says who was enrolled); a subgroup named in a claim's
    `when` ("aged 75 or older") stays a subgroup."""
    from factlint.linking import claims_by_metric

    linter = linter_of(tmp_path, ENROLLED_REGISTRY)
    index = claims_by_metric(linter.registry)
    assert {"men", "man"} <= index.populations["glow-orr"]
    assert "older" not in index.populations["glow-orr"]
    assert lint(linter, "In GLOW, 45% of men given zelvirant responded.") == [("FL101", "glow-orr", "45%")]
    assert lint(linter, "In GLOW, 61% of men given zelvirant responded.") == []
    # Women are no population of GLOW: still a narrower population, never a contradiction.
    assert lint(linter, "In GLOW, 45% of women given zelvirant responded.") == [("FL102", None, "45%")]


def test_a_list_place_of_an_arm_without_a_claim_is_not_the_next_arms(tmp_path):
    """"Zelvirant and usual care: 20% vs 12%": the first number is zelvirant's, which has no claim of the
    metric; it is never judged against usual care's claim (an arm without a drug, which used to take the
    first place of the list as the only arm with a claim)."""
    registry = PAIR_REGISTRY.replace(
        "  - {id: gout-flare,", "  - {id: usual-care, name: usual care, aliases: [usual care]}\n  - {id: gout-flare,"
    ).replace("about: [allo-treatment, gout-flare]", "about: [usual-care, gout-flare]")
    linter = linter_of(tmp_path, registry)
    text = "Response rates with zelvirant and with usual care for gout flares were 20% vs 12%."
    assert [f for f in lint(linter, text) if f[0] == "FL101"] == []
    # The metric's claims cover one of the two arms the list names: no number of it is contradicted (precision
    # first: the list may give another measure than the claims', as with a relative reduction).
    assert [f for f in lint(linter, text.replace("12%", "30%")) if f[0] == "FL101"] == []


@pytest.mark.parametrize("design", ["placebo-controlled", "placebo controlled"])
def test_a_study_design_names_no_population_or_arm(tmp_path, design):
    """"a placebo-controlled trial" describes the study: "placebo" there is neither the placebo group (a
    narrower population) nor the placebo arm."""
    linter = linter_of(tmp_path, ENROLLED_REGISTRY)
    text = f"In the {design} GLOW trial 45% of patients given zelvirant responded."
    assert lint(linter, text) == [("FL101", "glow-orr", "45%")]
    # The placebo group itself is still a population of its own.
    assert lint(linter, "In GLOW, 45% of patients given placebo responded.") == [("FL102", None, "45%")]


@pytest.mark.parametrize("opener", ["This compared with", "By comparison,", "In contrast,"])
def test_a_comparing_sentence_measures_what_the_sentence_before_measured(tmp_path, opener):
    """"20% of patients given zelvirant had a response. This compared with 30% of those given allopurinol.":
    the second sentence names no metric; it measures what the first one did, of its own arm."""
    linter = linter_of(tmp_path, PAIR_REGISTRY)
    first = "In gout, 20% of patients given zelvirant had a response. "
    assert lint(linter, first + f"{opener} 12% of patients given allopurinol.") == [("FL102", None, "20%")]
    assert lint(linter, first + f"{opener} 30% of patients given allopurinol.") == [
        ("FL102", None, "20%"), ("FL101", "allo-flare-rate", "30%")]
    # Without the comparing opener the sentence borrows nothing: an uncited share, not a contradiction.
    assert lint(linter, first + "Also 30% of patients given allopurinol.") == [
        ("FL102", None, "20%"), ("FL102", None, "30%")]


PRICE_REGISTRY = """\
sources:
  - {id: price-list, citation: "A price list", url: "https://example.org/prices"}
entities:
  - {id: zelv-treatment, name: treatment with zelvirant, aliases: [zelvirant, Zelvora]}
  - {id: dorn-treatment, name: treatment with dornavir, aliases: [dornavir, Dornix]}
drugs:
  - {id: zelvirant, name: zelvirant, brands: [Zelvora], class: antiviral, source: price-list}
  - {id: dornavir, name: dornavir, brands: [Dornix], class: antiviral, source: price-list}
claims:
  - id: zelvora-price
    statement: Zelvora is listed at $12,000 for a course.
    about: [zelv-treatment]
    metric: cost
    value: 12000
    unit: usd
    source: price-list
  - id: dornix-price
    statement: Dornix is listed at $84,000 for a course.
    about: [dorn-treatment]
    metric: cost
    value: 84000
    unit: usd
    source: price-list
"""


def test_a_misspelt_drug_name_still_names_its_arm(tmp_path):
    """"Zelvroa ... $12,000" beside Dornix: the misspelt brand (FL201) is still what the price is of, so the
    price is judged against Zelvora's claim, never Dornix's."""
    linter = linter_of(tmp_path, PRICE_REGISTRY)
    text = "The price of Zelvroa was set at $12,000, which is far below the $84,000 price of Dornix."
    found = lint(linter, text)
    assert [f[0] for f in found if f[0] == "FL201"] == ["FL201"], found
    assert [f for f in found if f[0] == "FL101"] == []
    wrong = lint(linter, text.replace("$12,000", "$20,000"))
    assert [f for f in wrong if f[0] == "FL101"] == [("FL101", "zelvora-price", "$20,000")]


def test_a_titration_step_of_a_registered_dose_is_no_uncited_statistic(tmp_path):
    """"Take 30 mg for the first 3 months": a step of the drug's dosing, which the registry gives without its
    steps; it is neither judged against the maintenance dose nor reported as an uncited statistic. A step
    of a drug the registry has no dose for is still one."""
    linter = linter_of(tmp_path, DOSE_REGISTRY)
    assert lint(linter, "Fooglutide is started at 0.5 mg a week for the first 4 weeks.") == []
    assert lint(linter, "Barglutide is started at 0.5 mg a week for the first 4 weeks.") == [
        ("FL102", None, "0.5 mg")]


def test_suffering_from_a_disease_is_its_prevalence(tmp_path):
    """"5.2 million Americans suffer from X" states how many have X, as "have" and "live with" do."""
    registry = """\
sources:
  - {id: src-a, citation: "A facts report", url: "https://example.org/a"}
entities:
  - {id: gout, name: gout, aliases: [gout]}
claims:
  - id: us-gout-count
    statement: About 9.2 million Americans have gout.
    about: [gout]
    metric: prevalence
    value: 9200000
    unit: count
    when: [Americans]
    source: src-a
"""
    linter = linter_of(tmp_path, registry)
    assert lint(linter, "As many as 5.2 million Americans suffer from gout.") == [
        ("FL101", "us-gout-count", "5.2 million")]
    assert lint(linter, "About 9 million Americans live with gout.") == []
    # "N people with X" counts those who have X
    assert lint(linter, "There are about 5 million Americans with gout.") == [("FL101", "us-gout-count", "5 million")]


RESTATING_REGISTRY = """\
sources:
  - {id: src-a, citation: "A facts report", url: "https://example.org/a"}
entities:
  - {id: gout, name: gout, aliases: [gout]}
  - {id: adults, name: adults, aliases: [adults]}
claims:
  - id: adult-gout-share
    statement: About 3.9% of US adults have gout.
    about: [adults, gout]
    metric: prevalence
    value: 3.9
    unit: percent
    tolerance: 0.2
    source: src-a
"""


def test_a_restating_sentence_speaks_of_what_the_sentence_before_names(tmp_path):
    """"9 million Americans have gout. That is 5.5 percent of adults.": the second sentence restates the
    first, so its share is of gout (named only there) and judged; a sentence that does not restate borrows
    nothing."""
    linter = linter_of(tmp_path, RESTATING_REGISTRY)
    first = "About 9 million Americans have gout. "
    assert [f for f in lint(linter, first + "That is 5.5 percent of adults.") if f[0] == "FL101"] == [
        ("FL101", "adult-gout-share", "5.5 percent")]
    assert [f for f in lint(linter, first + "That is 3.9 percent of adults.") if f[0] == "FL101"] == []
    assert [f for f in lint(linter, first + "Sadly 5.5 percent of adults smoke.") if f[0] == "FL101"] == []


def test_a_count_of_things_takes_no_clause_from_the_number_after_it(tmp_path):
    """"3 phase 2 trials in the NOVA program, which enrolled about 1,900 adults": the 3 counts trials (past
    a phase label), so the program it names is the sentence's, and the enrolment is judged against it."""
    registry = """\
sources:
  - {id: src-a, citation: "A programme report", url: "https://example.org/a"}
entities:
  - {id: nova-program, name: NOVA program, aliases: [NOVA program, NOVA]}
  - {id: gout, name: gout, aliases: [gout]}
metrics:
  - {id: enrolment, name: number of participants in a trial, cues: [enrolled]}
claims:
  - id: nova-enrolment
    statement: The NOVA trials enrolled 1,200 adults.
    about: [nova-program]
    metric: enrolment
    value: 1200
    unit: count
    source: src-a
"""
    linter = linter_of(tmp_path, registry)
    text = "Approval rests on 3 phase 2 trials in the NOVA program, which enrolled about 1,900 adults with gout."
    assert lint(linter, text) == [("FL101", "nova-enrolment", "1,900")]
    assert lint(linter, text.replace("1,900", "1,200")) == []


@pytest.mark.parametrize("text", [
    "Before allopurinol, 45% of patients given zelvirant responded in CREST-2.",
    "Quick answer: before allopurinol came, 45% of patients given zelvirant responded in CREST-2.",
    "In CREST-2, the historical 45% of patients given zelvirant responded.",
])
def test_a_number_set_in_the_past_is_an_earlier_value(tmp_path, text):
    """"Before X, ..." or "the historical 5%": an earlier value, never judged against today's claim (still an
    uncited statistic)."""
    linter = linter_of(tmp_path, PRIOR_REGISTRY)
    assert [f for f in lint(linter, text) if f[0] == "FL101"] == []
    assert lint(linter, "In CREST-2, 45% of patients given zelvirant responded.") == [
        ("FL101", "crest2-response-zelvirant", "45%")]


def test_this_is_restates_only_when_a_number_follows(tmp_path):
    """"This is a shift from ..." comments on the sentence before; it does not restate it in numbers."""
    linter = linter_of(tmp_path, RESTATING_REGISTRY)
    first = "About 9 million Americans have gout. "
    assert [f for f in lint(linter, first + "This is a shift from the 5.5 percent of adults of old.")
            if f[0] == "FL101"] == []


def test_a_comparison_after_the_numbers_clause_is_its_own(tmp_path):
    """"cut flares by 35% compared with allopurinol": the comparator ends the clause, yet it is the
    number's, so a claim whose `when` names it is judged (a population word there is no later clause's)."""
    linter = linter_of(tmp_path, PAIR_REGISTRY.replace(
        "    source: trial-report\n  - id: allo-flare-rate", "    when: [placebo]\n    source: trial-report\n"
        "  - id: allo-flare-rate", 1))
    assert lint(linter, "Zelvirant gave 52% fewer gout flares compared with placebo.") == [
        ("FL101", "zelv-flare-rrr", "52%")]



def test_the_trial_is_the_trial_named_last(tmp_path):
    """"... came from the NOVA trial." then "The trial enrolled 1,900 adults.": the paragraph names no trial,
    so "the trial" is NOVA, and the count is judged against its enrolment; a paragraph that names no trial
    and does not say "the trial" borrows nothing."""
    registry = """\
sources:
  - {id: src-a, citation: "A programme report", url: "https://example.org/a"}
entities:
  - {id: nova-study, name: NOVA trial, aliases: [NOVA]}
  - {id: gout, name: gout, aliases: [gout]}
metrics:
  - {id: enrolment, name: number of participants in a trial, cues: [enrolled, participants]}
drugs:
  - {id: zelvirant, name: zelvirant, class: xanthine oxidase inhibitor, source: src-a}
trials:
  - {id: nova, name: NOVA, drug: zelvirant, source: src-a}
claims:
  - id: nova-enrolment
    statement: The NOVA trial enrolled 1,200 adults.
    about: [nova-study]
    metric: enrolment
    value: 1200
    unit: count
    trial: nova
    source: src-a
"""
    linter = linter_of(tmp_path, registry)
    first = "The approval came from the NOVA trial in gout.\n\n"
    assert lint(linter, first + "The trial enrolled 1,900 adults.") == [("FL101", "nova-enrolment", "1,900")]
    assert lint(linter, first + "The trial enrolled 1,200 adults.") == []
    assert lint(linter, first + "Clinics enrolled 1,900 adults.") == [("FL102", None, "1,900")]
    # A number with a fraction is no count of participants ("mean days ranging from 7.5 to 7.9").
    assert [f for f in lint(linter, first + "The trial's participants had 7.5 to 7.9 flares a month.")
            if f[0] == "FL101"] == []



def test_a_share_that_answers_a_survey_is_no_prevalence(tmp_path):
    """"66% of adults did not know that gout ...": a survey's answer, never judged against gout's
    prevalence (still an uncited statistic); "6% of adults have gout" is one."""
    linter = linter_of(tmp_path, RESTATING_REGISTRY)
    assert lint(linter, "About 66% of adults did not know that gout can be treated.") == [("FL102", None, "66%")]
    assert lint(linter, "About 6% of adults have gout.") == [("FL101", "adult-gout-share", "6%")]


def test_a_threshold_in_brackets_after_a_number_defines_its_endpoint(tmp_path):
    """"a 35% relative risk reduction in flares (at least 50% more flare-free days)": the threshold defines
    what was counted, it is no value of the reduction."""
    linter = linter_of(tmp_path, PAIR_REGISTRY)
    text = "Zelvirant gave a 35% relative risk reduction in gout flares (at least 50% fewer flares) in a year."
    assert [f for f in lint(linter, text) if f[0] == "FL101"] == []
    assert lint(linter, "Zelvirant gave at least 50% fewer gout flares.") == [("FL101", "zelv-flare-rrr", "50%")]


def test_metric_words_that_hold_another_number_are_that_numbers(tmp_path):
    """"It is given for 14 days and works in as little as three days": "for 14 days" names the course's
    length of the 14, not of the three days."""
    registry = """\
sources:
  - {id: label-x, citation: "A label", url: "https://example.org/label"}
entities:
  - {id: zelv-treatment, name: treatment with zelvirant, aliases: [zelvirant]}
metrics:
  - {id: course-length, name: length of a treatment course, cues: [for 14 days, course]}
claims:
  - id: zelv-course
    statement: Zelvirant is taken for a 14-day course.
    about: [zelv-treatment]
    metric: course-length
    value: 14
    unit: days
    source: label-x
"""
    linter = linter_of(tmp_path, registry)
    text = "Zelvirant is given for 14 days and can work in as little as three days."
    assert [f for f in lint(linter, text) if f[0] == "FL101"] == []
    assert lint(linter, "The course of zelvirant lasts 10 days.") == [("FL101", "zelv-course", "10 days")]


def test_the_quick_rejections_of_candidates_leave_what_fit_claim_alone_gives():
    """`candidates` rejects a claim of another unit kind, or one whose trials are not those named near the
    number, before fit_claim's costlier tests. On every number of the project's own article sets
    (tests/articles, each with its registry), the candidates are exactly those fit_claim accepts among the
    claims considered, and the quick tests reject a share of them."""
    from pathlib import Path

    from factlint.api import Linter
    from factlint.linking import Candidate, candidates, considered, fit_claim

    sets = sorted(p for p in (Path(__file__).parent / "articles").iterdir() if (p / "claims.yaml").exists())
    assert len(sets) >= 5
    compared = rejected = 0
    for folder in sets:
        linter = Linter.from_registry_paths([folder / "claims.yaml"])
        k = linter.knowledge
        index = k.claim_index
        for result in linter.lint_paths([str(p) for p in sorted(folder.glob("*.md"))]).files:
            for nc in result.facts.numbers:
                want = []
                for c in considered(nc, index):
                    fit = fit_claim(nc, c, k.specs, index.subjects.get(c.metric, frozenset()),
                                    index.trials.get(c.id, frozenset()),
                                    index.arm_drugs.get(c.id, frozenset()),
                                    index.populations.get(c.id, frozenset()),
                                    index.objects.get(c.about[0], ()) if c.about else ())
                    if isinstance(fit, Candidate):
                        want.append(fit)
                    elif fit.startswith(("unit kind", "a bare number cannot", "the sentence names another",
                                         "the paragraph names another")):
                        rejected += 1
                want.sort(key=lambda cand: (cand.score, cand.entry.id), reverse=True)
                assert candidates(nc, k.registry, k.specs, index) == want
                compared += 1
    assert compared > 500 and rejected > 100


OTHER_TRIAL_REGISTRY = """\
sources:
  - {id: report, citation: "A trial report", url: "https://example.org/report"}
entities:
  - {id: tovramab-arm, name: treatment with tovramab, aliases: [tovramab]}
drugs:
  - {id: tovramab, name: tovramab, class: monoclonal antibody, source: report}
trials:
  - {id: tovra, name: TOVRA, drug: tovramab, source: report}
  - {id: velox, name: VELOX, drug: tovramab, source: report}
claims:
  - id: tovra-response
    statement: In TOVRA, 30% of patients given tovramab responded.
    about: [tovramab-arm]
    metric: orr
    value: 30
    unit: percent
    when: [TOVRA]
    source: report
"""


@pytest.mark.parametrize("text, judged", [
    ("In the TOVRA trial, 45% of patients given tovramab had a response.", True),
    ("TOVRA and VELOX both tested tovramab. Overall, 45% of patients given tovramab had a response.", True),
    ("TOVRA tested tovramab in adults. In the VELOX trial, 45% of patients given tovramab had a response.",
     False),
])
def test_a_number_said_of_another_trial_is_not_the_claims(tmp_path, text, judged):
    """A claim reports its trials (here the one its `when` names): a number whose sentence names only another
    registry trial is not judged against it, even where the paragraph names the claim's trial."""
    linter = linter_of(tmp_path, OTHER_TRIAL_REGISTRY)
    found = [f for f in lint(linter, text) if f[0] == "FL101"]
    assert found == ([("FL101", "tovra-response", "45%")] if judged else [])


ENDPOINT_REGISTRY = """\
sources:
  - {id: report, citation: "A trial report", url: "https://example.org/report"}
entities:
  - {id: hives, name: chronic hives, aliases: [chronic hives, urticaria]}
  - {id: dorvilast-arm, name: treatment with dorvilast, aliases: [dorvilast, Dorvix]}
  - {id: uas-90, name: a 90% fall in the urticaria activity score, aliases: [UAS-90, UAS 90]}
  - {id: itch-score, name: itch severity score, aliases: [itch severity score, itch score]}
  - {id: wheal-free, name: free of wheals, aliases: [wheal-free, free of wheals]}
  - {id: asthma, name: asthma, aliases: [asthma]}
drugs:
  - {id: dorvilast, name: dorvilast, brands: [Dorvix], class: mast cell stabiliser, source: report}
trials:
  - {id: calm-2, name: CALM-2, drug: dorvilast, source: report}
metrics:
  - id: responders
    name: share of an arm reaching a response endpoint
    cues: [reached, achieved, of patients]
  - id: score-change
    name: mean percent change in a score
    cues: [improvement, fall in]
claims:
  - id: calm2-uas90
    statement: In CALM-2, 34% of patients given dorvilast reached UAS-90 at week 12.
    about: [dorvilast-arm, uas-90]
    metric: responders
    value: 34
    unit: percent
    when: [CALM-2]
    source: report
  - id: calm2-wheal-free
    statement: In CALM-2, 22% of patients given dorvilast were free of wheals at week 12.
    about: [dorvilast-arm, wheal-free]
    metric: responders
    value: 22
    unit: percent
    when: [CALM-2]
    source: report
  - id: calm2-itch-change
    statement: In CALM-2, the itch severity score fell by a mean 48% with dorvilast.
    about: [dorvilast-arm, itch-score]
    metric: score-change
    value: 48
    unit: percent
    when: [CALM-2]
    unless: [4-point]
    source: report
  - id: calm2-asthma-uas90
    statement: In CALM-2, 30% of patients with asthma given dorvilast reached UAS-90.
    about: [dorvilast-arm, uas-90, asthma]
    metric: responders
    value: 30
    unit: percent
    when: [CALM-2, asthma]
    source: report
"""


@pytest.mark.parametrize("text", [
    "In CALM-2, 34% of patients given dorvilast reached a 90% or greater fall in hive activity (UAS-90).",
    "In CALM-2, the main endpoint was a 90% fall in the urticaria activity score (UAS-90); 34% of patients "
    "given dorvilast reached it.",
    "In CALM-2, UAS 90 (a 90% fall in activity) was reached by 34% of patients given dorvilast.",
])
def test_a_percent_repeated_by_its_endpoints_name_is_the_endpoints_bar(tmp_path, text):
    """"a 90% fall (UAS-90)": each patient's bar, named by the endpoint that carries it; neither a share of
    anyone nor a value to judge (the share reaching it is the 34%)."""
    linter = linter_of(tmp_path, ENDPOINT_REGISTRY)
    assert lint(linter, text) == []
    # A share that happens to equal a nearby name's digits but has its own number between is still judged.
    assert lint(linter, "In CALM-2, 90% of patients given dorvilast reached a 90% fall (UAS-90).") == [
        ("FL101", "calm2-uas90", "90%")]


def test_a_sentence_naming_another_endpoint_is_not_judged_by_the_paragraphs(tmp_path):
    """A list introduced by one endpoint, and an item that names another of the arm's endpoints: the item's
    numbers are that endpoint's (here not in the registry), never the introduction's."""
    linter = linter_of(tmp_path, ENDPOINT_REGISTRY)
    intro = "In CALM-2, patients given dorvilast were scored on UAS-90 at week 12:\n\n"
    assert lint(linter, intro + "- 34% of them reached it\n") == []
    assert lint(linter, intro + "- 40% of them reached it\n") == [("FL101", "calm2-uas90", "40%")]
    assert lint(linter, intro + "- 40% of them reached a 4-point improvement in the itch score\n") == [
        ("FL102", None, "40%")]
    # An endpoint never named anywhere: the sentence's own endpoint still rules out the claim.
    assert lint(linter, "In CALM-2, 40% of patients given dorvilast reached a 4-point improvement in the itch score.") \
        == [("FL102", None, "40%")]
    # A population the claims name together with the endpoint is no rival of it.
    assert lint(linter, "In CALM-2, 41% of patients with asthma given dorvilast reached UAS-90.") == [
        ("FL101", "calm2-asthma-uas90", "41%")]


def test_a_name_after_without_is_who_is_left_out(tmp_path):
    """"patients without asthma": asthma is who the number leaves out, neither its subject nor a rival of
    the endpoint the claim measures."""
    linter = linter_of(tmp_path, ENDPOINT_REGISTRY)
    assert lint(linter, "In CALM-2, 34% of patients without asthma given dorvilast reached UAS-90.") == []
    assert lint(linter, "In CALM-2, 40% of patients without asthma given dorvilast reached UAS-90.") == [
        ("FL101", "calm2-uas90", "40%")]


EVENTS_REGISTRY = """\
sources:
  - {id: stats, citation: "A cancer statistics report", url: "https://example.org/stats"}
entities:
  - {id: zorbitis, name: zorbitis, aliases: [zorbitis]}
metrics:
  - {id: yearly-count, name: people a year, cues: [each year, a year, annually]}
claims:
  - id: zorbitis-new-cases
    statement: About 36,000 people in Freedonia are diagnosed with zorbitis each year.
    about: [zorbitis]
    metric: yearly-count
    value: 36000
    unit: count
    when: [Freedonia]
    source: stats
"""

EVENTS_WITH_DEATHS_REGISTRY = EVENTS_REGISTRY + """\
  - id: zorbitis-deaths
    statement: About 9,000 people in Freedonia die of zorbitis each year.
    about: [zorbitis]
    metric: yearly-count
    value: 9000
    unit: count
    when: [Freedonia]
    source: stats
"""


def test_a_count_of_deaths_is_not_a_count_of_people_diagnosed(tmp_path):
    """"12,650 patient deaths a year": the count is of deaths (lexicon event_nouns), which a claim of people
    diagnosed does not count; a claim that speaks of deaths judges it."""
    linter = linter_of(tmp_path, EVENTS_REGISTRY)
    assert lint(linter, "In Freedonia, 30,000 people are diagnosed with zorbitis each year.") == [
        ("FL101", "zorbitis-new-cases", "30,000")]
    assert lint(linter, "In Freedonia, 12,650 patient deaths from zorbitis are reported each year.") == [
        ("FL102", None, "12,650")]
    linter = linter_of(tmp_path, EVENTS_WITH_DEATHS_REGISTRY)
    assert lint(linter, "In Freedonia, 12,650 patient deaths from zorbitis are reported each year.") == [
        ("FL101", "zorbitis-deaths", "12,650")]


def test_a_count_a_hundred_times_off_the_claims_is_another_figure(tmp_path):
    """A study's sample ("a screening of 320 people") beside a national total is no misstated total: a count
    a hundred times above or below the claim's is not judged against it (it stays a statistic)."""
    linter = linter_of(tmp_path, EVENTS_REGISTRY)
    assert lint(linter, "In Freedonia, 320 people are diagnosed with zorbitis each year.") == [
        ("FL102", None, "320")]
    assert lint(linter, "In Freedonia, 3.6 million people are diagnosed with zorbitis each year.") == [
        ("FL102", None, "3.6 million")]
    # Ten times off is still a contradiction of the claim.
    assert lint(linter, "In Freedonia, 3,600 people are diagnosed with zorbitis each year.") == [
        ("FL101", "zorbitis-new-cases", "3,600")]


AGE_REGISTRY = """\
sources:
  - {id: survey, citation: "A health survey", url: "https://example.org/survey"}
entities:
  - {id: zorbitis, name: zorbitis, aliases: [zorbitis]}
claims:
  - id: zorbitis-over-60
    statement: About 1% of people over 60 have zorbitis.
    about: [zorbitis]
    metric: prevalence
    value: 1
    unit: percent
    when: [over 60, 60 and older, aged 60 or older]
    source: survey
"""


def test_a_share_of_another_age_band_is_not_the_claims(tmp_path):
    """"1% of people over 60 and 4% of those over 80": the 4% is of its own age band, which the claim's `when`
    does not name (a year either way is one band written two ways)."""
    linter = linter_of(tmp_path, AGE_REGISTRY)
    assert lint(linter, "Zorbitis affects 1% of people over 60 and 4% of those over 80.") == [
        ("FL102", None, "4%")]
    assert lint(linter, "Zorbitis affects 3% of people over 60.") == [("FL101", "zorbitis-over-60", "3%")]
    # The same band written with the next year: "over 60", "those 61 and older"
    assert lint(linter, "Zorbitis affects 3% of people over 60, those 61 and older.") == [
        ("FL101", "zorbitis-over-60", "3%")]


DAILY_DOSE_REGISTRY = """\
sources:
  - {id: label-y, citation: "A label", url: "https://example.org/label-y"}
entities:
  - {id: barnidol-treatment, name: treatment with barnidol, aliases: [barnidol]}
claims:
  - id: barnidol-daily-dose
    statement: Barnidol is taken at 150 to 600 mg a day.
    about: [barnidol-treatment]
    metric: dose
    value: [150, 600]
    unit: mg/day
    source: label-y
"""


def test_amounts_listed_before_an_amount_per_day_are_per_day(tmp_path):
    """"150mg, 300mg or 600mg per day": "per day" is said once for the whole list, so each amount is a daily
    dose, judged against the daily-dose claim (and one out of its range is a contradiction)."""
    linter = linter_of(tmp_path, DAILY_DOSE_REGISTRY)
    assert lint(linter, "Barnidol is taken at doses of 150mg, 300mg or 600mg per day.") == []
    assert lint(linter, "Barnidol is taken at doses of 100mg, 300mg or 600mg per day.") == [
        ("FL101", "barnidol-daily-dose", "100mg")]


PREVALENCE_COUNT_REGISTRY = """\
sources:
  - {id: stats2, citation: "A health statistics report", url: "https://example.org/stats2"}
entities:
  - {id: zorbitis, name: zorbitis, aliases: [zorbitis]}
claims:
  - id: zorbitis-living-with
    statement: About 1 million people in Freedonia live with zorbitis.
    about: [zorbitis]
    metric: prevalence
    value: 1000000
    unit: count
    tolerance: 50000
    when: [Freedonia]
    source: stats2
"""


def test_a_period_in_another_numbers_clause_is_not_this_ones(tmp_path):
    """"30,000 are diagnosed each year, and about 2 million have it": "each year" is the first count's; the
    second is a number of people at one time, judged against the prevalence claim."""
    linter = linter_of(tmp_path, PREVALENCE_COUNT_REGISTRY)
    text = "In Freedonia, 30,000 people are diagnosed with zorbitis each year, and about {} people have zorbitis."
    assert [f for f in lint(linter, text.format("1 million")) if f[0] == "FL101"] == []
    assert ("FL101", "zorbitis-living-with", "2 million") in lint(linter, text.format("2 million"))


def test_a_dose_is_never_said_of_the_untreated(tmp_path):
    """"randomized to placebo or to barnidol at doses of ...": placebo is the other arm, not a narrower
    population the dose is said of (lexicon untreated_phrases), so the dose is still judged."""
    linter = linter_of(tmp_path, DAILY_DOSE_REGISTRY)
    text = "Patients were randomized to placebo or to barnidol at doses of {}mg, 300mg or 600mg per day."
    assert lint(linter, text.format(150)) == []
    assert lint(linter, text.format(100)) == [("FL101", "barnidol-daily-dose", "100mg")]


REGIMEN_REGISTRY = """\
sources:
  - {id: trial-z, citation: "A trial report", url: "https://example.org/trial-z"}
entities:
  - {id: zelamab-arm, name: treatment with zelamab, aliases: [zelamab]}
  - {id: corvimab-arm, name: treatment with corvimab, aliases: [corvimab]}
claims:
  - id: zelamab-alone-survival
    statement: In TRIAL-Z, 19% of patients given zelamab alone were alive at 10 years.
    about: [zelamab-arm]
    metric: survival-rate
    value: 19
    unit: percent
    when: [TRIAL-Z]
    source: trial-z
"""


def test_a_combinations_figure_is_not_the_single_agents(tmp_path):
    """"... zelamab and corvimab, with the combination reaching 49% survival": a claim of zelamab alone
    does not judge the combination's figure (lexicon single_agent_words, combination_words)."""
    linter = linter_of(tmp_path, REGIMEN_REGISTRY)
    text = ("In TRIAL-Z, zelamab and corvimab changed the outlook, with the combination reaching {}% survival "
            "at 10 years.")
    assert lint(linter, text.format(49)) == [("FL102", None, "49%")]
    assert lint(linter, "In TRIAL-Z, survival at 10 years was 30% with zelamab alone.") == [
        ("FL101", "zelamab-alone-survival", "30%")]


def test_what_a_number_is_compared_with_is_not_its_subject(tmp_path):
    """"12,000 car crash deaths compared to 9,000 zorbitis deaths": zorbitis is what the first number is set
    against, named in the next number's clause, not what it counts."""
    linter = linter_of(tmp_path, EVENTS_WITH_DEATHS_REGISTRY)
    text = "In Freedonia, there were 12,000 car crash deaths each year compared to {} deaths from zorbitis."
    assert lint(linter, text.format("9,000")) == [("FL102", None, "12,000")]
    assert ("FL101", "zorbitis-deaths", "5,000") in lint(linter, text.format("5,000"))


ARMS_REGISTRY = """\
sources:
  - {id: report, citation: "A trial report", url: "https://example.org/report"}
entities:
  - {id: hives, name: chronic hives, aliases: [chronic hives, urticaria]}
  - {id: dorvilast-arm, name: treatment with dorvilast, aliases: [dorvilast, Dorvix]}
  - {id: placebo-arm, name: placebo, aliases: [placebo]}
  - {id: uas-90, name: a 90% fall in the urticaria activity score, aliases: [UAS-90, UAS 90]}
drugs:
  - {id: dorvilast, name: dorvilast, brands: [Dorvix], class: mast cell stabiliser, source: report}
metrics:
  - id: responders
    name: share of an arm reaching a response endpoint
    cues: [reached, achieved, of patients]
  - id: dose
    name: dose of a drug
    cues: [given, dose]
claims:
  - id: uas90-dorvilast
    statement: 34% of patients given dorvilast reached UAS-90 at week 12.
    about: [dorvilast-arm, uas-90]
    metric: responders
    value: 34
    unit: percent
    source: report
  - id: uas90-placebo
    statement: 12% of patients given placebo reached UAS-90 at week 12.
    about: [placebo-arm, uas-90]
    metric: responders
    value: 12
    unit: percent
    source: report
  - id: dorvilast-dose
    statement: Dorvilast is given at 20 mg a day.
    about: [dorvilast-arm]
    metric: dose
    value: 20
    unit: mg
    source: report
"""


@pytest.mark.parametrize("counts", ["(n={}) ", "({} of 85) ", "({}/85) "])
def test_the_counts_a_share_is_made_of_continue_its_clause(tmp_path, counts):
    """"34% (n=29) of patients given dorvilast": the bracket is the share's own count, so the arm after it is
    the share's, not taken from the clause of the dose inside it (and placebo, named only later, is not)."""
    linter = linter_of(tmp_path, ARMS_REGISTRY)
    text = ("UAS-90 was reached by {}% " + counts + "of patients given 20 mg dorvilast daily, compared with 12% "
            + counts.format(10) + "of patients given placebo.")
    assert lint(linter, text.format(34, 29)) == []
    assert lint(linter, text.format(30, 29)) == [("FL101", "uas90-dorvilast", "30%")]


def test_a_drug_in_a_doses_clause_is_still_a_shares_subject(tmp_path):
    """"30% ... of patients given 20 mg dorvilast": the drug sits in the dose's clause, but a dose is no rival
    statistic, so the arm is not taken from the share in favour of an arm named further off (the placebo of
    the comparison)."""
    linter = linter_of(tmp_path, ARMS_REGISTRY)
    text = ("UAS-90 was reached by 30% (Table 2) of patients given 20 mg dorvilast daily, compared with 12% "
            "(Table 3) of patients given placebo.")
    assert ("FL101", "uas90-placebo", "30%") not in lint(linter, text)
    assert lint(linter, text.replace("30%", "34%")) == []


BRACKETED_PART_REGISTRY = """\
sources:
  - {id: report, citation: "A world report", url: "https://example.org/report"}
entities:
  - {id: zorbitis, name: zorbitis, aliases: [zorbitis, the disease]}
  - {id: hiv, name: people with HIV, aliases: [HIV, people with HIV]}
  - {id: hyperemia, name: red eye, aliases: [red eye, eye redness]}
  - {id: tivarol-arm, name: treatment with tivarol, aliases: [tivarol]}
drugs:
  - {id: tivarol, name: tivarol, class: eye drop, source: report}
metrics:
  - id: deaths
    name: number of people who die of a disease in a year
    cues: [died, deaths]
  - id: adverse-event-rate
    name: share of an arm with a side effect
    cues: [side effect, adverse event, rate of]
claims:
  - id: zorbitis-deaths
    statement: In 2030, 900,000 people died of zorbitis.
    about: [zorbitis]
    metric: deaths
    value: 900000
    unit: count
    unless: [HIV]
    source: report
  - id: zorbitis-hiv-deaths
    statement: In 2030, 200,000 of the people who died of zorbitis had HIV.
    about: [hiv, zorbitis]
    metric: deaths
    value: 200000
    unit: count
    source: report
  - id: tivarol-red-eye
    statement: Red eye occurred in 48% of patients given tivarol.
    about: [tivarol-arm, hyperemia]
    metric: adverse-event-rate
    value: 48
    unit: percent
    source: report
"""


def test_a_bracket_after_a_condition_that_opens_on_a_count_is_another_number(tmp_path):
    """"900,000 died of the disease (0.2 million of them people with HIV)": the bracket is a part of the
    deaths with a subject of its own, not the first number's words (a bracket after a drug opening on a dose
    still is: "abiraterone (1,000 mg daily)"); "0.2 million of them" counts people."""
    linter = linter_of(tmp_path, BRACKETED_PART_REGISTRY)
    text = "In 2030, 900,000 people died of the disease ({} million of them people with HIV)."
    assert ("FL101", "zorbitis-hiv-deaths", "900,000") not in lint(linter, text.format("0.2"))
    assert ("FL101", "zorbitis-hiv-deaths", "0.5 million") in lint(linter, text.format("0.5"))


def test_a_rate_the_registry_has_no_word_for_is_no_claims(tmp_path):
    """"a 30% discontinuation rate" beside a sentence about red eye: the share says what it measures, and
    nothing in the registry measures it, so it is unsupported, not a contradiction of the red-eye claim."""
    linter = linter_of(tmp_path, BRACKETED_PART_REGISTRY)
    text = ("The high rate of red eye (48%) with tivarol led to a 30% discontinuation rate, against a 10% to 12% "
            "drop-out rate with placebo.")
    assert lint(linter, text) == [("FL102", None, "30%"), ("FL102", None, "10% to 12%")]
    # What the registry has words for is still judged.
    assert lint(linter, "The high rate of red eye (48%) with tivarol led to a 30% red eye rate.") == [
        ("FL101", "tivarol-red-eye", "30%")]


FEMALE_REGISTRY = """\
sources:
  - {id: survey, citation: "A national survey", url: "https://example.org/survey"}
entities:
  - {id: zorbitis, name: zorbitis, aliases: [zorbitis]}
claims:
  - id: zorbitis-prevalence
    statement: About 5-10% of women have zorbitis.
    about: [zorbitis]
    metric: prevalence
    value: [5, 10]
    unit: percent
    source: survey
"""


def test_other_words_for_the_same_people_are_the_claims_population(tmp_path):
    """"7% of the female population" against a claim of women: the same people (lexicon same_population), so
    no narrower population; "of men" still is another."""
    linter = linter_of(tmp_path, FEMALE_REGISTRY)
    assert lint(linter, "In Freedonia, zorbitis affects 7% of the female population.") == []
    assert lint(linter, "In Freedonia, zorbitis affects 20% of the female population.") == [
        ("FL101", "zorbitis-prevalence", "20%")]
    assert lint(linter, "In Freedonia, zorbitis affects 7% of men.") == [("FL102", None, "7%")]


def test_a_sentence_opening_on_a_pronoun_speaks_of_what_the_one_before_opens_on(tmp_path):
    """"Zorbitis is a leading cause of blindness. It affects 2.7 million people": "it" is zorbitis (lexicon
    pronoun_openers); not when the sentence before opens on something else."""
    linter = linter_of(tmp_path, PREVALENCE_COUNT_REGISTRY)
    text = "Zorbitis is a leading cause of blindness. It affects more than {} people in Freedonia."
    assert lint(linter, text.format("1 million")) == []
    assert lint(linter, text.format("5.1 million")) == [("FL101", "zorbitis-living-with", "5.1 million")]
    other = "Blindness has many causes, zorbitis among them. It affects more than 5.1 million people in Freedonia."
    assert ("FL101", "zorbitis-living-with", "5.1 million") not in lint(linter, other)


@pytest.mark.parametrize("text, flagged", [
    ("In an extension study, some patients (19.7%) lost more than 3% of their bone density.", ["19.7%"]),
    ("In an extension study, 19.7% of patients lost more than 3% of their bone density.", ["19.7%"]),
    # a second figure of its own
    ("In an extension study, bone loss was 2% at first and now more than 3%.", ["2%", "3%"]),
])
def test_the_bar_a_shares_people_passed_is_no_statistic(tmp_path, text, flagged):
    """"19.7% lost more than 3%": the second share is the bar the first share's people passed, not a figure of
    its own (lexicon figure_joiners keep "12% and now more than 20%" two figures)."""
    linter = linter_of(tmp_path, FEMALE_REGISTRY)
    assert [quoted for code, _, quoted in lint(linter, text) if code == "FL102"] == flagged


# The female-population registry with a drug arm and a claim of a change.
CHANGE_REGISTRY = FEMALE_REGISTRY.replace("""claims:
""", """  - {id: zelcor-arm, name: treatment with zelcor, aliases: [zelcor]}
metrics:
  - id: ldl-change
    name: LDL cholesterol on treatment
    cues: [LDL]
claims:
  - id: zelcor-ldl
    statement: Zelcor lowered LDL by 50%.
    about: [zelcor-arm]
    metric: ldl-change
    value: 50
    unit: percent
    source: survey
""")


def test_a_change_is_judged_only_by_a_claim_of_a_change(tmp_path):
    """"a 7% decrease in zorbitis" is a change, not how many have it (lexicon change_nouns); a claim whose
    statement tells of a change ("lowered LDL by 50%", lexicon change_stems) still judges one."""
    linter = linter_of(tmp_path, CHANGE_REGISTRY)
    assert lint(linter, "In Freedonia, women saw a 7% decrease in zorbitis.") == [("FL102", None, "7%")]
    assert lint(linter, "Zelcor produced a 50% reduction in LDL.") == []
    assert lint(linter, "Zelcor produced a 30% reduction in LDL.") == [("FL101", "zelcor-ldl", "30%")]


def test_a_share_after_a_change_verb_and_by_is_a_change(tmp_path):
    """"zorbitis among women was cut by 20%": a change, not a prevalence of 20%; "Zelcor cut LDL by 30%" is still
    judged by the claim of a change."""
    linter = linter_of(tmp_path, CHANGE_REGISTRY)
    assert lint(linter, "In Freedonia, zorbitis among women was cut by 20% in ten years.") == [("FL102", None, "20%")]
    assert lint(linter, "Zelcor cut LDL by 30%.") == [("FL101", "zelcor-ldl", "30%")]


COHORT_REGISTRY = """\
sources:
  - {id: registry-report, citation: "A pregnancy registry report", url: "https://example.org/registry"}
entities:
  - {id: zelcor-arm, name: women taking zelcor, aliases: [zelcor]}
  - {id: malformation, name: major malformation, aliases: [major malformations, major malformation]}
metrics:
  - id: case-count
    name: number of babies with a major malformation
    cues: [malformations occurred, had a malformation]
  - id: exposed
    name: number of women in a registry cohort
    cues: [women]
claims:
  - id: zelcor-exposed
    statement: The registry's zelcor cohort had 149 exposed women.
    about: [zelcor-arm]
    metric: exposed
    value: 149
    unit: count
    source: registry-report
  - id: zelcor-affected
    statement: Sixteen babies born to women in the registry's zelcor cohort had a major malformation.
    about: [zelcor-arm, malformation]
    metric: case-count
    value: 16
    unit: count
    source: registry-report
"""


def test_what_another_count_counts_is_not_a_count_of_peoples_words(tmp_path):
    """"Sixteen major malformations occurred in the offspring of 149 women": "malformations occurred" is what
    the sixteen count; the 149 count women, so the malformation claim does not judge them."""
    linter = linter_of(tmp_path, COHORT_REGISTRY)
    text = "Sixteen major malformations occurred in the offspring of {} women who took zelcor during pregnancy."
    assert lint(linter, text.format(149)) == []
    assert lint(linter, text.format(180)) == [("FL101", "zelcor-exposed", "180")]


def test_a_part_of_a_count_shares_its_words(tmp_path):
    """"900,000 people died (0.2 million of them people with HIV)": the part refers back to the deaths, so the
    words after the first count are its words too."""
    linter = linter_of(tmp_path, BRACKETED_PART_REGISTRY)
    text = "In 2030, 900,000 died of zorbitis ({} million of them people with HIV)."
    assert ("FL102", None, "0.2 million") not in lint(linter, text.format("0.2"))
    assert ("FL101", "zorbitis-hiv-deaths", "0.5 million") in lint(linter, text.format("0.5"))


def test_a_number_no_metric_word_names_agrees_with_a_claim_of_all_it_names(tmp_path):
    """"Eye redness was seen with tivarol (48%)": no word of the claim's metric, but the sentence names all the
    claim is about and the value is the claim's, so the number is supported; a value that disagrees stays
    unsupported (no contradiction from a guessed metric), and a sentence naming only part of it gets nothing."""
    linter = linter_of(tmp_path, BRACKETED_PART_REGISTRY)
    assert lint(linter, "Eye redness was seen with tivarol (48%).") == []
    assert lint(linter, "Eye redness was seen with tivarol (30%).") == [("FL102", None, "30%")]
    assert lint(linter, "Tivarol (48%) is liked.") == [("FL102", None, "48%")]


def test_the_claims_an_unnamed_metric_was_compared_with_are_read(tmp_path):
    """A re-audit re-lints the drafts whose verdicts read a changed claim: an unsupported number compared with
    a claim's value (and found to disagree) read it too."""
    from factlint.verdicts import number_verdict

    linter = linter_of(tmp_path, BRACKETED_PART_REGISTRY)
    result = linter.lint_text("Eye redness was seen with tivarol (30%).", "d.md")
    [nc] = [n for n in result.facts.numbers if n.quantity.is_claim]
    verdict = number_verdict(nc, linter.knowledge)
    assert (verdict.verdict, verdict.read) == ("unsupported", ("tivarol-red-eye",))


THREE_ARMS_REGISTRY = """\
sources:
  - {id: report, citation: "A trial report", url: "https://example.org/report"}
entities:
  - {id: zelcor-arm, name: treatment with zelcor, aliases: [zelcor]}
  - {id: tivarol-arm, name: treatment with tivarol, aliases: [tivarol]}
  - {id: placebo-arm, name: placebo, aliases: [placebo]}
metrics:
  - id: responders
    name: share of an arm that responded
    cues: [responded, response]
claims:
  - {id: zelcor-resp, statement: 50% of patients given zelcor responded., about: [zelcor-arm], metric: responders,
     value: 50, unit: percent, source: report}
  - {id: tivarol-resp, statement: 30% of patients given tivarol responded., about: [tivarol-arm],
     metric: responders, value: 30, unit: percent, source: report}
  - {id: placebo-resp, statement: 20% of patients given placebo responded., about: [placebo-arm],
     metric: responders, value: 20, unit: percent, source: report}
"""


def test_the_arm_a_list_is_compared_with_right_after_it_takes_its_last_place(tmp_path):
    """"(50% vs. 20%) than with placebo": placebo is the second arm of that list, not tivarol, the arm the
    sentence's first list was compared with."""
    linter = linter_of(tmp_path, THREE_ARMS_REGISTRY)
    text = ("More patients responded with zelcor (50% vs. 30%) than with tivarol, and more (50% vs. {}%) than with "
            "placebo.")
    assert lint(linter, text.format(20)) == []
    assert lint(linter, text.format(25)) == [("FL101", "placebo-resp", "25%")]


GAP_REGISTRY = THREE_ARMS_REGISTRY.replace("claims:\n", """\
  - id: resp-gap
    name: how many more patients responded on one arm than on another, in points
    cues: [more patients]
claims:
  - {id: zelcor-gap, statement: 20 points more patients responded with zelcor than with tivarol., about: [zelcor-arm],
     metric: resp-gap, value: 20, unit: percent, source: report}
""")


def test_a_difference_is_judged_by_a_metric_whose_words_are_a_difference(tmp_path):
    """"about 20% more than with tivarol": a difference, judged by a metric that says it measures one ("more
    patients"), though its words are not the ones right after the number."""
    linter = linter_of(tmp_path, GAP_REGISTRY)
    text = "More patients responded with zelcor, about {}% more than with tivarol."
    assert lint(linter, text.format(20)) == []
    assert lint(linter, text.format(35)) == [("FL101", "zelcor-gap", "35%")]


def test_a_yearly_count_is_a_prevalence_whose_statement_counts_a_year(tmp_path):
    """"50 million Americans annually" against a prevalence claim whose statement says "a year": the source
    counts people over a year as the draft does; a claim that does not say so still rejects it."""
    yearly = PREVALENCE_COUNT_REGISTRY.replace("live with zorbitis.", "live with zorbitis in a year.")
    linter = linter_of(tmp_path, yearly)
    text = "Zorbitis affects {} people in Freedonia annually."
    assert lint(linter, text.format("1 million")) == []
    assert lint(linter, text.format("5.1 million")) == [("FL101", "zorbitis-living-with", "5.1 million")]
    assert lint(linter_of(tmp_path, PREVALENCE_COUNT_REGISTRY), text.format("5.1 million")) == [
        ("FL102", None, "5.1 million")]


DRUG_ONLY_REGISTRY = """\
sources:
  - {id: label, citation: "A product label", url: "https://example.org/label"}
drugs:
  - {id: zelcor, name: zelcor, brands: [Zelmax], class: orexin receptor antagonist, source: label}
"""


def test_doses_in_a_paragraph_that_tells_the_reader_what_to_do_are_steps(tmp_path):
    """A paragraph that names no drug and opens a sentence with an instruction ("Start at 5mg and go up to
    10mg") is a dosing guide: its doses are steps, not uncited statistics (lexicon instruction_openers)."""
    linter = linter_of(tmp_path, DRUG_ONLY_REGISTRY)
    question = "What is the dose of Zelmax?\n\n"
    assert lint(linter, question + "5/10mg, with 10mg as the max. Start at 5mg and go up to 10mg if needed.\n") == []
    assert lint(linter, question + "The usual dose is 10mg, with 40mg as the max.\n") == [
        ("FL102", None, "10mg"), ("FL102", None, "40mg")]



def test_a_period_another_count_holds_is_no_metric_word_of_this_one(tmp_path):
    """"30,000 are diagnosed each year, and about 1 million have it": "each year" is the first count's, so the
    million is never judged against the yearly claim."""
    linter = linter_of(tmp_path, EVENTS_REGISTRY)
    text = "In Freedonia, {} people are diagnosed with zorbitis each year, and about 1 million people have it."
    assert lint(linter, text.format("36,000")) == [("FL102", None, "1 million")]
    assert lint(linter, text.format("50,000")) == [("FL101", "zorbitis-new-cases", "50,000"),
                                                   ("FL102", None, "1 million")]


MULTIPLE_REGISTRY = """\
sources:
  - {id: stats, citation: "A surveillance report", url: "https://example.org/stats"}
entities:
  - {id: zorbitis, name: zorbitis, aliases: [zorbitis]}
metrics:
  - {id: fold-change, name: how many times the cases grew, cues: [times as many]}
claims:
  - id: zorbitis-tenfold
    statement: Zorbitis cases in 2030 were 10 times the number in 2020.
    about: [zorbitis]
    metric: fold-change
    value: [10, 11]
    unit: ratio
    source: stats
"""


def test_the_words_inside_a_multiple_are_its_own(tmp_path):
    """"10 times as many cases than the 334 reported in 2012": "times as many" is the multiple's own, never a
    metric word of the count after it."""
    linter = linter_of(tmp_path, MULTIPLE_REGISTRY)
    text = "In 2030 there were {} times as many cases of zorbitis as the 334 reported in 2020."
    assert ("FL101", "zorbitis-tenfold", "334") not in lint(linter, text.format(10))
    assert ("FL101", "zorbitis-tenfold", "4 times") in lint(linter, text.format(4))


def test_the_people_a_share_is_of_may_be_named_without_of_people(tmp_path):
    """"29% with zorbitis have asthma": zorbitis is who the share is of, not what it counts, though another item
    of the list ("1 in 12 women have zorbitis") names it as what that one counts."""
    linter = linter_of(tmp_path, FEMALE_REGISTRY)
    text = "Facts: 1 in 12 women have zorbitis, 29% with zorbitis have asthma, and costs are rising."
    assert ("FL101", "zorbitis-prevalence", "29%") not in lint(linter, text)
    assert lint(linter, "Facts: 29% of women have zorbitis.") == [("FL101", "zorbitis-prevalence", "29%")]
