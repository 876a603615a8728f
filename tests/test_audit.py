"""`factlint audit`: an archive on a Dask LocalCluster of 2 worker processes, compared with `factlint check`.

Drafts of our own over the fictional diabetes fixture registry. Each test compares what the audit wrote
with what `check --format json-lines` (or a full audit) gives for the same files, so a test fails when the
audit loses, repeats or reorders a finding: after an interruption, after a worker is killed with SIGKILL,
from a JSON-lines or Parquet table, and after a registry change re-lints only some drafts.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES

pytest.importorskip("distributed", reason="factlint audit needs the audit extra: pip install -e '.[test,audit]'")

REGISTRY = FIXTURES / "diabetes" / "registry.yaml"
SENTENCES = [
    "Roughly 25% of adults in the US have type 2 diabetes.",
    "About 11% of people in the US have type 2 diabetes.",
    "In STEADY-1, remission lasted a median of 12 months with metformin.",
    "Metformn is usually the first drug.",
    "Experts say that walking after meals helps.",
    "About 40% of people who start insulin stop within a year.",
    "Glucophage (metformin) is a biguanide.",
    "Walking after dinner is pleasant.",
]


def write_archive(root: Path, n: int = 12) -> list[str]:
    """n drafts (Markdown, HTML and text), each a different mix of the sentences, in two folders."""
    names = []
    for i in range(n):
        picked = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 4)]
        folder = root / ("news" if i % 2 else "guides")
        folder.mkdir(parents=True, exist_ok=True)
        if i % 3 == 1:
            name, text = f"page-{i:02d}.html", "<h1>Diabetes</h1>\n" + "".join(f"<p>{s}</p>\n" for s in picked)
        elif i % 3 == 2:
            name, text = f"note-{i:02d}.txt", "\n\n".join(picked) + "\n"
        else:
            name, text = f"draft-{i:02d}.md", "# Diabetes\n\n" + "\n\n".join(picked) + "\n"
        (folder / name).write_text(text, encoding="utf-8")
        names.append(str((folder / name).relative_to(root)))
    return sorted(names)


def factlint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def check_lines(cwd: Path, registry: Path = REGISTRY, *paths: str) -> str:
    p = factlint(cwd, "check", "--no-cache", "--format", "json-lines", "--registry", str(registry),
                 *(paths or ("archive",)))
    assert p.returncode in (0, 1), p.stderr
    assert p.stdout.count("\n") >= 5
    return p.stdout


def audit_in_process(cwd: Path, out: str, registry: Path = REGISTRY, **kwargs):
    from factlint.audit import AuditInput, run_audit
    from factlint.settings import Options

    old = os.getcwd()
    os.chdir(cwd)
    try:
        size = kwargs.pop("partition_size", 1)
        return run_audit(AuditInput(("archive",), partition_size=size), out, Options(registry=(str(registry),)),
                         workers=2, **kwargs)
    finally:
        os.chdir(old)


@pytest.fixture
def archive(tmp_path) -> Path:
    write_archive(tmp_path / "archive")
    return tmp_path


def test_audit_writes_what_check_prints(archive):
    p = factlint(archive, "audit", "archive", "--out", "out", "--registry", str(REGISTRY), "--partition-size", "5")
    assert p.returncode == 1, p.stderr  # findings at error level, as check
    out = archive / "out"
    assert (out / "findings.jsonl").read_text(encoding="utf-8") == check_lines(archive)
    # the partition files keep each finding's line as check prints it, not escaped again inside JSON
    parts = b"".join(p.read_bytes() for p in sorted((out / "parts").glob("*.jsonl")))
    assert all(f"\t{line}".encode("utf-8") in parts for line in check_lines(archive).splitlines())
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 12 and summary["linted"] == 12 and summary["workers"] == 2
    findings = [json.loads(x) for x in check_lines(archive).splitlines()]
    assert summary["findings"] == len(findings)
    assert summary["by_rule"] == {c: sum(f["code"] == c for f in findings) for c in {f["code"] for f in findings}}
    assert summary["most_contradicted"][0][0] == "t2d-prevalence-us"
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    glucophage = [d for d in index if "Glucophage" in (archive / d).read_text(encoding="utf-8")]
    assert glucophage and all("drug:metformin" in index[d] for d in glucophage)
    assert "Audited 12 documents" in p.stdout and "Most often contradicted: t2d-prevalence-us" in p.stdout


def test_tables_of_documents_give_the_same_findings(archive):
    pa = pytest.importorskip("pyarrow", reason="Parquet tables need pyarrow (the audit extra)")
    import pyarrow.parquet as pq

    names = write_archive(archive / "archive")
    rows = [{"id": f"doc-{i}", "path": f"archive/{n}", "text": (archive / "archive" / n).read_text(encoding="utf-8")}
            for i, n in enumerate(names)]
    with open(archive / "docs.jsonl", "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    pq.write_table(pa.Table.from_pylist(rows), archive / "docs.parquet", row_group_size=5)
    expected = check_lines(archive)
    for table in ("docs.jsonl", "docs.parquet"):
        p = factlint(archive, "audit", "--table", table, "--out", f"out-{table}", "--registry", str(REGISTRY),
                     "-q")
        assert p.returncode == 1, p.stderr
        assert (archive / f"out-{table}" / "findings.jsonl").read_text(encoding="utf-8") == expected, table
    # A change of values: the rows are judged again from their stored analyses.
    new = _registry_with(archive, "new.yaml", _set_value("t2d-prevalence-us", 14.6))
    expected = check_lines(archive, new)
    for table in ("docs.jsonl", "docs.parquet"):
        p = factlint(archive, "audit", "--table", table, "--out", f"out-{table}", "--registry", str(new),
                     "--changed-claims", str(REGISTRY), "-q")
        assert p.returncode == 1, p.stderr
        summary = json.loads((archive / f"out-{table}" / "summary.json").read_text(encoding="utf-8"))
        assert 0 < summary["judged_from_analyses"] == summary["linted"], table
        assert (archive / f"out-{table}" / "findings.jsonl").read_text(encoding="utf-8") == expected, table


def test_an_interrupted_audit_resumes_where_it_stopped(tmp_path):
    write_archive(tmp_path / "archive", n=40)
    archive = tmp_path
    expected = check_lines(archive)
    seen = []

    def stop_after_three(number):
        seen.append(number)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        audit_in_process(archive, "out", on_partition=stop_after_three)
    # The workers write their partitions themselves: at least the three seen are done, not all forty.
    done = len(list((archive / "out" / "parts").glob("*.jsonl")))
    assert 3 <= done < 40
    assert not (archive / "out" / "findings.jsonl").exists()
    summary = audit_in_process(archive, "out")
    assert summary.resumed_partitions == done and summary.linted == 40 - done and summary.documents == 40
    assert not list((archive / "out" / "parts").glob("*.tmp.*"))
    assert (archive / "out" / "findings.jsonl").read_text(encoding="utf-8") == expected
    # Another registry is another audit: resuming it would mix two registries' findings.
    other = archive / "other.yaml"
    other.write_text(REGISTRY.read_text(encoding="utf-8").replace("value: 11.6", "value: 12.6"), encoding="utf-8")
    p = factlint(archive, "audit", "archive", "--out", "out", "--registry", str(other), "--partition-size", "1")
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "--restart" in p.stderr, p.stderr


def _kill_one_worker() -> int:
    """SIGKILL one Dask worker process (the local cluster's nannies fork or spawn them as children of this
    one: a forked worker has this process's command line)."""
    import psutil

    me = psutil.Process()
    for child in me.children(recursive=True):
        if "spawn_main" in " ".join(child.cmdline()) or child.cmdline() == me.cmdline():
            child.send_signal(signal.SIGKILL)
            return child.pid
    raise AssertionError("no Dask worker process found to kill")


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(tmp_path):
    write_archive(tmp_path / "archive", n=24)
    expected = check_lines(tmp_path)
    killed = []

    def kill_once(number):
        if not killed:
            killed.append(_kill_one_worker())

    summary = audit_in_process(tmp_path, "out", on_partition=kill_once)
    assert killed
    assert summary.documents == 24 and summary.linted == 24 and not summary.errors
    text = (tmp_path / "out" / "findings.jsonl").read_text(encoding="utf-8")
    assert text == expected  # nothing lost, nothing twice, same order


def test_a_reaudit_on_the_cluster_equals_a_full_audit(archive):
    """The same re-audit as below, forced onto the 2-worker cluster (small ones run in the client)."""
    new = archive / "new.yaml"
    new.write_text(REGISTRY.read_text(encoding="utf-8").replace("value: 11.6", "value: 14.6"), encoding="utf-8")
    audit_in_process(archive, "out", partition_size=4)
    summary = audit_in_process(archive, "out", new, partition_size=4, changed_claims=str(REGISTRY), local_limit=0)
    assert summary.workers == 2 and 0 < summary.linted < 12
    assert summary.judged_from_analyses == summary.linted  # the stored analyses travel with the partitions
    assert (archive / "out" / "findings.jsonl").read_text(encoding="utf-8") == check_lines(archive, new)


def _batch_recording_its_process(batch, spec, stored):
    """factlint.audit._lint_batch, noting the process that ran it (in the folder FACTLINT_TEST_PIDS)."""
    import factlint.audit as audit

    Path(os.environ["FACTLINT_TEST_PIDS"], str(os.getpid())).touch()
    return audit._REAL_LINT_BATCH(batch, spec, stored)


def _batch_dying_once(batch, spec, stored):
    """factlint.audit._lint_batch, except that the first process to run one is killed."""
    import factlint.audit as audit

    marker = Path(os.environ["FACTLINT_TEST_PIDS"], "died")
    if not marker.exists():
        marker.touch()
        os._exit(1)
    return audit._REAL_LINT_BATCH(batch, spec, stored)


@pytest.mark.parametrize("change", [("value: 11.6", "value: 14.6"), ("[Glucophage]", "[Glucophage, Riomet]")],
                         ids=["value", "vocabulary"])
@pytest.mark.parametrize("batch", [_batch_recording_its_process, _batch_dying_once])
def test_a_reaudit_of_a_few_dozen_drafts_forks_the_clients_pipeline(tmp_path, monkeypatch, batch, change):
    """A re-audit of 16 or more drafts, too few for a cluster, is linted in processes forked from the
    client: the result equals a full audit's. A forked process killed mid-run loses nothing (its drafts
    are linted in the client). After a change of values they judge stored analyses (the client builds no
    pipeline); after a change of vocabulary they lint with the client's."""
    import factlint.audit as audit

    write_archive(tmp_path / "archive", 48)
    new = tmp_path / "new.yaml"
    new.write_text(REGISTRY.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    audit_in_process(tmp_path, "out", partition_size=8)
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv("FACTLINT_TEST_PIDS", str(pids))
    monkeypatch.setattr(audit, "_REAL_LINT_BATCH", audit._lint_batch, raising=False)
    monkeypatch.setattr(audit, "_lint_batch", batch)
    summary = audit_in_process(tmp_path, "out", new, partition_size=8, changed_claims=str(REGISTRY))
    assert summary.workers == 0 and summary.linted >= 16
    assert summary.judged_from_analyses == (summary.linted if change[0] == "value: 11.6" else 0)
    if batch is _batch_recording_its_process:
        ran = {int(p.name) for p in pids.iterdir()}
        assert len(ran) == 2 and os.getpid() not in ran
    else:
        assert (pids / "died").exists()
    assert (tmp_path / "out" / "findings.jsonl").read_text(encoding="utf-8") == check_lines(tmp_path, new)


def test_a_reaudit_reads_only_the_partitions_it_changed(archive, monkeypatch):
    """After an audit, findings.jsonl's layout says where each partition's findings lie: a re-audit copies
    the untouched ones from it and reads only the partition files it rewrites. The result (findings,
    summary, index) equals a full audit's; a findings.jsonl changed since (its size or time) is not
    trusted, and everything is merged again, with the same result: the rewritten partitions from their
    files, the others from what their workers merged (a rewritten partition's merged file is gone)."""
    import factlint.audit as audit

    new = archive / "new.yaml"
    new.write_text(REGISTRY.read_text(encoding="utf-8").replace("value: 14", "value: 13"), encoding="utf-8")
    audit_in_process(archive, "full", new, partition_size=2)
    expected = {name: (archive / "full" / name).read_text(encoding="utf-8")
                for name in ("findings.jsonl", "index.json")}
    summary_keys = ("documents", "findings", "by_rule", "by_severity", "most_contradicted", "errors")
    expected_summary = {k: v for k, v in json.loads((archive / "full" / "summary.json").read_text()).items()
                        if k in summary_keys}
    read: list[str] = []
    real_read = audit._read_part
    monkeypatch.setattr(audit, "_read_part", lambda out, n: read.append(n) or real_read(out, n))
    merged: list[int] = []
    real_merged = audit._merged_run
    monkeypatch.setattr(audit, "_merged_run", lambda out, n, *a: (run := real_merged(out, n, *a)) and
                        (merged.append(n) or run))
    for touch in (False, True):
        audit_in_process(archive, "out", partition_size=2, restart=True)
        layout = json.loads((archive / "out" / "layout.json").read_text(encoding="utf-8"))
        assert [r[0] for r in layout["parts"]] == list(range(6))
        if touch:  # the same bytes, another time: the layout no longer vouches for the file
            findings = archive / "out" / "findings.jsonl"
            os.utime(findings, ns=(findings.stat().st_atime_ns, findings.stat().st_mtime_ns + 10**9))
        read.clear()
        merged.clear()
        summary = audit_in_process(archive, "out", new, partition_size=2, changed_claims=str(REGISTRY))
        assert 0 < summary.linted < 12
        parts_read = sorted(read)
        if touch:  # merged again: the partitions it rewrote read again, the others from their merged files
            assert len(set(parts_read)) < 6 and sorted(merged + sorted(set(parts_read))) == list(range(6))
        else:  # only the partitions it rewrote, each once
            assert len(parts_read) == len(set(parts_read)) < 6 and merged == []
        for name, text in expected.items():
            assert (archive / "out" / name).read_text(encoding="utf-8") == text, (name, touch)
        got = json.loads((archive / "out" / "summary.json").read_text(encoding="utf-8"))
        assert {k: v for k, v in got.items() if k in summary_keys} == expected_summary


def test_changed_claims_relint_only_the_drafts_a_change_can_touch(archive):
    (archive / "archive" / "news" / "riomet.md").write_text("Riomet is a biguanide taken with meals.\n",
                                                            encoding="utf-8")
    old = archive / "old.yaml"
    new = archive / "new.yaml"
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    old.write_text(REGISTRY.read_text(encoding="utf-8"), encoding="utf-8")
    for c in data["claims"]:
        if c["id"] == "steady-remission-metformin":
            c["value"] = 13  # the final analysis, revised
    new.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    p = factlint(archive, "audit", "archive", "--out", "out", "--registry", str(old), "-q")
    assert p.returncode == 1, p.stderr
    p = factlint(archive, "audit", "archive", "--out", "out", "--registry", str(new), "--changed-claims", str(old))
    assert p.returncode == 1, p.stderr
    full = factlint(archive, "audit", "archive", "--out", "full", "--registry", str(new), "-q")
    assert full.returncode == 1, full.stderr
    assert (archive / "out" / "findings.jsonl").read_text(encoding="utf-8") == \
        (archive / "full" / "findings.jsonl").read_text(encoding="utf-8") == check_lines(archive, new)
    summary = json.loads((archive / "out" / "summary.json").read_text(encoding="utf-8"))
    (change, docs), = summary["changes"].items()
    assert change == "claim steady-remission-metformin changed: value 14 months -> 13 months"
    index = json.loads((archive / "out" / "index.json").read_text(encoding="utf-8"))
    # Only its value changed: exactly the drafts whose numbers were judged against it were linted again
    # (the STEADY-1 sentence), not every draft that mentions its subject (metformin, Glucophage).
    mentioning = sorted(d for d, keys in index.items() if "entity:metformin-treatment" in keys)
    judged = sorted(d for d, keys in index.items() if "claim:steady-remission-metformin" in keys)
    assert docs == judged and summary["linted"] == len(docs)
    assert 0 < len(judged) < len(mentioning) < 13
    assert all("remission lasted" in (archive / d).read_text(encoding="utf-8") for d in judged)
    assert f"{len(docs)} documents" in p.stdout
    # A document added since the audit: the partitions no longer hold the same documents.
    (archive / "archive" / "news" / "late.md").write_text("Walking helps.\n", encoding="utf-8")
    p = factlint(archive, "audit", "archive", "--out", "out", "--registry", str(new), "--changed-claims", str(new))
    assert p.returncode == 2 and "audit it again" in p.stderr and p.stderr.count("\n") == 1, p.stderr
    (archive / "archive" / "news" / "late.md").unlink()
    # A name the new registry adds reaches drafts that mentioned nothing of it before (found in the text).
    data["drugs"][0]["brands"].append("Riomet")
    newer = archive / "newer.yaml"
    newer.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    p = factlint(archive, "audit", "archive", "--out", "out", "--registry", str(newer), "--changed-claims",
                 str(new))
    assert p.returncode == 1, p.stderr
    summary = json.loads((archive / "out" / "summary.json").read_text(encoding="utf-8"))
    (change, docs), = summary["changes"].items()
    assert change == "drug metformin changed: changed brands"
    assert "archive/news/riomet.md" in docs and "archive/news/riomet.md" not in mentioning
    assert (archive / "out" / "findings.jsonl").read_text(encoding="utf-8") == check_lines(archive, newer)
    index = json.loads((archive / "out" / "index.json").read_text(encoding="utf-8"))
    assert "drug:metformin" in index["archive/news/riomet.md"]


def _registry_with(tmp: Path, name: str, edit, base: Path = REGISTRY) -> Path:
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    edit(data)
    path = tmp / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _set_value(claim_id: str, value):
    def edit(data):
        next(c for c in data["claims"] if c["id"] == claim_id)["value"] = value
    return edit


def test_a_value_change_is_judged_from_stored_analyses_without_spacy(archive):
    """A re-audit after a change of values only (the registry's vocabulary unchanged) judges the affected
    drafts from what the first audit's pipeline found in them: spaCy is never imported, and the findings
    equal check's with the new registry."""
    new = _registry_with(archive, "new.yaml", _set_value("t2d-prevalence-us", 14.6))
    p = factlint(archive, "audit", "archive", "--out", "out", "--registry", str(REGISTRY), "-q")
    assert p.returncode == 1, p.stderr
    assert list((archive / "out" / "parts").glob("*.analyses"))
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "factlint", "audit", "archive", "--out", "out",
                        "--registry", str(new), "--changed-claims", str(REGISTRY)], cwd=archive, capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 1, p.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in p.stderr.splitlines() if line.startswith("import time:")]
    assert "factlint.analyses" in imported and not [m for m in imported if m.split(".")[0] in ("spacy", "thinc")]
    summary = json.loads((archive / "out" / "summary.json").read_text(encoding="utf-8"))
    assert 0 < summary["judged_from_analyses"] == summary["linted"] < 12
    assert f"{summary['linted']} of them judged from their stored analyses" in p.stdout
    assert (archive / "out" / "findings.jsonl").read_text(encoding="utf-8") == check_lines(archive, new)


