"""Hostile PDFs: encrypted, a million pages in a few bytes, object graphs thousands deep or circular.

The structures are written by hand (:func:`pdf_from_objects`) since no PDF
library writes them on purpose; encryption uses pypdf where it can (RC4,
which needs no extra package) and hand-written dictionaries where it cannot.
"""

from __future__ import annotations

import io

from pypdf import PdfWriter

from hostile import valid
from hostile.corpus import Corpus

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_from_objects(objects: list[bytes], root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF of the numbered ``objects`` (1, 2...), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, trailer, xref)
    return bytes(out)


def _stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< %s/Length %d >>\nstream\n" % (entries, len(data)) + data + b"\nendstream"


def _content(text: str, before: bytes = b"") -> bytes:
    return _stream(before + f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())


def _edited(objects: list[bytes], number: int, old: bytes, new: bytes) -> list[bytes]:
    """``objects`` with ``old`` replaced by ``new`` in object ``number`` (before offsets are counted)."""
    objects = list(objects)
    objects[number - 1] = objects[number - 1].replace(old, new)
    return objects


def _page(parent: int, content: int = 5, extra: bytes = b"") -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R %s>>" % (parent, content, extra))


def _one_page(nonce: str, page_extra: bytes = b"", pages_extra: bytes = b"") -> list[bytes]:
    """Catalog 1, Pages 2, font 3, page 4, content 5."""
    return [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 %s>>" % pages_extra,
            _FONT, _page(2, extra=page_extra), _content(f"Statement {nonce}")]


def encrypted(corpus: Corpus, fmt: str) -> None:
    """Password-protected PDFs, PDFs protected with an empty password, and encryption no reader supports."""
    def pypdf_encrypted(user: str, algorithm: str) -> bytes:
        writer = PdfWriter(clone_from=io.BytesIO(valid.pdf_document(corpus.nonce())))
        writer.encrypt(user_password=user, owner_password="owner", algorithm=algorithm)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    def hand_encrypted(dictionary: bytes) -> bytes:
        objects = [*_one_page(corpus.nonce()), dictionary]
        return pdf_from_objects(objects, trailer=b"/Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> <00>] ")

    variants = [
        ("RC4-128, user password", lambda: pypdf_encrypted("secret", "RC4-128")),
        ("RC4-40, user password", lambda: pypdf_encrypted("secret", "RC4-40")),
        ("RC4-128, empty user password", lambda: pypdf_encrypted("", "RC4-128")),
        ("RC4-40, empty user password", lambda: pypdf_encrypted("", "RC4-40")),
        ("AES-256 (V5 R6) dictionary", lambda: hand_encrypted(
            b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /O <" + b"00" * 48 + b"> /U <" + b"00" * 48
            + b"> /OE <" + b"00" * 32 + b"> /UE <" + b"00" * 32 + b"> /Perms <" + b"00" * 16
            + b"> /CF << /StdCF << /CFM /AESV3 /Length 32 /AuthEvent /DocOpen >> >> /StmF /StdCF /StrF /StdCF >>")),
        ("unknown security handler", lambda: hand_encrypted(b"<< /Filter /NoSuchHandler /V 9 /R 9 >>")),
        ("encryption dictionary of the wrong type", lambda: hand_encrypted(b"[1 2 3]")),
        ("encryption dictionary referring to itself", lambda: hand_encrypted(b"<< /Filter 6 0 R /V 6 0 R >>")),
    ]
    for label, build in corpus.few(variants, 3):
        corpus.write("encrypted", fmt, label, build())


def page_bombs(corpus: Corpus, fmt: str) -> None:
    """A million pages (or a billion claimed) in a file of kilobytes: one page object referenced over and over."""
    def flat(count: int) -> bytes:
        kids = b" ".join([b"4 0 R"] * count)
        return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                                 b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count), _FONT, _page(2),
                                 _content(f"One page {corpus.nonce()}")])

    def tree(fanout: int, levels: int) -> bytes:
        # Object 6 is the root Pages node; each level's node lists the next level's node ``fanout`` times.
        objects = [b"<< /Type /Catalog /Pages 6 0 R >>", b"<< >>", _FONT, _page(5 + levels),
                   _content(f"One page {corpus.nonce()}")]
        for level in range(levels):
            child = 7 + level if level < levels - 1 else 4
            kids = b" ".join([b"%d 0 R" % child] * fanout)
            objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, fanout ** (levels - level)))
        return pdf_from_objects(objects)

    variants = [
        ("1,000,000 pages, one Kids array" if not corpus.quick else "100,000 pages, one Kids array",
         lambda: flat(100_000 if corpus.quick else 1_000_000)),
        ("1,048,576 pages, a tree 4 deep", lambda: tree(32, 4)),
        ("a billion pages claimed, a tree 6 deep", lambda: tree(32, 6)),
        ("/Count of a billion, one page", lambda: pdf_from_objects(
            _edited(_one_page(corpus.nonce()), 2, b"/Count 1 ", b"/Count 1000000000 "))),
        ("2,001 pages (one past the page limit)", lambda: flat(2_001)),
    ]
    for label, build in corpus.few(variants, 2):
        corpus.write("page bomb", fmt, label, build())


