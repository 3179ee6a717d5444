"""The facet tree model: sections (Country, Organisation, ...) and their values with counts.

Clicking a value cycles it through include -> exclude -> off, as in
calibre's tag browser; the model turns marked values into typed filters,
never into query strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from index import FacetCount, FacetField, FacetFilter, FilterState, PanelOrder, panel_fields

TOP_VALUES = 12  # values shown per section before "Show all"
INCLUDE_COLOR = QColor("#1b5e20")
EXCLUDE_COLOR = QColor("#b71c1c")
FieldRole = Qt.ItemDataRole.UserRole + 1
ValueRole = Qt.ItemDataRole.UserRole + 2
StateRole = Qt.ItemDataRole.UserRole + 3
CountRole = Qt.ItemDataRole.UserRole + 4


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole, FieldRole, ValueRole, StateRole,
                    CountRole})
_FONTS: dict = {}


def _fonts() -> dict:
    """The section font and the filtered values' fonts, made once (a QFont needs the application)."""
    if not _FONTS:
        section = QFont()
        section.setBold(True)
        included = QFont()
        included.setBold(True)
        excluded = QFont()
        excluded.setStrikeOut(True)
        _FONTS.update({"section": section, FilterState.INCLUDE: included, FilterState.EXCLUDE: excluded})
    return _FONTS


@dataclass
class _Section:
    field: str
    label: str
    order: PanelOrder
    values: list[FacetCount] = field(default_factory=list)  # every value, in display order
    rows: list[FacetCount | None] = field(default_factory=list)  # what is shown; None is the "Show all" row
    show_all: bool = False


