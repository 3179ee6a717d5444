"""Running a search: ranked hits, exact totals and facet counts in one pass."""

from __future__ import annotations

import heapq
import logging
import time
from collections.abc import Callable, Iterable

from whoosh import query as wq

from index.backend.hit_sets import postings_mask
from index.backend.postings_ranking import rank_postings
from index.backend.ranking import Limits, matching_mask, rank_and_mask
from index.backend.segment_tables import docnums_from_mask, mask_from_docnums, reader_column
from index.backend.terms import reader_cache
from index.errors import CatalogueDamaged
from index.fields import catalogue_fields
from index.query.parser import NOTE_FIELD, ParsedQuery, highlight_terms, parse_query
from index.query.values import KnownValues
from index.search.facets import FacetCache
from index.search.overlay import mask_of_ids, overlay_values, substitute
from index.search.results import Hit, SearchRequest, SearchResult
from index.search.snippets import Snippet, make_snippet, match_offsets
from index.search.spelling import suggest

log = logging.getLogger(__name__)

SHARED_PHRASE = 20  # statements holding one phrase, from which the results say so


def _newest_among_equals(searcher, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Hits with equal scores (the same boilerplate in statements of one length), the newest first."""
    if len(ranked) < 2 or len({score for _n, score in ranked}) == len(ranked):
        return ranked
    dates = reader_column(searcher.reader(), "date")
    return sorted(ranked, key=lambda pair: (-pair[1], -dates[pair[0]]))


def _sort_keys(reader, sort: str) -> tuple:
    """Each document's sort key for ``sort`` (by date then title, or by title), by document number."""

    def build() -> tuple:
        titles = reader_column(reader, "title_sort")
        if sort == "title":
            return titles
        return tuple(zip(reader_column(reader, "date"), titles, strict=True))

    return reader_cache(reader, f"sort-keys:{'title' if sort == 'title' else 'date'}", build)


class SearchEngine:
    """Searches one index; the facet cache lives as long as the searcher's reader (see ``index.backend.terms``).

    Args:
        store: The index store.
        labeller: ``labeller(field, code) -> display name``.
        text_for: ``text_for(doc_id) -> the statement's text`` (from the catalogue).
        workbench: The library's workbench, whose fields are laid over the
            index (:mod:`index.search.overlay`); None for none.
    """

    def __init__(self, store, labeller: Callable[[str, str], str], text_for: Callable[[str], str | None],
                 workbench=None) -> None:
        self._store = store
        self._labeller = labeller
        self._text_for = text_for
        self._workbench = workbench

    def _facet_cache(self, searcher) -> FacetCache:
        reader = searcher.reader()
        cache = reader_cache(reader, "facets", lambda: FacetCache(reader))
        if self._workbench is not None and self._workbench.available:
            generation = self._workbench.generation()
            if cache.overlay_generation != generation:
                cache.set_overlay(generation, overlay_values(reader, self._workbench, catalogue_fields()))
        return cache

    def known_values(self, searcher=None) -> KnownValues:
        """What the library holds, for resolving typed facet values."""
        searcher = searcher or self._store.searcher()
        return KnownValues(searcher.reader(), self._facet_cache(searcher).values)

    # -- for the other index modules (completion, spelling, similar) ----------

    def searcher(self):
        """The shared searcher, refreshed after commits (index-internal use)."""
        return self._store.searcher()

    def facet_cache(self, searcher=None) -> FacetCache:
        """Every facet value's document set for the current searcher."""
        return self._facet_cache(searcher or self._store.searcher())

    def label(self, field_name: str, value: str) -> str:
        """Display name of a facet value."""
        return self._labeller(field_name, value)

    def text_of(self, doc_id: str) -> str | None:
        """A statement's full text (from the catalogue)."""
        return self._text_for(doc_id)

    def parse(self, text: str, searcher=None, expand_countries: bool = True) -> ParsedQuery:
        """Parses a query against the current index (names resolve to the codes it holds).

        Workbench conditions are filled in with their document sets.
        """
        searcher = searcher or self._store.searcher()
        cache = self._facet_cache(searcher)
        parsed = parse_query(text, searcher.schema, searcher=searcher, expand_countries=expand_countries,
                             labeller=self._labeller, overlay=cache.values)
        if parsed.conditions:
            masks = {key: self._condition_mask(searcher, cache, field, value)
                     for key, (field, value) in parsed.conditions.items()}
            labels = {key: f"{field}:{value}" for key, (field, value) in parsed.conditions.items()}
            parsed.query = substitute(parsed.query, masks, labels)
        return parsed

    def _condition_mask(self, searcher, cache: FacetCache, field: str, value: str) -> int:
        if field == NOTE_FIELD:
            if self._workbench is None or not self._workbench.available:
                return 0
            return mask_of_ids(searcher.reader(), self._workbench.notes.search_notes(value))
        return cache.values.get(field, {}).get(value, 0)

    def query_mask(self, searcher, parsed: ParsedQuery) -> int:
        """The bitset of documents a parsed query matches."""
        cache = self._facet_cache(searcher)
        if parsed.is_empty:
            return cache.all_docs
        return mask_from_docnums(searcher.docs_for_query(parsed.query), cache.size)

    # -- searching -------------------------------------------------------------

    def search(self, request: SearchRequest, superseded: Callable[[], bool] | None = None) -> SearchResult:
        """Runs one search.

        Args:
            request: What to search for.
            superseded: Asked now and then; True (a newer search is waiting)
                stops this one with :class:`~index.backend.ranking.Interrupted`.
        """
        started = time.perf_counter()
        limits = Limits(request.budget, superseded)
        searcher = self._store.searcher()
        cache = self._facet_cache(searcher)
        parsed = self.parse(request.text, searcher, request.expand_countries)

        filter_mask = cache.filter_mask(request.filters)
        filtered = filter_mask != cache.all_docs
        if request.sort == "relevance" and not parsed.is_empty:
            ranked, hit_mask, stopped = self._rank(searcher, parsed, request.limit, cache.size, filter_mask,
                                                   filtered, limits)
            hits = self._hits(searcher, _newest_among_equals(searcher, ranked))
            if isinstance(parsed.query, wq.Phrase) and hit_mask.bit_count() >= SHARED_PHRASE:
                parsed.messages.append(
                    f"This phrase occurs in {hit_mask.bit_count():,} statements: those where it is a larger part of "
                    "the text come first, and the newest first among equals.")
        else:
            if parsed.is_empty:
                hit_mask, stopped = cache.all_docs, None
            else:
                hit_mask, stopped = postings_mask(searcher.reader(), parsed.query, cache.size), None
                if hit_mask is None:  # not words and pairs: Whoosh's matchers
                    hit_mask, stopped = matching_mask(searcher, parsed.query, cache.size, limits)
            hit_mask &= filter_mask
            hits = self._ranked(searcher, parsed, request, hit_mask, filtered)
        total = hit_mask.bit_count()
        if stopped:
            parsed.messages.append(f"The search took longer than {request.budget:g} s and was stopped: the "
                                   f"{total:,} statements found until then are shown. Narrow it down with more "
                                   "words or filters.")

        terms = frozenset() if parsed.is_empty else frozenset(highlight_terms(parsed.query, searcher.reader()))
        for index in range(min(request.snippet_count, len(hits))):
            hits[index] = self.with_snippet(hits[index], terms)

        facets = cache.counts(hit_mask, self._labeller, request.filters)
        suggestion = None
        if request.suggest and parsed.words and not stopped:
            suggestion = suggest(self, searcher, request.text, parsed, filter_mask, total, request.expand_countries)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(request, total, hits, facets, terms, parsed.messages, elapsed,
                            parsed.expansions, suggestion)

    @staticmethod
    def _rank(searcher, parsed: ParsedQuery, limit: int | None, size: int, filter_mask: int, filtered: bool,
              limits: Limits) -> tuple[list[tuple[int, float]], int, str | None]:
        """The best ``limit`` matches with their scores, the hit bitset, and None or "budget".

        Words and phrases joined by AND and OR (most searches) are ranked from
        their postings a block at a time (:mod:`index.backend.postings_ranking`);
        anything else is scored by Whoosh match by match while the hit set is collected.
        """
        # The time budget is for queries Whoosh walks (a wildcard over thousands of words); these take
        # milliseconds, and only a newer search stops them.
        ranked = rank_postings(searcher, parsed.query, limit, size, filter_mask, Limits(None, limits.superseded))
        if ranked is not None:
            return ranked[0], ranked[1], None
        return rank_and_mask(searcher, parsed.query, limit, size, filter_mask if filtered else None, limits)

    def _ranked(self, searcher, parsed, request: SearchRequest, hit_mask: int, filtered: bool) -> list[Hit]:
        if not hit_mask:
            return []
        sort = request.sort
        if parsed.is_empty and sort == "relevance":
            sort = "newest"  # browsing everything: newest first is what people expect
        if sort in ("newest", "oldest", "title"):
            docnums = docnums_from_mask(hit_mask)
            keys = _sort_keys(searcher.reader(), sort)
            if sort == "newest":
                # As Whoosh's sorting collector orders (key, docnum) pairs: equal keys by descending number.
                docnums.reverse()
            if request.limit is None:
                docnums.sort(key=keys.__getitem__, reverse=sort == "newest")
            else:  # the first page of 100,000 without sorting them all (the same order as a stable sort's)
                pick = heapq.nlargest if sort == "newest" else heapq.nsmallest
                docnums = pick(request.limit, docnums, key=keys.__getitem__)
            return self._hits(searcher, [(docnum, 0.0) for docnum in docnums])
        # Any other order: the hits are known already; let Whoosh sort them rather than run the query again.
        kwargs = {"limit": request.limit}
        if not parsed.is_empty or filtered:
            kwargs["filter"] = set(docnums_from_mask(hit_mask))
        results = searcher.search(wq.Every(), **kwargs)
        return self._hits(searcher, list(results.items()))

    @staticmethod
    def _hits(searcher, ranked) -> list[Hit]:
        """Hits for ``(docnum, score)`` pairs, in order."""
        if not ranked:
            return []  # an empty index has no id column to read
        ids = reader_column(searcher.reader(), "id")
        return [Hit(ids[docnum], float(score) if isinstance(score, (int, float)) else 0.0)
                for docnum, score in ranked]

    def snippet(self, doc_id: str, terms: Iterable[str]) -> Snippet:
        """A snippet of a statement's catalogue text around its densest cluster of matches."""
        try:
            text = self._text_for(doc_id) or ""
        except CatalogueDamaged as exc:  # one damaged statement must not fail the whole search
            log.warning("no snippet for %s: %s", doc_id, exc)
            text = ""
        return make_snippet(text, match_offsets(text, terms))

    def with_snippet(self, hit: Hit, terms: frozenset[str]) -> Hit:
        """Returns the hit with its snippet."""
        return Hit(hit.doc_id, hit.score, self.snippet(hit.doc_id, terms))
