"""Exceptions of the index layer, each with a message a person understands."""


class LibraryError(Exception):
    """Base of every library problem; ``str()`` is fit to show to a user."""


class IndexLocked(LibraryError):
    """Another process holds the library's write lock."""


class IndexDamaged(LibraryError):
    """The search index cannot be opened; it can be rebuilt from the catalogue."""


class CatalogueDamaged(LibraryError):
    """The catalogue database cannot be read."""


class LibraryReadOnly(LibraryError):
    """The library folder cannot be written to."""
