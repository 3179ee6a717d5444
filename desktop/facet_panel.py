"""The facet panel: sections of values with counts; click to include, exclude, clear."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton, QTreeView, QVBoxLayout, QWidget

from desktop.facet_model import FacetModel, FieldRole, StateRole, ValueRole


class FacetPanel(QWidget):
    """A tree of facet sections over a :class:`FacetModel`."""

    def __init__(self, model: FacetModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.tree = QTreeView(self)
        self.tree.setObjectName("facetTree")
        self.tree.setModel(model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setIndentation(12)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.clicked.connect(self._clicked)
        self.tree.customContextMenuRequested.connect(self._context_menu)

        self.clear_button = QPushButton("Clear all", self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setToolTip("Remove every facet filter")
        self.clear_button.clicked.connect(model.clear_filters)
        self.clear_button.setEnabled(False)
        model.filters_changed.connect(lambda: self.clear_button.setEnabled(bool(model.filters())))

        title = QLabel("<b>Filters</b>", self)
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addStretch(1)
        bar.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.tree)
        for row in range(model.rowCount()):
            self.tree.expand(model.index(row, 0))

    def _clicked(self, index: QModelIndex) -> None:
        if index.data(ValueRole) is None:
            self.tree.setExpanded(index.siblingAtColumn(0), not self.tree.isExpanded(index.siblingAtColumn(0)))
            return
        self.model.cycle(index.siblingAtColumn(0))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        value = index.data(ValueRole)
        if value is None:
            return
        field_name = index.data(FieldRole)
        state = index.data(StateRole)
        menu = QMenu(self)
        for label, target in (("Include", "include"), ("Exclude", "exclude"), ("Clear", "")):
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(state == target)
            action.triggered.connect(lambda _=False, t=target: self.model.set_state(field_name, value, t))
        menu.exec(self.tree.viewport().mapToGlobal(pos))
