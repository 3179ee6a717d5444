"""The OCR cache: pages Tesseract read, kept in the catalogue (table ``ocr_pages``).

Every process that reads files (the importer and each import worker) keeps
its own small connection for it, and a worker writes each page as soon as it
is read, in a transaction of its own: a cancelled, killed or timed-out import
loses no page it had read, and the next run picks up where it stopped. The
rows are derived data keyed by content, never by statement, so they survive
a statement's removal and serve a copy of the same file anywhere.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from documents.ocr import CachedPage, OcrContext, OcrSettings


class CatalogueOcrCache:
    """:class:`documents.ocr.OcrCache` over the catalogue's ``ocr_pages`` table.

    Args:
        path: The catalogue file.
        writable: False only reads (a library opened read-only).
    """

    def __init__(self, path: Path, writable: bool = True) -> None:
        self.path = Path(path)
        self.writable = writable
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection | None:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                uri = f"file:{self.path}?mode={'rw' if self.writable else 'ro'}"
                conn = sqlite3.connect(uri, uri=True, timeout=30)
                conn.execute("SELECT 1 FROM ocr_pages LIMIT 0")
            except sqlite3.Error:
                return None  # a catalogue of an older release, opened read-only: no cache, only slower
            self._local.conn = conn
        return conn

    def get(self, sha256: str, page: int, request: str) -> CachedPage | None:
        """The page read before for this file, page and request, or None."""
        conn = self._conn()
        if conn is None:
            return None
        row = conn.execute("SELECT status, text, confidence, languages, low, engine FROM ocr_pages"
                           " WHERE sha256 = ? AND page = ? AND request = ?", (sha256, page, request)).fetchone()
        if row is None:
            return None
        status, text, confidence, languages, low, engine = row
        return CachedPage(status, text, confidence, languages, [tuple(span) for span in json.loads(low)], engine)

    def put(self, sha256: str, page: int, request: str, result: CachedPage) -> None:
        """Keeps a page just read (committed at once)."""
        conn = self._conn()
        if conn is None or not self.writable:
            return
        with conn:
            conn.execute("INSERT OR REPLACE INTO ocr_pages(sha256, page, request, status, text, confidence,"
                         " languages, low, engine, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (sha256, page, request, result.status, result.text, result.confidence, result.languages,
                          json.dumps(result.low), result.engine, datetime.now(UTC).isoformat(timespec="seconds")))

    def count(self) -> int:
        """How many pages are kept."""
        conn = self._conn()
        return conn.execute("SELECT COUNT(*) FROM ocr_pages").fetchone()[0] if conn is not None else 0

    def close(self) -> None:
        """Closes this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def ocr_context(settings: OcrSettings | None, catalogue: str | Path | None,
                cancelled: Callable[[], bool] | None) -> OcrContext | None:
    """How one reading process OCRs scans: the settings, the catalogue's cache, the cancel flag (None: no OCR)."""
    if settings is None:
        return None
    cache = CatalogueOcrCache(Path(catalogue)) if catalogue else None
    return OcrContext(settings=settings, cache=cache, cancelled=cancelled)
