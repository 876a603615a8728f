#!/usr/bin/env python3
"""Self-check of one real-article set (not part of factlint; adapted from shared/eval/dev/articles/verify.py).
Each set's verify.py runs it on its own folder.

It checks that:
  - claims.yaml parses with yaml.safe_load, ids are unique and kebab-case, and every reference resolves
    (sources of drugs, trials, claims and not_for entries; entities of indicated_for, not_for and about;
    trial drugs; superseded_by);
  - every article NN-slug.md starts with "<!-- paraphrased from: URL -->" and has NN-slug.gold.jsonl;
  - every gold row has line/expect/kind/note, points at a non-empty line of its article, is listed once,
    uses known codes, and its registry_id exists in that field's claims.yaml with the right kind of entry
    (FL101/FL103: a claim, FL103 one with superseded_by; FL201/FL202/FL203: a drug; FL301: a trial;
    FL102/FL302: null).
Prints per-article and per-field counts. Run from anywhere:  python3 tests/articles/<set>/verify.py
"""
import collections, glob, json, os, re, sys

import yaml

HERE = ""  # the set's folder (main)
FIELDS = (".",)
CODES = {"FL101", "FL102", "FL103", "FL201", "FL202", "FL203", "FL301", "FL302"}
KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
HEADER = re.compile(r"<!-- paraphrased from: (https?://\S+) -->")
problems = []


def check_registry(field):
    path = os.path.join(HERE, field, "claims.yaml")
    reg = yaml.safe_load(open(path, encoding="utf-8"))
    sections = ("sources", "entities", "metrics", "drugs", "trials", "claims")
    unknown = set(reg) - set(sections)
    if unknown:
        problems.append(f"{field}/claims.yaml: unknown top-level keys {sorted(unknown)}")
    ids = collections.Counter(it["id"] for sec in sections for it in reg.get(sec) or [])
    problems.extend(f"{field}: duplicate id {i}" for i, n in ids.items() if n > 1)
    problems.extend(f"{field}: id not kebab-case: {i}" for i in ids if not KEBAB.fullmatch(i))
    ent = {e["id"] for e in reg["entities"]}
    src = {s["id"] for s in reg["sources"]}
    drugs = {d["id"]: d for d in reg["drugs"]}
    trials = {t["id"]: t for t in reg["trials"]}
    claims = {c["id"]: c for c in reg["claims"]}
    for sec in ("drugs", "trials", "claims"):
        for it in reg[sec]:
            if it.get("source") not in src:
                problems.append(f"{field}: {it['id']}: unknown source {it.get('source')}")
    for d in reg["drugs"]:
        problems.extend(f"{field}: {d['id']}: unknown entity {e}" for e in d.get("indicated_for") or [] if e not in ent)
        for nf in d.get("not_for") or []:
            problems.extend(f"{field}: {d['id']}: not_for unknown entity {e}" for e in nf["about"] if e not in ent)
            if nf.get("source") not in src:
                problems.append(f"{field}: {d['id']}: not_for has unknown source {nf.get('source')}")
    for t in reg["trials"]:
        if t["drug"] not in drugs:
            problems.append(f"{field}: trial {t['id']}: unknown drug {t['drug']}")
    for c in reg["claims"]:
        if not c.get("about") or c["about"][0] not in ent:
            problems.append(f"{field}: {c['id']}: needs a known first entity in about")
        problems.extend(f"{field}: {c['id']}: unknown entity {e}" for e in c["about"] if e not in ent)
        if c.get("superseded_by") and c["superseded_by"] not in claims:
            problems.append(f"{field}: {c['id']}: superseded_by {c['superseded_by']} is not a claim")
        if c.get("drug") and c["drug"] not in drugs:
            problems.append(f"{field}: {c['id']}: unknown drug {c['drug']}")
        if c.get("trial") and c["trial"] not in trials:
            problems.append(f"{field}: {c['id']}: unknown trial {c['trial']}")
    return claims, drugs, trials, len(src)


def check_article(field, md, claims, drugs, trials):
    name = os.path.relpath(md, HERE)
    text = open(md, encoding="utf-8").read()
    lines = text.split("\n")
    if not HEADER.fullmatch(lines[0].strip()):
        problems.append(f"{name}: line 1 is not '<!-- paraphrased from: URL -->'")
    gold = md[:-3] + ".gold.jsonl"
    if not os.path.exists(gold):
        problems.append(f"{name}: no gold file")
        return None
    seen, n_exp, clean = set(), collections.Counter(), 0
    for k, raw in enumerate(open(gold, encoding="utf-8"), 1):
        if not raw.strip():
            continue
        row = json.loads(raw)
        where = f"{os.path.relpath(gold, HERE)}:{k}"
        if set(row) != {"line", "expect", "kind", "note"}:
            problems.append(f"{where}: keys {sorted(row)} (want line, expect, kind, note)")
        ln = row["line"]
        if ln in seen:
            problems.append(f"{where}: line {ln} listed twice")
        seen.add(ln)
        if not 1 <= ln <= len(lines) or not lines[ln - 1].strip():
            problems.append(f"{where}: line {ln} is empty or outside the article")
        if not row.get("note"):
            problems.append(f"{where}: empty note")
        clean += not row["expect"]
        for e in row["expect"]:
            code, rid = e.get("code"), e.get("registry_id")
            n_exp[code] += 1
            if code not in CODES:
                problems.append(f"{where}: unknown code {code}")
            elif code in ("FL102", "FL302"):
                if rid is not None:
                    problems.append(f"{where}: {code} must have registry_id null")
            elif code in ("FL101", "FL103"):
                if rid not in claims:
                    problems.append(f"{where}: {code} registry_id {rid} is not a claim")
                elif code == "FL103" and not claims[rid].get("superseded_by"):
                    problems.append(f"{where}: FL103 registry_id {rid} is not superseded")
            elif code in ("FL201", "FL202", "FL203"):
                if rid not in drugs:
                    problems.append(f"{where}: {code} registry_id {rid} is not a drug")
            elif code == "FL301" and rid not in trials:
                problems.append(f"{where}: FL301 registry_id {rid} is not a trial")
    return len(seen), clean, n_exp


def main(folder: str) -> int:
    global HERE
    HERE = folder
    grand = collections.Counter()
    for field in FIELDS:
        claims, drugs, trials, n_src = check_registry(field)
        print(f"{field}/claims.yaml: {len(claims)} claims, {len(drugs)} drugs, {len(trials)} trials, {n_src} sources")
        tot = collections.Counter()
        for md in sorted(glob.glob(os.path.join(HERE, field, "[0-9][0-9]-*.md"))):
            res = check_article(field, md, claims, drugs, trials)
            if res is None:
                continue
            scored, clean, n_exp = res
            tot["scored"] += scored
            tot["clean"] += clean
            tot.update(n_exp)
            print(f"  {os.path.basename(md)}: {scored} scored lines, {clean} clean, expected {dict(sorted(n_exp.items()))}")
        codes = {c: tot[c] for c in sorted(CODES) if tot[c]}
        print(f"  {field} total: {tot['scored']} scored lines, {tot['clean']} clean, expected {codes} ({sum(codes.values())} findings)")
        grand.update(tot)
    codes = {c: grand[c] for c in sorted(CODES) if grand[c]}
    print(f"all: {grand['scored']} scored lines, {grand['clean']} clean, expected {codes} ({sum(codes.values())} findings)")
    print("\n".join(problems) or "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1])))
