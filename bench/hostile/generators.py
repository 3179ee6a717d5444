"""Hostile files any format can be: cut, damaged, empty, disguised, badly encoded, badly named, not files at all.

Each generator writes the files of one kind for one format into the corpus;
the format-specific kinds are in :mod:`hostile.format_kinds`.
"""

from __future__ import annotations

import os
from pathlib import Path

from hostile import valid
from hostile.corpus import FORMATS, Corpus, reader_format

# Envelopes that turn raw bytes into a file of a text-like format, so a bad
# encoding meets the format's own reader rather than a quick "not an RTF file".
_ENVELOPES = {
    ".txt": lambda body: body,
    ".md": lambda body: b"---\ntitle: Encoding test\n---\n\n" + body,
    ".html": lambda body: (b'<html><head><meta charset="utf-8"></head><body><main><p>' + body
                           + b"</p></main></body></html>"),
    ".eml": lambda body: (b"From: press@mfa.example\r\nSubject: Encoding test\r\nMIME-Version: 1.0\r\n"
                          b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body),
    ".rtf": lambda body: b"{\\rtf1\\ansi\\ansicpg1252 " + body + b"\\par}",
}


def truncated(corpus: Corpus, fmt: str, count: int) -> None:
    """Valid files cut at random lengths, as an interrupted copy leaves them."""
    for _ in range(count):
        data = valid.valid(fmt, corpus.nonce())
        cut = corpus.rnd.randrange(1, len(data))
        corpus.write("truncated", fmt, f"cut at {cut} of {len(data)} bytes", data[:cut])


def corrupted(corpus: Corpus, fmt: str, count: int) -> None:
    """Valid files with 1 to 64 random bytes overwritten."""
    for _ in range(count):
        data = bytearray(valid.valid(fmt, corpus.nonce()))
        damaged = corpus.rnd.randint(1, 64)
        for _ in range(damaged):
            data[corpus.rnd.randrange(len(data))] = corpus.rnd.randrange(256)
        corpus.write("corrupted", fmt, f"{damaged} bytes overwritten", bytes(data))


def _blank(fmt: str, nonce: str, spaces: int) -> list[tuple[str, bytes]]:
    """Files with the format's shape and nothing to read (``spaces`` makes the whitespace file unique)."""
    reader = reader_format(fmt)
    shapes = {
        ".txt": [("blank lines", b"\n" * spaces)],
        ".md": [("front matter only", f"---\ntitle: Empty {nonce}\n---\n".encode())],
        ".html": [("page without text", f"<html><head><title>{nonce}</title></head><body></body></html>".encode())],
        ".pdf": [("PDF without pages", valid.pdf_bytes([])), ("blank pages", valid.pdf_bytes(["", "", nonce[:0]]))],
        ".docx": [("Word file without text", valid.docx_bytes(nonce, texts=[]))],
        ".odt": [("ODT without text", valid.odt_bytes(nonce, texts=[]))],
        ".rtf": [("RTF without text", b"{\\rtf1\\ansi{\\fonttbl{\\f0 " + nonce.encode() + b";}}}")],
        ".eml": [("headers without body", f"From: a@example.org\r\nSubject: {nonce}\r\n\r\n".encode())],
    }
    return [*shapes[reader], ("whitespace only", b" \n\t\r\n" + b" " * spaces + b"\n")]


def empty(corpus: Corpus, fmt: str) -> None:
    """Zero-byte files (identical bytes: the importer reads one and names it for the rest) and blank ones."""
    for number in range(1 if corpus.quick else 3):
        corpus.write("empty", fmt, f"zero bytes #{number + 1}", b"")
    for label, data in _blank(fmt, corpus.nonce(), corpus.rnd.randrange(1, 100_000)):
        corpus.write("empty", fmt, label, data)


def wrong_extension(corpus: Corpus, fmt: str) -> None:
    """Valid files of every other format under this suffix (a PDF named .docx...)."""
    others = sorted({reader_format(other) for other in FORMATS} - {reader_format(fmt)})
    for other in corpus.few(others, 2):
        for _ in range(1 if corpus.quick else 2):
            corpus.write("wrong extension", fmt, f"a {other} file", valid.valid(other, corpus.nonce()))


