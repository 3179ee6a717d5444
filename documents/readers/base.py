"""What every reader returns, and the limits every reader honours."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from documents.errors import UnreadableDocument
from documents.statement import OcrPage

# Files larger than this are read only in part: an archive of statements has
# no legitimate 100 MB speech, and reading one whole would stall an import.
# Extraction and indexing cost about 60 bytes of memory per byte of text and
# grow faster than the text (bench/hostile_corpus.py: 20 MB of UN speeches
# took 250 s and 1 GB in one worker, 4 MB about 5 s and 250 MB), so 4 MB
# (some 1,500 pages, far more than any statement) is what one file may give.
MAX_TEXT_BYTES = 4 * 1024 * 1024


@dataclass
class Attachment:
    """A file carried inside another (an e-mail attachment)."""

    name: str
    data: bytes


@dataclass
class RawDocument:
    """The text and file-level metadata a reader found in one file.

    Attributes:
        text: The plain text, paragraphs separated by blank lines.
        reader: Name of the reader that produced it (``txt``, ``pdf``...).
        title: Title from the file's own metadata, if any.
        date: Date string from the file's own metadata, if any (ISO preferred).
        properties: Other metadata (author, sender, source_url, tags...).
        pages: Character offsets in ``text`` where each page starts.
        warnings: Problems met while reading that did not stop it.
        attachments: Embedded files to import as their own documents.
        title_source / date_source: Where title and date came from
            (``front matter``, ``file properties``...).
        scanned: Pages (0-based) with no or almost no text layer, which may be
            scans for :mod:`documents.ocr` to read.
        ocr: How each of those pages was read (filled in by :mod:`documents.ocr`).
    """

    text: str
    reader: str
    title: str | None = None
    date: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    title_source: str = "file properties"
    date_source: str = "file properties"
    scanned: list[int] = field(default_factory=list)
    ocr: list[OcrPage] = field(default_factory=list)


def open_binary(path: Path) -> BinaryIO:
    """Opens a file for reading bytes, turning OS errors into reasons a person understands.

    Raises:
        UnreadableDocument: Permission denied, a symlink loop, a vanished file,
            a named pipe or device (reading one would wait, or never end)...
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise UnreadableDocument(str(path), "not a regular file (a named pipe, device or folder)")
        return path.open("rb")
    except PermissionError as exc:
        raise UnreadableDocument(str(path), "permission denied; check the file's permissions") from exc
    except OSError as exc:
        raise UnreadableDocument(str(path), f"cannot be opened ({exc.strerror or exc})") from exc
