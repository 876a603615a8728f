"""Issue 12 (found by fuzzing): no exponential regular expression, no overflow on absurd numbers, no
internal error on a damaged cache. Ratios of n and 2n runs bound the growth (generous slack, not a clock)."""
import json
import time

import pytest

from conftest import FIXTURES, lint


@pytest.fixture(scope="module")
def linter():
    from factlint.api import Linter

    return Linter.from_registry_paths([FIXTURES / "frames" / "registry.yaml"])


def _seconds(fn, small: str, large: str) -> tuple[float, float]:
    """The best of three CPU times of `fn` on each text, measured in turns: this process's own time, and a
    machine that slows down meanwhile slows both alike (CI failed once on 'spaced digits' at 4.2x)."""
    best = [float("inf"), float("inf")]
    for _ in range(3):
        for i, text in enumerate((small, large)):
            t = time.process_time()
            fn(text)
            best[i] = min(best[i], time.process_time() - t)
    return best[0], best[1]


def test_an_unclosed_author_year_list_is_linear():
    from factlint.citations import has_citation
    from factlint.source import BlockKind

    class NoMarks:  # a paragraph without links or footnote marks
        marks = ()
        kind = BlockKind.PARAGRAPH

    def shape(n: int) -> str:
        return "About 5% of patients (Smith 2019" + ", 2019" * n

    small, large = _seconds(lambda t: has_citation(t, 0, len(t), NoMarks), shape(2000), shape(4000))
    assert large < 4 * small + 0.01  # exponential before: 18 repeats took over 100 s


@pytest.mark.parametrize("digits", [309, 4301])
def test_absurd_numbers_are_not_claims(linter, digits):
    text = f"About {'9' * digits}% of patients had hives. Also 12% of patients had rashes.\n"
    assert lint(linter, text) == [("FL102", None, "12%")]


@pytest.mark.parametrize("content", ['[1, 2, 3]', '{"format": 3, "entries": [1, 2]}',
                                     '{"format": 3, "entries": {"k": {"diagnostics": [[1]]}}}'])
def test_a_cache_of_another_shape_is_a_miss(tmp_path, content):
    from factlint import cache

    c = cache.Cache(str(tmp_path), "v", "digest")
    with open(c.file, "w") as fh:
        fh.write(content.replace('"format": 3', f'"format": {cache.FORMAT}'))
    assert c.get("k", "a.md") is None


def test_a_failed_cache_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    import os

    from factlint import cache

    c = cache.Cache(str(tmp_path), "v", "digest")
    c._entries, c._dirty = {"k": {"diagnostics": []}}, True

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", full)
    c.save()  # silent: linting goes on without a cache
    assert [p for p in os.listdir(tmp_path) if p.startswith(".tmp-")] == []
    json.dumps(c._entries)


def test_a_killed_worker_ends_the_run_with_errors_not_a_hang(tmp_path, monkeypatch):
    """A worker killed from outside (SIGKILL, as the OOM killer does) must not hang a --jobs 2 run."""
    from factlint import engine
    from factlint.api import Linter

    files = []
    for i in range(6):
        p = tmp_path / f"d{i}.md"
        p.write_text("Hives were seen in 12% of patients.\n" * (i + 1))
        files.append(str(p))
    _REAL.append(engine._lint_batch)
    monkeypatch.setattr(engine, "_lint_batch", _dying)  # forked workers inherit the patched module
    linter = Linter.from_registry_paths([FIXTURES / "frames" / "registry.yaml"])
    started = time.perf_counter()
    results = linter.lint_files(files, jobs=2)
    assert time.perf_counter() - started < 60
    assert [r.path for r in results] == files
    lost = [r for r in results if r.error]
    assert any(r.path.endswith("d5.md") for r in lost) and all("killed" in r.error for r in lost)


_REAL: list = []


def _dying(batch, keep):
    """A batch function whose worker is killed when it gets d5.md (module level: it is pickled by name)."""
    import os
    import signal

    if any(b.endswith("d5.md") for b in batch):
        os.kill(os.getpid(), signal.SIGKILL)
    return _REAL[-1](batch, keep)


def test_a_bogus_html_comment_ends_at_its_own_bracket():
    from factlint.readers import read_source

    src = "<p>About 12% <!x> of patients had hives.</p>"
    (comment,) = read_source("a.html", src).comments
    assert src[comment.start:comment.end] == "<!x>"


