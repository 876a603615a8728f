"""The annotated article: a draft with every claim highlighted by its verdict, and the editor's tools.

One pure function of a `LintResult` (linted with annotations) gives the HTML fragment and the data both
views show: `factlint check --format html` (factlint.reporters.html) wraps it in a self-contained file,
`factlint serve` (factlint.web.app) returns it from /api/check. No Flask, no registry, no pipeline here;
the HTML comes from the autoescaping Jinja2 template templates/view.html.

The fragment (the DOM contract the browser tests rely on):

- `<section id="fl-summary">`: the evidence coverage (`#fl-coverage[data-coverage]`), and the filters:
  one `button.fl-filter[data-filter="verdict:V"]` per verdict present and one `[data-filter="code:C"]`
  per rule with findings, each showing how many list entries it selects, plus "findings" (the default)
  and "all". `#fl-shown` says how many entries are shown.
- `<ol id="fl-findings">`: one `li.fl-entry` per finding and per other highlighted item (supported,
  cited, a drug or trial the registry knows, a suppressed problem), in the order of the files, then by
  position, then findings before the rest and errors before warnings; `data-key`, `data-mark` (the
  highlight it is in), `data-verdict`, `data-code`, `data-finding`.
- one `<article class="fl-file" data-path>` per file, with two views of the draft holding the same
  highlights: `div.fl-prose` (the draft rendered from its text blocks, factlint.web.prose: no markup of
  the draft survives) and `div.fl-source` (the source, escaped, as written; hidden until toggled). Each
  highlight is one `mark.fl-claim[data-id]` per view (a highlight that runs across blocks continues in
  `mark.fl-claim-more`, not focusable).
- `<aside id="fl-panel">`, the details the script fills from the data (keyed by each mark's data-id).

The data (JSON): `marks` (id -> the panel's items), `files` (path, reader kind and source text: the
page applies fixes to it and offers the corrected draft for download), `findings` (exactly the objects
of `--format json`, for "Export JSON") and `csv` (the rows of `--format csv`, for "Export CSV").

Highlights. Each settled diagnostic and each annotation is an *item*; a diagnostic takes in the
annotation it is about (an overlapping annotation of the same registry entry, or the number of an
FL101/FL102/FL103 finding), which supplies the registry's statement and value (also in the draft's unit)
and, for an outdated figure, the current claim and its source. Items whose spans overlap form one mark
(marks never overlap or nest), whose verdict is the most severe of its items. A finding with an empty
span gets a mark of one character. Every diagnostic is in exactly one mark.

An annotation judged contradicted, outdated or unsupported that no reported finding covers was silenced
by a suppression comment or left out by --select/--ignore: it shows with the neutral verdict
"suppressed", not as a problem. It still counts in the evidence coverage as a statistic that the registry
or a citation does not back (a suppression says the editor accepts the figure, not that it has evidence).

Evidence coverage = (supported + cited) / (supported + cited + contradicted + outdated + unsupported +
suppressed statistics), counting each FL101/FL102/FL103 finding and each number annotation once.
"""
from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from functools import lru_cache

from ..annotations import STATISTIC_VERDICTS, VERDICT_OF, VERDICTS
from ..rules import BY_CODE, RULES
from ..source import LineIndex
from .prose import Piece, ProseBlock, Segment, prose, section_of, sections

# The verdicts a view shows, most severe first: the annotations' verdicts plus "suppressed".
VIEW_VERDICTS = (*VERDICTS[:VERDICTS.index("suppression") + 1], "suppressed",
                 *VERDICTS[VERDICTS.index("suppression") + 1:])
_RANK = {v: i for i, v in enumerate(VIEW_VERDICTS)}
# The number rules (their findings are about a statistic) and the rule behind each of their verdicts.
_NUMBER_CODES = tuple(r.code for r in RULES if r.verdict in STATISTIC_VERDICTS)
_PROBLEM_CODE = {r.verdict: r.code for r in RULES if r.code in _NUMBER_CODES}

