"""Which modules load compiled: an extension built from a module (hatch_build.py) is used only while the
module's source is the one it was built from.

A build that compiled factlint's hot modules leaves `_compiled.txt` beside this file: each compiled module
with the SHA-256 of its source at build time. Python prefers an extension to a source file of the same
name in a folder, so in an edited checkout (an editable install) the old extension would run and the
edit would not. The finder installed here asks first, for the listed modules only: if the source changed
since the build, or FACTLINT_PURE=1 is set, the module loads from its source (slower, never stale). Without
the list (a pure install) nothing is installed and imports are untouched.
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys

MANIFEST = os.path.join(os.path.dirname(__file__), "_compiled.txt")


def read_manifest(path: str = MANIFEST) -> dict[str, str]:
    """Compiled module -> the SHA-256 of the source it was compiled from (empty without a list)."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return {}
    return dict(line.split(" ", 1) for line in lines if " " in line)


def pure_requested() -> bool:
    return os.environ.get("FACTLINT_PURE", "") not in ("", "0")


class SourceWhenStale:
    """Gives a listed module's source file to the import system when its extension is stale (or compiled
    code is not wanted); otherwise leaves the module to the usual finders, which load the extension."""

    def __init__(self, built: dict[str, str], pure: bool = False) -> None:
        self.built, self.pure = built, pure
        self.from_source: list[str] = []  # the listed modules loaded from their sources, in import order

    def find_spec(self, fullname: str, path=None, target=None):
        digest = self.built.get(fullname)
        if digest is None or not path:
            return None
        import hashlib

        name = fullname.rpartition(".")[2] + ".py"
        for folder in path:
            source = os.path.join(folder, name)
            try:
                with open(source, "rb") as fh:
                    current = hashlib.sha256(fh.read()).hexdigest()
            except OSError:
                continue
            if self.pure or current != digest:
                self.from_source.append(fullname)
                return importlib.util.spec_from_file_location(
                    fullname, source, loader=importlib.machinery.SourceFileLoader(fullname, source))
            return None
        return None


def install(manifest: str = MANIFEST) -> SourceWhenStale | None:
    """Put the finder first on sys.meta_path if this install has compiled modules (once)."""
    for finder in sys.meta_path:
        if isinstance(finder, SourceWhenStale):
            return finder
    built = read_manifest(manifest)
    if not built:
        return None
    finder = SourceWhenStale(built, pure_requested())
    sys.meta_path.insert(0, finder)
    return finder


def compiled_modules() -> dict[str, bool]:
    """Each listed module -> whether it runs compiled now (imported from an extension), for the ones
    imported so far; empty for a pure install."""
    out = {}
    for name in read_manifest():
        module = sys.modules.get(name)
        if module is not None:
            out[name] = not str(getattr(module, "__file__", "")).endswith(".py")
    return out
