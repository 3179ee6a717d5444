"""The concordance (KWIC) tab: every occurrence of the searched words, aligned on the hit, paged as it scrolls.

The table's first three columns are the line: the context before the hit
right-aligned (so every hit starts at the same column), the hit in bold, the
context after. The model holds only the lines fetched so far; when the view
scrolls to the end, ``fetchMore`` asks the library for the next page (the
library reads statements only as far as the lines asked for), and the page
arrives later from the controller's thread.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
)

from desktop.research_view import READING, ResearchView
from index import ConcordanceLine, ConcordancePage

PAGE = 200  # lines per page: a few screens, read in a few milliseconds
SORTS = (("Newest statements first", "document"), ("Words before the hit", "left"),
         ("Words after the hit", "right"))
LEFT, HIT, RIGHT, DATE, TITLE = range(5)
CONTEXT_LETTERS = 30  # shown of the 40 the library gives each side; widen the column to see them all
HEADERS = ("Before", "Hit", "After", "Date", "Statement")
LineRole = Qt.ItemDataRole.UserRole + 1


def _page_reading(request, sort: str, offset: int):
    """The reading of one page of lines, stopped by a newer search and reporting its progress."""
    return lambda library, superseded, progress: library.concordance(
        request, sort=sort, offset=offset, limit=PAGE, progress=progress, superseded=superseded)


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


class ConcordanceModel(QAbstractTableModel):
    """The lines fetched so far; :attr:`more_wanted` asks for the next page.

    Signals:
        more_wanted(int): the view scrolled to the end; the next page starts at this offset.
    """

    more_wanted = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._lines: list[ConcordanceLine] = []
        self.page: ConcordancePage | None = None  # the last page, for its counts
        self.fetching = False
        self._bold = QFont()
        self._bold.setBold(True)

    def set_first_page(self, page: ConcordancePage | None) -> None:
        """Replaces the lines by a first page (None: no concordance)."""
        self.beginResetModel()
        self._lines = list(page.lines) if page else []
        self.page = page
        self.fetching = False
        self.endResetModel()

    def add_page(self, page: ConcordancePage) -> None:
        """Appends the next page (a page that does not follow on is ignored)."""
        self.fetching = False
        if page.offset != len(self._lines):
            return
        self.page = page
        if page.lines:
            self.beginInsertRows(QModelIndex(), len(self._lines), len(self._lines) + len(page.lines) - 1)
            self._lines.extend(page.lines)
            self.endInsertRows()

    def line(self, row: int) -> ConcordanceLine | None:
        """The line in ``row``."""
        return self._lines[row] if 0 <= row < len(self._lines) else None

    @property
    def more(self) -> bool:
        """Whether lines beyond those fetched may exist."""
        page = self.page
        return page is not None and (len(self._lines) < page.known or not page.complete)

    # Qt API
    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.more and not self.fetching

    # Qt API
    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self.fetching = True
            self.more_wanted.emit(len(self._lines))

    # Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    # Qt API
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    # Qt API
    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    # Qt API
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        line = self.line(index.row()) if index.isValid() else None
        if line is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            # The cells' margins stand for the spaces around the hit; a trailing
            # space would not show in right-aligned text anyway.
            return (line.left.rstrip(), line.hit, line.right.lstrip(), line.date or "undated", line.title)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column == LEFT else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == HIT:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{line.left}{line.hit}{line.right}\n{line.date or 'undated'} \u00b7 {line.title}"
        if role == LineRole:
            return line
        return None


class _ElideLeft(QStyledItemDelegate):
    """Cuts the context before the hit at its start, so the words next to the hit stay."""

    # Qt API
    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class ConcordanceView(ResearchView):
    """The concordance of the current search, its sort order, its counts and its export.

    Signals:
        hit_chosen(str, int, int): a line was double-clicked: the statement and the hit's offsets.
    """

    hit_chosen = Signal(str, int, int)

    def __init__(self, searches, parent=None) -> None:
        super().__init__(searches, "concordance", parent)
        self.model = ConcordanceModel(self)
        self.model.more_wanted.connect(self._read_page)
        self.sort_combo = self.compact(QComboBox(self))
        self.sort_combo.setObjectName("concordanceSort")
        self.sort_combo.setToolTip("Order of the lines")
        for label, key in SORTS:
            self.sort_combo.addItem(label, key)
        self.sort_combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.export = self.export_button(self.export_csv)
        self.table = QTableView(self)
        self.table.setObjectName("concordanceTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(LEFT, _ElideLeft(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        # The line comes first: its contexts keep a readable width, and the date and the
        # statement's title scroll into view when the column is narrow (both are in the tooltip).
        header = self.table.horizontalHeader()
        for column in (HIT, DATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (LEFT, RIGHT):
            header.resizeSection(column, self.fontMetrics().averageCharWidth() * CONTEXT_LETTERS)
        header.setStretchLastSection(True)
        header.resizeSection(TITLE, 200)
        self.table.activated.connect(self._activated)
        self._generation = 0  # pages of an earlier request or sort order are dropped

        bar = QHBoxLayout()
        bar.addWidget(self.sort_combo, 1)
        bar.addWidget(self.export)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 3, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    @property
    def sort(self) -> str:
        """The sort order asked of the library (``document``, ``left``, ``right``)."""
        return self.sort_combo.currentData()

    @property
    def focus_target(self):
        """The table of lines."""
        return self.table

    def reload(self) -> None:
        """Reads the first page of the current search's concordance."""
        self._generation += 1
        request = self.request
        if request is None or not request.text.strip():
            self.model.set_first_page(None)
            self.export.setEnabled(False)
            self.status.setText("Search for words or a phrase: the concordance shows each occurrence "
                                "with its context.")
            return
        generation, sort = self._generation, self.sort
        self.model.set_first_page(None)
        note = READING if sort == "document" else "Sorting the lines\u2026"
        self.read(_page_reading(request, sort, 0), lambda page: self._first_page(generation, page), note=note,
                  interruptible=True)

    def _first_page(self, generation: int, page: ConcordancePage) -> None:
        if generation != self._generation:
            return
        self.model.set_first_page(page)
        self.export.setEnabled(bool(page.known))
        self._show_counts()

    def _read_page(self, offset: int) -> None:
        request, sort, generation = self.request, self.sort, self._generation

        def arrived(page: ConcordancePage) -> None:
            if generation == self._generation:
                self.model.add_page(page)
                self._show_counts()

        self.read(_page_reading(request, sort, offset), arrived, kind="concordance-page",
                  note="Reading more lines\u2026", interruptible=True)

    def _show_counts(self) -> None:
        page = self.model.page
        if page is None:
            return
        if not page.known and page.complete:
            self.status.setText(f"No occurrence in {_plural(page.statements, 'statement')}")
        elif page.complete:
            limit = " (a sorted concordance stops there)" if page.truncated else ""
            self.status.setText(f"{_plural(page.known, 'line')} in {_plural(page.statements, 'statement')}{limit}")
        else:
            self.status.setText(f"{_plural(page.known, 'line')} so far, in {page.read:,} of "
                                f"{_plural(page.statements, 'statement')} read; scroll for more")

    def _activated(self, index: QModelIndex) -> None:
        line = self.model.line(index.row())
        if line is not None:
            self.hit_chosen.emit(line.doc_id, line.start, line.end)

    def export_csv(self) -> None:
        """Writes every line of the concordance (in the current order) to a CSV file the person picks."""
        request, sort = self.request, self.sort
        if request is None or not request.text.strip():
            return
        path = self.ask_csv_path(self, "concordance.csv")
        if path is None:
            return
        self.read(lambda library: library.export_concordance(request, path, sort=sort),
                  lambda written: self.status.setText(f"Wrote {_plural(written, 'line')} to {path.name}"),
                  kind="concordance-export", note="Writing the concordance\u2026")
