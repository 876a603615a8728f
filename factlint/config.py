"""Project configuration: `.factlint.yaml` or `[tool.factlint]` in `pyproject.toml`.

The configuration of a file is the nearest one found walking up from the file's folder (in each folder
`.factlint.yaml`, then `.factlint.yml`, then a `pyproject.toml` that has a `[tool.factlint]` table), or the
one named with `--config`, which then applies to every file. Paths and globs in it are relative to its
folder. Keys are strict, as in Vale: a misspelt key is an error naming the file, the line and the key.
Command-line options win over the file.

    registry = ["claims/"]            # registry files or folders
    select = ["FL1", "FL2"]            # codes, prefixes or rule names
    ignore = ["FL302"]
    per-file-ignores = { "archive/**" = ["FL102"] }
    include = ["docs/**"]              # globs (gitignore syntax) of files to lint when walking folders
    exclude = ["drafts/old/**"]
    respect-gitignore = true           # skip .gitignore'd files when walking folders (default)
    fail-on = "warning"
    severity = { FL302 = "warning" }   # per-code severity
    extend = "../shared/.factlint.yaml" # start from another configuration; keys set here win

`extend` reads another configuration file first (relative to this one); the keys this file sets replace
its values, except `severity` and `per-file-ignores`, which are merged (this file's entries win). Its
`registry` paths stay relative to the file that names them; `include`/`exclude` globs are matched relative
to the extending file's folder.

Reading a configuration costs a few `stat` calls and, when one exists, parsing one small file; nothing
here imports more than the standard library, PyYAML (only for a YAML file) and pathspec (only when globs
are used).
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import FactlintError
from .findings import FAIL_ON, SEVERITIES

YAML_NAMES = (".factlint.yaml", ".factlint.yml")
KEYS = ("extend", "registry", "select", "ignore", "per-file-ignores", "include", "exclude", "respect-gitignore",
        "fail-on", "severity")


class ConfigError(FactlintError):
    """A configuration file that cannot be used."""


@dataclass(frozen=True)
class Config:
    """One configuration file's settings (or the defaults, with `path` None)."""

    path: str | None = None
    root: str = "."  # the folder paths and globs are relative to
    registry: tuple[str, ...] = ()  # absolute, or relative to the current folder when given that way
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    fail_on: str | None = None
    severity: Mapping[str, str] = field(default_factory=dict)
    extend: str | None = None  # the configuration this one extends (absolute path)
    keys: frozenset[str] = frozenset()  # the keys the file itself sets

    def relative(self, path: str) -> str:
        """`path` relative to this configuration's folder, with forward slashes (for glob matching)."""
        try:
            rel = os.path.relpath(os.path.abspath(path), self.root)
        except ValueError:  # another drive on Windows
            return Path(path).as_posix()
        return Path(rel).as_posix()

    def ignored_codes(self, path: str) -> tuple[str, ...]:
        """Codes that `per-file-ignores` turns off for `path`."""
        if not self.per_file_ignores:
            return ()
        rel = self.relative(path)
        out: list[str] = []
        for glob, codes in self.per_file_ignores:
            if _spec((glob,)).match_file(rel):
                out.extend(codes)
        return tuple(out)

    def excludes(self, path: str) -> bool:
        """Whether walking a folder should skip `path` (by `include`/`exclude`)."""
        if not (self.exclude or self.include):
            return False
        rel = self.relative(path)
        if self.exclude and _spec(self.exclude).match_file(rel):
            return True
        return bool(self.include) and not _spec(self.include).match_file(rel)


_SPECS: dict[tuple[str, ...], Any] = {}


def _spec(globs: tuple[str, ...]):
    spec = _SPECS.get(globs)
    if spec is None:
        import pathspec

        spec = _SPECS[globs] = pathspec.GitIgnoreSpec.from_lines(globs)
    return spec


# ---- finding the configuration --------------------------------------------------------------------------
def config_for(folder: str | os.PathLike, found: dict[str, Config] | None = None) -> Config:
    """The configuration that applies to files in `folder`: the nearest one walking up, else defaults.
    `found` memoises folders already looked at (one run's worth: a file edited later is read again)."""
    found = {} if found is None else found
    start = os.path.abspath(folder)
    seen = []
    d = start
    config = None
    while True:
        if d in found:
            config = found[d]
            break
        seen.append(d)
        config = _config_in(d)
        if config is not None:
            break
        parent = os.path.dirname(d)
        if parent == d:
            config = Config(root=os.getcwd())
            break
        d = parent
    for s in seen:
        found[s] = config
    return config


