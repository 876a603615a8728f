"""FL301 misattributed-trial: a trial credited with a drug that was neither its drug nor its comparator."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..knowledge import Context
from .base import Rule


def check(ctx: Context) -> Iterator[Finding]:
    from .drugs import check_trials

    for block in ctx.facts.blocks:
        if not (block.drugs and block.trials):
            continue
        trials_in = block.by_sentence(block.trials)
        for sentence, drugs, trials in zip(block.sentence_spans(), block.by_sentence(block.drugs), trials_in):
            if drugs and trials:
                yield from check_trials(block.text, sentence, drugs, trials, ctx.registry, block.index)


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
    check=check,
)
