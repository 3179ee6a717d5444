"""OpenDocument text (.odt) reader: ``content.xml`` for the text, ``meta.xml`` for metadata."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from documents.errors import UnreadableDocument
from documents.readers import archive_guard
from documents.readers.base import MAX_TEXT_BYTES, RawDocument

if TYPE_CHECKING:
    import zipfile
    from collections.abc import Iterator

_KIND = "OpenDocument text file"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_PARAGRAPHS = frozenset({f"{_TEXT}p", f"{_TEXT}h"})
# Content that is not part of the running text: footnotes, comments, the
# deleted text kept by change tracking, a table of contents.
_SKIPPED = frozenset({
    f"{_TEXT}note", f"{_OFFICE}annotation", f"{_TEXT}tracked-changes", f"{_TEXT}sequence-decls",
    f"{_TEXT}table-of-content",  # repeats the headings
})
_ROW_GROUPS = frozenset({f"{_TABLE}table-header-rows", f"{_TABLE}table-rows", f"{_TABLE}table-row-group"})
# Entity declarations are how "billion laughs" XML bombs work; ODF never needs them.
# The whole member is searched: a comment can push the DOCTYPE past any prefix.
_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def read(path: Path) -> RawDocument:
    """Reads an ``.odt`` file.

    Raises:
        UnreadableDocument: If the file is empty, not a zip, a zip bomb,
            password-protected, not an OpenDocument text, or holds no text.
    """
    warnings: list[str] = []
    with archive_guard.open_file(path) as handle, archive_guard.open_checked_zip(handle, path, _KIND) as archive:
        _refuse_encrypted(archive, path)
        content = archive_guard.read_member(archive, "content.xml", path, _KIND)
        meta = archive_guard.read_member(archive, "meta.xml", path, _KIND)
    if content is None:
        raise UnreadableDocument(str(path), f"not a valid {_KIND} (content.xml is missing)")
    body = _parse(content, "content.xml", path).find(f"{_OFFICE}body")
    text = "\n\n".join(_blocks(body)) if body is not None else ""
    if len(text) > MAX_TEXT_BYTES:
        warnings.append("the text is longer than the import limit; only the first part was imported")
        text = text[:MAX_TEXT_BYTES]
    if not text.strip():
        raise UnreadableDocument(str(path), f"the {_KIND} contains no text")
    title = date = author = None
    if meta is not None:
        try:
            title, date, author = _metadata(_parse(meta, "meta.xml", path))
        except UnreadableDocument as exc:
            warnings.append(f"the document properties could not be read ({exc.reason})")
    return RawDocument(
        text=text,
        reader="odt",
        title=title,
        date=date,
        properties={"author": author} if author else {},
        warnings=warnings,
    )


def _refuse_encrypted(archive: zipfile.ZipFile, path: Path) -> None:
    manifest = archive_guard.read_member(archive, "META-INF/manifest.xml", path, _KIND) or b""
    if b"encryption-data" in manifest:
        raise UnreadableDocument(
            str(path), "the document is password-protected; save a copy without a password and import that"
        )


def _parse(data: bytes, name: str, path: Path) -> ET.Element:
    if _DOCTYPE.search(data):
        raise UnreadableDocument(str(path), f"not a valid {_KIND} ({name} declares entities, which ODF never does)")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise UnreadableDocument(str(path), f"the {_KIND} is damaged ({name} is not valid XML: {exc})") from exc


def _blocks(element: ET.Element) -> Iterator[str]:
    """Yields each paragraph, heading and table of the body as text, in order."""
    for child in element:
        if child.tag in _PARAGRAPHS:
            text = _inline_text(child).strip()
            if text:
                yield text
        elif child.tag == f"{_TABLE}table":
            rows = list(_table_rows(child))
            if rows:
                yield "\n".join(rows)
        elif child.tag not in _SKIPPED:
            yield from _blocks(child)  # sections, lists, list items, frames


def _table_rows(table: ET.Element) -> Iterator[str]:
    """One line per row, cells separated by tabs."""
    for row in _rows(table):
        cells = []
        for cell in row:
            if cell.tag != f"{_TABLE}table-cell":
                continue
            cell_text = " ".join(part.replace("\n", " ") for part in _blocks(cell))
            if cell_text:
                cells.append(cell_text)
        if cells:
            yield "\t".join(cells)


def _rows(container: ET.Element) -> Iterator[ET.Element]:
    # Rows sit directly in the table or in header/row groups; a nested table's
    # rows belong to its cell and are read with it.
    for child in container:
        if child.tag == f"{_TABLE}table-row":
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


def _inline_text(element: ET.Element) -> str:
    """Text of one paragraph: spans, links, spaces, tabs and line breaks."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}s":
            parts.append(" " * _count(child))
        elif tag == f"{_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif tag not in _SKIPPED:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts).replace("\u00a0", " ")


def _count(space: ET.Element) -> int:
    try:
        return min(max(int(space.get(f"{_TEXT}c", "1")), 1), 100)
    except ValueError:
        return 1


def _metadata(meta: ET.Element) -> tuple[str | None, str | None, str | None]:
    """Title, ISO date (created, else last saved) and author from meta.xml."""

    def first(tag: str) -> str | None:
        found = meta.find(f".//{tag}")
        value = " ".join((found.text or "").split()) if found is not None else ""
        return value or None

    title = first(f"{_DC}title")
    author = first(f"{_META}initial-creator") or first(f"{_DC}creator")
    when = first(f"{_META}creation-date") or first(f"{_DC}date")
    match = _ISO_DATE.match(when or "")
    return title, match.group(0) if match else None, author
