"""Each segment's facet values and statement ids, kept in a file beside the segment.

Facets count from per-value bitsets (:mod:`index.search.facets`). Reading
them from the postings of every facet value walks every facet posting in
Python: five seconds at 100,000 statements, paid by the first search of
every process and by the window before it shows anything. A segment never
changes once written (Whoosh records deletions apart), so its bitsets and
its statement ids are read once, by the import worker that wrote it or by
the first reader that needs them, and kept in ``<segment>.facets`` beside
the segment's own file. The name matches Whoosh's pattern for a segment's
files, so Whoosh deletes it with its segment after a merge.

The stored sets include deleted documents; they are masked when read, so a
deletion does not make a file stale. The file is a cache: one that cannot be
read (torn, from another release, for another segment) is built again, and
one that cannot be written (a read-only library, a full disk) is only kept
in memory.

Layout: a magic line, a 4-byte header length, a JSON header (the segment's name, document count,
each field's values, the kinds and sizes of the other parts) and one zlib stream holding every
value's bitset at a fixed width, then the ids, the lengths and the sort keys (texts NUL-separated,
numbers as arrays).
"""

from __future__ import annotations

import json
import logging
import re
import zlib
from array import array
from collections import deque
from collections.abc import Iterable, Sized
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from index.backend import side_files
from index.backend.terms import reader_cache, term_text
from index.fields import panel_fields

_NONZERO = re.compile(rb"[^\x00]")
_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]  # the bits set in each byte

log = logging.getLogger(__name__)

SUFFIX = ".facets"
MAGIC = b"chancery segment tables 1\n"
COMPRESSION = 1  # bitsets of rare values are mostly zeros: level 1 already shrinks them 10-50 times


@dataclass
class SegmentTable:
    """One segment's facet bitsets and ids, by document number within the segment.

    Attributes:
        doc_count: The segment's documents, deleted ones included.
        fields: Field -> value -> bitset of the documents carrying it (deleted ones included).
        ids: Each document's statement id.
        lengths: Each scored field's length in every document, for BM25
            (Whoosh reads one document's length at a time from its column).
        columns: The sort columns' values (:data:`SORT_COLUMNS`), for sorting
            by date or title without reading a column per hit.

    The per-document values are tuples, not lists. They live as long as the
    index is open, and Python's collector walks every slot of every list at
    each full collection (with the whole index's columns, 1.6 million slots at
    99,566 statements: 15 of the 23 ms a full collection took, on whichever
    thread happened to allocate); a tuple of numbers and strings is set aside
    by the collector the first time it looks at it.
    """

    doc_count: int
    fields: dict[str, dict[str, int]] = field(default_factory=dict)
    ids: tuple[str, ...] = ()
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    columns: dict[str, tuple] = field(default_factory=dict)

    def parts(self) -> list[tuple[str, str, list]]:
        """Everything but the bitsets as ``(name, kind, values)``, in file order."""
        lengths = [(f"length:{name}", "uint", values) for name, values in self.lengths.items()]
        columns = [(name, SORT_COLUMNS[name], values) for name, values in self.columns.items()]
        return [("id", "text", self.ids), *lengths, *columns]

    def take(self, name: str, values: list) -> None:
        """Puts back one part read from a file (see :meth:`parts`)."""
        values = tuple(values)  # see the class notes
        if name == "id":
            self.ids = values
        elif name.startswith("length:"):
            self.lengths[name.removeprefix("length:")] = values
        else:
            self.columns[name] = values


SORT_COLUMNS = {"date": "int", "title_sort": "text"}  # column -> kind of its values
SEPARATOR = "\x00"


def table_fields() -> list[str]:
    """The facet fields a segment's table holds: the panel's index fields (the first search needs them all)."""
    return [f.name for f in panel_fields() if not f.from_catalogue and f.joins is None]


def table_path(leaf) -> Path | None:
    """Where a segment reader's table lives (None for an index not kept in a folder, or opened read-only)."""
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    storage = getattr(leaf, "_storage", None)
    # A segment's files are read through an overlay of its compound file (a) on the folder (b).
    storage = getattr(storage, "b", storage)
    folder = getattr(storage, "folder", None)
    if segment is None or folder is None or getattr(storage, "readonly", False):
        return None
    return Path(folder) / f"{segment.segment_id()}{SUFFIX}"


