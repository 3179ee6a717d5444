"""The main window: search bar, facets, results and the document, side by side.

The window builds its widgets and wires their signals; reading the library
happens in :class:`~desktop.search_controller.SearchController`.
"""

from __future__ import annotations

import logging
import time
from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListView, QMainWindow, QSplitter, QVBoxLayout, QWidget

from desktop.audit_menu import install_audit_menu
from desktop.document_view import DocumentView
from desktop.facet_model import FacetModel
from desktop.facet_panel import FacetPanel
from desktop.filter_chips import FilterChips
from desktop.heap_settling import install_heap_settling
from desktop.import_panel import ImportPanel
from desktop.main_menus import install_main_menus
from desktop.ocr_menu import install_ocr_menu
from desktop.research_tabs import ResearchTabs, ResearchWiring
from desktop.result_delegate import ResultDelegate
from desktop.results_model import ResultsModel, prepare_rows
from desktop.search_bar import SearchBar
from desktop.search_controller import SearchController
from desktop.settings import Settings
from desktop.timeline import Timeline
from desktop.workbench_sidebar import WorkbenchSidebar
from desktop.workbench_wiring import WorkbenchWiring
from index import FilterState, Library, SearchRequest, SearchResult

log = logging.getLogger("chancery.desktop")

# Every hit's id goes to the list (rows are fetched as they scroll into view);
# ranking all of them costs little more than ranking the top thousand.
RESULT_LIMIT = None
SNIPPETS_WITH_SEARCH = 30
LAYOUT_BATCH = 500  # result rows laid out between two events (a few milliseconds)
FOLLOW_MS = 50  # how often a current row not laid out yet is looked for
FOLLOW_FOR_S = 15.0  # and for how long (the layout of 100,000 rows takes a few seconds)
FOLLOW_SETTLED_S = 1.0  # in view, with every row laid out, for this long: followed no more
MERGE_AFTER_OPEN_MS = 5000
REFRESH_AFTER_COMMIT_MS = 300


class _ResultsView(QListView):
    """The results list: End and Home reach the last and first hit even before every row is laid out.

    Laid out in batches, Qt's list would stop at the last row laid out so far; the
    window scrolls to a row made current before its batch once it is laid out.
    """

    def moveCursor(self, action, modifiers) -> QModelIndex:
        rows = self.model().rowCount()
        if rows and action == QListView.CursorAction.MoveEnd:
            return self.model().index(rows - 1, 0)
        if rows and action == QListView.CursorAction.MoveHome:
            return self.model().index(0, 0)
        return super().moveCursor(action, modifiers)


