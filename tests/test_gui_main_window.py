"""The main window driven as a person would: type, read, click facets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.main_window import MainWindow
from desktop.settings import Settings

pytestmark = pytest.mark.gui




def _type_query(qtbot, window, text: str):
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        window.search_box.clear()
        qtbot.keyClicks(window.search_box, text)
    return blocker.args[0]


def _click_facet(qtbot, window, field: str, value: str):
    index = window.facet_panel.view_index(field, value)
    assert index.isValid(), f"{field}={value} not in the facet panel"
    tree = window.facet_panel.tree
    tree.scrollTo(index)
    rect = tree.visualRect(index)
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return blocker.args[0]


def test_type_read_and_filter(qtbot, window, qtmodeltester):
    """GIVEN the sample library WHEN a person types, reads and clicks facets THEN everything follows."""
    result = _type_query(qtbot, window, "Kazakhstan")
    assert result.request.text == "Kazakhstan"
    assert result.total >= 2
    assert window.results_model.rowCount() == len(result.hits)
    assert f"{result.total}" in window.count_label.text()

    # The first result opens by itself; the viewer highlights the query term.
    qtbot.waitUntil(lambda: window.document_view.statement is not None, timeout=10000)
    highlighted = window.document_view.highlighted_texts()
    assert highlighted and all(h.lower().startswith("kazakh") for h in highlighted)

    # Selecting another result shows it.
    with qtbot.waitSignal(window.document_shown, timeout=10000) as shown:
        window.results_view.setCurrentIndex(window.results_model.index(1))
    assert shown.args[0] == window.results_model.doc_id(1)

    # Click a facet value: results narrow, counts update.
    jpn_before = next(c.count for c in result.facets["country"] if c.value == "JPN")
    narrowed = _click_facet(qtbot, window, "country", "JPN")
    assert narrowed.total == jpn_before < result.total
    assert window.facet_model.state("country", "JPN") == "include"
    assert all("JPN" in window.library.document(h.doc_id).country_codes() for h in narrowed.hits)
    kaz_count = next(c.count for c in narrowed.facets["country"] if c.value == "KAZ")
    assert kaz_count == narrowed.total  # every hit mentions Kazakhstan (it is the query)

    # Click again: the value is excluded.
    excluded = _click_facet(qtbot, window, "country", "JPN")
    assert window.facet_model.state("country", "JPN") == "exclude"
    assert excluded.total == result.total - jpn_before

    # Clear all brings the full result back.
    with qtbot.waitSignal(window.search_finished, timeout=10000) as cleared:
        qtbot.mouseClick(window.facet_panel.clear_button, Qt.MouseButton.LeftButton)
    assert cleared.args[0].total == result.total
    assert window.facet_model.filters() == ()

    qtmodeltester.check(window.facet_model)
    qtmodeltester.check(window.results_model)


def test_return_searches_at_once_and_stale_results_are_dropped(qtbot, window):
    window.search_box.setText("energy")
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert blocker.args[0].request.text == "energy"
    # Several searches in a row: only the last one is shown.
    shown = []
    window.search_finished.connect(lambda r: shown.append(r.request.text))
    for text in ("trade", "climate", "Kazakhstan"):
        window.search_box.setText(text)
        window.search_now()
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] == "Kazakhstan", timeout=10000)
    assert shown == ["Kazakhstan"]


def test_bad_query_shows_an_inline_message(qtbot, window):
    result = _type_query(qtbot, window, '"strategic partnership')
    assert result.messages
    assert window.message_label.isVisible()
    assert "quotation" in window.message_label.text()


def test_layout_persists(qtbot, sample_library, tmp_path):
    path = str(tmp_path / "layout.ini")
    first = MainWindow(sample_library, Settings(path))
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    # A width the window can take whatever its fonts make its minimum, within the (offscreen) screen,
    # which the restored geometry is kept inside.
    width = max(760, first.minimumSize().width(), first.minimumSizeHint().width())
    first.resize(width, 540)
    qtbot.waitUntil(lambda: first.width() == width)
    first.splitter.setSizes([150, 280, 310])
    sizes = first.splitter.sizes()
    first.save_layout()
    first.close()
    second = MainWindow(sample_library, Settings(path))
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.width() == width)
    assert second.size() == first.size()
    assert second.splitter.sizes() == sizes


def test_the_last_row_is_scrolled_to_even_before_the_list_is_laid_out(qtbot, window):
    """Rows are laid out in batches; End reaches the last hit at once, brought into view once laid out."""
    from PySide6.QtCore import Qt

    view = window.results_view
    window.resize(900, 500)
    view.setBatchSize(1)  # the sample library's rows, laid out one per pass as 100,000 would be in batches
    with qtbot.waitSignal(window.search_finished, timeout=10000) as finished:
        window.search_now()
    rows = window.results_model.rowCount()
    assert rows == finished.args[0].total > 10
    last = window.results_model.index(rows - 1)
    assert not view.visualRect(last).isValid()  # not laid out yet
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == rows - 1  # not the last row laid out so far
    qtbot.waitUntil(lambda: view.viewport().rect().intersects(view.visualRect(last)), timeout=10000)
    # Followed until the whole list is laid out around it for a moment, then left alone.
    qtbot.waitUntil(lambda: not window._follow_timer.isActive(), timeout=10000)
    assert view.viewport().rect().intersects(view.visualRect(last))
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex().row() == 0


def test_scrolling_by_hand_stops_following_the_current_row(qtbot, window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractSlider

    view = window.results_view
    window.resize(900, 500)
    view.setBatchSize(1)
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        window.search_now()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert window._follow_timer.isActive()
    view.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderToMinimum)
    assert not window._follow_timer.isActive()
    first = window.results_model.index(0)
    qtbot.waitUntil(lambda: view.visualRect(window.results_model.index(window.results_model.rowCount() - 1)).isValid(),
                    timeout=10000)
    assert view.viewport().rect().intersects(view.visualRect(first))  # left where the person scrolled
