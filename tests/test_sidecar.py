"""Metadata beside documents: sidecars win over manifests, manifests over extraction; broken ones are reported."""

from __future__ import annotations

import json

from documents.build import BuildContext, file_sha256, statements_from_file
from documents.extract import default_extractor
from documents.sidecar import doc_type_code


def _build(path, root=None):
    context = BuildContext(default_extractor(), root=root)
    [statement] = statements_from_file(path, file_sha256(path), context)
    return statement


def test_sidecar_wins_and_every_field_records_its_source(tmp_path):
    text = tmp_path / "speech.txt"
    text.write_text("Statement by the delegation\nWe thank the President of the General Assembly.\n",
                    encoding="utf-8")
    (tmp_path / "speech.meta.json").write_text(json.dumps({
        "title": "Address to the General Assembly", "date": "1995-09-27", "country_iso3": "NOR",
        "doc_kind": "UN General Assembly general debate statement", "source_url": "https://example.org/1",
        "organisation": "United Nations General Assembly", "speaker": "A. Minister",
    }), encoding="utf-8")
    statement = _build(text)
    assert statement.title == "Address to the General Assembly"
    assert statement.date == "1995-09-27"
    assert statement.doc_type == "speech"
    assert statement.countries[0].code == "NOR" and statement.countries[0].central
    assert statement.extra["source_url"] == "https://example.org/1"
    assert statement.extra["speaker"] == "A. Minister"
    assert statement.field_sources["title"] == "sidecar"
    assert statement.field_sources["date"] == "sidecar"
    assert statement.field_sources["doc_type"] == "sidecar"
    assert statement.field_sources["countries"].startswith("sidecar")


def test_manifest_rows_match_by_path_or_id_and_lose_to_sidecars(tmp_path):
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text("Readout\nThe ministers spoke.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Note\nThe ministers met.\n", encoding="utf-8")
    (folder / "metadata.csv").write_text(
        "file,id,title,date,country_iso3,doc_type\n"
        "sub/a.txt,,Readout of the call,2021-02-03,JPN;KOR,readout\n"
        ",b,Joint note,2020-01-02,CHL,joint statement\n", encoding="utf-8")
    (folder / "b.meta.json").write_text(json.dumps({"title": "Sidecar title"}), encoding="utf-8")
    a = _build(folder / "sub" / "a.txt", root=folder)
    assert (a.title, a.date, a.doc_type) == ("Readout of the call", "2021-02-03", "readout")
    assert [c.code for c in a.countries[:2]] == ["JPN", "KOR"]
    assert a.field_sources["title"] == "manifest"
    b = _build(folder / "b.txt", root=folder)
    assert b.title == "Sidecar title" and b.field_sources["title"] == "sidecar"
    assert b.date == "2020-01-02" and b.field_sources["date"] == "manifest"
    assert b.doc_type == "joint_statement"


def test_broken_sidecar_and_manifest_are_warnings_not_failures(tmp_path):
    text = tmp_path / "note.txt"
    text.write_text("A note\nOn fisheries.\n", encoding="utf-8")
    (tmp_path / "note.meta.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "metadata.csv").write_bytes(b"file,title\n\xff\xfe\x00broken")
    statement = _build(text, root=tmp_path)
    assert statement.title == "A note"
    warnings = " ".join(statement.provenance.warnings)
    assert "sidecar note.meta.json could not be read" in warnings
    assert "manifest" in warnings


def test_free_text_kinds_map_to_type_codes():
    assert doc_type_code("Joint Statement") == "joint_statement"
    assert doc_type_code("readout") == "readout"
    assert doc_type_code("fact_sheet") == "fact_sheet"
    assert doc_type_code("Memorandum of Understanding") == "mou"
    assert doc_type_code("something else") == "other"


def test_sidecar_year_dates_a_speech_unless_the_text_has_a_date_in_that_year(tmp_path):
    anniversary = tmp_path / "a.txt"
    anniversary.write_text("Mr. President,\nOn 12 September 1979 our nation joined this Organization.\n",
                           encoding="utf-8")
    precise = tmp_path / "b.txt"
    precise.write_text("Mr. President,\nSince 10 November 2001 the talks have resumed.\n", encoding="utf-8")
    for path in (anniversary, precise):
        path.with_name(path.stem + ".meta.json").write_text(json.dumps({"year": 2001, "country_iso3": "AFG"}),
                                                            encoding="utf-8")
    dated_by_year = _build(anniversary)
    assert dated_by_year.date == "2001" and dated_by_year.year == 2001
    assert dated_by_year.field_sources["date"] == "sidecar"
    dated_by_text = _build(precise)
    assert dated_by_text.date == "2001-11-10" and dated_by_text.field_sources["date"] == "text"
