"""Document readers: a file's bytes → `Document` (decoded source + text blocks with source maps).

`read_document` decodes (UTF-8, BOM stripped, binary and invalid data refused with an `InputError`) and
picks the reader by extension: Markdown (.md, .markdown), HTML (.html, .htm), plain text otherwise.
Every character of every block maps back to the source span it came from; offsets are code-point
offsets into `Document.source`.

Importing this package is cheap: markdown-it is imported only when a Markdown file is read.
"""
from __future__ import annotations

import os
import re

from factlint.errors import InputError
from factlint.source import Comment, Document, TextBlock

LINTABLE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")

_BOM = b"\xef\xbb\xbf"

__all__ = [
    "LINTABLE_SUFFIXES",
    "decode",
    "read_document",
    "read_source",
    "read_markdown",
    "read_html",
    "read_text",
]


def decode(path: str, data: bytes) -> str:
    """The text of a draft: UTF-8 without its BOM. Raises `InputError` for binary or non-UTF-8 data."""
    skip = len(_BOM) if data.startswith(_BOM) else 0
    nul = data.find(b"\0")  # anywhere: a NUL past the first KB used to turn a Markdown line into one span
    if nul != -1:
        raise InputError(f"the file looks binary, not text (it has a NUL byte at byte offset {nul})", path)
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = data.count(b"\n", 0, offset) + 1
        raise InputError(
            f"the file is not valid UTF-8 (byte 0x{data[offset]:02x} at byte offset {offset} cannot be decoded)", path, line
        ) from None


def read_markdown(source: str, comments: list[Comment] | None = None) -> tuple[TextBlock, ...]:
    from factlint.readers.markdown import read_markdown as read

    return read(source, comments)


def read_html(source: str, comments: list[Comment] | None = None) -> tuple[TextBlock, ...]:
    from factlint.readers.html import read_html as read

    return read(source, comments)


_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.S)


def read_text(source: str, comments: list[Comment] | None = None) -> tuple[TextBlock, ...]:
    from factlint.readers.text import read_text as read

    # Plain text has no code spans: every <!-- factlint: ... --> is a directive. It is blanked out (same
    # length, newlines kept, so offsets hold) before reading: a directive is not prose.
    found = [m for m in _COMMENT.finditer(source) if "factlint" in m.group(1)] if "<!--" in source else []
    if comments is not None:
        comments.extend(Comment(m.start(), m.end(), m.group(1)) for m in found)
    if found:
        parts, pos = [], 0
        for m in found:
            parts.append(source[pos:m.start()])
            parts.append(re.sub(r"[^\n]", " ", m.group(0)))
            pos = m.end()
        parts.append(source[pos:])
        source = "".join(parts)
    return read(source)


def reader_for(path: str):  # type: ignore[no-untyped-def]
    """The reader function for a path, by its extension (plain text for anything unknown)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in MARKDOWN_SUFFIXES:
        return read_markdown
    if suffix in HTML_SUFFIXES:
        return read_html
    return read_text


def reader_kind(path: str) -> str:
    """"markdown", "html" or "text": the syntax of the file at `path` (for edits that must respect it)."""
    return {read_markdown: "markdown", read_html: "html"}.get(reader_for(path), "text")


def read_source(path: str, source: str) -> Document:
    """A `Document` from text already decoded (standard input, an editor buffer, a test)."""
    comments: list[Comment] = []
    blocks = reader_for(path)(source, comments)
    unique = {c.start: c for c in comments}  # a table row's comments may be reported twice
    return Document(path, source, blocks, tuple(unique[k] for k in sorted(unique)))


def read_document(path: str, data: bytes) -> Document:
    """Decode `data` (the bytes of the file at `path`) and read it with the reader for its extension."""
    return read_source(path, decode(path, data))
