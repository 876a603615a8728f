"""Drug classes: what a draft calls a class ("ALK tyrosine kinase inhibitors", "anti-PD-1 antibody",
"statins"), normalised, and what contains what (PD-1 inhibitor < immune checkpoint inhibitor <
immunotherapy). The ontology is data (factlint/lexicon/drug_classes.yaml); a registry's drug `class`
adds its own classes. Used by FL203 (a wrong class) and FL301 (a comparator named by its class).
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .lexicon import load, words_pattern
from .registry.model import Registry

_LEXICON = load("drug_classes")
CLASS_PARENTS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _LEXICON["parents"].items()}
for _t in _LEXICON["targets"]:
    CLASS_PARENTS.setdefault(f"{_t} inhibitor", tuple(_LEXICON["target_parents"]))
CLASS_SYNONYMS: dict[str, str] = dict(_LEXICON["synonyms"])
_MODALITIES = frozenset(_LEXICON["modalities"])
_OPPOSITE: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _LEXICON["opposite_actions"].items()}
_ACTION = re.compile(rf"^(?P<target>.+?)\s+(?:receptor\s+)?(?P<action>{'|'.join(sorted(_OPPOSITE))})s?$")


def _action(phrase: str) -> tuple[str, str] | None:
    """(target, action) of "calcitonin gene-related peptide (CGRP) agonist" -> ("cgrp", "agonist"): an
    abbreviation in brackets stands for its target, and "receptor" is dropped."""
    m = _ACTION.match(re.sub(r"\s+", " ", phrase.lower().strip()))
    if m is None:
        return None
    target = m.group("target")
    short = re.search(r"\(([^()]+)\)", target)
    target = (short.group(1) if short else target).replace(" receptor", "").strip(" -")
    return (target, m.group("action")) if target else None

@functools.lru_cache(maxsize=4096)
def normalise_class(phrase: str) -> str:
    """'ALK tyrosine kinase inhibitors' -> 'alk inhibitor'; 'anti-PD-1 antibody' -> 'pd-1 inhibitor'."""
    p = re.sub(r"\s+", " ", phrase.lower().strip())
    p = re.sub(r"(inhibitor|antibodie|antibody|therapie|drug|agent|medication|tki)s\b", lambda m: m.group(1), p)
    p = p.replace("antibodie", "antibody").replace("therapie", "therapy").replace("immunotherapies", "immunotherapy")
    p = re.sub(r"^anti-([\w/-]+) (?:monoclonal )?antibody$", r"\1 inhibitor", p)
    p = re.sub(r"^([\w/-]+?)[- ]blocking (?:monoclonal )?antibody$", r"\1 inhibitor", p)  # "LAG-3 blocking antibody"
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


_GLOSSED = re.compile(r"^\s*([^()]+?)\s*\(\s*([^()]+?)\s*\)\s*$")


def class_names(drug_class: str) -> tuple[str, ...]:
    """The names a registry's `class` gives: "triptan (serotonin 5-HT1B/1D receptor agonist)" names the class
    twice, "triptan" and what the brackets say; a class without brackets is one name."""
    m = _GLOSSED.match(drug_class)
    return (m.group(1), m.group(2)) if m else (drug_class,)


def known_classes(registry: Registry) -> frozenset[str]:
    """The classes factlint can judge: the built-in ones and every `class` of the registry's drugs."""
    return _BUILTIN_CLASSES | {normalise_class(n) for d in registry.drugs.values() if d.drug_class
                               for n in class_names(d.drug_class)}


class ClassPhrase(NamedTuple):
    """A class phrase of a sentence, at text[start:end]."""

    start: int
    end: int
    text: str


@functools.lru_cache(maxsize=32)
def _registry_class_patterns(phrases: frozenset[str]) -> tuple[re.Pattern, re.Pattern, bool] | None:
    """The registry's own class names ("GLP-1 receptor agonist", "beta blocker"), singular or plural, ignoring
    case and, for lowercased text, as written (lowercase); and whether every name is ASCII."""
    if not phrases:
        return None
    source = rf"\b(?:{words_pattern(phrases)})(?:e?s)?\b"
    return re.compile(source, re.IGNORECASE), re.compile(source), all(p.isascii() for p in phrases)


_PATTERN_OF: dict[int, tuple[Registry, tuple | None]] = {}  # id(registry) -> (registry, its patterns)


def _registry_patterns(registry: Registry) -> tuple[re.Pattern, re.Pattern, bool] | None:
    """The registry's class patterns, found once per registry (every sentence with a drug asks)."""
    got = _PATTERN_OF.get(id(registry))
    if got is None or got[0] is not registry:
        if len(_PATTERN_OF) > 16:
            _PATTERN_OF.clear()
        classes = frozenset(n.lower() for d in registry.drugs.values() if d.drug_class
                            for n in class_names(d.drug_class))
        got = _PATTERN_OF[id(registry)] = (registry, _registry_class_patterns(classes))
    return got[1]


