"""The Library menu's OCR actions: Run OCR on Scanned Statements… and OCR Languages….

What Tesseract offers and how many statements wait is read off the GUI
thread; the OCR itself runs as an import in the status bar's import panel,
with progress per page and Cancel. The questions are class methods, so
tests replace them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop.worker import Worker, single_thread_pool
from index import Library, OcrStatus

AUTOMATIC = "Automatic: by script and language, from the library's languages"
INSTALL_HINT = ("Install Tesseract, then run this again:\n"
                "  Debian/Ubuntu: sudo apt-get install tesseract-ocr tesseract-ocr-tur tesseract-ocr-rus …\n"
                "  macOS: brew install tesseract tesseract-lang\n"
                "  Windows: the UB Mannheim installer (github.com/UB-Mannheim/tesseract/wiki)\n"
                "The README's \u201cOCR\u201d section has the details.")


class OcrActions:
    """Runs OCR on the statements marked scanned, and sets the library's OCR languages."""

    def __init__(self, window) -> None:
        self.window = window
        self._pool = single_thread_pool(window)
        self.last_status: OcrStatus | None = None
        self._worker: Worker | None = None

    @property
    def library(self) -> Library:
        """The window's library."""
        return self.window.library

    def run_ocr(self) -> None:
        """Asks which languages (once the status is read), then queues the OCR run."""
        self._with_status(self._ask_and_run)

    def set_languages(self) -> None:
        """Asks for the library's OCR languages (once the status is read)."""
        self._with_status(self._ask_languages)

    def _with_status(self, then) -> None:
        worker = Worker(self.library.ocr_status)
        self._worker = worker  # its signals live as long as it does
        worker.signals.finished.connect(lambda status: self._got(status, then))
        worker.signals.failed.connect(lambda message, _details: self.window.statusBar().showMessage(
            f"OCR: {message}", 10000))
        self._pool.start(worker)

    def _got(self, status: OcrStatus, then) -> None:
        self.last_status = status
        then(status)

    def _ask_and_run(self, status: OcrStatus) -> None:
        if not status.engine:
            self.explain(self.window, "OCR is not available", f"{status.reason}.\n\n{INSTALL_HINT}")
            return
        if not status.unread_statements:
            self.explain(self.window, "Nothing to read", "No statement in this library has scanned pages waiting "
                         "for OCR.")
            return
        languages = self.ask_languages(self.window, status)
        if languages is None:
            return
        self.window.import_panel.start_ocr(languages)

    def _ask_languages(self, status: OcrStatus) -> None:
        spec = self.ask_library_languages(self.window, status)
        if spec is None:
            return
        try:
            chosen = self.library.set_ocr_languages(spec)
        except (ValueError, OSError) as exc:
            self.explain(self.window, "OCR languages", str(exc))
            return
        self.window.statusBar().showMessage(f"OCR languages of this library: {'+'.join(chosen)}", 8000)

    @classmethod
    def ask_languages(cls, parent, status: OcrStatus) -> str | None:
        """The languages for one run: "" for automatic, ``tur+eng``..., or None when cancelled."""
        items = [AUTOMATIC, *status.installed]
        label = (f"{status.unread_statements:,} statements have scanned pages not read. Read them with:\n"
                 f"(library languages: {'+'.join(status.languages)}; type several as tur+eng)")
        text, ok = QInputDialog.getItem(parent, "Run OCR on Scanned Statements", label, items, 0, True)
        if not ok:
            return None
        return "" if text == AUTOMATIC else text.strip()

    @classmethod
    def ask_library_languages(cls, parent, status: OcrStatus) -> str | None:
        """The library's languages, as ``eng+tur+rus``, or None when cancelled."""
        installed = "+".join(status.installed) or "none (Tesseract is not installed)"
        text, ok = QInputDialog.getText(parent, "OCR Languages", "The languages of this library's scans, in the "
                                        f"order to try them.\nInstalled: {installed}",
                                        text="+".join(status.languages))
        return text.strip() if ok and text.strip() else None

    @classmethod
    def explain(cls, parent, title: str, text: str) -> None:
        """Says why nothing was done."""
        QMessageBox.information(parent, title, text)


def install_ocr_menu(window) -> OcrActions:
    """Adds the OCR actions to the Library menu."""
    actions = OcrActions(window)
    menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and
                a.menu().objectName() == "libraryAuditMenu")
    menu.addSeparator()
    run = menu.addAction("Run &OCR on Scanned Statements\u2026", actions.run_ocr)
    run.setObjectName("runOcrAction")
    run.setStatusTip("Read the scanned pages of statements imported without OCR (Tesseract)")
    languages = menu.addAction("OCR &Languages\u2026", actions.set_languages)
    languages.setObjectName("ocrLanguagesAction")
    return actions
