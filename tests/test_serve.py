"""`factlint serve`: the local web app, through Flask's test client (and once as a real server)."""
from __future__ import annotations

import copy
import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter
from html.parser import HTMLParser

import pytest
import yaml

from conftest import FIXTURES
from factlint.cli import main

pytest.importorskip("flask")

REGISTRY = FIXTURES / "diabetes" / "registry.yaml"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'")
DRAFT = """# Diabetes facts

Roughly 25% of adults in the US have type 2 diabetes. About 11% of people in the US have type 2 diabetes.

About 40% of people who start insulin stop within a year. Glucophage (metformin) is a biguanide.

<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))
"""


class Tags(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}  # id -> text inside (for a few elements)
        self._open: list[tuple[str, list]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, a))
        if a.get("id") and tag not in ("input", "meta", "link"):
            self._open.append((a["id"], []))

    def handle_endtag(self, tag):
        if self._open and tag not in ("input",):
            ident, parts = self._open.pop()
            self.text[ident] = "".join(parts)

    def handle_data(self, data):
        for _, parts in self._open:
            parts.append(data)

    def by_id(self, ident: str):
        return next(((t, a) for t, a in self.tags if a.get("id") == ident), (None, None))


def views(html: str) -> tuple[str, str]:
    """The rendered (prose) and the source view of a fragment with one file."""
    a, b = html.index('<div class="fl-prose">'), html.index('<div class="fl-source"')
    return html[a:b], html[b:html.index("</article>", b)]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """The server's working folder: empty, so the 'project' registry is the one given with --registry."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def app(folder):
    from factlint.web.app import create_app

    return create_app(registry=[str(REGISTRY)])


@pytest.fixture
def client(app):
    return app.test_client()


def check(client, body: bytes | str, filename="draft.md", registry="project"):
    if isinstance(body, str):
        body = body.encode("utf-8")
    return client.post(f"/api/check?filename={filename}&registry={registry}", data=body,
                       content_type="application/octet-stream")


def snapshot(*folders) -> dict:
    out = {}
    for top in folders:
        for root, dirs, files in os.walk(top):
            for name in dirs + files:
                p = os.path.join(root, name)
                out[p] = os.path.getsize(p) if os.path.isfile(p) else "dir"
    return out


def test_the_page_has_the_form_the_result_area_and_safe_headers(client):
    r = client.get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert r.headers["Content-Security-Policy"] == CSP
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    page = Tags(r.get_data(as_text=True))
    assert page.by_id("fl-input")[0] == "textarea"
    tag, file_input = page.by_id("fl-file")
    assert tag == "input" and file_input["type"] == "file"
    assert file_input["accept"] == ".md,.markdown,.txt,.html,.htm"
    assert page.by_id("fl-filename")[1]["value"] == "draft.md"
    assert page.by_id("fl-registry")[0] == "select"
    assert [a["value"] for t, a in page.tags if t == "option"] == ["bundled", "project"]
    assert page.by_id("fl-run")[0] == "button" and page.text["fl-run"] == "Check"
    assert page.by_id("fl-error")[1]["role"] == "alert" and page.text["fl-error"] == ""
    assert page.by_id("fl-result")[0] == "div"
    assert any(t == "a" and a.get("href") == "/registry" for t, a in page.tags)
    scripts = [a for t, a in page.tags if t == "script"]
    assert scripts and all(a.get("src", "").startswith("/static/") for a in scripts)  # no inline script
    assert not any(k.startswith("on") or k == "style" for _, a in page.tags for k in a)
    for t, a in page.tags:
        for k in ("src", "href"):
            if k in a:
                path = a[k]
                if path.startswith("/static/"):
                    assert client.get(path).status_code == 200, path


def test_static_files_are_served_with_their_types_and_nothing_else(client):
    assert client.get("/static/view.js").mimetype == "text/javascript"
    assert client.get("/static/factlint.css").mimetype == "text/css"
    assert client.get("/static/serve.js").status_code == 200
    for path in ("/static/app.py", "/static/..%2fapp.py", "/static/../view.py", "/nothing"):
        r = client.get(path)
        assert r.status_code == 404 and r.is_json and r.get_json()["error"]


def test_the_project_registry_is_offered_only_when_it_is_not_the_bundled_one(folder):
    from factlint.registry import bundled_registry_path
    from factlint.web.app import create_app

    app = create_app(registry=[str(bundled_registry_path())])
    page = Tags(app.test_client().get("/").get_data(as_text=True))
    assert [a["value"] for t, a in page.tags if t == "option"] == ["bundled"]
    r = check(app.test_client(), DRAFT, registry="project")
    assert r.status_code == 400 and "project registry" in r.get_json()["error"]


def test_check_returns_the_findings_of_factlint_check(client, folder, capsys):
    r = check(client, DRAFT)
    assert r.status_code == 200 and r.headers["Content-Security-Policy"] == CSP
    answer = r.get_json()
    (folder / "draft.md").write_text(DRAFT, encoding="utf-8")
    assert main(["check", "--format", "json", "--no-cache", "--registry", str(REGISTRY), "draft.md"]) == 1
    expected = json.loads(capsys.readouterr().out)["findings"]
    (folder / "draft.md").unlink()
    assert expected and answer["findings"] == expected
    # Both views of the draft (rendered prose, source) hold every finding in exactly one highlight.
    prose, source = views(answer["html"])
    for part in (prose, source):
        marks = re.findall(r'<mark class="fl-claim" [^>]*>', part)
        found = Counter(f for m in marks for f in re.search(r'data-findings="([^"]*)"', m).group(1).split())
        assert found == Counter(f"{f['line']}:{f['column']}:{f['code']}" for f in expected)
        ids = [re.search(r'data-id="([^"]*)"', m).group(1) for m in marks]
        assert len(ids) == len(set(ids)) and set(answer["data"]["marks"]) == set(ids)
    assert answer["data"]["findings"] == expected
    contradicted = next(m for m in answer["data"]["marks"].values() if m["words"] == "25%")
    assert contradicted["items"][0]["statement"].startswith("About 11.6% of people")
    assert 'id="fl-summary"' in answer["html"] and 'id="fl-panel"' in answer["html"]


def test_the_bundled_registry_gives_other_findings(client):
    project = check(client, DRAFT, registry="project").get_json()["findings"]
    bundled = check(client, DRAFT, registry="bundled").get_json()["findings"]
    assert any(f["registry_id"] == "t2d-prevalence-us" for f in project)
    assert not any(f["registry_id"] == "t2d-prevalence-us" for f in bundled)


def test_draft_text_is_escaped_in_the_fragment(client):
    answer = check(client, DRAFT).get_json()
    page = Tags(answer["html"])
    assert not any(t in ("script", "img", "a", "iframe") for t, _ in page.tags)
    assert not any(k.startswith("on") or k == "style" for _, a in page.tags for k in a)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in answer["html"]


def test_the_filename_picks_the_reader_and_cannot_name_a_folder(client):
    html_draft = "<p>About 40% of people who start insulin stop within a year.</p>\n"
    r = check(client, html_draft, filename="../../etc/page.html")
    assert r.status_code == 200
    findings = r.get_json()["findings"]
    assert [(f["path"], f["code"], f["column"]) for f in findings] == [("page.html", "FL102", 10)]


def test_an_upload_over_the_limit_gets_413_and_the_server_goes_on(folder):
    from factlint.web.app import create_app

    client = create_app(registry=[str(REGISTRY)], max_upload=1024).test_client()
    r = check(client, b"a" * 2000)
    assert r.status_code == 413 and r.is_json
    assert r.get_json()["error"] == "The draft is larger than the 1 KB upload limit."
    assert r.headers["Content-Security-Policy"] == CSP
    ok = check(client, "About 40% of people who start insulin stop within a year.\n")
    assert ok.status_code == 200 and [f["code"] for f in ok.get_json()["findings"]] == ["FL102"]


@pytest.mark.parametrize("body, words", [
    (b"About 40%\x00 of people", "binary"),
    (b"About 40% of people \xff\xfe stop", "not valid UTF-8"),
    (b"", "empty"),
])
def test_binary_and_invalid_text_get_400_with_a_message(client, body, words):
    r = check(client, body, filename="scan.md")
    assert r.status_code == 400 and r.is_json
    message = r.get_json()["error"]
    assert words in message and "\n" not in message
    assert check(client, "About 40% of people who start insulin stop within a year.\n").status_code == 200


def test_a_bad_registry_choice_gets_400(client):
    r = check(client, DRAFT, registry="<script>")
    assert r.status_code == 400 and "bundled or project" in r.get_json()["error"]
    assert client.get("/api/registry?registry=other").status_code == 400


def test_registry_search_finds_claims_by_statement_and_drugs_by_brand(client):
    r = client.get("/api/registry?q=PEOPLE%20in%20the%20US&registry=project")
    assert r.status_code == 200
    entries = r.get_json()["entries"]
    claim = next(e for e in entries if e["id"] == "t2d-prevalence-us")
    assert claim["kind"] == "claim" and claim["value"] == "11.6 percent"
    assert claim["source"].startswith("Centers for Disease Control")
    assert claim["source_url"] == "https://www.cdc.gov/diabetes/php/data-research/index.html"
    drugs = client.get("/api/registry?q=glucophage&registry=project").get_json()["entries"]
    assert [(e["id"], e["kind"]) for e in drugs if e["kind"] == "drug"] == [("metformin", "drug")]
    assert next(e for e in drugs if e["kind"] == "drug")["source"].startswith("GLUCOPHAGE")
    trials = client.get("/api/registry?q=steady 1&registry=project").get_json()["entries"]
    assert ("steady-1", "trial") in [(e["id"], e["kind"]) for e in trials]
    everything = client.get("/api/registry?registry=project").get_json()
    reg = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    assert everything["total"] == len(reg["claims"]) + len(reg["drugs"]) + len(reg["trials"])
    assert client.get("/api/registry?q=no such words anywhere&registry=project").get_json()["entries"] == []


def test_the_registry_page_lists_entries_with_linked_sources(client):
    r = client.get("/registry?q=diabetes&registry=project")
    assert r.status_code == 200 and r.headers["Content-Security-Policy"] == CSP
    page = Tags(r.get_data(as_text=True))
    assert page.by_id("fl-registry-search")[1]["value"] == "diabetes"
    assert page.by_id("fl-registry-results")[0] == "ul"
    entries = [a for t, a in page.tags if t == "li" and "fl-entry" in a.get("class", "")]
    assert ("t2d-prevalence-us", "claim") in [(a["data-id"], a["data-kind"]) for a in entries]
    assert any(t == "a" and a.get("href") == "https://www.cdc.gov/diabetes/php/data-research/index.html"
               for t, a in page.tags)
    assert any(t == "a" and a.get("href") == "/" for t, a in page.tags)


def test_registry_text_is_escaped_and_only_http_sources_are_linked(folder, tmp_path):
    from factlint.web.app import create_app

    text = REGISTRY.read_text(encoding="utf-8")
    text = text.replace("statement: About 11.6% of people in the US have diabetes, most of it type 2.",
                        "statement: '<script>alert(1)</script> <img src=x onerror=alert(2)> About 11.6%'")
    text = text.replace("url: https://www.cdc.gov/diabetes/php/data-research/index.html",
                        "url: 'javascript:alert(3)'")
    reg = tmp_path / "hostile.yaml"
    reg.write_text(text, encoding="utf-8")
    client = create_app(registry=[str(reg)]).test_client()
    body = client.get("/registry?registry=project").get_data(as_text=True)
    page = Tags(body)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert [a["src"] for t, a in page.tags if t == "script"] == ["/static/registry.js"]
    assert not any(t == "img" or any(k.startswith("on") for k in a) for t, a in page.tags)
    assert not any("javascript:" in a.get("href", "") for _, a in page.tags)
    assert "javascript:alert(3)" in body  # shown as text
    entry = client.get("/api/registry?q=alert&registry=project").get_json()["entries"][0]
    assert entry["title"].startswith("<script>")  # JSON carries the text; the page's script sets textContent


def test_the_search_is_capped_at_200(folder, tmp_path):
    from factlint.web.app import create_app

    reg = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    base = reg["claims"][0]
    reg["claims"] = [dict(copy.deepcopy(base), id=f"claim-{i}", statement=f"Claim number {i} about diabetes.")
                     for i in range(230)]
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(reg, sort_keys=False), encoding="utf-8")
    client = create_app(registry=[str(path)]).test_client()
    answer = client.get("/api/registry?q=claim number&registry=project").get_json()
    assert answer["total"] == 230 and len(answer["entries"]) == 200


def test_the_pipeline_is_built_once_per_registry_not_per_request(folder, monkeypatch):
    import factlint.nlp.pipeline as pipeline
    import factlint.project as project
    from factlint.web.app import create_app

    monkeypatch.setattr(project, "_BUILT", {})  # no pipeline left over from other tests
    real = pipeline.build_nlp
    built = []

    def counting(registry):
        built.append(registry.digest)
        return real(registry)

    monkeypatch.setattr(pipeline, "build_nlp", counting)
    client = create_app(registry=[str(REGISTRY)]).test_client()
    assert len(built) == 2  # bundled and project, both at start
    for registry in ("project", "bundled", "project", "bundled"):
        assert check(client, DRAFT, registry=registry).status_code == 200
    assert len(built) == 2


def test_nothing_is_written_to_disk(folder, tmp_path):
    from factlint.web.app import create_app

    cache_dir = os.environ.get("FACTLINT_CACHE_DIR")
    watched = [str(folder)] + ([cache_dir] if cache_dir else [])
    before = snapshot(*watched)
    client = create_app(registry=[str(REGISTRY)], max_upload=4096).test_client()
    client.get("/")
    client.get("/registry?q=diabetes")
    check(client, DRAFT)
    check(client, DRAFT, registry="bundled")
    check(client, b"x" * 5000)
    check(client, b"\x00\x01")
    client.get("/api/registry?q=metformin")
    assert snapshot(*watched) == before
    assert not (folder / ".factlint_cache").exists()


def test_factlint_serve_listens_prints_its_address_and_stops_on_ctrl_c(folder):
    proc = subprocess.Popen(
        [sys.executable, "-m", "factlint", "serve", "--port", "0", "--registry", str(REGISTRY),
         "--max-upload", "0.01"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=folder)
    try:
        line = proc.stderr.readline()
        m = re.fullmatch(r"factlint serve: listening on http://127\.0\.0\.1:(\d+)/\n", line)
        assert m, line
        base = f"http://127.0.0.1:{m.group(1)}"
        with urllib.request.urlopen(base + "/") as r:
            assert r.headers["Content-Security-Policy"] == CSP
            assert b'id="fl-input"' in r.read()
        request = urllib.request.Request(base + "/api/check?filename=d.md&registry=project", data=b"a" * 200_000,
                                         headers={"Content-Type": "application/octet-stream"}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(request)
        assert e.value.code == 413 and "upload limit" in json.loads(e.value.read())["error"]
        request = urllib.request.Request(base + "/api/check?filename=d.md&registry=project",
                                         data=DRAFT.encode(), method="POST")
        with urllib.request.urlopen(request) as r:
            assert json.loads(r.read())["findings"]
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0 and out == "" and err == ""
    assert os.listdir(folder) == []
