"""From processed blocks to `NumberClaim` values: each number with what is written near it.

"Near" follows spec/registry.md: the number's clause, then its sentence, then its paragraph (a table row's
table), then the headings above. `split_chunk` is the last place a spaCy object is seen; what this module
returns is the facts layer (factlint.facts): plain frozen values for the linker, the rules and the views.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterator, NamedTuple, Sequence

from .attribution import may_hold_source, name_words
from .citations import has_citation
from .facts import (CLAUSE, FAR, HEADING, PARAGRAPH, SENTENCE, BlockFacts, Cue, DrugMention, EntityMention, Near,
                    NumberClaim, Series, Subgroup, TrialMention, evolve, field_values)
from .lexicon import words_pattern
from .linking import regimen_in
from .nlp import lexicon as lx
from .nlp.matches import NO_MATCHES, Matches
from .nlp.quantities import Quantity
from .nlp.questions import TokenQuestion
from .nlp.sentences import sentence_starts
from .source import BlockKind, TextBlock
from .timepoints import in_days
from .windowed import WindowedMatches, bounded_width
from .wordsearch import WordSearch


@dataclass(slots=True)  # (not frozen, though never changed: one is made for each term near a number, and a
class _Term:  # frozen dataclass's __init__ costs four times as much)
    key: str
    kind: str  # entity | drug | brand | trial | cue | phrase | subgroup
    start: int  # block char offsets
    end: int
    ident: str = ""  # the key without its kind: an entity id, a phrase, "orr:strong" for a cue


_CLAUSE_MARKS = r"[;()\[\]—–|]|[,:](?=\s|$)"
_CLAUSE_WORD_LIST = [w.rstrip(".").lower() for w in lx.CLAUSE_WORDS]
_CLAUSE_BREAK_PATTERN = (rf"{_CLAUSE_MARKS}|\b(?:"
                         + "|".join(sorted(_CLAUSE_WORD_LIST, key=len, reverse=True)) + r")\b")
_CLAUSE_BREAK = re.compile(_CLAUSE_BREAK_PATTERN, re.IGNORECASE)
# On the text lowercased (when that keeps its offsets), without IGNORECASE: about twice as fast in Python's engine.
_CLAUSE_BREAK_LOWER = re.compile(_CLAUSE_BREAK_PATTERN)
# The same as two scans, the marks and the words (factlint.wordsearch: without their leading \b): they find
# what the one pattern finds when no word holds a mark (the lexicon's words are letters; with others, the
# one pattern is used).
# (the marks as one character set, the test of what follows a comma or colon after it: a pattern that opens on
# one set is scanned for in C, one that opens on two alternatives is tried at every offset)
_CLAUSE_MARK_LOWER = re.compile(r"[;()\[\]—–|,:](?:(?<=[,:])(?=\s|$)|(?<![,:]))")
_CLAUSE_WORD_LOWER = WordSearch(_CLAUSE_WORD_LIST, escape=False)
_CLAUSE_SCANS_SPLIT = all(re.fullmatch(r"[\w ]+", w) for w in _CLAUSE_WORD_LIST)


def _clause_breaks_lowered(low: str) -> list[int]:
    """The starts of `_CLAUSE_BREAK_LOWER.finditer(low)`, in order."""
    if not _CLAUSE_SCANS_SPLIT:
        return [m.start() for m in _CLAUSE_BREAK_LOWER.finditer(low)]
    found = [m.start() for m in _CLAUSE_MARK_LOWER.finditer(low)]
    found.extend(m.start() for m in _CLAUSE_WORD_LOWER.finditer(low))
    found.sort()
    return found


# "hazard ratio [HR] 0.51", "progression-free survival (PFS) was": an abbreviation in brackets glosses
# the words before it and continues their clause ("denosumab (Prolia) group" still breaks: a name).
# So do the counts a share is made of ("32.6% (n=29) of patients given ...", "(29 of 89)", "(29/89)").
_GLOSS = re.compile(r"[(\[](?:[A-Z][A-Z0-9+\-]{1,9}|[nN] ?= ?\d[\d,]*|\d[\d,]* ?(?:of|/) ?\d[\d,]*)[)\]]")
# Between a name's end and a number: "abiraterone (1,000 mg", "Valacyclovir: 1000 mg" (a label and its value)
_NAME_LEAD = re.compile(r" ?\( ?|: ?")


class _Cased(NamedTuple):
    """A case-insensitive pattern of lowercase words, and the same for text lowercased (no IGNORECASE: about
    twice as fast in Python's engine); `_Block.finditer`/`search` pick one. `width` is its longest match
    when its windows can be answered from one scan of a block (`windowed.bounded_width`)."""

    ignoring_case: re.Pattern
    lowered: re.Pattern
    width: int | None


def _cased(pattern: str) -> _Cased:
    lowered = re.compile(pattern)
    return _Cased(re.compile(pattern, re.IGNORECASE), lowered, bounded_width(lowered))


def _cased_words(phrases, before: str = r"\b", after: str = r"\b") -> _Cased:
    """`_cased` of an alternation of lexicon phrases between `before` and `after`."""
    return _cased(rf"{before}(?:{words_pattern(phrases)}){after}")


_NEGATION = _cased(rf"\b(?:{words_pattern(w.lower() for w in lx.NEGATIONS)})\b|n['’]t\b")
_HYPOTHETICAL = _cased_words(w.lower() for w in lx.HYPOTHETICALS)
_COMPARISON = re.compile(rf"\b(?:{words_pattern(lx.COMPARISON_WORDS)})\b", re.IGNORECASE)
_SERIES_JOIN = re.compile(
    rf"\s*(?:,\s*)?(?:(?P<vs>{words_pattern(lx.SERIES_JOINERS)})|and|or|,)\s*", re.IGNORECASE)
_SERIES_WORD = re.compile(rf"\b(?:{words_pattern(lx.SERIES_WORDS)})\b", re.IGNORECASE)
_DIFFERENCE = re.compile(rf"\s*(?:{words_pattern(lx.DIFFERENCE_WORDS)})\b", re.IGNORECASE)
_CHANGE = re.compile(rf"\s*(?:{words_pattern(lx.CHANGE_NOUNS)})\b", re.IGNORECASE)
_OF = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?", re.IGNORECASE)
_FOLLOW_UP = _cased_words(lx.FOLLOW_UP_WORDS, r"(?<!\w)", r"(?!\w)")
_THRESHOLD_BEFORE = re.compile(rf"(?:{words_pattern(lx.THRESHOLD_COMPARATORS)})\s*\Z", re.IGNORECASE)
# "at least a 50% drop": the comparator with an article between (the quantity parser gives no comparator)
_THRESHOLD_ARTICLE = re.compile(rf"(?:{words_pattern(lx.THRESHOLD_COMPARATORS)})\s+an?\s+\Z", re.IGNORECASE)
_THRESHOLD_AFTER = re.compile(rf"\s*(?:{words_pattern(lx.THRESHOLD_COMPARATORS)})", re.IGNORECASE)
_DEFINITION = _cased_words(lx.DEFINITION_WORDS)
_AVERAGE = re.compile(rf"\b(?:{words_pattern(lx.AVERAGES)})\s*\Z", re.IGNORECASE)
# How far before a number its definition's words are looked for: a definition's number is near its words,
# and a sentence of a thousand numbers stays linear.
_DEFINITION_REACH = 300
_CONSEQUENCE = _cased_words(lx.CONSEQUENCES)
_DEFINING = _cased_words(lx.DEFINING_PHRASES)
_DEFINITION_AFTER = re.compile(rf"\s+(?:{words_pattern(lx.DEFINITION_AFTER)})\b", re.IGNORECASE)
# "require 100% and 75% improvement": the requirement word, then any numbers of the list before this one.
_REQUIREMENT = _cased_words(lx.REQUIREMENT_WORDS,
                            after=r"\s+(?:at\s+least\s+|an?\s+)?(?:\d[\d.,]*%\s*(?:,|and|or)\s*)*\Z")
_BAND = re.compile(rf"\W{{0,3}}(?:{words_pattern(lx.FREQUENCY_BANDS)})\s*[:(—–-]", re.IGNORECASE)
_COMPARISON_OPENER = re.compile(rf"\W*(?:{words_pattern(lx.COMPARISON_OPENERS)})\b", re.IGNORECASE)
_WINDOW = 1500  # characters around a number in which its sentence's words are read
_OPENING = re.compile(rf"(?:{words_pattern(lx.SENTENCE_OPENERS)})\b", re.IGNORECASE)
_AWARENESS = _cased_words(lx.AWARENESS_WORDS)
_REGIMEN_HINT = re.compile("|".join(re.escape(w.lower())
                                   for w in (*lx.SINGLE_AGENT_WORDS, *lx.COMBINATION_WORDS)))
_TRIAL_ANAPHORA = WordSearch(lx.TRIAL_ANAPHORA, re.IGNORECASE)
_COMPARING = re.compile(rf"\W*(?:{words_pattern(lx.COMPARING_SENTENCE_OPENERS)})\b", re.IGNORECASE)
_RESTATING = re.compile(rf"\W*(?:{words_pattern(lx.RESTATING_SENTENCE_OPENERS)})\b", re.IGNORECASE)
_INSTRUCTION = re.compile(rf"[\W\d]*(?:{words_pattern(lx.INSTRUCTION_OPENERS)})\b", re.IGNORECASE)
_PRONOUN = re.compile(rf"\W*(?:{words_pattern(lx.PRONOUN_OPENERS)})\b", re.IGNORECASE)


@functools.lru_cache(maxsize=100_000)  # a run has few distinct keys (bounded over an archive of registries)
def _key_parts(key: str) -> tuple[str, str]:
    """A term key's (kind, ident): "cue:orr:strong" -> ("cue", "orr:strong")."""
    kind, _, ident = key.partition(":")
    return kind, ident


def _filter_contained(terms: list[tuple[int, int, str]]) -> list[_Term]:
    """Drop matches inside a longer match of the same kind: "survival" in "progression-free survival"
    is not also a cue of overall survival. One sweep per kind, in (start, longest first) order."""
    by_kind: dict[str, list[tuple[int, int, str]]] = {}
    for t in terms:
        by_kind.setdefault(_key_parts(t[2])[0], []).append(t)
    keep: list[tuple[int, int, str]] = []
    for kind, ts in by_kind.items():
        if kind == "phrase":
            # `when`/`unless` phrases are conditions on the words present: "progression" is in "disease
            # progression or death" even when another claim's phrase is the longer match.
            keep.extend(ts)
            continue
        n = len(ts)
        if n > 1:
            ts.sort(key=lambda t: (t[0], -t[1], t[2]))
        reach = -1  # furthest end of the spans already seen that are not this exact span
        i = 0
        while i < n:
            s0, e0 = ts[i][0], ts[i][1]
            j = i + 1
            while j < n and ts[j][0] == s0 and ts[j][1] == e0:
                j += 1  # identical spans (one phrase, several keys) stand or fall together
            if e0 > reach:
                keep.extend(ts[i:j])
                reach = e0
            i = j
    keep.sort()
    out = []
    for s0, e0, key in keep:
        kind, ident = _key_parts(key)
        out.append(_Term(key, kind, s0, e0, ident))
    return out


class BlockAnalysis:
    """What the pipeline found in one block, in block offsets: the plain data claims are built from.
    Names (entities, drugs, brands, trials) are cut into block offsets at once: every block's facts list
    them. The chunk's context terms (cues, phrases, subgroups), two thirds of its matches, are cut into the
    block only when its terms are read (blocks that hold a number, and their paragraph and headings), and
    then filtered (longest match)."""

    __slots__ = ("text", "sentences", "quantities", "names_trial", "misspelt", "may_attribute", "_raw", "_context",
                 "_terms")

    def __init__(self, text: str, sentences: tuple[int, ...], quantities: tuple[Quantity, ...],
                 raw_terms: list[tuple[int, int, str]],
                 context: tuple[Matches, int, int, int, int] | None = None,
                 may_attribute: bool = True, names_trial: bool | None = None) -> None:
        self.text, self.sentences, self.quantities = text, sentences, quantities
        self.may_attribute = may_attribute  # False: no token may be part of a vague source word
        self._raw, self._terms = raw_terms, None
        # the chunk's context terms and where the block's are: (terms, first, past the last, base, end)
        self._context = context
        # whether a registry trial is named (a trial term matched; split_chunk knows it already)
        self.names_trial = any(key.startswith("trial:") for _, _, key in raw_terms) if names_trial is None \
            else names_trial
        self.misspelt: list[tuple[int, int, str]] | None = None  # misspelt drug names, if the engine read them

    def to_plain(self) -> tuple:
        """This analysis as nested tuples of numbers and strings (factlint.analyses stores them), without
        its text (the block's, which whoever rebuilds it has); `from_plain` makes it again."""
        cut = None
        if self._context is not None:
            chunk, lo, hi, base, end = self._context
            cut = (tuple(chunk.rows(lo, hi)), base, end)
        fields = field_values(Quantity)
        return (self.sentences, tuple(map(fields, self.quantities)), tuple(self._raw), cut, self.may_attribute,
                None if self.misspelt is None else tuple(self.misspelt))

    @classmethod
    def from_plain(cls, text: str, plain: tuple) -> "BlockAnalysis":
        sentences, quantities, raw, cut, may_attribute, misspelt = plain
        context = None if cut is None else (Matches.of(cut[0]), 0, len(cut[0]), cut[1], cut[2])
        made = cls(text, sentences, tuple(Quantity(*q) for q in quantities), list(raw), context, may_attribute)
        made.misspelt = None if misspelt is None else list(misspelt)
        return made

    @property
    def raw_terms(self) -> list[tuple[int, int, str]]:
        """The term matches cut into block offsets, as (start, end, key), before the longest-match filter:
        the names, and every term of an analysis made by hand (tests)."""
        return self._raw

    def add_terms(self, terms: list[tuple[int, int, str]]) -> None:
        """More names (a misspelt drug name's entities)."""
        self._raw = sorted(self._raw + terms)
        self._terms = None

    @property
    def terms(self) -> tuple[_Term, ...]:
        if self._terms is None:
            terms = self._raw
            if self._context is not None:
                chunk, lo, hi, base, end = self._context
                terms = terms + [(s0 - base, min(e0, end) - base, key)
                                 for s0, e0, key in zip(chunk.starts[lo:hi], chunk.ends[lo:hi], chunk.keys[lo:hi])]
            kept = _filter_contained(terms)
            low = self.text.lower()
            if _EXCLUDING_HINT.search(low) is not None:  # (a literal search in C rules out most blocks)
                kept = [t for t in kept if t.kind not in _EXCLUDABLE
                        or _EXCLUDED.search(self.text, max(0, t.start - 16), t.start) is None]
            self._terms = tuple(kept)
        return self._terms


# "Adults without diabetes lost 20%": the name after an excluding word is who is left out, neither what a
# number is about nor a claim's `when` (lexicon/context.yaml excluding_words).
_EXCLUDED = re.compile(rf"\b(?:{words_pattern(lx.EXCLUDING_WORDS)})\s+\Z", re.IGNORECASE)
_EXCLUDING_HINT = re.compile("|".join(re.escape(w.lower()) for w in lx.EXCLUDING_WORDS))
_EXCLUDABLE = ("entity", "phrase")

# Blocks that hold something judged by sentence: a number, a drug or brand name, a trial.
_SENTENCE_KINDS = ("drug:", "brand:", "trial:")


def split_chunk(doc, offsets: Sequence[int], lengths: Sequence[int],
                texts: Sequence[str] | None = None) -> list[BlockAnalysis]:
    """Cut a processed chunk (blocks joined by blank lines) back into its blocks, and split into sentences
    the blocks that hold something judged by sentence (most prose blocks do not; a block without is one
    sentence here, and whoever needs its sentences splits it). `texts`: the blocks' texts, if the caller
    has them (else they are cut from the chunk). The only function here that sees a spaCy Doc: what it
    returns is plain data."""
    from .nlp.pipeline import CONTEXT_TERMS, QUANTITIES, TERMS, doc_text, token_offsets

    text = doc_text(doc)
    sources = _MAY_HOLD_SOURCE.tokens(doc)
    token_starts = token_offsets(doc)[0] if sources else ()
    sources_at = [token_starts[i] for i in sources]  # (in order, as the tokens)
    quantities = doc.user_data.get(QUANTITIES) or []
    names: Matches = doc.user_data.get(TERMS, NO_MATCHES)
    context: Matches = doc.user_data.get(CONTEXT_TERMS, NO_MATCHES)
    name_starts, name_ends, name_keys = names
    context_starts = context.starts
    n_quantities, n_names, n_context, n_sources = len(quantities), len(name_starts), len(context_starts), len(sources_at)
    out = []
    qi = ni = ci = si = 0
    # Walked once with the blocks (all sorted by offset); most blocks hold no number and no name, and the
    # chunk's blocks run to the thousands, so what a block costs here is kept to these tests. A block's
    # matches are a run of each list, found by bisecting from where the last block's ended.
    for k, (base, length) in enumerate(zip(offsets, lengths)):
        end = base + length
        block_text = texts[k] if texts is not None else text[base:end]
        qs: tuple[Quantity, ...] = ()
        if qi < n_quantities and quantities[qi].start < end:
            found = []
            while qi < n_quantities and quantities[qi].start < end:
                q = quantities[qi]
                if q.start >= base:
                    found.append(evolve(q, start=q.start - base, end=q.end - base,
                                        phrase_start=max(q.phrase_start, base) - base))
                qi += 1
            qs = tuple(found)
        ts: list[tuple[int, int, str]] = []
        judged = names_trial = False
        if ni < n_names and name_starts[ni] < end:
            lo = bisect.bisect_left(name_starts, base, ni)
            ni = bisect.bisect_left(name_starts, end, lo)
            keys = name_keys[lo:ni]
            # (cut into block offsets here, as BlockAnalysis.terms cuts context terms, not by a method of
            # Matches: its module is not compiled, and with such a method linting counted 998M - 1,000M
            # instructions per seed-corpus file against 979M - 996M)
            ts = [(s0 - base, min(e0, end) - base, key)
                  for s0, e0, key in zip(name_starts[lo:ni], name_ends[lo:ni], keys)]
            for key in keys:
                if key.startswith(_SENTENCE_KINDS):
                    judged = True
                    if key.startswith("trial:"):
                        names_trial = True
                        break
        while si < n_sources and sources_at[si] < base:
            si += 1
        cut = None
        if ci < n_context and context_starts[ci] < end:
            lo = bisect.bisect_left(context_starts, base, ci)
            ci = bisect.bisect_left(context_starts, end, lo)
            if lo < ci:
                cut = (context, lo, ci, base, end)
        out.append(BlockAnalysis(block_text, tuple(sentence_starts(block_text)) if qs or judged else (0,), qs, ts,
                                 cut, si < n_sources and sources_at[si] < end, names_trial))
    return out


# Blocks none of whose tokens may be part of a vague source word are never matched for attributions.
_MAY_HOLD_SOURCE = TokenQuestion(may_hold_source)


def heading_chains(blocks: Sequence[TextBlock]) -> list[tuple[int, ...]]:
    """For each block, the indices of the headings above it (outermost first)."""
    chains, stack = [], []  # stack of (level, index)
    chain: tuple[int, ...] = ()  # the stack's indices, made again only when a heading changes it
    for i, b in enumerate(blocks):
        chains.append(chain)
        if b.kind is BlockKind.HEADING:
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            stack.append((b.level, i))
            chain = tuple(idx for _, idx in stack)
    return chains


class _Block:
    """What the claims of one block share: its text, sentences and clause breaks."""

    def __init__(self, analysis: BlockAnalysis) -> None:
        self.text = analysis.text
        self.sentences = analysis.sentences
        self._cited: dict[tuple[int, int], bool] = {}
        self._prior: dict[tuple[int, int], bool] = {}
        self._windowed: dict[re.Pattern, WindowedMatches | int] = {}  # per pattern: its index, or what was scanned
        q_starts = [q.start for q in analysis.quantities]  # in order, not overlapping
        glossed = {p for m in _GLOSS.finditer(self.text) for p in (m.start(), m.end() - 1)}
        # "abiraterone (1,000 mg plus 5 mg prednisone daily)": a bracket that opens on a number right after a
        # name says something of it (its dose) and continues its clause; so does a colon after a name that
        # opens its sentence, a label and its value ("- Acyclovir: 800 mg five times daily"), not one that ends
        # a clause ("... compared with nivolumab: 10.1 months versus 4.6 months").
        # (A bracket after a condition that opens on a count is another number: "1.8 million died of the
        # disease (0.4 million of them people with HIV)".)
        if q_starts and ("(" in self.text or ":" in self.text):
            names = {e: (st, key.startswith("entity:")) for st, e, key in analysis.raw_terms
                     if key.startswith(("drug:", "brand:", "entity:"))}
            units = {q.start: q.unit for q in analysis.quantities}
            for m in _NAME_LEAD.finditer(self.text):
                if m.start() in names and m.end() in units:
                    mark = m.start() + (m.group()[0] == " ")
                    name_start, entity = names[m.start()]
                    if self.text[mark] == "(" and not (entity and units[m.end()] not in _DOSE_UNITS) \
                            or self._opens_sentence(name_start):
                        glossed.add(mark)
        low = self.text.lower()
        self.lower = low if len(low) == len(self.text) else None  # the text lowercased, if that keeps offsets
        # whether the block says how drugs were given ("alone", "the combination"): most blocks do not
        self.regimens = _REGIMEN_HINT.search(low) is not None
        found = _clause_breaks_lowered(low) if self.lower is not None \
            else [m.start() for m in _CLAUSE_BREAK.finditer(self.text)]
        # (no break inside a number: "10,000"; numbers are short, so their offsets make a small set)
        not_breaks = glossed.union(*(range(q.start, q.end) for q in analysis.quantities))
        self.breaks = [p for p in found if p not in not_breaks]
        self.time_points = [(q.start, in_days(q.low, q.unit), q.text) for q in analysis.quantities
                            if q.role == "time-point" and q.unit in lx.TIME_UNIT_NAMES and q.form == "number"]
        # "Eleven years of follow-up": the words after "<number> of" say what that number measures; they
        # are its own, not a cue for the other numbers of the sentence. Offset of the words -> the number.
        self.names_trials = any(w in low for w in _TRIAL_STEMS)
        # Text that describes a number of its own: a count of people and the words right after it ("12,000
        # women aged"), an age band with its word ("aged 15 to 26"). (start, end, the number's start)
        self.descriptions = sorted(
            [(q.start, _word_end(self.text, q.end), q.start) for q in analysis.quantities if q.people] +
            [(self.text.rfind(" ", 0, max(0, q.phrase_start - 1)) + 1, q.end, q.start)  # with its word ("aged")
             for q in analysis.quantities if q.role == "age"])
        self.number_clauses: set[int] = set()  # clauses that hold a claim number (set by build_claims)
        self.statistic_clauses: set[int] = set()  # ... one that is no dose
        self.number_starts: list[int] = []  # offsets of the claim numbers, in order (set by build_claims)
        self.owned: dict[int, int] = {}
        self._number_ends = sorted((q.start, q.end) for q in analysis.quantities if q.is_claim)
        self.share_starts = {q.start for q in analysis.quantities if q.is_claim and q.unit == "percent"}
        # The two words right after each count, what it counts ("Sixteen major malformations"):
        # (start, end, the number's start), in order
        self.heads = [(m.start(), m.end(), q.start) for q in analysis.quantities
                      if q.is_claim and q.unit in (None, "count") and q.form == "number"
                      for m in (_HEAD_WORDS.match(self.text, q.end),) if m is not None]
        self.dose_ends = [q.end for q in analysis.quantities if q.unit in _DOSE_UNITS]  # (in order)
        self.ages = [q for q in analysis.quantities if q.role == "age" and q.unit in (None, "years")]
        self.age_starts = [q.start for q in self.ages]  # (in order)
        self._design: dict[int, bool] = {}
        self._schedule: dict[tuple[int, int], bool] = {}
        for q in analysis.quantities:
            m = _OF.match(self.text, q.end)
            if m is not None:
                self.owned[m.end()] = q.start

    def _opens_sentence(self, at: int) -> bool:
        """Whether only list marks and spaces come before offset `at` in its sentence."""
        start = self.sentences[bisect.bisect_right(self.sentences, at) - 1] if self.sentences else 0
        return not self.text[start:at].strip(" \t*-•·")

    def prior_treatment(self, start: int, end: int) -> bool:
        """Whether the name at [start, end) is the patients' history (asked once per name, not per number)."""
        key = (start, end)
        found = self._prior.get(key)
        if found is None:
            found = self._prior[key] = _prior_treatment(self.text, start, end)
        return found

    @functools.cached_property
    def instructs(self) -> bool:
        """Whether a sentence of the block tells the reader what to do ("Start at 5mg ...": lexicon
        instruction_openers)."""
        return any(_INSTRUCTION.match(self.text, s) for s in self.sentences)

    def schedule_or_account(self, start: int, end: int) -> bool:
        """Whether the sentence [start, end) numbers a dosing schedule's days or is the writer's own account:
        its doses are no statistics (asked once per sentence, not per dose: a list of a thousand doses stays
        linear)."""
        key = (start, end)
        found = self._schedule.get(key)
        if found is None:
            found = self._schedule[key] = _writer_speaks(self.text, start, end) or _numbers_days(self.text, start, end)
        return found

    def design_compound(self, end: int) -> bool:
        """Whether a compound that names a study's design follows `end` ("placebo-controlled"); asked once
        per term, not per number."""
        found = self._design.get(end)
        if found is None:
            found = self._design[end] = self.text.startswith(("-", " "), end) and \
                self.text[end + 1:end + 16].lower().startswith(lx.DESIGN_COMPOUNDS)
        return found

    def finditer(self, patterns: _Cased, start: int, end: int) -> Iterator[re.Match]:
        """Matches of a `_cased` pattern in text[start:end]."""
        if self.lower is not None:
            rx, text = patterns.lowered, self.lower
        else:
            rx, text = patterns.ignoring_case, self.text
        if patterns.width is None:
            return rx.finditer(text, start, end)
        found = self._windowed.get(rx, 0)
        if type(found) is int:
            # Windows are scanned anew until they add up to the block's length (most blocks never get there),
            # then the block is scanned once: a long sentence of numbers stays linear.
            scanned = found + end - start
            if scanned <= len(text):
                self._windowed[rx] = scanned
                return rx.finditer(text, start, end)
            found = self._windowed[rx] = WindowedMatches(rx, text, patterns.width)
        return found.finditer(start, end)

    def search(self, patterns: _Cased, start: int, end: int) -> re.Match | None:
        if patterns.width is None:
            if self.lower is not None:
                return patterns.lowered.search(self.lower, start, end)
            return patterns.ignoring_case.search(self.text, start, end)
        return next(self.finditer(patterns, start, end), None)

    def described(self, at: int, q: Quantity) -> bool:
        """Whether offset `at` lies in the description of a number other than `q`."""
        i = bisect.bisect_right(self.descriptions, (at, float("inf"), 0))
        for start, end, owner in self.descriptions[max(0, i - 3):i]:
            if start <= at < end and owner != q.start:
                return True
        return False

    def time_point(self, q: Quantity, sentence: tuple[int, int]) -> tuple[float, str] | None:
        """The time point of number `q` (days, words): one in its clause (nearest), else the nearest before
        it in its sentence."""
        qc = self.clause(q.start)
        lo = bisect.bisect_left(self.time_points, (max(sentence[0], q.start - _WINDOW),))
        hi = bisect.bisect_left(self.time_points, (min(sentence[1], q.end + _WINDOW),))
        near = self.time_points[lo:hi]  # in order of position (block order), a window of the sentence
        same = [(abs(at - q.start), days, words) for at, days, words in near if self.clause(at) == qc]
        if same:
            return min(same)[1:]
        before = [(days, words) for at, days, words in near if at < q.start]
        return before[-1] if before else None

    def sentence(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentences, offset) - 1
        end = self.sentences[i + 1] if i + 1 < len(self.sentences) else len(self.text)
        return self.sentences[i], end

    def clause(self, offset: int) -> int:
        return bisect.bisect_right(self.breaks, offset)

    def cited(self, start: int, end: int, block: TextBlock) -> bool:
        """Whether the sentence [start, end) holds a citation (a link, footnote, reference, DOI...)."""
        key = (start, end)
        if key not in self._cited:
            self._cited[key] = has_citation(self.text, start, end, block)
        return self._cited[key]

    def heads_other(self, at: int, but: int) -> bool:
        """Whether offset `at` lies in the words right after a claim number other than the one at `but`."""
        i = bisect.bisect_right(self.heads, (at, float("inf"), 0)) - 1
        return i >= 0 and self.heads[i][0] <= at < self.heads[i][1] and self.heads[i][2] != but

    def inside_number(self, at: int, but: int) -> bool:
        """Whether offset `at` lies inside a claim number other than the one at `but` ("10 [times as many]": the
        words that make the multiple are its own)."""
        i = bisect.bisect_right(self._number_ends, (at, float("inf"))) - 1
        return i >= 0 and self._number_ends[i][0] < at < self._number_ends[i][1] and self._number_ends[i][0] != but

    def holds_number(self, start: int, end: int, but: int) -> bool:
        """Whether [start, end) holds a number of the block other than the one at `but`."""
        i = bisect.bisect_left(self._number_ends, (start, -1))
        while i < len(self._number_ends) and self._number_ends[i][0] < end:
            if self._number_ends[i][0] != but:
                return True
            i += 1
        return False

    def compares_after(self, clause: int) -> bool:
        """Whether the clause after `clause` opens with a comparison ("compared with placebo")."""
        return clause < len(self.breaks) and _COMPARISON_OPENER.match(self.text, self.breaks[clause]) is not None

    def clause_start(self, offset: int) -> int:
        i = bisect.bisect_right(self.breaks, offset) - 1
        return self.breaks[i] if i >= 0 else 0


@dataclass
class _Summary:
    """What a block's paragraph (the block, its table) and headings mention, computed once per block, so
    each claim only walks the terms of its own sentence (a huge one-paragraph draft stays linear)."""

    entities: dict
    drugs: dict
    trials: dict
    phrases: dict
    cues: list


# A mention outside the number's sentence, at each level, and a cue's (metric, strong) by its ident
# ("orr:strong"): values, made once and shared (a paragraph's terms are summarised for each of its numbers).
_FAR_AT = {level: Near(level, FAR) for level in (CLAUSE, SENTENCE, PARAGRAPH, HEADING)}


@functools.lru_cache(maxsize=100_000)
def _cue_parts(ident: str) -> tuple[str, bool]:
    """A cue's (metric, strong): "orr:strong" -> ("orr", True)."""
    metric, strength = ident.rsplit(":", 1)
    return metric, strength == "strong"


def _summarise(groups: Sequence[tuple[int, Sequence[_Term]]]) -> _Summary:
    found: dict[str, dict[str, Near]] = {"entity": {}, "drug": {}, "trial": {}}
    phrases: dict[str, int] = {}
    cues: dict[tuple[str, bool], Cue] = {}
    for level, terms in groups:
        far = _FAR_AT[level]
        for t in terms:
            kind = t.kind
            if kind in found:
                named = found[kind]
                cur = named.get(t.ident)
                if cur is None or level > cur.level:
                    named[t.ident] = far
            elif level == PARAGRAPH:
                if kind == "phrase":
                    phrases[t.ident] = PARAGRAPH
                elif kind == "cue":
                    key = _cue_parts(t.ident)
                    if key not in cues:
                        cues[key] = Cue(key[0], key[1], PARAGRAPH, FAR)
    return _Summary(found["entity"], found["drug"], found["trial"], phrases, list(cues.values()))


def _in_aside(ctx: _Block, c_start: int, at: int) -> bool:
    """Whether offset `at` is inside brackets opened after another number of its sentence."""
    lo = max(c_start, at - _WINDOW)
    bracket = ctx.text.rfind("(", lo, at)
    if bracket < 0 or ctx.text.find(")", bracket, at) >= 0:
        return False
    k = bisect.bisect_left(ctx.number_starts, c_start)
    return k < len(ctx.number_starts) and ctx.number_starts[k] < bracket


def _restates(ctx: _Block, c_start: int) -> bool:
    """Whether the sentence at `c_start` opens by restating the one before in numbers: "That is 7.4 percent
    of adults" (its first number within two words of the opener), not "This is a paradigm shift from ..."."""
    m = _RESTATING.match(ctx.text, c_start)
    if m is None:
        return False
    k = bisect.bisect_left(ctx.number_starts, m.end())
    return k < len(ctx.number_starts) and len(ctx.text[m.end():ctx.number_starts[k]].split()) <= 2


def _sentence_before(ctx: _Block, own: Sequence[_Term], starts: Sequence[int], c_start: int,
                     entities: bool) -> tuple[tuple[Cue, ...], tuple[tuple[str, Near], ...]]:
    """What a comparing or restating sentence takes from the sentence before it, at sentence level (they are
    written in another sentence): its metric words ("This compared with 46% ..."), and for a restating one
    ("That is 7.4 percent of adults") the entities it names too. Computed once per sentence."""
    i = bisect.bisect_left(ctx.sentences, c_start)
    if i == 0:
        return (), ()
    lo = ctx.sentences[i - 1]
    cues: dict[tuple[str, bool], Cue] = {}
    named: dict[str, Near] = {}
    for t in own[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, c_start)]:
        if t.kind == "cue":
            key = _cue_parts(t.ident)
            if key not in cues:
                cues[key] = Cue(key[0], key[1], SENTENCE, FAR, ctx.text[t.start:t.end])
        elif entities and t.kind == "entity" and t.ident not in named:
            named[t.ident] = Near(SENTENCE, FAR, ctx.text[t.start:t.end])
    return tuple(cues.values()), tuple(named.items())


