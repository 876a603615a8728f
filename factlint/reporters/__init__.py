"""One renderer per output format; each is a pure function `render(result, ...) -> str`."""
from __future__ import annotations


def reporter(fmt: str):
    """The module that renders `fmt` (imported on first use: a run imports only its own)."""
    import importlib

    return importlib.import_module(f"factlint.reporters.{fmt.replace('-', '_')}")


def quotes_lines(fmt: str) -> bool:
    """Whether the renderer of `fmt` quotes lines of the drafts (`FileResult.line_text`; its module says so
    with QUOTES_LINES): a run's results then keep those lines, and otherwise only their findings."""
    return getattr(reporter(fmt), "QUOTES_LINES", False)
