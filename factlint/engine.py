"""The engine: drafts in, raw results out, against one registry.

`Linter` builds the spaCy pipeline once (on first use), sends the blocks of every draft through one
`nlp.pipe` stream in chunks, turns each document into facts (factlint.facts) and runs every rule over
them. It returns raw results: every rule's findings with the draft's suppression directives; policy
(select/ignore, suppressions, severities, baseline) is applied by factlint.project. With `jobs` > 1 the
files are linted in a pool of forked processes that inherit the built pipeline.
"""
from __future__ import annotations

import contextlib
import gc
import os
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

from .errors import InputError
from .facts import DocumentFacts
from .findings import Diagnostic, Finding, Severity
from .fingerprint import fingerprint, sentence_around
from .nlp.sentences import sentence_starts as split_sentences
from .knowledge import Context, Knowledge
from .registry.model import Registry
from .results import KEEPS, FileResult, LintResult
from .rules import BY_CODE, CHECKS, lookup
from .settings import DEFAULT_MAX_FILE_SIZE, Selection
from .source import Document


@dataclass
class Linter:
    registry: Registry
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    annotate: bool = False  # also return every claim and mention with its verdict (factlint.annotations)
    _nlp: object = field(default=None, repr=False)
    _knowledge: Knowledge | None = field(default=None, repr=False)

    @classmethod
    def from_registry_paths(cls, paths: Sequence[str | os.PathLike], **kwargs) -> "Linter":
        from .registry import load_registry

        return cls(load_registry(list(paths)), **kwargs)

    # ---- the pipeline, built once ------------------------------------------------------------------
    @property
    def nlp(self):
        if self._nlp is None:
            from .nlp.pipeline import build_nlp

            self._nlp = build_nlp(self.registry)
            self._nlp.max_length = max(self._nlp.max_length, self.max_file_size + 1)
        return self._nlp

    @property
    def knowledge(self) -> Knowledge:
        """What the rules know about the registry (metric specs, claim index, speller), built on first use."""
        if self._knowledge is None:
            self._knowledge = Knowledge(self.registry)
        return self._knowledge

    def warm_up(self) -> None:
        """Build the pipeline and lint a short sample, before forking workers: what a first document sets up
        lazily (the modules of claims, rules and the Markdown reader, their patterns, the registry's claim
        index and speller) is then set up once, here, where each forked worker did it again (about 0.15 s
        of each one's time, with the copies of the parent's pages it touched, against 0.1 s here)."""
        self.nlp
        self.lint_text(_WARM_UP_SAMPLE, "warm-up.md")

    def warm_up_without_linting(self, path: str = "warm-up.md") -> None:
        """What a first document sets up lazily, without running the pipeline on a sample as `warm_up` does
        (for processes forked from a thread: a Dask cluster's): the pipeline, what judging reads
        (`warm_up_judging`), and the reader of `path`'s kind with its parser. Most of what `warm_up` saves
        each forked worker: in-process, a first document then costs 0.03 s more than later ones, against
        0.11 s with nothing set up."""
        from .readers import read_document

        self.nlp
        self.warm_up_judging()
        read_document(path, _WARM_UP_SAMPLE.encode("utf-8"))

    def warm_up_judging(self) -> None:
        """What judging stored analyses reads (`judge_stored`), set up before forking: the modules of claims
        and rules and the registry's claim index, speller and vocabulary digest; no pipeline, no spaCy."""
        from . import claims, rules  # noqa: F401

        k = self.knowledge
        k.vocabulary_digest, k.claim_index, k.specs, k.speller, k.entities_of_name

    @property
    def specs(self) -> dict:
        return self.knowledge.specs

    @property
    def claim_index(self):
        return self.knowledge.claim_index

    # ---- entry points ------------------------------------------------------------------------------
    def lint_text(self, text: str, path: str = "<string>") -> FileResult:
        """Lint a string; `path` picks the reader by its extension (Markdown for .md, HTML, else text)."""
        from .readers import read_document

        doc = read_document(path, text.encode("utf-8"))
        return self.lint_documents([doc])[0]

    def lint_paths(self, paths: Iterable[str], jobs: int = 1) -> LintResult:
        """Lint files and folders. `jobs` > 1 lints in that many processes (0: one per core when the
        input is large enough to gain); the result is the same as with one."""
        from .config import config_for
        from .discovery import discover

        # the files `factlint check` would lint (.gitignore, the nearest configuration's include/exclude)
        found: dict = {}
        files, errors = discover(paths, lambda p: config_for(os.path.dirname(os.path.abspath(p)) or ".", found))
        return LintResult(tuple(self.lint_files(files, jobs)), tuple(errors))

    def lint_files(self, files: Sequence[str], jobs: int = 1, progress: Callable[[int], None] | None = None,
                   keep: str = "document") -> list[FileResult]:
        """Lint these files (in order); `progress(n)` is called as each n more files are done. `keep`: what
        each result keeps of its draft (factlint.results.KEEPS; results from other processes keep at most
        the lines)."""
        files = list(files)
        _check_keep(keep)
        if jobs == 0:
            jobs = auto_jobs(files)
        if jobs > 1 and len(files) > 1:
            return self._lint_parallel(files, jobs, progress, keep)
        return self._lint_files(files, progress, keep)

    def _lint_parallel(self, files: list[str], jobs: int, progress=None, keep: str = "document") -> list[FileResult]:
        import multiprocessing as mp

        if "fork" not in mp.get_all_start_methods():
            return self._lint_files(files, progress, keep)
        sent = "findings" if keep == "findings" else "lines"  # (a document does not travel between processes)
        self.warm_up()  # build once, before forking: the workers inherit it
        # Several batches per process so that the processes finish together and progress can be shown; the
        # result is put back in input order.
        sizes = {f: _size(f) for f in files}
        batches = balanced_batches(files, sizes.__getitem__, jobs * 8)
        n = len(batches)
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        by_path: dict[str, FileResult] = {}
        # With fork, a worker's initargs are inherited, not pickled: each worker gets this very Linter
        # (and its built pipeline) for free; the parent keeps no global state. A worker killed from
        # outside (the kernel's OOM killer) breaks the pool: its files, and those not yet linted, are
        # reported as errors instead of the run waiting for ever (multiprocessing.Pool would).
        with ProcessPoolExecutor(min(jobs, n), mp_context=mp.get_context("fork"), initializer=_start_worker,
                                 initargs=(self,)) as pool:
            futures = {pool.submit(_lint_batch, batch, sent): batch for batch in batches}
            for future in as_completed(futures):
                try:
                    part = future.result()
                except BrokenProcessPool:
                    part = [FileResult(f, error=f"{f}: the process linting it was killed (out of memory?); "
                                                "lint it again, with --jobs 1 to see") for f in futures[future]]
                by_path.update((r.path, r) for r in part)
                if progress:
                    progress(len(part))
        return [by_path[f] for f in files]

    def _lint_files(self, files: list[str], progress=None, keep: str = "document") -> list[FileResult]:
        with fewer_gc_pauses():  # reading makes many objects too (blocks, source maps)
            return self._read_and_lint(files, progress, keep)

    def _read_and_lint(self, files: list[str], progress=None, keep: str = "document") -> list[FileResult]:
        results: dict[str, FileResult] = {}
        for r in self._lint_documents(_read_each(self, files, results, progress), progress, keep=keep):
            results[r.path] = r
        return [results[p] for p in files if p in results]

    def read(self, path: str) -> Document:
        from .readers import read_document

        try:
            size = os.path.getsize(path)
            if size > self.max_file_size:
                raise InputError(f"file is {size / 1e6:.1f} MB, larger than the {self.max_file_size / 1e6:.0f} MB "
                                 "limit (raise it with --max-file-size)", path)
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as e:
            raise InputError(e.strerror or str(e), path) from None
        return read_document(path, data)

    def lint_documents(self, docs: Iterable[Document], progress: Callable[[int], None] | None = None,
                       keep_analyses: bool = False, keep: str = "document",
                       then: Callable[[FileResult], Any] | None = None) -> list:
        """Lint documents (in order); `keep_analyses`: each result also holds what the pipeline found in the
        document, as bytes (`FileResult.analyses`), to judge it again later with `judge_stored`; `keep`: what
        each result keeps of its draft (factlint.results.KEEPS). `then`: each result is given to it as soon
        as its document is judged, and what it returns is kept in the result's place (an audit worker's
        line of it: made while the document is fresh in the cache, and the document freed at once)."""
        _check_keep(keep)
        with fewer_gc_pauses():
            return self._lint_documents(docs, progress, keep_analyses, keep, then)

    def judge_stored(self, document: Document, analyses: bytes) -> FileResult | None:
        """The result of linting `document`, judged from the analyses a lint with `keep_analyses` kept, without
        the pipeline (no spaCy); None if they are not this document's under this registry's vocabulary
        (factlint.analyses), and it must be linted."""
        from .analyses import decode

        decoded = decode(analyses, document, self.knowledge.vocabulary_digest)
        if decoded is None:
            return None
        return self._judge(document, decoded, analyses)

    def _lint_documents(self, docs: Iterable[Document], progress=None, keep_analyses: bool = False,
                        keep: str = "document", then: Callable[[FileResult], Any] | None = None) -> list:
        # One nlp.pipe stream over the chunks of all documents, each document taken from `docs` when the
        # stream reaches it; a document is judged as soon as its last chunk is through (so progress can be
        # shown, its spaCy Docs freed, and, as `keep` says, its text and facts: a run over a large tree
        # holds only what it will report).
        from .claims import split_chunk

        vocabulary = None  # of the kept analyses, if asked for (`check` is not: it imports nothing of them)
        if keep_analyses:
            from .analyses import encode

            vocabulary = self.knowledge.vocabulary_digest
        held: list[Document | None] = []  # the documents the stream has reached, until judged
        analyses: dict[int, list] = {}
        out: list[FileResult | None] = []
        # Misspelt drug names, read per chunk from its tokens, if FL201 or the number facts will ask
        speller = self.knowledge.speller if self.enabled("FL201") or self.knowledge.entities_of_name else None
        ahead: deque[_Chunk] = deque()  # chunks nlp.pipe has taken (it reads a batch ahead), in order

        # (No inner function refers to another: compiled, a function's closures share one scope object,
        # which would then be in a reference cycle and hold the results until a full collection.)
        def judge(di: int) -> None:
            blocks = analyses.pop(di, [])
            kept = encode(blocks, vocabulary) if vocabulary else None
            judged = self._judge(held[di], blocks, kept)  # type: ignore[arg-type]
            out[di] = judged.keeping(keep) if then is None else then(judged)
            held[di] = None
            _keep_out_of_collections()
            if progress:
                progress(1)

        for doc in self.nlp.pipe(_texts_of(_chunks(_reached(docs, held, out)), ahead), batch_size=8):
            chunk = ahead.popleft()
            blocks = split_chunk(doc, chunk.offsets, chunk.lengths, chunk.texts)
            if speller is not None:
                for a, misspelt in zip(blocks, speller.chunk_misspellings(doc, chunk.offsets, chunk.lengths)):
                    a.misspelt = misspelt
            for di, a in zip(chunk.owners, blocks):  # (each document's blocks, in order)
                analyses.setdefault(di, []).append(a)
            for di in chunk.ended:
                judge(di)
        for di, d in enumerate(held):
            if d is not None:  # a document without text blocks
                judge(di)
        return out  # type: ignore[return-value]

    def _read_misspelled_names(self, analyses: list) -> dict[int, list]:
        """A misspelt drug name ("Mavryet") still names its arm for the numbers of its block: without it,
        "$13,200 per month" next to it would be read as the price of another drug of the sentence. (FL201
        reports the spelling, from the misspellings found here, by block; the mention is not added to the
        drugs, so no drug rule reads it.)"""
        knowledge = self.knowledge
        # (read for every block by _lint_documents whenever the registry has entities or FL201 is on)
        found: dict[int, list] = {bi: a.misspelt for bi, a in enumerate(analyses) if a.misspelt is not None}
        if not knowledge.entities_of_name:
            return found
        for bi, misspelt in found.items():
            if not misspelt or not analyses[bi].quantities:
                continue
            extra = [(start, end, "entity:" + e) for start, end, name in misspelt
                     for e in knowledge.entities_of_name.get(name, ())]
            if extra:
                analyses[bi].add_terms(extra)
        return found

    def _judge(self, d: Document, analyses: list, kept: bytes | None = None) -> FileResult:
        """Facts, findings and directives of a document from its blocks' analyses (`kept`: those, encoded)."""
        from .claims import build_facts
        from .suppressions import parse_directives

        misspelt = self._read_misspelled_names(analyses)
        facts = build_facts(d, analyses)
        ctx = Context(facts, self.knowledge, misspelt)
        findings: list[Finding] = []
        selection = self.selection
        for rule in CHECKS:
            if selection.enabled(rule.code):
                findings.extend(rule.check(ctx))
        directives = parse_directives(d.comments, d.line_index, _rule_code) if d.comments else ()
        annotations = ()
        if self.annotate:
            from .annotations import annotate

            annotations = annotate(d, ctx)
        # The verdicts are computed only if a rule asked for them; with none, no claim's value was read.
        read = frozenset(c for v in ctx.__dict__.get("verdicts", ()) for c in v.read)
        return FileResult(d.path, tuple(self.diagnostics(d, findings, facts)), facts, d,
                          directives=directives, annotations=annotations,
                          source=d.source if self.annotate else None, claims_read=read, analyses=kept)

    # ---- findings to diagnostics -------------------------------------------------------------------
    @property
    def selection(self) -> Selection:
        return Selection(tuple(self.select), tuple(self.ignore))

    def enabled(self, code: str) -> bool:
        return self.selection.enabled(code)

    def diagnostics(self, doc: Document, findings: Iterable[Finding], facts: DocumentFacts | None = None
                    ) -> list[Diagnostic]:
        """Findings (block offsets) as diagnostics (file positions, rule name, severity, registry origin)."""
        out = []
        selection = self.selection
        split: dict[int, Sequence[int]] = {}  # blocks the facts did not need split (no number, drug or trial)
        for f in findings:
            if not selection.enabled(f.code):
                continue
            rule = BY_CODE[f.code]
            sentences = facts.blocks[f.block].sentences if facts is not None else (0,)
            if len(sentences) == 1:
                if f.block not in split:
                    split[f.block] = split_sentences(doc.blocks[f.block].text)
                sentences = split[f.block]
            entry = self.registry.entry(f.registry_id) if f.registry_id else None
            origin = getattr(entry, "origin", None)
            out.append(to_diagnostic(doc, f, rule.name, rule.severity, sentences,
                                     (origin.path, origin.line) if origin is not None else None))
        return sorted(out, key=lambda d: d.sort_key)


