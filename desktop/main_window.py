"""The main window: search box, facets, results and the document, side by side."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.document_view import DocumentView
from desktop.facet_model import FacetModel
from desktop.facet_panel import FacetPanel
from desktop.filter_chips import FilterChips
from desktop.import_panel import ImportPanel
from desktop.query_help import QueryHelpButton
from desktop.result_delegate import ResultDelegate
from desktop.results_model import ResultsModel
from desktop.search_box import SearchBox
from desktop.search_completer import SearchCompleter
from desktop.settings import Settings
from desktop.timeline import Timeline
from desktop.worker import Worker, single_thread_pool
from index.library import Library
from index.search import SORTS, SearchRequest, SearchResult

log = logging.getLogger("chancery.desktop")

# Every hit's id goes to the list (rows are fetched as they scroll into view);
# ranking all of them costs little more than ranking the top thousand.
RESULT_LIMIT = None
SNIPPETS_WITH_SEARCH = 30
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first", "title": "Title"}


class MainWindow(QMainWindow):
    """The archive browser.

    Every search and document load runs on a single background thread; the
    newest request wins and older results are dropped when they arrive.
    """

    search_finished = Signal(object)  # SearchResult, after it is shown
    document_shown = Signal(str)

    def __init__(self, library: Library, settings: Settings | None = None) -> None:
        super().__init__()
        self.library = library
        self.settings = settings or Settings()
        self.setWindowTitle(f"Chancery — {library.folder}")
        self._pool = single_thread_pool(self)
        self._workers: set[Worker] = set()
        self._generation = 0
        self._doc_generation = 0
        self.last_result: SearchResult | None = None

        self.search_box = SearchBox(self)
        self.sort_combo = QComboBox(self)
        self.sort_combo.setObjectName("sortCombo")
        for key in SORTS:
            self.sort_combo.addItem(SORT_LABELS[key], key)
        sort = self.settings.get("search/sort")
        self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(sort)))
        self.message_label = QLabel(self)
        self.message_label.setObjectName("queryMessage")
        self.message_label.setStyleSheet("color: #8a4b00;")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.message_label.linkActivated.connect(self._message_link)
        self.expand_box = QCheckBox("Country names", self)
        self.expand_box.setObjectName("expandCountries")
        self.expand_box.setToolTip("Also search each country's other names and demonyms (Turkey: Türkiye, Turkish)")
        self.expand_box.setChecked(True)
        self.help_button = QueryHelpButton(self)
        self.completer = SearchCompleter(self.search_box, self._complete)

        self.facet_model = FacetModel(parent=self)
        self.facet_panel = FacetPanel(self.facet_model, self)
        self.results_model = ResultsModel(library.rows, self)
        self.results_view = QListView(self)
        self.results_view.setObjectName("resultsView")
        self.results_view.setModel(self.results_model)
        self.results_view.setItemDelegate(ResultDelegate(self.results_view))
        self.results_view.setUniformItemSizes(True)
        self.results_view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document_view = DocumentView(self)
        self.filter_chips = FilterChips(self)
        self.timeline = Timeline(self)
        results_column = QWidget(self)
        column = QVBoxLayout(results_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(self.filter_chips)
        column.addWidget(self.timeline)
        column.addWidget(self.results_view, 1)
        self.import_panel = ImportPanel(library, self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.facet_panel)
        self.splitter.addWidget(results_column)
        self.splitter.addWidget(self.document_view)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 5)
        self.splitter.setSizes([300, 470, 590])

        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.help_button)
        top.addWidget(self.expand_box)
        top.addWidget(QLabel("Sort:", self))
        top.addWidget(self.sort_combo)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("hitCount")
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.import_panel)
        self.setAcceptDrops(True)
        self._build_menus()

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.search_now)

        self.search_box.search_requested.connect(lambda _text: self.search_now())
        self.sort_combo.currentIndexChanged.connect(lambda _i: self.search_now())
        self.facet_model.filters_changed.connect(self.search_now)
        self.facet_model.filters_changed.connect(self._show_filter_chips)
        self.filter_chips.remove_requested.connect(lambda f, v: self.facet_model.set_state(f, v, ""))
        self.filter_chips.clear_requested.connect(self.facet_model.clear_filters)
        self.timeline.range_selected.connect(self._year_range)
        self.expand_box.toggled.connect(lambda _on: self.search_now())
        self.document_view.chip_clicked.connect(lambda f, v: self.facet_model.set_state(f, v, "include"))
        self.document_view.more_like_this.connect(self.show_similar)
        self.results_view.selectionModel().currentChanged.connect(self._current_changed)
        self.results_view.activated.connect(lambda index: self._current_changed(index, QModelIndex()))
        self.results_model.snippets_needed.connect(self._load_snippets)
        self.import_panel.batch_committed.connect(lambda: self._refresh_timer.start())
        self.import_panel.import_finished.connect(lambda _report: self.search_now())
        self._restore_layout()

    # -- menus and drag and drop ---------------------------------------------------

    def _build_menus(self) -> None:
        from desktop.library_menu import install_library_menu

        file_menu = self.menuBar().addMenu("&File")
        install_library_menu(self, file_menu)  # Open Library…, Open Recent; desktop/app.py switches
        add_folder = QAction("Add &Folder…", self)
        add_folder.setShortcut(QKeySequence("Ctrl+Shift+O"))
        add_folder.triggered.connect(self._add_folder)
        add_files = QAction("Add F&iles…", self)
        add_files.setShortcut(QKeySequence.StandardKey.Open)
        add_files.triggered.connect(self._add_files)
        rescan = QAction("&Rescan Library", self)
        rescan.setShortcut(QKeySequence("F5"))
        rescan.triggered.connect(self.import_panel.start_rescan)
        remove_missing = QAction("Remove Statements Whose Files Are Gone", self)
        remove_missing.setObjectName("removeMissing")
        remove_missing.setCheckable(True)
        remove_missing.setChecked(self.settings.get("import/missing") == "remove")
        remove_missing.setToolTip("On import and rescan, remove statements whose files were deleted "
                                  "(otherwise they stay searchable, marked missing)")
        remove_missing.toggled.connect(self._set_missing_policy)
        self._set_missing_policy(remove_missing.isChecked())
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.import_actions = (add_folder, add_files, rescan, remove_missing)
        for action in self.import_actions:
            file_menu.addAction(action)
            # A library opened read-only can be searched but not changed.
            action.setEnabled(not self.library.read_only)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        find = QAction("&Search", self)
        find.setShortcut(QKeySequence("Ctrl+L"))
        find.triggered.connect(lambda: (self.search_box.setFocus(), self.search_box.selectAll()))
        self.addAction(find)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Chancery", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _set_missing_policy(self, remove: bool) -> None:
        self.settings.set("import/missing", "remove" if remove else "mark")
        self.import_panel.missing_policy = "remove" if remove else "mark"

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of statements")
        if folder:
            self.import_panel.start_import([Path(folder)])

    def _add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add statements")
        if files:
            self.import_panel.start_import([Path(f) for f in files])

    def _about(self) -> None:
        from desktop.about_dialog import AboutDialog

        AboutDialog.show_for(self)

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

    # -- searching -------------------------------------------------------------------

    def current_request(self) -> SearchRequest:
        """The search the widgets describe now."""
        options = {}
        if "expand_countries" in SearchRequest.__dataclass_fields__:
            options["expand_countries"] = self.expand_box.isChecked()
        return SearchRequest(
            text=self.search_box.text(),
            filters=self.facet_model.filters(),
            sort=self.sort_combo.currentData() or "relevance",
            limit=RESULT_LIMIT,
            snippet_count=SNIPPETS_WITH_SEARCH,
            **options,
        )

    def search_now(self) -> None:
        """Starts a search in the background; any older one is dropped."""
        self._refresh_timer.stop()
        self._generation += 1
        generation = self._generation
        request = self.current_request()

        def job():
            if generation != self._generation:
                return None  # superseded while queued: do not spend time on it
            return generation, self.library.search(request)

        self._run(Worker(job), self._search_done)

    def _search_done(self, outcome) -> None:
        if outcome is None:
            return
        generation, result = outcome
        if generation != self._generation:
            return  # a newer search is under way
        selected = self.results_model.doc_id(self.results_view.currentIndex().row())
        self.last_result = result
        self.results_model.set_result(result)
        self.facet_model.set_counts(result.facets)
        noun = "statement" if result.total == 1 else "statements"
        shown = f" (first {len(result.hits):,} listed)" if len(result.hits) < result.total else ""
        self.count_label.setText(f"{result.total:,} {noun}{shown} · {result.elapsed_ms:.0f} ms")
        self._show_messages(result)
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

    def _load_snippets(self, doc_ids: list[str]) -> None:
        terms = self.results_model.terms
        engine = self.library.engine
        generation = self._generation

        def job():
            if generation != self._generation:
                return None
            from index.search import Hit

            return generation, {i: engine.with_snippet(Hit(i, 0.0), terms).snippet for i in doc_ids}

        def done(outcome):
            if outcome and outcome[0] == self._generation:
                self.results_model.set_snippets(outcome[1])

        self._run(Worker(job), done)

    def _complete(self, word: str, callback) -> None:
        """Looks up completions on the search thread (it reads the index)."""
        from index.completion import complete

        library = self.library
        self._run(Worker(lambda: (word, complete(library, word))), lambda outcome: callback(*outcome))

    def _show_messages(self, result: SearchResult) -> None:
        """Query notes, country expansions and a did-you-mean link under the search box."""
        parts = [html.escape(m) for m in result.messages]
        expansions = getattr(result, "expansions", None)
        if expansions:
            parts.append("Also searched: " + html.escape(", ".join(expansions)))
        suggestion = getattr(result, "suggestion", None)
        if suggestion:
            parts.append(f"Did you mean <a href='suggest:{html.escape(suggestion, quote=True)}'>"
                         f"{html.escape(suggestion)}</a>?")
        self.message_label.setText(" ".join(parts))
        self.message_label.setVisible(bool(parts))

    def _message_link(self, href: str) -> None:
        if href.startswith("suggest:"):
            self.search_box.setText(href[len("suggest:"):])
            self.search_now()

    def _show_filter_chips(self) -> None:
        self.filter_chips.set_filters(self.facet_model.filters(), self.facet_model.label)

    def _selected_years(self) -> tuple[int, int] | None:
        years = [int(f.value) for f in self.facet_model.filters()
                 if f.field == "year" and not f.exclude and f.value.isdigit()]
        return (min(years), max(years)) if years else None

    def _year_range(self, low: int, high: int) -> None:
        """Filters to the years dragged across on the timeline."""
        self.facet_model.set_states("year", {str(year): "include" for year in range(low, high + 1)})

    def show_similar(self, doc_id: str) -> None:
        """Lists statements similar to ``doc_id`` (More like this)."""
        from index.similar import more_like_this

        self._generation += 1
        generation = self._generation
        statement = self.document_view.statement
        title = statement.title if statement and statement.id == doc_id else doc_id

        def job():
            return generation, more_like_this(self.library, doc_id)

        def done(outcome):
            if outcome is None or outcome[0] != self._generation:
                return
            result = outcome[1]
            result.messages = [f"Statements like “{title}”", *result.messages]
            self._search_done((outcome[0], result))

        self._run(Worker(job), done)

    # -- the document --------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        doc_id = self.results_model.doc_id(current.row()) if current.isValid() else None
        if doc_id:
            self._open_document(doc_id)

    def _open_document(self, doc_id: str) -> None:
        self._doc_generation += 1
        generation = self._doc_generation
        terms = self.results_model.terms
        library = self.library

        def job():
            if generation != self._doc_generation:
                return None
            statement = library.document(doc_id)
            if statement is None:
                return generation, None, []
            return generation, statement, library.highlights(statement.text, terms)

        def done(outcome):
            if outcome is None or outcome[0] != self._doc_generation:
                return
            _gen, statement, highlights = outcome
            if statement is None:
                self.document_view.show_placeholder("This statement is no longer in the library.")
                return
            self.document_view.show_statement(statement, highlights, searched=bool(terms))
            self.document_shown.emit(statement.id)

        self._run(Worker(job), done)

    # -- plumbing --------------------------------------------------------------------

    def _run(self, worker: Worker, on_done) -> None:
        self._workers.add(worker)
        worker.signals.finished.connect(on_done)
        worker.signals.finished.connect(lambda _r, w=worker: self._workers.discard(w))
        worker.signals.failed.connect(lambda message, _details, w=worker: self._failed(w, message))
        self._pool.start(worker)

    def _failed(self, worker: Worker, message: str) -> None:
        self._workers.discard(worker)
        self.statusBar().showMessage(f"Search failed: {message}", 10000)

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
        self.settings.set("search/sort", self.sort_combo.currentData())
        self.settings.sync()

    # Qt API
    def closeEvent(self, event) -> None:
        self.import_panel.cancel()
        self.save_layout()
        self._pool.clear()
        self._pool.waitForDone(5000)
        self.import_panel.wait(10000)
        super().closeEvent(event)