def mask_from_docnums(docnums: Iterable[int], size: int) -> int:
    """Packs document numbers into an int bitset (bit ``n`` is document ``n``)."""
    if isinstance(docnums, Sized) and len(docnums) * 8 > size:
        # Many (a common word's 50,000): a digit a document, set in one C loop and read as binary, in
        # two thirds of the time; for a few, writing the whole string costs more than it saves.
        digits = bytearray(b"0") * (size + 1)
        deque(map(digits.__setitem__, docnums, repeat(ord("1"))), 0)
        digits.reverse()
        return int(digits, 2)
    buf = bytearray((size + 8) // 8)
    for docnum in docnums:
        buf[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(buf, "little")


def docnums_from_mask(mask: int) -> list[int]:
    """The document numbers set in a bitset, ascending."""
    data = mask.to_bytes((mask.bit_length() + 7) // 8 or 1, "little")
    if mask.bit_count() * 4 < len(data):
        # A sparse set (an organisation's dozen statements among 100,000) skips its zero bytes in C.
        return [at * 8 + bit for match in _NONZERO.finditer(data) for at in (match.start(),) for bit in _BITS[data[at]]]
    return [at * 8 + bit for at, byte in enumerate(data) if byte for bit in _BITS[byte]]


def field_masks(leaf, fieldname: str) -> dict[str, int]:
    """Every value of ``fieldname`` in one segment with its bitset, deleted documents included."""
    if fieldname not in leaf.schema:
        return {}
    size, form = leaf.doc_count_all(), leaf.schema[fieldname].format
    found = {}
    for raw in leaf.lexicon(fieldname):
        value = term_text(raw)
        if value:
            # The segment's own postings, before Whoosh filters out deleted documents
            # (SegmentReader.postings in the pinned whoosh3 3.54.0 wraps this matcher).
            found[value] = mask_from_docnums(leaf._terms.matcher(fieldname, raw, form).all_ids(), size)
    return found


def build(leaf, fields: Iterable[str]) -> SegmentTable:
    """Reads one segment's table from its postings, its id column and its length columns."""
    count = leaf.doc_count_all()
    table = SegmentTable(count)
    for name in fields:
        table.fields[name] = field_masks(leaf, name)
    if count:
        table.ids = tuple(term_text(value) for value in leaf.column_reader("id"))
        length = leaf.doc_field_length
        for name, schema_field in leaf.schema.items():
            if schema_field.scorable:
                # Whoosh gives None for a document without the field; BM25 needs a number.
                table.lengths[name] = tuple(length(docnum, name, 1) or 0 for docnum in range(count))
        for name in SORT_COLUMNS:
            if name in leaf.schema:
                column = leaf.column_reader(name)
                table.columns[name] = tuple(column[docnum] for docnum in range(count))
    return table


def _encode(kind: str, values: list) -> tuple[str, bytes]:
    if kind == "text":
        if any(SEPARATOR in value for value in values):
            return "json", json.dumps(values, ensure_ascii=False).encode("utf-8")
        return kind, SEPARATOR.join(values).encode("utf-8")
    return kind, array("I" if kind == "uint" else "q", values).tobytes()


def _decode(kind: str, data: bytes | memoryview, count: int) -> list:
    if kind == "json":
        values = json.loads(bytes(data))
    elif kind == "text":
        values = bytes(data).decode("utf-8").split(SEPARATOR) if count else []
    else:
        numbers = array("I" if kind == "uint" else "q")
        numbers.frombytes(data)
        values = numbers.tolist()
    if len(values) != count:
        raise ValueError(f"{len(values)} values for {count} documents")
    return values


def write(path: Path, table: SegmentTable) -> None:
    """Writes a table atomically (a reader sees the old file or the new one, never half)."""
    width = (table.doc_count + 8) // 8
    encoded = [(name, *_encode(kind, values)) for name, kind, values in table.parts()]
    # The segment's name, so a table copied over another segment's is not taken for its own.
    header = {"segment": path.name.removesuffix(SUFFIX), "docs": table.doc_count, "width": width,
              "fields": {name: list(values) for name, values in table.fields.items()},
              "parts": [[name, kind, len(data)] for name, kind, data in encoded]}
    packer = zlib.compressobj(COMPRESSION)
    chunks = [packer.compress(mask.to_bytes(width, "little"))
              for values in table.fields.values() for mask in values.values()]
    chunks.extend(packer.compress(data) for _name, _kind, data in encoded)
    chunks.append(packer.flush())
    side_files.write(path, MAGIC, header, chunks)


def read(path: Path, doc_count: int) -> SegmentTable | None:
    """Reads a table; None when it is absent, damaged, or written for another segment or size."""
    try:
        kept = side_files.read(path, MAGIC)
        if kept is None:
            return None
        header, body = kept
        if header["docs"] != doc_count or header["segment"] != path.name.removesuffix(SUFFIX):
            return None
        width = header["width"]
        fields = header["fields"]
        masks = sum(len(values) for values in fields.values())
        if len(body) != masks * width + sum(size for _name, _kind, size in header["parts"]):
            return None
        table = SegmentTable(doc_count)
        view = memoryview(body)
        offset = 0
        for name, values in fields.items():
            found = table.fields[name] = {}
            for value in values:
                found[value] = int.from_bytes(view[offset:offset + width], "little")
                offset += width
        for name, kind, size in header["parts"]:
            table.take(name, _decode(kind, view[offset:offset + size], doc_count))
            offset += size
        return table
    except side_files.DAMAGE as exc:
        log.info("segment table %s is unreadable (%s); it is built again", path.name, exc)
        return None


def _keep(path: Path | None, table: SegmentTable) -> None:
    if path is None:
        return
    try:
        write(path, table)
    except OSError as exc:  # read-only library, full disk: the table stays in memory only
        log.info("could not keep the segment table %s: %s", path.name, exc)


def segment_table(leaf, extra: str | None = None) -> SegmentTable:
    """One segment reader's table: from memory, its file, or built and kept.

    Args:
        leaf: A Whoosh segment reader.
        extra: A field outside :func:`table_fields` the caller needs; read
            and added to the table (and its file) if it lacks it.
    """

    def load() -> SegmentTable:
        path = table_path(leaf)
        table = read(path, leaf.doc_count_all()) if path is not None else None
        if table is None:
            table = build(leaf, table_fields())
            _keep(path, table)
        else:
            _add_fields(leaf, table, table_fields())  # a file written before a facet field was declared
        return table

    # Asked for by every scorer and every facet read: once loaded, only an extra field costs anything.
    table = reader_cache(leaf, "segment-table", load)
    if extra is not None:
        _add_fields(leaf, table, (extra,))
    return table


def _add_fields(leaf, table: SegmentTable, fields: Iterable[str]) -> None:
    missing = [name for name in fields if name not in table.fields]
    for name in missing:
        table.fields[name] = field_masks(leaf, name)
    if missing:
        _keep(table_path(leaf), table)


def reader_column(reader, name: str) -> tuple:
    """A column's values for every document of a reader, by document number, from its segments' tables.

    Args:
        reader: A Whoosh reader (the whole index's or one segment's).
        name: ``id`` or one of :data:`SORT_COLUMNS`.
    """

    def join() -> tuple:
        values: list = []
        for leaf, _base in reader.leaf_readers():
            table = segment_table(leaf)
            held = table.ids if name == "id" else table.columns.get(name)
            if held is None:  # a field the schema gained after the table was written
                column = leaf.column_reader(name)
                held = [column[docnum] for docnum in range(leaf.doc_count_all())]
            values.extend(held)
        return tuple(values)  # see SegmentTable.take

    return reader_cache(reader, f"column:{name}", join)


def live_mask(leaf) -> int:
    """The bitset of one segment's live documents."""
    size = leaf.doc_count_all()
    everything = (1 << size) - 1
    if not leaf.has_deletions():
        return everything
    return everything & ~mask_from_docnums(leaf.deleted_docs_set, size)
