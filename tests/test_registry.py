"""The registry loader and checker: values built from YAML, and every kind of problem with its line."""
from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest

import factlint
from factlint.errors import RegistryError
from factlint.registry import Problem, bundled_registry_path, check_registry, load_registry
from factlint.registry.model import Claim, Origin
from factlint.registry.load import read_registry

SHARED = Path(__file__).resolve().parents[1].parent / "shared"  # beside the checkout, when present
DEV_REGISTRY = SHARED / "eval" / "dev" / "claims.yaml"
DRAFT_REGISTRY = SHARED / "facts" / "alk-nsclc-registry-draft.yaml"

# A small valid registry that the tests below extend; every kind of entry is there to be referred to.
BASE = """\
sources:
  - id: src-a
    citation: "Doe J et al. A made-up paper. J Tests 2020;1:1-2"
    url: https://example.invalid/a
  - id: src-b
    citation: A second made-up source
entities:
  - id: thing
    name: the thing
    aliases: [THING, the-thing]
  - id: other
    name: another thing
metrics:
  - id: widget-rate
    name: widget rate
    cues: [widget rate, widgets]
drugs:
  - id: fooximab
    name: fooximab
    brands: [Foolix]
    class: FOO inhibitor
    indicated_for: [thing]
    not_for:
      - about: [other]
        statement: Fooximab is not for the other thing.
        source: src-b
    source: src-a
  - id: barnib
    name: barnib
    source: src-a
trials:
  - id: foo-1
    name: FOO-1
    aliases: [FOO 1]
    drug: fooximab
    comparator: barnib
    setting: first-line
    source: src-a
"""

CLAIM = """\
claims:
  - id: c-one
    statement: The thing is found in 3 to 5% of cases.
    about: [thing, other]
    metric: prevalence
    value: [3, 5]
    unit: percent
    source: src-a
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line of the file containing `needle`."""
    hits = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return hits[nth - 1]


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def only(problems: list[Problem], *words: str) -> Problem:
    """The one problem whose message contains all `words`."""
    found = [p for p in problems if all(w in p.message for w in words)]
    assert len(found) == 1, (words, [str(p) for p in problems])
    return found[0]


def registry_file(tmp_path: Path, more_claims: str = "", base: str = BASE, claims: str = CLAIM) -> Path:
    """BASE and CLAIM, with `more_claims` (items written at any indentation) added to the claims."""
    return write(tmp_path, "claims.yaml", base + claims + textwrap.indent(textwrap.dedent(more_claims), "  "))


# ---------------------------------------------------------------- loading valid registries


def test_small_registry_loads_every_field(tmp_path: Path) -> None:
    path = registry_file(tmp_path, """\
      - id: c-two
        statement: Widgets last about 7 months.
        about: thing
        metric: widget-rate
        value: 7
        unit: months
        tolerance: 0.5
        when: first-line
        unless: [children, pregnant women]
        drug: fooximab
        trial: foo-1
        source: src-b
        as_of: 2021
        superseded_by: c-one
    """)
    assert check_registry([path]) == []
    reg = load_registry([path])
    name = str(path)
    assert list(reg.sources) == ["src-a", "src-b"]
    assert reg.sources["src-a"].url == "https://example.invalid/a"
    assert reg.sources["src-b"].url is None
    assert reg.entities["thing"].aliases == ("THING", "the-thing")
    assert reg.entities["other"].aliases == ()
    assert reg.metrics["widget-rate"].cues == ("widget rate", "widgets")
    foo = reg.drugs["fooximab"]
    assert (foo.brands, foo.drug_class, foo.indicated_for, foo.source) == (
        ("Foolix",), "FOO inhibitor", ("thing",), "src-a")
    assert foo.not_for[0].about == ("other",) and foo.not_for[0].source == "src-b"
    assert foo.not_for[0].origin == Origin(name, line_of(path, "- about: [other]"))
    assert reg.drugs["barnib"].drug_class is None and reg.drugs["barnib"].brands == ()
    assert reg.trials["foo-1"].comparator == "barnib" and reg.trials["foo-1"].names == ("FOO-1", "FOO 1")

    one = reg.claims["c-one"]
    assert (one.low, one.high, one.unit, one.tolerance, one.when, one.as_of) == (
        3.0, 5.0, "percent", None, (), None)
    assert one.origin == Origin(name, line_of(path, "- id: c-one"))
    two = reg.claims["c-two"]
    assert isinstance(two, Claim)
    assert (two.about, two.low, two.high, two.tolerance) == (("thing",), 7.0, 7.0, 0.5)
    assert (two.when, two.unless) == (("first-line",), ("children", "pregnant women"))
    assert (two.drug, two.trial, two.source, two.as_of, two.superseded_by) == (
        "fooximab", "foo-1", "src-b", "2021", "c-one")
    assert two.origin == Origin(name, line_of(path, "- id: c-two"))
    assert reg.paths == (name,)
    assert len(reg.digest) == 64


