"""Linking: which registry claim does a number speak about, if any?

A registry claim is a candidate for a number when
  - its unit is of the number's kind (months and years compare; months and percent never do),
  - a cue of its metric is written near the number (or, for a bare share, no other metric is),
  - its first `about` entity is mentioned near the number (clause > sentence > paragraph > heading),
  - its `drug` and `trial` are named in the sentence or paragraph, one of its `when` phrases is in the
    sentence or paragraph, and none of its `unless` phrases is in the sentence,
  - and the number is not said of a narrower population (an age band, smokers, a stage, people who did
    not get a treatment) that the claim does not name.
Candidates are ranked by where their first entity is (the arm, drug or population written nearest the
number, in its own clause, wins), then by the strength of the metric cue, then by how many of their other
entities are mentioned (the more specific claim wins), then by their `when` phrases, then by distance.
Precision first: when nothing qualifies the number stays unlinked.
"""
from __future__ import annotations


import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .facts import CLAUSE, FAR, PARAGRAPH, SENTENCE, Cue, NumberClaim, Series
from .lexicon import other_number, words_pattern
from .nlp import lexicon as lx
from .metrics import MetricSpec
from .registry.model import Claim, Registry
from .timepoints import durations, same_time
from .units import convert, kind_of
from .values import frozen_value

# Units of a bare number ("HR 0.43") that a registry claim may still have.
_BARE_KINDS = {"ratio", "count"}


@frozen_value
class Candidate:
    entry: Claim
    score: tuple


@frozen_value
class Link:
    """The best registry claims for a number (ties kept, best first)."""

    claim: NumberClaim
    entries: tuple[Claim, ...]
    # Claims about another arm or population that fit the number as well as `entries` do (its own clause
    # names neither): the number may be judged consistent with one, never contradicted by the best.
    rivals: tuple[Claim, ...] = ()
    unsure: bool = False  # the frame does not say which claim: judged consistent or not at all


def quantity_kind(nc: NumberClaim) -> str | None:
    return kind_of(nc.quantity.unit) if nc.quantity.unit else None


def metric_evidence(nc: NumberClaim, metric: str, specs: dict[str, MetricSpec]) -> tuple[int, int, int] | None:
    """(strength, level, -distance) of the best cue for `metric` near the number; strength 2 strong,
    1 weak, 0 none but implied by the number's unit (a bare share with no cue may be a prevalence; an mg
    amount next to a drug may be its dose; a count of people in a trial may be its enrolment)."""
    best = None
    for cue in nc.cues:
        if cue.metric != metric:
            continue
        ev = (2 if cue.strong else 1, cue.level, -cue.distance)
        if best is None or ev > best:
            best = ev
    if best is not None:
        return best
    kind = quantity_kind(nc)
    if (metric == "prevalence" and kind == "share" and not nc.opinion) or implied_kind(nc) is not None:
        others = any(c.strong and kind in specs.get(c.metric, _NO_SPEC).kinds for c in nc.cues)
        if not others:
            return (0, 0, -FAR)
    return None


_NO_SPEC = MetricSpec("", "", frozenset(), ())
# Units that say what a number measures when no word does: an amount of a drug, a count of people.
_IMPLIED_KINDS = {"mass", "mass-per-day", "mass-per-weight", "mass-per-area", "units"}


def implied_kind(nc: NumberClaim) -> str | None:
    """The unit kind of a number whose unit and neighbour may decide its metric, or None."""
    kind = quantity_kind(nc)
    if kind in _IMPLIED_KINDS or (kind == "count" and nc.quantity.people):
        return kind
    return None


@dataclass(frozen=True)
class ClaimIndex:
    """A registry's claims by metric and by unit kind, and the entities some claim is about first."""

    by_metric: dict[str, tuple[Claim, ...]]
    by_kind: dict[str, tuple[Claim, ...]]
    subjects: dict[str, frozenset[str]]  # metric -> the entities its claims are about first
    # The trials a claim reports: its `trial`, and any trial named by one of its `when` phrases or by a name
    # of one of its entities ("about: [hera-study]" whose alias is "HERA").
    trials: dict[str, frozenset[str]]
    # The drugs a claim's subject is an arm of: registry drugs whose name or brand is a name of its first entity.
    arm_drugs: dict[str, frozenset[str]] = field(default_factory=dict)
    # The entities that are some claim's arm of a drug (the subjects of the claims in `arm_drugs`).
    arms: frozenset[str] = frozenset()
    # Claim id -> who its trials enrolled, as the trials' claims say it: a population word that a claim of the
    # same trial writes in its statement but not in its `when` ("VISION randomised 831 men") is everyone in
    # the trial, not a subgroup (spec/registry.md: a subgroup claim names its subgroup in `when`).
    populations: dict[str, frozenset[str]] = field(default_factory=dict)
    # (metric, first entity) and (unit kind, first entity) -> the claims, in registry order: a number is fitted
    # only to the claims about something it names, found without walking its metrics' other claims.
    by_metric_subject: dict[tuple[str, str], tuple[Claim, ...]] = field(default_factory=dict)
    by_kind_subject: dict[tuple[str, str], tuple[Claim, ...]] = field(default_factory=dict)
    # Subject -> what each of its claims measures or is said of (`about` after the first), with the claim's
    # metric, once per distinct pair: an arm's endpoints with their populations.
    objects: dict[str, tuple[tuple[str, frozenset[str]], ...]] = field(default_factory=dict)