# Blocks go through spaCy in chunks of about this many characters, joined by blank lines (a sentence
# boundary, and a whitespace token no phrase pattern crosses): one spaCy Doc per block made the per-Doc
# overhead cost more than tokenizing, as drafts have many short blocks (headings, list items, rows). A
# chunk holds the blocks of several documents when they are short (an archive's articles, a content
# repository's pages): each chunk costs a fixed share (its Doc, the number and word passes, cutting it
# into blocks), which was about a tenth of linting a 400-word article alone. What is found in a block
# depends on its text only (the blank lines isolate it), so a document's findings are the same whichever
# blocks share its chunks. Each chunk's passes also touch the same tables again (the phrase index, the
# token questions' answers) and ask once per distinct word, which grows more slowly than the chunk: chunks
# of 100,000 characters linted 2,000 short articles and the seed corpus 1% to 4% faster than chunks of
# 50,000 (alternating runs, two states of the machine); 200,000 was no faster on the seeds.
CHUNK_CHARS = 100_000
_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class _Chunk:
    """Consecutive blocks, joined by blank lines into `text`: per block, the index of its document
    (a document's blocks are consecutive and in order), its offset in `text`, its length and its text."""

    owners: list[int]
    offsets: list[int]
    lengths: list[int]
    texts: list[str]
    text: str
    ended: list[int]  # the documents whose last block is in this chunk


