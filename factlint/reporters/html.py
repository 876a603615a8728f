"""`--format html`: one self-contained page per run: each draft's text with every claim highlighted by
its verdict, a side panel with the registry's statement, value and source, and a summary on top.

The article view is built by factlint.web.view (shared with `factlint serve`); its stylesheet and script
are inlined, so the file opens from disk with no network. A Content-Security-Policy allows no requests,
inline styles, and only the one inline script whose SHA-256 is computed here: even a mistake in escaping
could not run a draft's script. The panel's data is a JSON script element with <, > and & escaped. The
output is deterministic (no timestamps, no random ids): the same run gives the same bytes.
"""
from __future__ import annotations

import base64
import hashlib

from .. import __version__
from ..results import LintResult
from ..web.view import asset, build_view, data_json, esc


def script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def render(result: LintResult) -> str:
    view = build_view(result)
    script = asset("view.js")
    if "</" in script or "<!--" in script:  # would end the element early; a bug in the packaged script
        raise ValueError("factlint/web/static/view.js cannot be inlined")
    style = asset("factlint.css").replace("</", "<\\/")
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{script_hash(script)}'; "
           "img-src data:")
    paths = [f.path for f in result.files]
    title = "factlint report" + (f": {paths[0]}" if len(paths) == 1 else f": {len(paths)} files" * bool(paths))
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>\n{style}</style>\n"
        '</head>\n<body class="fl-report">\n<div class="fl-page">\n'
        f'<header><h1>factlint report</h1><p>factlint {esc(__version__)}. Select a highlighted claim (click, '
        'or Tab to it and press Enter) to see what the registry says and where it comes from.</p></header>\n'
        '<main id="fl-view">\n'
        f"{view.html}"
        "</main>\n</div>\n"
        f'<script type="application/json" id="fl-data">{data_json(view.data)}</script>\n'
        f"<script>{script}</script>\n"
        "</body>\n</html>\n"
    )
