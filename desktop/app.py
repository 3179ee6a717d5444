"""Starting the GUI: open the library (explaining any problem), show the window, switch libraries.

``CHANCERY_TIMING=1`` in the environment makes the window print
``window-with-results epoch=<time.time()>`` once it shows its first
non-empty results, then quit; ``bench/startup_time.py`` measures start-up
with it.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.library_location import default_library_dir, remember_library, same_folder, settings_path
from desktop.library_menu import LibraryMenu, library_menu_of
from desktop.main_window import MainWindow
from desktop.settings import Settings
from desktop.startup_errors import open_library
from documents.resources import ResourceError, resource_path
from index import Library

log = logging.getLogger("chancery.desktop")

TIMING_ENV = "CHANCERY_TIMING"
GUI_SWITCH_INTERVAL = 0.0002  # seconds a thread holds the interpreter lock while another waits for it


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), with name, desktop file name and icon set."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    # Every Python method Qt calls on the GUI thread (a model's data(), a timer's slot) must take the
    # interpreter lock first. While a search or a background table holds it, the GUI thread waited up
    # to the default 5 ms per call, and a view update makes hundreds: 300 ms stalls at 100,000
    # statements (bench/gui_latency.py). At 0.2 ms the workers hand it over sooner, for a little of their speed.
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    app.setApplicationName("Chancery")
    app.setOrganizationName("Chancery")
    app.setApplicationDisplayName("Chancery")
    # Lets Wayland and X11 docks match the window to resources/chancery.desktop (and its icon).
    app.setDesktopFileName("chancery")
    from desktop import __version__

    app.setApplicationVersion(__version__)
    try:
        icon = QIcon()
        for size in (16, 32, 48, 64, 128, 256):
            icon.addFile(str(resource_path(f"icons/chancery-{size}.png")))
        app.setWindowIcon(icon)
    except ResourceError:
        log.warning("application icon missing")
    return app


def open_library_interactively(folder: Path, parent=None) -> Library | None:
    """Opens a library, offering a way out of every known problem (see :mod:`desktop.startup_errors`)."""
    return open_library(folder, parent)


class LibrarySession(QObject):
    """Owns the open library and its window, and swaps both when the person switches library.

    Signals:
        window_changed(MainWindow): a new window shows a newly opened library.
    """

    window_changed = Signal(object)

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.window: MainWindow | None = None
        self.library: Library | None = None
        self.window_lock = None

    def start(self, folder: Path, seed_samples: bool = True) -> bool:
        """Opens the first library and shows its window; False if the person gave up."""
        library = open_library(folder)
        if library is None:
            return False
        self._show(library, seed_samples)
        return True

    def switch_to(self, folder: Path) -> bool:
        """Opens ``folder`` (with the same dialogs as at start-up) and replaces the window.

        The current library stays open until the new one has opened, so a failed or
        cancelled switch leaves the person where they were.

        Returns:
            True if the window now shows ``folder`` (or another library chosen on the way).
        """
        if self.library is not None and same_folder(folder, self.library.folder):
            self.window.raise_()
            self.window.activateWindow()
            return True
        library = open_library(folder, self.window, switching=True)
        if library is None:
            return False
        old_window, old_library = self.window, self.library
        if old_window is not None:
            old_window.save_layout()  # the new window restores the same geometry
        self._show(library, seed_samples=False)
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_library is not None:
            old_library.close()
        return True

    def _show(self, library: Library, seed_samples: bool) -> None:
        remember_library(self.settings, Path(library.folder))
        if self.window_lock is not None:
            self.window_lock.release()
        # Held while the window is open: a second Chancery on this library opens it read-only.
        self.window_lock = None if library.read_only else library.claim_window()
        window = MainWindow(library, self.settings)
        if library.read_only:
            window.setWindowTitle(f"{window.windowTitle()} (read-only)")
        menu = library_menu_of(window)
        if isinstance(menu, LibraryMenu):
            menu.open_requested.connect(self.switch_to)
        self.window, self.library = window, library
        window.show()
        fresh = not library.read_only and library.count() == 0
        if seed_samples and fresh and not library.samples_seeded:
            window.import_panel.start_import([], samples=True)
        # Tied to the window and skipped once it is closed: a quick switch can replace
        # it before this first search runs, and its library is closed by then.
        QTimer.singleShot(0, window, lambda: window.isVisible() and window.search_now())
        self.window_changed.emit(window)

    def close(self) -> None:
        """Closes the library (the window is closed by then)."""
        if self.window_lock is not None:
            self.window_lock.release()
            self.window_lock = None
        if self.library is not None:
            self.library.close()
            self.library = None


def _report_timing(window: MainWindow, app: QApplication) -> None:
    """Prints when the window first shows results, then quits (start-up benchmark)."""

    def done(result) -> None:
        if result.total == 0:
            return  # an empty library still importing its samples: wait for results
        window.search_finished.disconnect(done)
        window.results_view.viewport().repaint()  # painted, not merely queued
        print(f"window-with-results epoch={time.time():.6f} results={result.total}", flush=True)
        QTimer.singleShot(0, app.quit)

    window.search_finished.connect(done)


def _excepthook(exc_type, exc, tb) -> None:
    """Shows unexpected errors once instead of letting Qt abort."""
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error:\n%s", details)
    box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                      f"Chancery met an unexpected error: {exc}\nYour library is safe.")
    box.setDetailedText(details)
    box.exec()


def run_gui(library_dir: Path | None = None) -> int:
    """Runs the application until its window closes.

    Args:
        library_dir: The library to open; by default the portable library beside the
            bundle or the one in the user data folder (see :mod:`desktop.library_location`).
    """
    app = application()
    sys.excepthook = _excepthook
    session = LibrarySession(Settings(settings_path()))
    if not session.start(library_dir or default_library_dir()):
        return 1
    if os.environ.get(TIMING_ENV) == "1":
        _report_timing(session.window, app)
    code = app.exec()
    session.close()
    return code
