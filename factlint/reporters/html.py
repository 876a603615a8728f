"""`--format html`: one self-contained page per run: each draft's text with every claim highlighted by
its verdict, a side panel with the registry's statement, value and source, and a summary on top.

The article view is built by factlint.web.view (shared with `factlint serve`); its stylesheet and script
are inlined, so the file opens from disk with no network. A Content-Security-Policy allows no requests,
inline styles, and only the one inline script whose SHA-256 is computed here: even a mistake in escaping
could not run a draft's script. The page's data is a JSON script element with <, > and & escaped. The page is built by the autoescaping
Jinja2 template factlint/web/templates/report.html. The
output is deterministic (no timestamps, no random ids): the same run gives the same bytes.
"""
from __future__ import annotations

import base64
import hashlib

from .. import __version__
from ..results import LintResult
from ..web.view import asset, build_view, data_json, templates


def script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def render(result: LintResult) -> str:
    from markupsafe import Markup

    view = build_view(result)
    script = asset("view.js")
    if "</" in script or "<!--" in script:  # would end the element early; a bug in the packaged script
        raise ValueError("factlint/web/static/view.js cannot be inlined")
    style = asset("factlint.css").replace("</", "<\\/")
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{script_hash(script)}'; "
           "img-src data:")
    paths = [f.path for f in result.files]
    title = "factlint report" + (f": {paths[0]}" if len(paths) == 1 else f": {len(paths)} files" * bool(paths))
    # The view, the stylesheet, the script and the JSON are already safe for where they go (the view is
    # autoescaped by its own template; the JSON escapes <, > and &); everything else is escaped here.
    return templates().get_template("report.html").render(
        csp=csp, title=title, version=__version__, style=Markup(style), view=Markup(view.html),
        data=Markup(data_json(view.data)), script=Markup(script))
