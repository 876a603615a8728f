"""The claims registry as immutable values (format 1, see spec/registry.md).

Every entry remembers where it was written (`Origin`), so registry problems and findings can point into
the YAML. `Registry` holds the entries by id and nothing else; indexes for matching text live in the NLP
pipeline, which is built from a registry once per run.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True, slots=True)
class Origin:
    path: str
    line: int  # 1-based

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    citation: str
    url: str | None = None
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    origin: Origin | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Metric:
    id: str
    name: str
    cues: tuple[str, ...] = ()
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class NotFor:
    about: tuple[str, ...]
    statement: str
    source: str
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class Drug:
    id: str
    name: str
    brands: tuple[str, ...] = ()
    drug_class: str | None = None  # `class` in YAML
    indicated_for: tuple[str, ...] = ()
    not_for: tuple[NotFor, ...] = ()
    source: str | None = None
    origin: Origin | None = None
    reviewed: str | None = None  # YYYY-MM-DD: when a person last checked it against its source


@dataclass(frozen=True, slots=True)
class Trial:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    drug: str | None = None
    comparator: str | None = None  # a drug id or free text ("chemotherapy")
    setting: str | None = None
    source: str | None = None
    origin: Origin | None = None
    reviewed: str | None = None  # YYYY-MM-DD

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    statement: str
    about: tuple[str, ...]  # entity ids; the first must be mentioned near a number
    metric: str
    low: float
    high: float
    unit: str
    tolerance: float | None = None  # absolute, in `unit`; None: the draft's own rounding
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    drug: str | None = None
    trial: str | None = None
    source: str | None = None
    as_of: str | None = None
    superseded_by: str | None = None
    origin: Origin | None = None
    reviewed: str | None = None  # YYYY-MM-DD: when a person last checked the value against its source


def _frozen(items: dict) -> Mapping:
    return MappingProxyType(dict(items))


@dataclass(frozen=True)
class Registry:
    """All entries of a registry (one file or a folder of them), by id, in file order."""

    sources: Mapping[str, Source] = field(default_factory=dict)
    entities: Mapping[str, Entity] = field(default_factory=dict)
    metrics: Mapping[str, Metric] = field(default_factory=dict)  # registry-defined only; see nlp.metrics
    drugs: Mapping[str, Drug] = field(default_factory=dict)
    trials: Mapping[str, Trial] = field(default_factory=dict)
    claims: Mapping[str, Claim] = field(default_factory=dict)
    paths: tuple[str, ...] = ()
    digest: str = ""  # content hash of the files it was read from

    def __post_init__(self) -> None:
        for name in ("sources", "entities", "metrics", "drugs", "trials", "claims"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def __reduce__(self):
        # Pickled (a registry parsed in a child process reaches its parent so) as plain dicts: a mapping
        # proxy cannot be pickled.
        return Registry, (dict(self.sources), dict(self.entities), dict(self.metrics), dict(self.drugs),
                          dict(self.trials), dict(self.claims), self.paths, self.digest)

    def citation(self, source_id: str | None) -> str | None:
        if source_id is None:
            return None
        src = self.sources.get(source_id)
        return src.citation if src else source_id

    def source_url(self, source_id: str | None) -> str | None:
        src = self.sources.get(source_id) if source_id else None
        return src.url if src else None

    def entry(self, entry_id: str):
        """The claim, drug or trial with this id (what a finding's registry_id names), or None."""
        return self.claims.get(entry_id) or self.drugs.get(entry_id) or self.trials.get(entry_id)


def content_digest(chunks: list[bytes]) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(len(c).to_bytes(8, "little"))
        h.update(c)
    return h.hexdigest()
