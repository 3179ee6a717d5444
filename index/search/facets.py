"""Facet counting from per-value document sets kept as Python int bitsets.

Whoosh's grouping facets re-read every hit's values on every search; here
each facet value's documents are read once per searcher into an int whose
bit ``n`` is document number ``n``. A count is then one ``&`` and one
``bit_count()``, and filters combine with ``|``, ``&`` and ``& ~``.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from index.backend.segment_tables import live_mask, mask_from_docnums, segment_table
from index.backend.terms import reader_cache
from index.fields import PAIR_SEPARATOR, facet_field, panel_fields


class FilterState(StrEnum):
    """Where a facet value stands: included, excluded or not filtered (off, which is falsy)."""

    INCLUDE = "include"
    EXCLUDE = "exclude"
    OFF = ""

    @property
    def next(self) -> FilterState:
        """The state a click moves to: include -> exclude -> off, as in calibre's tag browser."""
        return {FilterState.OFF: FilterState.INCLUDE, FilterState.INCLUDE: FilterState.EXCLUDE,
                FilterState.EXCLUDE: FilterState.OFF}[self]


@dataclass(frozen=True)
class FacetFilter:
    """One facet value the user included or excluded.

    Values in one field combine with OR, fields combine with AND, and
    excluded values are removed from the result.
    """

    field: str
    value: str
    exclude: bool = False

    @property
    def state(self) -> FilterState:
        """:attr:`FilterState.EXCLUDE` or :attr:`FilterState.INCLUDE`."""
        return FilterState.EXCLUDE if self.exclude else FilterState.INCLUDE

    @classmethod
    def of(cls, field: str, value: str, state: FilterState) -> FacetFilter:
        """A filter for a value in ``state`` (which must not be off)."""
        if not state:
            raise ValueError("a value that is not filtered has no filter")
        return cls(field, value, state is FilterState.EXCLUDE)


@dataclass(frozen=True)
class FacetCount:
    """How many current results carry one facet value."""

    field: str
    value: str
    label: str
    count: int
    state: FilterState = FilterState.OFF


