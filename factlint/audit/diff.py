"""What changed between two registries, and which drafts each change can touch.

Entries are compared by id with what a reader of a finding would see: a claim's value, unit, tolerance,
entities, conditions, trial, drug, `superseded_by` and its source's citation and URL; a drug's names,
class, indications and not-for statements; a trial's names, drug and comparator; an entity's names; a
metric's cues (each claim of that metric changes with them). Where each entry was written is not compared.

A change names index keys ("entity:ID", "drug:ID", "trial:ID", "claim:ID"): a draft whose index (what it
mentioned when it was audited, and the claims its numbers were judged against) holds one of them is linted
again. For a claim that is its subject (the first of `about`, which the linker requires a draft to
mention), its drug and its trial. A claim whose value, tolerance, source, date or supersession alone changed
links to the same numbers as before (linking never reads them; verdicts.NumberVerdict.read), so only the
drafts judged against it change, and those judged against a claim it supersedes (their FL103 quotes it).
A name the new registry adds (an alias, a brand) can match drafts that mentioned nothing before, so such
names are also looked for in the drafts' text.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Change:
    kind: str  # "claim" | "drug" | "trial" | "entity" | "metric" | "source"
    id: str
    what: str  # "added" | "removed" | "changed" | "superseded"
    detail: str  # for people: "value 28 -> 25 percent"
    keys: frozenset[str]  # index keys of the drafts it can touch
    names: tuple[str, ...] = ()  # names it adds, looked for in the drafts' text

    def describe(self) -> str:
        return f"{self.kind} {self.id} {self.what}" + (f": {self.detail}" if self.detail else "")


def _plain(entry, registry) -> dict:
    # where it was written and when it was last reviewed change no finding
    values = {f.name: getattr(entry, f.name) for f in fields(entry) if f.name not in ("origin", "reviewed")}
    source = values.get("source")
    if source is not None:  # the citation a finding shows, not only the source's id
        values["source"] = (source, registry.citation(source), registry.source_url(source))
    if "not_for" in values:
        values["not_for"] = tuple(replace(n, origin=None) for n in values["not_for"])
    return values


# What a claim's judgement reads and its linking does not (fit_claim and claims_by_metric read its entities,
# metric, unit, conditions, drug, trial and statement).
_JUDGED_ONLY = frozenset({"low", "high", "tolerance", "source", "as_of", "superseded_by"})


def _predecessors(claim_id: str, registries) -> set[str]:
    """The claims superseded, directly or through others, by `claim_id` in any of the registries."""
    found: set[str] = set()
    todo = [claim_id]
    while todo:
        at = todo.pop()
        for reg in registries:
            for c in reg.claims.values():
                if c.superseded_by == at and c.id not in found:
                    found.add(c.id)
                    todo.append(c.id)
    return found


def _claim_keys(c) -> set[str]:
    # A claim is judged against a number only when its first entity (its subject) is mentioned in the
    # draft (factlint.linking.fit_claim), so drafts that never mention it cannot change.
    keys = {f"entity:{c.about[0]}", f"drug:{c.about[0]}"} if c.about else set()
    if c.drug:
        keys.add(f"drug:{c.drug}")
    if c.trial:
        keys.add(f"trial:{c.trial}")
    return keys


def _entry_keys(kind: str, entry) -> set[str]:
    if kind == "claim":
        return _claim_keys(entry)
    keys = {f"{kind}:{entry.id}"}
    if kind == "trial" and entry.drug:
        keys.add(f"drug:{entry.drug}")
    return keys


def _names(kind: str, entry) -> tuple[str, ...]:
    if kind == "drug":
        return (entry.name, *entry.brands)
    if kind in ("trial", "entity"):
        return tuple(entry.names)
    return ()


def _detail(kind: str, old: dict, new: dict) -> str:
    if kind == "claim" and (old["low"], old["high"], old["unit"]) != (new["low"], new["high"], new["unit"]):
        from ..registry.describe import value_text

        return (f"value {value_text(old['low'], old['high'], old['unit'])} -> "
                f"{value_text(new['low'], new['high'], new['unit'])}")
    changed = sorted(k for k in new if old.get(k) != new.get(k))
    return "changed " + ", ".join(changed)


def registry_changes(old, new) -> list[Change]:
    """The changes from registry `old` to registry `new` (factlint.registry.model.Registry), in id order."""
    out: list[Change] = []
    sections = (("claim", "claims"), ("drug", "drugs"), ("trial", "trials"), ("entity", "entities"),
                ("metric", "metrics"))
    for kind, attr in sections:
        a, b = getattr(old, attr), getattr(new, attr)
        for entry_id in sorted(set(a) | set(b)):
            x, y = a.get(entry_id), b.get(entry_id)
            if x is not None and y is not None:
                px, py = _plain(x, old), _plain(y, new)
                if px == py:
                    continue
                if kind == "claim" and px["superseded_by"] != py["superseded_by"] and py["superseded_by"]:
                    what, detail = "superseded", f"superseded by {py['superseded_by']}"
                else:
                    what, detail = "changed", _detail(kind, px, py)
                added_names = tuple(n for n in _names(kind, y) if n not in _names(kind, x))
            elif y is not None:
                what, detail, added_names = "added", "", _names(kind, y)
            else:
                what, detail, added_names = "removed", "", ()
            entry = y if y is not None else x
            if kind == "claim" and x is not None and y is not None and \
                    {k for k in px if px[k] != py[k]} <= _JUDGED_ONLY:
                keys = {f"claim:{i}" for i in {entry_id} | _predecessors(entry_id, (old, new))}
            elif kind == "metric":
                keys = set().union(*(_claim_keys(c) for reg in (old, new) for c in reg.claims.values()
                                     if c.metric == entry_id))
            else:
                keys = _entry_keys(kind, entry) | (_entry_keys(kind, x) if x is not None else set())
            out.append(Change(kind, entry_id, what, detail, frozenset(keys), added_names))
    return out


def affected(changes: list[Change], index: dict[str, list[str]], texts=None) -> dict[str, list[str]]:
    """Change description -> the drafts it can touch: those whose index names one of its keys, and (with
    `texts`, an iterable of (name, text)) those whose text holds a name the change adds."""
    by_key: dict[str, set[str]] = {}
    for doc, keys in index.items():
        for k in keys:
            by_key.setdefault(k, set()).add(doc)
    out: dict[str, set[str]] = {c.describe(): set() for c in changes}
    for c in changes:
        for k in c.keys:
            out[c.describe()] |= by_key.get(k, set())
    named = [(c.describe(), [n.casefold() for n in c.names]) for c in changes if c.names]
    if named and texts is not None:
        for doc, text in texts:
            folded = text.casefold()
            for what, names in named:
                if any(n in folded for n in names):
                    out[what].add(doc)
    return {what: sorted(docs) for what, docs in out.items()}
