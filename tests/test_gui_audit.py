"""Trust from the window: Verify Files, Check Library, Back Up Library; one library in two windows; a
command-line import shows in the open window."""

from __future__ import annotations

import pytest

from desktop.audit_menu import AuditActions
from desktop.cli import main
from desktop.startup_errors import Choice, StartupErrorDialog, open_library
from index import Library

pytestmark = pytest.mark.gui


def test_verify_files_lists_a_changed_file(qtbot, window, tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\n---\nNorway and Chile.\n", encoding="utf-8")
    with qtbot.waitSignal(window.import_panel.import_finished, timeout=20000):
        window.import_panel.start_import([folder])
    (folder / "a.md").write_text("---\ntitle: A\n---\nNorway and Chile, changed.\n", encoding="utf-8")
    dialog = window.audit.verify()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_with, timeout=30000) as done:
        pass
    report = done.args[0]
    assert not report.passed and report.counts()["changed"] == 1
    text = dialog.report.toPlainText()
    assert "CHANGED" in text and str(folder / "a.md") in text and "was SHA-256" in text


def test_check_library_and_back_up(qtbot, window, tmp_path, monkeypatch):
    dialog = window.audit.check()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_with, timeout=30000):
        pass
    assert dialog.report.toPlainText().startswith("Catalogue: intact")
    target = tmp_path / "backup.sqlite3"
    monkeypatch.setattr(AuditActions, "ask_backup_path", classmethod(lambda cls, parent: target))
    [from_file_menu] = [a for a in window.menuBar().actions()[0].menu().actions() if a.objectName() == "fileBackup"]
    assert from_file_menu.text() == "&Back Up Library\u2026"
    from_file_menu.trigger()
    dialog = window.audit.dialog
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_with, timeout=30000):
        pass
    assert target.exists() and "Backed up to" in dialog.report.toPlainText()
    restored = Library.restore(target, tmp_path / "restored")
    with restored:
        assert restored.count() == window.library.count()


def test_a_second_window_on_the_same_library_opens_read_only(qtbot, sample_library, monkeypatch):
    folder = sample_library.folder
    held = sample_library.claim_window()  # as the first window's session does
    assert held is not None and Library.open_in_a_window(folder)
    asked = []
    monkeypatch.setattr(StartupErrorDialog, "ask", classmethod(
        lambda cls, problem, parent=None, switching=False: asked.append(problem) or Choice.OPEN_READ_ONLY))
    second = open_library(folder)
    try:
        assert [p.kind for p in asked] == ["in-use"] and second.read_only
    finally:
        second.close()
        held.release()
    assert not Library.open_in_a_window(folder)


def test_a_command_line_import_shows_in_the_open_window(qtbot, window, tmp_path, capsys):
    before = window.library.count()
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "new.md").write_text("---\ntitle: Arrived from the terminal\n---\nIceland and Malta.\n",
                                   encoding="utf-8")
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        window.search_now()
    window.workbench.controller.check_for_changes()  # starts watching the catalogue
    assert main(["index", str(folder), "--library", str(window.library.folder)]) == 0
    qtbot.waitUntil(lambda: window.last_result is not None and window.last_result.total == before + 1,
                    timeout=15000)
