"""`factlint lsp`: a real LSP conversation with `python -m factlint lsp` over pipes.

The client below writes and reads JSON-RPC with Content-Length framing itself (no LSP library), reads in a
thread and waits with timeouts, so a server that hangs or dies fails the test instead of blocking it.
The server runs in a temporary folder whose `claims/` holds copies of the fixture registries (diabetes
and statins), which `resolve_registry_paths(())` picks. Every sentence here is written for these tests.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

TIMEOUT = 20.0  # seconds for any one answer; the first lint builds the pipeline (about a second)


class LspClient:
    def __init__(self, cwd: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.stderr_path = cwd / "server.stderr"
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "factlint", "lsp"], cwd=cwd, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr)
        self.inbox: queue.Queue = queue.Queue()
        self.notifications: list[dict] = []  # everything that is not a response, in order received
        self._next_id = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # ---- framing -------------------------------------------------------------------------------------
    def _read(self) -> None:
        out = self.proc.stdout
        try:
            while True:
                headers = {}
                while True:
                    line = out.readline()
                    if not line:
                        self.inbox.put(None)  # end of stream
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = out.read(int(headers["content-length"]))
                self.inbox.put(json.loads(body.decode("utf-8")))
        except Exception as e:  # surfaces in the test as a protocol error
            self.inbox.put(e)

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _next(self, deadline: float) -> dict:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no message from the server in time; stderr:\n{self.stderr()}")
        try:
            msg = self.inbox.get(timeout=left)
        except queue.Empty:
            raise AssertionError(f"no message from the server in time; stderr:\n{self.stderr()}") from None
        if msg is None:
            self.inbox.put(None)
            raise AssertionError(f"the server closed its output; stderr:\n{self.stderr()}")
        if isinstance(msg, Exception):
            raise AssertionError(f"malformed message from the server: {msg!r}")
        if "method" in msg and "id" in msg:  # a request from the server: answer it so it never waits
            self.send({"id": msg["id"], "result": None})
        return msg

    # ---- JSON-RPC ------------------------------------------------------------------------------------
    def request(self, method: str, params, timeout: float = TIMEOUT):
        self._next_id += 1
        rid = self._next_id
        self.send({"id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline)
            if msg.get("id") == rid and "method" not in msg:
                assert "error" not in msg, f"{method} failed: {msg['error']}"
                return msg["result"]
            self.notifications.append(msg)

    def notify(self, method: str, params) -> None:
        self.send({"method": method, "params": params})

    def wait_notification(self, method: str, match=lambda params: True, timeout: float = TIMEOUT) -> dict:
        """The first notification `method` (already received or coming) whose params satisfy `match`;
        it is removed, so the next wait sees only later ones."""
        deadline = time.monotonic() + timeout
        i = 0
        while True:
            while i < len(self.notifications):
                n = self.notifications[i]
                if n.get("method") == method and match(n.get("params")):
                    del self.notifications[i]
                    return n["params"]
                i += 1
            self.notifications.append(self._next(deadline))

    def diagnostics(self, uri: str, version: int | None = None) -> list[dict]:
        params = self.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == uri and (version is None or p.get("version") == version))
        return params["diagnostics"]

    def stderr(self) -> str:
        self._stderr.flush()
        return self.stderr_path.read_text(errors="replace")[-4000:]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        self._stderr.close()


def initialize(client: LspClient, root: Path, **extra) -> dict:
    result = client.request("initialize", {
        "processId": os.getpid(),
        "rootUri": root.as_uri(),
        "capabilities": {"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]},
                                          "publishDiagnostics": {"versionSupport": True}}},
        **extra,
    })
    client.notify("initialized", {})
    return result


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("lsp")
    (d / "claims").mkdir()
    shutil.copy(FIXTURES / "diabetes" / "registry.yaml", d / "claims" / "diabetes.yaml")
    shutil.copy(FIXTURES / "statins" / "registry.yaml", d / "claims" / "statins.yaml")
    return d


@pytest.fixture(scope="module")
def server(workdir):
    client = LspClient(workdir)
    try:
        client.init_result = initialize(client, workdir, initializationOptions={"unused": True})
        yield client
    finally:
        client.close()


def rng(line: int, start: int, end: int) -> dict:
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


def hover(client: LspClient, uri: str, line: int, character: int):
    return client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                 "position": {"line": line, "character": character}})


# Line 3 has an astral emoji (two UTF-16 code units, one code point) before the contradicted "30%".
NOTES = (
    "# Diabetes notes \U0001F4DD\n"
    "\n"
    "- Screening\n"
    "  - \U0001FA7A In our area, roughly 30% of American adults have type 2 diabetes.\n"
    "\n"
    "Fewer than 15% of American adults have type 2 diabetes.\n"
)
FLAGGED_LINE = 3
# "  - " (4) + emoji (2 UTF-16 units) + " In our area, roughly " (22) = 28; "30%" is 3 units long.
START_UTF16 = 28
CDC = "Centers for Disease Control and Prevention. National Diabetes Statistics Report, 2024"


def apply_edits(text: str, edits: list) -> str:
    """`text` with LSP text edits applied (positions in UTF-16 code units, lines split at \\n)."""
    def offset(pos):
        lines = text.split("\n")
        before = sum(len(x) + 1 for x in lines[:pos["line"]])
        line = lines[pos["line"]]
        units = 0
        for i, ch in enumerate(line):
            if units >= pos["character"]:
                return before + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return before + len(line)

    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                    reverse=True):
        a, b = offset(e["range"]["start"]), offset(e["range"]["end"])
        text = text[:a] + e["newText"] + text[b:]
    return text


def test_initialize_advertises_full_sync_hover_and_quick_fixes(server):
    caps = server.init_result["capabilities"]
    sync = caps["textDocumentSync"]
    assert sync["change"] == 1  # Full
    assert sync["openClose"] is True
    assert sync.get("save") not in (None, False)
    assert caps["hoverProvider"] not in (None, False)
    assert "quickfix" in caps["codeActionProvider"]["codeActionKinds"]
    assert caps.get("positionEncoding", "utf-16") == "utf-16"
    assert server.init_result["serverInfo"]["name"] == "factlint"


def test_diagnostics_hover_quick_fix_and_change(server, workdir):
    uri = (workdir / "notes.md").as_uri()
    # Sanity of the expected column: the UTF-16 offset really differs from the code point offset.
    line = NOTES.splitlines()[FLAGGED_LINE]
    assert line.index("30%") == START_UTF16 - 1
    assert len(line[:line.index("30%")].encode("utf-16-le")) // 2 == START_UTF16

    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": NOTES}})
    diags = server.diagnostics(uri, version=1)
    assert len(diags) == 1, diags
    d = diags[0]
    assert d["code"] == "FL101"
    assert d["source"] == "factlint"
    assert d["severity"] == 1  # Error
    assert d["range"] == rng(FLAGGED_LINE, START_UTF16, START_UTF16 + 3)
    assert d["message"].startswith('"30%" contradicts the registry')
    assert d["message"].endswith(f"(source: {CDC})")
    assert d["data"]["registry_id"] == "t2d-prevalence-us"
    assert d["data"]["fingerprint"]

    # Hover on the flagged words: the registry claim, its value, its source and URL.
    h = hover(server, uri, FLAGGED_LINE, START_UTF16 + 1)
    assert h is not None
    assert h["contents"]["kind"] == "markdown"
    text = h["contents"]["value"]
    assert "About 11.6% of people in the US have diabetes, most of it type 2." in text
    assert "11.6 percent" in text
    assert CDC in text
    assert "https://www.cdc.gov/diabetes/php/data-research/index.html" in text
    assert h["range"] == d["range"]
    # Elsewhere: nothing. Just before and just after the range, on another line, on the emoji.
    assert hover(server, uri, FLAGGED_LINE, START_UTF16 - 1) is None
    assert hover(server, uri, FLAGGED_LINE, START_UTF16 + 3) is None
    assert hover(server, uri, FLAGGED_LINE, 4) is None
    assert hover(server, uri, 5, 12) is None
    assert hover(server, uri, 0, 2) is None

    # Quick fix: a disable-next-line comment placed as --add-suppressions places it: the line above is a
    # list item ("- Screening"), so the comment ends that line and the nested list is not split.
    actions = server.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}})
    assert [a["title"] for a in actions] == ["Disable FL101 for this line"]
    action = actions[0]
    assert action["kind"] == "quickfix"
    assert action["diagnostics"][0]["code"] == "FL101"
    edits = action["edit"]["changes"][uri]
    assert edits == [{"range": rng(FLAGGED_LINE - 1, 11, 11),
                      "newText": " <!-- factlint: disable-next-line FL101 -->"}]
    fixed = apply_edits(NOTES, edits).splitlines()
    assert fixed[FLAGGED_LINE - 1] == "- Screening <!-- factlint: disable-next-line FL101 -->"
    assert fixed[FLAGGED_LINE] == line
    # A client that sends no context diagnostics gets the server's own for the range.
    actions = server.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": rng(FLAGGED_LINE, 0, 0), "context": {"diagnostics": []}})
    assert [a["title"] for a in actions] == []
    actions = server.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": rng(FLAGGED_LINE, START_UTF16 + 1, START_UTF16 + 1),
        "context": {"diagnostics": []}})
    assert [a["title"] for a in actions] == ["Disable FL101 for this line"]

    # The fix applied (full sync): the comment silences the finding, as in `factlint check`.
    silenced = apply_edits(NOTES, edits)
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": silenced}]})
    assert server.diagnostics(uri, version=2) == []
    # The figure corrected under the comment: now the comment is unused (FL901), with no quick fix.
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                             "contentChanges": [{"text": silenced.replace("30%", "12%")}]})
    unused = server.diagnostics(uri, version=3)
    assert [(x["code"], x["range"]["start"]["line"]) for x in unused] == [("FL901", FLAGGED_LINE - 1)]
    assert server.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": unused[0]["range"], "context": {"diagnostics": unused}}) == []

    # The writer corrects the figure and drops the comment: no diagnostics, and no hover.
    corrected = NOTES.replace("roughly 30%", "roughly 12%")
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4},
                                             "contentChanges": [{"text": corrected}]})
    assert server.diagnostics(uri, version=4) == []
    assert hover(server, uri, FLAGGED_LINE, START_UTF16 + 1) is None

    # Back to a wrong figure, then saved: linted again on each.
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 5},
                                             "contentChanges": [{"text": NOTES}]})
    assert [x["code"] for x in server.diagnostics(uri, version=5)] == ["FL101"]
    server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert [x["range"] for x in server.diagnostics(uri, version=5)] == [d["range"]]

    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert server.diagnostics(uri) == []


def test_untitled_buffer_is_markdown_with_crlf_drug_and_trial_hovers(server):
    uri = "untitled:Untitled-1"
    # Markdown: the figure in the fenced code block is not linted (a text reader would flag it).
    text = ("Crestor (atorvastatin) lowers LDL cholesterol.\r\n"
            "\r\n"
            "```\r\n"
            "roughly 30% of American adults have type 2 diabetes.\r\n"
            "```\r\n"
            "\r\n"
            "  The JUPITER trial tested atorvastatin against placebo.\r\n")
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 7, "text": text}})
    diags = server.diagnostics(uri, version=7)
    assert [(x["code"], x["range"], x["data"]["registry_id"]) for x in diags] == [
        ("FL202", rng(0, 0, 7), "rosuvastatin"),
        ("FL301", rng(6, 27, 39), "jupiter"),
    ]
    assert all(x["severity"] == 1 for x in diags)

    drug = hover(server, uri, 0, 3)["contents"]["value"]
    assert "rosuvastatin" in drug and "Brands: Crestor" in drug and "Class: statin" in drug
    assert "CRESTOR (rosuvastatin) US prescribing information" in drug
    trial = hover(server, uri, 6, 30)["contents"]["value"]
    assert "JUPITER" in trial and "Drug: rosuvastatin" in trial and "Comparator: placebo" in trial
    assert "Ridker PM" in trial

    actions = server.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": diags[1]["range"], "context": {"diagnostics": [diags[1]]}})
    # after a blank line the comment has a line of its own, indented like the flagged one, with CRLF
    fixed = apply_edits(text, actions[0]["edit"]["changes"][uri])
    assert fixed.split("\r\n")[6:8] == ["  <!-- factlint: disable-next-line FL301 -->",
                                          "  The JUPITER trial tested atorvastatin against placebo."]
    assert fixed.replace("  <!-- factlint: disable-next-line FL301 -->\r\n", "") == text


def test_quick_fix_applies_the_findings_own_fix(server):
    uri = "untitled:Untitled-2"
    text = "Many people take rosuvastatn at night.\n"
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    (d,) = server.diagnostics(uri, version=1)
    assert d["code"] == "FL201"
    actions = server.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}})
    assert [a["title"] for a in actions] == ["Replace with rosuvastatin", "Disable FL201 for this line"]
    assert actions[0]["isPreferred"] is True
    assert apply_edits(text, actions[0]["edit"]["changes"][uri]) == "Many people take rosuvastatin at night.\n"


def test_unreadable_text_publishes_nothing_and_the_server_goes_on(server, workdir):
    uri = (workdir / "binary.txt").as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "plaintext", "version": 1,
        "text": "Nearly 30% of Americans have type 2 diabetes.\u0000\u0001"}})
    assert server.diagnostics(uri, version=1) == []
    log = server.wait_notification("window/logMessage", lambda p: "binary" in p["message"])
    assert "binary.txt" in log["message"] and "internal error" not in log["message"]
    # Still serving: another document is linted, as plain text (.txt).
    other = (workdir / "plain.txt").as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": other, "languageId": "plaintext", "version": 1,
        "text": "```\nNearly 30% of Americans have type 2 diabetes.\n```\n"}})
    found = server.diagnostics(other, version=1)
    assert [(x["code"], x["range"]) for x in found] == [("FL101", rng(1, 7, 10))]


def test_shutdown_then_exit_ends_with_code_0(workdir):
    client = LspClient(workdir)
    try:
        initialize(client, workdir)
        uri = (workdir / "quick.md").as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1,
            "text": "More than 20% of US adults have type 2 diabetes.\n"}})
        assert [x["code"] for x in client.diagnostics(uri, version=1)] == ["FL101"]
        assert client.request("shutdown", None) is None
        client.notify("exit", None)
        assert client.proc.wait(timeout=TIMEOUT) == 0
        assert "Traceback" not in client.stderr()
    finally:
        client.close()


def test_exit_without_shutdown_ends_with_code_1(workdir):
    client = LspClient(workdir)
    try:
        initialize(client, workdir)
        client.notify("exit", None)
        assert client.proc.wait(timeout=TIMEOUT) == 1
    finally:
        client.close()


def _run_python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=60)


def test_importing_the_server_does_not_import_spacy(tmp_path):
    r = _run_python("import sys, factlint.lsp\nprint('spacy' in sys.modules, 'pygls' in sys.modules)",
                    tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["False", "True"], (r.stdout, r.stderr)


def test_check_never_imports_pygls(tmp_path):
    (tmp_path / "draft.md").write_text("About 4% of people with lung cancer have ALK-positive NSCLC.\n")
    r = _run_python("import sys\nfrom factlint.cli import main\ncode = main(['check', 'draft.md'])\n"
                    "print(code, 'pygls' in sys.modules, 'lsprotocol' in sys.modules,"
                    " 'spacy' in sys.modules)",
                    tmp_path)
    assert r.returncode == 0, r.stderr
    # It did lint (spaCy is loaded), without pygls.
    assert r.stdout.split()[-3:] == ["False", "False", "True"], (r.stdout, r.stderr)


def test_positions_in_other_encodings_and_line_breaks():
    from lsprotocol import types

    from factlint.lsp import LineMap

    text = "a\U0001F4DDb\r\nx\u00e9y\rz\nend"
    utf16 = LineMap(text)
    assert [utf16.line_text(i) for i in range(4)] == ["a\U0001F4DDb", "x\u00e9y", "z", "end"]
    assert utf16.position(text.index("b")) == types.Position(line=0, character=3)
    assert utf16.position(text.index("y")) == types.Position(line=1, character=2)
    assert utf16.position(text.index("z")) == types.Position(line=2, character=0)
    assert utf16.offset(types.Position(line=0, character=3)) == text.index("b")
    utf8 = LineMap(text, types.PositionEncodingKind.Utf8)
    assert utf8.position(text.index("b")) == types.Position(line=0, character=5)
    assert utf8.position(text.index("y")) == types.Position(line=1, character=3)
    utf32 = LineMap(text, types.PositionEncodingKind.Utf32)
    assert utf32.position(text.index("b")) == types.Position(line=0, character=2)
    assert utf16.newline() == "\r\n" and LineMap("a\nb\r\n").newline() == "\n"


def test_byte_order_mark_and_crlf_shift_nothing(diabetes_linter):
    from factlint.lsp import to_lsp_diagnostics

    text = ("\ufeffNearly 30% of Americans have type 2 diabetes.\r\n"
            "\r\n"
            "More than 20% of US adults have type 2 diabetes.\r\n")
    found = to_lsp_diagnostics(text, diabetes_linter.lint_text(text, "a.md").diagnostics)
    # The BOM is one UTF-16 unit of line 0 (factlint's offsets start after it); line 2 follows two CRLFs.
    assert [(f.diagnostic.code, f.lsp.range) for f in found] == [
        ("FL101", types_range(0, 8, 11)), ("FL101", types_range(2, 10, 13))]
    assert [text[f.start:f.end] for f in found] == ["30%", "20%"]


def types_range(line: int, start: int, end: int):
    from lsprotocol import types

    return types.Range(start=types.Position(line=line, character=start),
                       end=types.Position(line=line, character=end))
