"""The search front's contract: what a caller asks for and what it gets back."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.search.facets import FacetCount, FacetFilter
from index.search.snippets import Snippet

SORTS = ("relevance", "newest", "oldest", "title")
DEFAULT_BUDGET = 1.0  # seconds; about what a search of 100,000 statements may take before it is cut short


@dataclass(frozen=True)
class SearchRequest:
    """What to search for.

    Attributes:
        text: The query as typed (empty: every document).
        filters: Facet values included or excluded.
        sort: One of :data:`SORTS`.
        limit: Most hits to rank and return (None: all).
        snippet_count: Snippets are made for this many top hits only.
        expand_countries: Also search the other names and demonyms of
            countries named in free text ("Turkey" also finds "Türkiye").
        suggest: Offer a spelling suggestion when a word is not in any document.
        budget: Seconds a search may take; past them it stops and returns what
            it found, saying so (None: no limit).
    """

    text: str = ""
    filters: tuple[FacetFilter, ...] = ()
    sort: str = "relevance"
    limit: int | None = 1000
    snippet_count: int = 20
    expand_countries: bool = True
    suggest: bool = True
    budget: float | None = DEFAULT_BUDGET


@dataclass(frozen=True)
class Hit:
    """One ranked result."""

    doc_id: str
    score: float
    snippet: Snippet | None = None


@dataclass
class SearchResult:
    """Everything a results list and a facet panel need.

    Attributes:
        request: The request this answers.
        total: Exact number of matching documents.
        hits: Ranked hits (at most ``request.limit``).
        facets: For each facet field, counts within the current results.
        terms: Analysed terms to highlight in documents.
        messages: Notes about the query (repaired syntax, unknown names).
        elapsed_ms: Time spent searching.
        expansions: Other country names searched too, to show as "also
            searched: Türkiye, Turkish" (empty when none or switched off).
        suggestion: A corrected query to offer as "Did you mean …?"; only
            set when the corrected query has hits.
        near_identical: For the first hit of each group of near-identical
            statements, the group's other hits in order (filled in by
            :meth:`~index.library.Library.collapse_near_identical` for a
            results list that shows one per group; empty otherwise).
    """

    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]
    terms: frozenset[str] = frozenset()
    messages: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0
    expansions: list[str] = field(default_factory=list)
    suggestion: str | None = None
    near_identical: dict[str, tuple[str, ...]] = field(default_factory=dict)
