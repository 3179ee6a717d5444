"""Writes the binary-format statements of the bundled sample archive.

The Markdown, plain-text and HTML samples in ``resources/samples/`` are
written by hand; this script produces the ones that cannot be: a PDF, a
DOCX, an ODT, an RTF and an e-mail message with an attachment. Their texts
live in ``scripts/sample_texts/``: a few ``key: value`` header lines, a
blank line, then the body, paragraphs separated by blank lines (a line
holding only ``<newpage>`` starts a new PDF page).

Usage::

    QT_QPA_PLATFORM=offscreen python scripts/make_samples.py [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import sys
import zipfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

REPO = Path(__file__).resolve().parent.parent
TEXTS = Path(__file__).resolve().parent / "sample_texts"
DEFAULT_OUT = REPO / "resources" / "samples"
PAGE_BREAK = "<newpage>"
AUTHOR = "Chancery sample archive"


@dataclass
class Source:
    """One sample statement as written in ``scripts/sample_texts/``."""

    title: str
    created: dt.datetime
    output: str
    headers: dict[str, str]
    paragraphs: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """The first paragraph: the title as printed on the document."""
        return self.paragraphs[0]

    @property
    def body(self) -> list[str]:
        """Every paragraph after the heading."""
        return self.paragraphs[1:]


def load_source(path: Path) -> Source:
    """Parses a sample text: header lines, a blank line, then the body."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    headers = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        headers[key.strip()] = value.strip()
    paragraphs = [" ".join(p.split("\n")) for p in body.strip().split("\n\n")]
    return Source(
        title=headers["title"],
        created=dt.datetime.fromisoformat(headers["date"]),
        output=headers["output"],
        headers=headers,
        paragraphs=paragraphs,
    )


def _pdf_date(moment: dt.datetime) -> str:
    """A PDF date string (``D:YYYYMMDDHHmmSS``), as UTC when no zone is given."""
    return "D:" + moment.strftime("%Y%m%d%H%M%S") + ("Z" if moment.tzinfo is None else "")


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>{created}</xmp:CreateDate>
   <xmp:ModifyDate>{created}</xmp:ModifyDate>
   <xmp:CreatorTool>{author}</xmp:CreatorTool>
   <pdf:Keywords>fictional: true</pdf:Keywords>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def make_pdf(source: Source, out: Path) -> None:
    """Prints the text to a two-page PDF with Qt, then fixes its dates."""
    from PySide6.QtCore import QSizeF, QUuid
    from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument

    parts = [f"<h2>{html.escape(source.heading)}</h2>"]
    for paragraph in source.body:
        if paragraph == PAGE_BREAK:
            parts.append('<p style="page-break-before: always"></p>')
        else:
            parts.append(f"<p>{html.escape(paragraph)}</p>")

    writer = QPdfWriter(str(out))
    writer.setTitle(source.title)
    writer.setCreator(AUTHOR)
    writer.setAuthor(AUTHOR)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # A fixed id and our own XMP packet (Qt's says "created now") keep the
    # metadata stable from one run to the next.
    writer.setDocumentId(QUuid.createUuidV5(QUuid(), source.output.encode("utf-8")))
    created = source.created.isoformat() + ("Z" if source.created.tzinfo is None else "")
    xmp = _XMP.format(title=xml_escape(source.title), author=xml_escape(AUTHOR), created=created)
    writer.setDocumentXmpMetadata(xmp.encode("utf-8"))

    font = QFont("serif", 11)
    # Without ligatures the PDF's text layer says "offers", not "o\ufb00ers".
    for tag in ("liga", "clig"):
        font.setFeature(QFont.Tag(tag), 0)
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setHtml("<html><body>" + "".join(parts) + "</body></html>")
    # Paginating the document ourselves (A4 at 96 dpi, 2 cm margins) keeps
    # print_ from adding page numbers, so the text ends where the statement does.
    a4 = QPageSize(QPageSize.PageSizeId.A4).sizePoints()
    document.setPageSize(QSizeF(a4.width() * 96 / 72, a4.height() * 96 / 72))
    document.setDocumentMargin(2 / 2.54 * 96)
    document.print_(writer)
    del writer  # the file is finished when the writer goes away

    _set_pdf_info(out, source)