class FacetModel(QAbstractItemModel):
    """Two levels: one row per facet section, its values below.

    Columns: 0 the name, 1 the count within the current results.
    """

    filters_changed = Signal()
    counts_changed = Signal()

    def __init__(self, fields: tuple[FacetField, ...] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._sections = [_Section(f.name, f.label, f.panel_order) for f in fields or panel_fields()]
        self._states: dict[tuple[str, str], FilterState] = {}
        self._labels: dict[tuple[str, str], str] = {}
        self.sort_by_name = False
        self._show_everything = False  # while the panel's filter box has text

    # -- filters ---------------------------------------------------------------

    def filters(self) -> tuple[FacetFilter, ...]:
        """The active filters, in the order they were set."""
        return tuple(FacetFilter.of(f, v, s) for (f, v), s in self._states.items() if s)

    def state(self, field_name: str, value: str) -> FilterState:
        """The value's filter state (off when it is not filtered)."""
        return self._states.get((field_name, value), FilterState.OFF)

    def label(self, field_name: str, value: str) -> str:
        """The display name last seen for a value."""
        return self._labels.get((field_name, value), value)

    def set_state(self, field_name: str, value: str, state: FilterState | str) -> None:
        """Sets one value's filter state and announces the change."""
        state = FilterState(state)
        key = (field_name, value)
        section = next((sec for sec in self._sections if sec.field == field_name), None)
        shown = next((c for c in section.values if c.value == value), None) if section else None
        if shown is not None:
            self._labels[key] = shown.label
        if state:
            self._states.pop(key, None)  # re-insert so the order follows the user's clicks
            self._states[key] = state
        else:
            self._states.pop(key, None)
        self._refresh_value(field_name, value)
        self.filters_changed.emit()

    def set_states(self, field_name: str, states: dict[str, FilterState]) -> None:
        """Replaces every filter of one field at once (one search, not one per value)."""
        for key in [k for k in self._states if k[0] == field_name]:
            del self._states[key]
        for value, state in states.items():
            if state:
                self._states[(field_name, value)] = FilterState(state)
        self._relayout()
        self.filters_changed.emit()

    def replace_filters(self, filters) -> None:
        """Replaces every filter by ``filters`` (a saved search's) and announces one change."""
        self._states = {(f.field, f.value): f.state for f in filters}
        self._relayout()
        self.filters_changed.emit()

    def cycle(self, index: QModelIndex) -> None:
        """Moves a value to its next state (include -> exclude -> off)."""
        field_name, value = index.data(FieldRole), index.data(ValueRole)
        if value is None:
            return
        self.set_state(field_name, value, self.state(field_name, value).next)

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
            for v_row, count in enumerate(section.rows):
                if count is not None and count.value == value:
                    parent = self.index(s_row, 0)
                    self.dataChanged.emit(self.index(v_row, 0, parent), self.index(v_row, 1, parent))

    # -- counts ------------------------------------------------------------------

    def set_counts(self, facets: dict[str, list[FacetCount]]) -> None:
        """Shows the counts of a new search; rows change only where needed."""
        for section in self._sections:
            new = list(facets.get(section.field, []))
            section.values = self._sorted(section, new)
        for key in self._states:  # names for the filter chips; filtered values are always listed
            for count in facets.get(key[0], []):
                if count.value == key[1]:
                    self._labels[key] = count.label
        self._relayout()
        self.counts_changed.emit()

    def _sorted(self, section: _Section, values: list[FacetCount]) -> list[FacetCount]:
        # Filtered values first, so an active filter is never hidden behind "Show all".
        by_count = section.order is PanelOrder.COUNT
        if not self.sort_by_name and by_count and not any(k[0] == section.field for k in self._states):
            return values  # the index already orders by count, then name
        if self.sort_by_name:
            key = lambda c: (not self._states.get((c.field, c.value)), c.label.casefold())  # noqa: E731
        elif section.order is PanelOrder.NEWEST:
            key = lambda c: (not self._states.get((c.field, c.value)), -int(c.value) if c.value.isdigit() else 0)  # noqa: E731
        else:
            key = lambda c: (not self._states.get((c.field, c.value)), -c.count, c.label.casefold())  # noqa: E731
        return sorted(values, key=key)

    def _visible(self, section: _Section) -> list[FacetCount | None]:
        if self._show_everything or len(section.values) <= TOP_VALUES + 1:
            return list(section.values)
        if section.show_all:
            return [*section.values, None]
        return [*section.values[:TOP_VALUES], None]

    def _relayout(self) -> None:
        """Brings every section's rows to what should be shown, emitting the least change."""
        for s_row, section in enumerate(self._sections):
            rows = self._visible(section)
            parent = self.index(s_row, 0)
            keys = [(c.value if c else None) for c in rows]
            if keys == [(c.value if c else None) for c in section.rows]:
                changed = [i for i, (a, b) in enumerate(zip(section.rows, rows, strict=True)) if a != b]
                section.rows = rows
                if changed:
                    self.dataChanged.emit(self.index(min(changed), 0, parent), self.index(max(changed), 1, parent))
            elif len(rows) == len(section.rows):
                # Same number of rows, other values: repaint them rather than remove
                # and insert (views and the filter proxy relayout far more for that).
                section.rows = rows
                self.dataChanged.emit(self.index(0, 0, parent), self.index(len(rows) - 1, 1, parent))
            else:
                if section.rows:
                    self.beginRemoveRows(parent, 0, len(section.rows) - 1)
                    section.rows = []
                    self.endRemoveRows()
                if rows:
                    self.beginInsertRows(parent, 0, len(rows) - 1)
                    section.rows = rows
                    self.endInsertRows()
            self.dataChanged.emit(parent, self.index(s_row, 1))

    def set_sort_by_name(self, by_name: bool) -> None:
        """Orders values by name instead of by count."""
        self.sort_by_name = by_name
        for section in self._sections:
            section.values = self._sorted(section, section.values)
        self._relayout()

    def set_show_everything(self, everything: bool) -> None:
        """Shows every value of every section (while the user filters the list)."""
        self._show_everything = everything
        self._relayout()

    def toggle_show_all(self, field_name: str) -> None:
        """Expands or collapses a section's long tail."""
        row = self.section_row(field_name)
        if row >= 0:
            self._sections[row].show_all = not self._sections[row].show_all
            self._relayout()

    def is_show_all_row(self, index: QModelIndex) -> bool:
        """True for a section's "Show all" row."""
        if not index.isValid() or index.internalId() == 0:
            return False
        section = self._sections[index.internalId() - 1]
        return 0 <= index.row() < len(section.rows) and section.rows[index.row()] is None

    def section_row(self, field_name: str) -> int:
        """Row of a section, or -1."""
        return next((i for i, s in enumerate(self._sections) if s.field == field_name), -1)

    def value_index(self, field_name: str, value: str) -> QModelIndex:
        """Index of a value's name cell, or an invalid index."""
        s_row = self.section_row(field_name)
        if s_row < 0:
            return QModelIndex()
        for v_row, count in enumerate(self._sections[s_row].rows):
            if count is not None and count.value == value:
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
        return len(self._sections[parent.row()].rows)

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
        # Views ask for many roles this model leaves unset (size hints, decorations, check states):
        # those are answered first, as each call is Python on the GUI thread.
        if role not in _ROLES or not index.isValid():
            return None
        if index.internalId() == 0:
            section = self._sections[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                if index.column() == 0:
                    active = sum(1 for (f, _v), s in self._states.items() if f == section.field and s)
                    return f"{section.label} ({active} active)" if active else section.label
                return str(len(section.values))
            if role == Qt.ItemDataRole.FontRole:
                return _fonts()["section"]
            if role == FieldRole:
                return section.field
            return None
        section = self._sections[index.internalId() - 1]
        if index.row() >= len(section.rows):
            return None
        count = section.rows[index.row()]
        if count is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return "Show fewer" if section.show_all else f"Show all {len(section.values)}…"
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#1a5fb4"))
            if role == FieldRole:
                return section.field
            return None
        state = self._states.get((count.field, count.value), FilterState.OFF)
        if role == Qt.ItemDataRole.DisplayRole:
            return count.label if index.column() == 0 else str(count.count)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            now = {FilterState.INCLUDE: "Included", FilterState.EXCLUDE: "Excluded",
                   FilterState.OFF: "Not filtered"}[state]
            after = {FilterState.INCLUDE: "exclude it", FilterState.EXCLUDE: "clear it",
                     FilterState.OFF: "include it"}[state]
            return f"{count.label} ({count.value}): {count.count} results. {now}; click to {after}."
        if role == Qt.ItemDataRole.FontRole and state:
            return _fonts()[state]
        if role == Qt.ItemDataRole.ForegroundRole and state:
            return QBrush(INCLUDE_COLOR if state is FilterState.INCLUDE else EXCLUDE_COLOR)
        if role == FieldRole:
            return count.field
        if role == ValueRole:
            return count.value
        if role == StateRole:
            return state
        if role == CountRole:
            return count.count
        return None
