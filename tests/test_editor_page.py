"""The editor's page in Chromium: the findings list, its filters and j/k, the rendered draft, fixes applied in
the page, "copy as comment", exports, print and the two window sizes (the same Selenium setup as
tests/test_browser.py and the `driver` fixture of conftest.py: Debian's chromium and chromedriver,
nothing downloaded).

The draft is our own (sentences that are not in ../shared/eval) over the fictional diabetes fixture
registry; what the page shows is compared with `factlint check --format json|csv` and `--fix` on the same
file, so a test fails when the page and the command line disagree.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from test_browser import (  # noqa: F401  (pytestmark: skipped without Debian's chromium and chromedriver)
    FIXTURE_REGISTRY, ROOT, SAFE_DOM_JS, SEED_000, Server, browser_errors, choose_registry, open_app,
    page_marks, paste, pytestmark, run_check, set_filename, wait_for)

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

DRAFT = """# Metformin in practice

Nearly 30% of adults in the US have type 2 diabetes, and about 11% of people in the US have diabetes.

In STEADY-1, remission lasted a median of 12 months with metformin. With metformin in STEADY-1, remission lasted a median of 2 years.

Metformn is the usual first drug. Experts say that walking helps.

About 40% of people who start insulin stop within a year.
"""

HTML_DRAFT = """<!doctype html>
<html><head><title>t</title><style>p { color: red }</style></head><body>
<h1>Metformin <script>window.__xss = 1</script>today</h1>
<p>Nearly <strong>30%</strong> of adults in the US have type 2 diabetes. <img src=x onerror="window.__xss = 2"></p>
<p><a href="javascript:window.__xss = 3">Metformn</a> is the usual first drug;
<a href="https://example.org/study" onclick="window.__xss = 4">a study</a> found it safe.</p>
<ul><li onmouseover="window.__xss = 5">About 40% of people who start insulin stop within a year.</li></ul>
<table><tr><th>Drug</th><th>Share</th></tr><tr><td>metformin</td><td>30% of adults</td></tr></table>
</body></html>
"""

SCREENSHOTS = {800: ROOT / "docs" / "editor-800.png", 1440: ROOT / "docs" / "editor-1440.png"}

ENTRIES_JS = """
return Array.from(document.querySelectorAll('#fl-findings > li.fl-listing')).map(li => ({
  key: li.dataset.key, mark: li.dataset.mark, verdict: li.dataset.verdict, code: li.dataset.code,
  finding: li.dataset.finding === '1', line: +li.dataset.line, column: +li.dataset.column,
  shown: !li.hidden, current: li.getAttribute('aria-current') === 'true'}));
"""
STATE_JS = """
const a = document.activeElement;
const cur = document.querySelector('#fl-findings > li.fl-listing[aria-current="true"]');
const p = document.getElementById('fl-panel');
return {active: a && a.matches('mark.fl-claim') ? a.dataset.id : null, current: cur ? cur.dataset.key : null,
        panel: !p.hidden, title: p.querySelector('.fl-panel-title').textContent};
