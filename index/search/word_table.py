"""The words of the archive for completion, precomputed once per segment.

Completing ``con`` by walking the index's terms costs a lookup in every
segment for each word of the prefix (Whoosh's merged term iterator asks each
segment for each term), so a short prefix took 150 ms on 8,641 statements.
Segments never change once written, so each segment's words of the exact
field are read once, sequentially, into a compact table (every word in one
``bytes``, with offset and count arrays, and for every prefix of up to
:data:`TOP_PREFIX` bytes the indices of its most frequent words), kept as
long as Whoosh keeps that segment's reader (see :mod:`index.backend.terms`).
A completion is then a bisection or two per segment.

Tables are read in the background when a library opens (:func:`warm`, on a
reader of its own: readers are not shared between threads), from the file
each segment's table is kept in once built (:mod:`index.search.word_files`);
a segment whose table is not read yet is completed by walking its own
terms, which is slower but gives the same words.
"""

from __future__ import annotations

import heapq
import logging
import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable

from index.backend.schema import EXACT_FIELD
from index.backend.terms import reader_cache
from index.search import word_files
from index.search.word_files import words_path

log = logging.getLogger("chancery.index")

TOP_PREFIX = 3  # bytes: prefixes up to this long have their most frequent words precomputed
TOP_WORDS = 12  # per prefix and segment
BUILD_NOW = 1000  # documents: a segment this small has its table built by the completion that needs it
MAX_RANGE = 20000  # words of a longer prefix read per segment (a huge range costs more than it is worth)
_KEY = "completion-words"
# Tables built in the background, by segment id, until a completion on the searcher's thread takes them.
_handed: dict[str, SegmentWords] = {}
_lock = threading.Lock()


class SegmentWords:
    """One segment's words of the exact field, sorted as Whoosh sorts them (by UTF-8 bytes)."""

    def __init__(self, leaf=None, kept: dict | None = None) -> None:
        """Reads ``leaf``'s words, or takes the parts of a kept table (:func:`index.search.word_files.read`)."""
        if kept is not None:
            self.blob, self.offsets = kept["blob"], kept["offsets"]
            self.counts, self.tops = kept["counts"], kept["tops"]
            return
        blob = bytearray()
        offsets = array("I", [0])
        counts = array("I")
        tops: dict[bytes, list[tuple[int, int]]] = {}
        current = [b""] * (TOP_PREFIX + 1)
        heaps: list[list[tuple[int, int]]] = [[] for _ in range(TOP_PREFIX + 1)]
        for index, (term, info) in enumerate(leaf.iter_field(EXACT_FIELD)):
            count = info.doc_frequency()
            blob += term
            offsets.append(len(blob))
            counts.append(count)
            for length in range(1, min(TOP_PREFIX, len(term)) + 1):
                key = term[:length]
                heap = heaps[length]
                if key != current[length]:
                    if heap:
                        tops[current[length]] = heap
                    current[length] = key
                    heap = heaps[length] = []
                if len(heap) < TOP_WORDS:
                    heapq.heappush(heap, (count, index))
                elif count > heap[0][0]:
                    heapq.heapreplace(heap, (count, index))
        for length in range(1, TOP_PREFIX + 1):
            if heaps[length]:
                tops[current[length]] = heaps[length]
        self.blob = bytes(blob)
        self.offsets = offsets
        self.counts = counts
        self.tops = word_files.PrefixTops.of({key: [i for _c, i in heap] for key, heap in tops.items()})

    @classmethod
    def kept(cls, leaf) -> SegmentWords:
        """The leaf's table from its file beside the segment, else built and written there."""
        segment = leaf.segment()
        path = words_path(leaf) if segment is not None else None
        found = word_files.read(path, segment.segment_id(), leaf.doc_count_all()) if path is not None else None
        if found is not None:
            return cls(kept=found)
        table = cls(leaf)
        if path is not None:
            word_files.write(path, segment.segment_id(), leaf.doc_count_all(), table)
        return table

    def __len__(self) -> int:
        return len(self.counts)

    def word(self, index: int) -> bytes:
        """The word at ``index``."""
        return self.blob[self.offsets[index]:self.offsets[index + 1]]

    def count(self, index: int) -> int:
        """Documents of the segment holding the word at ``index``."""
        return self.counts[index]

    def _lower_bound(self, key: bytes) -> int:
        return bisect_left(range(len(self.counts)), key, key=self.word)

    def count_of(self, word: bytes) -> int:
        """Documents of the segment holding ``word`` (0 if none)."""
        at = self._lower_bound(word)
        return self.counts[at] if at < len(self.counts) and self.word(at) == word else 0

    def starting(self, prefix: bytes) -> list[tuple[bytes, int]]:
        """``(word, count)`` for the words starting with ``prefix``: its top words if short, else all (bounded)."""
        if len(prefix) <= TOP_PREFIX:
            return [(self.word(i), self.counts[i]) for i in self.tops.get(prefix, ())]
        at = self._lower_bound(prefix)
        found = []
        while at < len(self.counts) and len(found) < MAX_RANGE:
            word = self.word(at)
            if not word.startswith(prefix):
                break
            found.append((word, self.counts[at]))
            at += 1
        return found


