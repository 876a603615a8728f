"""`factlint serve`: a small local web app (Flask) for editors.

GET /              paste or upload a draft, pick the registry, see the annotated article (factlint.web.view)
POST /api/check    ?filename=NAME&registry=bundled|project, the draft's bytes as the body -> JSON
                   {"html": fragment, "data": panel data, "findings": [--format json findings]}
GET /registry      the registry browser; GET /api/registry?q=TEXT&registry=... -> JSON entries
GET /static/NAME   the stylesheet and scripts (package files, served from memory)

One `Project` per registry choice for the life of the process (each builds its spaCy pipeline once, at
start); linting is serialised with a lock. Nothing is written to disk: no cache, no temporary files, no
sessions; uploads are read into memory (never multipart) after their size is checked. Every draft and
registry text is escaped in the server-rendered HTML, the scripts fill the panel with textContent only,
and the Content-Security-Policy allows scripts and styles from this server only (no inline script).
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from typing import Sequence

from flask import Flask, Response, abort, jsonify, request

from ..errors import InputError
from ..project import Options, Project
from ..registry.describe import describe
from .view import asset, build_view, templates

DEFAULT_MAX_UPLOAD = 5 * 1024 * 1024
MAX_RESULTS = 200
_DRAIN_LIMIT = 64 * 1024 * 1024  # an oversized body up to this size is read (and dropped) before the 413
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'")
STATIC = {"factlint.css": "text/css", "view.js": "text/javascript", "serve.js": "text/javascript",
          "registry.js": "text/javascript"}
_WARM_UP = ("warm-up.md", "About 11% of adults in the US have type 2 diabetes, studies show.\n")


class BadChoice(Exception):
    """A registry choice the server does not offer (answered with 400 and the message)."""


@dataclass
class Choice:
    key: str  # "bundled" | "project"
    label: str
    paths: tuple[str, ...]
    project: Project

    @property
    def registry(self):
        return self.project.linter(self.paths).registry


def registry_choices(explicit: Sequence[str] = ()) -> dict[str, tuple[str, ...]]:
    """{"bundled": paths, "project": paths}: the project's registry is what `factlint check` would use
    in the current folder (or the --registry paths), offered only when it is not the bundled one."""
    from ..discovery import registry_for
    from ..registry import bundled_registry_path

    bundled = (str(bundled_registry_path()),)
    project = registry_for(tuple(explicit), Project(Options()).run_config)
    choices = {"bundled": bundled}
    if sorted(os.path.realpath(x) for x in project) != sorted(os.path.realpath(x) for x in bundled):
        choices["project"] = project
    return choices


def _shown(paths: Sequence[str]) -> str:
    out = []
    for p in paths:
        rel = os.path.relpath(p) if os.path.isabs(p) else p
        out.append(rel if not rel.startswith("..") else p)
    return ", ".join(out)


def _filename(raw: str | None) -> str:
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()[:200]
    return "draft.md" if name in ("", ".", "..") else name


def _mb(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:.3g} KB"
    return f"{n / (1024 * 1024):.3g} MB"


# ---- the registry browser --------------------------------------------------------------------------------

def registry_entries(reg) -> list[dict]:
    """Every claim, drug and trial of a registry as the browser shows and searches it (described as the
    editor's hover and the report describe them: factlint.registry.describe)."""
    out = []
    for item in (*reg.claims.values(), *reg.drugs.values(), *reg.trials.values()):
        d = describe(reg, item)
        details = "; ".join(f"{label.lower()}: {text}" for label, text in d.details if label != "Value")
        out.append({"id": d.id, "kind": d.kind, "title": d.title, "value": d.value or "", "details": details,
                    "brands": list(d.names) if d.kind == "drug" else [],
                    "aliases": list(d.names) if d.kind == "trial" else [],
                    "source": d.source or "", "source_url": d.source_url or ""})
    return out


def search_entries(entries: list[dict], q: str) -> list[dict]:
    """Case-insensitive substring search over id, statement or name, brands, aliases, source and details."""
    q = (q or "").strip().casefold()
    if not q:
        return entries

    def text(e):
        return "\n".join((e["id"], e["title"], *e["brands"], *e["aliases"], e["source"], e["details"]))

    return [e for e in entries if q in text(e).casefold()]


# ---- pages (factlint/web/templates: Jinja2, escaping by default) -----------------------------------------

def index_html(choices: dict[str, Choice], max_upload: int, selected: str) -> str:
    return templates().get_template("index.html").render(
        title="factlint", scripts=("view.js", "serve.js"), choices=list(choices.values()), selected=selected,
        max_upload=max_upload, limit=_mb(max_upload))


def registry_html(choices: dict[str, Choice], selected: str, q: str, entries: list[dict], total: int) -> str:
    return templates().get_template("registry.html").render(
        title="factlint registry", scripts=("registry.js",), choices=list(choices.values()),
        selected=selected, q=q, entries=entries, count=_count_text(len(entries), total))


def _count_text(shown: int, total: int) -> str:
    if total == shown:
        return f"{total} entr{'y' if total == 1 else 'ies'}"
    return f"{total} entries; the first {shown} shown"


# ---- the app ---------------------------------------------------------------------------------------------

def create_app(registry: Sequence[str] = (), max_upload: int = DEFAULT_MAX_UPLOAD, warm: bool = True) -> Flask:
    """The app, with one Project (and so one pipeline) per registry choice, built now when `warm`."""
    paths = registry_choices(registry)
    labels = {"bundled": "Bundled registry", "project": "This project's registry"}
    choices = {}
    for key, ps in paths.items():
        project = Project(Options(registry=ps, cache=False, annotate=True))
        label = labels[key] + (f" ({_shown(ps)})" if key == "project" else "")
        choices[key] = Choice(key, label, ps, project)
    default = "project" if "project" in choices else "bundled"  # what `factlint check` here would use
    lock = threading.Lock()
    entries_cache: dict[str, list[dict]] = {}

    app = Flask("factlint.web", static_folder=None, template_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = max_upload
    app.config["JSON_SORT_KEYS"] = False
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.extensions["factlint"] = {"choices": choices, "lock": lock, "max_upload": max_upload}

    def lint(choice: Choice, name: str, text: str):
        with lock:
            return choice.project.check_source(name, text)

    def entries_of(choice: Choice) -> list[dict]:
        if choice.key not in entries_cache:
            entries_cache[choice.key] = registry_entries(choice.registry)
        return entries_cache[choice.key]

    def choice_of(raw: str | None) -> Choice:
        key = raw or default
        if key not in choices:
            if key == "project":
                msg = ("There is no project registry here: the server's folder uses the bundled registry "
                       "(start factlint serve with --registry PATH to add one).")
            else:
                msg = f"Unknown registry '{key[:40]}': choose {' or '.join(choices)}."
            raise BadChoice(msg)
        return choices[key]

    if warm:
        for c in choices.values():
            lint(c, *_WARM_UP)
            entries_of(c)

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Cache-Control"] = "no-store"
        return resp

    @app.get("/")
    def index():
        return Response(index_html(choices, max_upload, default), mimetype="text/html")

    @app.get("/registry")
    def registry_page():
        choice = choice_of(request.args.get("registry"))
        q = request.args.get("q", "")
        found = search_entries(entries_of(choice), q)
        page = registry_html(choices, choice.key, q, found[:MAX_RESULTS], len(found))
        return Response(page, mimetype="text/html")

    @app.get("/static/<name>")
    def static_file(name: str):
        if name not in STATIC:
            abort(404)
        return Response(asset(name), mimetype=STATIC[name])

    @app.get("/api/registry")
    def api_registry():
        choice = choice_of(request.args.get("registry"))
        found = search_entries(entries_of(choice), request.args.get("q", ""))
        return jsonify({"registry": choice.key, "total": len(found),
                        "entries": found[:MAX_RESULTS]})

    @app.post("/api/check")
    def api_check():
        length = request.content_length
        if length is not None and length > max_upload:
            _drain(request, length)
            abort(413)
        choice = choice_of(request.args.get("registry"))
        name = _filename(request.args.get("filename"))
        body = request.get_data(cache=False)
        if not body:
            return _error("The draft is empty: paste a draft or upload a file.", 400)
        from ..readers import decode

        try:
            text = decode(name, body)
        except InputError as e:
            return _error(f"{e}.", 400)
        result = lint(choice, name, text)
        if result.files and result.files[0].error:
            return _error(f"{result.files[0].error}.", 400)
        from ..reporters.json import diagnostic_json

        view = build_view(result)
        return jsonify({"html": view.html, "data": view.data,
                        "findings": [diagnostic_json(d) for d in result.diagnostics]})

    @app.errorhandler(BadChoice)
    def bad_choice(e):
        return _error(str(e), 400)

    @app.errorhandler(413)
    def too_large(_e):
        return _error(f"The draft is larger than the {_mb(max_upload)} upload limit.", 413)

    @app.errorhandler(404)
    def not_found(_e):
        return _error("Not found.", 404)

    @app.errorhandler(405)
    def not_allowed(_e):
        return _error("This method is not allowed here.", 405)

    @app.errorhandler(500)
    def internal(e):
        original = getattr(e, "original_exception", None) or e
        return _error(f"factlint failed on this draft ({type(original).__name__}); please report it.", 500)

    return app


def _json_bytes(obj) -> bytes:
    import json

    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _error(message: str, status: int) -> Response:
    return Response(_json_bytes({"error": message}), status, mimetype="application/json")


def _drain(req, length: int) -> None:
    """Read (and drop) an oversized body, so the client gets the 413 instead of a reset connection."""
    stream = req.environ.get("wsgi.input")
    left = min(length, _DRAIN_LIMIT)
    try:
        while left > 0 and stream is not None:
            chunk = stream.read(min(left, 65536))
            if not chunk:
                break
            left -= len(chunk)
    except OSError:
        pass


# ---- the server ------------------------------------------------------------------------------------------

def run(host: str = "127.0.0.1", port: int = 8000, registry: Sequence[str] = (),
        max_upload: int = DEFAULT_MAX_UPLOAD) -> None:
    """Build the pipelines, listen, print one line with the address to standard error, serve until Ctrl-C
    (which returns quietly)."""
    import socket
    import sys

    from werkzeug.serving import WSGIRequestHandler, get_sockaddr, make_server, select_address_family

    from ..errors import UsageError

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:  # no access log (stderr may be a pipe nobody reads)
            pass

    try:
        app = create_app(registry, max_upload, warm=True)
        # Bind here (werkzeug would print its own lines and exit on a port in use): one plain error line.
        family = select_address_family(host, port)
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(get_sockaddr(host, port, family))
            sock.listen(128)
        except OSError as e:
            sock.close()
            raise UsageError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
        try:
            server = make_server(host, port, app, threaded=True, request_handler=QuietHandler, fd=sock.fileno())
        finally:
            sock.close()  # the server has its own copy of the socket
        shown = f"[{host}]" if ":" in host else host
        print(f"factlint serve: listening on http://{shown}:{server.port}/", file=sys.stderr, flush=True)
        try:
            server.serve_forever()
        finally:
            server.server_close()
    except KeyboardInterrupt:
        return
