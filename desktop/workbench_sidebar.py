"""The sidebar above the facets: saved searches with live counts, and the search history."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import QLabel, QListView, QMenu, QToolButton, QVBoxLayout, QWidget

from index import PastSearch, SavedSearch

SearchRole = Qt.ItemDataRole.UserRole + 1


def _describe(query: str, filters) -> str:
    parts = [query.strip()] if query.strip() else []
    parts += [f"{'-' if f.exclude else ''}{f.field}:{f.value}" for f in filters]
    return " ".join(parts) or "(everything)"


class SearchListModel(QAbstractListModel):
    """Saved searches (name and count) or past searches (what was searched)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[SavedSearch | PastSearch] = []

    def set_items(self, items: list) -> None:
        """Replaces the list."""
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    # Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    # Qt API
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(item, SavedSearch):
                count = "…" if item.count is None else f"{item.count:,}"
                return f"{item.name}  ({count})"
            return _describe(item.query, item.filters)
        if role == Qt.ItemDataRole.ToolTipRole:
            described = _describe(item.query, item.filters)
            return f"{described} · sorted by {item.sort}" + (f" · {item.at[:16]}" if isinstance(item, PastSearch)
                                                             else "")
        if role == SearchRole:
            return item
        return None


class WorkbenchSidebar(QWidget):
    """Saved searches and history; activating one runs it.

    Signals:
        search_chosen(object): a :class:`SavedSearch` or :class:`PastSearch` to run.
        save_requested(): the person wants to save the current search.
        delete_requested(str): a saved search's name, to delete.
    """

    search_chosen = Signal(object)
    save_requested = Signal()
    delete_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("workbenchSidebar")
        self.saved_model = SearchListModel(self)
        self.history_model = SearchListModel(self)
        self.saved_view = QListView(self)
        self.saved_view.setObjectName("savedSearches")
        self.saved_view.setModel(self.saved_model)
        self.saved_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.saved_view.customContextMenuRequested.connect(self._saved_menu)
        self.history_view = QListView(self)
        self.history_view.setObjectName("searchHistory")
        self.history_view.setModel(self.history_model)
        for view in (self.saved_view, self.history_view):
            view.activated.connect(lambda index: self.search_chosen.emit(index.data(SearchRole)))
            view.clicked.connect(lambda index: self.search_chosen.emit(index.data(SearchRole)))
            view.setMaximumHeight(130)
        self.save_button = QToolButton(self)
        self.save_button.setObjectName("saveSearch")
        self.save_button.setText("Save Search\u2026")
        self.save_button.setAutoRaise(True)
        self.save_button.clicked.connect(self.save_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        title = QLabel("<b>Saved searches</b>", self)
        layout.addWidget(title)
        layout.addWidget(self.saved_view)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(QLabel("<b>History</b>", self))
        layout.addWidget(self.history_view)

    def set_saved(self, searches: list[SavedSearch]) -> None:
        """Shows the saved searches (with their counts, when known)."""
        self.saved_model.set_items(searches)

    def set_history(self, searches: list[PastSearch]) -> None:
        """Shows the search history, newest first."""
        self.history_model.set_items(searches)

    def _saved_menu(self, pos: QPoint) -> None:
        index = self.saved_view.indexAt(pos)
        item = index.data(SearchRole)
        if not isinstance(item, SavedSearch):
            return
        menu = QMenu(self)
        menu.addAction("Run", lambda: self.search_chosen.emit(item))
        menu.addAction("Delete", lambda: self.delete_requested.emit(item.name))
        menu.exec(self.saved_view.viewport().mapToGlobal(pos))
