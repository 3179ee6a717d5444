"""Plain-text reader: any encoding, detected rather than assumed."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from documents.errors import UnreadableDocument
from documents.readers.base import MAX_TEXT_BYTES, RawDocument, open_binary

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes_limited(path: Path, warnings: list[str], limit: int = MAX_TEXT_BYTES) -> bytes:
    """Reads at most ``limit`` bytes of a file (:data:`MAX_TEXT_BYTES`), noting a cut."""
    with open_binary(path) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        warnings.append(f"file is larger than {limit // (1024 * 1024)} MB; only the first part was imported")
        data = data[:limit]
    return data


# Single-byte code pages archives hold most, in the order to prefer when
# detection finds several about equally plausible (Western text decoded as
# cp1250 turns "Genève" into "Genčve").
_PREFERRED = ("cp1252", "cp1254", "cp1251", "latin_1", "iso8859_9", "cp1250", "koi8_r")
_CLOSE_CHAOS = 0.05


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 but for a few broken sequences."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return bad <= max(2, len(text) // 200) and multibyte >= bad


# Bytes that are ı ş ğ İ Ş Ğ in cp1254 but Icelandic ý þ ð Ý Þ Ð in cp1252.
_TURKISH_BYTES = frozenset(b"\xfd\xfe\xf0\xdd\xde\xd0")


def _best_guess(data: bytes):
    results = list(from_bytes(data))
    if not results:
        return None
    best = results[0]
    preferred = _PREFERRED
    if _TURKISH_BYTES.intersection(data):
        preferred = ("cp1254", *[name for name in _PREFERRED if name != "cp1254"])
    for name in preferred:
        for match in results:
            if match.encoding == name and match.chaos <= best.chaos + _CLOSE_CHAOS:
                return match
    return best


def decode_text(data: bytes, warnings: list[str]) -> str:
    """Decodes bytes of unknown encoding to text.

    Order: byte-order marks; strict UTF-8 (most archives; detection on short
    texts is guesswork); UTF-8 with a few broken bytes replaced; then
    charset-normalizer, preferring the common archive code pages among
    near-equal candidates. Nothing here raises: bad bytes are replaced and
    reported.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        warnings.append("invalid UTF-8 byte sequences were replaced")
        return data.decode("utf-8", errors="replace")
    best = _best_guess(data)
    if best is not None:
        warnings.append(f"decoded as {best.encoding}")
        return str(best)
    warnings.append("encoding could not be detected; invalid bytes were replaced")
    return data.decode("utf-8", errors="replace")


# Control characters other than tab, newline, form feed and carriage return; and U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def looks_binary(text: str) -> bool:
    """True when decoded text is mostly control characters (binary junk)."""
    sample = text[:4096]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    return controls / len(sample) > 0.10


def normalise_newlines(text: str) -> str:
    """Unifies line endings and strips NUL characters."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def read(path: Path) -> RawDocument:
    """Reads a ``.txt`` file.

    Raises:
        UnreadableDocument: If the file is empty, unreadable or binary.
    """
    warnings: list[str] = []
    data = read_bytes_limited(path, warnings)
    if not data.strip():
        raise UnreadableDocument(str(path), "the file is empty")
    text = normalise_newlines(decode_text(data, warnings))
    if looks_binary(text):
        raise UnreadableDocument(str(path), "the file holds binary data, not text (wrong extension?)")
    return RawDocument(text=text, reader="txt", warnings=warnings)