"""


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def make_report(tmp_path: Path, text: str = DRAFT, name: str = "draft.md") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    p = cli(tmp_path, "check", "--no-cache", "--format", "html", "-o", "report.html", "--registry",
            str(FIXTURE_REGISTRY), name)
    assert p.returncode == 1, p.stderr
    return tmp_path / "report.html"


def json_findings(tmp_path: Path, name: str = "draft.md") -> list[dict]:
    p = cli(tmp_path, "check", "--no-cache", "--format", "json", "--registry", str(FIXTURE_REGISTRY), name)
    assert p.returncode == 1, p.stderr
    return json.loads(p.stdout)["findings"]


def open_report(driver, report: Path) -> None:
    browser_errors(driver)  # the browser is shared: drop what earlier tests logged
    driver.get(report.as_uri())
    wait_for(driver, lambda d: d.execute_script("return !!window.factlintView"), "the page's script did not run")


def entries(driver) -> list[dict]:
    return driver.execute_script(ENTRIES_JS)


def press(driver, key: str) -> dict:
    ActionChains(driver).send_keys(key).perform()
    return driver.execute_script(STATE_JS)


def allow_downloads(driver, folder: Path) -> None:
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})


def downloaded(folder: Path, name: str) -> str:
    path = folder / name
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if path.exists() and not list(folder.glob("*.crdownload")):
            return path.read_bytes().decode("utf-8")  # as written: CRLF stays CRLF
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded into {folder}: {sorted(os.listdir(folder))}")


def open_entry(driver, code: str, words: str | None = None) -> None:
    """Click the list entry of the finding with `code` (and, if given, those words)."""
    for li in driver.find_elements(By.CSS_SELECTOR, f'#fl-findings > li.fl-listing[data-code="{code}"]'):
        if words is None or words in li.text:
            li.find_element(By.CSS_SELECTOR, ".fl-entry-open").click()
            wait_for(driver, lambda d: d.execute_script("return !document.getElementById('fl-panel').hidden"),
                     "the entry did not open the panel")
            return
    raise AssertionError(f"no list entry for {code} {words or ''}")


def chosen_item(driver):
    """The panel's section for the entry stepped to (the only one, or the one marked chosen)."""
    items = driver.find_elements(By.CSS_SELECTOR, "#fl-panel .fl-item")
    chosen = [i for i in items if "fl-chosen" in (i.get_attribute("class") or "")]
    return chosen[0] if chosen else items[0]


# ---------------------------------------------------------------------------------------------- the list

def test_filters_change_what_is_shown_and_the_count(driver, tmp_path):
    report = make_report(tmp_path)
    findings = json_findings(tmp_path)
    open_report(driver, report)
    listed = entries(driver)
    # By default: every finding, and only findings, in the order of the draft.
    shown = [e for e in listed if e["shown"]]
    assert [(e["line"], e["column"], e["code"]) for e in shown] == \
        [(f["line"], f["column"], f["code"]) for f in findings]
    assert driver.find_element(By.ID, "fl-shown").text == f"Showing {len(findings)} of {len(findings)} findings"
    buttons = driver.execute_script(
        "return Array.from(document.querySelectorAll('.fl-filter')).map(b => "
        "[b.dataset.filter, +b.querySelector('.fl-count').textContent]);")
    kinds = {f.split(":")[0] for f, _ in buttons}
    assert kinds == {"findings", "verdict", "code", "all"}, buttons
    for name, count in buttons:
        driver.find_element(By.CSS_SELECTOR, f'.fl-filter[data-filter="{name}"]').click()
        now = [e for e in entries(driver) if e["shown"]]
        assert len(now) == count, (name, count, now)
        assert driver.find_element(By.ID, "fl-shown").get_attribute("data-shown") == str(count)
        assert f"Showing {count} of" in driver.find_element(By.ID, "fl-shown").text
        pressed = driver.find_elements(By.CSS_SELECTOR, '.fl-filter[aria-pressed="true"]')
        assert [b.get_attribute("data-filter") for b in pressed] == [name]
        kind, _, value = name.partition(":")
        if kind == "verdict":
            assert {e["verdict"] for e in now} == {value}
            # the draft dims the highlights the filter leaves out
            dim = driver.execute_script(
                "return Array.from(document.querySelectorAll('.fl-prose mark.fl-claim')).map(m => "
                "[m.dataset.id, m.classList.contains('fl-dim')]);")
            keep = {e["mark"] for e in now}
            assert all(d == (mark not in keep) for mark, d in dim), dim
        elif kind == "code":
            assert {e["code"] for e in now} == {value}
            assert count == sum(f["code"] == value for f in findings)
        elif kind == "all":
            assert count == len(listed)
        else:
            assert count == len(findings) and all(e["finding"] for e in now)
    assert browser_errors(driver) == []