def test_a_reaudit_leaves_partition_files_as_they_are_and_the_next_builds_on_its_lines(archive):
    """A re-audit writes its documents' new lines beside their partition files (NNNNNN.relinted) instead of
    rewriting them; the next re-audit reads those as the partition's lines, whether it re-lints the same
    drafts or others: its findings, index and counts equal a full audit's under the last registry, and so
    does a merge from every partition. A full audit started again removes them."""
    from types import SimpleNamespace

    import factlint.audit as audit

    audit_in_process(archive, "out", partition_size=3)
    parts = archive / "out" / "parts"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in parts.glob("*.jsonl")}
    index = archive / "out" / "index.json"
    index_before = (index.read_bytes(), index.stat().st_mtime_ns)
    first = _registry_with(archive, "first.yaml", _set_value("steady-remission-metformin", 13))
    s1 = audit_in_process(archive, "out", first, partition_size=3, changed_claims=str(REGISTRY))
    assert 0 < s1.linted < 12
    assert (index.read_bytes(), index.stat().st_mtime_ns) == index_before  # what they mention is unchanged
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in parts.glob("*.jsonl")} == before
    beside = b"".join(p.read_bytes() for p in parts.glob("*.relinted"))
    assert beside.count(b"\n") == s1.linted and len(before) == 4  # a line for each draft re-linted

    def second_edit(data):
        _set_value("steady-remission-metformin", 15)(data)  # the same drafts: their lines are beside
        _set_value("t2d-prevalence-us", 14.6)(data)  # others too: their lines are in the partition files
    second = _registry_with(archive, "second.yaml", second_edit, base=first)
    s2 = audit_in_process(archive, "out", second, partition_size=3, changed_claims=str(first))
    assert s2.linted > s1.linted
    audit_in_process(archive, "full", second, partition_size=3)
    names = ("findings.jsonl", "index.json")
    expected = {name: (archive / "full" / name).read_bytes() for name in names}
    assert {name: (archive / "out" / name).read_bytes() for name in names} == expected
    full = json.loads((archive / "full" / "summary.json").read_text(encoding="utf-8"))
    keys = ("documents", "findings", "by_rule", "by_severity", "most_contradicted", "errors")
    got = json.loads((archive / "out" / "summary.json").read_text(encoding="utf-8"))
    assert {k: got[k] for k in keys} == {k: full[k] for k in keys}
    merged = audit._finish(str(archive / "out"), [SimpleNamespace(number=n) for n in range(4)],
                           audit.AuditSummary(), 0.0)  # no layout: every partition merged again
    assert (archive / "out" / "findings.jsonl").read_bytes() == expected["findings.jsonl"]
    assert merged.by_rule == full["by_rule"]
    audit_in_process(archive, "out", second, partition_size=3, restart=True)
    assert not list(parts.glob("*.relinted"))
    assert (archive / "out" / "findings.jsonl").read_bytes() == expected["findings.jsonl"]


