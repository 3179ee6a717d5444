"""The row above the results: search box, cheat sheet, country-name switch, sort order, and notes on the query."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.query_help import QueryHelpButton
from desktop.search_box import SearchBox
from desktop.search_completer import SearchCompleter
from index import SORTS, SearchResult

SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first", "title": "Title"}


class SearchBar(QWidget):
    """What to search for, as the person sets it, and what the last search has to say about it.

    Signals:
        search_requested(): the query, the sort order or the country-name switch changed.
    """

    search_requested = Signal()

    def __init__(self, complete, sort: str = "relevance", parent=None) -> None:
        """Builds the row.

        Args:
            complete: ``complete(word, callback)``, looking completions up off the GUI thread.
            sort: The sort order to start with.
            parent: The parent widget.
        """
        super().__init__(parent)
        self.search_box = SearchBox(self)
        self.help_button = QueryHelpButton(self)
        self.expand_box = QCheckBox("Country names", self)
        self.expand_box.setObjectName("expandCountries")
        self.expand_box.setToolTip("Also search each country's other names and demonyms (Turkey: Türkiye, Turkish)")
        self.expand_box.setChecked(True)
        self.sort_combo = QComboBox(self)
        self.sort_combo.setObjectName("sortCombo")
        for key in SORTS:
            self.sort_combo.addItem(SORT_LABELS[key], key)
        self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(sort)))
        self.message_label = QLabel(self)
        self.message_label.setObjectName("queryMessage")
        self.message_label.setStyleSheet("color: #8a4b00;")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.message_label.linkActivated.connect(self._message_link)
        self.completer = SearchCompleter(self.search_box, complete)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search_box, 1)
        row.addWidget(self.help_button)
        row.addWidget(self.expand_box)
        row.addWidget(QLabel("Sort:", self))
        row.addWidget(self.sort_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message_label)

        self.search_box.search_requested.connect(lambda _text: self.search_requested.emit())
        self.sort_combo.currentIndexChanged.connect(lambda _i: self.search_requested.emit())
        self.expand_box.toggled.connect(lambda _on: self.search_requested.emit())

    @property
    def text(self) -> str:
        """The query as typed."""
        return self.search_box.text()

    @property
    def sort(self) -> str:
        """The chosen sort order (one of ``SORTS``)."""
        return self.sort_combo.currentData() or "relevance"

    @property
    def expand_countries(self) -> bool:
        """Whether country names also search the countries' other names."""
        return self.expand_box.isChecked()

    def show_messages(self, result: SearchResult) -> None:
        """Query notes, country expansions and a did-you-mean link under the search box."""
        parts = [html.escape(m) for m in result.messages]
        if result.expansions:
            parts.append("Also searched: " + html.escape(", ".join(result.expansions)))
        if result.suggestion:
            parts.append(f"Did you mean <a href='suggest:{html.escape(result.suggestion, quote=True)}'>"
                         f"{html.escape(result.suggestion)}</a>?")
        self.message_label.setText(" ".join(parts))
        self.message_label.setVisible(bool(parts))

    def _message_link(self, href: str) -> None:
        if href.startswith("suggest:"):
            self.search_box.setText(href[len("suggest:"):])
            self.search_requested.emit()
