"""Tags and collections: nested names a statement can carry many of, and how they are managed.

Tags and collections behave the same (only their tables and their words
differ), so one class serves both. Every change goes through the journal, so
it can be undone; deleting puts the rows in the trash.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from index.errors import WorkbenchError
from index.workbench.journal import Journal, Scope, now, writing
from index.workbench.names import SEPARATOR, below, clean_name, moved, name_key, with_ancestors


@dataclass(frozen=True)
class LabelInfo:
    """A tag or collection with its counts.

    Attributes:
        path: Its full name (``turkic/education``).
        count: Statements carrying it itself.
        total: Statements carrying it or anything nested under it.
    """

    path: str
    count: int
    total: int


@dataclass(frozen=True)
class LabelKind:
    """The tables and words of one kind of label."""

    noun: str  # "tag"
    plural: str  # "tags"
    table: str  # "tags"
    link: str  # "doc_tags"
    column: str  # "tag_id"


TAGS = LabelKind("tag", "tags", "tags", "doc_tags", "tag_id")
COLLECTIONS = LabelKind("collection", "collections", "collections", "doc_collections", "collection_id")


def _branch(kind: LabelKind, path: str) -> Scope:
    """The label rows of ``path`` and every label nested under it."""
    key = name_key(path)
    return Scope(kind.table, "key = ? OR substr(key, 1, ?) = ?", (key, len(key) + 1, key + SEPARATOR))


def _branch_links(kind: LabelKind, path: str) -> Scope:
    key = name_key(path)
    return Scope(kind.link, f"{kind.column} IN (SELECT id FROM {kind.table} WHERE key = ? OR substr(key, 1, ?) = ?)",
                 (key, len(key) + 1, key + SEPARATOR))


class Labels:
    """The tags (or collections) of one library.

    Args:
        kind: :data:`TAGS` or :data:`COLLECTIONS`.
        connect: ``() -> sqlite3.Connection`` for this thread.
        journal: The library's journal.
        staged: ``(conn, ids) -> SQL subquery`` naming the statements of a bulk
            action (they are staged in a temporary table, not bound one by one).
    """

    def __init__(self, kind: LabelKind, connect, journal: Journal, staged) -> None:
        self.kind = kind
        self._connect = connect
        self._journal = journal
        self._staged = staged

    # -- reading ----------------------------------------------------------------------

    def all(self) -> list[LabelInfo]:
        """Every label with its counts, in name order (parents before their children)."""
        kind = self.kind
        conn = self._connect()
        rows = conn.execute(f"SELECT t.path, t.key, count(l.doc_id) FROM {kind.table} t"
                            f" LEFT JOIN {kind.link} l ON l.{kind.column} = t.id GROUP BY t.id").fetchall()
        below_each: dict[str, set[str]] = {}  # key -> statements carrying it or a label under it
        for path, doc_id in conn.execute(f"SELECT t.path, l.doc_id FROM {kind.link} l"
                                         f" JOIN {kind.table} t ON t.id = l.{kind.column}"):
            for level in with_ancestors(path):
                below_each.setdefault(name_key(level), set()).add(doc_id)
        infos = [LabelInfo(path, count, len(below_each.get(key, ()))) for path, key, count in rows]
        return sorted(infos, key=lambda info: name_key(info.path))

    def members(self) -> dict[str, set[str]]:
        """Label path -> ids of the statements carrying it itself."""
        kind = self.kind
        found: dict[str, set[str]] = {}
        for path, doc_id in self._connect().execute(
                f"SELECT t.path, l.doc_id FROM {kind.link} l JOIN {kind.table} t ON t.id = l.{kind.column}"):
            found.setdefault(path, set()).add(doc_id)
        return found

    def facet_members(self) -> Iterable[tuple[str, str]]:
        """``(value, doc_id)`` pairs for the facet: each label also counts under every level above it."""
        kind = self.kind
        for path, doc_id in self._connect().execute(
                f"SELECT t.path, l.doc_id FROM {kind.link} l JOIN {kind.table} t ON t.id = l.{kind.column}"):
            for level in with_ancestors(path):
                yield level, doc_id

    def of(self, doc_ids: Iterable[str]) -> dict[str, list[str]]:
        """Statement id -> its labels, in name order."""
        ids = list(doc_ids)
        kind = self.kind
        found: dict[str, list[str]] = {}
        conn = self._connect()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for doc_id, path in conn.execute(
                    f"SELECT l.doc_id, t.path FROM {kind.link} l JOIN {kind.table} t ON t.id = l.{kind.column}"
                    f" WHERE l.doc_id IN ({marks}) ORDER BY t.key", chunk):
                found.setdefault(doc_id, []).append(path)
        return found

    def canonical(self, name: str) -> str | None:
        """The stored spelling of a label (compared by key), or None if there is none (nor any below it)."""
        key = name_key(clean_name(name, self.kind.noun))
        conn = self._connect()
        row = conn.execute(f"SELECT path FROM {self.kind.table} WHERE key = ?", (key,)).fetchone()
        if row:
            return row[0]
        child = conn.execute(f"SELECT path FROM {self.kind.table} WHERE substr(key, 1, ?) = ? LIMIT 1",
                             (len(key) + 1, key + SEPARATOR)).fetchone()
        if child is None:
            return None
        levels = key.count(SEPARATOR) + 1
        return SEPARATOR.join(child[0].split(SEPARATOR)[:levels])

    # -- changing ---------------------------------------------------------------------

    def _ensure(self, conn: sqlite3.Connection, path: str) -> int:
        key = name_key(path)
        row = conn.execute(f"SELECT id FROM {self.kind.table} WHERE key = ?", (key,)).fetchone()
        if row:
            return row[0]
        return conn.execute(f"INSERT INTO {self.kind.table}(path, key, created_at) VALUES (?, ?, ?)",
                            (path, key, now())).lastrowid

    def add(self, doc_ids: list[str], name: str, progress=None) -> int:
        """Gives ``name`` to the statements; returns how many did not have it yet.

        ``progress(done, total)`` is called while the statements are staged.
        """
        path = clean_name(name, self.kind.noun)
        existing = self.canonical(path)
        path = existing if existing and name_key(existing) == name_key(path) else path
        kind = self.kind
        conn = self._connect()
        subquery = self._staged(conn, doc_ids, progress)
        key = name_key(path)
        levels = with_ancestors(path)
        scopes = [Scope(kind.table, f"key IN ({','.join('?' * len(levels))})", tuple(name_key(p) for p in levels)),
                  Scope(kind.link, f"{kind.column} IN (SELECT id FROM {kind.table} WHERE key = ?)"
                                   f" AND doc_id IN {subquery}", (key,))]
        label = f"{kind.noun.capitalize()} {_count(doc_ids)} \u201c{path}\u201d"
        with self._journal.action(label, scopes) as conn:
            for level in levels[:-1]:  # the levels above exist as labels of their own (the manager shows them)
                self._ensure(conn, self.canonical(level) or level)
            label_id = self._ensure(conn, path)
            changed = conn.execute(f"INSERT OR IGNORE INTO {kind.link}(doc_id, {kind.column}, added_at)"
                                   f" SELECT doc_id, ?, ? FROM {subquery}", (label_id, now())).rowcount
        return changed

    def remove(self, doc_ids: list[str], name: str, progress=None) -> int:
        """Takes ``name`` (and nothing nested under it) off the statements; returns how many had it."""
        path = self.canonical(name)
        if path is None:
            raise WorkbenchError(f"There is no {self.kind.noun} called \u201c{clean_name(name, self.kind.noun)}\u201d.")
        kind = self.kind
        conn = self._connect()
        subquery = self._staged(conn, doc_ids, progress)
        key = name_key(path)
        scope = Scope(kind.link, f"{kind.column} IN (SELECT id FROM {kind.table} WHERE key = ?)"
                                 f" AND doc_id IN {subquery}", (key,))
        with self._journal.action(f"Remove {kind.noun} \u201c{path}\u201d from {_count(doc_ids)}", [scope]) as conn:
            return conn.execute(f"DELETE FROM {kind.link} WHERE {scope.where}", scope.args).rowcount

    def rename(self, name: str, new_name: str) -> str:
        """Renames (or moves, when the new name is under another) a label and everything under it.

        Renaming onto an existing label merges into it.

        Returns:
            The new name.
        """
        old = self._existing(name)
        new = clean_name(new_name, self.kind.noun)
        if below(old, name_key(new)) and name_key(new) != name_key(old):
            raise WorkbenchError(f"\u201c{old}\u201d cannot be moved under itself (\u201c{new}\u201d).")
        if name_key(new) == name_key(old) and new == old:
            return old
        return self._move(old, new, f"Rename {self.kind.noun} \u201c{old}\u201d to \u201c{new}\u201d")

    def merge(self, name: str, into: str) -> str:
        """Merges a label (and what is under it) into another: its statements carry ``into`` instead."""
        old = self._existing(name)
        target = self._existing(into)
        if below(old, name_key(target)):
            raise WorkbenchError(f"\u201c{old}\u201d cannot be merged into \u201c{target}\u201d, which is under it.")
        return self._move(old, target, f"Merge {self.kind.noun} \u201c{old}\u201d into \u201c{target}\u201d")

    def move_under(self, name: str, parent: str | None) -> str:
        """Puts a label (with its branch) under ``parent``, or at the top level when ``parent`` is None."""
        old = self._existing(name)
        leaf_name = old.rsplit(SEPARATOR, 1)[-1]
        new = f"{clean_name(parent, self.kind.noun)}{SEPARATOR}{leaf_name}" if parent else leaf_name
        return self.rename(old, new)

    def _move(self, old: str, new: str, label: str) -> str:
        kind = self.kind
        conn = self._connect()
        branch = [row[0] for row in conn.execute(f"SELECT path FROM {kind.table} WHERE {_branch(kind, old).where}",
                                                 _branch(kind, old).args)]
        targets = {moved(path, old, new) for path in branch}
        scopes = [_branch(kind, old), _branch_links(kind, old), _branch(kind, new), _branch_links(kind, new)]
        scopes += [Scope(kind.table, "key = ?", (name_key(t),)) for t in targets]
        levels_above = {level for target in targets for level in with_ancestors(target)[:-1]}
        scopes += [Scope(kind.table, "key = ?", (name_key(level),)) for level in levels_above]
        with self._journal.action(label, scopes) as conn:
            for level in sorted(levels_above, key=len):
                if not below(old, name_key(level)):
                    self._ensure(conn, level)
            for path in sorted(branch, key=len):
                source = conn.execute(f"SELECT id FROM {kind.table} WHERE key = ?", (name_key(path),)).fetchone()[0]
                destination = moved(path, old, new)
                if name_key(destination) == name_key(path):  # a change of case only
                    conn.execute(f"UPDATE {kind.table} SET path = ? WHERE id = ?", (destination, source))
                    continue
                target = self._ensure(conn, destination)
                conn.execute(f"INSERT OR IGNORE INTO {kind.link}(doc_id, {kind.column}, added_at)"
                             f" SELECT doc_id, ?, added_at FROM {kind.link} WHERE {kind.column} = ?", (target, source))
                conn.execute(f"DELETE FROM {kind.link} WHERE {kind.column} = ?", (source,))
                conn.execute(f"DELETE FROM {kind.table} WHERE id = ?", (source,))
        return new

    def delete(self, name: str) -> int:
        """Deletes a label and everything under it (to the trash); returns the statements that lose it."""
        path = self._existing(name)
        kind = self.kind
        scopes = [_branch(kind, path), _branch_links(kind, path)]
        with self._journal.action(f"Delete {kind.noun} \u201c{path}\u201d", scopes, trash=(kind.noun, path)) as conn:
            links = _branch_links(kind, path)
            count = conn.execute(f"SELECT count(DISTINCT doc_id) FROM {kind.link} WHERE {links.where}",
                                 links.args).fetchone()[0]
            conn.execute(f"DELETE FROM {kind.link} WHERE {links.where}", links.args)
            branch = _branch(kind, path)
            conn.execute(f"DELETE FROM {kind.table} WHERE {branch.where}", branch.args)
        return count

    def _existing(self, name: str) -> str:
        path = self.canonical(name)
        if path is None:
            raise WorkbenchError(f"There is no {self.kind.noun} called \u201c{clean_name(name, self.kind.noun)}\u201d.")
        conn = self._connect()
        if conn.execute(f"SELECT 1 FROM {self.kind.table} WHERE key = ?", (name_key(path),)).fetchone() is None:
            # Only nested labels exist ("turkic/education" without "turkic"): the branch is still one.
            with writing(conn):
                self._ensure(conn, path)
        return path


def _count(doc_ids: list[str]) -> str:
    return "1 statement" if len(doc_ids) == 1 else f"{len(doc_ids):,} statements"
