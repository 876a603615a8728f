"""Vague attributions, the facts FL302 vague-attribution reads: a statement attributed to an unnamed
source ("studies show", "experts say", "according to a recent survey"), and whether its sentence cites.

Cheap first: one precompiled regex per block looks for a vague-source word; only blocks that have one are
split into sentences and matched against the cue forms. Naming an organisation or a journal is not a
citation ("according to a survey by the American Lung Association" is still vague). Left alone: agentless
passives ("has been found to", "is known to": no source named), negated attributions ("studies don't
show", "no studies have shown": ambiguous), anaphora ("the study found", "these data show": the study is
named elsewhere), and vague sources that are not the subject of an attribution ("more research is needed").
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Sequence

from .citations import has_citation
from .facts import Attribution
from .lexicon import load, words_pattern
from .nlp.sentences import sentence_starts
from .source import TextBlock
from .wordsearch import WordSearch

# The words are data (factlint/lexicon/attribution.yaml).
_WORDS = load("attribution")
DOCUMENTS = tuple(_WORDS["documents"])
PERSONS = tuple(_WORDS["persons"])
SOURCES = DOCUMENTS + PERSONS
VERBS = tuple(_WORDS["verbs"])  # subject + verb: "studies show", "experts agree"
SPEAKERS = tuple(_WORDS["speakers"])  # "Doctors found a lump": for these sources only speech verbs attribute
SPEAKER_VERBS = tuple(_WORDS["speaker_verbs"])
PASSIVES = tuple(_WORDS["passives"])  # "is recommended by experts"
AUX = tuple(_WORDS["auxiliaries"])  # between the source and its verb (negations too, so they are seen)
POSTMOD = tuple(_WORDS["post_modifiers"])  # "a survey conducted by ...", "data from ..."
OPENERS = tuple(_WORDS["openers"])  # a source's subject phrase must open a clause
_NOT_MODIFIERS = tuple(_WORDS["not_modifiers"]) + POSTMOD + OPENERS  # "the study" names a known source
NOUN_WHO: dict[str, str] = dict(_WORDS["unnamed"])
TOPIC_MODIFIERS = frozenset(_WORDS["topic_modifiers"])  # "research into RSV's impact": a topic, not a name


def names_body(phrase: str, noun: str) -> bool:
    """Whether a source phrase names who made the source: a capitalised word before its noun ("SEER data",
    "an NIH study") or after it, unless that follows a word of what the source is about ("research into
    RSV's impact", "a study of Danish women")."""
    return bool(name_words(phrase, noun))


def name_words(phrase: str, noun: str) -> list[str]:
    """The capitalised words of a source phrase (after its first) that may name who made the source: not those
    after a word of what it is about ("Clinical trials of Tirosint-SOL": Tirosint-SOL is the topic)."""
    out = []
    topic = False
    for w in phrase.split()[1:]:
        low = w.lower()
        if low == noun:
            topic = False
        elif low in TOPIC_MODIFIERS:
            topic = True
        elif w[:1].isupper() and not topic:
            out.append(w)
    return out


def _alt(words: Sequence[str]) -> str:
    return words_pattern(words)


_MOD = rf"(?:(?!(?:{_alt(_NOT_MODIFIERS)})\b)[a-z0-9][\w'’-]*\s+)"  # "recent ", "2019 ", "cancer "
_NOUN = rf"(?P<noun>{_alt(SOURCES)})\b"
# (a bracketed aside may sit inside: "a study of children (ages 10 to 18) with MS")
_POST = rf"(?P<post>\s+(?:{_alt(POSTMOD)})\s+(?:[^.;:!?,()\[\]\n]|,(?=\d)|\([^()\n]{{0,60}}\)){{1,80}}?)"
# A bracketed aside after the source ("two studies (n = 78,702) have found"): skipped like a post-modifier.
_ASIDE = r"(?P<aside>\s*\([^()\n]{1,120}\))"
_AUX = rf"(?P<aux>(?:\s+(?:{_alt(AUX)}|\w+ly)\b)*)".replace("'", "['’]")  # "have", "don't", "consistently"
_FLAGS = re.IGNORECASE
_NEGATION = re.compile(rf"\b(?:{'|'.join(_WORDS['negations'])})\b"
                       rf"|(?<!\ba\s)\b(?:{'|'.join(_WORDS['negating_quantifiers'])})\b|n['’]t\b", _FLAGS)

# The leading lookahead (a source noun within the next four words) rejects most start positions before
# the costly modifier test runs; it changes nothing that matches.
_NEAR_NOUN = rf"(?=(?:[\w'’-]+\s+){{0,4}}(?:{_alt(SOURCES)})\b)"
_SUBJECT = rf"\b{_NEAR_NOUN}{_MOD}{{0,4}}{_NOUN}{_POST}?{_ASIDE}?{_AUX}\s+(?P<verb>{_alt(VERBS)})\b"
_ACCORDING = (rf"\baccording\s+to\s+(?:the\s+(?!(?:{_alt(SOURCES)})\b))?{_MOD}{{0,3}}{_NOUN}"
              rf"(?=\s*(?:[,.;:!?)]|$)|\s+(?:{_alt(POSTMOD)}|that|and)\b)")  # "a review and meta-analysis"
# "In a survey 66% ...": what follows the word "in" (_in_document searches for the word, then this)
_AFTER_IN = (rf"\s+(?=(?:[\w'’-]+\s+){{0,3}}(?:{_alt(DOCUMENTS)})\b){_MOD}{{0,3}}"
             rf"(?P<noun>{_alt(DOCUMENTS)})\b{_POST}?(?=,(?!\d)|\s+\d[\d,.]*\s*(?:%|percent\b))")
_PASSIVE = rf"\b(?P<verb>{_alt(PASSIVES)})\s+by\s+{_MOD}{{0,3}}{_NOUN}"
_OPENER = re.compile(rf"(?:[,;:(\[—–\"“‘'*_]|\b(?:{_alt(OPENERS)}))$", _FLAGS)


@functools.lru_cache(maxsize=2)
def _patterns(lowercased: bool) -> tuple[re.Pattern, ...]:
    """The subject, "according to" and passive patterns (the prefilter and "in a survey" are searched as
    factlint.wordsearch searches: _source_words, _in_document). On lowercased text they run without
    IGNORECASE, about twice as fast in Python's engine (their literals are all lowercase: the words come
    lowercased from the lexicon); the case-insensitive ones are compiled only for a text whose lowercasing
    moves offsets."""
    flags = 0 if lowercased else _FLAGS
    return tuple(re.compile(p, flags) for p in (_SUBJECT, _ACCORDING, _PASSIVE))


@functools.lru_cache(maxsize=2)
def _source_words(lowercased: bool) -> WordSearch:
    """The prefilter: the source words, whole (a block without any is not matched further)."""
    return WordSearch(SOURCES, 0 if lowercased else _FLAGS)


@functools.lru_cache(maxsize=2)
def _in_document(lowercased: bool) -> WordSearch:
    """The "in a survey, ..." pattern ("in", then _AFTER_IN), run as factlint.wordsearch runs it: "in" is a literal the engine
    finds in C, where the leading \\b had it try every offset of each window."""
    return WordSearch(["in"], 0 if lowercased else _FLAGS, after=_AFTER_IN)


@functools.lru_cache(maxsize=2)
def _verb_pattern(lowercased: bool) -> re.Pattern:
    """A verb of VERBS after whitespace: what every subject match ends with. A window with none after its
    first source word holds no subject phrase (most windows: "the study included 300 patients"), and its
    costly match attempts are skipped."""
    return re.compile(rf"\s(?:{_alt(VERBS)})\b", 0 if lowercased else _FLAGS)


def _opens_clause(text: str, start: int) -> bool:
    before = text[max(0, start - 20):start].rstrip()
    return not before or before.endswith((".", "!", "?")) or bool(_OPENER.search(before))


def _negated(m: re.Match) -> bool:
    """A negation before the verb, outside the source's own post-modifier ("no studies", "don't show")."""
    text = m.group(0)
    for group in ("aside", "post"):  # right to left, so the first cut's offsets hold
        if group in m.re.groupindex and m.group(group):
            a, b = m.start(group) - m.start(), m.end(group) - m.start()
            text = text[:a] + " " + text[b:]
    return bool(_NEGATION.search(text))


# A substring of every source word, kept in step with SOURCES: the word itself, cut to 10 characters (a shorter
# cut let common words through: "clini" of "clinicians" is in every "clinical", "estim" in "estimated").
_STEMS = tuple(sorted({w[:10] for w in SOURCES}))
# Whether a text may hold a stem, in one search (a trie of the stems: an `in` per stem cost three times as
# much). A space in a stem would match any white space there: a prefilter may pass more, never less.
_ANY_STEM = re.compile(words_pattern(_STEMS))
# The same per token: a stem's first run of word characters ("meta" of "meta-"; the tokenizer splits
# words only at other characters, so a stem in a text puts that run inside one token).
_TOKEN_STEMS = tuple(sorted({m.group(0) for m in (re.match(r"\w+", s) for s in _STEMS) if m}))
_EVERY_TOKEN = any(not re.match(r"\w", s) for s in _STEMS)  # a stem that starts with no word character


def may_hold_source(token: str) -> bool:
    """Whether a token (its text as written) may be part of a vague source word: a block none of whose
    tokens may is never matched against the phrase patterns."""
    if _EVERY_TOKEN:
        return True
    low = token.lower()
    return any(stem in low for stem in _TOKEN_STEMS)


def _windows(text: str, low: str, folded: str) -> list[tuple[int, int, list[int]]]:
    """Stretches of text around each vague-source word, merged, with the offsets of their source words:
    the phrase patterns are costly, so they only look where a phrase can be (and most blocks are ruled
    out by a plain substring test on `folded`, the text lowercased)."""
    if _ANY_STEM.search(folded) is None:
        return []
    out: list[tuple[int, int, list[int]]] = []
    for m in _source_words(low is not text).finditer(low):
        lo, hi = max(0, m.start() - 80), min(len(text), m.end() + 120)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi, out[-1][2])
            out[-1][2].append(m.start())
        else:
            out.append((lo, hi, [m.start()]))
    return out


