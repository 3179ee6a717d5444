"""The scan beside its OCR text: the page image of the page the cursor is on, rendered off the GUI thread.

Pages are rendered by :func:`documents.ocr.pages.page_png` on a thread of
their own (a 600-DPI TIFF frame takes a moment to decode); a page asked for
while another renders waits, and an answer for a page no longer wanted is
dropped. The last few pages are kept, so paging back and forth is instant.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.worker import Worker, single_thread_pool
from documents.statement import Statement

KEPT_PAGES = 6
PAGE_PIXELS = 1600  # the longest side rendered: sharp when zoomed to the pane, small in memory


def _render(path: str, reader: str, page: int) -> tuple[tuple[str, int], bytes | None, str]:
    """``((path, page), PNG bytes or None, why not)``: the key comes back with the answer."""
    from documents.ocr.pages import PageUnreadable, page_png

    try:
        return (path, page), page_png(Path(path), reader, page, PAGE_PIXELS), ""
    except PageUnreadable as exc:
        return (path, page), None, exc.reason


class PageImagePane(QWidget):
    """Shows one page of the statement's file, scaled to the pane's width.

    Signals:
        page_shown(int): a page's image is on screen (for tests).
    """

    page_shown = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("pageImagePane")
        self._pool = single_thread_pool(self)
        self._cache: OrderedDict[tuple[str, int], QImage] = OrderedDict()
        self._wanted: tuple[str, int] | None = None
        self._busy = False
        self._worker: Worker | None = None
        self._statement: Statement | None = None
        self.page = 0
        self.caption = QLabel(self)
        self.caption.setObjectName("pageImageCaption")
        self.caption.setWordWrap(True)
        self.image = QLabel(self)
        self.image.setObjectName("pageImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.image)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.addWidget(self.caption)
        layout.addWidget(scroll, 1)

    @property
    def statement_id(self) -> str | None:
        """The id of the statement whose page is shown."""
        return self._statement.id if self._statement is not None else None

    def show_page(self, statement: Statement, page: int) -> None:
        """Shows page ``page`` (1-based) of the statement's file (rendering it first if needed)."""
        self._statement = statement
        self.page = page
        key = (statement.source_path, page)
        self._wanted = key
        found = next((p for p in statement.ocr if p.page == page), None)
        if found is not None and found.status == "ocr":
            note = f" \u00b7 read by OCR, confidence {found.confidence:.0f}% ({found.languages})"
        elif found is not None:
            note = f" \u00b7 {found.status}"
        else:
            note = " \u00b7 text layer"
        self.caption.setText(f"Page {page} of {max(1, len(statement.pages))}{note}")
        if key in self._cache:
            self._cache.move_to_end(key)
            self._display(self._cache[key])
            return
        if not Path(statement.source_path).is_file():
            self.image.setPixmap(QPixmap())
            self.image.setText("The file is not on disk, so its page image cannot be shown; the text is kept.")
            return
        self.image.setText("Rendering the page\u2026")
        self._start()

    def _start(self) -> None:
        if self._busy or self._wanted is None or self._statement is None:
            return
        path, page = self._wanted
        reader = self._statement.provenance.reader
        worker = Worker(_render, path, reader, page)
        # Bound methods, not lambdas: Qt drops the connection if the pane goes before the answer comes.
        worker.signals.finished.connect(self._rendered)
        worker.signals.failed.connect(self._failed)
        self._busy = True
        self._worker = worker  # its signals live as long as it does
        self._pool.start(worker)

    def _rendered(self, answer: tuple[tuple[str, int], bytes | None, str]) -> None:
        key, data, reason = answer
        if data is None:
            self._not_shown(key, reason)
            return
        self._busy = False
        image = QImage.fromData(data, "PNG")
        self._cache[key] = image
        while len(self._cache) > KEPT_PAGES:
            self._cache.popitem(last=False)
        if key == self._wanted:
            self._display(image)
        else:
            self._start()  # the page changed while this one rendered

    def _failed(self, message: str, _details: str) -> None:
        self._not_shown(self._wanted, message)

    def _not_shown(self, key: tuple[str, int] | None, message: str) -> None:
        self._busy = False
        if key == self._wanted:
            self.image.setPixmap(QPixmap())
            self.image.setText(f"The page image cannot be shown: {message}")
        else:
            self._start()

    def _display(self, image: QImage) -> None:
        width = max(200, self.scroll.viewport().width() - 4)
        pixmap = QPixmap.fromImage(image)
        if pixmap.width() > width:
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(pixmap)
        self.page_shown.emit(self.page)

    def wait(self, msecs: int = 5000) -> bool:
        """Waits for a render in progress (when the window closes)."""
        return self._pool.waitForDone(msecs)

    # Qt API
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._wanted in self._cache:
            self._display(self._cache[self._wanted])
