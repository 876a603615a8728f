"""The linker's frame of a number: time point, arm in a list, difference, what a count counts, borrowed
subjects, other trials, thresholds and footnote citations (spec: "What real articles add").

The registry (tests/fixtures/frames) is fictional test data in a field of its own (severe asthma); every
sentence is written for these tests.
"""
import pytest

from conftest import FIXTURES, lint


@pytest.fixture(scope="module")
def linter():
    from factlint.api import Linter

    return Linter.from_registry_paths([FIXTURES / "frames" / "registry.yaml"])


def test_a_one_year_rate_is_never_judged_against_a_two_year_claim(linter):
    text = ("One-year attack-free rates were 70% with mepolizumab versus 50% with placebo; at two years, "
            "the matching figures were 45% and 30%.")
    # 70% and 50% are one-year figures the registry does not hold: uncited statistics, not contradictions.
    assert lint(linter, text) == [("FL102", None, "70%"), ("FL102", None, "50%")]
    wrong = "At two years, 60% of patients given mepolizumab were attack-free."
    assert lint(linter, wrong) == [("FL101", "tide-attack-free-2y-mepo", "60%")]


def test_respectively_pairs_in_the_order_the_arms_are_named(linter):
    right = "With mepolizumab and placebo, 45% and 30% of patients were attack-free at two years, respectively."
    assert lint(linter, right) == []
    swapped = "With mepolizumab and placebo, 30% and 45% of patients were attack-free at two years, respectively."
    assert lint(linter, swapped) == [("FL101", "tide-attack-free-2y-mepo", "30%"),
                                     ("FL101", "tide-attack-free-2y-placebo", "45%")]


def test_versus_list_shares_its_unit_and_pairs_by_order(linter):
    right = ("In TIDE-1, patients given mepolizumab stayed attack-free longer than those on placebo "
             "(median, 18 vs. 9 months).")
    assert lint(linter, right) == []
    swapped = right.replace("18 vs. 9", "9 vs. 18")
    assert lint(linter, swapped) == [("FL101", "tide-time-mepo", "9"), ("FL101", "tide-time-placebo", "18 months")]


def test_a_difference_is_not_a_median(linter):
    # "9 months longer" is the gap between arms; the registry holds no gap, so it is never judged as the
    # 18-month median.
    text = "In TIDE-1, patients given mepolizumab stayed attack-free 9 months longer than those on placebo."
    assert [f[0] for f in lint(linter, text)] != ["FL101"]
    assert ("FL101", "tide-time-mepo", "9 months") not in lint(linter, text)


def test_counts_of_things_are_not_enrolment(linter):
    assert lint(linter, "TIDE-1 enrolled 600 patients across 20 countries.") == []
    assert lint(linter, "TIDE-1 enrolled 450 patients across 20 countries.") == [("FL101", "tide-enrolment", "450")]


@pytest.mark.parametrize("things", ["2 measures", "3 outcomes", "4 endpoints", "5 criteria", "2 questions"])
def test_counts_of_what_a_trial_measures_are_not_enrolment(linter, things):
    """"the first trial to examine these 2 measures": what a trial looked at, not whom it enrolled."""
    assert lint(linter, f"TIDE-1 was the first trial to examine these {things} in patients with asthma.") == []


def test_follow_up_is_not_a_statistic_but_is_judged(linter):
    assert lint(linter, "Doctors saw the children for a follow-up of 3 years.") == []
    assert lint(linter, "TIDE-1 had a median follow-up of 4 years.") == [("FL101", "tide-follow-up", "4 years")]


def test_a_subject_from_the_heading_gives_way_to_the_clauses_own(linter):
    text = "# Mepolizumab\n\nInhaled steroids cut attacks by 60%.\n"
    assert lint(linter, text) == [("FL101", "steroid-attack-reduction", "60%")]
    assert lint(linter, "# Mepolizumab\n\nIn TIDE-1, it cut attacks by 53%.\n") == []


def test_each_share_binds_to_the_population_of_its_own_clause(linter):
    assert lint(linter, "About 60% of asthma cases are allergic, and 5-10% are severe.") == [("FL102", None, "60%")]
    assert lint(linter, "About 60% of asthma cases are allergic, and 20% are severe.") == [
        ("FL102", None, "60%"), ("FL101", "severe-share", "20%")]


def test_a_number_said_of_another_trial_is_not_judged_against_this_one(linter):
    assert ("FL101", "tide2-attack-reduction", "51%") not in lint(linter, "In TIDE-1, benralizumab cut attacks by 51%.")
    assert lint(linter, "In TIDE-2, benralizumab cut attacks by 40%.") == [("FL101", "tide2-attack-reduction", "40%")]


