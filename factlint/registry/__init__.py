"""The claims registry: frozen values (`model`), loading with strict checks (`load`), `registry check`
(`check`), and how an entry is described to people (`describe`).

`load` and `check` (and PyYAML with them) are imported on first use, so code that only needs the values
or their descriptions starts without them.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["Problem", "bundled_registry_path", "check_registry", "load_registry"]


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