def claims_by_metric(registry: Registry) -> ClaimIndex:
    by_metric: dict[str, list[Claim]] = {}
    by_kind: dict[str, list[Claim]] = {}
    trial_of_name = {n.lower(): t.id for t in registry.trials.values() for n in (t.name, *t.aliases)}
    trials: dict[str, frozenset[str]] = {}
    drug_of_name = {n.lower(): d.id for d in registry.drugs.values() for n in (d.name, *d.brands)}
    arm_drugs: dict[str, frozenset[str]] = {}
    for c in registry.claims.values():
        subject = registry.entities.get(c.about[0]) if c.about else None
        drugs = frozenset(drug_of_name[n.lower()] for n in subject.names if n.lower() in drug_of_name) \
            if subject is not None else frozenset()
        if drugs:
            arm_drugs[c.id] = drugs
        by_metric.setdefault(c.metric, []).append(c)
        by_kind.setdefault(kind_of(c.unit) or "", []).append(c)
        names = [*c.when, *(n for e in c.about if e in registry.entities for n in registry.entities[e].names)]
        found = {trial_of_name[n.lower()] for n in names if n.lower() in trial_of_name}
        if c.trial:
            found.add(c.trial)
        if found:
            trials[c.id] = frozenset(found)
    subjects = {m: frozenset(c.about[0] for c in cs if c.about) for m, cs in by_metric.items()}
    arms = frozenset(registry.claims[i].about[0] for i in arm_drugs)
    by_metric_subject: dict[tuple[str, str], list[Claim]] = {}
    by_kind_subject: dict[tuple[str, str], list[Claim]] = {}
    objects: dict[str, dict[tuple[str, frozenset[str]], None]] = {}
    for c in registry.claims.values():
        if c.about:
            by_metric_subject.setdefault((c.metric, c.about[0]), []).append(c)
            by_kind_subject.setdefault((kind_of(c.unit) or "", c.about[0]), []).append(c)
            if len(c.about) > 1:
                objects.setdefault(c.about[0], {})[(c.metric, frozenset(c.about[1:]))] = None
    return ClaimIndex({k: tuple(v) for k, v in by_metric.items()}, {k: tuple(v) for k, v in by_kind.items()},
                      subjects, trials, arm_drugs, arms, _trial_populations(registry, trials, arms),
                      {k: tuple(v) for k, v in by_metric_subject.items()},
                      {k: tuple(v) for k, v in by_kind_subject.items()},
                      {k: tuple(v) for k, v in objects.items()})


def _trial_populations(registry: Registry, trials: dict[str, frozenset[str]],
                       arms: frozenset[str]) -> dict[str, frozenset[str]]:
    """ClaimIndex.populations: each trial's population words (and their other grammatical number), given to
    every claim of the trial, and likewise each trial arm's (the claims whose subject is the arm)."""
    def groups(c: Claim) -> set[tuple[str, str]]:
        out = {("trial", t) for t in trials.get(c.id, ())}
        if c.about and c.about[0] in arms:
            out.add(("arm", c.about[0]))
        return out

    words: dict[tuple[str, str], set[str]] = {}
    for c in registry.claims.values():
        when = [w.lower() for w in c.when]
        for m in _POPULATION_WORDS.finditer(c.statement.lower()):
            phrase = m.group(0)
            if not any(_names(w, phrase) or _names(phrase, w) for w in when):
                for g in groups(c):
                    words.setdefault(g, set()).update(f for f in (phrase, other_number(phrase)) if f)
    out = {}
    for c in registry.claims.values():
        found = frozenset().union(*(words.get(g, ()) for g in groups(c)))
        if found:
            out[c.id] = found
    return out


