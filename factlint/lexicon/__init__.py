"""factlint's English: the word lists its grammar and rules use, as data (YAML files in this folder).

Domain knowledge lives in registries; general English and general medicine live here: number words and
units, hedges and comparators, labels, negations and clause words, population qualifiers, attribution
phrases, the drug-class ontology, the words of drug statements, and citation forms. Each file has a fixed
set of keys, each of one type; the loader is strict, as Vale is about its styles: an unknown or missing key,
a value of the wrong type or a duplicate key is an error naming the file and line (with "did you mean").

Files are read once per process, on first use (only linting needs them).
"""
from __future__ import annotations

import difflib
import functools
from pathlib import Path
from typing import Any, Mapping

from ..errors import FactlintError

FOLDER = Path(__file__).resolve().parent

# Value types: "words" a list of strings (a phrase's words separated by spaces); "strings" a mapping of
# strings to strings; "numbers" strings to numbers; "lists" strings to lists of strings.
SCHEMA: dict[str, dict[str, str]] = {
    "numbers": {"number_words": "numbers", "tens": "words", "magnitudes": "numbers", "fraction_words": "numbers",
                "multiple_words": "numbers", "multiple_followers": "words", "frequency_followers": "words",
                "range_separators": "words"},
    "units": {"unit_words": "strings", "glued_units": "strings", "time_units": "words",
              "singular_time_words": "words", "money_prefixes": "words", "window_words": "words",
              "window_prepositions": "words"},
    "comparisons": {"hedges": "words", "comparators": "strings", "symbol_comparators": "strings",
                    "suffix_comparators": "strings", "difference_words": "words", "change_nouns": "words", "change_stems": "words",
                    "threshold_comparators": "words", "target_units": "words", "frequency_bands": "words",
                    "earlier_value_words": "words", "earlier_period_openers": "words", "definition_words": "words",
                    "consequences": "words", "averages": "words", "defining_phrases": "words", "definition_after": "words", "requirement_words": "words"},
    "labels": {"label_words": "words", "month_names": "words", "time_of_day": "words", "people_nouns": "words",
               "thing_nouns": "words", "person_words": "words", "trial_words": "words",
               "other_trial_words": "words", "abbreviations": "words", "irregular_plurals": "strings",
               "event_nouns": "lists", "event_leads": "words", "rate_heads": "words",
               "formulation_words": "words", "formulation_after_words": "words", "age_words": "words",
               "age_phrases": "words", "age_comparisons": "words", "age_ends": "words"},
    "context": {"negations": "words", "hypotheticals": "words", "conditionals": "words", "awareness_words": "words", "trial_anaphora": "words", "comparing_sentence_openers": "words",
                "restating_sentence_openers": "words", "clause_words": "words",
                "sentence_openers": "words", "subgroup_phrases": "words", "comparison_words": "words",
                "series_joiners": "words", "series_words": "words", "comparison_openers": "words", "follow_up_words": "words",
                "population_links": "words", "population_ends": "words", "starting_step_words": "words",
                "course_words": "words", "schedule_words": "words",
                "prior_treatment_after": "words", "prior_treatment_before": "words", "period_words": "strings",
                "design_compounds": "words", "excluding_words": "words",
                "first_person_words": "words", "referring_back": "words", "same_population": "lists", "pronoun_openers": "words", "instruction_openers": "words", "figure_joiners": "words",
                "untreated_phrases": "words", "single_agent_words": "words", "combination_words": "words",
                "schedule_day_words": "words", "schedule_day_openers": "words"},
    "attribution": {"documents": "words", "persons": "words", "verbs": "words", "speakers": "words",
                    "speaker_verbs": "words", "passives": "words", "auxiliaries": "words",
                    "post_modifiers": "words", "topic_modifiers": "words", "openers": "words", "not_modifiers": "words", "naming_words": "words", "trial_words": "words",
                    "negations": "words", "negating_quantifiers": "words", "unnamed": "strings"},
    "drug_classes": {"parents": "lists", "targets": "words", "target_parents": "words", "synonyms": "strings",
                     "class_words": "words", "modalities": "words", "opposite_actions": "lists"},
    "drug_statements": {"use_words": "words", "caution_words": "words", "trial_verbs": "words",
                        "contrast_words": "words"},
    "citation": {"forms": "strings", "needs": "lists", "at_end": "words", "ends": "strings"},
}


class LexiconError(FactlintError):
    """A lexicon file that cannot be used."""


@functools.cache
def load(name: str, folder: str | None = None) -> Mapping[str, Any]:
    """The lists of lexicon file `name` (without `.yaml`), checked against its schema."""
    import yaml

    path = Path(folder or FOLDER) / f"{name}.yaml"
    schema = SCHEMA[name]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise LexiconError(f"invalid YAML: {getattr(e, 'problem', e)}", str(path),
                           mark.line + 1 if mark else None) from None
    if not isinstance(root, yaml.MappingNode):
        raise LexiconError("a lexicon file is a mapping of keys to lists", str(path), 1)
    out: dict[str, Any] = {}
    for key_node, value_node in root.value:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key not in schema:
            close = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(schema)})"
            raise LexiconError(f"unknown key '{key}'{hint}", str(path), line)
        if key in out:
            raise LexiconError(f"duplicate key '{key}'", str(path), line)
        out[key] = _value(value_node, schema[key], key, str(path))
    missing = [k for k in schema if k not in out]
    if missing:
        raise LexiconError(f"missing key '{missing[0]}'", str(path), 1)
    return out


