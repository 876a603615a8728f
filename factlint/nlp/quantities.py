"""Quantities in a run of tokens: "about 3-5%", "between three and five percent", "one in 25", "$10,000",
"600 mg", "more than 7 months", "twice as likely", and the numbers that are not claims at all (years,
dates, stage and section numbers, phone numbers, list numbers, times, ages, citations, the time point of
a rate).

The parser works on plain token strings and character offsets, so it can be tested without spaCy; the
spaCy component in `pipeline.py` feeds it a Doc's tokens. It returns frozen `Quantity` values.
"""
from __future__ import annotations

import bisect
import re

from ..facts import evolve
from . import lexicon as lx
from ..values import frozen_value

# A numeric token: optional symbol prefix, a number, optionally a glued range end, optionally a glued unit.
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_NUM_TOKEN = re.compile(
    rf"^(?P<pre>>=|<=|[~≈<>≤≥±])?(?P<a>{_NUM})(?:(?P<sep>[–—-])(?P<b>{_NUM}))?(?P<suf>%|[a-zA-Zµμ×]{{1,3}})?$"
)
_PHONE = re.compile(r"(?<![\w.])(?:\+?\d{1,2}[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w])")
_ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_DOI = re.compile(r"\b(?:doi:\s*)?10\.\d{4,9}/\S+", re.IGNORECASE)
# Quick tests before the three (each of their matches holds one): a digit then a date's or phone number's
# separator then a digit; then, for each, a piece every match of it holds (three digits, a separator, four
# digits; a date's digits and separators; "10." for a DOI). They start with a character class or a literal,
# which Python's engine scans for in C, where the patterns above are tried at every offset; a decimal
# number ("6.8") passes the first test but none of the others.
# Words that end the phrase after a number before its noun ("174,650 new prostate cancer cases", "a 0.05%
# tretinoin gel"): a preposition or conjunction starts another phrase
_PHRASE_BREAKS = frozenset(("of", "in", "to", "and", "or", "with", "per", "a", "for"))
_NAME_WITH_DIGIT = re.compile(r"[A-Za-z]+[A-Za-z-]*\d+")  # "BRCA1", "CDK4", "HER2"
_GROUP_SPACES = frozenset({"\u00a0", "\u202f", "\u2009"})
_SEPARATED_DIGITS = re.compile(r"\d[-/\s.]\d")
# An endpoint's name that carries its threshold: "EASI-75", "PASI75", "ACR20" (two capitals, then the digits).
_ENDPOINT_LABEL = re.compile(r"[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*-?(\d{1,3})")
_ENDPOINT_REACH = 20  # tokens from a threshold to the bracketed name that repeats it
_PATTERN_ROLES = ((_PHONE, "phone", re.compile(r"\d{3}[\s.-]\d{4}")),
                  (_ISO_DATE, "date", re.compile(r"\d{4}-\d{1,2}-\d|\d/\d{1,2}/\d")),
                  (_DOI, "citation", re.compile(r"10\.")))
_CHANGE_VERBS = {"increased", "increase", "increases", "rose", "risen", "rise", "grew", "grown", "improved",
                 "improve", "fell", "fallen", "dropped", "decreased", "decrease", "declined", "went", "jumped",
                 "climbed", "doubled", "changed", "shrank", "reduced", "lowered", "raised", "extended", "gone",
                 "moved", "shifted", "climbing", "rising", "falling"}
# after_ci: the words that mark an interval or p-value before a number, as written and lowercased, and the
# words that end the search (a stop, a clause word)
_INTERVAL_MARKS = frozenset({"CI", "IQR", "p", "P"})
_INTERVAL_WORDS = frozenset({"interval", "ci"})
_INTERVAL_STOPS = frozenset({".", ";", ")"}) | frozenset(lx.CLAUSE_WORDS)
_CUE_ACRONYMS = {"HR", "OR", "RR", "ORR", "PFS", "OS", "DOR", "DFS", "EFS", "CI", "IQR", "SD", "N", "USD", "US"}

_MAX_NUMBER_CHARS = 40  # "123,456,789,012,345.678%" fits; a 300-digit token is not a number anyone wrote
CLAIM = "claim"  # the role of a number that says something (all other roles are not claims)


@frozen_value
class Quantity:
    start: int  # block char offsets of the number and its unit ("3-5%"), what a caret underlines
    end: int
    text: str
    low: float  # as written, in `unit` (a range's ends; equal for one number)
    high: float
    unit: str | None  # a registry unit name, or None for a bare number
    form: str = "number"  # number | range | fraction | multiple
    comparator: str | None = None  # ">", ">=", "<", "<=", "~>", "~<"
    hedged: bool = False
    rounding: float = 0.0  # half a unit of the last digit written, in `unit`
    people: bool = False  # a count of people ("230,000 people")
    role: str = CLAIM
    tok_start: int = 0  # token indices in the spaCy Doc of the chunk it was parsed in (not per block)
    tok_end: int = 0
    phrase_start: int = 0  # char offset including a hedge or comparator ("about 3-5%")
    rate: bool = False  # a rate per a denominator written after it ("4.6 per 1,000 person-years"): a statistic

    @property
    def is_claim(self) -> bool:
        return self.role == CLAIM


@frozen_value
class _Num:
    value: float
    rounding: float
    end: int  # token index after the number
    unit: str | None = None  # glued unit ("5mg")
    magnitude: bool = False
    spelled: bool = False


