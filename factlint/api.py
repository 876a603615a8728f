"""factlint's Python API: lint text or paths against a registry and get diagnostics back.

    from factlint.api import Linter
    linter = Linter.from_registry_paths(["claims/"])
    result = linter.lint_paths(["drafts/"])
    for d in result.diagnostics: print(d.path, d.line, d.code, d.message)

The names here are the stable surface; they live in factlint.engine (the Linter), factlint.results
(the result values), factlint.settings and factlint.discovery. For a run with a repository's
configuration, suppressions, cache and baseline, as `factlint check` does it, use factlint.project.
"""
from __future__ import annotations

from .discovery import resolve_registry_paths
from .engine import Linter, auto_jobs, to_diagnostic
from .results import FileResult, LintResult
from .settings import DEFAULT_MAX_FILE_SIZE

__all__ = ["DEFAULT_MAX_FILE_SIZE", "FileResult", "LintResult", "Linter", "auto_jobs", "resolve_registry_paths",
           "to_diagnostic"]
