"""Builders for test documents: one valid file of each format and each kind of broken file.

Every builder writes into a path the caller chooses and returns that path, so
tests stay independent of shipped binary fixtures. Only pypdf and
python-docx are used; the other formats are written by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from pypdf import PdfWriter

# --------------------------------------------------------------------- PDF


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf_bytes(pages: list[str], title: str | None = None, date: str | None = None, author: str | None = None) -> bytes:
    """A minimal valid PDF with one text line per ``\\n`` in each page (Latin-1 text only).

    Args:
        pages: Text of each page.
        title, date, author: Document information entries; ``date`` is a PDF
            date such as ``D:20240305120000+01'00'``.
    """
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * number} 0 R" for number in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for number, page_text in enumerate(pages):
        operators = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        operators += [f"{_pdf_string(line)} Tj T*" for line in page_text.split("\n")]
        operators.append("ET")
        stream = "\n".join(operators).encode("cp1252")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * number} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info = {"/Title": title, "/CreationDate": date, "/Author": author}
    objects.append(
        ("<< " + " ".join(f"{key} {_pdf_string(value)}" for key, value in info.items() if value) + " >>").encode(
            "cp1252"
        )
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)


def make_pdf(path: Path, pages: list[str], title: str | None = None, date: str | None = None,
             author: str | None = None) -> Path:
    """Writes a valid PDF with the given page texts."""
    path.write_bytes(pdf_bytes(pages, title=title, date=date, author=author))
    return path


def make_encrypted_pdf(path: Path, pages: list[str], user_password: str = "secret") -> Path:
    """Writes a PDF encrypted with RC4-128; an empty ``user_password`` opens without one."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes(pages)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def make_truncated_pdf(path: Path, pages: list[str], keep: float = 0.5) -> Path:
    """Writes the first ``keep`` fraction of a valid PDF, as an interrupted download leaves it."""
    data = pdf_bytes(pages)
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def make_corrupt_pdf(path: Path) -> Path:
    """Writes a PDF header followed by junk."""
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    return path


# -------------------------------------------------------------- Word, ODT


def make_docx(path: Path, paragraphs: list[str], title: str | None = None, created: dt.datetime | None = None,
              author: str | None = None, table: list[list[str]] | None = None) -> Path:
    """Writes a Word file: paragraphs, then an optional table, then a closing paragraph."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        document.add_paragraph("After the table.")
    props = document.core_properties
    props.title = title or ""
    props.author = author or ""
    if created is not None:
        props.created = created
    document.save(str(path))
    return path


def make_not_a_zip(path: Path) -> Path:
    """Writes text with an office extension (a file that is not a zip archive)."""
    path.write_bytes(b"This is plain text pretending to be an office document.\n" * 20)
    return path


def make_zip_bomb(path: Path, unpacked_mb: int = 20) -> Path:
    """Writes a zip whose one member of zeros unpacks about 1,000 times larger than it is stored."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _ in range(unpacked_mb):
                member.write(chunk)
    return path


def make_odt(path: Path, paragraphs: list[str], title: str | None = None, date: str | None = None,
             author: str | None = None, heading: str | None = None, table: list[list[str]] | None = None) -> Path:
    """Writes a minimal valid OpenDocument text file.

    ``paragraphs`` may use ``\\t`` and runs of spaces, which become ``text:tab`` and ``text:s``.
    """
    def paragraph(text: str) -> str:
        parts = []
        for piece in text.split("\t"):
            parts.append(escape(piece).replace("   ", ' <text:s text:c="2"/>'))
        return "<text:p>" + "<text:tab/>".join(parts) + "</text:p>"

    body = f"<text:h text:outline-level=\"1\">{escape(heading)}</text:h>" if heading else ""
    body += "".join(paragraph(text) for text in paragraphs)
    body += '<text:p>Note<text:note><text:note-body><text:p>footnote</text:p></text:note-body></text:note>.</text:p>'
    if table:
        rows = "".join(
            "<table:table-row>"
            + "".join(f"<table:table-cell><text:p>{escape(value)}</text:p></table:table-cell>" for value in row)
            + "</table:table-row>"
            for row in table
        )
        body += f"<table:table>{rows}</table:table>"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    meta_fields = ""
    if title:
        meta_fields += f"<dc:title>{escape(title)}</dc:title>"
    if author:
        meta_fields += f"<meta:initial-creator>{escape(author)}</meta:initial-creator>"
    if date:
        meta_fields += f"<meta:creation-date>{escape(date)}</meta:creation-date>"
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'office:version="1.2"><office:meta>{meta_fields}</office:meta></office:document-meta>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("meta.xml", meta, compress_type=zipfile.ZIP_DEFLATED)
    return path


