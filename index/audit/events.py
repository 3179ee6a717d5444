"""The audit trail: what happened to each statement, when, and how it went.

Every import, change of content, move, file gone missing, removal,
correction and fixity check is written here (in the same transaction as the
change itself), the way digital-preservation tools keep PREMIS events. The
log is only ever added to; it is shown in the document view and exported
with the statement.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

# What an event may say happened.
KINDS = {
    "imported": "Imported",
    "changed": "Content changed",
    "ocr": "Read again by OCR",
    "located": "Found at another path",
    "missing": "File missing",
    "removed": "Removed",
    "corrected": "Corrected",
    "verified": "Fixity checked",
    "restored": "Restored from a backup",
    "backed up": "Backed up",
}


@dataclass(frozen=True)
class Event:
    """One entry of a statement's history.

    Attributes:
        doc_id: The statement (None for an event of the whole library).
        at: When (ISO 8601, UTC).
        kind: One of :data:`KINDS`.
        detail: What exactly (a path, a hash, a correction).
        outcome: How it went (``unchanged``, ``changed``, ``missing``... or "").
    """

    doc_id: str | None
    at: str
    kind: str
    detail: str
    outcome: str = ""

    @property
    def label(self) -> str:
        """The kind in words."""
        return KINDS.get(self.kind, self.kind)


def now() -> str:
    """The current time as ISO 8601 (UTC, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def record(conn: sqlite3.Connection, events: Iterable[tuple[str | None, str, str, str]]) -> None:
    """Writes ``(doc_id, kind, detail, outcome)`` events, inside the caller's transaction.

    Does nothing on a catalogue without the audit tables (an older one opened read-only).
    """
    rows = [(doc_id, now(), kind, detail, outcome) for doc_id, kind, detail, outcome in events]
    if rows and has_events(conn):
        conn.executemany("INSERT INTO events(doc_id, at, kind, detail, outcome) VALUES (?, ?, ?, ?, ?)", rows)


def has_events(conn: sqlite3.Connection) -> bool:
    """Whether the catalogue has its event log."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone() is not None


def history(conn: sqlite3.Connection, doc_id: str | None) -> list[Event]:
    """A statement's events (or the library's own, for None), oldest first."""
    if not has_events(conn):
        return []
    where, args = ("doc_id = ?", (doc_id,)) if doc_id is not None else ("doc_id IS NULL", ())
    return [Event(*row) for row in conn.execute(
        f"SELECT doc_id, at, kind, detail, outcome FROM events WHERE {where} ORDER BY id", args)]
