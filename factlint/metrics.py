"""The built-in metric vocabulary: what a number measures, the phrases that say so, the unit kinds it takes.

A registry's `metrics:` section adds cues to these or defines new metrics. Cues are matched on lowercased
tokens. Strong cues name the metric ("response rate"); weak cues only suggest it ("have", "carry") and give
way to any strong cue in the same sentence.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .units import kind_of

if TYPE_CHECKING:
    from .registry.model import Registry


@dataclass(frozen=True, slots=True)
class MetricSpec:
    id: str
    name: str
    kinds: frozenset[str]  # unit kinds a number of this metric can have (see units.py)
    cues: tuple[str, ...]
    weak_cues: tuple[str, ...] = ()


BUILTIN_METRICS: dict[str, MetricSpec] = {
    m.id: m
    for m in [
        MetricSpec(
            "prevalence", "prevalence", frozenset({"share", "count"}),  # "6.7 million Americans have it" too
            ("prevalence", "prevalent", "frequency"),
            # Weak: they suggest a share of people with a feature, but "30% of patients with X have taken
            # part in trials" uses the same words; the linker then wants every entity in the sentence.
            ("proportion", "of all cases", "of cases", "of tumors", "of tumours", "share of", "have", "has", "had", "carry", "carries", "harbor", "harbors", "harbour", "harbours", "found in",
             "present in", "occur in", "occurs in", "seen in", "tested positive", "test positive", "positive for",
             "account for", "accounts for", "make up", "makes up", "comprise", "comprises", "affect", "affects",
             "develop", "develops", "diagnosed with", "living with", "live with", "lives with", "suffer from",
             "suffers from", "suffering from", "people with", "adults with", "americans with", "individuals with",
             "persons with"),
        ),
        MetricSpec(
            "incidence", "incidence", frozenset({"share", "count"}),
            ("incidence", "incidence rate", "new cases", "newly diagnosed", "risk of developing", "lifetime risk"),
        ),
        MetricSpec(
            "annual-cases", "new cases a year", frozenset({"count"}),
            ("new cases", "newly diagnosed", "diagnosed each year", "diagnosed every year", "diagnosed annually",
             "cases each year", "cases per year", "cases a year", "cases annually", "diagnoses each year",
             "each year", "every year", "per year", "a year", "annually"),
        ),
        MetricSpec(
            "median-os", "median overall survival", frozenset({"time"}),
            ("median overall survival", "median survival", "median os", "overall survival", "survival",
             "survive", "survived", "lived", "live for", "life expectancy"),
        ),
        MetricSpec(
            "median-pfs", "median progression-free survival", frozenset({"time"}),
            ("progression-free survival", "progression free survival", "median pfs", "pfs",
             "without progression", "without disease progression", "before the cancer grew",
             "before the cancer progressed", "disease control"),
        ),
        MetricSpec(
            "median-ttp", "median time to progression", frozenset({"time"}),
            ("time to progression", "time-to-progression", "median time to progression", "ttp",
             "time to tumor progression", "time to tumour progression"),
        ),
        MetricSpec(
            "orr", "objective response rate", frozenset({"share"}),
            ("response rate", "objective response rate", "overall response rate", "orr", "responded",
             "respond", "responses", "response", "tumor shrinkage", "tumour shrinkage", "tumors shrank",
             "tumours shrank"),
        ),
        MetricSpec(
            "dor", "median duration of response", frozenset({"time"}),
            ("duration of response", "median duration of response", "response duration", "dor",
             "responses lasted", "response lasted"),
        ),
        MetricSpec(
            "survival-rate", "survival rate", frozenset({"share"}),
            ("survival rate", "survival rates", "relative survival", "overall survival", "survival", "alive",
             "survive", "survived", "still living", "live"),
        ),
        MetricSpec(
            "hazard-ratio", "hazard ratio", frozenset({"ratio"}),
            ("hazard ratio", "hr", "hazard ratios"),
        ),
        MetricSpec(
            "median-age", "median age", frozenset({"time"}),
            ("median age", "average age", "mean age", "age at diagnosis", "aged", "age of"),
        ),
        MetricSpec(
            "cost", "cost", frozenset({"money"}),
            ("cost", "costs", "price", "prices", "priced", "list price", "spend", "spent", "pay", "paid",
             "charge", "charges", "expense", "expenses", "exceed", "bill"),
        ),
        MetricSpec(
            "dose", "dose", frozenset({"mass", "mass-per-day", "mass-per-weight", "mass-per-area", "units"}),
            ("dose", "doses", "dosage", "dosing", "recommended dose", "starting dose", "taken", "take",
             "takes", "given", "started at", "prescribed"),
        ),
    ]
}


def metric_specs(registry: "Registry") -> dict[str, MetricSpec]:
    """The built-in metrics merged with a registry's `metrics:` and the metrics its claims use."""
    specs = dict(BUILTIN_METRICS)
    kinds_used: dict[str, set[str]] = {}
    for c in registry.claims.values():
        k = kind_of(c.unit)
        if k:
            kinds_used.setdefault(c.metric, set()).add(k)
    for m in registry.metrics.values():
        base = specs.get(m.id)
        cues = tuple(dict.fromkeys((*(base.cues if base else ()), *m.cues, m.name)))
        kinds = base.kinds if base else frozenset(kinds_used.get(m.id, ()))
        specs[m.id] = MetricSpec(m.id, m.name or (base.name if base else m.id), kinds, cues,
                                 base.weak_cues if base else ())
    for metric, kinds in kinds_used.items():
        if metric not in specs:
            specs[metric] = MetricSpec(metric, metric.replace("-", " "), frozenset(kinds), (metric.replace("-", " "),))
    return specs
