"""Which files a run lints and which registry a file is judged against.

Files: folders are walked for lintable suffixes, skipping hidden and tool folders, `.gitignore`d files
(unless `respect-gitignore = false`) and the configuration's `include`/`exclude`; files named on the
command line are linted even when excluded, unless `force_exclude` (which pre-commit uses), as ruff does.

Registries: the ones named (`--registry`; `@field` names a bundled one), else the configuration's
`registry`, else `claims/` beside the configuration file, else ./claims, else the bundled one (every field).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .config import Config
from .errors import UsageError
from .readers import LINTABLE_SUFFIXES

_SKIP_DIRS = {"node_modules", "__pycache__", "venv", ".venv", "site-packages"}


# ---- registries ------------------------------------------------------------------------------------------
def _has_registry(folder: Path) -> bool:
    return folder.is_dir() and any(folder.rglob("*.y*ml"))


def resolve_registry_paths(explicit: Sequence[str]) -> list[str]:
    """The registries to use: those named (each must exist), else ./claims if it exists, else the
    bundled one."""
    if explicit:
        from .registry import resolve_bundled

        explicit = [resolve_bundled(p) for p in explicit]  # "@her2": a bundled registry by its field
        for p in explicit:
            if not os.path.exists(p):
                raise UsageError(f"registry not found: {p}")
        return list(explicit)
    if _has_registry(Path("claims")):
        return [str(Path("claims"))]
    from .registry import bundled_registry_path

    return [str(bundled_registry_path())]


def registry_for(explicit: Sequence[str], config: Config) -> tuple[str, ...]:
    """The registry a file under `config` is judged against (`explicit`: the command line's)."""
    if explicit:
        return tuple(resolve_registry_paths(explicit))
    if config.registry:
        return config.registry
    if config.path:  # a repository's claims/ beside its configuration, wherever factlint runs from
        beside = Path(config.root) / "claims"
        if _has_registry(beside):
            return (str(beside),)
    return tuple(resolve_registry_paths(()))


# ---- files -----------------------------------------------------------------------------------------------
def discover(paths: Iterable[str], config_of: Callable[[str], Config], force_exclude: bool = False
             ) -> tuple[list[str], list[str]]:
    """Files to lint (in order, each once) and one error line per path that gives none."""
    files: list[str] = []
    errors: list[str] = []
    seen: set[str] = set()

    def add(f: str) -> None:
        if f not in seen:
            seen.add(f)
            files.append(f)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(_walk(raw, config_of))
            if not found:
                errors.append(f"{raw}: no lintable files (.md, .markdown, .txt, .html, .htm) in this folder")
            for f in found:
                add(f)
        elif p.exists():
            if force_exclude and _skipped_file(str(p), config_of):
                continue
            add(str(p))
        else:
            errors.append(f"{raw}: no such file or directory")
    return files, errors


def _skipped_file(path: str, config_of: Callable[[str], Config]) -> bool:
    config = config_of(path)
    if config.excludes(path):
        return True
    return config.respect_gitignore and GitIgnores(os.path.dirname(os.path.abspath(path))).ignored(path)


def _walk(top: str, config_of: Callable[[str], Config]) -> Iterable[str]:
    """The lintable files under `top` (in no order), as os.walk finds them (symlinked folders are not
    entered), with scandir's file types: no stat per regular file."""
    ignores = GitIgnores(os.path.abspath(top))
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:  # unreadable: skipped, as os.walk does
            continue
        config = config_of(os.path.join(folder, "x"))
        # Per file, only what can apply: no patterns in or above this folder, no matching at all.
        use_git = config.respect_gitignore and ignores.applies(folder)
        for entry in entries:
            name = entry.name
            if _is_dir(entry):
                path = os.path.join(folder, name)
                if entry.is_symlink() or name.startswith(".") or name in _SKIP_DIRS:
                    continue
                if config.exclude and config.excludes(path + "/") and not config.include:
                    continue
                if use_git and ignores.ignored(path, is_dir=True):
                    continue
                folders.append(path)
                continue
            if os.path.splitext(name)[1].lower() not in LINTABLE_SUFFIXES:
                continue
            path = os.path.normpath(os.path.join(folder, name))
            if not _is_file(entry) or config.excludes(path):
                continue
            if use_git and ignores.ignored(path):
                continue
            yield path


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()  # follows a symlink, as os.path.isfile does
    except OSError:
        return False


class GitIgnores:
    """The .gitignore files that apply while walking a tree: those of the folders above it up to the
    repository's root (the folder with `.git`), and those met on the way down; outside a repository, only
    the tree's own. Patterns of a file are matched against paths relative to its folder (pathspec
    implements git's wildmatch)."""

    def __init__(self, top: str) -> None:
        self._chains: dict[str, tuple] = {}
        self._stop = top
        self._exclude = None  # the repository's .git/info/exclude (git's own, uncommitted ignores)
        d = top
        while True:
            if os.path.exists(os.path.join(d, ".git")):
                self._stop = d
                self._exclude = _spec_of(os.path.join(d, ".git", "info", "exclude"))
                break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent

    def _chain(self, folder: str) -> tuple:
        """(folder, patterns) of the .gitignore files in `folder` and in the folders above it up to the
        repository's root (or the tree's top), nearest first; each file read once, each chain made once."""
        chain = self._chains.get(folder)
        if chain is None:
            inside = folder == self._stop or folder.startswith(self._stop + os.sep)
            spec = _spec_of(os.path.join(folder, ".gitignore")) if inside else None
            above = self._chain(os.path.dirname(folder)) if inside and folder != self._stop else ()
            chain = self._chains[folder] = ((folder, spec), *above) if spec is not None else above
        return chain

    def applies(self, folder: str) -> bool:
        """Whether any ignore file can match a path in `folder` (a .gitignore in it or above it, up to the
        repository's root, or the repository's exclude file)."""
        return self._exclude is not None or bool(self._chain(os.path.abspath(folder)))

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        path = os.path.abspath(path)
        for d, spec in self._chain(os.path.dirname(path)):
            rel = Path(os.path.relpath(path, d)).as_posix() + ("/" if is_dir else "")
            if spec.match_file(rel):  # type: ignore[attr-defined]
                return True
        if self._exclude is not None and (path + os.sep).startswith(self._stop + os.sep):
            rel = Path(os.path.relpath(path, self._stop)).as_posix() + ("/" if is_dir else "")
            return bool(self._exclude.match_file(rel))  # type: ignore[attr-defined]
        return False


def _spec_of(path: str):
    """The patterns of a gitignore-syntax file, or None when there is none."""
    if not os.path.isfile(path):
        return None
    import pathspec

    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return pathspec.GitIgnoreSpec.from_lines(fh.read().splitlines())
    except OSError:
        return None
