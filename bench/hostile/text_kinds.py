"""Hostile e-mail, RTF, Markdown and HTML: MIME and group nesting, header floods, markup and YAML bombs.

Sizes are chosen to stay under the readers' byte limits where the point is
the structure (so the structure is parsed, not cut away), and far over them
where the point is the size.
"""

from __future__ import annotations

import base64

from hostile import valid, zips
from hostile.corpus import Corpus

_HEADERS = (b"From: Press Office <press@mfa.example>\r\nTo: desk@example.org\r\nSubject: Statement\r\n"
            b"MIME-Version: 1.0\r\n")


def _nested_multipart(depth: int, text: bytes) -> bytes:
    body = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(depth))
    body += b"Content-Type: text/plain\r\n\r\n" + text + b"\r\n"
    return _HEADERS + body + b"".join(b"--b%d--\r\n" % i for i in reversed(range(depth)))


def _nested_forwards(depth: int, text: bytes) -> bytes:
    message = b"From: a@example.org\r\nSubject: innermost\r\n\r\n" + text + b"\r\n"
    for level in range(depth):
        message = (b"From: a@example.org\r\nSubject: forward %d\r\nMIME-Version: 1.0\r\n"
                   b'Content-Type: multipart/mixed; boundary="f%d"\r\n\r\n--f%d\r\nContent-Type: text/plain\r\n\r\n'
                   b"Forwarded.\r\n--f%d\r\nContent-Type: message/rfc822\r\n\r\n" % (level, level, level, level)
                   + message + b"\r\n--f%d--\r\n" % level)
    return message


def _attachments(parts: list[tuple[bytes, bytes]]) -> bytes:
    body = _HEADERS + (b'Content-Type: multipart/mixed; boundary="x"\r\n\r\n'
                       b"--x\r\nContent-Type: text/plain\r\n\r\nSee the annexes.\r\n")
    for headers, data in parts:
        body += b"--x\r\n" + headers + b"\r\n\r\n" + data + b"\r\n"
    return body + b"--x--\r\n"


