"""Hostile text survives every format: newlines, tabs, quotes, "ER  -" at a line start, Arabic, Hebrew, 1 MB."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from html.parser import HTMLParser

import jsonschema
import pytest
import rispy
from markdown_it import MarkdownIt

from index.export import DossierOptions, read_annotations, write_annotations, write_export
from index.export.csv_writer import COLUMNS, unguard
from index.export.json_writer import record_from_dict
from index.export.ris_writer import note_from_html
from index.export.values import normalise_newlines, one_line
from tests.fixtures_export import ARABIC, HEBREW, HOSTILE, annotated
from tests.test_export_csljson import SCHEMA

BIG_NOTE = (HOSTILE.note + "\n") * (1_000_000 // (len(HOSTILE.note) + 1))
BIG = replace(HOSTILE, id="b1b2c3d4e5f60006", note=BIG_NOTE)
RECORDS = [HOSTILE, BIG]


def export(name, records=RECORDS):
    stream = io.StringIO(newline="")
    write_export(name, records, stream, dossier=DossierOptions(style=""))
    return stream.getvalue()


@pytest.fixture
def large_csv_fields():
    previous = csv.field_size_limit(10_000_000)  # the reader's default limit is 128 KiB a cell
    yield
    csv.field_size_limit(previous)


def test_csv_keeps_every_cell_whole(large_csv_fields):
    rows = list(csv.reader(io.StringIO(export("csv"), newline="")))
    assert rows[0][0] == "\ufeffid" and len(rows) == 3
    for row, record in zip(rows[1:], RECORDS, strict=True):
        cells = dict(zip(COLUMNS, (unguard(c) for c in row), strict=True))
        assert cells["title"] == normalise_newlines(record.title)
        assert cells["note"] == normalise_newlines(record.note)
        assert cells["path"] == record.path


def test_json_keeps_every_field_exactly():
    assert [record_from_dict(d) for d in json.loads(export("json"))] == RECORDS


def test_ris_keeps_records_apart_and_notes_whole():
    entries = rispy.loads(export("ris"))
    assert [e["id"] for e in entries] == [r.id for r in RECORDS]
    for entry, record in zip(entries, RECORDS, strict=True):
        assert entry["title"] == one_line(record.title)
        assert note_from_html(entry["notes"][0]) == normalise_newlines(record.note)
        assert note_from_html(entry["notes"][1]).startswith(normalise_newlines(record.passages[0].quote))


def test_csl_json_is_valid_and_exact():
    items = json.loads(export("csljson"))
    jsonschema.validate(items, SCHEMA)
    assert [(i["title"], i["note"]) for i in items] == [(r.title, r.note) for r in RECORDS]


def test_the_markdown_dossier_renders_the_text_as_text():
    rendered = MarkdownIt("commonmark").render(export("md"))
    assert "<script>" not in rendered and "<a " not in rendered
    assert rendered.count(ARABIC) >= 2 and rendered.count(HEBREW) >= 2
    assert rendered.count("=HYPERLINK") > 1000  # the 1 MB note is all there


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.scripts = [], 0

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"

    def handle_data(self, data):
        self.text.append(data)


def test_the_html_dossier_shows_the_text_and_runs_none_of_it():
    parser = _Text()
    parser.feed(export("html"))
    text = "".join(parser.text)
    assert parser.scripts == 0
    assert text.count("<script>alert(1)</script>") > 1000 and ARABIC in text and HEBREW in text


def test_annotations_keep_everything_exactly():
    stream = io.StringIO()
    write_annotations([annotated(r) for r in RECORDS], stream, created="x")
    stream.seek(0)
    read = read_annotations(stream)
    assert read.problems == [] and read.statements == [annotated(r) for r in RECORDS]


@pytest.mark.parametrize("name", ["csv", "ris", "md", "html"])
def test_control_characters_are_dropped_from_text_formats(name):
    """JSON keeps them, escaped (``\\u0000``); formats without escapes drop them."""
    record = replace(HOSTILE, title="bell\x07 nul\x00 esc\x1b end", note="a\x00b")
    text = export(name, [record])
    assert not {"\x00", "\x07", "\x1b"} & set(text)
