"""Reading a claims registry (format 1, spec/registry.md) from YAML files: safely, strictly, with lines.

One pass does everything: it finds the files, reads each one safely (size, encoding, YAML syntax,
nesting depth, tags, aliases, duplicate keys), checks every field of every entry while building the
frozen values of `model.py`, then resolves the references between entries. Every problem carries the
file and the 1-based line of the offending key or item. `read_registry` returns the registry and all
problems; `load_registry` raises `RegistryError` when one of them is an error; `check.check_registry`
returns the problems.

YAML is composed, never constructed: the node tree keeps line numbers, and no tag can run code.
"""
from __future__ import annotations

import functools
import math
import re
import os
from dataclasses import dataclass
from typing import Iterable, Sequence, Union

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import RegistryError
from ..metrics import BUILTIN_METRICS
from ..units import UNITS
from .merge import MERGEABLE, merge
from .model import Claim, Drug, Entity, Metric, NotFor, Origin, Registry, Source, Trial, content_digest

PathArg = Union[str, os.PathLike]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64  # a registry needs 5 levels; deeper input only risks the C composer's stack

_Y = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _NULL = _Y + "str", _Y + "int", _Y + "float", _Y + "null"
_NUMBER_TAGS = (_INT, _FLOAT)
# The tags plain YAML resolves to (`<<` and `=` resolve to merge and value: harmless text here). Any
# other tag, such as !!python/object/apply, is rejected; nothing is ever constructed from it.
_ALLOWED_TAGS = {
    ScalarNode: frozenset(_Y + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge",
                                           "value")),
    MappingNode: frozenset([_Y + "map"]),
    SequenceNode: frozenset([_Y + "seq"]),
}

SECTIONS = ("sources", "entities", "metrics", "drugs", "trials", "claims")
_KIND = {"sources": "source", "entities": "entity", "metrics": "metric", "drugs": "drug", "trials": "trial",
         "claims": "claim"}
_A_KIND = {"source": "a source", "entity": "an entity", "metric": "a metric", "drug": "a drug",
           "trial": "a trial", "claim": "a claim"}
_FIELDS = {
    "sources": ("id", "citation", "url"),
    "entities": ("id", "name", "aliases"),
    "metrics": ("id", "name", "cues"),
    "drugs": ("id", "name", "brands", "class", "indicated_for", "not_for", "source", "reviewed"),
    "trials": ("id", "name", "aliases", "drug", "comparator", "setting", "source", "reviewed"),
    "claims": ("id", "statement", "about", "metric", "value", "unit", "tolerance", "when", "unless", "drug",
               "trial", "source", "as_of", "superseded_by", "reviewed"),
}
_NOT_FOR_FIELDS = ("about", "statement", "source")
_YAML11_NUMBER = re.compile(r"[-+]?(?:0[xob]|0[0-9]|[0-9][0-9_]*:|.*_)")  # hex, octal, base 60, 1_000
_BAD = object()  # a field that is present but invalid (its problem is already reported)

_CONSTRUCTOR = yaml.constructor.SafeConstructor()  # only to read numbers the way YAML writes them
_CONSTRUCT = {_INT: yaml.constructor.SafeConstructor.construct_yaml_int,
              _FLOAT: yaml.constructor.SafeConstructor.construct_yaml_float}


@dataclass(frozen=True, slots=True)
class Problem:
    """One registry problem: where it is and one plain sentence. `severity` is "error" or "warning"."""

    path: str
    line: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


def load_registry(paths: Sequence[PathArg] | PathArg) -> Registry:
    """The registry in these files and folders; raises `RegistryError` listing every problem on any error."""
    registry, problems = read_registry(paths)
    errors = [str(p) for p in problems if p.severity == "error"]
    if errors:
        raise RegistryError(errors + [str(p) for p in problems if p.severity != "error"])
    return registry