def test_next_and_previous_step_through_every_finding_in_order(driver, tmp_path):
    report = make_report(tmp_path)
    open_report(driver, report)
    order = [e for e in entries(driver) if e["finding"]]
    assert len(order) == len(json_findings(tmp_path)) == 6
    driver.execute_script("window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur();")
    seen = []
    for expected in order:
        state = press(driver, "j")
        assert state["current"] == expected["key"], (state, expected)
        assert state["active"] == expected["mark"], "focus is not on the finding's highlight"
        assert state["panel"] and state["title"], state
        seen.append(state["current"])
    assert seen == [e["key"] for e in order]
    assert press(driver, "j")["current"] == order[-1]["key"]  # the last one stays
    back = [press(driver, "k")["current"] for _ in order[1:]]
    assert back == [e["key"] for e in reversed(order[:-1])]
    # The buttons do the same as the keys.
    driver.find_element(By.ID, "fl-next").click()
    assert driver.execute_script(STATE_JS)["current"] == order[1]["key"]
    driver.find_element(By.ID, "fl-prev").click()
    assert driver.execute_script(STATE_JS)["current"] == order[0]["key"]
    # j and k step only through what the filter shows.
    driver.find_element(By.CSS_SELECTOR, '.fl-filter[data-filter="code:FL101"]').click()
    fl101 = [e["key"] for e in entries(driver) if e["shown"]]
    assert len(fl101) == 2
    assert driver.execute_script(STATE_JS)["current"] == fl101[0]  # the finding stepped to is still shown
    assert [press(driver, "j")["current"] for _ in range(2)] == [fl101[1], fl101[1]]
    driver.find_element(By.CSS_SELECTOR, '.fl-filter[data-filter="code:FL302"]').click()
    assert driver.execute_script(STATE_JS)["current"] is None  # it is not: stepping starts again
    fl302 = [e["key"] for e in entries(driver) if e["shown"]]
    assert press(driver, "j")["current"] == fl302[0]


# ------------------------------------------------------------------------------------- what each finding says

def test_the_panel_speaks_the_editors_language(driver, tmp_path):
    open_report(driver, make_report(tmp_path))
    open_entry(driver, "FL101", "2 years")
    item = chosen_item(driver)
    field = lambda name: item.find_element(By.CSS_SELECTOR, f'[data-field="{name}"]').text  # noqa: E731
    # the registry value in the draft's unit (years), then as the registry stores it
    assert field("value") == "1.2 years (14 months in the registry)"
    assert driver.find_element(By.CSS_SELECTOR, "#fl-panel .fl-panel-title").text.startswith(
        "Contradicts the registry")
    assert "column" not in driver.find_element(By.CSS_SELECTOR, "#fl-panel .fl-panel-where").text
    open_entry(driver, "FL103")
    item = chosen_item(driver)
    assert field("current") == "14 months (steady-remission-metformin)"
    assert "2023" in field("current_source") and "2020" in field("source")
    assert "superseded" in item.find_element(By.CSS_SELECTOR, '[data-field="source"]').find_element(
        By.XPATH, "preceding-sibling::dt[1]").text.lower()
    assert driver.find_element(By.CSS_SELECTOR, "#fl-panel .fl-panel-title").text.startswith("Outdated figure")
    labels = [li.text.split("\n")[0] for li in driver.find_elements(By.CSS_SELECTOR, "#fl-findings .fl-entry-label")
              if li.is_displayed()]
    assert not any("FL" in label for label in labels), labels  # words, not rule codes
    assert "? no source" in labels and "? vague source" in labels


