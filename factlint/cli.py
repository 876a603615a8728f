"""The command line. The only module that prints or exits.

Exit codes: 0 no finding at or above --fail-on; 1 such findings; 2 a usage error, an unreadable input or
an invalid registry (one plain line on standard error, never a traceback).
"""
from __future__ import annotations

import json
import os
import sys
from typing import Sequence

import click

from . import __version__
from .errors import FactlintError, RegistryError, UsageError
from .findings import FAIL_ON, Severity
from .rules import RULES, is_selector, lookup

# Each format is a module factlint.reporters.<name> with `render(result, **options) -> str`.
FORMATS = ("text", "json", "json-lines", "github", "sarif", "junit", "csv", "html")


def _split_codes(values: Sequence[str]) -> tuple[str, ...]:
    out = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


def _validate_codes(codes: Sequence[str], option: str) -> None:
    for c in codes:
        if not is_selector(c):
            raise UsageError(f"{option}: unknown rule code or name '{c}' (see `factlint rules`)")


STDIN_NAME = "-.md"  # the name of a draft read from standard input with `-`


def _lint_input(project, paths: Sequence[str], stdin_filename: str | None, progress=None):
    """Lint the paths; none means the current folder (as ruff does: a CI step with a forgotten path lints
    the checkout, it does not pass on an empty standard input). Standard input only with '-' or
    --stdin-filename."""
    if list(paths) == ["-"] or (not paths and stdin_filename is not None):
        name = stdin_filename or STDIN_NAME
        return _kept_to_exit(project.check_source(name, _read_stdin(name)))
    if "-" in paths:
        raise UsageError("'-' (standard input) cannot be mixed with paths")
    return _kept_to_exit(project.check(list(paths) or ["."], progress))


# Set by `entry` (the `factlint` command), which ends the process with os._exit: a run's results are then
# kept to the end instead of freed object by object as the command returns (its findings, and the lines a
# report quotes: each draft's document and facts were let go once it was judged, see Options.keep). None
# when main() is called in a process that goes on (tests, the API).
_KEPT_TO_EXIT: list | None = None


def _kept_to_exit(result):
    if _KEPT_TO_EXIT is not None:
        _KEPT_TO_EXIT.append(result)
    return result


def use_color(choice: str | None, stream=None) -> bool:
    """--color always/never wins; then NO_COLOR (any value, https://no-color.org) and FORCE_COLOR; then
    whether the output is a terminal."""
    import os

    if choice in ("always", "never"):
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def _without_summary(text: str) -> str:
    """The text report without its closing "Found N findings ..." / "No findings ..." paragraph."""
    head, _, _ = text.rstrip("\n").rpartition("\n\n")
    return head + "\n" if head else ""


def _settings_text(project, path: str) -> str:
    """What `--show-settings` prints for one file."""
    config = project.config_of(path)
    settings = project.settings_for(path)
    sel = settings.selection
    rows = [
        ("file", path),
        ("configuration", config.path or "(none: defaults)"),
        ("registry", ", ".join(settings.registry)),
        ("select", ", ".join(sel.select) or "ALL"),
        ("ignore", ", ".join(sel.ignore) or "(none)"),
        ("severity", ", ".join(f"{k}={v.value}" for k, v in sorted(settings.severity.items())) or "(rule defaults)"),
        ("fail-on", project.fail_on),
        ("include", ", ".join(config.include) or "(all drafts)"),
        ("exclude", ", ".join(config.exclude) or "(none)"),
        ("respect-gitignore", str(config.respect_gitignore).lower()),
        ("cache", project.cache_folder if project.options.cache else "(off)"),
    ]
    return "".join(f"{k}: {v}\n" for k, v in rows)


def _fewer_gc_pauses(command):
    """Run a command that lints and reports in one collector guard (factlint.engine.fewer_gc_pauses): after
    a large run, sorting and rendering its findings paid full collections of the results' objects (0.5 s of
    a 2M-word run). Only for commands that end when their output is written: a long-lived server (`lsp`,
    `serve`) must not keep what it linted frozen (nor an audit's workers: its client guards its own steps,
    factlint.audit._in_process)."""
    from .guard import with_fewer_gc_pauses

    return with_fewer_gc_pauses(command)


