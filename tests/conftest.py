import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True, scope="session")
def _cache_outside_the_checkout(tmp_path_factory):
    """Runs of `factlint check` in tests keep their cache in a temporary folder, not in the checkout."""
    old = os.environ.get("FACTLINT_CACHE_DIR")
    os.environ["FACTLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("factlint_cache"))
    yield
    if old is None:
        os.environ.pop("FACTLINT_CACHE_DIR", None)
    else:
        os.environ["FACTLINT_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def diabetes_linter():
    """One pipeline for the whole session, built from a registry outside the dev set's field."""
    from factlint.api import Linter

    return Linter.from_registry_paths([FIXTURES / "diabetes" / "registry.yaml"])


@pytest.fixture(scope="session")
def tokenize():
    from factlint.nlp.pipeline import FactlintLanguage, make_tokenizer

    nlp = FactlintLanguage()
    tok = make_tokenizer(nlp.vocab)

    def run(text: str):
        doc = tok(text)
        return [t.text for t in doc], [t.idx for t in doc]

    return run


def lint(linter, text: str, path: str = "draft.md"):
    """(code, registry_id, quoted text) of each finding of `text`."""
    result = linter.lint_text(text, path)
    out = []
    for d in result.diagnostics:
        out.append((d.code, d.registry_id, d.claim.text if d.claim else None))
    return out


@pytest.fixture(scope="session")
def driver(tmp_path_factory):
    """Debian's headless Chromium through its chromedriver (the browser tests skip without them; Selenium
    Manager is never asked for anything, so nothing is downloaded)."""
    from selenium import webdriver  # the `test` extra
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                 "--window-size=1400,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    try:
        d.set_window_size(1400, 1000)
        d.set_page_load_timeout(30)
        yield d
    finally:
        d.quit()
