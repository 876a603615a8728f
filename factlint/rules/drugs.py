"""The statements FL202 brand-generic-mismatch, FL203 contradicted-drug-fact and FL301 misattributed-trial look for.

All three work on the registry's drug, brand and trial mentions that the pipeline matched in each block,
sentence by sentence (a table row is a sentence, its table the paragraph). Precision first: a pattern that
is not clearly a pairing, a class statement or an attribution says nothing.
"""
from __future__ import annotations

import bisect
import re

from ..drugclasses import ancestors, class_fits, class_phrases, normalise_class
from ..facts import DrugMention, TrialMention
from ..findings import Finding
from ..lexicon import load, words_pattern
from ..registry.model import Drug, Registry, Trial
from .base import short_citation

_WORDS = load("drug_statements")


def _cite(registry: Registry, source: str | None) -> str:
    c = short_citation(registry.citation(source))
    return f" ({c})" if c else ""


# ---- FL202 -------------------------------------------------------------------------------------
_PAIRING = re.compile(
    r"^\s*(?:\(\s*|,\s*(?:also\s+)?(?:known|sold|marketed|available)\s+as\s+|\s+(?:also\s+)?(?:known|sold|marketed)\s+as\s+"
    r"|,?\s*(?:a\.k\.a\.|aka)\s+|\s*\|\s*|\s*/\s*|,\s*(?:brand\s+name|generic\s+name)\s+)$",
    re.IGNORECASE,
)


def check_brand_pairs(text: str, drugs: list[DrugMention], registry: Registry, block: int) -> list[Finding]:
    out = []
    ordered = sorted(drugs, key=lambda d: d.start)
    for a, b in zip(ordered, ordered[1:]):
        if a.brand == b.brand or a.drug == b.drug:
            continue
        if not _PAIRING.match(text[a.end:b.start]):
            continue
        brand, generic = (a, b) if a.brand else (b, a)
        drug = registry.drugs.get(brand.drug)
        other = registry.drugs.get(generic.drug)
        if drug is None or other is None:
            continue
        written = text[brand.start:brand.end]
        msg = (f"\"{written}\" is a brand of {drug.name}, not of {other.name}: the registry lists "
               f"{written} under {drug.name}{_cite(registry, drug.source)}")
        out.append(Finding("FL202", block, brand.start, brand.end, msg, drug.id, registry.citation(drug.source),
                           registry.source_url(drug.source)))
    return out


# ---- FL203: classes ----------------------------------------------------------------------------
# "X, an ALK inhibitor", "X is a PD-1 inhibitor", "X (a chemotherapy drug)", "X and Y are ... ALK inhibitors"
_IS_A = re.compile(r"^(?:'s)?\s*(?:,\s*(?:which\s+is\s+)?|\s+is\s+|\s+are\s+|\s*\(\s*|\s+was\s+|\s+belongs\s+to\s+)"
                   r"(?:(?:a|an|the|one\s+of\s+the|another|also\s+a|also\s+an)\s+)?"
                   r"(?:[\w-]+\s+){0,3}?$", re.IGNORECASE)
# "ALK inhibitors such as X", "checkpoint inhibitors, like X", "chemotherapy drugs include X"
_SUCH_AS = re.compile(r"^,?\s*(?:\(\s*|,?\s*(?:such\s+as|like|including|include|includes|e\.g\.,?|for\s+example,?)\s+"
                      r"|(?:used\s+in\s+\w+[\w\s-]{0,40}?\s+)?include\s+|:\s*)$", re.IGNORECASE)


def check_classes(text: str, sentence: tuple[int, int], drugs: list[DrugMention], registry: Registry,
                  block: int, flagged: set, known: frozenset[str]) -> list[Finding]:
    out = []
    s0, s1 = sentence
    in_sentence = sorted((d for d in drugs if s0 <= d.start < s1), key=lambda d: d.start)
    if not in_sentence:
        return out
    for m in class_phrases(text, s0, s1, registry):
        phrase = m.group(0)
        # The drugs the class is said of: "X is a C" (X before C, in a list of drugs joined by and/commas),
        # or "C such as X, Y and Z" (after C).
        said: list[DrugMention] = []
        before = [d for d in in_sentence if d.end <= m.start()]
        if before and _IS_A.match(text[before[-1].end:m.start()]):
            said.append(before[-1])
            k = len(before) - 2
            while k >= 0 and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[before[k].end:before[k + 1].start]):
                said.append(before[k])
                k -= 1
        after = [d for d in in_sentence if d.start >= m.end()]
        if after and _SUCH_AS.match(text[m.end():after[0].start]):
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
                       f"{_article(drug.drug_class)} {drug.drug_class}{_cite(registry, drug.source)}")
                out.append(Finding("FL203", block, d.start, d.end, msg, drug.id, registry.citation(drug.source),
                                   registry.source_url(drug.source)))
    return out


def _article(phrase: str) -> str:
    return "an" if phrase[:1].lower() in "aeiou" else "a"


