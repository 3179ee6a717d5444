"""Facet counting from per-value document sets kept as Python int bitsets.

Whoosh's grouping facets re-read every hit's values on every search; here
each facet value's documents are read once per searcher into an int whose
bit ``n`` is document number ``n``. A count is then one ``&`` and one
``bit_count()``, and filters combine with ``|``, ``&`` and ``& ~``. Values
held by few statements (most organisations) are counted from their
statements' numbers instead, every such value of a field at once
(:class:`_FieldLayout`).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as _default
from enum import StrEnum
from functools import partial
from operator import itemgetter

from index.backend.segment_tables import docnums_from_mask, live_mask, mask_from_docnums, segment_table
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


# Not frozen: a search lists every value it finds (thousands of organisations at
# 100,000 statements), and a frozen dataclass's __init__ costs five times as much.
@dataclass(slots=True)
class FacetCount:
    """How many current results carry one facet value (treat it as read-only)."""

    field: str
    value: str
    label: str
    count: int
    state: FilterState = FilterState.OFF


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
        for value, mask in _leaf_masks(leaf, field).items():
            combined[value] = combined.get(value, 0) | (mask << base)
    return {value: combined[value] for value in sorted(combined)}


def _leaf_masks(leaf, field: str) -> dict[str, int]:
    """One segment's values of ``field`` with their live documents' bitsets, kept while the segment is unchanged."""
    segment = leaf.segment()
    deleted = segment.deleted_count() if segment is not None else 0
    return reader_cache(leaf, f"facet-masks:{field}:{deleted}", lambda: _segment_masks(leaf, field))


def value_docnums(reader, field: str, values: Iterable[str]) -> dict[str, list[int]]:
    """The live document numbers of each of ``values`` of ``field``, ascending.

    Read from each segment's small bitsets: finding the few set bits of an
    organisation's bitset over the whole archive means scanning all of it.
    """
    found: dict[str, list[int]] = {value: [] for value in values}
    if field not in reader.schema:
        return found
    for leaf, base in reader.leaf_readers():
        for value, mask in _leaf_masks(leaf, field).items():
            numbers = found.get(value)
            if numbers is not None:
                numbers.extend(base + n for n in docnums_from_mask(mask))
    return found


def live_documents(reader) -> int:
    """The bitset of the index's live documents."""
    mask = 0
    for leaf, base in reader.leaf_readers():
        mask |= live_mask(leaf) << base
    return mask


# Statements up to which a value is counted from its document numbers rather than by ``&`` of whole
# bitsets: at least FEW, and more in a large archive, where each ``&`` costs more (at 100,000
# statements one ``&`` costs as much as looking up some 370 numbers).
FEW = 64
FEW_SHARE = 256