def test_apply_a_fix_and_download_the_corrected_draft(driver, tmp_path):
    report = make_report(tmp_path)
    fixed_copy = tmp_path / "fixed"
    fixed_copy.mkdir()
    shutil.copyfile(tmp_path / "draft.md", fixed_copy / "draft.md")
    p = cli(fixed_copy, "check", "--no-cache", "--fix", "--registry", str(FIXTURE_REGISTRY), "draft.md")
    assert p.returncode == 1, p.stderr
    expected = (fixed_copy / "draft.md").read_text(encoding="utf-8")
    assert "Metformin is the usual first drug" in expected  # the one safe fix: FL201
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    open_report(driver, report)
    allow_downloads(driver, downloads)
    box = driver.find_element(By.CSS_SELECTOR, ".fl-download")
    assert not box.is_displayed()
    open_entry(driver, "FL201")
    item = chosen_item(driver)
    assert item.find_element(By.CSS_SELECTOR, '[data-field="edit"]').text == "Replace with Metformin"
    item.find_element(By.CSS_SELECTOR, ".fl-apply").click()
    assert box.is_displayed() and "1 fix applied" in box.text
    assert driver.execute_script("return window.factlintView.corrected('draft.md')") == expected
    box.find_element(By.CSS_SELECTOR, ".fl-download-button").click()
    assert downloaded(downloads, "draft.md") == expected
    # Undo: nothing applied, the corrected draft is the draft.
    item.find_element(By.CSS_SELECTOR, ".fl-apply").click()
    assert not box.is_displayed()
    assert driver.execute_script("return window.factlintView.corrected('draft.md')") == DRAFT
    # An unsafe fix (the current figure of an outdated one) can be applied too, after reading it.
    open_entry(driver, "FL103")
    item = chosen_item(driver)
    assert "check the sentence" in item.find_element(By.CSS_SELECTOR, '[data-field="edit"]').text
    item.find_element(By.CSS_SELECTOR, ".fl-apply").click()
    assert "a median of 14 months with metformin" in driver.execute_script(
        "return window.factlintView.corrected('draft.md')")


def test_copy_as_comment_gives_a_suppression_that_works(driver, tmp_path):
    open_report(driver, make_report(tmp_path))
    open_entry(driver, "FL101", "30%")
    item = chosen_item(driver)
    item.find_element(By.CSS_SELECTOR, ".fl-copy").click()
    assert "reason first" in item.find_element(By.CSS_SELECTOR, ".fl-copied").text
    item.find_element(By.CSS_SELECTOR, ".fl-reason").send_keys("our 2026 survey -- see notes >")
    comment = item.find_element(By.CSS_SELECTOR, ".fl-comment").text
    assert comment == "<!-- factlint: disable-line FL101 -- our 2026 survey – see notes -->"
    item.find_element(By.CSS_SELECTOR, ".fl-copy").click()
    wait_for(driver, lambda d: item.find_element(By.CSS_SELECTOR, ".fl-copied").text, "copying said nothing")
    assert item.find_element(By.CSS_SELECTOR, ".fl-comment").text == comment
    # The comment, pasted at the end of the finding's line, silences that finding and nothing else.
    lines = DRAFT.split("\n")
    lines[2] += " " + comment
    (tmp_path / "draft.md").write_text("\n".join(lines), encoding="utf-8")
    after = json_findings(tmp_path)
    before = json_findings_of(tmp_path, DRAFT)
    assert [(f["line"], f["code"]) for f in before if (f["line"], f["code"]) != (3, "FL101")] == \
        [(f["line"], f["code"]) for f in after]


def json_findings_of(tmp_path: Path, text: str) -> list[dict]:
    other = tmp_path / "again"
    other.mkdir(exist_ok=True)
    (other / "draft.md").write_text(text, encoding="utf-8")
    return json_findings(other)


def test_exports_are_the_command_lines_csv_and_json(driver, tmp_path):
    report = make_report(tmp_path)
    findings = json_findings(tmp_path)
    p = subprocess.run([sys.executable, "-m", "factlint", "check", "--no-cache", "--format", "csv", "--registry",
                        str(FIXTURE_REGISTRY), "draft.md"], cwd=tmp_path, capture_output=True, timeout=120)
    assert p.returncode == 1, p.stderr
    csv_text = p.stdout.decode("utf-8")  # bytes as written (CRLF line ends)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    open_report(driver, report)
    allow_downloads(driver, downloads)
    driver.find_element(By.ID, "fl-export-csv").click()
    got = downloaded(downloads, "factlint-findings.csv")
    assert got == csv_text and got.count("\r\n") == len(findings) + 1
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(got)))
    assert [(r["line"], r["column"], r["code"], r["message"]) for r in rows] == \
        [(str(f["line"]), str(f["column"]), f["code"], f["message"]) for f in findings]
    assert rows[0]["issue"] == "contradicts the registry"
    driver.find_element(By.ID, "fl-export-json").click()
    assert json.loads(downloaded(downloads, "factlint-findings.json")) == {"version": 1, "findings": findings}


