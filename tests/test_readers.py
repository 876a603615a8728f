"""Readers: every character of every block maps back to the source it came from.

The documents below are written for these tests (no sentences from the evaluation set).
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from factlint.errors import InputError
from factlint.readers import (
    LINTABLE_SUFFIXES,
    read_document,
    read_html,
    read_markdown,
    read_source,
    read_text,
)
from factlint.source import BlockKind, LineIndex, TextBlock

# ------------------------------------------------------------------------------------------------------
# Documents
# ------------------------------------------------------------------------------------------------------
MARKDOWN = """---
title: Draft on kinase inhibitors
tags: [oncology, 55%]
---
# Kinase inhibitors &amp; survival

Roughly 3&ndash;5% of adults with the disease carry the fusion, see
[the registry report](https://example.org/registry?a=1&amp;b=2 "Registry") and *earlier
   work*: the **median** time was 14.2 months.[^2] Escaped \\*stars\\* and \\_under\\_ stay
literal, and an entity &#8211; too. Code like `dose = 40%` is skipped.
A hard break follows  
this line, and another\\
here &copy; 2024 [3].

Setext heading
--------------

> Quoted claim: response in 61% of patients.
> Still quoted, with <sup>7</sup> and <span>inline *html*</span>.

- First item mentions 250 mg daily
- Second item, **bold 12%**, with a
  continuation line
  1. Nested ordered item 8%

      Loose paragraph in the nested item.

| Drug | Response |
|------|---------:|
| Alpha\\|beta | 70% |
| Gamma | `code\\|cell` 45% |

Second table:

| Year | Rate |
| --- | --- |
| 1 | 80% |

```python
x = "fenced 99%"
```

    indented code 98%

<div>
<p>Raw HTML block with 17&nbsp;patients.</p>
<script>var hidden = "97%";</script>
<style>.x { width: 96% }</style>
</div>

<!-- factlint: disable-next-line FL102 -->
Text after a comment with ![alt 95% text](img.png) an image and ~~struck 5~~ words.

Autolink <https://example.org/x> and emoji 😀 with 2 items.

[^2]: https://example.org/footnote
"""

HTML = """<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>Guide to &quot;targeted&quot; therapy</title>
  <style>body { margin: 94% }</style>
  <script>const secret = "93%";</script>
</head>
<body>
<h1>Targeted therapy</h1>
<p>About 3&ndash;5%   of
   patients have the <b>fusion <i>variant</i></b>,
   according to <a href="https://example.org/study?x=1&amp;y=2">the 2019 study</a><sup>4</sup>.</p>
<ul>
  <li>First-line option: 600&nbsp;mg twice daily</li>
  <li><p>Paragraph in an item, 30%</p></li>
  <li>Unclosed item one
  <li>Unclosed item two &#8211; 12%
</ul>
<table>
  <caption>Survival by year</caption>
  <tr><th>Year</th><th>Survival</th></tr>
  <tr><td>1</td><td> 80% </td></tr>
  <tr><td><p>2</p></td><td>60&#x25;</td></tr>
</table>
<table><tr><td>Only cell</td></tr></table>
<h3>Notes</h3>
<pre>preformatted 92%</pre>
<p>Inline <code>code 91%</code> is skipped<br>and a break
<noscript>noscript 90%</noscript>
<svg><title>chart 89%</title><text>88%</text></svg>
<div>Unclosed div with AT&T and &unknown; references
<template><p>template 87%</p></template>
<!-- a comment 86% -->
</body>
</html>
"""

TEXT = """Living With a Kinase Fusion

Sub-header without punctuation

This is a paragraph that is long enough to be prose rather than a list of short lines. It has 42 words
and a second line that continues the sentence about patients in the study.

1. Targeted Therapy

Outcomes by Year
Time Frame Outcome
1 year 80%
2 years 61%

A short list of options follows:

  • Drug alpha (generic a)
  • Drug beta (generic b)\u00a0
  - Drug gamma
  * Drug delta

  • A bulleted single line that is rather long, longer than sixty characters in total.

Related reading
Choosing what to eat
Sleeping better at night

Short wrapped prose that
continues on a second line.

See also\u00a0 Another article title
"""


# ------------------------------------------------------------------------------------------------------
# The property: every character maps back
# ------------------------------------------------------------------------------------------------------
SYNTHETIC_TEXT = {" ", "|", "\n"}


def assert_maps_back(source: str, blocks: tuple[TextBlock, ...]) -> None:
    for block in blocks:
        smap = block.map
        assert smap.length == len(block.text)
        assert block.text == block.text.strip(), repr(block.text)
        for i, ch in enumerate(block.text):
            run = smap._run(i)
            start, end = smap.char_span(i)
            assert 0 <= start <= end <= len(source), (block.text, i)
            if smap.exact[run]:
                assert source[start:end] == ch, (block.text, i, ch, source[start:end])
            elif start == end:  # synthetic: only separators and gaps are made up
                assert ch in SYNTHETIC_TEXT, (block.text, i, ch)
        for mark in block.marks:
            assert 0 <= mark.start < mark.end <= len(block.text)
        # to_source of the whole block covers a non-empty source range
        s, e = smap.to_source(0, len(block.text))
        assert 0 <= s < e <= len(source)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


DOCUMENTS = [
    ("markdown", read_markdown, MARKDOWN),
    ("markdown-crlf", read_markdown, crlf(MARKDOWN)),
    ("html", read_html, HTML),
    ("html-crlf", read_html, crlf(HTML)),
    ("text", read_text, TEXT),
    ("text-crlf", read_text, crlf(TEXT)),
    ("markdown-as-text", read_text, MARKDOWN),
    ("html-as-text", read_text, HTML),
    ("text-as-markdown", read_markdown, TEXT),
    ("text-as-html", read_html, TEXT),
    (
        "markdown-containers",
        read_markdown,
        "> - item in a quote with [a link](u) and\n>   *emph* then 12% here\n>\n> > nested quote 3%\n"
        "lazy continuation 4%\n\n- <div>\n  html in a list 5%\n  </div>\n\n-\ttab item 6%\n\t  continued 7%\n",
    ),
    (
        "markdown-edge",
        read_markdown,
        "#\n\n# \n\n## Closing hashes ##\n\n***all*** __of__ _it_ **unclosed 5*3*2 a_b_c\n\n"
        "trailing backslash \\\n\n[ref][r] and [r] and [^n]\n\n[r]: https://example.org/ref\n"
        "x\u0000y after NUL\n\n| a |\n|---|\n|  |\n",
    ),
]


@pytest.mark.parametrize("name,reader,source", DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_every_character_maps_back(name: str, reader, source: str) -> None:
    blocks = reader(source)
    assert blocks, name
    assert_maps_back(source, blocks)


def all_text(blocks: tuple[TextBlock, ...]) -> str:
    return "\n".join(b.text for b in blocks)


def position(source: str, offset: int) -> tuple[int, int]:
    return LineIndex(source).position(offset)


# ------------------------------------------------------------------------------------------------------
# Markdown
# ------------------------------------------------------------------------------------------------------
def test_markdown_entity_renders_and_maps_to_the_whole_entity() -> None:
    source = "Between 3&ndash;5% of adults.\n"
    (block,) = read_markdown(source)
    assert block.text == "Between 3–5% of adults."
    i = block.text.index("–")
    start, end = block.map.char_span(i)
    assert (start, end) == (9, 16)
    assert source[start:end] == "&ndash;"
    assert block.map.to_source(i - 1, i + 3) == (8, 18)  # "3–5%" → "3&ndash;5%"


def test_markdown_number_after_link_soft_break_and_emphasis_maps_to_line_and_column() -> None:
    source = (
        "# Results\n"
        "\n"
        "See [the trial](https://example.org/t) and *note*\n"
        "   that **median** survival was 34.8 months.\n"
    )
    doc = read_source("draft.md", source)
    para = doc.blocks[1]
    assert para.text == "See the trial and note that median survival was 34.8 months."
    i = para.text.index("34.8")
    start, end = para.map.to_source(i, i + 4)
    # Line 4 is "   that **median** survival was 34.8 months.": 3 + 5 + 10 + 1 + 9 + 4 = 32 characters
    # come before the number, so it starts at column 33.
    assert doc.line_index.position(start) == (4, 33)
    assert source[start:end] == "34.8"
    # The soft break is one space standing for the newline; the next line's indentation is not text.
    j = para.text.index(" that")
    assert para.map.char_span(j) == (source.index("\n   that"), source.index("\n   that") + 1)


def test_markdown_positions_inside_containers() -> None:
    source = "> - item with [a link](u) and\n>   *emph* then 12% here\n"
    (block,) = read_markdown(source)
    assert block.kind is BlockKind.LIST_ITEM
    assert block.text == "item with a link and emph then 12% here"
    i = block.text.index("12%")
    start, end = block.map.to_source(i, i + 3)
    # Line 2 is ">   *emph* then 12% here": the number starts at column 17.
    assert position(source, start) == (2, 17)
    assert source[start:end] == "12%"


def test_markdown_crlf_offsets_are_into_the_original_string() -> None:
    source = "Intro line\r\nwith *10%* here.\r\n\r\n| a | b |\r\n|---|---|\r\n| x | 20% |\r\n"
    blocks = read_markdown(source)
    assert [b.text for b in blocks] == ["Intro line with 10% here.", "a | b", "x | 20%"]
    assert_maps_back(source, blocks)
    i = blocks[0].text.index("10%")
    assert position(source, blocks[0].map.char_span(i)[0]) == (2, 7)
    j = blocks[2].text.index("20%")
    assert position(source, blocks[2].map.char_span(j)[0]) == (6, 7)
    # The soft break maps to the "\n" of the "\r\n" only.
    k = blocks[0].text.index(" with")
    assert source[slice(*blocks[0].map.char_span(k))] == "\n"


def test_markdown_skips_code_front_matter_comments_and_script() -> None:
    text = all_text(read_markdown(MARKDOWN))
    for hidden in ("oncology", "55%", "dose", "40%", "fenced", "99%", "98%", "97%", "96%", "factlint", "95%", "alt"):
        assert hidden not in text, hidden


def test_markdown_toml_front_matter_and_unclosed_front_matter() -> None:
    toml = "+++\ntitle = \"x 12%\"\n+++\nBody 13%.\n"
    assert [b.text for b in read_markdown(toml)] == ["Body 13%."]
    yaml_dots = "---\nkey: 14%\n...\nBody 15%.\n"
    assert [b.text for b in read_markdown(yaml_dots)] == ["Body 15%."]
    not_front = "Intro\n---\nkey: 16%\n"  # not at the very start: a setext heading and a paragraph
    blocks = read_markdown(not_front)
    assert [(b.kind, b.text) for b in blocks] == [(BlockKind.HEADING, "Intro"), (BlockKind.PARAGRAPH, "key: 16%")]


def test_markdown_blocks_kinds_levels_and_groups() -> None:
    blocks = read_markdown(MARKDOWN)
    headings = [(b.level, b.text) for b in blocks if b.kind is BlockKind.HEADING]
    assert headings == [(1, "Kinase inhibitors & survival"), (2, "Setext heading")]
    items = [b.text for b in blocks if b.kind is BlockKind.LIST_ITEM]
    assert items == [
        "First item mentions 250 mg daily",
        "Second item, bold 12%, with a continuation line",
        "Nested ordered item 8%",
        "Loose paragraph in the nested item.",
    ]
    rows = [(b.group, b.text) for b in blocks if b.kind is BlockKind.TABLE_ROW]
    assert rows == [
        (0, "Drug | Response"),
        (0, "Alpha|beta | 70%"),
        (0, "Gamma | 45%"),
        (1, "Year | Rate"),
        (1, "1 | 80%"),
    ]
    quotes = [b for b in blocks if b.text.startswith("Quoted claim")]
    assert quotes[0].kind is BlockKind.PARAGRAPH and quotes[0].group == -1
    assert all(b.group == -1 for b in blocks if b.kind is not BlockKind.TABLE_ROW)
    assert_maps_back(MARKDOWN, blocks)


def test_markdown_table_cell_positions() -> None:
    source = "| Time | Rate |\n|:-----|-----:|\n|  2 years | 60% |\n"
    blocks = read_markdown(source)
    assert [b.text for b in blocks] == ["Time | Rate", "2 years | 60%"]
    row = blocks[1]
    i = row.text.index("60%")
    assert position(source, row.map.char_span(i)[0]) == (3, 14)
    sep = row.text.index(" | ")
    s, e = row.map.char_span(sep)
    assert s == e  # the separator is synthetic


def test_markdown_links_marks_and_footnotes() -> None:
    blocks = read_markdown(MARKDOWN)
    para = next(b for b in blocks if b.text.startswith("Roughly"))
    links = [m for m in para.marks if m.kind == "link"]
    assert links[0].target == "https://example.org/registry?a=1&b=2"
    assert para.text[links[0].start : links[0].end] == "the registry report"
    # Footnote references stay in the text, literally.
    assert "months.[^2]" in para.text and "2024 [3]." in para.text
    footnotes = [para.text[m.start : m.end] for m in para.marks if m.kind == "footnote"]
    assert footnotes == ["[^2]", "[3]"]
    # A [^2] that is a reference link keeps its brackets and is also a link.
    fn_link = next(m for m in links if m.target == "https://example.org/footnote")
    assert para.text[fn_link.start : fn_link.end] == "[^2]"
    quote = next(b for b in blocks if b.text.startswith("Still quoted") or "Still quoted" in b.text)
    sup = next(m for m in quote.marks if m.kind == "sup")
    assert quote.text[sup.start : sup.end] == "7"


def test_markdown_escapes_breaks_and_inline_html() -> None:
    blocks = read_markdown(MARKDOWN)
    para = next(b for b in blocks if b.text.startswith("Roughly"))
    assert "Escaped *stars* and _under_ stay literal, and an entity – too." in para.text
    assert "A hard break follows\nthis line, and another\nhere © 2024" in para.text
    star = para.text.index("*stars")
    s, e = para.map.char_span(star)
    assert MARKDOWN[s:e] == "\\*"
    quote = next(b for b in blocks if "Still quoted" in b.text)
    assert quote.text == "Quoted claim: response in 61% of patients. Still quoted, with 7 and inline html."
    raw = next(b for b in blocks if b.text.startswith("Raw HTML"))
    assert raw.text == "Raw HTML block with 17\u00a0patients."
    nbsp = raw.text.index("\u00a0")
    s, e = raw.map.char_span(nbsp)
    assert MARKDOWN[s:e] == "&nbsp;"
    last = next(b for b in blocks if b.text.startswith("Text after"))
    assert last.text == "Text after a comment with an image and struck 5 words."
    auto = next(b for b in blocks if b.text.startswith("Autolink"))
    assert auto.marks[0].kind == "link" and auto.marks[0].target == "https://example.org/x"


def test_markdown_source_string_is_not_modified() -> None:
    source = crlf(MARKDOWN)
    copy = str(source)
    read_markdown(source)
    assert source == copy


# ------------------------------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------------------------------
def test_html_entity_renders_and_maps_to_the_whole_entity() -> None:
    source = "<p>Between 3&ndash;5% of adults.</p>"
    (block,) = read_html(source)
    assert block.text == "Between 3–5% of adults."
    i = block.text.index("–")
    start, end = block.map.char_span(i)
    assert source[start:end] == "&ndash;" and end - start == 7


def test_html_blocks_whitespace_and_marks() -> None:
    blocks = read_html(HTML)
    texts = [b.text for b in blocks]
    assert texts[0] == 'Guide to "targeted" therapy'
    assert (blocks[0].kind, blocks[0].level) == (BlockKind.HEADING, 1)
    assert (blocks[1].kind, blocks[1].level, blocks[1].text) == (BlockKind.HEADING, 1, "Targeted therapy")
    para = blocks[2]
    assert para.text == "About 3–5% of patients have the fusion variant, according to the 2019 study4."
    link = next(m for m in para.marks if m.kind == "link")
    assert link.target == "https://example.org/study?x=1&y=2"
    assert para.text[link.start : link.end] == "the 2019 study"
    sup = next(m for m in para.marks if m.kind == "sup")
    assert para.text[sup.start : sup.end] == "4"
    # A collapsed whitespace run is one space standing for the whole run.
    i = para.text.index(" of patients")
    s, e = para.map.char_span(i)
    assert HTML[s:e] == "   "
    items = [b.text for b in blocks if b.kind is BlockKind.LIST_ITEM]
    assert items == [
        "First-line option: 600\u00a0mg twice daily",
        "Paragraph in an item, 30%",
        "Unclosed item one",
        "Unclosed item two – 12%",
    ]
    rows = [(b.group, b.text) for b in blocks if b.kind is BlockKind.TABLE_ROW]
    assert rows == [(0, "Year | Survival"), (0, "1 | 80%"), (0, "2 | 60%"), (1, "Only cell")]
    assert "Survival by year" in texts
    assert (blocks[texts.index("Notes")].kind, blocks[texts.index("Notes")].level) == (BlockKind.HEADING, 3)
    assert "Inline is skipped\nand a break" in texts
    assert "Unclosed div with AT&T and &unknown; references" in texts
    assert_maps_back(HTML, blocks)


def test_html_skips_script_style_code_and_head() -> None:
    text = all_text(read_html(HTML))
    for hidden in ("utf-8", "margin", "94%", "93%", "92%", "91%", "90%", "89%", "88%", "87%", "86%", "secret"):
        assert hidden not in text, hidden


def test_html_number_maps_to_line_and_column() -> None:
    source = "<div>\n  <p>Rates:\n     <em>about</em> 41%</p>\n</div>\n"
    (block,) = read_html(source)
    assert block.text == "Rates: about 41%"
    i = block.text.index("41%")
    assert position(source, block.map.char_span(i)[0]) == (3, 21)


@pytest.mark.parametrize(
    "source",
    [
        "<p>unclosed <b>bold <i>both",
        "</p></div></li></tr></table>stray end tags",
        "<td>cell without row</td><td>second</td>",
        "<table><tr><td>a<table><tr><td>b</td></tr></table>c</td></tr></table>",
        "<a href='x'><p>link across</p><p>blocks</p></a>",
        "<p>broken <a href=\"x>attribute</p>",
        "<script>never closed 5%",
        "<head><title>t</title><p>body without body tag</p>",
        "&amp &#x; &#12 &; & < > <>",
        "",
        "<p>   </p>",
    ],
)
def test_html_tolerates_malformed_input(source: str) -> None:
    blocks = read_html(source)
    assert_maps_back(source, blocks)
    assert "5%" not in all_text(blocks)


def test_html_head_content_after_missing_body_tag() -> None:
    blocks = read_html("<head><title>T</title><p>body without body tag</p>")
    assert [b.text for b in blocks] == ["T", "body without body tag"]


# ------------------------------------------------------------------------------------------------------
# Plain text
# ------------------------------------------------------------------------------------------------------
def test_text_structures() -> None:
    blocks = read_text(TEXT)
    kinds = [(b.kind, b.level, b.group, b.text) for b in blocks]
    H, P, L, T = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_ROW
    assert kinds == [
        (H, 1, -1, "Living With a Kinase Fusion"),
        (H, 2, -1, "Sub-header without punctuation"),
        (
            P,
            0,
            -1,
            "This is a paragraph that is long enough to be prose rather than a list of short lines. It has 42 words\n"
            "and a second line that continues the sentence about patients in the study.",
        ),
        (H, 2, -1, "1. Targeted Therapy"),
        (T, 0, 0, "Outcomes by Year"),
        (T, 0, 0, "Time Frame Outcome"),
        (T, 0, 0, "1 year 80%"),
        (T, 0, 0, "2 years 61%"),
        (P, 0, -1, "A short list of options follows:"),
        (L, 0, 1, "Drug alpha (generic a)"),
        (L, 0, 1, "Drug beta (generic b)"),
        (L, 0, 1, "Drug gamma"),
        (L, 0, 1, "Drug delta"),
        (L, 0, -1, "A bulleted single line that is rather long, longer than sixty characters in total."),
        (L, 0, 2, "Related reading"),
        (L, 0, 2, "Choosing what to eat"),
        (L, 0, 2, "Sleeping better at night"),
        (P, 0, -1, "Short wrapped prose that\ncontinues on a second line."),
        (H, 2, -1, "See also\u00a0 Another article title"),
    ]
    assert_maps_back(TEXT, blocks)


def test_text_bullet_items_start_at_the_name_and_keep_exact_offsets() -> None:
    blocks = read_text(TEXT)
    beta = next(b for b in blocks if b.text.startswith("Drug beta"))
    start, _ = beta.map.char_span(0)
    assert position(TEXT, start) == (18, 5)
    assert not beta.text.endswith("\u00a0")
    row = next(b for b in blocks if b.text == "2 years 61%")
    i = row.text.index("61%")
    assert position(TEXT, row.map.char_span(i)[0]) == (13, 9)


def test_text_paragraph_joins_lines_with_their_own_newline() -> None:
    source = "  First line of a long paragraph that goes on and on for more than sixty chars,\r\n" \
        "    second line 12% of it.  \r\n"
    (block,) = read_text(source)
    assert block.text == (
        "First line of a long paragraph that goes on and on for more than sixty chars,\nsecond line 12% of it."
    )
    nl = block.text.index("\n")
    s, e = block.map.char_span(nl)
    assert source[s:e] == "\n" and source[s - 1] == "\r"
    i = block.text.index("12%")
    assert position(source, block.map.char_span(i)[0]) == (2, 17)


# ------------------------------------------------------------------------------------------------------
# read_document: decoding and dispatch
# ------------------------------------------------------------------------------------------------------
def test_dispatch_by_extension() -> None:
    data = b"# Title\n\n<p>x &amp; y</p>\n"
    md = read_document("a.MD", data)
    assert [b.kind for b in md.blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH]
    assert md.blocks[1].text == "x & y"
    html = read_document("a.htm", data)
    assert [b.text for b in html.blocks] == ["# Title", "x & y"]
    for name in ("a.txt", "a.rst", "README", "-"):
        doc = read_document(name, data)
        assert [b.text for b in doc.blocks] == ["# Title", "<p>x &amp; y</p>"]
    assert LINTABLE_SUFFIXES == (".md", ".markdown", ".txt", ".html", ".htm")
    assert read_document("x.markdown", data).blocks[0].kind is BlockKind.HEADING


def test_bom_is_stripped() -> None:
    doc = read_document("a.md", b"\xef\xbb\xbfHello 5%.\n")
    assert doc.source == "Hello 5%.\n"
    assert doc.blocks[0].map.char_span(0) == (0, 1)


def test_crlf_document() -> None:
    doc = read_document("a.txt", b"Title Line\r\n\r\nBody with 7% here, and it ends with a period.\r\n")
    assert doc.source.count("\r\n") == 3
    body = doc.blocks[1]
    i = body.text.index("7%")
    assert doc.line_index.position(body.map.char_span(i)[0]) == (3, 11)


def test_invalid_utf8_reports_the_byte_offset() -> None:
    with pytest.raises(InputError) as err:
        read_document("bad.md", b"ok line\nbad \xff byte\n")
    assert err.value.path == "bad.md"
    assert "byte offset 12" in err.value.message
    assert "UTF-8" in err.value.message
    assert err.value.line == 2
    assert str(err.value).startswith("bad.md:2: ")


def test_nul_byte_is_binary() -> None:
    with pytest.raises(InputError) as err:
        read_document("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert "binary" in err.value.message and "byte offset 8" in err.value.message
    assert err.value.path == "img.txt"


def test_empty_and_blank_files() -> None:
    for name in ("e.md", "e.html", "e.txt"):
        assert read_document(name, b"").blocks == ()
        assert read_document(name, b"\n  \n\t\n").blocks == ()
        assert read_document(name, b"\xef\xbb\xbf").blocks == ()


def test_imports_stay_cheap() -> None:
    code = (
        "import sys\n"
        "from factlint.readers import read_document\n"
        "read_document('a.txt', b'Some text 5%.')\n"
        "read_document('a.html', b'<p>Some text 5%.</p>')\n"
        "assert 'markdown_it' not in sys.modules, 'markdown_it imported'\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
        "read_document('a.md', b'Some *text* 5%.')\n"
        "assert 'markdown_it' in sys.modules\n"
        "assert 'spacy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_markdown_html_blocks_in_containers_and_tables() -> None:
    source = (
        "- item 1%\n"
        "- <div>\n"
        "  html in a list 5%\n"
        "  </div>\n"
        "\n"
        "> <p>quoted\n"
        "> html 6%</p>\n"
        "\n"
        "| md | table |\n"
        "|----|-------|\n"
        "| 1  | 2     |\n"
        "\n"
        "<table><tr><td>html</td><td>table 7%</td></tr></table>\n"
    )
    blocks = read_markdown(source)
    assert [(b.kind, b.group, b.text) for b in blocks] == [
        (BlockKind.LIST_ITEM, -1, "item 1%"),
        (BlockKind.PARAGRAPH, -1, "html in a list 5%"),
        (BlockKind.PARAGRAPH, -1, "quoted html 6%"),
        (BlockKind.TABLE_ROW, 0, "md | table"),
        (BlockKind.TABLE_ROW, 0, "1 | 2"),
        (BlockKind.TABLE_ROW, 1, "html | table 7%"),
    ]
    assert_maps_back(source, blocks)
    quoted = blocks[2]
    i = quoted.text.index("6%")
    assert position(source, quoted.map.char_span(i)[0]) == (7, 8)


# ------------------------------------------------------------------------------------------------------
# Generated Markdown: the property on many combinations, and no text lost against the reference renderer
# ------------------------------------------------------------------------------------------------------
_FRAGMENTS = [
    "Plain text 12% here.", "*em* and **strong** and ***both***", "_under_ __dunder__", "a\\*b\\_c \\\\ d",
    "&ndash; &#8211; &#x2013; &amp; &bogus; &copy;", '[link *em*](http://a.example/c?x=1&amp;y=2 "title")',
    "![img alt 5%](x.png)", "[![img](y.png)](http://z.example)", "<http://auto.example/x>", "<sup>3</sup>",
    "<span>in span</span>", "`code 1%` after", "``double ` tick``", "text  \nhard", "text\\\nhard2",
    "soft\nbreak", "   indented soft\n   line", "~~struck 9%~~", "[^1] and [2]", "<!-- comment -->", "<br>",
    "tab\there", "emoji 😀 5%", "x < y > z", "a_b_c", "5*3*2", "[ref link][r1]", "[r1]", "unmatched [bracket",
    "unmatched ` tick", "**unclosed", "\u00a0nbsp\u00a0", "trailing \\",
]
_CONTAINERS = [
    lambda f: f,
    lambda f: "# " + f.replace("\n", " "),
    lambda f: "## " + f.replace("\n", " ") + " ##",
    lambda f: f + "\n===",
    lambda f: "- " + f.replace("\n", "\n  "),
    lambda f: "1. " + f.replace("\n", "\n   "),
    lambda f: "> " + f.replace("\n", "\n> "),
    lambda f: "> - " + f.replace("\n", "\n>   "),
    lambda f: "- > " + f.replace("\n", "\n  > "),
    lambda f: "| h1 | h2 |\n|---|:-:|\n| " + f.replace("\n", " ") + " | c2 |",
    lambda f: "    code " + f,
    lambda f: "```\n" + f + "\n```",
    lambda f: "<div>\n" + f + "\n</div>",
    lambda f: "<p>" + f.replace("\n", " ") + "</p>",
    lambda f: "\t- " + f.replace("\n", "\n\t  "),
    lambda f: "-\t" + f.replace("\n", "\n\t"),
    lambda f: "> " + f,  # lazy continuation lines
]


def _generated_documents(seed: int, count: int) -> list[str]:
    import random

    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 5)):
            fragment = " ".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(1, 4)))
            parts.append(rng.choice(_CONTAINERS)(fragment))
        docs.append("\n\n".join(parts) + "\n\n[r1]: http://ref.example\n")
    return docs


def test_generated_markdown_maps_back_with_lf_and_crlf() -> None:
    for doc in _generated_documents(1, 300):
        blocks = read_markdown(doc)
        assert_maps_back(doc, blocks)
        doc_crlf = crlf(doc)
        blocks_crlf = read_markdown(doc_crlf)
        assert_maps_back(doc_crlf, blocks_crlf)
        assert [b.text for b in blocks_crlf] == [b.text for b in blocks]


def test_generated_markdown_loses_no_text_against_the_reference_renderer() -> None:
    from markdown_it import MarkdownIt

    reference = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for doc in _generated_documents(2, 300):
        ours = " ".join(b.text for b in read_markdown(doc)).split()
        # The reference HTML, read by our HTML reader (which skips code and images the same way).
        theirs = " ".join(b.text for b in read_html(reference.render(doc))).split()
        assert ours == theirs, doc


def _tokens_as_values(tokens) -> list:
    """Every field of every token (children included), positions in `meta` too."""
    return [(t.type, t.tag, t.nesting, t.content, t.markup, t.info, t.level, t.block, t.hidden, t.map, t.attrs,
             repr(t.meta), _tokens_as_values(t.children or [])) for t in tokens]


def _plain_and_tracked(doc: str, parser) -> tuple:
    """The tokens and blocks of `doc` read with the inline fast path, then with the full inline tokenizer."""
    fast = (_tokens_as_values(parser.parse(doc)), read_markdown(doc, comments := []), comments)
    markup, parser.inline.markup = parser.inline.markup, None  # no fast path: every content is tokenized
    try:
        slow = (_tokens_as_values(parser.parse(doc)), read_markdown(doc, comments := []), comments)
    finally:
        parser.inline.markup = markup
    return fast, slow


def test_markdown_plain_content_fast_path_gives_the_tokenizers_tokens() -> None:
    """Content without markup skips markdown-it's inline rules (text and line ends only): the tokens, their
    positions and the blocks equal the full tokenizer's, for plain prose, soft and hard breaks, indented and
    tab-indented continuation lines, non-breaking spaces and every other fragment and container."""
    from factlint.readers.markdown import _parser

    parser = _parser()
    assert parser.inline.markup is not None
    plain = ["Plain 12% - of 3:1 #5 $4 +2 = x > y @z ^w {v} ?", "two spaces  \nhard  \n  and soft\nend",
             "tabs\t \n\tafter\u00a0nbsp \n\u00a0lead", "trailing space \nline", "   \n\nx   \n   "]
    docs = plain + [c(p) for p in plain for c in _CONTAINERS] + _generated_documents(3, 200)
    for doc in docs:
        fast, slow = _plain_and_tracked(doc, parser)
        assert fast == slow, doc


def test_markdown_fast_path_is_taken_only_for_content_without_markup(monkeypatch) -> None:
    from factlint.readers.markdown import _parser

    parser = _parser()
    tokenized: list[str] = []
    full = type(parser.inline).tokenize
    monkeypatch.setattr(type(parser.inline), "tokenize", lambda self, state: (tokenized.append(state.src),
                                                                                full(self, state))[1])
    read_markdown("# Survival at 5 years\n\nAbout 12% - of adults: 3:1 (ages 40+)\nhad a response.\n")
    assert tokenized == []
    for marked in ("an *emphasis*", "a [link](x)", "a `code`", "an &amp; entity", "a \\* escape", "a <b>tag</b>",
                   "a ~~strike~~", "an ![image](y)", "snake_case"):
        tokenized.clear()
        read_markdown(f"Text with {marked} here.\n")
        assert tokenized, marked
