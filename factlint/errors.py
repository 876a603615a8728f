"""Errors a user can cause. Each renders as one plain line naming the file (and line) at fault.

The CLI turns a `FactlintError` into exit code 2 and that line on standard error; nothing here prints.
"""
from __future__ import annotations


class FactlintError(Exception):
    """A problem with what the user gave us (a path, an option, a registry), not a bug in factlint."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}: {self.message}"
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message


class UsageError(FactlintError):
    """A bad option or a path that does not exist."""


class InputError(FactlintError):
    """A draft that cannot be read (binary, not UTF-8, too large). Other files are still linted."""


class RegistryError(FactlintError):
    """A registry that cannot be used. `problems` holds every problem found, each a one-line string."""

    def __init__(self, problems: list[str]) -> None:
        first = problems[0] if problems else "invalid registry"
        more = f" ({len(problems) - 1} more; run `factlint registry check` to see all)" if len(problems) > 1 else ""
        super().__init__(first + more)
        self.problems = problems

    def __str__(self) -> str:
        return self.message
