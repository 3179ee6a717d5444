"""Readers turn one file into a :class:`RawDocument`; one module per format."""

from __future__ import annotations

import importlib
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
        return module.read(path)
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
