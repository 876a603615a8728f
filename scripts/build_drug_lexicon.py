#!/usr/bin/env python3
"""Build factlint's offline drug-name lexicon and English word list (dev-time only).

Writes, relative to the repository root:

* ``factlint/data/drug_names.tsv``   -- ``name<TAB>generic``, one line per name
* ``factlint/data/english_words.txt`` -- common English words, one per line

Neither package below is a runtime dependency of factlint: they are needed only to
regenerate these files. This script installs nothing itself; set them up first, preferably
in a throw-away virtualenv, with::

    pip install drug-named-entity-recognition==2.0.9 wordfreq==3.1.1
    python scripts/build_drug_lexicon.py            # both files
    python scripts/build_drug_lexicon.py --check    # exit 1 if the shipped files are stale

Drug names come from ``drug-named-entity-recognition`` (MIT; dictionary built from DrugBank
open vocabulary (CC0), MeSH, MedlinePlus, NHS and Wikipedia). The script reads the package's
own exact-match dictionary ``drug_ner_dictionary.pkl.bz2`` directly -- it never imports the
package (1.5 s, ~366 MB, and a fuzzy matcher we do not want) and never calls its matcher.
Every variant (generic, brand, synonym) maps to exactly one canonical name; the canonical is
written as the generic (so ``claritin -> loratadine``, ``loratadine -> loratadine``, and a
synonym such as ``paracetamol -> acetaminophen``).

English words come from ``wordfreq`` (code Apache-2.0, data CC BY-SA 4.0): the 100,000 most
frequent purely alphabetic English words, minus every drug name in the lexicon. Both packages
are needed even with --no-english (wordfreq also screens the names added back below).

Rules for a drug name: lowercase (NFC), only letters, digits, hyphens and single spaces,
at least 4 letters. Multi-word names are kept only when their canonical entry has a drug
record (DrugBank, MedlinePlus, NHS or Wikipedia): the source also carries ~30k multi-word
MeSH entry terms with no such record -- proteins, enzymes, receptors, antigens, drug-class
phrases ("toll like receptor 8", "cholinesterase inhibitor") -- which are not drug names,
cannot matter to a single-word check, and would add ~60% to the file and its load time.
Single-word MeSH terms are all kept, so the lexicon stays a broad allow-list for FL201.

The source leaves some canonical names out of its own exact-match table (apparently its
common-word filter: "water", "gold", "rice", "honey", "lamb" are DrugBank entries -- elements,
foods, allergenic extracts -- but also, wrongly, "estradiol" and "progesterone"). Those names
are added back, except the very common English words among them (wordfreq Zipf frequency
>= 4.0, about the 7,000 commonest words), which stay English words only.

Output is sorted and deduplicated, so reruns are byte-identical for the same package versions.
"""

from __future__ import annotations

import argparse
import bz2
import importlib.metadata
import importlib.util
import pickle
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "factlint" / "data"
DRUG_TSV = DATA / "drug_names.tsv"
ENGLISH_TXT = DATA / "english_words.txt"

DRUG_PACKAGE = "drug_named_entity_recognition"
DRUG_DIST = "drug-named-entity-recognition"
DRUG_DATA_FILE = "drug_ner_dictionary.pkl.bz2"
ENGLISH_SIZE = 100_000
MIN_LETTERS = 4
COMMON_ZIPF = 4.0  # canonical-only names at least this frequent in English are not added back

# Letters (any script, no underscore) or digits in runs joined by a single hyphen or space.
_NAME_RE = re.compile(r"[^\W_]+(?:[ -][^\W_]+)*")
_ENGLISH_RE = re.compile(r"[a-z]+")
_PARENS_RE = re.compile(r"\s*\([^()]*\)")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("\u00ae", "").replace("\u2122", "")
    return " ".join(text.split())


def valid_name(name: str) -> bool:
    """A lexicon key: letters/digits/hyphens/spaces only, at least MIN_LETTERS letters."""
    return bool(_NAME_RE.fullmatch(name)) and sum(c.isalpha() for c in name) >= MIN_LETTERS


_DRUG_RECORD_KEYS = ("drugbank_id", "medline_plus_id", "nhs_url", "wikipedia_url")


