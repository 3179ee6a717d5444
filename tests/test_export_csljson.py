"""CSL-JSON: valid against the CSL data schema, and read back field by field (by json and by citeproc-py)."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import jsonschema
import pytest
from citeproc.source.json import CiteProcJSON

from index.export.csl_json import csl_item, csl_type, person_name, write_csl_json
from index.export.values import genre
from tests.fixtures_export import HOSTILE, JOINT_STATEMENT, SAMPLES, SPEECH, TREATY, UNDATED, YEAR_ONLY, many_records

SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-data.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    return jsonschema.Draft7Validator(SCHEMA)


@pytest.fixture(scope="module")
def items(tmp_path_factory):
    path = tmp_path_factory.mktemp("csl") / "export.json"
    write_csl_json(SAMPLES, path)
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_export_is_valid_csl_data(validator, items):
    errors = sorted(validator.iter_errors(items), key=str)
    assert errors == []


def test_the_schema_rejects_what_csl_does_not_allow(validator):
    assert not validator.is_valid([{"id": "x", "type": "joint_statement"}])
    assert not validator.is_valid([{"id": "x", "type": "document", "archive-location": "typo"}])
    assert not validator.is_valid([{"id": "x", "type": "document", "issued": {"date-parts": [[2022, 1, 2, 3]]}}])
    assert not validator.is_valid([{"type": "document"}])


def test_a_thousand_generated_items_are_valid_too(validator):
    stream = io.StringIO()
    write_csl_json(many_records(1000), stream)
    assert validator.is_valid(json.loads(stream.getvalue()))


def test_items_read_back_field_by_field(items):
    for item, record in zip(items, SAMPLES, strict=True):
        assert item["id"] == record.id
        assert item["type"] == csl_type(record)
        assert item["title"] == record.title
        assert item["genre"] == genre(record)
        assert item.get("archive") == record.archive
        assert item.get("archive_location") == record.archive_location
        assert item.get("URL") == record.source_url
        assert item.get("note", "") == record.note
        assert item.get("keyword", "") == ", ".join(record.tags)
        assert item.get("language") == (None if record.language == "und" else record.language)
        custom = item.get("custom", {})
        assert custom.get("countries", []) == [c.code for c in record.countries]
        assert custom.get("content_hash", "") == record.content_hash


def test_types_follow_the_mapping():
    assert csl_type(TREATY) == "treaty"
    assert csl_type(SPEECH) == "speech"
    assert csl_type(JOINT_STATEMENT) == "document"
    assert csl_type(HOSTILE) == "document"  # a letter: personal_communication would drop it from bibliographies


def test_corporate_authors_are_literal_and_a_speaker_is_the_author_with_the_body_as_publisher():
    assert csl_item(JOINT_STATEMENT)["author"] == [{"literal": "Ministry of Foreign Affairs, Japan"}]
    assert "publisher" not in csl_item(JOINT_STATEMENT)
    speech = csl_item(SPEECH)
    assert speech["author"] == [{"family": "Guterres", "given": "António"}]
    assert speech["publisher"] == "United Nations"
    assert person_name("Xi Jinping") == {"literal": "Xi Jinping"}
    assert person_name("A, B, C") == {"literal": "A, B, C"}


def test_partial_dates_keep_only_the_known_parts():
    assert csl_item(TREATY)["issued"] == {"date-parts": [[2022, 10, 13]]}
    assert csl_item(JOINT_STATEMENT)["issued"] == {"date-parts": [[2022, 10]]}
    assert csl_item(YEAR_ONLY)["issued"] == {"date-parts": [[2021]]}
    assert "issued" not in csl_item(UNDATED)


def test_citeproc_py_reads_the_export_as_a_csl_source(items):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL 1.0.2 variables it does not know
        source = CiteProcJSON(items)
    reference = source[TREATY.id.lower()]
    assert str(reference["title"]) == TREATY.title
    assert reference["issued"]["year"] == 2022 and reference["issued"]["day"] == 13
    assert reference["author"][0]["literal"] == TREATY.issuer