def _subject_before(ctx: _Block, own: Sequence[_Term], starts: Sequence[int],
                    c_start: int) -> tuple[tuple[str, Near], ...]:
    """What a sentence opening on a pronoun ("It affects ...") speaks of: the entity the sentence before opens
    on ("Glaucoma is ..."), at sentence level; nothing when that sentence opens on anything else."""
    i = bisect.bisect_left(ctx.sentences, c_start)
    if i == 0:
        return ()
    lo = ctx.sentences[i - 1]
    k = bisect.bisect_left(starts, lo)
    if k >= len(own) or own[k].start >= c_start:
        return ()
    first = next((t for t in own[k:bisect.bisect_left(starts, c_start)] if t.kind != "phrase"), None)
    if first is None or first.kind != "entity" or len(ctx.text[lo:first.start].split()) > 1:
        return ()  # ("The most common form, glaucoma, ...": not what the sentence opens on)
    return ((first.ident, Near(SENTENCE, FAR, ctx.text[first.start:first.end])),)


def _borrow(nc: NumberClaim, cues: tuple[Cue, ...], named: tuple[tuple[str, Near], ...]) -> NumberClaim:
    """`nc` with the sentence before's metric words it has no word of, and its entities it names only
    further away."""
    own_metrics = {cue.metric for cue in nc.cues}
    extra = tuple(c for c in cues if c.metric not in own_metrics)
    more = {e: near for e, near in named if nc.entities.get(e) is None or nc.entities[e].level < SENTENCE}
    if not extra and not more:
        return nc
    return evolve(nc, cues=nc.cues + extra,
                   entities=MappingProxyType({**nc.entities, **more}) if more else nc.entities)


