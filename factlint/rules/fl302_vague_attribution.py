"""FL302 vague-attribution: a statement attributed to "studies", "experts" or "research" with no citation."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from ..source import BlockKind
from .base import Rule

if TYPE_CHECKING:
    from ..knowledge import Context


def check(ctx: Context) -> Iterator[Finding]:
    from ..attribution import NOUN_WHO, names_body

    for a in ctx.facts.attributions:
        if a.cited or ctx.facts.blocks[a.block].kind is BlockKind.HEADING:
            continue  # a headline ("Study shows ...") announces what the article's body sources
        text = ctx.facts.blocks[a.block].text
        phrase = " ".join(text[a.start:a.end].split())
        phrase = phrase[0].upper() + phrase[1:]
        if names_body(phrase, a.noun):
            # "Statistical data from the National Cancer Institute shows": the body is named; what is
            # missing is the citation, not a name.
            message = (f'"{phrase}" names a source but no citation in the sentence; cite the study, report '
                       "or page (a link, footnote, reference, DOI or PMID)")
        else:
            message = (f'"{phrase}" attributes this to {NOUN_WHO[a.noun]} with no citation in the sentence; '
                       "name and cite the source")
        yield Finding(code="FL302", block=a.block, start=a.start, end=a.end, registry_id=None, message=message)


RULE = Rule(
    "FL302", "vague-attribution", Severity.INFO,
    "A statement attributed to a vague source ('studies show', 'research has shown', 'experts say', "
    "'according to a recent survey', 'statistical data from X shows') with no citation in the sentence.",
    "'Studies show' tells a reader nothing they can check. Naming an organisation or a journal is not a "
    "citation; a link, a footnote, a bracketed reference [3], an author-year (Shaw et al., 2013), a DOI "
    "or a PMID in the same sentence is. Agentless passives ('has been found to') and negated "
    "attributions ('studies don't show') are not flagged.",
    "Studies show that walking after meals lowers blood sugar.",
    "Studies show that walking after meals lowers blood sugar (Reynolds et al., 2016).",
    "Name the study, survey or expert body and cite it in the sentence.",
    verdict="vague",
    label="vague source",
    check=check,
)
