"""A registry parsed in a forked child process while this one does other start-up work.

A cold `factlint check` spends most of its time importing spaCy (one core) and then parsing the registry
(about 0.08 s for the five bundled fields). Both are pure and independent, so on a machine with two cores
the registry is parsed in a child forked before the import and handed back pickled through a pipe: the
parse costs the run only its unpickling. Pickle is safe here: the bytes come from our own child, never from
a file.

Forking is done only where it is safe and can gain: POSIX `fork`, one Python thread (a lock held by
another thread would stay held in the child), two usable cores. Anywhere else, and whenever the child
fails for any reason (a registry error included: the parent parses again and reports it itself), the
registry is parsed here as before, so the result never depends on the path taken.
"""
from __future__ import annotations

import os
import pickle
import threading
from typing import Callable, Sequence

from .load import PathArg, load_registry
from .model import Registry


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and _cores() >= 2


class RegistryInBackground:
    """`load_registry(paths)` started now, in a forked child where that is safe; `result()` gives it."""

    def __init__(self, paths: Sequence[PathArg]) -> None:
        self.paths = list(paths)
        self.pid = 0
        self.read_end = -1
        if can_fork():
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: parse, send, and leave without running the parent's exit handlers
                status = 1
                try:
                    os.close(read_end)
                    payload = pickle.dumps(load_registry(self.paths), protocol=pickle.HIGHEST_PROTOCOL)
                    with os.fdopen(write_end, "wb") as out:
                        out.write(payload)
                    status = 0
                finally:
                    os._exit(status)
            os.close(write_end)
            self.pid, self.read_end = pid, read_end

    def abandon(self) -> None:
        """Wait for the child (no zombie is left) without using what it sends."""
        if self.pid:
            pid, self.pid = self.pid, 0
            with os.fdopen(self.read_end, "rb") as pipe:
                pipe.read()
            os.waitpid(pid, 0)

    def result(self) -> Registry:
        """The registry; parsed here if there is no child or it failed (a registry error is raised here)."""
        if self.pid:
            pid, self.pid = self.pid, 0
            with os.fdopen(self.read_end, "rb") as pipe:
                payload = pipe.read()
            _, status = os.waitpid(pid, 0)
            if status == 0 and payload:
                try:
                    registry = pickle.loads(payload)
                except Exception:  # a child killed while writing: parse here
                    registry = None
                if isinstance(registry, Registry):
                    return registry
        return load_registry(self.paths)


def load_registry_during(paths: Sequence[PathArg], work: Callable[[], object]) -> Registry:
    """`load_registry(paths)`, parsed in a child process while `work()` runs in this one."""
    loading = RegistryInBackground(paths)
    try:
        work()
    except BaseException:
        loading.abandon()
        raise
    return loading.result()
