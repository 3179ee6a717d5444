"""The document view: header, hit navigation, find, the full text with hits and passages, the note beside it.

Document text is shown as plain text (never interpreted as HTML), so a
statement can neither run code nor fetch anything. Offsets from the library
count Python characters; Qt counts UTF-16 units, so text beyond the Basic
Multilingual Plane (emoji, some scripts) is mapped between the two.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QKeySequence, QShortcut, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.citation import citation_for
from desktop.document_header import DocumentHeader
from desktop.notes_panel import NotesPanel
from desktop.page_image import PageImagePane
from desktop.result_delegate import HIGHLIGHT
from documents.statement import Statement
from index import Passage

CURRENT_HIT = QColor("#ff9632")
PASSAGE = QColor("#c8e6c9")
FAINT = QColor("#a0a0a0")  # words OCR read with low confidence: searchable, shown faintly


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
    highlight_requested = Signal(int, int, bool)  # start, end (in the statement's text), ask for a note
    cite_requested = Signal(str, str)  # CSL style (chicago, apa), form (note, bibliography)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.header = DocumentHeader(self)
        self.header.chip_clicked.connect(self.chip_clicked)
        self.header.span_requested.connect(self._scroll_to)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("documentText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._text_menu)
        self.notes = NotesPanel(self)
        self.notes.passage_activated.connect(self.scroll_to_passage)
        self.can_highlight = True

        self.hit_label = QLabel(self)
        self.hit_label.setObjectName("hitPosition")
        self.prev_button = _button(self, "\u25b2", "Previous hit (Shift+F3)", "previousHit")
        self.next_button = _button(self, "\u25bc", "Next hit (F3)", "nextHit")
        self.similar_button = _button(self, "More like this", "Find statements similar to this one", "moreLikeThis")
        self.cite_button = _button(self, "Copy citation", "Copy a citation of this statement", "copyCitation")
        self.open_button = _button(self, "Open file", "Open the original file", "openFile")
        self.folder_button = _button(self, "Show in folder", "Open the folder that holds the file", "showInFolder")
        self.page_button = _button(self, "Page image", "Show the scanned page beside the text OCR read from it",
                                   "showPageImage")
        self.page_button.setCheckable(True)
        self.page_button.toggled.connect(self._toggle_page_image)
        self.prev_button.clicked.connect(self.previous_hit)
        self.next_button.clicked.connect(self.next_hit)
        self.similar_button.clicked.connect(lambda: self.statement and self.more_like_this.emit(self.statement.id))
        self.cite_button.clicked.connect(self.copy_citation)
        self.cite_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        cite_menu = QMenu(self.cite_button)
        cite_menu.setObjectName("citeMenu")
        for label, style, form in (("Chicago (note)", "chicago", "note"),
                                   ("Chicago (bibliography)", "chicago", "bibliography"),
                                   ("APA (in-text)", "apa", "note"), ("APA (reference list)", "apa", "bibliography")):
            cite_menu.addAction(label, lambda s=style, f=form: self.cite_requested.emit(s, f))
        cite_menu.addSeparator()
        cite_menu.addAction("Plain (title, date, file)", self.copy_citation)
        self.cite_button.setMenu(cite_menu)
        self.cite_button.setToolTip("Copy a citation of this statement (the arrow offers Chicago and APA)")
        self.open_button.clicked.connect(lambda: self._open(folder=False))
        self.folder_button.clicked.connect(lambda: self._open(folder=True))
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        for widget in (self.prev_button, self.next_button, self.hit_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.page_button, self.similar_button, self.cite_button, self.open_button,
                       self.folder_button):
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
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("documentSplitter")
        self.page_image = PageImagePane(self)
        self.page_image.hide()
        self.reading = QSplitter(Qt.Orientation.Horizontal, self)
        self.reading.setObjectName("readingSplitter")
        self.reading.addWidget(self.text)
        self.reading.addWidget(self.page_image)
        self.text.cursorPositionChanged.connect(self._follow_page)
        self.splitter.addWidget(self.reading)
        self.splitter.addWidget(self.notes)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([640, 200])
        layout.addWidget(self.splitter, 1)
        self.statement: Statement | None = None
        self.highlights: list[tuple[int, int]] = []
        self.passages: list[Passage] = []
        self.faint: list[tuple[int, int]] = []  # low-confidence OCR words
        self._astral: list[int] = []  # Python offsets of characters Qt counts twice
        self.current_hit = -1
        self._searched = False
        self.show_placeholder()

    # -- showing -----------------------------------------------------------------------

    def show_placeholder(self, message: str = "Select a result to read it here.") -> None:
        """Empties the view."""
        self.statement = None
        self.highlights = []
        self.passages = []
        self.faint = []
        self._astral = []
        self.current_hit = -1
        self.header.show_message(message)
        self.text.setPlainText("")
        self.notes.clear()
        self._update_bar()

    def show_statement(self, statement: Statement, highlights: list[tuple[int, int]], searched: bool = True,
                       note: str | None = None, passages: list[Passage] | None = None) -> None:
        """Shows a statement and paints the given match offsets; scrolls to the first.

        Args:
            statement: The statement.
            highlights: ``(start, end)`` offsets of the hits.
            searched: False when browsing without a query (no "no hits" note then).
            note: The statement's note (None: the one shown stays if this is the same
                statement, so a refresh does not blank it before the workbench answers).
            passages: Its highlighted passages (None: as for ``note``).
        """
        same = self.statement is not None and self.statement.id == statement.id
        if not same:
            self.notes.save_now()  # a note being edited is kept when another statement opens
        self.statement = statement
        self._searched = searched
        self.highlights = highlights
        if passages is not None or not same:
            self.passages = [p for p in passages or [] if p.anchored]
        self.current_hit = 0 if highlights else -1
        self._astral = [i for i, ch in enumerate(statement.text) if ord(ch) > 0xFFFF]
        self.faint = [span for page in statement.ocr for span in page.low]
        self.header.show_statement(statement)
        self.text.setPlainText(statement.text)
        if note is not None or passages is not None or not same:
            self.notes.show_for(statement.id, note or "", list(passages or []))
        self._paint()
        if highlights:
            self._scroll_to(highlights[0][0], highlights[0][1])
        else:
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
        self._update_bar()

    def _qt(self, offset: int) -> int:
        """A Python offset into the text as a Qt position."""
        return offset + bisect.bisect_left(self._astral, offset) if self._astral else offset

    def _python(self, position: int) -> int:
        """A Qt position as a Python offset into the text."""
        if not self._astral:
            return position
        doubled = [offset + number for number, offset in enumerate(self._astral)]  # their Qt positions
        return position - bisect.bisect_right(doubled, position - 2)

    def _selection(self, start: int, end: int, color: QColor | None) -> QTextEdit.ExtraSelection:
        """A painted span: ``color`` behind black text, or (None) the text itself faint."""
        fmt = QTextCharFormat()
        if color is None:
            fmt.setForeground(FAINT)
        else:
            fmt.setBackground(color)
            fmt.setForeground(QColor("#000000"))
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._qt(start))
        cursor.setPosition(self._qt(end), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def _paint(self) -> None:
        # Faint words, then passages, so that hits inside a passage still show on top of it.
        selections = [self._selection(start, end, None) for start, end in self.faint]
        selections += [self._selection(p.start, p.end, PASSAGE) for p in self.passages]
        selections += [
            self._selection(start, end, CURRENT_HIT if i == self.current_hit else HIGHLIGHT)
            for i, (start, end) in enumerate(self.highlights)
        ]
        self.text.setExtraSelections(selections)

    def set_workbench(self, note: str, passages: list[Passage]) -> None:
        """Shows a new note and passages for the statement already shown (after a workbench change)."""
        if self.statement is None:
            return
        self.passages = [p for p in passages if p.anchored]
        self.notes.show_for(self.statement.id, note, passages)
        self._paint()

    def scroll_to_passage(self, passage: Passage) -> None:
        """Shows a passage in the text."""
        if self.statement is not None and passage is not None and passage.end <= len(self.statement.text):
            self._scroll_to(passage.start, passage.end)

    def selected_span(self) -> tuple[int, int] | None:
        """The selected part of the text as Python offsets, or None."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return None
        return self._python(cursor.selectionStart()), self._python(cursor.selectionEnd())

    def text_menu(self):
        """The text's context menu: copy and select, and highlighting when text is selected."""
        menu = self.text.createStandardContextMenu()
        span = self.selected_span()
        if self.statement is not None and span is not None and self.can_highlight:
            menu.addSeparator()
            menu.addAction("Highlight Passage", lambda: self.highlight_requested.emit(*span, False))
            menu.addAction("Highlight with Note\u2026", lambda: self.highlight_requested.emit(*span, True))
        return menu

    def _text_menu(self, pos: QPoint) -> None:
        self.text_menu().exec(self.text.viewport().mapToGlobal(pos))

    def _scroll_to(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._qt(start))
        cursor.setPosition(self._qt(end), QTextCursor.MoveMode.KeepAnchor)
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
        scanned = has_doc and bool(self.statement.ocr) and self.statement.provenance.reader in ("pdf", "image")
        self.page_button.setVisible(scanned)
        self.page_image.setVisible(scanned and self.page_button.isChecked())
        if scanned and self.page_button.isChecked():
            self._follow_page()

    def _toggle_page_image(self, shown: bool) -> None:
        self.page_image.setVisible(shown)
        if shown:
            half = max(1, self.reading.width() // 2)
            self.reading.setSizes([half, half])  # the scan needs room to be read beside its text
            self._follow_page()

    def cursor_page(self) -> int:
        """The page (1-based) the text cursor is on."""
        if not self.statement or not self.statement.pages:
            return 1
        offset = self._python(self.text.textCursor().position())
        return max(1, bisect.bisect_right(self.statement.pages, offset))

    def _follow_page(self) -> None:
        """Shows the page image of the page the cursor is on (when the pane is open)."""
        if self.statement is None or not (self.page_button.isChecked() and self.page_button.isVisibleTo(self)):
            return
        page = self.cursor_page()
        if page != self.page_image.page or self.page_image.statement_id != self.statement.id:
            self.page_image.show_page(self.statement, page)

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
