"""The HTML views in a real browser: `factlint serve` and the `--format html` report, driven by Selenium.

Debian's chromium and chromedriver are used as installed (`.ci/run` installs them); Selenium Manager is
never asked for anything, so nothing is downloaded. The tests skip only when /usr/bin/chromium or
/usr/bin/chromedriver is missing.

What is checked against the DOM contract (summary, `mark.fl-claim` highlights, the `#fl-panel` dialog):
the highlights of seed 000 and their verdicts equal `factlint check --format json` on the same text, in
the served page and in the report file opened from disk; the ALTA-1L highlight opens a panel naming
brigatinib (and a screenshot is saved: `FACTLINT_UPDATE_SCREENSHOT=1` also writes docs/serve-seed-000.png);
nothing in a hostile draft or registry executes; an oversized or binary upload gets a message and the
server keeps serving; every highlight is reached with Tab and opened with Enter.
"""
from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(
    not (os.path.isfile(CHROMIUM) and os.path.isfile(CHROMEDRIVER)),
    reason=f"the browser tests need Debian's chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER}); "
           "install them with: apt-get install chromium chromium-driver (.ci/run does)",
)

from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from factlint.annotations import VERDICT_OF, VERDICTS  # noqa: E402
from factlint.registry import bundled_registry_path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_000 = SEEDS / "000_2bdc495743295233.txt"
needs_seed = pytest.mark.skipif(not SEED_000.exists(), reason="../shared/seeds is not beside the project "
                                "(these tests drive the page with a real seed article)")
FIXTURE_REGISTRY = ROOT / "tests" / "fixtures" / "diabetes" / "registry.yaml"
SCREENSHOT = ROOT / "docs" / "serve-seed-000.png"
LISTENING = re.compile(r"^factlint serve: listening on (http://([^/:\s]+):(\d+)/)$")
WAIT = 30  # seconds for anything the page does (a check of seed 000 takes about a second)

# Every highlight as the page has it, in document order, in one round trip.
MARKS_JS = """
const root = arguments[0] || document;
// The highlights of the view shown (rendered prose by default; the source view holds the same ones).
return Array.from(root.querySelectorAll('mark.fl-claim')).filter(m => m.closest('[hidden]') === null).map(m => ({
  id: m.dataset.id, verdict: m.dataset.verdict, findings: m.dataset.findings || '',
  registry: m.dataset.registryId || '', line: m.dataset.line, column: m.dataset.column,
  text: m.textContent, tabindex: m.getAttribute('tabindex'), role: m.getAttribute('role'),
  controls: m.getAttribute('aria-controls'), haspopup: m.getAttribute('aria-haspopup'),
  label: m.getAttribute('aria-label') || '',
  nested: m.querySelector('mark') !== null || (m.parentElement && m.parentElement.closest('mark') !== null),
}));
"""
PANEL_JS = """
const p = document.getElementById('fl-panel');
if (!p) return null;
const field = name => {
  const e = p.querySelector('[data-field="' + name + '"]');
  return e ? e.textContent : null;
};
const src = p.querySelector('[data-field="source"]');
const link = src ? (src.tagName === 'A' ? src : src.querySelector('a')) : null;
return {hidden: p.hidden, shown: !p.hidden && p.getClientRects().length > 0, text: p.textContent,
        words: field('words'), verdict: field('verdict'), message: field('message'),
        statement: field('statement'), source: field('source'),
        href: link ? link.getAttribute('href') : null,
        active_id: document.activeElement ? (document.activeElement.dataset || {}).id || null : null,
        active_in_panel: p.contains(document.activeElement)};
"""


def norm(s: str | None) -> str:
    return " ".join((s or "").split())


def severest(codes) -> str:
    return min((VERDICT_OF[c] for c in codes), key=VERDICTS.index)


# ----------------------------------------------------------------------------------------------- fixtures