# What an editor calls each verdict: the filters, the findings list, the panel's title.
EDITOR_LABEL = {
    "contradicted": "contradicts the registry",
    "outdated": "outdated figure",
    "unsupported": "no source",
    "drug-problem": "drug name or fact problem",
    "trial-problem": "wrong trial",
    "vague": "vague source",
    "suppression": "suppression comment problem",
    "suppressed": "problem not reported",
    "supported": "matches the registry",
    "cited": "has a citation",
    "drug": "drug in the registry",
    "trial": "trial in the registry",
}
SYMBOL = {"contradicted": "✗", "outdated": "↻", "unsupported": "?", "drug-problem": "✗",
          "trial-problem": "✗", "vague": "?", "suppression": "⚠", "suppressed": "–", "supported": "✓",
          "cited": "✓", "drug": "ℹ", "trial": "ℹ"}
# The chips of highlights that are not findings (a finding's chip is its rule's label).
PLAIN_LABEL = {"suppressed": "– suppressed", "supported": "✓ registry", "cited": "✓ cited",
               "drug": "ℹ drug", "trial": "ℹ trial", "contradicted": "✗ contradicted",
               "outdated": "↻ outdated", "unsupported": "? unsupported"}
VERDICT_TEXT = {
    "contradicted": "contradicted: the registry gives another figure",
    "outdated": "outdated: the registry marks this figure as superseded",
    "unsupported": "unsupported: no registry claim matches and the sentence cites no source",
    "drug-problem": "drug problem: the drug's name, brand or class disagrees with the registry",
    "trial-problem": "trial problem: the trial did not test this drug",
    "vague": "vague: attributed to unnamed studies or experts",
    "suppression": "suppression problem: a factlint comment that does nothing",
    "suppressed": "suppressed: a problem that is not reported (suppression comment or rule selection)",
    "supported": "supported: the registry agrees",
    "cited": "cited: no registry claim, but the sentence cites a source",
    "drug": "drug: a drug the registry knows",
    "trial": "trial: a trial the registry knows",
}
_EXPLANATION = {
    "supported": "The registry holds this figure with its source, and the draft's number agrees with it after "
                 "unit conversion, the draft's own rounding, hedges such as 'about' and the claim's tolerance.",
    "cited": "This statistic matches no registry claim, but its sentence cites a source (a link, a footnote, "
             "a bracketed reference, an author-year, a DOI or a PMID), so a reader can check it.",
    "drug": "The registry lists this drug with its brands and class; factlint checks its spelling, the "
            "brand and generic names paired with it and the class the draft gives it.",
    "trial": "The registry lists this trial with the drug it tested and its comparator; factlint checks "
             "which drug the draft says the trial tested.",
    "suppressed": "factlint judged this statistic {judged} ({code}), but the finding is not reported: a "
                  "suppression comment silences it, or the rule is not selected (--select, --ignore, the "
                  "configuration).",
}
_FIX = {
    "supported": "Nothing to do.",
    "cited": "Nothing to do; make sure the cited source supports the figure.",
    "drug": "Nothing to do.",
    "trial": "Nothing to do.",
    "suppressed": "Check that the suppression's reason still holds; remove it once the figure is fixed or "
                  "sourced.",
}


@dataclass
class _Item:
    start: int
    end: int
    verdict: str
    words: str
    diag: object = None  # Diagnostic
    ann: object = None  # Annotation
    judged: str = ""  # for "suppressed": the verdict that is not reported

    @property
    def registry_id(self) -> str | None:
        return (self.diag.registry_id if self.diag is not None else None) or (
            self.ann.registry_id if self.ann is not None else None)


@dataclass
class _Mark:
    start: int
    end: int
    items: list = field(default_factory=list)


@dataclass(frozen=True)
class View:
    html: str  # the fragment: summary, one article per file, the panel
    data: dict  # what the panel shows, keyed by each mark's data-id
    counts: dict  # verdict -> number of highlights
    codes: dict  # code -> number of findings
    backed: int  # statistics backed by the registry or a citation
    statistics: int


def is_http_url(url: str | None) -> bool:
    return bool(url) and url.strip().lower().startswith(("http://", "https://"))


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """A package file of factlint/web/static (the stylesheet and scripts)."""
    from importlib.resources import files

    return (files("factlint.web") / "static" / name).read_text(encoding="utf-8")