def test_stored_analyses_are_not_used_for_an_edited_draft_a_damaged_file_or_another_vocabulary(archive):
    """Drafts are linted again instead: one edited since the audit, those of a partition whose analyses file
    is damaged, and those analysed under another vocabulary (a brand added). The drafts linted again under
    the new vocabulary get analyses of it, which the next change of values judges from."""
    audit_in_process(archive, "out", partition_size=3)
    index = json.loads((archive / "out" / "index.json").read_text(encoding="utf-8"))
    affected = sorted(d for d, keys in index.items() if "claim:steady-remission-metformin" in keys)
    part_of = {d: next(n for n in range(4) if json.dumps(d) in
                       (archive / "out" / "parts" / f"{n:06d}.jsonl").read_text(encoding="utf-8")) for d in affected}
    edited, damaged = affected[0], affected[-1]
    assert part_of[edited] != part_of[damaged]
    with open(archive / edited, "a", encoding="utf-8") as fh:
        fh.write("\nAbout 30% of US adults have type 2 diabetes.\n")
    (archive / "out" / "parts" / f"{part_of[damaged]:06d}.analyses").write_bytes(b"\xe3\x00\x00")
    new = _registry_with(archive, "new.yaml", _set_value("steady-remission-metformin", 13))
    summary = audit_in_process(archive, "out", new, partition_size=3, changed_claims=str(REGISTRY))
    in_damaged = sum(part_of[d] == part_of[damaged] for d in affected)
    assert summary.linted == len(affected) >= 3
    assert summary.judged_from_analyses == len(affected) - 1 - in_damaged > 0
    assert (archive / "out" / "findings.jsonl").read_text(encoding="utf-8") == check_lines(archive, new)
    # Another vocabulary: the drafts that name metformin are linted, none judged from old analyses.
    newer = _registry_with(archive, "newer.yaml", lambda d: d["drugs"][0]["brands"].append("Riomet"), new)
    summary = audit_in_process(archive, "out", newer, partition_size=3, changed_claims=str(new))
    assert summary.linted >= len(affected) and summary.judged_from_analyses == 0
    assert (archive / "out" / "findings.jsonl").read_text(encoding="utf-8") == check_lines(archive, newer)
    # Their new analyses are of that vocabulary: a change of values after it judges every affected draft.
    newest = _registry_with(archive, "newest.yaml", _set_value("steady-remission-metformin", 11), newer)
    summary = audit_in_process(archive, "out", newest, partition_size=3, changed_claims=str(newer))
    assert summary.judged_from_analyses == summary.linted == len(affected)
    assert (archive / "out" / "findings.jsonl").read_text(encoding="utf-8") == check_lines(archive, newest)


