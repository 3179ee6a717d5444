"""Word (.docx) reader: body paragraphs and tables in order, core properties for metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from documents.errors import UnreadableDocument
from documents.readers import archive_guard
from documents.readers.base import MAX_TEXT_BYTES, RawDocument

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docx.document import Document

_KIND = "Word file"
# Tables laid inside tables (a layout trick) are followed this deep.
_MAX_TABLE_NESTING = 5


def read(path: Path) -> RawDocument:
    """Reads a ``.docx`` file.

    Raises:
        UnreadableDocument: If the file is empty, not a zip, a zip bomb, not a
            Word document, or holds no text.
    """
    warnings: list[str] = []
    with archive_guard.open_file(path) as handle:
        with archive_guard.open_checked_zip(handle, path, _KIND) as archive:
            if "[Content_Types].xml" not in archive.namelist():
                raise UnreadableDocument(str(path), "not a valid Word file (the zip archive holds no Word document)")
        handle.seek(0)
        document = _open_document(handle, path)
    paragraphs = list(_body_paragraphs(document))
    text = "\n\n".join(paragraphs)
    if len(text) > MAX_TEXT_BYTES:
        warnings.append("the text is longer than the import limit; only the first part was imported")
        text = text[:MAX_TEXT_BYTES]
    if not text.strip():
        raise UnreadableDocument(str(path), "the Word file contains no text")
    title, date, author = _core_properties(document, warnings)
    return RawDocument(
        text=text,
        reader="docx",
        title=title,
        date=date,
        properties={"author": author} if author else {},
        warnings=warnings,
    )


def _open_document(handle, path: Path) -> Document:
    try:
        return docx.Document(handle)
    except PackageNotFoundError as exc:
        raise UnreadableDocument(str(path), "not a valid Word file (the zip archive holds no Word document)") from exc
    except (KeyError, ValueError) as exc:
        raise UnreadableDocument(str(path), f"not a valid Word file (a required part is missing: {exc})") from exc
    except archive_guard.DAMAGED_MEMBER_ERRORS as exc:
        raise UnreadableDocument(str(path), f"the Word file is damaged ({exc})") from exc
    except SyntaxError as exc:  # lxml's XMLSyntaxError derives from it
        raise UnreadableDocument(str(path), f"the Word file is damaged (its XML is broken: {exc})") from exc


def _body_paragraphs(container, depth: int = 0) -> Iterator[str]:
    """Yields the text of each non-empty paragraph and table, in document order."""
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            text = _clean(block.text)
            if text:
                yield text
        elif isinstance(block, Table) and depth <= _MAX_TABLE_NESTING:
            rows = list(_table_rows(block, depth))
            if rows:
                yield "\n".join(rows)


def _table_rows(table: Table, depth: int) -> Iterator[str]:
    """One line per row, cells separated by tabs; merged cells counted once."""
    for row in table.rows:
        cells = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a horizontally merged cell repeats itself
                continue
            previous = cell._tc
            parts = [part.replace("\n", " ") for part in _body_paragraphs(cell, depth + 1)]
            cell_text = " ".join(parts)
            if cell_text:
                cells.append(cell_text)
        if cells:
            yield "\t".join(cells)


def _clean(text: str) -> str:
    return text.replace("\x00", "").replace("\r", "\n").replace("\u00a0", " ").strip()


def _core_properties(document: Document, warnings: list[str]) -> tuple[str | None, str | None, str | None]:
    """Title, ISO date (created, else last modified) and author."""
    try:
        props = document.core_properties
        title = _clean(props.title or "") or None
        author = _clean(props.author or "") or None
        when = props.created or props.modified
    except Exception as exc:  # damaged properties must not cost the text
        warnings.append(f"the document properties could not be read ({type(exc).__name__})")
        return None, None, None
    date = when.date().isoformat() if isinstance(when, dt.datetime) else None
    return title, date, author
