"""`factlint check --format html`: the annotated article as one self-contained, deterministic file."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from factlint.cli import main

from conftest import FIXTURES, ROOT, SHARED

REGISTRY = FIXTURES / "diabetes" / "registry.yaml"

DRAFT = """# Diabetes facts

Roughly 25% of adults in the US have type 2 diabetes. About 11% of people in the US have type 2 diabetes.

About 40% of people who start insulin stop within a year.

About 35% of people who start insulin gain weight [3].

Glucophage (metformin) is a biguanide. Studies show that walking helps.

<!-- factlint: disable-next-line FL102 -- from our clinic audit -->
About 20% of clinic visits were missed.
"""

HOSTILE = DRAFT + """
<script>alert(1)</script> and <img src=x onerror=alert(1)> and [x](javascript:alert(1)) and
</script><script>alert(2)</script> "quoted" & 'single' <b onmouseover="alert(3)">bold</b>
"""


class Page(HTMLParser):
    """The parts of a report the tests look at: every start tag, the marks (with their text), the
    scripts (with their content), the text of .fl-text, and nesting of marks."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.marks: list[dict] = []
        self.prose_marks: list[dict] = []
        self._in_prose = 0
        self.scripts: list[tuple[dict, str]] = []
        self.fl_text: list[str] = []
        self.summary_items: list[tuple[dict, str]] = []
        self.nested_marks = False
        self._stack: list[str] = []
        self._mark: dict | None = None
        self._script: tuple[dict, list] | None = None
        self._li: tuple[dict, list] | None = None
        self._in_text = 0
        self._in_summary = 0
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, a))
        if tag in ("meta", "link", "br", "img", "input"):
            return
        self._stack.append(tag)
        if tag == "mark":
            if self._mark is not None:
                self.nested_marks = True
            self._mark = dict(a, _text="")
            if "fl-claim" in a.get("class", "").split():
                # The source view's highlights in `marks`, the rendered view's in `prose_marks`.
                (self.prose_marks if self._in_prose else self.marks).append(self._mark)
        elif tag == "div" and "fl-prose" in a.get("class", "").split():
            self._in_prose = len(self._stack)
        elif tag == "script":
            self._script = (a, [])
        elif tag == "div" and "fl-text" in a.get("class", "").split():
            self._in_text = len(self._stack)
        elif tag == "section" and a.get("id") == "fl-summary":
            self._in_summary = len(self._stack)
        elif tag == "li" and self._in_summary:
            self._li = (a, [])

    def handle_endtag(self, tag):
        if tag == "mark":
            self._mark = None
        elif tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        elif tag == "li" and self._li is not None:
            self.summary_items.append((self._li[0], "".join(self._li[1])))
            self._li = None
        if self._stack and self._stack[-1] == tag:
            if self._in_text and len(self._stack) == self._in_text and tag == "div":
                self._in_text = 0
            if self._in_prose and len(self._stack) == self._in_prose and tag == "div":
                self._in_prose = 0
            if self._in_summary and len(self._stack) == self._in_summary and tag == "section":
                self._in_summary = 0
            self._stack.pop()

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
            return
        if self._mark is not None:
            self._mark["_text"] += data
        if self._in_text:
            self.fl_text.append(data)
        if self._li is not None:
            self._li[1].append(data)

    def by_id(self, ident: str) -> dict | None:
        return next((a for _, a in self.tags if a.get("id") == ident), None)