# ------------------------------------------------------------------------------------------ rendering

def _assert_rendered_safely(driver, root: str) -> None:
    prose = driver.execute_script(f"return document.querySelector('{root} .fl-prose').textContent")
    for tag in ("<p>", "<strong>", "<h1>", "<script", "<img", "<li", "<table", "<a ", "<style"):
        assert tag not in prose, f"the rendered draft shows the literal tag {tag}"
    assert "p { color: red }" not in prose and "window.__xss" not in prose
    shape = driver.execute_script(f"""
        const p = document.querySelector('{root} .fl-prose');
        return {{h: Array.from(p.querySelectorAll('h3')).map(e => e.textContent),
                 li: p.querySelectorAll('li').length, cells: p.querySelectorAll('td, th').length,
                 links: Array.from(p.querySelectorAll('a')).map(a => a.getAttribute('href'))}};""")
    assert shape["h"][-1] == "Metformin today" and shape["li"] == 1 and shape["cells"] == 4, shape
    assert shape["links"] == ["https://example.org/study"], shape
    marks = page_marks(driver)
    assert any(m["text"] == "30%" and m["verdict"] == "contradicted" for m in marks), marks
    assert any(m["text"] == "Metformn" and m["verdict"] == "drug-problem" for m in marks), marks
    for m in marks:  # every highlight opens, every link in its panel is clicked: nothing runs
        driver.execute_script("arguments[0].click()",
                              driver.find_element(By.CSS_SELECTOR, f'.fl-prose mark.fl-claim[data-id="{m["id"]}"]'))
    ActionChains(driver).move_to_element(driver.find_element(By.CSS_SELECTOR, f"{root} .fl-prose li")).perform()
    assert driver.execute_script("return window.__xss === undefined")
    assert driver.execute_script(SAFE_DOM_JS) == []


def test_an_html_draft_is_rendered_as_prose_without_its_tags(driver, tmp_path):
    report = make_report(tmp_path, HTML_DRAFT, "page.html")
    findings = json_findings(tmp_path, "page.html")
    open_report(driver, report)
    _assert_rendered_safely(driver, "#fl-view")
    # Both views hold every finding once; the source view shows the HTML as written (as text).
    for view in ("prose", "source"):
        tokens = driver.execute_script(
            f"return Array.from(document.querySelectorAll('.fl-{view} mark.fl-claim')).map(m => m.dataset.findings)"
            ".join(' ').split(' ').filter(Boolean);")
        assert sorted(tokens) == sorted(f"{f['line']}:{f['column']}:{f['code']}" for f in findings), view
    driver.find_element(By.CSS_SELECTOR, '.fl-view-button[data-view="source"]').click()
    assert "<strong>30%</strong>" in driver.find_element(By.CSS_SELECTOR, ".fl-source .fl-text").text
    assert not driver.find_element(By.CSS_SELECTOR, ".fl-prose").is_displayed()
    assert browser_errors(driver) == []

    # The same draft pasted into `factlint serve`.
    server = Server(tmp_path, "--registry", str(FIXTURE_REGISTRY))
    try:
        open_app(driver, server)
        paste(driver, HTML_DRAFT)
        set_filename(driver, "page.html")
        choose_registry(driver, "project")
        run_check(driver)
        _assert_rendered_safely(driver, "#fl-result")
    finally:
        server.stop()


# ------------------------------------------------------------------------------------ layout and print

def _rect(driver, js: str) -> dict:
    return driver.execute_script(f"const r = ({js}).getBoundingClientRect(); "
                                 "return {l: r.left, r: r.right, t: r.top, b: r.bottom, w: r.width, h: r.height};")


