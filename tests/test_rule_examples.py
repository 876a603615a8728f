"""Every rule's own examples, run (as proselint and ruff do): the example it flags gives a finding of that
rule, the example it accepts gives none. The examples are what `factlint explain` and SARIF's help show,
so documentation that drifts from behaviour fails here. They are linted with the bundled registry."""
from __future__ import annotations

import pytest

from factlint.project import Project
from factlint.registry import bundled_registry_path
from factlint.rules import RULES
from factlint.settings import Options


@pytest.fixture(scope="module")
def project():
    return Project(Options(registry=(str(bundled_registry_path()),), cache=False))


def codes(project, text: str) -> list[str]:
    result = project.check_source("example.md", text + "\n")
    assert result.file_errors == []
    return [d.code for d in result.diagnostics]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_the_example_it_flags_is_flagged(project, rule):
    assert rule.code in codes(project, rule.flags)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_the_example_it_accepts_is_accepted(project, rule):
    assert rule.code not in codes(project, rule.accepts)
