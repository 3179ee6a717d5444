"""The research views in the window, against the small archive whose figures are known (tests/research_docs.py)."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from desktop.compare_dialog import CompareDialog
from desktop.concordance_view import HIT, LEFT, RIGHT, TITLE
from desktop.relations_model import OrganisationsRole, PairRole
from desktop.research_tabs import CONCORDANCE, LIST, RELATIONS, TRENDS
from desktop.research_view import READING, ResearchView
from desktop.result_delegate import ResultDelegate
from desktop.results_model import NearRole
from desktop.trend_chart import axis_scale
from desktop.trends_view import parse_terms
from index import Library, SearchInterrupted
from tests.research_docs import STATEMENTS, as_earlier_release, build_library, copy_of, ids_by_name

pytestmark = pytest.mark.gui

WAIT = 10000


@pytest.fixture(scope="module")
def research_dir(tmp_path_factory):
    return build_library(tmp_path_factory, "gui-research")


@pytest.fixture
def library(research_dir, tmp_path):
    lib = Library.open(copy_of(research_dir, tmp_path))
    yield lib
    lib.close()


@pytest.fixture
def names(library):
    return ids_by_name(library)


@pytest.fixture
def window(qtbot, library, tmp_path):
    """The main window on a private copy of the research archive, shown offscreen."""
    from desktop.main_window import MainWindow
    from desktop.settings import Settings

    win = MainWindow(library, Settings(str(tmp_path / "settings.ini")))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()  # before the library closes under its controller


def _search(qtbot, window, text: str = ""):
    with qtbot.waitSignal(window.search_finished, timeout=WAIT) as blocker:
        window.search_box.setText(text)
        window.search_now()
    return blocker.args[0]


def _result_ids(window) -> set[str]:
    return {hit.doc_id for hit in window.last_result.hits}


def _counting(monkeypatch, library, method: str) -> list:
    calls = []
    original = getattr(library, method)

    def counted(*args, **kwargs):
        calls.append((args, kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(library, method, counted)
    return calls


def _wait_read(qtbot, view) -> None:
    qtbot.waitUntil(lambda: not view.reading, timeout=WAIT)


# -- the tabs ------------------------------------------------------------------------------


def test_the_results_column_has_four_tabs_reached_by_ctrl_1_to_4(qtbot, window):
    tabs = window.research_tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["List", "Concordance", "Trends", "Relations"]
    assert tabs.widget(LIST) is window.results_view
    actions = window.research.view_actions
    assert [a.shortcut().toString() for a in actions] == ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus.index("&View") == menus.index("&Edit") + 1
    actions[RELATIONS].trigger()
    assert tabs.currentIndex() == RELATIONS and actions[RELATIONS].isChecked()
    tabs.setCurrentIndex(LIST)
    assert actions[LIST].isChecked()


def test_hidden_views_do_no_work_and_the_shown_one_follows_each_search(qtbot, window, library, monkeypatch):
    """GIVEN the list in sight WHEN searching THEN no research view reads; shown, the view reads once per search."""
    concordances = _counting(monkeypatch, library, "concordance")
    trends = _counting(monkeypatch, library, "trends")
    relations = _counting(monkeypatch, library, "relations")
    _search(qtbot, window, '"strategic partnership"')
    assert (concordances, trends, relations) == ([], [], [])

    view = window.research_tabs.concordance
    window.research_tabs.setCurrentIndex(CONCORDANCE)
    assert view.status.text() == READING  # at once, before the library answers
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=WAIT)
    assert len(concordances) == 1 and concordances[0][0][0].text == '"strategic partnership"'

    _search(qtbot, window, "corridor")
    qtbot.waitUntil(lambda: len(concordances) == 2 and not view.reading, timeout=WAIT)
    assert concordances[1][0][0].text == "corridor" and view.model.rowCount() == 3
    window.research_tabs.setCurrentIndex(LIST)
    window.research_tabs.setCurrentIndex(CONCORDANCE)  # nothing searched since: nothing read again
    assert len(concordances) == 2 and (trends, relations) == ([], [])


# -- the concordance --------------------------------------------------------------------------


def test_a_kwic_line_is_aligned_on_its_hit_and_opens_its_statement_there(qtbot, window, names, qtmodeltester):
    _search(qtbot, window, '"strategic partnership"')
    window.research_tabs.setCurrentIndex(CONCORDANCE)
    view = window.research_tabs.concordance
    model, table = view.model, view.table
    qtbot.waitUntil(lambda: model.rowCount() == 3 and not view.reading, timeout=WAIT)
    assert view.status.text() == "3 lines in 2 statements"
    cells = [[model.index(row, column).data() for column in (LEFT, HIT, RIGHT)] for row in range(3)]
    assert cells == [
        ["Türkiye and Kazakhstan reaffirmed the", "strategic partnership", "between their peoples. They welcomed th"],
        ["ples. They welcomed the progress of the", "strategic partnership", "since 2019 and signed an agreement on e"],
        ["e and Kazakhstan agreed to deepen their", "strategic partnership", "in energy and trade. The two sides will"],
    ]
    assert model.index(0, TITLE).data() == "Joint Declaration of Türkiye and Kazakhstan"
    right_aligned = model.index(0, LEFT).data(Qt.ItemDataRole.TextAlignmentRole)
    assert right_aligned & Qt.AlignmentFlag.AlignRight.value
    assert model.index(0, HIT).data(Qt.ItemDataRole.FontRole).bold()
    hit_columns = {table.visualRect(model.index(row, HIT)).left() for row in range(3)}
    assert len(hit_columns) == 1  # every hit starts at the same place
    qtmodeltester.check(model)

    line = model.line(1)  # the second hit of its statement, not the one the document view starts at
    where = table.visualRect(model.index(1, HIT)).center()
    with qtbot.waitSignal(window.document_shown, timeout=WAIT) as shown:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a double-click's first press
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert shown.args == [names["tr-kz-2021"]] and line.doc_id == names["tr-kz-2021"]
    cursor = window.document_view.text.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (line.start, line.end) == (118, 139)
    assert cursor.selectedText() == "strategic partnership"


def test_the_concordance_sorts_through_the_library_and_exports(qtbot, window, library, monkeypatch, tmp_path):
    concordances = _counting(monkeypatch, library, "concordance")
    _search(qtbot, window, '"strategic partnership"')
    window.research_tabs.setCurrentIndex(CONCORDANCE)
    view = window.research_tabs.concordance
    _wait_read(qtbot, view)
    view.sort_combo.setCurrentIndex(view.sort_combo.findData("left"))
    qtbot.waitUntil(lambda: not view.reading and view.model.page.sort == "left", timeout=WAIT)
    assert concordances[-1][1]["sort"] == "left"
    assert [view.model.index(row, LEFT).data() for row in range(3)] == [
        "ples. They welcomed the progress of the", "Türkiye and Kazakhstan reaffirmed the",
        "e and Kazakhstan agreed to deepen their"]

    target = tmp_path / "kwic.csv"
    monkeypatch.setattr(ResearchView, "ask_csv_path", classmethod(lambda cls, parent, suggested: target))
    view.export.click()
    qtbot.waitUntil(lambda: view.status.text() == "Wrote 3 lines to kwic.csv", timeout=WAIT)
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [row["left"] for row in rows] == ["ples. They welcomed the progress of the ",
                                             "Türkiye and Kazakhstan reaffirmed the ",
                                             "e and Kazakhstan agreed to deepen their "]


def test_a_search_typed_while_the_lines_sort_stops_the_sort_and_is_answered(qtbot, window, library, monkeypatch):
    import threading

    import desktop.concordance_view as concordance_view
    import index.research.concordance as concordance

    monkeypatch.setattr(concordance, "_READ_AT_ONCE", 1)  # a check for a newer request between statements
    monkeypatch.setattr(concordance_view, "PAGE", 1)  # the first screen reads one statement, the sort the rest
    # The table asks for more lines while it has room; here the person sorts before any more are read.
    monkeypatch.setattr(concordance_view.ConcordanceModel, "canFetchMore", lambda self, parent=None: False)
    entered, release, armed, reads = threading.Event(), threading.Event(), threading.Event(), []
    original = library._texts

    def held(ids):  # once armed, the sort's first statement waits until the new search has been asked for
        if armed.is_set():
            reads.append(ids)
            entered.set()
            release.wait(WAIT / 1000)
        return original(ids)

    monkeypatch.setattr(library, "_texts", held)  # before the run that keeps it is made
    outcomes = []
    concordance_of = library.concordance

    def recorded(request, **kwargs):
        try:
            page = concordance_of(request, **kwargs)
        except SearchInterrupted:
            outcomes.append((request.text, kwargs["sort"], "stopped"))
            raise
        outcomes.append((request.text, kwargs["sort"], page.known))
        return page

    monkeypatch.setattr(library, "concordance", recorded)
    _search(qtbot, window, "Türkiye")
    window.research_tabs.setCurrentIndex(CONCORDANCE)
    view = window.research_tabs.concordance
    _wait_read(qtbot, view)
    armed.set()
    progress = []
    window.searches.research_progress.connect(lambda kind, done, total: progress.append((kind, done, total)))
    view.sort_combo.setCurrentIndex(view.sort_combo.findData("left"))
    qtbot.waitUntil(entered.is_set, timeout=WAIT)
    assert view.status.text().startswith("Sorting the lines")
    with qtbot.waitSignal(window.search_finished, timeout=WAIT) as blocker:
        window.search_box.setText("corridor")
        window.search_now()
        armed.clear()
        release.set()
    assert blocker.args[0].total == 3 and len(reads) == 1
    kind, done, total = progress[0]
    assert kind == "concordance" and done == 1 and total == 4
    qtbot.waitUntil(lambda: not view.reading and view.model.page is not None
                    and view.model.page.statements == 3, timeout=WAIT)
    assert outcomes[1:] == [("Türkiye", "left", "stopped"), ("corridor", "left", 3)]
    assert view.model.page.sort == "left" and view.model.page.known == 3 and view.model.rowCount() == 1
    assert view.status.text() == "3 lines in 3 statements"


def test_the_concordance_pages_as_it_scrolls(qtbot, window, library, monkeypatch):
    import desktop.concordance_view as concordance_view

    monkeypatch.setattr(concordance_view, "PAGE", 1)
    concordances = _counting(monkeypatch, library, "concordance")
    _search(qtbot, window, "corridor")
    window.research_tabs.setCurrentIndex(CONCORDANCE)
    view = window.research_tabs.concordance
    qtbot.waitUntil(lambda: view.model.rowCount() >= 1 and not view.reading, timeout=WAIT)
    while view.model.canFetchMore():
        view.model.fetchMore()
        qtbot.waitUntil(lambda: not view.model.fetching, timeout=WAIT)
    assert view.model.rowCount() == 3 and not view.model.more
    assert [call[1]["offset"] for call in concordances] == [0, 1, 2, 3][:len(concordances)]
    assert [view.model.line(row).hit for row in range(3)] == ["corridor"] * 3
    assert view.status.text() == "3 lines in 3 statements"


def test_the_concordance_needs_words_to_show(qtbot, window):
    _search(qtbot, window, "")
    window.research_tabs.setCurrentIndex(CONCORDANCE)
    view = window.research_tabs.concordance
    assert view.model.rowCount() == 0 and not view.reading and not view.export.isEnabled()
    assert view.status.text().startswith("Search for words or a phrase")


# -- trends -----------------------------------------------------------------------------------------


def test_the_value_axis_steps_by_round_numbers():
    assert axis_scale(47) == (50, 10, 5)
    assert axis_scale(81.97) == (100, 20, 5)
    assert axis_scale(1.85) == pytest.approx((2.0, 0.5, 4))
    assert axis_scale(0) == (1.0, 0.25, 4)


def test_terms_split_at_commas_outside_quotes():
    assert parse_terms('"strategic partnership", corridor') == ['"strategic partnership"', "corridor"]
    assert parse_terms('"peace, security" , energy OR gas,,') == ['"peace, security"', "energy OR gas"]


def test_a_trend_has_the_exact_figures_and_a_click_on_2021_lists_2021(qtbot, window, names, monkeypatch, tmp_path):
    _search(qtbot, window, "")
    window.research_tabs.setCurrentIndex(TRENDS)
    view = window.research_tabs.trends
    assert view.status.text().startswith("Type terms above")
    view.terms_box.setText('"strategic partnership", corridor')
    qtbot.keyClick(view.terms_box, Qt.Key.Key_Return)
    assert view.status.text() == READING
    _wait_read(qtbot, view)
    phrase, word = view.trends.series
    assert view.trends.years == (2019, 2020, 2021, 2022)
    assert [(p.year, p.occurrences, p.words, p.statements, p.matching) for p in phrase.points] == [
        (2019, 1, 34, 1, 1), (2020, 0, 55, 1, 0), (2021, 2, 244, 3, 1), (2022, 0, 377, 2, 0)]
    assert [(p.year, p.occurrences, p.matching) for p in word.points] == [
        (2019, 1, 1), (2020, 0, 0), (2021, 2, 2), (2022, 0, 0)]
    assert view.status.text().startswith("7 statements \u00b7 hover over a year")

    chart = view.chart
    middle = chart.plot_rect().center().y()
    qtbot.mouseMove(chart, QPoint(round(chart.x_of(2021)), round(middle)))
    qtbot.waitUntil(lambda: chart.hovered == 2021, timeout=WAIT)
    assert chart.tooltip_for(2021).splitlines()[:3] == [
        "2021: 3 statements, 244 words",
        '"strategic partnership": 2 occurrences (81.97 per 10,000 words), in 1 of 3 statements (33%)',
        "corridor: 2 occurrences (81.97 per 10,000 words), in 2 of 3 statements (67%)",
    ]
    view.measure_combo.setCurrentIndex(view.measure_combo.findData("share"))
    assert chart.measure == "share"

    target = tmp_path / "trends.csv"
    monkeypatch.setattr(ResearchView, "ask_csv_path", classmethod(lambda cls, parent, suggested: target))
    view.export.click()
    qtbot.waitUntil(lambda: view.status.text() == "Wrote 8 rows to trends.csv", timeout=WAIT)
    assert len(target.read_text(encoding="utf-8").splitlines()) == 9

    with qtbot.waitSignal(window.search_finished, timeout=WAIT) as filtered:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(round(chart.x_of(2021)), round(middle)))
    assert window.research_tabs.currentIndex() == LIST
    assert [(f.field, f.value) for f in filtered.args[0].request.filters] == [("year", "2021")]
    assert _result_ids(window) == {names["tr-kz-2021"], names["tr-az-2021"], names["lebanon-2021"]}


def test_without_terms_the_searched_words_trend_within_the_filters(qtbot, window):
    _search(qtbot, window, "corridor")
    window.research_tabs.setCurrentIndex(TRENDS)
    view = window.research_tabs.trends
    _wait_read(qtbot, view)
    [trend] = view.trends.series
    assert trend.term == "corridor" and view.trends.statements == 7  # every statement, not only those it finds
    assert [p.share for p in trend.points] == [1.0, 0.0, 2 / 3, 0.0]


# -- relations --------------------------------------------------------------------------------------


def test_clicking_a_pair_lists_exactly_the_statements_central_to_both(qtbot, window, names, qtmodeltester):
    _search(qtbot, window, "")
    with qtbot.waitSignal(window.research_tabs.currentChanged):
        window.research.view_actions[RELATIONS].trigger()
    view = window.research_tabs.relations
    _wait_read(qtbot, view)
    model = view.model
    assert view.status.text() == "7 statements, 4 with two or more central countries; 3 pairs"
    rows = [(model.index(r).data(), model.index(r).data(PairRole).total) for r in range(model.rowCount())]
    assert rows == [("Kazakhstan \u2013 Türkiye", 2), ("Japan \u2013 Norway", 1), ("Azerbaijan \u2013 Türkiye", 1)]
    first = model.index(0)
    assert first.data(PairRole).years == ((2019, 1), (2021, 1))
    assert "Organization of Turkic States" in first.data(OrganisationsRole)
    assert "Kazakhstan & Türkiye: 2 statements (2019: 1, 2021: 1)" in first.data(Qt.ItemDataRole.ToolTipRole)
    matrix_countries = [code for code, _name in view.matrix.countries]
    assert matrix_countries == ["TUR", "KAZ", "AZE", "JPN", "NOR"]  # by their statements in the pairs, then by name
    qtmodeltester.check(model)

    with qtbot.waitSignal(window.search_finished, timeout=WAIT) as filtered:
        qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=view.list.visualRect(first).center())
    assert window.research_tabs.currentIndex() == LIST
    assert [(f.field, f.value) for f in filtered.args[0].request.filters] == [("central_pair", "KAZ+TUR")]
    assert filtered.args[0].total == 2
    assert _result_ids(window) == {names["tr-kz-2019"], names["tr-kz-2021"]}
    assert [chip.text() for chip in window.filter_chips.chips] == ["Central to both: Kazakhstan \u2013 Türkiye  \u2715"]


def test_partners_of_a_country_typed_by_name_and_pairs_merely_mentioned(qtbot, window, names):
    _search(qtbot, window, "")
    window.research_tabs.setCurrentIndex(RELATIONS)
    view = window.research_tabs.relations
    _wait_read(qtbot, view)
    view.country_box.setText("Turkey")
    qtbot.keyClick(view.country_box, Qt.Key.Key_Return)
    _wait_read(qtbot, view)
    assert [view.model.pair(r).value for r in range(view.model.rowCount())] == ["KAZ+TUR", "AZE+TUR"]
    assert view.status.text() == "7 statements, 3 with Türkiye and another central country; 2 partners"

    view.country_box.setText("Atlantis")
    qtbot.keyClick(view.country_box, Qt.Key.Key_Return)
    _wait_read(qtbot, view)
    assert view.model.rowCount() == 0 and view.status.text().startswith("No country called \u201cAtlantis\u201d")

    view.country_box.clear()  # every pair again
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("mentioned"))
    qtbot.waitUntil(lambda: not view.reading and view.model.relations.mode == "mentioned", timeout=WAIT)
    values = [view.model.pair(r).value for r in range(view.model.rowCount())]
    assert values == ["KAZ+TUR", "JPN+NOR", "AZE+TUR", "JPN+TUR", "NOR+TUR"]
    matrix = view.matrix
    codes = [code for code, _name in matrix.countries]
    cell = matrix.cell_rect(codes.index("JPN"), codes.index("TUR")).center().toPoint()
    with qtbot.waitSignal(window.search_finished, timeout=WAIT) as filtered:
        qtbot.mouseClick(matrix, Qt.MouseButton.LeftButton, pos=cell)
    assert [(f.field, f.value) for f in filtered.args[0].request.filters] == [("country_pair", "JPN+TUR")]
    assert _result_ids(window) == {names["no-jp-2020"]}


# -- comparing near-identical statements ----------------------------------------------------------------


def test_a_library_of_an_earlier_release_is_grouped_in_the_background_once_open(qtbot, research_dir, tmp_path,
                                                                                monkeypatch):
    """GIVEN a library imported before grouping WHEN the window opens THEN its statements are signed and grouped."""
    from desktop import main_window
    from desktop.settings import Settings

    folder = copy_of(research_dir, tmp_path)
    as_earlier_release(folder)
    monkeypatch.setattr(main_window, "MERGE_AFTER_OPEN_MS", 0)
    with Library.open(folder) as library:
        assert not library.near_identical_status().ready
        win = main_window.MainWindow(library, Settings(str(tmp_path / "settings.ini")))
        qtbot.addWidget(win)
        progress = []
        win.import_panel.bar.valueChanged.connect(progress.append)
        with qtbot.waitSignal(win.import_panel.grouping_finished, timeout=WAIT) as grouped:
            win.show()
        status = grouped.args[0]
        assert (status.unsigned, status.groups, status.grouped, status.ready) == (0, 1, 2, True)
        assert progress[-1] == 7 and win.import_panel.bar.maximum() == 7  # 7 of 7 statements signed
        assert win.statusBar().currentMessage() == "Near-identical statements: 1 group of 2 statements"
        with qtbot.waitSignal(win.search_finished, timeout=WAIT):
            win.search_box.setText("notice national emergency")
            win.sort_combo.setCurrentIndex(win.sort_combo.findData("oldest"))
        assert win.results_model.index(0).data(NearRole) == (1, False)  # "+1 near-identical"
        win.close()


def test_the_compare_mark_opens_both_notices_with_their_changes_marked(qtbot, window, library, names):
    with qtbot.waitSignal(window.search_finished, timeout=WAIT):
        window.search_box.setText("notice national emergency")
        window.sort_combo.setCurrentIndex(window.sort_combo.findData("oldest"))
    model, view = window.results_model, window.results_view
    assert model.doc_id(0) == names["lebanon-2021"] and model.index(0).data(NearRole) == (1, False)
    model.toggle_near_identical(0)
    member = model.index(1)
    assert model.doc_id(1) == names["lebanon-2022"] and member.data(NearRole) == names["lebanon-2021"]

    option = QStyleOptionViewItem()
    option.rect = view.visualRect(member)
    option.font = view.font()
    badge, text = ResultDelegate.badge(option, member)
    assert text == "compare \u21c4"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=badge.center())
    dialog = window.findChild(CompareDialog)
    assert dialog is not None and dialog.isVisible() and dialog.figures.text() == READING
    qtbot.waitUntil(lambda: dialog.comparison is not None, timeout=WAIT)

    assert dialog.texts[0].toPlainText() == STATEMENTS["lebanon-2021"][2]
    assert dialog.texts[1].toPlainText() == STATEMENTS["lebanon-2022"][2]
    assert dialog.marked(0) == ["20", "2021", "2021"]  # deleted on the left
    assert dialog.marked(1) == ["28", "2022", "2022"]  # inserted on the right
    assert dialog.texts[0].isReadOnly() and dialog.texts[1].isReadOnly()
    title = "Notice on the Continuation of the National Emergency with Respect to Lebanon"
    assert f"<b>{title}</b>" in dialog.headers[0].text() and "2021-07-20" in dialog.headers[0].text()
    assert "2022-07-28" in dialog.headers[1].text() and "3 passages only on the right" in dialog.headers[1].text()
    expected = library.compare(names["lebanon-2021"], names["lebanon-2022"])
    assert dialog.figures.text().startswith(f"Same words, in order: <b>{expected.same_words:.1%}</b> \u00b7 "
                                            f"estimated shared text {expected.similarity:.0%}")
    assert expected.same_words == 0.9835
    dialog.close()