def test_a_nul_anywhere_makes_the_file_binary(tmp_path):
    import subprocess
    import sys

    draft = tmp_path / "d.md"
    draft.write_bytes(b"Hives were seen in 12% of patients.\n" * 400 + b"\0tail\n")
    other = tmp_path / "e.md"
    other.write_text("Hives were seen in 12% of patients.\n")
    proc = subprocess.run([sys.executable, "-m", "factlint", "check", "--no-cache", "--registry",
                           str(FIXTURES / "frames" / "registry.yaml"), str(draft), str(other)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "NUL byte" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "e.md:1:20: FL102" in proc.stdout  # the other file is still linted


@pytest.mark.parametrize("space", ["\u00a0", "\u2009", "\u3000"])
def test_a_first_line_of_unicode_space_does_not_shift_positions(linter, space):
    text = f"Intro.\n\n{space}\nHives were seen in 12% of patients.\n"
    (d,) = linter.lint_text(text, "a.md").diagnostics
    assert (d.line, d.column, d.text) == (4, 20, "12%")


_SHAPES = {
    "dash chain": lambda n: "About " + "-".join(["1"] * n) + "% of patients.",
    "or list": lambda n: "Doses of " + " or ".join(["40"] * n) + " mg were used.",
    "vs list": lambda n: "Rates were " + " vs. ".join(["12%"] * n) + " with mepolizumab.",
    "between and": lambda n: "between " + " and ".join(["1"] * n) + " percent",
    "money chain": lambda n: "It costs " + "-".join(["$1,300"] * n) + ".",
    "vague sources": lambda n: "Studies show that it works. " * n,
    "table": lambda n: "| a | b |\n|---|---|\n" + "| 12% of patients | x |\n" * n,
    "time points": lambda n: "At two years, " * n + "45% were attack-free with mepolizumab.",
    "run of percent signs": lambda n: "About 12" + "%" * (20 * n) + " of patients.",
    "run of less-than signs": lambda n: "<" * (20 * n) + "12% of patients.",
    "dots after a claim": lambda n: "About 12% of patients" + "." * (20 * n) + " Next.",
    "spaced dashes": lambda n: "About " + " - ".join(["1"] * n) + "% of patients.",
    "to chain": lambda n: " to ".join(["1"] * n) + " percent",
    "spaced digits": lambda n: " ".join(["1"] * n),
    "blockquote lines": lambda n: "> 12% of patients\n" * n,
    "drug and brand": lambda n: "Nucala (mepolizumab) " * n,
    "comparing sentence": lambda n: ("A response in " + " or ".join(["12%"] * n) + " of patients. This compared "
                                     "with " + " or ".join(["5%"] * n) + " on placebo."),
    "definitions": lambda n: "Severe means more than " + " or ".join(["10%"] * n) + " of the skin.",
}
_HTML_SHAPES = {
    "unclosed tags": lambda n: "<p>" + "<b>" * n + "12% of patients",
    "stray end tags": lambda n: "<p>12% of patients" + "</i>" * n + "</p>",
}


@pytest.mark.parametrize("shape", sorted(_SHAPES))
def test_pathological_shapes_are_linear(linter, shape):
    """Twice the input may cost about twice the time, never four times (quadratic)."""
    make = _SHAPES[shape]
    small, large = _seconds(lambda t: linter.lint_text(t, "d.md"), make(400), make(800))
    assert large < 3.2 * small + 0.02, (shape, small, large)


@pytest.mark.parametrize("shape", sorted(_HTML_SHAPES))
def test_pathological_html_is_linear(linter, shape):
    make = _HTML_SHAPES[shape]
    small, large = _seconds(lambda t: linter.lint_text(t, "d.html"), make(2000), make(4000))
    assert large < 3.2 * small + 0.02, (shape, small, large)


def test_the_collector_guard_nests():
    """Reading and linting are one guarded block inside the command's: an inner block neither unfreezes
    what the outer one froze nor restores the collector's settings early; the outermost restores both."""
    import gc

    from factlint.engine import fewer_gc_pauses

    before = gc.get_threshold()
    with fewer_gc_pauses():
        with fewer_gc_pauses():
            pass
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] >= 100_000
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_judged_documents_results_are_kept_out_of_collections(linter):
    """Inside the guard, each judged document's results are frozen at once (they live until the run ends,
    and the collector would scan each of them once, at a cost in memory traffic); the guard's end gives
    them back to the collector."""
    import gc

    from factlint.engine import fewer_gc_pauses
    from factlint.readers import read_document

    docs = [read_document(f"d{i}.md", b"Hives were seen in 12% of patients.\n") for i in range(2)]
    frozen_after = []
    real = gc.freeze

    def counting_freeze():
        real()
        frozen_after.append(gc.get_freeze_count())

    gc.freeze = counting_freeze
    try:
        with fewer_gc_pauses():
            results = linter.lint_documents(docs)
            tracked = {id(o) for o in gc.get_objects()}  # every generation's objects, not the frozen ones
            assert id(results[0]) not in tracked and id(results[0].facts) not in tracked
    finally:
        gc.freeze = real
    assert len(frozen_after) >= 1 + 1 + len(docs)  # the guard, lint_documents' own, each document
    assert gc.get_freeze_count() == 0


def test_check_runs_in_one_collector_guard_and_restores_the_collector(tmp_path, monkeypatch):
    """`check` sorts and renders its findings inside the guard, and leaves the collector as it found it
    (tests, and servers that run it in-process, go on afterwards)."""
    import gc

    from factlint import engine
    from factlint.cli import main

    seen = []
    real = engine.Linter._lint_documents

    def spy(self, docs, *args, **kwargs):
        seen.append(engine._GUARDED)  # the command's guard, then the reading's
        return real(self, docs, *args, **kwargs)

    monkeypatch.setattr(engine.Linter, "_lint_documents", spy)
    draft = tmp_path / "d.md"
    draft.write_text("Hives were seen in 12% of patients.\n")
    before = gc.get_threshold()
    assert main(["check", "--no-cache", "--quiet", "--fail-on", "never", "--registry",
                 str(FIXTURES / "frames" / "registry.yaml"), str(draft)]) == 0
    assert seen == [2]  # the command's guard and the reading's, around lint_documents
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_audits_client_steps_are_guarded_and_its_cluster_starts_outside_the_guard(tmp_path, monkeypatch):
    """`audit`'s client imports spaCy, parses the registry and merges with fewer collector pauses (a
    re-audit's full collections re-scanned spaCy's heap), but starts its local cluster outside the guard:
    a worker forked inside it would nest each partition's guard in it and never give back its cyclic garbage.
    The collector is as it was afterwards."""
    import gc

    import factlint.audit
    from factlint import engine
    from factlint.cli import main
    from factlint.errors import UsageError

    seen = {}
    real_partitions = factlint.audit.partitions_of

    def partitions(*args):
        seen["begin"] = (engine._GUARDED, gc.get_threshold()[0])
        return real_partitions(*args)

    def client(*args, **kwargs):
        seen["cluster"] = (engine._GUARDED, gc.get_threshold()[0])
        raise UsageError("stop here")

    monkeypatch.setattr(factlint.audit, "partitions_of", partitions)
    monkeypatch.setattr(factlint.audit, "_client", client)
    (tmp_path / "a.md").write_text("Hives were seen in 12% of patients.\n")
    before = gc.get_threshold()
    assert main(["audit", "--out", str(tmp_path / "out"), "-q", "--registry",
                 str(FIXTURES / "frames" / "registry.yaml"), str(tmp_path / "a.md")]) == 2
    assert seen["begin"][0] == 1 and seen["begin"][1] > before[0]
    assert seen["cluster"] == (0, before[0])
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


@pytest.mark.parametrize("warm_up, expected", [
    # `check --jobs` and a re-audit's pool, forked from the main thread: a sample is linted
    ("warm_up()", "[True, True, True, True]"),
    # an audit's cluster, which forks from a thread (factlint.audit._prebuild): nothing is linted (linting
    # exits the child), and what is read only once a number is judged (factlint.verdicts) is not set up
    ("warm_up_without_linting('archive/a.md')", "[True, True, True, False]"),
])
def test_workers_are_forked_after_a_first_document_was_set_up(warm_up, expected):
    """Before forking workers, the parent sets up what a first document sets up lazily (the pipeline, the
    claims builder's and rules' modules, the Markdown reader, the registry's claim index and speller):
    each worker inherits it, where it set it up again."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from factlint.api import Linter\n"
        "from factlint import engine\n"
        f"linter = Linter.from_registry_paths([{str(FIXTURES / 'frames' / 'registry.yaml')!r}])\n"
        "lazy = ('factlint.nlp.pipeline', 'factlint.claims', 'factlint.readers.markdown', 'factlint.verdicts')\n"
        "before = [m in sys.modules for m in lazy]\n"
        + ("" if warm_up == "warm_up()" else
           "engine.Linter.lint_documents = lambda *a, **k: sys.exit('a sample was linted')\n")
        + f"linter.{warm_up}\n"
        "print(before, [m in sys.modules for m in lazy],"
        " sorted(k for k in ('claim_index', 'speller') if k in vars(linter.knowledge)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[0] == f"[False, False, False, False] {expected} ['claim_index', 'speller']"


def test_check_jobs_and_a_reaudits_pool_warm_up_before_forking(tmp_path, monkeypatch):
    import os

    from factlint import engine
    from factlint.audit import _prebuild
    from factlint.audit.inputs import Partition
    from factlint.audit.worker import AuditSpec
    from factlint.cli import main

    warmed, set_up = [], []
    monkeypatch.setattr(engine.Linter, "warm_up", lambda self: warmed.append(self))
    monkeypatch.setattr(engine.Linter, "warm_up_without_linting", lambda self, path: set_up.append(path))
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("Hives were seen in 12% of patients.\n" * 50)
    registry = str(FIXTURES / "frames" / "registry.yaml")
    assert main(["check", "--no-cache", "--quiet", "--fail-on", "never", "--jobs", "2", "--registry", registry,
                 str(tmp_path / "a.md"), str(tmp_path / "b.md")]) == 0
    assert len(warmed) == 1
    parts = [Partition(0, "files", (str(tmp_path / "a.md"),))]
    _prebuild(AuditSpec(os.getcwd(), (registry,)), parts)  # before a Dask cluster's start: not warmed
    assert len(warmed) == 1 and set_up == [str(tmp_path / "a.md")]  # set up without linting, for a.md's reader
    _prebuild(AuditSpec(os.getcwd(), (registry,)), parts, warm=True)  # a re-audit's pool
    assert len(warmed) == 2
