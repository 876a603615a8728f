"""`factlint lsp`: a language server (LSP over standard input and output) for editors.

It lints an open document on didOpen, didChange (full text sync) and didSave and publishes one LSP
diagnostic per factlint diagnostic; a hover over a flagged claim shows the registry entry it was judged
against (statement and value of a claim, name, brands and class of a drug, drug and comparator of a
trial) with its source; a quick fix inserts `<!-- factlint: disable-next-line FLxxx -->` above the line,
and suppression comments silence diagnostics as they do in `factlint check`.

Positions: factlint and LSP both count lines at "\\r\\n", "\\r" and "\\n" (factlint.source.LineIndex, the
one line table); factlint counts columns in code points, LSP in the code units of the position encoding
agreed at initialization (UTF-16 unless the client offers another). The server converts from the
diagnostics' source offsets with the text it linted, so an emoji before a claim, CRLF or CR files and a
byte order mark are all handled.

One `Linter` per process, built on the first lint (the spaCy pipeline is built once); lints run one at a
time in a worker thread, and a result for a document that has changed since is dropped. Only the `lsp`
command imports this module, so `factlint check` never imports pygls.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Sequence

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path, urlparse

from . import __version__
from .errors import FactlintError, RegistryError
from .findings import Diagnostic, Severity
from .source import LineIndex

logger = logging.getLogger("factlint.lsp")

SOURCE = "factlint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_BOM = "\ufeff"

# ---- the linter ------------------------------------------------------------------------------------
def _check(lint_path: str, text: str):
    """What `factlint check` would report for this text at this path: the nearest configuration (read
    afresh, so an edited configuration applies at the next change), its registry, suppression comments
    (with FL901/FL902), selected rules and severities. Pipelines are built once per process and reused
    (factlint.project keeps them); the cache is not used, as a buffer changes at every keystroke.
    Returns (the file's result, the registry it was judged against)."""
    from .project import Options, Project

    project = Project(Options(cache=False))
    result = project.check_source(lint_path, text).files[0]
    return result, project.linter_for(lint_path).registry


def document_path(uri: str) -> tuple[str | None, str]:
    """(file system path or None, the path to lint as) for a document URI.

    A `file:` URI lints as its file (the extension picks the reader); any other scheme (`untitled:`, ...)
    lints as Markdown."""
    path = to_fs_path(uri)
    if path:
        return path, path
    try:
        name = os.path.basename(urlparse(uri)[2]) or "untitled"
    except Exception:  # a URI pygls cannot parse: still lint it
        name = "untitled"
    if not name.lower().endswith((".md", ".markdown")):
        name += ".md"
    return None, name


# ---- positions -------------------------------------------------------------------------------------
class LineMap:
    """A text's LSP positions (0-based lines, columns in the client's position encoding) and back, from
    factlint's one line table (factlint.source.LineIndex), so the editor and the CLI count the same lines."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.encoding = encoding
        self.index = LineIndex(text)

    @property
    def line_count(self) -> int:
        return len(self.index)

    def line_start(self, line: int) -> int:
        return self.index.span(line + 1)[0]

    def line_text(self, line: int) -> str:
        return self.index.line_text(line + 1)

    def newline(self) -> str:
        return self.index.newline()

    def position(self, offset: int) -> types.Position:
        line, character = self.index.lsp_position(offset, self.encoding)
        return types.Position(line=line, character=character)

    def offset(self, pos: types.Position) -> int:
        return self.index.lsp_offset(pos.line, pos.character, self.encoding)


# ---- what a lint leaves for hover and code actions ------------------------------------------------
@dataclass(frozen=True)
class Flagged:
    diagnostic: Diagnostic  # factlint's
    start: int  # offsets into the linted text (the document as the editor has it)
    end: int
    lsp: types.Diagnostic


@dataclass(frozen=True)
class LintState:
    version: int | None
    text: str
    flagged: tuple[Flagged, ...]
    registry: object | None


def to_lsp_diagnostics(text: str, diagnostics: Sequence[Diagnostic],
                       encoding: str = types.PositionEncodingKind.Utf16) -> list[Flagged]:
    """LSP diagnostics for factlint diagnostics of `text` (the document exactly as the editor has it)."""
    lines = LineMap(text, encoding)
    # factlint reads the text without a leading byte order mark: its offsets start after it.
    shift = 1 if text.startswith(_BOM) else 0
    out = []
    for d in diagnostics:
        start, end = d.start + shift, max(d.end, d.start) + shift
        message = f"{d.message} (source: {d.source})" if d.source else d.message
        data = {"rule": d.rule, "registry_id": d.registry_id, "fingerprint": d.fingerprint}
        if d.fix is not None:  # the quick fix that applies it (code_action), in offsets of `text`
            data["fix"] = {"message": d.fix.message, "safe": d.fix.safe,
                           "edits": [[e.start + shift, e.end + shift, e.content] for e in d.fix.edits]}
        lsp = types.Diagnostic(
            range=types.Range(start=lines.position(start), end=lines.position(end)),
            message=message,
            severity=_SEVERITY.get(d.severity, types.DiagnosticSeverity.Warning),
            code=d.code,
            source=SOURCE,
            data=data,
        )
        out.append(Flagged(d, start, end, lsp))
    return out


# ---- hover -----------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def entry_markdown(registry, entry_id: str) -> str | None:
    """The registry entry with this id (claim, drug or trial) as Markdown (factlint.registry.describe),
    or None."""
    from .registry.describe import describe

    entry = registry.entry(entry_id)
    if entry is None:
        return None
    d = describe(registry, entry)
    if d.kind == "claim":
        lines = [f"**Registry claim** `{d.id}`", _md(d.title)]
    else:
        lines = [f"**Registry {d.kind}** {_md(d.title)} (`{d.id}`)"]
    lines += [f"{label}: {_md(text)}" for label, text in d.details]
    if d.source:
        lines.append(f"Source: {_md(d.source)}" + (f" <{d.source_url}>" if d.source_url else ""))
    return "\n\n".join(lines)


def hover_for(state: LintState | None, offset: int) -> types.Hover | None:
    if state is None or state.registry is None:
        return None
    hits = [f for f in state.flagged if f.start <= offset < f.end and f.diagnostic.registry_id]
    parts: list[str] = []
    seen: set[str] = set()
    for f in hits:
        rid = f.diagnostic.registry_id
        if rid in seen:
            continue
        seen.add(rid)
        md = entry_markdown(state.registry, rid)
        if md:
            parts.append(md)
    if not parts:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=hits[0].lsp.range,
    )


# ---- code actions ----------------------------------------------------------------------------------
def disable_line_action(uri: str, lines: LineMap, line: int, code: str,
                        diagnostics: Sequence[types.Diagnostic] = (), lint_path: str = "untitled.md"
                        ) -> types.CodeAction:
    """Quick fix: a `disable-next-line` comment for `line` (0-based), placed as `--add-suppressions`
    places it (factlint.suppressions.insert_suppressions): at the end of the line above when that is
    prose, so a Markdown paragraph or list is not split; `disable-line` at the end of a table row; else
    on a line of its own above, indented like the flagged line."""
    from types import SimpleNamespace

    from .readers import read_source, reader_kind
    from .suppressions import insert_suppressions

    shift = 1 if lines.text.startswith(_BOM) else 0
    source = lines.text[shift:]
    line = min(max(line, 0), lines.line_count - 1)
    doc = read_source(lint_path, source)
    factlint_line = doc.line_index.line_of(max(0, lines.line_start(line) - shift))
    new, _ = insert_suppressions(doc, [SimpleNamespace(line=factlint_line, code=code)], reader_kind(lint_path))
    i = len(os.path.commonprefix([source, new]))
    inserted = new[i:i + len(new) - len(source)]
    at = lines.position(i + shift)
    edit = types.TextEdit(range=types.Range(start=at, end=at), new_text=inserted)
    return types.CodeAction(
        title=f"Disable {code} for this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=list(diagnostics) or None,
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def fix_action(uri: str, lines: LineMap, diagnostic: types.Diagnostic) -> types.CodeAction | None:
    """Quick fix: the finding's own fix (FL201's spelling, FL202's generic), as `factlint check --fix`
    applies it; preferred when it is safe."""
    data = diagnostic.data if isinstance(diagnostic.data, dict) else None
    fix = data.get("fix") if data else None
    if not fix:
        return None
    edits = [types.TextEdit(range=types.Range(start=lines.position(a), end=lines.position(b)), new_text=content)
             for a, b, content in fix["edits"]]
    return types.CodeAction(
        title=fix["message"] + ("" if fix["safe"] else " (unsafe)"),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=bool(fix["safe"]),
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


# ---- the server ------------------------------------------------------------------------------------
class FactlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("factlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.states: dict[str, LintState] = {}
        self.wanted: dict[str, int | None] = {}  # the document version the latest lint request is for
        self.shutdown_requested = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factlint-lint")
        self._shown_errors: set[str] = set()

    @property
    def encoding(self) -> str:
        try:
            enc = self.workspace.position_encoding
        except Exception:
            enc = None
        return enc or types.PositionEncodingKind.Utf16

    def log(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """A line on standard error and a window/logMessage (call on the event loop thread)."""
        logger.warning("%s", message)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=f"factlint: {message}"))
        except Exception:  # a closed pipe: the line on standard error is enough
            pass

    def _lint(self, uri: str, version: int | None, text: str) -> tuple[LintState | None, list]:
        """Lint in the worker thread: the new state and the problems to report (sent from the loop)."""
        if self.wanted.get(uri) != version:
            return None, []  # the document changed again (or was closed) before this lint started
        fs_path, lint_path = document_path(uri)
        failed = LintState(version, text, (), None)
        try:
            result, registry = _check(lint_path, text)
        except RegistryError as e:  # the editor should say so once, not on every keystroke
            return failed, [(f"invalid registry: {e}", types.MessageType.Error, True)]
        except FactlintError as e:  # an unreadable text (InputError): no diagnostics
            where = fs_path or uri
            msg = str(e) if e.path else f"{where}: {e}"
            return failed, [(msg, types.MessageType.Warning, False)]
        except Exception as e:  # a bug in factlint: never take the server down with it
            logger.exception("linting %s failed", uri)
            return failed, [(f"internal error while linting {uri}: {type(e).__name__}: {e}",
                             types.MessageType.Error, False)]
        if result.error:
            return failed, [(result.error, types.MessageType.Warning, False)]
        flagged = to_lsp_diagnostics(text, result.diagnostics, self.encoding)
        return LintState(version, text, tuple(flagged), registry), []

    async def lint_and_publish(self, uri: str) -> None:
        doc = self.workspace.get_text_document(uri)
        try:
            version, text = doc.version, doc.source
        except (OSError, ValueError) as e:  # saved but never opened, and unreadable on disk
            self.log(f"{uri}: cannot read: {e}")
            return
        self.wanted[uri] = version
        loop = asyncio.get_running_loop()
        state, problems = await loop.run_in_executor(self._executor, self._lint, uri, version, text)
        for message, kind, show in problems:
            self.log(message, kind)
            if show and message not in self._shown_errors:
                self._shown_errors.add(message)
                self.window_show_message(types.ShowMessageParams(type=kind, message=f"factlint: {message}"))
        if state is None or uri not in self.wanted or self.wanted[uri] != version:
            return  # superseded by a newer version, or closed meanwhile
        self.states[uri] = state
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=[f.lsp for f in state.flagged], version=version))

    def current_state(self, uri: str) -> LintState | None:
        """The last lint of the document, if it is of the text the editor has now."""
        state = self.states.get(uri)
        if state is None:
            return None
        try:
            return state if self.workspace.get_text_document(uri).source == state.text else None
        except (OSError, ValueError):
            return None

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def build_server() -> FactlintServer:
    server = FactlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: FactlintServer, params: types.InitializeParams) -> None:
        # No initializationOptions are needed; unknown ones are ignored.
        if params.initialization_options:
            logger.info("initializationOptions ignored: %r", params.initialization_options)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: FactlintServer, params: types.DidOpenTextDocumentParams) -> None:
        await ls.lint_and_publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: FactlintServer, params: types.DidChangeTextDocumentParams) -> None:
        await ls.lint_and_publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: FactlintServer, params: types.DidSaveTextDocumentParams) -> None:
        await ls.lint_and_publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FactlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.wanted.pop(uri, None)
        ls.states.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: FactlintServer, params: types.HoverParams) -> types.Hover | None:
        state = ls.current_state(params.text_document.uri)
        if state is None:
            return None
        offset = LineMap(state.text, ls.encoding).offset(params.position)
        return hover_for(state, offset)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: FactlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        only = params.context.only
        if only and not any(k == types.CodeActionKind.QuickFix or types.CodeActionKind.QuickFix.startswith(k)
                            for k in only):
            return []
        try:
            lines = LineMap(ls.workspace.get_text_document(uri).source, ls.encoding)
        except (OSError, ValueError):  # not open and not a readable file
            return []
        diags = [d for d in params.context.diagnostics if d.source == SOURCE and d.code
                 and not str(d.code).startswith("FL9")]  # a suppression's own findings: edit the comment
        if not diags:  # a client that sends no context: the server's own diagnostics in the range
            state = ls.current_state(uri)
            diags = [f.lsp for f in (state.flagged if state else ())
                     if _overlaps(f.lsp.range, params.range) and not f.diagnostic.code.startswith("FL9")]
        actions: list[types.CodeAction] = []
        done: set[tuple[int, str]] = set()
        for d in diags:
            fixed = fix_action(uri, lines, d)
            if fixed is not None:
                actions.append(fixed)
        for d in diags:
            key = (d.range.start.line, str(d.code))
            if key in done:
                continue
            done.add(key)
            actions.append(disable_line_action(uri, lines, d.range.start.line, str(d.code), [d],
                                               document_path(uri)[1]))
        return actions

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: FactlintServer, *args) -> None:
        ls.shutdown_requested = True
        ls.close()

    return server


def serve_stdio() -> None:
    """Serve LSP on standard input and output until the client sends `exit` (or closes the pipe).

    Exits with 0 after shutdown then exit, 1 when the client leaves without shutdown (as LSP says)."""
    level = getattr(logging, os.environ.get("FACTLINT_LSP_LOG", "WARNING").upper(), logging.WARNING)
    logging.basicConfig(level=level if isinstance(level, int) else logging.WARNING, stream=sys.stderr,
                        format="factlint lsp: %(levelname)s: %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must never corrupt the protocol stream
    server = build_server()
    try:
        server.start_io(stdin, stdout)
    finally:
        server.close()
    raise SystemExit(0 if server.shutdown_requested else 1)