def _encodings(corpus: Corpus) -> list[tuple[str, bytes]]:
    rnd, nonce = corpus.rnd, corpus.nonce()
    text = "\n\n".join(valid.paragraphs(nonce))
    utf8 = text.encode()
    return [
        ("random bytes", rnd.randbytes(rnd.randint(100, 20_000))),
        ("random mostly-ASCII bytes", bytes(rnd.choice(b" abcdefghij\n\x85\xe9\xff") for _ in range(5000))),
        ("UTF-16-LE without BOM", text.encode("utf-16-le")),
        ("UTF-16-BE without BOM", text.encode("utf-16-be")),
        ("UTF-32-LE without BOM", text.encode("utf-32-le")),
        ("UTF-16 BOM, odd length", text.encode("utf-16") + b"\x00"),
        ("UTF-8 BOM, cp1252 bytes", b"\xef\xbb\xbf" + text.encode("cp1252", "replace")),
        ("mixed UTF-8, cp1251, latin-1, Shift-JIS", utf8 + "Министерство иностранных дел".encode("cp1251")
         + "Genève, été".encode("latin-1") + "外務省の声明".encode("shift_jis")),
        ("NUL bytes every 10 bytes", b"\x00".join(utf8[i:i + 10] for i in range(0, len(utf8), 10))),
        ("text then 100 KB of NUL", utf8 + bytes(100_000)),
        ("lone surrogates in UTF-8 form", utf8.replace(b"Astana", b"Ast\xed\xa0\x80ana\xed\xbf\xbf")),
        ("overlong UTF-8", utf8.replace(b" ", b"\xc0\xa0").replace(b"/", b"\xe0\x80\xaf")),
        ("5- and 6-byte sequences",
         utf8.replace(b"e", b"\xf8\x88\x80\x80\x80").replace(b"a", b"\xfc\x84\x80\x80\x80\x80")),
        ("continuation bytes everywhere", bytes(b if i % 3 else 0x80 for i, b in enumerate(utf8))),
        ("control characters", bytes(b if rnd.random() > 0.2 else rnd.randrange(1, 32) for b in utf8)),
        ("GB18030 cut mid-character", "外交部发言人表示，双方同意加强合作。".encode("gb18030") * 50 + b"\x81"),
        ("EBCDIC", text.encode("cp500")),
        ("UTF-7", text.encode("utf-7")),
    ]


def _binary_encodings(corpus: Corpus, fmt: str) -> list[tuple[str, bytes]]:
    """Bad encodings inside binary formats: the XML or the PDF strings."""
    rnd, nonce = corpus.rnd, corpus.nonce()
    reader = reader_format(fmt)
    if reader == ".pdf":
        garbage = rnd.randbytes(200).replace(b")", b"").replace(b"\\", b"")
        return [
            ("binary in text strings", valid.pdf_bytes([nonce]).replace(nonce.encode(), garbage[:60])),
            ("title with a UTF-16 BOM and odd length", valid.pdf_bytes([f"Text {nonce}"]).replace(
                b"/Info", b"/Info").replace(b"(Statement", b"(\xfe\xff\x00S\x00")),
            ("NUL bytes in the text", valid.pdf_bytes([f"Te\x00xt {nonce}\x00\x00"])),
        ]
    name = "word/document.xml" if reader == ".docx" else "content.xml"
    base = valid.valid(fmt, nonce)
    xml = valid.member(base, name)
    return [
        ("invalid UTF-8 in the XML", valid.replace_member(base, name, xml.replace(b"Astana", b"Ast\xff\xfeana"))),
        ("XML declares UTF-16, holds UTF-8", valid.replace_member(
            base, name, xml.replace(b'encoding="UTF-8"', b'encoding="UTF-16"', 1))),
        ("XML in UTF-16 without BOM", valid.replace_member(base, name, xml.decode().encode("utf-16-le"))),
        ("NUL and lone surrogate references", valid.replace_member(
            base, name, xml.replace(b"Astana", b"Ast\x00ana &#xD800; &#0;"))),
    ]


def bad_encoding(corpus: Corpus, fmt: str) -> None:
    """Random bytes, UTF-16 without BOM, mixed encodings, NULs, lone surrogates, overlong forms..."""
    envelope = _ENVELOPES.get(reader_format(fmt))
    if envelope is None:
        variants = _binary_encodings(corpus, fmt)
    else:
        variants = _encodings(corpus) + [(f"{label} (again)", data) for label, data in _encodings(corpus)[:2]]
        variants = [(label, envelope(data)) for label, data in variants]
    for label, data in corpus.few(variants, 3):
        corpus.write("bad encoding", fmt, label, data)


