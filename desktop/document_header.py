"""The header above a document: title, date, type, source, and entity chips.

Chips are links in a rich-text label. Every value that comes from a document
is escaped, so a title can never inject markup. Clicking a chip asks for a
facet filter; hovering it explains why the value was assigned.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QLabel, QToolTip

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
    if entity.source and entity.source != "extraction":
        parts.append(f"from the {entity.source}")
    return f"{entity.name} ({entity.code}): " + "; ".join(parts) + ". Click to filter by it."


class DocumentHeader(QLabel):
    """Rich-text header; emits :attr:`chip_clicked` with ``(field, code)``."""

    chip_clicked = Signal(str, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentHeader")
        self.setWordWrap(True)
        self.setTextFormat(self.textFormat().RichText)
        self.setOpenExternalLinks(False)
        self.setMargin(6)
        self._explanations: dict[str, str] = {}
        self.linkActivated.connect(self._activated)
        self.linkHovered.connect(self._hovered)

    def show_message(self, message: str) -> None:
        """Shows an italic note instead of a document."""
        self._explanations = {}
        self.setText(f"<i>{html.escape(message)}</i>")

    def show_statement(self, statement: Statement) -> None:
        """Renders the header of ``statement``."""
        self._explanations = {}
        esc = html.escape
        vocab = vocabulary()
        meta = [statement.date or "undated", vocab.doc_type_name(statement.doc_type),
                vocab.language_name(statement.language)]
        if statement.extra.get("issuer"):
            meta.append(str(statement.extra["issuer"]))
        lines = [f"<b style='font-size:large'>{esc(statement.title)}</b>", esc(" · ".join(meta))]
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
            weight = "font-weight:bold;" if entity.central else ""
            chips.append(
                f"<a href='{html.escape(href, quote=True)}' style='text-decoration:none;{weight}"
                f"{CHIP_STYLES[field]}'>&nbsp;{html.escape(entity.name)}&nbsp;</a>"
            )
        hidden = len(entities) - MAX_CHIPS
        more = f" <span style='color:#777'>+{hidden} more</span>" if hidden > 0 else ""
        return "&nbsp; ".join(chips) + more

    def explanation(self, field: str, code: str) -> str | None:
        """The tooltip text of a chip (for tests and accessibility)."""
        href = f"{_SCHEME}:{field}/{QUrl.toPercentEncoding(code).data().decode()}"
        return self._explanations.get(href)

    def _activated(self, href: str) -> None:
        if not href.startswith(f"{_SCHEME}:"):
            return
        field, _, code = href[len(_SCHEME) + 1:].partition("/")
        self.chip_clicked.emit(field, QUrl.fromPercentEncoding(code.encode()))

    def _hovered(self, href: str) -> None:
        if href in self._explanations:
            QToolTip.showText(QCursor.pos(), self._explanations[href], self)
        else:
            QToolTip.hideText()
