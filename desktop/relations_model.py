"""The ranked list of country pairs: a model over :class:`~index.Relations` and a delegate that paints each pair.

A row reads "Kazakhstan – Türkiye   2   ▁▃▁█" : the pair, its statements
within the current results, and a sparkline of its statements per year
over the years of every pair shown (one scale for all rows, so bars compare
across rows); below, the organisations both countries belong to.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from index import CountryPair, Relations

PairRole = Qt.ItemDataRole.UserRole + 1
SpanRole = Qt.ItemDataRole.UserRole + 2  # (first year, last year, most statements of any pair in a year)
OrganisationsRole = Qt.ItemDataRole.UserRole + 3  # names of the organisations both belong to
SPARK = QColor("#3d6fb6")
SPARK_WIDTH = 120
PADDING = 5


class RelationsModel(QAbstractListModel):
    """One row per pair of :class:`~index.Relations`, most frequent first."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.relations: Relations | None = None
        self._organisations: dict[str, str] = {}
        self._span: tuple[int, int, int] | None = None

    def set_relations(self, relations: Relations | None, organisations: dict[str, str] | None = None) -> None:
        """Shows ``relations``; ``organisations`` names the organisations' codes (``OTS`` -> its name)."""
        self.beginResetModel()
        self.relations = relations
        self._organisations = organisations or {}
        peak = max((n for pair in relations.pairs for _year, n in pair.years), default=0) if relations else 0
        self._span = (*relations.years, peak) if relations and relations.years else None
        self.endResetModel()

    def pair(self, row: int) -> CountryPair | None:
        """The pair in ``row``."""
        pairs = self.relations.pairs if self.relations else ()
        return pairs[row] if 0 <= row < len(pairs) else None

    def organisation_names(self, pair: CountryPair) -> list[str]:
        """The names of the organisations both countries of ``pair`` belong to."""
        return [self._organisations.get(code, code) for code in pair.organisations]

    # Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.relations is None else len(self.relations.pairs)

    # Qt API
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        pair = self.pair(index.row()) if index.isValid() else None
        if pair is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{pair.first_label} \u2013 {pair.second_label}"
        if role == PairRole:
            return pair
        if role == SpanRole:
            return self._span
        if role == OrganisationsRole:
            return self.organisation_names(pair)
        if role == Qt.ItemDataRole.ToolTipRole:
            noun = "statement" if pair.total == 1 else "statements"
            years = ", ".join(f"{year}: {n}" for year, n in pair.years) or "undated only"
            shared = self.organisation_names(pair)
            both = f"\nBoth belong to: {', '.join(shared)}" if shared else ""
            return f"{pair.first_label} & {pair.second_label}: {pair.total:,} {noun} ({years}){both}\n" \
                   "Click to list them"
        return None


class PairDelegate(QStyledItemDelegate):
    """Paints a pair: names, count and sparkline on the first line, shared organisations on the second."""

    # Qt API
    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(320, 2 * metrics.height() + 3 * PADDING)

    # Qt API
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        pair: CountryPair | None = index.data(PairRole)
        if pair is None:
            return super().paint(painter, option, index)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = option.palette.color(group)
        faint = QColor(color)
        faint.setAlpha(150)
        rect = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        line = QFontMetrics(option.font).height()
        painter.save()
        spark = QRectF(rect.right() - SPARK_WIDTH, rect.top(), SPARK_WIDTH, line)
        bold = QFont(option.font)
        bold.setBold(True)
        count = f"{pair.total:,}"
        count_width = QFontMetrics(bold).horizontalAdvance(count) + 12
        names_width = max(10, int(spark.left() - rect.left() - count_width))
        painter.setFont(bold)
        painter.setPen(color)
        names = QFontMetrics(bold).elidedText(index.data(), Qt.TextElideMode.ElideRight, names_width)
        painter.drawText(QRectF(rect.left(), rect.top(), names_width, line), Qt.AlignmentFlag.AlignLeft, names)
        painter.drawText(QRectF(spark.left() - count_width, rect.top(), count_width - 8, line),
                         Qt.AlignmentFlag.AlignRight, count)
        span = index.data(SpanRole)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.85))
        painter.setFont(small)
        painter.setPen(faint)
        second = QRectF(rect.left(), rect.top() + line + PADDING, rect.width(), line)
        if span:
            self._sparkline(painter, spark, pair, span, SPARK if not selected else color)
            years = f"{span[0]}\u2013{span[1]}" if span[0] != span[1] else str(span[0])
            painter.drawText(QRectF(spark.left(), second.top(), spark.width(), line), Qt.AlignmentFlag.AlignRight,
                             years)
        shared = index.data(OrganisationsRole)
        if shared:
            text = "Both in: " + ", ".join(pair.organisations)
            width = int(second.width() - SPARK_WIDTH - 8)
            painter.drawText(QRectF(second.left(), second.top(), width, line), Qt.AlignmentFlag.AlignLeft,
                             QFontMetrics(small).elidedText(text, Qt.TextElideMode.ElideRight, width))
        painter.restore()

    @staticmethod
    def _sparkline(painter: QPainter, area: QRectF, pair: CountryPair, span: tuple[int, int, int],
                   color: QColor) -> None:
        first, last, peak = span
        slots = last - first + 1
        width = area.width() / slots
        counts = dict(pair.years)
        base = QColor(color)
        base.setAlpha(60)
        painter.fillRect(QRectF(area.left(), area.bottom() - 1, area.width(), 1), base)
        for year in range(first, last + 1):
            n = counts.get(year, 0)
            if n and peak:
                height = max(2.0, (area.height() - 2) * n / peak)
                bar = QRectF(area.left() + (year - first) * width + width * 0.15, area.bottom() - height,
                             max(1.0, width * 0.7), height)
                painter.fillRect(bar, color)
