"""What a lint returns: one `FileResult` per file and a `LintResult` per run (typed, frozen values).

A FileResult is first *raw* (every rule's findings, with the draft's suppression directives; what the
cache stores) and then *settled* by the project's policy (factlint.project). Reporters read only these.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from .findings import Diagnostic

if TYPE_CHECKING:  # only for annotations: none of these is imported at run time here
    from .annotations import Annotation
    from .facts import DocumentFacts
    from .source import Document
    from .suppressions import Directive

# What a file's result keeps of its draft once it is judged (`FileResult.keeping`): "document" (the document
# and its facts: the API, `extract`, the views), "lines" (the lines a report may quote: the cache, the text
# and SARIF reports), "findings" (neither). A run over a large tree holds every result until it reports:
# kept whole, 10,000 short articles held about 1 GB; as findings, about 300 MB (mostly the findings).
KEEPS = ("document", "lines", "findings")


@dataclass(frozen=True)
class FileResult:
    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    facts: "DocumentFacts | None" = None  # what the pipeline found (numbers, drugs, trials), for `extract`
    document: "Document | None" = None
    error: str | None = None  # why the file could not be linted
    lines: Mapping[int, str | None] = field(default_factory=dict)  # line -> text, when `document` is dropped
    directives: "tuple[Directive, ...]" = ()  # the draft's suppression comments
    annotations: "tuple[Annotation, ...]" = ()  # every claim and mention with its verdict (HTML views)
    source: str | None = None  # the decoded text of the file, when the Linter annotates (for views)
    # The registry claims whose values its numbers were judged against (see verdicts.NumberVerdict.read).
    claims_read: frozenset[str] = frozenset()
    analyses: bytes | None = None  # what the pipeline found, if asked (Linter.lint_documents; factlint.analyses)

    def line_text(self, line: int) -> str | None:
        if self.document is not None:
            return self.document.line_index.line_text(line)
        return self.lines.get(line)

    def lines_shown(self) -> dict[int, str | None]:
        """The lines a report may quote: those of findings and of suppression comments."""
        wanted = {d.line for d in self.diagnostics} | {s.line for s in self.directives}
        return {n: self.line_text(n) for n in sorted(wanted)}

    def keeping(self, keep: str) -> "FileResult":
        """This result with only what `keep` (one of KEEPS) says of its draft; findings, suppressions,
        annotations, source and analyses stay."""
        if keep == "document" or self.document is None:
            return self
        return FileResult(self.path, self.diagnostics, None, None, self.error,
                          self.lines_shown() if keep == "lines" else {}, directives=self.directives,
                          annotations=self.annotations, source=self.source, claims_read=self.claims_read,
                          analyses=self.analyses)


@dataclass(frozen=True)
class LintResult:
    files: tuple[FileResult, ...] = ()
    errors: tuple[str, ...] = ()  # paths that could not be used at all (missing, no lintable files)
    baselined: int = 0  # findings the baseline silenced

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted((d for f in self.files for d in f.diagnostics), key=lambda d: d.sort_key)

    @property
    def file_errors(self) -> list[str]:
        return [*self.errors, *(f.error for f in self.files if f.error)]

    @property
    def files_checked(self) -> int:
        return sum(1 for f in self.files if f.error is None)
