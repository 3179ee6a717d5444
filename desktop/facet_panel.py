"""The facet panel: sections of values with counts; click to include, exclude, clear."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.facet_model import FacetModel, FieldRole, StateRole, ValueRole
from index import FilterState

COUNT_DIGITS = 6  # the hits column fits counts up to 999,999
COUNT_PADDING = 14  # pixels beside the digits


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class FacetFilterProxy(QSortFilterProxyModel):
    """Trims the value lists to those whose name or code contains the typed text (accents ignored)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_needle(self, text: str) -> None:
        """Sets the text to look for."""
        self.beginFilterChange()
        self._needle = _folded(text.strip())
        self.endFilterChange()

    # Qt API
    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._needle or not source_parent.isValid():
            return True  # sections always stay
        index = self.sourceModel().index(source_row, 0, source_parent)
        value = index.data(ValueRole)
        if value is None:
            return False  # the "Show all" row means nothing while filtering
        return self._needle in _folded(str(index.data())) or self._needle in _folded(value)


class FacetPanel(QWidget):
    """A tree of facet sections over a :class:`FacetModel`."""

    def __init__(self, model: FacetModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = FacetFilterProxy(self)
        # Re-filtering on every count change cost ~30 ms of GUI time per search;
        # the filter is re-applied only when the typed text or the counts change.
        self.proxy.setDynamicSortFilter(False)
        self.proxy.setSourceModel(model)
        model.counts_changed.connect(self._refilter)
        self.tree = QTreeView(self)
        self.tree.setObjectName("facetTree")
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(12)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Sized for six digits once: sizing to contents asked every row for its size hint
        # (Python calls on the GUI thread) after every search.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.tree.fontMetrics().horizontalAdvance("0" * COUNT_DIGITS) + COUNT_PADDING)
        self.tree.clicked.connect(self._clicked)
        self.tree.customContextMenuRequested.connect(self._context_menu)

        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("facetFilter")
        self.filter_box.setPlaceholderText("Filter values…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._filter_changed)
        self.sort_button = QToolButton(self)
        self.sort_button.setObjectName("facetSort")
        self.sort_button.setCheckable(True)
        self.sort_button.setText("A–Z")
        self.sort_button.setToolTip("Sort values by name instead of by count")
        self.sort_button.toggled.connect(model.set_sort_by_name)

        self.clear_button = QPushButton("Clear all", self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setToolTip("Remove every facet filter")
        self.clear_button.clicked.connect(model.clear_filters)
        self.clear_button.setEnabled(False)
        model.filters_changed.connect(lambda: self.clear_button.setEnabled(bool(model.filters())))

        bar = QHBoxLayout()
        bar.addWidget(QLabel("<b>Filters</b>", self))
        bar.addStretch(1)
        bar.addWidget(self.clear_button)
        search = QHBoxLayout()
        search.addWidget(self.filter_box, 1)
        search.addWidget(self.sort_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(search)
        layout.addWidget(self.tree)
        self._collapsed: set[str] = set()  # sections the user folded
        self.proxy.rowsInserted.connect(self._expand_sections)
        self._expand_sections()

    def _expand_sections(self, *_args) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if not self.tree.isExpanded(index) and index.data(FieldRole) not in self._collapsed:
                self.tree.expand(index)

    def view_index(self, field_name: str, value: str) -> QModelIndex:
        """The tree's index of a value (invalid if hidden)."""
        return self.proxy.mapFromSource(self.model.value_index(field_name, value))

    def _refilter(self) -> None:
        if self.filter_box.text().strip():
            self.proxy.set_needle(self.filter_box.text())
            self._expand_sections()

    def _filter_changed(self, text: str) -> None:
        self.model.set_show_everything(bool(text.strip()))
        self.proxy.set_needle(text)
        self._expand_sections()

    def _clicked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index.siblingAtColumn(0))
        if self.model.is_show_all_row(source):
            self.model.toggle_show_all(source.data(FieldRole))
            return
        if source.data(ValueRole) is None:
            section = index.siblingAtColumn(0)
            expanded = self.tree.isExpanded(section)
            self.tree.setExpanded(section, not expanded)
            field_name = section.data(FieldRole)
            self._collapsed = ({*self._collapsed, field_name} if expanded else self._collapsed - {field_name})
            return
        self.model.cycle(source)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        value = index.data(ValueRole)
        if value is None:
            return
        field_name = index.data(FieldRole)
        state = index.data(StateRole)
        menu = QMenu(self)
        for label, target in (("Include", FilterState.INCLUDE), ("Exclude", FilterState.EXCLUDE),
                              ("Clear", FilterState.OFF)):
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(state == target)
            action.triggered.connect(lambda _=False, t=target: self.model.set_state(field_name, value, t))
        menu.exec(self.tree.viewport().mapToGlobal(pos))
