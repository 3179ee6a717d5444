"""Each format's reader on a good file: exact text, title, date, pages and attachments."""

from __future__ import annotations

import datetime as dt
import zipfile

import pypdf
import pytest

from documents.errors import UnreadableDocument
from documents.readers import pdf as pdf_reader
from documents.readers import read_document, supported_extensions
from documents.readers.html import parse_html, to_iso_date
from documents.readers.rtf import rtf_to_text
from tests.fixtures_docs import (
    make_docx,
    make_eml,
    make_encrypted_pdf,
    make_html,
    make_odt,
    make_pdf,
    make_rtf,
    pdf_bytes,
    write_valid_documents,
)


def test_every_format_is_registered():
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".rtf", ".eml", ".odt"} <= supported_extensions()


def test_every_valid_fixture_reads_with_title_and_date(tmp_path):
    for extension, path in write_valid_documents(tmp_path).items():
        document = read_document(path)
        assert document.text.strip(), extension
        assert document.warnings == [], extension
        if extension != ".txt":
            assert document.title, extension
            assert document.date == "2024-03-05", extension


# --------------------------------------------------------------------- PDF


def test_pdf_text_pages_and_info(tmp_path):
    path = make_pdf(
        tmp_path / "statement.pdf",
        ["Joint statement\nof the ministers (draft)", "Second page", "Third page"],
        title="Joint Statement",
        date="D:20240305120000+01'00'",
        author="Press Office",
    )
    document = read_document(path)
    assert document.reader == "pdf"
    assert document.text == "Joint statement\nof the ministers (draft)\n\nSecond page\n\nThird page"
    assert document.pages == [0, 42, 55]
    for offset, start in zip(document.pages, ["Joint", "Second", "Third"], strict=True):
        assert document.text[offset:].startswith(start)
    assert document.title == "Joint Statement"
    assert document.date == "2024-03-05"
    assert document.properties == {"author": "Press Office"}
    assert document.warnings == []


def test_pdf_without_info_has_no_title_or_date(tmp_path):
    document = read_document(make_pdf(tmp_path / "plain.pdf", ["Only text"]))
    assert (document.title, document.date, document.pages) == (None, None, [0])


def test_pdf_encrypted_with_empty_password_is_opened(tmp_path):
    document = read_document(make_encrypted_pdf(tmp_path / "protected.pdf", ["Protected but open"], user_password=""))
    assert document.text == "Protected but open"


def test_pdf_page_that_fails_is_skipped_with_warning(tmp_path, monkeypatch):
    original = pypdf.PageObject.extract_text

    def failing_on_second_page(page, *args, **kwargs):
        text = original(page, *args, **kwargs)
        if "two" in text:
            raise ValueError("bad content stream")
        return text

    monkeypatch.setattr(pypdf.PageObject, "extract_text", failing_on_second_page)
    document = read_document(make_pdf(tmp_path / "partly.pdf", ["Page one", "Page two", "Page three"]))
    assert document.text == "Page one\n\n\n\nPage three"
    assert document.pages == [0, 10, 12]
    assert any("page 2 could not be read" in warning for warning in document.warnings)


def test_pdf_page_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    document = read_document(make_pdf(tmp_path / "long.pdf", ["One", "Two", "Three"]))
    assert document.text == "One\n\nTwo"
    assert document.pages == [0, 5]
    assert any("only the first 2 were imported" in warning for warning in document.warnings)


def test_pdf_pages_without_text_are_left_for_ocr(tmp_path):
    first = "The first page has a text layer of its own."
    document = read_document(make_pdf(tmp_path / "mixed.pdf", [first, "- 2 -"]))
    assert document.text == f"{first}\n\n- 2 -"
    assert document.pages == [0, len(first) + 2]
    assert document.scanned == [1]  # almost no text: documents.ocr looks whether the page is a scan
    assert document.warnings == []


# -------------------------------------------------------------------- DOCX


