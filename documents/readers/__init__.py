"""Readers turn one file into a :class:`RawDocument`; one module per format."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from documents.errors import UnreadableDocument, UnsupportedFormat
from documents.readers.base import Attachment, RawDocument

# Extension -> reader module. Modules are imported on first use so a missing
# optional library breaks only its own format.
_READERS: dict[str, str] = {
    ".txt": "documents.readers.text",
    ".md": "documents.readers.markdown",
    ".markdown": "documents.readers.markdown",
    ".html": "documents.readers.html",
    ".htm": "documents.readers.html",
    ".pdf": "documents.readers.pdf",
    ".docx": "documents.readers.docx",
    ".rtf": "documents.readers.rtf",
    ".eml": "documents.readers.eml",
    ".odt": "documents.readers.odt",
    ".png": "documents.readers.image",
    ".jpg": "documents.readers.image",
    ".jpeg": "documents.readers.image",
    ".tif": "documents.readers.image",
    ".tiff": "documents.readers.image",
}

__all__ = ["Attachment", "RawDocument", "read_document", "register", "supported_extensions"]


def register(extension: str, module: str) -> None:
    """Registers a reader module for an extension (``".pdf"``)."""
    _READERS[extension.lower()] = module


def supported_extensions() -> frozenset[str]:
    """Extensions (with dot, lower case) that have a reader."""
    return frozenset(_READERS)


def read_document(path: Path) -> RawDocument:
    """Reads one file with the reader for its extension.

    Raises:
        UnsupportedFormat: No reader handles the extension.
        UnreadableDocument: The reader could not make sense of the file.
    """
    module_name = _READERS.get(path.suffix.lower())
    if module_name is None:
        raise UnsupportedFormat(str(path), f"files of type {path.suffix or '(none)'} are not supported")
    module = importlib.import_module(module_name)
    try:
        return _storable(module.read(path))
    except UnreadableDocument:
        raise
    except MemoryError as exc:
        raise UnreadableDocument(str(path), "the file is too large to read") from exc
    except RecursionError as exc:
        raise UnreadableDocument(str(path), "the file's structure is nested too deeply") from exc
    except Exception as exc:  # a reader library choking on a damaged file
        raise UnreadableDocument(
            str(path), f"the file is damaged or not a valid {path.suffix} file ({type(exc).__name__}: {exc})"
        ) from exc


# Lone surrogates: what Python's decoders leave for bytes they could not decode
# (e-mail headers in 8-bit, YAML's "\ud800", some PDF strings). The catalogue
# stores UTF-8, which has no form for them: one such character in a title
# stopped a whole import when its batch was written.
_SURROGATES = re.compile("[\ud800-\udfff]")
# A title is a line; a megabyte of "title" (a page's <title>, a front-matter
# value) is no title, and extraction looks at it as one, at length.
MAX_TITLE_CHARS = 1_000


def _clean(value):
    if isinstance(value, str):
        return _SURROGATES.sub("\ufffd", value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value


def _storable(document: RawDocument) -> RawDocument:
    """The document with lone surrogates replaced by U+FFFD wherever text is kept, and its title cut to a line."""
    if _SURROGATES.search(document.text):
        document.text = _clean(document.text)
        document.warnings.append("characters that cannot be stored (undecodable bytes) were replaced")
    document.title, document.date = _clean(document.title), _clean(document.date)
    if document.title and len(document.title) > MAX_TITLE_CHARS:
        document.title = document.title[:MAX_TITLE_CHARS]
        document.warnings.append(f"the title is longer than {MAX_TITLE_CHARS:,} characters; it was cut")
    document.properties = _clean(document.properties)
    document.warnings = _clean(document.warnings)
    for attachment in document.attachments:
        attachment.name = _clean(attachment.name)
    return document
