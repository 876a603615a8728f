#!/usr/bin/env python3
"""Self-check of the anaphylaxis real-article set: tests/articles/verify_set.py on this folder."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from verify_set import main  # noqa: E402

sys.exit(main(HERE))
