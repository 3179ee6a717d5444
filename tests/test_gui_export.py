"""The Export dialog and citations, driven through the window."""

from __future__ import annotations

import pytest
import rispy
from PySide6.QtWidgets import QApplication

from desktop.export_dialog import ExportDialog
from desktop.workbench_wiring import AnnotationFiles

pytestmark = pytest.mark.gui


def _search(qtbot, window, text: str):
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        window.search_box.setText(text)
        window.search_now()
    return blocker.args[0]


def test_export_dialog_previews_then_writes_the_selection(qtbot, window, tmp_path, monkeypatch):
    result = _search(qtbot, window, "Kazakhstan")
    window.results_view.selectAll()
    dialog = window.workbench.open_export()
    qtbot.addWidget(dialog)
    assert dialog.scope_selected.isChecked() and dialog.ids() == [h.doc_id for h in result.hits]
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("ris"))
    qtbot.waitUntil(lambda: dialog.preview.toPlainText().startswith("TY  - GOVDOC"), timeout=10000)
    assert dialog.preview.toPlainText().count("ER  -") == 3  # the first three statements
    out = tmp_path / "kazakhstan.ris"
    monkeypatch.setattr(ExportDialog, "ask_path", classmethod(lambda cls, *a: out))
    with qtbot.waitSignal(dialog.exported, timeout=20000) as blocker:
        dialog.export_button.click()
    assert blocker.args[0].written == result.total and not blocker.args[0].cancelled
    assert [e["id"] for e in rispy.load(out)] == [h.doc_id for h in result.hits]
    assert dialog.status.text() == f"Wrote {result.total} statements to {out}"


def test_export_a_collection_as_a_dossier(qtbot, window, tmp_path, monkeypatch):
    library = window.library
    seed = next(h.doc_id for h in library.search("Maarif").hits)
    library.workbench.collections.add([seed], "Baku 2017")
    library.workbench.notes.set_note(seed, "Check the figures.")
    _search(qtbot, window, "")
    dialog = window.workbench.open_export()
    qtbot.addWidget(dialog)
    dialog.scope_collection.setChecked(True)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))
    dialog.style_combo.setCurrentIndex(dialog.style_combo.findData(""))
    assert dialog.ids() == [seed]
    qtbot.waitUntil(lambda: "Check the figures." in dialog.preview.toPlainText(), timeout=10000)
    out = tmp_path / "dossier.md"
    monkeypatch.setattr(ExportDialog, "ask_path", classmethod(lambda cls, *a: out))
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.export_button.click()
    assert "Baku 2017" in out.read_text(encoding="utf-8")


def test_copy_a_chicago_citation_from_the_document(qtbot, window):
    _search(qtbot, window, "Maarif")
    view = window.document_view
    qtbot.waitUntil(lambda: view.statement is not None, timeout=10000)
    QApplication.clipboard().setText("")
    chicago = next(a for a in view.cite_button.menu().actions() if a.text() == "Chicago (note)")
    chicago.trigger()
    qtbot.waitUntil(lambda: QApplication.clipboard().text().startswith(
        "\u201cJoint Statement of the Presidents of Türkiye and Kazakhstan,\u201d"), timeout=20000)


def test_share_annotations_through_the_menus(qtbot, window, tmp_path, monkeypatch):
    library = window.library
    seed = next(h.doc_id for h in library.search("Maarif").hits)
    library.workbench.tags.add([seed], "shared")
    out = tmp_path / "annotations.json"
    monkeypatch.setattr(AnnotationFiles, "ask_save", classmethod(lambda cls, parent: out))
    window.workbench._export_annotations()
    qtbot.waitUntil(lambda: out.exists(), timeout=10000)
    library.workbench.tags.delete("shared")
    reports = []
    monkeypatch.setattr(AnnotationFiles, "ask_open", classmethod(lambda cls, parent: out))
    monkeypatch.setattr(AnnotationFiles, "show_report", classmethod(lambda cls, parent, report: reports.append(report)))
    with qtbot.waitSignal(window.workbench.controller.changed, timeout=15000):
        window.workbench._import_annotations()
    assert reports[0].matched == 1 and reports[0].added == {"tags": 1}
    assert library.search("tag:shared").total == 1
