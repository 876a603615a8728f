"""The pre-commit hook (.pre-commit-hooks.yaml), installed and run by the real pre-commit tool.

A user's repository is made in a temporary folder with a `.pre-commit-config.yaml` that names this project
as a hook repository (`repo:` a git repository, `rev:` a commit), a `claims/` registry (the diabetes test
fixture) and `pre-commit install`; then `git commit` runs the hook. That is the path users take: pre-commit
clones the hook repository at `rev`, reads its `.pre-commit-hooks.yaml`, makes a virtualenv for the hook
and `pip install .`s the clone into it, and runs `factlint check <staged files>` from the repository root.

Which code is tested: the hook repository is a snapshot of this checkout's *work tree* (tracked files as
they are on disk, plus untracked files that .gitignore does not exclude) committed to a temporary git
repository, not the project's HEAD. So a developer tests the code and hook manifest they are editing,
committed or not, and the project's own repository is never written to; in a fresh clone (CI) the snapshot
holds exactly the files of HEAD. (Pointing `repo:` at the checkout with `rev:` its HEAD would run the
*committed* code, so it would pass or fail on what was last committed, whatever the work tree holds.)

No network: pip runs with PIP_NO_INDEX=1, no pip configuration file (PIP_CONFIG_FILE=os.devnull) and a
proxy that refuses every connection. The hook's dependencies (spaCy, click, ...) and the build backend
(hatchling) come from the environment running this test: PYTHONPATH points at a folder of links to the
test interpreter's site-packages entries, less factlint itself (so the hook imports the factlint pip
installed from the snapshot, never the one under test here) and pip (so the hook's virtualenv keeps its
own). pip then finds every requirement already satisfied, and PIP_NO_BUILD_ISOLATION=0 lets it build the
snapshot with that hatchling: pip reads the variable as the value of `build_isolation`, so "0" (not "1")
is what turns isolation off. HOME, the XDG folders and PRE_COMMIT_HOME are in the temporary folder and
GIT_CONFIG_NOSYSTEM=1 is set, so neither the user's nor the machine's configuration is read or changed.

Only a missing `git` skips these tests; anything else that goes wrong fails them.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "tests" / "fixtures" / "diabetes" / "registry.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None,
                                reason="git is not installed (the pre-commit tests run git)")

# A proxy address nothing listens on: any HTTP(S) request that slips through fails at once.
_NO_NETWORK = "http://127.0.0.1:9"

# Variables that would point git at another repository when the tests themselves run inside a git hook.
_GIT_REPO_VARS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
                  "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_PREFIX")

CONTRADICTED_MD = """\
# Living with type 2 diabetes

Roughly 30% of people in the US have type 2 diabetes, according to recent national estimates.
"""

CLEAN_MD = """\
# Living with type 2 diabetes

Roughly 11% of people in the US have type 2 diabetes, according to recent national estimates.
"""

CLEAN_HTML = """\
<!doctype html>
<html><body>
<h1>Metformin and remission</h1>
<p>In the final STEADY-1 analysis, remission lasted a median of 14 months with metformin.</p>
</body></html>
"""

CLEAN_TXT = "Roughly 11% of people in the US have type 2 diabetes.\n"


def _run(args, cwd, env, timeout=300):
    """Runs a command; returns (exit code, stdout and stderr together)."""
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout)
    return proc.returncode, proc.stdout


def _check(args, cwd, env, timeout=300):
    code, out = _run(args, cwd, env, timeout)
    assert code == 0, f"{' '.join(map(str, args))} exited {code}:\n{out}"
    return out


def _dependency_overlay(dest: Path) -> None:
    """Links every entry of this interpreter's site-packages into `dest`, except factlint and pip.

    On PYTHONPATH, `dest` makes the test environment's packages importable (and, for pip, installed) in
    the hook's virtualenv. .pth files are left out (they only work in a site directory), and with them
    an editable factlint; factlint's own package and metadata are left out by name.
    """
    dest.mkdir()
    folders = list(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        folders.append(site.getusersitepackages())
    seen = set()
    for folder in folders:
        if not os.path.isdir(folder):
            continue
        for entry in sorted(os.listdir(folder)):
            name = entry.lower()
            if (name in seen or "factlint" in name or name.endswith(".pth") or name == "__pycache__"
                    or name == "pip" or name.startswith("pip-")):
                continue
            seen.add(name)
            os.symlink(os.path.join(folder, entry), dest / entry)


def _snapshot_of_work_tree(dest: Path, env: dict) -> str:
    """Commits this checkout's work tree to a new git repository at `dest`; returns the commit."""
    project_env = {k: v for k, v in os.environ.items() if k not in _GIT_REPO_VARS}
    listing = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    code, out = _run(listing, ROOT, project_env)
    if code == 0:
        dest.mkdir()
        for rel in out.split("\0"):
            src = ROOT / rel
            if rel and src.is_file():  # a tracked file deleted from the work tree is left out
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / rel)
    else:  # not a git checkout (an unpacked sdist): its files, less what a build or a venv leaves
        shutil.copytree(ROOT, dest, symlinks=True, ignore=shutil.ignore_patterns(
            ".git", ".venv", "venv", "__pycache__", "*.pyc", ".pytest_cache", "build", "dist", "*.egg-info"))
    assert (dest / ".pre-commit-hooks.yaml").is_file(), f"{ROOT}/.pre-commit-hooks.yaml is missing"
    _check(["git", "init", "-q", str(dest)], dest, env)
    _check(["git", "add", "-A"], dest, env)
    _check(["git", "-c", "user.name=factlint tests", "-c", "user.email=tests@factlint.invalid",
            "-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", "work tree snapshot"],
           dest, env)
    return _check(["git", "rev-parse", "HEAD"], dest, env).strip()


