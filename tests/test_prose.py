"""The draft rendered as prose (factlint.web.prose, templates/view.html): highlights mapped into the rendered
text through the readers' source maps, every finding in exactly one focusable highlight, and no markup of
the draft in the page."""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from conftest import FIXTURES
from factlint.readers import read_source
from factlint.web.prose import prose, text_span

REGISTRY = FIXTURES / "diabetes" / "registry.yaml"


def pieces_text(blocks) -> list[list[tuple[str, str | None]]]:
    """Each block's cells flattened to (text, highlight id) pieces."""
    return [[("".join(s.text for s in p.segments), p.mark) for cell in b.cells for p in cell] for b in blocks]


def test_a_highlight_maps_through_entities_escapes_and_emphasis():
    source = "Take **Glucophage** &amp; rest: about 4\\*5 = 20&nbsp;% of *adults* [stop](https://x.org) early.\n"
    doc = read_source("d.md", source)
    s = source.index("Glucophage")
    amp = source.index("&amp;")
    twenty = source.index("20&nbsp;%")
    blocks = prose(doc, [("g", s, s + 10), ("amp", amp, amp + 5), ("n", twenty, twenty + 9)])
    (pieces,) = pieces_text(blocks)
    marked = {m: t for t, m in pieces if m}
    assert marked == {"g": "Glucophage", "amp": "&", "n": "20\u00a0%"}
    assert "".join(t for t, _ in pieces) == "Take Glucophage & rest: about 4*5 = 20\u00a0% of adults stop early."


def test_text_span_of_a_span_in_a_gap_is_none_and_a_separator_needs_to_be_inside():
    doc = read_source("d.md", "| a | b |\n|---|---|\n| 10% | 20% |\n")
    row = doc.blocks[1]
    assert row.text == "10% | 20%"
    star = doc.source.index("| 10%")
    assert text_span(row.map, star, star + 1) is None  # the pipe itself renders as no character
    whole = (doc.source.index("10%"), doc.source.index("20%") + 3)
    assert text_span(row.map, *whole) == (0, len(row.text))


def test_table_rows_are_split_into_cells_and_a_highlight_across_cells_continues():
    source = "| drug | share |\n|---|---|\n| metformin | 30% of adults |\n"
    doc = read_source("d.md", source)
    a, b = source.index("metformin"), source.index("of adults")
    (head, row) = prose(doc, [("x", a, b)])
    assert [["".join(s.text for s in p.segments) for p in c] for c in head.cells] == [["drug"], ["share"]]
    cells = [[("".join(s.text for s in p.segments), p.mark, p.first) for p in c] for c in row.cells]
    assert cells == [[("metformin", "x", True)], [("30% ", "x", False), ("of adults", None, True)]]


def test_a_highlight_outside_every_block_is_shown_on_its_own_line_in_source_order():
    source = "About 40% stop.\n\n<!-- factlint: disable-next-line FL999 -->\nThe end.\n\n```\ncode 12%\n```\n"
    doc = read_source("d.md", source)
    c = source.index("<!--")
    code = source.index("12%")
    blocks = prose(doc, [("d", c, c + 4), ("c", code, code + 3)], directives=[(c, source.index("-->") + 3)])
    kinds = [b.kind for b in blocks]
    assert kinds == ["paragraph", "directive", "paragraph", "loose"]
    marks = [(t, m) for ps in pieces_text(blocks) for t, m in ps if m]
    assert marks == [("<!--", "d"), ("12%", "c")]


def test_links_keep_their_target_and_superscripts_stay_superscripts():
    doc = read_source("d.html", '<p>See <a href="https://a.org/x">the CDC</a> and a note<sup>3</sup>.</p>')
    (block,) = prose(doc, [])
    segs = [s for p in block.cells[0] for s in p.segments]
    assert [(s.text, s.link, s.sup) for s in segs] == [
        ("See ", None, False), ("the CDC", "https://a.org/x", False), (" and a note", None, False),
        ("3", None, True), (".", None, False)]


# ---- the page ---------------------------------------------------------------------------------------------

