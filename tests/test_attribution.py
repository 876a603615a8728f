"""FL302 vague-attribution: unnamed sources without a citation in the sentence."""

import re

import pytest

from factlint.facts import BlockFacts, DocumentFacts
from factlint.readers import read_markdown
from factlint.registry.model import Registry
from factlint.rules import BY_CODE
from factlint.attribution import find_attributions
from factlint.knowledge import Context, Knowledge


def findings(text: str):
    """FL302's findings on a Markdown draft whose blocks hold no number or drug (so the pipeline would
    not have split them into sentences), from facts built by hand."""
    blocks = read_markdown(text)
    facts = DocumentFacts(
        "d.md", tuple(BlockFacts(i, b.text, b.kind, b.group, (0,)) for i, b in enumerate(blocks)), (),
        tuple(a for i, b in enumerate(blocks) for a in find_attributions(i, b.text, (0,), b)))
    ctx = Context(facts, Knowledge(Registry()))
    return [(f.block, blocks[f.block].text[f.start:f.end], f) for f in BY_CODE["FL302"].check(ctx)]


def phrases(text: str) -> list[str]:
    return [p for _, p, _ in findings(text)]


# ---- each cue family, flagged with the exact phrase span -----------------------------------------------
FLAGGED = [
    ("Studies show that brisk walking lowers fasting glucose.", "Studies show"),
    ("Studies have shown that oats can blunt a sugar spike.", "Studies have shown"),
    ("Several studies suggest that poor sleep raises insulin resistance.", "Several studies suggest"),
    ("Two large studies found fewer foot ulcers with daily checks.", "Two large studies found"),
    ("Research has shown that cinnamon does little for HbA1c.", "Research has shown"),
    ("Recent research suggests that fasting helps some adults.", "Recent research suggests"),
    ("Research shows that strength training improves glucose uptake.", "Research shows"),
    ("Researchers have found that night shifts disturb glucose control.", "Researchers have found"),
    ("Scientists report that gut bacteria shape insulin sensitivity.", "Scientists report"),
    ("Experts say that a short walk after dinner is worthwhile.", "Experts say"),
    ("Most experts agree that sugary drinks should be the first thing to go.", "Most experts agree"),
    ("Health experts recommend an eye exam every year.", "Health experts recommend"),
    ("Many doctors recommend checking feet every evening.", "Many doctors recommend"),
    ("Experts estimate that half of cases go undiagnosed.", "Experts estimate"),
    ("According to a recent survey, many adults never check their feet.", "According to a recent survey"),
    ("According to a survey, few clinics offer evening appointments.", "According to a survey"),
    ("According to experts, breakfast timing matters less than quality.", "According to experts"),
    ("A recent report found that insulin prices keep rising.", "A recent report found"),
    ("Statistics show that rural patients see specialists less often.", "Statistics show"),
    ("Data from a national registry suggest that amputations are falling.",
     "Data from a national registry suggest"),
    ("In studies, the tablet lowered HbA1c by about one point.", "In studies"),
    ("Metformin is cheap, with some studies reporting fewer heart attacks.", "some studies reporting"),
    ("A 2020 study by university researchers found that standing desks help.",
     "A 2020 study by university researchers found"),
    ("Daily foot checks are recommended by most experts.", "recommended by most experts"),
    ("The pump works, according to research presented at a diabetes congress last June.",
     "according to research"),
    ("Uptake is slow, and some experts are describing the results as modest.", "some experts are describing"),
    ("Together with previous studies that showed no benefit, the picture is unclear.",
     "previous studies that showed"),
    ("Clinical trials show that the pump works.", "Clinical trials show"),
    ("A US study found more ulcers in smokers.", "A US study found"),
    ("A literature review from 2019 found that most adults skip foot checks.",
     "A literature review from 2019 found"),
    ("Foot checks halve ulcers, according to a 2017 systematic review and meta-analysis.",
     "according to a 2017 systematic review"),
    ("A meta-analysis showed that oats blunt a sugar spike.", "A meta-analysis showed"),
    ("The patch works, according to findings from a large trial shown at a congress.",
     "according to findings"),
    ("New findings suggest that naps help shift workers.", "New findings suggest"),
    ("Growing evidence shows that walking lowers blood pressure.", "Growing evidence shows"),
    ("The new inhaler is being hailed by lung experts as a breakthrough.", "hailed by lung experts"),
    ("Cold baths are touted by some doctors as a cure.", "touted by some doctors"),
    # a bracketed aside between the source and its verb
    ("Three cohort studies (12,400 adults [cohort A] and 9,100 [cohort B]) have found fewer falls.",
     "Three cohort studies (12,400 adults [cohort A] and 9,100 [cohort B]) have found"),
    ("In a clinical trial, people who took the pill fell less often.", "In a clinical trial"),
    ("In a recent survey 66% of adults skipped foot checks.", "In a recent survey"),
    ("A new large clinical trial suggests that naps help.", "A new large clinical trial suggests"),
    ("In a study of children (ages 10 to 18) with asthma, fewer needed steroids.",
     "In a study of children (ages 10 to 18) with asthma"),
    ("Earlier surveys (none of them national) showed fewer falls.",
     "Earlier surveys (none of them national) showed"),  # a negation inside the aside negates nothing
]


