"""What the research views share: reading the library through the controller, the "Reading…" line, CSV files.

A view reads only when it is shown (:class:`~desktop.research_tabs.ResearchTabs`
marks it stale after each search and asks it to refresh when it comes into
sight), and every reading runs on the controller's thread: the GUI thread
only shows answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QToolButton, QWidget

from index import Library, LibraryError, SearchRequest

READING = "Reading\u2026"
COMBO_LETTERS = 4  # a combo box's width in letters, at least: the results column may be narrow


@dataclass(frozen=True)
class Unread:
    """A reading the library refused, with its message for people (an unknown country, a damaged index)."""

    message: str


class ResearchView(QWidget):
    """A view of the current results that reads the library in the background.

    Subclasses implement :meth:`reload` (ask for what the view shows) and
    call :meth:`read` for every reading.

    Args:
        searches: The window's :class:`~desktop.search_controller.SearchController`.
        kind: The view's name (``concordance``, ``trends``, ``relations``): its
            readings replace each other, newest first.
        parent: The tab widget.
    """

    def __init__(self, searches, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.searches = searches
        self.kind = kind
        self.request: SearchRequest | None = None
        self.stale = True  # a search happened since the view last read
        self._pending: dict[str, bool] = {}  # kind -> a reading of it is under way
        self._notes: dict[str, str] = {}  # kind -> what the status line says while it is under way
        self.status = QLabel(self)
        self.status.setObjectName(f"{kind}Status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setWordWrap(True)  # a long count must not widen the results column
        searches.failed.connect(self._failed)
        searches.research_progress.connect(self._progress)

    @property
    def focus_target(self) -> QWidget:
        """What takes the keyboard when the view is shown from the keyboard."""
        return self

    def show_for(self, request: SearchRequest) -> None:
        """Reads the view again for ``request`` (the window's current search)."""
        self.request = request
        self.stale = False
        self.reload()

    def reload(self) -> None:
        """Asks the library for what the view shows of :attr:`request`."""
        raise NotImplementedError

    def read(self, work: Callable[..., Any], deliver: Callable[[Any], None], kind: str | None = None,
             note: str = READING, interruptible: bool = False) -> None:
        """Runs ``work(library)`` off the GUI thread and ``deliver(answer)`` on it, saying so meanwhile.

        Args:
            work: The reading; a :class:`LibraryError` or ``ValueError`` it raises is
                shown on the status line instead of an answer.
            deliver: Shows the answer.
            kind: Readings of one kind replace each other (default: the view's).
            note: What the status line says while waiting.
            interruptible: ``work`` is called ``work(library, superseded, progress)``
                (see :meth:`SearchController.research`): a new search or reading stops
                it, and its progress shows on the status line.
        """
        kind = kind or self.kind
        self._notes[kind] = note

        def job(library: Library, *stop_and_progress):
            try:
                return work(library, *stop_and_progress)
            except (LibraryError, ValueError) as exc:  # domain errors carry a message a person understands
                return Unread(str(exc))

        def arrived(answer) -> None:
            # Only the newest reading of a kind is delivered: none of that kind is left under way.
            self._pending[kind] = False
            if isinstance(answer, Unread):
                self.unread(answer.message)
            else:
                deliver(answer)

        self._pending[kind] = True
        self.status.setText(note)
        self.searches.research(kind, job, arrived, interruptible)

    def _progress(self, kind: str, done: int, total: int) -> None:
        # Another view's readings share the signal; only this view's, still awaited, show here.
        if self._pending.get(kind) and total:
            self.status.setText(f"{self._notes[kind]} {done:,} of {total:,} statements read")

    def unread(self, message: str) -> None:
        """Shows why a reading failed (views that must not keep showing an older answer clear it first)."""
        self.status.setText(message)

    @property
    def reading(self) -> bool:
        """Whether the view waits for an answer."""
        return any(self._pending.values())

    def _failed(self, message: str) -> None:
        # An unexpected failure reaches the status bar through the controller; the view stops waiting.
        if self.reading:
            self._pending.clear()
            self.status.setText(f"Could not read the library: {message}")

    def compact(self, combo: QComboBox) -> QComboBox:
        """Lets a combo box shrink with the results column (its items are elided)."""
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_LETTERS)
        return combo

    def export_button(self, slot: Callable[[], None]) -> QToolButton:
        """An "Export CSV…" button for this view (a tool button: it takes less of a narrow column)."""
        button = QToolButton(self)
        button.setText("Export CSV\u2026")
        button.setToolTip("Write these figures to a CSV file")
        button.setObjectName(f"{self.kind}Export")
        button.clicked.connect(lambda _checked=False: slot())
        return button

    @classmethod
    def ask_csv_path(cls, parent: QWidget, suggested: str) -> Path | None:
        """Asks where to write a CSV file (tests replace this)."""
        path, _filter = QFileDialog.getSaveFileName(parent, "Export CSV", str(Path.home() / suggested),
                                                    "CSV files (*.csv)")
        if not path:
            return None
        path = Path(path)
        return path if path.suffix else path.with_suffix(".csv")
