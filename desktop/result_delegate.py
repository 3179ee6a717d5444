"""Paints a result: title, a line of date/type/countries, and a highlighted snippet."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.results_model import NearRole, RowRole, SnippetRole
from documents.extract import vocabulary
from index import STATUSES

PADDING = 6
SNIPPET_LINES = 2
HIGHLIGHT = QColor("#ffe28a")
NEAR_BADGE = QColor("#5b6fa8")
MEMBER_INDENT = 18  # near-identical statements listed under their group's first hit
MIN_ROW_WIDTH = 120
LAYOUTS_KEPT = 256  # laid-out snippets: a few screens of rows, so scrolling back costs no layout


def highlight_formats(matches, base: QTextCharFormat | None = None) -> list[QTextLayout.FormatRange]:
    """Format ranges that paint matched spans bold on a yellow ground."""
    ranges = []
    for start, end in matches:
        fmt = QTextCharFormat(base) if base else QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setBackground(HIGHLIGHT)
        fmt.setForeground(QColor("#000000"))
        rng = QTextLayout.FormatRange()
        rng.start, rng.length, rng.format = start, end - start, fmt
        ranges.append(rng)
    return ranges


class ResultDelegate(QStyledItemDelegate):
    """Draws one hit in three parts; the snippet's matches come as offsets.

    A snippet's text layout (shaping and wrapping two lines) is the costliest part of a paint, and a
    view repaints its rows many times while a query is typed (the model's rows change, the selection
    moves). Laid-out snippets are therefore kept by snippet, width and font, the most recent few
    hundred.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._layouts: OrderedDict[tuple, QTextLayout] = OrderedDict()

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        return title, small

    # Qt API
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        title, small = self._fonts(option)
        height = QFontMetrics(title).height() + QFontMetrics(small).height() * (1 + SNIPPET_LINES)
        # The list stretches each row to its own width; a row's width from here would only keep the
        # rows at the width they were first laid out at when the list narrows.
        return QSize(MIN_ROW_WIDTH, height + 3 * PADDING)

    # Qt API
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex):
        style = option.widget.style() if option.widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        row = index.data(RowRole)
        if row is None:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(text_color)
        muted.setAlpha(170)
        title_font, small_font = self._fonts(option)
        near = index.data(NearRole)
        rect = option.rect.adjusted(PADDING + (MEMBER_INDENT if isinstance(near, str) else 0), PADDING,
                                    -PADDING, -PADDING)

        painter.save()
        badge = self.badge(option, index)
        if badge is not None:
            painter.setFont(option.font)
            painter.setPen(QColor("#ffffff") if selected else NEAR_BADGE)
            painter.drawText(badge[0], Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, badge[1])
            rect.setRight(badge[0].left() - PADDING)
        painter.setFont(title_font)
        painter.setPen(text_color)
        title_height = QFontMetrics(title_font).height()
        title = f"\u2605 {row.title}" if row.starred else row.title
        title = f"\u2248 {title}" if isinstance(near, str) else title
        elided = QFontMetrics(title_font).elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect.x(), rect.y(), rect.width(), title_height, Qt.AlignmentFlag.AlignLeft, elided)

        painter.setFont(small_font)
        painter.setPen(muted)
        small_height = QFontMetrics(small_font).height()
        y = rect.y() + title_height + 2
        line = self.meta_line(row, small_font, rect.width())
        painter.drawText(rect.x(), y, rect.width(), small_height, Qt.AlignmentFlag.AlignLeft, line)

        snippet = index.data(SnippetRole)
        if snippet is not None and snippet.text:
            y += small_height + 2
            self._paint_snippet(painter, snippet, small_font, text_color,
                                QRectF(rect.x(), y, rect.width(), small_height * SNIPPET_LINES))
        painter.restore()

    @staticmethod
    def meta_line(row, font: QFont, width: int) -> str:
        """The line under the title (date · type · countries · marks), elided to ``width``."""
        vocab = vocabulary()
        meta = [row.date or "undated", vocab.doc_type_name(row.doc_type)]
        if row.countries:
            meta.append(", ".join(row.countries[:6]) + (" …" if len(row.countries) > 6 else ""))
        if row.status == "missing":
            meta.append("file missing")
        if row.review:
            meta.append(STATUSES.get(row.review, row.review))
        if row.tags or row.collections:
            meta.append(" ".join([*(f"#{t}" for t in row.tags[:4]), *(f"[{c}]" for c in row.collections[:2])]))
        if row.has_note:
            meta.append("\u270e note")
        return QFontMetrics(font).elidedText("  ·  ".join(meta), Qt.TextElideMode.ElideRight, width)

    @staticmethod
    def badge(option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> tuple[QRect, str] | None:
        """Where the near-identical mark of a row goes and what it says ("+2 near-identical ▸", "compare ⇄")."""
        near = index.data(NearRole)
        if near is None:
            return None
        if isinstance(near, str):
            text = "compare \u21c4"
        else:
            count, expanded = near
            arrow = "\u25be" if expanded else "\u25b8"
            text = f"+{count} near-identical {arrow}"
        width = QFontMetrics(option.font).horizontalAdvance(text) + 4
        top = option.rect.top() + PADDING
        return QRect(option.rect.right() - PADDING - width, top, width, QFontMetrics(option.font).height()), text

    # Qt API
    def editorEvent(self, event, model, option: QStyleOptionViewItem, index) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            badge = self.badge(option, index)
            if badge is not None and badge[0].contains(event.position().toPoint()):
                if isinstance(index.data(NearRole), str):
                    model.request_compare(index.row())
                else:
                    model.toggle_near_identical(index.row())
                return True
        return super().editorEvent(event, model, option, index)

    def _paint_snippet(self, painter: QPainter, snippet, font: QFont, color: QColor, area: QRectF) -> None:
        layout = self.snippet_layout(snippet, font, area.width())
        painter.setPen(color)
        painter.setClipRect(area)
        layout.draw(painter, area.topLeft())
        painter.setClipping(False)

    def snippet_layout(self, snippet, font: QFont, width: float) -> QTextLayout:
        """The snippet laid out in at most ``SNIPPET_LINES`` lines of ``width``, made once per snippet."""
        key = (snippet, width, font.key())
        layout = self._layouts.get(key)
        if layout is not None:
            self._layouts.move_to_end(key)
            return layout
        layout = QTextLayout(snippet.text, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.setFormats(highlight_formats(snippet.matches))
        layout.beginLayout()
        height = 0.0
        lines = 0
        while lines < SNIPPET_LINES:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, height))
            height += line.height()
            lines += 1
        layout.endLayout()
        self._layouts[key] = layout
        if len(self._layouts) > LAYOUTS_KEPT:
            self._layouts.popitem(last=False)
        return layout