@pytest.mark.parametrize("text, phrase", FLAGGED)
def test_cue_is_flagged_with_its_span(text, phrase):
    assert phrases(text) == [phrase]


def test_finding_fields_and_message():
    [(block, phrase, f)] = findings("Intro paragraph.\n\nStudies show that fibre slows digestion.")
    assert (f.code, f.block, f.registry_id) == ("FL302", 1, None)
    assert phrase == "Studies show"
    assert f.message == ('"Studies show" attributes this to unnamed studies with no citation in the '
                         "sentence; name and cite the source")


@pytest.mark.parametrize("text, who", [
    ("Experts say salt matters.", "unnamed experts"),
    ("Research suggests salt matters.", "unnamed research"),
    ("According to a recent survey, salt matters.", "an unnamed survey"),
    ("Data show that salt matters.", "unnamed data"),
    ("Experts anticipate that salt will matter.", "unnamed experts"),
    ("Medical professionals say that salt matters.", "unnamed professionals"),
    ("According to some estimates, salt matters.", "unnamed estimates"),
    ("Health officials said salt matters.", "unnamed officials"),
])
def test_message_names_the_kind_of_source(text, who):
    [(_, _, f)] = findings(text)
    assert f"attributes this to {who} with no citation" in f.message


def test_message_for_a_named_body_asks_for_the_citation():
    [(_, _, f)] = findings("Statistical data from the National Diabetes Bureau shows that salt matters.")
    assert "unnamed" not in f.message
    assert "names a source but no citation in the sentence" in f.message


@pytest.mark.parametrize("text", [
    "Registry Office data show that salt matters.",  # a name before the source noun
    "A survey released by the Salt Institute found that salt matters.",
])
def test_a_name_before_the_source_or_after_by_names_it(text):
    [(_, _, f)] = findings(text)
    assert "names a source but no citation in the sentence" in f.message


@pytest.mark.parametrize("text, who", [
    ("Research into Menkes disease has found that copper matters.", "unnamed research"),
    ("A study of Danish women found that salt matters.", "an unnamed study"),
    ("Studies looking at Japanese diets suggest that salt matters.", "unnamed studies"),
])
def test_a_name_that_is_the_sources_topic_leaves_it_unnamed(text, who):
    """"Research into Menkes disease": a capitalised topic is not who made the research."""
    [(_, _, f)] = findings(text)
    assert f"attributes this to {who} with no citation" in f.message


# ---- a citation in the same sentence silences it ----------------------------------------------------
@pytest.mark.parametrize("citation", [
    " [3]",
    "[^2]",
    " (Okafor et al., 2018)",
    " (doi:10.1234/diab.2018.445)",
    " (PMID: 29876543)",
    " (see https://example.org/walking-trial)",
    " ([Okafor 2018](https://example.org/okafor))",
])
def test_citation_in_the_sentence_silences(citation):
    base = "Studies show that brisk walking lowers fasting glucose"
    assert phrases(base + ".") == ["Studies show"]
    assert phrases(base + citation + ".") == []


@pytest.mark.parametrize("text", [
    "According to a recent survey [4], many adults never check their feet.",
    "Researchers have found (Lindqvist and Moreau, 2021) that night shifts disturb glucose control.",
])
def test_other_cue_families_are_silenced_too(text):
    assert phrases(text) == []


