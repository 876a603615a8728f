"""`factlint audit`: an archive of published articles linted on Dask, re-audited when the registry changes.

    factlint audit articles/ --out audit/                       # the first audit (LocalCluster, 2 workers)
    factlint audit articles/ --out audit/ --changed-claims old.yaml   # after a registry change

The archive is cut into partitions (factlint.audit.inputs) that go through a dask.bag to the workers, each
of which builds its pipeline once (factlint.audit.worker). Each partition's result is written as soon as
it is made, atomically, to `OUT/parts/NNNNNN.jsonl` (a line per document; by the worker on a local
cluster, by the client when the workers are elsewhere): an interrupted audit started again with the same
input, registry and options lints only the partitions that have no file yet, and a worker killed mid-run
costs only the partitions it held (Dask runs them again elsewhere; one file per partition number,
so nothing is lost or written twice). When every partition is in, the client writes:

- `OUT/findings.jsonl`: the findings, exactly the lines of `factlint check --format json-lines` for the
  same files (same order: by path, then position);
- `OUT/index.json`: per document, the registry drugs, trials and entities it mentions;
- `OUT/summary.json`: documents, findings per rule, the claims most often contradicted, documents that
  could not be read, and the changes of the last `--changed-claims` audit with the documents each affects;
- `OUT/layout.json`: where each partition's and each document's findings lie in findings.jsonl and what
  each partition's count (with the file's size and time): a re-audit copies from there what it did not
  touch, splices in the documents it linted again and adjusts the counts, instead of reading every
  partition file again, so its cost follows what changed, not the archive's size.

`--changed-claims OLD` compares the registry of the last audit (OLD) with today's (factlint.audit.diff),
lints again only the documents whose index names an entity, drug or trial of a changed entry (or whose
text holds a name the new registry adds), and puts their new findings in place of the old ones: in
findings.jsonl, and in `OUT/parts/NNNNNN.relinted` beside each partition file it touched (the documents'
new lines, which stand in for theirs in the partition file; a partition linted again whole drops its
own). A few documents (up to LOCAL_LIMIT) are linted in the client's process: a cluster's start would
cost more.
"""
from __future__ import annotations

import contextlib
import heapq
import json
import os
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Sequence

from ..errors import UsageError
from .inputs import Partition, documents, file_partitions, partition_sizes, table_partitions, table_rows
from .worker import AuditSpec, DocResult

FORMAT = 7  # of the results folder: 2 keeps each finding's severity in its partition file; 3 indexes the
#            claims each document was judged against; 4: partition files are JSON lines, one per document, and
#            layout.json gives each document's findings' place; 5: a partition file's line holds its findings'
#            lines as they are, after tabs, not escaped again inside a JSON string; 6: a re-audit leaves the
#            partition files as they are and writes its documents' new lines beside them (NNNNNN.relinted);
#            7: by default the last partitions are smaller (inputs.partition_sizes): other partitions
LOCAL_LIMIT = 1000  # documents: a re-audit of this many or fewer runs without a cluster
PER_FORKED_WORKER = 8  # documents: fewer per process and a re-audit's are linted in the client alone


@dataclass(frozen=True)
class AuditInput:
    paths: tuple[str, ...] = ()  # folders and files, as `check` takes them
    files_from: str | None = None  # a file with one path per line
    table: str | None = None  # a JSON-lines or Parquet table of documents
    partition_size: int = 0  # documents per partition; 0: chosen from the archive's size (auto_size)