def _check_keep(keep: str) -> None:
    if keep not in KEEPS:
        raise ValueError(f"keep must be one of {', '.join(KEEPS)}, not {keep!r}")


def _read_each(linter: Linter, files: Iterable[str], errors: dict[str, FileResult], progress=None
               ) -> Iterator[Document]:
    """Each file read when the stream reaches it; one that cannot be read becomes an error in `errors`."""
    for path in files:
        try:
            document = linter.read(path)
        except InputError as e:
            errors[path] = FileResult(path, error=str(e))
            if progress:
                progress(1)
            continue
        _keep_out_of_collections()
        yield document


def _reached(docs: Iterable[Document], held: list, out: list) -> Iterator[Document]:
    """`docs`, each noted in `held` (and its result's place in `out`) as the stream takes it."""
    for d in docs:
        held.append(d)
        out.append(None)
        yield d


def _texts_of(chunks: Iterable[_Chunk], ahead: deque) -> Iterator[str]:
    """The chunks' texts for nlp.pipe, each chunk queued in `ahead` until its Doc comes back."""
    for chunk in chunks:
        ahead.append(chunk)
        yield chunk.text


def _chunks(docs: Iterable[Document]) -> Iterator[_Chunk]:
    """The documents' blocks, in order, in chunks of at most CHUNK_CHARS characters (a longer block alone)."""
    owners: list[int] = []
    offsets: list[int] = []
    lengths: list[int] = []
    texts: list[str] = []
    parts: list[str] = []
    ended: list[int] = []
    size = 0
    for di, d in enumerate(docs):
        for b in d.blocks:
            if parts and size + len(b.text) > CHUNK_CHARS:
                yield _Chunk(owners, offsets, lengths, texts, "".join(parts), ended)
                owners, offsets, lengths, texts, parts, ended, size = [], [], [], [], [], [], 0
            if parts:
                parts.append(_SEPARATOR)
                size += len(_SEPARATOR)
            owners.append(di)
            offsets.append(size)
            lengths.append(len(b.text))
            texts.append(b.text)
            parts.append(b.text)
            size += len(b.text)
        if d.blocks:
            ended.append(di)
    if parts:
        yield _Chunk(owners, offsets, lengths, texts, "".join(parts), ended)


