"""Files that cannot be read, or only in part: each gives a reason or a warning, never a crash."""

from __future__ import annotations

import io
import os
import pathlib
import time
import zipfile

import pypdf
import pytest
from pypdf.errors import DependencyError

from documents.errors import UnreadableDocument
from documents.readers import archive_guard, read_document, supported_extensions
from documents.readers.base import MAX_TEXT_BYTES
from tests.fixtures_docs import (
    make_binary_junk,
    make_corrupt_pdf,
    make_docx,
    make_empty,
    make_encrypted_pdf,
    make_huge_text,
    make_invalid_utf8,
    make_not_a_zip,
    make_odt,
    make_text,
    make_truncated_pdf,
    make_zip_bomb,
    pdf_bytes,
    write_broken_documents,
    write_valid_documents,
)

ALL_EXTENSIONS = sorted(supported_extensions())
TEXT_LIKE = [".txt", ".md", ".html", ".htm", ".eml"]
PAGES = ["Page one of the statement", "Page two of the statement", "Page three of the statement"]


def reason_for(path: pathlib.Path) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    assert caught.value.path == str(path)
    return caught.value.reason


# ------------------------------------------------------------ any format


@pytest.mark.parametrize("extension", ALL_EXTENSIONS)
def test_zero_bytes(tmp_path, extension):
    assert reason_for(make_empty(tmp_path / f"empty{extension}")) == "the file is empty"


@pytest.mark.parametrize("extension", TEXT_LIKE)
def test_binary_junk_with_a_text_extension(tmp_path, extension):
    assert "binary data" in reason_for(make_binary_junk(tmp_path / f"junk{extension}"))


def test_binary_junk_as_rtf(tmp_path):
    assert "not an RTF file" in reason_for(make_binary_junk(tmp_path / "junk.rtf"))


@pytest.mark.parametrize(
    ("extension", "expected"),
    [(".pdf", "not a PDF file"), (".docx", "not a valid Word file"), (".odt", "not a valid OpenDocument")],
)
def test_binary_junk_as_a_binary_format(tmp_path, extension, expected):
    assert expected in reason_for(make_binary_junk(tmp_path / f"junk{extension}"))


@pytest.mark.parametrize("extension", ALL_EXTENSIONS)
def test_permission_denied_is_a_reason(tmp_path, monkeypatch, extension):
    path = write_valid_documents(tmp_path).get(extension) or make_text(tmp_path / f"doc{extension}", "text")
    real_open = pathlib.Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    assert "permission denied" in reason_for(path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_permissions_on_disk(tmp_path):
    path = make_text(tmp_path / "locked.txt", "secret")
    path.chmod(0)
    try:
        assert "permission denied" in reason_for(path)
    finally:
        path.chmod(0o644)


def test_paths_with_spaces_and_non_ascii(tmp_path):
    folder = tmp_path / "Архив МИД" / "déclarations 2024 (copie)"
    for extension, path in write_valid_documents(folder).items():
        renamed = path.with_name(f"Заявление Türkiye — {path.stem}{extension}")
        path.rename(renamed)
        assert read_document(renamed).text.strip(), extension


def test_every_broken_fixture_fails_with_a_reason_or_reads_with_a_warning(tmp_path):
    for case, path in write_broken_documents(tmp_path).items():
        try:
            document = read_document(path)
        except UnreadableDocument as exc:
            assert exc.reason, case
        else:
            assert document.warnings, case


# -------------------------------------------------------------------- text


def test_huge_text_file_is_cut_quickly(tmp_path):
    path = make_huge_text(tmp_path / "huge.txt", size_mb=100)
    assert path.stat().st_size == 100 * 1024 * 1024
    started = time.monotonic()
    document = read_document(path)
    assert time.monotonic() - started < 10
    assert len(document.text.encode()) <= MAX_TEXT_BYTES
    assert document.text.startswith("The ministers reaffirmed")
    assert any("only the first part was imported" in warning for warning in document.warnings)


def test_invalid_utf8_sequences_keep_the_valid_text(tmp_path):
    document = read_document(make_invalid_utf8(tmp_path / "invalid.txt"))
    assert document.text.startswith("Déclaration commune des ministres.")
    assert "\ufffd" in document.text
    assert document.warnings


def test_invalid_utf8_sequences_do_not_stop_the_import(tmp_path):
    document = read_document(make_invalid_utf8(tmp_path / "invalid.txt"))
    assert document.text
    assert document.warnings


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", "Türkiye и Казахстан подписали совместное заявление."),
        ("utf-8-sig", "Türkiye и Казахстан подписали совместное заявление."),
        ("utf-16", "Türkiye и Казахстан подписали совместное заявление."),
        ("cp1251", "Министерство иностранных дел Республики Казахстан сообщает о встрече министров."),
        ("cp1254", "Türkiye Dışişleri Bakanlığı, bakanların görüşmesine ilişkin açıklama yaptı."),
        ("latin-1", "Déclaration conjointe des ministres des Affaires étrangères, à Genève. Très important."),
    ],
)
def test_text_encodings_are_detected(tmp_path, encoding, text):
    document = read_document(make_text(tmp_path / f"{encoding}.txt", text, encoding))
    assert document.text == text
    assert "Türkiye" in document.text or "Казахстан" in document.text or "Genève" in document.text


