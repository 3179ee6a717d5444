"""Trends: how often terms occur per year within the current results, per 10,000 words and as a share of statements.

Each term is a query in the search-box language (a word, a phrase, an OR
of several). Its statements are the current results it also finds; its
occurrences are counted from the index, never from the texts: a word's
from the term frequencies of the body postings (``exact`` postings for
wildcards and fuzzy words), a phrase's from the spans of Whoosh's phrase
matcher (positions, not texts). Words per statement are those of its text,
counted when its near-identical signature was made (the index's own field
lengths are rounded to fit a byte); a statement not signed yet counts the
index's length of its title and text. A term with several words (``energy
security``) counts each word's occurrences in the statements that have them all.
"""

from __future__ import annotations

import time
from collections import Counter

from whoosh import query as wq

from index.backend.schema import EXACT_FIELD
from index.backend.terms import term_text
from index.research.kwic_match import positive_leaves
from index.research.results import Trend, TrendPoint, Trends
from index.research.scope import Scope, query_mask, years
from index.search.facets import docnums_from_mask

_COUNTED_FIELDS = ("body", EXACT_FIELD)  # title hits find a statement but are not counted twice


def _postings_counts(reader, field: str, text: str, bits: bytes, counts: Counter) -> None:
    if (field, text) not in reader:
        return
    matcher = reader.postings(field, text)
    while matcher.is_active():
        docnum = matcher.id()
        if bits[docnum >> 3] >> (docnum & 7) & 1:
            counts[docnum] += int(matcher.weight())
        matcher.next()


def occurrences(scope: Scope, query: wq.Query, mask: int) -> Counter:
    """Occurrences of a parsed query's words and phrases in each statement of ``mask`` (by document number)."""
    counts: Counter = Counter()
    reader = scope.reader
    # Bytes, not the int: testing bit n of an int shifts (copies) the whole bitset.
    bits = mask.to_bytes((scope.cache.size + 8) // 8, "little")
    for leaf in positive_leaves(query):
        if isinstance(leaf, wq.Phrase):
            matcher = leaf.matcher(scope.searcher)
            while matcher.is_active():
                docnum = matcher.id()
                if bits[docnum >> 3] >> (docnum & 7) & 1:
                    counts[docnum] += len(matcher.spans())
                matcher.next()
            continue
        try:
            pairs = leaf.expanded_terms(reader)
        except Exception:  # a leaf type without expansion: its literal terms
            pairs = leaf.terms()
        for field, value in pairs:
            if field in _COUNTED_FIELDS:
                _postings_counts(reader, field, term_text(value), bits, counts)
    return counts


def trends(scope: Scope, terms: list[tuple[str, object]], words_of_doc: list[int]) -> Trends:
    """Per-year figures of each term within ``scope``.

    Args:
        scope: The current results.
        terms: ``(term as typed, its parsed query)`` pairs, in the order to show them.
        words_of_doc: Each document's number of words, by document number.
    """
    started = time.perf_counter()
    year_of = years(scope.reader)
    statements: Counter = Counter()
    words: Counter = Counter()
    undated = 0
    for docnum in docnums_from_mask(scope.mask):
        year = year_of[docnum]
        if not year:
            undated += 1
            continue
        statements[year] += 1
        words[year] += words_of_doc[docnum]
    all_years = tuple(range(min(statements), max(statements) + 1)) if statements else ()
    series = []
    for term, parsed in terms:
        mask = query_mask(scope, parsed) if not parsed.is_empty else 0
        counts = occurrences(scope, parsed.query, mask) if mask else Counter()
        per_year: Counter = Counter()
        matching: Counter = Counter()
        for docnum in docnums_from_mask(mask):
            year = year_of[docnum]
            if year:
                per_year[year] += counts.get(docnum, 0)
                matching[year] += 1
        points = tuple(TrendPoint(year, per_year[year], words[year], statements[year], matching[year])
                       for year in all_years)
        series.append(Trend(term, points, sum(counts.values()), mask.bit_count()))
    return Trends(tuple(series), all_years, scope.count, undated, (time.perf_counter() - started) * 1000)
