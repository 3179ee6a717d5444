"""The search box: searches as you type after a short pause, at once on Return."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit

DEBOUNCE_MS = 250


class SearchBox(QLineEdit):
    """A line edit that emits :attr:`search_requested` when a search is due."""

    search_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setPlaceholderText('Search statements: words, "phrases", OR, NOT, country:TUR, org:OTS, topic:trade')
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._fire)
        self.textEdited.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self._fire)
        # The clear button changes the text without textEdited on some styles.
        self.textChanged.connect(lambda text: self._timer.start() if not text else None)

    def _fire(self) -> None:
        self._timer.stop()
        self.search_requested.emit(self.text())
