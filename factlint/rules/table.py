"""The one table of rules: code, name, default severity and documentation side by side (as in ruff).

A code, once shipped, keeps its meaning; a retired code is never reused.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..findings import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str  # one line: what it flags
    why: str  # why it matters
    flags: str  # an example it flags
    accepts: str  # an example it accepts
    fix: str  # what to do about it


RULES: tuple[Rule, ...] = (
    Rule(
        "FL101", "contradicted-number", Severity.ERROR,
        "A number about a registry claim (same metric and entities) whose value or unit disagrees with it.",
        "A wrong survival time, response rate or prevalence misleads readers about their own prognosis "
        "or treatment. The registry holds the figure with its source; the draft's number falls outside the "
        "claim's range even after unit conversion, the draft's own rounding, hedges such as 'about', and the "
        "registry's tolerance.",
        "Median overall survival for stage IV ALK-positive NSCLC is about 2 years.",
        "Median overall survival for stage IV ALK-positive NSCLC is nearly seven years.",
        "Correct the number to the registry's value (the message quotes it with its source), or, if the "
        "draft is right and the registry is out of date, update the registry entry with the newer source.",
    ),
    Rule(
        "FL102", "unsupported-number", Severity.WARNING,
        "A statistic (a rate, share, survival time, count of people, cost, dose, multiple) that matches no "
        "registry claim and has no citation next to it.",
        "Health readers cannot check a bare statistic. Either it is well established (then it belongs in "
        "the registry with its source) or it needs a citation in the same sentence: a link, a footnote, a "
        "bracketed reference [3], an author-year (Shaw et al., 2013), a DOI or a PMID. Years, dates, stage "
        "and section numbers, names with digits, list numbers, times and phone numbers are not statistics.",
        "About 30% of patients with ALK-positive lung cancer take part in clinical trials.",
        "About 30% of patients with ALK-positive lung cancer take part in clinical trials [4].",
        "Add a citation in the sentence, or add a claim with its source to the registry.",
    ),
    Rule(
        "FL201", "misspelled-drug", Severity.ERROR,
        "A word that is not a known drug but is one edit or so from exactly one registry drug ('loratinib' "
        "for lorlatinib); the message suggests the name.",
        "A misspelt drug name cannot be looked up and may be read as another medicine. Real drugs are never "
        "'corrected': a word in factlint's offline list of about 80,000 generic and brand names (loratadine, "
        "say) or a common English word is left alone, and a word equally close to two drugs says nothing.",
        "Ask your doctor whether crizotinab is right for you.",
        "Loratadine is an antihistamine, not a cancer drug.",
        "Fix the spelling (the message gives the registry's spelling).",
    ),
    Rule(
        "FL202", "brand-generic-mismatch", Severity.ERROR,
        "A brand name paired with another drug's generic name: 'Brand (generic)', 'generic (Brand)', "
        "'Brand, also known as generic', a brand/generic table row.",
        "A reader who looks up the brand on a prescription finds a different medicine. The registry's "
        "`drugs` list each drug's brands; a pair whose brand belongs to one drug and whose generic name is "
        "another's is wrong. The finding names the drug whose brand was used.",
        "Lorbrena (crizotinib) reaches the brain well.",
        "Lorbrena (lorlatinib) reaches the brain well.",
        "Pair the brand with its own generic name, or name the other drug's brand.",
    ),
    Rule(
        "FL203", "contradicted-drug-fact", Severity.ERROR,
        "A drug said to be of a class it is not ('X, an ALK inhibitor'; 'PD-1 inhibitors such as X'), or a "
        "drug (or a class word that covers it, such as 'immunotherapy') presented as used, recommended or "
        "standard for a condition the registry lists in the drug's `not_for`.",
        "A wrong class misleads about how a medicine works and what it is for; presenting a drug as a "
        "standard option where guidelines and evidence say it is not can steer patients to the wrong "
        "treatment. A broader class that contains the drug's class ('immune checkpoint inhibitors' for a "
        "PD-1 inhibitor) is not wrong; negated or cautionary statements ('is not recommended', 'shows little "
        "benefit') are correct and stay quiet.",
        "Nivolumab is a standard first treatment for ALK-positive lung cancer.",
        "Nivolumab is not recommended for ALK-positive lung cancer.",
        "Correct the class, or say what the registry's statement says (with its source).",
    ),
    Rule(
        "FL301", "misattributed-trial", Severity.ERROR,
        "A trial named as testing, comparing or evaluating a drug that is neither its drug nor its comparator.",
        "Trial names are how readers and clinicians find the evidence; crediting a trial with the wrong drug "
        "sends them to results that say nothing about it. The registry's `trials` give each trial's drug "
        "and comparator; a drug in another clause ('..., while X ...') is not attributed to the trial.",
        "The ALTA-1L trial compared alectinib with crizotinib.",
        "The ALTA-1L trial compared brigatinib with crizotinib.",
        "Name the trial that tested the drug, or the drug the trial tested.",
    ),
    Rule(
        "FL302", "vague-attribution", Severity.INFO,
        "A statement attributed to a vague source ('studies show', 'research has shown', 'experts say', "
        "'according to a recent survey', 'statistical data from X shows') with no citation in the sentence.",
        "'Studies show' tells a reader nothing they can check. Naming an organisation or a journal is not a "
        "citation; a link, a footnote, a bracketed reference [3], an author-year (Shaw et al., 2013), a DOI "
        "or a PMID in the same sentence is. Agentless passives ('has been found to') and negated "
        "attributions ('studies don't show') are not flagged.",
        "Studies show that walking after meals lowers blood sugar.",
        "Studies show that walking after meals lowers blood sugar (Reynolds et al., 2016).",
        "Name the study, survey or expert body and cite it in the sentence.",
    ),
    Rule(
        "FL103", "outdated-number", Severity.WARNING,
        "A number that matches a registry claim marked `superseded_by`: a figure a later analysis replaced.",
        "Trial results mature: an early median or hazard ratio is replaced by the final analysis. A draft "
        "that quotes the early figure is not wrong about what was once reported, but it is out of date.",
        "In the primary analysis the hazard ratio was 0.47 (superseded by the mature 0.43).",
        "In the mature analysis the hazard ratio was 0.43.",
        "Quote the current figure that the message names, with its source.",
    ),
    Rule(
        "FL901", "unused-suppression", Severity.WARNING,
        "A `<!-- factlint: disable... -->` comment (or one of its codes) that silenced no finding.",
        "A suppression outlives the problem it was written for: once the claim is fixed or removed, the "
        "comment would silently hide the next, real problem on that line or in that range. Like ruff's "
        "RUF100, factlint reports it so it can be deleted. Codes of rules not run (--select, --ignore) are "
        "not judged.",
        "<!-- factlint: disable-next-line FL102 -->\nThe sky is blue.",
        "<!-- factlint: disable-next-line FL102 -- figure from our own audit -->\nAbout 12% of clinic "
        "visits were missed.",
        "Delete the comment, or the codes in it that no longer match a finding.",
    ),
    Rule(
        "FL902", "invalid-suppression", Severity.WARNING,
        "A `<!-- factlint: ... -->` comment that factlint cannot read: an unknown directive or an unknown "
        "rule code.",
        "A misspelt directive ('disable-nextline') or code ('FL10') silences nothing, and the author believes "
        "it does.",
        "<!-- factlint: disable-nextline FL102 -->",
        "<!-- factlint: disable-next-line FL102 -- reason -->",
        "Write `disable-next-line`, `disable-line`, `disable` or `enable`, followed by rule codes (or none, "
        "for every rule) and optionally `-- reason`.",
    ),
)

RULES = tuple(sorted(RULES, key=lambda r: r.code))
BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}


def lookup(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    return BY_CODE.get(key.upper()) or BY_NAME.get(key.lower())


def matches(code: str, selectors) -> bool:
    """Whether `code` is named by any selector: a full code, a prefix ("FL1"), a rule name, or "ALL"."""
    for s in selectors:
        s = s.strip()
        if not s:
            continue
        if s.upper() == "ALL" or code.startswith(s.upper()):
            return True
        rule = BY_NAME.get(s.lower())
        if rule and rule.code == code:
            return True
    return False


def is_selector(selector: str) -> bool:
    """Whether `selector` names at least one rule: a code, a prefix of codes, a rule name, or "ALL"."""
    s = selector.strip()
    return s.upper() == "ALL" or lookup(s) is not None or any(r.code.startswith(s.upper()) for r in RULES)
