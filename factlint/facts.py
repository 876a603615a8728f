"""The facts layer: what the pipeline found in a draft, as typed, frozen values.

The spaCy pipeline (factlint.nlp) and the claim builder (factlint.claims) are the last places spaCy
objects exist; everything downstream (linking, verdicts, every rule, annotations, `extract`, the language
server and the web view) reads these values only. Offsets are block text offsets; a fact's `block` is
the index of its `TextBlock` in the document, whose source map turns them into source offsets.

This module imports nothing heavy, so rules and tests can build facts by hand without spaCy.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import operator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, NamedTuple, TypeVar

from .values import frozen_value

if TYPE_CHECKING:
    from .nlp.quantities import Quantity
    from .source import BlockKind

# How near a mention is to a number, best first: its clause, its sentence, its paragraph (a table row's
# table), a heading above it.
CLAUSE, SENTENCE, PARAGRAPH, HEADING = 4, 3, 2, 1
FAR = 10_000  # the distance of a mention outside the number's block
_M = TypeVar("_M")
_V = TypeVar("_V")


def evolve(value: _V, **changes) -> _V:
    """`dataclasses.replace` for the hot paths (a number rebased into its block, a role, an arm): the
    fields are read by one attrgetter and passed by position, where `replace` builds keywords field by
    field (about twice the cost)."""
    get, index = _shape(type(value))
    values = list(get(value))
    for name, v in changes.items():
        values[index[name]] = v
    return type(value)(*values)


def field_values(cls: type) -> Callable:
    """A function giving a dataclass value's fields as a tuple, in the order its class takes them."""
    return _shape(cls)[0]


@functools.cache
def _shape(cls: type) -> tuple[Callable, dict[str, int]]:
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    return operator.attrgetter(*names), {name: i for i, name in enumerate(names)}


@frozen_value
class Near:
    level: int  # CLAUSE, SENTENCE, PARAGRAPH or HEADING
    distance: int  # characters between the number and the mention; FAR outside the number's block
    words: str = ""  # the words as written, when in the number's sentence (what `extract` shows)


@frozen_value
class Cue:
    """A word of a metric near a number ("median overall survival", "response rate")."""

    metric: str
    strong: bool
    level: int
    distance: int
    words: str = ""  # as written, when in the number's sentence


@frozen_value
class Subgroup:
    """A narrower population the number is said of ("in smokers", "aged 65 and over")."""

    phrase: str
    entities: frozenset[str]  # registry entities whose mention overlaps the phrase ("stage 4" is distant-stage)
    # For an entity written right before another ("ALK-positive lung cancer"): the entities it narrows. It is a
    # narrower population only for a claim about one of them.
    narrows: frozenset[str] = frozenset()


@frozen_value
class Series:
    """A number in a list parallel to arms named before it ("56.5 vs. 40.8 months", "3.5% and 4.1%,
    respectively"): its place in the list, the list's length, and the registry entities named in the
    sentence before the list, in the order written."""

    index: int
    count: int
    order: tuple[str, ...]
    # In brackets after another number of the sentence ("a 21% relative risk reduction (1.27% vs 1.60%)"):
    # the list details that number, each arm's own value, not a value of that number's measure.
    aside: bool = False