# On the text reversed, from just before a source word: whitespace then a run of word characters, up to four
# times (the subject pattern's lookahead, read backwards).
_RUNS_BEFORE = re.compile(r"(?:\s+[\w'’-]+){1,4}")
_WORD_START = re.compile(r"\b\w")


def _chain_start(low: str, lo: int, n: int) -> int:
    """Where the runs of word characters (at most four, each followed by whitespace) that end right before
    offset `n` begin, not before `lo`; `n` if there are none."""
    size = 128
    while True:
        start = max(lo, n - size)
        rev = low[start:n][::-1]
        m = _RUNS_BEFORE.match(rev)
        if m is None:
            return n
        if m.end() < len(rev) or start == lo:
            return n - m.end()
        size *= 4  # the runs reach past the piece read: read a longer one


def _subject_starts(low: str, lo: int, nouns: list[int]) -> list[int]:
    """Every offset from `lo` on where the subject pattern can match: its lookahead needs a source word
    (at one of `nouns`) after at most four runs of word characters, each followed by whitespace. So a
    start is a word's start in the runs right before a source word, or the word itself."""
    found: set[int] = set()
    for n in nouns:
        found.add(n)
        found.update(m.start() for m in _WORD_START.finditer(low, _chain_start(low, lo, n), n))
    return sorted(found)