def test_docx_paragraphs_table_and_core_properties(tmp_path):
    path = make_docx(
        tmp_path / "statement.docx",
        ["Joint statement on Türkiye and Казахстан.", "", "Second paragraph."],
        title="Joint Statement",
        created=dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC),
        author="Press Office",
        table=[["Country", "Minister"], ["Türkiye", "H. Fidan"]],
    )
    document = read_document(path)
    assert document.reader == "docx"
    assert document.text == (
        "Joint statement on Türkiye and Казахстан.\n\nSecond paragraph.\n\n"
        "Country\tMinister\nTürkiye\tH. Fidan\n\nAfter the table."
    )
    assert (document.title, document.date) == ("Joint Statement", "2024-03-05")
    assert document.properties == {"author": "Press Office"}


def test_docx_without_text_is_unreadable(tmp_path):
    with pytest.raises(UnreadableDocument, match="contains no text"):
        read_document(make_docx(tmp_path / "blank.docx", []))


# --------------------------------------------------------------------- ODT


def test_odt_text_tabs_spaces_table_and_meta(tmp_path):
    path = make_odt(
        tmp_path / "statement.odt",
        ["Ministers of Türkiye\tand Казахстан met.", "Three   spaces."],
        title="ODT Statement",
        date="2024-03-05T10:15:00",
        author="Press Office",
        heading="Communiqué",
        table=[["Country", "Minister"], ["Kazakhstan", "M. Nurtleu"]],
    )
    document = read_document(path)
    assert document.reader == "odt"
    # The footnote inside "Note." is left out so the sentence stays whole.
    assert document.text == (
        "Communiqué\n\nMinisters of Türkiye\tand Казахстан met.\n\nThree   spaces.\n\nNote.\n\n"
        "Country\tMinister\nKazakhstan\tM. Nurtleu"
    )
    assert (document.title, document.date) == ("ODT Statement", "2024-03-05")
    assert document.properties == {"author": "Press Office"}


def test_odt_password_protected_is_refused(tmp_path):
    path = make_odt(tmp_path / "locked.odt", ["Secret"])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("META-INF/manifest.xml", "<manifest><file-entry><encryption-data/></file-entry></manifest>")
    with pytest.raises(UnreadableDocument, match="password-protected"):
        read_document(path)


def test_odt_entity_declarations_are_refused(tmp_path):
    path = tmp_path / "laughs.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    with pytest.raises(UnreadableDocument, match="declares entities"):
        read_document(path)


def test_odt_without_content_is_unreadable(tmp_path):
    path = tmp_path / "hollow.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(UnreadableDocument, match=r"content\.xml is missing"):
        read_document(path)


# --------------------------------------------------------------------- RTF


def test_rtf_paragraphs_unicode_and_info(tmp_path):
    path = make_rtf(
        tmp_path / "statement.rtf",
        ["Joint statement on Türkiye and Казахстан.", "Second {braced} paragraph \\ done."],
        title="RTF Statement",
        created=dt.date(2024, 3, 5),
        author="Press Office",
    )
    document = read_document(path)
    assert document.reader == "rtf"
    # The running header is not body text.
    assert document.text == "Joint statement on Türkiye and Казахстан.\n\nSecond {braced} paragraph \\ done."
    assert (document.title, document.date) == ("RTF Statement", "2024-03-05")
    assert document.properties == {"author": "Press Office"}
    assert document.warnings == []


def test_rtf_code_pages_fonts_tables_and_fields():
    source = (
        r"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\fnil\fcharset204 Arial;}{\f1\fnil\fcharset162 Arial;}}"
        r"{\info{\title \'c7\'e0\'ff\'e2\'eb\'e5\'ed\'e8\'e5}}"
        r"\pard\f0 \'ca\'e0\'e7\'e0\'f5\'f1\'f2\'e0\'ed and {\f1 T\'fcrkiye}\emdash partners.\par "
        r"Line one\line line two\tab tabbed.\par "
        r"\trowd\cellx1000\cellx2000\pard\intbl A1\cell B1\cell\row"
        r"\trowd\cellx1000\cellx2000\pard\intbl A2\cell B2\cell\row"
        r"\pard After the table {\field{\*\fldinst HYPERLINK 'http://x'}{\fldrslt link text}}.\par "
        r"{\pict\wmetafile8 0102ABCDEF}{\*\unknowndestination hidden}Emoji \u-10179?\u-8704? end.\par}"
        "trailing bytes after the document"
    )
    text, found = rtf_to_text(source)
    assert text == (
        "Казахстан and Türkiye\u2014partners.\n\nLine one\nline two\ttabbed.\n\n"
        "A1\tB1\nA2\tB2\n\nAfter the table link text.\n\nEmoji \U0001f600 end."
    )
    assert "".join(found.title) == "Заявление"
    assert not found.unbalanced