def test_a_damaged_analyses_file_gives_no_analyses(tmp_path):
    """Whatever a partition's analyses file holds, a re-audit gets valid analyses or none (then it lints)."""
    import marshal

    from factlint.analyses import _header
    from factlint.audit import _usable_analyses
    from factlint.audit.inputs import Partition

    (tmp_path / "parts").mkdir()
    part = Partition(0, "files", ("a.md",), only=frozenset({"a.md"}))
    good = _header("v1") + b"rest"
    for content in (b"", b"\xe3\x00", marshal.dumps([1]), marshal.dumps({"a.md": 5}), marshal.dumps({"a.md": b"x"}),
                    marshal.dumps({"b.md": good}), marshal.dumps({"a.md": _header("v2") + b"rest"})):
        (tmp_path / "parts" / "000000.analyses").write_bytes(content)
        assert _usable_analyses(str(tmp_path), part, "v1") == {}, content
    (tmp_path / "parts" / "000000.analyses").write_bytes(marshal.dumps({"a.md": good, "b.md": good}))
    assert _usable_analyses(str(tmp_path), part, "v1") == {"a.md": good}


def test_a_table_with_a_name_twice_is_an_error(tmp_path):
    rows = [{"id": "a", "text": "Roughly 25% of adults in the US have type 2 diabetes."},
            {"id": "b", "text": "Walking helps."}, {"id": "a", "text": "About 40% of people stop."}]
    (tmp_path / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    p = factlint(tmp_path, "audit", "--table", "docs.jsonl", "--out", "out", "--registry", str(REGISTRY),
                 "--partition-size", "2")
    assert p.returncode == 2, p.stderr
    assert "a: more than one document has this name" in p.stdout
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 3 and summary["errors"] == ["a: more than one document has this name (id or path)"]
    # the first "a" keeps its findings; the second's (in the next partition, merged by another worker) are left out
    findings = (tmp_path / "out" / "findings.jsonl").read_text(encoding="utf-8")
    assert "25%" in findings and "40%" not in findings


def test_the_last_registry_may_be_a_copy_elsewhere(archive):
    """The usual re-audit: the archive was audited with claims/, which has since been edited, and the last
    version is checked out in another folder to compare with. The copy is the same registry (its files'
    bytes and names below it), so the re-audit runs; a copy that differs is refused."""
    import shutil

    claims = archive / "claims"
    claims.mkdir()
    shutil.copy(REGISTRY, claims / "registry.yaml")
    p = factlint(archive, "audit", "archive", "--out", "out", "--registry", "claims", "-q")
    assert p.returncode == 1, p.stderr
    shutil.copytree(claims, archive / "last")
    text = (claims / "registry.yaml").read_text(encoding="utf-8")
    (claims / "registry.yaml").write_text(text.replace("value: 11.6", "value: 14.6"), encoding="utf-8")
    p = factlint(archive, "audit", "archive", "--out", "out", "--registry", "claims", "--changed-claims", "last", "-q")
    assert p.returncode == 1, p.stderr
    assert (archive / "out" / "findings.jsonl").read_text(encoding="utf-8") == check_lines(archive, claims)
    summary = json.loads((archive / "out" / "summary.json").read_text(encoding="utf-8"))
    assert 0 < summary["linted"] < 12
    (archive / "last" / "registry.yaml").write_text(text + "\n", encoding="utf-8")  # one byte more
    p = factlint(archive, "audit", "archive", "--out", "out2", "--registry", "claims", "-q")
    p = factlint(archive, "audit", "archive", "--out", "out2", "--registry", "claims", "--changed-claims", "last")
    assert p.returncode == 2 and "was not made with the registry" in p.stderr


def test_usage_errors_are_one_line(archive):
    p = factlint(archive, "audit", "--out", "out")
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "paths, --files-from FILE or --table FILE" in p.stderr
    p = factlint(archive, "audit", "archive", "--out", "out", "--changed-claims", str(REGISTRY))
    assert p.returncode == 2 and "no finished audit" in p.stderr and p.stderr.count("\n") == 1
    p = factlint(archive, "audit", "--table", "missing.jsonl", "--out", "out")
    assert p.returncode == 2 and "missing.jsonl" in p.stderr and p.stderr.count("\n") == 1


def test_results_of_another_format_are_refused_in_one_line(archive):
    """A results folder an earlier version wrote (here: its manifest's format one lower) is not re-audited:
    its files may mean something else (before format 6, a re-audit rewrote partition files in place)."""
    from factlint.audit import FORMAT

    audit_in_process(archive, "out", partition_size=3)
    manifest = archive / "out" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "format": FORMAT - 1}), encoding="utf-8")
    p = factlint(archive, "audit", "archive", "--out", "out", "--registry", str(REGISTRY),
                 "--changed-claims", str(REGISTRY), "--partition-size", "3")
    assert p.returncode == 2 and p.stderr.count("\n") == 1, p.stderr
    assert f"results format {FORMAT - 1}, this one reads {FORMAT}" in p.stderr and "audit it again" in p.stderr


