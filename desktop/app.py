"""Starting the GUI: open the library (explaining any problem), show the window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.main_window import MainWindow
from desktop.settings import Settings
from documents.resources import ResourceError, resource_path
from index.errors import IndexDamaged, IndexLocked, LibraryError, LibraryReadOnly
from index.library import Library, default_library_dir

log = logging.getLogger("chancery.desktop")


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), with name and icon set."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Chancery")
    app.setOrganizationName("Chancery")
    app.setApplicationDisplayName("Chancery")
    try:
        app.setWindowIcon(QIcon(str(resource_path("icons/chancery-256.png"))))
    except ResourceError:
        log.warning("application icon missing")
    return app


def _ask(title: str, text: str, buttons: list[str]) -> str | None:
    """A question with named buttons; returns the chosen label or None."""
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    mapping = {box.addButton(label, QMessageBox.ButtonRole.AcceptRole): label for label in buttons}
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return mapping.get(box.clickedButton())


def open_library_interactively(folder: Path) -> Library | None:
    """Opens a library, offering a way out of every known problem."""
    try:
        return Library.open(folder)
    except IndexDamaged as exc:
        choice = _ask("Search index damaged", f"{exc}\n\nRebuild it from the catalogue? No document is lost.",
                      ["Rebuild index", "Open read-only"])
        if choice == "Rebuild index":
            return Library.open(folder, rebuild_damaged=True)
        if choice == "Open read-only":
            return Library.open(folder, read_only=True)
    except LibraryReadOnly as exc:
        if _ask("Library is read-only", f"{exc}\n\nOpen it read-only? You can search but not import.",
                ["Open read-only"]):
            return Library.open(folder, read_only=True)
    except IndexLocked as exc:
        if _ask("Library in use", f"{exc}", ["Open read-only"]):
            return Library.open(folder, read_only=True)
    except LibraryError as exc:
        QMessageBox.critical(None, "Cannot open the library", str(exc))
    return None


def _excepthook(exc_type, exc, tb) -> None:
    """Shows unexpected errors once instead of letting Qt abort."""
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error:\n%s", details)
    box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                      f"Chancery met an unexpected error: {exc}\nYour library is safe.")
    box.setDetailedText(details)
    box.exec()


def run_gui(library_dir: Path | None = None) -> int:
    """Runs the application until its window closes."""
    app = application()
    sys.excepthook = _excepthook
    library = open_library_interactively(library_dir or default_library_dir())
    if library is None:
        return 1
    window = MainWindow(library, Settings())
    window.show()
    if not library.read_only and library.count() == 0 and not library.catalogue.get_meta("samples_imported"):
        window.import_panel.start_import([], samples=True)
    QTimer.singleShot(0, window.search_now)
    code = app.exec()
    library.close()
    return code