def _rounding_of(digits: str) -> float:
    """Half a unit of the last digit written; for large round integers, of the last non-zero digit."""
    s = digits.replace(",", "")
    if "." in s:
        return 0.5 * 10 ** -(len(s) - s.index(".") - 1)
    stripped = s.rstrip("0")
    zeros = len(s) - len(stripped)
    if int(s or 0) >= 1000 and zeros:
        return min(0.5 * 10**zeros, 0.05 * float(s))
    return 0.5


def _num_value(digits: str) -> float:
    return float(digits.replace(",", ""))


class _Lower(dict):
    """Lowercased tokens by index, each computed on first access and kept: the parser looks at few tokens
    of a long text, the same ones again and again (a dict hit runs in C)."""

    __slots__ = ("w",)

    def __init__(self, words) -> None:
        super().__init__()
        self.w = words

    def __missing__(self, k: int) -> str:
        v = self[k] = self.w[k].lower()
        return v


class _Ends(dict):
    """Token end offsets by index, computed on first access and kept (as _Lower)."""

    __slots__ = ("w", "s")

    def __init__(self, words, starts: list[int]) -> None:
        super().__init__()
        self.w, self.s = words, starts

    def __missing__(self, i: int) -> int:
        v = self[i] = self.s[i] + len(self.w[i])
        return v


def _by_last_word(phrases) -> dict[str, list[tuple[tuple[str, ...], object]]]:
    out: dict[str, list] = {}
    for words, value in phrases:
        out.setdefault(words[-1], []).append((words, value))
    return out


_COMPARATORS_BY_LAST = _by_last_word(lx.COMPARATORS)
_AGE_PHRASES_BY_LAST = _by_last_word([(tuple(p.split()), True) for p in lx.AGE_PHRASES])
_HEDGES_BY_LAST = _by_last_word([(h, True) for h in lx.HEDGES])
_SUFFIX_BY_LAST = _by_last_word([(w, v) for w, v in lx.SUFFIX_COMPARATORS if len(w) == 2])