def test_nulls_and_empty_lists_are_absent_optional_fields(tmp_path: Path) -> None:
    path = registry_file(tmp_path, """\
      - id: c-null
        statement: s
        about: [thing]
        metric: prevalence
        value: 1
        unit: percent
        tolerance: null
        when: []
        unless:
        drug: null
        trial: ~
        as_of: 2019-05-01
        superseded_by: null
        source: src-a
    """)
    claim = load_registry([path]).claims["c-null"]
    assert (claim.tolerance, claim.when, claim.unless, claim.drug, claim.trial, claim.superseded_by) == (
        None, (), (), None, None, None)
    assert claim.as_of == "2019-05-01"


def test_comparator_may_be_a_drug_id_or_free_text(tmp_path: Path) -> None:
    trial = """\
      - id: foo-2
        name: FOO-2
        drug: barnib
        comparator: chemotherapy (any platinum doublet)
        source: src-b
    """
    path = registry_file(tmp_path, base=BASE + textwrap.indent(textwrap.dedent(trial), "  "))
    assert check_registry([path]) == []
    assert load_registry([path]).trials["foo-2"].comparator == "chemotherapy (any platinum doublet)"


def test_registry_metric_may_refine_a_builtin(tmp_path: Path) -> None:
    path = write(tmp_path, "refine.yaml", "metrics:\n  - id: prevalence\n    cues: how common\n")
    metric = load_registry([path]).metrics["prevalence"]
    assert metric.name == "prevalence" and metric.cues == ("how common",)


