"""A run over a content repository: configuration, file discovery, registries, cache, policy, baseline.

`Linter` (factlint.engine) lints documents against one registry and returns every rule's raw findings with
the draft's suppression directives. This module decides everything around that, as ruff does:

- which files: folders are walked for lintable suffixes, skipping hidden and tool folders, `.gitignore`d
  files (unless `respect-gitignore = false`) and the configuration's `include`/`exclude`; files named on
  the command line are linted even when excluded, unless `--force-exclude` (which pre-commit uses);
- which configuration: the nearest one to each file, or the one named with `--config`;
- which registry (factlint.discovery): `--registry`, else the configuration's `registry`, else ./claims,
  else the bundled one; files that share a registry share one Linter (and one spaCy pipeline);
- which findings (factlint.settings): select/ignore/per-file-ignores, then suppression comments (and FL901/FL902), then
  per-code severities, then the baseline.

Raw results come from the content-hash cache when the file, the registry and factlint are unchanged.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from typing import Iterable, Sequence

from . import __version__
from .config import Config, config_for, load_config
from .discovery import discover, registry_for
from .engine import Linter
from .results import FileResult, LintResult
from .settings import Options, Settings, settings_for

_BUILT: dict[tuple, Linter] = {}


class Progress:
    """Receives the number of files to lint, then how many more are done (the CLI draws a bar)."""

    def start(self, total: int) -> None: ...

    def advance(self, n: int) -> None: ...

    def finish(self) -> None: ...


class Project:
    def __init__(self, options: Options = Options()) -> None:
        self.options = options
        self._configs: dict[str, Config] = {}
        self.run_config = load_config(options.config) if options.config else config_for(os.getcwd(), self._configs)
        self._linters: dict[tuple[str, ...], Linter] = {}
        self._digests: dict[tuple[str, ...], str | None] = {}  # registry files' digests, read once per run
        self._registries: dict[tuple[str | None, str], tuple[str, ...]] = {}
        self._baseline = None
        if options.baseline:
            from .baseline import load_baseline

            self._baseline = load_baseline(options.baseline)

    # ---- settings ------------------------------------------------------------------------------------------
    def config_of(self, path: str) -> Config:
        if self.options.config:
            return self.run_config
        return config_for(os.path.dirname(os.path.abspath(path)) or ".", self._configs)

    @property
    def fail_on(self) -> str:
        return self.run_config.fail_on or "error"

    def registry_paths(self, config: Config) -> tuple[str, ...]:
        # Once per configuration: it stats the file system, and every file asks (grouping, then settling).
        key = (config.path, config.root)
        paths = self._registries.get(key)
        if paths is None:
            paths = self._registries[key] = registry_for(self.options.registry, config)
        return paths

    def settings_for(self, path: str) -> Settings:
        """The settings of one file: the command line over its nearest configuration."""
        config = self.config_of(path)
        return settings_for(self.options, config, path, self.registry_paths(config))

    def linter(self, registry: tuple[str, ...], pipeline: bool = True) -> Linter:
        """The linter of these registry files, built once. `pipeline`: import spaCy meanwhile, as a cold start
        does to lint next (False: the caller may only judge stored analyses, Linter.judge_stored)."""
        linter = self._linters.get(registry)
        if linter is None:
            from .registry import load_registry

            # A process that runs several checks (the language server, an audit's client, tests) parses each
            # registry and builds each pipeline once: the files' digest finds a linter already built.
            options = (self.options.max_file_size, self.options.annotate)
            digest = self.registry_digest(registry)
            linter = _BUILT.get((registry, digest, *options)) if digest else None
            if linter is not None:
                self._linters[registry] = linter
                return linter
            if "factlint.nlp.pipeline" in sys.modules or not pipeline:
                loaded = load_registry(list(registry))
            else:  # a cold start: the registry is parsed beside spaCy's import, which linting needs next
                from .registry.background import load_registry_during

                loaded = load_registry_during(list(registry), _import_pipeline)
            key = (registry, loaded.digest, *options)
            linter = _BUILT.get(key)
            if linter is None:
                linter = _BUILT[key] = Linter(loaded, max_file_size=self.options.max_file_size,
                                              annotate=self.options.annotate)
            self._linters[registry] = linter
        return linter

    def lend(self, registry: tuple[str, ...], linter: Linter) -> None:
        """Lint files of this registry with `linter`, built elsewhere for the same files and options."""
        same = (linter.max_file_size, linter.annotate) == (self.options.max_file_size, self.options.annotate)
        if same:
            self._linters.setdefault(registry, linter)

    def registry_digest(self, registry: tuple[str, ...]) -> str | None:
        """The digest of these registry files (their bytes, not parsed), read once per run."""
        if registry not in self._digests:
            from .registry.load import registry_digest

            self._digests[registry] = registry_digest(registry)
        return self._digests[registry]

    def linter_for(self, path: str) -> Linter:
        return self.linter(self.registry_paths(self.config_of(path)))

    @property
    def cache_folder(self) -> str:
        """FACTLINT_CACHE_DIR, else .factlint_cache beside the configuration (else in the current folder)."""
        from .cache import CACHE_DIR

        if os.environ.get("FACTLINT_CACHE_DIR"):
            return os.environ["FACTLINT_CACHE_DIR"]
        root = self.run_config.root if self.run_config.path else os.getcwd()
        return os.path.join(root, CACHE_DIR)

    # ---- discovery -----------------------------------------------------------------------------------------
    def discover(self, paths: Iterable[str]) -> tuple[list[str], list[str]]:
        """Files to lint and one error line per path that gives none."""
        return discover(paths, self.config_of, self.options.force_exclude)

    # ---- linting -------------------------------------------------------------------------------------------
    def check(self, paths: Sequence[str], progress: Progress | None = None) -> LintResult:
        files, errors = self.discover(paths)
        progress = progress or Progress()
        progress.start(len(files))
        groups: dict[tuple[str, ...], list[str]] = {}
        for f in files:
            groups.setdefault(self.registry_paths(self.config_of(f)), []).append(f)
        raw: dict[str, FileResult] = {}
        for registry, group in groups.items():
            raw.update(self._lint_group(registry, group, progress))
        progress.finish()
        results = [self.settle(raw[f]) for f in files]
        return self._apply_baseline(LintResult(tuple(results), tuple(errors)))

    def _lint_group(self, registry: tuple[str, ...], files: list[str], progress: Progress) -> dict[str, FileResult]:
        """Lint files that share a registry; the registry is parsed and the pipeline built only if a file
        is not in the cache (the cache is keyed by the registry files' digest, read without parsing)."""
        out: dict[str, FileResult] = {}
        cache = None
        keys: dict[str, str] = {}
        annotate, max_size = self.options.annotate, self.options.max_file_size
        if self.options.cache:
            from .cache import Cache, content_key

            digest = self.registry_digest(registry) if registry not in self._linters else None
            if digest is None:
                digest = self.linter(registry).registry.digest
            cache = Cache(self.cache_folder, __version__, digest, "annotate" if annotate else "")
            for f in files:
                data = _read_small(f, max_size)
                if data is None:
                    continue
                keys[f] = key = content_key(f, data)
                hit = cache.get(key, f)
                if hit is not None:
                    if annotate:  # views show the text; the cache does not keep it
                        from .readers import decode

                        hit = dataclasses.replace(hit, source=decode(f, data))
                    out[f] = hit
            if out:
                progress.advance(len(out))
        todo = [f for f in files if f not in out]
        if todo:
            keep = "lines" if cache is not None and self.options.keep == "findings" else self.options.keep
            for r in self.linter(registry).lint_files(todo, self.options.jobs, progress.advance, keep):
                out[r.path] = r
                if cache is not None and r.error is None and r.path in keys:
                    cache.put(keys[r.path], r)
        if cache is not None:
            cache.save()
        return out

    def check_source(self, path: str, text: str) -> LintResult:
        """Lint a draft given as text (standard input, an editor's buffer); `path` names it (its
        extension picks the reader; its folder the configuration)."""
        from .errors import InputError
        from .readers import decode, read_source

        linter = self.linter_for(path)
        try:
            # through the same checks as a file's bytes: a BOM is dropped, binary text refused
            doc = read_source(path, decode(path, text.encode("utf-8", "surrogatepass")))
        except InputError as e:
            return LintResult((FileResult(path, error=str(e)),))
        result = LintResult((self.settle(linter.lint_documents([doc])[0]),))
        return self._apply_baseline(result)

    def settle(self, result: FileResult) -> FileResult:
        """Apply the file's settings to its raw result: rules selected, suppressions, severities."""
        if result.error is not None:
            return result
        from .suppressions import apply_suppressions

        settings = self.settings_for(result.path)
        diags = [d for d in result.diagnostics if settings.enabled(d.code)]
        diags = apply_suppressions(result.path, diags, result.directives, settings.enabled)
        if settings.severity:
            diags = [dataclasses.replace(d, severity=settings.severity_of(d.code, d.severity)) for d in diags]
        diags.sort(key=lambda d: d.sort_key)
        return dataclasses.replace(result, diagnostics=tuple(diags))

    def _apply_baseline(self, result: LintResult) -> LintResult:
        if self._baseline is None:
            return result
        files = []
        silenced = 0
        for f in result.files:
            kept, n = self._baseline.split(f.diagnostics)
            silenced += n
            files.append(dataclasses.replace(f, diagnostics=tuple(kept)))
        return dataclasses.replace(result, files=tuple(files), baselined=result.baselined + silenced)


def _import_pipeline() -> None:
    import factlint.nlp.pipeline  # noqa: F401  (spaCy: most of a cold start)


def _read_small(path: str, limit: int) -> bytes | None:
    try:
        if os.path.getsize(path) > limit:
            return None
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None
