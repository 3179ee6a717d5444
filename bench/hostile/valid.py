"""Valid documents of every supported format, each unique, to damage or disguise.

Every builder takes a ``nonce`` that ends up in the bytes, so no two generated
files are byte-identical: the importer reads identical bytes once and records
the other copies as further locations, which would hide how each was handled.
The formats are built with the test suite's own builders (``tests/fixtures_docs``).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx

from tests.fixtures_docs import make_eml, make_html, make_odt, make_rtf, pdf_bytes

STATEMENT = (
    "Joint statement {nonce}. The foreign ministers of Türkiye and Kazakhstan met in Astana on 12 October 2022 "
    "and agreed to deepen cooperation on trade, transport corridors and education within the Organization of "
    "Turkic States.",
    "Both sides welcomed the Middle Corridor and called for a peaceful settlement of regional disputes in line "
    "with the Charter of the United Nations.",
)


def paragraphs(nonce: str) -> list[str]:
    """The statement's paragraphs, carrying the nonce."""
    return [STATEMENT[0].format(nonce=nonce), STATEMENT[1]]


def _via_file(suffix: str, write: Callable[[Path], object]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="hostile-") as scratch:
        path = Path(scratch) / f"doc{suffix}"
        write(path)
        return path.read_bytes()


def text_bytes(nonce: str) -> bytes:
    """A plain-text statement (UTF-8)."""
    return "\n\n".join(paragraphs(nonce)).encode() + b"\n"


def markdown_bytes(nonce: str) -> bytes:
    """A Markdown statement with YAML front matter."""
    body = "\n\n".join(paragraphs(nonce))
    return f"---\ntitle: Statement {nonce}\ndate: 2022-10-13\n---\n\n# Statement {nonce}\n\n{body}\n".encode()


def html_bytes(nonce: str) -> bytes:
    """A saved web page around the statement."""
    body = "<main><h1>Statement</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs(nonce)) + "</main>"
    return _via_file(".html", lambda path: make_html(path, body, title=f"Statement {nonce}", date="2022-10-13"))


def pdf_document(nonce: str) -> bytes:
    """A two-page PDF (Latin-1 text only, as the hand-written PDF builder needs)."""
    pages = [p.replace("ü", "u") for p in paragraphs(nonce)]
    return pdf_bytes(pages, title=f"Statement {nonce}", date="D:20221013093000Z")


def docx_bytes(nonce: str, texts: list[str] | None = None) -> bytes:
    """A Word file (python-docx)."""
    document = docx.Document()
    for text in paragraphs(nonce) if texts is None else texts:
        document.add_paragraph(text)
    document.core_properties.title = f"Statement {nonce}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(nonce: str, texts: list[str] | None = None) -> bytes:
    """An OpenDocument text file."""
    texts = paragraphs(nonce) if texts is None else texts
    return _via_file(".odt", lambda path: make_odt(path, texts, title=f"Statement {nonce}"))


def rtf_bytes(nonce: str) -> bytes:
    """An RTF file as word processors write them."""
    return _via_file(".rtf", lambda path: make_rtf(path, paragraphs(nonce), title=f"Statement {nonce}"))


def eml_bytes(nonce: str) -> bytes:
    """An e-mail message with a PDF attachment."""
    body = "\n\n".join(paragraphs(nonce))
    attachment = {"annex.pdf": pdf_bytes([f"Annex to statement {nonce}"])}
    return _via_file(".eml", lambda path: make_eml(path, subject=f"Statement {nonce}", body=body,
                                                    attachments=attachment))


BUILDERS: dict[str, Callable[[str], bytes]] = {
    ".txt": text_bytes,
    ".md": markdown_bytes,
    ".markdown": markdown_bytes,
    ".html": html_bytes,
    ".htm": html_bytes,
    ".pdf": pdf_document,
    ".docx": docx_bytes,
    ".odt": odt_bytes,
    ".rtf": rtf_bytes,
    ".eml": eml_bytes,
}


def valid(suffix: str, nonce: str) -> bytes:
    """A valid document of the format read for ``suffix``."""
    return BUILDERS[suffix](nonce)


def replace_member(archive: bytes, name: str, data: bytes) -> bytes:
    """The zip ``archive`` with member ``name`` replaced by ``data`` (added when missing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            if item.filename != name:
                copy.writestr(item, source.read(item.filename))
        copy.writestr(name, data)
    return out.getvalue()


def member(archive: bytes, name: str) -> bytes:
    """One member of a zip archive."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        return source.read(name)