def test_an_existing_scheduler_by_its_address(archive):
    """--scheduler ADDRESS: the workers are not ours (the client writes the partitions it receives)."""
    import logging

    from distributed import LocalCluster

    expected = check_lines(archive)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        summary = audit_in_process(archive, "out", partition_size=3, scheduler=cluster.scheduler_address)
        assert summary.workers == 2 and summary.linted == 12
    assert (archive / "out" / "findings.jsonl").read_text(encoding="utf-8") == expected
    p = factlint(archive, "audit", "archive", "--out", "out2", "--scheduler", "tcp://127.0.0.1:9")
    assert p.returncode == 2 and "cannot reach the Dask scheduler" in p.stderr and p.stderr.count("\n") == 1


def test_a_bundled_field_by_its_name(tmp_path):
    """`--registry @alk-nsclc` names the same registry on the workers as in `check`."""
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.md").write_text(
        "# ALK\n\nIn ALK-positive NSCLC, median overall survival with ALK inhibitors is about 3 years.\n",
        encoding="utf-8")
    p = factlint(tmp_path, "audit", "archive", "--out", "out", "--registry", "@alk-nsclc", "-q")
    assert p.returncode == 1, p.stderr
    check = factlint(tmp_path, "check", "--no-cache", "--format", "json-lines", "--registry", "@alk-nsclc",
                     "archive")
    assert '"FL101"' in check.stdout
    assert (tmp_path / "out" / "findings.jsonl").read_text(encoding="utf-8") == check.stdout


