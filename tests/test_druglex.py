"""The shipped drug-name lexicon and English word list (factlint/data, factlint/druglex.py)."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from factlint import druglex

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "factlint" / "data"
NAME_RE = re.compile(r"[^\W_]+(?:[ -][^\W_]+)*")


@pytest.fixture(scope="module")
def names():
    return druglex.drug_names()


@pytest.fixture(scope="module")
def english():
    return druglex.english_words()


def _build_script():
    spec = importlib.util.spec_from_file_location("build_drug_lexicon", ROOT / "scripts" / "build_drug_lexicon.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # stdlib imports only; the source packages are imported lazily
    return module


def test_lists_load_and_are_cached(names, english):
    assert len(names) > 40_000
    assert 50_000 < len(english) <= 100_000
    assert druglex.drug_names() is names
    assert druglex.english_words() is english
    assert isinstance(english, frozenset)


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("loratadine", "loratadine"),
        ("claritin", "loratadine"),
        ("lorlatinib", "lorlatinib"),
        ("lorbrena", "lorlatinib"),
        ("crizotinib", "crizotinib"),
        ("xalkori", "crizotinib"),
        ("metformin", "metformin"),
        ("glucophage", "metformin"),
        ("atorvastatin", "atorvastatin"),
        ("lipitor", "atorvastatin"),
        ("pembrolizumab", "pembrolizumab"),
        ("keytruda", "pembrolizumab"),
        ("osimertinib", "osimertinib"),
        ("tagrisso", "osimertinib"),
        ("semaglutide", "semaglutide"),
        ("ozempic", "semaglutide"),
        ("tylenol", "acetaminophen"),
        ("paracetamol", "acetaminophen"),
        # canonical names the source's own matcher leaves out are added back
        ("estradiol", "estradiol"),
        ("progesterone", "progesterone"),
    ],
)
def test_generics_and_brands(names, name, generic):
    assert names[name] == generic
    assert druglex.is_known_drug(name)


def test_is_known_drug_normalises_case_and_spaces():
    assert druglex.is_known_drug("Claritin")
    assert druglex.is_known_drug("  KEYTRUDA ")
    assert druglex.is_known_drug("insulin  glargine")
    assert not druglex.is_known_drug("")


@pytest.mark.parametrize("word", ["loratinib", "crizotinab", "lorlatinab", "pembrolizamab", "metfromin", "keytrudda"])
def test_misspellings_are_not_drugs(names, english, word):
    assert word not in names
    assert not druglex.is_known_drug(word)
    assert word not in english


@pytest.mark.parametrize("word", ["the", "patient", "patients", "cancer", "survival", "placebo", "dose", "trial",
                                  "therapy", "tumor", "median", "water", "gold"])
def test_ordinary_words_are_not_drugs(english, word):
    assert not druglex.is_known_drug(word)
    assert word in english


@pytest.mark.parametrize("word", ["loratadine", "lorlatinib", "claritin", "aspirin", "insulin", "metformin", "tylenol"])
def test_english_list_has_no_drug_names(english, word):
    assert word not in english


def test_english_and_drug_lists_are_disjoint(names, english):
    assert not english & names.keys()


def test_drug_file_format():
    text = (DATA / "drug_names.tsv").read_text(encoding="utf-8")
    assert text.endswith("\n") and "\r" not in text
    lines = text.splitlines()
    keys = [line.split("\t", 1)[0] for line in lines]
    assert keys == sorted(set(keys)), "sorted and deduplicated"
    for line in lines:
        name, generic = line.split("\t")
        assert NAME_RE.fullmatch(name), line
        assert sum(c.isalpha() for c in name) >= 4, line
        assert name == name.lower() and generic == generic.lower() and generic.strip() == generic, line
        assert generic, line
    assert len(text.encode()) < 4_000_000


def test_english_file_format():
    words = (DATA / "english_words.txt").read_text(encoding="utf-8").splitlines()
    assert words == sorted(set(words))
    assert all(re.fullmatch(r"[a-z]+", w) for w in words)


def test_build_rules():
    build = _build_script()
    assert build.valid_name("loratadine")
    assert build.valid_name("insulin glargine")
    assert build.valid_name("fam-trastuzumab deruxtecan-nxki")
    assert not build.valid_name("5-fu")  # fewer than 4 letters
    assert not build.valid_name("abacavir, lamivudine")
    assert not build.valid_name("4'-hydroxyacetanilide")
    assert not build.valid_name("double  space")
    assert build.clean_generic("Cabozantinib (Thyroid Cancer)") == "cabozantinib"
    assert build.clean_generic("Epoetin Alfa,") == "epoetin alfa"
    assert build.clean_generic("Scemblix\u00ae") == "scemblix"


def test_module_import_is_cheap():
    code = "import sys, factlint.druglex; print(sorted(m for m in ('importlib.resources', 'spacy', 'drug_named_entity_recognition', 'wordfreq') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"
