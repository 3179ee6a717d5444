"""A histogram of results per year; dragging across it filters to a range of years."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#3d6fb6")
BAR_SELECTED = QColor("#e0a526")
MARGIN = 4
LABEL_HEIGHT = 14


class Timeline(QWidget):
    """Bars per year, drawn with QPainter (the bundle carries no QtCharts).

    Emits :attr:`range_selected` with the first and last year of a drag (a
    click selects one year).
    """

    range_selected = Signal(int, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setMinimumHeight(56)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.counts: dict[int, int] = {}
        self.years: list[int] = []
        self.selected: tuple[int, int] | None = None
        self._drag_start: int | None = None
        self._drag_end: int | None = None

    def set_counts(self, counts: dict[int, int], selected: tuple[int, int] | None = None) -> None:
        """Shows per-year counts; the span between the first and last year is drawn whole."""
        self.counts = {year: count for year, count in counts.items() if count}
        self.years = list(range(min(self.counts), max(self.counts) + 1)) if self.counts else []
        self.selected = selected
        self.setToolTip("Drag across years to filter to that range" if self.years else "")
        self.update()

    # Qt API
    def sizeHint(self) -> QSize:
        return QSize(300, 64)

    def _plot(self) -> QRectF:
        return QRectF(MARGIN, MARGIN, self.width() - 2 * MARGIN, self.height() - 2 * MARGIN - LABEL_HEIGHT)

    def year_at(self, x: float) -> int | None:
        """The year under horizontal position ``x``."""
        if not self.years:
            return None
        plot = self._plot()
        slot = (x - plot.left()) / max(1.0, plot.width()) * len(self.years)
        index = min(len(self.years) - 1, max(0, int(slot)))
        return self.years[index]

    def x_of(self, year: int) -> float:
        """Centre of the bar of ``year`` (for tests that drag)."""
        plot = self._plot()
        width = plot.width() / max(1, len(self.years))
        return plot.left() + (self.years.index(year) + 0.5) * width

    # Qt API
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        plot = self._plot()
        text_color = self.palette().color(QPalette.ColorRole.Text)
        if not self.years:
            painter.setPen(text_color)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dated results")
            return
        peak = max(self.counts.values())
        width = plot.width() / len(self.years)
        low, high = self._highlighted()
        for index, year in enumerate(self.years):
            count = self.counts.get(year, 0)
            height = plot.height() * count / peak if peak else 0
            bar = QRectF(plot.left() + index * width + 1, plot.bottom() - height, max(1.0, width - 2), height)
            painter.fillRect(bar, BAR_SELECTED if low is not None and low <= year <= high else BAR)
        painter.setPen(text_color)
        first, last = self.years[0], self.years[-1]
        painter.drawText(QPointF(plot.left(), self.height() - 3), str(first))
        label = str(last)
        painter.drawText(QPointF(plot.right() - painter.fontMetrics().horizontalAdvance(label), self.height() - 3),
                         label)
        if low is not None:
            span = str(low) if low == high else f"{low}\u2013{high}"
            count = sum(self.counts.get(y, 0) for y in range(low, high + 1))
            note = f"{span}: {count}"
            painter.drawText(QRectF(0, self.height() - LABEL_HEIGHT, self.width(), LABEL_HEIGHT),
                             Qt.AlignmentFlag.AlignHCenter, note)

    def _highlighted(self) -> tuple[int | None, int | None]:
        if self._drag_start is not None and self._drag_end is not None:
            return min(self._drag_start, self._drag_end), max(self._drag_start, self._drag_end)
        if self.selected:
            return self.selected
        return None, None

    # Qt API
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.years:
            self._drag_start = self._drag_end = self.year_at(event.position().x())
            self.update()

    # Qt API
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_start is not None:
            self._drag_end = self.year_at(event.position().x())
            self.update()

    # Qt API
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_start is None or event.button() != Qt.MouseButton.LeftButton:
            return
        end = self.year_at(event.position().x())
        low, high = sorted((self._drag_start, end if end is not None else self._drag_start))
        self._drag_start = self._drag_end = None
        self.selected = (low, high)
        self.update()
        self.range_selected.emit(low, high)
