"""Exceptions the domain raises, each with a message a person understands."""


class UnreadableDocument(Exception):
    """A file could not be read at all; the message says why and what to do."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFormat(UnreadableDocument):
    """The file's extension is not one Chancery reads."""
