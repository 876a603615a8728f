"""FL203 contradicted-drug-fact: a wrong drug class, or a drug presented as a treatment where the registry
says it is not one."""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from .base import Rule, cite

if TYPE_CHECKING:
    from ..facts import DrugMention
    from ..knowledge import Context
    from ..registry.model import Registry


def check(ctx: Context) -> Iterator[Finding]:
    known, not_for_drugs = ctx.knowledge.known_classes, ctx.knowledge.drugs_not_for
    for block in ctx.facts.blocks:
        if not block.drugs:
            continue
        flagged: set = set()  # a drug with a wrong class is not also flagged as used where it is not for
        sentences = block.sentence_spans()
        drugs_in = block.by_sentence(block.drugs)
        for sentence, drugs in zip(sentences, drugs_in):
            if drugs:
                yield from wrong_classes(block.text, sentence, drugs, ctx.registry, block.index, flagged, known)
        # (only a drug with a `not_for` statement can be presented where it is not one: most blocks name none)
        if any(d.drug in not_for_drugs for d in block.drugs):
            entity_spans = [(e.entity, e.start, e.end) for e in block.entities]
            yield from not_for(block.text, sentences, drugs_in, entity_spans, ctx.registry, block.index, flagged)


# ---- a class the drug is not -------------------------------------------------------------------------------
# "X, an ALK inhibitor", "X is a PD-1 inhibitor", "X (a chemotherapy drug)", "X and Y are ... ALK inhibitors"
_IS_A = re.compile(r"^(?:'s)?\s*(?:,\s*(?:which\s+is\s+)?|\s+is\s+|\s+are\s+|\s*\(\s*|\s+was\s+|\s+belongs\s+to\s+)"
                   r"(?:(?:a|an|the|one\s+of\s+the|another|also\s+a|also\s+an)\s+)?"
                   r"(?:[\w-]+\s+){0,3}?$", re.IGNORECASE)
# "ALK inhibitors such as X", "checkpoint inhibitors, like X", "chemotherapy drugs include X"
_SUCH_AS = re.compile(r"^,?\s*(?:\(\s*|,?\s*(?:such\s+as|like|including|include|includes|e\.g\.,?|for\s+example,?)\s+"
                      r"|(?:used\s+in\s+\w+[\w\s-]{0,40}?\s+)?include\s+|:\s*)$", re.IGNORECASE)


def wrong_classes(text: str, sentence: tuple[int, int], drugs: list[DrugMention], registry: Registry,
                  block: int, flagged: set, known: frozenset[str]) -> list[Finding]:
    from ..drugclasses import class_fits, class_phrases

    out = []
    s0, s1 = sentence
    in_sentence = sorted((d for d in drugs if s0 <= d.start < s1), key=lambda d: d.start)
    if not in_sentence:
        return out
    for m in class_phrases(text, s0, s1, registry):
        phrase = m.text
        # The drugs the class is said of: "X is a C" (X before C, in a list of drugs joined by and/commas),
        # or "C such as X, Y and Z" (after C).
        said: list[DrugMention] = []
        before = [d for d in in_sentence if d.end <= m.start]
        if before and _IS_A.match(text[before[-1].end:m.start]):
            said.append(before[-1])
            k = len(before) - 2
            while k >= 0 and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[before[k].end:before[k + 1].start]):
                said.append(before[k])
                k -= 1
        after = [d for d in in_sentence if d.start >= m.end]
        if after and _SUCH_AS.match(text[m.end:after[0].start]):
            said.append(after[0])
            for prev, d in zip(after, after[1:]):
                if not re.fullmatch(r"\s*(?:,|and|or|,\s*and|,\s*or)\s*", text[prev.end:d.start]):
                    break
                said.append(d)
        for d in said:
            drug = registry.drugs.get(d.drug)
            if drug is None or not drug.drug_class or (d.start, d.end) in flagged:
                continue
            if class_fits(phrase, drug.drug_class, known) is False:
                flagged.add((d.start, d.end))
                msg = (f"{drug.name} is not {_article(phrase)} {phrase}: the registry lists it as "
                       f"{_article(drug.drug_class)} {drug.drug_class}{cite(registry, drug.source)}")
                out.append(Finding("FL203", block, d.start, d.end, msg, drug.id, registry.citation(drug.source),
                                   registry.source_url(drug.source)))
    return out


