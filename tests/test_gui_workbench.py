"""The workbench driven through the window: tag from the menu, tag manager, notes, passages, saved searches,
corrections from a chip, undo, bulk actions, and changes made from the command line while the window is open."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from desktop.cli import main
from desktop.workbench_dialogs import Confirm, NameDialog, TextDialog
from index import FacetFilter, SearchRequest

pytestmark = pytest.mark.gui


def _search(qtbot, window, text: str):
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        window.search_box.setText(text)
        window.search_now()
    return blocker.args[0]


def _find(menu, text: str):
    for action in menu.actions():
        if action.text() == text:
            return action
        if action.menu() is not None and (found := _find(action.menu(), text)) is not None:
            return found
    return None


def _action(menu, text: str):
    found = _find(menu, text)
    assert found is not None, f"no menu entry {text!r} in {[a.text() for a in menu.actions()]}"
    return found


def _done(qtbot, window, trigger) -> None:
    """Triggers a workbench action and waits for the window to show its result."""
    with qtbot.waitSignal(window.workbench.controller.changed, timeout=15000):
        trigger()
    qtbot.waitUntil(lambda: not window.workbench.controller._workers, timeout=5000)


def _select_rows(window, rows: list[int]) -> None:
    view = window.results_view
    view.clearSelection()
    for row in rows:
        view.selectionModel().select(window.results_model.index(row),
                                     view.selectionModel().SelectionFlag.Select)


def _open_seed(qtbot, window):
    with qtbot.waitSignal(window.searches.workbench_ready, timeout=10000):  # the document, then its note
        _search(qtbot, window, "Maarif")
    assert "Maarif" in window.document_view.statement.text
    return window.document_view.statement


def test_tag_from_the_context_menu_then_undo(qtbot, window, monkeypatch):
    result = _search(qtbot, window, "cooperation")
    _select_rows(window, [0, 1])
    chosen = {window.results_model.doc_id(0), window.results_model.doc_id(1)}
    monkeypatch.setattr(NameDialog, "ask", classmethod(lambda cls, *a, **k: "turkic/education"))
    menu = window.workbench.results_menu()
    assert _action(menu, "2 selected").isEnabled() is False
    with qtbot.waitSignal(window.search_finished, timeout=15000):
        _done(qtbot, window, _action(menu, "Tag\u2026").trigger)
    library = window.library
    assert {h.doc_id for h in library.search("tag:turkic").hits} == chosen
    qtbot.waitUntil(lambda: {c.value: c.count for c in window.last_result.facets["tag"]}
                    == {"turkic": 2, "turkic/education": 2}, timeout=10000)
    assert window.workbench.undo_action.text() == "&Undo Tag 2 statements \u201cturkic/education\u201d"
    _done(qtbot, window, window.workbench.undo_action.trigger)
    assert library.search("tag:turkic").total == 0
    assert window.workbench.redo_action.isEnabled()
    assert result.total > 2


def test_apply_to_all_results(qtbot, window, monkeypatch):
    result = _search(qtbot, window, "cooperation")
    _select_rows(window, [0])
    monkeypatch.setattr(NameDialog, "ask", classmethod(lambda cls, *a, **k: "all cooperation"))
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a, **k: True))
    menu = window.workbench.results_menu()
    assert _action(menu, f"Apply to All {result.total:,} Results") is not None
    _done(qtbot, window, menu.findChild(type(menu.actions()[0]), "tagAllAction").trigger)
    assert window.library.search('tag:"all cooperation"').total == result.total
    _done(qtbot, window, _action(window.workbench.results_menu(), "Relevant").trigger)  # selected: first row
    assert window.library.search("status:relevant").total == 1


def test_tag_manager_merges_and_deletes(qtbot, window, monkeypatch):
    library = window.library
    ids = sorted(library.ids())
    library.workbench.tags.add(ids[:3], "OTS")
    library.workbench.tags.add(ids[2:5], "turkic states")
    manager = window.workbench.open_dialog("tags")
    qtbot.addWidget(manager)
    assert [manager.model.index(r, 0).data() for r in range(manager.model.rowCount())] == ["OTS", "turkic states"]
    manager.select("OTS")
    monkeypatch.setattr(NameDialog, "ask", classmethod(lambda cls, *a, **k: "turkic states"))
    _done(qtbot, window, manager.buttons["merge"].click)
    qtbot.waitUntil(lambda: manager.model.rowCount() == 1, timeout=5000)
    assert manager.model.index(0, 1).data() == "5"
    manager.select("turkic states")
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a, **k: True))
    _done(qtbot, window, manager.buttons["delete"].click)
    assert library.workbench.tags.all() == []
    trash = window.workbench.open_dialog("trash")
    qtbot.addWidget(trash)
    assert trash.model.rowCount() == 1
    trash.view.setCurrentIndex(trash.model.index(0))
    _done(qtbot, window, trash.findChild(type(manager.buttons["delete"]), "restoreItem").click)
    assert library.search('tag:"turkic states"').total == 5


def test_a_note_is_written_beside_the_document(qtbot, window):
    statement = _open_seed(qtbot, window)
    notes = window.document_view.notes
    qtbot.waitUntil(lambda: notes.doc_id == statement.id, timeout=5000)
    notes.edit_button.click()
    notes.editor.setPlainText("Compare with the **2017** communiqué.")
    _done(qtbot, window, notes.edit_button.click)
    assert window.library.workbench.notes.note(statement.id) == "Compare with the **2017** communiqué."
    qtbot.waitUntil(lambda: "2017" in notes.view.toPlainText(), timeout=10000)
    assert "**" not in notes.view.toPlainText()  # shown as Markdown, not as its source
    assert window.library.search("note:communiqué").total == 1


def test_highlight_a_passage_with_a_note(qtbot, window, monkeypatch):
    statement = _open_seed(qtbot, window)
    view = window.document_view
    start = statement.text.index("Turkish Maarif Foundation")
    cursor = QTextCursor(view.text.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len("Turkish Maarif Foundation"), QTextCursor.MoveMode.KeepAnchor)
    view.text.setTextCursor(cursor)
    monkeypatch.setattr(TextDialog, "ask", classmethod(lambda cls, *a, **k: "schools network"))
    with qtbot.waitSignal(window.searches.workbench_ready, timeout=15000):
        _done(qtbot, window, _action(view.text_menu(), "Highlight with Note\u2026").trigger)
    [passage] = window.library.workbench.notes.passages(statement.id)
    assert (passage.quote, passage.note) == ("Turkish Maarif Foundation", "schools network")
    qtbot.waitUntil(lambda: view.notes.passage_model.rowCount() == 1, timeout=5000)
    assert "Turkish Maarif Foundation" in view.notes.passage_model.index(0).data()
    painted = view.text.extraSelections()
    assert any(s.cursor.selectedText() == "Turkish Maarif Foundation" for s in painted)


def test_saved_search_in_the_sidebar_with_its_count(qtbot, window, monkeypatch):
    result = _search(qtbot, window, "cooperation")
    monkeypatch.setattr(NameDialog, "ask", classmethod(lambda cls, *a, **k: "Cooperation"))
    sidebar = window.sidebar
    with qtbot.waitSignal(window.searches.saved_ready, timeout=15000):
        _done(qtbot, window, sidebar.save_button.click)
    qtbot.waitUntil(lambda: sidebar.saved_model.rowCount() == 1
                    and sidebar.saved_model.items[0].count is not None, timeout=10000)
    assert sidebar.saved_model.index(0).data() == f"Cooperation  ({result.total:,})"
    _search(qtbot, window, "trade")
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        sidebar.search_chosen.emit(sidebar.saved_model.items[0])
    assert blocker.args[0].request.text == "cooperation" and window.search_box.text() == "cooperation"
    qtbot.waitUntil(lambda: "trade" in [p.query for p in sidebar.history_model.items], timeout=10000)


def test_correct_a_country_from_its_chip(qtbot, window):
    statement = _open_seed(qtbot, window)
    header = window.document_view.header
    assert "KAZ" in [c.code for c in statement.countries]
    menu = header.correction_menu(header.chip_href("country", "KAZ"))
    _done(qtbot, window, _action(menu, "Remove \u201cKazakhstan\u201d from This Statement").trigger)
    assert "KAZ" not in [c.code for c in window.library.document(statement.id).countries]
    qtbot.waitUntil(lambda: window.document_view.statement is not None
                    and "KAZ" not in [c.code for c in window.document_view.statement.countries], timeout=10000)
    assert header.explanation("country", "KAZ") is None
    menu = header.correction_menu(header.chip_href("country", "TUR"))
    assert _action(menu, "Mark as Merely Mentioned") is not None
    _done(qtbot, window, _action(menu, "Mark as Merely Mentioned").trigger)
    qtbot.waitUntil(lambda: "corrected: marked Türkiye as merely mentioned"
                    in (header.explanation("country", "TUR") or ""), timeout=10000)
    central = window.library.search(SearchRequest(filters=(FacetFilter("central_country", "TUR"),), limit=None))
    assert statement.id not in {h.doc_id for h in central.hits}


def test_a_tag_added_from_the_command_line_shows_in_the_open_window(qtbot, window, capsys):
    result = _search(qtbot, window, "Kazakhstan")
    doc_id = result.hits[0].doc_id
    with qtbot.waitSignal(window.workbench.controller.changed, timeout=10000):
        assert main(["tag", doc_id, "from-the-terminal", "--library", str(window.library.folder)]) == 0
    qtbot.waitUntil(lambda: "from-the-terminal" in {c.value for c in window.last_result.facets["tag"]},
                    timeout=10000)


def test_a_read_only_library_offers_no_workbench_changes(qtbot, sample_library, tmp_path):
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from index import Library

    folder = sample_library.folder
    sample_library.close()
    library = Library.open(folder, read_only=True)
    win = MainWindow(library, Settings(str(tmp_path / "settings.ini")))
    qtbot.addWidget(win)
    try:
        menu = win.workbench.results_menu()
        assert [a.text() for a in menu.actions()] == ["This library is open read-only", "Export\u2026"]
        assert not win.document_view.header.can_correct and not win.document_view.can_highlight
        assert not win.workbench.undo_action.isEnabled()
    finally:
        win.close()
        library.close()
