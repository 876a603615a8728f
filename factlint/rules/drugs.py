"""The statements FL202 brand-generic-mismatch, FL203 contradicted-drug-fact and FL301 misattributed-trial look for.

All three work on the registry's drug, brand and trial mentions that the pipeline matched in each block,
sentence by sentence (a table row is a sentence, its table the paragraph). Precision first: a pattern that
is not clearly a pairing, a class statement or an attribution says nothing.
"""
from __future__ import annotations

import bisect
import functools
import re

from ..facts import DrugMention, TrialMention
from ..findings import Finding
from ..registry.model import Drug, Registry, Trial
from .base import short_citation

# ---- general pharmacology: class synonyms and what contains what (a registry's `class` adds to it) ----
CLASS_PARENTS: dict[str, tuple[str, ...]] = {
    "pd-1 inhibitor": ("immune checkpoint inhibitor",),
    "pd-l1 inhibitor": ("immune checkpoint inhibitor",),
    "ctla-4 inhibitor": ("immune checkpoint inhibitor",),
    "lag-3 inhibitor": ("immune checkpoint inhibitor",),
    "immune checkpoint inhibitor": ("immunotherapy",),
    "tyrosine kinase inhibitor": ("targeted therapy",),
    "monoclonal antibody": ("biologic",),
    "bispecific antibody": ("monoclonal antibody",),
}
_TARGETED = ("alk", "egfr", "ros1", "ret", "met", "braf", "mek", "kras", "her2", "bcr-abl", "ntrk", "vegf", "jak",
             "btk", "cdk4/6", "parp", "mtor", "fgfr")
for _t in _TARGETED:
    CLASS_PARENTS.setdefault(f"{_t} inhibitor", ("tyrosine kinase inhibitor", "targeted therapy"))
CLASS_SYNONYMS: dict[str, str] = {
    "checkpoint inhibitor": "immune checkpoint inhibitor",
    "ici": "immune checkpoint inhibitor",
    "immunotherapy drug": "immunotherapy",
    "immunotherapy medication": "immunotherapy",
    "tki": "tyrosine kinase inhibitor",
    "kinase inhibitor": "tyrosine kinase inhibitor",
    "chemotherapy drug": "chemotherapy",
    "chemotherapy medication": "chemotherapy",
    "chemotherapy agent": "chemotherapy",
    "chemo drug": "chemotherapy",
    "chemo": "chemotherapy",
    "cytotoxic chemotherapy": "chemotherapy",
    "chemotherapeutic": "chemotherapy",
    "targeted drug": "targeted therapy",
    "targeted medication": "targeted therapy",
}


@functools.lru_cache(maxsize=4096)
def normalise_class(phrase: str) -> str:
    """'ALK tyrosine kinase inhibitors' -> 'alk inhibitor'; 'anti-PD-1 antibody' -> 'pd-1 inhibitor'."""
    p = re.sub(r"\s+", " ", phrase.lower().strip())
    p = re.sub(r"(inhibitor|antibodie|antibody|therapie|drug|agent|medication|tki)s\b", lambda m: m.group(1), p)
    p = p.replace("antibodie", "antibody").replace("therapie", "therapy").replace("immunotherapies", "immunotherapy")
    p = re.sub(r"^anti-([\w/-]+) (?:monoclonal )?antibody$", r"\1 inhibitor", p)
    p = re.sub(r"^([\w/-]+) (?:tyrosine )?kinase inhibitor$", r"\1 inhibitor", p)
    p = re.sub(r"^([\w/-]+) tki$", r"\1 inhibitor", p)
    p = re.sub(r"^([\w/-]+)-targeted (?:therapy|drug)$", r"\1 inhibitor", p)
    if p in ("tyrosine inhibitor",):
        p = "tyrosine kinase inhibitor"
    if p.endswith("s") and not p.endswith(("ss", "us", "sis")) and len(p) > 4:
        p = p[:-1]  # "statins", "beta-blockers"
    return CLASS_SYNONYMS.get(p, p)


def ancestors(cls: str) -> set[str]:
    out, todo = {cls}, [cls]
    while todo:
        for parent in CLASS_PARENTS.get(todo.pop(), ()):
            if parent not in out:
                out.add(parent)
                todo.append(parent)
    return out


_BUILTIN_CLASSES = frozenset(set(CLASS_PARENTS) | {p for ps in CLASS_PARENTS.values() for p in ps}
                             | set(CLASS_SYNONYMS.values()) | {"chemotherapy"})


