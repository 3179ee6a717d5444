"""More like this: statements that share the open statement's most telling words.

The body is not stored in the index, so the key terms come from the
catalogue text analysed with the body analyser and weighed against the
whole archive (Whoosh's Bo1 model: words frequent here and rare elsewhere).
Stop words of the statement's own language are dropped (the analyser only
knows English ones), so a French speech is not "similar" by its articles.
"""

from __future__ import annotations

import time

from whoosh import query as wq
from whoosh.lang import has_stopwords, stopwords_for_language

from index.backend.postings_ranking import rank_postings
from index.backend.segment_tables import reader_column
from index.search.facets import mask_from_docnums
from index.search.results import Hit, SearchRequest, SearchResult

KEY_TERMS = 20
# Enough of the text for its key terms; reading all of a 60 KB speech adds time, not insight.
MAX_TEXT_CHARS = 50_000


def _language(cache, docnum: int) -> str | None:
    bit = 1 << docnum
    return next((value for value, docs in cache.values.get("language", {}).items() if docs & bit), None)


def key_terms(searcher, text: str, language: str | None, count: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The ``count`` most telling body terms of ``text`` with their weights."""
    stop = set(stopwords_for_language(language)) if language and has_stopwords(language) else set()
    found = searcher.key_terms_from_text("body", text[:MAX_TEXT_CHARS], numterms=count * 2, normalize=True)
    kept = [(term, weight) for term, weight in found if len(term) > 2 and not term.isdigit() and term not in stop]
    return kept[:count]


def more_like_this(engine, doc_id: str, limit: int = 20) -> SearchResult:
    """Statements similar to ``doc_id``, most similar first, never the statement itself.

    Args:
        engine: The library's :class:`~index.search.engine.SearchEngine`.
        doc_id: The open statement.
        limit: Most statements to return.

    Returns:
        A result whose hits are the similar statements (with snippets),
        ``total`` their number, facets counted over them and ``terms`` the
        key terms, for highlighting.
    """
    started = time.perf_counter()
    request = SearchRequest(limit=limit, snippet_count=limit, expand_countries=False, suggest=False)
    searcher = engine.searcher()
    cache = engine.facet_cache(searcher)
    docnum = searcher.document_number(id=doc_id)
    text = engine.text_of(doc_id) or ""
    if docnum is None or not text.strip():
        return SearchResult(request, 0, [], cache.counts(0, engine.label), messages=[
            "This statement has no text to compare with others."])
    title = searcher.stored_fields(docnum).get("title") or ""
    terms = key_terms(searcher, f"{title}\n{text}", _language(cache, docnum))
    query = wq.Or([wq.Term("body", term, boost=weight) for term, weight in terms])
    # Twenty words each in thousands of statements: ranked from their postings, not walked match by match.
    ranked = rank_postings(searcher, query, limit, cache.size, cache.all_docs & ~(1 << docnum))
    if ranked is None:  # no key terms at all
        ranked = ([], 0)
    id_column = reader_column(searcher.reader(), "id")
    hits = [Hit(id_column[number], float(score)) for number, score in ranked[0]]
    docnums = [number for number, _score in ranked[0]]
    shown = frozenset(term for term, _weight in terms)
    hits = [engine.with_snippet(hit, shown) for hit in hits]
    facets = cache.counts(mask_from_docnums(docnums, cache.size), engine.label)
    elapsed = (time.perf_counter() - started) * 1000
    return SearchResult(request, len(hits), hits, facets, shown, [], elapsed)