class _Parser:
    def __init__(self, words: list[str], starts: list[int], text: str, base: int = 0, lowered=None) -> None:
        self.w = words
        self.lw = lowered if lowered is not None else _Lower(words)
        self.s = starts
        self.e = _Ends(words, starts)
        self.n = len(words)
        self.text = text
        self.base = base  # char offset of text[0] in the block (tokens' offsets are block offsets)

    def lowered(self, a: int, b: int) -> tuple[str, ...]:
        """Tokens a to b (not past the last), lowercased (the token accessors take indices, not slices)."""
        return tuple(map(self.lw.__getitem__, range(a, min(b, self.n))))

    # ---- atoms -------------------------------------------------------------------------------------
    def tok_match(self, i: int):
        # An absurdly long run of digits is no quantity (and would overflow a float: 309 digits).
        return _NUM_TOKEN.match(self.w[i]) if 0 <= i < self.n and len(self.w[i]) <= _MAX_NUMBER_CHARS else None

    def number_at(self, i: int) -> _Num | None:
        """A single number starting at token i (digits, spelled, with a magnitude word), no range."""
        if i >= self.n:
            return None
        m = self.tok_match(i)
        if m and not m.group("sep") and not m.group("pre"):
            digits = m.group("a")
            j = i + 1
            if j < self.n and len(digits) <= 3 and (len(self.w[j]) == 3 or self.w[j] in _GROUP_SPACES) \
                    and not m.group("suf") and digits.isdigit():
                digits, j = self.spaced_groups(digits, j)
            value, rounding = _num_value(digits), _rounding_of(digits)
            suf = (m.group("suf") or "").lower()
            unit = None
            if suf:
                glued = lx.GLUED_UNITS.get(suf)
                if glued is None:
                    return None  # "3A4", "1L": part of a name
                if glued in ("k", "m", "bn"):
                    mult = lx.MAGNITUDES[glued]
                    value, rounding = value * mult, rounding * mult
                else:
                    unit = glued
            elif j < self.n and self.lw[j] in lx.MAGNITUDES and self.lw[j] not in ("k", "m", "mn", "bn"):
                mult = lx.MAGNITUDES[self.lw[j]]
                return _Num(value * mult, rounding * mult, j + 1, None, magnitude=True)
            return _Num(value, rounding, j, unit)
        lw = self.lw[i]
        if lw in lx.NUMBER_WORDS:
            value = float(lx.NUMBER_WORDS[lw])
            j = i + 1
            if lw in lx.TENS and j + 1 < self.n and self.lw[j] == "-" and self.lw[j + 1] in lx.NUMBER_WORDS \
                    and lx.NUMBER_WORDS[self.lw[j + 1]] < 10:
                value += lx.NUMBER_WORDS[self.lw[j + 1]]
                j += 2
            elif lw in lx.TENS and j < self.n and 0 < lx.NUMBER_WORDS.get(self.lw[j], 10) < 10:
                value += lx.NUMBER_WORDS[self.lw[j]]  # "Seventy one percent", the hyphen left out
                j += 1
            rounding = 0.5
            if j < self.n and self.lw[j] in ("hundred", "thousand", "million", "billion"):
                mult = lx.MAGNITUDES[self.lw[j]]
                value, rounding = value * mult, 0.5 * mult
                j += 1
            return _Num(value, rounding, j, None, spelled=True)
        if lw == "a" and i + 1 < self.n and self.lw[i + 1] in ("hundred", "thousand", "million", "dozen"):
            mult = lx.MAGNITUDES.get(self.lw[i + 1], 12)
            return _Num(float(mult), 0.5 * mult, i + 2, None, spelled=True)
        return None

    def spaced_groups(self, digits: str, j: int) -> tuple[str, int]:
        """Thousands set off by spaces ("480 000", "1 000 000", with a no-break or thin space too, as the WHO
        writes them): the digits with the groups that follow token j-1, and the token after the last."""
        while j < self.n:
            k = j
            if self.w[k] in _GROUP_SPACES:  # (the tokenizer keeps a no-break space as a token)
                if self.e[k - 1] != self.s[k]:
                    break
                k += 1
            elif self.s[k] != self.e[k - 1] + 1 or self.text[self.s[k] - 1 - self.base] != " ":
                break
            if k >= self.n or not (len(self.w[k]) == 3 and self.w[k].isdigit()) or self.s[k] != self.e[k - 1] + (
                    k == j):
                break
            digits, j = digits + self.w[k], k + 1
        return digits, j

    # ---- context helpers ---------------------------------------------------------------------------
    def phrase_before(self, i: int, phrases: dict) -> tuple[int, object] | None:
        """The longest phrase of `phrases` (by last word: [(words, value)]) ending right before token i."""
        if i <= 0:
            return None
        best = None
        lw = self.lw
        for words, value in phrases.get(lw[i - 1], ()):
            k = len(words)
            if i - k < 0 or (best is not None and k <= best[0]):
                continue
            # (the last word is the key; the one before it rules out most phrases without a tuple of words)
            if k == 1 or (lw[i - 2] == words[-2] and (k == 2 or self.lowered(i - k, i - 2) == words[:-2])):
                best = (k, value)
        return best

    def glued_unit_continues(self, j: int, num: _Num) -> tuple[str, int] | None:
        """A unit glued to its number that goes on in the next tokens: "3mg/kg" is 3 mg/kg, not 3 mg."""
        suffix = self.lw[num.end - 1].lstrip("0123456789.,")
        return self.unit_at(j, suffix) if suffix else None

    def unit_at(self, j: int, glued: str | None = None) -> tuple[str, int] | None:
        """The unit phrase at token j ("mL / min / 1.73 m²"), or the one a glued unit begins and the tokens
        from j go on with ("3mg" "/" "kg"), and the token after it."""
        first = glued if glued is not None else (self.lw[j] if j < self.n else "")
        lengths = lx.UNIT_LENGTHS.get(first)
        if lengths is None:
            return None
        head = (glued,) if glued is not None else ()
        for length in lengths:
            key = (*head, *self.lowered(j, j + length - len(head)))
            if len(key) == length and length > len(head) and key in lx.UNIT_WORDS:
                return lx.UNIT_WORDS[key], j + length - len(head)
        return None

    def people_after(self, j: int) -> int | None:
        """End index of a people noun at j, allowing up to three modifiers before it."""
        if j - 2 >= 0 and self.w[j - 2].isalpha() and self.w[j - 2].isupper() and len(self.w[j - 2]) > 1:
            return None  # "PROFILE 1014 trial enrolled people": a name, not a count
        for k in range(j, min(j + 4, self.n)):  # "174,650 new prostate cancer cases"
            if self.lw[k] in lx.PEOPLE_NOUNS:
                if k + 1 < self.n and self.lw[k + 1] in lx.THING_NOUNS:
                    return None  # "four patient subgroups": a count of groups
                return k + 1
            if not self.w[k].isalpha() or self.lw[k] in _PHRASE_BREAKS:
                return None
        return None

    # ---- the scan ----------------------------------------------------------------------------------
    def candidates(self) -> list[int]:
        """Tokens where a number may start: runs of digits, and number words."""
        found = {bisect.bisect_right(self.s, m.start() + self.base) - 1 for m in _DIGITS.finditer(self.text)}
        if might_hold_number_words(self.text):
            found.update(i for i in range(self.n) if self.lw[i] in _WORD_SET)
        return sorted(found)

    def parse(self, candidates: list[int] | None = None) -> list[Quantity]:
        """Try a quantity at each token where a number may start."""
        out: list[Quantity] = []
        free = 0  # first token not yet inside a quantity
        for i in (self.candidates() if candidates is None else candidates):
            if i < free:
                continue
            if i > free and self.lw[i - 1] in lx.MONEY_PREFIXES:
                i -= 1  # "$10,000", "US$ 5"
            elif self.lw[i] in _A_MAGNITUDES:
                if not (i > free and self.lw[i - 1] in ("a", "an")):
                    continue  # "hundreds", "two million": the number before it was the candidate
                i -= 1  # "a million people"
            q = self.quantity_at(i)
            if q is None and i + 1 < self.n and self.lw[i] in lx.MONEY_PREFIXES:
                q = self.quantity_at(i + 1)
            if q is None:
                continue
            if isinstance(q, list):
                out.extend(q)
                free = q[-1].tok_end
            else:
                out.append(q)
                free = max(q.tok_end, i + 1)
        return self.assign_context_roles(out)

    def quantity_at(self, i: int):
        lw = self.lw[i]
        if lw == "one" and (i + 1 >= self.n or self.lw[i + 1] in (".", ",", ";", ":", ")", "?", "!")):
            return None  # a pronoun: "Only 17,000 a year will receive one."
        # Multiples and frequencies: "twice as likely", "twice daily".
        if lw in lx.MULTIPLE_WORDS:
            nxt = self.lw[i + 1] if i + 1 < self.n else ""
            if nxt in lx.MULTIPLE_FOLLOWERS and nxt not in ("a", "per"):
                v = lx.MULTIPLE_WORDS[lw]
                return self.make(i, i + 1, v, v, "ratio", form="multiple")
            return None
        # "$10,000", "US$ 5 million"
        money = lw in lx.MONEY_PREFIXES and i + 1 < self.n
        first = i + 1 if money else i
        # Glued ranges and symbols inside one token: "3–5", "~80", "≥50".
        m = self.tok_match(first)
        if m and (m.group("sep") or m.group("pre")):
            return self.glued(i, first, m, money)
        num = self.number_at(first)
        if num is None:
            # "a third of", "half of", "two-thirds of"
            return self.word_fraction(i)
        if money:
            return self.finish_single(i, first, num, "usd")
        # "one in 25", "three out of four", "1 of every 5"
        frac = self.ratio_fraction(i, num)
        if frac is not None:
            return frac
        # "two-thirds", "one third"
        wf = self.word_fraction(i) if num.spelled or self.w[i].isdigit() else None
        if wf is not None:
            return wf
        # "N times a day", "N times higher", "2-fold"
        j = num.end
        if j < self.n and self.lw[j] == "times":
            after = self.lw[j + 1] if j + 1 < self.n else ""
            if after in lx.MULTIPLE_FOLLOWERS - {"a", "per"}:
                return self.make(i, j + 1, num.value, num.value, "ratio", form="multiple", rounding=num.rounding)
            return self.make(i, j + 1, num.value, num.value, None, role="frequency")
        fold = self.fold_end(j, hyphen=True)
        if fold:
            return self.make(i, fold, num.value, num.value, "ratio", form="multiple", rounding=num.rounding)
        if num.unit == "ratio" and j < self.n and self.lw[j] in lx.FREQUENCY_FOLLOWERS:
            return self.make(i, j, num.value, num.value, None, role="frequency")  # "1 drop 2X per day"
        return self.finish_single(i, first, num, None)

    def fold_end(self, j: int, hyphen: bool = False) -> int:
        """The token after "fold" when the words at j make a number a multiple ("3 fold", "2-5 fold", and with
        `hyphen` "2-fold"); 0 when they do not."""
        if j < self.n and self.lw[j] == "fold":
            return j + 1
        if hyphen and j + 1 < self.n and self.lw[j] == "-" and self.lw[j + 1] == "fold":
            return j + 2
        return 0

    def glued(self, i: int, first: int, m, money: bool):
        pre = m.group("pre")
        a = _num_value(m.group("a"))
        ra = _rounding_of(m.group("a"))
        b = _num_value(m.group("b")) if m.group("b") else a
        rb = _rounding_of(m.group("b")) if m.group("b") else ra
        suf = (m.group("suf") or "").lower()
        unit = "usd" if money else None
        j = first + 1
        if suf:
            glued = lx.GLUED_UNITS.get(suf)
            if glued is None or glued in ("k", "m", "bn"):
                return None
            unit = glued
        if unit is None or unit == "usd":
            u = self.unit_at(j)
            if u:
                unit, j = u[0], u[1]
        if not suf and not money and self.fold_end(j):  # "2–5 fold"
            return self.make(i, self.fold_end(j), a, b, "ratio", form="multiple", rounding=max(ra, rb))
        comparator = lx.SYMBOL_COMPARATORS.get(pre) if pre else None
        hedged = comparator == "~"
        if hedged:
            comparator = None
        if pre == "±":
            return None
        form = "range" if m.group("sep") else "number"
        if m.group("sep") and b < a:
            return None  # "10-5": not a range (a score, a name)
        return self.make(i, j, a, b, unit, form=form, rounding=max(ra, rb), comparator=comparator,
                         hedged=hedged)

    def ratio_fraction(self, i: int, num: _Num):
        j = num.end
        if j >= self.n:
            return None
        if self.lw[j] == "in":
            k = j + 2 if j + 1 < self.n and self.lw[j + 1] == "every" else j + 1  # "1 in every 4"
        elif self.lw[j] == "out" and j + 1 < self.n and self.lw[j + 1] == "of":
            k = j + 3 if j + 2 < self.n and self.lw[j + 2] == "every" else j + 2  # "one out of every four"
        elif self.lw[j] == "of" and j + 1 < self.n and self.lw[j + 1] == "every":
            k = j + 2
        else:
            return None
        den = self.number_at(k)
        if den is None or den.value <= 0 or num.value > den.value or den.unit:
            return None
        v = 100.0 * num.value / den.value
        lo = 100.0 * num.value / (den.value + den.rounding)
        hi = 100.0 * num.value / max(den.value - den.rounding, 1e-9)
        return self.make(i, den.end, v, v, "percent", form="fraction", rounding=max(v - lo, hi - v))

    def word_fraction(self, i: int):
        """'half of', 'a third of', 'two-thirds of', 'one quarter of', 'three quarters of'."""
        lw = self.lw[i]
        num, j = 1.0, i
        if lw in ("a", "an", "one"):
            j = i + 1
        elif lw in lx.NUMBER_WORDS and lx.NUMBER_WORDS[lw] < 10:
            num, j = float(lx.NUMBER_WORDS[lw]), i + 1
        elif lw in lx.FRACTION_WORDS:
            j = i
        else:
            return None
        hyphen = j < self.n and j > i and self.lw[j] == "-"
        if hyphen:
            j += 1
        if j >= self.n or self.lw[j] not in lx.FRACTION_WORDS:
            return None
        den = lx.FRACTION_WORDS[self.lw[j]]
        if self.lw[j] in ("half", "halves") and num != 1:
            return None
        nxt = self.lw[j + 1] if j + 1 < self.n else ""
        # "two-thirds were", "three quarters stopped", "one-third": a fraction without "of" when its form
        # says so (a count over one with a plural, or hyphenated); "a third dose" is an ordinal.
        plain = (num > 1 and self.lw[j].endswith("s")) or (hyphen and nxt != "-")
        if not plain and (nxt not in ("of", "the") or (nxt == "the" and self.lw[j] != "half")):
            return None
        if j == i and i > 0 and self.lw[i - 1] in ("first", "second", "last", "other", "next", "latter", "former"):
            return None
        v = 100.0 * num / den
        # A spelled fraction is a round figure ("half of" means about half); a comparator may come before its
        # article ("more than a quarter of").
        article = j == i and i > 0 and self.lw[i - 1] in ("a", "an")
        return self.make(i, j + 1, v, v, "percent", form="fraction", hedged=True,
                         first_tok=i - 1 if article else None)

    def finish_single(self, i: int, first: int, num: _Num, unit: str | None):
        j = num.end
        unit = unit or num.unit
        if unit is None:
            u = self.unit_at(j)
            if u:
                unit, j = u
        elif num.unit is not None and j < self.n:
            u = self.glued_unit_continues(j, num)
            if u:
                unit, j = u
        # Range: "3 to 5%", "3-5 years", "between 3 and 5 percent", "from 2 to 5 years".
        lead = self.skip_hedges_back(i)
        between = lead > 0 and self.lw[lead - 1] == "between"
        from_ = lead > 0 and self.lw[lead - 1] == "from"
        # "Fact 1 – 12% of people": a label's number, then a number of its own, not a range.
        labelled = i > 0 and self.lw[i - 1] in lx.LABEL_WORDS and num.unit is None and num.value == int(num.value)
        if j + 1 < self.n and self.lw[j] in lx.RANGE_SEPARATORS and (self.lw[j] != "and" or between) and not labelled:
            k = j + 1
            if k < self.n and unit == "usd" and self.lw[k] in lx.MONEY_PREFIXES:
                k += 1
            second = self.number_at(k)
            if second is not None and not (self.lw[j] == "-" and self.s[j + 1] != self.e[j]) \
                    and not (self.lw[j] == "-" and self.e[j - 1] != self.s[j]):
                unit2 = second.unit
                end = second.end
                if unit2 is None:
                    u = self.unit_at(end)
                    if u:
                        unit2, end = u
                # "3% to 5% percent": a repeated unit word.
                if unit2 == "percent":
                    u = self.unit_at(end)
                    if u and u[0] == "percent":
                        end = u[1]
                final_unit = unit2 or unit
                lo, hi = num.value, second.value
                if final_unit == "usd" and second.magnitude and not num.magnitude and lo < hi / 1000:
                    lo *= hi / second.value  # "$2 to 3 million"
                if from_ and self.changed(lead - 1):
                    # "increased from 2 to 5 years": a change. The old figure is history, the new one a claim.
                    old = self.make(i, num.end, lo, lo, unit or final_unit, role="historical", rounding=num.rounding)
                    new = self.make(k, end, hi, hi, final_unit, rounding=second.rounding, start_tok=k)
                    return [old, new]
                if lo <= hi and final_unit is None and self.fold_end(end):  # "2-5 fold"
                    return self.make(i, self.fold_end(end), lo, hi, "ratio", form="multiple", hedged=lead < i,
                                     rounding=max(num.rounding, second.rounding))
                # "from 21,089 in 2010 to 47,600 in 2017": a year, then a number of its own, not a range
                years = self.year_like(i, unit), self.year_like(k, unit2)
                if lo <= hi and not (unit and unit2 and unit != unit2) and years[0] == years[1]:
                    return self.make(i, end, lo, hi, final_unit, form="range", hedged=lead < i,
                                     rounding=max(num.rounding, second.rounding),
                                     first_tok=lead - 1 if between else None)
        people = False
        if unit is None:
            pe = self.people_after(j)
            if pe is None and num.magnitude and j + 2 < self.n and self.lw[j] == "of" \
                    and self.lw[j + 1] in ("the", "these", "those", "all"):
                pe = self.people_after(j + 2)  # "6.3 million of the people who have asthma"
            if pe is None and num.magnitude and j + 1 < self.n and self.lw[j] == "of" \
                    and self.lw[j + 1] in ("them", "whom"):
                pe = j  # "(0.4 million of them people with HIV)": part of the people counted before
            if pe is not None:
                unit, people = "count", True
        return self.make(i, j if not people else j, num.value, num.value, unit, rounding=num.rounding,
                         people=people)

    def year_like(self, i: int, unit: str | None) -> bool:
        """Whether the number at token i is written as a year ("2010": four digits, no unit, no comma)."""
        w = self.w[i]
        return unit is None and len(w) == 4 and w.isdigit() and 1800 <= int(w) <= 2100

    def skip_hedges_back(self, i: int) -> int:
        """Index of the first token of the hedges written right before token i ("from approximately 2")."""
        while True:
            h = self.phrase_before(i, _HEDGES_BY_LAST)
            if not h:
                return i
            i -= h[0]

    def changed(self, from_idx: int) -> bool:
        return any(self.lw[k] in _CHANGE_VERBS for k in range(max(0, from_idx - 3), from_idx))

    def make(self, i: int, j: int, low: float, high: float, unit: str | None, *, form: str = "number",
             rounding: float = 0.0, comparator: str | None = None, hedged: bool = False, people: bool = False,
             role: str = CLAIM, first_tok: int | None = None, start_tok: int | None = None) -> Quantity:
        ts = i if start_tok is None else start_tok
        # Hedges and comparators written before the number.
        k = first_tok if first_tok is not None else ts
        phrase_tok = k
        for _ in range(3):
            c = self.phrase_before(k, _COMPARATORS_BY_LAST)
            if c and comparator is None:
                comparator = c[1]  # type: ignore[assignment]
                k -= c[0]
                phrase_tok = k
                continue
            h = self.phrase_before(k, _HEDGES_BY_LAST)
            if h:
                hedged = True
                k -= h[0]
                phrase_tok = k
                continue
            if k > 0 and self.lw[k - 1] in lx.SYMBOL_COMPARATORS and self.e[k - 1] == self.s[k]:
                sym = lx.SYMBOL_COMPARATORS[self.lw[k - 1]]
                if sym == "~":
                    hedged = True
                elif comparator is None:
                    comparator = sym
                k -= 1
                phrase_tok = k
                continue
            break
        end = j
        s = self.phrase_before(end + 2, _SUFFIX_BY_LAST) if end + 2 <= self.n else None
        if end < self.n and self.lw[end] == "+" and self.s[end] == self.e[end - 1]:
            comparator = comparator or ">="
            end += 1
        elif s and comparator is None:
            comparator = s[1]  # type: ignore[assignment]
        start_char = self.s[ts]
        end_char = self.e[end - 1]
        phrase_char = self.s[phrase_tok] if phrase_tok < ts else start_char
        return Quantity(
            start=start_char, end=end_char, text=self.text[start_char - self.base:end_char - self.base],
            low=low, high=high, unit=unit, form=form, comparator=comparator, hedged=hedged, rounding=rounding,
            people=people, role=role, tok_start=ts, tok_end=end, phrase_start=phrase_char,
        )

    # ---- roles: numbers that are not claims -------------------------------------------------------
    def assign_context_roles(self, qs: list[Quantity]) -> list[Quantity]:
        out = []
        for idx, q in enumerate(qs):
            role = q.role
            if role == CLAIM:
                role = self.role_of(q, qs, idx)
            if role == CLAIM:
                role = self.pattern_role(q) or role
            if role == "time-point" and q.unit is None:
                q = self.with_time_word(q)
            out.append(q if role == q.role else _replace_role(q, role))
        return self.mark_rates(out)

    def mark_rates(self, qs: list[Quantity]) -> list[Quantity]:
        """The number a denominator divides ("an excess of 11 (6-16) reports per 1,000 person-years"): the
        nearest claim before it, within a dozen tokens (before its interval in brackets, if it has one)."""
        for k, d in enumerate(qs):
            if d.role != "denominator":
                continue
            r = k - 1
            if r >= 0 and r - 1 >= 0 and self.lw[qs[r].tok_start - 1] == "(" and qs[r - 1].tok_end == qs[r].tok_start - 1:
                r -= 1  # "11 (6-16)": the estimate, not its interval
            if r >= 0 and qs[r].is_claim and d.tok_start - qs[r].tok_end <= 12 and qs[r].unit in (None, "count"):
                qs[r] = evolve(qs[r], rate=True)
        return qs

    def with_time_word(self, q: Quantity) -> Quantity:
        """"One-year" is parsed as "One" then "-year": the time point takes its unit (a linker compares
        time points) and its text."""
        j = q.tok_end
        if j + 1 < self.n and self.lw[j] == "-" and self.lw[j + 1] in lx.SINGULAR_TIME_WORDS:
            unit = lx.UNIT_WORDS.get((self.lw[j + 1],))
            if unit:
                end = self.e[j + 1]
                return evolve(q, unit=unit, end=end, tok_end=j + 2,
                               text=self.text[q.start - self.base:end - self.base])
        return q

    def pattern_role(self, q: Quantity) -> str | None:
        """Phone numbers, ISO dates and DOIs around the number (searched in a window, not the whole text)."""
        lo = max(0, q.start - self.base - 60)
        hi = min(len(self.text), q.end - self.base + 60)
        if _SEPARATED_DIGITS.search(self.text, lo, hi) is None:
            return None
        for rx, role, needs in _PATTERN_ROLES:
            if needs.search(self.text, lo, hi) is None:
                continue
            for m in rx.finditer(self.text, lo, hi):
                if m.start() < q.end - self.base and q.start - self.base < m.end():
                    return role
        return None

    def role_of(self, q: Quantity, qs: list[Quantity], idx: int) -> str:
        i, j = q.tok_start, q.tok_end
        prev = self.lw[i - 1] if i > 0 else ""
        prev_word = self.w[i - 1] if i > 0 else ""
        nxt = self.lw[j] if j < self.n else ""
        nxt2 = self.lw[j + 1] if j + 1 < self.n else ""
        whole = q.low == q.high and q.low == int(q.low)
        bare = q.unit is None
        if bare and whole and q.form == "number":
            digits = self.w[i]
            # A list number: "1." or "2)" opening a block or a line.
            if (i == 0 or self.text[self.s[i] - self.base - 1:self.s[i] - self.base] == "\n") and nxt in (".", ")"):
                return "list"
            if len(digits) == 4 and digits.isdigit() and 1800 <= q.low <= 2100:
                return "year"
            if prev in lx.MONTH_NAMES or nxt in lx.MONTH_NAMES or (
                    prev == "." and i >= 2 and self.e[i - 2] == self.s[i - 1] and self.lw[i - 2] in lx.MONTH_NAMES):
                return "date"  # (also "Nov. 2", the month's period a token of its own)
            if nxt in lx.TIME_OF_DAY:
                return "time"
            if prev == "[" and nxt in ("]", ",", "-", "–"):
                return "citation"
            if prev == "." and i >= 2 and self.e[i - 1] == self.s[i] and self.e[i - 2] == self.s[i - 1] \
                    and self.w[i - 2].isalpha() and len(digits) <= 3:
                return "citation"  # a footnote glued to a sentence's end: "after 10 years.2"
            if prev in ("=",) and i >= 2 and self.lw[i - 2] in ("n", "p"):
                return "sample-size" if self.lw[i - 2] == "n" else "p-value"
        if prev in lx.LABEL_WORDS and bare and whole and q.comparator is None and not q.hedged:
            return "label"
        if q.unit == "percent" and whole and q.form == "number" and self.endpoint_named(q, qs, idx):
            return "endpoint"
        if q.unit == "percent" and q.form == "number" and (prev in lx.FORMULATION_WORDS or self.formulation_after(j)) \
                or q.unit == "mg/mL":
            return "strength"  # "Winlevi cream 1%", "tretinoin 0.05% gel", "injection 100 mg/mL": how strong a product is
        if prev in ("a", "an") and nxt in lx.PERSON_WORDS and q.comparator is None:
            return "label"  # "a 220 lb person": describes someone
        if bare and prev_word.isalpha() and prev_word.isupper() and len(prev_word) >= 2 \
                and prev_word not in _CUE_ACRONYMS and self.e[i - 1] < self.s[i]:
            return "label"  # "PROFILE 1014", "CHECKMATE 370": a name with digits
        if prev in ("[", "^") or (prev == "-" and i >= 2 and self.w[i - 2].isalpha() and self.e[i - 1] == self.s[i]
                                  and self.e[i - 2] == self.s[i - 1] and bare):
            return "label"  # "[^2]", "protein-like 4" written "like-4"
        if q.unit == "percent" and nxt in ("ci", "confidence") or (q.unit == "percent" and j < self.n and self.w[j] == "CI"):
            return "ci"
        if self.after_ci(i):
            return "ci"
        # Ages: "younger than 40", "aged 18-39", "65 years old", "people over 65"; in months or weeks too, and
        # the far end of such a band ("children aged 6 months through 8 years").
        if q.unit in lx.TIME_UNITS and (self.aged(i) or (
                prev in ("through", "to", "-", "–", "and") and idx > 0 and qs[idx - 1].tok_end == i - 1 and
                self.aged(qs[idx - 1].tok_start))):
            return "age"
        if q.unit in (None, "years"):
            if prev in lx.AGE_WORDS or self.phrase_before(i, _AGE_PHRASES_BY_LAST) is not None:
                return "age"
            if q.unit == "years" and nxt in ("old", "of") and (nxt == "old" or nxt2 == "age"):
                return "age"
            if q.unit is None and nxt in ("years", "year") and j + 1 < self.n and self.lw[j + 1] in ("old", "-"):
                return "age"
            if q.comparator in (">", "<", ">=", "<=") and q.unit is None and i >= 2 and \
                    (self.lw[i - 2] in lx.PEOPLE_NOUNS or self.lw[i - 2] in lx.AGE_WORDS or self.lw[i - 2] == "those"):
                return "age"
            if q.unit is None and nxt in ("and", "or") and nxt2 in lx.AGE_ENDS:
                return "age"
            if q.unit is None and q.comparator == ">=" and self.w[j - 1] == "+" and self.people_after(j):
                return "age"
        # "4.6 per 1,000 person-years", "12 per 100,000 people": the denominator of a rate, not a count.
        # (also written with a slash after a number: "241/100,000 people")
        # "BRCA1/2", "CDK4/6": the digit after a slash glued to a name that ends in a digit names the second gene
        if prev == "/" and bare and whole and i >= 2 and self.e[i - 2] == self.s[i - 1] and self.e[i - 1] == self.s[i] \
                and _NAME_WITH_DIGIT.fullmatch(self.w[i - 2]):
            return "label"
        slash = prev == "/" and idx > 0 and qs[idx - 1].tok_end == i - 1 and self.e[i - 2] == self.s[i - 1]
        if (prev == "per" or slash) and (q.people or (bare and whole and q.low >= 100
                                                        and str(int(q.low)).rstrip("0") == "1")):
            return "denominator"
        # "$1,950 per 40mg pen", "$12 per 100 tablets": what a price is for, not a claim of its own.
        if prev == "per" and idx > 0 and qs[idx - 1].unit == "usd" and qs[idx - 1].tok_end == i - 1:
            return "price-unit"
        # Schedules: "every 3 weeks", "for 7 days" stay durations; "every" makes a schedule.
        if prev == "every" and q.unit in lx.TIME_UNITS:
            return "frequency"
        # Time point of a rate: "5-year survival", "alive five years after", "1 year 80%".
        if q.unit in lx.TIME_UNITS and q.form == "number":
            word = self.lw[j - 1]
            if word in lx.SINGULAR_TIME_WORDS and j - 2 >= i and self.lw[j - 2] == "-":
                return "time-point"
            nxt_q = qs[idx + 1] if idx + 1 < len(qs) else None
            # "raised it to 10.1 months from 4.4 months": a change between two values, not a time point
            change = nxt == "from" and nxt_q is not None and nxt_q.tok_start == j + 1
            if not change and (nxt in ("after", "later", "post", "from", "since")
                               or prev in ("at", "after", "by", "within")):
                return "time-point"
            # "over the next four years", "in the past 20 years": the window a statement covers
            if prev in lx.WINDOW_WORDS and i >= 3 and self.lw[i - 2] == "the" and \
                    self.lw[i - 3] in lx.WINDOW_PREPOSITIONS:
                return "time-point"
            if nxt_q is not None and nxt_q.unit == "percent" and nxt_q.tok_start - j <= 2 and \
                    all(t in ("|", ":", ",", "-", "–") for t in self.lowered(j, nxt_q.tok_start)):
                return "time-point"
        if bare and q.form == "number" and nxt in ("-",) and j + 1 < self.n and self.lw[j + 1] in lx.SINGULAR_TIME_WORDS:
            return "time-point"
        return CLAIM

    def aged(self, i: int) -> bool:
        """Whether an age word comes right before token i, or before "between"/"from" there ("aged between
        one month and five years")."""
        k = i - 1 if i > 0 and self.lw[i - 1] not in ("between", "from") else i - 2
        return k >= 0 and self.lw[k] in lx.AGE_WORDS

    def formulation_after(self, j: int) -> bool:
        """Whether a product's form ("cream", "eye drops") follows token j, after up to two words of its name
        ("0.05% tretinoin cream")."""
        for k in range(j, min(j + 3, self.n)):
            if self.lw[k] in lx.FORMULATION_AFTER_WORDS:
                return True
            if not self.w[k].isalpha() or self.lw[k] in lx.PEOPLE_NOUNS or self.lw[k] in _PHRASE_BREAKS:
                return False
        return False

    def endpoint_named(self, q: Quantity, qs: list[Quantity], idx: int) -> bool:
        """Whether the percent defines an endpoint whose name repeats it: "a 75% improvement in EASI (EASI-75)",
        "ACR20 (20% improvement)". It is each patient's bar, not a share of anyone: the share reaching it is
        another number."""
        digits = str(int(q.low))
        w = self.w
        # the name just before the bracket the number opens: "ACR20 (20% ...", "PASI 75 (a 75% ..."
        k = q.tok_start - 1
        while k >= 0 and q.tok_start - k <= 3 and w[k] != "(":
            k -= 1
        if k >= 1 and w[k] == "(" and self._names_endpoint(k - 1, digits, backwards=True):
            return True
        # the bracketed name after it, before any other number: "... skin improvement (EASI-75)"
        stop = qs[idx + 1].tok_start if idx + 1 < len(qs) else self.n
        for k in range(q.tok_end, min(stop, q.tok_end + _ENDPOINT_REACH, self.n - 1)):
            if w[k] in (".", ";"):
                return False
            if w[k] == "(" and self._names_endpoint(k + 1, digits):
                return True
        return False

    def _names_endpoint(self, k: int, digits: str, backwards: bool = False) -> bool:
        """Whether the token at k is an endpoint's name ending in `digits`, glued ("EASI-75") or as a name
        then the number ("PASI 75"; with `backwards`, k is the number)."""
        m = _ENDPOINT_LABEL.fullmatch(self.w[k])
        if m is not None:
            return m.group(1) == digits
        name = k - 1 if backwards else k
        number = k if backwards else k + 1
        return 0 <= name and number < self.n and self.w[number] == digits and \
            sum(c.isupper() for c in self.w[name]) >= 2 and self.w[name].isalpha()

    def after_ci(self, i: int) -> bool:
        """A number inside the confidence interval or p-value that follows an estimate ('95% CI, 0.3-0.6')."""
        w, lw = self.w, self.lw
        for k in range(i - 1, max(-1, i - 5), -1):
            low = lw[k]
            if low in _INTERVAL_WORDS or w[k] in _INTERVAL_MARKS:
                return True
            if low in _INTERVAL_STOPS:
                return False
        return False