def _describe_run(project, result, seconds: float) -> None:
    """`-v`: each configuration and registry used, and the run's size and time, on standard error."""
    used: dict[tuple, int] = {}
    for f in result.files:
        config = project.config_of(f.path)
        key = (config.path or "(defaults)", ", ".join(project.registry_paths(config)))
        used[key] = used.get(key, 0) + 1
    for (config, registry), n in sorted(used.items()):
        click.echo(f"factlint: {n} file{'s' if n != 1 else ''} with configuration {config}, registry {registry}",
                   err=True)
    click.echo(f"factlint: {result.files_checked} file{'s' if result.files_checked != 1 else ''} checked, "
               f"{len(result.diagnostics)} findings, in {seconds:.2f} s", err=True)


def render_result(result, fmt: str, color: bool | None = None) -> str:
    from .reporters import reporter

    module = reporter(fmt)
    if fmt == "text":
        return module.render(result, color=use_color(None) if color is None else color)
    return module.render(result)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factlint")
def cli() -> None:
    """factlint: a fact-checking linter for health content."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--registry", "registry", multiple=True, metavar="PATH",
              help="Registry file or folder (repeatable). Default: the configuration's, else ./claims, else "
                   "the bundled registry.")
@click.option("--config", "config", type=click.Path(dir_okay=False), metavar="FILE",
              help="Configuration file (.factlint.yaml or pyproject.toml) for every file, instead of the "
                   "nearest one.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the report to FILE instead of standard output.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules (codes, prefixes or names).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that makes the exit code 1.  [default: the configuration's, else error]")
@click.option("--statistics", is_flag=True, help="Show the number of findings per rule instead of the findings.")
@click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE",
              help="Do not report the findings recorded in this baseline (see --write-baseline).")
@click.option("--write-baseline", type=click.Path(dir_okay=False), metavar="FILE",
              help="Record every current finding in FILE (by fingerprint, not line) and exit 0.")
@click.option("--add-suppressions", is_flag=True,
              help="Write a disable-next-line comment above each finding, in place, and exit 0.")
@click.option("--force-exclude", is_flag=True,
              help="Apply exclude/include and .gitignore to files named on the command line too (for pre-commit).")
@click.option("--no-cache", "no_cache", is_flag=True, help="Neither read nor write the cache (.factlint_cache).")
@click.option("--max-file-size", type=click.FloatRange(min=0.001), default=None, metavar="MB",
              help="Skip (with an error) files larger than this. Default: 10 MB.")
@click.option("--stdin-filename", default=None, metavar="NAME",
              help="Read the draft from standard input, under this name (its format and configuration; "
                   "`-` alone reads it as -.md).")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text output: auto (a terminal, unless NO_COLOR is set or FORCE_COLOR is), "
                   "always or never.")
@click.option("--no-color", "color", flag_value="never", help="Same as --color never.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes to lint in (0: one per core when the input is large). Output is the same.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only (no summary line, no progress).")
@click.option("--verbose", "-v", is_flag=True,
              help="Also print, on standard error, each file's configuration and registry and the run's timing.")
@click.option("--show-files", is_flag=True, help="List the files that would be linted, and exit.")
@click.option("--show-settings", is_flag=True,
              help="Print the settings each named file (or the first file found) is linted with, and exit.")
@click.option("--fix", "fix", is_flag=True,
              help="Apply safe fixes in place (misspelled drugs, a brand's truncated generic), then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too (they may change "
              "what the writer meant: another drug's name, the current figure for an outdated one).")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the changes --fix would make as a unified diff, write nothing; exit 1 if there are any.")
@_fewer_gc_pauses
def check(paths, registry, config, fmt, output, select, ignore, fail_on, statistics, baseline, write_baseline,
          add_suppressions, force_exclude, no_cache, max_file_size, stdin_filename, color, jobs, quiet, verbose,
          show_files, show_settings, fix, unsafe_fixes, show_diff) -> None:
    """Lint drafts (Markdown, HTML, text) against the claims registry."""
    from .project import Project
    from .reporters import quotes_lines
    from .settings import DEFAULT_MAX_FILE_SIZE, Options

    select, ignore = _split_codes(select), _split_codes(ignore)
    _validate_codes(select, "--select")
    _validate_codes(ignore, "--ignore")
    if config and not os.path.isfile(config):
        raise UsageError(f"--config: {config}: no such file")
    if baseline and write_baseline:
        raise UsageError("--baseline and --write-baseline cannot be used together")
    options = Options(
        registry=tuple(registry), select=select or None, ignore=ignore or None, config=config,
        force_exclude=force_exclude, cache=not no_cache, jobs=jobs,
        max_file_size=int(max_file_size * 1024 * 1024) if max_file_size else DEFAULT_MAX_FILE_SIZE,
        baseline=None if (write_baseline or add_suppressions) else baseline,
        annotate=fmt == "html" and not statistics,  # the HTML report shows every claim, not only findings
        keep="lines" if not statistics and quotes_lines(fmt) else "findings",
    )
    project = Project(options)
    from_stdin = list(paths) == ["-"] or (not paths and stdin_filename is not None)
    if add_suppressions and from_stdin:
        raise UsageError("--add-suppressions needs files, not standard input")
    if (fix or show_diff) and from_stdin:
        raise UsageError("--fix and --diff need files, not standard input")
    from .progress import ProgressBar

    if show_files or show_settings:
        files, errors = project.discover(list(paths) or ["."]) if not from_stdin else ([stdin_filename or STDIN_NAME], [])
        for err in errors:
            click.echo(f"factlint: error: {err}", err=True)
        if show_files:
            click.echo("".join(f + "\n" for f in files), nl=False)
        else:
            click.echo("\n".join(_settings_text(project, f) for f in (files if paths else files[:1])))
        raise SystemExit(2 if errors else 0)
    import time

    began = time.perf_counter()
    result = _lint_input(project, paths, stdin_filename, None if quiet else ProgressBar.for_stderr())
    if verbose:
        _describe_run(project, result, time.perf_counter() - began)
    if show_diff or fix:
        from . import fixes

        changed = fixes.fixed_sources(fixes.chosen(result.diagnostics, unsafe_fixes))
        if show_diff:
            for err in sorted(result.file_errors):
                click.echo(f"factlint: error: {err}", err=True)
            click.echo("".join(fixes.unified_diff(p, old, new) for p, (_, old, new, _) in changed.items()), nl=False)
            n = sum(c[3] for c in changed.values())
            click.echo(f"Would fix {n} finding{'s' if n != 1 else ''} in {len(changed)} "
                       f"file{'s' if len(changed) != 1 else ''}.", err=True)
            raise SystemExit(2 if result.file_errors else 1 if changed else 0)
        for p, (raw, _, new, _) in changed.items():
            try:
                fixes.write(p, raw, new)
            except OSError as e:
                raise UsageError(f"--fix: {p}: {e.strerror or e}") from None
        n = sum(c[3] for c in changed.values())
        if changed:
            click.echo(f"Fixed {n} finding{'s' if n != 1 else ''} in {len(changed)} "
                       f"file{'s' if len(changed) != 1 else ''}.", err=True)
            result = _lint_input(Project(options), paths, stdin_filename)  # what remains decides the exit
    for err in sorted(result.file_errors):
        click.echo(f"factlint: error: {err}", err=True)
    if write_baseline:
        from .baseline import write_baseline as write

        write(result.diagnostics, write_baseline)
        n = len(result.diagnostics)
        click.echo(f"Wrote {n} finding{'s' if n != 1 else ''} to the baseline {write_baseline}.", err=True)
        raise SystemExit(2 if result.file_errors else 0)
    if add_suppressions:
        added, files = _add_suppressions(result)
        click.echo(f"Added {added} suppression comment{'s' if added != 1 else ''} in {files} "
                   f"file{'s' if files != 1 else ''}.", err=True)
        raise SystemExit(2 if result.file_errors else 0)
    colored = False
    if statistics:
        from .reporters.statistics import render

        out = render(result, fmt)
    else:
        colored = use_color(color) if output is None and fmt == "text" else False
        out = render_result(result, fmt, colored)
        if quiet and fmt == "text":
            out = _without_summary(out)
    if output:
        try:
            with open(output, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(out)
        except OSError as e:
            raise UsageError(f"--output: {output}: {e.strerror or e}") from None
    else:
        click.echo(out, nl=False, color=colored)  # click would strip the colour when piped
    if result.file_errors:
        raise SystemExit(2)
    fail_on = fail_on or project.fail_on
    if fail_on != "never":
        threshold = Severity(fail_on).rank
        if any(d.severity.rank >= threshold for d in result.diagnostics):
            raise SystemExit(1)


def _read_stdin(name: str) -> str:
    from .errors import InputError
    from .readers import decode

    data = sys.stdin.buffer.read()
    try:
        return decode(name, data)
    except InputError as e:
        raise UsageError(str(e)) from None


def _add_suppressions(result) -> tuple[int, int]:
    """Insert suppression comments into the files with findings, each written atomically."""
    import tempfile

    from .readers import decode, read_source, reader_kind

    added = files = 0
    by_path: dict[str, list] = {}
    for d in result.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    for path, diags in sorted(by_path.items()):
        with open(path, "rb") as fh:
            data = fh.read()
        bom = data[:3] if data.startswith(b"\xef\xbb\xbf") else b""
        doc = read_source(path, decode(path, data))
        from .suppressions import insert_suppressions

        text, n = insert_suppressions(doc, diags, reader_kind(path))
        if not n:
            continue
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".factlint-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(bom + text.encode("utf-8"))
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        added += n
        files += 1
    return added, files


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--registry", "registry", multiple=True, metavar="PATH", help="Registry file or folder (repeatable).")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Also show numbers that are not claims (years, labels...).")
@click.option("--stdin-filename", default=None, metavar="NAME", help="Read the draft from standard input, under this name.")
def extract(paths, registry, fmt, show_all, stdin_filename) -> None:
    """Show every claim the pipeline finds, judged or not, with what it was linked to."""
    from .extract import extract_rows, render_rows
    from .project import Options, Project

    # No cache and one process: extract needs each file's claims and document, which neither keeps.
    project = Project(Options(registry=tuple(registry), cache=False, jobs=1))
    result = _lint_input(project, paths, stdin_filename)
    rows = extract_rows(project.linter_for(os.path.join(os.getcwd(), "x")), result, show_all)
    if fmt == "json":
        click.echo(json.dumps({"version": 1, "claims": rows}, indent=2, ensure_ascii=False))
    else:
        click.echo(render_rows(rows), nl=False)
    for err in sorted(result.file_errors):
        click.echo(f"factlint: error: {err}", err=True)
    if result.file_errors:
        raise SystemExit(2)


@cli.group()
def registry() -> None:
    """Work with claims registries."""


@registry.command("schema")
def registry_schema() -> None:
    """Print the JSON Schema of the registry format (for editors' YAML language servers)."""
    from .registry.schema import registry_schema as schema

    click.echo(json.dumps(schema(), indent=2, ensure_ascii=False))


@registry.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--max-age", type=click.FloatRange(min=0), default=None, metavar="YEARS",
              help="Also warn about claims, drugs and trials reviewed more than YEARS years ago, or never.")
