"""One policy: Selection and Settings (factlint.settings) and registry discovery (factlint.discovery)."""
from __future__ import annotations

import pytest

from factlint.config import Config
from factlint.discovery import registry_for
from factlint.errors import UsageError
from factlint.findings import Severity
from factlint.settings import Options, Selection, settings_for


def test_selection_by_code_prefix_name_and_all():
    assert Selection(("FL1",)).enabled("FL102") and not Selection(("FL1",)).enabled("FL201")
    assert not Selection((), ("vague-attribution",)).enabled("FL302")
    assert Selection(("ALL",), ("FL3",)).enabled("FL101") and not Selection(("ALL",), ("FL3",)).enabled("FL301")
    assert Selection().enabled("FL902")


def test_command_line_over_configuration_and_per_file_ignores(tmp_path):
    config = Config(path=str(tmp_path / ".factlint.yaml"), root=str(tmp_path), select=("FL1",),
                    per_file_ignores=(("archive/**", ("FL102",)),), severity={"FL103": "error"})
    archived = str(tmp_path / "archive" / "old.md")
    s = settings_for(Options(), config, archived, ("claims",))
    assert s.enabled("FL101") and not s.enabled("FL102") and not s.enabled("FL201")
    assert s.severity_of("FL103", Severity.WARNING) is Severity.ERROR
    assert s.severity_of("FL101", Severity.ERROR) is Severity.ERROR
    s = settings_for(Options(select=("FL2",)), config, str(tmp_path / "new.md"), ("claims",))
    assert s.enabled("FL201") and not s.enabled("FL101")  # --select replaces the configuration's


def test_registry_discovery(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="registry not found: nowhere.yaml"):
        registry_for(("nowhere.yaml",), Config())
    (tmp_path / "repo" / "claims").mkdir(parents=True)
    (tmp_path / "repo" / "claims" / "r.yaml").write_text("claims: []\n")
    beside = Config(path=str(tmp_path / "repo" / "pyproject.toml"), root=str(tmp_path / "repo"))
    assert registry_for((), beside) == (str(tmp_path / "repo" / "claims"),)
    assert registry_for((), Config(registry=("x.yaml",))) == ("x.yaml",)
    assert registry_for((), Config())[0].endswith("claims")  # the bundled registry