def _value(node, kind: str, key: str, path: str):
    import yaml

    def fail(what: str, at=node):
        raise LexiconError(f"'{key}' must be {what}", path, at.start_mark.line + 1)

    def string(n) -> str:
        if not isinstance(n, yaml.ScalarNode) or n.tag != "tag:yaml.org,2002:str":
            fail("made of strings (quote numbers and words such as 'no')", n)
        return n.value

    if kind == "words":
        if not isinstance(node, yaml.SequenceNode):
            fail("a list of strings")
        return [string(n) for n in node.value]
    if not isinstance(node, yaml.MappingNode):
        fail("a mapping")
    out: dict[str, Any] = {}
    for k, v in node.value:
        name = string(k)
        if name in out:
            raise LexiconError(f"duplicate entry '{name}' in '{key}'", path, k.start_mark.line + 1)
        if kind == "strings":
            out[name] = string(v)
        elif kind == "numbers":
            if not isinstance(v, yaml.ScalarNode) or v.tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
                fail("a mapping of words to numbers", v)
            out[name] = int(v.value) if v.tag.endswith(":int") else float(v.value)
        else:  # lists
            if not isinstance(v, yaml.SequenceNode):
                fail("a mapping of words to lists of strings", v)
            out[name] = [string(n) for n in v.value]
    return out


@functools.cache
def word_regex(name: str, key: str, before: str = "", after: str = ""):
    """A case-insensitive regex of the words of list `key` of lexicon file `name`, whole words only,
    with `before` and `after` as further alternatives ("[;]", "n't"). Compiled once."""
    import re

    return re.compile(before + rf"\b(?:{words_pattern(load(name)[key])})\b" + after, re.IGNORECASE)


def other_number(phrase: str) -> str | None:
    """The phrase with its last word in the other grammatical number ("lung cancer" <-> "lung cancers",
    "men" <-> "man"); None for a word too short to tell or an acronym ("HR")."""
    head, _, last = phrase.rpartition(" ")
    plurals = load("labels")["irregular_plurals"]
    other = plurals.get(last) or next((p for p, single in plurals.items() if single == last), None)
    if other is None:
        if not last.isalpha() or len(last) < 4 or last.isupper():
            return None
        if last.endswith("ss"):
            other = last + "es"
        elif last.endswith("ies"):
            other = last[:-3] + "y"
        elif last.endswith("s"):
            other = last[:-1]
        elif last.endswith("y") and last[-2] not in "aeiou":
            other = last[:-1] + "ies"
        else:
            other = last + "s"
    return f"{head} {other}".strip()


def flat_words_pattern(words) -> str:
    """A regex alternation of words and phrases (longest first; a space matches any run of whitespace)."""
    import re

    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def words_pattern(words) -> str:
    """What `flat_words_pattern` matches, with the alternation factored as a trie ("re(?:port(?:s)?|view)"):
    Python's engine tries the alternatives of a branch one by one at each offset, so a flat list of 60 words
    costs 60 attempts wherever one of their first letters stands, a trie one per letter of the way. Where two
    phrases match at one offset one is a prefix of the other (in characters, a space standing for any run of
    white space), and the greedy `?` tries the longer first, as longest-first order does. Words that differ
    only in case at one branch (which one ignoring case would try first?) or hold other white space than the
    space keep the flat form."""
    import re

    words = sorted(set(words))
    if re.search(r"[^\S ]", "\0".join(words)):  # white space other than the space
        return flat_words_pattern(words)
    branches = _trie_branches(words, 0, re.escape)
    if branches is None:
        return flat_words_pattern(words)
    return "|".join(branches + [""] if words and not words[0] else branches)  # (an empty word: last, as flat)


def _trie_branches(words: list[str], depth: int, escape) -> list[str] | None:
    """The branches of the trie of `words` (sorted, distinct, sharing their first `depth` characters) after
    those characters, leaving out the word that ends there; None where two branches differ only in case."""
    i = 1 if words and len(words[0]) == depth else 0  # (sorted: the word that ends here comes first)
    n = len(words)
    branches, firsts = [], []
    while i < n:
        first = words[i][depth]
        j = i + 1
        while j < n and words[j][depth] == first:
            j += 1
        # The branch's common prefix (of its first and last word, as they are sorted), then what follows it.
        a, b = words[i], words[j - 1]
        k = depth + 1
        while k < len(a) and k < len(b) and a[k] == b[k]:
            k += 1
        rest = _trie_branches(words[i:j], k, escape)
        if rest is None:
            return None
        ends = len(a) == k  # a word of the branch ends after its prefix
        if ends and not rest:
            tail = ""
        elif len(rest) == 1 and not ends:
            tail = rest[0]
        else:
            tail = "(?:" + "|".join(rest) + (")?" if ends else ")")
        branches.append(escape(a[depth:k]).replace(r"\ ", r"\s+") + tail)
        firsts.append(first)
        i = j
    if len({c.lower() for c in firsts}) < len(firsts) or len({c.upper() for c in firsts}) < len(firsts):
        return None
    return branches
