"""The results list paints each hit's snippet with its matches highlighted, laying it out once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QListView

from desktop.result_delegate import HIGHLIGHT, ResultDelegate
from desktop.results_model import ResultsModel
from index import DocumentRow, Hit, SearchRequest, SearchResult
from index.search.snippets import Snippet

pytestmark = pytest.mark.gui

TEXT = ("The ministers reaffirmed their commitment to the Middle Corridor and agreed to deepen cooperation "
        "in trade, transport and energy across the Caspian region.")


def _view(qtbot) -> tuple[QListView, ResultDelegate, ResultsModel]:
    def rows(ids):
        return {i: DocumentRow(i, f"Joint statement {i}", "2022-05-10", "joint_statement", "en", "ok", ("TUR",),
                               f"/a/{i}.md") for i in ids}

    hits = [Hit(f"doc{i}", 1.0) for i in range(3)]
    model = ResultsModel(rows)
    model.set_result(SearchResult(SearchRequest(), 3, hits, {}))
    start = TEXT.index("Middle Corridor")
    model.set_snippets({hit.doc_id: Snippet(TEXT, ((start, start + len("Middle Corridor")),)) for hit in hits})
    view = QListView()
    delegate = ResultDelegate(view)
    view.setItemDelegate(delegate)
    view.setModel(model)
    view.resize(520, 400)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view, delegate, model


def _highlighted_pixels(view: QListView) -> int:
    image = view.viewport().grab().toImage()
    wanted = HIGHLIGHT.rgb()
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixel(x, y) == wanted)


def test_a_snippets_match_is_painted_on_the_highlight_and_laid_out_once(qtbot):
    view, delegate, _model = _view(qtbot)
    assert _highlighted_pixels(view) > 50  # three rows, each with its match on yellow
    kept = dict(delegate._layouts)
    assert len(kept) == 1  # the three rows share one snippet, width and font
    _highlighted_pixels(view)
    assert delegate._layouts == kept and all(delegate._layouts[k] is kept[k] for k in kept)


def test_a_narrower_results_column_lays_its_rows_out_again_at_the_new_width(qtbot, window):
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        qtbot.keyClicks(window.search_box, "Kazakhstan")
    view, delegate = window.results_view, window.results_view.itemDelegate()
    qtbot.waitUntil(lambda: any(key[0].text for key in delegate._layouts), timeout=10000)  # snippets painted
    wide = max(key[1] for key in delegate._layouts)
    window.resize(window.width() - 250, window.height())
    first_row = window.results_model.index(0)
    qtbot.waitUntil(lambda: view.visualRect(first_row).width() == view.viewport().width())
    view.viewport().grab()
    narrow = min(key[1] for key in delegate._layouts)
    assert narrow < wide and narrow <= view.viewport().width()


def test_the_line_under_a_title_is_elided_to_the_rows_width(qtbot):
    from PySide6.QtGui import QFont, QFontMetrics

    row = DocumentRow("d1", "Joint statement", "2022-05-10", "joint_statement", "en", "ok",
                      ("TUR", "KAZ", "AZE", "UZB", "KGZ"), "/a/d1.md")
    font = QFont()
    full = ResultDelegate.meta_line(row, font, 10_000)
    assert full.startswith("2022-05-10  ·  ") and "TUR, KAZ, AZE, UZB, KGZ" in full
    narrow = ResultDelegate.meta_line(row, font, 120)
    assert narrow.endswith("\u2026") and QFontMetrics(font).horizontalAdvance(narrow) <= 120