def candidates(nc: NumberClaim, registry: Registry, specs: dict[str, MetricSpec],
               index: ClaimIndex | None = None) -> list[Candidate]:
    index = index if index is not None else claims_by_metric(registry)
    out = []
    # Two of fit_claim's tests, made first and cheaply (on the seed corpus 62% of the claims considered fail
    # one, after fit_claim's costlier ones): the unit kind, and a trial named near the number but not the
    # claim's.
    kind = quantity_kind(nc)
    named = _trials_named(nc)
    for c in considered(nc, index):
        trials = index.trials.get(c.id, frozenset())
        if not _kind_fits(kind, kind_of(c.unit)) or trials and _another_trial(named, trials):
            continue
        fit = fit_claim(nc, c, specs, index.subjects.get(c.metric, frozenset()), trials,
                        index.arm_drugs.get(c.id, frozenset()), index.populations.get(c.id, frozenset()),
                        index.objects.get(c.about[0], ()) if c.about else ())
        if isinstance(fit, Candidate):
            out.append(fit)
    out.sort(key=lambda cand: (cand.score, cand.entry.id), reverse=True)
    return out


def considered(nc: NumberClaim, index: ClaimIndex) -> list[Claim]:
    """The registry claims of the metrics named near the number (and prevalence for a bare share, and
    every claim of its unit kind when its unit may decide its metric) whose first entity the number names
    (fit_claim's "its subject is not mentioned", without its other checks: most claims)."""
    metrics = {c.metric for c in nc.cues}
    if quantity_kind(nc) == "share":
        metrics.add("prevalence")  # a bare share may be a prevalence (see metric_evidence)
    entities = tuple(nc.entities)
    by_metric = index.by_metric_subject
    out = [c for m in sorted(metrics) for e in entities for c in by_metric.get((m, e), ())]
    implied = implied_kind(nc)
    if implied is not None:
        by_kind = index.by_kind_subject
        out += [c for e in entities for c in by_kind.get((implied, e), ()) if c.metric not in metrics]
    return out


def _kind_fits(kind: str | None, ckind: str | None) -> bool:
    """Whether a number of unit kind `kind` (None: a bare number) may be a claim in a unit of kind `ckind`."""
    return ckind in _BARE_KINDS if kind is None else ckind == kind


def _trials_named(nc: NumberClaim) -> tuple[set[str], set[str]]:
    """The trials named in the number's sentence, and those named in its paragraph (the sentence's too)."""
    return ({t for t, near in nc.trials.items() if near.level >= SENTENCE},
            {t for t, near in nc.trials.items() if near.level >= PARAGRAPH})


def _another_trial(named: tuple[set[str], set[str]], trials: frozenset[str]) -> tuple[str, str] | None:
    """("sentence" or "paragraph", a trial) when the number's sentence, or else its paragraph, names trials
    and none of them is one of `trials` (a number said of another trial: "... in the EMILIA trial" next to
    a KATE2 claim)."""
    for where, names in zip(("sentence", "paragraph"), named):
        if names:
            return None if names & trials else (where, min(names))
    return None


