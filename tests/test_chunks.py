"""Chunks (factlint.engine._chunks): the blocks of short documents share one spaCy Doc, and a document's
findings do not depend on which other documents' blocks share its chunks."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from factlint import engine  # noqa: E402
from factlint.readers import read_document  # noqa: E402

# Short drafts about the fixture registry's field (tests/fixtures/diabetes), written for this test: numbers
# that agree and disagree with its claims, an uncited statistic, a vague source, a misspelt brand, a
# footnote, a table and a list, so that every kind of analysis a block gets is made.
DRAFTS = [
    ("a.md", "# Metformin\n\nIn STEADY-1, remission lasted a median of 9 months with metformin.\n\n"
             "- About 11.6% of people in the US have diabetes.\n- Experts say 40% of them never know it.\n"),
    ("b.md", "# Costs\n\nGlucophaeg costs $4 a month at most pharmacies, and 23% of patients skip doses.\n"),
    ("c.txt", "Studies show that metformin lowers HbA1c by about 3 percentage points.\n\n"
              "The maximum daily dose of metformin is 2,550 mg.[1]\n"),
    ("d.md", "| arm | remission |\n|---|---|\n| metformin | 14 months |\n| placebo | 11 months |\n\n"
             "In STEADY 1, remission with placebo lasted a median of 6 months.\n"),
    ("e.md", "## Nothing to judge\n\nA short note with no numbers at all.\n"),
    ("f.md", "Type 2 diabetes affects about 30% of American adults, a recent survey found.\n"),
]


def _documents(drafts=DRAFTS):
    return [read_document(path, text.encode("utf-8")) for path, text in drafts]


def _findings(result) -> list[tuple]:
    return [(d.path, d.line, d.column, d.end_line, d.end_column, d.code, d.registry_id, d.message)
            for d in result.diagnostics]


def test_short_documents_share_a_chunk_and_each_keeps_its_blocks_in_order():
    docs = _documents()
    chunks = list(engine._chunks(docs))
    assert len(chunks) == 1  # all of them fit in one chunk of CHUNK_CHARS
    chunk = chunks[0]
    assert chunk.owners == [di for di, d in enumerate(docs) for _ in d.blocks]
    assert chunk.texts == [b.text for d in docs for b in d.blocks]
    for offset, length, text in zip(chunk.offsets, chunk.lengths, chunk.texts):
        assert chunk.text[offset:offset + length] == text
    # blocks are joined by a blank line, also where one document ends and the next begins
    assert all(chunk.text[a + n:b] == "\n\n" for a, n, b in zip(chunk.offsets, chunk.lengths, chunk.offsets[1:]))


def test_a_chunk_holds_at_most_chunk_chars_unless_one_block_is_longer(monkeypatch):
    monkeypatch.setattr(engine, "CHUNK_CHARS", 120)
    docs = _documents()
    chunks = list(engine._chunks(docs))
    assert 1 < len(chunks)
    assert any(len(set(c.owners)) > 1 for c in chunks)  # some chunk still holds two documents
    for c in chunks:
        assert len(c.text) <= 120 or len(c.texts) == 1
    assert [t for c in chunks for t in c.texts] == [b.text for d in docs for b in d.blocks]


@pytest.mark.parametrize("chunk_chars", [60, 200, 1000, 50_000])
def test_documents_linted_together_get_what_each_gets_alone(diabetes_linter, monkeypatch, chunk_chars):
    alone = [_findings(diabetes_linter.lint_documents([d])[0]) for d in _documents()]
    codes = {f[5] for findings in alone for f in findings}
    assert {"FL101", "FL102", "FL201", "FL302"} <= codes  # the comparison is not of empty lists
    monkeypatch.setattr(engine, "CHUNK_CHARS", chunk_chars)
    together = diabetes_linter.lint_documents(_documents())
    assert [_findings(r) for r in together] == alone
    # and in another order, each document beside other neighbours
    reordered = diabetes_linter.lint_documents(_documents(DRAFTS[::-1]))
    assert [_findings(r) for r in reordered] == alone[::-1]


def test_kept_analyses_judge_each_document_as_alone(diabetes_linter):
    """An audit keeps each document's analyses (keep_analyses) and may judge them again later without the
    pipeline: made in a chunk shared with other documents, they give the findings the document gets alone.
    (Their bytes hold chunk positions, which differ: only what judging them gives is compared.)"""
    together = diabetes_linter.lint_documents(_documents(), keep_analyses=True)
    for doc, result in zip(_documents(), together):
        alone = diabetes_linter.lint_documents([doc])[0]
        judged = diabetes_linter.judge_stored(doc, result.analyses)
        assert judged is not None and _findings(judged) == _findings(alone)


def test_each_document_ends_in_the_chunk_that_holds_its_last_block(monkeypatch):
    monkeypatch.setattr(engine, "CHUNK_CHARS", 120)
    drafts = DRAFTS[:2] + [("empty.md", "<!-- nothing but a comment -->\n")] + DRAFTS[2:]
    docs = _documents(drafts)
    assert not docs[2].blocks
    chunks = list(engine._chunks(docs))
    assert any(len({k for k, c in enumerate(chunks) if di in c.owners}) > 1 for di in range(len(docs)))
    for di, d in enumerate(docs):
        ends = [k for k, c in enumerate(chunks) if di in c.ended]
        holding = [k for k, c in enumerate(chunks) if di in c.owners]
        assert ends == ([holding[-1]] if d.blocks else [])  # a document without blocks ends in none


def test_documents_are_taken_as_the_stream_reaches_them_and_judged_as_soon_as_they_end(diabetes_linter,
                                                                                       monkeypatch):
    """A large run holds only the documents its spaCy stream is at: each is taken from the iterable when the
    stream reaches it, and judged (and its text let go, as `keep` says) once its last chunk is through."""
    monkeypatch.setattr(engine, "CHUNK_CHARS", 60)
    judged_when_taken: list[int] = []
    judged = []

    def taken():
        for d in _documents(DRAFTS * 4):
            judged_when_taken.append(len(judged))
            yield d

    results = diabetes_linter.lint_documents(taken(), judged.append, keep="findings")
    assert len(results) == len(DRAFTS) * 4 == len(judged)
    # nlp.pipe reads a batch of chunks ahead, so the first few are taken before any is judged, not all
    assert judged_when_taken[-1] > 0
    assert all(r.document is None and r.facts is None and not r.lines for r in results)
    alone = [_findings(diabetes_linter.lint_documents([d])[0]) for d in _documents()]
    assert [_findings(r) for r in results] == alone * 4


def test_then_gets_each_result_as_its_document_is_judged_and_its_return_is_kept_instead(diabetes_linter,
                                                                                        monkeypatch):
    """`then` (an audit worker's line of a result) is called once per document, in order, as soon as the
    document is judged, with the whole result (its facts, analyses); what it returns takes the result's
    place, so the document itself is let go at once, not at the end of the run."""
    import gc
    import weakref

    monkeypatch.setattr(engine, "CHUNK_CHARS", 60)
    docs = _documents(DRAFTS * 3)
    refs = [weakref.ref(d) for d in docs]
    alive_when_judged: list[int] = []
    untaken_when_judged: list[int] = []

    def then(result):
        assert result.facts is not None and result.analyses  # the whole result, before `keep` applies
        untaken_when_judged.append(len(docs))
        gc.collect()
        alive_when_judged.append(sum(1 for ref in refs[:len(alive_when_judged)] if ref() is not None))
        return (result.path, _findings(result))

    def taken():
        while docs:
            yield docs.pop(0)  # the caller keeps none of them

    got = diabetes_linter.lint_documents(taken(), keep_analyses=True, keep="findings", then=then)
    assert [path for path, _ in got] == [path for path, _ in DRAFTS * 3]
    alone = [_findings(diabetes_linter.lint_documents([d])[0]) for d in _documents()]
    assert [findings for _, findings in got] == alone * 3
    assert alive_when_judged == [0] * len(DRAFTS) * 3  # no document judged before is still held
    assert untaken_when_judged[0] > 0  # the first was judged while the stream had documents still to take


def test_results_are_freed_as_soon_as_nothing_holds_them(diabetes_linter, tmp_path):
    """Nothing the engine leaves behind holds a run's results in a reference cycle (compiled, a function's
    inner functions share one scope object: one that refers to another closes a cycle), so a caller that
    drops them frees them at once, not at the cyclic collector's next full pass."""
    import gc
    import weakref

    files = []
    for path, text in DRAFTS:
        (tmp_path / path).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / path))
    gc.collect()
    gc.disable()
    try:
        for lint in (lambda: diabetes_linter.lint_documents(_documents()), lambda: diabetes_linter.lint_files(files)):
            results = lint()
            assert len(results) == len(DRAFTS) and all(r.document is not None for r in results)
            refs = [weakref.ref(r) for r in results]
            del results
            assert [ref() for ref in refs] == [None] * len(DRAFTS)
    finally:
        gc.enable()


def test_what_a_result_keeps_is_one_of_three(diabetes_linter):
    with pytest.raises(ValueError, match="keep must be one of document, lines, findings"):
        diabetes_linter.lint_documents(_documents(), keep="everything")