def _trials_referred_to(blocks: Sequence[TextBlock], analyses: Sequence[BlockAnalysis]) -> dict[int, list[_Term]]:
    """Block with numbers that names no trial but says "the trial" -> the mentions of the trial named last
    before it (the trial, and the entities named by the same words: its study entity)."""
    out: dict[int, list[_Term]] = {}
    last: list[_Term] = []
    for bi, a in enumerate(analyses):
        if a.names_trial:
            spans = [(s, e) for s, e, key in a.raw_terms if key.startswith("trial:")]
            # (trials and entities are names, filtered by kind: a block without numbers, whose other terms are
            # never read, filters only these)
            terms = a.terms if a.quantities else _filter_contained(
                [t for t in a.raw_terms if t[2].startswith(("trial:", "entity:"))])
            last = [t for t in terms if t.kind in ("trial", "entity")
                    and any(t.start < e and s < t.end for s, e in spans)]  # "DAPA-CKD" in "the DAPA-CKD trial"
        elif last and a.quantities and _TRIAL_ANAPHORA.search(a.text):
            out[bi] = last
    return out


def _list_intros(blocks: Sequence[TextBlock]) -> dict[int, int]:
    """List item -> the paragraph that introduces its list (the one right before it, ending in a colon)."""
    out: dict[int, int] = {}
    intro = None
    for i, b in enumerate(blocks):
        if b.kind is BlockKind.LIST_ITEM:
            if intro is not None:
                out[i] = intro
        else:
            intro = i if b.kind is BlockKind.PARAGRAPH and b.text.rstrip().endswith(":") else None
    return out