# ------------------------------------------------------------ RTF, HTML


def rtf_escape(text: str) -> str:
    """Escapes text for RTF: braces and backslashes, non-ASCII as ``\\uN?``."""
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) > 127:
            code = ord(char)
            out.append(f"\\u{code if code < 0x8000 else code - 0x10000}?")
        else:
            out.append(char)
    return "".join(out)


def make_rtf(path: Path, paragraphs: list[str], title: str | None = None,
             created: dt.date | None = None, author: str | None = None) -> Path:
    """Writes an RTF file as word processors do: font table, info group, one ``\\par`` per paragraph."""
    info = ""
    if title:
        info += "{\\title " + rtf_escape(title) + "}"
    if author:
        info += "{\\author " + rtf_escape(author) + "}"
    if created:
        info += f"{{\\creatim\\yr{created.year}\\mo{created.month}\\dy{created.day}\\hr9\\min30}}"
    body = "".join("\\pard\\f0\\fs24 " + rtf_escape(text) + "\\par\n" for text in paragraphs)
    source = (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}}\n"
        "{\\colortbl ;\\red0\\green0\\blue0;}\n"
        f"{{\\info{info}}}\n"
        "{\\*\\generator Chancery tests;}\\viewkind4\\uc1\n"
        f"{{\\header Running header\\par}}\n{body}}}\n"
    )
    path.write_text(source, encoding="ascii")
    return path


def make_html(path: Path, body: str, title: str | None = None, date: str | None = None,
              encoding: str = "utf-8") -> Path:
    """Writes a web page with navigation, scripts and a footer around ``body`` (HTML markup)."""
    head = f'<meta charset="{encoding}">'
    if title:
        head += f"<title>{title}</title>"
    if date:
        head += f'<meta name="date" content="{date}">'
    page = (
        f"<!DOCTYPE html><html><head>{head}<style>p {{ color: red; }}</style>"
        "<script>var tracking = 'ignore me';</script></head><body>"
        "<header><a href='/'>Ministry home</a></header>"
        "<nav><ul><li>Menu item</li><li>Another item</li></ul></nav>"
        f"{body}"
        "<aside>Related links</aside><footer>Copyright notice</footer>"
        "<script>document.write('nothing');</script></body></html>"
    )
    path.write_bytes(page.encode(encoding))
    return path


# ------------------------------------------------------------------ EML


def make_eml(path: Path, subject: str = "Joint statement", sender: str = "Press Office <press@mfa.example>",
             recipients: tuple[str, ...] = ("Desk <desk@example.org>",),
             date: dt.datetime | None = None, body: str = "The ministers met today.",
             html_body: str | None = None, attachments: dict[str, bytes] | None = None) -> Path:
    """Writes an e-mail message; ``body`` may be empty when only ``html_body`` should be sent."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    moscow_time = dt.timezone(dt.timedelta(hours=3))
    message["Date"] = format_datetime(date or dt.datetime(2024, 3, 5, 10, 30, tzinfo=moscow_time))
    message["Message-ID"] = "<statement-1@mfa.example>"
    if body:
        message.set_content(body)
        if html_body:
            message.add_alternative(html_body, subtype="html")
    elif html_body:
        message.set_content(html_body, subtype="html")
    for name, data in (attachments or {}).items():
        maintype, subtype = ("application", "pdf") if name.endswith(".pdf") else ("application", "octet-stream")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    path.write_bytes(message.as_bytes())
    return path


# ------------------------------------------------------------ text files


def make_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Writes text in the given encoding (``utf-8-sig`` and ``utf-16`` write a byte-order mark)."""
    path.write_bytes(text.encode(encoding))
    return path


