"""PDF reader: the text layer page by page, so a search hit can name its page."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from documents.errors import UnreadableDocument
from documents.readers import text as text_reader
from documents.readers.base import MAX_TEXT_BYTES, RawDocument, open_binary

# pypdf spends seconds on each complex page; an archive statement is a few
# pages, so a 2,000-page file is a book or a scan we index only in part.
MAX_PAGES = 2_000
PAGE_SEPARATOR = "\n\n"
# Repairing a truncated file means holding it whole in memory.
MAX_REPAIR_BYTES = 256 * 1024 * 1024
# A page with less text than this may be a scan with a stamp or a page number
# in its text layer; documents.ocr looks whether it holds an image to read.
SCANNED_CHARS = 20

_ENCRYPTED = "the PDF is encrypted; decrypt it or supply the password-free version"
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})(\d{2})")
_OBJECT_HEADER = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+obj\b")
_CATALOG = re.compile(rb"(\d{1,10})\s+(\d{1,5})\s+obj\s*<<[^>]{0,300}?/Type\s*/Catalog\b")


def read(path: Path) -> RawDocument:
    """Reads a ``.pdf`` file's text layer.

    Raises:
        UnreadableDocument: If the file is empty, not a PDF, damaged beyond
            repair, encrypted with a password, or has no pages. Pages without
            a text layer are listed in ``scanned`` for OCR.
    """
    warnings: list[str] = []
    handle = _open(path)
    with handle:
        reader = _open_pdf(handle, path, warnings)
        _decrypt(reader, path)
        page_texts = _extract_pages(reader, path, warnings)
        title, date, author = _document_info(reader, warnings)
    text, pages = _join_pages(page_texts)
    if not page_texts:
        raise UnreadableDocument(str(path), "the PDF has no pages")
    # Pages without a text layer are scans, photographs or blank: documents.ocr reads them.
    scanned = [number for number, page_text in enumerate(page_texts)
               if len("".join(page_text.split())) < SCANNED_CHARS]
    properties = {"author": author} if author else {}
    return RawDocument(
        text=text, reader="pdf", title=title, date=date, properties=properties, pages=pages, warnings=warnings,
        scanned=scanned,
    )


def _open(path: Path) -> BinaryIO:
    handle = open_binary(path)
    head = handle.read(1024)
    if not head:
        handle.close()
        raise UnreadableDocument(str(path), "the file is empty")
    if b"%PDF-" not in head:
        handle.close()
        raise UnreadableDocument(str(path), "not a PDF file (it does not start with %PDF; wrong extension?)")
    handle.seek(0)
    return handle


def _open_pdf(handle: BinaryIO, path: Path, warnings: list[str]) -> PdfReader:
    """Parses the PDF structure, repairing a truncated file when it can."""
    try:
        return _parse(handle)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as first_error:
        handle.seek(0)
        data = handle.read(MAX_REPAIR_BYTES)
        repaired = _patch_truncated(data)
        if repaired is not None:
            try:
                reader = _parse(io.BytesIO(repaired))
            except (PdfReadError, ValueError, KeyError, TypeError, AttributeError):
                reader = None
            if reader is not None and len(reader.pages):
                warnings.append("the PDF is truncated or damaged; only the pages that survived were imported")
                return reader
        raise UnreadableDocument(
            str(path), f"the PDF is truncated or damaged and cannot be read ({first_error}); get a complete copy"
        ) from first_error


def _parse(stream: BinaryIO) -> PdfReader:
    reader = PdfReader(stream, strict=False)
    if not reader.is_encrypted:
        len(reader.pages)  # walks the page tree now, so a broken one fails here
    return reader


def _patch_truncated(data: bytes) -> bytes | None:
    """Gives a PDF cut short a new trailer, so pypdf can rebuild its index.

    A download cut short loses the cross-reference table and trailer at the
    end; the objects before the cut are intact. Everything after the last
    complete object is dropped and a trailer naming the catalog is appended.
    """
    end = data.rfind(b"endobj")
    if end < 0:
        return None
    data = data[: end + len(b"endobj")]
    catalog = _CATALOG.search(data)
    if catalog is None:
        return None
    size = max(int(match.group(1)) for match in _OBJECT_HEADER.finditer(data)) + 1
    trailer = b"\ntrailer\n<< /Size %d /Root %s %s R >>\nstartxref\n0\n%%%%EOF\n" % (
        size, catalog.group(1), catalog.group(2),
    )
    return data + trailer


def _decrypt(reader: PdfReader, path: Path) -> None:
    """Opens an encrypted PDF with the empty password many "protected" files use."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise UnreadableDocument(
            str(path),
            "the PDF is protected with AES encryption, which this installation cannot open; "
            "save a copy without protection and import that",
        ) from exc
    except (PdfReadError, NotImplementedError, ValueError, KeyError) as exc:
        raise UnreadableDocument(str(path), _ENCRYPTED) from exc
    if not opened:
        raise UnreadableDocument(str(path), _ENCRYPTED)


def _extract_pages(reader: PdfReader, path: Path, warnings: list[str]) -> list[str]:
    try:
        total = len(reader.pages)
    except FileNotDecryptedError as exc:
        raise UnreadableDocument(str(path), _ENCRYPTED) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnreadableDocument(str(path), f"the PDF is damaged: its list of pages cannot be read ({exc})") from exc
    if total > MAX_PAGES:
        warnings.append(f"the PDF has {total:,} pages; only the first {MAX_PAGES:,} were imported")
    texts: list[str] = []
    size = 0
    for number in range(min(total, MAX_PAGES)):
        try:
            page_text = reader.pages[number].extract_text() or ""
        except Exception as exc:  # pypdf raises anything on a damaged page; skip that page only
            warnings.append(f"page {number + 1} could not be read ({type(exc).__name__}: {exc}); it was skipped")
            page_text = ""
        page_text = text_reader.normalise_newlines(page_text)
        # Text layers position words with tabs and runs of spaces; one space reads right.
        page_text = _SPACES.sub(" ", page_text).strip()
        texts.append(page_text)
        size += len(page_text)
        if size > MAX_TEXT_BYTES:
            warnings.append(f"the text is longer than the import limit; pages after {number + 1} were not imported")
            break
    return texts


_SPACES = re.compile(r"[ \t\u00a0]+")


def _join_pages(page_texts: list[str]) -> tuple[str, list[int]]:
    """Joins page texts, returning the offset where each page starts."""
    offsets = []
    position = 0
    for page_text in page_texts:
        offsets.append(position)
        position += len(page_text) + len(PAGE_SEPARATOR)
    return PAGE_SEPARATOR.join(page_texts), offsets


def _document_info(reader: PdfReader, warnings: list[str]) -> tuple[str | None, str | None, str | None]:
    """Title, ISO creation date and author from the document information dictionary."""
    try:
        info = reader.metadata
        if info is None:
            return None, None, None
        title = _clean(info.get("/Title"))
        author = _clean(info.get("/Author"))
        date = _pdf_date(_clean(info.get("/CreationDate")) or _clean(info.get("/ModDate")))
    except Exception as exc:  # damaged metadata must not cost the text
        warnings.append(f"the document properties could not be read ({type(exc).__name__})")
        return None, None, None
    return title, date, author


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).replace("\x00", "").split())
    return text or None


def _pdf_date(value: str | None) -> str | None:
    """``D:20240305120000+01'00'`` -> ``2024-03-05``; a date without a day is left out."""
    if not value:
        return None
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None
