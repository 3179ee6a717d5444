"""Importing folders: every format, bad input reported, incremental, moves, duplicates, missing files."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from index import Library, SearchRequest
from tests.fixtures_docs import write_broken_documents, write_valid_documents


def _statement(text: str, title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2021-05-04\n---\n{text}\n"


@pytest.fixture
def library(tmp_path):
    lib = Library.open(tmp_path / "library")
    yield lib
    lib.close()


def test_mixed_folder_imports_every_format_and_reports_bad_files(library, tmp_path):
    """GIVEN every format plus broken files WHEN imported THEN good ones are searchable, bad ones reported."""
    folder = tmp_path / "archive with spaces" / "Türkiye arşivi"
    valid = write_valid_documents(folder)
    broken = write_broken_documents(folder / "broken")
    report = library.import_paths([folder])
    readers = {library.document(i).provenance.reader for i in library.catalogue.ids()}
    assert {ext.lstrip(".") for ext in valid} <= readers | {"markdown"}
    skipped = {Path(p.path).name for p in report.problems if p.skipped}
    assert skipped, "broken files must be reported"
    for problem in report.problems:
        assert problem.reason and len(problem.reason) > 8
    assert report.imported >= len(valid)
    # Every skipped file is one of the broken ones, never a valid one.
    assert not skipped & {p.name for p in valid.values()}
    assert {p.name for p in broken.values()} & skipped


def test_reimport_reads_only_changed_files(library, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(_statement("Energy talks with Norway.", "A"), encoding="utf-8")
    (folder / "b.md").write_text(_statement("Trade talks with Japan.", "B"), encoding="utf-8")
    first = library.import_paths([folder])
    assert (first.added, first.unchanged) == (2, 0)
    again = library.import_paths([folder])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)

    old_id = library.catalogue.locations()[0].doc_id
    target = Path(library.catalogue.locations(doc_id=old_id)[0].path)
    target.write_text(_statement("Fisheries talks with Iceland.", "changed"), encoding="utf-8")
    os.utime(target, (time.time() + 5, time.time() + 5))
    changed = library.import_paths([folder])
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 1)
    assert library.document(old_id).title == "changed"  # an edited file keeps its id
    hits = library.search("Iceland")
    assert [h.doc_id for h in hits.hits] == [old_id]


def test_moved_file_is_recognised_by_hash_and_duplicates_are_one_document(library, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(_statement("Maritime cooperation with Chile.", "A"), encoding="utf-8")
    library.import_paths([folder])
    doc_id = library.catalogue.locations()[0].doc_id
    (folder / "sub").mkdir()
    shutil.move(folder / "a.md", folder / "sub" / "renamed.md")
    shutil.copy(folder / "sub" / "renamed.md", folder / "copy.md")
    report = library.import_paths([folder])
    assert report.added == 0 and report.relocated == 2
    assert library.count() == 1
    paths = sorted(Path(loc.path).name for loc in library.catalogue.locations(doc_id=doc_id))
    assert paths == ["copy.md", "renamed.md"]  # the old path was a move, not a missing file


def test_missing_files_are_marked_and_stay_searchable_or_removed(library, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(_statement("Arctic search and rescue with Canada.", "A"), encoding="utf-8")
    (folder / "b.md").write_text(_statement("Space cooperation with Brazil.", "B"), encoding="utf-8")
    library.import_paths([folder])
    (folder / "a.md").unlink()
    report = library.import_paths([folder])
    assert report.missing == 1
    hit = library.search("Arctic").hits
    assert len(hit) == 1 and library.document(hit[0].doc_id).extra["status"] == "missing"
    assert library.rows([hit[0].doc_id])[hit[0].doc_id].status == "missing"
    removed = library.import_paths([folder], missing="remove")
    assert removed.removed == 1
    assert library.search("Arctic").total == 0
    assert library.count() == 1


def test_rescan_rechecks_known_folders(library, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(_statement("Tourism with Egypt.", "A"), encoding="utf-8")
    library.import_paths([folder])
    (folder / "b.md").write_text(_statement("Tourism with Greece.", "B"), encoding="utf-8")
    report = library.rescan()
    assert report.added == 1
    assert library.search("Greece").total == 1


def test_symlink_loop_is_reported_not_followed(library, tmp_path):
    folder = tmp_path / "in"
    (folder / "deep").mkdir(parents=True)
    (folder / "deep" / "a.md").write_text(_statement("Culture with Peru.", "A"), encoding="utf-8")
    os.symlink(folder, folder / "deep" / "loop")
    report = library.import_paths([folder])
    assert report.added == 1
    assert any("loop" in p.reason for p in report.problems)


def test_cancel_keeps_committed_batches(library, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(30):
        (folder / f"s{number:02}.md").write_text(_statement(f"Statement {number} on trade.", f"S{number}"),
                                                 encoding="utf-8")
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 35  # part-way through reading

    report = library.import_paths([folder], cancelled=cancelled)
    assert report.cancelled
    kept = library.count()
    assert 0 < kept < 30
    assert library.search(SearchRequest(limit=None)).total == kept
    resumed = library.import_paths([folder])
    assert library.count() == 30
    assert resumed.added == 30 - kept


def test_email_attachments_become_linked_statements(library, tmp_path):
    from tests.fixtures_docs import make_eml

    folder = tmp_path / "mail"
    folder.mkdir()
    make_eml(folder / "message.eml", subject="Readout of the call with Kenya", body="The ministers spoke today.",
             attachments={"annex.txt": b"Annex on maritime security cooperation with Kenya.\n"})
    report = library.import_paths([folder])
    assert report.added == 2
    by_reader = {library.document(i).provenance.reader: library.document(i) for i in library.catalogue.ids()}
    message, annex = by_reader["eml"], by_reader["txt"]
    assert message.title == "Readout of the call with Kenya"
    assert annex.provenance.parent_id == message.id
    assert annex.source_path.endswith("message.eml#annex.txt")
    assert [h.doc_id for h in library.search("maritime").hits] == [annex.id]
    again = library.import_paths([folder])
    assert (again.added, again.unchanged) == (0, 1)


def test_removing_an_email_removes_its_attachments(library, tmp_path):
    from tests.fixtures_docs import make_eml

    folder = tmp_path / "mail"
    folder.mkdir()
    make_eml(folder / "message.eml", body="The ministers spoke today.",
             attachments={"annex.txt": b"Annex on maritime security.\n"})
    library.import_paths([folder])
    (folder / "message.eml").unlink()
    report = library.import_paths([folder], missing="remove")
    assert report.removed == 1
    assert library.count() == 0
    assert library.search("maritime").total == 0


def test_a_batch_cut_between_catalogue_and_index_is_indexed_again_on_open(tmp_path, monkeypatch):
    """GIVEN an edited file whose import dies after the catalogue commit WHEN the library opens THEN no stale text."""
    from index.backend.store import IndexStore

    folder = tmp_path / "in"
    folder.mkdir()
    target = folder / "a.md"
    target.write_text(_statement("Fisheries talks with Iceland.", "original"), encoding="utf-8")
    library_dir = tmp_path / "library"
    with Library.open(library_dir) as library:
        library.import_paths([folder])
    target.write_text(_statement("Geothermal energy talks with Kenya.", "changed"), encoding="utf-8")
    os.utime(target, (time.time() + 5, time.time() + 5))

    def die(self, writer, commit, merge=True):
        writer.cancel()
        raise RuntimeError("the process ended here")

    with Library.open(library_dir) as library:
        monkeypatch.setattr(IndexStore, "finish_writer", die)
        with pytest.raises(RuntimeError):
            library.import_paths([folder])
        monkeypatch.undo()
        assert library.search("Iceland").total == 1  # the index still holds the old text
    with Library.open(library_dir) as library:
        assert library.search("Iceland").total == 0
        assert library.search("Kenya").total == 1 and library.count() == 1
        assert library.catalogue.unindexed() == []
