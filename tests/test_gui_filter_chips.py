"""Filter chips above the results: one per filter, named as the facet panel names it."""

from __future__ import annotations

from desktop.filter_chips import FilterChips
from index import FacetFilter


def test_a_chip_shows_an_ampersand_in_its_label_as_written(qtbot):
    """GIVEN a tag "R&D" WHEN it filters the results THEN its chip reads "R&D", not "RD" with a shortcut on D."""
    chips = FilterChips()
    qtbot.addWidget(chips)
    chips.set_filters((FacetFilter("tag", "R&D"), FacetFilter("country", "TUR", exclude=True)),
                      lambda field, value: {"TUR": "Türkiye"}.get(value, value))
    assert [chip.text() for chip in chips.chips] == ["Tag: R&&D  \u2715", "not Country: Türkiye  \u2715"]