def read_registry(paths: Sequence[PathArg] | PathArg) -> tuple[Registry, list[Problem]]:
    """The registry (what of it is valid) and every problem, errors and warnings, by file and line."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    reader = _Reader()
    files = _registry_files(paths, reader.problems)
    read: list[str] = []
    chunks: list[bytes] = []
    for path in files:
        data = reader.read_file(path)
        if data is not None:
            read.append(path)
            chunks += [path.encode("utf-8", "surrogateescape"), data]
    reader.resolve()
    order = {path: i for i, path in enumerate(files)}
    problems = sorted(reader.problems, key=lambda p: (order.get(p.path, -1), p.line or 0))
    v = reader.values
    registry = Registry(sources=v["sources"], entities=v["entities"], metrics=v["metrics"], drugs=v["drugs"],
                        trials=v["trials"], claims=v["claims"], paths=tuple(read),
                        digest=content_digest(chunks))
    return registry, problems


def registry_digest(paths: Sequence[PathArg]) -> str | None:
    """The digest `read_registry` gives these files (their paths and bytes), without parsing them; None
    when a file cannot be read as a registry file (then only loading it says why). A run whose drafts are
    all in the cache needs no more than this."""
    problems: list[Problem] = []
    files = _registry_files(paths, problems)
    if problems:
        return None
    chunks: list[bytes] = []
    for path in files:
        try:
            if not os.path.isfile(path) or os.path.getsize(path) > MAX_FILE_BYTES:
                return None
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_FILE_BYTES:
            return None
        chunks += [path.encode("utf-8", "surrogateescape"), data]
    return content_digest(chunks)


# An anchor (&name) or alias (*name) where YAML could read one; "R&D" or "5 * 3" are not. (The mark
# comes first, behind a lookbehind for what may precede it, so the engine scans for the mark alone.)
_ALIAS_HINT = re.compile(r"(?<![^\s\[\]{},:?-])[&*][^\s\[\]{},]")


def _may_hold_aliases(text: str) -> bool:
    return ("&" in text or "*" in text) and _ALIAS_HINT.search(text) is not None


@functools.cache
def _composer_limits_nesting() -> bool:
    """Whether this PyYAML's composer refuses deep nesting itself (libyaml 0.2.5 and later do, at 1,000
    levels) rather than recursing until the process crashes; tried once on a small deep document."""
    try:
        yaml.compose("[" * 2000 + "]" * 2000, Loader=_LOADER)
    except yaml.YAMLError as err:
        return "nesting depth" in str(err)
    except RecursionError:
        return False
    return False


def _registry_files(paths: Iterable[PathArg], problems: list[Problem]) -> list[str]:
    """Every file to read: files as given, then each folder's YAML files sorted by relative path."""
    files: list[str] = []
    seen: set[str] = set()
    for arg in paths:
        top = os.fspath(arg)
        if os.path.isdir(top):
            found: list[tuple[str, str]] = []

            def unreadable(err: OSError) -> None:
                problems.append(Problem(err.filename or top, None, f"cannot read the folder: {err.strerror}"))

            for folder, _, names in os.walk(top, onerror=unreadable):
                for name in names:
                    if name.lower().endswith((".yaml", ".yml")):
                        full = os.path.join(folder, name)
                        found.append((os.path.relpath(full, top).replace(os.sep, "/"), full))
            if not found:
                problems.append(Problem(top, None, "the folder holds no registry files (*.yaml or *.yml)"))
            candidates = [full for _, full in sorted(found)]
        elif os.path.exists(top):
            candidates = [top]
        else:
            problems.append(Problem(top, None, "no such file or folder"))
            continue
        for path in candidates:
            real = os.path.realpath(path)
            if real not in seen:  # the same file named twice (or through its folder) is read once
                seen.add(real)
                files.append(path)
    return files


def _yaml_problem(path: str, text: str, err: yaml.YAMLError) -> Problem:
    """One problem for malformed YAML, at the line and column PyYAML reports."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        what = ", ".join(str(s) for s in (getattr(err, "context", None), getattr(err, "problem", None)) if s)
        return Problem(path, mark.line + 1, f"malformed YAML at column {mark.column + 1}: {what or err}")
    if isinstance(err, yaml.reader.ReaderError):
        pos = max(0, min(int(err.position), len(text)))
        line = text.count("\n", 0, pos) + 1
        column = pos - text.rfind("\n", 0, pos)
        char = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or "\0")
        message = f"malformed YAML at column {column}: {err.reason} (character U+{char:04X})"
        return Problem(path, line, message)
    return Problem(path, None, f"malformed YAML: {err}")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_Y):] if tag.startswith(_Y) else tag


def _what(node: Node) -> str:
    """How a value that has the wrong type reads in a message."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "an empty value"
    return f"the text '{node.value}'" if node.tag == _STR else node.value