def hostile_names(corpus: Corpus, fmt: str) -> None:
    """Valid files named with newlines, tabs, bytes that are not UTF-8, very long names, deep paths."""
    names: list[tuple[str, bytes]] = [
        ("newline in the name", b"new\nline"), ("tab in the name", b"tab\there"), ("carriage return", b"cr\rname"),
        ("invalid UTF-8 bytes", b"bad\xff\xfename"), ("UTF-8 cut short", b"cut\xc3"),
        ("surrogate in UTF-8 form", b"sur\xed\xa0\x80rogate"), ("latin-1 name", "Genève".encode("latin-1")),
        ("255-byte name", b"L" * (255 - len(fmt))), ("long multi-byte name", "Ж".encode() * ((254 - len(fmt)) // 2)),
        ("leading space and dash", b" -rf"), ("right-to-left override", "\u202etxt.exe".encode()),
        ("emoji", "🇹🇷🇰🇿 statement".encode()), ("shell characters", b"$(id) `id` ;&|<>*?"),
        ("backslashes and quotes", b"back\\slash 'single' \"double\""), ("format directives", b"%s%n%x%d"),
    ]
    for label, stem in corpus.few(names, 3):
        corpus.write("hostile name", fmt, label, valid.valid(fmt, corpus.nonce()), name=stem + fmt.encode())
    # A path near the system's limit: many nested folders with long names.
    deep = corpus.folder("hostile name", fmt)
    for level in range(10 if corpus.quick else 30):
        deep = deep / f"{level:02d}-{'d' * 90}"
    deep.mkdir(parents=True, exist_ok=True)
    path = deep / f"deep{fmt}"
    path.write_bytes(valid.valid(fmt, corpus.nonce()))
    corpus.remember(str(path), "hostile name", fmt, f"path of {len(os.fsencode(path))} bytes")


def fs_specials(corpus: Corpus, fmt: str) -> None:
    """Symbolic-link loops, dangling links, a named pipe, endless devices, unreadable files, a folder loop."""
    folder = corpus.folder("fs special", fmt)
    a, b = folder / f"loop-a{fmt}", folder / f"loop-b{fmt}"
    a.symlink_to(b.name)
    b.symlink_to(a.name)
    corpus.remember(str(a), "fs special", fmt, "symlink loop a -> b -> a")
    corpus.remember(str(b), "fs special", fmt, "symlink loop b -> a -> b")
    self_loop = folder / f"self{fmt}"
    self_loop.symlink_to(self_loop.name)
    corpus.remember(str(self_loop), "fs special", fmt, "symlink to itself")
    dangling = folder / f"dangling{fmt}"
    dangling.symlink_to(f"missing-{corpus.nonce()}{fmt}")
    corpus.remember(str(dangling), "fs special", fmt, "dangling symlink")
    fifo = folder / f"pipe{fmt}"
    os.mkfifo(fifo)
    corpus.remember(str(fifo), "fs special", fmt, "named pipe (FIFO)", special="fifo")
    if Path("/dev/zero").exists():
        endless = folder / f"zero{fmt}"
        endless.symlink_to("/dev/zero")
        corpus.remember(str(endless), "fs special", fmt, "symlink to /dev/zero (endless)", special="device")
    up = folder / f"parent{fmt}"
    up.symlink_to("..", target_is_directory=True)
    corpus.remember(str(up), "fs special", fmt, "folder symlink to its parent", special="folder-loop")
    for number in range(1 if corpus.quick else 2):
        locked = corpus.write("fs special", fmt, "no read permission", valid.valid(fmt, corpus.nonce()),
                              name=f"locked-{number}{fmt}", special="unreadable")
        Path(locked.path).chmod(0)


def churn(corpus: Corpus, fmt: str, count: int) -> None:
    """Valid files that a thread deletes, rewrites and truncates while the import runs."""
    for number in range(count):
        corpus.write("vanish or change", fmt, "changed during the import", valid.valid(fmt, corpus.nonce()),
                     name=f"churn-{number}{fmt}", special="churn")
