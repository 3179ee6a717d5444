"""A line chart of trends per year, drawn with QPainter (the bundle carries no QtCharts).

One polyline per term over every year of the current results, axes with
the years and the values, a legend above. Hovering over a year shows its
figures; clicking one emits :attr:`TrendChart.year_clicked`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from index import TrendPoint, Trends

# Colours told apart by most readers, colour-blind ones included (Okabe and Ito's palette).
SERIES_COLORS = tuple(QColor(c) for c in ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"))
HOVER = QColor(0, 0, 0, 28)
MEASURES = ("per_10k", "share")
LEFT_MARGIN, RIGHT_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = 52, 14, 8, 22
LEGEND_ROW = 18
TWO_LEGEND_COLUMNS = 640  # pixels from which the legend takes two columns
MAX_TICKS = 5


def value_of(point: TrendPoint, measure: str) -> float:
    """The figure plotted for a year: occurrences per 10,000 words, or the share of statements in per cent."""
    return point.per_10k if measure == "per_10k" else point.share * 100


def axis_scale(peak: float) -> tuple[float, float, int]:
    """The value axis for a largest value of ``peak``: its top, its step and its number of steps.

    The step is 1, 2, 2.5 or 5 times a power of ten, the smallest that covers
    ``peak`` in at most :data:`MAX_TICKS` steps, so every label is a round number.
    """
    if peak <= 0:
        return 1.0, 0.25, 4
    power = 10 ** math.floor(math.log10(peak / MAX_TICKS))
    for mantissa in (1, 2, 2.5, 5, 10, 20, 25, 50):
        step = mantissa * power
        ticks = max(1, math.ceil(peak / step - 1e-9))
        if ticks <= MAX_TICKS:
            return ticks * step, step, ticks
    return peak, peak, 1  # not reached: 50 times the power covers any peak


def _figure(value: float, step: float, measure: str) -> str:
    written = f"{step:.10g}"
    decimals = len(written.partition(".")[2]) if "e" not in written else 6
    text = f"{value:,.{decimals}f}"
    return f"{text}%" if measure == "share" else text


class TrendChart(QWidget):
    """Draws :class:`~index.Trends` in one of the :data:`MEASURES`.

    Signals:
        year_clicked(int): a year was clicked.
    """

    year_clicked = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("trendChart")
        self.setMouseTracking(True)
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.trends: Trends | None = None
        self.measure = "per_10k"
        self.note = ""  # shown instead of a chart (nothing to draw yet, or "Reading…")
        self.hovered: int | None = None

    def set_trends(self, trends: Trends | None, measure: str | None = None) -> None:
        """Shows ``trends`` (None: nothing), in ``measure`` when given."""
        self.trends = trends
        if measure:
            self.measure = measure
        self.hovered = None
        self.update()

    def set_measure(self, measure: str) -> None:
        """Plots occurrences per 10,000 words (``per_10k``) or the share of statements (``share``)."""
        self.measure = measure
        self.update()

    def set_note(self, note: str) -> None:
        """A line shown when there is no chart to draw."""
        self.note = note
        self.update()

    # -- geometry --------------------------------------------------------------------

    @property
    def years(self) -> tuple[int, ...]:
        """The years on the horizontal axis."""
        return self.trends.years if self.trends and self.trends.series else ()

    def _legend_columns(self) -> int:
        return 1 if self.trends is None or len(self.trends.series) < 2 or self.width() < TWO_LEGEND_COLUMNS else 2

    def _legend_height(self) -> int:
        if not self.trends or not self.trends.series:
            return 0
        return LEGEND_ROW * -(-len(self.trends.series) // self._legend_columns())

    def plot_rect(self) -> QRectF:
        """Where the lines are drawn, inside the axes."""
        top = TOP_MARGIN + self._legend_height()
        return QRectF(LEFT_MARGIN, top, max(1, self.width() - LEFT_MARGIN - RIGHT_MARGIN),
                      max(1, self.height() - top - BOTTOM_MARGIN))

    def x_of(self, year: int) -> float:
        """The horizontal position of ``year``."""
        plot, years = self.plot_rect(), self.years
        if len(years) <= 1:
            return plot.center().x()
        return plot.left() + plot.width() * years.index(year) / (len(years) - 1)

    def year_at(self, x: float) -> int | None:
        """The year nearest horizontal position ``x`` (None off the plot or with nothing drawn)."""
        years = self.years
        plot = self.plot_rect()
        if not years or not plot.left() - 10 <= x <= plot.right() + 10:
            return None
        return min(years, key=lambda year: abs(self.x_of(year) - x))

    def _scale(self) -> tuple[float, float, int]:
        peak = max((value_of(p, self.measure) for t in self.trends.series for p in t.points), default=0.0)
        return axis_scale(peak)

    def tooltip_for(self, year: int) -> str:
        """The figures of ``year``: each term's occurrences and statements, and the year's words and statements."""
        if not self.trends or year not in self.years:
            return ""
        at = self.years.index(year)
        first = self.trends.series[0].points[at]
        lines = [f"{year}: {first.statements:,} statements, {first.words:,} words"]
        for trend in self.trends.series:
            point = trend.points[at]
            lines.append(f"{trend.term}: {point.occurrences:,} occurrences ({point.per_10k:.2f} per 10,000 words), "
                         f"in {point.matching:,} of {point.statements:,} statements ({point.share:.0%})")
        lines.append("Click to list that year's statements")
        return "\n".join(lines)

    # Qt API
    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    # -- painting --------------------------------------------------------------------

    # Qt API
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.Text)
        if not self.years:
            painter.setPen(text)
            painter.drawText(self.rect().adjusted(8, 8, -8, -8), Qt.AlignmentFlag.AlignCenter
                             | Qt.TextFlag.TextWordWrap, self.note or "No dated statements")
            return
        plot, (top, step, ticks) = self.plot_rect(), self._scale()
        painter.fillRect(plot, self.palette().color(QPalette.ColorRole.Base))
        self._paint_axes(painter, plot, step, ticks, text)
        if self.hovered is not None:
            x = self.x_of(self.hovered)
            painter.fillRect(QRectF(x - 6, plot.top(), 12, plot.height()), HOVER)
        for number, trend in enumerate(self.trends.series):
            color = SERIES_COLORS[number % len(SERIES_COLORS)]
            points = [QPointF(self.x_of(p.year), plot.bottom() - plot.height() * value_of(p, self.measure) / top)
                      for p in trend.points]
            painter.setPen(QPen(color, 2))
            painter.drawPolyline(QPolygonF(points))
            painter.setBrush(color)
            for point in points:
                painter.drawEllipse(point, 2.5, 2.5)
        self._paint_legend(painter, text)

    def _paint_axes(self, painter: QPainter, plot: QRectF, step: float, ticks: int, text: QColor) -> None:
        grid = QColor(text)
        grid.setAlpha(40)
        metrics = painter.fontMetrics()
        for tick in range(ticks + 1):
            y = plot.bottom() - plot.height() * tick / ticks
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - 8, LEFT_MARGIN - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             _figure(tick * step, step, self.measure))
        painter.setPen(QPen(text, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        years = self.years
        room = max(1.0, plot.width() / max(1, len(years) - 1))
        every = max(1, math.ceil((metrics.horizontalAdvance("0000") + 8) / room))  # labels must not overlap
        for at, year in enumerate(years):
            x = self.x_of(year)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3))
            if at % every == 0:
                painter.drawText(QRectF(x - 30, plot.bottom() + 4, 60, BOTTOM_MARGIN - 4),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(year))
        measure = "per 10,000 words" if self.measure == "per_10k" else "share of statements"
        painter.save()
        painter.translate(10, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, -10, plot.height(), 14), Qt.AlignmentFlag.AlignCenter, measure)
        painter.restore()

    def _paint_legend(self, painter: QPainter, text: QColor) -> None:
        columns = self._legend_columns()
        half = max(1, (self.width() - LEFT_MARGIN - RIGHT_MARGIN) // columns)
        for number, trend in enumerate(self.trends.series):
            x = LEFT_MARGIN + (number % columns) * half
            y = TOP_MARGIN + (number // columns) * LEGEND_ROW
            painter.fillRect(QRectF(x, y + 5, 14, 4), SERIES_COLORS[number % len(SERIES_COLORS)])
            label = f"{trend.term}  ({trend.occurrences:,} in {trend.matching:,} statements)"
            painter.setPen(text)
            painter.drawText(QRectF(x + 20, y, half - 24, LEGEND_ROW),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, half - 24))

    # -- the mouse -------------------------------------------------------------------

    # Qt API
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        year = self.year_at(event.position().x())
        if year != self.hovered:
            self.hovered = year
            self.update()
        if year is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_for(year), self)

    # Qt API
    def leaveEvent(self, event) -> None:
        self.hovered = None
        self.update()
        super().leaveEvent(event)

    # Qt API
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            year = self.year_at(event.position().x())
            if year is not None:
                self.year_clicked.emit(year)