def few_limit(size: int) -> int:
    """Statements up to which a value is counted from its document numbers, in an index of ``size``."""
    return max(FEW, size // FEW_SHARE)


@dataclass
class _FieldLayout:
    """One field's values arranged for counting: the rare ones' document numbers end to end, the rest as bitsets.

    Built once per value sets (a searcher generation, a workbench change).
    """

    source: dict[str, int]
    few_values: list[str] = _default(default_factory=list)
    bounds: list[tuple[int, int]] = _default(default_factory=list)  # each rare value's slice of ``picked``
    pick: itemgetter | None = None  # the flags of every rare value's documents, in one C call
    many: list[tuple[str, int]] = _default(default_factory=list)

    @classmethod
    def of(cls, per_value: dict[str, int], limit: int, docnums=None) -> _FieldLayout:
        """The layout of ``per_value``; ``docnums(values)`` gives rare values' numbers (else read from the bitsets)."""
        layout = cls(per_value)
        for value, docs in per_value.items():
            if docs.bit_count() <= limit:
                layout.few_values.append(value)
            else:
                layout.many.append((value, docs))
        numbers = docnums(layout.few_values) if docnums is not None else {
            value: list(docnums_from_mask(per_value[value])) for value in layout.few_values}
        flat: list[int] = []
        for value in layout.few_values:
            start = len(flat)
            flat.extend(numbers[value])
            layout.bounds.append((start, len(flat)))
        # itemgetter of one index gives the item, not a tuple: a last index repeated keeps it a tuple.
        layout.pick = itemgetter(*flat, 0) if flat else None
        return layout

    def counted(self, hits: int, flags: str) -> list[tuple[int, str]]:
        """``(-count, value)`` for every value found in ``hits``; ``flags`` has "1" at each hit's number."""
        found = []
        if self.pick is not None:
            picked = "".join(self.pick(flags))
            count = picked.count
            numbers = [count("1", start, end) for start, end in self.bounds]
            found = [(-n, value) for value, n in zip(self.few_values, numbers, strict=True) if n]
        found.extend((-n, value) for value, n in ((value, (hits & docs).bit_count()) for value, docs in self.many) if n)
        return found


class FacetCache:
    """Every facet value's document set for one searcher generation."""

    def __init__(self, reader, fields: Iterable[str] | None = None) -> None:
        self.size = reader.doc_count_all()
        self.all_docs = live_documents(reader) if self.size else 0
        self.values: dict[str, dict[str, int]] = {}
        for field in fields if fields is not None else (f.name for f in panel_fields()):
            self.values[field] = value_masks(reader, field)
        self._from_index = dict(self.values)  # the fields' sets as the index gave them (not a workbench overlay)
        # Labels never change within one searcher generation; looking them up for
        # thousands of organisations on every search cost more than the counting.
        self._labeller = None
        self._labels: dict[str, dict[str, tuple[str, str]]] = {}
        self.overlay_generation: int | None = None
        # Fields outside the panel (central countries) are read when a filter first needs them.
        # Weakly: this cache is held by the reader itself (see index.backend.terms).
        self._reader = weakref.ref(reader)
        self._unlisted: dict[tuple[str, str], int] = {}
        self._layouts: dict[str, _FieldLayout] = {}
        self._counted = 0

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
        # "1" at each hit's number (bin() lists the highest bit first): rare values look their documents up in it.
        flags = bin(hits)[:1:-1].ljust(self.size + 1, "0")
        if labeller != self._labeller:  # == : a bound method is a new object on every access
            self._labeller, self._labels = labeller, {}
        result: dict[str, list[FacetCount]] = {}
        limit = few_limit(self.size)
        for field_name, per_value in self.values.items():
            labels = self._labels.setdefault(field_name, {})
            layout = self._layouts.get(field_name)
            if layout is None or layout.source is not per_value:  # new value sets (a workbench change)
                if not self._counted:
                    # The first count (the window's first results) does not wait for the layout's
                    # tenth of a second at 100,000 statements: every value by ``&``, as large ones are.
                    layout = _FieldLayout(per_value, many=list(per_value.items()))
                else:
                    reader = self._reader() if self._from_index.get(field_name) is per_value else None
                    docnums = None if reader is None else partial(value_docnums, reader, field_name)
                    layout = self._layouts[field_name] = _FieldLayout.of(per_value, limit, docnums)
            found = layout.counted(hits, flags)
            # Filtered values stay listed at zero so the user can see and undo the filter.
            found.extend((0, value) for value in {f.value for f in filters if f.field == field_name}
                         if value in per_value and not per_value[value] & hits)
            for _negative, value in found:
                if value not in labels:
                    label = labeller(field_name, value)
                    labels[value] = (label, label.casefold())
            ranked = [(negative, labels[value][1], value) for negative, value in found]
            ranked.sort()
            result[field_name] = [
                FacetCount(field_name, value, labels[value][0], -negative,
                           states.get((field_name, value), FilterState.OFF))
                for negative, _key, value in ranked
            ]
        self._counted += 1
        return result