def registry_check(paths, max_age) -> None:
    """Validate a registry (default: ./claims or the bundled one) and report each problem with file:line:
    errors, and warnings for overlapping claims (and, with --max-age, entries due for review)."""
    from .discovery import resolve_registry_paths
    from .registry import check_registry

    targets = resolve_registry_paths(paths)
    problems = check_registry(targets, max_age=max_age)
    for p in problems:
        click.echo(str(p), err=p.severity == "error")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if errors:
        click.echo(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} "
                   f"in {', '.join(targets)}", err=True)
        raise SystemExit(2)
    from .registry import load_registry

    reg = load_registry(targets)
    click.echo(f"ok: {len(reg.claims)} claims, {len(reg.drugs)} drugs, {len(reg.trials)} trials, "
               f"{len(reg.entities)} entities, {len(reg.sources)} sources"
               + (f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""))


@registry.command("init")
@click.argument("folder", default="claims", type=click.Path(file_okay=False))
def registry_init(folder) -> None:
    """Start a registry in FOLDER (default: claims/): a commented example to edit, and its JSON Schema."""
    from importlib import resources

    from .registry.schema import registry_schema as schema

    target = os.path.join(folder, "claims.yaml")
    if os.path.exists(target):
        raise UsageError(f"{target} already exists; nothing written")
    os.makedirs(folder, exist_ok=True)
    example = resources.files("factlint.registry").joinpath("starter.yaml").read_text(encoding="utf-8")
    with open(target, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(example)
    with open(os.path.join(folder, "factlint-registry.schema.json"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(schema(), indent=2, ensure_ascii=False) + "\n")
    click.echo(f"Wrote {target} and its schema; edit it, then run `factlint registry check {folder}`.")


@registry.command("list")
def registry_list() -> None:
    """The bundled registries, one per field: `--registry @FIELD` (or `registry = ["@FIELD"]`) selects one."""
    from .registry import bundled_fields, load_registry
    from .registry import field_summary

    fields = bundled_fields()
    if not fields:
        click.echo("no bundled registries")
        return
    for name, folder in fields.items():
        reg = load_registry([str(folder)])
        click.echo(f"@{name}: {len(reg.claims)} claims, {len(reg.drugs)} drugs, {len(reg.trials)} trials, "
                   f"{len(reg.sources)} sources")
        summary = field_summary(folder)
        if summary:
            click.echo(f"  {summary}")


@registry.command("stats")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--max-age", type=click.IntRange(min=0), default=None, metavar="YEARS",
              help="Also list the claims whose as_of is more than YEARS years old.")
def registry_stats(paths, max_age) -> None:
    """Count a registry's entries (claims per metric, superseded claims, claims without as_of)."""
    import datetime
    from collections import Counter

    from .discovery import resolve_registry_paths
    from .registry import load_registry

    targets = resolve_registry_paths(paths)
    reg = load_registry(targets)
    claims = list(reg.claims.values())
    click.echo(f"{', '.join(targets)}: {len(claims)} claims, {len(reg.drugs)} drugs, {len(reg.trials)} trials, "
               f"{len(reg.entities)} entities, {len(reg.sources)} sources")
    for metric, n in sorted(Counter(c.metric for c in claims).items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {n:5}  {metric}")
    superseded = sum(1 for c in claims if c.superseded_by)
    undated = [c.id for c in claims if not c.as_of]
    click.echo(f"superseded: {superseded}; without as_of: {len(undated)}")
    if max_age is not None:
        this_year = datetime.date.today().year
        old = [(c.id, str(c.as_of)) for c in claims if c.as_of and str(c.as_of)[:4].isdigit()
               and this_year - int(str(c.as_of)[:4]) > max_age and not c.superseded_by]
        click.echo(f"older than {max_age} years (as_of): {len(old)}")
        for cid, as_of in old:
            click.echo(f"  {cid} ({as_of})")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text", show_default=True)
def rules(fmt) -> None:
    """List the rules."""
    from .rules.docs import rules_markdown, table_text

    if fmt == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary}
                               for r in RULES], indent=2))
    elif fmt == "markdown":
        click.echo(rules_markdown(RULES), nl=False)
    else:
        click.echo(table_text(RULES))


