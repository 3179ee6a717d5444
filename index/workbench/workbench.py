"""The workbench of one library: every kind of user work, behind one object.

:class:`Workbench` is reached as ``library.workbench``. Its parts write to the
catalogue through one journal (undo, redo, the trash) and bump one
generation number, which windows on the library watch and the facet sets of
the workbench fields follow.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from index.errors import LibraryReadOnly, WorkbenchError
from index.workbench.corrections import Corrections
from index.workbench.journal import GENERATION_KEY, Journal
from index.workbench.labels import COLLECTIONS, TAGS, Labels
from index.workbench.marks import Marks
from index.workbench.notes import Notes
from index.workbench.saved import SavedSearches

STAGE_CHUNK = 5000  # ids staged between two progress reports
READ_ONLY = ("This library is open read-only: tags, collections, notes and corrections cannot be changed here. "
             "Nothing was changed.")


class Workbench:
    """Tags, collections, marks, notes and passages, saved searches, corrections and the journal."""

    def __init__(self, catalogue) -> None:
        self._catalogue = catalogue
        connect = self._connect
        self.journal = Journal(connect, self.check_writable)
        self.tags = Labels(TAGS, connect, self.journal, self.staged)
        self.collections = Labels(COLLECTIONS, connect, self.journal, self.staged)
        self.marks = Marks(connect, self.journal, self.staged)
        self.notes = Notes(connect, self.journal)
        self.saved = SavedSearches(connect, self.journal)
        self.corrections = Corrections(connect, self.journal)

    def _connect(self) -> sqlite3.Connection:
        if not self._catalogue.has_workbench:
            raise WorkbenchError("This library's catalogue has no workbench yet; open it writable once to add it.")
        return self._catalogue.transaction()

    def check_writable(self) -> None:
        """Raises :class:`LibraryReadOnly` (saying nothing was changed) on a read-only library."""
        if self._catalogue.read_only:
            raise LibraryReadOnly(READ_ONLY)

    @property
    def available(self) -> bool:
        """Whether there is a workbench to read (an old catalogue opened read-only has none)."""
        return self._catalogue.has_workbench

    @property
    def writable(self) -> bool:
        """Whether the workbench can be changed."""
        return self.available and not self._catalogue.read_only

    def generation(self) -> int:
        """A number that changes with every change to the workbench (by any process)."""
        if not self.available:
            return 0
        conn = self._catalogue.transaction()
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (GENERATION_KEY,)).fetchone()
        return int(row[0]) if row else 0

    def staged(self, conn: sqlite3.Connection, doc_ids: Iterable[str], progress=None) -> str:
        """Puts statement ids in a temporary table and returns a subquery naming them.

        Bulk actions name tens of thousands of statements: bound one by one they
        would pass SQLite's limit on parameters, and a join is faster anyway.
        """
        self.check_writable()
        if not conn.in_transaction:
            # The action that follows commits it; its write lock is taken now (see journal.writing).
            conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS staged_ids (doc_id TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.execute("DELETE FROM staged_ids")
        ids = list(doc_ids)
        for start in range(0, len(ids), STAGE_CHUNK):
            chunk = ids[start:start + STAGE_CHUNK]
            conn.executemany("INSERT OR IGNORE INTO staged_ids VALUES (?)", ((i,) for i in chunk))
            if progress is not None:
                progress(min(start + STAGE_CHUNK, len(ids)), len(ids))
        return "(SELECT doc_id FROM staged_ids)"