def _run(tmp_path, draft: str, *extra: str, name: str = "draft.md", registry: Path = REGISTRY, fmt: str = "html"):
    path = tmp_path / name
    path.write_text(draft, encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    code = main(["check", "--format", fmt, "-o", str(out), "--registry", str(registry), *extra, str(path)])
    assert code in (0, 1)
    return out.read_text(encoding="utf-8")


def _json_findings(tmp_path, draft: str, *extra: str, name: str = "draft.md", registry: Path = REGISTRY) -> list:
    return json.loads(_run(tmp_path, draft, *extra, name=name, registry=registry, fmt="json"))["findings"]


def _found(page: Page) -> Counter:
    return Counter(f for m in page.marks for f in m["data-findings"].split())


def _mark_with(page: Page, words: str) -> dict:
    found = [m for m in page.marks if m["_text"] == words]
    assert len(found) == 1, (words, [m["_text"] for m in page.marks])
    return found[0]


def test_marks_hold_exactly_the_findings_of_the_json_report(tmp_path):
    page = Page(_run(tmp_path, DRAFT))
    findings = _json_findings(tmp_path, DRAFT)
    expected = Counter(f"{f['line']}:{f['column']}:{f['code']}" for f in findings)
    assert expected and _found(page) == expected
    assert {f["code"] for f in findings} == {"FL101", "FL102", "FL302"}


@pytest.mark.parametrize("draft", [ROOT / "examples" / "draft.md", SHARED / "seeds" / "000_2bdc495743295233.txt"])
def test_marks_hold_the_findings_of_richer_drafts_with_the_bundled_registry(tmp_path, draft):
    if not draft.exists():
        pytest.skip(f"{draft} is not here")
    from factlint.registry import bundled_registry_path

    text = draft.read_text(encoding="utf-8")
    page = Page(_run(tmp_path, text, name=draft.name, registry=bundled_registry_path()))
    findings = _json_findings(tmp_path, text, name=draft.name, registry=bundled_registry_path())
    assert findings
    assert _found(page) == Counter(f"{f['line']}:{f['column']}:{f['code']}" for f in findings)
    assert not page.nested_marks
    assert "".join(page.fl_text) == text  # the whole source, every character, in order


def test_each_claim_is_marked_with_its_verdict_a_label_and_its_registry_entry(tmp_path):
    page = Page(_run(tmp_path, DRAFT))
    contradicted = _mark_with(page, "25%")
    assert contradicted["data-verdict"] == "contradicted"
    assert contradicted["data-findings"] == "3:9:FL101"
    assert contradicted["data-registry-id"] == "t2d-prevalence-us"
    assert (contradicted["data-line"], contradicted["data-column"]) == ("3", "9")
    # the chip says what is wrong in an editor's words, not the rule's code
    assert contradicted["data-label"] == "✗ contradicts the registry"
    assert contradicted["aria-label"] == "contradicted: 25%"
    supported = _mark_with(page, "11%")
    assert supported["data-verdict"] == "supported" and supported["data-findings"] == ""
    assert supported["data-registry-id"] == "t2d-prevalence-us" and supported["data-label"] == "✓ registry"
    assert _mark_with(page, "40%")["data-verdict"] == "unsupported"
    assert _mark_with(page, "40%")["data-findings"] == "5:7:FL102"
    assert _mark_with(page, "35%")["data-verdict"] == "cited"
    assert _mark_with(page, "35%")["data-label"] == "✓ cited"
    assert _mark_with(page, "Glucophage")["data-verdict"] == "drug"
    assert _mark_with(page, "Studies show")["data-verdict"] == "vague"
    # a suppressed finding is not shown as a problem
    assert _mark_with(page, "20%")["data-verdict"] == "suppressed"
    assert _mark_with(page, "20%")["data-findings"] == ""
    for m in page.marks:
        assert m["tabindex"] == "0" and m["role"] == "button" and m["aria-controls"] == "fl-panel"
        assert m["aria-haspopup"] == "dialog" and m["data-label"]
    ids = [m["data-id"] for m in page.marks]
    assert len(set(ids)) == len(ids)
    assert "".join(page.fl_text) == DRAFT


def test_the_panel_data_has_the_registry_statement_source_rule_and_fix(tmp_path):
    page = Page(_run(tmp_path, DRAFT))
    data = json.loads(next(c for a, c in page.scripts if a.get("id") == "fl-data"))["marks"]
    assert set(data) == {m["data-id"] for m in page.marks} == {m["data-id"] for m in page.prose_marks}
    item = data[_mark_with(page, "25%")["data-id"]]["items"][0]
    assert item["statement"].startswith("About 11.6% of people in the US have diabetes")
    assert item["value"] == "11.6 percent"
    assert item["source_url"] == "https://www.cdc.gov/diabetes/php/data-research/index.html"
    assert item["source"].startswith("Centers for Disease Control")
    assert item["rule"] == "FL101 contradicted-number" and "contradicts the registry" in item["message"]
    from factlint.rules import BY_CODE

    assert item["explanation"] == BY_CODE["FL101"].why and item["fix"] == BY_CODE["FL101"].fix
    supported = data[_mark_with(page, "11%")["data-id"]]["items"][0]
    assert supported["statement"] and supported["source_url"].startswith("https://")
    panel = page.by_id("fl-panel")
    assert panel is not None and "hidden" in panel and panel["role"] == "dialog"
    fields = {a.get("data-field") for _, a in page.tags if a.get("data-field")}
    assert fields >= {"words", "verdict", "message", "statement", "value", "source", "rule", "explanation", "fix"}
    assert page.by_id("fl-panel-close") is not None


def test_summary_counts_verdicts_codes_and_the_evidence_coverage(tmp_path):
    page = Page(_run(tmp_path, DRAFT))
    report = _run(tmp_path, DRAFT)
    # The summary's counts are the filters: each says how many entries of the findings list it selects.
    filters = dict(re.findall(r'data-filter="([^"]+)"[^>]*><span class="fl-count">(\d+)</span>', report))
    verdicts = {k.split(":", 1)[1]: int(v) for k, v in filters.items() if k.startswith("verdict:")}
    codes = {k.split(":", 1)[1]: int(v) for k, v in filters.items() if k.startswith("code:")}
    listed = re.findall(r'<li class="fl-listing" [^>]*data-verdict="([^"]*)" data-code="([^"]*)" '
                        r'data-finding="(\d)"', report)
    assert verdicts == dict(Counter(v for v, _, _ in listed))
    assert codes == dict(Counter(c for _, c, f in listed if f == "1"))
    assert int(filters["findings"]) == sum(f == "1" for _, _, f in listed) == 3
    assert int(filters["all"]) == len(listed)
    assert verdicts["contradicted"] == 1 and verdicts["supported"] == 1 and verdicts["cited"] == 1
    assert codes == {"FL101": 1, "FL102": 1, "FL302": 1}
    coverage = page.by_id("fl-coverage")
    # backed: 11% (registry), 35% (cited); not: 25% (FL101), 40% (FL102), 20% (suppressed FL102)
    assert coverage["data-coverage"] == "0.400"
    text = _html_of(_run(tmp_path, DRAFT), "fl-coverage")
    assert text.startswith("40.0% of statistics") and "(2 of 5)" in text


def _html_of(report: str, ident: str) -> str:
    m = re.search(rf'<p id="{ident}"[^>]*>(.*?)</p>', report, re.S)
    assert m
    return m.group(1)


def test_coverage_is_empty_without_statistics(tmp_path):
    page = Page(_run(tmp_path, "Walking after meals is good for you.\n"))
    assert page.by_id("fl-coverage")["data-coverage"] == ""
    assert page.marks == []


def test_draft_and_registry_text_are_escaped_and_only_the_reports_scripts_exist(tmp_path):
    reg = tmp_path / "registry.yaml"
    text = REGISTRY.read_text(encoding="utf-8")
    text = text.replace(
        "statement: About 11.6% of people in the US have diabetes, most of it type 2.",
        "statement: '<script>alert(\"reg\")</script> About 11.6% of people <img src=x onerror=alert(2)> & more'")
    text = text.replace("url: https://www.cdc.gov/diabetes/php/data-research/index.html",
                        "url: 'javascript:alert(3)'")
    assert "<script>" in text and "javascript:alert(3)" in text
    reg.write_text(text, encoding="utf-8")
    report = _run(tmp_path, HOSTILE, registry=reg)
    page = Page(report)
    # exactly the report's two scripts: the JSON data and the hashed inline script
    assert len(page.scripts) == 2
    data_attrs, data_text = page.scripts[0]
    assert data_attrs == {"type": "application/json", "id": "fl-data"}
    assert page.scripts[1][0] == {}
    assert report.count("<script") == 2
    assert "</" not in data_text and "<" not in data_text
    data = json.loads(data_text)
    assert any("<script>alert(\"reg\")</script>" in i["statement"] for m in data["marks"].values()
               for i in m["items"])
    # no element has an event handler, no img/b/a element came from the draft, no javascript: link
    for tag, attrs in page.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert tag not in ("img", "b", "a", "iframe", "object")
        assert not any("javascript:" in v for k, v in attrs.items() if k in ("href", "src")), (tag, attrs)
    assert "".join(page.fl_text) == HOSTILE  # shown as text, exactly
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    # outside the data (JSON, with < and > escaped, never parsed as HTML) the tag is only escaped text
    markup = report.replace(data_text, "")
    assert 'onerror=alert(1)' not in re.sub(r"&lt;img src=x onerror=alert\(1\)&gt;", "", markup)


def test_the_csp_allows_exactly_the_inline_script_and_no_network(tmp_path):
    report = _run(tmp_path, DRAFT)
    page = Page(report)
    assert report.startswith("<!doctype html>\n")
    csp = next(a["content"] for t, a in page.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    script = page.scripts[1][1]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert csp == (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
                   "img-src data:")
    assert "fl-panel" in script and "textContent" in script and "innerHTML" not in script


def test_the_report_references_nothing_outside_itself(tmp_path):
    report = _run(tmp_path, DRAFT)
    page = Page(report)
    for tag, attrs in page.tags:
        for k in ("src", "href", "action", "srcset", "poster", "data"):
            if k in attrs:
                assert attrs[k].startswith(("data:", "#")), (tag, attrs)
    style = re.search(r"<style>(.*?)</style>", report, re.S).group(1)
    assert "url(" not in style and "@import" not in style
    assert not any(t == "link" and a.get("rel") == "stylesheet" for t, a in page.tags)
    assert all(not a.get("src") for a, _ in page.scripts)
    # the registry's source URL is only text (the panel's data, the printed review sheet): the panel makes
    # a link of it when a claim is opened
    urls = set(re.findall(r"https?://[^\s\"\\<]+", report))
    assert urls == {"https://www.cdc.gov/diabetes/php/data-research/index.html"}


def test_the_report_is_deterministic(tmp_path):
    first = _run(tmp_path, DRAFT, "--no-cache")
    second = _run(tmp_path, DRAFT)  # fills the cache
    third = _run(tmp_path, DRAFT)  # reads the cache
    assert first == second == third


def test_files_that_cannot_be_read_are_named_and_every_file_has_its_article(tmp_path):
    good = tmp_path / "a.md"
    good.write_text(DRAFT, encoding="utf-8")
    bad = tmp_path / "b.md"
    bad.write_bytes(b"\x00\x01binary")
    out = tmp_path / "r.html"
    args = ["check", "--format", "html", "-o", str(out), "--registry", str(REGISTRY), str(good), str(bad)]
    assert main(args) == 2
    page = Page(out.read_text(encoding="utf-8"))
    paths = [a["data-path"] for t, a in page.tags if t == "article"]
    assert paths == [str(good), str(bad)]
    assert "binary" in out.read_text(encoding="utf-8")
    assert all(m["data-id"].startswith("fl-1-") for m in page.marks)


# ---- the view's merging, on results made by hand ------------------------------------------------------

def _diag(start, end, code, source, registry_id=None, line=1):
    from factlint.findings import Diagnostic, Severity

    col = start - source.rfind("\n", 0, start)
    return Diagnostic("d.md", line, col, line, col + max(1, end - start), start, end, code, "rule",
                      Severity.WARNING, "message", registry_id, text=source[start:end])


def test_overlapping_items_form_one_mark_and_an_empty_span_gets_one_character():
    from factlint.annotations import Annotation
    from factlint.api import FileResult, LintResult
    from factlint.web.view import build_view

    source = "Lorbrena (crizotinib) works. Then 30% stop.\n"
    lor, cri = source.index("Lorbrena"), source.index("crizotinib")
    diags = (_diag(lor, cri + len("crizotinib") + 1, "FL202", source, "lorlatinib"), _diag(source.index("Then"),
             source.index("Then"), "FL302", source))
    anns = (Annotation(lor, lor + 8, "drug", "drug", "Lorbrena", "lorlatinib", "lorlatinib; brands: Lorbrena"),
            Annotation(cri, cri + 10, "drug", "drug", "crizotinib", "crizotinib", "crizotinib"),
            Annotation(source.index("30%"), source.index("30%") + 3, "number", "supported", "30%", "x", "s",
                       "30 percent"))
    view = build_view(LintResult((FileResult("d.md", diags, source=source, annotations=anns),)))
    page = Page(view.html)
    assert [m["_text"] for m in page.marks] == ["Lorbrena (crizotinib)", "T", "30%"]
    assert page.marks[0]["data-verdict"] == "drug-problem"
    assert page.marks[0]["data-findings"].endswith(":FL202")
    assert page.marks[1]["data-findings"].endswith(":FL302") and page.marks[1]["data-verdict"] == "vague"
    assert page.marks[2]["data-verdict"] == "supported"
    assert not page.nested_marks
    items = view.data["marks"][page.marks[0]["data-id"]]["items"]
    assert [i["verdict"] for i in items] == ["drug-problem", "drug"]  # the finding, then the other drug
    assert items[0]["code"] == "FL202" and items[1]["registry_id"] == "crizotinib"
    assert items[0]["statement"] == "lorlatinib; brands: Lorbrena"  # the finding took in its drug's entry
    assert "".join(page.fl_text) == source


def test_check_html_does_not_import_flask(tmp_path):
    path = tmp_path / "d.md"
    path.write_text(DRAFT, encoding="utf-8")
    code = ("import sys\nfrom factlint.cli import main\n"
            f"main(['check', '--format', 'html', '--no-cache', '-o', {str(tmp_path / 'r.html')!r}, "
            f"'--registry', {str(REGISTRY)!r}, {str(path)!r}])\n"
            "print('flask' in sys.modules, 'werkzeug' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
    assert (tmp_path / "r.html").exists()


def test_html_without_annotations_still_marks_the_findings(tmp_path):
    """The CLI always renders html with annotations; a result without them (from the API) still shows the
    whole text with its findings marked."""
    from factlint.api import Linter
    from factlint.reporters.html import render

    path = tmp_path / "x.md"
    path.write_text(DRAFT, encoding="utf-8")
    result = Linter.from_registry_paths([REGISTRY]).lint_paths([str(path)])
    page = Page(render(result))
    assert _found(page) == Counter(f"{d.line}:{d.column}:{d.code}" for d in result.diagnostics)
    assert "".join(page.fl_text) == DRAFT