def data_json(data: dict) -> str:
    """JSON safe inside a <script> element: <, > and & escaped, so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ---- items and marks ---------------------------------------------------------------------------------

def _nonempty(start: int, end: int, source: str) -> tuple[int, int]:
    """A span of at least one character (a finding with an empty span gets one), inside the source."""
    n = len(source)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    if end > start or n == 0:
        return start, end
    if start < n and (source[start] != "\n" or start == 0 or source[start - 1] == "\n"):
        return start, start + 1
    return start - 1, start


def _absorbs(d, a) -> bool:
    if a.registry_id and a.registry_id == d.registry_id:
        return True
    return a.kind == "number" and d.code in _NUMBER_CODES


def _items(fr, source: str) -> list[_Item]:
    items: list[_Item] = []
    taken: set[int] = set()
    anns = sorted(fr.annotations, key=lambda a: (a.start, a.end))
    starts = [a.start for a in anns]
    longest = max((a.end - a.start for a in anns), default=0)
    for d in fr.diagnostics:
        s, e = _nonempty(d.start, d.end, source)
        verdict = VERDICT_OF.get(d.code) or ("contradicted" if d.severity.value == "error" else "unsupported")
        item = _Item(s, e, verdict, d.text or source[s:e], diag=d)
        for k in range(bisect.bisect_left(starts, s - longest), bisect.bisect_left(starts, e)):
            a = anns[k]
            if k not in taken and a.start < e and s < a.end and _absorbs(d, a):
                taken.add(k)
                item.ann = a
                break
        items.append(item)
    for k, a in enumerate(anns):
        if k in taken:
            continue
        s, e = _nonempty(a.start, a.end, source)
        verdict, judged = a.verdict, ""
        if verdict in _PROBLEM_CODE:
            verdict, judged = "suppressed", a.verdict
        items.append(_Item(s, e, verdict, a.text or source[s:e], ann=a, judged=judged))
    return items


def _marks(items: list[_Item]) -> list[_Mark]:
    marks: list[_Mark] = []
    for it in sorted(items, key=lambda i: (i.start, i.end)):
        spans = (it.start, it.end) if it.ann is None else (min(it.start, it.ann.start), max(it.end, it.ann.end))
        s, e = spans
        if marks and (s < marks[-1].end or (s == e == marks[-1].start == marks[-1].end)):
            marks[-1].end = max(marks[-1].end, e)
            marks[-1].items.append(it)
        else:
            marks.append(_Mark(s, e, [it]))
    for m in marks:
        m.items.sort(key=lambda i: (_RANK.get(i.verdict, 99), i.start, i.end,
                                    i.diag.sort_key if i.diag is not None else ()))
    return marks


def _statistic(it: _Item) -> str | None:
    """backed / not backed / None (not a statistic) for the evidence coverage."""
    if it.diag is not None:
        if it.diag.code in _NUMBER_CODES:
            return "not backed"
        return None
    if it.ann is not None and it.ann.kind == "number" and it.ann.verdict in STATISTIC_VERDICTS:
        return "backed" if it.verdict in ("supported", "cited") else "not backed"
    return None


def _item_data(it: _Item, lines: LineIndex) -> dict:
    d, a = it.diag, it.ann

    def first(name: str) -> str:
        return (getattr(d, name, None) if d is not None else None) or (
            getattr(a, name, None) if a is not None else None) or ""

    line, column = (d.line, d.column) if d is not None else lines.position(it.start)
    out = {
        "verdict": it.verdict,
        "verdict_text": VERDICT_TEXT.get(it.verdict, it.verdict),
        "label": EDITOR_LABEL.get(it.verdict, it.verdict),
        "words": it.words,
        "line": line,
        "column": column,
        "code": "",
        "rule": "",
        "severity": "",
        "message": "",
        "registry_id": it.registry_id or "",
        "statement": first("statement"),
        "value": first("value"),
        "value_as_written": (a.value_as_written or "") if a is not None else "",
        "source": first("source"),
        "source_url": first("source_url"),
        "current": "",
        "current_source": "",
        "current_source_url": "",
        "explanation": "",
        "fix": "",
        "edit": None,
        "comment": "",
        "entry": "",
    }
    if a is not None and a.current_id and it.verdict in ("outdated", "suppressed"):
        out.update(current=f"{a.current_value} ({a.current_id})" if a.current_value else a.current_id,
                   current_source=a.current_source or "", current_source_url=a.current_source_url or "")
    if d is not None:
        rule = BY_CODE.get(d.code)
        out.update(code=d.code, rule=f"{d.code} {d.rule}", severity=d.severity.value, message=d.message,
                   explanation=rule.why if rule else "", fix=rule.fix if rule else "",
                   label=rule.label if rule and rule.label else out["label"],
                   edit=d.fix.to_json() if d.fix else None,
                   comment=f"<!-- factlint: disable-line {d.code} -- REASON -->")
    else:
        code = _PROBLEM_CODE.get(it.judged, "")
        out["explanation"] = _EXPLANATION.get(it.verdict, "").format(judged=it.judged, code=code)
        out["fix"] = _FIX.get(it.verdict, "")
        if it.verdict == "suppressed":
            rule = BY_CODE.get(code)
            out["rule"] = f"{code} {rule.name}" if rule else ""
            out["message"] = f"Judged {it.judged}; the {code} finding is not reported."
        elif it.verdict == "supported":
            out["message"] = (f"Agrees with the registry claim {a.registry_id}." if a.registry_id
                              else "Agrees with the registry.")
        elif it.verdict == "cited":
            out["message"] = "No registry claim matches this statistic; its sentence cites a source."
        elif it.verdict in ("drug", "trial"):
            out["message"] = f"In the registry as {a.registry_id}." if a.registry_id else ""
    return out


def _label(m: _Mark) -> str:
    """The words on a highlight's chip: what an editor calls its most severe item (+N for more)."""
    top = m.items[0]
    more = f" +{len(m.items) - 1}" if len(m.items) > 1 else ""
    if top.diag is not None:
        rule = BY_CODE.get(top.diag.code)
        words = rule.label if rule and rule.label else top.diag.code
        return f"{SYMBOL.get(top.verdict, '!')} {words}{more}"
    return PLAIN_LABEL.get(top.verdict, top.verdict) + more