def test_what_a_claim_change_can_touch(tmp_path):
    """A value change reaches the drafts judged against the claim and against the claims it supersedes
    (their FL103 quotes its value); a change to what links a claim (its conditions) reaches every draft
    that mentions its subject."""
    from factlint.audit.diff import registry_changes
    from factlint.registry import load_registry

    old = load_registry([REGISTRY])
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))

    def changed(edit):
        new_data = json.loads(json.dumps(data))
        edit({c["id"]: c for c in new_data["claims"]})
        path = tmp_path / "new.yaml"
        path.write_text(yaml.safe_dump(new_data, sort_keys=False), encoding="utf-8")
        (change,) = registry_changes(old, load_registry([path]))
        return change

    value = changed(lambda c: c["steady-remission-metformin"].update(value=13))
    assert value.keys == {"claim:steady-remission-metformin", "claim:steady-remission-metformin-2020"}
    source = changed(lambda c: c["t2d-prevalence-us"].update(source="steady-2020"))
    assert source.keys == {"claim:t2d-prevalence-us"}
    when = changed(lambda c: c["steady-remission-metformin"].update(when=["STEADY-1"]))
    assert "entity:metformin-treatment" in when.keys and "trial:steady-1" not in when.keys


def test_findings_of_partitions_out_of_name_order_are_merged(tmp_path):
    """Rows of a table need not come in name order: partition 0 may hold "b" and partition 1 "a". Their
    findings are then merged line by line into check's order, and no layout is kept for them."""
    from types import SimpleNamespace

    import factlint.audit as audit
    from factlint.audit.worker import DocResult

    def doc(name: str, *lines: int) -> DocResult:
        rows = tuple([[name, n, 1, "FL102", n, 5, "m"], None, "warning", f'{{"path": "{name}", "line": {n}}}']
                     for n in lines)
        return DocResult(name, rows, ("entity:x",))

    out = str(tmp_path / "out")
    os.makedirs(os.path.join(out, "parts"))
    audit._write_part(out, 0, [doc("b", 1, 3), doc("d", 2)])
    audit._write_part(out, 1, [doc("a", 7), doc("c", 1)])
    summary = audit._finish(out, [SimpleNamespace(number=0), SimpleNamespace(number=1)], audit.AuditSummary(), 0.0)
    lines = (tmp_path / "out" / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["path"] for line in lines] == ["a", "b", "b", "c", "d"]
    assert summary.findings == 5 and summary.documents == 4 and summary.by_rule == {"FL102": 5}
    assert not (tmp_path / "out" / "layout.json").exists()


def test_a_reaudit_splices_documents_into_the_last_findings(tmp_path, monkeypatch):
    """A re-audit puts each re-linted document's findings where its old ones were (or, for a document that
    had none, where its path sorts), and takes the old counts off: the files equal those merged afresh from
    the new partition files. A line break inside a finding (U+2028) does not split a partition file's line."""
    from types import SimpleNamespace

    import factlint.audit as audit
    from factlint.audit.worker import DocResult

    def doc(name: str, *rows: tuple[int, str, str | None]) -> DocResult:
        lines = tuple([[name, n, 1, code, n, 5, "m\u2028"], claim, "error" if code == "FL101" else "warning",
                       json.dumps({"path": name, "line": n, "code": code})] for n, code, claim in rows)
        return DocResult(name, lines, (f"entity:{name}",))

    first = {0: [doc("a", (1, "FL102", None)), doc("b", (2, "FL101", "c1"), (4, "FL102", None)), doc("c")],
             1: [doc("d"), doc("e", (3, "FL101", "c1"))]}
    later = {"a": doc("a", (1, "FL102", None), (9, "FL101", "c2")), "b": doc("b"), "c": doc("c", (1, "FL302", None)),
             "d": doc("d", (5, "FL101", "c1"))}
    parts = [SimpleNamespace(number=0), SimpleNamespace(number=1)]
    results = {}
    for name, docs in (("spliced", first), ("afresh", {n: [later.get(d.path, d) for d in ds]
                                                      for n, ds in first.items()})):
        out = str(tmp_path / name)
        os.makedirs(os.path.join(out, "parts"))
        for number, ds in docs.items():
            audit._write_part(out, number, ds)
        summary = audit._finish(out, parts, audit.AuditSummary(), 0.0)
        if name == "spliced":
            assert summary.by_rule == {"FL101": 2, "FL102": 2}
            replaced = {}
            for number, ds in first.items():
                for d in ds:
                    if d.path in later:
                        replaced.setdefault(number, {})[d.path] = (audit._doc_list(d), audit._doc_list(later[d.path]))
            for number in replaced:
                audit._write_part(out, number, [later.get(d.path, d) for d in first[number]])
            index = json.loads((tmp_path / name / "index.json").read_text(encoding="utf-8"))
            with monkeypatch.context() as m:  # the layout vouches for the rest: no partition file is read
                m.setattr(audit, "_read_part", None)
                summary = audit._finish(out, parts, audit.AuditSummary(), 0.0, replaced, index)
        results[name] = ({f: (tmp_path / name / f).read_text(encoding="utf-8")
                          for f in ("findings.jsonl", "index.json", "layout.json")}, summary)
    (spliced, s1), (afresh, s2) = results["spliced"], results["afresh"]
    assert [json.loads(line)["path"] for line in spliced["findings.jsonl"].split("\n")[:-1]] == \
        ["a", "a", "c", "d", "e"]
    assert spliced["findings.jsonl"] == afresh["findings.jsonl"] and spliced["index.json"] == afresh["index.json"]
    assert json.loads(spliced["layout.json"])["parts"] == json.loads(afresh["layout.json"])["parts"]
    assert (s1.by_rule, s1.by_severity, s1.most_contradicted, s1.documents) == \
        (s2.by_rule, s2.by_severity, s2.most_contradicted, s2.documents) == \
        ({"FL101": 3, "FL102": 1, "FL302": 1}, {"error": 3, "warning": 2}, [("c1", 2), ("c2", 1)], 5)