def _config_in(folder: str) -> Config | None:
    for name in YAML_NAMES:
        p = os.path.join(folder, name)
        if os.path.isfile(p):
            return load_config(p)
    p = os.path.join(folder, "pyproject.toml")
    if os.path.isfile(p):
        with open(p, "rb") as fh:
            data = fh.read()
        if b"tool.factlint" in data:  # cheap test before parsing TOML
            config = _load_pyproject(p, data, required=False)
            return _extended(config, ()) if config is not None and config.extend else config
    return None


def load_config(path: str, _chain: tuple[str, ...] = ()) -> Config:
    """Read the configuration file `path` (`.factlint.yaml` or `pyproject.toml`), with what it extends."""
    config = _read_config(path)
    return _extended(config, _chain) if config.extend else config


def _extended(config: Config, chain: tuple[str, ...]) -> Config:
    """`config` over the configuration it extends (recursively; a cycle is an error)."""
    import dataclasses

    assert config.extend is not None and config.path is not None
    chain = (*chain, os.path.abspath(config.path))
    if os.path.abspath(config.extend) in chain:
        raise ConfigError(f"'extend' makes a cycle: {' -> '.join(chain + (config.extend,))}", config.path)
    if not os.path.isfile(config.extend):
        raise ConfigError(f"'extend': no such configuration file: {config.extend}", config.path)
    base = load_config(config.extend, chain)
    merged = {}
    for f in dataclasses.fields(Config):
        key = f.name.replace("_", "-")
        if f.name in ("path", "root", "extend", "keys"):
            continue
        if f.name == "severity":
            merged["severity"] = {**base.severity, **config.severity}
        elif f.name == "per_file_ignores":
            merged["per_file_ignores"] = base.per_file_ignores + config.per_file_ignores
        elif key not in config.keys:
            merged[f.name] = getattr(base, f.name)
    return dataclasses.replace(config, **merged)


def _read_config(path: str) -> Config:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise ConfigError(f"cannot read the configuration: {e.strerror or e}", path) from None
    if os.path.basename(path).endswith(".toml"):
        config = _load_pyproject(path, data, required=True)
        assert config is not None
        return config
    return _load_yaml(path, data)


# ---- TOML -------------------------------------------------------------------------------------------------
def _load_pyproject(path: str, data: bytes, required: bool) -> Config | None:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        text = data.decode("utf-8")
        doc = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError("the file is not valid UTF-8", path) from None
    except tomllib.TOMLDecodeError as e:
        import re

        m = re.search(r"\(at line (\d+)", str(e))
        line = int(m.group(1)) if m else (text.count("\n") + 1 if "end of document" in str(e) else None)
        raise ConfigError(f"invalid TOML: {re.sub(r' [(]at .*[)]$', '', str(e))}", path, line) from None
    table = doc.get("tool", {}).get("factlint") if isinstance(doc.get("tool"), dict) else None
    if table is None:
        if required:
            raise ConfigError("no [tool.factlint] table in this file", path)
        return None
    if not isinstance(table, dict):
        raise ConfigError("tool.factlint must be a table", path, _toml_line(text, "factlint"))
    return _build(path, table, lambda key: _toml_line(text, key))


def _toml_line(text: str, key: str) -> int | None:
    """The line of `key` inside the [tool.factlint] tables (TOML parsers keep no positions)."""
    import re

    if "." in key:
        parent, _, sub = key.partition(".")
        return _toml_line(text, sub) or _toml_line(text, parent)

    in_section = False
    pat = re.compile(rf'^\s*("?){re.escape(key)}\1\s*=')
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if s.startswith("["):
            in_section = s.strip("[] ").startswith("tool.factlint")
            if in_section and s.strip("[] ").endswith(key):
                return n
            continue
        if in_section and pat.match(line):
            return n
    return None


