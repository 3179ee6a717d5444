"""The query-language cheat sheet, shown in a popover beside the search box."""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

# (what you type, what it finds). Kept in step with docs/query-language.md.
CHEAT_SHEET = (
    ("energy security", "both words (AND is the default)"),
    ('"trade corridor"', "the exact phrase"),
    ('"trade corridor"~5', "both words within 5 words of each other"),
    ("energy OR gas", "either word"),
    ("energy NOT nuclear,  energy -nuclear", "the first without the second"),
    ("(gas OR oil) pipeline", "parentheses group"),
    ("negotiat*", "any word starting with negotiat"),
    ("sanctoins~", "fuzzy: words spelled nearly so"),
    ("title:corridor", "only in titles"),
    ("country:TUR  country:Türkiye  country:Turkey", "statements about a country (names resolve to codes)"),
    ("org:OTS", "an organisation, by acronym or name"),
    ("topic:trade", "a topic of the controlled vocabulary"),
    ('type:readout  type:"joint statement"', "a document type"),
    ("lang:fr", "a language (ISO 639-1 code)"),
    ("year:2022", "a year"),
    ("date:[2020-01 to 2022-06]", "a date range (open ends: [2020 to])"),
)

NOTES = (
    "Case and accents do not matter: Turkiye finds Türkiye. Words are stemmed: negotiations finds negotiated.",
    "A country name also finds its other names and demonyms (Turkey finds Türkiye and Turkish); "
    "quote the word or untick \u201cCountry names\u201d to search it alone.",
    "Broken syntax is repaired and explained under the search box.",
)


def cheat_sheet_html() -> str:
    """The cheat sheet as a small HTML table (static text, escaped)."""
    rows = "".join(
        f"<tr><td style='padding:2px 10px 2px 0'><code>{html.escape(typed)}</code></td>"
        f"<td style='padding:2px 0'>{html.escape(found)}</td></tr>"
        for typed, found in CHEAT_SHEET
    )
    notes = "".join(f"<p style='margin:4px 0'>{html.escape(note)}</p>" for note in NOTES)
    return f"<b>Search syntax</b><table>{rows}</table>{notes}"


class QueryHelpButton(QToolButton):
    """A "?" button that opens the cheat sheet as a popover."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queryHelp")
        self.setText("?")
        self.setToolTip("Search syntax")
        self.popover = QFrame(self, Qt.WindowType.Popup)
        self.popover.setObjectName("queryHelpPopover")
        self.popover.setFrameShape(QFrame.Shape.StyledPanel)
        label = QLabel(cheat_sheet_html(), self.popover)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setMinimumWidth(520)
        layout = QVBoxLayout(self.popover)
        layout.addWidget(label)
        self.clicked.connect(self.show_popover)

    def show_popover(self) -> None:
        """Opens the cheat sheet below the button, kept on screen."""
        self.popover.adjustSize()
        anchor = self.mapToGlobal(QPoint(self.width(), self.height()))
        self.popover.move(anchor.x() - self.popover.width(), anchor.y())
        self.popover.show()
