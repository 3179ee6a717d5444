"""Autocompletion in the search box: words of the archive and facet values.

Completions are computed on the search thread (they read the index) and
shown in a QCompleter popup with nothing chosen: Return searches what was
typed; Down or Up (or a click) moves into the list, and Return or Tab then
takes the highlighted completion, which replaces the word being typed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from index import Completion

DELAY_MS = 120
KIND_LABELS = {"country": "country", "organisation": "organisation", "topic": "topic", "word": ""}
_WORD_BEFORE_CURSOR = re.compile(r"[^\s\"()]*$")


class CompletionModel(QAbstractListModel):
    """The current completions (display: label and kind; edit: the text to insert)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[Completion] = []

    def set_items(self, items: list[Completion]) -> None:
        """Replaces the list."""
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    # Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    # Qt API
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            kind = kind_of(item)
            return f"{item.label} \u2014 {kind}" if kind else item.label
        if role == Qt.ItemDataRole.EditRole:
            return item.text
        if role == Qt.ItemDataRole.ToolTipRole:
            searches = f"searches {item.text}" if kind_of(item) else ""
            count = f"{item.count:,} statements" if item.count else ""
            return " \u00b7 ".join(part for part in (count, searches) if part) or None
        return None


def kind_of(item: Completion) -> str:
    """What a completion is, as its label says it ("topic"; "" for a word)."""
    return KIND_LABELS.get(item.kind, item.kind)


def word_at_cursor(text: str, cursor: int) -> tuple[int, str]:
    """The start and text of the word ending at ``cursor``."""
    match = _WORD_BEFORE_CURSOR.search(text[:cursor])
    start = match.start() if match else cursor
    return start, text[start:cursor]


class SearchCompleter(QObject):
    """Feeds a popup under ``line_edit`` from ``request(prefix, callback)``.

    ``request`` runs the lookup off the GUI thread and calls ``callback``
    with the completions on the GUI thread.
    """

    completions_shown = Signal(list)

    def __init__(self, line_edit: QLineEdit, request) -> None:
        super().__init__(line_edit)
        self.line_edit = line_edit
        self._request = request
        self.model = CompletionModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(line_edit)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.activated[QModelIndex].connect(self._chosen)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self._lookup)
        self._asked = ""
        line_edit.textEdited.connect(lambda _text: self._timer.start())
        line_edit.returnPressed.connect(self._searched)

    def _searched(self) -> None:
        """Return searched what was typed: a lookup asked or answered after it must not open the list."""
        self._timer.stop()
        self._asked = ""
        self.completer.popup().hide()

    def _lookup(self) -> None:
        _start, word = word_at_cursor(self.line_edit.text(), self.line_edit.cursorPosition())
        if len(word.lstrip("-+(")) < 2:
            self.completer.popup().hide()
            return
        self._asked = word
        self._request(word, self._show)

    def _show(self, word: str, items: list[Completion]) -> None:
        current = word_at_cursor(self.line_edit.text(), self.line_edit.cursorPosition())[1]
        if word != current or word != self._asked:
            return  # the user typed on; a newer lookup is coming
        self.model.set_items(items)
        self.completions_shown.emit(items)
        if items and self.line_edit.hasFocus():
            self.completer.complete()
            # Nothing is chosen until the person moves into the list (Down, Up or a click):
            # Return then searches what was typed, and Tab takes the highlighted completion.
            self.completer.popup().setCurrentIndex(QModelIndex())
        else:
            self.completer.popup().hide()

    def _chosen(self, index: QModelIndex) -> None:
        self.insert(index.data(Qt.ItemDataRole.EditRole))

    def insert(self, completion: str) -> None:
        """Replaces the word at the cursor with ``completion`` and searches."""
        text = self.line_edit.text()
        cursor = self.line_edit.cursorPosition()
        start, _word = word_at_cursor(text, cursor)
        new_text = text[:start] + completion + " " + text[cursor:].lstrip()
        self.line_edit.setText(new_text)
        self.line_edit.setCursorPosition(start + len(completion) + 1)
        self.line_edit.returnPressed.emit()
