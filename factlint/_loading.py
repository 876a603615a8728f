"""Which modules load compiled: an extension built from a module (hatch_build.py) is used only while the
module's source is the one it was built from.

A build that compiled factlint's hot modules leaves `_compiled.txt` beside this file: each compiled module
with the SHA-256 of its source at build time. Python prefers an extension to a source file of the same
name in a folder, so in an edited checkout (an editable install) the old extension would run and the
edit would not. The finder installed here asks first, for the listed modules only: if the source changed
since the build, or FACTLINT_PURE=1 is set, the module loads from its source (slower, never stale). Without
the list (a pure install) nothing is installed and imports are untouched.

The list also holds each source's size and modification time at build time: a source that still has both
is the one compiled, with no need to read and hash it (hashing them all cost about 5 ms at every start,
pre-commit's included); one that has not is hashed, so a file touched but unchanged keeps its extension.
"""
from __future__ import annotations

import os
import sys

MANIFEST = os.path.join(os.path.dirname(__file__), "_compiled.txt")


def _read(path: str) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """The list's lines, "module digest [size mtime_ns]": digests and, where given, the sources' stats."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return {}, {}
    digests, stats = {}, {}
    for line in lines:
        fields = line.split(" ")
        if len(fields) >= 2:
            digests[fields[0]] = fields[1]
        if len(fields) == 4 and fields[2].isdigit() and fields[3].isdigit():
            stats[fields[0]] = (int(fields[2]), int(fields[3]))
    return digests, stats


def read_manifest(path: str = MANIFEST) -> dict[str, str]:
    """Compiled module -> the SHA-256 of the source it was compiled from (empty without a list)."""
    return _read(path)[0]


def pure_requested() -> bool:
    return os.environ.get("FACTLINT_PURE", "") not in ("", "0")


class SourceWhenStale:
    """Gives a listed module's source file to the import system when its extension is stale (or compiled
    code is not wanted); otherwise leaves the module to the usual finders, which load the extension."""

    def __init__(self, built: dict[str, str], pure: bool = False,
                 stats: dict[str, tuple[int, int]] | None = None) -> None:
        self.built, self.pure, self.stats = built, pure, stats or {}
        self.from_source: list[str] = []  # the listed modules loaded from their sources, in import order

    def find_spec(self, fullname: str, path=None, target=None):
        digest = self.built.get(fullname)
        if digest is None or not path:
            return None
        name = fullname.rpartition(".")[2] + ".py"
        for folder in path:
            source = os.path.join(folder, name)
            try:
                st = os.stat(source)
            except OSError:
                continue
            if not self.pure and self.stats.get(fullname) == (st.st_size, st.st_mtime_ns):
                return None  # the very file compiled
            if self.pure or _digest(source) != digest:
                self.from_source.append(fullname)
                import importlib.machinery
                import importlib.util  # (only here: about 5 ms of imports at every start otherwise)

                return importlib.util.spec_from_file_location(
                    fullname, source, loader=importlib.machinery.SourceFileLoader(fullname, source))
            return None
        return None


def _digest(path: str) -> str:
    import hashlib

    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def install(manifest: str = MANIFEST) -> SourceWhenStale | None:
    """Put the finder first on sys.meta_path if this install has compiled modules (once)."""
    for finder in sys.meta_path:
        if isinstance(finder, SourceWhenStale):
            return finder
    built, stats = _read(manifest)
    if not built:
        return None
    finder = SourceWhenStale(built, pure_requested(), stats)
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
