"""Linking and judging on facts built by hand: no spaCy, no reader, only the values the rules read.

The registry and sentences here are our own (kidney disease and an imaginary drug), not the eval sets'.
"""
from __future__ import annotations

from types import MappingProxyType

import pytest

from factlint.facts import CLAUSE, HEADING, PARAGRAPH, SENTENCE, Cue, DocumentFacts, Near, NumberClaim, Subgroup
from factlint.knowledge import Context, Knowledge
from factlint.linking import link
from factlint.nlp.quantities import Quantity
from factlint.registry.model import Claim, Entity, Registry, Source
from factlint.rules import BY_CODE
from factlint.verdicts import CONSISTENT, CONTRADICTED, OUTDATED, consistent, draft_interval, number_verdict

SOURCE = Source("kdigo-2024", "Stevens PE, Ahmed SB, Carrero JJ, et al. KDIGO 2024 guideline. Kidney Int 2024;105:S117")
REGISTRY = Registry(
    sources={SOURCE.id: SOURCE},
    entities={"ckd": Entity("ckd", "chronic kidney disease", ("CKD",)),
              "dialysis": Entity("dialysis", "dialysis")},
    claims={
        "ckd-median-survival": Claim("ckd-median-survival", "Median survival on dialysis is 81 months.",
                                     ("dialysis", "ckd"), "median-os", 81, 81, "months", source=SOURCE.id),
        "ckd-prevalence": Claim("ckd-prevalence", "About 14% of adults have chronic kidney disease.",
                                ("ckd",), "prevalence", 14, 14, "percent", source=SOURCE.id),
        "ckd-prevalence-2015": Claim("ckd-prevalence-2015", "In 2015, 15% of adults had chronic kidney disease.",
                                     ("ckd",), "prevalence", 15, 15, "percent", source=SOURCE.id,
                                     superseded_by="ckd-prevalence"),
    },
)


def q(low, high=None, unit="percent", **kw) -> Quantity:
    high = low if high is None else high
    text = f"{low:g}" + (f"-{high:g}" if high != low else "") + (" " + unit if unit else "")
    kw.setdefault("rounding", 0.5)
    kw.setdefault("form", "range" if high != low else "number")
    return Quantity(10, 10 + len(text), text, low, high, unit, **kw)


def number(quantity: Quantity, metric: str, *entities: str, strong=True, level=CLAUSE, **kw) -> NumberClaim:
    return NumberClaim(
        quantity=quantity, block=0, sentence=(0, 80),
        entities=MappingProxyType({e: Near(level, 5) for e in entities}),
        cues=(Cue(metric, strong, level, 3),), **kw)


def claim(claim_id: str) -> Claim:
    return REGISTRY.claims[claim_id]


def findings(*numbers: NumberClaim) -> list:
    ctx = Context(DocumentFacts("d.md", (), numbers), Knowledge(REGISTRY))
    return sorted(((f.code, f.registry_id) for r in ("FL101", "FL102", "FL103") for f in BY_CODE[r].check(ctx)))


# ---- the interval a draft's number stands for -----------------------------------------------------------
def test_rounding_hedge_and_comparators():
    c = claim("ckd-prevalence")
    assert draft_interval(number(q(14), "prevalence", "ckd"), c) == (13.5, 14.5, False, False)
    lo, hi, _, _ = draft_interval(number(q(45, hedged=True), "prevalence", "ckd"), c)
    assert (lo, hi) == pytest.approx((40.5, 49.5))  # "about 45%": 10% either way, more than its rounding
    assert draft_interval(number(q(70, comparator=">"), "prevalence", "ckd"), c)[1:] == (float("inf"), True, False)