def _replace_role(q: Quantity, role: str) -> Quantity:
    return evolve(q, role=role)


def parse_quantities(words, starts: list[int], text: str, base: int = 0,
                     candidates: list[int] | None = None, lowered=None) -> list[Quantity]:
    """Quantities in tokens `words` starting at block offsets `starts`; `text` is the block text from
    offset `base`. `candidates` (token indices where a number may start) are found if not given;
    `lowered`, the tokens lowercased, is made on access if not given.
    Every number gets a Quantity; `role` says whether it is a claim."""
    return _Parser(words, starts, text, base, lowered).parse(candidates)


# Where a quantity may start: a run of digits or a number word.
# ("a million people", "a dozen": the magnitude word is the candidate, the number starts at the article)
_A_MAGNITUDES = ("hundred", "thousand", "million", "billion", "dozen")
_WORDS = sorted(set(lx.NUMBER_WORDS) | set(lx.FRACTION_WORDS) | set(lx.MULTIPLE_WORDS) | set(_A_MAGNITUDES),
                key=len, reverse=True)
NUMBER_WORD_LIST = tuple(_WORDS)
_WORD_SET = frozenset(_WORDS)
_DIGITS = re.compile(r"\d+")
# A cheap "might hold a number word" test, on the lowercased text (as the number-word matcher reads tokens):
# without IGNORECASE, Python's engine runs it about 9x faster.
_NUMBER_WORD_HINT = re.compile("|".join(_WORDS))


def may_start_number(token: str) -> bool:
    """Whether a number may start at a token (its text as written): it holds a digit or is a number word."""
    return _DIGITS.search(token) is not None or token.lower() in _WORD_SET


def might_hold_number_words(text: str, lowered: bool = False) -> bool:
    return _NUMBER_WORD_HINT.search(text if lowered else text.lower()) is not None