def test_the_local_cluster_is_a_batch_job_without_a_profiler_or_frequent_health_checks():
    """Workers of the cluster `audit` starts take no stack samples every 10 ms and check their event loop
    every second, not every 20 ms: on 2 cores those took the GIL and the cores from linting."""
    from factlint.audit import _client

    client, cluster = _client(None, 2, prebuilt=lambda: None)
    try:
        seen = client.run(lambda dask_worker: (sorted(dask_worker.periodic_callbacks), dask_worker._tick_interval))
        assert len(seen) == 2
        for callbacks, tick in seen.values():
            assert "profile" not in callbacks and "profile-cycle" not in callbacks
            assert tick == 1.0
        assert cluster.scheduler._tick_interval == 1.0
    finally:
        client.close()
        cluster.close()
    import dask

    assert dask.config.get("distributed.worker.profile.enabled") is True  # the settings end with the cluster's start


_DASK_LOGS = """
import logging
from factlint.audit import _client

def say(level, text):
    logging.getLogger("distributed.worker").log(level, text)
    return True

client, cluster = _client(None, 2, prebuilt=lambda: None)  # workers forked from this process
try:
    assert len(client.run(say, logging.ERROR, "worker-error-line")) == 2
    assert len(client.run(say, logging.CRITICAL, "worker-critical-line")) == 2
    logging.getLogger("distributed.scheduler").error("scheduler-error-line")
finally:
    client.close()
    cluster.close()
logging.getLogger("distributed.scheduler").error("after-the-cluster")
"""


