"""The settings a file is linted with: the command line's options over the file's configuration.

One value (`Settings`) answers every policy question about a file (which rules run, with which
severities, against which registry), so the CLI, the API, the language server and the web app cannot
disagree. (`fail-on` belongs to the run, not to a file: factlint.project.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from .findings import Severity
from .rules import matches

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


@dataclass(frozen=True)
class Options:
    """What the command line (or an API caller) says; None means "not given" (the configuration decides)."""

    registry: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    config: str | None = None
    force_exclude: bool = False
    cache: bool = True
    jobs: int = 0
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    baseline: str | None = None
    annotate: bool = False  # keep every claim with its verdict and the source text (for HTML views)
    # What each file's result keeps of its draft (factlint.results.KEEPS): `check` asks for what its report
    # reads; the cache needs the lines at least.
    keep: str = "document"


@dataclass(frozen=True)
class Selection:
    """Which rules run: `select` (empty: all) minus `ignore`; codes, prefixes ("FL1"), names or "ALL"."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        if self.select and not matches(code, self.select):
            return False
        return not (self.ignore and matches(code, self.ignore))


@dataclass(frozen=True)
class Settings:
    registry: tuple[str, ...]  # registry files or folders
    selection: Selection = Selection()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # per-code overrides

    def enabled(self, code: str) -> bool:
        return self.selection.enabled(code)

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)


def settings_for(options: Options, config, path: str, registry: Sequence[str]) -> Settings:
    """The settings of the file at `path` under `config` (a factlint.config.Config)."""
    select = options.select if options.select is not None else config.select
    ignore = options.ignore if options.ignore is not None else config.ignore
    return Settings(
        registry=tuple(registry),
        selection=Selection(tuple(select), tuple(ignore) + config.ignored_codes(path)),
        severity={code: Severity(level) for code, level in config.severity.items()},
    )
