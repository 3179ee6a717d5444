"""File → Open Library… and Open Recent: switching between archives.

The menu only asks for a switch (``LibraryMenu.open_requested``); the
session in :mod:`desktop.app` opens the new library with the start-up error
dialogs and replaces the window, so every way into a library goes through
the same checks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from desktop.library_location import forget_library, recent_libraries, remember_library, same_folder
from index import Library


class LibraryChooser:
    """The folder dialog and the "create a new library here?" question.

    Both are class methods so tests can replace them with ``monkeypatch``.
    """

    @classmethod
    def choose(cls, parent=None, start: Path | None = None) -> Path | None:
        """Asks for a library folder; None if the person cancelled."""
        folder = QFileDialog.getExistingDirectory(parent, "Open Library", str(start or Path.home()))
        if not folder:
            return None
        path = Path(folder)
        if Library.is_library(path) or not _has_files(path) or cls.confirm_new(path, parent):
            return path
        return None

    @classmethod
    def confirm_new(cls, folder: Path, parent=None) -> bool:
        """Whether to turn a folder that holds other files into a new library."""
        answer = QMessageBox.question(
            parent, "Create a new library?",
            f"{folder}\n\nis not a Chancery library. Create a new, empty library in this folder?\n"
            "Chancery adds its catalogue and search index beside the files already there.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


def _has_files(folder: Path) -> bool:
    try:
        return any(Path(folder).iterdir())
    except OSError:
        return False


class LibraryMenu(QObject):
    """The library actions of one main window.

    Signals:
        open_requested(Path): the person chose a library to switch to.
    """

    open_requested = Signal(object)  # Path

    def __init__(self, window, file_menu: QMenu) -> None:
        super().__init__(window)
        self.setObjectName("libraryMenu")
        self.window = window
        self.open_action = QAction("&Open Library…", window)
        self.open_action.setObjectName("openLibraryAction")
        self.open_action.setStatusTip("Switch to another archive, or create a new one in an empty folder")
        self.open_action.triggered.connect(self.choose_and_open)
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.setObjectName("recentLibrariesMenu")
        self.recent_menu.aboutToShow.connect(self.rebuild_recent)
        first = file_menu.actions()[0] if file_menu.actions() else None
        file_menu.insertAction(first, self.open_action)
        file_menu.insertMenu(first, self.recent_menu)
        file_menu.insertSeparator(first)
        self.rebuild_recent()

    def _settings(self):
        return self.window.settings

    def _current(self) -> Path | None:
        library = getattr(self.window, "library", None)
        return Path(library.folder) if library is not None else None

    def choose_and_open(self) -> None:
        """Open Library…: pick a folder, then ask the session to switch to it."""
        current = self._current()
        folder = LibraryChooser.choose(self.window, current.parent if current else None)
        if folder is not None:
            self.open_requested.emit(folder)

    def rebuild_recent(self) -> None:
        """Refills Open Recent from the settings (called each time it opens)."""
        self.recent_menu.clear()
        current = self._current()
        entries = recent_libraries(self._settings())
        for folder in entries:
            action = self.recent_menu.addAction(str(folder))
            action.setData(str(folder))
            if current is not None and same_folder(folder, current):
                action.setCheckable(True)
                action.setChecked(True)
                action.setEnabled(False)
            elif not folder.exists():
                action.setText(f"{folder} (not found)")
                action.setEnabled(False)
            else:
                action.triggered.connect(lambda _checked=False, f=folder: self.open_requested.emit(f))
        if entries:
            self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction("&Clear Menu")
        clear.setEnabled(bool(entries))
        clear.triggered.connect(self._clear)

    def recent_actions(self) -> list[QAction]:
        """The actions that name a library (for tests and accessibility tools)."""
        return [a for a in self.recent_menu.actions() if a.data()]

    def _clear(self) -> None:
        keep = self._current()
        forget_library(self._settings())
        if keep is not None:
            # The open library stays listed, so the menu never forgets where the window is.
            remember_library(self._settings(), keep)
        self.rebuild_recent()


def install_library_menu(window, file_menu: QMenu | None = None) -> LibraryMenu:
    """Adds Open Library… and Open Recent to the top of a main window's File menu.

    Args:
        window: The main window; it must have ``settings`` and ``library`` attributes.
        file_menu: Its File menu; found (or created) in the menu bar when omitted.

    Returns:
        The :class:`LibraryMenu`, also reachable as ``window.findChild(LibraryMenu)``.
    """
    if file_menu is None:
        menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
        file_menu = next((m for m in menus if m.title().replace("&", "") == "File"), None)
        if file_menu is None:
            file_menu = window.menuBar().addMenu("&File")
    return LibraryMenu(window, file_menu)


def library_menu_of(window) -> LibraryMenu | None:
    """The :class:`LibraryMenu` installed in ``window``, if any."""
    return window.findChild(LibraryMenu, "libraryMenu")