def build_claims(blocks: Sequence[TextBlock], analyses: Sequence[BlockAnalysis]) -> list[NumberClaim]:
    """Every number of a document (all roles) with its context, in block order."""
    chains = heading_chains(blocks)
    # The lead (the first paragraph) says what an untitled article is about, as a title does: "An updated
    # analysis of the KATHERINE trial ..." makes the trial the subject of "a median follow-up of 8.4 years"
    # further down.
    # Only an article without a title: a title says it better.
    lead = next((i for i, b in enumerate(blocks) if b.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)), None)
    if lead is not None and blocks[lead].kind is BlockKind.HEADING:
        lead = None
    groups: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.group >= 0:
            groups.setdefault(b.group, []).append(i)
    intros = _list_intros(blocks)
    referred = _trials_referred_to(blocks, analyses)
    out: list[NumberClaim] = []
    summaries: dict[tuple, _Summary] = {}
    for bi, analysis in enumerate(analyses):
        if not analysis.quantities:
            continue
        block = blocks[bi]
        own = list(analysis.terms)
        starts = [t.start for t in own]
        # A table's rows share one paragraph (the table): its summary is made once, not once per row
        # (a 6,400-row table was quadratic).
        members = groups.get(block.group, [bi])
        if block.kind is BlockKind.TABLE_ROW and len(members) > 1:
            # A row speaks of what it and the header row name, never of another row's drug or arm ("| Rizatriptan
            # | 70-77% |" under "| Sumatriptan | 59-70% |"): the table's paragraph is its header and the row.
            members = sorted({members[0], bi})
        elif bi in intros:
            # "The STAMPEDE trial ... The results were as follows:" then "- A 70% reduction in progression":
            # an item's paragraph is its own text and the paragraph that introduces its list.
            members = [intros[bi], bi]
        # "The trial included 4304 patients" after "... the DAPA-CKD trial.": the trial named last, if the
        # paragraph names none.
        trial_before = referred.get(bi)
        if trial_before and any(j in referred or analyses[j].names_trial for j in members if j != bi):
            trial_before = None
        key = (block.group if block.group >= 0 else -1 - bi, tuple(members), chains[bi], lead is not None and lead < bi,
               bi if trial_before else -1)
        summary = summaries.get(key)
        if summary is None:
            summary = summaries[key] = _summarise(
                [(PARAGRAPH, analyses[j].terms) for j in members]
                + [(HEADING, analyses[h].terms) for h in chains[bi]]
                + ([(HEADING, [t for t in analyses[lead].terms if t.kind == "entity"])]
                   if lead is not None and lead < bi else [])
                + ([(PARAGRAPH, trial_before)] if trial_before else []))
        ctx = _Block(analysis)
        quantities = list(analysis.quantities)
        _share_units(ctx, quantities)
        series = _series(ctx, quantities)
        # (a count of things, "5 phase 3 trials", takes no clause: what it names is the sentence's)
        counted = [_counted(q, ctx.text) if q.is_claim else None for q in quantities]
        ctx.number_clauses = {ctx.clause(q.start) for q, what in zip(quantities, counted)
                              if q.is_claim and what is None}
        ctx.statistic_clauses = {ctx.clause(q.start) for q, what in zip(quantities, counted)
                                 if q.is_claim and what is None and q.unit not in _DOSE_UNITS}
        ctx.number_starts = [q.start for q in quantities if q.is_claim]
        list_time: dict[int, tuple[float, str]] = {}  # a list's first number -> a time point of its numbers
        borrowed: dict[int, tuple] = {}  # a sentence's start -> what it borrows from the sentence before
        unknown_trial: dict[tuple[int, int, int, int], bool] = {}  # whether a sentence names an unknown trial
        opened: dict[int, _SentenceStart] = {}  # a sentence's start -> what its claims share
        block_out: list[NumberClaim] = []
        for qi, q in enumerate(quantities):
            c_start, c_end = ctx.sentence(q.start)
            if not q.is_claim:  # a year, a label, a phone number...: nothing to judge, no context to gather
                block_out.append(NumberClaim(quantity=q, block=bi, sentence=(c_start, c_end)))
                continue
            # The sentence's terms, within a window around the number: real sentences fit in it, and a
            # pathological one (thousands of numbers, "1-1-1-...") stays linear.
            lo, hi = max(c_start, q.start - _WINDOW), min(c_end, q.end + _WINDOW)
            sentence_terms = own[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]
            opening = opened.get(c_start)
            if opening is None:
                opening = opened[c_start] = _sentence_start(ctx, c_start, c_end)
            nc = _claim_for(q, bi, block, ctx, sentence_terms, summary, opening, counted[qi])
            if bi in intros:
                nc = evolve(nc, introduced=True)
            if nc.threshold and _in_aside(ctx, c_start, q.start):
                nc = evolve(nc, aside=True)
            if c_start > 0:
                borrow = borrowed.get(c_start)
                if borrow is None:
                    restating = _restates(ctx, c_start)
                    borrow = borrowed[c_start] = _sentence_before(ctx, own, starts, c_start, restating) \
                        if restating or _COMPARING.match(ctx.text, c_start) else \
                        ((), _subject_before(ctx, own, starts, c_start)) if _PRONOUN.match(ctx.text, c_start) \
                        else ((), ())
                if borrow[0] or borrow[1]:
                    nc = _borrow(nc, *borrow)
            if ctx.names_trials:  # cheap test first: most blocks name no trial
                key = (c_start, c_end, lo, hi)  # (the same sentence and terms for each number of a real sentence)
                unknown = unknown_trial.get(key)
                if unknown is None:
                    unknown = unknown_trial[key] = _names_unknown_trial(ctx, c_start, c_end, sentence_terms)
                if unknown:
                    nc = evolve(nc, unknown_trial=True)
            if qi in series:
                index, count, first = series[qi]
                # Arms in the order of their last mention before the list: "Herceptin and Perjeta ...
                # than those given trastuzumab (56.5 vs. 40.8 months)" names the pertuzumab arm first.
                last = {t.ident: t.start for t in sentence_terms if t.kind == "entity" and t.end <= first}
                order = sorted(last, key=last.__getitem__)
                # "(69% vs. 40%) than with imatinib alone": the arm the list is compared with, named right
                # after it, takes its last place; an arm before it that was another list's comparator ("...
                # (68% vs. 49%) than with IS-TKIs, and (69% vs. 40%) than with imatinib") takes none.
                after = _compared_after(ctx, sentence_terms, quantities[qi - index + count - 1].end, c_end)
                if after is not None:
                    order = [e for e in order if e != after and not _compared_before(ctx, last[e], c_start)] + [after]
                nc = evolve(nc, series=Series(index, count, tuple(order), _in_aside(ctx, c_start, first)))
                if nc.time_point is not None:
                    list_time.setdefault(first, (nc.time_point, nc.time_point_words))
            block_out.append(nc)
        if list_time:
            # "30% and 45% ... at two years, respectively": the numbers of a list share its time point.
            for i, nc in enumerate(block_out):
                if nc.series is not None and nc.time_point is None:
                    first = series[quantities.index(nc.quantity)][2]
                    if first in list_time:
                        block_out[i] = evolve(nc, time_point=list_time[first][0],
                                               time_point_words=list_time[first][1])
        out.extend(block_out)
    return out


