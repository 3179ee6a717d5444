"""The trends tab: terms per year within the current results, per 10,000 words or as a share of statements.

Terms are typed comma-separated, each a query of its own (a word, a
``"quoted phrase"``, ``energy OR gas``). With none typed, the searched words
are the one term, counted within the statements the search's filters leave
(counting them within the statements they find would make every share 100%).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout

from desktop.research_view import READING, ResearchView
from desktop.trend_chart import TrendChart
from index import SearchRequest, Trends

MAX_TERMS = 6  # lines a chart keeps readable
MEASURES = (("Per 10,000 words", "per_10k", "Occurrences per 10,000 words of each year's statements"),
            ("Share of statements", "share", "Share of each year's statements in which the term occurs"))


def parse_terms(text: str) -> list[str]:
    """Splits what was typed at commas outside double quotes (``"peace, security", energy`` is two terms)."""
    terms, current, quoted = [], [], False
    for char in text:
        if char in "\"\u201c\u201d":
            quoted = not quoted
        if char == "," and not quoted:
            terms.append("".join(current))
            current = []
        else:
            current.append(char)
    terms.append("".join(current))
    return [term.strip() for term in terms if term.strip()]


def _what_and_where(request: SearchRequest, typed: str) -> tuple[list[str], SearchRequest]:
    """The terms to count and the search within which to count them."""
    terms = parse_terms(typed)
    if terms:
        return terms[:MAX_TERMS], request
    if request.text.strip():
        return [request.text.strip()], dataclasses.replace(request, text="")
    return [], request


class TrendsView(ResearchView):
    """Terms box, measure switch (per 10,000 words or share of statements), chart, export.

    Signals:
        year_clicked(int): a year of the chart was clicked.
    """

    year_clicked = Signal(int)

    def __init__(self, searches, parent=None) -> None:
        super().__init__(searches, "trends", parent)
        self.trends: Trends | None = None
        self.terms_box = QLineEdit(self)
        self.terms_box.setObjectName("trendTerms")
        self.terms_box.setClearButtonEnabled(True)
        self.terms_box.setPlaceholderText("Terms, comma-separated: \"strategic partnership\", energy "
                                          "(empty: the searched words)")
        self.terms_box.returnPressed.connect(self.reload)
        self.measure_combo = self.compact(QComboBox(self))
        self.measure_combo.setObjectName("trendMeasure")
        for label, measure, tip in MEASURES:
            self.measure_combo.addItem(label, measure)
            self.measure_combo.setItemData(self.measure_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.measure_combo.currentIndexChanged.connect(lambda _index: self.chart.set_measure(self.measure))
        self.chart = TrendChart(self)
        self.chart.year_clicked.connect(self.year_clicked)
        self.export = self.export_button(self.export_csv)
        self.export.setEnabled(False)

        switch = QHBoxLayout()
        switch.addWidget(self.measure_combo, 1)
        switch.addWidget(self.export)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 3, 0, 0)
        layout.addWidget(self.terms_box)
        layout.addLayout(switch)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.status)

    @property
    def measure(self) -> str:
        """``per_10k`` or ``share``."""
        return self.measure_combo.currentData()

    @property
    def focus_target(self):
        """The terms box."""
        return self.terms_box

    def reload(self) -> None:
        """Counts the terms per year within the current search."""
        terms, within = _what_and_where(self.request or SearchRequest(), self.terms_box.text())
        if not terms:
            self._show(None)
            self.status.setText("Type terms above, or search for words, to see them year by year.")
            self.chart.set_note("No terms to count")
            return
        self.chart.set_note(READING)
        self.read(lambda library: library.trends(terms, within), self._show)

    def _show(self, trends: Trends | None) -> None:
        self.trends = trends
        self.chart.set_trends(trends, self.measure)
        self.export.setEnabled(bool(trends and trends.years))
        if trends is None:
            return
        undated = f", {trends.undated:,} undated (not plotted)" if trends.undated else ""
        hint = " \u00b7 hover over a year for its figures, click it to list its statements" if trends.years else ""
        self.chart.set_note("" if trends.years else "No dated statements")
        self.status.setText(f"{trends.statements:,} statements{undated}{hint}")

    def export_csv(self) -> None:
        """Writes the figures shown (one row per term and year) to a CSV file the person picks."""
        trends = self.trends
        if trends is None:
            return
        path = self.ask_csv_path(self, "trends.csv")
        if path is None:
            return
        self.read(lambda library: library.export_trends(trends, path),
                  lambda rows: self.status.setText(f"Wrote {rows:,} rows to {path.name}"),
                  kind="trends-export", note="Writing the figures\u2026")