@cli.command()
@click.argument("code")
def explain(code) -> None:
    """Explain a rule: what it flags, why, an example it flags and one it accepts."""
    from .rules.docs import explain_text

    rule = lookup(code)
    if rule is None:
        raise UsageError(f"unknown rule '{code}' (see `factlint rules`)")
    click.echo(explain_text(rule))


@cli.command()
def clean() -> None:
    """Remove the cache (.factlint_cache) of the current folder's project."""
    from .cache import clean as remove
    from .project import Project

    removed = remove(Project().cache_folder)
    click.echo(f"Removed {removed[0]}" if removed else "No cache to remove.", err=True)


@cli.command()
def lsp() -> None:
    """Run the language server (LSP over standard input and output) for editors."""
    from .lsp import serve_stdio

    serve_stdio()


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: a free one; the address is printed on standard error).")
@click.option("--registry", "registry", multiple=True, metavar="PATH",
              help="The project registry to offer beside the bundled one (repeatable). Default: what "
                   "`factlint check` uses in the current folder.")
@click.option("--max-upload", type=click.FloatRange(min=0.001), default=5.0, show_default=True, metavar="MB",
              help="Largest draft accepted.")
def serve(host, port, registry, max_upload) -> None:
    """Run a local web app: paste or upload a draft and see every claim annotated; browse the registry."""
    from .web.app import run  # imports Flask: only this command needs it

    run(host=host, port=port, registry=registry, max_upload=int(max_upload * 1024 * 1024))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="Results folder: findings.jsonl, index.json, summary.json (and the partitions, for resuming).")
