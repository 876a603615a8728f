"""The annotated article: a draft's whole text with every claim highlighted by its verdict.

One pure function of a `LintResult` (linted with annotations) gives the HTML fragment and the data both
views show: `factlint check --format html` (factlint.reporters.html) wraps it in a self-contained file,
`factlint serve` (factlint.web.app) returns it from /api/check. No Flask, no registry, no pipeline here.

The fragment (the DOM contract the browser tests rely on):

- `<section id="fl-summary">`: one `<li data-verdict>` per verdict present (the number of highlights
  with that verdict), one `<li data-code>` per finding code present (the number of findings), and
  `<p id="fl-coverage" data-coverage>`: the share of statistics backed by the registry or a citation.
- one `<article class="fl-file" data-path>` per file, with `<div class="fl-text">` holding the file's
  whole source text, escaped, with one `<mark class="fl-claim">` per highlight.
- `<aside id="fl-panel">`, the side panel the script fills from the data (keyed by each mark's data-id).

Highlights. Each settled diagnostic and each annotation is an *item*; a diagnostic takes in the
annotation it is about (an overlapping annotation of the same registry entry, or the number of an
FL101/FL102/FL103 finding), which supplies the registry's statement and value. Items whose spans overlap
form one mark (marks never overlap or nest), whose verdict is the most severe of its items. A finding
with an empty span gets a mark of one character. Every diagnostic is in exactly one mark.

An annotation judged contradicted, outdated or unsupported that no reported finding covers was silenced
by a suppression comment or left out by --select/--ignore: it shows with the neutral verdict
"suppressed", not as a problem. It still counts in the evidence coverage as a statistic that the registry
or a citation does not back (a suppression says the editor accepts the figure, not that it has evidence).

Evidence coverage = (supported + cited) / (supported + cited + contradicted + outdated + unsupported +
suppressed statistics), counting each FL101/FL102/FL103 finding and each number annotation once.
"""
from __future__ import annotations

import bisect
import html
import json
from dataclasses import dataclass, field
from functools import lru_cache

from ..annotations import STATISTIC_VERDICTS, VERDICT_OF, VERDICTS
from ..rules import BY_CODE, RULES
from ..source import LineIndex

# The verdicts a view shows, most severe first: the annotations' verdicts plus "suppressed".
VIEW_VERDICTS = (*VERDICTS[:VERDICTS.index("suppression") + 1], "suppressed",
                 *VERDICTS[VERDICTS.index("suppression") + 1:])
_RANK = {v: i for i, v in enumerate(VIEW_VERDICTS)}
# The number rules (their findings are about a statistic) and the rule behind each of their verdicts.
_NUMBER_CODES = tuple(r.code for r in RULES if r.verdict in STATISTIC_VERDICTS)
_PROBLEM_CODE = {r.verdict: r.code for r in RULES if r.code in _NUMBER_CODES}

# Summary labels; the visible mark labels (not colour alone) for findings (symbol + code) and others.
VERDICT_LABEL = {
    "contradicted": "contradicted by the registry",
    "outdated": "outdated (superseded in the registry)",
    "unsupported": "unsupported (no registry claim, no citation)",
    "drug-problem": "drug problems",
    "trial-problem": "trial problems",
    "vague": "vague attributions",
    "suppression": "suppression comment problems",
    "suppressed": "suppressed or not selected",
    "supported": "supported by the registry",
    "cited": "supported by a citation",
    "drug": "drugs in the registry",
    "trial": "trials in the registry",
}
SYMBOL = {"contradicted": "✗", "outdated": "↻", "unsupported": "?", "drug-problem": "✗",
          "trial-problem": "✗", "vague": "?", "suppression": "⚠", "suppressed": "–", "supported": "✓",
          "cited": "✓", "drug": "ℹ", "trial": "ℹ"}
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


def esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


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
        "source": first("source"),
        "source_url": first("source_url"),
        "explanation": "",
        "fix": "",
    }
    if d is not None:
        rule = BY_CODE.get(d.code)
        out.update(code=d.code, rule=f"{d.code} {d.rule}", severity=d.severity.value, message=d.message,
                   explanation=rule.why if rule else "", fix=rule.fix if rule else "")
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
    top = m.items[0]
    codes = [i.diag.code for i in m.items if i.diag is not None]
    if top.diag is not None:
        more = f" +{len(codes) - 1}" if len(codes) > 1 else ""
        return f"{SYMBOL.get(top.verdict, '!')} {top.diag.code}{more}"
    return PLAIN_LABEL.get(top.verdict, top.verdict)


# ---- the fragment ------------------------------------------------------------------------------------

PANEL = (
    '<aside id="fl-panel" role="dialog" aria-label="Claim details" tabindex="-1" hidden>\n'
    '<div class="fl-panel-head"><h2 class="fl-panel-title">Claim details</h2>'
    '<button type="button" id="fl-panel-close" aria-label="Close the details">×</button></div>\n'
    '<div class="fl-panel-items">'
    '<section class="fl-item">'
    '<p class="fl-words" data-field="words"></p>'
    '<p class="fl-verdict" data-field="verdict"></p>'
    '<p class="fl-message" data-field="message"></p>'
    '<dl>'
    '<dt>Registry says</dt><dd data-field="statement"></dd>'
    '<dt>Registry value</dt><dd data-field="value"></dd>'
    '<dt>Source</dt><dd data-field="source"></dd>'
    '<dt>Rule</dt><dd data-field="rule"></dd>'
    '<dt>Why it matters</dt><dd data-field="explanation"></dd>'
    '<dt>What to do</dt><dd data-field="fix"></dd>'
    '</dl></section></div>\n'
    '</aside>\n'
)