# ---- YAML -------------------------------------------------------------------------------------------------
def _load_yaml(path: str, data: bytes) -> Config:
    import yaml

    try:
        text = data.decode("utf-8-sig")
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except UnicodeDecodeError:
        raise ConfigError("the file is not valid UTF-8", path) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise ConfigError(f"invalid YAML: {problem}", path, mark.line + 1 if mark else None) from None
    if node is None:
        return _build(path, {}, lambda key: None)
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError("the configuration must be a mapping of keys to values", path, node.start_mark.line + 1)
    lines: dict[str, int] = {}
    table = {}
    for k, v in node.value:
        key = str(k.value)
        if key in table:
            raise ConfigError(f"duplicate key '{key}'", path, k.start_mark.line + 1)
        lines[key] = k.start_mark.line + 1
        if isinstance(v, yaml.MappingNode):  # so an error in `severity` points at its own line
            lines.update((f"{key}.{sub.value}", sub.start_mark.line + 1) for sub, _ in v.value)
        table[key] = _plain(v, path)
    return _build(path, table, lambda key: lines.get(key) or lines.get(key.split(".")[0]))


def _plain(node, path: str):
    """A composed YAML node as plain Python (strings, booleans, lists, dicts); tags are refused."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        if node.tag.startswith("tag:yaml.org,2002:") or node.tag == "!":
            return node.value
        raise ConfigError(f"tags such as {node.tag} are not allowed", path, node.start_mark.line + 1)
    if isinstance(node, yaml.SequenceNode):
        return [_plain(n, path) for n in node.value]
    return {str(k.value): _plain(v, path) for k, v in node.value}


# ---- validation ---------------------------------------------------------------------------------------------
def _build(path: str, table: dict, line_of) -> Config:
    root = os.path.dirname(os.path.abspath(path))

    def fail(key: str, message: str):
        raise ConfigError(message, path, line_of(key))

    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(KEYS)})"
            fail(key, f"unknown key '{key}'{hint}")

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, ())
        if isinstance(value, str):
            value = [x.strip() for x in value.split(",") if x.strip()] if key in ("select", "ignore") else [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(x, str) for x in value):
            fail(key, f"'{key}' must be a list of strings")
        return tuple(value)

    from .rules import is_selector, lookup

    def codes(key: str, values) -> tuple[str, ...]:
        for c in values:
            if not is_selector(c):
                fail(key, f"'{key}': unknown rule code or name '{c}' (see `factlint rules`)")
        return tuple(values)

    def registry_path(raw: str) -> str:
        if raw.startswith("@"):  # a bundled registry by its field
            from .errors import UsageError
            from .registry import resolve_bundled

            try:
                return resolve_bundled(raw)
            except UsageError as e:
                fail("registry", str(e))
        return os.path.normpath(os.path.join(root, raw))

    registry = tuple(registry_path(p) for p in strings("registry"))
    for p, raw in zip(registry, strings("registry")):
        if not os.path.exists(p):
            fail("registry", f"registry not found: {raw} (relative to {os.path.basename(path)})")

    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        fail("per-file-ignores", "'per-file-ignores' must map globs to lists of codes")
    per_file = []
    for glob, value in pfi.items():
        if isinstance(value, str):
            value = [x.strip() for x in value.split(",") if x.strip()]
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            fail(f"per-file-ignores.{glob}", f"'per-file-ignores': the value for '{glob}' must be a list of codes")
        per_file.append((str(glob), codes(f"per-file-ignores.{glob}", value)))

    gitignore = table.get("respect-gitignore", True)
    if not isinstance(gitignore, bool):
        fail("respect-gitignore", "'respect-gitignore' must be true or false")
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        fail("fail-on", f"'fail-on' must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")

    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        fail("severity", "'severity' must map rule codes to error, warning or info")
    sev: dict[str, str] = {}
    for c, level in severity.items():
        rule = lookup(str(c))
        if rule is None:
            fail(f"severity.{c}", f"'severity': unknown rule code or name '{c}'")
        if level not in SEVERITIES:
            fail(f"severity.{c}", f"'severity': {c} must be error, warning or info, not {level!r}")
        sev[rule.code] = level

    extend = table.get("extend")
    if extend is not None and not isinstance(extend, str):
        fail("extend", "'extend' must be the path of another configuration file")

    return Config(
        extend=os.path.normpath(os.path.join(root, extend)) if extend else None,
        keys=frozenset(table),
        path=path,
        root=root,
        registry=registry,
        select=codes("select", strings("select")),
        ignore=codes("ignore", strings("ignore")),
        per_file_ignores=tuple(per_file),
        include=strings("include"),
        exclude=strings("exclude"),
        respect_gitignore=gitignore,
        fail_on=fail_on,
        severity=sev,
    )
