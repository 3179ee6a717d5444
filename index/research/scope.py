"""What a research view covers: the statements the current search finds, and per-document columns to count them by.

Every view follows the current query and filters. The search engine's own
parts give the hit set as a bitset of document numbers (the facet filters'
bitset ``&`` the query's matches, no ranking), so a view over 100,000
statements costs one pass over the postings, never a ranked search. The
columns (year, words, codes of a field) are read once per index reader and
kept with it, like the facet bitsets (see :mod:`index.backend.terms`).
"""

from __future__ import annotations

from dataclasses import dataclass

from index.backend.hit_sets import matching
from index.backend.segment_tables import docnums_from_mask, reader_column
from index.backend.terms import reader_cache
from index.query.parser import ParsedQuery
from index.search.facets import FacetCache
from index.search.facets import value_masks as facet_value_masks
from index.search.results import SearchRequest


@dataclass
class Scope:
    """The statements one request finds, for one searcher.

    Attributes:
        searcher: The searcher the document numbers belong to.
        cache: Its facet bitsets.
        parsed: The request's parsed query.
        mask: Bitset of the statements found.
    """

    searcher: object
    cache: FacetCache
    parsed: ParsedQuery
    mask: int

    @property
    def reader(self):
        """The index reader."""
        return self.searcher.reader()

    @property
    def count(self) -> int:
        """How many statements the request finds."""
        return self.mask.bit_count()

    def docnums(self) -> list[int]:
        """The document numbers found, ascending."""
        return list(docnums_from_mask(self.mask))


def scope_of(engine, request: SearchRequest) -> Scope:
    """The statements ``request`` finds (its text and filters; sort and limit do not matter)."""
    searcher = engine.searcher()
    cache = engine.facet_cache(searcher)
    parsed = engine.parse(request.text, searcher, request.expand_countries)
    mask = cache.filter_mask(request.filters)
    if not parsed.is_empty:
        mask &= matching(searcher, parsed.query, cache.size)
    return Scope(searcher, cache, parsed, mask)


def query_mask(scope: Scope, parsed: ParsedQuery) -> int:
    """The statements of ``scope`` that another parsed query (a trend's term) also finds."""
    if parsed.is_empty:
        return scope.mask
    return matching(scope.searcher, parsed.query, scope.cache.size) & scope.mask


def dates(reader) -> list[int]:
    """Each document's date as indexed (``20221013``; partial dates with zeros, 0 when undated), by document number."""
    return reader_cache(reader, "research:dates", lambda: [int(d or 0) for d in reader.column_reader("date")])


def years(reader) -> list[int]:
    """Each document's year (0 when undated), by document number."""
    return reader_cache(reader, "research:years", lambda: [d // 10_000 for d in dates(reader)])


def word_counts(reader) -> list[int]:
    """Each document's number of words (title and text, stop words included), by document number."""
    length = reader.doc_field_length
    return reader_cache(reader, "research:words",
                        lambda: [length(docnum, "exact", 0) for docnum in range(reader.doc_count_all())])


def ids(reader) -> list[str]:
    """Each document's statement id, by document number."""
    return reader_column(reader, "id")


def value_masks(scope: Scope, field: str) -> dict[str, int]:
    """Every value of an index field with the statements of ``scope`` carrying it (values carried by none left out)."""
    per_value = scope.cache.values.get(field)
    if per_value is None:  # a field outside the panel (central countries): from the segments' tables too
        per_value = reader_cache(scope.reader, f"research:values:{field}",
                                 lambda: facet_value_masks(scope.reader, field))
    return {value: docs for value, mask in per_value.items() if (docs := mask & scope.mask)}
