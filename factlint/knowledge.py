"""What rules read: `Knowledge` of one registry (built once per Linter) and the `Context` of one draft.

A rule's check is a pure function of a Context: the draft's facts (factlint.facts), the registry, and the
verdicts of its numbers, computed once however many rules and views ask for them.
"""
from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .facts import DocumentFacts
    from .linking import ClaimIndex
    from .metrics import MetricSpec
    from .registry.model import Registry
    from .verdicts import NumberVerdict


class Knowledge:
    """What the rules know about one registry, built once per Linter and on first use."""

    def __init__(self, registry: "Registry") -> None:
        self.registry = registry

    @cached_property
    def specs(self) -> "dict[str, MetricSpec]":
        from .metrics import metric_specs

        return metric_specs(self.registry)

    @cached_property
    def claim_index(self) -> "ClaimIndex":
        from .linking import claims_by_metric

        return claims_by_metric(self.registry)

    @cached_property
    def speller(self):
        from .spelling import DrugSpeller

        return DrugSpeller(self.registry)

    @cached_property
    def entities_of_name(self) -> dict[str, tuple[str, ...]]:
        """lowercase name or alias -> the entities it names."""
        out: dict[str, list[str]] = {}
        for e in self.registry.entities.values():
            for n in e.names:
                out.setdefault(n.lower(), []).append(e.id)
        return {k: tuple(sorted(set(v))) for k, v in out.items()}

    @cached_property
    def vocabulary_digest(self) -> str:
        """Of the words the pipeline looks for (factlint.vocabulary): what stored analyses are valid for."""
        from .vocabulary import vocabulary_digest

        return vocabulary_digest(self.registry)

    @cached_property
    def known_classes(self) -> frozenset[str]:
        from .drugclasses import known_classes

        return known_classes(self.registry)

    @cached_property
    def drugs_not_for(self) -> frozenset[str]:
        """The registry's drugs with a `not_for` statement (FL203 reads only the blocks naming one)."""
        return frozenset(d.id for d in self.registry.drugs.values() if d.not_for)


class Context:
    """What a rule reads about one draft: its facts, the registry, and the verdicts of its numbers
    (computed once, for every rule and view that asks)."""

    def __init__(self, facts: "DocumentFacts", knowledge: Knowledge,
                 misspellings: "dict[int, list[tuple[int, int, str]]] | None" = None) -> None:
        self.facts = facts
        self.knowledge = knowledge
        self.registry = knowledge.registry
        self._misspellings = misspellings if misspellings is not None else {}

    def misspellings(self, block: int) -> "list[tuple[int, int, str]]":
        """(start, end, registry name) of each misspelt drug name of a block (computed once per block)."""
        found = self._misspellings.get(block)
        if found is None:
            found = self._misspellings[block] = self.knowledge.speller.misspellings(self.facts.blocks[block].text)
        return found

    @cached_property
    def verdicts(self) -> "tuple[NumberVerdict, ...]":
        from .verdicts import number_verdict

        return tuple(number_verdict(nc, self.knowledge) for nc in self.facts.numbers if nc.quantity.is_claim)

    def verdicts_of(self, verdict: str) -> "list[NumberVerdict]":
        """The numbers found to be `verdict` ("contradicted", "unsupported"...)."""
        return [v for v in self.verdicts if v.verdict == verdict]
