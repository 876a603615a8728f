"""From processed blocks to `NumberClaim` values: each number with what is written near it.

"Near" follows spec/registry.md: the number's clause, then its sentence, then its paragraph (a table row's
table), then the headings above. This is the last module that touches spaCy objects; what it returns
is plain frozen data for the linker and the rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Sequence

from .nlp import lexicon as lx
from .nlp.pipeline import QUANTITIES, TERMS
from .nlp.quantities import Quantity
from .source import BlockKind, TextBlock

CLAUSE, SENTENCE, PARAGRAPH, HEADING = 4, 3, 2, 1
LEVEL_NAMES = {CLAUSE: "clause", SENTENCE: "sentence", PARAGRAPH: "paragraph", HEADING: "heading"}
FAR = 10_000

_CITATION = re.compile(
    r"\[\^?\w{0,20}\d+\w*(?:\s*[,;–-]\s*\d+)*\]"  # [3], [^2], [1, 4], [12-14]
    r"|\((?:[^()]*?[A-Z][A-Za-z'’-]+(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][A-Za-z'’-]+)?,?\s+(?:19|20)\d{2}[a-z]?)"
    r"(?:\s*[;,]\s*[^()]*?(?:19|20)\d{2}[a-z]?)*\)"  # (Shaw et al., 2013), (Smith 2019; Lee 2020)
    r"|\bdoi:\s*10\.\d{4,9}/\S+|\b10\.\d{4,9}/\S+"  # DOI
    r"|\bPMID:?\s*\d{5,9}|\bPMCID:?\s*PMC\d+|\bPMC\d{5,}"  # PubMed ids
    r"|https?://\S+",
)


@dataclass(frozen=True, slots=True)
class Near:
    level: int  # CLAUSE, SENTENCE, PARAGRAPH or HEADING
    distance: int  # tokens between the number and the mention; FAR outside the number's block


@dataclass(frozen=True, slots=True)
class Cue:
    metric: str
    strong: bool
    level: int
    distance: int


@dataclass(frozen=True, slots=True)
class Subgroup:
    phrase: str
    entities: frozenset[str]  # registry entities whose mention overlaps the phrase ("stage 4" is distant-stage)


@dataclass(frozen=True)
class NumberClaim:
    quantity: Quantity
    block: int  # index of the block in its document
    sentence: tuple[int, int]  # block char offsets
    entities: Mapping[str, Near] = field(default_factory=dict)
    drugs: Mapping[str, Near] = field(default_factory=dict)
    trials: Mapping[str, Near] = field(default_factory=dict)
    cues: tuple[Cue, ...] = ()
    phrases: Mapping[str, int] = field(default_factory=dict)  # `when`/`unless` phrase -> best level
    subgroups: tuple[Subgroup, ...] = ()
    negated: bool = False
    hypothetical: bool = False
    cited: bool = False


@dataclass(frozen=True, slots=True)
class _Term:
    key: str
    kind: str  # entity | drug | brand | trial | cue | phrase | subgroup
    start: int  # token indices in its block
    end: int
    block: int


def _terms_of(doc, block: int) -> list[_Term]:
    """The block's term matches, without those inside a longer match of the same kind: "survival" in
    "progression-free survival" is not also a cue of overall survival."""
    terms = [(span.start, span.end, span.label_) for span in doc.spans.get(TERMS, ())]
    out = []
    for s, e, key in terms:
        kind = key.split(":", 1)[0]
        if any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) and k2.split(":", 1)[0] == kind for s2, e2, k2 in terms):
            continue
        out.append(_Term(key, kind, s, e, block))
    return out


def _clause_ids(doc, quantities: Sequence[Quantity]) -> list[int]:
    """A clause number for every token; clauses end at commas, brackets and contrast words."""
    inside = set()
    for q in quantities:
        inside.update(range(q.tok_start, q.tok_end))
    ids, cid = [], 0
    for tok in doc:
        if tok.i not in inside and (tok.text in lx.CLAUSE_PUNCT or tok.lower_ in lx.CLAUSE_WORDS):
            cid += 1
        ids.append(cid)
    return ids


def heading_chains(blocks: Sequence[TextBlock]) -> list[tuple[int, ...]]:
    """For each block, the indices of the headings above it (outermost first)."""
    chains, stack = [], []  # stack of (level, index)
    for i, b in enumerate(blocks):
        chains.append(tuple(idx for _, idx in stack))
        if b.kind is BlockKind.HEADING:
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            stack.append((b.level, i))
    return chains


def build_claims(blocks: Sequence[TextBlock], docs: Sequence) -> list[NumberClaim]:
    """Every number of a document (all roles) with its context, in block order."""
    chains = heading_chains(blocks)
    terms = [_terms_of(d, i) for i, d in enumerate(docs)]
    groups: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.group >= 0:
            groups.setdefault(b.group, []).append(i)
    out: list[NumberClaim] = []
    for bi, doc in enumerate(docs):
        quantities: list[Quantity] = doc.user_data.get(QUANTITIES) or []
        if not quantities:
            continue
        block = blocks[bi]
        paragraph = [t for j in groups.get(block.group, [bi]) if j != bi for t in terms[j]]
        headings = [t for h in chains[bi] for t in terms[h]]
        clause = _clause_ids(doc, quantities)
        sents = [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
        for q in quantities:
            out.append(_claim_for(q, bi, block, doc, terms[bi], paragraph, headings, clause, sents))
    return out


def _claim_for(q: Quantity, bi: int, block: TextBlock, doc, own: list[_Term], paragraph: list[_Term],
               headings: list[_Term], clause: list[int], sents) -> NumberClaim:
    s_start, s_end, c_start, c_end = next(
        (s for s in sents if s[0] <= q.tok_start < s[1]), (0, len(doc), 0, len(doc.text)))
    qc = clause[q.tok_start]
    # The sentence's opening clause ("In never-smokers, ...") qualifies the whole sentence.
    opening = clause[s_start] if s_start < len(doc) and doc[s_start].lower_ in ("in", "among", "for", "of", "within") \
        else None

    best: dict[str, dict[str, Near]] = {"entity": {}, "drug": {}, "trial": {}}
    phrases: dict[str, int] = {}
    cues: list[Cue] = []
    para_cues: list[Cue] = []
    subgroup_spans: list[tuple[str, int, int]] = []
    entity_spans: list[tuple[str, int, int]] = []

    def note(kind: str, ident: str, near: Near) -> None:
        cur = best[kind].get(ident)
        if cur is None or (near.level, -near.distance) > (cur.level, -cur.distance):
            best[kind][ident] = near

    for t in own:
        if t.start < q.tok_end and q.tok_start < t.end:
            continue  # part of the number itself
        in_sentence = s_start <= t.start < s_end
        if in_sentence:
            level = CLAUSE if clause[t.start] == qc else SENTENCE
            distance = q.tok_start - t.end if t.end <= q.tok_start else t.start - q.tok_end
        else:
            level, distance = PARAGRAPH, FAR
        _, ident = t.key.split(":", 1)
        if t.kind in ("entity", "drug", "trial"):
            note(t.kind, ident, Near(level, distance))
            if t.kind == "entity" and in_sentence:
                entity_spans.append((ident, t.start, t.end))
        elif t.kind == "cue":
            metric, strength = ident.rsplit(":", 1)
            (cues if in_sentence else para_cues).append(Cue(metric, strength == "strong", level, distance))
        elif t.kind == "phrase":
            phrases[ident] = max(phrases.get(ident, 0), SENTENCE if in_sentence else PARAGRAPH)
        elif t.kind == "subgroup" and in_sentence and (clause[t.start] == qc or clause[t.start] == opening):
            subgroup_spans.append((ident, t.start, t.end))
    for level, group in ((PARAGRAPH, paragraph), (HEADING, headings)):
        for t in group:
            _, ident = t.key.split(":", 1)
            if t.kind in ("entity", "drug", "trial"):
                note(t.kind, ident, Near(level, FAR))
            elif t.kind == "phrase" and level == PARAGRAPH:
                phrases[ident] = max(phrases.get(ident, 0), PARAGRAPH)
            elif t.kind == "cue" and level == PARAGRAPH:
                metric, strength = ident.rsplit(":", 1)
                para_cues.append(Cue(metric, strength == "strong", PARAGRAPH, FAR))
    # A table row or a short line borrows the metric of its table or paragraph ("1 year 80%").
    if not cues and (block.kind is BlockKind.TABLE_ROW or s_end - s_start <= 8):
        cues = [Cue(c.metric, c.strong, PARAGRAPH, FAR) for c in para_cues]
    subgroups = tuple(
        Subgroup(p, frozenset(e for e, es, ee in entity_spans if es < end and start < ee))
        for p, start, end in subgroup_spans
    )
    negated = _negated(doc, q, clause, qc, subgroup_spans)
    hypothetical = any(doc[k].lower_ in lx.HYPOTHETICALS for k in range(s_start, q.tok_start))
    sentence_text = doc.text[c_start:c_end]
    cited = bool(_CITATION.search(sentence_text)) or any(
        m.start < c_end and c_start < m.end for m in block.marks)
    return NumberClaim(
        quantity=q, block=bi, sentence=(c_start, c_end),
        entities=MappingProxyType(best["entity"]), drugs=MappingProxyType(best["drug"]),
        trials=MappingProxyType(best["trial"]), cues=tuple(cues), phrases=MappingProxyType(phrases),
        subgroups=subgroups, negated=negated, hypothetical=hypothetical, cited=cited,
    )


def _negated(doc, q: Quantity, clause: list[int], qc: int, subgroup_spans) -> bool:
    """A negation in the number's clause before it, outside population phrases ("who did not receive")
    and outside the number's own comparator ("no more than")."""
    k = q.tok_start - 1
    while k >= 0 and clause[k] == qc:
        tok = doc[k]
        if tok.lower_ in lx.NEGATIONS and tok.idx < q.phrase_start and \
                not any(s <= k < e for _, s, e in subgroup_spans):
            return True
        k -= 1
    return False
