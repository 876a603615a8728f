"""Rules: pure functions from claims and a registry to findings, one module per family."""