_SHARED_UNIT = re.compile(r"[ \t]*(?:,[ \t]*)?(?:or|and|,)[ \t]*", re.IGNORECASE)


_TRIAL_NAME = re.compile(rf"\b[A-Z][A-Z0-9]+(?:-[A-Za-z0-9]+)*\s+(?i:{words_pattern(lx.TRIAL_WORDS)})\b"
                         rf"|\b(?i:{words_pattern(lx.TRIAL_WORDS)})\s+(?:called|named|known\s+as)\s+[A-Z]")


_TRIAL_STEMS = tuple(w[:-1] if w.endswith("y") else w for w in lx.TRIAL_WORDS)  # "stud": study, studies
# "Six lipid-lowering trials", "a similar Praluent trial", "12 other studies": trials besides a named one.
_OTHER_TRIALS = _cased(rf"\b(?:{words_pattern(lx.OTHER_TRIAL_WORDS)}|\d+)\s+(?:[\w-]+\s+){{0,2}}"
                       rf"(?:{words_pattern(lx.TRIAL_WORDS)}|trials|studies)\b")


# A trial word's stem, ignoring case: every match of _OTHER_TRIALS and _TRIAL_NAME holds one (a sentence
# without one, most of those in a block that names a trial, is not searched with them).
_TRIAL_STEM = re.compile("|".join(map(re.escape, _TRIAL_STEMS)), re.IGNORECASE)


def _names_unknown_trial(ctx: _Block, start: int, end: int, sentence_terms: Sequence[_Term]) -> bool:
    """Whether the sentence names a trial that is not a registry trial ("the CLEOPATRA trial"), or speaks
    of other trials ("six other trials")."""
    if _TRIAL_STEM.search(ctx.text, start, end) is None:
        return False
    if ctx.search(_OTHER_TRIALS, start, end):
        return True
    for m in _TRIAL_NAME.finditer(ctx.text, start, end):
        if not any(t.kind == "trial" and t.start < m.end() and m.start() < t.end for t in sentence_terms):
            return True
    return False


def _share_units(ctx: _Block, qs: list[Quantity]) -> None:
    """"40 or 70 milligrams", "5, 10 and 20 mg": a bare number listed before a number with a unit has that
    unit (in `qs`); so has an amount listed before the same amount per something ("150mg, 300mg or 600mg per
    day": each is per day)."""
    for i in range(len(qs) - 2, -1, -1):
        a, b = qs[i], qs[i + 1]
        if b.unit is not None and (a.unit is None or b.unit.startswith(a.unit + "/")) and a.is_claim and \
                b.is_claim and a.form == "number" and a.comparator is None and \
                _SHARED_UNIT.fullmatch(ctx.text, a.end, b.phrase_start):
            qs[i] = evolve(a, unit=b.unit)


# A comparison word and up to three words before an arm's name: "than with", "compared with those given"
_COMPARED = rf"(?:{words_pattern(lx.COMPARISON_OPENERS)})\b(?:\s+[\w-]+){{0,3}}?\s+"
_COMPARED_AFTER = re.compile(rf"[\s)\]]*{_COMPARED}\Z", re.IGNORECASE)
_COMPARED_BEFORE = re.compile(rf"\b{_COMPARED}\Z", re.IGNORECASE)


def _compared_after(ctx: _Block, terms: Sequence[_Term], list_end: int, sentence_end: int) -> str | None:
    """The entity a list of numbers is compared with right after it ("(69% vs. 40%) than with imatinib")."""
    for t in terms:
        if t.kind == "entity" and list_end <= t.start < sentence_end:
            return t.ident if _COMPARED_AFTER.match(ctx.text, list_end, t.start) else None
    return None


def _compared_before(ctx: _Block, start: int, sentence_start: int) -> bool:
    """Whether the name at `start` is what something was compared with ("than with IS-TKIs")."""
    return _COMPARED_BEFORE.search(ctx.text, max(sentence_start, start - 40), start) is not None


def _series(ctx: _Block, qs: list[Quantity]) -> dict[int, tuple[int, int, int]]:
    """Numbers in lists parallel to arms: "A vs. B", or "A and B, respectively". Quantity index ->
    (place in the list, length of the list, offset of the list's first number). A bare number of a
    list takes the unit written after the last one (in `qs`)."""
    out: dict[int, tuple[int, int, int]] = {}
    i = 0
    while i < len(qs):
        run, versus = [i], False
        while run[-1] + 1 < len(qs) and qs[run[-1]].is_claim and qs[run[-1] + 1].is_claim:
            a, b = qs[run[-1]], qs[run[-1] + 1]
            m = _SERIES_JOIN.fullmatch(ctx.text, a.end, b.phrase_start)
            if m is None or ctx.sentence(a.start) != ctx.sentence(b.start):
                break
            versus = versus or m.group("vs") is not None
            run.append(run[-1] + 1)
        if len(run) > 1:
            last = qs[run[-1]]
            _, s_end = ctx.sentence(last.start)
            nxt = next((q.start for q in qs[run[-1] + 1:] if q.is_claim), s_end)
            if versus or _SERIES_WORD.search(ctx.text, last.end, min(s_end, nxt)):
                for k, qi in enumerate(run):
                    out[qi] = (k, len(run), qs[run[0]].phrase_start)
                    if qs[qi].unit is None and last.unit is not None and qs[qi].form == "number":
                        qs[qi] = evolve(qs[qi], unit=last.unit)  # "56.5 vs. 40.8 months": both in months
        i = run[-1] + 1
    return out


# "..., an estimated 16.1% of whom": the number's people are those the clause before names
_REFERRING_BACK = re.compile(rf"\s+(?:{words_pattern(lx.REFERRING_BACK)})\b", re.IGNORECASE)


def _narrows(q: Quantity, start: int, qc, opening, ctx: _Block) -> bool:
    """Whether words at `start` say whom the number is about (a narrower population than a claim's)."""
    sc = ctx.clause(start)
    if sc not in (qc, opening) and not (sc == qc - 1 and _REFERRING_BACK.match(ctx.text, q.end)):
        return False
    if start >= q.end and _COMPARISON.search(ctx.text, q.end, start):
        return False  # "a lower risk than those on placebo": the comparison arm, not a population
    if q.people and start >= _word_end(ctx.text, q.end):
        return False  # "5,000 women diagnosed with early-stage ...": who was counted, not a narrowing
        # ("1,619 women" itself is: the counted noun is the number's population)
    # "In the trial of 12,000 women aged 15 to 26, the vaccine was 98% effective": the women and their
    # ages describe another number (the trial's size), not this one
    return not ctx.described(start, q)


def _modifiers(q: Quantity, entity_spans: list[tuple[str, int, int]], qc, opening,
               ctx: _Block) -> tuple[Subgroup, ...]:
    """An entity written right before another ("ALK-positive lung cancer", "EGFR-mutant NSCLC") narrows
    it: the number is said of that kind of the disease, and belongs only to a claim that names it."""
    if len(entity_spans) < 2:
        return ()  # (most numbers: no two entities, so no pair)
    # One span may name several entities ("stage 4": a stage of any cancer, and of breast cancer): the
    # modifier is every entity its words name.
    named: dict[tuple[int, int], set[str]] = {}
    for e, start, end in entity_spans:
        named.setdefault((start, end), set()).add(e)
    spans = sorted(named)
    out = []
    for (a_start, a_end), (b_start, b_end) in zip(spans, spans[1:]):
        if 0 <= b_start - a_end <= 1 and ctx.text[a_end:b_start] in ("", " ", "-") \
                and _narrows(q, a_start, qc, opening, ctx):
            out.append(Subgroup(ctx.text[a_start:a_end].lower(), frozenset(named[(a_start, a_end)]),
                                frozenset(named[(b_start, b_end)])))
    return tuple(out)


# "% of people with diabetes develop", "29% with food allergies have asthma": the people a share is taken of, and
# the verb after them.
_POPULATION = re.compile(rf"\s+(?:of\s+(?:all\s+|the\s+|those\s+)?(?:[\w-]+\s+){{0,2}}?"
                         rf"(?:{words_pattern(sorted(lx.PEOPLE_NOUNS))})\s+)?(?:{words_pattern(lx.POPULATION_LINKS)})\s",
                         re.IGNORECASE)
