"""``chancery reextract`` brings an existing library's dates and countries up to the current rules."""

from __future__ import annotations

import json

import pytest

from index import Library
from index.catalogue import Catalogue


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "speech-1961.txt").write_text(
        "Mr. President,\n\nBelgrade has welcomed the Heads of State of the non-aligned countries.\n",
        encoding="utf-8")
    (folder / "speech-1961.meta.json").write_text(json.dumps({"year": 1961}), encoding="utf-8")
    (folder / "resolution.txt").write_text(
        "The General Assembly,\n\nRecalling its resolution 2200 A (XXI) of 16 December 1966,\n\n"
        "1. Requests the Secretary-General to report to it.\n", encoding="utf-8")
    (folder / "treaty.txt").write_text(
        "Treaty between two river States\n\nRecalling the Agreement signed at Vienna on 2 March 1966,\n\n"
        "Article 1\nThe Parties shall cooperate in Prague and in Moscow.\n\n"
        "Done at Geneva on the eighth day of June in the year one thousand nine hundred and seventy-seven.\n",
        encoding="utf-8")
    lib = Library.open(tmp_path / "library")
    lib.import_paths([folder])
    yield lib
    lib.close()


def _by_name(library: Library, name: str):
    for doc_id in library.catalogue.ids():
        statement = library.catalogue.get(doc_id)
        if statement.source_path.endswith(name):
            return statement
    raise AssertionError(name)


def _store_as_an_older_release_did(library: Library, statement) -> None:
    with library.catalogue.transaction() as conn:
        Catalogue.put_document(conn, statement, status=None)


def test_reextract_applies_the_statements_own_date_and_its_era(library):
    """GIVEN statements stored by an older release (first date wins, countries as of today) WHEN reextracted
    THEN the cited date is dropped with a reason, the closing formula dates the treaty and Belgrade is Yugoslavia."""
    old_resolution = _by_name(library, "resolution.txt")
    old_resolution.date, old_resolution.date_confidence = "1966-12-16", 0.3
    old_resolution.field_sources["date"] = "text"
    old_resolution.extra = {"date_matched": "16 December 1966"}
    _store_as_an_older_release_did(library, old_resolution)

    old_treaty = _by_name(library, "treaty.txt")
    old_treaty.date, old_treaty.field_sources["date"] = "1966-03-02", "text"
    old_treaty.countries = []
    _store_as_an_older_release_did(library, old_treaty)

    old_speech = _by_name(library, "speech-1961.txt")
    old_speech.countries = []
    _store_as_an_older_release_did(library, old_speech)

    assert library.reextract() == 3

    resolution = _by_name(library, "resolution.txt")
    assert resolution.date is None and "date" not in resolution.field_sources
    assert "16 December 1966" in resolution.extra["date_reason"]
    assert "date_matched" not in resolution.extra

    treaty = _by_name(library, "treaty.txt")
    assert (treaty.date, treaty.extra["date_kind"]) == ("1977-06-08", "closing formula")
    codes = {c.code for c in treaty.countries}
    assert {"CSK", "SUN"} <= codes and not {"CZE", "RUS"} & codes  # as of 1977
    assert treaty.extra["era_basis"] == "text"

    speech = _by_name(library, "speech-1961.txt")
    assert speech.date == "1961" and [c.code for c in speech.countries] == ["YUG"]
    assert speech.extra["era_as_of"] == "1961"


def test_reextract_keeps_a_date_the_archivist_set(library):
    statement = _by_name(library, "resolution.txt")
    statement.date, statement.date_confidence, statement.field_sources["date"] = "1991-12-14", 1.0, "user"
    _store_as_an_older_release_did(library, statement)
    library.reextract()
    kept = _by_name(library, "resolution.txt")
    assert (kept.date, kept.field_sources["date"]) == ("1991-12-14", "user")
    assert kept.extra["era_as_of"] == "1991-12-14" and kept.extra["era_basis"] == "metadata"