def mime_bombs(corpus: Corpus, fmt: str) -> None:
    """1,000 nested multiparts, header floods, bad charsets, base64 garbage, hostile attachments."""
    def text() -> bytes:
        return "\n".join(valid.paragraphs(corpus.nonce())).encode()

    bomb_docx = zips.archive([zips.deflated("[Content_Types].xml", b"<Types/>"), zips.zeros("word/document.xml", 512)])
    variants = [
        ("1,000 nested multiparts", lambda: _nested_multipart(1000, text())),
        ("100 nested multiparts", lambda: _nested_multipart(100, text())),
        ("30 nested forwarded messages", lambda: _nested_forwards(30, text())),
        ("10,000 sibling parts", lambda: _attachments([(b"Content-Type: text/plain", b"part")] * 10_000)),
        ("10 MB Subject", lambda: b"From: a@example.org\r\nSubject: " + b"word " * 2_000_000 + b"\r\n\r\n" + text()),
        ("300,000 addresses in To", lambda: b"From: a@example.org\r\nTo: " + b"a@b.c, " * 300_000
         + b"\r\nSubject: x\r\n\r\n" + text()),
        ("100,000 nested comments in From",
         lambda: b"From: " + b"(" * 100_000 + b"a@b.c\r\nSubject: x\r\n\r\n" + text()),
        ("200,000 encoded words with a bogus charset", lambda: b"From: a@b.c\r\nSubject: "
         + b"=?x-bogus?b?!!!?= " * 200_000 + b"\r\n\r\n" + text()),
        ("500,000 header lines",
         lambda: b"From: a@b.c\r\n" + b"X-Filler: v\r\n" * 500_000 + b"Subject: x\r\n\r\n" + text()),
        ("unknown charset", lambda: _HEADERS + b"Content-Type: text/plain; charset=x-klingon\r\n\r\n" + text()),
        ("charset that lies (cp1251 bytes as utf-8)",
         lambda: _HEADERS + b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
         + "Министерство иностранных дел сообщает".encode("cp1251")),
        ("10 KB charset name",
         lambda: _HEADERS + b"Content-Type: text/plain; charset=" + b"x" * 10_000 + b"\r\n\r\n" + text()),
        ("base64 garbage", lambda: _HEADERS + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
         + b"!!!@@@###$$$\r\n" * 10_000),
        ("quoted-printable garbage", lambda: _HEADERS + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: "
         b"quoted-printable\r\n\r\n" + b"=ZZ=\r\n=" * 10_000),
        ("boundary that never closes", lambda: _HEADERS + b'Content-Type: multipart/mixed; boundary="never"\r\n\r\n'
         b"--never\r\nContent-Type: text/plain\r\n\r\n" + text()),
        ("multipart without a boundary", lambda: _HEADERS + b"Content-Type: multipart/mixed\r\n\r\n" + text()),
        ("attachment names with ../, NUL and newlines", lambda: _attachments([
            (b"Content-Type: text/plain\r\n"
             b'Content-Disposition: attachment; filename="../../../etc/passwd.txt"', text()),
            (b'Content-Type: text/plain\r\nContent-Disposition: attachment; filename="nul\x00name.txt"', text()),
            (b"Content-Type: text/plain\r\n"
             b"Content-Disposition: attachment; filename*=utf-8''new%0Aline%00.txt", text()),
        ])),
        ("a zip-bomb Word attachment", lambda: _attachments([(
            b"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
            b'Content-Disposition: attachment; filename="bomb.docx"', base64.encodebytes(bomb_docx))])),
        ("150 text attachments", lambda: _attachments([(
            b'Content-Type: text/plain\r\nContent-Disposition: attachment; filename="a%d.txt"' % i, text())
            for i in range(150)])),
        ("headers of 8-bit garbage", lambda: b"From: \xff\xfe\x80 <a@b.c>\r\nSubject: \xc3\x28\xa0\xa1\r\n"
         b"Date: \x00\x01\x02\r\n\r\n" + text()),
        ("Content-Type with 10,000 parameters", lambda: _HEADERS + b"Content-Type: text/plain"
         + b"".join(b"; p%d=v" % i for i in range(10_000)) + b"\r\n\r\n" + text()),
    ]
    for label, build in corpus.few(variants, 3):
        corpus.write("mime bomb", fmt, label, build())


def rtf_bombs(corpus: Corpus, fmt: str) -> None:
    """Groups 100,000 deep, unbalanced braces, huge \\bin counts, floods of empty groups and control words."""
    def text() -> bytes:
        return valid.paragraphs(corpus.nonce())[0].encode("ascii", "replace")

    groups = 200_000 if corpus.quick else 2_000_000
    variants = [
        ("100,000 nested groups, closed", lambda: b"{\\rtf1 " + b"{" * 100_000 + text() + b"}" * 100_000 + b"}"),
        ("1,000,000 nested groups, never closed", lambda: b"{\\rtf1 " + b"{" * 1_000_000 + text()),
        ("100,000 closing braces first", lambda: b"{\\rtf1 " + text() + b"}" * 100_000 + b"{" * 100_000),
        ("\\bin999999999", lambda: b"{\\rtf1 " + text() + b"\\bin999999999 tail}"),
        ("\\bin-5", lambda: b"{\\rtf1 " + text() + b"\\bin-5 tail}"),
        (f"{groups:,} empty groups", lambda: b"{\\rtf1 " + text() + b"{}" * groups + b"}"),
        ("\\u with a 10-digit number", lambda: b"{\\rtf1 " + text() + b"\\u9999999999 \\u-2147483648 x}"),
        ("\\uc999999999", lambda: b"{\\rtf1 \\uc999999999 \\u1234 " + text() + b"}"),
        ("backslash at the very end", lambda: b"{\\rtf1 " + text() + b"\\"),
        ("\\' at the very end", lambda: b"{\\rtf1 " + text() + b"\\'"),
        ("1,000,000 \\par", lambda: b"{\\rtf1 " + text() + b"\\par " * 1_000_000 + b"}"),
        ("unknown code pages", lambda: b"{\\rtf1\\ansi\\ansicpg99999{\\fonttbl{\\f0\\fcharset250 X;}}\\f0 "
         + text() + b" \\'e9\\'ff}"),
        ("100,000 fonts", lambda: b"{\\rtf1{\\fonttbl"
         + b"".join(b"{\\f%d\\fcharset204 F;}" % i for i in range(100_000))
         + b"}\\f99999 " + text() + b"}"),
        ("nested unknown destinations", lambda: b"{\\rtf1 " + b"{\\*\\x" * 50_000 + text()
         + b"}" * 50_000 + b" visible " + text() + b"}"),
        ("control words of 32+ letters", lambda: b"{\\rtf1 \\" + b"a" * 100_000 + b" " + text() + b"}"),
    ]
    for label, build in corpus.few(variants, 3):
        corpus.write("rtf bomb", fmt, label, build())


