"""Build hook: compile factlint's hot modules with Cython, when it can.

The modules listed in COMPILED are compiled, unchanged, into extension modules placed beside their sources
(an editable install runs from the source tree; a wheel carries both). Linting is pure Python code run
over and over on every number and block, and compiled it takes about 15% less CPU time, with the same
results (Cython runs the code with Python's semantics: `annotation_typing` is off, so annotations are not
enforced as C types). Nothing else changes: every module still has its source, which is what tracebacks
show and what tests read.

Compiling needs Cython (a build requirement) and a C compiler. Without either, or with FACTLINT_PURE=1 in
the environment, the build installs pure Python and says so; factlint works the same, slower.

Beside the extensions the hook writes factlint/_compiled.txt: each compiled module with the SHA-256, size
and modification time of the source it was compiled from. factlint/_loading.py reads it at import and loads
a module's source instead of its extension when the source has changed since (an edited checkout), so an
edit always takes effect.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# The modules the linting loop spends its time in (bench/benchmark.py; python -m cProfile): the facts
# builder, the quantity parser, the readers, linking and judging, attribution and citations, the rules, and
# what each document's results go through (settling, JSON lines, an audit worker's analyses and index).
# Not the audit's driver (factlint/audit/__init__.py): Dask pickles its functions by value.
COMPILED = (
    "factlint.analyses",
    "factlint.attribution",
    "factlint.audit.worker",
    "factlint.citations",
    "factlint.claims",
    "factlint.drugclasses",
    "factlint.engine",
    "factlint.facts",
    "factlint.findings",
    "factlint.fingerprint",
    "factlint.knowledge",
    "factlint.linking",
    "factlint.nlp.phrases",
    "factlint.nlp.pipeline",
    "factlint.nlp.questions",
    "factlint.nlp.quantities",
    "factlint.nlp.sentences",
    "factlint.project",
    "factlint.readers._pieces",
    "factlint.readers.markdown",
    "factlint.readers.text",
    "factlint.registry.describe",
    "factlint.reporters.json",
    "factlint.results",
    "factlint.rules.base",
    "factlint.rules.fl101_contradicted_number",
    "factlint.rules.fl102_unsupported_number",
    "factlint.rules.fl201_misspelled_drug",
    "factlint.rules.fl203_contradicted_drug_fact",
    "factlint.rules.fl302_vague_attribution",
    "factlint.rules.number_findings",
    "factlint.source",
    "factlint.spelling",
    "factlint.timepoints",
    "factlint.units",
    "factlint.verdicts",
    "factlint.windowed",
    "factlint.wordsearch",
)
MANIFEST = "factlint/_compiled.txt"
DIRECTIVES = {"language_level": 3, "binding": True, "annotation_typing": False}


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class CompiledModulesHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        # An earlier build's extensions and list go first: without a list nothing guards an extension
        # against an edit of its source, so a build that compiles nothing leaves no extension behind.
        _remove_built(root)
        if os.environ.get("FACTLINT_PURE", "") not in ("", "0"):
            self.app.display_info("factlint: FACTLINT_PURE is set: installing pure Python")
            return
        try:
            built = compile_modules(root)
        except Exception as e:  # no Cython, no compiler, a failed compile: pure Python works the same
            _remove_built(root)  # (the extensions built before the failure)
            self.app.display_warning(f"factlint: not compiled ({type(e).__name__}: {e}); installing pure "
                                     "Python, which lints the same, about 15% slower")
            return
        manifest = root / MANIFEST
        lines = [f"{name} {digest} {size} {mtime}\n" for name, digest, size, mtime in built]
        manifest.write_text("".join(lines), encoding="utf-8")
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["artifacts"].extend([MANIFEST] + [str(p.relative_to(root)) for p in _extensions(root)])


def compile_modules(root: Path) -> list[tuple[str, str, int, int]]:
    """Compile COMPILED in place under `root`; (module, its source's digest, size and mtime_ns) for each
    (factlint/_loading.py trusts a source with the same size and time without hashing it)."""
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    sources = {name: root / (name.replace(".", "/") + ".py") for name in COMPILED}
    work = Path(tempfile.mkdtemp(prefix="factlint-build-"))
    cwd = os.getcwd()
    try:
        os.chdir(root)  # (Extension sources are relative, so the modules get their package names)
        extensions = [Extension(name, [str(path.relative_to(root))]) for name, path in sources.items()]
        modules = cythonize(extensions, compiler_directives=DIRECTIVES, build_dir=str(work / "c"), quiet=True,
                            nthreads=os.cpu_count() or 1)
        command = build_ext(Distribution({"name": "factlint", "ext_modules": modules}))
        command.inplace = True
        command.build_temp = str(work / "temp")
        command.parallel = os.cpu_count() or 1
        command.ensure_finalized()
        command.run()
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)
    missing = [name for name, path in sources.items() if not _extension_of(path)]
    if missing:
        raise RuntimeError(f"no extension built for {', '.join(missing)}")
    stats = {name: path.stat() for name, path in sources.items()}
    return [(name, source_digest(path), stats[name].st_size, stats[name].st_mtime_ns)
            for name, path in sources.items()]


def _extension_of(source: Path) -> list[Path]:
    """The extension files built from `source` for any interpreter ("claims.cpython-311-x86_64-linux-gnu.so",
    "claims.cp311-win_amd64.pyd", "claims.abi3.so", "claims.so")."""
    return sorted(p for end in (".so", ".pyd") for pattern in (f"{source.stem}{end}", f"{source.stem}.*{end}")
                  for p in source.parent.glob(pattern))


def _remove_built(root: Path) -> None:
    (root / MANIFEST).unlink(missing_ok=True)
    for path in _extensions(root):
        path.unlink()


def _extensions(root: Path) -> list[Path]:
    return sorted(p for name in COMPILED for p in _extension_of(root / (name.replace(".", "/") + ".py")))
