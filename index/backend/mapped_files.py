"""Reading a segment's files straight from their memory map, without copying them.

A Whoosh segment is one compound file, memory-mapped; each file inside it
(terms, postings, stored fields) is handed out as a ``BufferFile`` over a
slice of the map. The pinned whoosh3 wraps that slice in ``io.BytesIO``,
which copies it: every segment reader opened held its terms and postings
files a second time, in anonymous memory. Opening the 100,000-statement
library touched the whole index that way (a 1.9 GB high-water mark for a
0.9 GB index) and a searcher kept a copy of every segment it had open.

:class:`ViewFile` gives ``BufferFile`` the file interface it needs (read,
readline, readinto, seek, tell) over the memoryview itself, so a read copies
only the bytes asked for, and the pages stay file-backed: the system can
drop and re-read them under memory pressure instead of swapping or killing
the process. :func:`install` puts it in place; ``tests/test_mapped_files.py``
and ``tests/test_memory.py`` guard the Whoosh internals it relies on.
"""

from __future__ import annotations

import io
import os
import pickle

from whoosh.filedb import compound, structfile


class ViewFile:
    """A read-only file over a memoryview (or bytes) that never copies more than a read asks for."""

    __slots__ = ("_pos", "_view", "closed")

    def __init__(self, buffer) -> None:
        self._view = memoryview(buffer)
        self._pos = 0
        self.closed = False

    def _take(self, size: int | None) -> memoryview:
        start = self._pos
        length = len(self._view)
        end = length if size is None or size < 0 else min(length, start + size)
        self._pos = max(start, end)
        return self._view[start:end]

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes from the current position (all that is left by default)."""
        return bytes(self._take(size))

    def readinto(self, target) -> int:
        """Fills ``target`` from the current position; returns how many bytes were read."""
        chunk = self._take(len(memoryview(target).cast("B")))
        memoryview(target).cast("B")[: len(chunk)] = chunk
        return len(chunk)

    def readline(self, size: int | None = -1) -> bytes:
        """Bytes up to and including the next newline."""
        view = self._view
        start = self._pos
        stop = len(view) if size is None or size < 0 else min(len(view), start + size)
        # Search in bounded windows: a line in a multi-megabyte file need not be copied whole to find its end.
        end = start
        while end < stop:
            window = bytes(view[end:min(stop, end + 4096)])
            found = window.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(window)
        self._pos = end
        return bytes(view[start:end])

    def __iter__(self):
        while line := self.readline():
            yield line

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Moves the position like ``io.BytesIO.seek``."""
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self._view)}[whence]
        position = base + offset
        if position < 0:
            raise ValueError(f"negative seek position {position}")
        self._pos = position
        return position

    def tell(self) -> int:
        """The current position."""
        return self._pos

    def close(self) -> None:
        """Lets go of the view (the memoryview itself is released by ``BufferFile``)."""
        self._view = memoryview(b"")
        self.closed = True


class MappedBufferFile(structfile.BufferFile):
    """Whoosh's ``BufferFile`` reading through a :class:`ViewFile` instead of a copying ``BytesIO``."""

    def __init__(self, buf, name=None, onclose=None) -> None:
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = ViewFile(buf)

    def read_pickle(self):
        """Unpickles the value at the current position.

        Unpickling from :class:`ViewFile` would call its ``read`` once per
        opcode, in Python; a window of bytes unpickled in C is several times
        faster. A pickle is complete only at its STOP opcode, so a window that
        cuts one short raises, and a larger one is tried.
        """
        view = self._buf
        start = self.file.tell()
        size = 512
        while True:
            window = io.BytesIO(bytes(view[start:start + size]))
            try:
                value = pickle.load(window)
            except (EOFError, pickle.UnpicklingError):
                if start + size >= len(view):
                    raise
                size *= 8
                continue
            self.file.seek(start + window.tell())
            return value


def install() -> None:
    """Makes compound segments open their files as :class:`MappedBufferFile` (idempotent)."""
    compound.BufferFile = MappedBufferFile