class Server:
    """`factlint serve --port 0 ...` in its own working folder; the URL comes from its one stderr line."""

    def __init__(self, cwd: Path, *args: str):
        self.cwd = cwd
        self.lines: list[str] = []
        self._q: queue.Queue = queue.Queue()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "factlint", "serve", "--port", "0", *args], cwd=cwd,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            encoding="utf-8", errors="replace")
        threading.Thread(target=self._drain, daemon=True).start()
        self.url = self._wait_for_url(60)

    def _drain(self) -> None:
        for line in self.proc.stderr:
            self._q.put(line.rstrip("\n"))
        self._q.put(None)

    def _wait_for_url(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._q.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                break
            self.lines.append(line)
            m = LISTENING.match(line)
            if m:
                assert m.group(2) == "127.0.0.1", f"serve listens on {m.group(2)}, not 127.0.0.1"
                assert int(m.group(3)) > 0
                return m.group(1)
        self.stop()
        raise AssertionError("factlint serve printed no 'factlint serve: listening on http://HOST:PORT/' "
                             "line; its standard error was:\n" + "\n".join(self.lines))

    def stderr_lines(self) -> list[str]:
        while True:
            try:
                line = self._q.get_nowait()
            except queue.Empty:
                return self.lines
            if line is not None:
                self.lines.append(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A working folder without configuration or ./claims, holding seed 000 as 000.txt."""
    d = tmp_path_factory.mktemp("serve-work")
    if SEED_000.exists():
        shutil.copyfile(SEED_000, d / "000.txt")
    return d


@pytest.fixture(scope="module")
def server(workdir):
    s = Server(workdir)
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def seed_expected(workdir):
    """The findings of `factlint check --format json` on seed 000 (as 000.txt, the bundled registry)."""
    p = subprocess.run(
        [sys.executable, "-m", "factlint", "check", "--format", "json",
         "--registry", str(bundled_registry_path()), "--stdin-filename", "000.txt", "-"],
        cwd=workdir, input=SEED_000.read_bytes(), capture_output=True, timeout=120)
    assert p.returncode == 1, p.stderr.decode()
    findings = json.loads(p.stdout)["findings"]
    assert findings, "seed 000 has findings"
    return findings


@pytest.fixture(scope="module")
def seed_marks():
    """The highlights of seed 000 checked in the served page, recorded by test_seed_in_serve."""
    return {}


# ----------------------------------------------------------------------------------------------- helpers

def page_marks(driver, root=None) -> list[dict]:
    return driver.execute_script(MARKS_JS, root)


def panel(driver) -> dict:
    state = driver.execute_script(PANEL_JS)
    assert state is not None, "the page has no #fl-panel"
    return state


def wait_for(driver, condition, message: str, timeout: float = WAIT):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d))
    except TimeoutException:
        raise AssertionError(f"{message} (within {timeout} s); "
                             f"#fl-error says: {error_text(driver)!r}") from None


def error_text(driver) -> str:
    return driver.execute_script(
        "const e = document.getElementById('fl-error'); return e ? e.textContent : '';")


def open_app(driver, server: Server) -> None:
    driver.get(server.url)
    for el_id in ("fl-input", "fl-file", "fl-filename", "fl-registry", "fl-run", "fl-error", "fl-result"):
        assert driver.find_elements(By.ID, el_id), f"the serve page has no #{el_id}"
    assert driver.find_element(By.ID, "fl-error").get_attribute("role") == "alert"
    assert driver.find_element(By.ID, "fl-file").get_attribute("type") == "file"


def paste(driver, text: str) -> None:
    """What a paste does to the textarea: its value set at once, then an input event."""
    driver.execute_script(
        "const t = document.getElementById('fl-input'); t.focus(); t.value = arguments[0];"
        "t.dispatchEvent(new Event('input', {bubbles: true}));", text)


def set_filename(driver, name: str) -> None:
    field = driver.find_element(By.ID, "fl-filename")
    field.clear()
    field.send_keys(name)
    assert field.get_attribute("value") == name


def choose_registry(driver, value: str) -> None:
    select = Select(driver.find_element(By.ID, "fl-registry"))
    values = [o.get_attribute("value") for o in select.options]
    assert value in values, f"#fl-registry offers {values}, not {value!r}"
    select.select_by_value(value)


def run_check(driver) -> list[dict]:
    """Click #fl-run and wait for the highlights of the result."""
    driver.execute_script(
        "for (const m of document.querySelectorAll('mark.fl-claim')) m.dataset.flTestOld = '1';")
    driver.find_element(By.ID, "fl-run").click()
    wait_for(driver, lambda d: d.execute_script(
        "const ms = document.querySelectorAll('#fl-result mark.fl-claim');"
        "return ms.length > 0 && !ms[0].dataset.flTestOld;"), "no highlights appeared after #fl-run")
    return page_marks(driver, driver.find_element(By.ID, "fl-result"))


def check_in_page(driver, server: Server, text: str, filename: str, registry: str) -> list[dict]:
    open_app(driver, server)
    paste(driver, text)
    set_filename(driver, filename)
    choose_registry(driver, registry)
    return run_check(driver)


def click_mark(driver, mark_id: str) -> dict:
    el = driver.find_element(By.CSS_SELECTOR, f'mark.fl-claim[data-id="{mark_id}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", el)
    el.click()
    wait_for(driver, lambda d: panel(d)["shown"], f"clicking the highlight {mark_id} showed no #fl-panel")
    return panel(driver)


def close_panel(driver) -> None:
    driver.find_element(By.ID, "fl-panel-close").click()
    wait_for(driver, lambda d: panel(d)["hidden"], "#fl-panel-close did not hide the panel")


def browser_errors(driver) -> list[str]:
    """Console errors (CSP violations included) since the last call."""
    try:
        entries = driver.get_log("browser")
    except Exception:  # a driver without the log endpoint
        return []
    return [e["message"] for e in entries if e.get("level") == "SEVERE"]


def mark_findings(marks) -> Counter:
    return Counter(tok for m in marks for tok in m["findings"].split())


def assert_marks_match_json(marks: list[dict], findings: list[dict], source_text: str) -> None:
    expected = Counter(f"{f['line']}:{f['column']}:{f['code']}" for f in findings)
    got = mark_findings(marks)
    assert got == expected, (f"highlights lack {sorted(expected - got)}; "
                             f"highlights have extra {sorted(got - expected)}")
    ids = [m["id"] for m in marks]
    assert all(ids) and len(set(ids)) == len(ids), "data-id is missing or repeated"
    lines = source_text.splitlines()
    for m in marks:
        assert not m["nested"], f"highlight {m['id']} overlaps or nests another"
        assert m["tabindex"] == "0" and m["role"] == "button", m
        assert m["controls"] == "fl-panel" and m["haspopup"] == "dialog", m
        assert m["label"].strip(), f"highlight {m['id']} has no aria-label"
        assert m["text"].strip(), f"highlight {m['id']} is empty"
        # data-line/data-column locate the highlight's words in the source (1-based).
        line, col = int(m["line"]), int(m["column"])
        first = m["text"].split("\n")[0]
        assert lines[line - 1][col - 1:col - 1 + len(first)] == first, (m, lines[line - 1][col - 1:][:40])
        codes = [tok.split(":")[2] for tok in m["findings"].split()]
        if codes:
            assert m["verdict"] == severest(codes), (m["text"], m["findings"], m["verdict"])
        else:
            assert m["verdict"] not in VERDICT_OF.values(), f"{m} has a finding's verdict but no finding"
    # Each finding's words are inside the highlight that lists it.
    by_token = {tok: m for m in marks for tok in m["findings"].split()}
    for f in findings:
        m = by_token[f"{f['line']}:{f['column']}:{f['code']}"]
        if f.get("claim"):
            assert f["claim"]["text"] in m["text"], (f["claim"]["text"], m["text"])


def save_screenshot(driver, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    assert driver.save_screenshot(str(shot)), "the screenshot failed"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    if os.environ.get("FACTLINT_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
    return shot


def alta_marks(marks):
    """The highlight of the words 'ALTA-1L' (line 93) and the one with its FL301 finding."""
    alta = [m for m in marks if "ALTA-1L" in m["text"]]
    fl301 = [m for m in marks if any(t.endswith(":FL301") for t in m["findings"].split())]
    assert alta, "no highlight contains 'ALTA-1L'"
    assert len(fl301) == 1, f"expected one highlight with the FL301 finding, got {fl301}"
    return alta, fl301[0]


# ----------------------------------------------------------------------------------------------- tests

@needs_seed
def test_seed_in_serve(driver, server, seed_expected, seed_marks, tmp_path):
    text = SEED_000.read_text(encoding="utf-8")
    marks = check_in_page(driver, server, text, "000.txt", "bundled")
    assert_marks_match_json(marks, seed_expected, text)

    # The article view holds the whole draft; the highlights' labels do not change its text.
    article = driver.find_element(By.CSS_SELECTOR, "#fl-result article.fl-file")
    assert article.get_attribute("data-path") == "000.txt"
    shown = driver.execute_script(
        "return document.querySelector('#fl-result article.fl-file .fl-text').textContent")
    assert shown.rstrip("\n") == text.rstrip("\n")

    # Highlights without findings: supported numbers and known drugs and trials.
    verdicts = Counter(m["verdict"] for m in marks if not m["findings"])
    assert verdicts["supported"] >= 1 and verdicts["drug"] >= 5 and verdicts["trial"] >= 1, verdicts

    # Summary: one entry per code with its count, one per verdict, the coverage.
    summary = driver.execute_script("""
        const s = document.querySelector('#fl-result #fl-summary');
        if (!s) return null;
        const count = li => {
          const c = li.querySelector('.fl-count');
          return c ? c.textContent.trim() : null;
        };
        const all = sel => Array.from(s.querySelectorAll(sel));
        const cov = s.querySelector('#fl-coverage');
        return {codes: all('.fl-filter[data-code]').map(b => [b.dataset.code, count(b)]),
                verdicts: all('.fl-filter[data-verdict]').map(b => [b.dataset.verdict, count(b)]),
                listed: Array.from(document.querySelectorAll('#fl-findings > li.fl-listing'))
                  .map(li => li.dataset.verdict),
                coverage: cov ? cov.dataset.coverage : null};""")
    assert summary is not None, "no #fl-summary in #fl-result"
    codes = Counter(f["code"] for f in seed_expected)
    assert sorted(summary["codes"]) == sorted([c, str(n)] for c, n in codes.items())
    assert sorted(summary["verdicts"]) == sorted([v, str(n)] for v, n in Counter(summary["listed"]).items())
    assert {m["verdict"] for m in marks} <= {v for v, _ in summary["verdicts"]}
    assert all(n and n.isdigit() and int(n) > 0 for _, n in summary["verdicts"])
    assert summary["coverage"] is not None and 0 <= float(summary["coverage"]) <= 1

    # The FL301 finding (ALTA-1L named as testing alectinib) opens a panel naming brigatinib, with its source.
    alta, fl301 = alta_marks(marks)
    state = click_mark(driver, fl301["id"])
    assert norm(state["words"]) == norm(fl301["text"])
    assert "brigatinib" in state["text"]
    assert state["href"] == "https://doi.org/10.1056/NEJMoa1810171"
    close_panel(driver)
    assert panel(driver)["active_id"] == fl301["id"], "closing the panel did not give focus back to the mark"

    # The ALTA-1L highlight itself opens a panel naming brigatinib; the screenshot shows it open.
    state = click_mark(driver, alta[0]["id"])
    assert norm(state["words"]) == norm(alta[0]["text"])
    assert "brigatinib" in state["text"], state["text"]
    save_screenshot(driver, tmp_path, "serve-seed-000.png")
    seed_marks["serve"] = marks


@needs_seed
def test_seed_report_from_disk(driver, workdir, seed_expected, seed_marks, tmp_path):
    if "serve" not in seed_marks:
        pytest.fail("test_seed_in_serve did not record the served page's highlights")
    report = tmp_path / "report.html"
    shutil.copyfile(workdir / "000.txt", tmp_path / "000.txt")
    p = subprocess.run(
        [sys.executable, "-m", "factlint", "check", "--format", "html", "-o", str(report),
         "--registry", str(bundled_registry_path()), "000.txt"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1, p.stderr  # seed 000 has errors
    html = report.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html

    browser_errors(driver)  # drop earlier messages
    driver.get(report.as_uri())
    marks = page_marks(driver)
    assert marks, "the report has no highlights"
    key = lambda ms: [(m["findings"], m["verdict"], m["text"]) for m in ms]  # noqa: E731
    assert key(marks) == key(seed_marks["serve"])
    assert_marks_match_json(marks, seed_expected, (workdir / "000.txt").read_text(encoding="utf-8"))
    assert driver.find_element(By.CSS_SELECTOR, "article.fl-file").get_attribute("data-path") == "000.txt"

    # Self-contained: nothing was fetched; the inline script runs (allowed by its CSP hash).
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    alta, fl301 = alta_marks(marks)
    state = click_mark(driver, alta[0]["id"])
    assert "brigatinib" in state["text"]
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    wait_for(driver, lambda d: panel(d)["hidden"], "Escape did not hide the report's panel")
    assert browser_errors(driver) == []


@needs_seed
def test_keyboard_only(driver, server):
    """Every highlight is reached with Tab, in document order, opened with Enter and closed with Escape."""
    marks = check_in_page(driver, server, SEED_000.read_text(encoding="utf-8"), "000.txt", "bundled")
    order = [m["id"] for m in marks]
    text_of = {m["id"]: m["text"] for m in marks}
    driver.execute_script("window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur();")
    active = "const a = document.activeElement; return a && a.matches('mark.fl-claim') ? a.dataset.id : null;"
    visited: list[str] = []
    for _ in range(len(order) + 50):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        got = driver.execute_script(active)
        if got is None:
            continue  # a control of the page before (or after) the article
        assert got not in visited, f"Tab came back to {got} after {visited}"
        visited.append(got)
        key = Keys.SPACE if len(visited) == 2 else Keys.ENTER
        ActionChains(driver).send_keys(key).perform()
        state = panel(driver)
        assert state["shown"], f"Enter on the focused highlight {got} did not show the panel"
        assert norm(state["words"]) == norm(text_of[got]), (got, state["words"])
        ActionChains(driver).send_keys(Keys.ESCAPE).perform()
        state = panel(driver)
        assert state["hidden"], f"Escape did not hide the panel of {got}"
        assert state["active_id"] == got, f"after Escape the focus is not on {got}"
        if len(visited) == len(order):
            break
    assert visited == order


def _xss_registry(tmp: Path) -> Path:
    text = FIXTURE_REGISTRY.read_text(encoding="utf-8")
    old_statement = "    statement: About 11.6% of people in the US have diabetes, most of it type 2.\n"
    old_source = ('    citation: "Centers for Disease Control and Prevention. '
                  'National Diabetes Statistics Report, 2024"\n'
                  "    url: https://www.cdc.gov/diabetes/php/data-research/index.html\n")
    assert old_statement in text and old_source in text
    text = text.replace(old_statement,
                        "    statement: 'About 11.6% of people in the US have diabetes "
                        "<script>window.__xss=5</script> <img src=x onerror=window.__xss=6>.'\n")
    text = text.replace(old_source, "    citation: 'CDC report <script>window.__xss=5</script>"
                                    " <img src=x onerror=window.__xss=6>'\n"
                                    "    url: 'javascript:window.__xss=7'\n")
    path = tmp / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    return path


XSS_DRAFT = """# Diabetes <script>window.__xss = 1</script>

Nearly 30% of Americans have type 2 diabetes. <img src=x onerror="window.__xss = 2">

<svg onload="window.__xss=3"></svg> Metformin (Glucophage) helps.

See [click](javascript:window.__xss=4) for more.
"""

SAFE_DOM_JS = """
const bad = [];
for (const el of document.querySelectorAll('#fl-result *, #fl-panel *, body > *')) {
  for (const a of el.attributes) {
    if (/^on/i.test(a.name)) bad.push(el.tagName + ' ' + a.name);
    if (['href', 'src', 'action', 'formaction'].includes(a.name.toLowerCase())
        && /^\\s*javascript:/i.test(a.value))
      bad.push(el.tagName + ' ' + a.name + '=' + a.value);
  }
}
const active = ['script', 'img', 'svg', 'iframe', 'object', 'embed'];
const sel = ['#fl-result', '#fl-panel'].flatMap(root => active.map(tag => root + ' ' + tag)).join(', ');
for (const el of document.querySelectorAll(sel))
  bad.push('element ' + el.tagName);
return bad;
"""


def _open_every_highlight_and_link(driver) -> list[dict]:
    """Click every highlight and every link in its panel; returns the panels' states."""
    states = []
    for m in page_marks(driver):
        state = click_mark(driver, m["id"])
        states.append(state)
        _click_links(driver, "#fl-panel a")
        ActionChains(driver).send_keys(Keys.ESCAPE).perform()
        wait_for(driver, lambda d: panel(d)["hidden"], "Escape did not hide the panel")
    _click_links(driver, "#fl-result a")
    return states


def _click_links(driver, selector: str) -> None:
    """Click the visible links that are not http(s) (those could run script; an http link would leave)."""
    for a in driver.find_elements(By.CSS_SELECTOR, selector):
        href = a.get_attribute("href")  # resolved by the browser
        if a.is_displayed() and not (href or "").startswith(("http://", "https://")):
            handles = driver.window_handles
            a.click()
            for h in driver.window_handles:  # a link that opened a tab: close it, come back
                if h not in handles:
                    driver.switch_to.window(h)
                    driver.close()
            driver.switch_to.window(handles[0])


def _assert_nothing_ran(driver, states) -> None:
    assert driver.execute_script("return window.__xss === undefined"), \
        f"injected code ran: window.__xss = {driver.execute_script('return window.__xss')}"
    assert driver.execute_script(SAFE_DOM_JS) == []
    shown = driver.execute_script("return document.querySelector('.fl-text').textContent")
    assert "<script>window.__xss = 1</script>" in shown
    assert '<img src=x onerror="window.__xss = 2">' in shown
    assert "[click](javascript:window.__xss=4)" in shown
    t2d = [s for s in states if "30%" in (s["words"] or "")]
    assert t2d, "no highlight for the contradicted 30%"
    assert "<script>window.__xss=5</script>" in t2d[0]["statement"], t2d[0]
    assert "<img src=x onerror=window.__xss=6>" in t2d[0]["source"], t2d[0]
    assert t2d[0]["href"] is None, "a javascript: source URL became a link"


def test_xss_draft_and_registry(driver, tmp_path):
    registry = _xss_registry(tmp_path)
    p = subprocess.run([sys.executable, "-m", "factlint", "registry", "check", str(registry)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, f"the registry loader refused the hostile registry: {p.stdout}{p.stderr}"
    (tmp_path / "draft.md").write_text(XSS_DRAFT, encoding="utf-8")
    server = Server(tmp_path, "--registry", str(registry))
    try:
        marks = check_in_page(driver, server, XSS_DRAFT, "draft.md", "project")
        assert any("FL101" in m["findings"] for m in marks), marks
        states = _open_every_highlight_and_link(driver)
        _assert_nothing_ran(driver, states)

        # A hostile file name is shown as text too.
        open_app(driver, server)
        paste(driver, XSS_DRAFT)
        set_filename(driver, "<img src=x onerror=window.__xss=8>.md")
        choose_registry(driver, "project")
        driver.find_element(By.ID, "fl-run").click()
        wait_for(driver, lambda d: error_text(d).strip() or d.execute_script(
            "return document.querySelectorAll('#fl-result mark.fl-claim').length > 0"),
            "a hostile file name gave neither a result nor a message")
        assert driver.execute_script("return window.__xss === undefined")
        assert driver.execute_script(SAFE_DOM_JS) == []

        # The registry browser shows the hostile statement as text.
        driver.get(server.url + "registry")
        choose_registry(driver, "project")
        search = driver.find_element(By.ID, "fl-registry-search")
        search.send_keys("prevalence")
        wait_for(driver, lambda d: d.find_elements(
            By.CSS_SELECTOR, '#fl-registry-results li.fl-entry[data-id="t2d-prevalence-us"]'),
            "the registry browser does not list t2d-prevalence-us")
        entry = driver.find_element(
            By.CSS_SELECTOR, '#fl-registry-results li.fl-entry[data-id="t2d-prevalence-us"]')
        assert entry.get_attribute("data-kind") == "claim"
        wait_for(driver, lambda d: "<script>window.__xss=5</script>" in entry.get_attribute("textContent"),
                 "the registry browser does not show the statement's <script> as text")
        assert "<img src=x onerror=window.__xss=6>" in entry.get_attribute("textContent")
        assert driver.execute_script(SAFE_DOM_JS.replace("#fl-result", "#fl-registry-results")) == []
        for a in driver.find_elements(By.CSS_SELECTOR, "#fl-registry-results a"):
            assert not (a.get_attribute("href") or "").lower().startswith("javascript:")
        _click_links(driver, "#fl-registry-results a")
        assert driver.execute_script("return window.__xss === undefined")
    finally:
        server.stop()

    # The same draft as a report file opened from disk.
    report = tmp_path / "xss.html"
    p = subprocess.run([sys.executable, "-m", "factlint", "check", "--format", "html", "-o", str(report),
                        "--registry", str(registry), "draft.md"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1, p.stderr
    browser_errors(driver)
    driver.get(report.as_uri())
    states = _open_every_highlight_and_link(driver)
    _assert_nothing_ran(driver, states)
    assert browser_errors(driver) == []


def test_oversized_and_binary_uploads(driver, tmp_path):
    server = Server(tmp_path, "--registry", str(FIXTURE_REGISTRY), "--max-upload", "1")
    try:
        big = tmp_path / "big.txt"
        big.write_text("Nearly 30% of Americans have type 2 diabetes.\n" * (2 * 1024 * 1024 // 46 + 1))
        assert big.stat().st_size > 2 * 1024 * 1024

        # The server itself refuses it (whatever the page does first), with a JSON message.
        req = urllib.request.Request(server.url + "api/check?filename=big.txt&registry=project",
                                     data=big.read_bytes(), method="POST",
                                     headers={"Content-Type": "application/octet-stream"})
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=WAIT)
        assert e.value.code == 413
        assert json.loads(e.value.read())["error"]

        # Through the page's file input.
        open_app(driver, server)
        driver.find_element(By.ID, "fl-file").send_keys(str(big))
        driver.find_element(By.ID, "fl-run").click()
        wait_for(driver, lambda d: error_text(d).strip(), "an oversized upload gave no message in #fl-error")
        message = error_text(driver)
        assert re.search(r"\b1(\.0+)?\s*MB\b", message, re.I), \
            f"the message does not name the limit: {message!r}"
        assert not driver.find_elements(By.CSS_SELECTOR, "#fl-result mark.fl-claim")

        # A binary file.
        binary = tmp_path / "scan.txt"
        binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
        open_app(driver, server)
        driver.find_element(By.ID, "fl-file").send_keys(str(binary))
        driver.find_element(By.ID, "fl-run").click()
        wait_for(driver, lambda d: error_text(d).strip(), "a binary upload gave no message in #fl-error")
        message = error_text(driver)
        assert re.search(r"binary|NUL|not (UTF-8 )?text", message, re.I), message

        # The server keeps serving: a draft typed with the keyboard is checked.
        open_app(driver, server)
        box = driver.find_element(By.ID, "fl-input")
        box.click()
        box.send_keys("Nearly 30% of Americans have type 2 diabetes.")
        set_filename(driver, "draft.md")
        choose_registry(driver, "project")
        marks = run_check(driver)
        assert [m["findings"] for m in marks if m["findings"]] == ["1:8:FL101"], marks
        assert server.proc.poll() is None
        lines = [ln for ln in server.stderr_lines() if LISTENING.match(ln)]
        assert len(lines) == 1, server.stderr_lines()
    finally:
        server.stop()