def deep_graphs(corpus: Corpus, fmt: str) -> None:
    """Arrays and dictionaries thousands deep, a page tree 10,000 levels deep, reference cycles, xref loops."""
    def tall_tree(levels: int) -> bytes:
        objects = [b"<< /Type /Catalog /Pages 6 0 R >>", b"<< >>", _FONT, _page(5 + levels),
                   _content(f"Deep page {corpus.nonce()}")]
        for level in range(levels):
            child = 7 + level if level < levels - 1 else 4
            objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % child)
        return pdf_from_objects(objects)

    def reference_chain(length: int) -> bytes:
        # /Contents 6 0 R, where 6 is "7 0 R", 7 is "8 0 R"... and the last the content stream.
        objects = _one_page(corpus.nonce())
        objects[3] = _page(2, content=6)
        objects += [b"%d 0 R" % (7 + i) for i in range(length)] + [_content("end of the chain")]
        return pdf_from_objects(objects)

    def xref_loop() -> bytes:
        data = pdf_from_objects(_one_page(corpus.nonce()))
        xref = data.rindex(b"startxref\n") + len(b"startxref\n")
        offset = int(data[xref:data.index(b"\n", xref)])
        return data.replace(b"trailer\n<< ", b"trailer\n<< /Prev %d " % offset)

    xobject_cycle = _edited(_one_page(corpus.nonce()), 4, b">> >> /Contents",
                            b">> /XObject << /X 6 0 R >> >> /Contents")
    xobject_cycle[4] = _stream(b"/X Do")
    xobject_cycle.append(_stream(b"/X Do", b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] "
                                           b"/Resources << /XObject << /X 6 0 R >> >> "))
    depth = 10_000 if corpus.quick else 100_000
    variants = [
        (f"arrays {depth:,} deep", lambda: pdf_from_objects(_one_page(
            corpus.nonce(), page_extra=b"/Junk " + b"[" * depth + b"]" * depth + b" "))),
        ("dictionaries 10,000 deep", lambda: pdf_from_objects(_one_page(
            corpus.nonce(), page_extra=b"/Junk " + b"<< /A " * 10_000 + b">> " * 10_000))),
        ("unclosed arrays 100,000 deep", lambda: pdf_from_objects(_one_page(
            corpus.nonce(), page_extra=b"/Junk " + b"[" * 100_000))),
        ("page tree 10,000 levels deep", lambda: tall_tree(10_000)),
        ("page tree listing itself", lambda: pdf_from_objects(_edited(
            _one_page(corpus.nonce()), 2, b"/Kids [4 0 R] /Count 1", b"/Kids [2 0 R 4 0 R] /Count 2"))),
        ("two Pages nodes listing each other", lambda: pdf_from_objects(_edited(
            [*_one_page(corpus.nonce()), b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"], 2,
            b"/Kids [4 0 R] /Count 1", b"/Kids [6 0 R 4 0 R] /Count 2"))),
        ("form XObject drawing itself", lambda: pdf_from_objects(xobject_cycle)),
        ("chain of 10,000 indirect references", lambda: reference_chain(10_000)),
        ("cross-reference table whose /Prev is itself", xref_loop),
        ("content stream with 100,000 nested q", lambda: pdf_from_objects(
            [*_one_page(corpus.nonce())[:4], _content("Nested", before=b"q " * 100_000)])),
        ("catalog that is its own /Pages", lambda: pdf_from_objects(
            [b"<< /Type /Catalog /Pages 1 0 R /Kids [1 0 R] /Count 1 >>"])),
    ]
    for label, build in corpus.few(variants, 3):
        corpus.write("deep graph", fmt, label, build())
