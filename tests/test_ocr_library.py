"""OCR in the library: the catalogue's migration to the OCR cache, the worker processes, and ``chancery ocr``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import documents.ocr.scanned as scanned
from desktop.cli import main
from index import IMPORT_POOL_THRESHOLD, Library
from tests.fixtures_docs import make_text
from tests.ocr_inputs import ENGLISH, RUSSIAN, need_tesseract, scanned_pdf, scanned_png


def _sql(path: Path, sql: str) -> list:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_catalogue_of_the_previous_release_gains_the_ocr_cache_and_loses_nothing(tmp_path):
    """GIVEN a library at catalogue version 3 (before OCR) with a tag and a note WHEN this release opens it
    THEN it is at the latest version with an empty OCR cache, and every statement, tag and note is as it was."""
    folder = tmp_path / "library"
    archive = tmp_path / "archive"
    archive.mkdir()
    for number in range(3):
        make_text(archive / f"s{number}.txt", f"Statement {number} on the grain corridor through Kazakhstan.")
    with Library.open(folder) as library:
        library.import_paths([archive])
        ids = sorted(library.ids())
        library.workbench.tags.add(ids[:2], "grain")
        library.workbench.notes.set_note(ids[0], "Check the date.")
    catalogue = folder / "catalogue.sqlite3"
    conn = sqlite3.connect(catalogue)
    with conn:  # as the previous release left it
        conn.execute("DROP TABLE ocr_pages")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'catalogue_version'")
    conn.close()
    before = {table: _sql(catalogue, f"SELECT * FROM {table} ORDER BY 1")
              for table in ("documents", "locations", "tags", "doc_tags", "notes")}
    from index.workbench.tables import LATEST

    with Library.open(folder) as library:
        assert library.catalogue.migrated_from == 3
        assert library.search("tag:grain").total == 2 and library.workbench.notes.note(ids[0]) == "Check the date."
        assert all(s.ocr == [] for s in library.statements())
        assert library.ocr_status().cached_pages == 0 and library.unread_ids() == []
    assert {table: _sql(catalogue, f"SELECT * FROM {table} ORDER BY 1") for table in before} == before
    assert _sql(catalogue, "SELECT value FROM meta WHERE key = 'catalogue_version'") == [(str(LATEST),)]
    assert _sql(catalogue, "SELECT COUNT(*) FROM ocr_pages") == [(0,)]


@pytest.mark.slow
def test_import_workers_read_scans_with_progress_per_page(tmp_path):
    """GIVEN enough files for worker processes, two of them scans WHEN imported THEN each scanned page is
    reported as it is read, the pages are cached by the workers, and their words are found."""
    need_tesseract("eng", "rus")
    archive = tmp_path / "archive"
    archive.mkdir()
    for number in range(IMPORT_POOL_THRESHOLD):
        make_text(archive / f"note-{number:03}.txt", f"Note {number} on maritime cooperation.")
    scanned_pdf(archive / "scan.pdf", [ENGLISH, "The delegations signed the protocol on fisheries."])
    scanned_png(archive / "scan-ru.png", RUSSIAN)
    pages = []
    with Library.open(tmp_path / "library") as library:
        report = library.import_paths([archive], progress=lambda p: pages.append((p.ocr_pages, p.ocr_current)))
        assert report.added == IMPORT_POOL_THRESHOLD + 2 and report.ocr_pages == 3 and not report.problems
        read = [current for count, current in pages if current]
        assert max(count for count, _current in pages) == 3
        assert "page 2 of 2 of scan.pdf" in read and "page 1 of 1 of scan-ru.png" in read
        assert library.search("fisheries").total == 1 and library.search("Казахстаном").total == 1
        assert library.ocr_status().cached_pages == 3


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_chancery_ocr_reads_what_an_import_without_tesseract_left(tmp_path, capsys, monkeypatch):
    need_tesseract("eng")
    archive = tmp_path / "archive"
    archive.mkdir()
    scanned_png(archive / "scan.png", ENGLISH)
    library = str(tmp_path / "library")
    with monkeypatch.context() as patch:
        patch.setattr(scanned, "find_engine", lambda refresh=False: None)
        patch.setattr(scanned, "missing_reason", lambda: "Tesseract is not installed")
        code, out, _err = _run(capsys, "index", str(archive), "--library", library)
    assert code == 0 and "1 scanned page in 1 statement were not read: Tesseract is not installed" in out
    code, out, _err = _run(capsys, "ocr", "--status", "--library", library, "--json")
    status = json.loads(out)
    assert code == 0 and status["unread_statements"] == 1 and "eng" in status["installed"]
    code, out, _err = _run(capsys, "ocr", "--library", library, "--lang", "eng", "--json")
    payload = json.loads(out)
    assert code == 0 and payload["statements"] == 1 and payload["pages_read"] == 1 and payload["problems"] == []
    code, out, _err = _run(capsys, "search", "corridor", "--library", library, "--json")
    assert json.loads(out)["total"] == 1
    code, out, _err = _run(capsys, "ocr", "--library", library)
    assert code == 0 and "no statement is marked scanned" in out


def test_chancery_ocr_says_what_is_missing(tmp_path, capsys, monkeypatch):
    import index.ocr.library_methods as methods

    monkeypatch.setattr(methods, "find_engine", lambda refresh=False: None)
    monkeypatch.setattr(methods, "missing_reason", lambda: "Tesseract is not installed")
    code, _out, err = _run(capsys, "ocr", "--library", str(tmp_path / "library"))
    assert code == 2 and "Tesseract is not installed" in err and "README" in err
    code, out, _err = _run(capsys, "ocr", "--set-languages", "tur+eng", "--library", str(tmp_path / "library"))
    assert code == 0 and "tur+eng" in out
