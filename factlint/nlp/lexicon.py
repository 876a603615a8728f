"""Words the quantity parser, the sentence splitter and the claim builder know, in the shapes they use.

The words themselves are data: factlint/lexicon/*.yaml (numbers, units, comparisons, labels, context).
This module reads them once, when the linting pipeline is first imported, and keeps the names the
grammar uses. General English and general medicine only; domain facts live in registries.
"""
from __future__ import annotations

from ..lexicon import load


def _tokens(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.split(" "))


_numbers = load("numbers")
NUMBER_WORDS: dict[str, int] = dict(_numbers["number_words"])
TENS = set(_numbers["tens"])
MAGNITUDES: dict[str, float] = dict(_numbers["magnitudes"])
# Denominators of spelled fractions ("a third", "two-thirds", "one in five" uses NUMBER_WORDS).
FRACTION_WORDS: dict[str, float] = dict(_numbers["fraction_words"])
MULTIPLE_WORDS: dict[str, float] = dict(_numbers["multiple_words"])
# "twice as likely", "three times higher": multiples.
MULTIPLE_FOLLOWERS = set(_numbers["multiple_followers"])
FREQUENCY_FOLLOWERS = frozenset(_numbers["frequency_followers"])
RANGE_SEPARATORS = set(_numbers["range_separators"])

_units = load("units")
# Unit words after a number -> registry unit. Multi-token units are matched longest first.
UNIT_WORDS: dict[tuple[str, ...], str] = {_tokens(k): v for k, v in _units["unit_words"].items()}
UNIT_FIRST_WORDS = {k[0] for k in UNIT_WORDS}
# A unit phrase's first word -> the lengths of its phrases, longest first (the longest phrase wins).
UNIT_LENGTHS: dict[str, tuple[int, ...]] = {
    w: tuple(sorted({len(k) for k in UNIT_WORDS if k[0] == w}, reverse=True)) for w in UNIT_FIRST_WORDS}
# A unit glued to the digits in one token ("5mg", "34.8mo", "1.5x").
GLUED_UNITS: dict[str, str] = dict(_units["glued_units"])
TIME_UNITS = set(_units["time_units"])
TIME_UNIT_NAMES = frozenset(v for v in UNIT_WORDS.values() if v in TIME_UNITS)  # registry unit names
SINGULAR_TIME_WORDS = set(_units["singular_time_words"])
MONEY_PREFIXES = set(_units["money_prefixes"])
WINDOW_WORDS = frozenset(_units["window_words"])
WINDOW_PREPOSITIONS = frozenset(_units["window_prepositions"])

_comparisons = load("comparisons")
HEDGES: tuple[tuple[str, ...], ...] = tuple(_tokens(h) for h in _comparisons["hedges"])
# Comparators before a number. "~>" and "~<" are "just over" / "just under": open on one side, near on the other.
COMPARATORS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (_tokens(k), v) for k, v in _comparisons["comparators"].items())
SYMBOL_COMPARATORS: dict[str, str] = dict(_comparisons["symbol_comparators"])
THRESHOLD_COMPARATORS: tuple[str, ...] = tuple(_comparisons["threshold_comparators"])
EARLIER_VALUE_WORDS: tuple[str, ...] = tuple(_comparisons["earlier_value_words"])
EARLIER_PERIOD_OPENERS: tuple[str, ...] = tuple(_comparisons["earlier_period_openers"])
DEFINITION_WORDS: tuple[str, ...] = tuple(_comparisons["definition_words"])
DEFINITION_AFTER: tuple[str, ...] = tuple(_comparisons["definition_after"])
DEFINING_PHRASES: tuple[str, ...] = tuple(_comparisons["defining_phrases"])
CONSEQUENCES: tuple[str, ...] = tuple(_comparisons["consequences"])
AVERAGES: tuple[str, ...] = tuple(_comparisons["averages"])
REQUIREMENT_WORDS: tuple[str, ...] = tuple(_comparisons["requirement_words"])
TARGET_UNITS = frozenset(_comparisons["target_units"])
FREQUENCY_BANDS: tuple[str, ...] = tuple(_comparisons["frequency_bands"])
DIFFERENCE_WORDS: tuple[str, ...] = tuple(_comparisons["difference_words"])
CHANGE_NOUNS: tuple[str, ...] = tuple(_comparisons["change_nouns"])
CHANGE_STEMS: tuple[str, ...] = tuple(_comparisons["change_stems"])
SUFFIX_COMPARATORS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (_tokens(k), v) for k, v in _comparisons["suffix_comparators"].items())

