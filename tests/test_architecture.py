"""The shape of the code: no import cycle inside factlint/, the facts layer and the rules import no spaCy,
and every rule module holds one complete Rule named after its file."""
from __future__ import annotations

import ast
import importlib
import pathlib
import subprocess
import sys

import pytest

from factlint.rules import BY_CODE, RULES, _MODULES

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "factlint"


def _modules() -> dict[str, pathlib.Path]:
    out = {}
    for p in PACKAGE.rglob("*.py"):
        parts = p.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


def _imports(name: str, path: pathlib.Path, known: set[str]) -> set[str]:
    """factlint modules that `name` imports at run time (anywhere in the file, functions included; not
    under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [target, *(f"{target}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        found.update(c for c in candidates if c in known and c != name)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_in_factlint():
    mods = _modules()
    graph = {name: _imports(name, path, set(mods)) for name, path in mods.items()}
    assert _cycles(graph) == []


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", ["factlint.rules", "factlint.facts", "factlint.verdicts", "factlint.knowledge",
                                    "factlint.cli", "factlint.settings"])
def test_importing_does_not_import_spacy(module):
    code = f"import sys, {module}; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_command_line_starts_without_yaml_or_the_lexicon():
    # `factlint rules`, `explain` and `--help` need the rule table only: no registry, lexicon or YAML parser
    code = "import sys, factlint.cli; print(sorted({'yaml', 'factlint.lexicon', 'factlint.registry.load', 'factlint.registry.model'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("module", _MODULES, ids=lambda m: m.__name__.rpartition(".")[2])
def test_rule_module_is_named_after_its_rule(module):
    rule = module.RULE
    stem = module.__name__.rpartition(".")[2]
    assert stem == f"{rule.code.lower()}_{rule.name.replace('-', '_')}"
    for text in (rule.summary, rule.why, rule.flags, rule.accepts, rule.fix, rule.verdict):
        assert text.strip()
    assert (rule.check is None) == rule.code.startswith("FL9")  # FL9xx come from the suppression comments


def test_codes_and_names_are_unique_and_every_module_is_listed():
    assert len(BY_CODE) == len(RULES) and len({r.name for r in RULES}) == len(RULES)
    files = {p.stem for p in (PACKAGE / "rules").glob("fl[0-9]*.py")}
    assert files == {m.__name__.rpartition(".")[2] for m in _MODULES}
    for m in _MODULES:
        assert importlib.import_module(m.__name__).RULE in RULES
