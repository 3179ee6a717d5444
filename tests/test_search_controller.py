"""The search controller: one background thread, and answers to superseded requests are never shown."""

from __future__ import annotations

import pytest

from desktop.search_controller import SearchController, Tickets
from index import SearchRequest

pytestmark = pytest.mark.gui


@pytest.fixture
def controller(qtbot, sample_library):
    searches = SearchController(sample_library)
    yield searches
    searches.shutdown()


def _collect(signal) -> list:
    seen: list = []
    signal.connect(lambda *args: seen.append(args if len(args) > 1 else args[0]))
    return seen


def test_tickets_make_older_requests_stale():
    tickets = Tickets()
    first = tickets.issue()
    assert tickets.is_current(first)
    second = tickets.issue()
    assert not tickets.is_current(first) and tickets.is_current(second) and tickets.newest == second


def test_only_the_newest_of_several_searches_is_shown(qtbot, controller):
    shown = _collect(controller.search_finished)
    with qtbot.waitSignal(controller.search_finished, timeout=10000):
        for text in ("trade", "energy", "Kazakhstan"):
            controller.search(SearchRequest(text=text))
    assert [result.request.text for result in shown] == ["Kazakhstan"]


def test_a_search_replaces_a_similar_list_still_to_come(qtbot, controller, sample_library):
    """More like this is dropped when the person searches before it arrives (its staleness check)."""
    doc_id = next(iter(sample_library.ids()))
    shown = _collect(controller.search_finished)
    with qtbot.waitSignal(controller.search_finished, timeout=10000):
        controller.similar(doc_id, "Statements like it")
        controller.search(SearchRequest(text="cooperation"))
    assert [result.request.text for result in shown] == ["cooperation"]


def test_a_similar_list_arrives_with_its_heading(qtbot, controller, sample_library):
    doc_id = sample_library.search("Kazakhstan").hits[0].doc_id
    with qtbot.waitSignal(controller.search_finished, timeout=10000) as blocker:
        controller.similar(doc_id, "Statements like the seed")
    result = blocker.args[0]
    assert result.messages[0] == "Statements like the seed"
    assert result.hits and doc_id not in {hit.doc_id for hit in result.hits}


def test_snippets_for_results_that_were_replaced_are_dropped(qtbot, controller, sample_library):
    ids = sorted(sample_library.ids())[:3]
    snippets = _collect(controller.snippets_ready)
    with qtbot.waitSignal(controller.search_finished, timeout=10000):
        controller.snippets(ids, {"cooper"})
        controller.search(SearchRequest(text="cooperation"))
    assert snippets == []
    with qtbot.waitSignal(controller.snippets_ready, timeout=10000) as blocker:
        controller.snippets(ids, {"cooper"})
    assert set(blocker.args[0]) == set(ids)


def test_only_the_last_document_opened_is_shown(qtbot, controller, sample_library):
    first, second = sorted(sample_library.ids())[:2]
    shown = _collect(controller.document_ready)
    with qtbot.waitSignal(controller.document_ready, timeout=10000):
        controller.open_document(first, ())
        controller.open_document(second, ())
    assert [doc_id for doc_id, _statement, _highlights in shown] == [second]
    assert shown[0][1].id == second


def test_completions_come_back_for_the_word_asked(qtbot, controller):
    answers = []
    controller.complete("kaz", lambda word, items: answers.append((word, items)))
    qtbot.waitUntil(lambda: bool(answers), timeout=10000)
    word, items = answers[0]
    assert word == "kaz" and any(item.text == "country:KAZ" for item in items)
