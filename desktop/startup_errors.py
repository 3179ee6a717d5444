"""Opening a library without ever showing a traceback.

Every known problem (folder read-only, library in use by another Chancery,
search index damaged, catalogue unreadable, disk full) becomes a dialog that says what
happened and offers the ways out: open read-only, rebuild the index from the
catalogue, restore the catalogue from a backup, choose another library, try
again, or quit. The dialog is
:meth:`StartupErrorDialog.ask`, a class method tests replace with
``monkeypatch`` as pytest-qt recommends for modal dialogs.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from desktop.library_menu import LibraryChooser
from index import (
    CatalogueDamaged,
    DiskFull,
    IndexDamaged,
    IndexLocked,
    Library,
    LibraryError,
    LibraryOpenElsewhere,
    LibraryReadOnly,
)

log = logging.getLogger("chancery.desktop")
T = TypeVar("T")


class Choice(enum.Enum):
    """The ways out a dialog can offer."""

    OPEN_READ_ONLY = "Open Read-Only"
    REBUILD = "Rebuild Index"
    RESTORE = "Restore from Backup…"
    CHOOSE_OTHER = "Choose Another Library…"
    RETRY = "Try Again"
    CANCEL = "Quit"


@dataclass(frozen=True)
class Problem:
    """What happened, in words for the person at the desk, and what they can do."""

    kind: str  # "read-only", "locked", "index-damaged", "catalogue-damaged", "disk-full", "other"
    folder: Path
    title: str
    text: str
    detail: str
    choices: tuple[Choice, ...]
    default: Choice


def describe(exc: BaseException, folder: Path, read_only: bool = False) -> Problem:
    """Turns an exception from :meth:`Library.open` into a :class:`Problem`.

    Args:
        exc: The exception.
        folder: The library folder that was being opened.
        read_only: Whether the failed attempt was already read-only.
    """
    detail = str(exc) or type(exc).__name__
    exists = Library.is_library(folder)
    if isinstance(exc, LibraryReadOnly):
        if exists:
            return Problem("read-only", folder, "Library is read-only",
                           f"Chancery cannot write to the library in\n{folder}\n\n"
                           "Open it read-only to search and read (importing is switched off), "
                           "or choose another library.",
                           detail, (Choice.OPEN_READ_ONLY, Choice.CHOOSE_OTHER, Choice.CANCEL), Choice.OPEN_READ_ONLY)
        return Problem("read-only", folder, "Cannot create the library",
                       f"Chancery cannot create a library in\n{folder}\n\nbecause the folder cannot be written to. "
                       "Choose another folder for the library.",
                       detail, (Choice.CHOOSE_OTHER, Choice.CANCEL), Choice.CHOOSE_OTHER)
    if isinstance(exc, LibraryOpenElsewhere):
        return Problem("in-use", folder, "Library open in another window",
                       f"Another Chancery window has the library in\n{folder}\n\nopen. Open it read-only here to "
                       "search and read (changes stay with the other window, and show here as it makes them), "
                       "or choose another library.",
                       detail, (Choice.OPEN_READ_ONLY, Choice.CHOOSE_OTHER, Choice.CANCEL), Choice.OPEN_READ_ONLY)
    if isinstance(exc, IndexLocked):
        return Problem("locked", folder, "Library in use",
                       f"Another Chancery is writing to the library in\n{folder}\n\n"
                       "Open it read-only to search while the other one works, try again when it has "
                       "finished, or choose another library.",
                       detail, (Choice.OPEN_READ_ONLY, Choice.RETRY, Choice.CHOOSE_OTHER, Choice.CANCEL),
                       Choice.OPEN_READ_ONLY)
    if isinstance(exc, IndexDamaged):
        if read_only:
            return Problem("index-damaged", folder, "Search index damaged",
                           f"The search index of the library in\n{folder}\n\nis damaged, and the library is open "
                           "read-only, so it cannot be rebuilt here. Open it where it can be written to, "
                           "or choose another library.",
                           detail, (Choice.CHOOSE_OTHER, Choice.CANCEL), Choice.CHOOSE_OTHER)
        return Problem("index-damaged", folder, "Search index damaged",
                       f"The search index of the library in\n{folder}\n\nis damaged. The catalogue, which holds "
                       "every document and its metadata, is intact: rebuilding the index from it loses no "
                       "document.",
                       detail, (Choice.REBUILD, Choice.CHOOSE_OTHER, Choice.CANCEL), Choice.REBUILD)
    if isinstance(exc, CatalogueDamaged):
        return Problem("catalogue-damaged", folder, "Catalogue damaged",
                       f"The catalogue of the library in\n{folder}\n\ncannot be read. Restore it from a backup "
                       "(made with File → Back Up Library… or chancery backup; the damaged catalogue is kept "
                       "aside in the library folder), or choose another library.",
                       detail, (Choice.RESTORE, Choice.CHOOSE_OTHER, Choice.CANCEL), Choice.RESTORE)
    if isinstance(exc, DiskFull):
        return Problem("disk-full", folder, "Disk full",
                       f"The disk that holds the library in\n{folder}\n\nis full. Nothing committed is lost. "
                       "Free some space and try again, or open the library read-only to search and read.",
                       detail, (Choice.RETRY, Choice.OPEN_READ_ONLY, Choice.CHOOSE_OTHER, Choice.CANCEL),
                       Choice.RETRY)
    if read_only and "readonly" in detail.replace("-", ""):
        # SQLite cannot read a write-ahead-log catalogue where it cannot create its
        # shared-memory file (a CD, a write-protected stick).
        return Problem("read-only", folder, "Cannot read the library here",
                       f"The library in\n{folder}\n\nis on a medium Chancery cannot write to, and its catalogue "
                       "cannot be read without writing. Copy the library folder to a writable place and open "
                       "the copy, or choose another library.",
                       detail, (Choice.CHOOSE_OTHER, Choice.CANCEL), Choice.CHOOSE_OTHER)
    return Problem("other", folder, "Cannot open the library",
                   f"Chancery could not open the library in\n{folder}",
                   detail, (Choice.RETRY, Choice.CHOOSE_OTHER, Choice.CANCEL), Choice.CHOOSE_OTHER)


class StartupErrorDialog:
    """The question the person answers when a library does not open."""

    @classmethod
    def build(cls, problem: Problem, parent=None, switching: bool = False) -> tuple[QMessageBox, dict]:
        """The message box and a map from its buttons to choices.

        Args:
            problem: What happened.
            parent: The window to centre on (None at start-up).
            switching: The person is switching from an open library: the way out is
                Cancel (stay), not Quit.
        """
        box = QMessageBox(parent)
        box.setObjectName("startupError")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(f"Chancery — {problem.title}")
        box.setText(f"<b>{problem.title}</b>")
        box.setInformativeText(problem.text)
        box.setDetailedText(problem.detail)
        buttons = {}
        for choice in problem.choices:
            if choice is Choice.CANCEL:
                button = box.addButton("Cancel" if switching else "Quit", QMessageBox.ButtonRole.RejectRole)
            else:
                button = box.addButton(choice.value, QMessageBox.ButtonRole.AcceptRole)
            buttons[button] = choice
            if choice is problem.default:
                box.setDefaultButton(button)
        return box, buttons

    @classmethod
    def ask(cls, problem: Problem, parent=None, switching: bool = False) -> Choice:
        """Shows the dialog and returns the choice (Escape or closing it means cancel)."""
        box, buttons = cls.build(problem, parent, switching)
        box.exec()
        return buttons.get(box.clickedButton(), Choice.CANCEL)


def check_not_in_use(folder: Path) -> None:
    """Raises :class:`IndexLocked` if another Chancery is importing into ``folder`` right now.

    Opening writable would otherwise wait ten seconds for the index writer and fail,
    or race the other import while bringing the index up to date.
    """
    if Library.is_locked(folder):
        raise IndexLocked()


def run_busy(parent, text: str, work: Callable[..., T], with_progress: bool = False) -> T:
    """Runs ``work`` on a thread while a busy dialog keeps the window painted.

    Rebuilding a large index takes minutes; the person sees why the window waits.

    Args:
        parent: The window the dialog belongs to (None at start-up).
        text: What is being done.
        work: The work; with ``with_progress`` it is called with a
            ``progress(done, total)`` callback the dialog's bar follows.
        with_progress: Whether ``work`` reports progress.
    """
    outcome: dict[str, object] = {}
    step = [0, 0]

    def progress(done: int, total: int) -> None:
        step[:] = [done, total]

    def target() -> None:
        try:
            outcome["value"] = work(progress) if with_progress else work()
        except BaseException as exc:  # re-raised on the GUI thread below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="chancery-open", daemon=True)
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setObjectName("busyDialog")
    dialog.setWindowTitle("Chancery")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(400)
    loop = QEventLoop()
    timer = QTimer(interval=30)

    def tick() -> None:
        if not thread.is_alive():
            loop.quit()
        elif step[1]:
            dialog.setRange(0, step[1])
            dialog.setValue(step[0])
            dialog.setLabelText(f"{text}\n{step[0]:,} of {step[1]:,} statements")

    timer.timeout.connect(tick)
    thread.start()
    timer.start()
    loop.exec()
    timer.stop()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _rebuilt(folder: Path, progress=None) -> Library:
    library = Library.open(folder, rebuild_damaged=True, progress=progress)
    library.catalogue.close()  # this worker thread's connection; the GUI thread opens its own
    return library


def _opened(folder: Path, progress) -> Library:
    library = Library.open(folder, progress=progress)
    library.catalogue.close()  # as in _rebuilt
    return library


class BackupChooser:
    """The backup file dialog (class methods, so tests can replace them)."""

    @classmethod
    def choose(cls, parent=None, folder: Path | None = None) -> Path | None:
        """Asks for a backup file; None if the person cancelled."""
        start = str(folder.parent if folder else Path.home())
        name, _ = QFileDialog.getOpenFileName(parent, "Restore from Backup", start,
                                              "Chancery backups (*.sqlite3);;All files (*)")
        return Path(name) if name else None

    @classmethod
    def failed(cls, parent, message: str) -> None:
        """Says why the restore did not happen."""
        QMessageBox.warning(parent, "Restore failed", message)


def _restored(backup: Path, folder: Path, progress=None) -> Library:
    return Library.restore(backup, folder, progress, set_aside=True)


def open_library(folder: Path, parent=None, switching: bool = False, read_only: bool = False) -> Library | None:
    """Opens a library, walking the person through every problem until it opens or they give up.

    Args:
        folder: The library folder.
        parent: The window the dialogs belong to (None at start-up).
        switching: Another library is open; cancelling keeps it.
        read_only: Open read-only from the start.

    Returns:
        The open library (its ``folder`` may differ if the person chose another), or None.
    """
    folder = Path(folder).expanduser()
    rebuild = False
    while True:
        try:
            if not read_only:
                check_not_in_use(folder)
                if Library.open_in_a_window(folder):
                    raise LibraryOpenElsewhere(f"{folder} is open in another Chancery window.")
            if rebuild:
                return run_busy(parent, "Rebuilding the search index from the catalogue…",
                                lambda progress, f=folder: _rebuilt(f, progress), with_progress=True)
            if not read_only and Library.needs_rebuild(folder):
                return run_busy(parent, "Bringing the search index up to date (a new release of Chancery, or "
                                "work cut short last time): it is rebuilt from the catalogue, once; nothing needs "
                                "importing again…",
                                lambda progress, f=folder: _opened(f, progress), with_progress=True)
            library = Library.open(folder, read_only=read_only)
            try:
                library.count()  # the first read: a read-only catalogue can fail only here
            except Exception:
                library.close()
                raise
            return library
        except (LibraryError, OSError, ValueError) as exc:
            log.warning("cannot open library %s: %s", folder, exc, exc_info=not isinstance(exc, LibraryError))
            problem = describe(exc, folder, read_only)
        except Exception as exc:  # e.g. sqlite3 errors: still a dialog, never a traceback
            log.exception("unexpected error opening library %s", folder)
            problem = describe(exc, folder, read_only)
        rebuild = False
        choice = StartupErrorDialog.ask(problem, parent, switching)
        if choice is Choice.OPEN_READ_ONLY:
            read_only = True
        elif choice is Choice.REBUILD:
            rebuild, read_only = True, False
        elif choice is Choice.RESTORE:
            backup = BackupChooser.choose(parent, folder)
            if backup is not None:
                try:
                    return run_busy(parent, "Restoring the library from the backup and rebuilding its index…",
                                    lambda progress, f=folder, b=backup: _restored(b, f, progress),
                                    with_progress=True)
                except LibraryError as exc:
                    BackupChooser.failed(parent, str(exc))
        elif choice is Choice.CHOOSE_OTHER:
            other = LibraryChooser.choose(parent, folder.parent)
            if other is not None:
                folder, read_only = other, False
        elif choice is Choice.CANCEL:
            return None