def test_the_local_clusters_own_errors_are_not_printed():
    """The audit reports what fails itself; Dask's log lines, up to ERROR (a worker's heartbeat racing the
    scheduler's shutdown printed a traceback after an audit), are printed neither by its workers nor by the
    scheduler in the client, and the client's handler is as it was once the cluster is closed. (In a
    process of its own: under pytest, Dask installs no handler of its own.)"""
    p = subprocess.run([sys.executable, "-c", _DASK_LOGS], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "worker-error-line" not in p.stderr and "scheduler-error-line" not in p.stderr
    assert p.stderr.count("worker-critical-line") == 2  # the workers' log does reach stderr
    assert "after-the-cluster" in p.stderr


def test_dask_is_imported_in_the_collectors_guard_and_its_absence_is_one_plain_line(monkeypatch):
    """Imported after spaCy, Dask's modules paid full collections of spaCy's heap: the client imports them in
    the guard (factlint.engine.fewer_gc_pauses). Without them, the audit says how to install them."""
    import types

    import factlint.engine as engine
    from factlint.audit import _client
    from factlint.errors import UsageError

    seen = []
    fake = types.ModuleType("distributed")

    def attribute(name):
        seen.append((name, engine._GUARDED))
        if name in ("Client", "LocalCluster"):
            return object
        raise AttributeError(name)

    fake.__getattr__ = attribute
    monkeypatch.setitem(sys.modules, "distributed", fake)
    with pytest.raises(TypeError):  # the stand-in Client takes no scheduler address
        _client("tcp://127.0.0.1:1", 2)
    assert seen and all(guarded > 0 for _, guarded in seen)
    monkeypatch.setitem(sys.modules, "distributed", None)  # not installed
    with pytest.raises(UsageError, match=r"pip install 'factlint\[audit\]'"):
        _client(None, 2)


def test_each_partition_is_merged_where_it_is_linted_and_a_stale_merge_is_not_trusted(archive, monkeypatch):
    """Whoever lints a partition sorts and counts its findings: the client copies them into findings.jsonl
    without decoding a partition file. A merged file made from another version of its partition file
    (here rewritten with no findings for its documents) is not used: that partition is merged from its file."""
    from types import SimpleNamespace

    import factlint.audit as audit

    real_read = audit._read_part
    with monkeypatch.context() as m:
        m.setattr(audit, "_read_part", None)  # calling it fails
        summary = audit_in_process(archive, "out", partition_size=3)
    expected = check_lines(archive)
    out = archive / "out"
    assert (out / "findings.jsonl").read_text(encoding="utf-8") == expected and summary.documents == 12
    lines = real_read(str(out), 0)
    emptied = [audit._doc_of(line)[0] for line in lines]
    audit._write_bytes(audit._part_path(str(out), 0), b"".join(
        audit._doc_key(path) + b"\t" + json.dumps([[], [], None]).encode() + b"\n" for path in emptied))
    assert (out / "parts" / "000000.merged").exists()
    summary = audit._finish(str(out), [SimpleNamespace(number=n) for n in range(4)], audit.AuditSummary(), 0.0)
    kept = [line for line in expected.splitlines(keepends=True) if json.loads(line)["path"] not in emptied]
    assert len(kept) < len(expected.splitlines())
    assert (out / "findings.jsonl").read_text(encoding="utf-8") == "".join(kept)
    assert summary.findings == len(kept) and summary.documents == 12


def test_default_partitions_are_few_and_bounded() -> None:
    """Each partition costs Dask fixed work on the cores the workers share, so an archive is cut into about
    24 partitions, none smaller than 16 documents (a tiny archive) nor larger than 1,024 (a huge one, whose
    partitions stay short units of work and of resuming)."""
    from factlint.audit import auto_size

    for documents in (400, 1_000, 10_000, 24_000):
        size = auto_size(documents)
        assert 16 <= size <= 1024
        assert 23 <= -(-documents // size) <= 25, documents
    assert auto_size(10) == 16 and auto_size(0) == 16
    assert auto_size(10_000_000) == 1024


def test_the_last_partitions_are_smaller_so_no_worker_waits_long_at_the_end(tmp_path, monkeypatch) -> None:
    """By default the last two to three partitions' worth of documents is cut into eight smaller partitions
    (quarters, eighths and sixteenths of it), which run last: at the archive's end a worker waits for a small
    partition at most, not a whole one. A size given by the user is kept, and so is a small archive's."""
    from factlint.audit import AuditInput, auto_size, partitions_of
    from factlint.audit.inputs import partition_sizes, table_partitions
    from factlint.project import Project
    from factlint.settings import Options

    for documents in (1_000, 10_000, 10_007, 100_000):
        size = auto_size(documents)
        sizes = partition_sizes(documents, size, taper=True)
        assert sum(sizes) == documents and min(sizes) >= 1
        assert sizes == sorted(sizes, reverse=True), documents  # the small ones last
        assert sizes[:-8] == [size] * (len(sizes) - 8) and max(sizes[-4:]) <= size // 4, documents
    assert partition_sizes(40, 16, taper=True) == [16, 16, 8]  # under four partitions' worth: not cut
    assert partition_sizes(100, 16) == [16] * 6 + [4]

    archive = tmp_path / "archive"
    for i in range(100):
        (archive / f"{i // 50}").mkdir(parents=True, exist_ok=True)
        (archive / f"{i // 50}" / f"d{i:03d}.md").write_text(f"Draft {i}.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    project = Project(Options())
    parts, _ = partitions_of(AuditInput(("archive",)), project)
    tapered = [16] * 4 + [10, 10, 4, 4, 2, 2, 2, 2]  # auto_size(100) is 16
    assert [len(p.paths) for p in parts] == tapered
    assert [x for p in parts for x in p.paths] == sorted(str(x.relative_to(tmp_path)) for x in archive.rglob("*.md"))
    assert [p.number for p in parts] == list(range(len(parts)))
    given, _ = partitions_of(AuditInput(("archive",), partition_size=30), project)
    assert [len(p.paths) for p in given] == [30, 30, 30, 10]
    table = tmp_path / "docs.jsonl"
    table.write_text("".join(json.dumps({"id": f"d{i}", "text": "x"}) + "\n" + ("\n" if i % 7 == 0 else "")
                             for i in range(100)), encoding="utf-8")

    def rows(parts) -> list[int]:
        return [sum(1 for line in table.read_bytes()[p.start:p.end].splitlines() if line.strip()) for p in parts]

    assert rows(table_partitions(str(table), partition_sizes(100, 16, taper=True))) == tapered
    assert rows(partitions_of(AuditInput(table=str(table)), project)[0]) == tapered
    assert rows(partitions_of(AuditInput(table=str(table), partition_size=30), project)[0]) == [30, 30, 30, 10]


def test_the_cluster_runs_partitions_in_the_archives_order(tmp_path, monkeypatch):
    """Dask would run a bag's partitions in an order of its own: the small last partitions must run last."""
    from factlint.audit import AuditInput, run_audit
    from factlint.settings import Options

    write_archive(tmp_path / "archive", n=25)
    seen = []
    monkeypatch.chdir(tmp_path)
    run_audit(AuditInput(("archive",), partition_size=1), "out", Options(registry=(str(REGISTRY),)), workers=1,
              on_partition=seen.append)
    assert seen == list(range(25))


def test_old_lines_of_a_partition_of_files_are_found_in_one_pass(tmp_path):
    """A re-audit finds the old line of each draft it re-linted by the key that starts it. In a partition of
    files (names once each, in its lines' order) it looks for each from where the last was found: the same
    lines as a search from the file's end, the first and last lines included, and a key given out of order
    is still found."""
    from factlint.audit import _current_lines, _doc_key, _doc_line, _part_path
    from factlint.audit.worker import DocResult

    (tmp_path / "parts").mkdir()
    docs = [DocResult(f"archive/d{i:02d}.md", tuple([[i, 1, 1], "", "error", f'{{"n": {i}, "k": {j}}}']
                                                    for j in range(i % 3)), (f"drug:x{i}",)) for i in range(12)]
    data = b"".join(_doc_line(d) + b"\n" for d in docs)
    Path(_part_path(str(tmp_path), 0)).write_bytes(data)
    keys = [_doc_key(docs[i].path) for i in (0, 3, 4, 11)]
    expected = {k: line for k, line in ((_doc_key(d.path), _doc_line(d)) for d in docs) if k in keys}
    assert _current_lines(str(tmp_path), 0, keys, {}) == expected
    assert _current_lines(str(tmp_path), 0, keys, {}, in_file_order=True) == expected
    shuffled = [keys[2], keys[0], keys[3], keys[1]]
    assert _current_lines(str(tmp_path), 0, shuffled, {}, in_file_order=True) == expected
    relinted = {keys[1]: keys[1] + b"\tnew"}
    assert _current_lines(str(tmp_path), 0, keys, relinted, in_file_order=True) == {**expected, **relinted}
    assert _current_lines(str(tmp_path), 0, [_doc_key("archive/none.md")], {}, in_file_order=True) == {}
