"""Trust in the archive: fixity checks find changed, missing and moved files; check finds and repairs an
index that drifted; backups restore everything; each statement keeps its history."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pytest

from desktop.cli import main
from index import CatalogueDamaged, Library, LibraryError


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    for name, text in (("a.md", "Norway and Japan on energy."), ("b.md", "Chile and Japan on trade."),
                       ("c.md", "Kenya and India on health."), ("d.md", "Poland and Ukraine on grain.")):
        (folder / name).write_text(f"---\ntitle: {name}\n---\n{text}\n", encoding="utf-8")
    with Library.open(tmp_path / "library") as library:
        library.import_paths([folder])
        yield library, folder


def test_verify_finds_a_changed_a_deleted_and_a_moved_file(archive, capsys):
    library, folder = archive
    (folder / "a.md").write_text("---\ntitle: a.md\n---\nNorway and Japan on energy, edited.\n", encoding="utf-8")
    (folder / "b.md").unlink()
    os.replace(folder / "c.md", folder / "sub" / "c-moved.md")
    report = library.verify()
    by_name = {os.path.basename(c.path): c for c in report.checks}
    assert {name: c.outcome for name, c in by_name.items()} == {
        "a.md": "changed", "b.md": "missing", "c.md": "moved", "d.md": "unchanged"}
    changed = by_name["a.md"]
    assert changed.sha256 != changed.expected_sha256 and changed.size != changed.expected_size
    assert by_name["c.md"].detail == str(folder / "sub" / "c-moved.md")
    assert not report.passed and report.counts()["unchanged"] == 1
    assert library.last_verification()["counts"]["missing"] == 1
    doc_a = next(i for i in library.ids() if library.document(i).title == "a.md")
    assert [(e.kind, e.outcome) for e in library.history(doc_a)] == [("imported", ""), ("verified", "changed")]
    folder_name = str(library.folder)
    library.close()
    assert main(["verify", "--library", folder_name, "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["passed"] is False and {f["outcome"] for f in payload["files"]} == {"changed", "missing", "moved"}


def test_verify_passes_an_untouched_library(archive, capsys):
    library, _folder = archive
    assert library.verify().passed
    folder_name = str(library.folder)
    library.close()
    assert main(["verify", "--library", folder_name]) == 0
    assert capsys.readouterr().out.startswith("4 files checked: 4 unchanged")


def test_verify_hashes_in_worker_processes(archive, monkeypatch):
    import index.audit.fixity as fixity

    library, folder = archive
    monkeypatch.setattr(fixity, "POOL_THRESHOLD", 2)
    (folder / "d.md").write_text("changed\n", encoding="utf-8")
    seen = []
    report = library.verify(progress=lambda done, total: seen.append((done, total)), )
    assert report.counts() == {"unchanged": 3, "changed": 1, "missing": 0, "moved": 0, "unreadable": 0}
    assert seen[-1] == (4, 4)


def test_check_finds_an_index_that_drifted_and_repairs_it(archive, capsys):
    library, _folder = archive
    assert library.check().healthy
    doc = sorted(library.ids())[0]
    with library.store.writer() as writer:
        library.store.delete(writer, [doc])
    stray = library.store.folder / "statements_bogus0123456789.seg"
    stray.write_bytes(b"junk")
    report = library.check()
    assert not report.healthy and "1 statements of the catalogue are not in the index" in report.index_problems[0]
    assert report.stray_files == [str(stray)]
    repaired = library.check(repair=True)
    assert repaired.repaired[0].startswith("the index was rebuilt") and not stray.exists()
    assert library.check().healthy and library.search("").total == 4


def test_check_reports_a_damaged_catalogue(archive):
    library, _folder = archive
    path = library.catalogue.path
    library.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    text_at = data.find(b"Norway and Japan")
    start = text_at - text_at % page  # the b-tree page that holds a statement's text
    data[start:start + 12] = b"\x0d\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"  # a broken page header
    path.write_bytes(bytes(data))
    try:
        reopened = Library.open(path.parent)
    except LibraryError:
        return  # refused at once: as good as the check's verdict
    with reopened:
        report = reopened.check()
        assert not report.catalogue_ok and "Restore it from a backup" in report.lines()[0]


def test_check_reads_back_every_packed_statement_and_names_a_damaged_one(archive):
    library, _folder = archive
    doc_id, data = library.catalogue.transaction().execute("SELECT id, data FROM documents LIMIT 1").fetchone()
    broken = bytearray(data)
    broken[len(broken) // 2] ^= 0xFF  # one changed byte: zlib's checksum catches it
    with library.catalogue.transaction() as conn:
        conn.execute("UPDATE documents SET data = ? WHERE id = ?", (bytes(broken), doc_id))
    report = library.check()
    assert not report.catalogue_ok
    assert report.catalogue_problems[0] == "1 statement cannot be read back."
    assert report.catalogue_problems[1].startswith(f"{doc_id}: its stored metadata cannot be read")
    with pytest.raises(CatalogueDamaged, match="chancery check"):
        library.catalogue.rows([doc_id])  # not SQLite's anonymous "user-defined function raised exception"


def test_backup_and_restore_keep_everything(archive, tmp_path, capsys):
    library, _folder = archive
    ids = sorted(library.ids())
    library.workbench.tags.add(ids[:2], "kept/tag")
    library.workbench.notes.set_note(ids[0], "A note to keep.")
    library.correct(ids[1], "remove", "country", "JPN")
    backup = tmp_path / "backup.chancery"
    assert library.backup(backup) > 0
    restored = Library.restore(backup, tmp_path / "restored")
    with restored:
        assert sorted(restored.ids()) == ids
        assert restored.search("tag:kept").total == 2
        assert restored.workbench.notes.note(ids[0]) == "A note to keep."
        assert "JPN" not in [c.code for c in restored.document(ids[1]).countries]
        assert restored.search("country:JPN").total == library.search("country:JPN").total
        assert [e.kind for e in restored.history(None)][-1] == "restored"
    with pytest.raises(LibraryError, match="already holds a library"):
        Library.restore(backup, tmp_path / "restored")
    (tmp_path / "junk.bin").write_bytes(b"not a backup")
    with pytest.raises(LibraryError):
        Library.restore(tmp_path / "junk.bin", tmp_path / "other")
    library_folder = str(library.folder)
    library.close()
    assert main(["backup", str(tmp_path / "cli.chancery"), "--library", library_folder]) == 0
    assert main(["restore", str(tmp_path / "cli.chancery"), str(tmp_path / "cli-restored")]) == 0
    assert "restored 4 statements" in capsys.readouterr().out


def test_the_history_records_imports_changes_moves_and_corrections(archive):
    library, folder = archive
    doc = next(i for i in library.ids() if library.document(i).title == "b.md")
    (folder / "b.md").write_text("---\ntitle: b.md\n---\nChile and Japan on trade, revised.\n", encoding="utf-8")
    library.import_paths([folder])
    shutil.copy(folder / "b.md", folder / "sub" / "b-copy.md")
    library.import_paths([folder])
    library.correct(doc, "remove", "country", "JPN")
    (folder / "b.md").unlink()
    (folder / "sub" / "b-copy.md").unlink()
    library.import_paths([folder])
    assert [e.kind for e in library.history(doc)] == ["imported", "changed", "located", "corrected", "missing"]
