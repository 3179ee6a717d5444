"""Image reader: a scan or a photograph of a statement (PNG, JPEG, TIFF with all its pages).

An image has no text of its own: the reader checks the file opens as an
image within the pixel limit and counts its frames, each a page with no text
yet; :mod:`documents.ocr` reads them (or marks them for later without Tesseract).
"""

from __future__ import annotations

from pathlib import Path

from documents.errors import UnreadableDocument
from documents.ocr.pages import ImageFrames, PageUnreadable
from documents.ocr.scanned import empty_pages
from documents.readers.base import RawDocument, open_binary

MAX_FRAMES = 2_000  # as many pages as the PDF reader imports


def read(path: Path) -> RawDocument:
    """Reads an image file's pages (frames), without their text.

    Raises:
        UnreadableDocument: The file is empty, not an image, damaged, or too large to decode safely.
    """
    with open_binary(path) as handle:
        if not handle.read(16):
            raise UnreadableDocument(str(path), "the file is empty")
    try:
        with ImageFrames(path) as frames:
            count = frames.count
    except PageUnreadable as exc:
        raise UnreadableDocument(str(path), exc.reason) from exc
    warnings = []
    if count > MAX_FRAMES:
        warnings.append(f"the image has {count:,} pages; only the first {MAX_FRAMES:,} were imported")
        count = MAX_FRAMES
    text, pages = empty_pages(count)
    return RawDocument(text=text, reader="image", pages=pages, scanned=list(range(count)), warnings=warnings)