_POPULATION_END = re.compile(rf"\b(?:{words_pattern(lx.POPULATION_ENDS)})\b|[,;:()]", re.IGNORECASE)


def _population(q: Quantity, text: str, c_end: int, entity_spans: list[tuple[str, int, int]],
                clause: tuple[int, int]) -> frozenset[str]:
    """Entities named only in the description of the people a share is of ("10% of people with diabetes
    develop ..."), not elsewhere in the number's clause (an item of a list may name what another counts:
    "1 in 12 children have food allergies, 29% with food allergies have asthma")."""
    if q.unit != "percent":
        return frozenset()
    m = _POPULATION.match(text, q.end, c_end)
    if m is None:
        return frozenset()
    end = _POPULATION_END.search(text, m.end(), c_end)
    stop = end.start() if end else c_end
    inside = {e for e, s, e_end in entity_spans if m.end() <= s and e_end <= stop}
    outside = {e for e, s, e_end in entity_spans if not (m.end() <= s and e_end <= stop)
               and clause[0] <= s and e_end <= clause[1]}
    return frozenset(inside - outside)


# A treatment named as the patients' history, not as their arm: "52% of methotrexate-naive patients who received
# upadacitinib", "patients with an inadequate response to methotrexate" (words in lexicon/context.yaml).
_PRIOR_AFTER = re.compile(rf"[-\s]?(?:{words_pattern(lx.PRIOR_TREATMENT_AFTER)})\b", re.IGNORECASE)
_PRIOR_FILLERS = ("the", "a", "an", "prior", "previous")  # between the phrase and the name
_PRIOR_BEFORE = re.compile(rf"\b(?:{words_pattern(lx.PRIOR_TREATMENT_BEFORE)})\s+(?:(?:{'|'.join(_PRIOR_FILLERS)})\s+)?$",
                           re.IGNORECASE)
# The phrases' last words: the word before the name (or before a filler) must end with one, or the
# pattern is not tried (it is tried at each of the 40 offsets before every name).
_PRIOR_LAST_WORDS = tuple(sorted({p.split()[-1].lower() for p in lx.PRIOR_TREATMENT_BEFORE}))


def _prior_treatment(text: str, start: int, end: int) -> bool:
    if _PRIOR_AFTER.match(text, end) is not None:
        return True
    if start == 0 or not text[start - 1].isspace():
        return False
    words = text[max(0, start - 40):start].lower().split()
    if not words or not (words[-1].endswith(_PRIOR_LAST_WORDS) or
                         len(words) > 1 and words[-2].endswith(_PRIOR_LAST_WORDS)):
        return False
    return _PRIOR_BEFORE.search(text, max(0, start - 40), start) is not None


class _SentenceStart(NamedTuple):
    """What the claims of one sentence share, read once per sentence."""

    start: int
    end: int
    opening: int | None  # the clause of an opening that qualifies the whole sentence ("In never-smokers, ")
    first_number: int  # the offset of its first claim number (its end if none)
    earlier_period: bool  # it opens on an earlier period ("Before checkpoint immunotherapy, ...")


def _sentence_start(ctx: _Block, c_start: int, c_end: int) -> _SentenceStart:
    k = bisect.bisect_left(ctx.number_starts, c_start)
    return _SentenceStart(c_start, c_end, ctx.clause(c_start) if _OPENING.match(ctx.text, c_start) else None,
                          ctx.number_starts[k] if k < len(ctx.number_starts) else c_end,
                          _EARLIER_PERIOD.match(ctx.text, c_start) is not None)


def _claim_for(q: Quantity, bi: int, block: TextBlock, ctx: _Block, sentence_terms: Sequence[_Term],
               summary: _Summary, sentence: _SentenceStart, counted: str | None) -> NumberClaim:
    c_start, c_end, opening, first_number = sentence[:4]
    qc = ctx.clause(q.start)

    best: dict[str, dict[str, Near]] = {"entity": dict(summary.entities), "drug": dict(summary.drugs),
                                        "trial": dict(summary.trials)}
    phrases: dict[str, int] = dict(summary.phrases)
    cues: list[Cue] = []
    attached: list[Cue] = []  # cues in the words right after another count
    counts = q.people or q.unit == "count"
    clause_start = max(ctx.clause_start(q.start), c_start, q.start - _WINDOW)
    # A clause that compares its number with another's ("... compared to 5,000 deaths") shares that one's subject
    # and period.
    compared = _COMPARISON_OPENER.match(ctx.text, clause_start) is not None
    referring = q.people and _REFERRING_BACK.match(ctx.text, q.end) is not None  # "0.4 million of them"
    para_cues: list[Cue] = summary.cues
    subgroup_spans: list[tuple[str, int, int]] = []
    clause_phrases: set[str] = set()  # `when`/`unless` phrases before the number or in its own clause
    entity_spans: list[tuple[str, int, int]] = []
    in_other_clauses: set[str] = set()  # entities named in another number's clause, after its first number ...
    contrasted: set[str] = set()  # ... that compares with this one, right after its clause
    free: set[str] = set()  # ... and entities named where no other number is, or before any number

    q_start, q_end = q.start, q.end
    clause = ctx.clause
    course = _course(q, ctx)
    for t in sentence_terms:
        kind, t_start, t_end = t.kind, t.start, t.end
        if q_start <= t_start and t_end <= q_end or (t_start < q_end and q_start < t_end and kind != "cue"):
            continue  # part of the number itself (a cue may start in its unit: "15.7 [months longer]")
        if kind == "phrase":  # (the commonest kind, and it needs no level or distance)
            phrases[t.ident] = SENTENCE
            # (the comparison right after the number's clause is its own: "... by 31% compared with placebo")
            if t_start < q_start or (tc := clause(t_start)) in (qc, opening) or \
                    (tc == qc + 1 and ctx.compares_after(qc)):
                clause_phrases.add(t.ident)
            continue
        tc = clause(t_start)
        level = CLAUSE if tc == qc else SENTENCE
        distance = q_start - t_end if t_end <= q_start else t_start - q_end
        ident = t.ident
        if kind in ("entity", "drug", "subgroup") and ctx.design_compound(t_end):
            continue  # "a placebo-controlled trial": the study's design, not an arm or a population
        if kind in ("entity", "drug") and ctx.prior_treatment(t_start, t_end):
            continue  # the patients' history ("methotrexate-naive"), not what the number is about
        if kind in ("entity", "drug", "trial"):
            near = Near(level, distance, ctx.text[t_start:t_end])
            found = best[kind]
            cur = found.get(ident)
            if cur is None or (level, -distance) > (cur.level, -cur.distance):
                found[ident] = near
            if kind == "entity":
                entity_spans.append((ident, t_start, t_end))
                # "Repatha cut heart attacks by 27% and stroke by 21%": a subject written before the
                # sentence's first number is every number's; "... and 15-20% are HER2-positive" is not.
                # (a drug in a dose's clause is the dose's, and still a share's: "32.6% of patients given
                # 12.7 mg voclosporin")
                other = tc != qc and t_start > first_number and tc in (
                    ctx.number_clauses if q.unit in _DOSE_UNITS else ctx.statistic_clauses)
                (in_other_clauses if other else free).add(ident)
                if other and tc == qc + 1 and ctx.compares_after(qc):
                    contrasted.add(ident)  # "40,100 car deaths compared to 70,000 drug overdoses"
        elif kind == "cue":
            if course or ctx.owned.get(t_start, q_start) != q_start or ctx.holds_number(t_start, t_end, q_start) \
                    or ctx.inside_number(t_start, q_start):
                # another number's own words ("1 year of Herceptin" vs "Eleven years of follow-up"), or words
                # that hold another number ("for 14 days" is that number's, not "in as little as three days"); a
                # course's words are its dose's ("1 g three times daily for 7 days sped the resolution of pain")
                continue
            if counts and not compared and tc != qc and tc in ctx.number_clauses \
                    and ctx.text[t_start:t_end].lower() in lx.PERIOD_WORDS:
                continue  # "50,000 are diagnosed each year, and 1 million have it": the period is the other count's
            metric, strong = _cue_parts(ident)
            cue = Cue(metric, strong, level, distance, ctx.text[t_start:t_end])
            (attached if q.people and ctx.heads and ctx.heads_other(t_start, q_start) and not referring
             else cues).append(cue)
        elif kind == "subgroup" and not (q.unit in _DOSE_UNITS and ident in lx.UNTREATED_PHRASES) \
                and _narrows(q, t_start, qc, opening, ctx):  # (a dose is never the untreated people's)
            subgroup_spans.append((ident, t_start, t_end))
    # What another count counts ("Sixteen major malformations occurred in ... 149 women") is not what a count of
    # people counts, unless it has no word of its own in its clause
    if attached and not any(c.level == CLAUSE for c in cues):
        cues.extend(attached)
    # Prose sentences never borrow: a short sentence in a paragraph is about its own subject.
    if not cues and not course and (block.kind in (BlockKind.TABLE_ROW, BlockKind.LIST_ITEM) or block.group >= 0):
        cues = [Cue(c.metric, c.strong, PARAGRAPH, FAR) for c in para_cues]
    subgroups = tuple(
        Subgroup(p, frozenset(e for e, es, ee in entity_spans if es < end and start < ee))
        for p, start, end in subgroup_spans
    ) + _modifiers(q, entity_spans, qc, opening, ctx)
    negated = any(
        not any(s <= m.start() < e for _, s, e in subgroup_spans)
        for m in ctx.finditer(_NEGATION, clause_start, q.phrase_start)
    )
    # A condition makes the numbers of its own clause hypothetical; a dose after it is what to do in that case
    # ("If side effects occur, the dose may be reduced to 120 mg"), so it is no claim either.
    hypothetical = any(
        ctx.clause(m.start()) == qc or m.group(0).lower() not in lx.CONDITIONALS or q.unit in _DOSE_UNITS
        for m in ctx.finditer(_HYPOTHETICAL, max(c_start, q.start - _WINDOW), q.start))
    time_point = ctx.time_point(q, (c_start, c_end)) if ctx.time_points else None
    cited = ctx.cited(c_start, c_end, block)
    if not cited and block.kind is BlockKind.LIST_ITEM and c_end < len(ctx.text):
        # A footnote at a list item's end cites the item, all its sentences (spec: "that sentence or item")
        cited = ctx.cited(ctx.sentences[-1], len(ctx.text), block)
    return NumberClaim(
        quantity=q, block=bi, sentence=(c_start, c_end),
        entities=MappingProxyType(best["entity"]), drugs=MappingProxyType(best["drug"]),
        trials=MappingProxyType(best["trial"]), cues=tuple(cues), phrases=MappingProxyType(phrases),
        subgroups=subgroups, negated=negated, hypothetical=hypothetical, cited=cited,
        time_point=time_point[0] if time_point else None,
        time_point_words=time_point[1] if time_point else "",
        ages=_clause_ages(ctx, q, qc, opening, c_start, c_end) if ctx.ages else (),
        difference=_difference(q, ctx.text, sentence_terms),
        change=_change(q, ctx, clause_start, sentence_terms) if q.unit == "percent" else None,
        counted=counted,
        events=_events(q, ctx.text),
        measure=_unknown_measure(q, ctx.text, sentence_terms) if q.unit == "percent" else None,
        threshold=_threshold(q, ctx, c_start),
        # "... 34% of the time compared to about 5% of people with NSCLC": a comparison shares the subject.
        taken=frozenset() if compared else frozenset(in_other_clauses - free),
        contrasted=frozenset(contrasted - free),
        population=_population(q, ctx.text, c_end, entity_spans, (clause_start, _clause_end(ctx, q, c_end))),
        opinion=q.unit == "percent" and ctx.search(
            _AWARENESS, q.end, min(_clause_end(ctx, q, c_end), q.end + _DEFINITION_REACH)) is not None,
        earlier=sentence.earlier_period or ctx.search(_EARLIER, max(c_start, q.phrase_start - 40),
                                                      q.phrase_start) is not None,
        instruction=q.unit in _DOSE_UNITS and (not any(near.level >= SENTENCE for near in best["drug"].values())
                                               and (block.kind is not BlockKind.PARAGRAPH or ctx.instructs)
                                               or ctx.schedule_or_account(c_start, c_end)),
        step=q.unit in _DOSE_UNITS and ctx.search(_STEP, *_clause_window(ctx, q, c_start, c_end)) is not None,
        period=_period(q, ctx, c_start, c_end, compared) if counts else None,
        regimen=regimen_in(ctx.text, *_clause_window(ctx, q, c_start, c_end)) if ctx.regimens else None,
        clause_phrases=frozenset(clause_phrases),
        averaged=q.unit in lx.TIME_UNIT_NAMES and _AVERAGE.search(ctx.text, max(c_start, q.phrase_start - 20),
                                                                  q.start) is not None,
        follow_up=q.unit in lx.TIME_UNIT_NAMES and ctx.search(
            _FOLLOW_UP, *_clause_window(ctx, q, c_start, c_end)) is not None,
        course=course,
    )


