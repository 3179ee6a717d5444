"""Completion's word tables kept in a file beside their segment, so a library opens without rebuilding them.

Building one segment's table walks every word of its exact field in Python:
seconds of interpreter time at 100,000 statements, taken by a background
thread each time the library opens and competing with the GUI thread for
the interpreter lock meanwhile (stalls of 200–400 ms while typing, in
``bench/gui_latency.py``). A segment never changes once written, so its
table is written once to ``<segment>.words`` (Whoosh's pattern for a
segment's files: it is deleted with its segment after a merge) and read on
later opens, a few milliseconds per segment.

The file is a cache, like the segment tables (:mod:`index.backend.segment_tables`):
one that cannot be read (torn, from another release, for another segment)
is built again, and one that cannot be written (a read-only library, a full
disk) is not kept.

Layout (:mod:`index.backend.side_files`): a JSON header (segment name,
document count, the sizes of the parts), then one zlib stream: the words end
to end, their offsets and counts (uint32 arrays), and the short prefixes
with their top words (the prefixes end to end in byte order, their offsets,
the word indices and their offsets). A kept table's prefixes stay in those
arrays and are found by bisection (:class:`PrefixTops`): making a dictionary
of the tens of thousands of prefixes of every segment when a library opens
held the interpreter long enough to stall the window while it was typed in.
"""

from __future__ import annotations

import logging
import zlib
from array import array
from bisect import bisect_left
from pathlib import Path

from index.backend import side_files
from index.backend.segment_tables import table_path

log = logging.getLogger("chancery.index")

SUFFIX = ".words"
MAGIC = b"chancery segment words 2\n"  # 2: prefixes in byte order
COMPRESSION = 1
_PARTS = ("blob", "offsets", "counts", "keys", "key_offsets", "tops", "top_offsets")


def words_path(leaf) -> Path | None:
    """Where a segment reader's word table lives (None when the library is not kept in a writable folder)."""
    path = table_path(leaf)
    return None if path is None else path.with_suffix(SUFFIX)


class PrefixTops:
    """Short prefixes with the indices of their top words, in four arrays; looked up by bisection.

    Args:
        keys: The prefixes end to end, in byte order.
        key_offsets: Where each prefix starts in ``keys``, and where the last ends.
        tops: The word indices of every prefix end to end.
        top_offsets: Where each prefix's indices start in ``tops``, and where the last ends.
    """

    __slots__ = ("key_offsets", "keys", "top_offsets", "tops")

    def __init__(self, keys: bytes, key_offsets: array, tops: array, top_offsets: array) -> None:
        self.keys, self.key_offsets, self.tops, self.top_offsets = keys, key_offsets, tops, top_offsets

    @classmethod
    def of(cls, prefixes: dict[bytes, list[int]]) -> PrefixTops:
        """The arrays of a table's prefixes, put in byte order."""
        keys = bytearray()
        key_offsets = array("I", [0])
        tops = array("I")
        top_offsets = array("I", [0])
        for key in sorted(prefixes):
            keys += key
            key_offsets.append(len(keys))
            tops.extend(prefixes[key])
            top_offsets.append(len(tops))
        return cls(bytes(keys), key_offsets, tops, top_offsets)

    def __len__(self) -> int:
        return len(self.key_offsets) - 1

    def _key(self, at: int) -> bytes:
        return self.keys[self.key_offsets[at]:self.key_offsets[at + 1]]

    def get(self, prefix: bytes, default=()):
        """The indices of ``prefix``'s top words, or ``default`` when no word starts with it."""
        low = bisect_left(range(len(self)), prefix, key=self._key)
        if low < len(self) and self._key(low) == prefix:
            return self.tops[self.top_offsets[low]:self.top_offsets[low + 1]]
        return default


def _parts(table) -> dict[str, bytes]:
    prefixes = table.tops
    return {"blob": table.blob, "offsets": table.offsets.tobytes(), "counts": table.counts.tobytes(),
            "keys": prefixes.keys, "key_offsets": prefixes.key_offsets.tobytes(), "tops": prefixes.tops.tobytes(),
            "top_offsets": prefixes.top_offsets.tobytes()}


def write(path: Path, segment: str, doc_count: int, table) -> None:
    """Writes ``table`` (a :class:`~index.search.word_table.SegmentWords`) atomically; failures are logged."""
    parts = _parts(table)
    header = {"segment": segment, "docs": doc_count, "sizes": [len(parts[name]) for name in _PARTS]}
    try:
        side_files.write(path, MAGIC, header, [zlib.compress(b"".join(parts[name] for name in _PARTS), COMPRESSION)])
    except OSError as exc:  # read-only library, full disk: built again on the next open
        log.info("could not keep the word table %s: %s", path.name, exc)


def read(path: Path, segment: str, doc_count: int) -> dict | None:
    """The parts of a kept table: blob, offsets, counts and tops; None when absent, damaged or another segment's."""
    try:
        found = side_files.read(path, MAGIC)
        if found is None:
            return None
        header, body = found
        if header["segment"] != segment or header["docs"] != doc_count:
            return None
        sizes = header["sizes"]
        if len(sizes) != len(_PARTS) or sum(sizes) != len(body):
            return None
        raw, at = {}, 0
        for name, size in zip(_PARTS, sizes, strict=True):
            raw[name] = body[at:at + size]
            at += size
        offsets, counts, key_offsets, tops, top_offsets = (
            array("I", raw[name]) for name in ("offsets", "counts", "key_offsets", "tops", "top_offsets"))
        keys = raw["keys"]
        if len(offsets) != len(counts) + 1 or offsets[-1] != len(raw["blob"]) or len(key_offsets) != len(top_offsets):
            return None
        if key_offsets[-1] != len(keys) or top_offsets[-1] != len(tops):
            return None
        return {"blob": raw["blob"], "offsets": offsets, "counts": counts,
                "tops": PrefixTops(keys, key_offsets, tops, top_offsets)}
    except side_files.DAMAGE as exc:
        log.info("word table %s is unreadable (%s); it is built again", path.name, exc)
        return None