_labels = load("labels")
# Words right before a number that make it a label, not a quantity ("stage 4", "section 5", "type 2").
LABEL_WORDS = set(_labels["label_words"])
MONTH_NAMES = set(_labels["month_names"])
TIME_OF_DAY = set(_labels["time_of_day"])
# Nouns that make a number a count of people ("230,000 people", "10,000 newly diagnosed cases").
PEOPLE_NOUNS = set(_labels["people_nouns"])
# Nouns that make a number a count of things ("54 countries", "19 trials").
THING_NOUNS = set(_labels["thing_nouns"])
EVENT_NOUNS: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _labels["event_nouns"].items()}
EVENT_LEADS: frozenset[str] = frozenset(_labels["event_leads"])
RATE_HEADS: frozenset[str] = frozenset(_labels["rate_heads"])
AGE_WORDS: frozenset[str] = frozenset(_labels["age_words"])
AGE_PHRASES: tuple[str, ...] = tuple(_labels["age_phrases"])
AGE_COMPARISONS: tuple[str, ...] = tuple(_labels["age_comparisons"])
AGE_ENDS: frozenset[str] = frozenset(_labels["age_ends"])
FORMULATION_WORDS: frozenset[str] = frozenset(_labels["formulation_words"])
FORMULATION_AFTER_WORDS: frozenset[str] = FORMULATION_WORDS | frozenset(_labels["formulation_after_words"])
PERSON_WORDS = set(_labels["person_words"])
TRIAL_WORDS: tuple[str, ...] = tuple(_labels["trial_words"])
OTHER_TRIAL_WORDS: tuple[str, ...] = tuple(_labels["other_trial_words"])
# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = set(_labels["abbreviations"])

_context = load("context")
# Words that put a number in a narrower population than a claim (registry.md, "narrower population").
# (the untreated phrases are subgroup phrases too, kept in their own list: a dose is never theirs)
SUBGROUP_PHRASES: tuple[str, ...] = (*_context["subgroup_phrases"], *_context["untreated_phrases"])
DESIGN_COMPOUNDS: tuple[str, ...] = tuple(_context["design_compounds"])
EXCLUDING_WORDS: tuple[str, ...] = tuple(_context["excluding_words"])
FIRST_PERSON_WORDS: tuple[str, ...] = tuple(_context["first_person_words"])
REFERRING_BACK: tuple[str, ...] = tuple(_context["referring_back"])
UNTREATED_PHRASES: frozenset[str] = frozenset(_context["untreated_phrases"])
SAME_POPULATION: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _context["same_population"].items()}
SINGLE_AGENT_WORDS: tuple[str, ...] = tuple(_context["single_agent_words"])
COMBINATION_WORDS: tuple[str, ...] = tuple(_context["combination_words"])
SCHEDULE_DAY_WORDS: tuple[str, ...] = tuple(_context["schedule_day_words"])
SCHEDULE_DAY_OPENERS: tuple[str, ...] = tuple(_context["schedule_day_openers"])
NEGATIONS: tuple[str, ...] = tuple(_context["negations"])
HYPOTHETICALS = set(_context["hypotheticals"])
CONDITIONALS = frozenset(_context["conditionals"])
AWARENESS_WORDS: tuple[str, ...] = tuple(_context["awareness_words"])
TRIAL_ANAPHORA: tuple[str, ...] = tuple(_context["trial_anaphora"])
COMPARING_SENTENCE_OPENERS: tuple[str, ...] = tuple(_context["comparing_sentence_openers"])
RESTATING_SENTENCE_OPENERS: tuple[str, ...] = tuple(_context["restating_sentence_openers"])
PRONOUN_OPENERS: tuple[str, ...] = tuple(_context["pronoun_openers"])
INSTRUCTION_OPENERS: tuple[str, ...] = tuple(_context["instruction_openers"])
FIGURE_JOINERS: frozenset[str] = frozenset(_context["figure_joiners"])
# Words that end a clause (binding of numbers to arms and subgroups happens within clauses).
CLAUSE_WORDS = set(_context["clause_words"])
SENTENCE_OPENERS: tuple[str, ...] = tuple(_context["sentence_openers"])
# "lower risk than those on placebo": a population named after these words is the comparison arm.
COMPARISON_WORDS: tuple[str, ...] = tuple(_context["comparison_words"])
SERIES_JOINERS: tuple[str, ...] = tuple(_context["series_joiners"])
SERIES_WORDS: tuple[str, ...] = tuple(_context["series_words"])
FOLLOW_UP_WORDS: tuple[str, ...] = tuple(_context["follow_up_words"])
COURSE_WORDS: tuple[str, ...] = tuple(_context["course_words"])
SCHEDULE_WORDS: tuple[str, ...] = tuple(_context["schedule_words"])
COMPARISON_OPENERS: tuple[str, ...] = tuple(_context["comparison_openers"])
POPULATION_LINKS: tuple[str, ...] = tuple(_context["population_links"])
POPULATION_ENDS: tuple[str, ...] = tuple(_context["population_ends"])
STARTING_STEP_WORDS: tuple[str, ...] = tuple(_context["starting_step_words"])
PRIOR_TREATMENT_AFTER: tuple[str, ...] = tuple(_context["prior_treatment_after"])
PRIOR_TREATMENT_BEFORE: tuple[str, ...] = tuple(_context["prior_treatment_before"])
PERIOD_WORDS: dict[str, str] = dict(_context["period_words"])