_COURSE = _cased(rf"(?:(?!\b(?:{words_pattern(lx.COURSE_WORDS)})\b).)*?\b(?:{words_pattern(lx.SCHEDULE_WORDS)})\b"
                 rf"(?:(?!\b(?:{words_pattern(lx.COURSE_WORDS)})\b).)*\b(?:{words_pattern(lx.COURSE_WORDS)})\s*$")
_COURSE_REACH = 45  # characters from a dose's end to its course: " orally 5 times daily for up to "


def _course(q: Quantity, ctx: _Block) -> bool:
    """Whether a duration is how long the dose before it in its clause is taken ("1000 mg three times daily
    for 7 days"): after the dose, words of its schedule, then a course word right before the duration."""
    if q.unit not in lx.TIME_UNIT_NAMES or not ctx.dose_ends:
        return False
    k = bisect.bisect_right(ctx.dose_ends, q.phrase_start) - 1
    if k < 0 or q.phrase_start - ctx.dose_ends[k] > _COURSE_REACH or \
            ctx.clause(ctx.dose_ends[k]) != ctx.clause(q.start):
        return False
    # (matched from the dose's end, up to the duration: `match` anchors at its start, `$` at its end)
    if ctx.lower is not None:
        return _COURSE.lowered.match(ctx.lower, ctx.dose_ends[k], q.phrase_start) is not None
    return _COURSE.ignoring_case.match(ctx.text, ctx.dose_ends[k], q.phrase_start) is not None


_PERIOD = _cased_words(lx.PERIOD_WORDS)


def _period(q: Quantity, ctx: _Block, c_start: int, c_end: int, compared: bool) -> str | None:
    """The period a count is per ("ten Americans die each day"), from its own clause, else from the words
    before it in its sentence ("Each day, ten Americans die")."""
    m = ctx.search(_PERIOD, *_clause_window(ctx, q, c_start, c_end))
    if m is None:  # before it in the sentence, with no other number in between ("Each day, ten Americans die"),
        # and not in another number's clause ("50,000 are diagnosed each year, and 1 million have it")
        # (unless its clause compares it with that number: "12,000 car crash deaths each year compared to 5,000
        # deaths from zorbitis" counts both per year)
        before = list(ctx.finditer(_PERIOD, max(c_start, q.start - 200), q.start))
        m = before[-1] if before else None
        if m is not None and (any(m.end() <= s < q.start for s in ctx.number_starts)
                              or ctx.clause(m.start()) in ctx.number_clauses) and not compared:
            m = None
    return lx.PERIOD_WORDS[re.sub(r"\s+", " ", m.group(0).lower())] if m is not None else None


def _clause_ages(ctx: _Block, q: Quantity, qc: int, opening: int | None, c_start: int,
                 c_end: int) -> tuple[float, ...]:
    """The ages written in the number's clause or its sentence's opening ("4% of those over 80 years old"),
    looked up by offset (a sentence of a thousand ages stays linear)."""
    lo, hi = _clause_window(ctx, q, c_start, c_end)
    if opening is not None:
        lo = max(c_start, q.start - _WINDOW)
    starts = ctx.age_starts
    return tuple(a.low for a in ctx.ages[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]
                 if ctx.clause(a.start) in (qc, opening))


def _clause_window(ctx: _Block, q: Quantity, c_start: int, c_end: int) -> tuple[int, int]:
    """The number's clause, within _WINDOW characters of it (a clause of thousands of numbers stays linear)."""
    return (max(ctx.clause_start(q.start), c_start, q.start - _WINDOW),
            min(_clause_end(ctx, q, c_end), q.end + _WINDOW))


def _defined(ctx: _Block, start: int, end: int) -> bool:
    """Whether the text's [start:end] holds a definition word that is not part of a consequence ("which
    means")."""
    found = [m.start() for m in ctx.finditer(_DEFINITION, start, end)]
    if not found:
        return False
    consequences = [m.span() for m in ctx.finditer(_CONSEQUENCE, start, end)]
    return any(not any(a <= at < b for a, b in consequences) for at in found)


def _ends_on_article(text: str, end: int) -> bool:
    """Whether text[:end] ends with "a" or "an" and white space, as `_THRESHOLD_ARTICLE` needs (tried at each
    of 20 offsets, that pattern was the costliest question most numbers ask)."""
    if end < 2 or not text[end - 1].isspace():
        return False
    last = text[max(0, end - 20):end].rstrip()[-2:].lower()
    return last.endswith("a") or last == "an"


def _threshold(q: Quantity, ctx: _Block, sentence_start: int) -> bool:
    """A threshold ("at least 10%", "20% or more"), a lab target ("below 70 mg/dL") or a frequency band's
    definition ("Very common: may affect more than 1 in 10 people"), a category's bounds ("3% to 10% counts
    as moderate") or a requirement ("which require 75% improvement")."""
    text = ctx.text
    if _DEFINITION_AFTER.match(text, q.end) or ctx.search(_REQUIREMENT, max(sentence_start, q.phrase_start - 60),
                                                          q.phrase_start) \
            or ctx.search(_DEFINING, max(sentence_start, q.phrase_start - _DEFINITION_REACH), q.phrase_start) \
            or _ends_on_article(text, q.phrase_start) \
            and _THRESHOLD_ARTICLE.search(text, max(sentence_start, q.phrase_start - 20), q.phrase_start):
        return True
    if q.comparator is None:
        return False
    if q.unit in lx.TARGET_UNITS or _BAND.match(text, sentence_start) or \
            _defined(ctx, max(sentence_start, q.phrase_start - _DEFINITION_REACH), q.phrase_start):
        return True
    return bool(_THRESHOLD_BEFORE.search(text, max(sentence_start, q.phrase_start - 1), q.start)
                or _THRESHOLD_AFTER.match(text, q.end)) or q.unit == "percent" and _bar_of_share(ctx, q, sentence_start)


def _bar_of_share(ctx: _Block, q: Quantity, sentence_start: int) -> bool:
    """Whether a share with a comparator is the bar that the people of the share before it passed ("some
    patients (19.7%) lost more than 3%", "45% reduced their dose by more than 50%"): that share and a few words
    of what they did between, none joining or comparing two figures."""
    i = bisect.bisect_left(ctx._number_ends, (q.start, -1))
    if i == 0:
        return False
    start, end = ctx._number_ends[i - 1]
    if start < sentence_start or start not in ctx.share_starts:
        return False
    words = ctx.text[end:q.phrase_start].strip(" )").split()
    return 0 < len(words) <= 4 and all(w.isalpha() and w.lower() not in lx.FIGURE_JOINERS for w in words)


_STEP = _cased_words(lx.STARTING_STEP_WORDS)
# A schedule's numbered days: "on days 3-7", "from day 8"
_NUMBERED_DAYS = re.compile(rf"\b(?:{words_pattern(lx.SCHEDULE_DAY_OPENERS)})\s+(?:{words_pattern(lx.SCHEDULE_DAY_WORDS)})"
                            rf"\s+\d", re.IGNORECASE)
# The writer's own words ("I", "my"), as written: "i.e." is not the writer, nor "I" after a label word
# ("stage I", "type I").
_FIRST_PERSON = re.compile(r"(?<![\w'’])(?:%s)(?![\w'’])" % "|".join(
    f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" if w[0].islower() else re.escape(w)
    for w in sorted(lx.FIRST_PERSON_WORDS, key=len, reverse=True)))
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*\Z")


def _numbers_days(text: str, start: int, end: int) -> bool:
    """Whether a sentence numbers the days of a dosing schedule ("then 100 mg on days 3-7", "from day 8"): its
    doses are the schedule's steps. ("0.5 mg a week for the first 4 weeks" alone states a drug's starting dose:
    still a statistic.)"""
    return _NUMBERED_DAYS.search(text, start, end) is not None


def _writer_speaks(text: str, start: int, end: int) -> bool:
    """Whether the sentence [start, end) is the writer's own account ("My doctor prescribed me 50 mg")."""
    for m in _FIRST_PERSON.finditer(text, start, end):
        if m.group(0) != "I":
            return True
        before = _WORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
        if before is None or before.group(1).lower() not in lx.LABEL_WORDS:
            return True
    return False
