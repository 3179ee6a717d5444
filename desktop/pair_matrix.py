"""A heat map of the top pairs: the countries of the most frequent pairs on both axes, darker where they meet more.

Drawn with QPainter. The countries are those that take part most often in
the pairs listed, at most :data:`MAX_COUNTRIES`, so the grid stays legible;
a cell's shade is its pair's statements against the busiest pair's.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from index import CountryPair

MAX_COUNTRIES = 10
HOT = QColor("#08306b")
COLD = QColor("#deebf7")
LABEL_WIDTH = 36
LABEL_HEIGHT = 18


def _blend(share: float) -> QColor:
    return QColor(*(round(c + (h - c) * share) for c, h in zip(COLD.getRgb()[:3], HOT.getRgb()[:3], strict=True)))


class PairMatrix(QWidget):
    """The top countries against each other.

    Signals:
        pair_clicked(object): a cell was clicked: its :class:`~index.CountryPair`.
    """

    pair_clicked = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("pairMatrix")
        self.setMouseTracking(True)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.countries: list[tuple[str, str]] = []  # (code, name), busiest first
        self._pairs: dict[tuple[str, str], CountryPair] = {}
        self._peak = 0

    def set_pairs(self, pairs: tuple[CountryPair, ...]) -> None:
        """Shows the countries of ``pairs`` that take part in the most statements."""
        weight: dict[str, int] = {}
        names: dict[str, str] = {}
        for pair in pairs:
            for code, name in ((pair.first, pair.first_label), (pair.second, pair.second_label)):
                weight[code] = weight.get(code, 0) + pair.total
                names[code] = name
        top = sorted(weight, key=lambda code: (-weight[code], names[code].casefold()))[:MAX_COUNTRIES]
        self.countries = [(code, names[code]) for code in top]
        chosen = set(top)
        self._pairs = {(p.first, p.second): p for p in pairs if p.first in chosen and p.second in chosen}
        self._pairs.update({(b, a): p for (a, b), p in list(self._pairs.items())})
        self._peak = max((p.total for p in self._pairs.values()), default=0)
        self.update()

    def _cell(self) -> float:
        count = max(1, len(self.countries))
        return max(4.0, min((self.width() - LABEL_WIDTH - 4) / count, (self.height() - LABEL_HEIGHT - 4) / count))

    def _left(self) -> float:
        """Where the grid's first column starts: the grid is centred."""
        grid = LABEL_WIDTH + len(self.countries) * self._cell()
        return max(0.0, (self.width() - grid) / 2) + LABEL_WIDTH

    def cell_rect(self, row: int, column: int) -> QRectF:
        """Where the cell of the ``row``-th and ``column``-th countries is."""
        size = self._cell()
        return QRectF(self._left() + column * size, LABEL_HEIGHT + row * size, size, size)

    def pair_at(self, point: QPointF) -> CountryPair | None:
        """The pair whose cell is under ``point``."""
        size, left = self._cell(), self._left()
        row = int((point.y() - LABEL_HEIGHT) // size)
        column = int((point.x() - left) // size)
        if point.x() < left or point.y() < LABEL_HEIGHT or not (
                0 <= row < len(self.countries) and 0 <= column < len(self.countries)):
            return None
        return self._pairs.get((self.countries[row][0], self.countries[column][0]))

    # Qt API
    def sizeHint(self) -> QSize:
        return QSize(320, 220)

    # Qt API
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.Text)
        painter.setPen(text)
        if len(self.countries) < 2:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No pairs to draw")
            return
        size, left = self._cell(), self._left()
        small = painter.font()
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        painter.setFont(small)
        for at, (code, _name) in enumerate(self.countries):
            painter.drawText(QRectF(left + at * size, 0, size, LABEL_HEIGHT), Qt.AlignmentFlag.AlignCenter, code)
            painter.drawText(QRectF(left - LABEL_WIDTH, LABEL_HEIGHT + at * size, LABEL_WIDTH - 4, size),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, code)
        for row, (first, _a) in enumerate(self.countries):
            for column, (second, _b) in enumerate(self.countries):
                if row == column:
                    continue
                rect = self.cell_rect(row, column).adjusted(1, 1, -1, -1)
                pair = self._pairs.get((first, second))
                painter.fillRect(rect, _blend(pair.total / self._peak) if pair and self._peak else COLD.lighter(106))
                if pair and size >= 22:
                    share = pair.total / self._peak if self._peak else 0
                    painter.setPen(QColor("#ffffff") if share > 0.5 else QColor("#08306b"))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{pair.total:,}")

    # Qt API
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pair = self.pair_at(event.position())
        if pair is None:
            QToolTip.hideText()
            return
        noun = "statement" if pair.total == 1 else "statements"
        QToolTip.showText(event.globalPosition().toPoint(),
                          f"{pair.first_label} & {pair.second_label}: {pair.total:,} {noun}", self)

    # Qt API
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pair = self.pair_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and pair is not None:
            self.pair_clicked.emit(pair)
