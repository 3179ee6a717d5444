"""Undo, redo and the trash, from row images.

Every workbench action names the rows it may touch (a *scope* per table:
"the tag with this key and its statements"). The journal reads those rows
before and after the action and keeps both images. Undoing deletes the
after-image rows (by primary key) and puts the before-image rows back; redoing
does the reverse. One mechanism serves every action, bulk ones included, and
the images live in the catalogue, so undo survives a restart and the command
line can undo what the window did.

Deleting a tag, a collection, a note, a passage or a saved search also puts
its rows in the trash, from which it can be restored after the undo history
has moved on. Emptying the trash forgets the history too, so nothing deleted
can come back afterwards.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

# Primary key columns of every table the journal may restore.
KEYS: dict[str, tuple[str, ...]] = {
    "tags": ("id",),
    "doc_tags": ("doc_id", "tag_id"),
    "collections": ("id",),
    "doc_collections": ("doc_id", "collection_id"),
    "marks": ("doc_id",),
    "notes": ("doc_id",),
    "passages": ("id",),
    "saved_searches": ("id",),
    "corrections": ("id",),
}
HISTORY_LIMIT = 200  # actions kept for undo
GENERATION_KEY = "workbench_generation"
# Counts changes to corrections; the index notes the count it reflects (see
# index.workbench.reindexing), so a process killed between a correction and
# its re-indexing leaves a mark the next open acts on.
CORRECTIONS_CHANGED_KEY = "corrections_changed"


def now() -> str:
    """The current time as ISO 8601 (UTC, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Scope:
    """The rows of one table an action may change: ``SELECT * FROM table WHERE where``."""

    table: str
    where: str
    args: tuple = ()


@dataclass(frozen=True)
class Action:
    """One entry of the undo history.

    Attributes:
        id: Its number.
        label: What it did, for the Edit menu ("Tag 3 statements “turkic”").
        at: When.
        undone: Whether it is currently undone (redo would apply it again).
    """

    id: int
    label: str
    at: str
    undone: bool


@dataclass(frozen=True)
class TrashItem:
    """Something deleted that can still be restored.

    Attributes:
        id: Its number in the trash.
        kind: ``tag``, ``collection``, ``note``, ``passage`` or ``saved search``.
        label: What it was ("turkic/education", "Note on …").
        deleted_at: When.
    """

    id: int
    kind: str
    label: str
    deleted_at: str


Images = dict[str, list[list]]  # table -> rows (each a list of column values, in table order)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def read_rows(conn: sqlite3.Connection, scopes: Iterable[Scope]) -> Images:
    """The rows each scope covers now."""
    images: Images = {}
    for scope in scopes:
        rows = conn.execute(f'SELECT * FROM "{scope.table}" WHERE {scope.where}', scope.args).fetchall()
        images.setdefault(scope.table, []).extend(list(row) for row in rows)
    return images


def _replace(conn: sqlite3.Connection, remove: Images, put: Images) -> set[str]:
    """Deletes the ``remove`` rows by key, inserts the ``put`` rows; returns the tables touched."""
    touched = set()
    for table, rows in remove.items():
        columns = _columns(conn, table)
        keys = KEYS[table]
        positions = [columns.index(k) for k in keys]
        where = " AND ".join(f'"{k}" = ?' for k in keys)
        conn.executemany(f'DELETE FROM "{table}" WHERE {where}', ([row[p] for p in positions] for row in rows))
        touched.add(table)
    for table, rows in put.items():
        if not rows:
            continue
        marks = ",".join("?" * len(rows[0]))
        conn.executemany(f'INSERT OR REPLACE INTO "{table}" VALUES ({marks})', rows)
        touched.add(table)
    return touched


@contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that takes SQLite's write lock at its start.

    In WAL mode a transaction that reads first and writes later fails at once
    ("database is locked") when another connection wrote in between; asking
    for the lock first waits for it instead (up to the busy timeout).
    """
    if not conn.in_transaction:
        conn.execute("BEGIN IMMEDIATE")
    with conn:
        yield conn


def note_corrections_changed(conn: sqlite3.Connection) -> None:
    """Notes, inside the transaction that changes corrections, that the index must follow."""
    conn.execute("INSERT INTO meta(key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET "
                 "value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)", (CORRECTIONS_CHANGED_KEY,))


def bump_generation(conn: sqlite3.Connection) -> None:
    """Notes that the workbench changed (windows on the library refresh; facet sets are rebuilt)."""
    conn.execute("INSERT INTO meta(key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET "
                 "value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)", (GENERATION_KEY,))


class Journal:
    """The undo history and the trash of one catalogue connection's library."""

    def __init__(self, connect, check_writable) -> None:
        self._connect = connect  # () -> this thread's sqlite3 connection
        self._check_writable = check_writable  # raises on a read-only library

    @contextmanager
    def action(self, label: str, scopes: list[Scope],
               trash: tuple[str, str] | None = None) -> Iterator[sqlite3.Connection]:
        """Runs the body as one undoable action, in one transaction.

        Args:
            label: What the action does, for the undo menu.
            scopes: Every row the body may change.
            trash: ``(kind, label)`` when the action deletes something that
                belongs in the trash (its before-image is kept there).

        Yields:
            The connection, inside the transaction.
        """
        self._check_writable()
        conn = self._connect()
        with writing(conn):
            before = read_rows(conn, scopes)
            yield conn
            after = read_rows(conn, scopes)
            if before == after:
                return  # nothing changed: nothing to undo
            conn.execute("DELETE FROM journal WHERE undone = 1")  # a new action ends the redo chain
            conn.execute("INSERT INTO journal(label, images, at) VALUES (?, ?, ?)",
                         (label, json.dumps({"before": before, "after": after}, ensure_ascii=False), now()))
            conn.execute("DELETE FROM journal WHERE id <= (SELECT max(id) FROM journal) - ?", (HISTORY_LIMIT,))
            if trash is not None:
                conn.execute("INSERT INTO trash(kind, label, images, deleted_at) VALUES (?, ?, ?, ?)",
                             (trash[0], trash[1], json.dumps(before, ensure_ascii=False), now()))
            if before.get("corrections") != after.get("corrections"):
                note_corrections_changed(conn)
            bump_generation(conn)

    def history(self) -> list[Action]:
        """Every action kept, newest first."""
        rows = self._connect().execute("SELECT id, label, at, undone FROM journal ORDER BY id DESC")
        return [Action(i, label, at, bool(undone)) for i, label, at, undone in rows]

    def next_undo(self) -> Action | None:
        """The action :meth:`undo` would undo."""
        return next((a for a in self.history() if not a.undone), None)

    def next_redo(self) -> Action | None:
        """The action :meth:`redo` would apply again."""
        undone = [a for a in self.history() if a.undone]
        return undone[-1] if undone else None

    def undo(self) -> tuple[Action, set[str]] | None:
        """Undoes the newest action not yet undone.

        Returns:
            The action and the tables it touched, or None when there is nothing to undo.
        """
        return self._step(self.next_undo(), undo=True)

    def redo(self) -> tuple[Action, set[str]] | None:
        """Applies the most recently undone action again (see :meth:`undo`)."""
        return self._step(self.next_redo(), undo=False)

    def _step(self, action: Action | None, undo: bool) -> tuple[Action, set[str]] | None:
        if action is None:
            return None
        self._check_writable()
        conn = self._connect()
        with writing(conn):
            images = json.loads(conn.execute("SELECT images FROM journal WHERE id = ?", (action.id,)).fetchone()[0])
            remove, put = (images["after"], images["before"]) if undo else (images["before"], images["after"])
            touched = _replace(conn, remove, put)
            conn.execute("UPDATE journal SET undone = ? WHERE id = ?", (int(undo), action.id))
            if "corrections" in touched:
                note_corrections_changed(conn)
            bump_generation(conn)
        return action, touched

    @staticmethod
    def images_of(conn: sqlite3.Connection, action_id: int) -> dict[str, Images]:
        """The before and after images of an action (to see which statements it touched)."""
        return json.loads(conn.execute("SELECT images FROM journal WHERE id = ?", (action_id,)).fetchone()[0])

    # -- the trash ------------------------------------------------------------------

    def trash(self) -> list[TrashItem]:
        """What was deleted and can be restored, newest first."""
        rows = self._connect().execute("SELECT id, kind, label, deleted_at FROM trash ORDER BY id DESC")
        return [TrashItem(*row) for row in rows]

    def restore(self, item_id: int) -> TrashItem | None:
        """Puts a deleted item back (its rows as they were when deleted) and takes it out of the trash."""
        self._check_writable()
        conn = self._connect()
        row = conn.execute("SELECT id, kind, label, deleted_at, images FROM trash WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            return None
        with writing(conn):
            if "corrections" in _replace(conn, {}, json.loads(row[4])):
                note_corrections_changed(conn)
            conn.execute("DELETE FROM trash WHERE id = ?", (item_id,))
            bump_generation(conn)
        return TrashItem(*row[:4])

    def empty_trash(self) -> int:
        """Deletes the trash for good, and the undo history with it; returns the items removed."""
        self._check_writable()
        conn = self._connect()
        with writing(conn):
            count = conn.execute("DELETE FROM trash").rowcount
            conn.execute("DELETE FROM journal")
            bump_generation(conn)
        return count