@click.option("--files-from", type=click.Path(dir_okay=False), metavar="FILE",
              help="The archive as a list of paths, one per line.")
@click.option("--table", type=click.Path(dir_okay=False), metavar="FILE",
              help="The archive as a table of documents: JSON lines or Parquet with columns id and text "
                   "(and path, optional).")
@click.option("--registry", "registry", multiple=True, metavar="PATH", help="Registry file or folder (repeatable).")
@click.option("--config", "config", type=click.Path(dir_okay=False), metavar="FILE",
              help="Configuration file for every document, instead of the nearest one.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules.")
@click.option("--scheduler", metavar="ADDRESS",
              help="A running Dask scheduler (tcp://host:8786); default: a local cluster.")
@click.option("--workers", type=click.IntRange(1, 256), default=2, show_default=True,
              help="Worker processes of the local cluster.")
@click.option("--changed-claims", "changed_claims", type=click.Path(), metavar="OLD_REGISTRY",
              help="Re-audit after a registry change: lint again only the documents the changes can touch.")
@click.option("--restart", is_flag=True, help="Start the audit in --out again instead of resuming it.")
@click.option("--partition-size", type=click.IntRange(1, 100000), default=None,
              help="Documents per partition (a unit of work, and of resuming); default: about 24 partitions, "
                   "16 to 1,024 documents each, the last few smaller.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that makes the exit code 1 (default: the configuration's, else error).")
