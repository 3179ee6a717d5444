"""Texts and metadata stored compressed; a catalogue of an older release read as it is, then packed by compact."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from index import CatalogueDamaged, Library, SearchRequest
from index.catalogue import unpacked
from index.ingest import packing
from tests.test_segment_merge import REPO, import_batches


def _sql(folder: Path, sql: str, args: tuple = ()) -> list:
    conn = sqlite3.connect(folder / "catalogue.sqlite3")
    conn.create_function("unpacked", 1, unpacked, deterministic=True)
    try:
        with conn:
            return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def _kinds(folder: Path) -> set[tuple[str, str]]:
    return set(_sql(folder, "SELECT typeof(data), typeof(text) FROM documents"))


def _everything(library: Library) -> dict:
    """What a person sees of each statement, and what searches answer."""
    ids = sorted(library.ids())
    searches = {query: (result.total, [hit.doc_id for hit in result.hits],
                        [hit.snippet.text if hit.snippet else "" for hit in result.hits])
                for query in ("pipeline", '"climate change"', "Kazakhstan", "tag:kept")
                for result in [library.search(SearchRequest(query, limit=None, snippet_count=50))]}
    return {
        "statements": {doc_id: library.document(doc_id).to_dict() for doc_id in ids},
        "rows": library.rows(ids),
        "with KAZ": sorted(library.catalogue.ids_with("country", "KAZ")),
        "searches": searches,
        "kwic": [(line.doc_id, line.left, line.hit, line.right) for line in library.concordance("pipeline").lines],
        "notes": {doc_id: library.workbench.notes.note(doc_id) for doc_id in ids[:3]},
    }


@pytest.fixture
def library_dir(tmp_path) -> Path:
    folder = tmp_path / "library"
    with Library.open(folder) as library:
        import_batches(library, tmp_path, 3)
        ids = sorted(library.ids())
        library.workbench.tags.add(ids[:4], "kept")
        library.workbench.notes.set_note(ids[0], "Compare with the 2019 communiqué.")
    return folder


def _as_an_older_release_left_it(folder: Path) -> None:
    """Plain text and metadata in every row, and catalogue version 5 (the release before packing)."""
    _sql(folder, "UPDATE documents SET data = unpacked(data), text = unpacked(text)")
    _sql(folder, "UPDATE meta SET value = '5' WHERE key = 'catalogue_version'")


def test_statements_are_stored_compressed_and_read_back_exactly(library_dir):
    assert _kinds(library_dir) == {("blob", "blob")}
    with Library.open(library_dir) as library:
        packed = _everything(library)
        doc_id = next(hit.doc_id for hit in library.search('"Statement number 1."').hits)
        text = library.document(doc_id).text
        assert text == ("Kazakhstan and Norway discussed energy security and the corridor linking their regions. "
                        "The ministers of Kazakhstan will meet again in 2011. Statement number 1.")
        assert library.catalogue.text(doc_id) == text
    stored = _sql(library_dir, "SELECT length(text), length(unpacked(text)) FROM documents WHERE id = ?", (doc_id,))
    assert stored[0][0] < stored[0][1]  # bytes stored, characters read
    _as_an_older_release_left_it(library_dir)
    assert _kinds(library_dir) == {("text", "text")}
    with Library.open(library_dir) as library:
        assert library.catalogue.migrated_from == 5
        assert _everything(library) == packed  # plain rows read exactly as packed ones


def test_compact_packs_an_upgraded_catalogue_and_shrinks_the_file(library_dir):
    _as_an_older_release_left_it(library_dir)
    with Library.open(library_dir) as library:
        before = _everything(library)
        count = library.count()
    plain_size = (library_dir / "catalogue.sqlite3").stat().st_size
    out = subprocess.run([sys.executable, "-m", "desktop", "compact", "--library", str(library_dir), "--json"],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)["catalogue"]
    assert report["outcome"] == "packed" and report["packed"] == count and report["vacuumed"]
    assert report["bytes_before"] == plain_size and report["bytes_after"] < plain_size
    assert (library_dir / "catalogue.sqlite3").stat().st_size == report["bytes_after"]
    assert _kinds(library_dir) == {("blob", "blob")}
    with Library.open(library_dir) as library:
        assert _everything(library) == before  # the tags and the note included
    again = subprocess.run([sys.executable, "-m", "desktop", "compact", "--library", str(library_dir)],
                           cwd=REPO, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "every statement in the catalogue is packed already" in again.stdout


def test_packing_cut_short_loses_nothing_and_resumes(library_dir, monkeypatch):
    _as_an_older_release_left_it(library_dir)
    monkeypatch.setattr(packing, "BATCH", 5)
    with Library.open(library_dir) as library:
        before = _everything(library)
        batches = []
        report = library.pack_catalogue(progress=lambda done, total: batches.append(done),
                                        cancelled=lambda: len(batches) >= 2)
        assert report.outcome == "cancelled" and report.packed == 10 and not report.vacuumed
        assert _kinds(library_dir) == {("blob", "blob"), ("text", "text")}
        assert _everything(library) == before
        finished = library.pack_catalogue(vacuum=False)
        assert finished.outcome == "packed" and finished.packed == library.count() - 10
        assert _everything(library) == before
    assert _kinds(library_dir) == {("blob", "blob")}


def test_packing_waits_for_no_import(library_dir):
    _as_an_older_release_left_it(library_dir)
    with Library.open(library_dir) as library, library.write_lock(timeout=0):
        other = Library.open(library_dir)
        try:
            report = other.pack_catalogue()
        finally:
            other.close()
    assert report.outcome == "busy" and report.packed == 0
    assert _kinds(library_dir) == {("text", "text")}


def test_a_damaged_packed_text_is_reported_and_the_rest_still_reads(library_dir):
    with Library.open(library_dir) as library:
        hit = library.search('"Statement number 1."').hits[0].doc_id
        others = sorted(set(library.ids()) - {hit})
    stored = _sql(library_dir, "SELECT text FROM documents WHERE id = ?", (hit,))[0][0]
    flipped = stored[:20] + bytes([stored[20] ^ 0xFF]) + stored[21:]
    _sql(library_dir, "UPDATE documents SET text = ? WHERE id = ?", (flipped, hit))
    with Library.open(library_dir) as library:
        with pytest.raises(CatalogueDamaged, match=r"stored text is damaged.*chancery restore"):
            library.document(hit)
        assert all(library.document(doc_id).text for doc_id in others)
        result = library.search(SearchRequest("corridor OR pipeline", limit=None, snippet_count=100))
        assert hit in {h.doc_id for h in result.hits}  # the search still answers, without that snippet
        assert next(h for h in result.hits if h.doc_id == hit).snippet.text == ""