def _article(phrase: str) -> str:
    return "an" if phrase[:1].lower() in "aeiou" else "a"


# ---- presented as a treatment where the registry's `not_for` says it is not one ----------------------------
NOT_FOR_REACH = 2  # sentences either side in which a class word ("immunotherapy") stands for a named drug


def not_for(text: str, para_sentences: list[tuple[int, int]],
                  drugs_in: list[list[DrugMention]], entity_spans: list[tuple[str, int, int]], registry: Registry,
                  block: int, flagged: set) -> list[Finding]:
    """A drug, or a class word that covers it, presented as used or standard for a condition in its
    `not_for`, in a sentence that is not negated or cautionary; the drug is named in the same sentence or,
    for a class word, in the paragraph within NOT_FOR_REACH sentences."""
    from ..drugclasses import ancestors, class_phrases, normalise_class
    from ..lexicon import word_regex

    # words presenting a drug as used or standard, and words making a sentence negated or cautionary
    use = word_regex("drug_statements", "use_words")
    caution = word_regex("drug_statements", "caution_words", after=r"|n['’]t\b")
    out = []
    entity_starts = sorted(entity_spans, key=lambda e: e[1])
    e_pos = [e[1] for e in entity_starts]
    for k, (s0, s1) in enumerate(para_sentences):
        entities = {e for e, _, _ in entity_starts[bisect.bisect_left(e_pos, s0):bisect.bisect_left(e_pos, s1)]}
        if not entities:
            continue
        nearby = [d for j in range(max(0, k - NOT_FOR_REACH), min(len(drugs_in), k + NOT_FOR_REACH + 1))
                  for d in drugs_in[j]]
        # The word tests only where a nearby drug's not_for condition is named (most sentences have none).
        if not any(set(nf.about) <= entities for d in nearby if d.drug in registry.drugs
                   for nf in registry.drugs[d.drug].not_for):
            continue
        sentence = text[s0:s1]
        if not use.search(sentence) or caution.search(sentence):
            continue
        classes = {normalise_class(m.text) for m in class_phrases(text, s0, s1, registry)}
        named = {d.drug for d in drugs_in[k]}
        for d in nearby:
            drug = registry.drugs.get(d.drug)
            if drug is None or not drug.not_for or (d.start, d.end) in flagged:
                continue
            # The drug named in the sentence, or a class word of the sentence that covers a drug named nearby:
            # the statement is flagged once, at that mention (not at every mention of the drug around it).
            if d.drug in named:
                covers = s0 <= d.start < s1
            else:
                covers = bool(drug.drug_class and ancestors(normalise_class(drug.drug_class)) & classes)
            if not covers:
                continue
            for nf in drug.not_for:
                if set(nf.about) <= entities:
                    flagged.add((d.start, d.end))
                    msg = (f"{drug.name} is presented as a treatment here, but the registry says: "
                           f"{nf.statement.rstrip('.')}{cite(registry, nf.source)}")
                    out.append(Finding("FL203", block, d.start, d.end, msg, drug.id, registry.citation(nf.source),
                                       registry.source_url(nf.source)))
                    break
    return out


RULE = Rule(
    "FL203", "contradicted-drug-fact", Severity.ERROR,
    "A drug said to be of a class it is not ('X, an ALK inhibitor'; 'PD-1 inhibitors such as X'), or a "
    "drug (or a class word that covers it, such as 'immunotherapy') presented as used, recommended or "
    "standard for a condition the registry lists in the drug's `not_for`.",
    "A wrong class misleads about how a medicine works and what it is for; presenting a drug as a "
    "standard option where guidelines and evidence say it is not can steer patients to the wrong "
    "treatment. A broader class that contains the drug's class ('immune checkpoint inhibitors' for a "
    "PD-1 inhibitor) is not wrong; what a drug is made of ('a monoclonal antibody') is not judged against a "
    "class that says what it acts on ('PD-1 inhibitor'); negated or cautionary statements ('is not "
    "recommended', 'shows little benefit') are correct and stay quiet.",
    "Nivolumab is a standard first treatment for ALK-positive lung cancer.",
    "Nivolumab is not recommended for ALK-positive lung cancer.",
    "Correct the class, or say what the registry's statement says (with its source).",
    verdict="drug-problem",
    label="wrong drug fact",
    check=check,
)