def fit_claim(nc: NumberClaim, c: Claim, specs: dict[str, MetricSpec],
              subjects: frozenset[str] = frozenset(), trials: frozenset[str] = frozenset(),
              arm_drugs: frozenset[str] = frozenset(), populations: frozenset[str] = frozenset(),
              siblings: tuple[tuple[str, frozenset[str]], ...] = ()) -> Candidate | str:
    """How well registry claim `c` fits the number's frame, or why it does not (a plain reason).
    `subjects`: the entities the claims of `c`'s metric are about first (arms, populations, studies);
    `trials`: the trials claim `c` reports (ClaimIndex.trials); `arm_drugs`: the drugs its subject is an
    arm of (ClaimIndex.arm_drugs); `populations`: who its trials enrolled (ClaimIndex.populations);
    `siblings`: what each claim about its subject measures (ClaimIndex.objects)."""
    kind = quantity_kind(nc)
    ckind = kind_of(c.unit)
    if not _kind_fits(kind, ckind):
        if kind is None:
            return f"a bare number cannot be in {c.unit}"
        return f"unit kind {kind} is not the claim's {ckind}"
    q = nc.quantity
    if kind is None and ckind == "count" and not (q.low.is_integer() and q.high.is_integer()):
        return "a number with a fraction is no count"
    if nc.quantity.unit == "percentage-points" and c.unit == "percent":
        return "an absolute change (percentage points) is not a share or a relative change"
    if nc.earlier:
        return "an earlier value ('down from ...'), not the one the claim gives"
    if nc.quantity.rate and ckind in ("count", None):
        return "a rate per a denominator ('per 100,000 people') is not a number of people"
    if ckind == "count" and 0 < q.low and 0 < c.low and (
            q.high * _OTHER_MAGNITUDE <= c.low or c.high * _OTHER_MAGNITUDE <= q.low):
        # "screening of 11,422 adults" beside a claim of 140 million adults: a study's sample, not a
        # misstated total (a figure misstated by a factor of a hundred is read as another figure: FL102)
        return "a count a hundred times above or below the claim's counts something else"
    spec = specs.get(c.metric)
    if nc.period == "year" and ckind == "count" and c.metric == "prevalence" and not _yearly(c.statement):
        return "a count per year (people over time) is not a prevalence (people at one time)"
    if nc.period not in (None, "year") and ckind == "count" and not any(
            nc.period in w.lower() or lx.PERIOD_WORDS.get(w.lower(), "year") != "year"
            for w in ((*c.when, *spec.cues, spec.name) if spec is not None else c.when)):
        return f"a count per {nc.period} is not the claim's count (neither its `when` nor its metric names one)"
    if spec is not None and kind is not None and spec.kinds and kind not in spec.kinds:
        return f"metric {c.metric} is never a {kind}"
    ev = metric_evidence(nc, c.metric, specs)
    if ev is None:
        return f"no word of the metric {c.metric} near the number"
    if kind is None and (ev[0] < 2 or ev[1] < CLAUSE):
        return "a bare number needs its metric named in its own clause"
    if nc.counted is not None and spec is not None and not _names_noun(spec, nc.counted):
        return f"the number counts {nc.counted}, which the metric {c.metric} does not"
    if nc.events is not None and not _names_event(nc.events, c.statement, c.when, spec):
        return f"the number counts {nc.events}, which the claim does not"
    if nc.measure is not None and not _speaks_of(c.statement, c.when, nc.measure):
        return f"the number is a {nc.measure} rate, which the registry has no word for and the claim does not name"
    if nc.regimen is not None and _regimen_of(c.statement) not in (None, nc.regimen):
        # "the combination reached 49% survival" is no figure of "ipilimumab alone"
        return f"the number is of a drug given {'in combination' if nc.regimen == 'combination' else 'alone'}, the claim not"
    if nc.difference is not None and c.metric not in nc.difference and not _measures_difference(spec):
        return f"a difference ('longer', 'lower') is not a level of {c.metric}"
    if nc.change is not None and c.metric not in nc.change and not _tells_change(c.statement) and not (
            spec is not None and _tells_change(spec.name)):
        return f"a change ('a 57% decrease') is not a level of {c.metric}"
    first = nc.entities.get(c.about[0]) if c.about else None
    if first is None:
        return f"its subject {c.about[0] if c.about else '?'} is not mentioned"
    if c.metric == "prevalence" and c.about[0] in nc.population:
        # A prevalence counts its subject among people; "10% of people with diabetes develop ..." counts
        # something else among people with the subject. (A survival rate's subject is its population.)
        return f"its subject {c.about[0]} is who the share is of, not what it counts"
    others = [nc.entities.get(e) for e in c.about[1:]]
    if first.level < SENTENCE:
        # The subject comes from the paragraph, a heading or the lead: not when the number's own clause
        # names another subject ("Statins lowered LDL by 50%" under the heading "Repatha").
        # (also one the claim names after its subject: "280 men received standard therapy alone" under a
        # "Pluvicto" heading is about the standard-therapy arm, not the arm of Pluvicto plus standard therapy)
        own = next((e for e, near in nc.entities.items()
                    if near.level == CLAUSE and e in subjects and e != c.about[0]), None)
        if own is not None:
            return f"its subject {c.about[0]} is not the one its clause names ({own})"
        # "| Rizatriptan | 70-77% |" in an article about sumatriptan: the sentence names another drug.
        other = next((d for d, near in nc.drugs.items() if near.level >= SENTENCE and d not in arm_drugs), None) \
            if arm_drugs and not any(nc.drugs.get(d) is not None and nc.drugs[d].level >= SENTENCE
                                     for d in arm_drugs) else None
        if other is not None:
            return f"its subject {c.about[0]} is an arm of another drug than the one its sentence names ({other})"
    unsaid = next((e for e, o in zip(c.about[1:], others) if o is None or o.level < SENTENCE), None)
    if unsaid is not None and siblings:
        # "49% reached a 3-point improvement in itch" in a list introduced by "EASI-75": what the claim
        # measures is not in the sentence, which names another of its subject's endpoints, and a word of how
        # that one is measured, instead (unless the claim's statement names it too: a composite's part,
        # "cardiovascular death" in "cardiovascular death or hospitalisation").
        said = next((e for e, near in nc.entities.items()
                     if near.level >= SENTENCE and e not in c.about and _rivals(e, unsaid, siblings, nc.cues)
                     and not (near.words and _names(c.statement, near.words))), None)
        if said is not None:
            return f"the sentence names {said}, not {unsaid}, of its subject"
    if nc.introduced and first.level < SENTENCE and others and all(o is None for o in others):
        # A list item whose subject comes only from the paragraph introducing its list, and nothing else the
        # claim is about (its endpoint, its disease) written anywhere: "In SUSTAIN-6 ... the results showed:
        # - 63.4% of participants lost 5% or more" is not the trial's event rate of heart attacks and strokes.
        return f"its subject {c.about[0]} is only in the list's introduction, and nothing else it is about is mentioned"
    if first.level == SENTENCE and c.about[0] in nc.contrasted:
        return f"its subject {c.about[0]} is what the number is compared with"
    if first.level == SENTENCE and c.about[0] in nc.taken and any(
            near.level == CLAUSE for near in nc.entities.values()):
        return f"its subject {c.about[0]} belongs to another number's clause, and this one names its own"
    if ev[0] == 0 and quantity_kind(nc) != "share":
        # The unit and its neighbour decide: an amount next to the drug (its own clause), a count of people
        # in a sentence that names the claim's trial.
        if implied_kind(nc) == "count":
            named = {t for t, near in nc.trials.items() if near.level >= SENTENCE}
            if not named & trials:
                return "no word names the metric, and the sentence names none of its trials"
        elif first.level < CLAUSE:
            return "no word names the metric, and its subject is not in the number's clause"
    if ev[0] < 2 and (first.level < SENTENCE or any(o is None or o.level < SENTENCE for o in others)):
        return "the metric is only suggested, and not every entity of the claim is in the sentence"
    if c.drug and (nc.drugs.get(c.drug) is None or nc.drugs[c.drug].level < PARAGRAPH):
        return f"its drug {c.drug} is not named in the sentence or paragraph"
    if c.trial and (nc.trials.get(c.trial) is None or nc.trials[c.trial].level < PARAGRAPH):
        return f"its trial {c.trial} is not named in the sentence or paragraph"
    if trials and nc.unknown_trial and not any(
            nc.trials.get(t) is not None and nc.trials[t].level >= SENTENCE for t in trials):
        return "the sentence names a trial the registry does not know"
    other = _another_trial(_trials_named(nc), trials) if trials else None
    if other is not None:
        return f"the {other[0]} names another trial ({other[1]})"
    when_level = max((nc.phrases.get(p.lower(), 0) for p in c.when), default=0)
    if c.when and when_level < PARAGRAPH:
        return "none of its `when` phrases is in the sentence or paragraph"
    if when_level == SENTENCE:
        # "Migraine affects 12% of adults, and women are three times as likely": a population written only
        # in a later clause of the sentence is that clause's, not this number's.
        said = [p.lower() for p in c.when if nc.phrases.get(p.lower(), 0) == SENTENCE]
        if all(_names_population(p) for p in said) and not nc.clause_phrases.intersection(said):
            return f"its population ({said[0]!r}) is written in a later clause of the sentence"
    if nc.step and not c.when:
        return "a step of a titration ('for the first ...'), and the claim names no step"
    blocked = next((p for p in c.unless if nc.phrases.get(p.lower(), 0) >= SENTENCE), None)
    if blocked is not None:
        return f"its `unless` phrase {blocked!r} is in the sentence"
    if nc.time_point is not None and c.when:
        allowed = durations(c.when)
        if allowed and not same_time(nc.time_point, allowed):
            return "the number's time point is not the claim's"
    if not _covers_subgroups(nc, c, populations):
        return "the number is said of a narrower population than the claim's"
    if nc.ages and c.when:
        bands = _age_bands(c.when)
        if bands and not any(abs(a - b) <= 1 for a in nc.ages for b in bands):
            # "1% of people over 60 and 4% of those over 80": each share is of its own age band (a year either
            # way is one band written two ways: "younger than 18", "17 or younger")
            return "the number is said of another age band than the claim's"
    about_score = sum(o.level for o in others if o is not None)
    # A `when` written only elsewhere in the paragraph lets a claim in but does not make it the better fit
    # ("The rate was higher in the first year" after "relative rate 1.03" leaves the overall claim as good).
    score = (first.level, ev[0], ev[1], about_score, when_level if when_level >= SENTENCE else 0,
             -first.distance, ev[2])
    return Candidate(c, score)


