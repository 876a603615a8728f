"""The JSON Schema of registry format 1 (`factlint registry schema`), for editors' YAML language servers.

Built from the loader's own field lists (registry/load.py `_FIELDS`), so the keys cannot drift; the loader
stays the authority on what the schema cannot say (references between entries, units, low <= high). A
registry file can name it on its first line, which the YAML language server reads:

    # yaml-language-server: $schema=factlint-registry.schema.json
"""
from __future__ import annotations

ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "kebab-case, unique in the registry"}
TEXT = {"type": "string"}
TEXTS = {"type": "array", "items": {"type": "string"}}
REF = {"type": "string", "description": "the id of another entry"}
REFS = {"type": "array", "items": {"type": "string"}}
NUMBER = {"type": "number"}
DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "description": "YYYY-MM-DD: when a person last checked the entry against its source"}

_PROPERTIES = {
    "sources": {"id": ID, "citation": TEXT, "url": TEXT},
    "entities": {"id": ID, "name": TEXT, "aliases": TEXTS},
    "metrics": {"id": ID, "name": TEXT, "cues": TEXTS},
    "drugs": {"id": ID, "name": TEXT, "brands": TEXTS, "class": TEXT, "indicated_for": REFS,
              "not_for": {"type": "array", "items": {
                  "type": "object", "additionalProperties": False, "required": ["about", "statement", "source"],
                  "properties": {"about": REFS, "statement": TEXT, "source": REF}}},
              "source": REF, "reviewed": DATE},
    "trials": {"id": ID, "name": TEXT, "aliases": TEXTS, "drug": REF, "comparator": TEXT, "setting": TEXT,
               "source": REF, "reviewed": DATE},
    "claims": {"id": ID, "statement": TEXT, "about": {**REFS, "minItems": 1}, "metric": REF,
               "value": {"oneOf": [NUMBER, {"type": "array", "items": NUMBER, "minItems": 2, "maxItems": 2}]},
               "unit": TEXT, "tolerance": {"type": "number", "minimum": 0}, "when": TEXTS, "unless": TEXTS,
               "drug": REF, "trial": REF, "source": REF, "as_of": {"type": ["string", "integer"]},
               "superseded_by": REF, "reviewed": DATE},
}
_REQUIRED = {
    "sources": ["id", "citation"],
    "entities": ["id", "name"],
    "metrics": ["id"],
    "drugs": ["id", "name", "source"],
    "trials": ["id", "name", "drug", "source"],
    "claims": ["id", "statement", "about", "metric", "value", "unit", "source"],
}


def registry_schema() -> dict:
    from ..units import UNITS

    sections = {}
    for section, props in _PROPERTIES.items():
        props = dict(props)
        if section == "claims":
            props["unit"] = {"enum": sorted(UNITS)}
        sections[section] = {"type": ["array", "null"], "items": {
            "type": "object", "additionalProperties": False, "required": _REQUIRED[section], "properties": props}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://factlint.invalid/schemas/registry-1.json",
        "title": "factlint claims registry, format 1",
        "description": "Sources, entities, metrics, drugs, trials and claims (see docs/registry.md).",
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": sections,
    }
