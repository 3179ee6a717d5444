"""Hostile files found by bench/hostile_corpus.py: each is read quickly, in bounded memory, or refused with a reason.

Every case here once hung an import, blew up its memory, stopped it outright
or expanded an entity; the files are tiny versions of the benchmark's.
"""

from __future__ import annotations

import json
import os
import threading
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from documents.errors import UnreadableDocument
from documents.readers import read_document
from tests.fixtures_docs import make_odt


def reason_for(path: Path) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    return caught.value.reason


def read_quickly(path: Path, seconds: float = 2.0):
    started = time.monotonic()
    document = read_document(path)
    assert time.monotonic() - started < seconds, "the reader took too long on a hostile file"
    return document


# ---------------------------------------------------------------- Markdown


def test_a_hundred_thousand_unclosed_brackets_read_in_linear_time(tmp_path):
    """GIVEN Markdown with 100,000 "[" and no "]" (the link pattern once took a minute on it) THEN it reads at once."""
    path = tmp_path / "brackets.md"
    path.write_bytes(b"# Title\n\nText " + b"[" * 100_000 + b"\n")
    assert read_quickly(path).text.endswith("[" * 100_000)


def test_links_keep_their_words(tmp_path):
    path = tmp_path / "links.md"
    path.write_text("See [the statement](https://example.org/a) and ![a map](map.png).\n", encoding="utf-8")
    assert read_document(path).text == "See the statement and a map."


def test_a_yaml_alias_bomb_keeps_only_flat_values(tmp_path):
    """GIVEN front matter whose aliases nest 9 levels of 9 THEN nothing nested is kept, and what is kept is small."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = tmp_path / "laughs.md"
    path.write_text("---\n" + "\n".join(lines) + "\n---\nBody.\n", encoding="utf-8")
    document = read_quickly(path)
    assert set(document.properties) == {"a"}
    assert len(json.dumps(document.properties)) < 100


def test_front_matter_past_its_limit_is_ignored_with_a_warning(tmp_path):
    path = tmp_path / "big.md"
    path.write_text("---\n" + "".join(f"k{i}: v{i}\n" for i in range(10_000)) + "---\nBody text.\n", encoding="utf-8")
    document = read_quickly(path)
    assert document.text == "Body text." and document.properties == {}
    assert any("front matter is longer than" in warning for warning in document.warnings)


def test_deeply_nested_front_matter_is_ignored_not_fatal(tmp_path):
    path = tmp_path / "deep.md"
    path.write_text("---\na: " + "[" * 5_000 + "]" * 5_000 + "\n---\nBody text.\n", encoding="utf-8")
    document = read_quickly(path)
    assert document.text == "Body text."
    assert any("nested too deeply" in warning for warning in document.warnings)


# ------------------------------------------------------------ XML, HTML, EML


def test_an_odt_doctype_behind_a_long_comment_is_refused(tmp_path):
    """GIVEN content.xml with a billion-laughs DOCTYPE after 5 KB of comment THEN no entity is expanded."""
    path = make_odt(tmp_path / "laughs.odt", ["Statement text."])
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    content = members["content.xml"].decode()
    entities = '<!ENTITY a "lollollollol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    head = content.index("?>") + 2
    members["content.xml"] = (content[:head] + "<!--" + "p" * 5000 + "-->"
                              + f"<!DOCTYPE office:document-content [{entities}]>"
                              + content[head:].replace("Statement text.", "&b; Statement text.")).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert "declares entities" in reason_for(path)


def test_unclosed_tags_at_the_end_of_a_page_cost_linear_time(tmp_path):
    """GIVEN a page ending in 100,000 unclosed "<a " (Python's parser once re-read the rest for each) THEN fast."""
    path = tmp_path / "tags.html"
    path.write_bytes(b"<p>Statement text.</p>" + b"<a " * 100_000)
    assert read_quickly(path).text == "Statement text."


def test_a_huge_subject_is_read_in_part(tmp_path):
    """GIVEN a 400 KB Subject header (parsing one grows with the square of its length) THEN its start is read."""
    path = tmp_path / "subject.eml"
    path.write_bytes(b"From: a@example.org\r\nSubject: Joint statement " + b"word " * 80_000 + b"\r\n\r\nBody.\r\n")
    document = read_quickly(path)
    assert document.title.startswith("Joint statement word") and len(document.title) <= 8 * 1024
    assert any("read only in part: Subject" in warning for warning in document.warnings)


def test_undecodable_bytes_in_headers_and_front_matter_become_storable_text(tmp_path):
    """GIVEN 8-bit header bytes and a YAML "\\ud800" (lone surrogates, which UTF-8 cannot store) THEN U+FFFD."""
    mail = tmp_path / "bytes.eml"
    mail.write_bytes(b"From: \xff\xfe <a@b.c>\r\nSubject: Stat\xe9ment\r\n\r\nBody text.\r\n")
    page = tmp_path / "escape.md"
    page.write_bytes(b'---\ntitle: "bad \\ud800 title"\nnote: "\\udcff"\n---\nBody text.\n')
    for document in (read_document(mail), read_document(page)):
        json.dumps([document.title, document.properties], ensure_ascii=False).encode("utf-8")
    assert read_document(page).title == "bad \ufffd title"


# ----------------------------------------------------- files that are not files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    reasons: list[str] = []
    reader = threading.Thread(target=lambda: reasons.append(reason_for(pipe)), daemon=True)
    reader.start()
    reader.join(5)
    assert reasons == ["not a regular file (a named pipe, device or folder)"]


@pytest.mark.skipif(not hasattr(os, "mkfifo") or os.name != "posix", reason="needs named pipes and byte names")
def test_an_import_skips_pipes_and_names_that_are_not_utf8_with_reasons(tmp_path):
    """GIVEN a pipe and a file named in latin-1 beside a good file THEN that is imported, the others explained."""
    from index import Library

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "good.txt").write_text("Statement on fisheries with Chile.", encoding="utf-8")
    (folder / "latin1.txt").write_text("Another statement.", encoding="utf-8")
    os.rename(os.fsencode(folder / "latin1.txt"), os.fsencode(folder) + b"/Gen\xe8ve.txt")
    os.mkfifo(folder / "pipe.txt")
    result: list = []
    with Library.open(tmp_path / "library") as library:
        worker = threading.Thread(target=lambda: result.append(library.import_paths([folder])), daemon=True)
        worker.start()
        worker.join(60)
        assert result, "the import waited on the named pipe"
        reasons = {Path(p.path).name: p.reason for p in result[0].problems}
        assert result[0].added == 1 and library.count() == 1
    assert reasons["pipe.txt"] == "not a regular file (a named pipe or device)"
    assert "not valid UTF-8" in reasons["Gen\ufffdve.txt"]