def test_html_with_wrong_declared_charset_falls_back_to_detection(tmp_path):
    sentence = "Министерство иностранных дел Республики Казахстан сообщает о встрече министров."
    path = tmp_path / "mislabelled.html"
    path.write_bytes(b'<meta charset="utf-8"><p>' + sentence.encode("cp1251") + b"</p>")
    document = read_document(path)
    assert document.text == sentence
    assert any("not really utf-8" in warning for warning in document.warnings)


def test_text_with_an_office_extension_is_not_a_zip(tmp_path):
    assert "not a zip archive" in reason_for(make_not_a_zip(tmp_path / "letter.docx"))
    assert "not a zip archive" in reason_for(make_not_a_zip(tmp_path / "letter.odt"))


# --------------------------------------------------------------------- PDF


def test_corrupt_pdf(tmp_path):
    reason = reason_for(make_corrupt_pdf(tmp_path / "corrupt.pdf"))
    assert "the PDF is truncated or damaged and cannot be read" in reason


def test_pdf_truncated_beyond_repair(tmp_path):
    reason = reason_for(make_truncated_pdf(tmp_path / "stub.pdf", PAGES, keep=0.1))
    assert "the PDF is truncated or damaged and cannot be read" in reason
    assert "get a complete copy" in reason


def test_pdf_cut_in_its_last_page_keeps_the_pages_before(tmp_path):
    data = pdf_bytes(PAGES)
    cut = data.index(b"Page three") + 4  # inside the last page's content stream
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:cut])
    document = read_document(path)
    assert document.text.startswith("Page one of the statement\n\nPage two of the statement")
    assert "Page three" not in document.text
    assert document.pages[:2] == [0, 27]
    assert "the PDF is truncated or damaged; only the pages that survived were imported" in document.warnings


def test_pdf_cut_after_its_objects_reads_whole(tmp_path):
    data = pdf_bytes(PAGES)
    path = tmp_path / "no-trailer.pdf"
    path.write_bytes(data[: data.rindex(b"xref")])
    document = read_document(path)
    assert document.text == "\n\n".join(PAGES)


def test_encrypted_pdf_needs_its_password(tmp_path):
    reason = reason_for(make_encrypted_pdf(tmp_path / "secret.pdf", PAGES, user_password="secret"))
    assert reason == "the PDF is encrypted; decrypt it or supply the password-free version"


def test_pdf_encryption_this_installation_cannot_open(tmp_path, monkeypatch):
    def needs_aes(self, password):
        raise DependencyError("cryptography is required for AES algorithm")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", needs_aes)
    reason = reason_for(make_encrypted_pdf(tmp_path / "aes.pdf", PAGES, user_password=""))
    assert "AES encryption" in reason
    assert "save a copy without protection" in reason


def test_pdf_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes(["", ""]))
    assert read_document(path).scanned == [0, 1]  # blank or scanned: documents.ocr tells (tests/test_ocr*.py)


def test_not_a_pdf_with_pdf_extension(tmp_path):
    assert "not a PDF file" in reason_for(make_text(tmp_path / "notes.pdf", "Just some notes."))


# -------------------------------------------------------- zip-based formats


@pytest.mark.parametrize("extension", [".docx", ".odt"])
def test_zip_bomb_is_refused(tmp_path, extension):
    started = time.monotonic()
    reason = reason_for(make_zip_bomb(tmp_path / f"bomb{extension}", unpacked_mb=20))
    assert "zip bomb" in reason
    assert time.monotonic() - started < 5


def test_archive_larger_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_guard, "MAX_UNPACKED_BYTES", 1024)
    path = make_docx(tmp_path / "large.docx", ["Some text " * 500])
    assert "would unpack to" in reason_for(path)