_GUARDED = 0  # how many fewer_gc_pauses blocks are open (only the outermost one changes the collector)


@contextlib.contextmanager
def fewer_gc_pauses():
    """Linting allocates millions of small, short-lived objects without reference cycles; the default
    collector thresholds make it re-scan spaCy's large heap again and again (about a quarter of the run).
    Objects that exist before linting (spaCy, the pipeline, the registry) are frozen out of collection
    and generation 0 collects less often; the previous settings come back afterwards. Blocks nest (each
    freezes what was built since; the outermost restores the collector): reading the files and linting
    them are one block, and `check` runs whole in one (its sorting and rendering of a large run's findings
    would otherwise pay full collections of the results' objects)."""
    global _GUARDED
    outermost = _GUARDED == 0
    old = gc.get_threshold()
    gc.freeze()
    if outermost:
        gc.set_threshold(max(old[0], 100_000), max(old[1], 50), max(old[2], 100))
    _GUARDED += 1
    try:
        yield
    finally:
        _GUARDED -= 1
        if outermost:
            gc.set_threshold(*old)
            gc.unfreeze()


def _keep_out_of_collections() -> None:
    """Inside a guard, after a document is read and after it is judged: what is alive then (the document,
    its results) lives until the run ends, so it is frozen too. The collector then never scans it, where
    each object alive at a collection was otherwise scanned once, touching every object it refers to:
    scattered in memory, that was about 4% of a large run. (What is frozen and dies later is still freed
    by its reference count; only cyclic garbage among it waits for the guard's end.)"""
    if _GUARDED:
        gc.freeze()


