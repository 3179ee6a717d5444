"""The workbench's facet fields (tag, collection, status, starred, has), laid over the index.

Tags, collections and marks change far more often than texts, and in bulk:
tagging 50,000 results must take seconds, and re-indexing 50,000 full texts
in Whoosh takes minutes. So these fields are not written into the Whoosh
documents. Their values live in the catalogue; each search reads them once
per change of the workbench (its generation number) into the same per-value
bitsets the index's own facets use, keyed by the index's document numbers.
From there they count, filter and combine exactly like the other facets,
and :class:`DocnumSet` lets the query language use them anywhere in a query
(``tag:turkic OR country:KAZ``).
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh import matching
from whoosh import query as wq

from index.backend.segment_tables import docnums_from_mask, segment_table
from index.backend.terms import reader_cache
from index.fields import FacetField


def docnum_map(reader) -> dict[str, int]:
    """Statement id -> document number of every live document (built once per reader, from the segment tables)."""

    def build() -> dict[str, int]:
        numbers: dict[str, int] = {}
        for leaf, base in reader.leaf_readers():
            ids = segment_table(leaf).ids
            if leaf.has_deletions():
                deleted = leaf.deleted_docs_set
                numbers.update((doc_id, base + n) for n, doc_id in enumerate(ids) if n not in deleted)
            else:
                numbers.update(zip(ids, range(base, base + len(ids)), strict=True))
        return numbers

    return reader_cache(reader, "docnums", build)


def mask_of_ids(reader, doc_ids: Iterable[str]) -> int:
    """The bitset of the documents with these statement ids (ids not in the index are skipped)."""
    numbers = docnum_map(reader)
    size = reader.doc_count_all()
    buf = bytearray((size + 8) // 8)
    for doc_id in doc_ids:
        number = numbers.get(doc_id)
        if number is not None:
            buf[number >> 3] |= 1 << (number & 7)
    return int.from_bytes(buf, "little")


def overlay_values(reader, workbench, fields: Iterable[FacetField]) -> dict[str, dict[str, int]]:
    """Field -> value -> bitset, for every workbench field, from the catalogue."""
    numbers = docnum_map(reader)
    size = reader.doc_count_all()
    values: dict[str, dict[str, int]] = {}
    for field in fields:
        buffers: dict[str, bytearray] = {}
        for value, doc_id in field.members(workbench):
            number = numbers.get(doc_id)
            if number is None:
                continue  # a statement no longer in the library keeps its tags, but counts nowhere
            buf = buffers.get(value)
            if buf is None:
                buf = buffers[value] = bytearray((size + 8) // 8)
            buf[number >> 3] |= 1 << (number & 7)
        values[field.name] = {value: int.from_bytes(buf, "little") for value, buf in buffers.items()}
    return values


class DocnumSet(wq.Query):
    """A query matching a fixed set of documents, given as a bitset of index document numbers.

    Whoosh asks each segment's searcher for a matcher; the segment's slice of
    the bitset becomes a list matcher. The offset of a segment comes from its
    parent searcher (``_offset_for_subsearcher`` in the pinned whoosh3 3.54.0;
    ``tests/test_workbench_search.py`` searches a multi-segment index to guard
    an upgrade).
    """

    def __init__(self, mask: int, label: str = "", boost: float = 1.0) -> None:
        self.mask = mask
        self.label = label
        self.boost = boost

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.label!r}, {self.mask.bit_count()} documents)"

    def __str__(self) -> str:
        return self.label or repr(self)

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.mask == self.mask and other.boost == self.boost

    def __hash__(self) -> int:
        return hash((type(self), self.mask, self.boost))

    def estimate_size(self, ixreader) -> int:
        return self.mask.bit_count()

    def matcher(self, searcher, context=None):
        offset = searcher.get_parent()._offset_for_subsearcher(searcher) if searcher.has_parent() else 0
        offset = offset or 0
        size = searcher.reader().doc_count_all()
        local = (self.mask >> offset) & ((1 << size) - 1)
        ids = list(docnums_from_mask(local)) if local else []
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(ids, weights=[self.boost] * len(ids))


def substitute(node: wq.Query, placeholders: dict[str, int], labels: dict[str, str] | None = None) -> wq.Query:
    """Replaces the placeholder terms the parser left for workbench conditions by their document sets.

    Args:
        node: The parsed query.
        placeholders: Placeholder text -> bitset of the documents it stands for.
        labels: Placeholder text -> the condition as typed, for messages and ``repr``.
    """
    if not placeholders:
        return node
    if isinstance(node, wq.Term) and node.fieldname == "id" and node.text in placeholders:
        return DocnumSet(placeholders[node.text], (labels or {}).get(node.text, ""), node.boost)
    return node.apply(lambda child: substitute(child, placeholders, labels))