def _is_null(node: Node) -> bool:
    return node.__class__ is ScalarNode and node.tag == _NULL


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib  # only when there is a problem to explain

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class _Reader:
    """Reads registry files one after another into values, collecting problems; `resolve` at the end."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.values: dict[str, dict] = {s: {} for s in SECTIONS}
        self.ids: dict[str, tuple[str, Origin]] = {}  # id -> (kind, where it is defined)
        self.refs: list[tuple[str, str, str, int, str, str]] = []  # kind, id, path, line, label, field
        self.claim_metrics: list[tuple[str, str, int, str]] = []  # metric, path, line, label
        self.supersede: dict[str, tuple[str, str, int]] = {}  # claim id -> (claim id, path, line)
        self.path = ""  # the file being read
        self.bad: set[int] = set()  # id() of its nodes to skip: rejected tags, aliased nodes
        self.entry_line = 0  # the line of the entry being read
        self.shared: Node | None = None  # the id of an entry written again in another file (merged)

    def error(self, where: Node | int | None, message: str) -> None:
        line = _line(where) if isinstance(where, Node) else where
        self.problems.append(Problem(self.path, line, message))

    def warning(self, where: Node | int | None, message: str) -> None:
        line = _line(where) if isinstance(where, Node) else where
        self.problems.append(Problem(self.path, line, message, "warning"))

    # -- one file
    def read_file(self, path: str) -> bytes | None:
        """Read one file into the registry; its bytes, or None when it cannot be read at all."""
        self.path = path
        self.bad = set()
        try:
            if not os.path.isfile(path):
                self.error(None, "not a regular file")
                return None
            size = os.path.getsize(path)
            if size <= MAX_FILE_BYTES:
                with open(path, "rb") as fh:
                    data = fh.read(MAX_FILE_BYTES + 1)
                size = len(data)
        except OSError as err:
            self.error(None, f"cannot read the file: {err.strerror or err}")
            return None
        if size > MAX_FILE_BYTES:
            self.error(None, f"the file is too large ({size:,} bytes); a registry file must be under 10 MB")
            return None
        if b"\0" in data:
            self.error(None, "binary file, not YAML text")
            return data
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data.count(b"\n", 0, err.start) + 1
            self.error(line, f"not UTF-8 text (byte 0x{data[err.start]:02X} cannot be decoded); "
                             "save the file as UTF-8")
            return data
        root = self._compose(text.removeprefix("\ufeff"))
        if root is not None:
            self._top(root)
        return data

    def _compose(self, text: str) -> Node | None:
        """The file's node tree after the safety checks; None when empty or unusable (reported)."""
        depth, aliases, first_alias = 0, 0, None
        look_first = _may_hold_aliases(text) or not _composer_limits_nesting()
        try:
            # A linear look at the events first, where it is needed: an old composer recurses without a limit
            # (a deep file would crash it), and aliases keep no line once composed. An alias bomb stops here
            # too: nothing is expanded. Most files hold no & or * before a name: they are composed at once
            # (their depth is counted on the tree below).
            for event in yaml.parse(text, Loader=_LOADER) if look_first else ():
                cls = event.__class__
                if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                    depth += 1
                    if depth > MAX_DEPTH:
                        self.error(event.start_mark.line + 1, f"the YAML is nested more than {MAX_DEPTH} "
                                                              "levels deep")
                        return None
                elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                    depth -= 1
                elif cls is yaml.AliasEvent:
                    aliases += 1
                    first_alias = first_alias or event
            root = yaml.compose(text, Loader=_LOADER)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            if "nesting depth" in str(err):  # PyYAML >= 6.0.4 stops deep nesting itself, before our count
                self.error(mark.line + 1 if mark else 1, f"the YAML is nested more than {MAX_DEPTH} levels deep")
                return None
            self.problems.append(_yaml_problem(self.path, text, err))
            return None
        if first_alias is not None:
            more = f" ({aliases - 1} more in this file)" if aliases > 1 else ""
            self.error(first_alias.start_mark.line + 1,
                       f"YAML aliases (*{first_alias.anchor}) are not allowed in a registry; write the value "
                       f"out{more}")
        if root is None or _is_null(root):
            # An empty registry would let `check` run against nothing and report nothing: an error.
            self.error(1, "the registry file is empty (no sources, entities, drugs, trials or claims)")
            return None
        # Depth was counted on the events when they were looked at; otherwise it is counted on the tree.
        if not self._check_nodes(root, shared=first_alias is not None, depth_limit=None if look_first else MAX_DEPTH):
            self.error(1, f"the YAML is nested more than {MAX_DEPTH} levels deep")
            return None
        return root

    def _check_nodes(self, root: Node, shared: bool, depth_limit: int | None = None) -> bool:
        """Tags, keys and duplicate keys of every node; marks the nodes to skip (bad tags, aliased). False,
        with nothing reported, when lists and mappings are nested deeper than `depth_limit`."""
        reported = len(self.problems)
        seen: set[int] = set()
        stack = [(root, 1)]
        while stack:
            node, depth = stack.pop()
            if shared:  # an aliased node is the same object twice: skip it, and walk each node once
                if id(node) in seen:
                    self.bad.add(id(node))
                    continue
                seen.add(id(node))
            cls = node.__class__
            if depth_limit is not None and depth > depth_limit and cls is not ScalarNode:
                del self.problems[reported:]
                return False
            if node.tag not in _ALLOWED_TAGS[cls]:
                self.error(node, f"the tag {_short_tag(node.tag)} is not allowed; a registry holds only "
                                 "plain text, numbers, lists and mappings")
                self.bad.add(id(node))
            elif cls is MappingNode:
                first: dict[str, int] = {}
                depth += 1
                for key, value in node.value:
                    if key.__class__ is not ScalarNode:
                        self.error(key, "a key must be plain text, not a list or mapping")
                    elif key.value in first:
                        self.error(key, f"duplicate key '{key.value}' (first at line {first[key.value]})")
                    else:
                        first[key.value] = _line(key)
                    stack.append((value, depth))
                    stack.append((key, depth))
            elif cls is SequenceNode:
                depth += 1
                stack.extend((v, depth) for v in node.value)
        return True

    def _fields(self, node: MappingNode) -> dict[str, tuple[ScalarNode, Node]]:
        """A mapping's fields by name; a duplicate key's later value is ignored (it is already reported)."""
        fields: dict[str, tuple[ScalarNode, Node]] = {}
        for key, value in node.value:
            if key.__class__ is ScalarNode and key.value not in fields and id(key) not in self.bad:
                fields[key.value] = (key, value)
        return fields

    def _top(self, root: Node) -> None:
        if id(root) in self.bad:
            return
        if not isinstance(root, MappingNode):
            self.error(root, f"a registry file must be a mapping of sections ({', '.join(SECTIONS)}), "
                             f"not {_what(root)}")
            return
        for name, (key, value) in self._fields(root).items():
            if name not in SECTIONS:
                hint = _did_you_mean(name, SECTIONS) or "; the sections are " + ", ".join(SECTIONS)
                self.error(key, f"unknown top-level key '{name}'{hint}")
            elif id(value) in self.bad or _is_null(value):
                continue
            elif not isinstance(value, SequenceNode):
                self.error(value, f"'{name}' must be a list of entries, not {_what(value)}")
            else:
                for item in value.value:
                    if isinstance(item, MappingNode) and id(item) not in self.bad:
                        self._entry(name, item)
                    elif id(item) not in self.bad:
                        self.error(item, f"each entry of '{name}' must be a mapping of fields "
                                         f"({', '.join(_FIELDS[name][:3])}, ...), not {_what(item)}")

    def _check_keys(self, fields: dict, allowed: Sequence[str], label: str) -> None:
        for name, (key, _) in fields.items():
            if name not in allowed:
                hint = _did_you_mean(name, allowed) or "; its fields are " + ", ".join(allowed)
                self.error(key, f"unknown field '{name}' in {label}{hint}")

    def _entry(self, section: str, node: MappingNode) -> None:
        kind = _KIND[section]
        fields = self._fields(node)
        self.entry_line = _line(node)
        origin = Origin(self.path, self.entry_line)
        self.shared = None
        entry_id, label = self._entry_id(fields, kind, origin)
        self._check_keys(fields, _FIELDS[section], label)
        value = getattr(self, "_" + kind)(fields, label, entry_id, origin)
        if entry_id is None or value is None:
            return
        written = self.values[section].get(entry_id) if self.shared is not None else None
        if written is not None:
            value, disagreement = merge(written, value)
            if disagreement:
                self.error(self.shared, f"{label} is also written at {written.origin} with another "
                                        f"{disagreement}; a {kind} written in two files must be the same {kind}")
        self.values[section][entry_id] = value

    def _entry_id(self, fields: dict, kind: str, origin: Origin) -> tuple[str | None, str]:
        """The entry's id if it is valid and new (then it is registered), and how messages name the entry."""
        node = fields["id"][1] if "id" in fields else None
        if node is None:
            self.error(self.entry_line, f"this {kind} has no id")
            return None, f"this {kind}"
        if id(node) in self.bad:
            return None, f"this {kind}"
        if not isinstance(node, ScalarNode):
            self.error(node, f"the id of this {kind} must be text, not {_what(node)}")
            return None, f"this {kind}"
        if node.tag == _NULL or not node.value.strip():
            self.error(node, f"the id of this {kind} is empty")
            return None, f"this {kind}"
        label = f"{kind} '{node.value}'"  # even when invalid, the best name for the entry
        if node.tag != _STR:
            self.error(node, f"the id of this {kind} must be text, not the {node.tag[len(_Y):]} "
                             f"{node.value}; quote it: id: \"{node.value}\"")
            return None, label
        if node.value in self.ids:
            other_kind, other = self.ids[node.value]
            if other_kind == kind and kind in MERGEABLE and other.path != self.path:
                self.shared = node  # the bundled fields share drugs, entities and metrics (see merge.py)
                return node.value, label
            self.error(node, f"duplicate id '{node.value}': already used by the {other_kind} at {other}")
            return None, label
        self.ids[node.value] = (kind, origin)
        return node.value, label

    # -- fields; each returns the value, or _BAD when present but invalid (the problem is reported)
    def _missing(self, name: str, label: str, where: Node | None = None) -> object:
        """A required field that is absent (reported at the entry) or empty (reported at its key)."""
        line = _line(where) if where is not None else self.entry_line
        if name == "source":
            self.error(line, f"{label} has no source; every entry must name its source")
        elif where is not None:
            self.error(line, f"{label}: '{name}' is empty")
        else:
            self.error(line, f"{label} is missing the required field '{name}'")
        return _BAD

    def _text(self, fields: dict, name: str, label: str, required: bool = False) -> object:
        if name not in fields:
            return self._missing(name, label) if required else None
        node = fields[name][1]
        if id(node) in self.bad:
            return _BAD
        if not isinstance(node, ScalarNode):
            self.error(node, f"{label}: '{name}' must be text, not {_what(node)}")
            return _BAD
        if node.tag == _NULL or not node.value.strip():
            return self._missing(name, label, node) if required else None
        return node.value

    def _date(self, fields: dict, name: str, label: str) -> object:
        """A calendar date written YYYY-MM-DD (when a person last checked the entry against its source),
        not in the future."""
        import datetime

        if name not in fields:
            return None
        node = fields[name][1]
        if id(node) in self.bad:
            return _BAD
        if not isinstance(node, ScalarNode) or node.tag == _NULL:
            self.error(node, f"{label}: '{name}' must be a date written YYYY-MM-DD, not {_what(node)}")
            return _BAD
        text = node.value.strip()
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            day = datetime.date.fromisoformat(text)
        except ValueError:
            self.error(node, f"{label}: '{name}' must be a date written YYYY-MM-DD, not '{text}'")
            return _BAD
        if day > datetime.date.today():
            self.error(node, f"{label}: '{name}' is {text}, a date in the future")
            return _BAD
        return text

    def _texts(self, fields: dict, name: str, label: str) -> object:
        """A list of texts; a single text stands for a list of one."""
        if name not in fields:
            return ()
        node = fields[name][1]
        if id(node) in self.bad:
            return _BAD
        if isinstance(node, ScalarNode):
            return () if node.tag == _NULL or not node.value.strip() else (node.value,)
        if isinstance(node, MappingNode):
            self.error(node, f"{label}: '{name}' must be a list of texts, not a mapping")
            return _BAD
        items: list[str] = []
        for k, item in enumerate(node.value):
            if isinstance(item, ScalarNode) and item.tag != _NULL and item.value.strip():
                before = node.value[k - 1] if k else None
                if (not item.style and len(item.value) == 3 and item.value.isdigit() and isinstance(before, ScalarNode)
                        and before.value[-1:].isdigit() and node.flow_style):
                    # [per 100,000, ...]: the comma of a number split the phrase in two
                    self.error(item, f"{label}: '{before.value}, {item.value}' in '{name}' is one phrase split at "
                                     f"its comma; quote it: \"{before.value},{item.value}\"")
                    return _BAD
                items.append(item.value)
            elif id(item) not in self.bad:
                self.error(item, f"{label}: each item of '{name}' must be text, not {_what(item)}")
        return tuple(items) if len(items) == len(node.value) else _BAD

    def _ref_id(self, node: Node, name: str, label: str, kind: str | None) -> object:
        """One id naming an entry of `kind` (checked in `resolve`); kind None: not a registry reference."""
        if id(node) in self.bad:
            return _BAD
        if not isinstance(node, ScalarNode) or node.tag not in (_STR, _NULL):
            self.error(node, f"{label}: '{name}' must be an id (text), not {_what(node)}")
            return _BAD
        if node.tag == _NULL or not node.value.strip():
            self.error(node, f"{label}: an id in '{name}' is empty")
            return _BAD
        if kind is not None:
            self.refs.append((kind, node.value, self.path, _line(node), label, name))
        return node.value

    def _ref(self, fields: dict, name: str, label: str, kind: str | None, required: bool = False) -> object:
        if name not in fields:
            return self._missing(name, label) if required else None
        node = fields[name][1]
        if _is_null(node):
            return self._missing(name, label, node) if required else None
        return self._ref_id(node, name, label, kind)

    def _refs(self, fields: dict, name: str, label: str, kind: str, required: bool = False) -> object:
        """A list of ids (a single id stands for a list of one); required: at least one."""
        if name not in fields:
            return self._missing(name, label) if required else ()
        node = fields[name][1]
        if id(node) in self.bad:
            return _BAD
        if _is_null(node) or isinstance(node, SequenceNode) and not node.value:
            if required:
                self.error(node, f"{label}: '{name}' must list at least one {kind} id")
                return _BAD
            return ()
        items = node.value if isinstance(node, SequenceNode) else [node]
        ids = [self._ref_id(item, name, label, kind) for item in items]
        return _BAD if _BAD in ids else tuple(ids)

    def _number(self, node: Node, name: str, label: str) -> object:
        if id(node) in self.bad:
            return _BAD
        if not (isinstance(node, ScalarNode) and node.tag in _NUMBER_TAGS):
            self.error(node, f"{label}: '{name}' must be a number, not {_what(node)}")
            return _BAD
        if _YAML11_NUMBER.match(node.value):
            # YAML 1.1 reads 0x1F as 31, 1:30 as 90 (base 60) and 017 as 15: never what a curator meant.
            self.error(node, f"{label}: '{name}' is written {node.value!r}, which YAML reads as a hexadecimal, "
                             "octal or base-60 number; write it in decimal")
            return _BAD
        try:
            number = float(_CONSTRUCT[node.tag](_CONSTRUCTOR, node))
        except (ValueError, TypeError, OverflowError, KeyError, yaml.YAMLError):
            self.error(node, f"{label}: '{name}' is not a valid number: {node.value}")
            return _BAD
        if not math.isfinite(number):
            self.error(node, f"{label}: '{name}' must be a finite number, not {node.value}")
            return _BAD
        return number

    def _value(self, fields: dict, label: str) -> object:
        """(low, high) from a number or [low, high]."""
        if "value" not in fields:
            return self._missing("value", label)
        node = fields["value"][1]
        if id(node) in self.bad:
            return _BAD
        if isinstance(node, ScalarNode) and node.tag in _NUMBER_TAGS:
            number = self._number(node, "value", label)
            return _BAD if number is _BAD else (number, number)
        if isinstance(node, SequenceNode) and len(node.value) == 2:
            low, high = (self._number(n, "value", label) for n in node.value)
            if low is _BAD or high is _BAD:
                return _BAD
            if low > high:  # type: ignore[operator]
                self.error(node, f"{label}: the value [{node.value[0].value}, {node.value[1].value}] has its "
                                 "low end above its high end")
                return _BAD
            return low, high
        what = f"a list of {len(node.value)} items" if isinstance(node, SequenceNode) else _what(node)
        self.error(node, f"{label}: 'value' must be a number or [low, high] of numbers, not {what}")
        return _BAD

    def _unit(self, fields: dict, label: str) -> object:
        unit = self._text(fields, "unit", label, required=True)
        if unit is _BAD or unit in UNITS:
            return unit
        hint = _did_you_mean(str(unit), UNITS)
        self.error(fields["unit"][1], f"{label}: unit '{unit}' is not a known unit{hint} "
                                      f"(the units are {', '.join(UNITS)})")
        return _BAD

    def _tolerance(self, fields: dict, label: str) -> object:
        node = fields["tolerance"][1] if "tolerance" in fields else None
        if node is None or _is_null(node):
            return None
        tolerance = self._number(node, "tolerance", label)
        if tolerance is not _BAD and tolerance < 0:  # type: ignore[operator]
            self.error(node, f"{label}: the tolerance must not be negative (it is {node.value})")
            return _BAD
        return tolerance

    # -- the entries of each section; each returns the value, or None when its id or a field is invalid
    def _source(self, f: dict, label: str, entry_id: str | None, origin: Origin) -> Source | None:
        values = (self._text(f, "citation", label, required=True), self._text(f, "url", label))
        if entry_id is None or _BAD in values:
            return None
        return Source(entry_id, *values, origin=origin)  # type: ignore[arg-type]

    def _entity(self, f: dict, label: str, entry_id: str | None, origin: Origin) -> Entity | None:
        values = (self._text(f, "name", label, required=True), self._texts(f, "aliases", label))
        if entry_id is None or _BAD in values:
            return None
        return Entity(entry_id, *values, origin=origin)  # type: ignore[arg-type]

    def _metric(self, f: dict, label: str, entry_id: str | None, origin: Origin) -> Metric | None:
        name, cues = self._text(f, "name", label), self._texts(f, "cues", label)
        if entry_id is None or _BAD in (name, cues):
            return None
        if name is None:
            builtin = BUILTIN_METRICS.get(entry_id)
            name = builtin.name if builtin else entry_id.replace("-", " ")
        return Metric(entry_id, name, cues, origin)  # type: ignore[arg-type]

    def _drug(self, f: dict, label: str, entry_id: str | None, origin: Origin) -> Drug | None:
        values = (
            self._text(f, "name", label, required=True),
            self._texts(f, "brands", label),
            self._text(f, "class", label),
            self._refs(f, "indicated_for", label, "entity"),
            self._not_for(f, label),
            self._ref(f, "source", label, "source", required=True),
        )
        reviewed = self._date(f, "reviewed", label)
        if entry_id is None or _BAD in values or reviewed is _BAD:
            return None
        return Drug(entry_id, *values, origin=origin, reviewed=reviewed)  # type: ignore[arg-type]

    def _not_for(self, f: dict, label: str) -> object:
        node = f["not_for"][1] if "not_for" in f else None
        if node is None or _is_null(node):
            return ()
        if id(node) in self.bad:
            return _BAD
        if not isinstance(node, SequenceNode):
            self.error(node, f"{label}: 'not_for' must be a list of entries with about, statement and "
                             f"source, not {_what(node)}")
            return _BAD
        entries: list[NotFor] = []
        drug_line = self.entry_line
        where = f"the not_for entry of {label}"
        for item in node.value:
            if not isinstance(item, MappingNode):
                if id(item) not in self.bad:
                    self.error(item, f"{label}: each entry of 'not_for' must be a mapping with about, "
                                     f"statement and source, not {_what(item)}")
                continue
            if id(item) in self.bad:
                continue
            fields = self._fields(item)
            self.entry_line = _line(item)
            self._check_keys(fields, _NOT_FOR_FIELDS, where)
            values = (
                self._refs(fields, "about", where, "entity", required=True),
                self._text(fields, "statement", where, required=True),
                self._ref(fields, "source", where, "source", required=True),
            )
            if _BAD not in values:
                entries.append(NotFor(*values, origin=Origin(self.path, self.entry_line)))  # type: ignore
        self.entry_line = drug_line
        return tuple(entries) if len(entries) == len(node.value) else _BAD

    def _trial(self, f: dict, label: str, entry_id: str | None, origin: Origin) -> Trial | None:
        values = (
            self._text(f, "name", label, required=True),
            self._texts(f, "aliases", label),
            self._ref(f, "drug", label, "drug", required=True),
            self._text(f, "comparator", label),  # a drug id or free text: nothing to resolve
            self._text(f, "setting", label),
            self._ref(f, "source", label, "source", required=True),
        )
        reviewed = self._date(f, "reviewed", label)
        if entry_id is None or _BAD in values or reviewed is _BAD:
            return None
        return Trial(entry_id, *values, origin=origin, reviewed=reviewed)  # type: ignore[arg-type]

    def _claim(self, f: dict, label: str, entry_id: str | None, origin: Origin) -> Claim | None:
        statement = self._text(f, "statement", label, required=True)
        about = self._refs(f, "about", label, "entity", required=True)
        metric = self._ref(f, "metric", label, None, required=True)
        if metric is not _BAD:  # known or not is told once every file's metrics are read
            self.claim_metrics.append((metric, self.path, _line(f["metric"][1]), label))  # type: ignore
        value = self._value(f, label)
        unit = self._unit(f, label)
        tolerance = self._tolerance(f, label)
        when, unless = self._texts(f, "when", label), self._texts(f, "unless", label)
        drug = self._ref(f, "drug", label, "drug")
        trial = self._ref(f, "trial", label, "trial")
        source = self._ref(f, "source", label, "source", required=True)
        as_of = self._text(f, "as_of", label)
        superseded_by = self._ref(f, "superseded_by", label, "claim")
        if superseded_by is not None and superseded_by is not _BAD and entry_id is not None:
            node = f["superseded_by"][1]
            if superseded_by == entry_id:
                self.error(node, f"{label} is superseded by itself")
                superseded_by = _BAD
            else:
                self.supersede[entry_id] = (superseded_by, self.path, _line(node))  # type: ignore[assignment]
        reviewed = self._date(f, "reviewed", label)
        values = (statement, about, metric, value, unit, tolerance, when, unless, drug, trial, source, as_of,
                  superseded_by, reviewed)
        if entry_id is None or _BAD in values:
            return None
        low, high = value  # type: ignore[misc]
        return Claim(entry_id, statement, about, metric, low, high, unit, tolerance, when,  # type: ignore
                     unless, drug, trial, source, as_of, superseded_by, origin, reviewed)

    # -- across files
    def resolve(self) -> None:
        """Dangling references, superseded_by cycles and unknown metrics, once every file is read."""
        for kind, ref, path, line, label, name in self.refs:
            found = self.ids.get(ref)
            if found is None or found[0] != kind:
                self.path = path
                hint = (f"; it is {_A_KIND[found[0]]}" if found
                        else _did_you_mean(ref, [i for i, (k, _) in self.ids.items() if k == kind]))
                self.error(line, f"{label}: '{name}' names '{ref}', which is not {_A_KIND[kind]} in the "
                                 f"registry{hint}")
        self._cycles()
        known = set(BUILTIN_METRICS) | {i for i, (k, _) in self.ids.items() if k == "metric"}
        for metric, path, line, label in self.claim_metrics:
            if metric not in known:
                self.path = path
                self.warning(line, f"{label}: metric '{metric}' is neither built-in nor defined under "
                                   f"'metrics'; factlint will take '{metric.replace('-', ' ')}' as its cue")

    def _cycles(self) -> None:
        """Each cycle of superseded_by once, at the first of its claims that the registry lists."""
        done: set[str] = set()
        order = {claim_id: i for i, claim_id in enumerate(self.supersede)}
        for start in self.supersede:
            chain: list[str] = []
            at: str | None = start
            while at is not None and at not in done and at not in chain:
                chain.append(at)
                at = self.supersede[at][0] if at in self.supersede else None
            if at is not None and at in chain:
                cycle = chain[chain.index(at):]
                first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
                cycle = cycle[first:] + cycle[:first]
                _, self.path, line = self.supersede[cycle[0]]
                self.error(line, "superseded_by forms a cycle: " + " -> ".join(cycle + [cycle[0]]))
            done.update(chain)