# ---- the fragment ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def templates():
    """The Jinja2 environment of factlint/web/templates (autoescaped: every value is text unless marked)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("factlint.web", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.tests["http_url"] = is_http_url
    return env


def _tail(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """The last word of a highlight's words split off, so its chip (drawn after it) never wraps away."""
    if not segments:
        return segments
    last = segments[-1]
    text = last.text.rstrip()
    cut = max(text.rfind(" "), text.rfind("\n"), text.rfind("\t")) + 1
    head, tail = last.text[:cut], last.text[cut:]
    split = (Segment(head, last.link, last.sup),) if head else ()
    return (*segments[:-1], *split, Segment(tail, last.link, last.sup, tail=True))


def _labelled(pieces) -> list[Piece]:
    return [Piece(_tail(p.segments), p.mark, p.first) if p.mark and p.first else p for p in pieces]


def _source_pieces(source: str, marks: list[tuple[str, int, int]]) -> list[Piece]:
    out, pos = [], 0
    for mark_id, s, e in marks:
        if s > pos:
            out.append(Piece((Segment(source[pos:s]),)))
        out.append(Piece((Segment(source[s:e]),), mark_id))
        pos = e
    if pos < len(source):
        out.append(Piece((Segment(source[pos:]),)))
    return _labelled(out)


def _grouped(blocks: list[ProseBlock]) -> list[dict]:
    """Runs of list items as one list, rows of one table as one table; every other block on its own."""
    out: list[dict] = []
    for b in blocks:
        cells = [_labelled(c) for c in b.cells]
        if b.kind == "list_item" and out and out[-1]["tag"] == "ul":
            out[-1]["items"].append(cells[0])
        elif b.kind == "list_item":
            out.append({"tag": "ul", "items": [cells[0]]})
        elif b.kind == "table_row" and out and out[-1]["tag"] == "table" and out[-1]["group"] == b.group:
            out[-1]["rows"].append(cells)
        elif b.kind == "table_row":
            out.append({"tag": "table", "group": b.group, "rows": [cells]})
        elif b.kind == "heading":
            out.append({"tag": f"h{min(b.level + 2, 6)}", "cells": cells})
        else:
            out.append({"tag": {"directive": "directive", "loose": "loose"}.get(b.kind, "p"), "cells": cells})
    return out