def test_an_amount_next_to_a_drug_is_its_dose(linter):
    assert lint(linter, "Nucala 100 mg is injected every four weeks.") == []
    assert lint(linter, "Nucala 300 mg is injected every four weeks.") == [("FL101", "mepolizumab-dose", "300 mg")]


def test_how_long_a_dose_is_taken_is_its_course_not_an_outcome(linter):
    """"100 mg every four weeks for 6 months": the duration after a dose and its schedule is how long it is
    taken; the sentence's outcome words ("stayed attack-free") are another number's."""
    assert lint(linter, "In TIDE-1, patients given mepolizumab 100 mg every four weeks for 6 months stayed "
                        "attack-free for a median of 18 months.") == []
    assert lint(linter, "In TIDE-1, patients given mepolizumab 100 mg once a month for 6 months stayed "
                        "attack-free longer.") == []
    # Without a schedule between them, a duration after a dose is still the outcome's.
    assert lint(linter, "In TIDE-1, patients given mepolizumab 100 mg stayed attack-free for 6 months.") == [
        ("FL101", "tide-time-mepo", "6 months")]


@pytest.mark.parametrize("text", [
    "In a skin clinic, at least 10% of patients had hives.",
    "Doctors aim for a fasting glucose below 100 mg/dL in these patients.",
    "Very common: may affect more than 1 in 10 people.",
    "Hives were seen in 20% or more of the patients in some clinics.",
    "Chronic hives means that welts come back on more than 40% of the days for six weeks.",
    "Severe asthma is defined as more than 2 attacks a year despite treatment.",
    "Doctors call hives severe when welts cover more than 10% of the skin.",
    "The endpoint was at least a 50% drop in welts.",
])
def test_thresholds_targets_and_bands_are_not_statistics(linter, text):
    assert [f for f in lint(linter, text) if f[0] == "FL102"] == []


def test_an_average_duration_is_a_statistic(linter):
    """"missed an average of 26 days of work": a mean over people needs a source; "every 26 days" does not."""
    assert [f[0] for f in lint(linter, "Patients with hives missed an average of 26 days of work.")] == ["FL102"]
    assert lint(linter, "Patients with hives see their doctor every 26 days.") == []


def test_a_share_with_a_comparator_outside_a_definition_is_a_statistic(linter):
    assert [f[0] for f in lint(linter, "More than 40% of the patients had hives.")] == ["FL102"]
    # "which means that" draws a consequence, not a definition: its number is still a statistic.
    assert [f[0] for f in lint(linter, "Clinics are full, which means that more than 40% of the patients "
                                       "had hives.")] == ["FL102"]


@pytest.mark.parametrize("text", [
    "Hives were seen in 12% of patients.²",
    "Hives were seen in 12% of patients, 4",
    "- Hives were seen in 12% of patients (7)",
    "- Hives were seen in 12% of patients 2, 5, 9",
    'Hives were seen in 12% of patients with "chronic hives."4',  # after a closing quote
    "- Hives were seen in 12% of patients. Most cases were mild.3",  # an item's footnote cites the item
    "Hives were seen in 12% of patients.1,2 Most cases were mild.",  # a list of footnotes after the stop
    "Hives were seen in 12% of patients1,2. Most cases were mild.",  # flattened superscripts, glued
    "Hives were seen in 12% of patients3",
    "- Hives were seen in 12% of patients treated early 4",  # an item's last word, then its footnote
    "- Hives were seen in 12% of patients before the age of 2.3,4",  # footnotes after a number's stop
])
def test_footnote_numbers_and_superscripts_cite(linter, text):
    assert lint(linter, text) == []


def test_a_web_address_in_the_sentence_cites_it(linter):
    assert lint(linter, "According to www.hives-facts.org, hives were seen in 12% of patients.") == []
    assert lint(linter, "According to the clinic, hives were seen in 12% of patients.") == [("FL102", None, "12%")]


def test_an_uncited_share_is_still_unsupported(linter):
    assert lint(linter, "Hives were seen in 12% of patients.") == [("FL102", None, "12%")]
    # A decimal or a ratio at the end of a sentence is no footnote.
    assert lint(linter, "Hives were seen in 12% of patients, a ratio of 1.5.") == [("FL102", None, "12%")]
    assert lint(linter, "- Hives were seen in 12% of patients, a ratio of 1.5") == [("FL102", None, "12%")]
    # Nor a label's number at a list item's end, nor a number ending a prose sentence.
    assert lint(linter, "- Hives were seen in 12% of patients with grade 2") == [("FL102", None, "12%")]
    assert lint(linter, "Hives were seen in 12% of patients treated early 4") == [("FL102", None, "12%")]
    # Nor a day after an abbreviated month at the sentence's end.
    assert lint(linter, "Hives were seen in 12% of patients from Nov. 2 to Feb. 3.") == [("FL102", None, "12%")]
    # Nor a name with digits (a gene, a receptor), nor a thousands separator.
    assert lint(linter, "Hives were seen in 12% of patients with HER2.") == [("FL102", None, "12%")]
    assert lint(linter, "Hives were seen in 12% of patients with a variant of BRCA1.") == [("FL102", None, "12%")]


