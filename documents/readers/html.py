"""HTML reader: the page's main text, its title and publication date.

Saved web pages carry menus, cookie banners and scripts around the statement;
those are dropped, and ``<main>``/``<article>`` is preferred when a page marks
its content. Nothing referenced by the page is ever fetched.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from documents.errors import UnreadableDocument
from documents.readers import text as text_reader
from documents.readers.base import RawDocument

# Content of these elements is never statement text (but see parse_html on
# <form>, and a <header> inside <main> or <article> is kept).
_DROPPED = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "form",
    "svg", "math", "iframe", "object", "canvas", "button", "select", "textarea", "dialog",
})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
})
_BLOCKS = frozenset({
    "address", "article", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "ul",
})
_CELLS = frozenset({"td", "th"})
_DATE_META_NAMES = frozenset({
    "date", "dcterms.date", "dc.date", "dcterms.created", "dc.date.created", "dcterms.issued",
    "dc.date.issued", "article:published_time", "og:published_time", "pubdate", "publish-date",
    "datepublished",
})
# Paragraph and line markers kept apart from real newlines until the end, so
# whitespace inside the markup can be collapsed without losing structure.
_PARAGRAPH = "\x00P"
_LINE = "\x00L"
_CELL = "\x00C"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_ISO_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_TEXT_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%d.%m.%Y", "%d/%m/%Y")
# A tag, comment or declaration the end of the page cuts off. Python before
# 3.11.13 (and 3.12.11, 3.13.4) parses the rest of such a page again for each
# "<" in it, so 300 KB of "<a " take minutes; HTML5 drops a tag cut by the end
# of the file and ends a cut comment there, which is what dropping it does.
_UNCLOSED_TAIL = re.compile(r"<[a-zA-Z/!?]")


@dataclass
class HtmlContent:
    """What :func:`parse_html` found in a page."""

    text: str
    title: str | None
    date: str | None


class _PageParser(HTMLParser):
    """Collects body text (overall, inside <main>, inside <article>), title and date.

    Args:
        dropped: Elements whose content is skipped.
    """

    def __init__(self, dropped: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self._dropped_tags = dropped
        self.everything: list[str] = []
        self.in_main: list[str] = []
        self.in_article: list[str] = []
        self.title_parts: list[str] = []
        self.first_h1: list[str] = []
        self.meta_date: str | None = None
        self.time_dates: list[str] = []  # <time datetime> inside <main>/<article> first
        self._open_dropped: dict[str, int] = {}
        self._kept_headers = 0
        self._main_depth = 0
        self._article_depth = 0
        self._in_title = False
        self._h1_state = "before"  # before -> inside -> done
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self._in_title = False  # a title holds no elements; this one was left open
        if tag == "meta":
            self._note_meta(attributes)
            return
        in_content = self._main_depth or self._article_depth
        if tag == "time" and attributes.get("datetime") and (in_content or not self._is_dropping()):
            self.time_dates.insert(0 if in_content else len(self.time_dates), attributes["datetime"])
        if tag == "header" and in_content and not self._is_dropping():
            self._kept_headers += 1  # an article's own header: its heading and byline are content
        elif tag in self._dropped_tags:
            if tag not in _VOID:
                self._open_dropped[tag] = self._open_dropped.get(tag, 0) + 1
            return
        if self._is_dropping():
            return
        if tag == "title":
            self._in_title = True
        if tag == "main":
            self._main_depth += 1
        elif tag == "article":
            self._article_depth += 1
        if tag == "h1" and self._h1_state == "before":
            self._h1_state = "inside"
        if tag == "pre":
            self._pre_depth += 1
        self._mark_boundary(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "header" and self._kept_headers and not self._is_dropping():
            self._kept_headers -= 1
        elif tag in self._dropped_tags:
            if self._open_dropped.get(tag):
                self._open_dropped[tag] -= 1
            return
        if tag == "title":
            self._in_title = False
            return
        if self._is_dropping():
            return
        self._mark_boundary(tag)
        if tag == "main" and self._main_depth:
            self._main_depth -= 1
        elif tag == "article" and self._article_depth:
            self._article_depth -= 1
        elif tag == "h1" and self._h1_state == "inside":
            self._h1_state = "done"
        elif tag == "pre" and self._pre_depth:
            self._pre_depth -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <meta .../>: a self-closed tag opens nothing.
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and tag not in ("meta",):
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._is_dropping():
            return
        if self._pre_depth:
            data = data.replace("\r\n", "\n").replace("\n", _LINE)
        self._emit(data)
        if self._h1_state == "inside":
            self.first_h1.append(data)

    def _is_dropping(self) -> bool:
        return any(self._open_dropped.values())

    def _mark_boundary(self, tag: str) -> None:
        if tag in ("br", "tr"):
            self._emit(_LINE)
        elif tag in _CELLS:
            self._emit(_CELL)
        elif tag in _BLOCKS:
            self._emit(_PARAGRAPH)

    def _emit(self, piece: str) -> None:
        self.everything.append(piece)
        if self._main_depth:
            self.in_main.append(piece)
        if self._article_depth:
            self.in_article.append(piece)

    def _note_meta(self, attributes: dict[str, str]) -> None:
        name = (attributes.get("name") or attributes.get("property") or attributes.get("itemprop") or "").lower()
        if self.meta_date is None and name in _DATE_META_NAMES and attributes.get("content"):
            self.meta_date = attributes["content"]


def _assemble(pieces: list[str]) -> str:
    """Joins collected pieces into paragraphs separated by blank lines.

    A table becomes one paragraph: a line per row, cells separated by tabs.
    """
    raw = "".join(pieces)
    paragraphs = []
    for block in raw.split(_PARAGRAPH):
        lines = []
        for line in block.split(_LINE):
            cells = (_SPACES.sub(" ", cell).strip() for cell in line.split(_CELL))
            lines.append("\t".join(cell for cell in cells if cell))
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def to_iso_date(value: str | None) -> str | None:
    """Turns a date written in a page (ISO, RFC 2822, "5 March 2024") into ``YYYY-MM-DD``.

    Returns the trimmed original when it cannot be parsed, None when empty.
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    match = _ISO_DATE.match(value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date().isoformat()
    for pattern in _TEXT_DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date().isoformat()
        except ValueError:
            continue
    return value


def parse_html(markup: str) -> HtmlContent:
    """Extracts main text, title and date from an HTML document held as text."""
    markup = markup.replace("\x00", "")  # NUL is the parser's own marker character
    cut = _UNCLOSED_TAIL.search(markup, markup.rfind(">") + 1)
    if cut:
        markup = markup[: cut.start()]
    parser = _run_parser(markup, _DROPPED)
    text = _assemble(parser.in_main) or _assemble(parser.in_article) or _assemble(parser.everything)
    if not text:
        # Some site builders (ASP.NET WebForms) wrap the whole page in one <form>.
        parser = _run_parser(markup, _DROPPED - {"form"})
        text = _assemble(parser.in_main) or _assemble(parser.in_article) or _assemble(parser.everything)
    title = _SPACES.sub(" ", "".join(parser.title_parts)).strip() or _SPACES.sub(" ", "".join(parser.first_h1)).strip()
    time_date = parser.time_dates[0] if parser.time_dates else None
    return HtmlContent(text=text, title=title or None, date=to_iso_date(parser.meta_date or time_date))


def _run_parser(markup: str, dropped: frozenset[str]) -> _PageParser:
    parser = _PageParser(dropped)
    parser.feed(markup)
    parser.close()
    return parser


def html_to_text(markup: str) -> str:
    """The readable text of an HTML document (used for HTML e-mail bodies too)."""
    return parse_html(markup).text


def decode_html(data: bytes, warnings: list[str]) -> str:
    """Decodes page bytes using the declared charset, else detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return text_reader.decode_text(data, warnings)
    match = _CHARSET.search(data[:4096])
    if match:
        declared = match.group(1).decode("ascii").lower()
        # Browsers read pages labelled latin-1 or ASCII as windows-1252.
        encoding = "cp1252" if declared in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii") else declared
        try:
            return data.decode(encoding)
        except LookupError:
            warnings.append(f"the page declares an unknown charset {declared!r}; the encoding was detected instead")
        except UnicodeDecodeError:
            warnings.append(f"the page is not really {declared} as it declares; the encoding was detected instead")
    return text_reader.decode_text(data, warnings)


def read(path: Path) -> RawDocument:
    """Reads an ``.html``/``.htm`` file.

    Raises:
        UnreadableDocument: If the file is empty, binary or has no text.
    """
    warnings: list[str] = []
    data = text_reader.read_bytes_limited(path, warnings)
    if not data.strip():
        raise UnreadableDocument(str(path), "the file is empty")
    markup = text_reader.normalise_newlines(decode_html(data, warnings))
    if text_reader.looks_binary(markup):
        raise UnreadableDocument(str(path), "the file holds binary data, not a web page (wrong extension?)")
    content = parse_html(markup)
    if not content.text:
        raise UnreadableDocument(str(path), "the page has no readable text (only scripts, menus or markup)")
    return RawDocument(
        text=content.text,
        reader="html",
        title=content.title,
        date=content.date,
        warnings=warnings,
        title_source="page title",
        date_source="page metadata",
    )