@frozen_value(slots=False)
class NumberClaim:
    """A number of the draft with what is written near it (spec/registry.md: clause, sentence,
    paragraph, headings)."""

    quantity: "Quantity"
    block: int  # index of the block in its document
    sentence: tuple[int, int]  # block text offsets
    entities: Mapping[str, Near] = field(default_factory=dict)
    drugs: Mapping[str, Near] = field(default_factory=dict)
    trials: Mapping[str, Near] = field(default_factory=dict)
    cues: tuple[Cue, ...] = ()
    phrases: Mapping[str, int] = field(default_factory=dict)  # `when`/`unless` phrase -> best level
    subgroups: tuple[Subgroup, ...] = ()
    negated: bool = False
    hypothetical: bool = False
    cited: bool = False
    series: Series | None = None
    counted: str | None = None  # what a count counts when it is not people ("countries", "trials")
    events: str | None = None  # the event a count of people counts ("12,650 deaths"): lexicon event_nouns
    follow_up: bool = False  # a duration of follow-up (not a statistic; still judged)
    course: bool = False  # how long a dose is taken ("... three times daily for 7 days"): no statistic, no cue
    averaged: bool = False  # "an average of 26 days": a mean or median over people (a duration that is a statistic)
    # Entities named in the sentence only in other numbers' clauses ("70% of breast cancers are HR-positive,
    # and 15-20% are HER2-positive": HER2-positive is the second number's).
    taken: frozenset[str] = frozenset()
    # ... and those named in the next clause that compares another number with this one ("40,100 car deaths
    # compared to 70,000 drug overdoses": the overdoses are what this number is set against)
    contrasted: frozenset[str] = frozenset()
    unknown_trial: bool = False  # the sentence names a trial the registry does not know ("the CLEOPATRA trial")
    # Entities named in the sentence only as the people a share is taken of ("10% of people with diabetes
    # develop muscle pain": diabetes is who, not what the share counts).
    population: frozenset[str] = frozenset()
    earlier: bool = False  # a value something changed from ("down from 42% in 1965"): never today's figure
    step: bool = False  # a titration step in its clause ("0.5 mg a day for the first three days")
    introduced: bool = False  # in a list item that reads the paragraph introducing its list
    opinion: bool = False  # a share that answers a survey ("66% of Americans did not know that ...")
    # In brackets after another number of its sentence ("a 23% reduction in kidney outcomes (a sustained
    # >=57% fall in eGFR ...)"): it details that number
    aside: bool = False
    # A dose in a table row, list item or heading that names no drug: a step of a dosing guide ("| Maximum
    # daily | 200 mg |" under a drug's heading), an instruction; or one in the writer's own account ("I was
    # prescribed 50 mg"): not a statistic (still judged when linked)
    instruction: bool = False
    period: str | None = None  # a count per day, week, month... ("Each day, ten Americans die"): lexicon period_words
    # `when`/`unless` phrases written before the number or in its own (or the opening) clause: not only in a
    # later clause of the sentence ("12% of adults, and women are three times as likely")
    clause_phrases: frozenset[str] = frozenset()
    threshold: bool = False  # "at least 10%", "LDL below 70 mg/dL", a frequency band (not a statistic)
    # "15.7 months longer", "46% lower risk": a difference between arms, with the metrics whose words take
    # in the difference word ("months longer", "lower risk"); None for a level.
    difference: tuple[str, ...] | None = None
    time_point: float | None = None  # days: the time point of a rate ("one-year survival"), see timepoints.py
    time_point_words: str = ""
    ages: tuple[float, ...] = ()  # ages written in the number's clause ("4% of those over 80 years old")
    regimen: str | None = None  # "combination" or "single": how the number's clause says its drugs were given
    # What a share measures, in words the registry does not know ("a 30% discontinuation rate"): lexicon rate_heads
    measure: str | None = None
    # A change after a share ("a 57% decrease in hot flashes"), with the metrics whose words take it in
    change: tuple[str, ...] | None = None

    @property
    def asserted(self) -> bool:
        """A claim the draft makes: a statistic-like number, neither negated nor hypothetical."""
        return self.quantity.is_claim and not self.negated and not self.hypothetical


@frozen_value
class DrugMention:
    """A registry drug named in the draft, by its generic name or one of its brands."""

    block: int
    drug: str  # registry drug id
    start: int
    end: int
    brand: bool  # written as one of the drug's brands


@frozen_value
class TrialMention:
    block: int
    trial: str  # registry trial id
    start: int
    end: int


class EntityMention(NamedTuple):
    """A registry entity named in the draft. (A named tuple, as BlockFacts: prose names entities in one
    word of twelve, every one becomes a mention, and few are read.)"""

    block: int
    entity: str  # registry entity id
    start: int
    end: int


@frozen_value
class Attribution:
    """A statement attributed to a source in words ("studies show", "according to experts")."""

    block: int
    start: int
    end: int
    noun: str  # the source word, lowercase: "studies", "experts"
    sentence: tuple[int, int]
    cited: bool  # the sentence holds a citation (a link, footnote, reference, DOI...)


class BlockFacts(NamedTuple):
    """One text block: its text and sentences, and the registry's drugs, trials and entities in it.
    (A named tuple, not a dataclass: one is made for every block of every draft, and a tuple is made
    several times faster than a frozen dataclass; it is as immutable.)"""

    index: int
    text: str
    kind: "BlockKind"
    group: int  # blocks of one table share a group (>= 0); -1 otherwise
    sentences: tuple[int, ...]  # sentence start offsets (0 first)
    drugs: tuple[DrugMention, ...] = ()
    trials: tuple[TrialMention, ...] = ()
    entities: tuple[EntityMention, ...] = ()

    def sentence_spans(self) -> list[tuple[int, int]]:
        s = self.sentences
        return [(a, s[i + 1] if i + 1 < len(s) else len(self.text)) for i, a in enumerate(s)]

    def by_sentence(self, mentions: "Iterable[_M]") -> "list[list[_M]]":
        """`mentions` grouped by the sentence they start in (one list per sentence, in order), so a rule
        looks at each sentence's own mentions only (huge drafts stay linear)."""
        out: list[list[_M]] = [[] for _ in self.sentences]
        for m in mentions:
            out[bisect.bisect_right(self.sentences, m.start) - 1].append(m)
        return out


@dataclass(frozen=True)
class DocumentFacts:
    """Everything the rules read about one draft."""

    path: str
    blocks: tuple[BlockFacts, ...] = ()
    numbers: tuple[NumberClaim, ...] = ()  # every number, claims or not (years, labels...), in block order
    attributions: tuple[Attribution, ...] = ()

    @property
    def drugs(self) -> tuple[DrugMention, ...]:
        return tuple(d for b in self.blocks for d in b.drugs)

    @property
    def trials(self) -> tuple[TrialMention, ...]:
        return tuple(t for b in self.blocks for t in b.trials)