# ---- FL203: presented as a standard option where the registry says it is not --------------------
_USE = re.compile(rf"\b(?:{words_pattern(_WORDS['use_words'])})\b", re.IGNORECASE)
_CAUTION = re.compile(rf"\b(?:{words_pattern(_WORDS['caution_words'])})\b|n['’]t\b", re.IGNORECASE)


NOT_FOR_REACH = 2  # sentences either side in which a class word ("immunotherapy") stands for a named drug


def check_not_for(text: str, para_sentences: list[tuple[int, int]],
                  drugs_in: list[list[DrugMention]], entity_spans: list[tuple[str, int, int]], registry: Registry,
                  block: int, flagged: set) -> list[Finding]:
    """A drug, or a class word that covers it, presented as used or standard for a condition in its
    `not_for`, in a sentence that is not negated or cautionary; the drug is named in the same sentence or,
    for a class word, in the paragraph within NOT_FOR_REACH sentences."""
    out = []
    entity_starts = sorted(entity_spans, key=lambda e: e[1])
    e_pos = [e[1] for e in entity_starts]
    for k, (s0, s1) in enumerate(para_sentences):
        sentence = text[s0:s1]
        if not _USE.search(sentence) or _CAUTION.search(sentence):
            continue
        entities = {e for e, _, _ in entity_starts[bisect.bisect_left(e_pos, s0):bisect.bisect_left(e_pos, s1)]}
        if not entities:
            continue
        classes = {normalise_class(m.group(0)) for m in class_phrases(text, s0, s1, registry)}
        named = {d.drug for d in drugs_in[k]}
        nearby = [d for j in range(max(0, k - NOT_FOR_REACH), min(len(drugs_in), k + NOT_FOR_REACH + 1))
                  for d in drugs_in[j]]
        for d in nearby:
            drug = registry.drugs.get(d.drug)
            if drug is None or not drug.not_for or (d.start, d.end) in flagged:
                continue
            covers = d.drug in named or (drug.drug_class and ancestors(normalise_class(drug.drug_class)) & classes)
            if not covers:
                continue
            for nf in drug.not_for:
                if set(nf.about) <= entities:
                    flagged.add((d.start, d.end))
                    msg = (f"{drug.name} is presented as a treatment here, but the registry says: "
                           f"{nf.statement.rstrip('.')}{_cite(registry, nf.source)}")
                    out.append(Finding("FL203", block, d.start, d.end, msg, drug.id, registry.citation(nf.source),
                                       registry.source_url(nf.source)))
                    break
    return out


# ---- FL301 -------------------------------------------------------------------------------------
_ATTRIBUTION = re.compile(rf"\b(?:{words_pattern(_WORDS['trial_verbs'])})\b|'s\b", re.IGNORECASE)
_IN_TRIAL = re.compile(r"\b(?:in|during)\s+(?:the\s+)?$", re.IGNORECASE)
_CONTRAST = re.compile(rf"[;]|\b(?:{words_pattern(_WORDS['contrast_words'])})\b", re.IGNORECASE)


def check_trials(text: str, sentence: tuple[int, int], drugs: list[DrugMention], trials: list[TrialMention],
                 registry: Registry, block: int) -> list[Finding]:
    s0, s1 = sentence
    ts = [t for t in trials if s0 <= t.start < s1]
    ds = [d for d in drugs if s0 <= d.start < s1]
    if not ts or not ds:
        return []
    # "tested X", "compared X with Y", "X's results", or "In the TRIAL trial, X ...".
    if not _ATTRIBUTION.search(text, s0, s1) and not any(_IN_TRIAL.search(text[s0:t.start]) for t in ts):
        return []
    out = []
    for d in ds:
        t = min(ts, key=lambda t: (min(abs(d.start - t.end), abs(t.start - d.end)), t.start))
        trial = registry.trials.get(t.trial)
        if trial is None:
            continue
        lo, hi = sorted((d.end, t.end))
        if _CONTRAST.search(text, min(d.start, t.start), max(d.end, t.end)):
            continue  # a separate clause
        if _belongs(trial, d, text, registry):
            continue
        drug = registry.drugs.get(d.drug)
        tested = _drug_name(registry, trial.drug)
        comparator = _drug_name(registry, trial.comparator) if trial.comparator else None
        vs = f" with {comparator}" if comparator else ""
        msg = (f"{trial.name} compared {tested}{vs}, not {drug.name if drug else text[d.start:d.end]}"
               f"{_cite(registry, trial.source)}")
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
    # A free-text comparator ("chemotherapy (pemetrexed plus cisplatin or carboplatin)") that names the drug.
    comp = trial.comparator.lower()
    names = [drug.name.lower(), *(b.lower() for b in drug.brands)]
    if any(re.search(rf"\b{re.escape(n)}\b", comp) for n in names):
        return True
    return bool(drug.drug_class and normalise_class(drug.drug_class) in comp)
