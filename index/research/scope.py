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

from whoosh import query as wq

from index.backend.ranking import matching_mask
from index.backend.segment_tables import mask_from_docnums, reader_column
from index.backend.terms import reader_cache
from index.query.parser import ParsedQuery
from index.search.facets import FacetCache, docnums_from_mask
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
        mask &= _matching(searcher, parsed.query, cache.size)
    return Scope(searcher, cache, parsed, mask)


def _matching(searcher, query, size: int) -> int:
    """Every document ``query`` matches, deleted ones perhaps included (callers ``&`` it with live documents)."""
    found = _postings_mask(searcher.reader(), query, size)
    if found is None:
        found, _stopped = matching_mask(searcher, query, size)
    return found


def _postings_mask(reader, query, size: int) -> int | None:
    """The bitset of words combined by AND and OR, read from their postings a block at a time.

    Whoosh's matchers walk an AND or an OR one document at a time through several
    layers of Python; a view needs no scores, so each word's postings are read as
    blocks of ids and the bitsets combined as integers. None for any other query
    (phrases, negations, wildcards), which Whoosh's matchers answer.
    """
    if isinstance(query, wq.Term):
        return _term_mask(reader, query.fieldname, query.text, size)
    if not isinstance(query, (wq.And, wq.Or)) or (getattr(query, "minmatch", 0) or 0) > 1:
        return None  # an OR that needs several of its words is left to Whoosh
    masks = [_postings_mask(reader, child, size) for child in query.children()]
    if not masks or any(mask is None for mask in masks):
        return None
    combined = masks[0]
    for mask in masks[1:]:
        combined = combined & mask if isinstance(query, wq.And) else combined | mask
    return combined


def postings_blocks(reader, field: str, text, weights: bool = False):
    """A word's postings in every segment, a block at a time: ``(ids, weights or None)``, ids from 0 for the reader.

    Deleted documents may be included (the callers ``&`` with live documents).
    """
    for leaf, base in reader.leaf_readers():
        if (field, text) not in leaf:
            continue
        matcher = leaf.postings(field, text)
        matcher = getattr(matcher, "child", matcher)  # under a deletions filter
        if not hasattr(matcher, "_read_ids"):  # not Whoosh 3's leaf matcher: one posting at a time
            items = list(matcher.items_as("weight")) if weights else [(n, None) for n in matcher.all_ids()]
            yield [base + n for n, _w in items], [w for _n, w in items] if weights else None
            continue
        while matcher.is_active():
            matcher._read_ids()
            if weights:
                matcher._read_weights()
            yield [base + n for n in matcher._ids], matcher._weights if weights else None
            matcher._next_block()


def _term_mask(reader, field: str, text, size: int) -> int:
    found: list[int] = []
    for ids, _weights in postings_blocks(reader, field, text):
        found.extend(ids)
    return mask_from_docnums(found, size)


def query_mask(scope: Scope, parsed: ParsedQuery) -> int:
    """The statements of ``scope`` that another parsed query (a trend's term) also finds."""
    if parsed.is_empty:
        return scope.mask
    return _matching(scope.searcher, parsed.query, scope.cache.size) & scope.mask


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