def _subject_matches(subject: re.Pattern, low: str, lo: int, hi: int, nouns: list[int]):
    """What `subject.finditer(low, lo, hi)` finds, tried only at the offsets where it can match."""
    pos = lo
    for p in _subject_starts(low, lo, nouns):
        if p < pos:
            continue
        m = subject.match(low, p, hi)
        if m is not None:
            yield m
            pos = m.end()


def _phrases(text: str) -> list[tuple[int, int, str]]:
    """(start, end, source noun) of each vague attribution phrase in `text`, in order, not overlapping."""
    folded = text.lower()
    # Patterns run on the lowercased text, unless lowercasing moved offsets (a dotted capital I): then on
    # the text as written, with the case-insensitive patterns.
    low = folded if len(folded) == len(text) else text
    found: list[tuple[int, int, str]] = []
    for lo, hi, nouns in _windows(text, low, folded):
        found.extend(_phrases_in(text, low, lo, hi, nouns))
    found = sorted(set(found), key=lambda f: (f[0], -f[1]))
    out: list[tuple[int, int, str]] = []
    for f in found:
        # Overlapping, or chained by a comma ("In studies, researchers found"): one attribution.
        if not out or (f[0] >= out[-1][1] and text[out[-1][1]:f[0]].strip() not in ("", ",")):
            out.append(f)
    return out


