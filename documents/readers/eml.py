"""E-mail (.eml) reader: headers for metadata, the body as text, attachments handed on.

Attachments of supported types become :class:`Attachment` entries, which the
importer reads as documents of their own, linked to the message. A forwarded
message is handed on the same way, as an ``.eml`` attachment.
"""

from __future__ import annotations

import email
import re
from email import policy
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from pathlib import Path, PurePath

from documents import readers
from documents.errors import UnreadableDocument
from documents.readers import html as html_reader
from documents.readers import text as text_reader
from documents.readers.base import MAX_TEXT_BYTES, Attachment, RawDocument, open_binary

# A message with attachments is legitimately larger than a text file.
MAX_MESSAGE_BYTES = 120 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_ATTACHMENTS = 100
# Headers that show bytes are an e-mail message rather than any text file.
_KNOWN_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "mime-version", "return-path")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\\/:*?\"<>|]+")
# The standard library parses a structured header in time that grows with the
# square of its length: a 10 MB Subject, or 300,000 addresses, would take hours.
# A real header is a line or two; every header is parsed from this much only.
MAX_HEADER_CHARS = 8 * 1024


class _BoundedHeaders(HeaderRegistry):
    """The default header classes, each given at most :data:`MAX_HEADER_CHARS` of its value."""

    def __call__(self, name, value):
        return super().__call__(name, value[:MAX_HEADER_CHARS])


_POLICY = policy.default.clone(header_factory=_BoundedHeaders())
# Each MIME part costs the parser a few milliseconds of header parsing, so
# 20,000 empty parts (800 KB) would hold a reader for a minute. Lines that
# could open a part are counted before parsing; the message is cut before
# the one past this many (a message of attachments has a handful).
MAX_PART_LINES = 2_000
_PART_LINE = re.compile(rb"\n--\S")


def read(path: Path) -> RawDocument:
    """Reads an ``.eml`` message.

    Raises:
        UnreadableDocument: If the file is empty, binary or not an e-mail message.
    """
    warnings: list[str] = []
    data = _read_limited(path, warnings)
    if not data.strip():
        raise UnreadableDocument(str(path), "the file is empty")
    if text_reader.looks_binary(data[:4096].decode("latin-1")):
        raise UnreadableDocument(str(path), "the file holds binary data, not an e-mail message (wrong extension?)")
    data = _at_most_parts(data, warnings)
    message = email.message_from_bytes(data, policy=_POLICY)
    if not any(name in message for name in _KNOWN_HEADERS):
        raise UnreadableDocument(str(path), "not an e-mail message (it has no headers such as From, To or Subject)")
    long_headers = sorted({name for name, value in message.raw_items() if len(value) > MAX_HEADER_CHARS})
    if long_headers:
        warnings.append(f"headers longer than {MAX_HEADER_CHARS // 1024} KB were read only in part: "
                        + ", ".join(long_headers[:5]))
    body = _body_part(message, warnings)
    text = _body_text(body, warnings) if body is not None else ""
    attachments = _attachments(message, body, warnings)
    if not text and not attachments:
        raise UnreadableDocument(str(path), "the message has neither a text body nor attachments that can be imported")
    if not text:
        warnings.append("the message has no text body; only its attachments were imported")
    if len(text) > MAX_TEXT_BYTES:
        warnings.append("the text is longer than the import limit; only the first part was imported")
    properties = {}
    sender = _header(message, "from", warnings)
    if sender:
        properties["sender"] = sender
    recipients = _addresses(message, "to", warnings)
    if recipients:
        properties["recipients"] = recipients
    return RawDocument(
        text=text[:MAX_TEXT_BYTES],
        reader="eml",
        title=_header(message, "subject", warnings),
        date=_date(message, warnings),
        properties=properties,
        warnings=warnings,
        attachments=attachments,
        title_source="e-mail subject",
        date_source="e-mail date",
    )


def _at_most_parts(data: bytes, warnings: list[str]) -> bytes:
    for count, match in enumerate(_PART_LINE.finditer(data)):
        if count == MAX_PART_LINES:
            warnings.append(f"the message has more than {MAX_PART_LINES:,} MIME parts; only the first were read")
            return data[: match.start() + 1]
    return data


def _read_limited(path: Path, warnings: list[str]) -> bytes:
    with open_binary(path) as handle:
        data = handle.read(MAX_MESSAGE_BYTES + 1)
    if len(data) > MAX_MESSAGE_BYTES:
        warnings.append(
            f"the message is larger than {MAX_MESSAGE_BYTES // (1024 * 1024)} MB; "
            "only the first part was read and later attachments may be missing"
        )
        data = data[:MAX_MESSAGE_BYTES]
    return data


def _header(message: EmailMessage, name: str, warnings: list[str]) -> str | None:
    try:
        value = message[name]
    except Exception as exc:  # the header parser can fail on a malformed header
        warnings.append(f"the {name.title()} header could not be read ({type(exc).__name__})")
        return None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _addresses(message: EmailMessage, name: str, warnings: list[str]) -> list[str]:
    try:
        header = message[name]
        addresses = getattr(header, "addresses", None)
    except Exception as exc:  # the header parser can fail on a malformed header
        warnings.append(f"the {name.title()} header could not be read ({type(exc).__name__})")
        return []
    if addresses:
        return [str(address) for address in addresses]
    text = _header(message, name, warnings)
    return [text] if text else []