# What a first document holds: a heading, a list, a statistic with a unit and an interval, a dose, a
# drug-like word, a footnote.
_WARM_UP_SAMPLE = ("# Results\n\nAbout 12% of patients (95% CI, 8% to 16%) had a response to 600 mg twice "
                   "daily of examplinib [1].\n\n- Median overall survival was 6.8 years.\n")
_WORKER_LINTER: "Linter | None" = None  # in a pool's worker process only (set by _start_worker)
PARALLEL_MIN_BYTES = 2 * 1024 * 1024  # below this, starting workers costs more than it saves


def _rule_code(word: str) -> str | None:
    rule = lookup(word)
    return rule.code if rule else None


def _start_worker(linter: "Linter") -> None:
    global _WORKER_LINTER
    _WORKER_LINTER = linter


def _lint_batch(files: list[str], keep: str) -> list[FileResult]:
    assert _WORKER_LINTER is not None, "only called in a pool started by Linter._lint_parallel"
    return _WORKER_LINTER._lint_files(files, keep=keep)


def balanced_batches(items: Sequence, weight: Callable, n: int) -> list[list]:
    """`items` in at most `n` non-empty batches of about equal weight: heaviest first, each into the batch
    lightest so far (ties in input order)."""
    batches: list[list] = [[] for _ in range(min(n, len(items)))]
    loads = [0] * len(batches)
    for item in sorted(items, key=lambda x: -weight(x)):
        k = loads.index(min(loads))
        batches[k].append(item)
        loads[k] += weight(item)
    return [b for b in batches if b]


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def auto_jobs(files: Sequence[str]) -> int:
    if len(files) < 2 or sum(_size(f) for f in files) < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, len(files), 8))


