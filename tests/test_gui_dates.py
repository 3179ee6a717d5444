"""The document view says where a statement's date came from, and shows the phrase in the text."""

from __future__ import annotations

import pytest

from desktop.date_evidence import SPAN_LINK, date_lines
from documents.statement import Statement

pytestmark = pytest.mark.gui


def _open(qtbot, window, query: str):
    with qtbot.waitSignal(window.search_finished, timeout=10000) as blocker:
        window.search_box.setText(query)
        window.search_now()
    assert blocker.args[0].total == 1
    qtbot.waitUntil(lambda: window.document_view.statement is not None, timeout=10000)
    return window.document_view


def test_a_date_read_from_the_text_names_its_phrase_and_shows_it(qtbot, window):
    view = _open(qtbot, window, '"hundreds of people" smuggling')
    header = view.header.text()
    assert "Dated by the dateline: <a href='chancery:date-span'" in header
    assert "\u201c2 October 2014\u201d" in header and "Countries read as of 2014-10-02 (the date in the text)" in header
    view.header.linkActivated.emit(SPAN_LINK)
    assert view.text.textCursor().selectedText() == "2 October 2014"


def test_a_date_given_beside_the_file_says_so(qtbot, window):
    view = _open(qtbot, window, "Maarif")
    assert "Date given in the file&#x27;s front matter." in view.header.text()


def test_an_undated_statement_gives_its_reason_and_marks_the_era_as_today():
    statement = Statement(id="x", source_path="/a.txt", content_hash="", title="Note", date=None,
                          text="Recalling the Declaration of 1959.")
    statement.extra.update({"date_reason": "the only dates are of instruments it cites",
                            "era_as_of": "2026-12-01", "era_basis": "today",
                            "era_note": "resolved as of today because undated"})
    lines = date_lines(statement)
    assert "Undated: the only dates are of instruments it cites." in lines[0]
    assert "Countries resolved as of today, because the statement is undated." in lines[1]


def test_document_text_cannot_inject_markup_through_the_date_phrase():
    statement = Statement(id="x", source_path="/a.txt", content_hash="", title="t", date="2020-05-01",
                          text="<b>1 May 2020</b>")
    statement.field_sources["date"] = "text"
    statement.extra.update({"date_matched": "<img src=http://x/>1 May 2020", "date_kind": "dateline"})
    assert "<img" not in "".join(date_lines(statement))
