"""RTF reader: a small converter from Rich Text Format to plain paragraphs.

RTF is a stream of groups ``{...}``, control words ``\\word123`` and text.
The converter keeps the visible body text, turns paragraph, line, tab and
table marks into plain-text equivalents, decodes ``\\'hh`` bytes with the
document's or font's code page and ``\\uN`` as Unicode, and skips
"destinations" that are not body text (font tables, pictures, headers...).
The ``\\info`` group gives the title, author and creation date.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from documents.errors import UnreadableDocument
from documents.readers import text as text_reader
from documents.readers.base import MAX_TEXT_BYTES, RawDocument

# Pictures are stored in RTF as hex digits, so a file holds far more bytes
# than text: it may be read this far, and its text is then cut as any other.
MAX_RTF_BYTES = 20 * 1024 * 1024

_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word with optional number
    r"|\\'([0-9a-fA-F]{2})"  # byte in the current code page
    r"|\\([^a-zA-Z])"  # control symbol
    r"|([{}])"  # group start or end
    r"|([\r\n]+)"  # source line breaks carry no meaning
    r"|([^\\{}\r\n]+)"  # plain text
    r"|(\\)",  # a lone backslash at the very end
    re.DOTALL,
)
# Groups whose content is not body text.
_SKIPPED = frozenset({
    "annotation", "atnauthor", "atndate", "atnid", "atnref", "bkmkend", "bkmkstart", "buptim", "category",
    "colortbl", "colorschememapping", "comment", "company", "datastore", "docvar", "doccomm", "fldinst",
    "footer", "footerf", "footerl", "footerr", "footnote", "generator", "header", "headerf", "headerl",
    "headerr", "hlinkbase", "keywords", "latentstyles", "listoverridetable", "listtable", "listtext",
    "manager", "nonshppict", "object", "operator", "pict", "pntext", "printim", "private", "revtbl", "revtim",
    "rsidtbl", "stylesheet", "subject", "tc", "themedata", "txe", "userprops", "xe", "xmlnstbl",
})
_SYMBOLS = {
    "\\": "\\", "{": "{", "}": "}", "~": " ", "_": "-", "-": "", "\n": "\n\n", "\r": "\n\n",
}
_WORDS = {
    "par": "\n\n", "sect": "\n\n", "page": "\n\n", "line": "\n", "tab": "\t", "cell": "\t", "nestcell": "\t",
    "emdash": "\u2014", "endash": "\u2013", "bullet": "\u2022", "lquote": "\u2018", "rquote": "\u2019",
    "ldblquote": "\u201c", "rdblquote": "\u201d", "emspace": " ", "enspace": " ", "qmspace": " ",
}
# \fcharsetN -> Python codec (the common Windows and Mac sets).
_CHARSETS = {
    0: "cp1252", 77: "mac_roman", 128: "cp932", 129: "cp949", 134: "gbk", 136: "cp950", 161: "cp1253",
    162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251", 222: "cp874",
    238: "cp1250", 255: "cp437",
}
_EXCESS_BREAKS = re.compile(r"\n{3,}")
# Real documents nest groups a few dozen deep; beyond this, extra braces are
# counted but carry no state, so a file of a million "{" costs no memory.
_MAX_DEPTH = 1_000
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


@dataclass
class _Group:
    """State that RTF scopes to a group and restores when it closes."""

    sink: list[str] | None  # where text goes; None while skipping
    ucskip: int = 1  # fallback characters that follow each \uN
    encoding: str = "cp1252"
    in_font_table: bool = False
    in_info: bool = False
    date_fields: dict[str, int] | None = None  # \creatim's \yr \mo \dy while inside it

    def inner(self) -> _Group:
        """The state a group opened inside this one starts with."""
        # Four times faster than dataclasses.replace: it counts in a file of a million empty groups.
        return _Group(self.sink, self.ucskip, self.encoding, self.in_font_table, self.in_info, self.date_fields)


@dataclass
class _Converter:
    body: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    author: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    codepage: str = "cp1252"
    font_encodings: dict[int, str] = field(default_factory=dict)
    defining_font: int | None = None
    unbalanced: bool = False


def rtf_to_text(source: str) -> tuple[str, _Converter]:
    """Converts RTF (decoded as latin-1, one character per byte) to text.

    Returns:
        The text and the converter, whose ``title``, ``author``, ``created``
        and ``unbalanced`` tell what else was found.
    """
    conv = _Converter()
    stack: list[_Group] = []
    group = _Group(sink=conv.body)
    pending = bytearray()  # \'hh bytes and 8-bit text, decoded together (multi-byte code pages)
    skip = 0  # fallback characters still to drop after a \uN
    pos = 0
    length = len(source)
    excess_depth = 0
    started = closed = False
    in_table = after_row = False

    def flush() -> None:
        if pending:
            if group.sink is not None:
                group.sink.append(pending.decode(group.encoding, errors="replace"))
            pending.clear()

    def before_text() -> None:
        nonlocal after_row
        if after_row and not in_table and group.sink is conv.body:
            conv.body.append("\n")  # a table just ended: set it apart from the next paragraph
            after_row = False

    def emit(piece: str) -> None:
        if group.sink is not None:
            if piece.strip():
                before_text()
            group.sink.append(piece)

    while pos < length:
        match = _TOKEN.match(source, pos)
        pos = match.end()
        word, number, hex_byte, symbol, brace, newlines, text, _ = match.groups()
        if newlines is not None:
            continue
        if text is not None:
            if skip:
                dropped = min(skip, len(text))
                text, skip = text[dropped:], skip - dropped
            if text and group.sink is not None:
                before_text()
                pending.extend(text.encode("latin-1"))
            continue
        if hex_byte is not None:
            if skip:
                skip -= 1
            elif group.sink is not None:
                before_text()
                pending.append(int(hex_byte, 16))
            continue
        flush()
        if brace == "{":
            skip = 0
            if len(stack) >= _MAX_DEPTH:
                excess_depth += 1
            elif started:
                stack.append(group)
                group = group.inner()
            started = True
        elif brace == "}":
            skip = 0
            if excess_depth:
                excess_depth -= 1
            elif stack:
                group = stack.pop()
            else:
                closed = True
                break  # the document's outermost group closed; anything after it is not RTF
        elif symbol is not None:
            if skip:
                skip -= 1
            elif symbol == "*":
                group.sink = None  # an optional destination this converter does not know
            elif symbol in _SYMBOLS:
                emit(_SYMBOLS[symbol])
        elif word is not None:
            if skip:
                skip -= 1
                continue
            arg = int(number) if number is not None else None
            if word == "bin":
                pos += max(arg or 0, 0)  # raw binary data (pictures)
            elif word == "u" and arg is not None:
                emit(chr(arg % 0x10000))
                skip = group.ucskip
            elif word == "intbl":
                in_table = True
            elif word == "pard":
                in_table = False
            elif word == "row":
                emit("\n")
                after_row = True
            else:
                _control_word(conv, group, word, arg, emit)
        else:
            pos = length  # a lone backslash at the very end
    flush()
    conv.unbalanced = not closed
    return _tidy("".join(conv.body)), conv


def _control_word(conv: _Converter, group: _Group, word: str, arg: int | None, emit) -> None:
    """Applies one control word that only changes state or emits a mark."""
    if word in _WORDS:
        emit(_WORDS[word])
    elif word == "uc" and arg is not None:
        group.ucskip = max(arg, 0)
    elif word == "ansicpg" and arg is not None:
        conv.codepage = _codec(f"cp{arg}") or conv.codepage
        group.encoding = conv.codepage
    elif word in ("mac", "pc", "pca"):
        conv.codepage = {"mac": "mac_roman", "pc": "cp437", "pca": "cp850"}[word]
        group.encoding = conv.codepage
    elif word == "fonttbl":
        group.sink, group.in_font_table = None, True
    elif group.in_font_table:
        if word == "f":
            conv.defining_font = arg
        elif word == "fcharset" and arg is not None and conv.defining_font is not None:
            conv.font_encodings[conv.defining_font] = _CHARSETS.get(arg, "")
        elif word == "cpg" and arg is not None and conv.defining_font is not None:
            conv.font_encodings[conv.defining_font] = _codec(f"cp{arg}") or ""
    elif word == "f" and arg is not None:
        group.encoding = conv.font_encodings.get(arg) or conv.codepage
    elif word == "info":
        group.sink, group.in_info = None, True
    elif group.in_info:
        _info_word(conv, group, word, arg)
    elif word in _SKIPPED:
        group.sink = None


def _info_word(conv: _Converter, group: _Group, word: str, arg: int | None) -> None:
    if word == "title":
        group.sink = conv.title
    elif word == "author":
        group.sink = conv.author
    elif word == "creatim":
        group.date_fields = conv.created
    elif word in ("yr", "mo", "dy") and group.date_fields is not None and arg is not None:
        group.date_fields[word] = arg
    elif word in _SKIPPED:
        group.sink = None


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _tidy(text: str) -> str:
    # \uN with negative numbers gives UTF-16 surrogate halves; pair them up.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = text_reader.normalise_newlines(text).replace("\u00a0", " ")
    text = _TRAILING_SPACE.sub("\n", text)
    text = _EXCESS_BREAKS.sub("\n\n", text)
    return "\n".join(line.strip(" \t") for line in text.split("\n")).strip()


def _creation_date(fields: dict[str, int]) -> str | None:
    try:
        return dt.date(fields["yr"], fields["mo"], fields["dy"]).isoformat()
    except (KeyError, ValueError):
        return None


def read(path: Path) -> RawDocument:
    """Reads an ``.rtf`` file.

    Raises:
        UnreadableDocument: If the file is empty, not RTF, or holds no text.
    """
    warnings: list[str] = []
    data = text_reader.read_bytes_limited(path, warnings, MAX_RTF_BYTES)
    if not data.strip():
        raise UnreadableDocument(str(path), "the file is empty")
    if not data.lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"{\\rtf"):
        raise UnreadableDocument(str(path), "not an RTF file (it does not start with {\\rtf; wrong extension?)")
    text, found = rtf_to_text(data.decode("latin-1"))
    if found.unbalanced and not warnings:
        warnings.append("the RTF file is truncated or damaged (its groups are not closed); the text read was imported")
    if not text:
        raise UnreadableDocument(str(path), "the RTF file contains no text")
    if len(text) > MAX_TEXT_BYTES:
        warnings.append("the text is longer than the import limit; only the first part was imported")
        text = text[:MAX_TEXT_BYTES]
    title = " ".join(_tidy("".join(found.title)).split()) or None
    author = " ".join(_tidy("".join(found.author)).split()) or None
    return RawDocument(
        text=text,
        reader="rtf",
        title=title,
        date=_creation_date(found.created),
        properties={"author": author} if author else {},
        warnings=warnings,
    )
