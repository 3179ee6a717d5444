"""Start-up problems end in a dialog with a way out, and the File menu switches libraries.

The modal question is ``StartupErrorDialog.ask``; tests replace it (pytest-qt's
advice for modal dialogs) and check which problem was described and what the
chosen way out did. Read-only folders are simulated: CI runs as root, for whom
chmod does not make a folder read-only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.about_dialog import AboutDialog
from desktop.app import LibrarySession
from desktop.library_location import recent_libraries, remember_library
from desktop.library_menu import LibraryChooser, library_menu_of
from desktop.settings import Settings
from desktop.startup_errors import Choice, StartupErrorDialog, describe, open_library
from index import Library, LibraryReadOnly
from index.library import INDEX_FOLDER

pytestmark = pytest.mark.gui
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def library_copy(sample_library_dir, tmp_path):
    """Makes private copies of the sample library: ``library_copy("name")`` -> folder."""

    def make(name: str = "library") -> Path:
        folder = tmp_path / name
        shutil.copytree(sample_library_dir, folder)
        return folder

    return make


@pytest.fixture
def answers(monkeypatch):
    """Scripted answers to the start-up dialog; records every problem it was asked about."""
    asked = []
    script: list = []

    def ask(problem, parent=None, switching=False):
        asked.append(problem)
        answer = script.pop(0) if script else Choice.CANCEL
        return answer(problem) if callable(answer) else answer

    monkeypatch.setattr(StartupErrorDialog, "ask", classmethod(lambda cls, *a, **k: ask(*a, **k)))
    return script, asked


@pytest.fixture
def session(qtbot, tmp_path):
    session = LibrarySession(Settings(str(tmp_path / "settings.ini")))
    yield session
    if session.window is not None:
        session.window.close()
    session.close()


def _make_read_only(monkeypatch, folder: Path) -> None:
    real_access = os.access
    target = folder.resolve()

    def access(path, mode, *args, **kwargs):
        if Path(path).resolve() == target and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def _damage_index(folder: Path) -> None:
    for path in (folder / INDEX_FOLDER).iterdir():
        if path.is_file():
            path.write_bytes(b"\x00junk, not a Whoosh file\xff" * 64)


def test_read_only_folder_opens_read_only(qtbot, monkeypatch, library_copy, answers, session):
    """GIVEN a library folder that cannot be written WHEN Chancery starts THEN it offers and opens read-only."""
    folder = library_copy()
    _make_read_only(monkeypatch, folder)
    with pytest.raises(LibraryReadOnly):
        Library.open(folder)
    script, asked = answers
    script.append(Choice.OPEN_READ_ONLY)

    assert session.start(folder)
    assert [p.kind for p in asked] == ["read-only"]
    assert asked[0].default is Choice.OPEN_READ_ONLY
    assert Choice.CHOOSE_OTHER in asked[0].choices
    assert session.library.read_only
    assert "(read-only)" in session.window.windowTitle()
    with qtbot.waitSignal(session.window.search_finished, timeout=10000) as shown:
        session.window.search_now()
    assert shown.args[0].total == session.library.count() > 0


def test_damaged_index_is_rebuilt_without_losing_a_document(library_copy, answers):
    """GIVEN junk in the index files WHEN the person picks Rebuild THEN every catalogue document is searchable."""
    folder = library_copy()
    with Library.open(folder) as intact:
        ids = intact.catalogue.ids()
        kazakhstan = intact.search("Kazakhstan").total
    _damage_index(folder)
    with pytest.raises(Exception):  # noqa: B017 - IndexDamaged, or Whoosh's own error for a junk TOC
        Library.open(folder)
    script, asked = answers
    script.append(Choice.REBUILD)

    library = open_library(folder)
    try:
        assert [p.kind for p in asked] == ["index-damaged"]
        assert asked[0].default is Choice.REBUILD
        assert library is not None and not library.read_only
        assert library.catalogue.ids() == ids
        assert library.store.doc_count() == len(ids)
        assert library.search("Kazakhstan").total == kazakhstan > 0
    finally:
        library.close()


def test_a_damaged_catalogue_is_restored_from_a_backup_and_set_aside(library_copy, answers, monkeypatch, tmp_path):
    """GIVEN a backup and then a catalogue that cannot be read WHEN the person picks Restore THEN the library is
    the backup's again, index rebuilt, and the damaged catalogue is kept aside."""
    from desktop.startup_errors import BackupChooser

    folder = library_copy()
    backup = tmp_path / "before.sqlite3"
    with Library.open(folder) as intact:
        ids = intact.catalogue.ids()
        doc = sorted(ids)[0]
        intact.workbench.tags.add([doc], "kept by the backup")
        intact.backup(backup)
    for name in ("catalogue.sqlite3-wal", "catalogue.sqlite3-shm"):
        (folder / name).unlink(missing_ok=True)
    (folder / "catalogue.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 4000)
    monkeypatch.setattr(BackupChooser, "choose", classmethod(lambda cls, parent=None, folder=None: backup))
    script, asked = answers
    script.append(Choice.RESTORE)

    library = open_library(folder)
    try:
        assert [p.kind for p in asked] == ["catalogue-damaged"] and asked[0].default is Choice.RESTORE
        assert library.catalogue.ids() == ids
        assert library.search("tag:\"kept by the backup\"").total == 1
    finally:
        library.close()
    [aside] = folder.glob("damaged-*")
    assert (aside / "catalogue.sqlite3").read_bytes().startswith(b"SQLite format 3\x00\xde\xad")


def test_a_full_disk_says_so_and_offers_to_try_again_or_read_only(tmp_path):
    from index import DiskFull

    problem = describe(DiskFull("no space"), tmp_path)
    assert problem.kind == "disk-full" and problem.default is Choice.RETRY
    assert Choice.OPEN_READ_ONLY in problem.choices and "Nothing committed is lost" in problem.text


def test_a_library_of_an_earlier_release_is_brought_up_to_date_with_progress(library_copy, answers, monkeypatch):
    """GIVEN a library whose index an earlier release made WHEN it opens THEN it is re-indexed with progress, once."""
    import sqlite3

    import desktop.startup_errors as startup

    folder = library_copy()
    with Library.open(folder) as intact:
        kazakhstan = intact.search("Kazakhstan").total
    conn = sqlite3.connect(folder / "catalogue.sqlite3")
    with conn:
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.close()
    assert Library.needs_rebuild(folder)
    seen = []
    real = startup.run_busy
    monkeypatch.setattr(startup, "run_busy", lambda parent, text, work, with_progress=False: seen.append(text)
                        or real(parent, text, work, with_progress))
    library = open_library(folder)
    try:
        assert seen and seen[0].startswith("Bringing the search index up to date")
        assert library.search("Kazakhstan").total == kazakhstan > 0
        assert not Library.needs_rebuild(folder) and answers[1] == []
    finally:
        library.close()


def test_locked_library_opens_read_only_or_after_retry(library_copy, answers):
    """GIVEN another Chancery importing WHEN this one starts THEN it can open read-only, or retry once it is done."""
    folder = library_copy()
    script, asked = answers
    with Library.open(folder) as other:
        lock = other.write_lock()
        lock.__enter__()  # the other Chancery's import holds the lock
        script.append(Choice.OPEN_READ_ONLY)
        library = open_library(folder)
        assert [p.kind for p in asked] == ["locked"]
        assert Choice.RETRY in asked[0].choices
        assert library is not None and library.read_only
        assert library.count() == other.count()
        library.close()

        def release_then_retry(_problem):
            lock.__exit__(None, None, None)  # the other import finishes while the dialog is up
            return Choice.RETRY

        script.append(release_then_retry)
        library = open_library(folder)
        assert [p.kind for p in asked] == ["locked", "locked"]
        assert library is not None and not library.read_only
        library.close()


def test_choose_another_library_and_cancel(monkeypatch, library_copy, answers, tmp_path):
    """GIVEN an unreadable catalogue WHEN the person chooses another library THEN that one opens; Cancel gives up."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "catalogue.sqlite3").write_bytes(b"this is not SQLite" * 100)
    good = library_copy("good")
    monkeypatch.setattr(LibraryChooser, "choose", classmethod(lambda cls, parent=None, start=None: good))
    script, asked = answers
    script.append(Choice.CHOOSE_OTHER)

    library = open_library(broken)
    assert [p.kind for p in asked] == ["catalogue-damaged"]
    assert Choice.REBUILD not in asked[0].choices
    assert library is not None and Path(library.folder) == good.resolve()
    library.close()

    script.append(Choice.CANCEL)
    assert open_library(broken) is None


def test_dialog_offers_the_ways_out_and_returns_the_click(qtbot, tmp_path):
    """The real message box: the buttons match the problem and the clicked one is the answer."""
    problem = describe(LibraryReadOnly("read-only"), tmp_path)
    (tmp_path / "catalogue.sqlite3").write_bytes(b"")
    problem = describe(LibraryReadOnly("read-only"), tmp_path)
    box, buttons = StartupErrorDialog.build(problem)
    assert sorted(b.text() for b in buttons) == sorted(["Open Read-Only", "Choose Another Library…", "Quit"])
    assert buttons[box.defaultButton()] is Choice.OPEN_READ_ONLY
    box, buttons = StartupErrorDialog.build(problem, switching=True)
    assert "Cancel" in [b.text() for b in buttons]

    def click_default():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, click_default)
            return
        dialog.defaultButton().click()

    QTimer.singleShot(0, click_default)
    assert StartupErrorDialog.ask(problem) is Choice.OPEN_READ_ONLY


def test_about_dialog_lists_third_party_licences(qtbot, monkeypatch, library_copy, session):
    folder = library_copy()
    assert session.start(folder)
    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self) or 0)
    about = next(a for a in session.window.findChildren(type(session.window.menuBar().actions()[0]))
                 if a.text().replace("&", "") == "About Chancery")
    about.trigger()
    assert len(shown) == 1
    dialog = shown[0]
    qtbot.addWidget(dialog)
    names = {c.name for c in dialog.components}
    assert {"PySide6_Essentials", "shiboken6", "whoosh3", "pypdf", "python-docx", "lxml", "Python"} <= names
    assert dialog.component_list.count() == len(dialog.components)
    whoosh = next(i for i in range(dialog.component_list.count())
                  if dialog.component_list.item(i).text().startswith("whoosh3"))
    dialog.component_list.setCurrentRow(whoosh)
    assert "BSD" in dialog.licence_text.toPlainText()
    assert "GPL-3.0-or-later" in dialog.about_text.text()
    assert str(Path(folder).resolve()) in dialog.about_text.text()


def test_open_recent_switches_library(qtbot, monkeypatch, library_copy, session):
    """GIVEN two libraries WHEN the person picks the other one in Open Recent THEN the window shows it."""
    first, second = library_copy("first"), library_copy("second")
    with Library.open(second) as extra:
        extra.catalogue.set_meta("marker", "second")
    remember_library(session.settings, second)
    assert session.start(first)
    old_window = session.window
    assert [p.resolve() for p in recent_libraries(session.settings)] == [first.resolve(), second.resolve()]

    menu = library_menu_of(session.window)
    menu.rebuild_recent()
    labels = [a.text() for a in menu.recent_actions()]
    assert labels == [str(first.resolve()), str(second.resolve())]
    assert not menu.recent_actions()[0].isEnabled()  # the open one
    with qtbot.waitSignal(session.window_changed, timeout=10000) as changed:
        menu.recent_actions()[1].trigger()
    window = changed.args[0]
    assert session.window is window is not old_window
    assert session.library.catalogue.get_meta("marker") == "second"
    assert not old_window.isVisible()
    with qtbot.waitSignal(window.search_finished, timeout=10000) as shown:
        window.search_now()
    assert shown.args[0].total > 0
    assert recent_libraries(session.settings)[0].resolve() == second.resolve()

    # Open Library… goes through the chooser and the same switch.
    monkeypatch.setattr(LibraryChooser, "choose", classmethod(lambda cls, parent=None, start=None: first))
    with qtbot.waitSignal(session.window_changed, timeout=10000):
        library_menu_of(window).open_action.trigger()
    assert Path(session.library.folder) == first.resolve()


def test_failed_switch_keeps_the_current_library(qtbot, library_copy, answers, session):
    good, damaged = library_copy("good"), library_copy("damaged")
    _damage_index(damaged)
    assert session.start(good)
    window = session.window
    script, asked = answers
    script.append(Choice.CANCEL)
    assert not session.switch_to(damaged)
    assert [p.kind for p in asked] == ["index-damaged"]
    assert session.window is window and window.isVisible()
    assert Path(session.library.folder) == good.resolve()


def test_timing_flag_prints_when_results_show(library_copy, tmp_path):
    """The start-up benchmark's hook: the real program prints the moment results show, then quits."""
    folder = library_copy()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CHANCERY_TIMING": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    out = subprocess.run([sys.executable, "-m", "desktop", "--library", str(folder)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("window-with-results"))
    assert "epoch=" in line and "results=" in line