def docnums_from_mask(mask: int) -> Iterator[int]:
    """Yields the document numbers set in a bitset, ascending."""
    data = mask.to_bytes((mask.bit_length() + 7) // 8 or 1, "little")
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            for bit in range(8):
                if byte >> bit & 1:
                    yield base + bit


def _segment_masks(leaf, field: str) -> dict[str, int]:
    """One segment's values of ``field``, each with the bitset of its live documents, numbered in the segment."""
    stored = segment_table(leaf, field).fields.get(field, {})
    if not leaf.has_deletions():
        return stored
    live = live_mask(leaf)
    found = {}
    for value, mask in stored.items():
        if mask := mask & live:
            found[value] = mask
    return found


def value_masks(reader, field: str) -> dict[str, int]:
    """Every value of ``field`` with the bitset of the live documents carrying it, in term order.

    Read segment by segment from each segment's table (:mod:`index.backend.segment_tables`),
    and kept per segment: Whoosh reuses an unchanged segment's reader after a
    commit, so a commit costs only its new segments.
    """
    if field not in reader.schema:
        return {}
    combined: dict[str, int] = {}
    for leaf, base in reader.leaf_readers():
        segment = leaf.segment()
        deleted = segment.deleted_count() if segment is not None else 0
        local = reader_cache(leaf, f"facet-masks:{field}:{deleted}", lambda leaf=leaf: _segment_masks(leaf, field))
        for value, mask in local.items():
            combined[value] = combined.get(value, 0) | (mask << base)
    return {value: combined[value] for value in sorted(combined)}


def live_documents(reader) -> int:
    """The bitset of the index's live documents."""
    mask = 0
    for leaf, base in reader.leaf_readers():
        mask |= live_mask(leaf) << base
    return mask


FEW = 64  # statements up to which a value is counted bit by bit rather than by ``&`` of whole bitsets


class FacetCache:
    """Every facet value's document set for one searcher generation."""

    def __init__(self, reader, fields: Iterable[str] | None = None) -> None:
        self.size = reader.doc_count_all()
        self.all_docs = live_documents(reader) if self.size else 0
        self.values: dict[str, dict[str, int]] = {}
        for field in fields if fields is not None else (f.name for f in panel_fields()):
            self.values[field] = value_masks(reader, field)
        # Labels never change within one searcher generation; looking them up for
        # thousands of organisations on every search cost more than the counting.
        self._labeller = None
        self._labels: dict[str, dict[str, tuple[str, str]]] = {}
        self.overlay_generation: int | None = None
        # Fields outside the panel (central countries) are read when a filter first needs them.
        # Weakly: this cache is held by the reader itself (see index.backend.terms).
        self._reader = weakref.ref(reader)
        self._unlisted: dict[tuple[str, str], int] = {}
        # Values with few statements (most organisations), as document numbers: (their bitset, its numbers or None).
        self._few: dict[str, dict[str, tuple[int, tuple[int, ...] | None]]] = {}

    def set_overlay(self, generation: int, values: dict[str, dict[str, int]]) -> None:
        """Replaces the workbench fields' value sets (see :mod:`index.search.overlay`).

        Labels are looked up afresh too: a library-wide rename is a workbench change.
        """
        self.values.update(values)
        self.overlay_generation = generation
        self._labels = {}

    def docs(self, field: str, value: str) -> int:
        """The documents carrying ``value`` in ``field``.

        A pair field's value (``KAZ+TUR``) is carried by the documents that carry
        both codes in the field it joins: one ``&`` of their two sets.
        """
        per_value = self.values.get(field)
        if per_value is not None:
            return per_value.get(value, 0)
        facet = facet_field(field)
        if facet is not None and facet.joins:
            first, _, second = value.partition(PAIR_SEPARATOR)
            return self.docs(facet.joins, first) & self.docs(facet.joins, second) if second else 0
        key = (field, value)
        if key not in self._unlisted:
            reader = self._reader()
            held = reader is not None and field in reader.schema and (field, value) in reader
            self._unlisted[key] = mask_from_docnums(reader.postings(field, value).all_ids(), self.size) if held else 0
        return self._unlisted[key]

    def filter_mask(self, filters: Iterable[FacetFilter]) -> int:
        """The documents that pass every filter (all documents when none)."""
        includes: dict[str, int] = {}
        mask = self.all_docs
        for flt in filters:
            docs = self.docs(flt.field, flt.value)
            if flt.exclude:
                mask &= ~docs
            else:
                includes[flt.field] = includes.get(flt.field, 0) | docs
        for docs in includes.values():
            mask &= docs
        return mask

    def counts(self, hits: int, labeller, filters: Iterable[FacetFilter] = ()) -> dict[str, list[FacetCount]]:
        """Counts every facet value within ``hits``.

        Values that are filtered on are always listed (even at zero) so the
        user can see and undo the filter.

        Args:
            hits: Bitset of the current result set.
            labeller: ``labeller(field, value) -> display name``.
            filters: The active filters, to mark their state.
        """
        filters = tuple(filters)
        states = {(f.field, f.value): f.state for f in filters}
        hit_bytes = hits.to_bytes((max(self.size, hits.bit_length()) + 8) // 8, "little")
        if labeller != self._labeller:  # == : a bound method is a new object on every access
            self._labeller, self._labels = labeller, {}
        result: dict[str, list[FacetCount]] = {}
        for field, per_value in self.values.items():
            labels = self._labels.setdefault(field, {})
            few = self._few.setdefault(field, {})
            found = []
            for value, docs in per_value.items():
                listed = few.get(value)
                if listed is None or listed[0] is not docs:  # not listed yet, or a workbench value changed since
                    listed = few[value] = (docs, tuple(docnums_from_mask(docs)) if docs.bit_count() <= FEW else None)
                if listed[1] is not None:  # testing a few bits costs less than ``&`` of two 100,000-bit sets
                    count = sum(hit_bytes[n >> 3] >> (n & 7) & 1 for n in listed[1])
                else:
                    count = (hits & docs).bit_count()
                if count:
                    found.append((-count, value))
            # Filtered values stay listed at zero so the user can see and undo the filter.
            found.extend((0, value) for value in {f.value for f in filters if f.field == field}
                         if value in per_value and not per_value[value] & hits)
            ranked = []
            for negative, value in found:
                if value not in labels:
                    label = labeller(field, value)
                    labels[value] = (label, label.casefold())
                ranked.append((negative, labels[value][1], value))
            ranked.sort()
            result[field] = [
                FacetCount(field, value, labels[value][0], -negative, states.get((field, value), FilterState.OFF))
                for negative, _key, value in ranked
            ]
        return result
