"""An archive as partitions: small descriptions of where each group of documents is, read by the workers.

An archive is folders and files (what `factlint check` would lint in them), a list of paths, or a table of
documents: JSON lines (`{"id": ..., "text": ...}` per line; an optional "path" names the document in the
findings and picks its reader by extension, else the id does) or Parquet (columns id and text, optional
path; read with pyarrow, a row group at a time). The client never holds the texts: a partition is a list
of paths, a byte range of a JSON-lines file or a row group of a Parquet file, and the worker reads it.
Partitions are cut the same way every time from the same input, so an interrupted audit can resume by
partition number.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Iterator

from ..errors import UsageError

FILES_PER_PARTITION = 32
ROWS_PER_PARTITION = 32


@dataclass(frozen=True)
class Partition:
    number: int
    kind: str  # "files" | "jsonl" | "parquet"
    paths: tuple[str, ...] = ()  # files
    table: str = ""  # jsonl, parquet: the table's file
    start: int = 0  # jsonl: byte range; parquet: row group
    end: int = 0
    only: frozenset[str] | None = None  # lint only these documents (a --changed-claims re-audit)

    def restricted(self, names) -> "Partition":
        from dataclasses import replace

        return replace(self, paths=tuple(p for p in self.paths if p in names) if self.kind == "files" else (),
                       only=frozenset(names))


def partition_sizes(documents: int, size: int, taper: bool = False) -> list[int]:
    """How many documents each partition of an archive of `documents` holds: `size`; with `taper`, the last
    two to three partitions' worth is cut in eight smaller ones (quarters, eighths and sixteenths of it).
    Dask runs the partitions in their order (`_run` gives it their priorities), so a worker that runs out of
    work waits at most for the small partition another is finishing, not for a whole one: on 2 workers
    with 24 equal partitions, when the machine's speed changed during the run, the end of an audit waited
    0.64 s on average (5 runs: a tenth to most of a partition), against 0.19 s with these."""
    if not taper or documents < 4 * size or size < 8:
        return [size] * (documents // size) + ([documents % size] if documents % size else [])
    full = (documents - 2 * size) // size
    rest = documents - full * size
    tail = [rest // 4] * 2 + [rest // 8] * 2 + [rest // 16] * 4
    for i in range(rest - sum(tail)):  # what the divisions left (at most 7): one more for each of the first
        tail[i] += 1
    return [size] * full + tail


def file_partitions(files: list[str], sizes: list[int] | int = FILES_PER_PARTITION) -> list[Partition]:
    """The files in partitions of `sizes` documents (one size: all but the last hold that many)."""
    if isinstance(sizes, int):
        sizes = partition_sizes(len(files), sizes)
    out, k = [], 0
    for size in sizes:
        out.append(Partition(len(out), "files", tuple(files[k:k + size])))
        k += size
    return out


def _parquet_metadata(table: str):
    """A Parquet table's metadata, or None for a JSON-lines table (a missing file is a usage error)."""
    if not os.path.isfile(table):
        raise UsageError(f"{table}: no such file")
    if not table.lower().endswith(".parquet"):
        return None
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("reading Parquet needs pyarrow: pip install 'factlint[audit]'") from None
    return pq.ParquetFile(table).metadata


def table_rows(table: str) -> int:
    """How many documents a table holds (its non-blank lines; a Parquet file's row count)."""
    meta = _parquet_metadata(table)
    if meta is not None:
        return meta.num_rows
    with open(table, "rb") as fh:
        return sum(1 for line in fh if line.strip())


def table_partitions(table: str, sizes: list[int] | int = ROWS_PER_PARTITION) -> list[Partition]:
    """A JSON-lines table in partitions of `sizes` rows (as `file_partitions`); a Parquet one by row group."""
    meta = _parquet_metadata(table)
    if meta is not None:
        return [Partition(g, "parquet", table=table, start=g) for g in range(meta.num_row_groups)]
    sizes = [sizes] if isinstance(sizes, int) else sizes or [1]  # past the list's end: its last size
    out: list[Partition] = []
    with open(table, "rb") as fh:
        start = pos = rows = 0
        for line in fh:
            pos += len(line)
            if line.strip():
                rows += 1
            if rows == sizes[min(len(out), len(sizes) - 1)]:
                out.append(Partition(len(out), "jsonl", table=table, start=start, end=pos))
                start, rows = pos, 0
        if rows:
            out.append(Partition(len(out), "jsonl", table=table, start=start, end=pos))
    return out


def _row(row: dict, where: str) -> tuple[str, str]:
    doc_id, text = row.get("id"), row.get("text")
    if doc_id is None or not isinstance(text, str):
        raise ValueError(f"{where}: a document needs an id and a text")
    return str(row.get("path") or doc_id), text


def documents(p: Partition) -> Iterator[tuple[str, str | None]]:
    """(name, text) of each document of a partition (text None: the worker reads the file)."""
    if p.kind == "files":
        for path in p.paths:
            yield path, None
        return
    if p.kind == "jsonl":
        with open(p.table, "rb") as fh:
            fh.seek(p.start)
            data = fh.read(p.end - p.start)
        line_no = 0
        for raw in data.splitlines():
            line_no += 1
            if not raw.strip():
                continue
            try:
                name, text = _row(json.loads(raw), f"{p.table} (partition {p.number}, row {line_no})")
            except json.JSONDecodeError as e:
                raise ValueError(f"{p.table} (partition {p.number}, row {line_no}): not JSON ({e.msg})") from None
            if p.only is None or name in p.only:
                yield name, text
        return
    import pyarrow.parquet as pq

    table = pq.ParquetFile(p.table).read_row_group(p.start)
    columns = set(table.column_names)
    if not {"id", "text"} <= columns:
        raise ValueError(f"{p.table}: a Parquet table of documents needs the columns id and text")
    for i, row in enumerate(table.to_pylist()):
        name, text = _row(row, f"{p.table} (row group {p.start}, row {i + 1})")
        if p.only is None or name in p.only:
            yield name, text
