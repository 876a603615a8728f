"""The claims registry: frozen values (`model`), loading with strict checks (`load`), `registry check`
(`check`), and how an entry is described to people (`describe`).

`load` and `check` (and PyYAML with them) are imported on first use, so code that only needs the values
or their descriptions starts without them.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["Problem", "bundled_fields", "bundled_registry_path", "check_registry", "load_registry",
           "resolve_bundled"]


def __getattr__(name: str):
    if name in ("Problem", "load_registry"):
        from . import load

        return getattr(load, name)
    if name == "check_registry":
        from .check import check_registry

        return check_registry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def bundled_registry_path() -> Path:
    """The registry shipped with factlint: inside the package in a wheel, else the project's `claims/`."""
    import factlint

    package = Path(factlint.__file__).parent
    bundled = package / "_bundled_claims"
    return bundled if bundled.exists() else package.parent / "claims"


def bundled_fields() -> dict[str, Path]:
    """The bundled registries by field: each folder of the bundled registry that holds YAML files
    (`@alk-nsclc` selects claims/alk-nsclc/); the whole bundled registry is all of them."""
    root = bundled_registry_path()
    if not root.is_dir():
        return {}
    return {d.name: d for d in sorted(root.iterdir()) if d.is_dir() and any(d.rglob("*.y*ml"))}


def field_summary(folder: Path) -> str:
    """The first paragraph of a bundled field's README.md: what it covers."""
    readme = folder / "README.md"
    if not readme.exists():
        return ""
    return readme.read_text(encoding="utf-8").strip().split("\n\n")[0].replace("\n", " ")


def resolve_bundled(name: str) -> str:
    """`@field` -> the path of that bundled registry; anything else is returned as it is."""
    if not name.startswith("@"):
        return name
    fields = bundled_fields()
    folder = fields.get(name[1:])
    if folder is None:
        from ..errors import UsageError

        known = ", ".join(f"@{f}" for f in fields) or "none"
        raise UsageError(f"unknown bundled registry '{name}': the bundled registries are {known} "
                         "(see `factlint registry list`)")
    return str(folder)
