"""The corpus being written: where each hostile file goes, and what it is."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from documents.readers import supported_extensions

# Every suffix with a reader and a valid-document builder here; suffixes that
# share a reader (.md/.markdown, .html/.htm) still get their own files, as an
# importer meets both. Images (the new OCR reader) are left out: every valid
# image would go through Tesseract, which alone would take longer than the
# whole benchmark is meant to; they are named in the output.
_BUILT = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".odt", ".rtf", ".eml"}
FORMATS = sorted(supported_extensions() & _BUILT)
NOT_COVERED = sorted(supported_extensions() - _BUILT)
READER_OF = {".markdown": ".md", ".htm": ".html"}


def reader_format(suffix: str) -> str:
    """The suffix whose reader reads ``suffix`` (``.htm`` -> ``.html``)."""
    return READER_OF.get(suffix, suffix)


@dataclass
class Entry:
    """One generated file (or link, pipe, folder) and what it is meant to test.

    Attributes:
        path: The path as the importer names it (``str`` of a ``Path``; bytes
            that are not UTF-8 appear as surrogate escapes, as ``os.walk`` gives them).
        kind: The row of the table it is counted in.
        fmt: The suffix it carries.
        label: What exactly it is ("depth 9 billion laughs").
        special: ``fifo``, ``churn``, ``unreadable``... for files handled apart.
    """

    path: str
    kind: str
    fmt: str
    label: str
    special: str = ""


@dataclass
class Corpus:
    """Writes hostile files below ``root`` and remembers each.

    Args:
        root: The folder to import.
        rnd: The seeded generator every random choice comes from.
        quick: Few files of each kind, nothing large.
    """

    root: Path
    rnd: random.Random
    quick: bool
    entries: list[Entry] = field(default_factory=list)
    _counter: int = 0

    def nonce(self) -> str:
        """A string unique in this corpus, to make every file's bytes unique."""
        self._counter += 1
        return f"n{self._counter:05d}x{self.rnd.randrange(16**6):06x}"

    def folder(self, kind: str, fmt: str) -> Path:
        """The folder of one kind and format (created)."""
        path = self.root / kind.replace(" ", "-") / fmt.lstrip(".")
        path.mkdir(parents=True, exist_ok=True)
        return path

    def write(self, kind: str, fmt: str, label: str, data: bytes, name: str | bytes | None = None,
              special: str = "") -> Entry:
        """Writes one file of ``kind`` and returns its entry; ``name`` may be bytes (any file name the OS takes)."""
        folder = self.folder(kind, fmt)
        if name is None:
            name = f"{fmt.lstrip('.')}-{len(self.entries):05d}{fmt}"
        raw = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else os.fsencode(name))
        with open(raw, "wb") as handle:
            handle.write(data)
        return self.remember(raw, kind, fmt, label, special)

    def remember(self, raw: bytes | str, kind: str, fmt: str, label: str, special: str = "") -> Entry:
        """Records a file made some other way (a link, a pipe)."""
        entry = Entry(str(Path(os.fsdecode(raw))), kind, fmt, label, special)
        self.entries.append(entry)
        return entry

    def few(self, items: list, quick_count: int = 2) -> list:
        """All of ``items``, or a seeded few of them in a quick run."""
        if not self.quick or len(items) <= quick_count:
            return items
        return self.rnd.sample(items, quick_count)
