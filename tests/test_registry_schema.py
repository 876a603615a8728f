"""The registry's JSON Schema agrees with the loader and the docs: every bundled, fixture and example
registry validates; a misspelt key does not; the schema's keys are the loader's."""
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from factlint.registry.load import _FIELDS, load_registry
from factlint.registry.schema import registry_schema

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_FILES = sorted([*ROOT.glob("claims/**/*.yaml"), *ROOT.glob("tests/fixtures/*/registry.yaml"),
                         *ROOT.glob("tests/articles/*/claims.yaml")])
# Every bundled file is checked: a glob that finds none (a moved folder) must fail, not shrink the test.
assert len([p for p in REGISTRY_FILES if "claims" in p.relative_to(ROOT).parts[:1]]) >= 7, REGISTRY_FILES


def docs_example() -> str:
    text = (ROOT / "docs" / "registry.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    return max(blocks, key=len)


def test_schema_keys_are_the_loaders():
    props = registry_schema()["properties"]
    assert set(props) == set(_FIELDS)
    for section, fields in _FIELDS.items():
        assert set(props[section]["items"]["properties"]) == set(fields), section


def as_editors_read(text: str):
    """The YAML as an editor's YAML 1.2 language server reads it: a date such as 2026-12-05 is a string
    (PyYAML, YAML 1.1, would make it a date)."""
    import datetime

    def plain(x):
        if isinstance(x, dict):
            return {k: plain(v) for k, v in x.items()}
        if isinstance(x, list):
            return [plain(v) for v in x]
        return x.isoformat() if isinstance(x, datetime.date) else x

    return plain(yaml.safe_load(text))


@pytest.mark.parametrize("path", REGISTRY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_registries_validate(path):
    jsonschema.validate(as_editors_read(path.read_text(encoding="utf-8")), registry_schema())


def test_docs_example_validates_loads_and_lints(tmp_path):
    example = docs_example()
    jsonschema.validate(yaml.safe_load(example), registry_schema())
    path = tmp_path / "claims.yaml"
    path.write_text(example)
    reg = load_registry([path])
    assert "freedom-vert-rrr" in reg.claims
    from factlint.api import Linter

    linter = Linter(reg)
    ok = "In FREEDOM, new vertebral fractures occurred in 2.3% of women on Prolia versus 7.2% on placebo.\n"
    assert [d.code for d in linter.lint_text(ok, "a.md").diagnostics] == []
    bad = "In FREEDOM, Prolia cut the risk of vertebral fractures by 86%, a relative risk reduction.\n"
    assert [(d.code, d.registry_id) for d in linter.lint_text(bad, "a.md").diagnostics] == [
        ("FL101", "freedom-vert-rrr")]


def test_a_misspelt_key_fails_the_schema():
    doc = yaml.safe_load(docs_example())
    doc["claims"][0]["tolerence"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, registry_schema())


def test_registry_schema_command():
    out = subprocess.run([sys.executable, "-m", "factlint", "registry", "schema"], capture_output=True, text=True)
    assert out.returncode == 0 and json.loads(out.stdout) == registry_schema()


def test_registry_init_and_stats(tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "factlint", "registry", *args], cwd=tmp_path,
                              capture_output=True, text=True)

    made = cli("init", "reg")
    assert made.returncode == 0, made.stderr
    starter = (tmp_path / "reg" / "claims.yaml").read_text()
    assert starter.startswith("# yaml-language-server: $schema=factlint-registry.schema.json")
    jsonschema.validate(yaml.safe_load(starter), json.loads((tmp_path / "reg" / "factlint-registry.schema.json").read_text()))
    assert cli("check", "reg").returncode == 0
    assert cli("init", "reg").returncode == 2  # never overwrites
    stats = cli("stats", "reg", "--max-age", "5").stdout
    assert "6 claims" in stats and "risk-reduction" in stats and "us-osteoporosis-count (2014)" in stats
