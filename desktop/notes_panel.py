"""Beside the document: the statement's note (Markdown) and its highlighted passages.

The note is shown rendered and edited as plain text. Markdown goes through
Qt's own renderer with every resource refused, so a note can neither run
anything nor fetch an image from the network.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPlainTextEdit,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from index import Passage

PassageRole = Qt.ItemDataRole.UserRole + 1
HISTORY_SHOWN = 4  # latest events in the line; the tooltip has them all
LOST = QColor("#b71c1c")


class SafeBrowser(QTextBrowser):
    """A read-only rich-text view that loads no resource: no image, no stylesheet, nothing remote."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    # Qt API
    def loadResource(self, _type: int, _name) -> None:
        return None


class PassageModel(QAbstractListModel):
    """A statement's passages in text order, those not found again marked."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.passages: list[Passage] = []

    def set_passages(self, passages: list[Passage]) -> None:
        """Replaces the list."""
        self.beginResetModel()
        self.passages = sorted(passages, key=lambda p: (not p.anchored, p.start))
        self.endResetModel()

    # Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.passages)

    # Qt API
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.passages):
            return None
        passage = self.passages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            quote = " ".join(passage.quote.split())
            quote = quote if len(quote) <= 90 else quote[:89] + "\u2026"
            lost = "" if passage.anchored else "Not found in the changed text: "
            return f"{lost}\u201c{quote}\u201d" + (f" \u2014 {passage.note}" if passage.note else "")
        if role == Qt.ItemDataRole.ForegroundRole and not passage.anchored:
            return LOST
        if role == Qt.ItemDataRole.ToolTipRole:
            state = "" if passage.anchored else "\nA re-import changed the text; this passage could not be found " \
                                                "again unambiguously. It is kept with its old position."
            return f"{passage.quote}\n\n{passage.note}{state}".strip()
        if role == PassageRole:
            return passage
        return None


class NotesPanel(QWidget):
    """The note and passages of the statement shown.

    Signals:
        note_saved(str, str): statement id and the note's new text.
        passage_activated(object): a passage to scroll to.
        passage_note_requested(object): a passage whose note to edit.
        passage_delete_requested(str): a passage's id.
    """

    note_saved = Signal(str, str)
    passage_activated = Signal(object)
    passage_note_requested = Signal(object)
    passage_delete_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self.doc_id: str | None = None
        self._note = ""
        self.title = QLabel("<b>Note</b>", self)
        self.edit_button = QToolButton(self)
        self.edit_button.setObjectName("editNote")
        self.edit_button.setText("Edit")
        self.edit_button.setAutoRaise(True)
        self.edit_button.clicked.connect(self._toggle_edit)
        self.view = SafeBrowser(self)
        self.view.setObjectName("noteView")
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("noteEditor")
        self.editor.setPlaceholderText("A note on this statement (Markdown: **bold**, *italic*, - lists)")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.editor)
        self.passage_model = PassageModel(self)
        self.passage_view = QListView(self)
        self.passage_view.setObjectName("passageList")
        self.passage_view.setModel(self.passage_model)
        self.passage_view.setWordWrap(True)
        self.passage_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.passage_view.customContextMenuRequested.connect(self._passage_menu)
        self.passage_view.activated.connect(lambda index: self.passage_activated.emit(index.data(PassageRole)))
        self.passage_view.clicked.connect(lambda index: self.passage_activated.emit(index.data(PassageRole)))
        self.passages_label = QLabel(self)
        self.history = QLabel(self)
        self.history.setObjectName("documentHistory")
        self.history.setWordWrap(True)
        self.history.setTextFormat(self.history.textFormat().RichText)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.stack, 2)
        layout.addWidget(self.passages_label)
        layout.addWidget(self.passage_view, 3)
        layout.addWidget(self.history)
        self.set_writable(True)

    def set_writable(self, writable: bool) -> None:
        """Lets the note be edited (not on a read-only library)."""
        self.edit_button.setEnabled(writable)
        self.edit_button.setToolTip("" if writable else "This library is open read-only")

    def show_for(self, doc_id: str, note: str, passages: list[Passage]) -> None:
        """Shows a statement's note and passages (a note being edited for the same statement is kept)."""
        editing = self.stack.currentWidget() is self.editor and doc_id == self.doc_id
        self.doc_id = doc_id
        self._note = note
        if not editing:
            self.stack.setCurrentWidget(self.view)
            self.edit_button.setText("Edit")
            self._render(note)
        self.passage_model.set_passages(passages)
        lost = sum(1 for p in passages if not p.anchored)
        text = f"<b>Passages</b> ({len(passages)})" if passages else "<b>Passages</b> \u2014 select text and " \
                                                                     "right-click to highlight"
        self.passages_label.setText(text + (f" <span style='color:#b71c1c'>· {lost} not found again</span>"
                                            if lost else ""))

    def _render(self, note: str) -> None:
        if note.strip():
            self.view.setMarkdown(note)
        else:
            self.view.setHtml("<i style='color:#777'>No note yet.</i>")

    def show_history(self, events: list) -> None:
        """Shows the statement's history: imports, changes, moves, corrections and fixity checks."""
        if not events:
            self.history.setText("")
            return
        recent = events[-HISTORY_SHOWN:]
        lines = [f"{html.escape(e.at[:10])} {html.escape(e.label)}" + (f" ({html.escape(e.outcome)})" if e.outcome
                                                                        else "") for e in recent]
        more = f" <span style='color:#777'>(+{len(events) - len(recent)} earlier)</span>" if len(events) > len(
            recent) else ""
        self.history.setText("<b>History</b>" + more + ": " + "; ".join(lines))
        self.history.setToolTip("\n".join(f"{e.at} {e.label}: {e.detail} {e.outcome}".strip() for e in events))

    def clear(self) -> None:
        """Shows nothing (no statement open)."""
        self.doc_id = None
        self.show_for("", "", [])
        self.show_history([])
        self.edit_button.setEnabled(False)

    def _toggle_edit(self) -> None:
        if self.doc_id is None:
            return
        if self.stack.currentWidget() is self.view:
            self.editor.setPlainText(self._note)
            self.stack.setCurrentWidget(self.editor)
            self.editor.setFocus()
            self.edit_button.setText("Save")
            return
        text = self.editor.toPlainText()
        self.stack.setCurrentWidget(self.view)
        self.edit_button.setText("Edit")
        if text != self._note:
            self._note = text
            self._render(text)
            self.note_saved.emit(self.doc_id, text)

    def save_now(self) -> None:
        """Saves a note being edited (the statement is about to change)."""
        if self.stack.currentWidget() is self.editor:
            self._toggle_edit()

    def _passage_menu(self, pos: QPoint) -> None:
        passage = self.passage_view.indexAt(pos).data(PassageRole)
        if passage is None:
            return
        menu = QMenu(self)
        menu.addAction("Go to Passage", lambda: self.passage_activated.emit(passage))
        if self.edit_button.isEnabled():
            menu.addAction("Edit Note\u2026", lambda: self.passage_note_requested.emit(passage))
            menu.addAction("Delete Highlight", lambda: self.passage_delete_requested.emit(passage.id))
        menu.exec(self.passage_view.viewport().mapToGlobal(pos))
