"""FL201 misspelled-drug: a word one edit or so from exactly one registry drug, and no real drug itself."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Edit, Finding, Fix, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..knowledge import Context


def check(ctx: Context) -> Iterator[Finding]:
    from ..registry.describe import short_citation
    speller = ctx.knowledge.speller
    registry = ctx.registry
    for block in ctx.facts.blocks:
        matched = None
        for start, end, name in ctx.misspellings(block.index):
            if matched is None:
                matched = [(d.start, d.end) for d in block.drugs]  # brands are drug mentions too
            if any(ds <= start and end <= de for ds, de in matched):
                continue  # a known name, or a word of one ("Engerix" in "Engerix-B")
            word = block.text[start:end]
            drug = registry.drugs[speller.names[name]]
            proper = next((b for b in drug.brands if b.lower() == name), drug.name)
            what = proper if proper == drug.name else f"{proper} ({drug.name})"
            cite = short_citation(registry.citation(drug.source))
            msg = f"\"{word}\" is not a known drug name; did you mean {what}?" + (f" ({cite})" if cite else "")
            replacement = _same_case(word, proper)
            fix = Fix(f"Replace with {replacement}", (Edit(start, end, replacement),))
            yield Finding("FL201", block.index, start, end, msg, drug.id, registry.citation(drug.source),
                          registry.source_url(drug.source), fix=fix)


def _same_case(written: str, name: str) -> str:
    """The registry's spelling, capitalised as the draft wrote the word ("Crizotinab" -> "Crizotinib")."""
    if written.isupper() and len(written) > 1:
        return name.upper()
    if written[:1].isupper() and name[:1].islower():
        return name[:1].upper() + name[1:]
    return name


RULE = Rule(
    "FL201", "misspelled-drug", Severity.ERROR,
    "A word that is not a known drug but is one edit or so from exactly one registry drug ('loratinib' "
    "for lorlatinib); the message suggests the name.",
    "A misspelt drug name cannot be looked up and may be read as another medicine. Real drugs are never "
    "'corrected': a word in factlint's offline list of about 80,000 generic and brand names (loratadine, "
    "say) or a common English word is left alone, and a word equally close to two drugs says nothing.",
    "Ask your doctor whether crizotinab is right for you.",
    "Loratadine is an antihistamine, not a cancer drug.",
    "Fix the spelling (the message gives the registry's spelling; `--fix` applies it).",
    verdict="drug-problem",
    label="misspelled drug name",
    check=check,
)
