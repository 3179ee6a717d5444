"""OCR in the window: the scan beside its text, faint low-confidence words, and Run OCR on Scanned Statements."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

import documents.ocr.scanned as scanned
from desktop.document_view import FAINT, DocumentView
from desktop.import_panel import ImportReportDialog
from desktop.ocr_menu import OcrActions
from documents.statement import OcrPage, Statement
from index import ImportReport
from tests.ocr_inputs import ENGLISH, need_tesseract, scanned_pdf, scanned_png

pytestmark = pytest.mark.gui


@pytest.fixture
def reports(monkeypatch):
    shown = []
    monkeypatch.setattr(ImportReportDialog, "show_report", classmethod(lambda cls, report, parent=None:
                                                                       shown.append(report)))
    return shown


def _open(qtbot, window, query: str) -> Statement:
    window.search_box.setText(query)
    with qtbot.waitSignal(window.document_shown, timeout=15000):
        window.search_now()
    return window.document_view.statement


def test_a_scan_shows_how_it_was_read_and_its_page_image_beside_the_text(qtbot, window, reports, tmp_path):
    need_tesseract("eng")
    folder = tmp_path / "scans"
    folder.mkdir()
    scanned_pdf(folder / "scan.pdf", [ENGLISH, "Annex\nThe delegations signed the protocol on fisheries."])
    with qtbot.waitSignal(window.import_panel.import_finished, timeout=60000) as finished:
        window.import_panel.start_import([folder])
    assert finished.args[0].ocr_pages == 2 and reports == []
    statement = _open(qtbot, window, "fisheries")
    view = window.document_view
    assert statement.source_path.endswith("scan.pdf")
    assert "read by OCR" in view.header.text() and "mean confidence" in view.header.text()
    assert view.page_button.isVisible() and not view.page_image.isVisible()
    with qtbot.waitSignal(view.page_image.page_shown, timeout=15000) as shown:
        view.page_button.setChecked(True)
    assert view.page_image.isVisible()
    assert shown.args == [view.cursor_page()]
    assert not view.page_image.image.pixmap().isNull()
    # The view may have opened on the first hit, on page 2: page to 1, then back to 2.
    for page in (1, 2):
        cursor = view.text.textCursor()
        cursor.setPosition(statement.pages[page - 1] + 2)
        if view.page_image.page == page:
            view.text.setTextCursor(cursor)
            continue
        # A resize repaints the page on screen (another page_shown): wait for this page's.
        with qtbot.waitSignal(view.page_image.page_shown, timeout=15000, check_params_cb=lambda p, n=page: p == n):
            view.text.setTextCursor(cursor)
        assert view.page_image.page == page and f"Page {page} of 2" in view.page_image.caption.text()


def test_words_read_with_low_confidence_are_painted_faintly(qtbot):
    view = DocumentView()
    qtbot.addWidget(view)
    text = "The ministers met in Bakn on Tuesday."
    statement = Statement(id="s1", source_path="/nowhere/scan.png", content_hash="h", title="Scan", date=None,
                          text=text, pages=[0],
                          ocr=[OcrPage(page=1, status="ocr", confidence=71.0, languages="eng", low=[(21, 25)])])
    statement.provenance.reader = "image"
    view.show_statement(statement, [], searched=False)
    faint = [s for s in view.text.extraSelections() if s.format.foreground().color() == FAINT]
    assert [s.cursor.selectedText() for s in faint] == ["Bakn"]
    assert "1 words read with low confidence are shown faintly" in view.header.text()
    view.page_button.setChecked(True)
    assert "not on disk" in view.page_image.image.text()  # said at once: there is nothing to render


def test_run_ocr_reads_what_was_imported_without_tesseract(qtbot, window, reports, tmp_path, monkeypatch):
    need_tesseract("eng")
    folder = tmp_path / "scans"
    folder.mkdir()
    scanned_png(folder / "scan.png", ENGLISH)
    with monkeypatch.context() as patch:
        patch.setattr(scanned, "find_engine", lambda refresh=False: None)
        patch.setattr(scanned, "missing_reason", lambda: "Tesseract is not installed")
        with qtbot.waitSignal(window.import_panel.import_finished, timeout=30000) as finished:
            window.import_panel.start_import([folder])
    report = finished.args[0]
    assert report.unread_pages == 1 and reports == [report]  # the report says it once, though no file failed
    statement = _open(qtbot, window, "ocr:scanned")
    assert "No text (scanned)" in window.document_view.header.text()
    asked = []
    monkeypatch.setattr(OcrActions, "ask_languages", classmethod(lambda cls, parent, status: asked.append(status)
                                                                 or ""))
    with qtbot.waitSignal(window.import_panel.import_finished, timeout=60000) as finished:
        window.ocr.run_ocr()
    assert asked[0].unread_statements == 1 and finished.args[0].ocr_pages == 1
    again = _open(qtbot, window, "corridor Kazakhstan Azerbaijan")
    assert again.id == statement.id and "read by OCR" in window.document_view.header.text()


def test_run_ocr_without_tesseract_says_how_to_install_it(qtbot, window, monkeypatch):
    import index.ocr.library_methods as methods

    monkeypatch.setattr(methods, "find_engine", lambda refresh=False: None)
    monkeypatch.setattr(methods, "missing_reason", lambda: "Tesseract is not installed")
    said = []
    monkeypatch.setattr(OcrActions, "explain", classmethod(lambda cls, parent, title, text: said.append(text)))
    window.ocr.run_ocr()
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    assert "Tesseract is not installed" in said[0] and "apt-get install tesseract-ocr" in said[0]


def test_the_import_report_says_once_what_was_not_read(qtbot):
    report = ImportReport(added=2, unread_pages=3, unread_statements=2, unread_reason="Tesseract is not installed",
                          ocr_missing=True)
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    text = dialog.details.toPlainText()
    assert text.startswith("3 scanned pages in 2 statements were not read: Tesseract is not installed")
    assert text.count("not read") == 1


def test_the_cursor_page_follows_the_text(qtbot):
    view = DocumentView()
    qtbot.addWidget(view)
    statement = Statement(id="s2", source_path="/nowhere/two.pdf", content_hash="h", title="Two", date=None,
                          text="page one\n\npage two", pages=[0, 10],
                          ocr=[OcrPage(page=2, status="ocr", confidence=90.0, languages="eng")])
    statement.provenance.reader = "pdf"
    view.show_statement(statement, [], searched=False)
    cursor = view.text.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    view.text.setTextCursor(cursor)
    assert view.cursor_page() == 2