def _set_pdf_info(path: Path, source: Source) -> None:
    """Sets CreationDate (Qt always writes "now") and keywords, if pypdf is there."""
    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError:
        print("pypdf is not installed: the PDF keeps Qt's CreationDate", file=sys.stderr)
        return
    reader = PdfReader(path)
    writer = PdfWriter(clone_from=reader)
    stamp = _pdf_date(source.created)
    writer.add_metadata(
        {
            "/Title": source.title,
            "/Author": AUTHOR,
            "/Keywords": "fictional: true",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    with path.open("wb") as handle:
        writer.write(handle)


def make_docx(source: Source, out: Path) -> None:
    """Writes a Word document whose core properties carry title and date."""
    import docx

    document = docx.Document()
    document.add_heading(source.heading, level=1)
    for paragraph in source.body:
        document.add_paragraph(paragraph)
    props = document.core_properties
    props.comments = "fictional: true"
    props.title = source.title
    props.created = source.created
    props.modified = source.created
    props.last_printed = source.created
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.revision = 1
    props.keywords = ""
    document.save(str(out))


_ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2"
  manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""

_ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
 <office:body>
  <office:text>
{paragraphs}
  </office:text>
 </office:body>
</office:document-content>
"""

_ODT_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
 <office:meta>
  <meta:user-defined meta:name="fictional" meta:value-type="boolean">true</meta:user-defined>
  <dc:title>{title}</dc:title>
  <meta:initial-creator>{author}</meta:initial-creator>
  <meta:creation-date>{created}</meta:creation-date>
  <dc:date>{created}</dc:date>
  <meta:generator>Chancery make_samples.py</meta:generator>
 </office:meta>
</office:document-meta>
"""


def make_odt(source: Source, out: Path) -> None:
    """Writes an OpenDocument text by hand: mimetype first and stored."""
    lines = [f'   <text:h text:outline-level="1">{xml_escape(source.heading)}</text:h>']
    lines += [f"   <text:p>{xml_escape(p)}</text:p>" for p in source.body]
    members = [
        ("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED),
        ("META-INF/manifest.xml", _ODT_MANIFEST, zipfile.ZIP_DEFLATED),
        ("content.xml", _ODT_CONTENT.format(paragraphs="\n".join(lines)), zipfile.ZIP_DEFLATED),
        (
            "meta.xml",
            _ODT_META.format(
                title=xml_escape(source.title), author=xml_escape(AUTHOR), created=source.created.isoformat()
            ),
            zipfile.ZIP_DEFLATED,
        ),
    ]
    stamp = source.created.timetuple()[:6]
    with zipfile.ZipFile(out, "w") as archive:
        for name, text, method in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = method
            archive.writestr(info, text.encode("utf-8"))


def rtf_escape(text: str) -> str:
    """Escapes text for RTF: control characters and non-ASCII as ``\\uN?``."""
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        else:
            code = ord(char)
            if code > 0xFFFF:  # RTF counts UTF-16 units, as signed 16-bit numbers
                code -= 0x10000
                units = [0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)]
            else:
                units = [code]
            out.extend(f"\\u{u - 65536 if u > 32767 else u}?" for u in units)
    return "".join(out)


def make_rtf(source: Source, out: Path) -> None:
    """Writes an RTF file by hand, with title and creation time in ``\\info``."""
    moment = source.created
    info = (
        "{\\info"
        "{\\doccomm fictional: true}"
        f"{{\\title {rtf_escape(source.title)}}}"
        f"{{\\author {AUTHOR}}}"
        f"{{\\creatim\\yr{moment.year}\\mo{moment.month}\\dy{moment.day}\\hr{moment.hour}\\min{moment.minute}}}"
        "}"
    )
    lines = [
        "{\\rtf1\\ansi\\ansicpg1252\\deff0",
        "{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}}",
        info,
        "\\viewkind4\\uc1\\pard\\sa200\\f0\\fs24",
        f"{{\\b\\fs28 {rtf_escape(source.heading)}}}\\par",
    ]
    lines += [f"{rtf_escape(p)}\\par" for p in source.body]
    lines.append("}")
    out.write_text("\n".join(lines) + "\n", encoding="ascii", newline="\n")


def _wrap(paragraphs: list[str], width: int = 76) -> str:
    """Wraps paragraphs as a mail client would, blank lines between them."""
    import textwrap

    return "\n\n".join(textwrap.fill(p, width=width) for p in paragraphs) + "\n"


def make_eml(source: Source, out: Path, attachment: Path) -> None:
    """Writes an e-mail message carrying a statement as a ``.txt`` attachment."""
    message = EmailMessage()
    message["X-Fictional"] = "true"
    message["Subject"] = source.title
    message["Date"] = format_datetime(source.created)
    message["From"] = source.headers["from"]
    message["To"] = source.headers["to"]
    message["Message-ID"] = f"<{source.created:%Y%m%d%H%M%S}.sample@mfa.example.org>"
    message.set_content(_wrap(source.body))
    message.add_attachment(attachment.read_bytes(), maintype="text", subtype="plain", filename=attachment.name)
    message.set_boundary("=_chancery_sample_boundary")
    out.write_bytes(message.as_bytes())


def main(argv: list[str] | None = None) -> int:
    """Generates every binary sample into the output folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write into (default: %(default)s)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])  # QTextDocument needs fonts

    jobs = [
        ("turkic-council-transport.txt", make_pdf),
        ("kenya-india-mou-health.txt", make_docx),
        ("uk-rok-readout-cyber.txt", make_rtf),
        ("poland-ukraine-joint-statement-food-security.txt", make_odt),
    ]
    for name, make in jobs:
        source = load_source(TEXTS / name)
        target = args.out / source.output
        make(source, target)
        print(f"wrote {target.relative_to(REPO) if target.is_relative_to(REPO) else target}")

    mail = load_source(TEXTS / "indonesia-chile-press-release-vaccines.txt")
    target = args.out / mail.output
    make_eml(mail, target, TEXTS / "2020-indonesia-chile-fact-sheet-health.txt")
    print(f"wrote {target.relative_to(REPO) if target.is_relative_to(REPO) else target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