@dataclass
class AuditSummary:
    documents: int = 0
    linted: int = 0  # linted in this run (the others were done before it was interrupted, or unaffected)
    judged_from_analyses: int = 0  # of those, judged again from their stored analyses, without the pipeline
    resumed_partitions: int = 0
    findings: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    by_severity: dict[str, int] = field(default_factory=dict)
    most_contradicted: list[tuple[str, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    changes: dict[str, list[str]] = field(default_factory=dict)  # change -> documents it affects
    seconds: float = 0.0
    workers: int = 0

    def to_json(self) -> dict:
        return asdict(self)


# ---- the archive ------------------------------------------------------------------------------------------

def auto_size(documents: int) -> int:
    """Documents per partition: about 24 partitions (a dozen per worker of two: an interruption loses
    little), between 16 and 1,024 documents each; the last two or three partitions' worth is then cut
    smaller (`_auto_sizes`). Each partition costs Dask CPU on the cores the workers share (the task's
    messages, transitions and result): on a 10,000-article archive, 80 partitions took 45 s of CPU against
    41 s for 20 (before the local cluster's settings below). It depends on the archive only, so an audit
    resumed with another --workers keeps its partitions."""
    return min(1024, max(16, -(-documents // 24)))


def partitions_of(inp: AuditInput, project) -> tuple[list[Partition], list[str]]:
    """The archive's partitions and one error line per path that gives no document."""
    if sum(bool(x) for x in (inp.paths, inp.files_from, inp.table)) != 1:
        raise UsageError("give the archive as paths, --files-from FILE or --table FILE (one of them)")
    if inp.table:
        return table_partitions(inp.table, inp.partition_size or _auto_sizes(table_rows(inp.table))), []
    paths = list(inp.paths)
    if inp.files_from:
        try:
            with open(inp.files_from, encoding="utf-8") as fh:
                paths = [line.rstrip("\n") for line in fh if line.strip()]
        except OSError as e:
            raise UsageError(f"{inp.files_from}: {e.strerror or e}") from None
    files, errors = project.discover(paths)
    return file_partitions(files, inp.partition_size or _auto_sizes(len(files))), errors


def _auto_sizes(documents: int) -> list[int]:
    return partition_sizes(documents, auto_size(documents), taper=True)


def _spec(options, cwd: str) -> AuditSpec:
    from ..registry import resolve_bundled

    registry = tuple(os.path.abspath(resolve_bundled(r)) for r in options.registry)  # "@her2": a bundled field
    config = os.path.abspath(options.config) if options.config else None
    return AuditSpec(cwd, registry, options.select, options.ignore, config)


# ---- the results folder -----------------------------------------------------------------------------------

def _write_json(path: str, obj) -> None:
    # dumps, not dump: dump streams through pure Python
    _write_bytes(path, json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def _read_json(path: str):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _part_path(out: str, number: int) -> str:
    return os.path.join(out, "parts", f"{number:06d}.jsonl")


def _doc_list(d: DocResult) -> list:
    return [d.path, [list(x) for x in d.lines], list(d.keys), d.error]


def _doc_key(path: str) -> bytes:
    """How a document's line in its partition file starts (before its tab): its path in JSON."""
    return json.dumps(path, ensure_ascii=False).encode("utf-8")


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _doc_line(d: DocResult) -> bytes:
    """A document's line in its partition file, in fields separated by tabs (JSON escapes tabs and line
    breaks, so no field holds one): its path in JSON, so a re-audit finds a document's line without decoding
    any; [[sort key, registry id, severity] of each finding, index keys, error] in JSON; then each finding's
    line of `check --format json-lines` as it is. (Inside a JSON string those lines were escaped a second
    time: about 3,500 characters per article, most of the cost of writing a partition.)"""
    meta = _COMPACT([[x[:3] for x in d.lines], list(d.keys), d.error])
    return _doc_key(d.path) + b"\t" + "\t".join([meta, *(x[3] for x in d.lines)]).encode("utf-8")


def _doc_of(line: bytes) -> list:
    """[path, findings, index keys, error] of a partition file's line (see `_doc_line`)."""
    head, meta, *lines = line.decode("utf-8").split("\t")
    rows, keys, error = json.loads(meta)
    return [json.loads(head), [[*row, text] for row, text in zip(rows, lines)], keys, error]


def _write_bytes(path: str, data: bytes) -> None:
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)  # atomic: a reader sees the old file or the new one, never half of one


def _analyses_path(out: str, number: int) -> str:
    return os.path.join(out, "parts", f"{number:06d}.analyses")


def _write_analyses(out: str, number: int, analyses: dict[str, bytes]) -> None:
    """A partition's documents' analyses (factlint.analyses), by name: what a re-audit judges again."""
    import marshal

    _write_bytes(_analyses_path(out, number), marshal.dumps(analyses))


def _read_analyses(out: str, number: int) -> dict[str, bytes]:
    """A partition's stored analyses by document name; none if the file is missing or damaged (its
    documents are then linted)."""
    import marshal

    try:
        with open(_analyses_path(out, number), "rb") as fh:
            found = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return found if isinstance(found, dict) else {}


def _merged_path(out: str, number: int) -> str:
    return os.path.join(out, "parts", f"{number:06d}.merged")


def _relinted_path(out: str, number: int) -> str:
    return os.path.join(out, "parts", f"{number:06d}.relinted")


def _read_relinted(out: str, number: int) -> dict[bytes, bytes]:
    """The lines re-audits put in place of some of a partition file's, by document key (see `_doc_key`): a
    re-audit writes its documents' new lines here rather than the whole partition file again."""
    try:
        with open(_relinted_path(out, number), "rb") as fh:
            lines = fh.read().split(b"\n")[:-1]
    except FileNotFoundError:
        return {}
    return {_line_key(line): line for line in lines}


def _line_key(line: bytes) -> bytes:
    """The key a partition file's line starts with, before its first tab (`_doc_key`)."""
    return line[:line.find(b"\t")]


def _current_lines(out: str, number: int, keys: Iterable[bytes], relinted: dict[bytes, bytes],
                   in_file_order: bool = False) -> dict[bytes, bytes]:
    """The current line of each of these documents in a partition (`relinted`: its re-audits' lines), found
    by the key that starts it, without splitting the partition file into lines; for a name two rows of a
    table share, the last. A document with no line is left out. `in_file_order`: the keys are names that
    occur once, in the order of the file's lines (a partition of files): each is looked for from where the
    last one was found, one pass over the file rather than one from its end per key (114 documents' lines
    in 28 files, 49 MB: 11 ms against 24 ms)."""
    found = {k: relinted[k] for k in keys if k in relinted}
    missing = [k for k in keys if k not in found]
    if missing:
        with open(_part_path(out, number), "rb") as fh:
            data = fh.read()
        pos = 0
        for k in missing:  # JSON escapes line breaks and tabs: a line break, the key and a tab start a line
            start = _line_start(data, k, pos) if in_file_order else -1
            if start < 0:
                start = _line_start(data, k)
            if start >= 0:
                end = data.find(b"\n", start)
                end = end if end >= 0 else len(data)
                found[k], pos = data[start:end], end
    return found


def _line_start(data: bytes, key: bytes, after: int | None = None) -> int:
    """Where the line that starts with `key` and a tab begins: the first after `after`, else the last."""
    at = data.find(b"\n" + key + b"\t", after) if after is not None else data.rfind(b"\n" + key + b"\t")
    if at >= 0:
        return at + 1
    return 0 if (not after) and data.startswith(key + b"\t") else -1


def _write_part(out: str, number: int, docs: Sequence[DocResult]) -> None:
    """A partition's file, then, beside it, its share of the final merge (whoever lints a partition has its
    findings in hand, sorted and counted in parallel with the other partitions, where the client would
    otherwise decode every partition file once all are in): a line of JSON (the partition file's size and
    time, its documents, errors, index entries, counts, and where each document's findings lie), then its
    findings in check's order, the bytes findings.jsonl will hold."""
    import io

    part = _part_path(out, number)
    for stale in (_merged_path(out, number), _relinted_path(out, number)):  # never beside another version
        with contextlib.suppress(FileNotFoundError):                      # of the partition file
            os.remove(stale)
    _write_analyses(out, number, {d.path: d.analyses for d in docs if d.analyses is not None})
    _write_bytes(part, b"".join(_doc_line(d) + b"\n" for d in docs))
    summary, index = AuditSummary(), {}
    run = _run_of(number, [_doc_list(d) for d in docs], summary, index)
    findings = io.BytesIO()
    spans = _write_docs(run.docs, findings, None)
    st = os.stat(part)
    head = [st.st_size, st.st_mtime_ns, summary.documents, summary.errors, index, run.rules, run.severities,
            run.contradicted, spans]
    _write_bytes(_merged_path(out, number),
                 _COMPACT(head).encode("utf-8") + b"\n" +
                 findings.getvalue())


def _merged_run(out: str, number: int, summary: AuditSummary, index: dict[str, list[str]]) -> _PartRun | None:
    """A partition's run from its merged file (its documents' findings copied from there), if that file was
    made from the partition file there now and no document of it is named in an earlier partition (those
    are merged from the partition file, which reports them); its documents, errors and index entries noted."""
    try:
        with open(_merged_path(out, number), "rb") as fh:
            head = fh.readline()
        st = os.stat(_part_path(out, number))
    except OSError:
        return None
    if os.path.exists(_relinted_path(out, number)):  # made before a re-audit changed some of its lines
        return None
    size, mtime_ns, documents, errors, entries, rules, severities, contradicted, spans = json.loads(head)
    if (size, mtime_ns) != (st.st_size, st.st_mtime_ns) or not index.keys().isdisjoint(entries):
        return None
    summary.documents += documents
    summary.errors.extend(errors)
    index.update(entries)
    at = len(head)
    return _PartRun(number, [(path, start + at, end + at) for path, start, end in spans], rules, severities,
                    contradicted, source=_merged_path(out, number))


def _read_part(out: str, number: int) -> list[bytes]:
    """A partition's lines, one per document, not decoded, with those its re-audits changed in place."""
    with open(_part_path(out, number), "rb") as fh:
        lines = fh.read().split(b"\n")[:-1]
    relinted = _read_relinted(out, number)
    return [relinted.get(_line_key(line), line) for line in lines] if relinted else lines


def _archive_digest(parts: list[Partition]) -> str:
    """The archive's identity: its documents' paths, or its table's size and time (a changed archive is
    another audit: partitions would no longer hold the same documents)."""
    import hashlib

    h = hashlib.sha256()
    stats: dict[str, os.stat_result] = {}
    for p in parts:
        if p.kind == "files":
            h.update("\0".join(p.paths).encode("utf-8", "surrogatepass") + b"\1")
        else:
            st = stats.get(p.table) or stats.setdefault(p.table, os.stat(p.table))
            h.update(f"{p.kind}:{p.table}:{p.start}:{p.end}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _manifest(inp: AuditInput, spec: AuditSpec, digest: str, parts: list[Partition]) -> dict:
    """What an audit is of (as JSON reads it back: tuples are lists), to compare with the stored one."""
    return json.loads(json.dumps({"format": FORMAT, "input": asdict(inp), "spec": asdict(spec),
                                  "registry_digest": digest, "partitions": len(parts),
                                  "archive": _archive_digest(parts)}))


def _registry_identity(registry) -> str:
    """What a registry is, wherever its files lie: their bytes in reading order, each named by its path
    below the folder the files share. A copy elsewhere (the last version, checked out beside today's to
    compare with) is the same registry: findings name no registry file, so they do not depend on where it
    lies (Registry.digest, the cache's key, includes the paths)."""
    import hashlib

    paths = [os.path.abspath(p) for p in registry.paths]
    base = os.path.commonpath(paths) if len(paths) > 1 else os.path.dirname(paths[0]) if paths else ""
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as fh:
            data = fh.read()
        name = os.path.relpath(path, base).replace(os.sep, "/").encode("utf-8", "surrogateescape")
        h.update(b"%d:%s%d:" % (len(name), name, len(data)) + data)
    return h.hexdigest()


def _options(manifest: dict) -> dict:
    """The options an audit was made with, but its registry (a re-audit is against another one)."""
    return {k: v for k, v in (manifest.get("spec") or {}).items() if k != "registry"}


def _registry_of(project, spec: AuditSpec, pipeline: bool = True):
    """The registry the audit judges against (one for the whole archive: its digest keys the results).
    Documents linted in this process (a small re-audit; the pipeline forked workers inherit) use its
    linter: the registry is parsed and the pipeline built once. `pipeline`: import spaCy meanwhile (a
    re-audit first sees whether stored analyses spare it)."""
    from .worker import adopt

    linter = project.linter(project.registry_paths(project.run_config), pipeline)
    adopt(spec, linter)
    return linter.registry


# ---- running partitions on Dask ---------------------------------------------------------------------------

@contextlib.contextmanager
def _cluster(scheduler: str | None, workers: int, summary: AuditSummary, prebuilt=None):
    """A client of the scheduler at `scheduler`, or of a local cluster started (and stopped) here; yields
    the client and whether the cluster is local (its workers share this machine's folders)."""
    client, cluster = _client(scheduler, workers, prebuilt)
    try:
        summary.workers = len(client.scheduler_info().get("workers", {})) or workers
        yield client, cluster is not None
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _client(scheduler: str | None, workers: int, prebuilt=None):
    import logging

    Client, LocalCluster = _dask()
    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except OSError as e:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
    import multiprocessing as mp

    import dask

    # Workers forked from this process inherit the pipeline built here, as `check --jobs` does, instead of
    # each importing spaCy and building its own (about a second of the two cores' time per worker).
    method = "fork" if prebuilt is not None and "fork" in mp.get_all_start_methods() else "spawn"
    if method == "fork":
        prebuilt()
    with dask.config.set({"distributed.worker.multiprocessing-method": method, **LOCAL_CLUSTER_CONFIG}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.CRITICAL)
        return Client(cluster), cluster


# A local cluster is a batch job on this machine's cores, with no dashboard: nobody reads the workers'
# statistical profiles (a stack sample every 10 ms), and event-loop and system checks every 20-500 ms take
# the GIL and the cores from linting (on 2 cores, about a tenth of a 10,000-article audit). Nor its logs
# (`silence_logs` above, below CRITICAL): what fails is reported by the audit itself, and Dask's own errors
# include races of its shutdown (a worker's heartbeat to the closing scheduler printed a traceback after 1 of
# 12 audits). A cluster given with --scheduler is left as its owner configured it.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "10s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def _run(client, parts: list[Partition], spec: AuditSpec,
         on_done: Callable[[int, list[DocResult] | int], None], write_to: str | None = None,
         stored: dict[int, dict[str, bytes]] | None = None) -> None:
    """Lint the partitions on the cluster (a dask.bag, one bag partition per archive partition); call
    `on_done(number, results)` in the client as each one arrives. With `write_to` (a folder the workers
    share with the client: a local cluster), each worker writes its partitions' files itself and
    `on_done` gets the number of documents: the client, which shares the cores, only keeps count.
    `stored`: per partition, its documents' stored analyses (sent with it: a re-audit's few)."""
    import dask
    import dask.bag as db
    from distributed import as_completed

    from .worker import lint_partition

    if not parts:
        return
    stored = stored or {}
    # The partitions run in the archive's order, the small last ones (partition_sizes) last: each task's
    # priority is its place (Dask's own order is not the archive's). A priority per key is an annotation,
    # which the graph's optimization would drop in fusing the bag's two steps. Unfused, they cost no more that
    # could be measured (290 small partitions: 0.54-0.58 s of the client's CPU, 0.48-0.67 s fused), where a
    # compute call per partition, each with its priority, cost the client 12 ms of CPU each.
    count = len(parts)
    with dask.annotate(priority=lambda key: count - key[1] if isinstance(key, tuple) else 0):  # (name, i)
        bag = db.from_sequence([(p, stored.get(p.number)) for p in parts], npartitions=count)
        if write_to is None:
            lint = bag.map_partitions(lambda ps: [(p.number, lint_partition(p, spec, kept)) for p, kept in ps])
        else:
            lint = bag.map_partitions(lambda ps: [(p.number, _lint_and_write(p, spec, write_to)) for p, _ in ps])
    futures = client.compute(lint.to_delayed(optimize_graph=False))
    for future in as_completed(futures):
        for number, results in future.result():
            on_done(number, results)
        future.release()


def _prebuild(spec: AuditSpec, parts: list[Partition], warm: bool = False, judging_only: bool = False) -> None:
    """Build, in this process, the pipeline a worker lints these partitions with (see `_client`), and set up
    what a first document needs without linting one (`Linter.warm_up_without_linting`): each forked worker
    inherits it instead of setting it up in its first partition. `warm`: and lint a sample too
    (`Linter.warm_up`), for the re-audit's pool forked from this thread. Not before a Dask cluster's start:
    its nannies fork the workers from a thread of their own, and in the test runs made with the sample
    linted there an audit's cluster twice never finished starting (the cause is not known; a re-audit's pool
    is forked from this process's main thread). `judging_only`: every document will be judged from stored
    analyses; only what judging reads is built (no spaCy)."""
    from .worker import project_for

    first = next((p.paths[0] for p in parts if p.paths), "document.md")
    linter = project_for(spec).linter_for(first)
    if judging_only:
        linter.warm_up_judging()
    elif warm:
        linter.warm_up()
    else:
        linter.warm_up_without_linting(first)


def _vocabulary_digest(project) -> str:
    """Of the registry this audit judges against (factlint.vocabulary): stored analyses made under it are valid."""
    return project.linter(project.registry_paths(project.run_config), pipeline=False).knowledge.vocabulary_digest


def _usable_analyses(out: str, p: Partition, vocabulary: str) -> dict[str, bytes]:
    """The stored analyses of the documents a re-audit lints in partition `p` that were made under this
    vocabulary (whether each is still its document's, Linter.judge_stored checks against the text)."""
    from ..analyses import made_under

    wanted = p.only or frozenset()
    return {name: data for name, data in _read_analyses(out, p.number).items()
            if name in wanted and isinstance(data, bytes) and made_under(data, vocabulary)}


def _lint_and_write(p: Partition, spec: AuditSpec, out: str) -> int:
    """In a worker: lint a partition and write its file (atomically); the number of its documents."""
    from .worker import lint_partition

    results = lint_partition(p, spec)
    _write_part(out, p.number, results)
    return len(results)


# ---- the audit ------------------------------------------------------------------------------------------

def run_audit(inp: AuditInput, out: str, options, *, scheduler: str | None = None, workers: int = 2,
              changed_claims: str | None = None, restart: bool = False, progress=None,
              on_partition: Callable[[int], None] | None = None,
              local_limit: int = LOCAL_LIMIT) -> AuditSummary:
    """Audit the archive into the folder `out` (see the module's docstring); `options` are the
    command line's (factlint.settings.Options). `on_partition(number)` is called as each partition's
    result is written (the tests interrupt and kill workers with it). A re-audit of at most `local_limit`
    documents runs in this process (starting a cluster would cost more than linting them)."""
    from ..project import Project

    started = time.monotonic()
    cwd = os.getcwd()
    project = Project(options)
    spec = _spec(options, cwd)
    if changed_claims:  # the last audit's registry, parsed meanwhile in a child (factlint.registry.background)
        from ..registry.background import RegistryInBackground

        old = RegistryInBackground([changed_claims])
        try:
            return _reaudit(inp, out, project, spec, old, scheduler, workers, progress, started, local_limit)
        finally:
            old.abandon()  # reaped if the re-audit stopped before it asked for the registry
    parts, registry, progress, summary = _begin(inp, out, project, spec, progress, workers)
    manifest_path = os.path.join(out, "manifest.json")
    manifest = _manifest(inp, spec, _registry_identity(registry), parts)
    restart = restart or not os.path.exists(manifest_path)
    if not restart:
        before = _read_json(manifest_path)
        if before != manifest:
            raise UsageError(f"{out} holds another audit (other archive, registry or options): start it "
                             "again with --restart, or give another --out")
    for name in os.listdir(os.path.join(out, "parts")):
        if restart or ".tmp." in name:  # a restart, or a write a killed worker or an interrupt left unfinished
            os.remove(os.path.join(out, "parts", name))
    _write_json(manifest_path, manifest)
    todo = [p for p in parts if not os.path.exists(_part_path(out, p.number))]
    summary.resumed_partitions = len(parts) - len(todo)

    def done(number: int, results: list[DocResult] | int) -> None:
        if not isinstance(results, int):  # a remote cluster: the client writes
            _write_part(out, number, results)
        n = results if isinstance(results, int) else len(results)
        summary.linted += n
        progress.advance(n)
        if on_partition is not None:
            on_partition(number)

    progress.start(sum(len(p.paths) or 1 for p in todo))
    if todo:
        with _cluster(scheduler, workers, summary, lambda: _prebuild(spec, todo)) as (client, local):
            _run(client, todo, spec, done, write_to=os.path.abspath(out) if local else None)
    progress.finish()
    return _finish(out, parts, summary, started)


def _in_process(step: Callable) -> Callable:
    """A step of the client's own work (importing spaCy and parsing the registry, linting a re-audit's few
    documents, merging) runs with the collector's pauses of `check` (factlint.engine.fewer_gc_pauses): its
    full collections re-scanned spaCy's heap, a tenth of a re-audit. Not the whole command: the workers of a
    local cluster, forked from the client, must start outside the guard, or each partition's own guard
    would be nested in it and never give its cyclic garbage back (a worker lints for the whole audit)."""
    from ..guard import with_fewer_gc_pauses

    return with_fewer_gc_pauses(step)


@_in_process
def _dask() -> tuple:
    """Dask's client and local cluster, and the bag `_run` makes, imported in the collector's guard: imported
    after spaCy, their 0.2 s of modules paid 50-70 ms of full collections re-scanning spaCy's heap."""
    try:
        import dask.bag  # noqa: F401
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("factlint audit runs on Dask: pip install 'factlint[audit]'") from None
    return Client, LocalCluster


@_in_process
def _begin(inp, out, project, spec, progress, workers, pipeline: bool = True):
    """The archive's partitions, the registry, the progress display and an empty summary."""
    from ..project import Progress

    parts, path_errors = partitions_of(inp, project)
    registry = _registry_of(project, spec, pipeline)
    os.makedirs(os.path.join(out, "parts"), exist_ok=True)
    return parts, registry, progress or Progress(), AuditSummary(errors=list(path_errors), workers=workers)


def _reaudit(inp, out, project, spec, old_registry, scheduler, workers, progress, started, local_limit):
    from .diff import affected, registry_changes

    parts, registry, progress, summary = _begin(inp, out, project, spec, progress, workers, pipeline=False)
    old_path = old_registry.paths[0]

    manifest_path = os.path.join(out, "manifest.json")
    if not os.path.exists(os.path.join(out, "index.json")):
        raise UsageError(f"{out} holds no finished audit to compare with: run the audit first")
    manifest = _read_json(manifest_path)
    if manifest.get("format") != FORMAT:
        raise UsageError(f"the audit in {out} was written by another version of factlint (results format "
                         f"{manifest.get('format')}, this one reads {FORMAT}): audit it again")
    old = old_registry.result()
    if manifest.get("registry_digest") != _registry_identity(old):
        raise UsageError(f"the audit in {out} was not made with the registry {old_path}")
    now = _manifest(inp, spec, "", parts)
    if (manifest.get("input"), manifest.get("archive")) != (now["input"], now["archive"]):
        raise UsageError(f"the archive is not the one audited in {out} (other paths or table, or documents "
                         "added or removed): audit it again")
    if _options(manifest) != _options(now):  # other rules or configuration: the old findings do not carry
        raise UsageError(f"the audit in {out} was made with other options (--select, --ignore, --config): "
                         "audit it again")
    changes = registry_changes(old, registry)
    index = _read_json(os.path.join(out, "index.json"))
    texts = _texts(parts, spec) if any(c.names for c in changes) else None
    summary.changes = affected(changes, index, texts)
    names = set().union(*summary.changes.values()) if summary.changes else set()
    todo = []
    for p in parts:
        here = {name for name, _ in documents(p)} & names if p.kind != "files" else set(p.paths) & names
        if here:
            todo.append(p.restricted(here))
    fresh: dict[int, dict[str, DocResult]] = {}
    # What the first audit's pipeline found in these documents: judged from that again when the registry's
    # vocabulary is unchanged (a value changed), without spaCy (factlint.analyses).
    vocabulary = _vocabulary_digest(project)
    stored = {p.number: _usable_analyses(out, p, vocabulary) for p in todo}
    judging_only = all(len(stored[p.number]) == len(p.only or ()) for p in todo)

    def done(number: int, results: list[DocResult]) -> None:
        fresh.setdefault(number, {}).update((r.path, r) for r in results)
        summary.linted += len(results)
        summary.judged_from_analyses += sum(r.judged_from_analyses for r in results)
        progress.advance(len(results))

    progress.start(len(names))
    if todo and scheduler is None and len(names) <= local_limit:
        # A few documents: linted with this process's pipeline, rather than starting a cluster for them.
        summary.workers = 0
        _lint_here(todo, spec, workers, done, stored, judging_only)
    elif todo:
        with _cluster(scheduler, workers, summary, lambda: _prebuild(spec, todo, judging_only=judging_only)) as \
                (client, _local):
            _run(client, todo, spec, done, stored=stored)
    progress.finish()
    replaced: dict[int, dict[str, tuple[list, list]]] = {}  # partition -> path -> (its old line, its new)
    for number, results in fresh.items():  # the new results take the old ones' places
        in_order = parts[number].kind == "files" and parts[number].number == number
        if in_order:  # (a partition of files: names once each, in its paths' order, as its file's lines)
            place = {path: i for i, path in enumerate(parts[number].paths)}
            results = dict(sorted(results.items(), key=lambda kv: place.get(kv[0], -1)))
        wanted = {_doc_key(path): result for path, result in results.items()}
        beside = _read_relinted(out, number)
        old = _current_lines(out, number, wanted, beside, in_file_order=in_order)
        replaced[number] = {wanted[k].path: (_doc_of(line), _doc_list(wanted[k])) for k, line in old.items()}
        with contextlib.suppress(FileNotFoundError):
            os.remove(_merged_path(out, number))  # made from the old lines (a layout carries the new ones)
        analysed = {path: r.analyses for path, r in results.items()
                    if r.analyses is not None and not r.judged_from_analyses}
        if analysed:  # (analyses judged again are unchanged)
            _write_analyses(out, number, {**_read_analyses(out, number), **analysed})
        # Beside the partition file, not in it: on an archive of 10,000 articles, rewriting the 24 files
        # one claim's documents lie in read and wrote 48 MB, 0.06 - 0.10 s of a 0.65 s re-audit.
        beside.update((k, _doc_line(wanted[k])) for k in old)
        _write_bytes(_relinted_path(out, number), b"".join(beside[k] + b"\n" for k in sorted(beside)))
    _write_json(manifest_path, _manifest(inp, spec, _registry_identity(registry), parts))
    return _finish(out, parts, summary, started, replaced, index)


@_in_process
def _lint_here(todo: list[Partition], spec: AuditSpec, workers: int,
               done: Callable[[int, list[DocResult]], None], stored: dict[int, dict[str, bytes]] | None = None,
               judging_only: bool = False) -> None:
    """Lint a re-audit's few documents in this process, or, with more than one worker and fork, in that
    many processes forked from it: they inherit its built pipeline, as `check --jobs` does, so they start
    in milliseconds, not a cluster's seconds. `stored`: per partition, analyses to judge documents from;
    `judging_only`: every document has some (no pipeline is built before forking)."""
    import multiprocessing as mp

    from .worker import lint_partition

    weight = {p.number: len(p.paths) or len(p.only or ()) or 1 for p in todo}
    jobs = min(workers, sum(weight.values()) // PER_FORKED_WORKER)
    stored = stored or {}
    if jobs < 2 or "fork" not in mp.get_all_start_methods():
        for p in todo:
            done(p.number, lint_partition(p, spec, stored.get(p.number)))
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from ..engine import balanced_batches

    _prebuild(spec, todo, warm=True, judging_only=judging_only)
    batches = balanced_batches(todo, lambda p: weight[p.number], jobs * 4)  # several per process
    finished: set[int] = set()
    try:
        with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as pool:
            submitted = [pool.submit(_lint_batch, batch, spec, {p.number: stored.get(p.number) for p in batch})
                         for batch in batches]
            for future in as_completed(submitted):
                for number, results in future.result():
                    done(number, results)
                    finished.add(number)
    except BrokenProcessPool:  # a process killed from outside (out of memory): the rest is linted here
        for p in todo:
            if p.number not in finished:
                done(p.number, lint_partition(p, spec, stored.get(p.number)))


def _lint_batch(batch: list[Partition], spec: AuditSpec, stored: dict[int, dict[str, bytes] | None]
                ) -> list[tuple[int, list[DocResult]]]:
    from .worker import lint_partition

    return [(p.number, lint_partition(p, spec, stored.get(p.number))) for p in batch]


def _texts(parts: list[Partition], spec: AuditSpec) -> Iterable[tuple[str, str]]:
    from ..readers import decode

    for p in parts:
        for name, text in documents(p):
            if text is None:
                try:
                    with open(os.path.join(spec.cwd, name), "rb") as fh:
                        text = decode(name, fh.read())
                except (OSError, ValueError, Exception):  # unreadable: the audit reported it already
                    continue
            yield name, text


LAYOUT = "layout.json"  # where each partition's findings lie in findings.jsonl, and what they count


@dataclass
class _PartRun:
    """One partition's findings in findings.jsonl, document by document in check's order, and their counts."""

    number: int
    # Per document with findings, in order: (path, [(sort key, line), ...]) to write, or (path, start, end):
    # its bytes in `source`.
    docs: list
    rules: dict = field(default_factory=dict)
    severities: dict = field(default_factory=dict)
    contradicted: dict = field(default_factory=dict)
    source: str | None = None  # the file its (path, start, end) documents are copied from: the last findings.jsonl

    def rows(self) -> list | None:
        """[(sort key, line), ...], or None if some are only bytes of a file."""
        if any(len(doc) == 3 for doc in self.docs):
            return None
        return [row for doc in self.docs for row in doc[1]]


def _counts(rows) -> tuple[Counter, Counter, Counter]:
    """Findings per rule, per severity, and FL101 per registry claim, of [sort key, registry id, severity,
    line] rows (no JSON parsed)."""
    rules: Counter = Counter()
    severities: Counter = Counter()
    contradicted: Counter = Counter()
    for key, registry_id, severity, _ in rows:
        rules[key[3]] += 1
        severities[severity] += 1
        if key[3] == "FL101" and registry_id:
            contradicted[registry_id] += 1
    return rules, severities, contradicted


def _by_document(rows: list) -> list:
    """Sorted rows grouped per document: [(path, [(sort key, line), ...]), ...] (a sort key starts with
    the path, so a document's findings are consecutive)."""
    docs: list = []
    for key, _, _, line in rows:
        if not docs or docs[-1][0] != key[0]:
            docs.append((key[0], []))
        docs[-1][1].append((key, line))
    return docs


def _run_of(number: int, docs: list, summary: AuditSummary, index: dict[str, list[str]]) -> _PartRun:
    """A partition's findings in check's order, counted; its documents' index entries and errors noted."""
    rows = []
    for path, doc_rows, keys, error in docs:
        summary.documents += 1
        if error:
            summary.errors.append(error)
            continue
        if path in index:  # two rows of a table with one name: their findings could not be told apart
            summary.errors.append(f"{path}: more than one document has this name (id or path)")
            continue
        index[path] = keys
        rows.extend(doc_rows)
    rows.sort(key=lambda r: r[0])  # [sort key, registry id, severity, line]: check's order, no JSON parsed
    rules, severities, contradicted = _counts(rows)
    return _PartRun(number, _by_document(rows), dict(rules), dict(severities), dict(contradicted))


def _patched_run(entry: list, replaced: dict[str, tuple[list, list]], index: dict) -> _PartRun | None:
    """An untouched partition's layout entry with some documents' findings replaced: their old findings'
    counts taken off, the new ones' added, and their bytes put in the old ones' place (or, for a document
    that had none, where its path sorts). None if an old or new document is an error (merged again)."""
    number, _, _, rules, severities, contradicted, spans = entry
    counts = (Counter(rules), Counter(severities), Counter(contradicted))
    new: dict[str, list] = {}
    for path, (old_doc, new_doc) in replaced.items():
        if old_doc[3] or new_doc[3]:
            return None
        for total, old_count, new_count in zip(counts, _counts(old_doc[1]), _counts(new_doc[1])):
            total.subtract(old_count)
            total.update(new_count)
        index[path] = new_doc[2]
        new[path] = sorted(new_doc[1], key=lambda r: r[0])
    docs: list = []
    pending = sorted(new)
    for path, start, end in spans:
        while pending and pending[0] < path:  # a document with no findings before
            docs.extend(_by_document(new[pending.pop(0)]))
        if pending and pending[0] == path:
            docs.extend(_by_document(new[pending.pop(0)]))
        else:
            docs.append((path, start, end))
    for path in pending:
        docs.extend(_by_document(new[path]))
    rules, severities, contradicted = ({k: v for k, v in c.items() if v > 0} for c in counts)
    return _PartRun(number, docs, rules, severities, contradicted)


def _in_order(runs: list[_PartRun]) -> bool:
    """Whether the partitions' findings, one partition after another, are already in check's order (files
    are: partitions hold consecutive paths; rows of a table need not be). Within a partition they are."""
    last = None
    for r in runs:
        if not r.docs:
            continue
        if last is not None and r.docs[0][0] <= last:
            return False
        last = r.docs[-1][0]
    return True


def _read_layout(out: str, parts: list[Partition]) -> dict | None:
    """The layout of the last findings.jsonl, if it describes that very file and these partitions."""
    path = os.path.join(out, LAYOUT)
    try:
        layout = _read_json(path)
        st = os.stat(os.path.join(out, "findings.jsonl"))
    except (OSError, ValueError):
        return None
    if (layout.get("size"), layout.get("mtime_ns")) != (st.st_size, st.st_mtime_ns) or \
            [r[0] for r in layout.get("parts", [])] != [p.number for p in parts]:
        return None
    return layout


def _write_docs(docs: list, fh, old) -> list:
    """Write a partition's documents' findings to `fh`: new lines, or bytes of the `old` file (consecutive
    ones in one copy: an untouched partition is a single copy); where each document's now lie."""
    spans = []
    at = fh.tell()
    copy = [0, 0]  # [start, end) of the old file, not yet copied

    def flush() -> None:
        if copy[1] > copy[0]:
            old.seek(copy[0])
            fh.write(old.read(copy[1] - copy[0]))

    for doc in docs:
        if len(doc) == 3:
            if doc[1] != copy[1]:
                flush()
                copy[0] = doc[1]
            copy[1] = doc[2]
            size = doc[2] - doc[1]
        else:
            flush()
            copy[:] = [0, 0]
            data = "".join(line + "\n" for _, line in doc[1]).encode("utf-8")
            fh.write(data)
            size = len(data)
        spans.append([doc[0], at, at + size])
        at += size
    flush()
    return spans


@_in_process
def _finish(out: str, parts: list[Partition], summary: AuditSummary, started: float,
            replaced: dict[int, dict[str, tuple[list, list]]] | None = None,
            index: dict[str, list[str]] | None = None) -> AuditSummary:
    """findings.jsonl (the partitions' sorted lines, merged), index.json and summary.json.

    After a re-audit (`replaced`: per partition it rewrote, each re-linted document's old and new line of
    the partition file; `index`: the last index), findings.jsonl is the last one with those documents'
    findings put in place of the old ones, at the offsets its layout gives, and the counts are the last
    ones less the old findings plus the new: a re-audit reads and writes what changed, not the archive's
    results. Anything the layout cannot vouch for (no layout, a file changed since, errors, findings out of
    partition order) is merged from every partition's file, as the first audit does."""
    os.makedirs(out, exist_ok=True)
    last_index = index
    layout = _read_layout(out, parts) if replaced is not None and index is not None else None
    runs: list[_PartRun] | None = None
    if layout is not None and not summary.errors:
        index = dict(index)
        runs = []
        for entry in layout["parts"]:
            number, _, _, rules, severities, contradicted, spans = entry
            run = _patched_run(entry, replaced[number], index) if number in replaced else \
                _PartRun(number, spans, rules, severities, contradicted)  # copied as one run of bytes
            if run is None:
                runs = None
                break
            runs.append(run)
        if runs is not None and _in_order(runs):
            summary.documents = layout["documents"]
        else:
            runs = None
    if runs is None:
        index = {}
        runs = [_merged_run(out, p.number, summary, index) or
                _run_of(p.number, [_doc_of(line) for line in _read_part(out, p.number)], summary, index)
                for p in parts]
    rules: Counter = Counter()
    severities: Counter = Counter()
    contradicted: Counter = Counter()
    for r in runs:
        rules.update(r.rules)
        severities.update(r.severities)
        contradicted.update(r.contradicted)
    findings = os.path.join(out, "findings.jsonl")
    tmp = f"{findings}.tmp.{os.getpid()}"
    placed = []
    if not _in_order(runs):  # rows of a table out of name order: merged line by line, from their lines
        runs = [r if r.rows() is not None else
                _run_of(r.number, [_doc_of(line) for line in _read_part(out, r.number)], AuditSummary(), {})
                for r in runs]
    with open(tmp, "wb") as fh:
        if _in_order(runs):
            with contextlib.ExitStack() as files:
                opened: dict[str, object] = {}
                for r in runs:
                    source = r.source or findings
                    if source not in opened and any(len(d) == 3 for d in r.docs):
                        opened[source] = files.enter_context(open(source, "rb"))
                    start = fh.tell()
                    spans = _write_docs(r.docs, fh, opened.get(source))
                    placed.append([r.number, start, fh.tell(), r.rules, r.severities, r.contradicted, spans])
        else:
            for _, line in heapq.merge(*(r.rows() for r in runs), key=lambda kl: kl[0]):
                fh.write((line + "\n").encode("utf-8"))
    os.replace(tmp, findings)
    summary.findings = sum(rules.values())
    summary.by_rule = dict(sorted(rules.items()))
    summary.by_severity = dict(sorted(severities.items()))
    summary.most_contradicted = sorted(contradicted.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    summary.errors = sorted(set(summary.errors))
    summary.seconds = round(time.monotonic() - started, 3)
    layout_path = os.path.join(out, LAYOUT)
    if placed and not summary.errors:
        st = os.stat(findings)
        _write_json(layout_path, {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "parts": placed,
                                  "documents": summary.documents})
    elif os.path.exists(layout_path):
        os.remove(layout_path)
    if index != last_index:  # (a change of values seldom changes what documents mention: 2 MB not rewritten)
        _write_json(os.path.join(out, "index.json"), index)
    _write_json(os.path.join(out, "summary.json"), summary.to_json())
    return summary
