"""A progress bar on standard error, for runs long enough to wonder about.

It appears only when standard error is a terminal and the run has taken more than a second, redraws at
most ten times a second, and erases itself at the end: reports on standard output, pipes and CI logs
never see it.
"""
from __future__ import annotations

import sys
import time

from .project import Progress

DELAY = 1.0
INTERVAL = 0.1
WIDTH = 30


class ProgressBar(Progress):
    def __init__(self, stream) -> None:
        self.stream = stream
        self.total = 0
        self.done = 0
        self.started = time.monotonic()
        self._drawn = 0.0
        self._shown = False

    @classmethod
    def for_stderr(cls) -> Progress:
        stream = sys.stderr
        return cls(stream) if stream.isatty() else Progress()

    def start(self, total: int) -> None:
        self.total = total
        self.started = time.monotonic()

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.started < DELAY or now - self._drawn < INTERVAL or not self.total:
            return
        self._drawn = now
        self._shown = True
        filled = WIDTH * min(self.done, self.total) // self.total
        self.stream.write(f"\r\x1b[K[{'#' * filled}{' ' * (WIDTH - filled)}] "
                          f"{self.done}/{self.total} files")
        self.stream.flush()

    def finish(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