_OTHER_MAGNITUDE = 100  # counts this many times apart are not one figure

# The ages a `when` phrase names ("over 60", "aged 65", "80+", "65 and older", "12 to 19"), not its other
# numbers ("5% or more", "2 seasons", "ZOE-50")
# An age band in a `when` phrase (lexicon age_words, age_phrases, age_comparisons, age_ends): "over 60",
# "aged 18", "65 and older", "18+", "65 years old", "18 to 64"
_AGE_BAND = re.compile(
    rf"\b(?:{words_pattern((*lx.AGE_WORDS, *lx.AGE_PHRASES, *lx.AGE_COMPARISONS))})\s+(\d{{1,3}})"
    r"(?=\s*(?:$|years?\b|and\b|or\b|\+|to\b|-|–))"
    rf"|(?<![\w-])(\d{{1,3}})\s*(?:\+|-plus|(?:years?\s+)?(?:and|or)\s+(?:{words_pattern(lx.AGE_ENDS)})\b|years?\s+old\b)"
    r"|(?<![\w-])(\d{1,3})\s*(?:-|–|to|through)\s*(\d{1,3})\b(?![%.\d])", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _age_bands(when: tuple[str, ...]) -> frozenset[float]:
    return frozenset(float(g) for w in when for m in _AGE_BAND.finditer(w) for g in m.groups() if g)


def _rivals(entity: str, other: str, measured: tuple[tuple[str, frozenset[str]], ...], cues: tuple[Cue, ...]) -> bool:
    """Whether a claim of a subject measures `entity` by a metric the number's words name, and none measures it
    together with `other` (itch and EASI-75 of one arm are rivals; a trial's population and its endpoint are
    not)."""
    return any(entity in m and any(cue.metric == metric for cue in cues) for metric, m in measured) and \
        not any(entity in m and other in m for _, m in measured)


# A `when` phrase that names a population ("women", "never-smokers", "aged 65"): the lexicon's subgroup words.
_POPULATION_WORDS = re.compile(rf"(?<!\w)(?:{words_pattern(lx.SUBGROUP_PHRASES)})(?!\w)")


@functools.lru_cache(maxsize=4096)
def _names_population(phrase: str) -> bool:
    """Asked for a registry's few `when` phrases again and again (every number that meets their claim)."""
    return _POPULATION_WORDS.search(phrase) is not None


def _covers_subgroups(nc: NumberClaim, c: Claim, populations: frozenset[str] = frozenset()) -> bool:
    """A number said of a narrower population belongs to a claim only if the claim names it (or its trial
    enrolled only that population: "men" in a trial of men)."""
    about = set(c.about)
    when = [p.lower() for p in c.when]
    for sg in nc.subgroups:
        if sg.entities & about or (sg.narrows and not sg.narrows & about):
            continue  # named by the claim, or a modifier of something the claim is not about
        if sg.phrase in populations:
            continue
        forms = (sg.phrase, *lx.SAME_POPULATION.get(sg.phrase, ()))
        if any(_names(w, form) or _names(form, w) for w in when for form in forms):
            continue  # whole words: "men" is not in "women"
        if any(_names(c.statement, form) for phrase in forms for form in (phrase, other_number(phrase)) if form):
            continue  # "About 90% of US women with breast cancer...", "1 man in 7": the claim is of that population
        return False
    return True


_SINGLE_AGENT = re.compile(rf"(?<!\w)(?:{words_pattern(lx.SINGLE_AGENT_WORDS)})(?!\w)", re.IGNORECASE)
_COMBINATION = re.compile(rf"(?<!\w)(?:{words_pattern(lx.COMBINATION_WORDS)})(?!\w)", re.IGNORECASE)


def regimen_in(text: str, start: int = 0, end: int | None = None) -> str | None:
    """How text says its drugs were given: "combination" ("the combination reached 49%"), "single"
    ("ipilimumab alone"), or None. Read alike in a number's clause (claims.py) and a claim's statement."""
    end = len(text) if end is None else end
    if _COMBINATION.search(text, start, end):
        return "combination"
    return "single" if _SINGLE_AGENT.search(text, start, end) else None


_regimen_of = functools.lru_cache(maxsize=4096)(regimen_in)  # a claim's statement, asked per number


@functools.lru_cache(maxsize=4096)
def _names_event(event: str, statement: str, when: tuple[str, ...], spec: MetricSpec | None) -> bool:
    """Whether a claim speaks of the event a count counts: a word of the event (lexicon event_nouns) in its
    statement, its `when` or its metric's name or cues."""
    texts = [statement, *when, *((spec.name, *spec.cues) if spec is not None else ())]
    words = {w.strip(".,;:()'’\"").lower() for t in texts for w in t.split()}
    return not words.isdisjoint(lx.EVENT_NOUNS[event])


_YEARLY = re.compile(rf"(?<!\w)(?:{words_pattern([w for w, p in lx.PERIOD_WORDS.items() if p == 'year'])})(?!\w)",
                     re.IGNORECASE)


def _yearly(statement: str) -> bool:
    """Whether a claim's statement gives its count per year ("50 million Americans a year"): its source counts
    people over a year, as a draft's "annually" does."""
    return _YEARLY.search(statement) is not None


@functools.lru_cache(maxsize=1024)
def _measures_difference(spec: MetricSpec | None) -> bool:
    """Whether a metric's words say it is a difference between arms ("more patients", "longer survival")."""
    return spec is not None and any(w in _DIFFERENCE_WORDS for cue in spec.cues for w in cue.lower().split())


_DIFFERENCE_WORDS = frozenset(lx.DIFFERENCE_WORDS)


def _tells_change(text: str) -> bool:
    """Whether `text` has a word of a change ("lowered", "reduction", "rose": lexicon change_stems)."""
    return any(w.lower().startswith(lx.CHANGE_STEMS) for w in re.findall(r"[A-Za-z]+", text))


def _speaks_of(statement: str, when: tuple[str, ...], words: str) -> bool:
    """Whether a claim's statement or `when` has a word that starts as one of `words` does (its first six
    letters: "discontinuation" and "discontinued")."""
    stems = tuple(w[:6] for w in words.replace("-", " ").split() if len(w) > 3)
    return any(w.lower().startswith(stems) for t in (statement, *when) for w in re.findall(r"[\w'-]+", t))


def _names_noun(spec: MetricSpec, noun: str) -> bool:
    """Whether one of the metric's cue phrases has the word `noun`; not its name, a description that may
    mention what it is counted over ("number of participants in a trial or a pair of trials")."""
    return any(noun in cue.lower().split() for cue in spec.cues if cue != spec.name)


def _names(statement: str, phrase: str) -> bool:
    return _whole_words(phrase).search(statement) is not None


@functools.lru_cache(maxsize=4096)
def _whole_words(phrase: str) -> re.Pattern:
    """The phrase as whole words, compiled once (subgroups meet the same few `when` phrases and statements)."""
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


def link(nc: NumberClaim, registry: Registry, specs: dict[str, MetricSpec],
         index: ClaimIndex | None = None) -> Link | None:
    """The registry claims `nc` speaks about (all that tie for best), or None."""
    if not nc.asserted or (nc.threshold and nc.aside):
        return None  # (a threshold in brackets after another number defines that number's endpoint)
    index = index if index is not None else claims_by_metric(registry)
    cands = candidates(nc, registry, specs, index)
    unnamed_arm = False
    if nc.series is not None and cands:
        cands, unnamed_arm = _paired(nc.series, cands, index.arms)
    if not cands:
        return None
    top = cands[0].score
    best = tuple(cand.entry for cand in cands if cand.score == top)
    if unnamed_arm:
        # "Zoledronic acid lowered fractures (8.6% vs. 13.9%)": the second arm is never named; the number
        # may agree with a claim, but is never contradicted by the named arm's.
        return Link(nc, best, tuple(cand.entry for cand in cands if cand.score != top) or best, unsure=True)
    rivals: tuple[Claim, ...] = ()
    if top[0] < CLAUSE:
        firsts = {c.about[0] for c in best}
        rivals = tuple(cand.entry for cand in cands
                       if cand.score[:4] == top[:4] and cand.entry.about[0] not in firsts)
    return Link(nc, best, rivals)


def unnamed_metric_claims(nc: NumberClaim, specs: dict[str, MetricSpec], index: ClaimIndex,
                          agrees: Callable[[NumberClaim, Claim], bool]) -> tuple[tuple[Claim, ...], tuple[str, ...]]:
    """Claims an unlinked number agrees with (`agrees`: the verdict's test) although no word names their metric
    ("intracranial hemorrhage was less frequent with apixaban than with warfarin (0.33% vs 0.80%)" beside
    claims of the two arms' bleeding): of the number's unit kind, with every entity they are about named in the
    number's sentence, not superseded, and nothing else of `fit_claim` against them. A claim about its subject
    alone shares too little with a sentence that names it: only its very value, and no share, agrees with it.
    The verdict takes a number that agrees with one as supported, and leaves one that agrees with none
    unsupported (no contradiction is read from a guessed metric). Also the ids of every claim whose value or
    supersession this looked at (`NumberVerdict.read`: a re-audit needs them)."""
    kind = quantity_kind(nc)
    if kind is None:
        return (), ()
    q = nc.quantity
    plain = kind != "share" and q.comparator is None and not q.hedged and q.low == q.high and q.unit is not None
    by_kind = index.by_kind_subject
    found: list[Claim] = []
    looked: list[str] = []
    with_cue: dict[str, NumberClaim] = {}  # the number with a weak cue of a metric, by metric
    for e, near in nc.entities.items():
        if near.level < SENTENCE:
            continue
        for c in by_kind.get((kind, e), ()):
            if any((n := nc.entities.get(x)) is None or n.level < SENTENCE for x in c.about):
                continue
            looked.append(c.id)  # (its value and supersession are read from here on)
            if c.superseded_by or not agrees(nc, c) or len(c.about) < 2 and not (
                    plain and c.low == c.high and abs(convert(q.low, q.unit, c.unit) - c.low) <= 1e-9 * max(1.0, c.low)):
                continue
            guessed = with_cue.get(c.metric)
            if guessed is None:
                guessed = with_cue[c.metric] = replace(nc, cues=nc.cues + (Cue(c.metric, False, SENTENCE, FAR),))
            fit = fit_claim(guessed, c, specs, index.subjects.get(c.metric, frozenset()),
                            index.trials.get(c.id, frozenset()), index.arm_drugs.get(c.id, frozenset()),
                            index.populations.get(c.id, frozenset()), index.objects.get(c.about[0], ()))
            if isinstance(fit, Candidate):
                found.append(c)
    return tuple(dict.fromkeys(found)), tuple(dict.fromkeys(looked))


def _paired(series: Series, cands: list[Candidate], all_arms: frozenset[str] = frozenset()) \
        -> tuple[list[Candidate], bool]:
    """A number in a list parallel to arms ("56.5 vs. 40.8 months") speaks of the arm at its place; a
    number past the arms written ("A lowered it (8.6% vs. 13.9%)") speaks of an arm never named (True).
    So does a number at the place of a named arm that no candidate claim is about ("zelvirant and usual
    care: 20% vs 12%", where only usual care has a claim), and every number of a list in brackets after
    another number of the sentence when the candidate claims are about fewer arms than the list names: "a
    21% relative risk reduction with A over B (1.27% vs 1.60%)" gives each arm's own rate, while the one
    claim of the metric named (A's relative reduction) compares the arms; the numbers may agree with it,
    never contradict it."""
    firsts = {cand.entry.about[0] for cand in cands}
    arms = [e for e in series.order if e in firsts]
    if len(arms) == series.count:
        return [cand for cand in cands if cand.entry.about[0] == arms[series.index]], False
    placed = [e for e in series.order if e in all_arms or e in firsts]
    if len(arms) < series.count and len(placed) >= series.count and series.aside:
        return cands, True
    if len(placed) == series.count and placed[series.index] not in firsts:
        return cands, True  # the arm at this number's place has no claim of the metric
    if len(arms) < series.count and series.index >= len(arms):
        return cands, True
    return cands, False  # the arms are not written as a parallel list: leave it to the frame


_WHERE = {CLAUSE: "clause", SENTENCE: "sentence", PARAGRAPH: "paragraph", 1: "heading or lead"}


def link_reasons(nc: NumberClaim, c: Claim, registry: Registry) -> tuple[tuple[str, str, str], ...]:
    """Why number `nc` was linked to claim `c`: (what, the draft's words, where they are) for the metric,
    the subject, the time point and the trial, as `extract` and the JSON output show them."""
    out = []
    cues = [cue for cue in nc.cues if cue.metric == c.metric]
    if cues:
        cue = max(cues, key=lambda k: (k.strong, k.level, -k.distance))
        out.append(("metric", cue.words or c.metric, _WHERE.get(cue.level, "paragraph")))
    else:
        out.append(("metric", f"none written; its unit ({nc.quantity.unit or 'a bare number'}) and subject",
                    "implied"))
    first = nc.entities.get(c.about[0]) if c.about else None
    if first is not None:
        entity = registry.entities.get(c.about[0])
        out.append(("subject", first.words or (entity.name if entity else c.about[0]),
                    _WHERE.get(first.level, "heading or lead")))
    if nc.time_point_words:
        out.append(("time point", nc.time_point_words, "sentence"))
    trials = [t for t in nc.trials if t == c.trial] or ([c.trial] if c.trial else [])
    for t in trials:
        near = nc.trials.get(t)
        trial = registry.trials.get(t)
        if near is not None:
            out.append(("trial", near.words or (trial.name if trial else t), _WHERE.get(near.level, "paragraph")))
    return tuple(out)
