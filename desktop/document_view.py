"""The document view: header, hit navigation, find, and the full text with hits highlighted.

Document text is shown as plain text (never interpreted as HTML), so a
statement can neither run code nor fetch anything.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QKeySequence, QShortcut, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.citation import citation_for
from desktop.document_header import DocumentHeader
from desktop.result_delegate import HIGHLIGHT
from documents.statement import Statement

CURRENT_HIT = QColor("#ff9632")


def _button(parent: QWidget, text: str, tip: str, name: str) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setObjectName(name)
    button.setAutoRaise(True)
    return button


class DocumentView(QWidget):
    """Shows one statement; hits are painted as extra selections and can be stepped through."""

    chip_clicked = Signal(str, str)  # field, code
    more_like_this = Signal(str)  # doc id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.header = DocumentHeader(self)
        self.header.chip_clicked.connect(self.chip_clicked)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("documentText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)

        self.hit_label = QLabel(self)
        self.hit_label.setObjectName("hitPosition")
        self.prev_button = _button(self, "\u25b2", "Previous hit (Shift+F3)", "previousHit")
        self.next_button = _button(self, "\u25bc", "Next hit (F3)", "nextHit")
        self.similar_button = _button(self, "More like this", "Find statements similar to this one", "moreLikeThis")
        self.cite_button = _button(self, "Copy citation", "Copy a citation of this statement", "copyCitation")
        self.open_button = _button(self, "Open file", "Open the original file", "openFile")
        self.folder_button = _button(self, "Show in folder", "Open the folder that holds the file", "showInFolder")
        self.prev_button.clicked.connect(self.previous_hit)
        self.next_button.clicked.connect(self.next_hit)
        self.similar_button.clicked.connect(lambda: self.statement and self.more_like_this.emit(self.statement.id))
        self.cite_button.clicked.connect(self.copy_citation)
        self.open_button.clicked.connect(lambda: self._open(folder=False))
        self.folder_button.clicked.connect(lambda: self._open(folder=True))
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        for widget in (self.prev_button, self.next_button, self.hit_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.similar_button, self.cite_button, self.open_button, self.folder_button):
            bar.addWidget(widget)

        self.find_box = QLineEdit(self)
        self.find_box.setObjectName("findInDocument")
        self.find_box.setPlaceholderText("Find in document (Enter: next, Shift+Enter: previous, Esc: close)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(lambda: self.find(self.find_box.text()))
        self.find_box.hide()
        QShortcut(QKeySequence("Shift+Return"), self.find_box, lambda: self.find(self.find_box.text(), backward=True))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.find_box, self._close_find)
        QShortcut(QKeySequence.StandardKey.Find, self, self.open_find, context=Qt.ShortcutContext.WindowShortcut)
        QShortcut(QKeySequence("F3"), self, self.next_hit, context=Qt.ShortcutContext.WindowShortcut)
        QShortcut(QKeySequence("Shift+F3"), self, self.previous_hit, context=Qt.ShortcutContext.WindowShortcut)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addLayout(bar)
        layout.addWidget(self.find_box)
        layout.addWidget(self.text, 1)
        self.statement: Statement | None = None
        self.highlights: list[tuple[int, int]] = []
        self.current_hit = -1
        self._searched = False
        self.show_placeholder()

    # -- showing -----------------------------------------------------------------------

    def show_placeholder(self, message: str = "Select a result to read it here.") -> None:
        """Empties the view."""
        self.statement = None
        self.highlights = []
        self.current_hit = -1
        self.header.show_message(message)
        self.text.setPlainText("")
        self._update_bar()

    def show_statement(self, statement: Statement, highlights: list[tuple[int, int]], searched: bool = True) -> None:
        """Shows a statement and paints the given match offsets; scrolls to the first.

        Args:
            statement: The statement.
            highlights: ``(start, end)`` offsets of the hits.
            searched: False when browsing without a query (no "no hits" note then).
        """
        self.statement = statement
        self._searched = searched
        self.highlights = highlights
        self.current_hit = 0 if highlights else -1
        self.header.show_statement(statement)
        self.text.setPlainText(statement.text)
        self._paint()
        if highlights:
            self._scroll_to(highlights[0][0], highlights[0][1])
        else:
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
        self._update_bar()

    def _selection(self, start: int, end: int, color: QColor) -> QTextEdit.ExtraSelection:
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        fmt.setForeground(QColor("#000000"))
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def _paint(self) -> None:
        selections = [
            self._selection(start, end, CURRENT_HIT if i == self.current_hit else HIGHLIGHT)
            for i, (start, end) in enumerate(self.highlights)
        ]
        self.text.setExtraSelections(selections)

    def _scroll_to(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def _update_bar(self) -> None:
        has_doc = self.statement is not None
        count = len(self.highlights)
        if not has_doc:
            self.hit_label.setText("")
        elif count:
            self.hit_label.setText(f"Hit {self.current_hit + 1} of {count}{self._page_note()}")
        else:
            self.hit_label.setText("No hits in this statement" if self._searched else "")
        self.prev_button.setEnabled(count > 1)
        self.next_button.setEnabled(count > 1)
        for button in (self.similar_button, self.cite_button):
            button.setEnabled(has_doc)
        on_disk = has_doc and Path(self.statement.source_path).exists()
        self.open_button.setEnabled(on_disk)
        self.folder_button.setEnabled(on_disk)

    def _page_note(self) -> str:
        page = self.current_page()
        return f" \u00b7 page {page}" if page else ""

    def current_page(self) -> int | None:
        """The page (1-based) of the current hit, for paged formats."""
        if not self.statement or not self.statement.pages or self.current_hit < 0:
            return None
        return bisect.bisect_right(self.statement.pages, self.highlights[self.current_hit][0])

    # -- hits and find -------------------------------------------------------------------

    def next_hit(self) -> None:
        """Moves to the next hit (F3), wrapping around."""
        self._step(1)

    def previous_hit(self) -> None:
        """Moves to the previous hit (Shift+F3), wrapping around."""
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.highlights:
            return
        self.current_hit = (self.current_hit + delta) % len(self.highlights)
        self._paint()
        self._scroll_to(*self.highlights[self.current_hit])
        self._update_bar()

    def open_find(self) -> None:
        """Shows the find bar (Ctrl+F)."""
        self.find_box.show()
        self.find_box.setFocus()
        self.find_box.selectAll()

    def _close_find(self) -> None:
        self.find_box.hide()
        self.text.setFocus()

    def find(self, needle: str, backward: bool = False) -> bool:
        """Finds ``needle`` from the cursor, wrapping once; returns whether it was found."""
        if not needle:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if self.text.find(needle, flags):
            return True
        cursor = self.text.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
        self.text.setTextCursor(cursor)
        return self.text.find(needle, flags)

    # -- actions ---------------------------------------------------------------------

    def copy_citation(self) -> str:
        """Copies a citation of the statement to the clipboard and returns it."""
        if self.statement is None:
            return ""
        text = citation_for(self.statement, page=self.current_page())
        QApplication.clipboard().setText(text)
        return text

    def _open(self, folder: bool) -> None:
        if self.statement is None:
            return
        path = Path(self.statement.source_path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent if folder else path)))

    def highlighted_texts(self) -> list[str]:
        """The text of every highlighted span (for tests and accessibility)."""
        return [s.cursor.selectedText() for s in self.text.extraSelections()]