def to_diagnostic(doc: Document, f: Finding, rule: str, severity: Severity,
                  sentence_starts: Sequence[int] = (0,), registry_origin: tuple[str, int] | None = None
                  ) -> Diagnostic:
    block = doc.blocks[f.block]
    start, end = block.map.to_source(f.start, f.end)
    line, col = doc.line_index.position(start)
    end_line, end_col = doc.line_index.position(max(start, end))
    text = block.text[f.start:f.end]
    context = sentence_around(block.text, tuple(sentence_starts), f.start, f.end)
    return Diagnostic(doc.path, line, col, end_line, end_col, start, end, f.code, rule, severity, f.message,
                      f.registry_id, f.source, f.source_url, f.claim, text,
                      fingerprint(f.code, f.registry_id, text, context), fix=source_fix(doc, f),
                      registry_origin=registry_origin)


def source_fix(doc: Document, f: Finding):
    """The finding's fix in source offsets, or None when an edit does not map onto the source verbatim
    (markup inside the words: the fix would not be safe to apply to the file)."""
    if f.fix is None:
        return None
    from .findings import Edit, Fix

    block = doc.blocks[f.block]
    edits = []
    for e in f.fix.edits:
        s, t = block.map.to_source(e.start, e.end)
        if doc.source[s:t] != block.text[e.start:e.end]:
            return None
        edits.append(Edit(s, t, e.content))
    return Fix(f.fix.message, tuple(edits), f.fix.safe)