def markdown_nesting(corpus: Corpus, fmt: str) -> None:
    """Quotes 10,000 deep, 100,000 unclosed brackets, emphasis and code floods."""
    def title() -> bytes:
        return f"# Statement {corpus.nonce()}\n\n".encode()

    variants = [
        ("> x 10,000", lambda: title() + b">" * 10_000 + b" quoted\n"),
        ("[ x 100,000", lambda: title() + b"Text " + b"[" * 100_000 + b"\n"),
        ("[ x 100,000 then ] x 100,000", lambda: title() + b"[" * 100_000 + b"]" * 100_000 + b"\n"),
        ("![ x 50,000", lambda: title() + b"![" * 50_000 + b"\n"),
        ("[a]( x 50,000", lambda: title() + b"[a](" * 50_000 + b"\n"),
        ("* x 100,000", lambda: title() + b"*" * 100_000 + b"x\n"),
        ("_ x 100,000", lambda: title() + b"_" * 100_000 + b"x\n"),
        ("** and __ alternating", lambda: title() + b"**a__" * 50_000 + b"\n"),
        ("backticks x 100,000", lambda: title() + b"`" * 100_000 + b"\n"),
        ("list 5,000 deep", lambda: title() + b"".join(b"  " * i + b"- item\n" for i in range(5_000))),
        ("# x 10,000", lambda: title() + b"#" * 10_000 + b" heading\n"),
        ("backslash x 100,000", lambda: title() + b"\\" * 100_000 + b"\n"),
    ]
    for label, build in corpus.few(variants, 3):
        corpus.write("md nesting", fmt, label, build())


def front_matter(corpus: Corpus, fmt: str) -> None:
    """YAML alias bombs, Python object tags, deep nesting, megabytes of front matter."""
    def body() -> bytes:
        return ("\n\n".join(valid.paragraphs(corpus.nonce())) + "\n").encode()

    def laughs() -> bytes:
        lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
            lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        return ("---\n" + "\n".join(lines) + "\n---\n").encode() + body()

    big_string = "x" * 100_000
    variants = [
        ("YAML alias billion laughs", laughs),
        ("a 100 KB string aliased 2,000 times", lambda: f"---\ns: &s '{big_string}'\n".encode()
         + b"".join(b"k%d: *s\n" % i for i in range(2_000)) + b"---\n" + body()),
        ("!!python/object/apply:os.system", lambda: b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n"
         + body()),
        ("!!python/object", lambda: b"---\nx: !!python/object:__main__.Evil {}\n---\n" + body()),
        ("!!python/name", lambda: b"---\nx: !!python/name:os.system\n---\n" + body()),
        ("[ x 10,000", lambda: b"---\na: " + b"[" * 10_000 + b"]" * 10_000 + b"\n---\n" + body()),
        ("{ x 10,000", lambda: b"---\na: " + b"{b: " * 10_000 + b"c" + b"}" * 10_000 + b"\n---\n" + body()),
        ("2 MB of front matter", lambda: b"---\n" + b"".join(b"key%d: value %d\n" % (i, i) for i in range(120_000))
         + b"---\n" + body()),
        ("front matter that never ends", lambda: b"---\ntitle: x\n" + b"k: v\n" * 200_000 + body()),
        ("!!binary of 1 MB", lambda: b"---\nx: !!binary " + base64.b64encode(b"\x00" * 1_000_000)
         + b"\n---\n" + body()),
        ("1 MB title", lambda: b"---\ntitle: '" + b"T" * 1_000_000 + b"'\n---\n" + body()),
        ("NUL and tabs in front matter", lambda: b"---\n\ttitle:\x00 x\n\t- y\n---\n" + body()),
    ]
    for label, build in corpus.few(variants, 3):
        corpus.write("front matter", fmt, label, build())