def class_phrases(text: str, start: int, end: int, registry: Registry) -> list[ClassPhrase]:
    """Class phrases in text[start:end]: the general vocabulary and the registry's classes, longest first
    where they overlap. The patterns' words are lowercase: an ASCII sentence is searched lowercased, which
    Python's engine ran 1.3 to 1.8 times as fast as ignoring case on these patterns (and which finds the
    same, ASCII having no case but a letter's); other text, or a registry class name beyond ASCII, is
    searched ignoring case."""
    # (from the character before the sentence, which `\b` reads)
    at = max(0, start - 1)
    piece = text[at:end]
    ascii_text = piece.isascii()
    if ascii_text:
        low = piece.lower()
        sentence = low[start - at:]
    else:  # (lowercasing may change a non-ASCII text's length: only the sentence, for the keys below)
        sentence = text[start:end].lower()
    found: list[re.Match] = []
    in_low: list[re.Match] = []
    # Every general form holds one of these words: a sentence without any is not searched.
    if any(k in sentence for k in _CLASS_KEYS):
        if ascii_text:
            in_low += _CLASS_PHRASE_LOWERCASE.finditer(low, start - at)
        else:
            found += _CLASS_PHRASE.finditer(text, start, end)
    patterns = _registry_patterns(registry)
    if patterns is not None:
        ignoring_case, lowercase, ascii_names = patterns
        if ascii_text and ascii_names:
            in_low += lowercase.finditer(low, start - at)
        else:
            found += ignoring_case.finditer(text, start, end)
    spans = [(m.start(), m.end()) for m in found] + [(m.start() + at, m.end() + at) for m in in_low]
    spans.sort(key=lambda se: (se[0], se[0] - se[1]))
    out: list[ClassPhrase] = []
    for s0, e0 in spans:
        if out and s0 < out[-1].end:
            continue
        out.append(ClassPhrase(s0, e0, text[s0:e0]))
    return out


@functools.lru_cache(maxsize=4096)  # a pure function of words a draft repeats: every "X, an ALK inhibitor" asks
def class_fits(claimed: str, registered: str, known: frozenset[str] = _BUILTIN_CLASSES) -> bool | None:
    """True when `claimed` is the drug's class or a broader one; False when it is another known class;
    None when `claimed` is not a class factlint knows (then nothing is said). A registered class with a
    gloss in brackets fits what either of its names fits."""
    names = class_names(registered)
    if len(names) > 1:
        fits = [_fits(claimed, n, known) for n in (registered, *names)]
        return True if True in fits else (False if False in fits else None)
    return _fits(claimed, registered, known)


def _fits(claimed: str, registered: str, known: frozenset[str]) -> bool | None:
    said, kind = _action(claimed), _action(registered)
    if said and kind and said[0] == kind[0]:
        # One target: the same action fits ("GLP-1 agonist" for a GLP-1 receptor agonist), the opposite not.
        if said[1] == kind[1]:
            return True
        if said[1] in _OPPOSITE.get(kind[1], ()):
            return False
    c, r = normalise_class(claimed), normalise_class(registered)
    if c in ancestors(r):
        return True
    if c in _MODALITIES and not ancestors(r) & _MODALITIES:
        return None  # the registry says what the drug acts on, not what it is made of
    return False if c in known else None


# The general forms of class phrases, then the lexicon's class words (singular or plural), in this order, in
# lowercase: compiled ignoring case, and as written for lowercased text.
_CLASS_PHRASE_SOURCE = (
    r"\b(?:anti-[\w/-]+ (?:monoclonal )?antibod(?:y|ies)"
    r"|[\w/-]+ (?:tyrosine )?kinase inhibitors?|[\w/-]+ tkis?|[\w/-]+-targeted (?:therapy|therapies|drugs?)"
    r"|(?:immune )?checkpoint inhibitors?|[a-z0-9]+(?:-[a-z0-9]+)? inhibitors?"
    r"|(?:[\w/-]+ )?(?:\([\w/-]+\) )?(?:receptor )?(?:ant)?agonists?"  # "peptide (CGRP) agonist"
    r"|immunotherap(?:y|ies)(?: (?:drugs?|medications?))?|chemotherap(?:y|ies)(?: (?:drugs?|agents?|medications?))?"
    r"|chemo(?: drugs?)?|targeted therap(?:y|ies)|monoclonal antibod(?:y|ies)|bispecific antibod(?:y|ies)"
    r"|" + "|".join(re.escape(w.lower()) + "s?" for w in _LEXICON["class_words"]) + r")\b"
)
_CLASS_PHRASE = re.compile(_CLASS_PHRASE_SOURCE, re.IGNORECASE)
_CLASS_PHRASE_LOWERCASE = re.compile(_CLASS_PHRASE_SOURCE)
# A word each alternative of _CLASS_PHRASE holds (lowercase): without one, it cannot match.
_CLASS_KEYS = ("antibod", "inhibitor", "tki", "-targeted", "immunotherap", "chemo", "targeted therap", "agonist",
               *(w.lower() for w in _LEXICON["class_words"]))