@click.option("--quiet", "-q", is_flag=True, help="No summary, no progress.")
def audit(paths, out, files_from, table, registry, config, select, ignore, scheduler, workers, changed_claims,
          restart, partition_size, fail_on, quiet) -> None:
    """Audit an archive on Dask: findings of every document, resumable, and re-audits after a registry
    change (--changed-claims). Needs the audit extra: pip install 'factlint[audit]'."""
    from .audit import AuditInput, run_audit
    from .progress import ProgressBar
    from .project import Project
    from .settings import Options

    _validate_codes(select, "--select")
    _validate_codes(ignore, "--ignore")
    if config and not os.path.isfile(config):
        raise UsageError(f"--config: {config}: no such file")
    if changed_claims and not os.path.exists(changed_claims):
        raise UsageError(f"--changed-claims: {changed_claims}: no such file or directory")
    options = Options(registry=tuple(registry), select=select or None, ignore=ignore or None, config=config,
                      cache=False)
    inp = AuditInput(tuple(paths), files_from, table, partition_size or 0)
    summary = run_audit(inp, out, options, scheduler=scheduler, workers=workers, changed_claims=changed_claims,
                        restart=restart, progress=None if quiet else ProgressBar.for_stderr())
    if not quiet:
        click.echo(_audit_text(summary, out))
    threshold = fail_on or Project(options).fail_on
    findings_at = 0 if threshold == "never" else sum(
        n for sev, n in summary.by_severity.items() if Severity(sev).rank >= Severity(threshold).rank)
    raise SystemExit(2 if summary.errors else 1 if findings_at else 0)


