"""The results list model: hit ids only, rows fetched and cached as they are shown."""

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


@dataclass
class _Entry:
    hit: Hit
    row: DocumentRow | None = None
    snippet: Snippet | None = None


class ResultsModel(QAbstractListModel):
    """Holds the current hits; display rows come from the catalogue lazily.

    Snippets beyond those computed with the search are requested through
    :attr:`snippets_needed` and arrive via :meth:`set_snippets`, so painting
    never tokenises documents on the GUI thread.
    """

    snippets_needed = Signal(list)  # doc ids

    def __init__(self, row_source, parent=None) -> None:
        super().__init__(parent)
        self._row_source = row_source  # callable: ids -> {id: DocumentRow}
        self._entries: list[_Entry] = []
        self._index_of: dict[str, int] = {}
        self._requested: set[str] = set()
        self.terms: frozenset[str] = frozenset()

    def set_result(self, result: SearchResult) -> None:
        """Replaces the hits with those of a new search."""
        self.beginResetModel()
        self._entries = [_Entry(hit, snippet=hit.snippet) for hit in result.hits]
        self._index_of = {entry.hit.doc_id: i for i, entry in enumerate(self._entries)}
        self._requested = {e.hit.doc_id for e in self._entries if e.snippet is not None}
        self.terms = result.terms
        self.endResetModel()

    def clear(self) -> None:
        """Empties the list."""
        self.beginResetModel()
        self._entries = []
        self._index_of = {}
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
            row = self._index_of.get(doc_id)
            if row is not None:
                self._entries[row].snippet = snippet
                index = self.index(row)
                self.dataChanged.emit(index, index, [SnippetRole])

    def _ensure_rows(self, row: int) -> None:
        start = row - row % ROW_CHUNK
        chunk = self._entries[start:start + ROW_CHUNK]
        wanted = [e.hit.doc_id for e in chunk if e.row is None]
        if not wanted:
            return
        rows = self._row_source(wanted)
        for entry in chunk:
            if entry.row is None:
                entry.row = rows.get(entry.hit.doc_id) or DocumentRow(
                    entry.hit.doc_id, "(removed)", None, "other", "und", "missing", (), ""
                )

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