def test_800_and_1440_pixel_windows_are_both_usable(driver, tmp_path):
    text, name, registry = DRAFT, "draft.md", FIXTURE_REGISTRY
    if os.environ.get("FACTLINT_UPDATE_SCREENSHOT") == "1" and SEED_000.exists():
        from factlint.registry import bundled_registry_path  # the docs show a real article

        text, name, registry = SEED_000.read_text(encoding="utf-8"), "000.txt", bundled_registry_path()
    (tmp_path / name).write_text(text, encoding="utf-8")
    p = cli(tmp_path, "check", "--no-cache", "--format", "html", "-o", "report.html", "--registry", str(registry),
            name)
    assert p.returncode == 1, p.stderr
    try:
        for width, shot in SCREENSHOTS.items():
            driver.set_window_size(width, 900)
            open_report(driver, tmp_path / "report.html")
            driver.execute_script("document.activeElement && document.activeElement.blur();")
            for _ in range(3):
                state = press(driver, "j")
            assert state["panel"] and state["active"]
            inner = driver.execute_script("return window.innerWidth")
            assert driver.execute_script("return document.documentElement.scrollWidth") <= inner, \
                f"the page scrolls sideways at {width} px"
            mark = _rect(driver, "document.activeElement")
            panel = _rect(driver, "document.getElementById('fl-panel')")
            listing = _rect(driver, "document.querySelector('#fl-findings li[aria-current=\"true\"]')")
            overlap = mark["l"] < panel["r"] and panel["l"] < mark["r"] and mark["t"] < panel["b"] and \
                panel["t"] < mark["b"]
            assert not overlap, f"at {width} px the panel covers the finding: {mark} {panel}"
            assert 0 <= mark["t"] and mark["b"] <= driver.execute_script("return window.innerHeight")
            assert listing["w"] > 150 and listing["h"] > 0, listing
            assert driver.find_element(By.ID, "fl-findings").is_displayed()
            # a highlight's chip never wraps away from its last word
            split = driver.execute_script(
                "return Array.from(document.querySelectorAll('.fl-prose mark.fl-claim .fl-tail'))"
                ".filter(t => t.getClientRects().length !== 1).map(t => t.textContent);")
            assert split == [], f"at {width} px these chips wrapped: {split}"
            out = tmp_path / shot.name
            assert driver.save_screenshot(str(out))
            if os.environ.get("FACTLINT_UPDATE_SCREENSHOT") == "1":
                shutil.copyfile(out, shot)
    finally:
        driver.set_window_size(1400, 1000)


def test_print_gives_a_review_sheet(driver, tmp_path):
    open_report(driver, make_report(tmp_path))
    driver.find_element(By.CSS_SELECTOR, '.fl-filter[data-filter="code:FL102"]').click()  # hides most findings
    open_entry(driver, "FL102")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = driver.execute_script("""
            const on = el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
            return {toolbar: on(document.querySelector('.fl-toolbar')), panel: on(document.getElementById('fl-panel')),
                    filters: on(document.querySelector('.fl-filters')),
                    findings: Array.from(document.querySelectorAll('#fl-findings > li[data-finding="1"]')).map(on),
                    notes: Array.from(document.querySelectorAll('#fl-findings > li[data-finding="0"]')).map(on),
                    details: Array.from(document.querySelectorAll('#fl-findings > li[data-finding="1"] .fl-entry-detail'))
                      .map(d => on(d) ? d.textContent : null),
                    prose: on(document.querySelector('.fl-prose'))};""")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not shown["toolbar"] and not shown["panel"] and not shown["filters"], shown
    assert shown["prose"]
    assert len(shown["findings"]) == 6 and all(shown["findings"]), shown  # every finding, whatever the filter
    assert shown["notes"] and not any(shown["notes"]), shown
    assert all(d and "registry" in d or "source" in d or "unnamed" in d or "drug" in d for d in shown["details"])
    pdf = driver.print_page()
    assert pdf.startswith("JVBERi")  # base64 of "%PDF"