def known_classes(registry: Registry) -> frozenset[str]:
    """The classes factlint can judge: the built-in ones and every `class` of the registry's drugs."""
    return _BUILTIN_CLASSES | {normalise_class(d.drug_class) for d in registry.drugs.values() if d.drug_class}


@functools.lru_cache(maxsize=32)
def _registry_class_pattern(phrases: frozenset[str]) -> re.Pattern | None:
    """The registry's own class names ("GLP-1 receptor agonist", "beta blocker"), singular or plural."""
    if not phrases:
        return None
    alts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})(?:e?s)?\b", re.IGNORECASE)


def class_phrases(text: str, start: int, end: int, registry: Registry) -> list[re.Match]:
    """Class phrases in text[start:end]: the general vocabulary and the registry's classes, longest first
    where they overlap."""
    found = list(_CLASS_PHRASE.finditer(text, start, end))
    pattern = _registry_class_pattern(frozenset(d.drug_class.lower() for d in registry.drugs.values() if d.drug_class))
    if pattern is not None:
        found += pattern.finditer(text, start, end)
    found.sort(key=lambda m: (m.start(), -(m.end() - m.start())))
    out: list[re.Match] = []
    for m in found:
        if out and m.start() < out[-1].end():
            continue
        out.append(m)
    return out


def class_fits(claimed: str, registered: str, known: frozenset[str] = _BUILTIN_CLASSES) -> bool | None:
    """True when `claimed` is the drug's class or a broader one; False when it is another known class;
    None when `claimed` is not a class factlint knows (then nothing is said)."""
    c, r = normalise_class(claimed), normalise_class(registered)
    if c in ancestors(r):
        return True
    return False if c in known else None


_CLASS_PHRASE = re.compile(
    r"\b(?:anti-[\w/-]+ (?:monoclonal )?antibod(?:y|ies)"
    r"|[\w/-]+ (?:tyrosine )?kinase inhibitors?|[\w/-]+ TKIs?|[\w/-]+-targeted (?:therapy|therapies|drugs?)"
    r"|(?:immune )?checkpoint inhibitors?|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)? inhibitors?"
    r"|immunotherap(?:y|ies)(?: (?:drugs?|medications?))?|chemotherap(?:y|ies)(?: (?:drugs?|agents?|medications?))?"
    r"|chemo(?: drugs?)?|targeted therap(?:y|ies)|monoclonal antibod(?:y|ies)|bispecific antibod(?:y|ies)"
    r"|statins?|biguanides?|beta[- ]blockers?|ace inhibitors?|antibiotics?|antidepressants?|antihistamines?)\b",
    re.IGNORECASE,
)


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
                  block: int, flagged: set, known: frozenset[str] = _BUILTIN_CLASSES) -> list[Finding]:
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
_USE = re.compile(
    r"\b(?:used|use|uses|using|standard|recommended|recommend|recommends|prescribed?|prescribes|option|options"
    r"|first[- ]line|choice|approach|treats?|treated|treating|effective|promising|preferred|mainstay|helps?"
    r"|benefit|benefits|works?\s+well|given)\b", re.IGNORECASE)
_CAUTION = re.compile(
    r"\b(?:not|no|never|n't|neither|nor|little|limited|rarely|seldom|avoid|avoided|ineffective|unlikely|poor(?:ly)?"
    r"|minimal|without|lack|lacks|fail|fails|failed|should\s+not|instead\s+of|rather\s+than|however)\b|n['’]t\b",
    re.IGNORECASE)


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
_ATTRIBUTION = re.compile(
    r"\b(?:test(?:s|ed|ing)?|compar(?:e|es|ed|ing|ison)|evaluat(?:e|es|ed|ing|ion)|stud(?:y|ied|ies|ying)"
    r"|assess(?:es|ed|ing)?|investigat(?:e|es|ed|ing)|randomi[sz]ed|explor(?:e|es|ed|ing)|examin(?:e|es|ed|ing)"
    r"|versus|vs\.?|against|arm|given|taking|received|treated\s+with|of)\b|'s\b", re.IGNORECASE)
_IN_TRIAL = re.compile(r"\b(?:in|during)\s+(?:the\s+)?$", re.IGNORECASE)
_CONTRAST = re.compile(r"[;]|\b(?:while|whereas|but|although|though|however|unlike)\b", re.IGNORECASE)


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