def make_empty(path: Path) -> Path:
    """Writes a zero-byte file."""
    path.write_bytes(b"")
    return path


def make_binary_junk(path: Path, size: int = 8192) -> Path:
    """Writes bytes that no text encoding makes sense of."""
    path.write_bytes(bytes((index * 37 + 11) % 256 for index in range(size)))
    return path


def make_invalid_utf8(path: Path) -> Path:
    """Writes mostly-UTF-8 text broken by invalid byte sequences (a lone continuation byte, a cut character)."""
    path.write_bytes("Déclaration commune des ministres.\n".encode() * 20 + b"Broken \x80 here \xe2\x82 end\n")
    return path


def make_huge_text(path: Path, size_mb: int = 100, text_mb: int = 21) -> Path:
    """Writes a ``size_mb`` text file fast: ``text_mb`` of real lines, then spaces up to the size.

    The tail is written with ``truncate``, which leaves a sparse run of zero
    bytes on most file systems; only the text part is ever read back.
    """
    line = b"The ministers reaffirmed their commitment to dialogue and cooperation.\n"
    block = line * (1024 * 1024 // len(line) + 1)
    with path.open("wb") as handle:
        for _ in range(text_mb):
            handle.write(block[: 1024 * 1024])
        handle.truncate(size_mb * 1024 * 1024)
    return path


# -------------------------------------------------------------- folders


def write_valid_documents(folder: Path) -> dict[str, Path]:
    """Writes one valid file of every supported format into ``folder``; returns extension -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    when = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)
    return {
        ".txt": make_text(folder / "statement.txt", "Statement on regional cooperation.\n\nSecond paragraph.\n"),
        ".md": make_text(folder / "statement.md", "---\ntitle: Markdown statement\ndate: 2024-03-05\n---\n\nBody.\n"),
        ".html": make_html(folder / "statement.html", "<main><h1>Press release</h1><p>Ministers met.</p></main>",
                           title="HTML statement", date="2024-03-05"),
        ".pdf": make_pdf(folder / "statement.pdf", ["First page text", "Second page text"], title="PDF statement",
                         date="D:20240305093000Z"),
        ".docx": make_docx(folder / "statement.docx", ["Word statement body."], title="Word statement", created=when),
        ".odt": make_odt(folder / "statement.odt", ["ODT statement body."], title="ODT statement",
                         date="2024-03-05T09:30:00"),
        ".rtf": make_rtf(folder / "statement.rtf", ["RTF statement body."], title="RTF statement",
                         created=when.date()),
        ".eml": make_eml(folder / "statement.eml", attachments={"annex.pdf": pdf_bytes(["Annex text"])}),
    }


def write_broken_documents(folder: Path) -> dict[str, Path]:
    """Writes one file of each kind that cannot be read (or only in part); returns case -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = ["Page one of the statement", "Page two of the statement", "Page three"]
    return {
        "empty": make_empty(folder / "empty.txt"),
        "binary_junk": make_binary_junk(folder / "junk.txt"),
        "invalid_utf8": make_invalid_utf8(folder / "invalid.txt"),
        "corrupt_pdf": make_corrupt_pdf(folder / "corrupt.pdf"),
        "truncated_pdf": make_truncated_pdf(folder / "truncated.pdf", pages, keep=0.05),
        "encrypted_pdf": make_encrypted_pdf(folder / "encrypted.pdf", pages),
        "docx_not_zip": make_not_a_zip(folder / "not-a-zip.docx"),
        "docx_zip_bomb": make_zip_bomb(folder / "bomb.docx"),
        "odt_not_zip": make_not_a_zip(folder / "not-a-zip.odt"),
        "empty_pdf": make_empty(folder / "empty.pdf"),
    }
