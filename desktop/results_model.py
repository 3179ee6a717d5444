"""The results list model: hit ids only, rows fetched and cached as they are shown.

Near-identical statements (the same notice re-issued, a joint statement
released twice) show as their group's first hit with "+N near-identical";
expanding it lists the others beneath it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from index import DocumentRow, Hit, SearchResult, Snippet

ROW_CHUNK = 50

# Custom roles (Qt API: roles are ints above UserRole).
DocIdRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2
SnippetRole = Qt.ItemDataRole.UserRole + 3
ScoreRole = Qt.ItemDataRole.UserRole + 4
# A group's first hit: (how many near-identical statements it stands for, whether they are shown);
# one of those statements: the id of the hit it is listed under. None for any other row.
NearRole = Qt.ItemDataRole.UserRole + 5


@dataclass
class _Entry:
    hit: Hit
    row: DocumentRow | None = None
    snippet: Snippet | None = None
    near: tuple[str, ...] = ()  # a group's first hit: the ids of the others in the results
    leader: str | None = None  # one of those others, listed under its group's first hit


@dataclass
class PreparedRows:
    """A result's list entries, made off the GUI thread (for 100,000 hits that takes a few tenths of a second).

    Attributes:
        result: The result they were made from.
    """

    result: SearchResult
    entries: list[_Entry]
    members: dict[str, _Entry]
    every_id: list[str]
    index_of: dict[str, int]
    requested: set[str]


def prepare_rows(result: SearchResult, row_source=None) -> PreparedRows:
    """Makes the list entries of ``result``: each near-identical group as its first hit (any thread).

    Args:
        result: The search's result.
        row_source: Given, the first :data:`ROW_CHUNK` entries' display rows are fetched here too, so the
            list's first paint does not read the catalogue on the GUI thread (tens of milliseconds at
            100,000 statements, while the next search holds the interpreter).
    """
    groups = result.near_identical
    hits = result.hits
    if groups:
        hidden = {member for members in groups.values() for member in members}
        entries = [_Entry(hit, snippet=hit.snippet, near=groups.get(hit.doc_id, ()))
                   for hit in hits if hit.doc_id not in hidden]
        members = {hit.doc_id: _Entry(hit, snippet=hit.snippet) for hit in hits if hit.doc_id in hidden}
    else:
        entries, members = [_Entry(hit, snippet=hit.snippet) for hit in hits], {}
    every_id = [hit.doc_id for hit in hits]
    index_of = {entry.hit.doc_id: i for i, entry in enumerate(entries)}
    requested = {e.hit.doc_id for e in [*entries, *members.values()] if e.snippet is not None}
    if row_source is not None and entries:
        _fill_rows(entries[:ROW_CHUNK], row_source)
    return PreparedRows(result, entries, members, every_id, index_of, requested)


def _fill_rows(chunk: list[_Entry], row_source) -> None:
    """Fetches the display rows ``chunk`` lacks, in one call; a vanished document shows as removed."""
    wanted = [e.hit.doc_id for e in chunk if e.row is None]
    if not wanted:
        return
    rows = row_source(wanted)
    for entry in chunk:
        if entry.row is None:
            entry.row = rows.get(entry.hit.doc_id) or DocumentRow(
                entry.hit.doc_id, "(removed)", None, "other", "und", "missing", (), ""
            )


class ResultsModel(QAbstractListModel):
    """Holds the current hits; display rows come from the catalogue lazily.

    Snippets beyond those computed with the search are requested through
    :attr:`snippets_needed` and arrive via :meth:`set_snippets`, so painting
    never tokenises documents on the GUI thread.
    """

    snippets_needed = Signal(list)  # doc ids
    compare_requested = Signal(str, str)  # a group's first hit, one of its near-identical statements

    def __init__(self, row_source, parent=None) -> None:
        super().__init__(parent)
        self._row_source = row_source  # callable: ids -> {id: DocumentRow}
        self._entries: list[_Entry] = []
        self._index_of: dict[str, int] = {}
        self._requested: set[str] = set()
        self._members: dict[str, _Entry] = {}  # near-identical hits not listed on their own
        self._expanded: set[str] = set()
        self._every_id: list[str] = []
        self.terms: frozenset[str] = frozenset()

    def set_result(self, result: SearchResult, prepared: PreparedRows | None = None) -> None:
        """Replaces the hits with those of a new search, each near-identical group as its first hit.

        Args:
            result: The search's result.
            prepared: Its entries from :func:`prepare_rows`, made off the GUI thread (else made here).
        """
        if prepared is None or prepared.result is not result:
            prepared = prepare_rows(result)
        self.beginResetModel()
        self._entries = prepared.entries
        self._members = prepared.members
        self._expanded = set()
        self._every_id = prepared.every_id
        self._index_of = prepared.index_of
        self._requested = prepared.requested
        self.terms = result.terms
        self.endResetModel()

    def _reindex(self) -> None:
        self._index_of = {entry.hit.doc_id: i for i, entry in enumerate(self._entries)}

    def every_id(self) -> list[str]:
        """The id of every hit, in result order, near-identical ones listed or not."""
        return list(self._every_id)

    def toggle_near_identical(self, row: int) -> None:
        """Shows or hides the near-identical statements of the group whose first hit is in ``row``."""
        entry = self._entries[row] if 0 <= row < len(self._entries) else None
        if entry is None or not entry.near:
            return
        doc_id, count = entry.hit.doc_id, len(entry.near)
        if doc_id in self._expanded:
            self.beginRemoveRows(QModelIndex(), row + 1, row + count)
            del self._entries[row + 1:row + 1 + count]
            self._expanded.discard(doc_id)
            self.endRemoveRows()
        else:
            self.beginInsertRows(QModelIndex(), row + 1, row + count)
            for offset, member in enumerate(entry.near, 1):
                shown = self._members[member]
                shown.leader = doc_id
                self._entries.insert(row + offset, shown)
            self._expanded.add(doc_id)
            self.endInsertRows()
        self._reindex()
        index = self.index(row)
        self.dataChanged.emit(index, index, [NearRole])

    def request_compare(self, row: int) -> None:
        """Asks to compare the near-identical statement in ``row`` with its group's first hit."""
        entry = self._entries[row] if 0 <= row < len(self._entries) else None
        if entry is not None and entry.leader:
            self.compare_requested.emit(entry.leader, entry.hit.doc_id)

    def clear(self) -> None:
        """Empties the list."""
        self.beginResetModel()
        self._entries = []
        self._index_of = {}
        self._members = {}
        self._every_id = []
        self.endResetModel()

    def doc_id(self, row: int) -> str | None:
        """The id of the document in ``row``."""
        return self._entries[row].hit.doc_id if 0 <= row < len(self._entries) else None

    def row_of(self, doc_id: str) -> int:
        """The row showing ``doc_id``, or -1."""
        return self._index_of.get(doc_id, -1)

    def set_snippets(self, snippets: dict[str, Snippet]) -> None:
        """Stores snippets computed off the GUI thread and repaints their rows."""
        for doc_id, snippet in snippets.items():
            if doc_id in self._members:
                self._members[doc_id].snippet = snippet
            row = self._index_of.get(doc_id)
            if row is not None:
                self._entries[row].snippet = snippet
                index = self.index(row)
                self.dataChanged.emit(index, index, [SnippetRole])

    def _ensure_rows(self, row: int) -> None:
        start = row - row % ROW_CHUNK
        _fill_rows(self._entries[start:start + ROW_CHUNK], self._row_source)

    # Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    # Qt API
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == DocIdRole:
            return entry.hit.doc_id
        if role == ScoreRole:
            return entry.hit.score
        if role == NearRole:
            if entry.near:
                return len(entry.near), entry.hit.doc_id in self._expanded
            return entry.leader
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, RowRole):
            self._ensure_rows(index.row())
            if role == RowRole:
                return entry.row
            if role == Qt.ItemDataRole.ToolTipRole:
                return entry.row.path
            return entry.row.title
        if role == SnippetRole:
            if entry.snippet is None and entry.hit.doc_id not in self._requested:
                self._requested.add(entry.hit.doc_id)
                self.snippets_needed.emit([entry.hit.doc_id])
            return entry.snippet
        return None
