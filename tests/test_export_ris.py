"""RIS: read back with rispy field by field, and checked against the rules of Zotero's RIS importer."""

from __future__ import annotations

import io
import re

import pytest
import rispy

from index.export.ris_writer import (
    RIS_TYPES,
    corporate_heading,
    format_entry,
    note_from_html,
    note_html,
    ris_type,
    write_ris,
)
from index.export.values import normalise_newlines, one_line
from tests.fixtures_export import HOSTILE, JOINT_STATEMENT, SAMPLES, SPEECH, TREATY, UNDATED, YEAR_ONLY

# Zotero's RIS.js: a line is a tag line when it matches this; any other line continues the value before it.
ZOTERO_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$")
# Zotero's dateRIStoZotero: YYYY/MM/DD/other with everything but the year optional.
ZOTERO_DATE = re.compile(r"^(\d+)(?:/(\d{0,2})(?:/(\d{0,2})(?:(?:/|\s)([^/]*))?)?)?$")


def zotero_creator(value: str) -> dict[str, str]:
    """What Zotero's importer makes of an AU value: split at the first comma, single field when none."""
    last = re.split(r"\s*,\s*", value)[0]
    first = re.sub(r"^\s*,\s*", "", value[len(last):])
    return {"lastName": last, "firstName": first} if first else {"lastName": last, "fieldMode": "1"}


def zotero_date(value: str) -> str:
    year, month, day, _other = ZOTERO_DATE.match(value).groups()
    parts = [part.lstrip("0") for part in (year, month or "", day or "")]
    parts = parts[:parts.index("")] if "" in parts else parts
    return "-".join([parts[0].zfill(4), *(p.zfill(2) for p in parts[1:])])


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    path = tmp_path_factory.mktemp("ris") / "export.ris"
    result = write_ris(SAMPLES, path)
    assert result.written == len(SAMPLES) and not result.cancelled
    return path


def test_rispy_reads_back_every_record_field_by_field(exported):
    entries = rispy.load(exported, encoding="utf-8")
    assert [e["id"] for e in entries] == [r.id for r in SAMPLES]
    for entry, record in zip(entries, SAMPLES, strict=True):
        assert entry["type_of_reference"] == ris_type(record)
        assert entry["title"] == one_line(record.title)
        assert entry["type_of_work"] == record.doc_type_label
        assert entry.get("keywords", []) == list(record.tags)
        assert entry.get("urls", []) == ([record.source_url] if record.source_url else [])
        assert entry.get("publisher") == record.issuer
        assert entry["accession_number"] == record.archive_location
        assert entry["name_of_database"] == record.archive
        assert entry.get("language") == (None if record.language == "und" else record.language)
        notes = [note_from_html(n) for n in entry.get("notes", [])]
        expected = ([normalise_newlines(record.note)] if record.note.strip() else [])
        assert notes[:len(expected)] == expected
        assert len(notes) == len(expected) + len(record.passages)


def test_dates_are_slashed_and_partial_dates_read_back_as_zotero_reads_them(exported):
    entries = {e["id"]: e for e in rispy.load(exported, encoding="utf-8")}
    assert entries[TREATY.id]["date"] == "2022/10/13"
    assert entries[JOINT_STATEMENT.id]["date"] == "2022/10/"
    assert entries[YEAR_ONLY.id]["date"] == "2021//"
    assert entries[YEAR_ONLY.id]["year"] == "2021"
    assert "date" not in entries[UNDATED.id]
    for record in SAMPLES:
        if record.date:
            assert zotero_date(entries[record.id]["date"]) == record.date


def test_an_issuing_body_is_one_institutional_creator_in_zotero():
    entry = format_entry(JOINT_STATEMENT)
    [author] = [line[6:] for line in entry.splitlines() if line.startswith("AU  - ")]
    assert author == "Japan. Ministry of Foreign Affairs"
    assert zotero_creator(author) == {"lastName": "Japan. Ministry of Foreign Affairs", "fieldMode": "1"}
    # The comma form would have made a person of it, which is what the heading avoids.
    assert zotero_creator("Ministry of Foreign Affairs, Japan")["firstName"] == "Japan"
    assert "PB  - Ministry of Foreign Affairs, Japan" in entry  # PB is never split


def test_a_speaker_written_family_comma_given_is_split_as_intended():
    [author] = [line[6:] for line in format_entry(SPEECH).splitlines() if line.startswith("AU  - ")]
    assert zotero_creator(author) == {"lastName": "Guterres", "firstName": "António"}


@pytest.mark.parametrize(("name", "heading"), [
    ("Ministry of Foreign Affairs, Japan", "Japan. Ministry of Foreign Affairs"),
    ("Press Office, Ministry of Foreign Affairs, Republic of Türkiye",
     "Republic of Türkiye. Ministry of Foreign Affairs. Press Office"),
    ("Office of the Spokesperson, U.S. Dept.", "U.S. Dept. Office of the Spokesperson"),
    ("President of Russia", "President of Russia"),
    ("Ministry,\nJapan,", "Japan. Ministry"),
])
def test_corporate_headings_never_contain_a_comma(name, heading):
    assert corporate_heading(name) == heading
    assert "," not in corporate_heading(name)


def test_no_line_inside_a_record_can_end_it_in_zotero_or_rispy(exported):
    text = exported.read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    assert all(ZOTERO_TAG_LINE.match(line) or line == "" for line in lines)
    assert sum(line == "ER  - " for line in lines) == len(SAMPLES)
    assert sum(line.startswith("TY  - ") for line in lines) == len(SAMPLES)
    assert "\n" not in text.replace("\r\n", "")


def test_lines_end_with_crlf_and_the_file_has_no_byte_order_mark(exported):
    data = exported.read_bytes()
    assert data.startswith(b"TY  - GOVDOC\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")


def test_hostile_note_and_passages_come_back_exactly():
    stream = io.StringIO(newline="")
    write_ris([HOSTILE], stream)
    [entry] = rispy.loads(stream.getvalue())
    assert entry["title"] == one_line(HOSTILE.title)
    assert note_from_html(entry["notes"][0]) == normalise_newlines(HOSTILE.note)
    assert entry["keywords"] == list(HOSTILE.tags)
    assert "<script>" not in entry["notes"][0]


@pytest.mark.parametrize("note", ["", "one", "a\nb", "a\n\nb", "a\n\n\nb", "<p>x</p> &amp; <br/>", "\n\nlead", "t\tab"])
def test_note_html_round_trips(note):
    assert note_from_html(note_html(note)) == note


def test_reports_are_rprt_and_unknown_types_govdoc():
    assert ris_type(TREATY) == "GOVDOC"
    assert ris_type(SPEECH) == "GOVDOC"
    assert ris_type(TREATY.__class__(**{**TREATY.__dict__, "doc_type": "report"})) == "RPRT"
    assert ris_type(TREATY.__class__(**{**TREATY.__dict__, "doc_type": "invented"})) == "GOVDOC"


def test_every_document_type_chancery_detects_has_a_considered_ris_type():
    from documents.extract.doctype import DOC_TYPES

    assert set(DOC_TYPES) <= set(RIS_TYPES)
