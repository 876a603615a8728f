"""The registry parsed in a forked child during start-up (factlint.registry.background): the same registry,
the same errors, and a fallback when the child fails. Forking runs in a fresh interpreter (pytest's own
process may hold threads, where the module rightly refuses to fork)."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from factlint.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = str(ROOT / "claims" / "lipids")  # a folder of several files, with claims, drugs and trials

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _run(script: str, prelude: bool = True) -> subprocess.CompletedProcess:
    code = (_PRELUDE if prelude else "") + textwrap.dedent(script)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


_PRELUDE = """
import os, pickle, sys
import factlint.registry.background as bg
from factlint.registry import load_registry
bg._cores = lambda: 2  # as on a two-core machine, whatever this one has
forks = []
real_fork = os.fork
def counting_fork():
    forks.append(1)
    return real_fork()
os.fork = counting_fork
ran_here = []
work = lambda: ran_here.append(os.getpid())
"""


def test_registry_pickles_to_an_equal_registry():
    registry = load_registry([FIXTURE])
    again = pickle.loads(pickle.dumps(registry))
    assert again == registry and again.digest == registry.digest
    assert again.claims.keys() == registry.claims.keys()
    with pytest.raises(TypeError):
        again.claims["x"] = None  # still read-only


def test_child_parses_the_same_registry_while_work_runs_here(tmp_path):
    p = _run(f"""
        got = bg.load_registry_during([{FIXTURE!r}], work)
        assert forks == [1], forks
        assert ran_here == [os.getpid()], ran_here
        assert got == load_registry([{FIXTURE!r}])
        print(len(got.claims))
    """)
    assert p.returncode == 0, p.stderr
    assert int(p.stdout) == len(load_registry([FIXTURE]).claims) > 0


def test_a_registry_error_is_the_one_a_plain_parse_gives(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("claims:\n  - id: x\n    bogus: 1\n", encoding="utf-8")
    p = _run(f"""
        from factlint.errors import RegistryError
        try:
            load_registry([{str(bad)!r}])
        except RegistryError as e:
            plain = str(e)
        try:
            bg.load_registry_during([{str(bad)!r}], work)
        except RegistryError as e:
            assert forks == [1] and str(e) == plain, (forks, str(e), plain)
            print("same error")
    """)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "same error"


def test_a_failing_child_falls_back_to_parsing_here():
    p = _run(f"""
        def broken(*a, **k):
            raise RuntimeError("the child cannot send")
        bg.pickle.dumps = broken  # fails in the child only: the parent never pickles
        got = bg.load_registry_during([{FIXTURE!r}], work)
        assert forks == [1] and ran_here == [os.getpid()]
        assert got == load_registry([{FIXTURE!r}])
        print("fallback")
    """)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "fallback"


def test_no_fork_with_another_thread_or_one_core():
    p = _run(f"""
        import threading
        stop = threading.Event()
        t = threading.Thread(target=stop.wait); t.start()
        got = bg.load_registry_during([{FIXTURE!r}], work)
        stop.set(); t.join()
        bg._cores = lambda: 1
        got2 = bg.load_registry_during([{FIXTURE!r}], work)
        assert forks == [] and len(ran_here) == 2 and got == got2 == load_registry([{FIXTURE!r}])
        print("no fork")
    """)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "no fork"


def test_cold_check_output_is_the_same_with_and_without_the_child(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text((ROOT / "examples" / "draft.md").read_text(encoding="utf-8"), encoding="utf-8")
    outputs = []
    for cores in ("2", "1"):
        p = _run(f"""
            import sys
            import factlint.registry.background as bg
            bg._cores = lambda: {cores}
            from factlint.cli import main
            sys.argv = ["factlint", "check", "--no-cache", "--format", "json", "--fail-on", "never",
                        {str(draft)!r}]  # the bundled fields: the registry worth forking for
            main()
        """)
        assert p.returncode == 0, p.stderr
        outputs.append(p.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["findings"]