def test_rtf_unicode_fallback_bytes_are_skipped():
    text, _ = rtf_to_text(r"{\rtf1\uc2 \u1050\'ca\'ca\u1072??  ok\par}")
    assert text == "Ка  ok"


# -------------------------------------------------------------------- HTML


def test_html_main_text_title_and_date(tmp_path):
    body = (
        "<main><h1>Press release</h1><p>Ministers of T&uuml;rkiye and &#1050;azakhstan met.</p>"
        "<p>Second<br>line &amp; more.</p><form><input value='x'>Search</form>"
        "<table><tr><th>Country</th><th>Minister</th></tr><tr><td>Türkiye</td><td>H. Fidan</td></tr></table>"
        "</main><p>Outside the main element.</p>"
    )
    document = read_document(make_html(tmp_path / "page.html", body, title="Joint   Statement", date="2024-03-05"))
    assert document.reader == "html"
    assert document.text == (
        "Press release\n\nMinisters of Türkiye and Кazakhstan met.\n\nSecond\nline & more.\n\n"
        "Country\tMinister\nTürkiye\tH. Fidan"
    )
    assert (document.title, document.date) == ("Joint Statement", "2024-03-05")


def test_html_article_used_when_no_main_and_h1_as_title(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(
        "<html><body><div>Cookie banner</div><article><h1>Statement  by the Spokesperson</h1>"
        "<time datetime='2023-11-20T14:00:00+03:00'>20 November</time><p>Text   of the\n statement.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    document = read_document(path)
    assert document.text == "Statement by the Spokesperson\n\n20 November\n\nText of the statement."
    assert (document.title, document.date) == ("Statement by the Spokesperson", "2023-11-20")


def test_html_article_header_is_content_but_the_site_header_is_not():
    markup = (
        "<body><header>Ministry <time datetime='2030-01-01'>today</time></header><main><article>"
        "<header><h1>Statement</h1><time datetime='2024-03-05'>5 March</time></header>"
        "<p>Body.</p><footer>Share</footer></article></main>"
    )
    content = parse_html(markup)
    assert (content.text, content.date) == ("Statement\n\n5 March\n\nBody.", "2024-03-05")
    assert content.title == "Statement"


def test_html_unclosed_title_does_not_swallow_the_page():
    content = parse_html("<title>Page title<p>Body text.")
    assert (content.title, content.text) == ("Page title", "Body text.")


def test_html_whole_body_when_nothing_is_marked(tmp_path):
    path = tmp_path / "plain.html"
    path.write_text("<p>First</p><div>Second <b>bold</b></div><pre>keep\n  lines</pre>", encoding="utf-8")
    assert read_document(path).text == "First\n\nSecond bold\n\nkeep\nlines"


def test_html_page_wrapped_in_a_form_keeps_its_text():
    markup = "<body><form id='aspnetForm'><nav>Menu</nav><div>Statement text.</div></form></body>"
    assert parse_html(markup).text == "Statement text."


def test_html_declared_charset_is_used(tmp_path):
    body = "<main><p>Министерство иностранных дел Республики Казахстан.</p></main>"
    document = read_document(make_html(tmp_path / "ru.html", body, title="Заявление", encoding="windows-1251"))
    assert document.text == "Министерство иностранных дел Республики Казахстан."
    assert document.title == "Заявление"
    assert document.warnings == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T10:00:00Z", "2024-03-05"),
        ("20240305", "2024-03-05"),
        ("Tue, 05 Mar 2024 10:30:00 +0300", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("spring 2024", "spring 2024"),
        ("  ", None),
    ],
)
def test_html_dates(value, expected):
    assert to_iso_date(value) == expected


def test_html_with_only_scripts_is_unreadable(tmp_path):
    path = tmp_path / "scripts.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body><nav>Menu</nav></body></html>")
    with pytest.raises(UnreadableDocument, match="no readable text"):
        read_document(path)


# --------------------------------------------------------------------- EML