def test_html_superscript_is_a_citation():
    blocks = read_markdown("<p>Experts say a short walk helps<sup>5</sup>.</p>")
    if not blocks or not any(m.kind == "sup" for b in blocks for m in b.marks):
        pytest.skip("the Markdown reader does not keep inline HTML marks here")
    assert phrases("<p>Experts say a short walk helps<sup>5</sup>.</p>") == []


def test_citation_in_the_next_sentence_does_not_silence():
    text = "Studies show that walking helps. A later review agreed [7]."
    assert phrases(text) == ["Studies show"]


# ---- naming an organisation or a journal is not a citation -------------------------------------------
@pytest.mark.parametrize("text, phrase", [
    ("According to a survey by the National Kidney Society, most patients miss a dose each month.",
     "According to a survey"),
    ("According to a recent survey conducted by the Diabetes Alliance, most patients want shorter waits.",
     "According to a recent survey"),
    ("According to a study published in the Journal of Endocrine Care, naps do not help.",
     "According to a study"),
    ("Statistical data from the Federal Health Office shows that waiting lists grew.",
     "Statistical data from the Federal Health Office shows"),
    ("A study published in the Annals of Internal Care found that apps help.",
     "A study published in the Annals of Internal Care found"),
])
def test_organisation_or_journal_is_still_flagged(text, phrase):
    assert phrases(text) == [phrase]


# ---- quiet ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    # agentless passives name no source
    "Metformin has been found to lower the risk of weight gain.",
    "Insulin is known to cause low blood sugar if meals are skipped.",
    "It was found to be effective in most adults.",
    "Daily walking has been shown to improve sleep.",
    # negated attributions are ambiguous
    "Studies don't show a benefit of cinnamon.",
    "While studies don’t show a benefit, some people like it.",
    "Studies have not shown that vinegar lowers HbA1c.",
    "No studies have shown that vinegar lowers HbA1c.",
    "Few studies show a lasting effect.",
    "Not all experts agree on low-carb diets.",
    "Two small surveys (neither published yet) do not show a change in habits.",
    # research as an object or a topic, no attribution verb
    "More research is needed on fasting.",
    "Ongoing research is looking at weekly insulin.",
    "As research continues, new options may appear.",
    "Clinical trials are exploring once-weekly injections.",
    "Research studies and clinical trials may offer free treatment.",
    "Researchers are also investigating smart insulin pens.",
    # a named or known source
    "The study found that walking helps.",
    "These data show a clear trend.",
    "The trial showed a clear trend.",
    "In studies 30 people took the pill.",
    "These findings suggest a clear trend.",
    "The evidence shows a clear trend.",
    "The pill was considered by the panel last year.",
    "Results from the STEADY trial study showed fewer lows.",
    "Data from a large study known as STEADY showed fewer lows.",
    "Data from the LANTERN trial showed fewer lows.",
    "Results from the Nurses' Health Study showed a link.",
    "Your doctors may recommend a continuous glucose monitor.",
    "According to the American Diabetes Society, adults should be screened from age 35.",
    # doctors doing, not saying
    "Doctors found a small ulcer on his heel.",
    "Doctors confirmed the diagnosis last week.",
    "Specialists found a small ulcer on his heel.",
    "Officials confirmed the clinic's closure last week.",
    # headings and topics
    "## Survey Data",
    "Survey data and statistical reports are listed below.",
])
def test_quiet(text):
    assert phrases(text) == []


def test_two_attributions_in_one_paragraph_give_two_findings():
    text = ("Experts say that sleep matters for glucose control. Studies show that short sleepers "
            "have higher fasting glucose.")
    assert phrases(text) == ["Experts say", "Studies show"]


def test_two_paragraphs_keep_their_blocks():
    text = "Experts say that sleep matters.\n\nResearch suggests that naps do not.\n"
    assert [(b, p) for b, p, _ in findings(text)] == [(0, "Experts say"), (1, "Research suggests")]


def test_one_finding_per_attribution_phrase():
    # one phrase that holds a second vague word, and a source chained to its opener by a comma
    assert phrases("A study by hospital researchers found that apps help.") == [
        "A study by hospital researchers found"]
    assert phrases("In clinical studies, researchers found fewer lows.") == ["In clinical studies"]