def _table(leaf) -> SegmentWords | None:
    """The leaf's table if built (here, or handed over by :func:`warm`), else None."""
    slot = reader_cache(leaf, _KEY, dict)
    if "table" not in slot and _handed:
        segment = leaf.segment()
        with _lock:
            table = _handed.pop(segment.segment_id(), None) if segment is not None else None
        if table is not None:
            slot["table"] = table
    return slot.get("table")


def _walk(leaf, prefix: bytes) -> list[tuple[bytes, int]]:
    found = []
    for scanned, (term, info) in enumerate(leaf.iter_prefix(EXACT_FIELD, prefix)):
        if scanned >= MAX_RANGE:
            break
        found.append((term, info.doc_frequency()))
    return found


def words_starting(reader, prefix: str, limit: int) -> list[tuple[str, int]]:
    """The ``limit`` words of the index starting with ``prefix`` (folded), most documents first.

    Counts are summed over segments (deleted documents count until their segment is merged, as in Whoosh).
    """
    wanted = prefix.encode("utf-8")
    leaves = [leaf for leaf, _base in reader.leaf_readers()]
    tables = [_table(leaf) for leaf in leaves]
    totals: dict[bytes, int] = {}
    short = len(wanted) <= TOP_PREFIX
    for position, leaf in enumerate(leaves):
        if tables[position] is None and leaf.doc_count_all() <= BUILD_NOW:
            tables[position] = reader_cache(leaf, _KEY, dict).setdefault("table", SegmentWords(leaf))
    for leaf, table in zip(leaves, tables, strict=True):
        for word, count in (table.starting(wanted) if table is not None else _walk(leaf, wanted)):
            totals[word] = totals.get(word, 0) + count
    if short and len(leaves) > 1:
        # Each segment gave only its own top words: count each candidate in every segment.
        for word in totals:
            totals[word] = sum(table.count_of(word) if table is not None else leaf.doc_frequency(EXACT_FIELD, word)
                               for leaf, table in zip(leaves, tables, strict=True))
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(word.decode("utf-8"), count) for word, count in ranked]


def warm(reader_factory: Callable[[], object]) -> threading.Thread:
    """Builds every segment's table in a background thread, on a reader of its own.

    The tables are handed over by segment id; the next completion on the
    searcher's thread takes them into its reader's cache.

    Args:
        reader_factory: Opens a fresh reader of the index (used only by the thread).
    """

    def run() -> None:
        try:
            reader = reader_factory()
            try:
                for leaf, _base in reader.leaf_readers():
                    segment = leaf.segment()
                    if segment is not None:
                        table = SegmentWords.kept(leaf)
                        with _lock:
                            _handed[segment.segment_id()] = table
            finally:
                reader.close()
        except Exception:  # a table is an optimisation: completion walks the terms without it
            log.warning("the completion tables could not be built", exc_info=True)

    thread = threading.Thread(target=run, name="chancery-completion-tables", daemon=True)
    thread.start()
    return thread
