"""The header above a document: title, date, type, source, and entity chips.

Chips are links in a rich-text label. Every value that comes from a document
is escaped, so a title can never inject markup. Clicking a chip asks for a
facet filter; hovering it explains why the value was assigned.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QLabel, QMenu, QToolTip

from desktop.date_evidence import SPAN_LINK, date_lines, date_span
from desktop.ocr_evidence import ocr_lines
from documents.extract import vocabulary
from documents.statement import Entity, Statement

CHIP_STYLES = {
    "country": "background:#e3ecfa;color:#0d3c84",
    "organisation": "background:#f6ead2;color:#6b4500",
    "topic": "background:#e4f3e6;color:#1e5b27",
}
MAX_CHIPS = 18
_SCHEME = "chancery"


def explain(field: str, entity: Entity) -> str:
    """A sentence saying why a value was assigned (used as the chip's tooltip)."""
    parts = []
    if field == "topic":
        parts.append(f"score {entity.score:g}" if entity.score else "assigned")
        if entity.terms:
            parts.append("triggered by " + ", ".join(entity.terms[:8]))
    else:
        times = "once" if entity.count == 1 else f"{entity.count} times"
        parts.append(f"mentioned {times}" if entity.count else "named in the metadata")
        if entity.central:
            parts.append("central to the statement")
        if entity.terms:
            parts.append("as " + ", ".join(f"\u201c{t}\u201d" for t in entity.terms[:6]))
        if entity.discovered:
            parts.append("discovered in the text (not in the gazetteer)")
        if entity.successor:
            parts.append(f"dissolved state; successor {entity.successor}")
    if entity.source and entity.source not in ("extraction", "user"):
        parts.append(f"from the {entity.source}")
    if entity.correction:
        parts.append(f"corrected: {entity.correction}")
    return (f"{entity.name} ({entity.code}): " + "; ".join(parts) +
            ". Click to filter by it; right-click to correct it.")


class DocumentHeader(QLabel):
    """Rich-text header; emits :attr:`chip_clicked` with ``(field, code)``.

    Right-clicking a chip offers corrections, emitted as
    :attr:`correction_requested` ``(action, field, code, name)``; right-clicking
    anywhere offers to add a value (:attr:`add_requested` with the field).
    """

    chip_clicked = Signal(str, str)
    span_requested = Signal(int, int)  # where in the text the date was read
    correction_requested = Signal(str, str, str, str)
    add_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentHeader")
        self.setWordWrap(True)
        self.setTextFormat(self.textFormat().RichText)
        self.setOpenExternalLinks(False)
        self.setMargin(6)
        self._explanations: dict[str, str] = {}
        self._entities: dict[str, tuple[str, Entity]] = {}  # href -> (field, entity)
        self._hovered_href = ""
        self.can_correct = False  # the library can be written
        self._showing = False
        self._date_span: tuple[int, int] | None = None
        self.linkActivated.connect(self._activated)
        self.linkHovered.connect(self._hovered)

    def show_message(self, message: str) -> None:
        """Shows an italic note instead of a document."""
        self._explanations = {}
        self._entities = {}
        self._showing = False
        self.setText(f"<i>{html.escape(message)}</i>")

    def show_statement(self, statement: Statement) -> None:
        """Renders the header of ``statement``."""
        self._explanations = {}
        self._entities = {}
        self._showing = True
        esc = html.escape
        vocab = vocabulary()
        meta = [statement.date or "undated", vocab.doc_type_name(statement.doc_type),
                vocab.language_name(statement.language)]
        if statement.extra.get("issuer"):
            meta.append(str(statement.extra["issuer"]))
        lines = [f"<b style='font-size:large'>{esc(statement.title)}</b>", esc(" · ".join(meta))]
        self._date_span = date_span(statement)
        lines += date_lines(statement)
        lines += ocr_lines(statement)
        if statement.extra.get("status") == "missing":
            lines.append("<span style='color:#b71c1c'>The file is missing from disk; the text is kept.</span>")
        for field, entities in (("country", statement.countries), ("organisation", statement.organisations),
                                ("topic", statement.topics)):
            if entities:
                lines.append(self._chips(field, entities))
        source = statement.extra.get("source_url")
        if source:
            lines.append(f"<span style='color:#555'>Source: {esc(str(source))}</span>")
        lines.append(f"<span style='color:#555'>{esc(statement.source_path)}</span>")
        self.setText("<br>".join(lines))

    def _chips(self, field: str, entities: list[Entity]) -> str:
        chips = []
        for entity in entities[:MAX_CHIPS]:
            href = f"{_SCHEME}:{field}/{QUrl.toPercentEncoding(entity.code).data().decode()}"
            self._explanations[href] = explain(field, entity)
            self._entities[href] = (field, entity)
            weight = "font-weight:bold;" if entity.central else ""
            mark = " \u270e" if entity.correction else ""  # corrected by hand
            chips.append(
                f"<a href='{html.escape(href, quote=True)}' style='text-decoration:none;{weight}"
                f"{CHIP_STYLES[field]}'>&nbsp;{html.escape(entity.name)}{mark}&nbsp;</a>"
            )
        hidden = len(entities) - MAX_CHIPS
        more = f" <span style='color:#777'>+{hidden} more</span>" if hidden > 0 else ""
        return "&nbsp; ".join(chips) + more

    def explanation(self, field: str, code: str) -> str | None:
        """The tooltip text of a chip (for tests and accessibility)."""
        href = f"{_SCHEME}:{field}/{QUrl.toPercentEncoding(code).data().decode()}"
        return self._explanations.get(href)

    def _activated(self, href: str) -> None:
        if href == SPAN_LINK:
            if self._date_span is not None:
                self.span_requested.emit(*self._date_span)
            return
        if not href.startswith(f"{_SCHEME}:"):
            return
        field, _, code = href[len(_SCHEME) + 1:].partition("/")
        self.chip_clicked.emit(field, QUrl.fromPercentEncoding(code.encode()))

    def entity_at(self, href: str) -> tuple[str, Entity] | None:
        """The field and entity of a chip's link (for the context menu and tests)."""
        return self._entities.get(href)

    def chip_href(self, field: str, code: str) -> str:
        """The link of a value's chip."""
        return f"{_SCHEME}:{field}/{QUrl.toPercentEncoding(code).data().decode()}"

    def correction_menu(self, href: str | None) -> QMenu:
        """The context menu for a chip (or, without one, for adding values)."""
        menu = QMenu(self)
        menu.setObjectName("chipMenu")
        found = self._entities.get(href or "")
        if found is not None:
            field, entity = found
            name, code = entity.name, entity.code
            menu.addAction(f"Remove \u201c{name}\u201d from This Statement",
                           lambda: self.correction_requested.emit("remove", field, code, name))
            if field != "topic":
                flag = ("mentioned", "Mark as Merely Mentioned") if entity.central else ("central", "Mark as Central")
                menu.addAction(flag[1], lambda: self.correction_requested.emit(flag[0], field, code, name))
            menu.addSeparator()
            menu.addAction(f"Merge \u201c{name}\u201d into\u2026 (Whole Library)",
                           lambda: self.correction_requested.emit("merge", field, code, name))
            if field == "organisation":
                menu.addAction("Rename\u2026 (Whole Library)",
                               lambda: self.correction_requested.emit("rename", field, code, name))
            menu.addAction(f"Never Extract \u201c{name}\u201d",
                           lambda: self.correction_requested.emit("never", field, code, name))
            menu.addSeparator()
        for kind, label in (("country", "Add Country\u2026"), ("organisation", "Add Organisation\u2026"),
                            ("topic", "Add Topic\u2026")):
            menu.addAction(label, lambda k=kind: self.add_requested.emit(k))
        return menu

    # Qt API
    def contextMenuEvent(self, event) -> None:
        if not (self.can_correct and self._showing):
            return
        self.correction_menu(self._hovered_href).exec(event.globalPos())

    def _hovered(self, href: str) -> None:
        self._hovered_href = href
        if href in self._explanations:
            QToolTip.showText(QCursor.pos(), self._explanations[href], self)
        else:
            QToolTip.hideText()