def test_blocks_without_a_cue_word_are_skipped(monkeypatch):
    import factlint.attribution as attribution

    calls = []
    monkeypatch.setattr(attribution, "sentence_starts", lambda t: calls.append(t) or [0])
    findings("Walking after meals helps.\n\nExperts say so.\n\n- Eat more fibre.\n")
    assert calls == ["Experts say so."]


# ---- end to end -------------------------------------------------------------------------------------
def test_linter_reports_fl302(diabetes_linter):
    # diabetes_linter is Linter.from_registry_paths(["tests/fixtures/diabetes/registry.yaml"]) (conftest.py)
    text = ("# Sleep\n\nExperts say that poor sleep raises blood sugar. Studies show that naps help "
            "(Okafor et al., 2018).\n")
    result = diabetes_linter.lint_text(text, "d.md")
    fl302 = [d for d in result.diagnostics if d.code == "FL302"]
    assert len(fl302) == 1
    d = fl302[0]
    assert (d.line, d.column, d.end_column) == (3, 1, 12)
    assert d.rule == "vague-attribution" and d.severity.value == "info" and d.registry_id is None



def test_a_headline_is_not_flagged(diabetes_linter):
    """"# Study shows ..." announces what the article's body sources; the body's own attributions are flagged."""
    text = "# Study shows naps lower blood sugar\n\nExperts say that poor sleep raises blood sugar.\n"
    fl302 = [d for d in diabetes_linter.lint_text(text, "d.md").diagnostics if d.code == "FL302"]
    assert [(d.line, d.column) for d in fl302] == [(3, 1)]


def test_subject_phrases_are_tried_only_where_they_can_start():
    """The subject pattern is tried only at the word starts within four words before a source word; it
    must find exactly what a scan of every offset finds (random word salads, both cases, brackets,
    apostrophes, hyphens, line breaks); and a window where one is found has a verb after its first source
    word (windows without are not tried)."""
    import random

    from factlint import attribution as A

    words = ["studies", "study", "show", "recent", "have", "consistently", "found", "that", "data", "from",
             "a", "the", "meta-analysis", "non-randomised", "experts", "say", "doctors", "(n = 7)", ",", ".",
             "2019", "research", "suggests", "don't", "researchers'", "trial", "of", "children",
             "(ages 10 to 18)", "with", "according", "to", "is", "recommended", "by", "in", "survey", "66%",
             "\n", "  ", "evidence", "o'brien", "very-" * 40 + "long"]
    rng = random.Random(11)
    found = 0
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 30)))
        text = text.title() if rng.random() < 0.3 else text
        folded = text.lower()
        low = folded if len(folded) == len(text) else text
        subject = A._patterns(low is not text)[0]
        for lo, hi, nouns in A._windows(text, low, folded):
            every = [m.span() for m in subject.finditer(low, lo, hi)]
            assert [m.span() for m in A._subject_matches(subject, low, lo, hi, nouns)] == every, text
            if every:  # (_phrases_in tries the subject only where a verb follows the window's first noun)
                assert A._verb_pattern(low is not text).search(low, nouns[0], hi) is not None, text
            found += len(every)
    assert found > 1000  # the salads do hold subject phrases


def test_windows_without_a_verb_are_not_tried_and_that_changes_nothing(monkeypatch):
    """_phrases_in tries the subject pattern only in windows with a verb after their first source word:
    on random word salads (both cases), the phrases found equal those found trying every window."""
    import random

    from factlint import attribution as A

    words = ["studies", "study", "show", "shows", "recent", "have", "found", "that", "data", "from", "a", "the",
             "meta-analysis", "analysis", "experts", "say", "doctors", "(n = 7)", ",", ".", "research",
             "suggests", "don't", "researchers", "of", "children", "\n", "reported", "in", "survey", "66%"]
    rng = random.Random(23)
    salads = []
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 30)))
        salads.append(text.title() if rng.random() < 0.3 else text)
    pruned = [A._phrases(t) for t in salads]
    monkeypatch.setattr(A, "_verb_pattern", lambda lowercased: re.compile(""))  # every window tried
    assert [A._phrases(t) for t in salads] == pruned
    assert sum(map(len, pruned)) > 1000  # the salads do hold phrases


