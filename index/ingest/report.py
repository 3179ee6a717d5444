"""What an import did and where it stands: the report, its problems, the progress."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ImportProblem:
    """A file that was skipped or imported only in part."""

    path: str
    reason: str
    skipped: bool = True


@dataclass
class ImportProgress:
    """Where an import stands; sent to the progress callback."""

    done: int = 0
    total: int = 0
    current: str = ""
    started: float = field(default_factory=time.monotonic)
    ocr_pages: int = 0  # scanned pages read so far
    ocr_current: str = ""  # the last page read ("page 3 of 12 of scan.pdf"), or ""

    def page_read(self, path, done: int, total: int) -> ImportProgress:
        """Counts one scanned page read (page ``done`` of ``total`` of ``path``); returns itself."""
        self.ocr_pages += 1
        self.ocr_current = f"page {done} of {total} of {Path(path).name}"
        return self

    @property
    def rate(self) -> float:
        """Files per second so far."""
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """Estimated seconds to go, or None before there is a rate."""
        rate = self.rate
        return (self.total - self.done) / rate if rate > 0 and self.done else None


@dataclass
class ImportReport:
    """What an import did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    relocated: int = 0  # known bytes at a new path: moved, renamed or duplicated
    missing: int = 0
    removed: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0
    files: int = 0
    ocr_pages: int = 0  # scanned pages read by OCR (now or from the cache)
    unread_pages: int = 0  # scanned pages left unread (no Tesseract, OCR off, a time limit)
    unread_statements: int = 0
    unread_reason: str = ""  # why, once for the whole import
    ocr_missing: bool = False  # Tesseract cannot be used on this machine

    @property
    def imported(self) -> int:
        """Documents added or updated."""
        return self.added + self.updated

    def summary(self) -> str:
        """One line for a status bar or a terminal."""
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.relocated:
            parts.append(f"{self.relocated} moved or duplicate")
        if self.missing:
            parts.append(f"{self.missing} missing")
        if self.removed:
            parts.append(f"{self.removed} removed")
        skipped = sum(1 for p in self.problems if p.skipped)
        if skipped:
            parts.append(f"{skipped} skipped")
        partial = len(self.problems) - skipped
        if partial:
            parts.append(f"{partial} with warnings")
        if self.ocr_pages:
            parts.append(f"{self.ocr_pages} {'page' if self.ocr_pages == 1 else 'pages'} read by OCR")
        if self.unread_pages:
            parts.append(f"{self.unread_pages} scanned {'page' if self.unread_pages == 1 else 'pages'} not read")
        text = ", ".join(parts) + f" in {self.seconds:.1f} s"
        return ("Cancelled: " + text) if self.cancelled else text

    def count_ocr(self, statements) -> None:
        """Adds the scanned pages of a file's statements: read, or left unread and why (said once)."""
        for statement in statements:
            self.ocr_pages += sum(1 for page in statement.ocr if page.status in ("ocr", "blank"))
            unread = [page for page in statement.ocr if page.status == "scanned"]
            if unread:
                self.unread_pages += len(unread)
                self.unread_statements += 1
                self.unread_reason = self.unread_reason or unread[0].reason

    def ocr_note(self) -> str:
        """One paragraph, said once per import, about the scanned pages left unread ("" when none)."""
        if not self.unread_pages:
            return ""
        pages = "1 scanned page" if self.unread_pages == 1 else f"{self.unread_pages:,} scanned pages"
        where = "1 statement" if self.unread_statements == 1 else f"{self.unread_statements:,} statements"
        if self.ocr_missing:
            how = ("To read them, install Tesseract (see the README, \u201cOCR\u201d) and run Library \u2192 Run OCR "
                   "on Scanned Statements, or chancery ocr.")
        else:
            how = "Run OCR on Scanned Statements (or chancery ocr) to read them."
        return (f"{pages} in {where} were not read: {self.unread_reason}. They are marked \u201cno text "
                f"(scanned)\u201d; search ocr:scanned to find them. {how}")
