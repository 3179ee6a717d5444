"""Importing from the window: drop a folder, watch progress, read the report, cancel."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from desktop.import_panel import ImportReportDialog
from desktop.main_window import MainWindow
from desktop.settings import Settings
from index import SearchRequest
from tests.fixtures_docs import make_binary_junk

pytestmark = pytest.mark.gui




@pytest.fixture
def reports(monkeypatch):
    shown = []
    monkeypatch.setattr(ImportReportDialog, "show_report", classmethod(lambda cls, report, parent=None:
                                                                       shown.append(report)))
    return shown


def _drop(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_drop_a_folder_imports_in_the_background_and_reports_problems(qtbot, window, reports, tmp_path):
    folder = tmp_path / "dropped"
    folder.mkdir()
    (folder / "note.md").write_text("---\ntitle: Fisheries note\ndate: 2019-02-03\n---\n"
                                    "Iceland and Norway discussed fisheries quotas.\n", encoding="utf-8")
    make_binary_junk(folder / "junk.txt")
    before = window.library.count()
    with qtbot.waitSignal(window.import_panel.import_finished, timeout=30000) as finished:
        _drop(window, [folder])
        assert window.import_panel.isVisible()
    report = finished.args[0]
    assert report.added == 1
    assert [p.path.endswith("junk.txt") for p in report.problems] == [True]
    assert reports == [report]
    assert window.library.count() == before + 1
    window.search_box.setText("fisheries quotas")
    with qtbot.waitSignal(window.search_finished, timeout=10000) as searched:
        window.search_now()
    result = searched.args[0]
    assert result.total == 1


def test_report_dialog_lists_problems_copyably(qtbot, tmp_path):
    from index import ImportProblem, ImportReport

    report = ImportReport(added=2, problems=[ImportProblem("/a/b.pdf", "the PDF is encrypted")])
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    assert "/a/b.pdf\tthe PDF is encrypted" in dialog.details.toPlainText()


def test_cancel_stops_the_import_and_keeps_what_was_committed(qtbot, window, reports, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(60):
        (folder / f"s{number:02}.md").write_text(f"---\ntitle: S{number}\n---\nStatement {number} on energy.\n",
                                                 encoding="utf-8")
    panel = window.import_panel
    before = window.library.count()
    with qtbot.waitSignal(panel.import_finished, timeout=60000) as finished:
        panel.start_import([folder])
        assert panel.cancel_button.isVisible()
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert report.cancelled
    assert report.added < 60
    assert window.library.count() == before + report.added  # what was committed stays
    assert window.library.search(SearchRequest(limit=None)).total == window.library.count()
    assert "Cancelled" in report.summary()


def test_missing_files_policy_from_the_menu(qtbot, window, reports, tmp_path):
    folder = tmp_path / "kept"
    folder.mkdir()
    (folder / "gone.md").write_text("---\ntitle: Gone\n---\nA statement on whaling.\n", encoding="utf-8")
    with qtbot.waitSignal(window.import_panel.import_finished, timeout=30000):
        window.import_panel.start_import([folder])
    (folder / "gone.md").unlink()
    with qtbot.waitSignal(window.import_panel.import_finished, timeout=30000) as marked:
        window.import_panel.start_rescan()
    assert marked.args[0].missing == 1
    action = next(a for a in window.import_actions if a.objectName() == "removeMissing")
    action.trigger()
    assert window.settings.get("import/missing") == "remove"
    with qtbot.waitSignal(window.import_panel.import_finished, timeout=30000) as removed:
        window.import_panel.start_rescan()
    assert removed.args[0].removed == 1
    assert window.library.search("whaling").total == 0


def test_read_only_library_disables_importing(qtbot, sample_library_dir, tmp_path):
    from index import Library

    library = Library.open(sample_library_dir, read_only=True)
    try:
        win = MainWindow(library, Settings(str(tmp_path / "ro.ini")))
        qtbot.addWidget(win)
        assert all(not action.isEnabled() for action in win.import_actions)
        with qtbot.waitSignal(win.search_finished, timeout=10000) as blocker:
            win.search_box.setText("Kazakhstan")
            win.search_now()
        assert blocker.args[0].total > 0
    finally:
        library.close()


def test_after_an_import_the_index_segments_are_merged_in_the_status_bar(qtbot, window, reports, tmp_path):
    """GIVEN an index over its segment bound WHEN an import finishes THEN a merge runs with progress, results stay."""
    panel = window.import_panel
    panel.max_segments = 1
    window.search_box.setText("Kazakhstan")
    with qtbot.waitSignal(window.search_finished, timeout=10000) as searched:
        window.search_now()
    before = searched.args[0]
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "note.md").write_text("---\ntitle: Fisheries note\ndate: 2019-02-03\n---\n"
                                    "Iceland and Norway discussed fisheries quotas.\n", encoding="utf-8")
    labels = []
    panel.bar.valueChanged.connect(lambda _value: labels.append(panel.label.text()))
    with qtbot.waitSignal(panel.merge_finished, timeout=60000) as merged:
        panel.start_import([folder])
    report = merged.args[0]
    assert report.outcome == "merged"
    assert window.library.segment_count() == 1
    assert any(text.startswith("Merging the index:") for text in labels)
    assert window.statusBar().currentMessage().startswith("Merged ")
    assert not panel.isVisible()
    with qtbot.waitSignal(window.search_finished, timeout=10000) as searched:
        window.search_now()
    after = searched.args[0]
    assert (after.total, [h.doc_id for h in after.hits]) == (before.total, [h.doc_id for h in before.hits])


def test_an_import_asked_for_during_a_merge_stops_it_and_the_merge_runs_after(qtbot, window, reports, tmp_path,
                                                                             monkeypatch):
    from index.ingest import compaction

    monkeypatch.setattr(compaction, "PROGRESS_EVERY", 1)
    panel = window.import_panel
    panel.max_segments = 1
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "note.md").write_text("---\ntitle: Fisheries note\ndate: 2019-02-03\n---\n"
                                    "Iceland and Norway discussed fisheries quotas.\n", encoding="utf-8")
    if window.library.segment_count() < 2:  # give the index a second segment to merge
        with qtbot.waitSignal(panel.merge_finished, timeout=60000):
            panel.start_import([folder])
        (folder / "other.md").write_text("---\ntitle: Whaling note\ndate: 2019-02-04\n---\n"
                                         "Iceland and Japan discussed whaling.\n", encoding="utf-8")
        panel.max_segments = 10**6
        with qtbot.waitSignal(panel.import_finished, timeout=60000):
            panel.start_import([folder])
        panel.max_segments = 1
    outcomes = []
    panel.merge_finished.connect(lambda report: outcomes.append(report.outcome))
    # The merge is held at its first progress until the import has been asked for: a small merge
    # would otherwise be over before the test could ask.
    asked = threading.Event()
    merge = compaction.merge_segments

    def held(catalogue, store, max_segments, progress=None, cancelled=None):
        def hold(step):
            if progress is not None:
                progress(step)
            asked.wait(30)

        return merge(catalogue, store, max_segments, hold, cancelled)

    monkeypatch.setattr(compaction, "merge_segments", held)
    with qtbot.waitSignal(panel.bar.valueChanged, timeout=30000):
        panel.start_merge()
    assert panel.merging
    (folder / "third.md").write_text("---\ntitle: Sealing note\ndate: 2019-02-05\n---\n"
                                     "Iceland and Canada discussed sealing.\n", encoding="utf-8")
    with qtbot.waitSignal(panel.import_finished, timeout=60000) as imported:
        panel.start_import([folder])
        asked.set()
    assert imported.args[0].added == 1
    # The merge was stopped by the import, and runs again after it.
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=60000)
    assert outcomes == ["cancelled", "merged"]
    assert window.library.segment_count() == 1
