"""The completion popup never takes over Return: it searches what was typed; Down then Return or Tab completes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui


def _type_with_completions(qtbot, window, text: str) -> list:
    window.activateWindow()
    window.search_box.setFocus()
    with qtbot.waitSignal(window.completer.completions_shown, timeout=10000) as shown:
        qtbot.keyClicks(window.search_box, text)
    qtbot.waitUntil(lambda: window.completer.completer.popup().isVisible(), timeout=5000)
    return shown.args[0]


def test_return_searches_the_text_as_typed(qtbot, window):
    items = _type_with_completions(qtbot, window, "Kazakhstan trade")
    assert any(item.text == "topic:trade" for item in items)
    popup = window.completer.completer.popup()
    assert not popup.currentIndex().isValid()  # nothing pre-selected
    with qtbot.waitSignal(window.search_finished, timeout=10000) as searched:
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.search_box.text() == "Kazakhstan trade"
    assert searched.args[0].request.text == "Kazakhstan trade"
    assert not popup.isVisible()


def test_down_then_return_takes_the_completion(qtbot, window):
    items = _type_with_completions(qtbot, window, "kaza")
    popup = window.completer.completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    assert popup.currentIndex().row() == 0
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.search_box.text() == items[0].text + " "


def test_labels_read_once(qtbot, window):
    items = _type_with_completions(qtbot, window, "trade")
    model = window.completer.model
    rows = {model.items[r].text: model.index(r).data() for r in range(model.rowCount())}
    assert rows["topic:trade"] == "Trade and investment \u2014 topic"
    assert any(item.kind == "word" for item in items)


def test_completions_arriving_after_return_leave_the_list_closed(qtbot, window):
    from desktop.search_completer import DELAY_MS

    window.activateWindow()
    window.search_box.setFocus()
    popup = window.completer.completer.popup()
    with qtbot.waitSignal(window.search_finished, timeout=10000) as searched:
        qtbot.keyClicks(window.search_box, "Kazakhstan tra")
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # before the completions' pause is over
    assert searched.args[0].request.text == "Kazakhstan tra"
    with qtbot.assertNotEmitted(window.completer.completions_shown, wait=DELAY_MS * 4):
        pass
    assert not popup.isVisible()
    # Typing on asks again, and the list opens as before.
    with qtbot.waitSignal(window.completer.completions_shown, timeout=10000):
        qtbot.keyClicks(window.search_box, "d")
    qtbot.waitUntil(popup.isVisible, timeout=5000)
