"""Hostile office files and XML: zip bombs and entity tricks inside ``.docx``, ``.odt`` and web pages.

Entities that name outside resources point at a canary file beside the corpus
(whose token must never reach the library) and at a documentation address
(198.51.100.0/24, TEST-NET-2) that no network routes; the import runs under an
audit hook that refuses and records any connection.
"""

from __future__ import annotations

from pathlib import Path

from hostile import valid, zips
from hostile.corpus import Corpus, reader_format

CANARY_TOKEN = "CANARY7Q4ZX"
UNROUTED_URL = "http://198.51.100.7/entity.dtd"


def _document_member(fmt: str) -> str:
    return "word/document.xml" if reader_format(fmt) == ".docx" else "content.xml"


def zip_bombs(corpus: Corpus, fmt: str) -> None:
    """Members that inflate to gigabytes, lie about their size, overlap, nest, or number in the thousands."""
    inner = _document_member(fmt)
    gigabytes = 1 if corpus.quick else 3

    def with_members(*extra: zips.Member, aliases: dict[str, str] | None = None, drop: str | None = None) -> bytes:
        kept = [m for m in zips.members_of(valid.valid(fmt, corpus.nonce())) if m.name != drop]
        return zips.archive([*kept, *extra], aliases)

    def overlapping() -> bytes:
        # 220 directory entries share one 900 KB member: 198 MB in all, each under the ratio check's threshold.
        names = {f"media/overlap{i}.xml": "media/shared.xml" for i in range(220)}
        return with_members(zips.deflated("media/shared.xml", bytes(900 * 1024)), aliases=names)

    variants = [
        (f"{inner} inflating to {gigabytes} GB", lambda: with_members(
            zips.zeros(inner, gigabytes * 1024), drop=inner)),
        (f"{inner} declaring 4 KB, inflating to {gigabytes} GB", lambda: with_members(
            zips.zeros(inner, gigabytes * 1024, declared=4096), drop=inner)),
        ("an extra member inflating to 1 GB", lambda: with_members(zips.zeros("media/bomb.bin", 1024))),
        ("12,000 members", lambda: with_members(*[zips.deflated(f"junk/{i}.xml", b"<a/>") for i in range(12_000)])),
        ("9,990 members", lambda: with_members(*[zips.deflated(f"junk/{i}.xml", b"<a/>") for i in range(9_990)])),
        ("220 overlapping members", overlapping),
        (f"{inner} is itself a zip", lambda: with_members(
            zips.deflated(inner, valid.valid(fmt, corpus.nonce())), drop=inner)),
        ("a nested archive that is a bomb", lambda: with_members(zips.deflated(
            "embeddings/inner.zip", zips.archive([zips.zeros("deeper.xml", 512)])))),
        ("member names with ../ and absolute paths", lambda: with_members(
            zips.deflated("../../../../etc/passwd", b"x"), zips.deflated("/etc/shadow", b"x"))),
        (f"{inner} stored, declaring 3 GB, holding 1 KB", lambda: with_members(
            zips.Member(inner, bytes(1024), 3 * 1024**3, 0, method=0), drop=inner)),
        (f"{inner} with an unknown compression method", lambda: with_members(
            zips.Member(inner, b"\x00" * 64, 64, 0, method=99), drop=inner)),
    ]
    for label, build in corpus.few(variants, 2):
        corpus.write("zip bomb", fmt, label, build())


def _laughs(depth: int, fanout: int = 10) -> tuple[str, str]:
    """A "billion laughs" internal subset and the entity to refer to."""
    entities = ['<!ENTITY lol0 "lol">']
    for level in range(1, depth + 1):
        entities.append(f'<!ENTITY lol{level} "' + f"&lol{level - 1};" * fanout + '">')
    return "".join(entities), f"&lol{depth};"


def _entity_tricks(canary: Path) -> list[tuple[str, str, str]]:
    """(label, internal subset or DOCTYPE tail, reference to put in the text)."""
    big = "x" * 50_000
    return [
        ("billion laughs, depth 9", *_laughs(9)),
        ("billion laughs, depth 5", *_laughs(5)),
        ("quadratic blowup: a 50 KB entity used 20,000 times", f'<!ENTITY big "{big}">', "&big;" * 20_000),
        ("external entity: canary file", f'<!ENTITY ext SYSTEM "file://{canary}">', "&ext;"),
        ("external entity: network", f'<!ENTITY ext SYSTEM "{UNROUTED_URL}">', "&ext;"),
        ("parameter entity loading a remote DTD", f'<!ENTITY % remote SYSTEM "{UNROUTED_URL}"> %remote;', "&ext;"),
        ("external DTD: canary file", f'SYSTEM "file://{canary}"', ""),
        ("entity reference to /etc/passwd", '<!ENTITY pw SYSTEM "file:///etc/passwd">', "&pw;"),
    ]


def _with_doctype(xml: bytes, root: str, subset: str, reference: str, marker: bytes, pad: int = 0) -> bytes:
    """Puts a DOCTYPE (after ``pad`` bytes of comment) before the root element and ``reference`` into the text."""
    text = xml.decode("utf-8")
    start = text.index("?>") + 2 if text.startswith("<?xml") else 0
    doctype = f"<!DOCTYPE {root} {subset}>" if subset.startswith("SYSTEM") else f"<!DOCTYPE {root} [{subset}]>"
    padding = f"<!--{'p' * pad}-->" if pad else ""
    text = text[:start] + padding + doctype + text[start:]
    return text.replace(marker.decode(), reference + marker.decode(), 1).encode("utf-8")


def xml_entities(corpus: Corpus, fmt: str) -> None:
    """Entity expansion ("billion laughs") and external entities in the document's XML, or in a web page."""
    canary = corpus.root.parent / "canary.txt"
    canary.write_text(f"{CANARY_TOKEN} this text must never be imported\n")
    reader = reader_format(fmt)
    variants = []
    for label, subset, reference in _entity_tricks(canary):
        for pad in (0, 5000) if reader == ".odt" else (0,):
            variants.append((label + (" (DOCTYPE after 5 KB of comment)" if pad else ""), subset, reference, pad))
    xinclude = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{canary}" parse="text"/>'
    for label, subset, reference, pad in corpus.few(variants, 3):
        nonce = corpus.nonce()
        if reader == ".html":
            page = (f'<?xml version="1.0"?><!DOCTYPE html [{subset}]><html><head><title>{nonce}</title></head>'
                    f"<body><main><p>{reference} Statement {nonce} on trade.</p>{xinclude}</main></body></html>")
            corpus.write("xml entities", fmt, label, page.encode())
            continue
        base = valid.valid(fmt, nonce)
        inner = _document_member(fmt)
        root = "w:document" if reader == ".docx" else "office:document-content"
        xml = _with_doctype(valid.member(base, inner), root, subset, reference, b"Joint statement", pad)
        corpus.write("xml entities", fmt, label, valid.replace_member(base, inner, xml))
    if reader != ".html":
        base = valid.valid(fmt, corpus.nonce())
        inner = _document_member(fmt)
        xml = valid.member(base, inner).replace(b"Joint statement", xinclude.encode() + b"Joint statement", 1)
        corpus.write("xml entities", fmt, "XInclude of the canary file", valid.replace_member(base, inner, xml))
