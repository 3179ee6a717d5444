"""The results column's tabs (List · Concordance · Trends · Relations) and their wiring into the window.

Only the tab in sight reads the library: a search marks every research view
stale and refreshes the one shown; the others read when they are next shown.
What a view asks of the window (list a year's statements, a pair's, open a
statement at a hit, compare two statements) goes through
:class:`ResearchWiring`, the one place that knows both sides.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QTabWidget, QWidget

from desktop.compare_dialog import CompareDialog
from desktop.concordance_view import ConcordanceView
from desktop.relations_view import RelationsView
from desktop.research_view import ResearchView
from desktop.trends_view import TrendsView
from index import FilterState, SearchRequest

LIST, CONCORDANCE, TRENDS, RELATIONS = range(4)
TAB_NAMES = ("&List", "&Concordance", "&Trends", "&Relations")
TAB_TIPS = ("The statements found, best first",
            "Each occurrence of the searched words, aligned on the hit",
            "Terms year by year, per 10,000 words or as a share of statements",
            "Pairs of countries in the statements found, and their years")


class ResearchTabs(QTabWidget):
    """The results list and the research views, one tab each.

    Args:
        results_view: The results list (the first tab).
        searches: The window's controller.
        current_request: Gives the window's current search.
        parent: The window.
    """

    def __init__(self, results_view: QWidget, searches, current_request: Callable[[], SearchRequest],
                 parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("researchTabs")
        self.setDocumentMode(True)
        self._current_request = current_request
        self.concordance = ConcordanceView(searches, self)
        self.trends = TrendsView(searches, self)
        self.relations = RelationsView(searches, self)
        for number, widget in enumerate((results_view, self.concordance, self.trends, self.relations)):
            self.addTab(widget, TAB_NAMES[number].replace("&", ""))
            self.setTabToolTip(number, f"{TAB_TIPS[number]} (Ctrl+{number + 1})")
        self.pair_labels: dict[tuple[str, str], str] = {}  # pairs filtered from Relations: in no facet section
        self.currentChanged.connect(self._shown)

    def show_tab(self, index: int) -> None:
        """Shows a tab and puts the keyboard in it (what Ctrl+1 to Ctrl+4 do)."""
        self.setCurrentIndex(index)
        widget = self.widget(index)
        target = widget.focus_target if isinstance(widget, ResearchView) else widget
        target.setFocus()

    def views(self) -> tuple[ResearchView, ...]:
        """The research views."""
        return self.concordance, self.trends, self.relations

    def search_done(self) -> None:
        """After a search: every view is out of date; the one in sight reads again."""
        for view in self.views():
            view.stale = True
        self._shown(self.currentIndex())

    def _shown(self, index: int) -> None:
        view = self.widget(index)
        if isinstance(view, ResearchView) and view.stale:
            view.show_for(self._current_request())


class ResearchWiring:
    """Connects the research views to the window: filters, the document view, the compare dialog, the View menu.

    Args:
        window: The :class:`~desktop.main_window.MainWindow`, with its ``research_tabs`` built.
    """

    def __init__(self, window) -> None:
        self.window = window
        self.tabs: ResearchTabs = window.research_tabs
        self._span_wanted: tuple[str, int, int] | None = None
        window.search_finished.connect(lambda _result: self.tabs.search_done())
        window.document_shown.connect(self._document_shown)
        window.results_model.compare_requested.connect(self.compare)
        self.tabs.trends.year_clicked.connect(self.list_year)
        self.tabs.relations.pair_chosen.connect(self.list_pair)
        self.tabs.concordance.hit_chosen.connect(self.open_at)
        self.view_actions = self._install_menu()

    def list_year(self, year: int) -> None:
        """Lists the statements of ``year`` (a year clicked on the trends chart)."""
        self.tabs.setCurrentIndex(LIST)  # first, so the search that follows refreshes no hidden view
        self.window.facet_model.set_states("year", {str(year): FilterState.INCLUDE})

    def list_pair(self, field: str, value: str, label: str) -> None:
        """Lists the statements of a pair of countries (``central_pair`` ``KAZ+TUR``), instead of any other pair."""
        self.tabs.pair_labels[(field, value)] = label
        self.tabs.setCurrentIndex(LIST)
        self.window.facet_model.set_states(field, {value: FilterState.INCLUDE})

    def open_at(self, doc_id: str, start: int, end: int) -> None:
        """Opens a statement in the document view with ``start``-``end`` of its text selected and in sight."""
        self._span_wanted = (doc_id, start, end)
        self.window.searches.open_document(doc_id, self.window.results_model.terms)

    def _document_shown(self, doc_id: str) -> None:
        wanted, self._span_wanted = self._span_wanted, None
        if wanted and wanted[0] == doc_id:
            # The document view shows a span of its text when its header asks (the date's phrase); so does a hit.
            self.window.document_view.header.span_requested.emit(wanted[1], wanted[2])

    def compare(self, first: str, second: str) -> CompareDialog:
        """Opens two statements side by side."""
        return CompareDialog.open_for(self.window, first, second)

    def _install_menu(self) -> list[QAction]:
        """A View menu (after Edit) with one checkable action per tab, Ctrl+1 to Ctrl+4."""
        window = self.window
        menu = QMenu("&View", window)
        menu.setObjectName("viewMenu")
        bar_actions = window.menuBar().actions()
        edit = next((i for i, a in enumerate(bar_actions) if a.text() == "&Edit"), len(bar_actions) - 2)
        window.menuBar().insertMenu(bar_actions[min(edit + 1, len(bar_actions) - 1)], menu)
        group = QActionGroup(window)
        actions = []
        for number, name in enumerate(TAB_NAMES):
            action = QAction(name, window)
            action.setObjectName(f"viewTab{number + 1}")
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            action.setStatusTip(TAB_TIPS[number])
            action.triggered.connect(lambda _checked=False, n=number: self.tabs.show_tab(n))
            group.addAction(action)
            menu.addAction(action)
            actions.append(action)
        actions[self.tabs.currentIndex()].setChecked(True)
        self.tabs.currentChanged.connect(lambda index: actions[index].setChecked(True))
        return actions
