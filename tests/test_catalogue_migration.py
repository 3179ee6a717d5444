"""A library made by the first release opens in this one with nothing lost, and gains the workbench."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from index import CatalogueDamaged, Library

V1 = Path(__file__).parent / "data" / "catalogue-v1.sqlite3"  # written by the first release (4 statements)


def _rows(path: Path, sql: str) -> list:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def v1_library(tmp_path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(V1, folder / "catalogue.sqlite3")
    return folder


def test_an_old_library_keeps_every_document_location_and_label(v1_library):
    catalogue = v1_library / "catalogue.sqlite3"
    before = {table: _rows(catalogue, f"SELECT * FROM {table} ORDER BY 1")
              for table in ("documents", "locations", "folders", "labels")}
    assert len(before["documents"]) == 4
    with Library.open(v1_library) as library:
        assert library.catalogue.migrated_from == 1
        assert library.count() == 4
        assert library.search("Kazakhstan").total == 3  # the index was rebuilt from the old catalogue
        library.workbench.tags.add(sorted(library.ids())[:2], "migrated")
        assert library.search("tag:migrated").total == 2
    after = {table: _rows(catalogue, f"SELECT * FROM {table} ORDER BY 1") for table in before}
    assert after == before
    from index.workbench.tables import LATEST

    assert _rows(catalogue, "SELECT value FROM meta WHERE key = 'catalogue_version'") == [(str(LATEST),)]


def test_an_old_library_opened_read_only_is_searchable_without_a_workbench(v1_library):
    with Library.open(v1_library) as library:  # once writable, to build its index
        pass
    shutil.copy(V1, v1_library / "catalogue.sqlite3")  # the catalogue as the old release left it
    with Library.open(v1_library, read_only=True) as library:
        assert library.count() == 4 and not library.workbench.available
        assert library.search("Kazakhstan").total == 3
        assert library.saved_searches() == [] and library.corrections() == []


def test_a_migration_that_fails_leaves_the_catalogue_as_it_was(v1_library, monkeypatch):
    import index.workbench.tables as tables

    monkeypatch.setitem(tables.MIGRATIONS, 2, tables.MIGRATIONS[2] + ";\nCREATE TABLE tags (broken TEXT)")
    with pytest.raises(CatalogueDamaged, match="left as it was"):
        Library.open(v1_library)
    names = {row[0] for row in _rows(v1_library / "catalogue.sqlite3", "SELECT name FROM sqlite_master")}
    assert "tags" not in names and "journal" not in names
    assert _rows(v1_library / "catalogue.sqlite3", "SELECT value FROM meta WHERE key = 'catalogue_version'") == [
        ("1",)]


def test_a_catalogue_from_a_newer_release_is_refused_with_a_reason(v1_library):
    conn = sqlite3.connect(v1_library / "catalogue.sqlite3")
    with conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'catalogue_version'")
    conn.close()
    with pytest.raises(CatalogueDamaged, match="newer release of Chancery"):
        Library.open(v1_library)