def test_folder_is_read_recursively_in_relative_path_order(tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    write(folder, "b.yaml", "entities:\n  - id: e-b\n    name: B\n")
    write(folder, "a/z.yaml", "entities:\n  - id: e-az\n    name: AZ\n")
    write(folder, "a.yml", "entities:\n  - id: e-a\n    name: A\n")
    write(folder, "notes.txt", "entities: [not read]\n")
    reg = load_registry([folder])
    assert list(reg.entities) == ["e-a", "e-az", "e-b"]
    expected = ("a.yml", os.path.join("a", "z.yaml"), "b.yaml")
    assert reg.paths == tuple(os.path.join(str(folder), p) for p in expected)
    assert reg.entities["e-az"].origin == Origin(os.path.join(str(folder), "a", "z.yaml"), 2)
    # The same file named twice (here: itself and through its folder) is read once.
    assert list(load_registry([folder / "b.yaml", folder]).entities) == ["e-b", "e-a", "e-az"]


def test_files_merge_and_refer_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "reg"
    write(folder, "1-base.yaml", BASE)
    write(folder, "2-claims.yaml", CLAIM)
    reg = load_registry([str(folder)])
    assert set(reg.claims) == {"c-one"} and reg.claims["c-one"].source == "src-a"
    assert check_registry(folder) == []  # a single path is accepted too


def test_digest_follows_content(tmp_path: Path) -> None:
    path = registry_file(tmp_path)
    first = load_registry([path]).digest
    assert load_registry([path]).digest == first
    path.write_text(path.read_text() + "\n# a comment\n")
    assert load_registry([path]).digest != first


@pytest.mark.skipif(not DEV_REGISTRY.exists(), reason="../shared/eval is not beside the project")
def test_dev_registry_loads_cleanly_and_fast() -> None:
    assert check_registry([DEV_REGISTRY]) == []
    reg = load_registry([DEV_REGISTRY])
    sections = ("sources", "entities", "metrics", "drugs", "trials", "claims")
    counts = {name: len(getattr(reg, name)) for name in sections}
    assert counts == {"sources": 22, "entities": 9, "metrics": 4, "drugs": 13, "trials": 7, "claims": 21}
    assert reg.claims["alex-pfs-hr-2017"].superseded_by == "alex-pfs-hr"
    assert reg.drugs["lorlatinib"].brands == ("Lorbrena", "Lorviqua")
    start = time.perf_counter()
    load_registry([DEV_REGISTRY])
    assert time.perf_counter() - start < 0.2  # about 5 ms here; generous for slow CI machines


@pytest.mark.skipif(not DRAFT_REGISTRY.exists(), reason="../shared/facts is not beside the project")
def test_older_draft_registry_is_rejected() -> None:
    problems = check_registry([DRAFT_REGISTRY])
    problem = only(problems, "unknown top-level key 'schema_version'")
    assert problem.line == 6 and problem.severity == "error"
    assert only(problems, "unknown top-level key 'entries'").line == 8
    with pytest.raises(RegistryError) as info:
        load_registry([DRAFT_REGISTRY])
    assert "unknown top-level key 'schema_version'" in str(info.value)


def test_bundled_registry_path() -> None:
    package = Path(factlint.__file__).parent
    path = bundled_registry_path()
    assert path in (package / "_bundled_claims", package.parent / "claims")
    if not (package / "_bundled_claims").exists():
        assert path == package.parent / "claims"


# ---------------------------------------------------------------- problems and how they read


def test_problem_str_and_registry_error(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", "sourcez: []\nclaim: []\n")
    problems = check_registry([path])
    assert [str(p) for p in problems] == [
        f"{path}:1: error: unknown top-level key 'sourcez'; did you mean 'sources'?",
        f"{path}:2: error: unknown top-level key 'claim'; did you mean 'claims'?",
    ]
    assert str(Problem("x.yaml", None, "msg", "warning")) == "x.yaml: warning: msg"
    with pytest.raises(RegistryError) as info:
        load_registry([path])
    assert info.value.problems == [str(p) for p in problems]
    assert "1 more" in str(info.value)


def test_unknown_top_level_key_without_a_close_match_lists_the_sections(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", "version: 2\n")
    assert only(check_registry([path]), "unknown top-level key 'version'",
                "sources, entities, metrics, drugs, trials, claims").line == 1


def test_misspelt_field_gets_did_you_mean(tmp_path: Path) -> None:
    path = registry_file(tmp_path, """\
      - id: c-typo
        statment: Misspelt.
        about: [thing]
        metric: prevalence
        value: 2
        unit: percent
        source: src-a
    """)
    problems = check_registry([path])
    typo = only(problems, "unknown field 'statment'")
    assert typo.line == line_of(path, "statment:")
    assert "claim 'c-typo'" in typo.message and "did you mean 'statement'?" in typo.message
    missing = only(problems, "missing the required field 'statement'")
    assert missing.line == line_of(path, "- id: c-typo") and "claim 'c-typo'" in missing.message
    assert len(problems) == 2


def test_unknown_field_without_a_close_match_lists_the_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", "sources:\n  - id: s\n    citation: c\n    zzz: 1\n")
    problem = only(check_registry([path]), "unknown field 'zzz'")
    assert problem.line == 4 and "id, citation, url" in problem.message


def test_missing_required_fields_name_the_entry(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", """\
    sources:
      - id: s-no-citation
        url: https://example.invalid
    entities:
      - id: e-no-name
      - name: no id here
    drugs:
      - id: d-no-source
        name: d
    trials:
      - id: t-bare
        name: T
    claims:
      - id: c-bare
        statement: s
    """)
    problems = check_registry([path])
    assert only(problems, "source 's-no-citation'", "'citation'").line == 2
    assert only(problems, "entity 'e-no-name'", "'name'").line == 5
    assert only(problems, "this entity has no id").line == 6
    assert only(problems, "drug 'd-no-source' has no source").line == 8
    assert only(problems, "trial 't-bare' has no source").line == 11
    assert only(problems, "trial 't-bare'", "'drug'").line == 11
    for field in ("about", "metric", "value", "unit"):
        assert only(problems, "claim 'c-bare'", f"'{field}'").line == 14
    assert only(problems, "claim 'c-bare' has no source", "every entry must name its source").line == 14
    assert all(p.severity == "error" for p in problems) and len(problems) == 11


def test_scalar_types(tmp_path: Path) -> None:
    path = registry_file(tmp_path, """\
      - id: 2024
        statement: s
        about: [thing]
        metric: prevalence
        value: "3-5"
        unit: percent
        source: src-a
      - id: c-types
        statement: [not, text]
        about: [thing, 7]
        metric: prevalence
        value: [1, "2"]
        unit: percent
        tolerance: "0.5"
        when: [ok, {a: 1}]
        source: src-a
      - id: c-value-list
        statement: s
        about: [thing]
        metric: prevalence
        value: [1, 2, 3]
        unit: percent
        source: src-a
      - id: ""
        statement: s
    """)
    problems = check_registry([path])
    problem = only(problems, "id of this claim must be text", 'quote it: id: "2024"')
    assert problem.line == line_of(path, "- id: 2024")
    assert only(problems, "claim '2024'", "'value' must be a number or [low, high]", "'3-5'").line == line_of(
        path, 'value: "3-5"')
    assert only(problems, "'statement' must be text, not a list").line == line_of(path, "statement: [not")
    assert only(problems, "'about' must be an id", "7").line == line_of(path, "about: [thing, 7]")
    assert only(problems, "'value' must be a number", "'2'").line == line_of(path, 'value: [1, "2"]')
    assert only(problems, "'tolerance' must be a number", "'0.5'").line == line_of(path, "tolerance:")
    assert only(problems, "each item of 'when' must be text, not a mapping").line == line_of(path, "when:")
    assert only(problems, "c-value-list", "a list of 3 items").line == line_of(path, "value: [1, 2, 3]")
    assert only(problems, "id of this claim is empty").line == line_of(path, 'id: ""')


def test_single_strings_stand_for_lists(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", """\
    sources: [{id: s, citation: c}]
    entities:
      - {id: e, name: E, aliases: E-alias}
    drugs:
      - {id: d, name: D, brands: Dbrand, indicated_for: e, source: s,
         not_for: [{about: e, statement: x, source: s}]}
    claims:
      - {id: c, statement: x, about: e, metric: prevalence, value: 1.5, unit: percent, when: w, unless: u,
         source: s}
    """)
    reg = load_registry([path])
    assert reg.entities["e"].aliases == ("E-alias",)
    assert (reg.drugs["d"].brands, reg.drugs["d"].indicated_for, reg.drugs["d"].not_for[0].about) == (
        ("Dbrand",), ("e",), ("e",))
    claim = reg.claims["c"]
    assert (claim.about, claim.when, claim.unless, claim.low, claim.high) == (
        ("e",), ("w",), ("u",), 1.5, 1.5)
    assert claim.origin == Origin(str(path), 8)


def test_value_low_above_high(tmp_path: Path) -> None:
    path = registry_file(tmp_path, claims=CLAIM.replace("value: [3, 5]", "value: [5, 3]"))
    problem = only(check_registry([path]), "[5, 3]", "low end above its high end")
    assert problem.line == line_of(path, "value: [5, 3]") and "claim 'c-one'" in problem.message


def test_negative_tolerance(tmp_path: Path) -> None:
    path = registry_file(tmp_path, claims=CLAIM + "    tolerance: -0.5\n")
    problem = only(check_registry([path]), "tolerance must not be negative")
    assert problem.line == line_of(path, "tolerance: -0.5") and "claim 'c-one'" in problem.message


def test_bad_unit_lists_the_units(tmp_path: Path) -> None:
    path = registry_file(tmp_path, claims=CLAIM.replace("unit: percent", "unit: percents"))
    problem = only(check_registry([path]), "unit 'percents' is not a known unit")
    assert problem.line == line_of(path, "unit: percents")
    assert "did you mean 'percent'?" in problem.message and "mg/dL, g/dL, mg/mL, mmol/L, mg/g" in problem.message and problem.message.endswith("units)")


def test_duplicate_ids_across_two_files_of_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    first = write(folder, "a.yaml", BASE)
    second = write(folder, "b.yaml", "entities:\n  - {id: extra, name: x}\n  - {id: x2, name: y}\n"
                                     "  - id: fooximab\n    name: dup\n")
    problems = check_registry([folder])
    problem = only(problems, "duplicate id 'fooximab'")
    assert (problem.path, problem.line) == (str(second), 4)
    assert f"the drug at {first}:{line_of(first, '- id: fooximab')}" in problem.message
    assert len(problems) == 1
    with pytest.raises(RegistryError):
        load_registry([folder])


SHARED_A = """\
sources:
  - {id: label-a, citation: A label, url: "https://example.org/a"}
entities:
  - {id: lung, name: lung cancer, aliases: [NSCLC]}
  - {id: breast, name: breast cancer}
drugs:
  - id: fooximab
    name: fooximab
    brands: [Fooxa]
    class: PD-1 inhibitor
    indicated_for: [lung]
    source: label-a
    reviewed: 2026-01-02
"""


def test_an_entry_written_in_two_files_is_one_entry(tmp_path: Path) -> None:
    """Bundled fields each write the drugs they share; loaded together, the lists are joined."""
    folder = tmp_path / "claims"
    write(folder, "a/drugs.yaml", SHARED_A)
    write(folder, "b/drugs.yaml", SHARED_A.replace("[Fooxa]", "[Fooxa Qlex, fooxa]")
          .replace("[NSCLC]", "[non-small cell lung cancer]").replace("[lung]", "[breast]")
          .replace("2026-01-02", "2025-03-04"))
    registry, problems = read_registry([folder])
    assert problems == []
    drug = registry.drugs["fooximab"]
    assert drug.brands == ("Fooxa", "Fooxa Qlex")  # "fooxa" is the same brand
    assert drug.indicated_for == ("lung", "breast")
    assert drug.reviewed == "2025-03-04"  # the older review date: part of it was checked then
    assert registry.entities["lung"].aliases == ("NSCLC", "non-small cell lung cancer")
    assert drug.origin.path.endswith("a/drugs.yaml")


@pytest.mark.parametrize("change, disagreement", [
    (("class: PD-1 inhibitor", "class: PD-L1 inhibitor"), "class ('PD-1 inhibitor' and 'PD-L1 inhibitor')"),
    (("name: fooximab", "name: barximab"), "name ('fooximab' and 'barximab')"),
    (("example.org/a", "example.org/b"), "url ('https://example.org/a' and 'https://example.org/b')"),
])
def test_two_files_that_disagree_on_a_shared_entry(tmp_path: Path, change, disagreement) -> None:
    folder = tmp_path / "claims"
    write(folder, "a.yaml", SHARED_A)
    second = write(folder, "b.yaml", SHARED_A.replace(*change))
    problem = only(check_registry([folder]), disagreement)
    assert problem.path == str(second) and problem.severity == "error"
    assert f"also written at {folder / 'a.yaml'}:" in problem.message


def test_one_file_may_not_write_an_entry_twice(tmp_path: Path) -> None:
    path = write(tmp_path, "claims.yaml", SHARED_A.replace("  - {id: breast, name: breast cancer}",
                                                           "  - {id: lung, name: lung cancer}"))
    assert only(check_registry([path]), "duplicate id 'lung'").line == 5


def test_duplicate_ids_across_sections_of_one_file(tmp_path: Path) -> None:
    path = registry_file(tmp_path, claims=CLAIM.replace("id: c-one", "id: thing"))
    problem = only(check_registry([path]), "duplicate id 'thing'")
    assert problem.line == line_of(path, "- id: thing", 2)
    assert f"entity at {path}:{line_of(path, '- id: thing')}" in problem.message


def test_duplicate_keys(tmp_path: Path) -> None:
    path = registry_file(tmp_path, claims=CLAIM + "    unit: months\n")
    problem = only(check_registry([path]), "duplicate key 'unit'")
    assert problem.line == line_of(path, "unit: months")
    assert f"first at line {line_of(path, 'unit: percent')}" in problem.message


@pytest.mark.parametrize("field, text, kind", [
    ("about", "about: [thing, missing-entity]", "an entity"),
    ("drug", "drug: missing-drug", "a drug"),
    ("trial", "trial: missing-trial", "a trial"),
    ("source", "source: missing-source", "a source"),
    ("superseded_by", "superseded_by: missing-claim", "a claim"),
])
def test_dangling_claim_references(tmp_path: Path, field: str, text: str, kind: str) -> None:
    claims = CLAIM.replace("    about: [thing, other]\n", "") if field == "about" else CLAIM
    claims = claims.replace("    source: src-a\n", "") if field == "source" else claims
    path = registry_file(tmp_path, claims=claims + f"    {text}\n")
    problems = check_registry([path])
    missing = text.split()[-1].strip("]")
    problem = only(problems, f"'{field}' names '{missing}'", f"not {kind} in the registry")
    assert problem.line == line_of(path, text) and "claim 'c-one'" in problem.message
    assert len(problems) == 1


def test_dangling_drug_and_trial_references(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", """\
    sources:
      - {id: src-a, citation: A}
      - {id: src-b, citation: B}
    entities:
      - {id: thing, name: the thing}
    drugs:
      - id: bazumab
        name: bazumab
        indicated_for: [thing, nowhere]
        not_for:
          - about: [elsewhere]
            statement: no
            source: src-z
        source: src-y
    trials:
      - id: foo-2
        name: FOO-2
        drug: quuxinib
        source: src-c
    """)
    problems = check_registry([path])
    expected = [
        ("quuxinib", "trial 'foo-2': 'drug' names 'quuxinib', which is not a drug"),
        ("src-c", "trial 'foo-2': 'source' names 'src-c', which is not a source in the registry; did you"),
        ("nowhere", "drug 'bazumab': 'indicated_for' names 'nowhere', which is not an entity"),
        ("elsewhere", "the not_for entry of drug 'bazumab': 'about' names 'elsewhere', which is not an"),
        ("src-z", "the not_for entry of drug 'bazumab': 'source' names 'src-z', which is not a source"),
        ("src-y", "drug 'bazumab': 'source' names 'src-y', which is not a source"),
    ]
    for needle, message in expected:
        assert only(problems, message).line == line_of(path, needle)
    assert len(problems) == 6


def test_reference_to_an_entry_of_another_kind(tmp_path: Path) -> None:
    path = registry_file(tmp_path, claims=CLAIM + "    drug: foo-1\n")
    problem = only(check_registry([path]), "'drug' names 'foo-1'")
    assert "not a drug in the registry; it is a trial" in problem.message


def test_superseded_by_itself_and_cycles(tmp_path: Path) -> None:
    def claim(cid: str, by: str) -> str:
        return (f"  - {{id: {cid}, statement: s, about: [thing], metric: prevalence, value: 1, "
                f"unit: percent, source: src-a, superseded_by: {by}}}\n")

    path = registry_file(tmp_path, claims="claims:\n" + claim("c-d", "c-b") + claim("c-self", "c-self")
                         + claim("c-a", "c-b") + claim("c-b", "c-c") + claim("c-c", "c-a"))
    problems = check_registry([path])
    assert only(problems, "claim 'c-self' is superseded by itself").line == line_of(path, "id: c-self")
    cycle = only(problems, "superseded_by forms a cycle")
    assert "c-a -> c-b -> c-c -> c-a" in cycle.message and cycle.line == line_of(path, "id: c-a")
    assert len(problems) == 2


def test_unknown_metric_is_a_warning_and_the_claim_loads(tmp_path: Path) -> None:
    path = registry_file(tmp_path, claims=CLAIM.replace("metric: prevalence", "metric: time-to-widget"))
    problems = check_registry([path])
    problem = only(problems, "metric 'time-to-widget' is neither built-in nor defined")
    assert problem.severity == "warning" and problem.line == line_of(path, "metric: time-to-widget")
    assert "'time to widget'" in problem.message and len(problems) == 1
    assert load_registry([path]).claims["c-one"].metric == "time-to-widget"


def test_metric_defined_in_another_file_is_known(tmp_path: Path) -> None:
    folder = tmp_path / "reg"
    write(folder, "a.yaml", BASE + CLAIM.replace("metric: prevalence", "metric: late-metric"))
    write(folder, "b.yaml", "metrics:\n  - id: late-metric\n")
    assert check_registry([folder]) == []
    assert load_registry([folder]).metrics["late-metric"].name == "late metric"


def test_structure_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", """\
    sources: {id: s}
    entities:
      - just text
      - [a, list]
    claims: 3
    """)
    problems = check_registry([path])
    assert only(problems, "'sources' must be a list of entries").line == 1
    assert only(problems, "each entry of 'entities' must be a mapping", "'just text'").line == 3
    assert only(problems, "each entry of 'entities' must be a mapping", "a list").line == 4
    assert only(problems, "'claims' must be a list of entries").line == 5
    top = write(tmp_path, "list.yaml", "- id: x\n")
    assert only(check_registry([top]), "must be a mapping of sections", "not a list").line == 1


# ---------------------------------------------------------------- YAML safety and robustness


def test_python_tags_are_rejected_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    evil = f"statement: !!python/object/apply:os.system ['touch {marker}']\n    x: The thing"
    path = registry_file(tmp_path, claims=CLAIM.replace("statement: The thing", evil))
    problems = check_registry([path])
    problem = only(problems, "tag !!python/object/apply:os.system is not allowed")
    assert problem.line == line_of(path, "!!python/object/apply")
    with pytest.raises(RegistryError):
        load_registry([path])
    assert not marker.exists()
    other = write(tmp_path, "tags.yaml", "sources: !!set {a, b}\nentities: !custom []\n")
    problems = check_registry([other])
    assert only(problems, "tag !!set").line == 1 and only(problems, "tag !custom").line == 2


def test_alias_bomb_fails_fast_with_an_alias_error(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    lines.append("claims: *i")
    path = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    start = time.perf_counter()
    problems = check_registry([path])
    assert time.perf_counter() - start < 0.5
    problem = only(problems, "YAML aliases (*a) are not allowed")
    assert problem.line == 2 and "72 more" in problem.message  # 8 x 9 aliases in the lists, 1 for claims
    with pytest.raises(RegistryError):
        load_registry([path])


def test_alias_of_a_field_is_rejected_at_the_alias_line(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", """\
    entities:
      - id: e1
        name: one
        aliases: &names [x, y]
      - id: e2
        name: two
        aliases: *names
    """)
    problems = check_registry([path])
    assert [(p.line, p.severity) for p in problems] == [(7, "error")]
    assert "aliases (*names) are not allowed" in problems[0].message


def test_self_referencing_alias_does_not_hang(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", "sources: &a\n  - *a\n")
    assert only(check_registry([path]), "(*a)").line == 2


@pytest.mark.parametrize("depth", [100_000, 100])
def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path, depth: int) -> None:
    """Past the composer's own limit, and under it (counted on the tree when no alias could be read first)."""
    path = write(tmp_path, "deep.yaml", "claims: " + "[" * depth + "]" * depth + "\n")
    assert only(check_registry([path]), "nested more than").line == 1
    anchored = write(tmp_path, "anchored.yaml", "claims: &x " + "[" * depth + "]" * depth + "\n")
    assert only(check_registry([anchored]), "nested more than").line == 1


def test_malformed_yaml_is_one_problem_with_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", "sources:\n  - id: s\n    citation: [unclosed\nentities: []\n")
    problems = check_registry([path])
    assert len(problems) == 1
    assert problems[0].line == 4 and "malformed YAML at column 9" in problems[0].message
    multi = write(tmp_path, "multi.yaml", "sources: []\n---\nclaims: []\n")
    assert only(check_registry([multi]), "malformed YAML", "single document").line == 2
    control = tmp_path / "control.yaml"
    control.write_bytes(b"sources: []\nclaims: \x07\n")
    assert only(check_registry([control]), "malformed YAML at column 9").line == 2


def test_non_utf8_binary_and_too_large_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("sources: []\n# caf\u00e9\n".encode("latin-1"))
    assert only(check_registry([latin]), "not UTF-8").line == 2
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert only(check_registry([binary]), "binary file").line is None
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(10 * 1024 * 1024 + 1)  # sparse: only its size is looked at
    assert only(check_registry([big]), "too large", "10 MB").path == str(big)
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfentities:\n  - {id: e, name: E}\n")
    assert list(load_registry([bom]).entities) == ["e"]


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    """An empty, comments-only or `~` file would let `check` run against nothing: an error (issue 12)."""
    empty = write(tmp_path, "empty.yaml", "")
    comments = write(tmp_path, "comments.yaml", "# nothing yet\n")
    tilde = write(tmp_path, "tilde.yaml", "~\n")
    problems = check_registry([empty, comments, tilde])
    message = "the registry file is empty (no sources, entities, drugs, trials or claims)"
    assert [(p.path, p.line, p.severity, p.message) for p in problems] == [
        (str(empty), 1, "error", message), (str(comments), 1, "error", message), (str(tilde), 1, "error", message)]
    with pytest.raises(RegistryError):
        load_registry([empty])


@pytest.mark.parametrize("written", ["0x1F", "1:30", "017", "1_000"])
def test_yaml_11_numbers_are_refused(tmp_path: Path, written: str) -> None:
    path = write(tmp_path, "r.yaml", "sources:\n  - {id: s, citation: x}\nentities:\n  - {id: e, name: e}\n"
                 f"claims:\n  - {{id: c, statement: s, about: [e], metric: prevalence, value: {written}, "
                 "unit: percent, source: s}\n")
    (p,) = check_registry([path])
    assert p.line == 6 and "write it in decimal" in p.message


def test_missing_paths_and_empty_folders(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert only(check_registry([missing]), "no such file or folder").path == str(missing)
    (tmp_path / "empty").mkdir()
    assert only(check_registry([tmp_path / "empty"]), "holds no registry files").line is None


def test_problems_are_sorted_by_file_then_line(tmp_path: Path) -> None:
    folder = tmp_path / "reg"
    write(folder, "a.yaml", BASE + CLAIM.replace("source: src-a", "source: src-q"))
    write(folder, "b.yaml", "bogus: 1\nsources:\n  - {id: s9}\n")
    problems = check_registry([folder])
    assert [(Path(p.path).name, p.line) for p in problems] == sorted(
        (Path(p.path).name, p.line or 0) for p in problems)
    assert len(problems) == 3


def test_never_a_traceback_on_mangled_input(tmp_path: Path) -> None:
    import random

    rnd = random.Random(1234)
    text = (BASE + CLAIM).encode()
    snippets = [b"&a ", b"*a", b"!!python/name:os.system ", b"[", b"]", b"{", b"}", b": ", b"- ", b"\t", b'"',
                b"'", b"\xff", b"? ", b"|", b"#", b"---\n", b"~", b"1e999", b"0x1F", b".nan", b"<<: ", b"\r"]
    path = tmp_path / "fuzz.yaml"
    for _ in range(300):
        data = bytearray(text)
        for _ in range(rnd.randint(1, 5)):
            at = rnd.randrange(len(data))
            data[at:at + rnd.randint(0, 4)] = rnd.choice(snippets)
        path.write_bytes(bytes(data))
        for problem in check_registry([path]):
            assert problem.severity in ("error", "warning") and problem.message


# ---------------------------------------------------------------- review dates and checks across entries

def test_reviewed_is_a_past_date_written_yyyy_mm_dd(tmp_path: Path) -> None:
    path = registry_file(tmp_path, """\
        - id: c-two
          statement: Another figure.
          about: [other]
          metric: prevalence
          value: 7
          unit: percent
          source: src-b
          reviewed: 2026-03-01
        - id: c-three
          statement: A third figure.
          about: [other]
          metric: median-os
          value: 7
          unit: months
          source: src-b
          reviewed: 01/03/2026
        - id: c-four
          statement: A fourth figure.
          about: [other]
          metric: orr
          value: 7
          unit: percent
          source: src-b
          reviewed: 2999-01-01
    """)
    problems = check_registry(path)
    bad = only(problems, "c-three", "YYYY-MM-DD", "01/03/2026")
    assert bad.line == line_of(path, "reviewed: 01/03/2026") and bad.severity == "error"
    future = only(problems, "c-four", "future")
    assert future.line == line_of(path, "reviewed: 2999-01-01")
    assert len(errors(problems)) == 2
    path.write_text(path.read_text(encoding="utf-8").replace("01/03/2026", "2025-02-30"), encoding="utf-8")
    assert only(check_registry(path), "2025-02-30").severity == "error"  # no such day
    fixed = path.read_text(encoding="utf-8").replace("2025-02-30", "2024-02-29").replace("2999-01-01", "2020-01-01")
    path.write_text(fixed, encoding="utf-8")
    reg = load_registry(path)
    assert reg.claims["c-two"].reviewed == "2026-03-01" and reg.claims["c-one"].reviewed is None


# A claim with the metric, entities and conditions of CLAIM's c-one but another value.
OVERLAPPING = """\
        - id: c-same
          statement: The thing is found in 8% of cases.
          about: [thing, other]
          metric: prevalence
          value: 8
          unit: percent
          source: src-b
"""


def test_overlapping_current_claims_are_a_warning_at_the_later_one(tmp_path: Path) -> None:
    path = registry_file(tmp_path, OVERLAPPING + """\
        - id: c-other-condition
          statement: In the elderly, the thing is found in 9% of cases.
          about: [thing, other]
          metric: prevalence
          value: 9
          unit: percent
          when: [elderly]
          source: src-b
        - id: c-old
          statement: An old figure.
          about: [thing, other]
          metric: prevalence
          value: 2
          unit: percent
          source: src-b
          superseded_by: c-one
    """)
    problems = check_registry(path)
    assert not errors(problems)
    warning = only(problems, "c-same", "c-one")
    assert warning.severity == "warning" and warning.line == line_of(path, "id: c-same")
    assert f"{path}:{line_of(path, 'id: c-one')}" in warning.message
    assert not [p for p in problems if "c-other-condition" in p.message or "c-old" in p.message]
    # The same value in another unit of the kind is no overlap.
    assert not [p for p in check_registry(registry_file(tmp_path, """\
        - id: c-months
          statement: Median survival 12 months.
          about: [thing]
          metric: median-os
          value: 12
          unit: months
          source: src-b
        - id: c-year
          statement: Median survival one year.
          about: [thing]
          metric: median-os
          value: 1
          unit: years
          source: src-b
    """)) if "overlap" in p.message or "another value" in p.message]


def test_max_age_warns_about_entries_due_for_review(tmp_path: Path) -> None:
    import datetime

    path = registry_file(tmp_path, """\
        - id: c-fresh
          statement: Fresh.
          about: [other]
          metric: orr
          value: 5
          unit: percent
          source: src-b
          reviewed: 2026-06-01
        - id: c-stale
          statement: Stale.
          about: [other]
          metric: median-os
          value: 5
          unit: months
          source: src-b
          reviewed: 2021-06-01
    """)
    today = datetime.date(2026, 12, 5)
    assert not [p for p in check_registry(path) if "review" in p.message]  # only with max_age
    problems = check_registry(path, max_age=2, today=today)
    stale = only(problems, "c-stale", "2021-06-01")
    assert stale.severity == "warning" and stale.line == line_of(path, "id: c-stale") and "5.5 years" in stale.message
    assert only(problems, "claim 'c-one'", "no review date").severity == "warning"
    assert only(problems, "drug 'fooximab'", "no review date")
    assert only(problems, "trial 'foo-1'", "no review date")
    assert not [p for p in problems if "c-fresh" in p.message]


def test_registry_check_command_prints_warnings_and_exits_0(tmp_path: Path, capsys) -> None:
    from factlint.cli import main

    path = registry_file(tmp_path, OVERLAPPING)
    assert main(["registry", "check", str(path), "--max-age", "1"]) == 0
    out = capsys.readouterr().out
    assert f"{path}:{line_of(path, 'id: c-same')}: warning: claim 'c-same'" in out
    assert "no review date" in out and "ok: 2 claims" in out


def test_a_phrase_split_at_its_comma_is_an_error(tmp_path: Path) -> None:
    """`unless: [per 100,000, adults]` is read by YAML as "per 100", 000 and "adults": the claim would never be
    ruled out by "per 100,000". An error at the line that says how to write it; quoted, it loads."""
    path = registry_file(tmp_path, """
        - id: c-two
          statement: The thing is found in 7% of adults.
          about: [thing]
          metric: prevalence
          value: 7
          unit: percent
          unless: [children, per 100,000, women]
          source: src-a
        """)
    _, problems = read_registry([path])
    p = only(errors(problems), "split at its comma")
    assert p.line == line_of(path, "per 100,000") and '"per 100,000"' in p.message
    path.write_text(path.read_text(encoding="utf-8").replace("per 100,000,", '"per 100,000",'), encoding="utf-8")
    registry, problems = read_registry([path])
    assert not errors(problems) and "per 100,000" in registry.claims["c-two"].unless
    # A number of its own in a list is no split phrase.
    path.write_text(path.read_text(encoding="utf-8").replace('"per 100,000", women', "2030, women"), encoding="utf-8")
    assert not errors(read_registry([path])[1])