class Marks(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.views: dict[str, list[dict]] = {"prose": [], "source": []}
        self.tags: list[tuple[str, dict]] = []
        self._view: str | None = None
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        cls = a.get("class", "").split()
        if tag == "div" and ("fl-prose" in cls or "fl-source" in cls):
            self._view, self._depth = ("prose" if "fl-prose" in cls else "source"), 0
        if tag == "div" and self._view:
            self._depth += 1
        if tag == "mark" and "fl-claim" in cls and self._view:
            self.views[self._view].append(a)

    def handle_endtag(self, tag):
        if tag == "div" and self._view:
            self._depth -= 1
            if self._depth == 0:
                self._view = None


HOSTILE_HTML = """<html><head><title>Facts</title><script>window.x = 1</script></head><body>
<h2 onclick="alert(1)">Diabetes <em>today</em></h2>
<p>Roughly <strong>25%</strong> of adults in the US have type 2 diabetes.<img src=x onerror=alert(2)></p>
<p><a href="javascript:alert(3)">Glucophage</a> (metformin) is a biguanide. Studies show that walking helps.</p>
<iframe src="https://evil.example"></iframe><style>p{}</style>
<!-- factlint: disable-next-line FL102 -- from our clinic audit -->
<p>About 20% of clinic visits were missed. About 40% of people who start insulin stop within a year.</p>
</body></html>
"""


@pytest.mark.parametrize("name, text", [
    ("draft.md", "# Diabetes\n\nRoughly 25% of adults in the US have type 2 diabetes [x](javascript:alert(1)).\n\n"
                 "<script>alert(1)</script>\n\n- Glucophage (metformin) is a biguanide. Studies show that walking "
                 "helps.\n- About 40% of people who start insulin stop within a year.\n"),
    ("page.html", HOSTILE_HTML),
    ("notes.txt", "DIABETES\n\nRoughly 25% of adults in the US have type 2 diabetes.\n\nStudies show that walking "
                  "helps, and about 40% of people who start insulin stop within a year.\n"),
])
def test_every_finding_is_in_one_highlight_in_each_view_and_no_markup_survives(tmp_path, name, text):
    from factlint.project import Options, Project
    from factlint.web.view import build_view

    result = Project(Options(registry=(str(REGISTRY),), cache=False, annotate=True)).check_source(name, text)
    assert result.diagnostics
    view = build_view(result)
    page = Marks(view.html)
    expected = Counter(f"{d.line}:{d.column}:{d.code}" for d in result.diagnostics)
    for v in ("prose", "source"):
        got = Counter(t for m in page.views[v] for t in m["data-findings"].split())
        assert got == expected, v
        assert [m["data-id"] for m in page.views[v]] == sorted(view.data["marks"], key=lambda k: int(k.split("-")[2]))
    prose_html = view.html[view.html.index('<div class="fl-prose">'):view.html.index('<div class="fl-source"')]
    tags = set(re.findall(r"<([a-z0-9]+)", prose_html))
    assert tags <= {"div", "p", "h3", "h4", "h5", "h6", "ul", "li", "table", "tr", "th", "td", "mark", "span",
                    "a", "sup", "code"}, tags
    assert not re.search(r"\son[a-z]+=", prose_html)
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", prose_html, re.I)
    assert "&lt;script&gt;" not in prose_html or name == "draft.md"  # HTML drafts lose their script entirely


def test_the_view_data_carries_what_the_page_exports():
    from factlint.project import Options, Project
    from factlint.reporters.csv import COLUMNS
    from factlint.reporters.json import diagnostic_json
    from factlint.web.view import build_view

    text = "Roughly 25% of adults in the US have type 2 diabetes. Metformn helps.\n"
    result = Project(Options(registry=(str(REGISTRY),), cache=False, annotate=True)).check_source("d.md", text)
    data = build_view(result).data
    assert data["findings"] == [diagnostic_json(d) for d in result.diagnostics]
    assert data["csv"]["columns"] == list(COLUMNS) and len(data["csv"]["rows"]) == len(result.diagnostics)
    assert data["files"] == [{"path": "d.md", "kind": "markdown", "source": text}]
    fixable = [i for m in data["marks"].values() for i in m["items"] if i["edit"]]
    assert [i["code"] for i in fixable] == ["FL201"]
    assert fixable[0]["edit"]["edits"][0]["content"] == "Metformin"
    assert all(i["comment"] == f"<!-- factlint: disable-line {i['code']} -- REASON -->"
               for m in data["marks"].values() for i in m["items"] if i["code"])


def test_annotations_give_the_registry_value_in_the_drafts_unit_and_the_current_claim():
    from factlint.project import Options, Project

    text = ("With metformin in STEADY-1, remission lasted a median of 2 years.\n\n"
            "In STEADY-1, remission lasted a median of 12 months with metformin.\n\n"
            "About 11% of people in the US have type 2 diabetes.\n")
    result = Project(Options(registry=(str(REGISTRY),), cache=False, annotate=True)).check_source("d.md", text)
    anns = {a.text: a for a in result.files[0].annotations if a.kind == "number"}
    years = anns["2 years"]
    assert years.verdict == "contradicted" and years.registry_id == "steady-remission-metformin"
    assert (years.value, years.value_as_written) == ("14 months", "1.2 years")
    old = anns["12 months"]
    assert old.verdict == "outdated" and old.value_as_written is None  # same unit: nothing to convert
    assert (old.current_id, old.current_value) == ("steady-remission-metformin", "14 months")
    assert "2023" in old.current_source and "2020" in old.source
    share = anns["11%"]
    assert share.verdict == "supported" and share.current_id is None and share.value_as_written is None