def _audit_text(summary, out: str) -> str:
    lines = [f"Audited {summary.documents} document{'s' if summary.documents != 1 else ''} "
             f"({summary.linted} linted now"
             + (f", {summary.judged_from_analyses} of them judged from their stored analyses"
                if summary.judged_from_analyses else "")
             + (f", {summary.resumed_partitions} partitions done before" if summary.resumed_partitions else "")
             + (f", {summary.workers} workers" if summary.workers else ", in this process")
             + f", {summary.seconds:.1f} s): {summary.findings} "
             f"finding{'s' if summary.findings != 1 else ''} in {os.path.join(out, 'findings.jsonl')}"]
    if summary.by_rule:
        lines.append("By rule: " + ", ".join(f"{code} {n}" for code, n in summary.by_rule.items()))
    if summary.most_contradicted:
        lines.append("Most often contradicted: " + ", ".join(f"{c} ({n})" for c, n in summary.most_contradicted))
    for change, docs in summary.changes.items():
        lines.append(f"{change}: {len(docs)} document{'s' if len(docs) != 1 else ''}"
                     + (f" ({', '.join(docs[:5])}{', ...' if len(docs) > 5 else ''})" if docs else ""))
    for err in summary.errors:
        lines.append(f"factlint: error: {err}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this without a subprocess)."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="factlint", standalone_mode=False)
        return 0
    except SystemExit as e:
        return int(e.code or 0)
    except click.exceptions.Abort:
        click.echo("factlint: aborted", err=True)
        return 2
    except click.ClickException as e:
        msg = e.format_message()
        ctx = getattr(e, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        click.echo(f"factlint: error: {msg}{hint}", err=True)
        return 2
    except RegistryError as e:
        click.echo(f"factlint: error: invalid registry: {e}", err=True)
        return 2
    except FactlintError as e:
        click.echo(f"factlint: error: {e}", err=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except ModuleNotFoundError as e:  # run from a checkout without its dependencies installed
        if os.environ.get("FACTLINT_DEBUG"):
            raise
        click.echo(f"factlint: error: the package '{e.name}' is not installed; install factlint with its "
                   "dependencies (see the README: pip install -e '.[test,audit]')", err=True)
        return 2
    except Exception as e:  # a bug in factlint: still one line, exit 2; FACTLINT_DEBUG=1 shows the traceback
        if os.environ.get("FACTLINT_DEBUG"):
            raise
        click.echo(f"factlint: internal error: {type(e).__name__}: {e} (set FACTLINT_DEBUG=1 for details; "
                   "please report it)", err=True)
        return 2


def one_blas_thread(environ) -> None:
    """Ask numpy's OpenBLAS (imported with spaCy) for one thread unless the user chose: factlint does no
    linear algebra, and OpenBLAS otherwise starts a thread per core that spins for about 0.1 s of CPU
    after its import, in every process (each `--jobs` or audit worker), on the cores the workers share.
    Set in the environment before numpy loads, so processes started from this one inherit it."""
    environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def entry() -> None:
    """The `factlint` command: main(), then exit without tearing the interpreter down. Freeing spaCy's,
    the registry's and the results' objects one by one costs about 0.1 s of every run and changes nothing
    outside the process (mypy exits the same way): every file is written and closed by then, pools and
    clusters are shut, and the standard streams are flushed here."""
    global _KEPT_TO_EXIT
    _KEPT_TO_EXIT = []
    one_blas_thread(os.environ)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`factlint check | head`), a closed stream
            pass
    os._exit(code)