def markup_bombs(corpus: Corpus, fmt: str) -> None:
    """Unclosed tags by the hundred thousand, nesting 200,000 deep, lying charsets, unclosed comments."""
    def page(body: bytes) -> bytes:
        head = f"<html><head><title>Statement {corpus.nonce()}</title></head><body><p>Statement text.</p>"
        return head.encode() + body

    variants = [
        ("<a x 100,000, never closed", lambda: page(b"<a " * 100_000)),
        ("<x x 150,000, never closed", lambda: page(b"<x" * 150_000)),
        ("<div> x 200,000", lambda: page(b"<div>" * 200_000 + b"deep" + b"</div>" * 200_000)),
        ("<td> x 100,000, open", lambda: page(b"<table>" + b"<td>" * 100_000 + b"cell")),
        ("100,000 attributes", lambda: page(b"<p " + b'a="b" ' * 100_000 + b">attributes</p>")),
        ("2 MB unclosed comment", lambda: page(b"<!--" + b"c" * 2_000_000)),
        ("script never closed", lambda: page(b"<script>" + b"</scrip" * 300_000)),
        ("charset that lies (utf-16)",
         lambda: b'<meta charset="utf-16"><p>' + valid.paragraphs(corpus.nonce())[0].encode()
         + b"</p>"),
        ("1 MB title", lambda: b"<title>" + b"T" * 1_000_000 + b"</title><p>Body " + corpus.nonce().encode() + b"</p>"),
        ("100,000 bad character references", lambda: page(b"<p>" + b"&#x110000;&#0;&#99999999999;&bogus" * 100_000)),
        ("<pre> x 100,000", lambda: page(b"<pre>" * 100_000 + b"pre")),
        ("<![CDATA[ never closed", lambda: page(b"<![CDATA[" + b"d" * 1_000_000)),
        ("<!DOCTYPE x 100,000", lambda: page(b"<!DOCTYPE html>" * 100_000)),
    ]
    for label, build in corpus.few(variants, 3):
        corpus.write("markup bomb", fmt, label, build())


def huge_lines(corpus: Corpus, fmt: str) -> None:
    """100 MB on one line (6 MB in a quick run): prose, one endless word, capitals over and over.

    Each file repeats a one-megabyte chunk of its own, written in one pass,
    so four of them cost seconds to write and stay unique.
    """
    megabytes = 6 if corpus.quick else 100
    words = ["the", "ministers", "of", "Türkiye", "and", "Kazakhstan", "agreed", "on", "trade", "corridor",
             "cooperation", "education", "energy", "security", "dialogue", "partnership", "summit", "declaration"]

    def prose() -> bytes:
        return " ".join(corpus.rnd.choice(words) for _ in range(200_000)).encode()

    chunks = {
        ".txt": [("prose on one line", prose), ("capitals on one line (Ankara Astana ...)",
                                                lambda: b"Ankara Astana " * 80_000)],
        ".md": [("prose on one line, after front matter", prose), ("one endless word", lambda: b"w" * (1 << 20))],
        ".markdown": [] if not corpus.quick else [("prose on one line", prose)],
    }[fmt]
    for label, build in chunks:
        chunk = build()
        chunk = (chunk * ((1 << 20) // len(chunk) + 1))[: 1 << 20].replace(b"\n", b" ")
        head = f"---\ntitle: Huge {corpus.nonce()}\n---\n".encode() if fmt != ".txt" else corpus.nonce().encode() + b" "
        entry = corpus.write("huge line", fmt, f"{megabytes} MB: {label}", head)
        with open(entry.path, "ab") as handle:
            for _ in range(megabytes):
                handle.write(chunk)