@pytest.mark.parametrize("quantity, agrees", [
    (q(14), True), (q(15), False), (q(13, hedged=True), True),  # 13 +- 10% reaches 14.3
    (q(10, comparator=">"), True), (q(20, comparator=">"), False),
    (q(16, comparator="<"), True), (q(13.6, 14.4), True),
    (q(12, 16), False),  # a range whose ends lie outside the claim by more than its rounding
])
def test_consistent_with_a_share(quantity, agrees):
    assert consistent(number(quantity, "prevalence", "ckd"), claim("ckd-prevalence")) is agrees


def test_units_convert_with_the_drafts_own_rounding():
    survival = claim("ckd-median-survival")
    assert consistent(number(q(7, unit="years"), "median-os", "dialysis", "ckd"), survival)  # 78-90 months
    assert not consistent(number(q(5, unit="years"), "median-os", "dialysis", "ckd"), survival)


# ---- linking --------------------------------------------------------------------------------------------
def test_link_needs_the_first_entity_and_a_metric():
    nc = number(q(5, unit="years"), "median-os", "dialysis", "ckd")
    assert [c.id for c in link(nc, REGISTRY, Knowledge(REGISTRY).specs).entries] == ["ckd-median-survival"]
    assert link(number(q(5, unit="years"), "median-os", "ckd"), REGISTRY, Knowledge(REGISTRY).specs) is None


def test_a_narrower_population_is_not_linked():
    nc = number(q(30), "prevalence", "ckd", subgroups=(Subgroup("over 65", frozenset()),))
    assert link(nc, REGISTRY, Knowledge(REGISTRY).specs) is None


def test_weak_cue_needs_every_entity_in_the_sentence():
    near = number(q(30), "prevalence", "ckd", strong=False, level=SENTENCE)
    far = NumberClaim(q(30), 0, (0, 80), MappingProxyType({"ckd": Near(HEADING, 10_000)}),
                      cues=(Cue("prevalence", False, SENTENCE, 3),))
    specs = Knowledge(REGISTRY).specs
    assert link(near, REGISTRY, specs) is not None
    assert link(far, REGISTRY, specs) is None
    assert PARAGRAPH > HEADING  # levels compare: nearer is larger


# ---- verdicts and the number rules ---------------------------------------------------------------------
def test_contradicted_outdated_and_supported():
    knowledge = Knowledge(REGISTRY)
    assert number_verdict(number(q(14), "prevalence", "ckd"), knowledge).verdict == CONSISTENT
    assert number_verdict(number(q(15), "prevalence", "ckd"), knowledge).verdict == OUTDATED
    assert number_verdict(number(q(40), "prevalence", "ckd"), knowledge).verdict == CONTRADICTED
    assert findings(number(q(15), "prevalence", "ckd")) == [("FL103", "ckd-prevalence-2015")]
    assert findings(number(q(40), "prevalence", "ckd")) == [("FL101", "ckd-prevalence")]
    assert findings(number(q(14), "prevalence", "ckd")) == []


def test_fl101_message_converts_and_cites():
    ctx = Context(DocumentFacts("d.md", (), (number(q(5, unit="years"), "median-os", "dialysis", "ckd"),)),
                  Knowledge(REGISTRY))
    (f,) = BY_CODE["FL101"].check(ctx)
    assert f.message == ('"5 years" (60 months) contradicts the registry: Median survival on dialysis is 81 months '
                         "(Stevens et al. 2024)")
    assert (f.registry_id, f.source_url, f.claim.metric, f.claim.entities) == (
        "ckd-median-survival", None, "median-os", ("dialysis", "ckd"))


def test_not_asserted_numbers_are_not_judged():
    assert findings(number(q(40), "prevalence", "ckd", negated=True)) == []
    assert findings(number(q(40), "prevalence", "ckd", hypothetical=True)) == []


def test_unlinked_statistic_needs_a_citation():
    bare = number(q(23), "prevalence")  # no entity: nothing to link to
    assert findings(bare) == [("FL102", None)]
    assert findings(number(q(23), "prevalence", cited=True)) == []
    assert findings(number(q(3, unit=None), "prevalence")) == []  # a bare number is no statistic