def mesh_only(record: dict | None) -> bool:
    """True for a canonical entry that comes from MeSH alone (no drug database record)."""
    return bool(record) and "mesh_id" in record and not any(k in record for k in _DRUG_RECORD_KEYS)


def clean_generic(canonical: str) -> str:
    """The generic column: the source's canonical name, lowercase, without qualifiers such as
    '(thyroid cancer)' or a trailing comma; never a tab or newline."""
    text = _normalise(_PARENS_RE.sub("", canonical))
    text = text.strip(" ,;/")
    return text or _normalise(canonical)


def _drug_data_path() -> Path:
    # find_spec on a top-level package locates it without executing its __init__.
    spec = importlib.util.find_spec(DRUG_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{DRUG_DIST} is not installed: pip install {DRUG_DIST}")
    path = Path(list(spec.submodule_search_locations)[0]) / DRUG_DATA_FILE
    if not path.is_file():
        sys.exit(f"{path} not found: unexpected {DRUG_DIST} layout")
    return path


def load_source_dictionary() -> dict:
    with bz2.open(_drug_data_path(), "rb") as fh:
        # The package's own data file, loaded exactly as the package loads it.
        return pickle.load(fh)  # noqa: S301


def _too_common(name: str) -> bool:
    import wordfreq  # dev-time only

    return wordfreq.zipf_frequency(name, "en", wordlist="large") >= COMMON_ZIPF


def build_drug_names(source: dict) -> dict[str, str]:
    variant_to_canonical: dict[str, list[str]] = source["drug_variant_to_canonical"]
    canonical_to_data: dict[str, dict] = source["drug_canonical_to_data"]

    names: dict[str, str] = {}

    def add(raw_name: str, canonical: str, matched_by_source: bool = False) -> None:
        name = _normalise(raw_name)
        if not valid_name(name) or name in names:
            return
        if not matched_by_source and " " not in name and _too_common(name):
            return
        if " " in name and mesh_only(canonical_to_data.get(canonical)):
            return
        names[name] = clean_generic(canonical)

    # 1. every exact-match variant (generics, brands, synonyms) -> its canonical generic.
    #    Each variant has exactly one canonical in 2.0.9; take the first in sorted order anyway.
    for variant in sorted(variant_to_canonical):
        canonicals = sorted(variant_to_canonical[variant])
        if canonicals:
            add(variant, canonicals[0], matched_by_source=True)
    # 2. canonical names that are not themselves variants, and their qualifier-free form,
    #    unless they are very common English words (see the module docstring).
    for canonical in sorted(canonical_to_data):
        add(canonical, canonical)
        add(clean_generic(canonical), canonical)
    # 3. synonyms stored with the canonical record (NHS data) that are not variants.
    for canonical in sorted(canonical_to_data):
        for synonym in sorted(canonical_to_data[canonical].get("synonyms") or ()):
            add(synonym, canonical)
    return names


def build_english_words(drug_names: dict[str, str], size: int = ENGLISH_SIZE) -> list[str]:
    import wordfreq  # dev-time only

    words: list[str] = []
    for word in wordfreq.iter_wordlist("en", wordlist="large"):
        if _ENGLISH_RE.fullmatch(word):
            words.append(word)
            if len(words) == size:
                break
    return sorted(set(words) - drug_names.keys())


def render_drug_names(names: dict[str, str]) -> str:
    return "".join(f"{name}\t{names[name]}\n" for name in sorted(names))


def render_english(words: list[str]) -> str:
    return "".join(f"{w}\n" for w in words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped files, write nothing")
    parser.add_argument("--no-english", action="store_true", help="only build drug_names.tsv")
    args = parser.parse_args(argv)

    names = build_drug_names(load_source_dictionary())
    outputs = {DRUG_TSV: render_drug_names(names)}
    if not args.no_english:
        outputs[ENGLISH_TXT] = render_english(build_english_words(names))

    stale = False
    for path, text in outputs.items():
        if args.check:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != text:
                print(f"stale: {path.relative_to(ROOT)}")
                stale = True
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path.relative_to(ROOT)}: {text.count(chr(10))} lines, {len(text.encode())} bytes")

    versions = []
    for dist in (DRUG_DIST, "wordfreq"):
        try:
            versions.append(f"{dist} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            pass
    print("sources:", ", ".join(versions))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
