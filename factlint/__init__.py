"""factlint: a fact-checking linter for health content.

Importing this package is cheap: spaCy is imported only when a pipeline is built.
"""
__version__ = "0.1.0"
