"""The relations tab: pairs of countries within the current results, ranked, with their years and a heat map.

Both countries central to a statement (joint statements, readouts of a
call) or merely mentioned together; optionally only one country's partners,
typed as a code or a name and resolved by the library as the search box
resolves ``country:``. Clicking a pair lists the statements of that pair.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QListView, QSplitter, QVBoxLayout

from desktop.pair_matrix import PairMatrix
from desktop.relations_model import PairDelegate, RelationsModel
from desktop.research_view import ResearchView
from index import CountryPair, Library, Relations, SearchRequest

LIMIT = 50
MODES = (("Both central", "central"), ("Mentioned together", "mentioned"))
PAIR_FIELDS = {"central": "central_pair", "mentioned": "country_pair"}  # the filter each kind of pair becomes


def _read_relations(library: Library, request: SearchRequest, mode: str, typed: str):
    """Runs off the GUI thread: the relations, the names of the organisations shown, the country's name."""
    code = library.resolve_filter("country", typed).value if typed else None
    relations = library.relations(request, mode, code, LIMIT)
    organisations = {org: library.label("organisation", org) for pair in relations.pairs for org in pair.organisations}
    return relations, organisations, library.label("country", code) if code else None


class RelationsView(ResearchView):
    """Mode switch, country box, the ranked pairs and the matrix of the top ones.

    Signals:
        pair_chosen(str, str, str): a pair was clicked: the filter field
            (``central_pair`` or ``country_pair``), its value (``KAZ+TUR``) and its name.
    """

    pair_chosen = Signal(str, str, str)

    def __init__(self, searches, parent=None) -> None:
        super().__init__(searches, "relations", parent)
        self.mode_combo = self.compact(QComboBox(self))
        self.mode_combo.setObjectName("relationsMode")
        for label, mode in MODES:
            self.mode_combo.addItem(label, mode)
        self.mode_combo.setToolTip("Both countries central to the statement, or merely named in it")
        self.mode_combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.country_box = QLineEdit(self)
        self.country_box.setObjectName("relationsCountry")
        self.country_box.setClearButtonEnabled(True)
        self.country_box.setPlaceholderText("Partners of\u2026 (country code or name)")
        self.country_box.returnPressed.connect(self.reload)
        self.country_box.textChanged.connect(self._country_typed)
        self.model = RelationsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("relationsList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(PairDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setMouseTracking(True)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)
        self.matrix = PairMatrix(self)
        self.matrix.pair_clicked.connect(self._choose)
        self._chosen: str | None = None  # a click and an activation of one row choose it once

        bar = QHBoxLayout()
        bar.addWidget(self.mode_combo, 1)
        bar.addWidget(self.country_box, 2)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("relationsSplitter")
        split.addWidget(self.list)
        split.addWidget(self.matrix)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 3, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)

    @property
    def mode(self) -> str:
        """``central`` or ``mentioned``."""
        return self.mode_combo.currentData()

    @property
    def focus_target(self):
        """The list of pairs."""
        return self.list

    def reload(self) -> None:
        """Counts the pairs within the current search."""
        self._chosen = None
        request, mode, typed = self.request or SearchRequest(), self.mode, self.country_box.text().strip()
        self.read(lambda library: _read_relations(library, request, mode, typed), self._show)

    def _show(self, answer: tuple[Relations, dict[str, str], str | None]) -> None:
        relations, organisations, country = answer
        self.model.set_relations(relations, organisations)
        self.matrix.set_pairs(relations.pairs)
        kind = "central " if relations.mode == "central" else ""
        if country:
            counted = (f"{relations.with_pairs:,} with {country} and another {kind}country; "
                       f"{relations.pair_count:,} partners")
        else:
            counted = f"{relations.with_pairs:,} with two or more {kind}countries; {relations.pair_count:,} pairs"
        shown = len(relations.pairs)
        top = f" (top {shown})" if shown and shown < relations.pair_count else ""
        self.status.setText(f"{relations.statements:,} statements, {counted}{top}")

    def unread(self, message: str) -> None:
        """An unknown country: says so and shows no pairs (rather than another country's)."""
        self.model.set_relations(None)
        self.matrix.set_pairs(())
        super().unread(message)

    def _country_typed(self, text: str) -> None:
        if not text:  # the box was cleared: every pair again
            self.reload()

    def _clicked(self, index: QModelIndex) -> None:
        pair = self.model.pair(index.row())
        if pair is not None:
            self._choose(pair)

    def _choose(self, pair: CountryPair) -> None:
        if pair.value == self._chosen:
            return
        self._chosen = pair.value
        field = PAIR_FIELDS[self.model.relations.mode if self.model.relations else self.mode]
        self.pair_chosen.emit(field, pair.value, f"{pair.first_label} \u2013 {pair.second_label}")