def test_percentage_points_are_not_a_relative_change(linter):
    assert lint(linter, "In TIDE-1, mepolizumab cut attacks by 12 percentage points.") == [
        ("FL102", None, "12 percentage points")]
    assert lint(linter, "In TIDE-1, mepolizumab cut attacks by 12%.") == [("FL101", "tide-attack-reduction", "12%")]


@pytest.mark.parametrize("text", [
    "A month of the drug costs $1,300-1,500.",
    "| Nucala | mepolizumab | $1,300-1,500 |",
])
def test_thousands_are_no_footnote(linter, text):
    assert [f[0] for f in lint(linter, text)] == ["FL102"]


def test_a_count_of_people_is_enrolment_only_in_a_named_trial(linter):
    assert lint(linter, "In TIDE-1, 450 patients took part.") == [("FL101", "tide-enrolment", "450")]
    assert lint(linter, "Over 450 people used mepolizumab last year.") == [("FL102", None, "450")]


def test_the_lead_of_an_untitled_article_names_its_subject(linter):
    lead = "An updated analysis of the TIDE-1 trial was published this week.\n\n"
    later = "At a median follow-up of 4 years, the benefit held.\n"
    assert lint(linter, lead + later) == [("FL101", "tide-follow-up", "4 years")]
    # A title says what the article is about; the lead then adds nothing.
    assert lint(linter, "# Asthma news\n\n" + lead + later) == []


def test_a_list_past_the_arms_named_is_not_judged_against_the_named_arm(linter):
    # Only mepolizumab is named: 30% is the unnamed comparator's, never a contradiction of the 45% claim.
    text = "At two years, mepolizumab kept more patients attack-free (45% vs. 30%)."
    assert lint(linter, text) == []
    assert lint(linter, "At two years, mepolizumab kept more patients attack-free (55% vs. 30%).") == [
        ("FL101", "tide-attack-free-2y-mepo", "55%")]


def test_a_bare_number_listed_before_a_unit_takes_it(linter):
    assert lint(linter, "Nucala is injected in doses of 300 or 100 mg.") == [("FL101", "mepolizumab-dose", "300")]


def test_the_counted_people_narrow_a_count_but_their_description_does_not(linter):
    # "women" is who 450 counts (narrower than the trial); "with severe asthma" describes them.
    assert lint(linter, "In TIDE-1, 600 patients with severe asthma took part.") == []
    assert lint(linter, "In TIDE-1, 450 women took part.") == [("FL102", None, "450")]


def test_placebo_as_the_other_option_is_no_narrower_population(linter):
    assert lint(linter, "Patients got Nucala 300 mg or placebo every four weeks.") == [
        ("FL101", "mepolizumab-dose", "300 mg")]


def test_a_journal_reference_inside_parentheses_cites_its_sentence(linter):
    text = "Hives were seen in 12% of patients (Allergy J. 2021;14(2):101-109)."
    assert lint(linter, text) == []


def test_a_source_that_refers_back_to_a_name_is_not_vague(linter):
    text = ("The trial was followed by the five-year LANTERN Extension study.\n\n"
            "Extension data showed that the benefit lasted. Registry data showed the same.\n")
    result = linter.lint_text(text, "d.md")
    assert [(d.code, d.text) for d in result.diagnostics] == [("FL302", "Registry data showed")]


def test_a_topic_named_earlier_does_not_make_a_source_refer_back(linter):
    """"Clinical trials of Nucala showed" after a paragraph that names Nucala: Nucala is what the trials were of,
    not a name of the trials, so the source is still unnamed."""
    text = ("Regulators approved Nucala for severe asthma last year.\n\n"
            "Clinical trials of Nucala showed that attacks became rarer.\n")
    result = linter.lint_text(text, "d.md")
    assert [(d.code, d.text) for d in result.diagnostics] == [("FL302", "Clinical trials of Nucala showed")]


def test_a_number_of_a_trial_the_registry_does_not_know_is_not_judged(linter):
    # TIDE-2's claim never judges a number said of the (unregistered) BREEZE trial.
    assert lint(linter, "In the BREEZE trial, benralizumab cut attacks by 40%.") == [("FL102", None, "40%")]
    assert lint(linter, "In TIDE-2, benralizumab cut attacks by 40%.") == [("FL101", "tide2-attack-reduction", "40%")]


