"""The content-hash cache: an unchanged file is not linted again.

A file's entry is keyed by a hash of its bytes and its reader (the extension picks Markdown, HTML or
text); the cache file itself is keyed by factlint's version and the registry's content digest, so a new
release or an edited registry starts afresh. What is stored is the raw result (every rule's diagnostics
and the suppression directives, before --select, suppressions, severities and baselines are applied), so
changing options never needs a new lint. Entries do not hold paths: a renamed or copied file hits.

The cache lives in `.factlint_cache/` (a `.gitignore` inside keeps it out of commits); `factlint clean`
removes it. It is JSON, not pickle: a cache folder committed by mistake or planted in a repository must
not be able to run code.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import fields

from .findings import ClaimInfo, Diagnostic, Edit, Fix, Severity

CACHE_DIR = ".factlint_cache"
MAX_ENTRIES = 20_000  # least recently used entries beyond this are dropped when the cache is written
FORMAT = 4


def content_key(path: str, data: bytes) -> str:
    from .readers import reader_for

    h = hashlib.blake2b(digest_size=16)
    h.update(reader_for(path).__name__.encode())
    h.update(b"\0")
    h.update(data)
    return h.hexdigest()


def code_stamp() -> str:
    """Sizes and modification times of factlint's own files: an edited checkout (a developer's, or an
    editable install) must not be served results of the code before the edit. About 60 `stat` calls."""
    package = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.blake2b(digest_size=8)
    for folder, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", ".tsv", ".txt", ".yaml")):
                st = os.stat(os.path.join(folder, name))
                h.update(f"{folder[len(package):]}/{name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


class Cache:
    """Raw lint results by content key, for one factlint version and one registry."""

    def __init__(self, folder: str, version: str, registry_digest: str, options: str = "") -> None:
        stamp = code_stamp()
        key = hashlib.blake2b(f"{FORMAT}\0{version}\0{stamp}\0{registry_digest}\0{options}".encode(),
                              digest_size=8)
        self.folder = folder
        self.file = os.path.join(folder, f"results-{key.hexdigest()}.json")
        self._entries: dict[str, dict] | None = None
        self._dirty = False

    def _load(self) -> dict[str, dict]:
        if self._entries is None:
            try:
                with open(self.file, "rb") as fh:
                    data = json.loads(fh.read())
                entries = data["entries"] if data.get("format") == FORMAT else {}
                self._entries = entries if isinstance(entries, dict) else {}
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self._entries = {}  # missing or damaged: start afresh
        return self._entries

    def get(self, key: str, path: str):
        """The cached `FileResult` for content `key`, with `path` filled in, or None."""
        entry = self._load().get(key)
        if entry is None:
            return None
        try:
            result = decode_result(entry, path)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return None  # a damaged or foreign entry: lint again
        # Move it to the end: the entries are kept in least-recently-used order.
        self._entries[key] = self._entries.pop(key)
        self._dirty = True
        return result

    def put(self, key: str, result) -> None:
        self._load()[key] = encode_result(result)
        self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        entries = self._load()
        if len(entries) > MAX_ENTRIES:
            for k in list(entries)[: len(entries) - MAX_ENTRIES]:
                del entries[k]
        try:
            os.makedirs(self.folder, exist_ok=True)
            _mark_folder(self.folder)
            payload = json.dumps({"format": FORMAT, "entries": entries}, ensure_ascii=False,
                                 separators=(",", ":")).encode("utf-8")
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(payload)
                os.replace(tmp, self.file)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)  # a full disk: leave no partial file behind
                raise
        except OSError:
            pass  # a read-only checkout or a full disk: linting still works, only without a cache
        self._dirty = False


def _mark_folder(folder: str) -> None:
    ignore = os.path.join(folder, ".gitignore")
    if not os.path.exists(ignore):
        with open(ignore, "w", encoding="utf-8") as fh:
            fh.write("# Automatically created by factlint.\n*\n")
    tag = os.path.join(folder, "CACHEDIR.TAG")
    if not os.path.exists(tag):
        with open(tag, "w", encoding="utf-8") as fh:
            fh.write("Signature: 8a477f597d28d172789f06886806bc55\n# This is factlint's cache.\n")


def clean(folder: str) -> list[str]:
    """Remove the cache folder; the folders removed. Only a folder factlint made (it has its tag)."""
    import shutil

    if os.path.isdir(folder) and os.path.exists(os.path.join(folder, "CACHEDIR.TAG")):
        shutil.rmtree(folder)
        return [folder]
    return []


# ---- (de)serialising results ---------------------------------------------------------------------------------
_DIAG_FIELDS = [f.name for f in fields(Diagnostic) if f.name != "path"]


def encode_result(result) -> dict:
    from dataclasses import asdict, astuple

    return {
        "diagnostics": [_encode_diag(d) for d in result.diagnostics],
        "lines": {str(k): v for k, v in result.lines_shown().items()},
        "directives": [asdict(s) for s in result.directives],
        "annotations": [list(astuple(a)) for a in result.annotations],
    }


def _encode_diag(d: Diagnostic) -> list:
    out = []
    for name in _DIAG_FIELDS:
        v = getattr(d, name)
        if isinstance(v, Severity):
            v = v.value
        elif isinstance(v, ClaimInfo):
            v = [v.text, v.low, v.high, v.unit, v.metric, list(v.entities), [list(r) for r in v.linked_by]]
        elif isinstance(v, Fix):
            v = [v.message, [[e.start, e.end, e.content] for e in v.edits], v.safe]
        out.append(v)
    return out


def decode_result(entry: dict, path: str):
    from .results import FileResult
    from .suppressions import Directive

    diags = []
    for row in entry["diagnostics"]:
        values = dict(zip(_DIAG_FIELDS, row))
        values["severity"] = Severity(values["severity"])
        c = values["claim"]
        if c is not None:
            values["claim"] = ClaimInfo(c[0], c[1], c[2], c[3], c[4], tuple(c[5]), tuple(map(tuple, c[6])))
        fx = values.get("fix")
        if fx is not None:
            values["fix"] = Fix(fx[0], tuple(Edit(*e) for e in fx[1]), fx[2])
        if values["registry_origin"] is not None:
            values["registry_origin"] = tuple(values["registry_origin"])
        diags.append(Diagnostic(path=path, **values))
    directives = tuple(Directive(**{**s, "codes": tuple(s["codes"])}) for s in entry["directives"])
    lines = {int(k): v for k, v in entry["lines"].items()}
    annotations = ()
    if entry.get("annotations"):
        from .annotations import Annotation

        annotations = tuple(Annotation(*a) for a in entry["annotations"])
    return FileResult(path, tuple(diags), lines=lines, directives=directives, annotations=annotations)
