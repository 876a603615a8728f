"""Drug classes: what a draft calls a class ("ALK tyrosine kinase inhibitors", "anti-PD-1 antibody",
"statins"), normalised, and what contains what (PD-1 inhibitor < immune checkpoint inhibitor <
immunotherapy). The ontology is data (factlint/lexicon/drug_classes.yaml); a registry's drug `class`
adds its own classes. Used by FL203 (a wrong class) and FL301 (a comparator named by its class).
"""
from __future__ import annotations

import functools
import re

from .lexicon import load
from .registry.model import Registry

_LEXICON = load("drug_classes")
CLASS_PARENTS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _LEXICON["parents"].items()}
for _t in _LEXICON["targets"]:
    CLASS_PARENTS.setdefault(f"{_t} inhibitor", tuple(_LEXICON["target_parents"]))
CLASS_SYNONYMS: dict[str, str] = dict(_LEXICON["synonyms"])
_MODALITIES = frozenset(_LEXICON["modalities"])

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
                             | set(CLASS_SYNONYMS.values()))


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


_PATTERN_OF: dict[int, tuple[Registry, re.Pattern | None]] = {}  # id(registry) -> (registry, its pattern)


def _registry_pattern(registry: Registry) -> re.Pattern | None:
    """The registry's class pattern, found once per registry (every sentence with a drug asks)."""
    got = _PATTERN_OF.get(id(registry))
    if got is None or got[0] is not registry:
        if len(_PATTERN_OF) > 16:
            _PATTERN_OF.clear()
        classes = frozenset(d.drug_class.lower() for d in registry.drugs.values() if d.drug_class)
        got = _PATTERN_OF[id(registry)] = (registry, _registry_class_pattern(classes))
    return got[1]


def class_phrases(text: str, start: int, end: int, registry: Registry) -> list[re.Match]:
    """Class phrases in text[start:end]: the general vocabulary and the registry's classes, longest first
    where they overlap."""
    # Every general form holds one of these words: a sentence without any is not searched.
    low = text[start:end].lower()
    found = list(_CLASS_PHRASE.finditer(text, start, end)) if any(k in low for k in _CLASS_KEYS) else []
    pattern = _registry_pattern(registry)
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
    if c in _MODALITIES and not ancestors(r) & _MODALITIES:
        return None  # the registry says what the drug acts on, not what it is made of
    return False if c in known else None


# The general forms of class phrases, then the lexicon's class words (singular or plural), in this order.
_CLASS_PHRASE = re.compile(
    r"\b(?:anti-[\w/-]+ (?:monoclonal )?antibod(?:y|ies)"
    r"|[\w/-]+ (?:tyrosine )?kinase inhibitors?|[\w/-]+ TKIs?|[\w/-]+-targeted (?:therapy|therapies|drugs?)"
    r"|(?:immune )?checkpoint inhibitors?|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)? inhibitors?"
    r"|immunotherap(?:y|ies)(?: (?:drugs?|medications?))?|chemotherap(?:y|ies)(?: (?:drugs?|agents?|medications?))?"
    r"|chemo(?: drugs?)?|targeted therap(?:y|ies)|monoclonal antibod(?:y|ies)|bispecific antibod(?:y|ies)"
    r"|" + "|".join(re.escape(w) + "s?" for w in _LEXICON["class_words"]) + r")\b",
    re.IGNORECASE,
)
# A word each alternative of _CLASS_PHRASE holds (lowercase): without one, it cannot match.
_CLASS_KEYS = ("antibod", "inhibitor", "tki", "-targeted", "immunotherap", "chemo", "targeted therap",
               *(w.lower() for w in _LEXICON["class_words"]))
