"""The results model keeps only hit ids and fetches display rows a chunk at a time."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.results_model import ROW_CHUNK, ResultsModel, RowRole, SnippetRole
from index import DocumentRow, Hit, SearchRequest, SearchResult

pytestmark = pytest.mark.gui


def _result(count: int) -> SearchResult:
    hits = [Hit(f"doc{i:06}", float(count - i)) for i in range(count)]
    return SearchResult(SearchRequest(), count, hits, {})


def test_rows_are_fetched_lazily_for_a_hundred_thousand_hits(qtbot, qtmodeltester):
    asked: list[list[str]] = []

    def rows(ids):
        ids = list(ids)
        asked.append(ids)
        return {i: DocumentRow(i, f"Title {i}", "2020-01-01", "readout", "en", "ok", ("TUR",), f"/a/{i}.md")
                for i in ids}

    model = ResultsModel(rows)
    model.set_result(_result(100_000))
    assert model.rowCount() == 100_000 and asked == []
    assert model.index(0).data() == "Title doc000000"
    assert len(asked) == 1 and len(asked[0]) == ROW_CHUNK
    assert model.index(50_123).data(RowRole).title == "Title doc050123"
    assert len(asked) == 2 and asked[1][0] == "doc050100"
    model.index(50_149).data()  # same chunk: no new fetch
    assert len(asked) == 2
    qtmodeltester.check(model)


def test_missing_snippets_are_requested_once(qtbot):
    model = ResultsModel(lambda ids: {})
    model.set_result(_result(3))
    with qtbot.waitSignal(model.snippets_needed) as blocker:
        assert model.index(1).data(SnippetRole) is None
    assert blocker.args[0] == ["doc000001"]
    with qtbot.assertNotEmitted(model.snippets_needed):
        model.index(1).data(SnippetRole)
    assert model.index(2).data(Qt.ItemDataRole.DisplayRole) == "(removed)"


def test_rows_prepared_on_another_thread_are_taken_and_stale_ones_ignored(qtbot):
    import threading

    from desktop.results_model import prepare_rows

    result, other = _result(5000), _result(7)
    result.near_identical = {"doc000000": ("doc000003", "doc000004")}
    made = []
    thread = threading.Thread(target=lambda: made.append(prepare_rows(result)))
    thread.start()
    thread.join()
    model = ResultsModel(lambda ids: {})
    model.set_result(result, made[0])
    assert model.rowCount() == 4998  # the group's two others are listed under their first hit, hidden
    assert [model.doc_id(r) for r in range(3)] == ["doc000000", "doc000001", "doc000002"]
    assert model.row_of("doc004999") == 4997 and len(model.every_id()) == 5000
    model.toggle_near_identical(0)
    assert [model.doc_id(r) for r in range(4)] == ["doc000000", "doc000003", "doc000004", "doc000001"]
    model.set_result(other, made[0])  # made for another result: not used
    assert model.rowCount() == 7 and model.doc_id(6) == "doc000006"


def test_the_first_rows_are_fetched_with_the_entries_off_the_gui_thread(qtbot):
    import threading

    from desktop.results_model import prepare_rows

    asked: list[tuple[str, list[str]]] = []

    def rows(ids):
        ids = list(ids)
        asked.append((threading.current_thread().name, ids))
        return {i: DocumentRow(i, f"Title {i}", None, "readout", "en", "ok", (), "") for i in ids if i != "doc000002"}

    result = _result(120)
    made = []
    thread = threading.Thread(target=lambda: made.append(prepare_rows(result, rows)), name="search")
    thread.start()
    thread.join()
    assert asked == [("search", [f"doc{i:06}" for i in range(ROW_CHUNK)])]
    model = ResultsModel(rows)
    model.set_result(result, made[0])
    assert [model.index(r).data() for r in range(3)] == ["Title doc000000", "Title doc000001", "(removed)"]
    assert model.index(ROW_CHUNK - 1).data() == f"Title doc{ROW_CHUNK - 1:06}"
    assert len(asked) == 1  # the first chunk came with the entries
    assert model.index(ROW_CHUNK).data() == f"Title doc{ROW_CHUNK:06}"
    assert len(asked) == 2 and asked[1][0] == threading.current_thread().name
