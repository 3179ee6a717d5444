"""Browsing features driven through the widgets: hits, find, chips, timeline, facet list tools."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui




def _search(qtbot, window, text: str):
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        window.search_box.setText(text)
        window.search_now()
    return blocker.args[0]


def _open_seed(qtbot, window):
    result = _search(qtbot, window, "Maarif")
    assert result.total == 1
    qtbot.waitUntil(lambda: window.document_view.statement is not None
                    and "Maarif" in window.document_view.statement.text, timeout=10000)
    return window.document_view


def test_step_through_hits_with_f3_and_buttons(qtbot, window):
    result = _search(qtbot, window, "cooperation")
    assert result.total > 0
    view = window.document_view
    qtbot.waitUntil(lambda: view.statement is not None, timeout=10000)
    total = len(view.highlights)
    assert total > 1
    assert view.hit_label.text().startswith(f"Hit 1 of {total}")
    view.text.setFocus()
    qtbot.keyClick(view.text, Qt.Key.Key_F3)
    assert view.current_hit == 1
    assert view.hit_label.text().startswith(f"Hit 2 of {total}")
    start, end = view.highlights[1]
    cursor = view.text.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (start, end)
    qtbot.keyClick(view.text, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert view.current_hit == 0
    qtbot.mouseClick(view.prev_button, Qt.MouseButton.LeftButton)
    assert view.current_hit == total - 1  # wraps around


def test_find_in_document(qtbot, window):
    view = _open_seed(qtbot, window)
    view.text.setFocus()
    qtbot.keyClick(view.text, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.find_box.isVisible()
    qtbot.keyClicks(view.find_box, "Astana")
    found_before = view.text.textCursor().selectedText()
    qtbot.keyClick(view.find_box, Qt.Key.Key_Return)
    assert view.text.textCursor().selectedText() in ("Almaty", "Astana") or found_before
    assert view.find("Turkish Maarif Foundation")
    assert view.text.textCursor().selectedText() == "Turkish Maarif Foundation"
    assert not view.find("no such words anywhere")


def test_chip_click_filters_and_tooltip_explains(qtbot, window):
    view = _open_seed(qtbot, window)
    explanation = view.header.explanation("country", "KAZ")
    assert explanation and "central" in explanation and "times" in explanation
    topic_note = view.header.explanation("topic", "education")
    assert topic_note and "triggered by" in topic_note
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        view.header.linkActivated.emit("chancery:organisation/OTS")
    assert window.facet_model.state("organisation", "OTS") == "include"
    assert blocker.args[0].total >= 1
    assert window.filter_chips.isVisible()
    assert any("Organization of Turkic States" in chip.text() for chip in window.filter_chips.chips)
    # The chip above the results removes the filter again.
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        qtbot.mouseClick(window.filter_chips.chips[0], Qt.MouseButton.LeftButton)
    assert window.facet_model.filters() == ()


def test_copy_citation(qtbot, window):
    view = _open_seed(qtbot, window)
    qtbot.mouseClick(view.cite_button, Qt.MouseButton.LeftButton)
    text = QApplication.clipboard().text()
    assert "Joint Statement of the Presidents of Türkiye and Kazakhstan" in text
    assert "13 October 2022" in text
    assert "tr-kz-joint-statement-2022.md" in text


def test_drag_the_timeline_filters_to_a_range_of_years(qtbot, window):
    everything = _search(qtbot, window, "")
    timeline = window.timeline
    assert timeline.years[0] <= 2000 and timeline.years[-1] >= 2020
    left = QPoint(int(timeline.x_of(2000)), timeline.height() // 2)
    right = QPoint(int(timeline.x_of(2010)), timeline.height() // 2)
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=left)
        qtbot.mouseMove(timeline, right)
        qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=right)
    result = blocker.args[0]
    years = [window.library.document(h.doc_id).year for h in result.hits]
    assert years and all(2000 <= y <= 2010 for y in years)
    expected = sum(1 for h in everything.hits if 2000 <= (window.library.document(h.doc_id).year or 0) <= 2010)
    assert result.total == expected
    assert timeline.selected == (2000, 2010)


def test_facet_filter_box_show_all_and_sort(qtbot, window):
    _search(qtbot, window, "")
    model = window.facet_model
    panel = window.facet_panel
    countries = model.section_row("country")
    section = panel.proxy.index(countries, 0)
    shown = panel.proxy.rowCount(section)
    total = len(model._sections[countries].values)
    assert total > 13 and shown == 13  # twelve values and "Show all"
    show_all = panel.proxy.index(shown - 1, 0, section)
    assert show_all.data().startswith("Show all")
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=panel.tree.visualRect(show_all).center())
    assert panel.proxy.rowCount(section) == total + 1  # every value and "Show fewer"
    qtbot.keyClicks(panel.filter_box, "kaza")
    assert panel.proxy.rowCount(section) == 1
    assert panel.proxy.index(0, 0, section).data() == "Kazakhstan"
    panel.filter_box.clear()
    qtbot.mouseClick(panel.sort_button, Qt.MouseButton.LeftButton)
    names = [panel.proxy.index(r, 0, section).data() for r in range(panel.proxy.rowCount(section) - 1)]
    assert names == sorted(names, key=str.casefold)


def test_cheat_sheet_popover(qtbot, window):
    qtbot.mouseClick(window.help_button, Qt.MouseButton.LeftButton)
    assert window.help_button.popover.isVisible()
    text = window.help_button.popover.findChild(type(window.count_label)).text()
    assert "country:TUR" in text and "date:[2020-01 to 2022-06]" in text
    window.help_button.popover.hide()


def test_autocompletion_offers_words_and_facet_values(qtbot, window):
    window.search_box.setFocus()
    with qtbot.waitSignal(window.completer.completions_shown, timeout=10000) as shown:
        qtbot.keyClicks(window.search_box, "kaza")
    items = shown.args[0]
    assert any(item.kind == "country" and item.text == "country:KAZ" for item in items)
    assert any(item.kind == "word" and item.text.startswith("kazakh") for item in items)
    with qtbot.waitSignal(window.search_finished, timeout=10000) as searched:
        window.completer.insert("country:KAZ")
    assert window.search_box.text() == "country:KAZ "
    assert searched.args[0].total == sum(
        1 for i in window.library.catalogue.ids() if "KAZ" in window.library.document(i).country_codes())


def test_more_like_this_lists_similar_statements(qtbot, window):
    view = _open_seed(qtbot, window)
    seed_id = view.statement.id
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        qtbot.mouseClick(view.similar_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    ids = [h.doc_id for h in result.hits]
    assert ids and seed_id not in ids
    assert any("Statements like" in m for m in result.messages)
    assert window.message_label.isVisible()


def test_country_expansion_is_shown_and_can_be_switched_off(qtbot, window):
    expanded = _search(qtbot, window, "Turkey")
    assert window.message_label.isVisible()
    assert "Also searched: Türkiye, Turkish" in window.message_label.text()
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        qtbot.mouseClick(window.expand_box, Qt.MouseButton.LeftButton)
    alone = blocker.args[0]
    assert not window.expand_box.isChecked()
    assert alone.total < expanded.total
    assert not alone.expansions and "Also searched" not in window.message_label.text()


def test_did_you_mean_offers_a_correction_with_hits(qtbot, window):
    result = _search(qtbot, window, "cooperatoin")
    assert result.total == 0 and result.suggestion == "cooperation"
    assert "Did you mean" in window.message_label.text()
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        window.message_label.linkActivated.emit(f"suggest:{result.suggestion}")
    assert window.search_box.text() == "cooperation"
    assert blocker.args[0].total > 0


def test_completion_model_is_a_sound_qt_model(qtmodeltester):
    from desktop.search_completer import CompletionModel
    from index import Completion

    model = CompletionModel()
    model.set_items([Completion("country:KAZ", "country", "Kazakhstan", 6), Completion("kazakh", "word", "kazakh", 3)])
    qtmodeltester.check(model)
