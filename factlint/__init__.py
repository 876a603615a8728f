"""factlint: a fact-checking linter for health content.

Importing this package is cheap: spaCy is imported only when a pipeline is built.
"""
from ._loading import install as _install_loading

_install_loading()  # compiled modules load only while their sources are unchanged (factlint/_loading.py)
__version__ = "0.1.0"
