"""The facet tree model: sections (Country, Organisation, ...) and their values with counts.

Clicking a value cycles it through include -> exclude -> off, as in
calibre's tag browser; the model turns marked values into typed filters,
never into query strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from index.facets import FacetCount, FacetFilter
from index.schema import FACET_FIELDS

NEXT_STATE = {"": "include", "include": "exclude", "exclude": ""}
INCLUDE_COLOR = QColor("#1b5e20")
EXCLUDE_COLOR = QColor("#b71c1c")
FieldRole = Qt.ItemDataRole.UserRole + 1
ValueRole = Qt.ItemDataRole.UserRole + 2
StateRole = Qt.ItemDataRole.UserRole + 3
CountRole = Qt.ItemDataRole.UserRole + 4


@dataclass
class _Section:
    field: str
    label: str
    values: list[FacetCount] = field(default_factory=list)


class FacetModel(QAbstractItemModel):
    """Two levels: one row per facet section, its values below.

    Columns: 0 the name, 1 the count within the current results.
    """

    filters_changed = Signal()

    def __init__(self, fields: dict[str, str] = FACET_FIELDS, parent=None) -> None:
        super().__init__(parent)
        self._sections = [_Section(f, label) for f, label in fields.items()]
        self._states: dict[tuple[str, str], str] = {}
        self._labels: dict[tuple[str, str], str] = {}

    # -- filters ---------------------------------------------------------------

    def filters(self) -> tuple[FacetFilter, ...]:
        """The active filters, in the order they were set."""
        return tuple(FacetFilter(f, v, s == "exclude") for (f, v), s in self._states.items() if s)

    def state(self, field_name: str, value: str) -> str:
        """``"include"``, ``"exclude"`` or ``""``."""
        return self._states.get((field_name, value), "")

    def label(self, field_name: str, value: str) -> str:
        """The display name last seen for a value."""
        return self._labels.get((field_name, value), value)

    def set_state(self, field_name: str, value: str, state: str) -> None:
        """Sets one value's filter state and announces the change."""
        key = (field_name, value)
        if state:
            self._states.pop(key, None)  # re-insert so the order follows the user's clicks
            self._states[key] = state
        else:
            self._states.pop(key, None)
        self._refresh_value(field_name, value)
        self.filters_changed.emit()

    def cycle(self, index: QModelIndex) -> None:
        """Moves a value to its next state (include -> exclude -> off)."""
        field_name, value = index.data(FieldRole), index.data(ValueRole)
        if value is None:
            return
        self.set_state(field_name, value, NEXT_STATE[self.state(field_name, value)])

    def clear_filters(self) -> None:
        """Removes every filter."""
        if not self._states:
            return
        keys = list(self._states)
        self._states.clear()
        for field_name, value in keys:
            self._refresh_value(field_name, value)
        self.filters_changed.emit()

    def _refresh_value(self, field_name: str, value: str) -> None:
        for s_row, section in enumerate(self._sections):
            if section.field != field_name:
                continue
            for v_row, count in enumerate(section.values):
                if count.value == value:
                    parent = self.index(s_row, 0)
                    self.dataChanged.emit(self.index(v_row, 0, parent), self.index(v_row, 1, parent))

    # -- counts ------------------------------------------------------------------

    def set_counts(self, facets: dict[str, list[FacetCount]]) -> None:
        """Shows the counts of a new search; rows change only where needed."""
        for s_row, section in enumerate(self._sections):
            new = list(facets.get(section.field, []))
            for count in new:
                self._labels[(count.field, count.value)] = count.label
            parent = self.index(s_row, 0)
            if [c.value for c in new] == [c.value for c in section.values]:
                changed = [i for i, (a, b) in enumerate(zip(section.values, new, strict=True)) if a != b]
                section.values = new
                if changed:
                    self.dataChanged.emit(self.index(min(changed), 0, parent), self.index(max(changed), 1, parent))
                continue
            if section.values:
                self.beginRemoveRows(parent, 0, len(section.values) - 1)
                section.values = []
                self.endRemoveRows()
            if new:
                self.beginInsertRows(parent, 0, len(new) - 1)
                section.values = new
                self.endInsertRows()
            self.dataChanged.emit(parent, self.index(s_row, 1))

    def section_row(self, field_name: str) -> int:
        """Row of a section, or -1."""
        return next((i for i, s in enumerate(self._sections) if s.field == field_name), -1)

    def value_index(self, field_name: str, value: str) -> QModelIndex:
        """Index of a value's name cell, or an invalid index."""
        s_row = self.section_row(field_name)
        if s_row < 0:
            return QModelIndex()
        for v_row, count in enumerate(self._sections[s_row].values):
            if count.value == value:
                return self.index(v_row, 0, self.index(s_row, 0))
        return QModelIndex()

    # Qt API
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()):  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        # Internal id 0 marks a section; a value carries its section's row + 1.
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    # Qt API
    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()):  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        section = index.internalId() - 1
        if not 0 <= section < len(self._sections):
            return QModelIndex()
        return self.createIndex(section, 0, 0)

    # Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._sections)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._sections[parent.row()].values)

    # Qt API
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    # Qt API
    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Filter", "Hits")[section] if 0 <= section < 2 else None
        return None

    # Qt API
    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # Qt API
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == 0:
            section = self._sections[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                if index.column() == 0:
                    active = sum(1 for (f, _v), s in self._states.items() if f == section.field and s)
                    return f"{section.label} ({active} active)" if active else section.label
                return str(len(section.values))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == FieldRole:
                return section.field
            return None
        section = self._sections[index.internalId() - 1]
        if index.row() >= len(section.values):
            return None
        count = section.values[index.row()]
        state = self._states.get((count.field, count.value), "")
        if role == Qt.ItemDataRole.DisplayRole:
            return count.label if index.column() == 0 else str(count.count)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            now = {"include": "Included", "exclude": "Excluded", "": "Not filtered"}[state]
            after = {"include": "exclude it", "exclude": "clear it", "": "include it"}[state]
            return f"{count.label} ({count.value}): {count.count} results. {now}; click to {after}."
        if role == Qt.ItemDataRole.FontRole and state:
            font = QFont()
            font.setBold(state == "include")
            font.setStrikeOut(state == "exclude")
            return font
        if role == Qt.ItemDataRole.ForegroundRole and state:
            return QBrush(INCLUDE_COLOR if state == "include" else EXCLUDE_COLOR)
        if role == FieldRole:
            return count.field
        if role == ValueRole:
            return count.value
        if role == StateRole:
            return state
        if role == CountRole:
            return count.count
        return None