def build_view(result) -> View:
    """The fragment and data of a LintResult whose files carry `source` and `annotations`."""
    data: dict = {}
    counts: dict[str, int] = {}
    codes: dict[str, int] = {}
    backed = total = 0
    articles: list[str] = []
    for fi, fr in enumerate(result.files, 1):
        for d in fr.diagnostics:
            codes[d.code] = codes.get(d.code, 0) + 1
        if fr.error is not None:
            articles.append(f'<article class="fl-file fl-file-error" data-path="{esc(fr.path)}">\n'
                            f'<h2 class="fl-path">{esc(fr.path)}</h2>\n'
                            f'<p class="fl-file-message">This file could not be checked: {esc(fr.error)}</p>\n'
                            '</article>\n')
            continue
        source = fr.source
        if source is None:  # linted without annotations (the API): the document still has it
            source = fr.document.source if fr.document is not None else ""
        lines = LineIndex(source)
        marks = _marks(_items(fr, source))
        parts: list[str] = []
        pos = 0
        for mi, m in enumerate(marks, 1):
            mark_id = f"fl-{fi}-{mi}"
            top = m.items[0]
            verdict = top.verdict
            counts[verdict] = counts.get(verdict, 0) + 1
            for it in m.items:
                kind = _statistic(it)
                if kind is not None:
                    total += 1
                    backed += kind == "backed"
            diags = sorted((i.diag for i in m.items if i.diag is not None), key=lambda d: d.sort_key)
            findings = " ".join(f"{d.line}:{d.column}:{d.code}" for d in diags)
            registry_id = next((i.registry_id for i in m.items if i.registry_id), "") or ""
            line, column = lines.position(m.start)
            words = source[m.start:m.end]
            label = _label(m)
            parts.append(esc(source[pos:m.start]))
            parts.append(
                '<mark class="fl-claim" tabindex="0" role="button" aria-haspopup="dialog" '
                f'aria-controls="fl-panel" aria-expanded="false" data-id="{mark_id}" '
                f'data-verdict="{esc(verdict)}" '
                f'data-findings="{esc(findings)}" data-registry-id="{esc(registry_id)}" data-line="{line}" '
                f'data-column="{column}" data-label="{esc(label)}" aria-label="{esc(verdict)}: {esc(words)}">'
                f'{esc(words)}</mark>')
            pos = m.end
            data[mark_id] = {
                "path": fr.path, "verdict": verdict, "label": label, "words": words, "line": line,
                "column": column, "items": [_item_data(it, lines) for it in m.items],
            }
        parts.append(esc(source[pos:]))
        n_find = len(fr.diagnostics)
        articles.append(
            f'<article class="fl-file" data-path="{esc(fr.path)}">\n'
            f'<h2 class="fl-path">{esc(fr.path)}</h2>\n'
            f'<p class="fl-file-counts">{len(marks)} highlighted claim{"s" if len(marks) != 1 else ""}, '
            f'{n_find} finding{"s" if n_find != 1 else ""}</p>\n'
            f'<div class="fl-text">{"".join(parts)}</div>\n'
            '</article>\n')
    summary = _summary(result, counts, codes, backed, total)
    return View(summary + "".join(articles) + PANEL, data, counts, codes, backed, total)


def _summary(result, counts: dict, codes: dict, backed: int, total: int) -> str:
    out = ['<section id="fl-summary" aria-label="Summary">\n']
    n_files = len(result.files)
    n_find = sum(codes.values())
    out.append(f'<p class="fl-totals">{n_find} finding{"s" if n_find != 1 else ""} in {n_files} '
               f'file{"s" if n_files != 1 else ""}.</p>\n')
    out.append('<h2>Evidence coverage</h2>\n')
    if total:
        share = backed / total
        out.append(f'<p id="fl-coverage" data-coverage="{share:.3f}">{share * 100:.1f}% of statistics are '
                   f'backed by the registry or a citation ({backed} of {total}).</p>\n')
    else:
        out.append('<p id="fl-coverage" data-coverage="">No statistics found (0 of 0).</p>\n')
    out.append('<div class="fl-summary-lists">\n'
               '<div><h2>Highlights by verdict</h2>\n<ul class="fl-verdicts">\n')
    for v in VIEW_VERDICTS:
        if counts.get(v):
            out.append(f'<li data-verdict="{v}"><span class="fl-count">{counts[v]}</span> '
                       f'{esc(VERDICT_LABEL.get(v, v))}</li>\n')
    for v in sorted(set(counts) - set(VIEW_VERDICTS)):
        out.append(f'<li data-verdict="{esc(v)}"><span class="fl-count">{counts[v]}</span> {esc(v)}</li>\n')
    out.append('</ul></div>\n<div><h2>Findings by rule</h2>\n<ul class="fl-codes">\n')
    for code in sorted(codes):
        rule = BY_CODE.get(code)
        out.append(f'<li data-code="{esc(code)}"><span class="fl-count">{codes[code]}</span> {esc(code)} '
                   f'{esc(rule.name if rule else "")}</li>\n')
    if not codes:
        out.append('<li class="fl-none">No findings.</li>\n')
    out.append('</ul></div>\n</div>\n')
    errors = sorted(result.errors)
    if errors:
        out.append('<ul class="fl-errors">\n')
        out.extend(f'<li>{esc(e)}</li>\n' for e in errors)
        out.append('</ul>\n')
    out.append('</section>\n')
    return "".join(out)