def test_in_a_source_is_found_as_its_pattern_finds_it():
    """ "In a survey, 66% ..." is searched for from the word "in" (factlint.wordsearch); on random texts, in
    windows of them, both cases, its matches and groups are the pattern's."""
    import random

    from factlint import attribution as A

    words = ["in", "In", "within", "begin", "a", "recent", "survey", "surveys", "study", "of", "adults", ",", "66%",
             "66 percent", "12", "(n = 7)", "conducted", "by", "the", "\n", "in  a", "review", "in a survey,",
             "In a recent study 40%", "within a review,", "in surveys of adults,", "xin a study,"]
    rng = random.Random(31)
    found = 0
    for _ in range(4000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 16)))
        for lowercased in (True, False):
            low = text.lower() if lowercased else text
            lo, hi = (0, len(low)) if rng.random() < 0.5 else sorted(rng.randint(0, len(low)) for _ in range(2))
            expected = [(m.span(), m.group("noun"), m.group("post")) for m in A._in_document(lowercased).pattern.finditer(low, lo, hi)]
            got = [(m.span(), m.group("noun"), m.group("post")) for m in A._in_document(lowercased).finditer(low, lo, hi)]
            assert got == expected, (text, lo, hi)
            found += len(expected)
    assert found > 300


def test_blocks_skipped_by_their_tokens_hold_no_source_word():
    """The engine skips a block none of whose tokens may be part of a source word (asked once per
    distinct token). On texts of every shape (hyphens, "meta-analysis", "n't", capitals, glued
    punctuation), no block it skips holds a source word the phrase patterns look for."""
    import random

    from factlint.attribution import _source_words
    from factlint.claims import split_chunk
    from factlint.engine import _SEPARATOR
    from factlint.nlp.pipeline import build_nlp

    nlp = build_nlp(Registry())
    pieces = ["Studies", "study's", "meta-analysis", "Meta-analyses", "researchers", "RESEARCH", "experts'",
              "survey-based", "trial/study", "data.Then", "scien't", "doctors", "reviewn't", "walking", "helps",
              "-", ",", ".", "(", ")", "n't", "x", "\n", "  "]
    rng = random.Random(11)
    skipped = 0
    for _ in range(300):
        blocks = ["".join(rng.choice(pieces) + rng.choice(["", " ", " "]) for _ in range(rng.randint(1, 6))).strip()
                  or "x" for _ in range(rng.randint(1, 4))]
        offsets, at = [], 0
        for b in blocks:
            offsets.append(at)
            at += len(b) + len(_SEPARATOR)
        for text, a in zip(blocks, split_chunk(nlp(_SEPARATOR.join(blocks)), offsets, [len(b) for b in blocks])):
            if not a.may_attribute:
                skipped += 1
                assert _source_words(False).pattern.search(text) is None, text
    assert skipped > 50


def test_according_and_passive_matches_hold_their_quick_test_words():
    """The "according to" and passive patterns are tried only in windows that hold "according" and "by"
    (on the lowercased text): every match of theirs must hold that word."""
    import random

    from factlint.attribution import PASSIVES, _patterns

    _, according, passive = _patterns(True)
    pieces = ["according to", "according", "to", "a recent survey", "experts", "researchers", "by", "studies",
              "the", "of", ",", ".", "recent"] + list(PASSIVES)
    rng = random.Random(6)
    seen = 0
    for _ in range(20000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        for pattern, word in ((according, "according"), (passive, "by")):
            for m in pattern.finditer(text):
                seen += 1
                assert word in m.group(0), (text, m.group(0))
    assert seen > 200


def test_the_stem_search_finds_a_stem_exactly_where_one_is_written():
    """The prefilter's one search for the source words' stems answers as a substring test of each stem does,
    on random lowercased texts of stems, their pieces and other letters."""
    import random

    from factlint import attribution

    stems = attribution._STEMS
    pieces = list(stems) + [s[:3] for s in stems] + [s[2:] for s in stems] + ["x", " ", "-", "e", "s", "\n"]
    rng = random.Random(6)
    held = 0
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        want = any(stem in text for stem in attribution._STEMS)
        assert (attribution._ANY_STEM.search(text) is not None) == want, text
        held += want
    assert 1000 < held < 4500