def test_archive_with_too_many_members_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_guard, "MAX_MEMBERS", 3)
    assert "holds" in reason_for(make_docx(tmp_path / "many.docx", ["Text"]))


def test_truncated_docx(tmp_path):
    data = make_docx(tmp_path / "whole.docx", ["Some text"]).read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    assert reason_for(path) == "not a valid Word file (it is not a zip archive, or it is truncated)"


def test_zip_that_is_not_a_word_file(tmp_path):
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    assert reason_for(path) == "not a valid Word file (the zip archive holds no Word document)"


def test_password_protected_or_old_word_file(tmp_path):
    path = tmp_path / "protected.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert "password-protected or in an old binary format" in reason_for(path)


def test_docx_with_damaged_member(tmp_path):
    source = make_docx(tmp_path / "source.docx", ["Some text"])
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]  # XML cut in the middle
            copy.writestr(item, data)
    reason = reason_for(path)
    assert "damaged" in reason or "not a valid" in reason


def test_odt_with_broken_xml(tmp_path):
    path = make_odt(tmp_path / "broken.odt", ["Text"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(buffer, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            copy.writestr(item, data[:40] if item.filename == "content.xml" else data)
    path.write_bytes(buffer.getvalue())
    assert "content.xml is not valid XML" in reason_for(path)


# ------------------------------------------------------- RTF, HTML, EML


def test_truncated_rtf_is_imported_in_part(tmp_path):
    path = tmp_path / "cut.rtf"
    path.write_bytes(rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\pard First paragraph.\par Second para")
    document = read_document(path)
    assert document.text == "First paragraph.\n\nSecond para"
    assert any("truncated or damaged" in warning for warning in document.warnings)


def test_rtf_with_nothing_to_read(tmp_path):
    path = tmp_path / "blank.rtf"
    path.write_bytes(rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\*\generator x;}\pard\par}")
    assert reason_for(path) == "the RTF file contains no text"


def test_text_named_eml_is_not_a_message(tmp_path):
    path = make_text(tmp_path / "notes.eml", "Just some notes\nwithout any headers.\n")
    assert "not an e-mail message" in reason_for(path)


def test_eml_with_malformed_date_keeps_the_rest(tmp_path):
    path = tmp_path / "bad-date.eml"
    path.write_bytes(b"From: a@example.org\r\nSubject: Statement\r\nDate: sometime last week\r\n\r\nBody text.\r\n")
    document = read_document(path)
    assert (document.title, document.text, document.date) == ("Statement", "Body text.", None)
    assert any("Date header" in warning for warning in document.warnings)


def test_eml_attachment_over_the_size_cap_is_left_out(tmp_path, monkeypatch):
    from documents.readers import eml as eml_reader
    from tests.fixtures_docs import make_eml

    monkeypatch.setattr(eml_reader, "MAX_ATTACHMENT_BYTES", 100)
    document = read_document(make_eml(tmp_path / "big.eml", attachments={"annex.pdf": pdf_bytes(PAGES)}))
    assert document.attachments == []
    assert any("annex.pdf is larger than" in warning for warning in document.warnings)


def test_html_with_unknown_charset_is_detected(tmp_path):
    path = tmp_path / "odd.html"
    path.write_bytes(b'<meta charset="x-klingon"><p>Plain statement.</p>')
    document = read_document(path)
    assert document.text == "Plain statement."
    assert any("unknown charset" in warning for warning in document.warnings)


def test_deeply_nested_markup_does_not_crash(tmp_path):
    path = tmp_path / "nested.html"
    path.write_text("<div>" * 50_000 + "Deep text." + "</div>" * 50_000, encoding="utf-8")
    assert read_document(path).text == "Deep text."


def test_deeply_nested_rtf_groups_do_not_exhaust_memory(tmp_path):
    path = tmp_path / "nested.rtf"
    path.write_bytes(b"{\\rtf1 " + b"{" * 1_000_000 + b"Deep text." + b"}" * 1_000_000 + b"}")
    assert read_document(path).text == "Deep text."


@pytest.mark.skipif(os.name != "posix", reason="needs symbolic links")
@pytest.mark.parametrize("extension", ALL_EXTENSIONS)
def test_symlink_loop_is_a_reason(tmp_path, extension):
    path = tmp_path / f"loop{extension}"
    path.symlink_to(path)
    assert "cannot be opened" in reason_for(path)
