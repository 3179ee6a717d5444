"""Two near-identical statements side by side, the words only one of them has painted.

Opened from a near-identical row's "compare" mark in the results. The
comparison is read on the controller's thread; the dialog says "Reading…"
meanwhile. Words the left statement has and the right lacks are painted as
deleted, those only the right has as inserted; the two texts scroll together.
Texts are plain text (never HTML), painted with extra selections as in the
document view.
"""

from __future__ import annotations

import bisect
import html

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QTextEdit, QVBoxLayout

from desktop.research_view import READING, Unread
from index import ComparedText, Comparison, LibraryError

DELETED = QColor("#ffc9c4")
INSERTED = QColor("#c6efce")


def _qt_positions(text: str):
    """Maps Python offsets into ``text`` to Qt's UTF-16 positions (characters beyond the BMP count twice)."""
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    return lambda offset: offset + bisect.bisect_left(astral, offset)


class CompareDialog(QDialog):
    """Shows a :class:`~index.Comparison`.

    Args:
        searches: The window's controller (reads the comparison).
        first, second: The statements to compare (the group's first hit, one of its near-identical ones).
        parent: The window.
    """

    def __init__(self, searches, first: str, second: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle("Compare statements \u2014 Chancery")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.comparison: Comparison | None = None
        self.headers = [QLabel(self), QLabel(self)]
        self.texts = [QTextEdit(self), QTextEdit(self)]
        for number, (header, text) in enumerate(zip(self.headers, self.texts, strict=True)):
            header.setObjectName(("leftHeader", "rightHeader")[number])
            header.setWordWrap(True)
            header.setTextFormat(Qt.TextFormat.RichText)
            text.setObjectName(("leftText", "rightText")[number])
            text.setReadOnly(True)
            text.setAcceptRichText(False)
        self.figures = QLabel(READING, self)
        self.figures.setObjectName("compareFigures")
        self.figures.setWordWrap(True)
        self._syncing = False
        for this, other in ((0, 1), (1, 0)):
            self.texts[this].verticalScrollBar().valueChanged.connect(
                lambda _value, a=this, b=other: self._follow(a, b))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)

        grid = QGridLayout()
        for column in (0, 1):
            grid.addWidget(self.headers[column], 0, column)
            grid.addWidget(self.texts[column], 1, column)
        grid.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.figures)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        self.resize(1100, 700)

        def work(library):
            try:
                return library.compare(first, second)
            except LibraryError as exc:  # a statement removed since the list was shown
                return Unread(str(exc))

        def arrived(answer) -> None:
            if shiboken6.isValid(self):  # the dialog may have been closed (and deleted) before the answer came
                self.show_comparison(answer)

        searches.research("compare", work, arrived)

    @classmethod
    def open_for(cls, window, first: str, second: str) -> CompareDialog:
        """Opens a comparison of ``first`` and ``second`` beside ``window`` (not modal)."""
        dialog = cls(window.searches, first, second, window)
        dialog.show()
        return dialog

    def show_comparison(self, answer: Comparison | Unread) -> None:
        """Shows the comparison (or why there is none)."""
        if isinstance(answer, Unread):
            self.figures.setText(html.escape(answer.message))
            return
        self.comparison = answer
        for number, (side, color) in enumerate(((answer.left, DELETED), (answer.right, INSERTED))):
            self.headers[number].setText(self._header(side, ("only on the left", "only on the right")[number]))
            self.texts[number].setPlainText(side.text)
            self._paint(self.texts[number], side, color)
        similar = f" \u00b7 estimated shared text {answer.similarity:.0%}" if answer.similarity is not None else ""
        self.figures.setText(
            f"Same words, in order: <b>{answer.same_words:.1%}</b>{similar} \u00b7 "
            f"<span style='background:{DELETED.name()}'>&nbsp;only on the left&nbsp;</span> "
            f"<span style='background:{INSERTED.name()}'>&nbsp;only on the right&nbsp;</span>")
        for text, side in zip(self.texts, (answer.left, answer.right), strict=True):
            if side.changes:  # the first difference in sight
                cursor = QTextCursor(text.document())
                cursor.setPosition(_qt_positions(side.text)(side.changes[0][0]))
                text.setTextCursor(cursor)
                text.ensureCursorVisible()

    @staticmethod
    def _header(side: ComparedText, only: str) -> str:
        changes = len(side.changes)
        noun = "passage" if changes == 1 else "passages"
        return (f"<b>{html.escape(side.title)}</b><br><span style='color:#555'>{html.escape(side.date or 'undated')}"
                f" \u00b7 {html.escape(side.doc_id)} \u00b7 {changes} {noun} {only}</span>")

    @staticmethod
    def _paint(text: QTextEdit, side: ComparedText, color: QColor) -> None:
        qt = _qt_positions(side.text)
        selections = []
        for start, end in side.changes:
            fmt = QTextCharFormat()
            fmt.setBackground(color)
            fmt.setForeground(QColor("#000000"))
            cursor = QTextCursor(text.document())
            cursor.setPosition(qt(start))
            cursor.setPosition(qt(end), QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        text.setExtraSelections(selections)

    def marked(self, side: int) -> list[str]:
        """The painted spans of one side (0 left, 1 right), as text."""
        return [s.cursor.selectedText() for s in self.texts[side].extraSelections()]

    def _follow(self, moved: int, other: int) -> None:
        # The texts differ a little in length: scroll the other to the same share of its height.
        if self._syncing:
            return
        self._syncing = True
        source, target = self.texts[moved].verticalScrollBar(), self.texts[other].verticalScrollBar()
        share = source.value() / source.maximum() if source.maximum() else 0.0
        target.setValue(round(share * target.maximum()))
        self._syncing = False
