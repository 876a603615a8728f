"""What a Dask worker runs: one partition of an archive linted exactly as `factlint check` lints files.

The pipeline is built once per worker process (a `Project` per audit spec, kept in this module) and reused
by every partition the worker is given. A partition's result is plain data (strings and lists), so it
travels between processes cheaply: per document, its findings as the JSON lines of `--format json-lines`,
the registry entries it mentions (the index a later `--changed-claims` audit reads), or why it could not
be read.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass

_PROJECTS: dict = {}  # AuditSpec -> Project: the pipeline of this worker process


@dataclass(frozen=True)
class AuditSpec:
    """What every worker needs to lint as the command line would (hashable: it keys the worker's cache)."""

    cwd: str  # relative paths (of drafts, configurations) are read from here
    registry: tuple[str, ...] = ()  # --registry, absolute; empty: each draft's configuration decides
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    config: str | None = None


@dataclass(frozen=True)
class DocResult:
    path: str
    # The findings, in order: [sort key, registry id, severity, the line `check --format json-lines` prints],
    # so the client orders and counts them without parsing JSON (on 2 cores it shares them with the workers).
    lines: tuple[list, ...]
    keys: tuple[str, ...]  # "entity:ID", "drug:ID", "trial:ID" the draft mentions
    error: str | None = None
    analyses: bytes | None = None  # what the pipeline found in it (factlint.analyses), to judge it again
    judged_from_analyses: bool = False  # judged from stored analyses, without the pipeline


def project_for(spec: AuditSpec):
    project = _PROJECTS.get(spec)
    if project is None:
        from ..project import Project
        from ..settings import Options

        project = _PROJECTS[spec] = Project(Options(registry=spec.registry, select=spec.select,
                                                    ignore=spec.ignore, config=spec.config, cache=False))
    return project


def adopt(spec: AuditSpec, linter) -> None:
    """Lint this spec's documents in this process with `linter` (the client's, already built for the same
    registry files) rather than parse the registry and build a pipeline again."""
    project = project_for(spec)
    project.lend(project.registry_paths(project.run_config), linter)


def mentions(result) -> tuple[str, ...]:
    """The registry entries a draft mentions, and the claims its numbers were judged against, as index keys
    ("drug:ID", "trial:ID", "entity:ID", "claim:ID"; see diff.py)."""
    facts = result.facts
    if facts is None:
        return ()
    keys = {f"claim:{c}" for c in result.claims_read}
    for b in facts.blocks:
        keys.update(f"drug:{m.drug}" for m in b.drugs)
        keys.update(f"trial:{m.trial}" for m in b.trials)
        keys.update(f"entity:{m.entity}" for m in b.entities)
    return tuple(sorted(keys))


def lint_partition(partition, spec: AuditSpec, stored: dict[str, bytes] | None = None) -> list[DocResult]:
    """Lint one partition (factlint.audit.inputs.Partition), in the order of its documents; those `stored`
    holds analyses of (by name) are judged from them when they are still valid (Linter.judge_stored)."""
    from .inputs import documents

    if os.getcwd() != spec.cwd and os.path.isdir(spec.cwd):
        os.chdir(spec.cwd)  # a worker lints with the client's relative paths (one thread per worker)
    try:
        docs = list(documents(partition))
    except (OSError, ValueError) as e:
        where = partition.table or f"partition {partition.number}"
        return [DocResult(f"{where}#{partition.number}", (), (), str(e))]
    return lint_documents(docs, spec, stored)


def lint_documents(docs: list, spec: AuditSpec, stored: dict[str, bytes] | None = None) -> list[DocResult]:
    """Lint (path, text) pairs; text None means read the file at path. Each result keeps the document's
    analyses; a document with valid analyses in `stored` is judged from them, without the pipeline."""
    from ..engine import fewer_gc_pauses

    with fewer_gc_pauses():  # one guard for all (each opened and closed alone re-scans the whole heap)
        return _lint_documents(docs, spec, stored)


def _lint_documents(docs: list, spec: AuditSpec, stored: dict[str, bytes] | None) -> list[DocResult]:
    project = project_for(spec)
    out: dict[str, DocResult] = {}
    groups: dict[int, tuple] = {}  # the documents each linter (configuration) lints, in order
    seen: set[str] = set()
    repeated: list[str] = []
    for path, text in docs:
        if path in seen:
            repeated.append(path)  # its findings could not be told apart from the first one's
            continue
        seen.add(path)
        linter = project.linter_for(path)
        groups.setdefault(id(linter), (linter, []))[1].append((path, text, None))
    for linter, named in groups.values():
        if stored:  # those with stored analyses first: if all are judged from them, spaCy is not needed
            named = _not_judged(project, linter, named, stored, out)
        if not named:
            continue
        # Each document is read as the pipeline reaches it and its line made as soon as it is judged, while
        # it is in the cache: a worker holds a partition's lines, not its documents and facts (holding those
        # cost 21% more last-level cache misses than `check`'s workers make, and 14% once they went).
        for r in linter.lint_documents(_read(linter, named, out), keep_analyses=True,
                                       then=functools.partial(_result, project)):
            out[r.path] = r
    results = [out[path] for path in dict.fromkeys(path for path, _ in docs) if path in out]
    return results + [DocResult(path, (), (), f"{path}: more than one document has this name (id or path)")
                      for path in repeated]


def _document(linter, path: str, text: str | None, out: dict[str, DocResult]):
    """The document of a (path, text) pair (text None: the file at path); None if it cannot be read (its
    error is then put in `out`)."""
    from ..errors import InputError
    from ..readers import decode, read_source

    try:
        if text is None:
            return linter.read(path)
        return read_source(path, decode(path, text.encode("utf-8", "surrogatepass")))
    except InputError as e:
        out[path] = DocResult(path, (), (), str(e))
        return None


def _not_judged(project, linter, named: list, stored: dict[str, bytes], out: dict[str, DocResult]) -> list:
    """Of (path, text, None) triples, those the pipeline must lint; the others have their result in `out`:
    judged from their stored analyses, still valid, or unreadable. A document read to try its analyses comes
    back as the triple's third item, not to be read again."""
    left = []
    for path, text, _ in named:
        if path not in stored:
            left.append((path, text, None))
            continue
        document = _document(linter, path, text, out)
        if document is None:
            continue
        raw = linter.judge_stored(document, stored[path])
        if raw is None:
            left.append((path, text, document))
        else:
            out[path] = _result(project, raw, judged=True)
    return left


def _read(linter, named: list, out: dict[str, DocResult]):
    """The documents of (path, text, document or None) triples, each read as the pipeline reaches it (unless
    read already); one that cannot be read has its error put in `out`."""
    from ..engine import _keep_out_of_collections

    for path, text, document in named:
        if document is None:
            document = _document(linter, path, text, out)
        if document is not None:
            _keep_out_of_collections()  # (as `check` reads a file: it lives until judged)
            yield document


def _result(project, raw, judged: bool = False) -> DocResult:
    from ..reporters.json import diagnostic_line

    settled = project.settle(raw)
    lines = tuple([list(d.sort_key), d.registry_id or "", d.severity.value, diagnostic_line(d)]
                  for d in settled.diagnostics)
    return DocResult(raw.path, lines, mentions(raw), analyses=raw.analyses, judged_from_analyses=judged)