@pytest.fixture(scope="module")
def hook_setup(tmp_path_factory):
    """The isolated environment, the hook repository (a snapshot) and its commit, shared by the tests.

    The hook's virtualenv is made once, in PRE_COMMIT_HOME, by the first test that installs the hook.
    """
    if importlib.util.find_spec("hatchling") is None:
        pytest.fail("hatchling, factlint's build backend, is not importable here: the hook's offline "
                    "`pip install .` builds factlint with it "
                    "(install the test extra: pip install -e '.[test]')")
    tmp = tmp_path_factory.mktemp("precommit")
    home = tmp / "home"
    home.mkdir()
    overlay = tmp / "site-packages"
    _dependency_overlay(overlay)

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "GIT_", "PRE_COMMIT", "VIRTUALENV_", "XDG_"))
           and k.lower() not in ("pythonpath", "pythonhome", "pythonuserbase", "virtual_env",
                                 "http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    env.update({
        # The test interpreter first: pre-commit looks for python3.X on PATH.
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", os.defpath)]),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip's inverted reading: "0" means --no-build-isolation
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
        "VIRTUALENV_OVERRIDE_APP_DATA": str(tmp / "virtualenv-app-data"),
        "PYTHONPATH": str(overlay),
        "NO_COLOR": "1",
        **{name: _NO_NETWORK for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                                          "all_proxy", "ALL_PROXY")},
    })
    rev = _snapshot_of_work_tree(tmp / "factlint-hook-repo", env)
    return {"tmp": tmp, "env": env, "hook_repo": tmp / "factlint-hook-repo", "rev": rev}


@pytest.fixture
def user_repo(hook_setup, tmp_path):
    """A user's git repository with the factlint hook configured, installed and committed."""
    env = hook_setup["env"]
    repo = tmp_path / "site"
    repo.mkdir()
    _check(["git", "init", "-q"], repo, env)
    for key, value in (("user.name", "Test Writer"), ("user.email", "writer@example.invalid"),
                       ("commit.gpgsign", "false")):
        _check(["git", "config", key, value], repo, env)
    (repo / "claims").mkdir()
    shutil.copy(REGISTRY, repo / "claims" / "registry.yaml")
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_setup['hook_repo'].as_posix()}\n"
        f"    rev: {hook_setup['rev']}\n"
        "    hooks:\n"
        "      - id: factlint\n",
        encoding="utf-8",
    )
    _check(["git", "add", "."], repo, env)
    _check(["git", "commit", "-q", "-m", "claims and pre-commit configuration"], repo, env)
    out = _check([sys.executable, "-m", "pre_commit", "install", "--install-hooks"], repo, env, timeout=900)
    assert "pre-commit installed at .git/hooks/pre-commit" in out, out
    # The hook runs the factlint that pip installed into the hook's own virtualenv.
    installed = list((hook_setup["tmp"] / "pre-commit-home").glob("repo*/py_env-*/bin/factlint"))
    assert installed, f"no factlint in a pre-commit hook environment under {hook_setup['tmp']}"
    return repo


def _commit_count(repo, env):
    return int(_check(["git", "rev-list", "--count", "HEAD"], repo, env).strip())


def test_commit_with_contradicted_number_is_refused(hook_setup, user_repo):
    env = hook_setup["env"]
    (user_repo / "draft.md").write_text(CONTRADICTED_MD, encoding="utf-8")
    _check(["git", "add", "draft.md"], user_repo, env)

    code, out = _run(["git", "commit", "-m", "Add the diabetes draft"], user_repo, env)

    assert code != 0, out
    assert "factlint" in out and "Failed" in out, out
    assert 'draft.md:3:9: FL101 [error] "30%" contradicts the registry' in out, out
    assert _commit_count(user_repo, env) == 1, "the refused commit was made"


def test_commit_of_clean_drafts_passes(hook_setup, user_repo):
    env = hook_setup["env"]
    (user_repo / "draft.md").write_text(CLEAN_MD, encoding="utf-8")
    (user_repo / "remission.html").write_text(CLEAN_HTML, encoding="utf-8")
    (user_repo / "notes.txt").write_text(CLEAN_TXT, encoding="utf-8")
    _check(["git", "add", "draft.md", "remission.html", "notes.txt"], user_repo, env)

    code, out = _run(["git", "commit", "-m", "Add the diabetes drafts"], user_repo, env)

    assert code == 0, out
    # "Passed", not "(no files to check)Skipped": the hook matched the files and factlint ran on them.
    assert "factlint" in out and "Passed" in out, out
    assert "FL1" not in out, out
    assert _commit_count(user_repo, env) == 2, out
    committed = _check(["git", "show", "--name-only", "--format=", "HEAD"], user_repo, env).split()
    assert sorted(committed) == ["draft.md", "notes.txt", "remission.html"]
