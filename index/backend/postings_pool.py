"""Postings gathered per term while a segment is written, spilled to disk when large.

Whoosh's own pool keeps one tuple per posting and sorts them all at commit;
past its memory limit it pickles every posting to a run file and merges the
runs back one posting at a time. Indexing two text fields of a few thousand
speeches spent a third of its time there. Here each term owns one flat list
``[docnum, weight, value, docnum, weight, value, ...]``: adding a posting is
an append, documents arrive in ascending order so nothing is sorted but the
terms, and a spill writes one record per term.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import pickle
import struct
import tempfile
from collections.abc import Iterator

# Rough bytes one posting holds in memory (three list slots, a value shared
# or small) and one term (the key, its list and the dict slot).
POSTING_BYTES = 40
TERM_BYTES = 150

_LENGTH = struct.Struct("<I")

TermPostings = tuple[str, bytes, list]  # field name, term, flat [docnum, weight, value, ...]


class PostingsPool:
    """Postings of one segment, by field and term, in document order.

    Args:
        limitmb: Memory budget; past it the terms gathered so far are written
            to a temporary run file.
        tempdir: Folder for run files (default: the system's).
    """

    def __init__(self, limitmb: int = 128, tempdir: str | None = None) -> None:
        self.limit = limitmb * 1024 * 1024
        self.tempdir = tempdir
        self.fields: dict[str, dict[bytes, list]] = {}
        self.fieldnames: set[str] = set()
        self._size = 0
        self._runs: list[str] = []

    def field(self, fieldname: str) -> dict[bytes, list]:
        """The term -> flat postings dict of a field, for a caller adding many postings."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def add(self, item: tuple) -> None:
        """Adds one ``(fieldname, term, docnum, weight, value)`` posting (Whoosh's pool interface)."""
        fieldname, tbytes, docnum, weight, value = item
        if docnum < 0:
            return  # Whoosh's marker for spelling words, which this codec ignores
        terms = self.field(fieldname)
        postings = terms.get(tbytes)
        if postings is None:
            terms[tbytes] = [docnum, weight, value]
            self._size += TERM_BYTES
        else:
            postings += (docnum, weight, value)
        self._size += POSTING_BYTES
        if self._size > self.limit:
            self.spill()

    def grew(self, terms: int, postings: int) -> None:
        """Records postings added through :meth:`field`; spills when past the budget."""
        self._size += terms * TERM_BYTES + postings * POSTING_BYTES
        if self._size > self.limit:
            self.spill()

    def spill(self) -> None:
        """Writes the terms in memory to a run file, sorted, and empties memory."""
        if not self.fields:
            return
        handle, path = tempfile.mkstemp(suffix=".run", prefix="chancery-", dir=self.tempdir)
        self._runs.append(path)
        with os.fdopen(handle, "wb") as out:
            # One pickle per record, each with its length: a shared unpickler
            # would keep every record it ever loaded in its memo.
            for record in self._sorted_memory():
                data = pickle.dumps(record, pickle.HIGHEST_PROTOCOL)
                out.write(_LENGTH.pack(len(data)))
                out.write(data)
        self.fields = {}
        self._size = 0

    def _sorted_memory(self) -> Iterator[TermPostings]:
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for tbytes in sorted(terms):
                yield fieldname, tbytes, terms[tbytes]

    @staticmethod
    def _read_run(path: str) -> Iterator[TermPostings]:
        with open(path, "rb", buffering=1 << 20) as source:
            while header := source.read(_LENGTH.size):
                (length,) = _LENGTH.unpack(header)
                yield pickle.loads(source.read(length))

    def terms(self) -> Iterator[TermPostings]:
        """Every term in (field, term) order with all its postings in document order.

        Runs were written in document order, so a term found in several runs
        has its postings joined in run order.
        """
        if not self._runs:
            yield from self._sorted_memory()
            return
        sources = [self._read_run(path) for path in self._runs] + [self._sorted_memory()]
        merged = heapq.merge(*sources, key=lambda record: (record[0], record[1]))
        current: TermPostings | None = None
        for record in merged:
            if current is not None and record[0] == current[0] and record[1] == current[1]:
                current[2].extend(record[2])
                continue
            if current is not None:
                yield current
            current = (record[0], record[1], list(record[2]))
        if current is not None:
            yield current

    def iter_postings(self) -> Iterator[tuple]:
        """Every posting as Whoosh's ``(fieldname, term, docnum, weight, value)``."""
        for fieldname, tbytes, flat in self.terms():
            for i in range(0, len(flat), 3):
                yield fieldname, tbytes, flat[i], flat[i + 1], flat[i + 2]

    def cleanup(self) -> None:
        """Removes run files and frees memory."""
        for path in self._runs:
            with contextlib.suppress(OSError):
                os.remove(path)
        self._runs = []
        self.fields = {}
        self._size = 0
