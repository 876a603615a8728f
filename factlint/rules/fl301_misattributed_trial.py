"""FL301 misattributed-trial: a trial credited with a drug that was neither its drug nor its comparator."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .base import Rule, cite

if TYPE_CHECKING:
    from ..facts import DrugMention, TrialMention
    from ..knowledge import Context
    from ..registry.model import Drug, Registry, Trial


def check(ctx: Context) -> Iterator[Finding]:
    for block in ctx.facts.blocks:
        if not (block.drugs and block.trials):
            continue
        trials_in = block.by_sentence(block.trials)
        for sentence, drugs, trials in zip(block.sentence_spans(), block.by_sentence(block.drugs), trials_in):
            if drugs and trials:
                yield from misattributed(block.text, sentence, drugs, trials, ctx.registry, block.index)


_IN_TRIAL = re.compile(r"\b(?:in|during)\s+(?:the\s+)?$", re.IGNORECASE)


def misattributed(text: str, sentence: tuple[int, int], drugs: list[DrugMention], trials: list[TrialMention],
                 registry: Registry, block: int) -> list[Finding]:
    s0, s1 = sentence
    ts = [t for t in trials if s0 <= t.start < s1]
    ds = [d for d in drugs if s0 <= d.start < s1]
    if not ts or not ds:
        return []
    from ..lexicon import word_regex

    attribution = word_regex("drug_statements", "trial_verbs", after=r"|'s\b")  # "tested X", "X's results"
    contrast = word_regex("drug_statements", "contrast_words", before="[;]|")  # "..., while X ..."
    # "tested X", "compared X with Y", "X's results", or "In the TRIAL trial, X ...".
    if not attribution.search(text, s0, s1) and not any(_IN_TRIAL.search(text[s0:t.start]) for t in ts):
        return []
    out = []
    for d in ds:
        t = min(ts, key=lambda t: (min(abs(d.start - t.end), abs(t.start - d.end)), t.start))
        trial = registry.trials.get(t.trial)
        if trial is None:
            continue
        lo, hi = sorted((d.end, t.end))
        if contrast.search(text, min(d.start, t.start), max(d.end, t.end)):
            continue  # a separate clause
        if _belongs(trial, d, text, registry):
            continue
        drug = registry.drugs.get(d.drug)
        tested = _drug_name(registry, trial.drug)
        comparator = _drug_name(registry, trial.comparator) if trial.comparator else None
        vs = f" with {comparator}" if comparator else ""
        msg = (f"{trial.name} compared {tested}{vs}, not {drug.name if drug else text[d.start:d.end]}"
               f"{cite(registry, trial.source)}")
        out.append(Finding("FL301", block, d.start, d.end, msg, trial.id, registry.citation(trial.source),
                           registry.source_url(trial.source)))
    return out


def _drug_name(registry: Registry, ref: str | None) -> str:
    if not ref:
        return "?"
    d = registry.drugs.get(ref)
    return d.name if d else ref


def _belongs(trial: Trial, d: DrugMention, text: str, registry: Registry) -> bool:
    if d.drug in (trial.drug, trial.comparator):
        return True
    drug: Drug | None = registry.drugs.get(d.drug)
    if drug is None or not trial.comparator:
        return False
    from ..drugclasses import normalise_class

    # A free-text comparator ("chemotherapy (pemetrexed plus cisplatin or carboplatin)") that names the drug.
    comp = trial.comparator.lower()
    names = [drug.name.lower(), *(b.lower() for b in drug.brands)]
    if any(re.search(rf"\b{re.escape(n)}\b", comp) for n in names):
        return True
    return bool(drug.drug_class and normalise_class(drug.drug_class) in comp)


RULE = Rule(
    "FL301", "misattributed-trial", Severity.ERROR,
    "A trial named as testing, comparing or evaluating a drug that is neither its drug nor its comparator.",
    "Trial names are how readers and clinicians find the evidence; crediting a trial with the wrong drug "
    "sends them to results that say nothing about it. The registry's `trials` give each trial's drug "
    "and comparator; a drug in another clause ('..., while X ...') is not attributed to the trial.",
    "The ALTA-1L trial compared alectinib with crizotinib.",
    "The ALTA-1L trial compared brigatinib with crizotinib.",
    "Name the trial that tested the drug, or the drug the trial tested.",
    verdict="trial-problem",
    label="wrong trial for this drug",
    check=check,
)
