"""The claims registry: frozen values (`model`), loading with strict checks (`load`), `registry check`."""
from __future__ import annotations

from pathlib import Path

from .check import check_registry
from .load import Problem, load_registry

__all__ = ["Problem", "bundled_registry_path", "check_registry", "load_registry"]


def bundled_registry_path() -> Path:
    """The registry shipped with factlint: inside the package in a wheel, else the project's `claims/`."""
    import factlint

    package = Path(factlint.__file__).parent
    bundled = package / "_bundled_claims"
    return bundled if bundled.exists() else package.parent / "claims"
