"""Exceptions of the index layer, each with a message a person understands."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.search.facets import FacetFilter


class LibraryError(Exception):
    """Base of every library problem; ``str()`` is fit to show to a user."""


class IndexLocked(LibraryError):
    """Another process holds the library's write lock."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "Another Chancery process is importing into this library. "
                                    "Try again when it has finished.")


class IndexDamaged(LibraryError):
    """The search index cannot be opened; it can be rebuilt from the catalogue."""


class CatalogueDamaged(LibraryError):
    """The catalogue database cannot be read."""


class LibraryReadOnly(LibraryError):
    """The library folder cannot be written to."""


class DiskFull(LibraryError):
    """The disk that holds the library is full; what was committed before is kept."""


def disk_full(exc: BaseException) -> bool:
    """Whether an error means the disk (or the quota) is full."""
    import errno
    import sqlite3

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower()


class LibraryOpenElsewhere(LibraryError):
    """Another Chancery window has the library open for writing."""


class UnknownFacetValue(ValueError):
    """A filter names a value nothing is called (``--filter country=Narnia``).

    Attributes:
        filter: The filter with the value as written; it matches no statement.
    """

    def __init__(self, message: str, filter: FacetFilter) -> None:
        super().__init__(message)
        self.filter = filter


class OcrUnavailable(LibraryError):
    """OCR was asked for and Tesseract (or a language asked for) is not on this machine."""


class WorkbenchError(LibraryError):
    """A workbench action cannot be done as asked (an empty tag name, an unknown statement, ...)."""


def domain_errors(method):
    """Turns anything the index engine raises into :class:`IndexDamaged` (a domain error with a way out)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except LibraryError:
            raise
        except Exception as exc:
            if type(exc).__module__.split(".")[0] != "whoosh":
                raise
            raise IndexDamaged(f"The search index of {self.folder} cannot be read ({type(exc).__name__}: {exc}). "
                               "It can be rebuilt from the catalogue.") from exc

    return wrapper