_NAMED = re.compile(
    rf"\b(?:{_alt(_WORDS['naming_words'])})\s+[\"“‘']?[A-Z0-9]"  # "a study known as FOURIER"
    rf"|\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*[A-Z0-9]\s+(?i:{_alt(_WORDS['trial_words'])})\b"  # "the FOURIER trial"
    rf"|\b[A-Z][\w'’-]*\s+(?:Trials?|Study|Studies)\b")  # "the Nurses' Health Study"


def _named(text: str, start: int, end: int) -> bool:
    """Whether the source phrase names its study ("known as FOURIER", "the FOURIER trial", "Health Study")."""
    return _NAMED.search(text, start, min(len(text), end + 3)) is not None


def _phrases_in(text: str, low: str, lo: int, hi: int, nouns: list[int]) -> list[tuple[int, int, str]]:
    """The phrases in text[lo:hi], matched on `low` (the text lowercased, same offsets, or the text), whose
    source words start at `nouns`."""
    subject, according, passive = _patterns(low is not text)
    found: list[tuple[int, int, str]] = []
    # (the subject's noun is one of `nouns`, or inside one: its verb comes after the first)
    verbed = _verb_pattern(low is not text).search(low, nouns[0], hi) is not None
    for m in _subject_matches(subject, low, lo, hi, nouns) if verbed else ():
        noun, verb = m.group("noun").lower(), m.group("verb").lower()
        if noun in SPEAKERS and verb not in SPEAKER_VERBS:
            continue
        if _opens_clause(text, m.start()) and not _negated(m):
            found.append((m.start(), m.end(), noun))
    for m in _in_document(low is not text).finditer(low, lo, hi):
        if _opens_clause(text, m.start()):
            end = m.end("post") if m.group("post") else m.end("noun")
            found.append((m.start(), end, m.group("noun").lower()))
    for pattern, needs in ((according, "according"), (passive, "by")):
        if low is not text and low.find(needs, lo, hi) < 0:
            continue  # (on the lowercased text, a word each pattern needs: most windows have neither)
        for m in pattern.finditer(low, lo, hi):
            if not _negated(m):
                found.append((m.start(), m.end("noun"), m.group("noun").lower()))
    return found


def find_attributions(index: int, text: str, sentences: tuple[int, ...], block: TextBlock) -> list[Attribution]:
    """Each vague attribution phrase of a block, with its sentence and whether that sentence cites."""
    phrases = _phrases(text)
    if not phrases:
        return []
    # The pipeline split blocks that hold numbers or drug names already; split the others here.
    starts = list(sentences) if len(sentences) > 1 else sentence_starts(text)
    out = []
    for start, end, noun in phrases:
        if _named(text, start, end):
            continue  # "data from a huge study known as FOURIER showed": a named source
        i = bisect.bisect_right(starts, start) - 1
        s_end = starts[i + 1] if i + 1 < len(starts) else len(text)
        out.append(Attribution(index, start, end, noun, (starts[i], s_end), has_citation(text, starts[i], s_end, block)))
    return out