def test_a_file_that_vanishes_while_read_gives_a_reason(tmp_path, monkeypatch):
    import index.ingest.worker_process as worker_process
    from documents.build import BuildContext

    def vanished(path, sha256, context):
        raise FileNotFoundError(2, "No such file or directory", str(path))

    monkeypatch.setattr(worker_process, "statements_from_file", vanished)
    statements, reason = worker_process.read_statements(tmp_path / "gone.txt", "0" * 64, tmp_path, BuildContext(None))
    assert statements is None and reason == "the file was moved or deleted while it was being read"


def test_a_worker_past_its_time_or_memory_limit_is_named_with_the_file_it_holds():
    """GIVEN a worker holding file 5 for 10 s of processing (or with more memory than allowed) THEN it is over."""
    from index.ingest.workers import WorkerPool

    pool = WorkerPool.__new__(WorkerPool)  # the limit check alone, without starting processes
    pool.file_seconds, pool.memory_mb = 2.0, None
    worker = SimpleNamespace(process=SimpleNamespace(pid=os.getpid()),
                             busy=[5.0, time.process_time() - 10, time.monotonic() - 10])
    key, reason = pool._over_limit(worker)
    assert key == 5 and "took more than 2 s of processing, the limit for one file" in reason
    pool.file_seconds, pool.memory_mb = None, 1
    assert "needed more than 1 MB of memory, the limit for one file" in pool._over_limit(worker)[1]
    worker.busy[0] = -1.0  # no file in hand: nothing to stop
    assert pool._over_limit(worker) is None


def test_a_message_of_thousands_of_parts_is_read_in_part(tmp_path, monkeypatch):
    """GIVEN more MIME parts than the reader parses (each costs milliseconds) THEN the first are read, and said so."""
    from documents.readers import eml

    monkeypatch.setattr(eml, "MAX_PART_LINES", 10)
    parts = b"".join(b"--x\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % i for i in range(50))
    path = tmp_path / "parts.eml"
    path.write_bytes(b'From: a@b.c\r\nSubject: Parts\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n'
                     + parts + b"--x--\r\n")
    document = read_document(path)
    assert document.text == "part 0"
    assert any("more than 10 MIME parts" in warning for warning in document.warnings)


def test_a_member_that_lies_about_its_size_is_refused(tmp_path):
    """GIVEN a member declaring 100 bytes over 2 MB of deflated zeros (zipfile inflates it whole before cutting)."""
    import struct

    from tests.fixtures_docs import make_docx

    path = make_docx(tmp_path / "lie.docx", ["Statement text."])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/zeros.bin", bytes(2 * 1024 * 1024))
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")  # the central directory entry of the member just added
    struct.pack_into("<I", data, entry + 24, 100)
    path.write_bytes(bytes(data))
    assert "claims to unpack to less than it is stored in" in reason_for(path)


def test_a_file_whose_name_leaves_no_room_for_a_sidecar_is_read(tmp_path):
    """GIVEN a 255-byte file name (its sidecar's name would be too long to look up) THEN the file is read."""
    from documents.build import BuildContext, file_sha256
    from documents.extract import default_extractor
    from index.ingest.workers import read_statements

    path = tmp_path / ("L" * 251 + ".txt")
    path.write_text("Statement on fisheries with Chile.", encoding="utf-8")
    context = BuildContext(default_extractor())
    statements, reason = read_statements(path, file_sha256(path), tmp_path, context)
    assert reason is None and statements[0].text == "Statement on fisheries with Chile."
