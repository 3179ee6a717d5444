"""What every reader returns, and the limits every reader honours."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from documents.errors import UnreadableDocument

# Files larger than this are read only in part: an archive of statements has
# no legitimate 100 MB speech, and reading one whole would stall an import.
MAX_TEXT_BYTES = 20 * 1024 * 1024


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


def open_binary(path: Path) -> BinaryIO:
    """Opens a file for reading bytes, turning OS errors into reasons a person understands.

    Raises:
        UnreadableDocument: Permission denied, a symlink loop, a vanished file...
    """
    try:
        return path.open("rb")
    except PermissionError as exc:
        raise UnreadableDocument(str(path), "permission denied; check the file's permissions") from exc
    except OSError as exc:
        raise UnreadableDocument(str(path), f"cannot be opened ({exc.strerror or exc})") from exc