_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def build_view(result) -> View:
    """The fragment and data of a LintResult whose files carry `source` and `annotations`."""
    from ..readers import read_source, reader_kind
    from ..reporters.csv import COLUMNS, row
    from ..reporters.json import diagnostic_json

    data: dict = {}
    codes: dict[str, int] = {}
    backed = total = 0
    files: list[dict] = []
    entries: list[dict] = []
    downloads: list[dict] = []
    for fi, fr in enumerate(result.files, 1):
        for d in fr.diagnostics:
            codes[d.code] = codes.get(d.code, 0) + 1
        if fr.error is not None:
            files.append({"path": fr.path, "error": fr.error})
            continue
        source = fr.source
        if source is None:  # linted without annotations (the API): the document still has it
            source = fr.document.source if fr.document is not None else ""
        doc = fr.document if fr.document is not None and fr.document.source == source else read_source(
            fr.path, source)
        lines = LineIndex(source)
        heads = sections(doc)
        marks = _marks(_items(fr, source))
        mark_info: dict[str, dict] = {}
        spans: list[tuple[str, int, int]] = []
        file_entries: list[dict] = []
        for mi, m in enumerate(marks, 1):
            mark_id = f"fl-{fi}-{mi}"
            for it in m.items:
                kind = _statistic(it)
                if kind is not None:
                    total += 1
                    backed += kind == "backed"
            diags = sorted((i.diag for i in m.items if i.diag is not None), key=lambda d: d.sort_key)
            line, column = lines.position(m.start)
            words = source[m.start:m.end]
            section = section_of(heads, m.start)
            items = [_item_data(it, lines) for it in m.items]
            for it, item in zip(m.items, items):
                key = f"{mark_id}-{len(file_entries) + 1}"
                item["entry"] = key
                d = it.diag
                file_entries.append({
                    "key": key, "mark": mark_id, "verdict": it.verdict, "code": d.code if d else "",
                    "finding": d is not None, "severity": d.severity.value if d else "",
                    "label": item["label"], "words": item["words"], "line": item["line"],
                    "column": item["column"], "section": section, "path": fr.path, "diag": d,
                    "fixable": d is not None and d.fix is not None})
            mark_info[mark_id] = {
                "id": mark_id, "verdict": m.items[0].verdict, "label": _label(m), "words": words,
                "findings": " ".join(f"{d.line}:{d.column}:{d.code}" for d in diags), "line": line,
                "column": column,
                "registry_id": next((i.registry_id for i in m.items if i.registry_id), "") or ""}
            spans.append((mark_id, m.start, m.end))
            data[mark_id] = {"path": fr.path, "verdict": m.items[0].verdict, "label": _label(m),
                             "words": words, "line": line, "column": column, "section": section, "items": items}
        file_entries.sort(key=lambda e: (e["line"], e["column"], not e["finding"],
                                         _SEVERITY_RANK.get(e["severity"], 3), e["code"], e["key"]))
        entries.extend(file_entries)
        directives = [(s.start, s.end) for s in fr.directives]
        files.append({
            "index": fi, "path": fr.path, "error": None, "marks": mark_info,
            "prose": _grouped(prose(doc, spans, directives)), "source": _source_pieces(source, spans),
            "n_marks": len(marks), "n_findings": len(fr.diagnostics),
            "fixable": sum(1 for d in fr.diagnostics if d.fix is not None)})
        downloads.append({"path": fr.path, "kind": reader_kind(fr.path), "source": source})
    counts: dict[str, int] = {}
    for e in entries:
        counts[e["verdict"]] = counts.get(e["verdict"], 0) + 1
    n_findings = sum(codes.values())
    verdicts = [(v, counts[v]) for v in (*VIEW_VERDICTS, *sorted(set(counts) - set(VIEW_VERDICTS)))
                if counts.get(v)]
    rules = [(c, codes[c], BY_CODE[c].label if c in BY_CODE else c) for c in sorted(codes)]
    html = templates().get_template("view.html").render(
        files=files, entries=entries, verdicts=verdicts, rules=rules, n_findings=n_findings,
        n_entries=len(entries), n_files=len(result.files), backed=backed, total=total,
        errors=sorted(result.errors), editor_label=EDITOR_LABEL, symbol=SYMBOL)
    diags = result.diagnostics
    page = {"marks": data, "files": downloads,
            "findings": [diagnostic_json(d) for d in diags],
            "csv": {"columns": list(COLUMNS), "rows": [row(d) for d in diags]}}
    return View(html, page, counts, codes, backed, total)
