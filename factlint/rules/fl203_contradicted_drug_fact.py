"""FL203 contradicted-drug-fact: a wrong drug class, or a drug presented as a treatment where the registry says it is not one."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..knowledge import Context
from .base import Rule


def check(ctx: Context) -> Iterator[Finding]:
    from .drugs import check_classes, check_not_for

    known = ctx.knowledge.known_classes
    for block in ctx.facts.blocks:
        if not block.drugs:
            continue
        flagged: set = set()  # a drug with a wrong class is not also flagged as used where it is not for
        sentences = block.sentence_spans()
        drugs_in = block.by_sentence(block.drugs)
        for sentence, drugs in zip(sentences, drugs_in):
            if drugs:
                yield from check_classes(block.text, sentence, drugs, ctx.registry, block.index, flagged, known)
        entity_spans = [(e.entity, e.start, e.end) for e in block.entities]
        yield from check_not_for(block.text, sentences, drugs_in, entity_spans, ctx.registry, block.index, flagged)


RULE = Rule(
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
    verdict="drug-problem",
    check=check,
)