def test_who_a_trial_enrolled_describes_the_trial_not_the_next_number(linter):
    text = "In the TIDE-1 trial of 600 patients aged 18 to 65, mepolizumab cut attacks by {}."
    assert lint(linter, text.format("53%")) == []
    assert lint(linter, text.format("30%")) == [("FL101", "tide-attack-reduction", "30%")]
    # Said of women only, with no trial of them around it: a narrower population, never a contradiction.
    assert [f[0] for f in lint(linter, "In TIDE-1, mepolizumab cut attacks by 30% in women.")] != ["FL101"]


def test_a_modifier_is_looked_for_in_the_earlier_blocks_at_once_as_block_by_block():
    """_refers_back searches the blocks before a source phrase in one joined text: on random documents
    (names at block starts, after stops, in the phrase's own block, beyond the look-back), it answers as a
    search of each block's text on its own does."""
    import random
    from types import SimpleNamespace

    from factlint.claims import _CAPITALISED, _LOOK_BACK, _EarlierText, _refers_back

    def block_by_block(a, blocks) -> bool:
        text = blocks[a.block].text
        for m in _CAPITALISED.finditer(text, a.start, a.end):
            word = m.group()
            if word.lower() == a.noun:
                continue
            for t in [b.text for b in blocks[max(0, a.block - _LOOK_BACK):a.block]] + [text[:a.start]]:
                at = t.find(" " + word)
                while at > 0:
                    if t[at - 1] not in ".!?\n":
                        return True
                    at = t.find(" " + word, at + 1)
        return False

    words = ["the", "Extension", "extension", "data", "Study", "showed", ".", "Registry", " Extension", "\n"]
    rng = random.Random(5)
    seen = {True: 0, False: 0}
    for _ in range(1500):
        blocks = [SimpleNamespace(text="".join(rng.choice(words) + rng.choice([" ", "", ". "])
                                               for _ in range(rng.randint(1, 8))).rstrip(" ") or "x")
                  for _ in range(rng.randint(1, 70))]
        k = rng.randrange(len(blocks))
        blocks[k].text = blocks[k].text + " Extension data showed"
        start = len(blocks[k].text) - len("Extension data showed")
        a = SimpleNamespace(block=k, start=start, end=len(blocks[k].text), noun="data")
        expected = block_by_block(a, blocks)
        assert _refers_back(a, blocks, _EarlierText(blocks)) == expected, [b.text for b in blocks]
        seen[expected] += 1
    assert min(seen.values()) > 100  # both answers are tried


@pytest.mark.parametrize("text", [
    "My doctor prescribed me 40 mg of a steroid for my asthma.",
    "I went up to 60 mg of the steroid, and the side effects were too much.",
    "At 50 and 60 mg of the steroid, I could not sleep.",
])
def test_a_dose_in_the_writers_own_account_is_no_statistic(linter, text):
    """A dose someone took ("I was prescribed 40 mg") is an anecdote, not a dose stated as a fact about a drug."""
    assert lint(linter, text) == []


def test_a_dose_stated_of_a_drug_is_still_a_statistic_and_still_judged(linter):
    assert lint(linter, "A steroid is usually given at 40 mg for asthma attacks.") == [("FL102", None, "40 mg")]
    # "i.e." and "stage I" are not the writer
    assert lint(linter, "A steroid (i.e. prednisone) is given at 40 mg in stage I asthma.") == [
        ("FL102", None, "40 mg")]
    # The writer's own dose of a registry drug is still judged against its claim.
    assert lint(linter, "I was given mepolizumab 250 mg every four weeks.") == [
        ("FL101", "mepolizumab-dose", "250 mg")]


def test_doses_of_a_schedule_with_numbered_days_are_its_steps(linter):
    """"40 mg on day 1, then 20 mg on days 2-5": the steps of a dosing schedule, not doses stated as facts
    (spec: dosing steps in instructions); a dose in a sentence that only names a result's week still is."""
    assert lint(linter, "Patients were given a steroid at 40 mg on day 1, then 20 mg on days 2-5.") == []
    assert lint(linter, "From day 8, the steroid dose could rise to 60 mg.") == []
    # A starting dose alone ("for the first 2 days") is still a dose stated as a fact (test_linking)
    assert [f[0] for f in lint(linter, "A steroid is started at 40 mg for the first 2 days.")] == ["FL102"]
    assert [f[0] for f in lint(linter, "A steroid is usually given at 40 mg, with results at week 16.")] == [
        "FL102"]
