"""Compiled modules (hatch_build.py, factlint/_loading.py): an extension runs only while its module's source
is the one it was built from, and compiled code lints exactly as the sources do."""
from __future__ import annotations

import hashlib
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factlint import _loading

ROOT = Path(__file__).resolve().parent.parent


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_finder_loads_a_module_from_source_only_when_the_source_changed_or_pure_is_asked(tmp_path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    source = package / "mod.py"
    source.write_text("VALUE = 1\n", encoding="utf-8")
    finder = _loading.SourceWhenStale({"pkg.mod": _digest(source)})
    assert finder.find_spec("pkg.mod", [str(package)]) is None  # fresh: the usual finders load the extension
    assert finder.find_spec("pkg.other", [str(package)]) is None  # not compiled: untouched
    assert finder.find_spec("pkg.mod", None) is None  # (a top-level name: never a listed module)
    source.write_text("VALUE = 2\n", encoding="utf-8")  # edited since the build
    spec = finder.find_spec("pkg.mod", [str(tmp_path / "elsewhere"), str(package)])
    assert spec is not None and spec.origin == str(source)
    assert isinstance(spec.loader, importlib.machinery.SourceFileLoader)
    assert finder.from_source == ["pkg.mod"]
    source.write_text("VALUE = 1\n", encoding="utf-8")
    pure = _loading.SourceWhenStale({"pkg.mod": _digest(source)}, pure=True)
    assert pure.find_spec("pkg.mod", [str(package)]).origin == str(source)


def test_a_source_with_its_build_time_size_and_time_is_not_read_and_a_touched_one_is_hashed(tmp_path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    source = package / "mod.py"
    source.write_text("VALUE = 1\n", encoding="utf-8")
    st = source.stat()
    manifest = tmp_path / "_compiled.txt"
    manifest.write_text(f"pkg.mod {_digest(source)} {st.st_size} {st.st_mtime_ns}\n", encoding="utf-8")
    built, stats = _loading._read(str(manifest))
    assert stats == {"pkg.mod": (st.st_size, st.st_mtime_ns)}
    # Same size and time: the file compiled, trusted without hashing (a wrong digest shows it is not read).
    trusting = _loading.SourceWhenStale({"pkg.mod": "not-read"}, stats=stats)
    assert trusting.find_spec("pkg.mod", [str(package)]) is None
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched, unchanged: hashed, still fresh
    assert _loading.SourceWhenStale(built, stats=stats).find_spec("pkg.mod", [str(package)]) is None
    source.write_text("VALUE = 2\n", encoding="utf-8")  # same size, new text
    spec = _loading.SourceWhenStale(built, stats=stats).find_spec("pkg.mod", [str(package)])
    assert spec is not None and spec.origin == str(source)


def test_manifest_is_read_and_a_pure_install_adds_no_finder(tmp_path, monkeypatch) -> None:
    manifest = tmp_path / "_compiled.txt"
    manifest.write_text("factlint.claims abc\nfactlint.source def\n", encoding="utf-8")
    assert _loading.read_manifest(str(manifest)) == {"factlint.claims": "abc", "factlint.source": "def"}
    others = [f for f in sys.meta_path if not isinstance(f, _loading.SourceWhenStale)]
    monkeypatch.setattr(sys, "meta_path", others)
    before = list(sys.meta_path)
    assert _loading.install(str(tmp_path / "missing.txt")) is None
    assert sys.meta_path == before
    finder = _loading.install(str(manifest))
    assert sys.meta_path[0] is finder and finder.built == {"factlint.claims": "abc", "factlint.source": "def"}
    assert _loading.install(str(manifest)) is finder  # once


def _hatch_build():
    pytest.importorskip("hatchling")
    sys.path.insert(0, str(ROOT))
    try:
        import hatch_build
    finally:
        sys.path.remove(str(ROOT))
    return hatch_build


def _earlier_build(tmp_path: Path, hatch_build) -> Path:
    """A tree with an earlier build's list and one of its extensions."""
    (tmp_path / "factlint").mkdir()
    (tmp_path / "factlint" / "claims.py").write_text("X = 1\n", encoding="utf-8")
    extension = tmp_path / "factlint" / "claims.cpython-311-x86_64-linux-gnu.so"
    extension.write_bytes(b"")
    (tmp_path / hatch_build.MANIFEST).write_text("factlint.claims stale\n", encoding="utf-8")
    return extension


def test_the_modules_to_compile_exist_and_a_pure_build_leaves_no_extension(tmp_path, monkeypatch) -> None:
    hatch_build = _hatch_build()
    for name in hatch_build.COMPILED:
        assert (ROOT / (name.replace(".", "/") + ".py")).is_file(), name
    extension = _earlier_build(tmp_path, hatch_build)
    monkeypatch.setenv("FACTLINT_PURE", "1")
    hook = hatch_build.CompiledModulesHook(str(tmp_path), {}, None, None, str(tmp_path), "wheel")
    build_data = {"pure_python": True, "infer_tag": False, "artifacts": []}
    hook.initialize("standard", build_data)
    assert build_data == {"pure_python": True, "infer_tag": False, "artifacts": []}
    # Without a list nothing would guard an old extension against an edit of its source: both are removed.
    assert not (tmp_path / hatch_build.MANIFEST).exists() and not extension.exists()


def test_a_failed_compile_installs_pure_python_and_leaves_no_extension(tmp_path, monkeypatch) -> None:
    hatch_build = _hatch_build()
    _earlier_build(tmp_path, hatch_build)
    monkeypatch.delenv("FACTLINT_PURE", raising=False)

    def half_built(root: Path):
        (root / "factlint" / "claims.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")  # built, then...
        raise RuntimeError("no C compiler")

    monkeypatch.setattr(hatch_build, "compile_modules", half_built)
    hook = hatch_build.CompiledModulesHook(str(tmp_path), {}, None, None, str(tmp_path), "wheel")
    build_data = {"pure_python": True, "infer_tag": False, "artifacts": []}
    hook.initialize("editable", build_data)
    assert build_data["pure_python"] is True and build_data["artifacts"] == []
    assert not (tmp_path / hatch_build.MANIFEST).exists()
    assert not list((tmp_path / "factlint").glob("*.so"))


def _built() -> dict[str, str]:
    built = _loading.read_manifest()
    if not built:
        pytest.skip("this install is pure Python (no factlint/_compiled.txt: no Cython or no C compiler "
                    "at build)")
    return built


def test_each_compiled_module_runs_compiled_exactly_when_its_source_is_unchanged() -> None:
    built = _built()
    for name, digest in built.items():
        module = importlib.import_module(name)
        source = ROOT / (name.replace(".", "/") + ".py")
        from_extension = not module.__file__.endswith(".py")
        assert from_extension == (_digest(source) == digest and not _loading.pure_requested()), name


def test_compiled_and_pure_modules_lint_alike() -> None:
    _built()
    drafts = sorted(str(p) for p in (ROOT / "tests" / "articles").glob("*/*.md"))[:12]
    drafts.append(str(ROOT / "examples" / "draft.md"))
    outputs = []
    for pure in ("0", "1"):
        env = dict(os.environ, FACTLINT_PURE=pure)
        command = [sys.executable, "-m", "factlint", "check", "--no-cache", "--format", "json", "--fail-on",
                   "never", *drafts]
        run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert '"code": "FL' in outputs[0]  # (the drafts have findings: the comparison compares something)