class MainWindow(QMainWindow):
    """The archive browser.

    Every search and document load runs on the controller's background
    thread; the newest request wins and older answers are dropped.
    """

    search_finished = Signal(object)  # SearchResult, after it is shown
    document_shown = Signal(str)

    def __init__(self, library: Library, settings: Settings | None = None) -> None:
        super().__init__()
        self.library = library
        self.settings = settings or Settings()
        self.setWindowTitle(f"Chancery — {library.folder}")
        self.last_result: SearchResult | None = None
        self.searches = SearchController(library, self)
        # The list's entries, and the first of their display rows, are made on the search thread.
        self.searches.prepare = partial(prepare_rows, row_source=library.rows)

        self.search_bar = SearchBar(self.searches.complete, self.settings.get("search/sort"), self)
        # The bar's parts, named for tests and for the menus.
        self.search_box = self.search_bar.search_box
        self.sort_combo = self.search_bar.sort_combo
        self.expand_box = self.search_bar.expand_box
        self.help_button = self.search_bar.help_button
        self.message_label = self.search_bar.message_label
        self.completer = self.search_bar.completer

        self.facet_model = FacetModel(parent=self)
        self.facet_panel = FacetPanel(self.facet_model, self)
        self.sidebar = WorkbenchSidebar(self)
        self.results_model = ResultsModel(library.rows, self)
        self.results_view = self._results_view()
        self.research_tabs = ResearchTabs(self.results_view, self.searches, self.current_request, self)
        self.document_view = DocumentView(self)
        self.filter_chips = FilterChips(self)
        self.timeline = Timeline(self)
        self.import_panel = ImportPanel(library, self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("hitCount")
        self._lay_out()
        self.import_actions = install_main_menus(self)
        self.workbench = WorkbenchWiring(self)
        self.research = ResearchWiring(self)
        self.audit = install_audit_menu(self)
        self.ocr = install_ocr_menu(self)
        self.setAcceptDrops(True)

        self._follow_until = 0.0
        self._settled_at: float | None = None
        self._follow_timer = QTimer(self)
        self._follow_timer.setInterval(FOLLOW_MS)
        self._follow_timer.timeout.connect(self._follow_current)
        self.results_view.verticalScrollBar().actionTriggered.connect(lambda _action: self._follow_timer.stop())
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_AFTER_COMMIT_MS)
        self._refresh_timer.timeout.connect(self.search_now)
        self.heap = install_heap_settling(self)
        self._connect()
        self._restore_layout()
        # An index left with many segments (by an older release, or a merge cut short) is merged, and
        # statements an older release imported are grouped, once the window has shown its first results.
        self._merge_timer = QTimer(self)  # a child: it dies with the window, never firing into a deleted one
        self._merge_timer.setSingleShot(True)
        self._merge_timer.timeout.connect(self.import_panel.start_maintenance)
        self._merge_timer.start(MERGE_AFTER_OPEN_MS)
        # Completion's word tables are built once the first results are on screen: built
        # alongside, they would take turns with that search for the interpreter.
        self.search_finished.connect(self._warm_after_first_results)

    def _warm_after_first_results(self, _result) -> None:
        self.search_finished.disconnect(self._warm_after_first_results)
        self.heap.wait_for(self.library.warm_completion())

    def _results_view(self) -> QListView:
        view = _ResultsView(self)
        view.setObjectName("resultsView")
        view.setModel(self.results_model)
        view.setItemDelegate(ResultDelegate(view))
        view.setUniformItemSizes(True)
        # Laying out asks the model about every row (twice, in Python): 1.5 s for 100,000 hits in one
        # go. In batches the window shows the first rows at once and lays out the rest between events.
        view.setLayoutMode(QListView.LayoutMode.Batched)
        view.setBatchSize(LAYOUT_BATCH)
        view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return view

    def _lay_out(self) -> None:
        results_column = QWidget(self)
        column = QVBoxLayout(results_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(self.filter_chips)
        column.addWidget(self.timeline)
        column.addWidget(self.research_tabs, 1)  # the results list is its first tab
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.setObjectName("leftSplitter")
        left.addWidget(self.sidebar)
        left.addWidget(self.facet_panel)
        left.setStretchFactor(1, 3)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for index, (widget, stretch) in enumerate(((left, 2), (results_column, 4), (self.document_view, 5))):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(index, stretch)
        self.splitter.setSizes([300, 470, 590])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.search_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.import_panel)

    def _connect(self) -> None:
        self.search_bar.search_requested.connect(self.search_now)
        self.facet_model.filters_changed.connect(self.search_now)
        self.facet_model.filters_changed.connect(self._show_filter_chips)
        self.filter_chips.remove_requested.connect(lambda f, v: self.facet_model.set_state(f, v, FilterState.OFF))
        self.filter_chips.clear_requested.connect(self.facet_model.clear_filters)
        self.timeline.range_selected.connect(self._year_range)
        self.document_view.chip_clicked.connect(
            lambda f, v: self.facet_model.set_state(f, v, FilterState.INCLUDE))
        self.document_view.more_like_this.connect(self.show_similar)
        self.results_view.selectionModel().currentChanged.connect(self._current_changed)
        self.results_view.activated.connect(lambda index: self._current_changed(index, QModelIndex()))
        self.results_model.snippets_needed.connect(
            lambda ids: self.searches.snippets(ids, self.results_model.terms))
        self.import_panel.batch_committed.connect(lambda: self._refresh_timer.start())
        self.import_panel.import_finished.connect(lambda _report: self.search_now())
        self.import_panel.merge_finished.connect(lambda _report: self.heap.wait_for(self.library.warm_completion()))
        self.import_panel.grouping_finished.connect(lambda _status: self.search_now())  # "+N near-identical"
        self.searches.search_finished.connect(self._show_result)
        self.searches.snippets_ready.connect(self.results_model.set_snippets)
        self.searches.document_ready.connect(self._show_document)
        self.searches.failed.connect(lambda message: self.statusBar().showMessage(f"Search failed: {message}", 10000))

    # -- searching -------------------------------------------------------------------

    def current_request(self) -> SearchRequest:
        """The search the widgets describe now."""
        return SearchRequest(
            text=self.search_bar.text,
            filters=self.facet_model.filters(),
            sort=self.search_bar.sort,
            limit=RESULT_LIMIT,
            snippet_count=SNIPPETS_WITH_SEARCH,
            expand_countries=self.search_bar.expand_countries,
        )

    def search_now(self) -> None:
        """Starts a search in the background; any older one is dropped."""
        self._refresh_timer.stop()
        self.searches.search(self.current_request())

    def show_similar(self, doc_id: str) -> None:
        """Lists statements similar to ``doc_id`` (More like this)."""
        statement = self.document_view.statement
        title = statement.title if statement and statement.id == doc_id else doc_id
        self.searches.similar(doc_id, f"Statements like “{title}”")

    def focus_search(self) -> None:
        """Puts the cursor in the search box with its text selected (Ctrl+L)."""
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _show_result(self, result: SearchResult) -> None:
        selected = self.results_model.doc_id(self.results_view.currentIndex().row())
        self.last_result = result
        self.results_model.set_result(result, self.searches.prepared)
        self.searches.prepared = None  # taken: held no longer than the list needs it
        self.facet_model.set_counts(result.facets)
        noun = "statement" if result.total == 1 else "statements"
        shown = f" (first {len(result.hits):,} listed)" if len(result.hits) < result.total else ""
        self.count_label.setText(f"{result.total:,} {noun}{shown} · {result.elapsed_ms:.0f} ms")
        self.search_bar.show_messages(result)
        self._show_filter_chips()  # names of values filtered from outside the panel are known now
        years = {int(c.value): c.count for c in result.facets.get("year", []) if c.value.isdigit()}
        self.timeline.set_counts(years, self._selected_years())
        row = self.results_model.row_of(selected) if selected else -1
        if row >= 0:
            self.results_view.setCurrentIndex(self.results_model.index(row))
            self._open_document(selected)
        elif result.hits:
            self.results_view.setCurrentIndex(self.results_model.index(0))
        else:
            self.document_view.show_placeholder("No statement matches this search.")
        self.search_finished.emit(result)

    def _show_filter_chips(self) -> None:
        pairs, label = self.research_tabs.pair_labels, self.facet_model.label
        # Pairs filtered from the Relations tab are in no facet section: their names come from there.
        self.filter_chips.set_filters(self.facet_model.filters(), lambda f, v: pairs.get((f, v)) or label(f, v))

    def _selected_years(self) -> tuple[int, int] | None:
        years = [int(f.value) for f in self.facet_model.filters()
                 if f.field == "year" and not f.exclude and f.value.isdigit()]
        return (min(years), max(years)) if years else None

    def _year_range(self, low: int, high: int) -> None:
        """Filters to the years dragged across on the timeline."""
        self.facet_model.set_states("year", {str(year): FilterState.INCLUDE for year in range(low, high + 1)})

    # -- the document --------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        doc_id = self.results_model.doc_id(current.row()) if current.isValid() else None
        if doc_id:
            self._open_document(doc_id)
        if current.isValid():
            self._follow_until = time.monotonic() + FOLLOW_FOR_S
            self._settled_at = None
            self._follow_timer.start()

    def _follow_current(self) -> None:
        """Keeps the current row in view while the list is laid out in batches.

        A row made current before its batch is laid out (End on 100,000 hits) is
        scrolled to once it is; and a new layout (the list resized by a few pixels
        when a document opens) starts again from the top, so the row is followed
        until the whole list has been laid out around it for a moment. Scrolling by
        hand stops it.
        """
        view, current = self.results_view, self.results_view.currentIndex()
        now = time.monotonic()
        if not current.isValid() or now > self._follow_until:
            self._follow_timer.stop()
            return
        rect = view.visualRect(current)
        if not rect.isValid():
            self._settled_at = None  # not laid out yet
        elif not view.viewport().rect().intersects(rect):
            self._settled_at = None
            view.scrollTo(current)
        elif view.visualRect(self.results_model.index(self.results_model.rowCount() - 1)).isValid():
            self._settled_at = self._settled_at or now
            if now - self._settled_at >= FOLLOW_SETTLED_S:
                self._follow_timer.stop()

    def _open_document(self, doc_id: str) -> None:
        self.searches.open_document(doc_id, self.results_model.terms)

    def _show_document(self, _doc_id: str, statement, highlights: list) -> None:
        if statement is None:
            self.document_view.show_placeholder("This statement is no longer in the library.")
            return
        self.document_view.show_statement(statement, highlights, searched=bool(self.results_model.terms))
        self.document_shown.emit(statement.id)

    # -- drag and drop, layout, closing ------------------------------------------------

    # Qt API
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and not self.library.read_only:
            event.acceptProposedAction()

    # Qt API
    def dropEvent(self, event) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_panel.start_import(paths)

    def _restore_layout(self) -> None:
        geometry = self.settings.get("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 860)
        splitter = self.settings.get("window/splitter")
        if splitter:
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        """Stores geometry, splitter sizes and sort order."""
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/splitter", self.splitter.saveState())
        self.settings.set("search/sort", self.search_bar.sort)
        self.settings.sync()

    # Qt API
    def closeEvent(self, event) -> None:
        self.heap.release()
        self.import_panel.cancel()
        self.save_layout()
        self.workbench.shutdown()
        self.searches.shutdown(5000)
        self.import_panel.shutdown(10000)
        super().closeEvent(event)