_DOSE_UNITS = frozenset({"mg", "mcg", "g", "mg/day", "mg/kg", "mcg/kg", "mg/m2", "units"})
_EARLIER = _cased_words(lx.EARLIER_VALUE_WORDS, after=r"\s*$")
# (also after a short label: "Quick answer: Before checkpoint immunotherapy, ...")
_EARLIER_PERIOD = re.compile(rf"(?:[^.:;!?\n]{{0,30}}:\s*)?\W*(?:{words_pattern(lx.EARLIER_PERIOD_OPENERS)})\b",
                             re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s*[\w'’-]+")


# Up to two words right after a number ("Sixteen [major malformations] occurred")
_HEAD_WORDS = re.compile(r" [A-Za-z][A-Za-z-]*(?: [A-Za-z][A-Za-z-]*)?")


def _word_end(text: str, at: int) -> int:
    m = _NEXT_WORD.match(text, at)
    return m.end() if m else at


def _clause_end(ctx: _Block, q: Quantity, sentence_end: int) -> int:
    i = bisect.bisect_right(ctx.breaks, q.end)
    return min(ctx.breaks[i], sentence_end) if i < len(ctx.breaks) else sentence_end


def _counted(q: Quantity, text: str) -> str | None:
    """The noun a bare count counts when it is a thing ("54 countries", "19 double-blind trials")."""
    if q.people or q.unit not in (None, "count") or q.form not in ("number", "range"):
        return None
    words = [w.strip(",;:.()").lower() for w in text[q.end:q.end + 80].split()[:5]]
    for k, w in enumerate(words):
        if w in lx.THING_NOUNS:
            return w
        if w in lx.PEOPLE_NOUNS and k + 1 < len(words) and words[k + 1] in lx.THING_NOUNS:
            return words[k + 1]  # "four patient subgroups"
        if w.isdigit() and k > 0 and words[k - 1] in lx.LABEL_WORDS:
            continue  # "5 phase 3 clinical trials": a label's number
        if w in lx.PEOPLE_NOUNS or not w or not w.replace("-", "").isalpha():
            return None
    return None


def _events(q: Quantity, text: str) -> str | None:
    """The event a count counts ("12,650 patient deaths", "38,000 hospitalizations"): lexicon event_nouns."""
    if q.unit not in (None, "count") or q.form not in ("number", "range"):
        return None
    for k, w in enumerate(w.strip(",;:.()").lower() for w in text[q.end:q.end + 60].split()[:2]):
        if w in lx.EVENT_NOUNS:
            return w
        if k or not (w in lx.PEOPLE_NOUNS or w in lx.EVENT_LEADS or w.endswith("-related")):
            return None
    return None


def _unknown_measure(q: Quantity, text: str, sentence_terms: Sequence[_Term]) -> str | None:
    """The words of what a share measures when they stand between it and a rate word and the registry knows
    none of them ("a 30% discontinuation rate", "a 10% to 12% drop-out rate"), else None."""
    if _RATE_HEAD.search(text, q.end, q.end + 60) is None:
        return None  # (most shares: no rate word after them)
    words = list(_MEASURE_WORD.finditer(text, q.end, q.end + 60))[:4]
    for k, m in enumerate(words):
        if k and m.group().lower() in lx.RATE_HEADS:
            break
        if m.start() != (words[k - 1].end() + 1 if k else q.end + 1):
            return None  # not one word after another ("30%, a rate")
    else:
        return None
    start, end = words[0].start(), words[k - 1].end()
    if any(t.start < end and start < t.end for t in sentence_terms if t.kind != "phrase"):
        return None  # a word of a metric or an entity ("a 30% response rate", "a 5% HIV rate")
    return text[start:end].lower()


_MEASURE_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_RATE_HEAD = re.compile(rf"\b(?:{words_pattern(lx.RATE_HEADS)})\b", re.IGNORECASE)


def _change(q: Quantity, ctx: _Block, clause_start: int, sentence_terms: Sequence[_Term]) -> tuple[str, ...] | None:
    """A share that is a change: "a 57% decrease in ..." (a change noun after it), or "cut by 81%" (a change
    verb before it in its clause, then "by"); with the metrics whose words take in the change word."""
    after = _difference(q, ctx.text, sentence_terms, _CHANGE)
    if after is not None:
        return after
    if not ctx.text[max(0, q.phrase_start - 4):q.phrase_start].rstrip().lower().endswith("by"):
        return None  # (most shares: no "by" right before them)
    m = _BY_CHANGE.search(ctx.text, max(clause_start, q.phrase_start - 80), q.phrase_start)
    if m is None:
        return None
    return tuple(sorted({t.ident.rsplit(":", 1)[0] for t in sentence_terms
                         if t.kind == "cue" and t.start <= m.start() < t.end}))


# A change verb, a few words, and "by" right before the number: "was cut by 81%", "lowered the risk of death by"
_BY_CHANGE = re.compile(rf"\b(?:{'|'.join(map(re.escape, lx.CHANGE_STEMS))})\w*\b(?:\s+[\w-]+){{0,8}}?\s+by\s+\Z", re.IGNORECASE)


def _difference(q: Quantity, text: str, sentence_terms: Sequence[_Term],
                words: re.Pattern = _DIFFERENCE) -> tuple[str, ...] | None:
    """The metrics whose words (cues) take in the difference or change `words` right after the number, or None
    when none follows it."""
    m = words.match(text, q.end)
    if m is None:
        return None
    return tuple(sorted({t.ident.rsplit(":", 1)[0] for t in sentence_terms
                         if t.kind == "cue" and t.start < m.end() and t.end > m.end() - 1 and t.start >= q.start}))


def block_facts(index: int, block: TextBlock, analysis: BlockAnalysis):
    """The drugs, trials and entities the pipeline matched in one block, as facts. A drug name inside a
    longer one is not a mention of its own ("trastuzumab" in "trastuzumab emtansine")."""
    raw = analysis.raw_terms
    if not raw:
        return BlockFacts(index, analysis.text, block.kind, block.group, analysis.sentences, (), (), ())
    drug_terms: list[tuple[int, int, str]] = []
    brands: set[tuple[int, int, str]] = set()
    trials: list = []
    entities: list = []
    for s, e, key in raw:  # one pass: most terms are entities, cues or phrases
        kind, ident = _key_parts(key)
        if kind == "entity":
            entities.append(EntityMention(index, ident, s, e))
        elif kind == "drug":
            drug_terms.append((s, e, ident))
        elif kind == "brand":
            brands.add((s, e, ident))
        elif kind == "trial":
            trials.append(TrialMention(index, ident, s, e))
    drugs: list = []
    if drug_terms:
        drug_spans = sorted({(s, e) for s, e, _ in drug_terms})
        seen: set = set()
        for s, e, ident in drug_terms:
            if _inside_longer(drug_spans, s, e) or (s, e, ident) in seen:
                continue
            seen.add((s, e, ident))
            drugs.append(DrugMention(index, ident, s, e, (s, e, ident) in brands))
    return BlockFacts(index, analysis.text, block.kind, block.group, analysis.sentences,
                      tuple(drugs), tuple(trials), tuple(entities))


_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_LOOK_BACK = 50  # blocks: how far back a source phrase may refer to a name


class _EarlierText:
    """A document's block texts joined by line breaks (made on first need), so that a source phrase's
    modifier is looked for in the blocks before it with one search, not one per block."""

    def __init__(self, blocks) -> None:
        self.blocks = blocks
        self.joined: str | None = None
        self.starts: list[int] = []  # each block's offset in `joined`

    def text(self) -> tuple[str, list[int]]:
        if self.joined is None:
            texts = [b.text for b in self.blocks]
            self.joined = "\n".join(texts)
            self.starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        return self.joined, self.starts


def _refers_back(a, blocks, earlier: _EarlierText) -> bool:
    """Whether a capitalised modifier of the source phrase was written earlier inside a sentence, as part
    of a name ("the 10-year FREEDOM Extension study" ... "Extension data showed")."""
    text = blocks[a.block].text
    # (not a capitalised word after one that says what the source is about: "Clinical trials of Tirosint-SOL")
    names = name_words(". " + text[a.start:a.end], a.noun)
    for m in _CAPITALISED.finditer(text, a.start, a.end):
        word = m.group()
        if word.lower() == a.noun or not any(word in n for n in names):
            continue
        # In the _LOOK_BACK blocks before and this block's text before the phrase (the word holds no line
        # break, so no match crosses the one that joins two blocks).
        joined, starts = earlier.text()
        needle, end = " " + word, starts[a.block] + a.start
        at = joined.find(needle, starts[max(0, a.block - _LOOK_BACK)], end)
        while at >= 0:
            k = bisect.bisect_right(starts, at) - 1
            if at == starts[k]:  # at a block's very start: not inside a sentence, nor is the rest of that block
                if k + 1 >= len(starts) or starts[k + 1] >= end:
                    break
                at = joined.find(needle, starts[k + 1], end)
                continue
            if joined[at - 1] not in ".!?\n" and not joined.startswith(word.lower(), at + 1):
                return True  # capitalised inside a sentence: a name
            at = joined.find(needle, at + 1, end)
    return False


def _inside_longer(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) lies inside a longer span of `spans` (sorted; names are few per block)."""
    i = bisect.bisect_right(spans, (s, e))
    for j in range(max(0, i - 8), min(len(spans), i + 8)):
        a, b = spans[j]
        if a <= s and e <= b and (b - a) > (e - s):
            return True
    return False


def build_facts(document, analyses: Sequence[BlockAnalysis]):
    """Everything the rules read about a document (factlint.facts.DocumentFacts)."""
    from .attribution import find_attributions
    from .facts import DocumentFacts

    blocks = tuple(block_facts(i, b, a) for i, (b, a) in enumerate(zip(document.blocks, analyses)))
    earlier = _EarlierText(blocks)
    # A source phrase that names a registry trial ("data from the FOURIER trial showed") is not vague, nor
    # one that refers back to a name written earlier ("Extension data showed" after "the FREEDOM Extension").
    attributions = tuple(a for i, (b, an) in enumerate(zip(document.blocks, analyses)) if an.may_attribute
                         for a in find_attributions(i, an.text, an.sentences, b)
                         if not any(t.start < a.end and a.start < t.end for t in blocks[i].trials)
                         and not _refers_back(a, blocks, earlier))
    return DocumentFacts(document.path, blocks, tuple(build_claims(document.blocks, analyses)), attributions)