def test_eml_headers_body_and_attachments(tmp_path):
    annex = pdf_bytes(["Annex text"])
    path = make_eml(
        tmp_path / "message.eml",
        subject="Joint statement on Türkiye",
        recipients=("Desk <desk@example.org>", "archive@example.org"),
        body="The ministers met today.\nThey agreed.\n",
        attachments={"annex.pdf": annex, "photos.zip": b"PK\x03\x04", "../../evil name?.txt": b"note"},
    )
    document = read_document(path)
    assert document.reader == "eml"
    assert document.text == "The ministers met today.\nThey agreed."
    assert (document.title, document.date) == ("Joint statement on Türkiye", "2024-03-05")
    assert document.properties == {
        "sender": "Press Office <press@mfa.example>",
        "recipients": ["Desk <desk@example.org>", "archive@example.org"],
    }
    assert [(item.name, item.data) for item in document.attachments] == [
        ("annex.pdf", annex),
        ("evil name_.txt", b"note"),
    ]
    assert document.warnings == ["attachments of types that cannot be read were not imported: photos.zip"]
    # An attachment is a file like any other once written out.
    saved = tmp_path / document.attachments[0].name
    saved.write_bytes(document.attachments[0].data)
    assert read_document(saved).text == "Annex text"


def test_eml_html_body_is_converted(tmp_path):
    path = make_eml(
        tmp_path / "html.eml",
        body="",
        html_body="<html><body><p>Statement <b>text</b>.</p><script>x()</script><p>Second.</p></body></html>",
    )
    assert read_document(path).text == "Statement text.\n\nSecond."


def test_eml_prefers_plain_alternative(tmp_path):
    path = make_eml(tmp_path / "alt.eml", body="Plain version.", html_body="<p>HTML version.</p>")
    document = read_document(path)
    assert document.text == "Plain version."
    assert document.attachments == []


def test_eml_date_keeps_the_senders_day(tmp_path):
    late = dt.datetime(2024, 3, 5, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert read_document(make_eml(tmp_path / "late.eml", date=late)).date == "2024-03-05"


def test_eml_forwarded_message_is_handed_on_as_eml(tmp_path):
    inner = make_eml(tmp_path / "inner.eml", subject="Original statement", body="Original text.")
    outer = (
        b"From: Desk <desk@example.org>\r\nTo: archive@example.org\r\nSubject: Fwd: Original statement\r\n"
        b"Date: Wed, 06 Mar 2024 08:00:00 +0000\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="XYZ"\r\n\r\n'
        b"--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee below.\r\n"
        b"--XYZ\r\nContent-Type: message/rfc822\r\n\r\n" + inner.read_bytes() + b"\r\n--XYZ--\r\n"
    )
    path = tmp_path / "forward.eml"
    path.write_bytes(outer)
    document = read_document(path)
    assert document.text == "See below."
    assert document.date == "2024-03-06"
    assert [item.name for item in document.attachments] == ["Original statement.eml"]
    saved = tmp_path / "saved.eml"
    saved.write_bytes(document.attachments[0].data)
    forwarded = read_document(saved)
    assert (forwarded.title, forwarded.text) == ("Original statement", "Original text.")


def test_eml_duplicate_attachment_names_are_made_unique(tmp_path):
    path = tmp_path / "dupes.eml"
    parts = b"".join(
        b"--B\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=notes.txt\r\n\r\n"
        + text + b"\r\n"
        for text in (b"first", b"second")
    )
    path.write_bytes(
        b"From: a@example.org\r\nSubject: Two notes\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nBody.\r\n" + parts + b"--B--\r\n"
    )
    document = read_document(path)
    assert document.text == "Body."
    assert [(item.name, item.data) for item in document.attachments] == [
        ("notes.txt", b"first"),
        ("notes (2).txt", b"second"),
    ]


def test_eml_body_in_wrong_charset_is_detected(tmp_path):
    sentence = "Министерство иностранных дел Республики Казахстан сообщает о встрече министров."
    path = tmp_path / "mislabelled.eml"
    path.write_bytes(
        b"From: a@example.org\r\nSubject: Statement\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + sentence.encode("cp1251")
        + b"\r\n"
    )
    document = read_document(path)
    assert document.text == sentence
    assert any("declared charset" in warning for warning in document.warnings)