def _date(message: EmailMessage, warnings: list[str]) -> str | None:
    try:
        header = message["date"]
        when = getattr(header, "datetime", None)
    except Exception as exc:  # the header parser can fail on a malformed date
        warnings.append(f"the Date header could not be read ({type(exc).__name__})")
        return None
    if when is not None:
        return when.date().isoformat()  # the sender's calendar day, as the header states it
    if header is not None:
        warnings.append(f"the Date header {str(header)!r} is not a valid date")
    return None


def _body_part(message: EmailMessage, warnings: list[str]) -> EmailMessage | None:
    """The plain-text body part, else the HTML one."""
    try:
        return message.get_body(preferencelist=("plain", "html"))
    except Exception as exc:  # a damaged MIME structure
        warnings.append(f"the message structure is damaged ({type(exc).__name__}); the body could not be found")
        return None


def _body_text(body: EmailMessage, warnings: list[str]) -> str:
    """The body part as plain text (HTML converted)."""
    content = _part_text(body, warnings)
    if body.get_content_subtype() == "html":
        content = html_reader.html_to_text(content)
    content = text_reader.normalise_newlines(content)
    return "\n".join(line.rstrip() for line in content.split("\n")).strip()


def _part_text(part: EmailMessage, warnings: list[str]) -> str:
    """Decodes a text part, falling back to detection when its charset is wrong or unknown."""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError):
        content = None
    if content is not None and "\ufffd" not in content:
        return content
    # The declared charset is unknown, or the bytes do not fit it (replacement characters).
    payload = part.get_payload(decode=True) or b""
    warnings.append(f"the body is not in its declared charset {part.get_content_charset() or 'us-ascii'!r}")
    return text_reader.decode_text(payload, warnings)


def _attachments(message: EmailMessage, body: EmailMessage | None, warnings: list[str]) -> list[Attachment]:
    """Attached files of supported types, and forwarded messages as ``.eml``; never the body itself."""
    supported = readers.supported_extensions()
    found: list[Attachment] = []
    skipped: list[str] = []
    taken: set[str] = set()
    for part in _attached_parts(message):
        name = _attachment_name(part)
        if name is None or part is body:
            continue
        if PurePath(name).suffix.lower() not in supported:
            skipped.append(name)
            continue
        data = _attachment_bytes(part)
        if data is None:
            warnings.append(f"attachment {name} is damaged and was not imported")
            continue
        if len(data) > MAX_ATTACHMENT_BYTES:
            limit = MAX_ATTACHMENT_BYTES // (1024 * 1024)
            warnings.append(f"attachment {name} is larger than {limit} MB and was not imported")
            continue
        if len(found) == MAX_ATTACHMENTS:
            warnings.append(f"the message has more than {MAX_ATTACHMENTS} attachments; the rest were not imported")
            break
        found.append(Attachment(name=_unique(name, taken), data=data))
    if skipped:
        warnings.append(f"attachments of types that cannot be read were not imported: {', '.join(skipped)}")
    return found


def _attached_parts(part: EmailMessage):
    """Walks the MIME tree, yielding parts that are attachments (not the body, not inline images)."""
    if part.get_content_type() == "message/rfc822":
        yield part  # a forwarded message: handed on whole rather than opened here
        return
    if part.is_multipart():
        for child in part.iter_parts():
            yield from _attached_parts(child)
    elif part.get_filename() or part.get_content_disposition() == "attachment":
        inline_image = part.get_content_disposition() == "inline" and part.get_content_maintype() == "image"
        if not inline_image:
            yield part


def _attachment_name(part: EmailMessage) -> str | None:
    if part.get_content_type() == "message/rfc822":
        try:
            inner = part.get_payload(0) if part.is_multipart() else None
            subject = str(inner["subject"] or "") if inner is not None else ""
        except Exception:  # a malformed forwarded header
            subject = ""
        stem = part.get_filename() or subject or "forwarded message"
        return _safe_name(stem if stem.lower().endswith(".eml") else f"{stem}.eml")
    filename = part.get_filename()
    return _safe_name(filename) if filename else None


def _safe_name(name: str) -> str:
    """A file name without folders or characters that file systems refuse."""
    name = PurePath(name.replace("\\", "/")).name
    name = _UNSAFE_NAME.sub("_", name).strip(" .")
    return name[:200] or "attachment"


def _attachment_bytes(part: EmailMessage) -> bytes | None:
    try:
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload(0)
            return inner.as_bytes(policy=_POLICY) if inner is not None else None
        return part.get_payload(decode=True)
    except Exception:  # a broken transfer encoding or nested message
        return None


def _unique(name: str, taken: set[str]) -> str:
    """Appends (2), (3)... when two attachments share a name."""
    candidate, number = name, 1
    while candidate.lower() in taken:
        number += 1
        stem, suffix = PurePath(name).stem, PurePath(name).suffix
        candidate = f"{stem} ({number}){suffix}"
    taken.add(candidate.lower())
    return candidate
