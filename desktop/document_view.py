"""The document view: a header with metadata and the full text with hits highlighted.

Document text is shown as plain text (never interpreted as HTML), so a
statement can neither run code nor fetch anything.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from desktop.result_delegate import HIGHLIGHT
from documents.extract import vocabulary
from documents.statement import Statement


class DocumentView(QWidget):
    """Shows one statement; highlights are painted as extra selections."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.header = QLabel(self)
        self.header.setObjectName("documentHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(self.header.textFormat().RichText)
        self.header.setOpenExternalLinks(False)
        self.header.setMargin(6)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("documentText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.text, 1)
        self.statement: Statement | None = None
        self.highlights: list[tuple[int, int]] = []
        self.show_placeholder()

    def show_placeholder(self, message: str = "Select a result to read it here.") -> None:
        """Empties the view."""
        self.statement = None
        self.highlights = []
        self.header.setText(f"<i>{html.escape(message)}</i>")
        self.text.setPlainText("")

    def show_statement(self, statement: Statement, highlights: list[tuple[int, int]]) -> None:
        """Shows a statement and paints the given match offsets."""
        self.statement = statement
        self.highlights = highlights
        self.header.setText(self._header_html(statement))
        self.text.setPlainText(statement.text)
        self._paint(highlights)

    def _header_html(self, statement: Statement) -> str:
        # Every value is escaped: titles and names come from documents.
        vocab = vocabulary()
        esc = html.escape
        meta = [statement.date or "undated", vocab.doc_type_name(statement.doc_type),
                vocab.language_name(statement.language)]
        if statement.extra.get("status") == "missing":
            meta.append("<span style='color:#b71c1c'>file missing</span>")
        lines = [f"<b style='font-size:large'>{esc(statement.title)}</b>",
                 " · ".join(esc(m) if "<span" not in m else m for m in meta)]
        for label, entities in (("Countries", statement.countries), ("Organisations", statement.organisations),
                                ("Topics", statement.topics)):
            if entities:
                names = ", ".join(
                    (f"<b>{esc(e.name)}</b>" if e.central else esc(e.name)) for e in entities[:15]
                )
                more = f" … (+{len(entities) - 15})" if len(entities) > 15 else ""
                lines.append(f"{label}: {names}{more}")
        lines.append(f"<span style='color:#666'>{esc(statement.source_path)}</span>")
        return "<br>".join(lines)

    def _paint(self, highlights: list[tuple[int, int]]) -> None:
        fmt = QTextCharFormat()
        fmt.setBackground(HIGHLIGHT)
        fmt.setForeground(QColor("#000000"))
        selections = []
        document = self.text.document()
        for start, end in highlights:
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.text.setExtraSelections(selections)
        if highlights:
            cursor = QTextCursor(document)
            cursor.setPosition(highlights[0][0])
            self.text.setTextCursor(cursor)
            self.text.centerCursor()
        else:
            self.text.moveCursor(QTextCursor.MoveOperation.Start)

    def highlighted_texts(self) -> list[str]:
        """The text of every highlighted span (for tests and accessibility)."""
        return [s.cursor.selectedText() for s in self.text.extraSelections()]
