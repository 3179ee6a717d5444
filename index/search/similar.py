"""More like this: statements that share the open statement's most telling words.

The body is not stored in the index, so the key terms come from the
catalogue text analysed with the body analyser and weighed against the
whole archive (Whoosh's Bo1 model: words frequent here and rare elsewhere).
Stop words of the statement's own language are dropped (the analyser only
knows English ones), so a French speech is not "similar" by its articles.
"""

from __future__ import annotations

import time
from collections import defaultdict
from math import log

from whoosh.lang import has_stopwords, stopwords_for_language

from index.backend.segment_tables import reader_column
from index.backend.terms import reader_cache
from index.backend.top_scores import top_of_weighted_or
from index.search.facets import mask_from_docnums
from index.search.results import Hit, SearchRequest, SearchResult

KEY_TERMS = 20
# Enough of the text for its key terms; reading all of a 60 KB speech adds time, not insight.
MAX_TEXT_CHARS = 50_000


def _language(cache, docnum: int) -> str | None:
    bit = 1 << docnum
    return next((value for value, docs in cache.values.get("language", {}).items() if docs & bit), None)


# Words whose archive-wide frequency is remembered per reader (the common ones recur in every statement).
_FREQUENCY_MEMO = 200_000


def _collection_frequency(reader):
    """``frequency(word)``: the word's count in every body of the archive, remembered for this reader."""
    memo: dict[bytes, int] = reader_cache(reader, "body-frequency", dict)

    def frequency(btext: bytes) -> int:
        found = memo.get(btext)
        if found is None:
            if len(memo) > _FREQUENCY_MEMO:
                memo.clear()
            found = memo[btext] = reader.frequency("body", btext)  # 0 for a word no body holds
        return found

    return frequency


def key_terms(searcher, text: str, language: str | None, count: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The ``count`` most telling body terms of ``text`` with their weights.

    Weighed by the Bo1 model, as Whoosh's ``key_terms_from_text`` weighs them
    (``tf * log2((1 + f) / f) + log2(1 + f)``, ``f`` the word's frequency in
    the archive per statement, normalised by the best word's), with each
    word's archive frequency remembered between calls.
    """
    stop = set(stopwords_for_language(language)) if language and has_stopwords(language) else set()
    reader = searcher.reader()
    field = searcher.schema["body"]
    frequency = _collection_frequency(reader)
    statements = reader.doc_count_all()
    in_text: defaultdict[bytes, float] = defaultdict(float)
    for btext, _freq, weight, _value in field.index(text[:MAX_TEXT_CHARS]):
        in_text[btext] += weight
    weighed = []
    for btext, weight in in_text.items():
        found = frequency(btext)
        if found:
            share = found / statements
            weighed.append((weight * log((1 + share) / share, 2) + log(1 + share, 2), field.from_bytes(btext)))
    if not weighed:
        return []
    best = max(score for score, _word in weighed)
    share = best / statements
    norm = (best * log((1 + share) / share) + log(1 + share)) / log(2)
    weighed.sort(key=lambda item: (-item[0], item[1]))
    kept = [(word, score / norm) for score, word in weighed[:count * 2]
            if len(word) > 2 and not word.isdigit() and word not in stop]
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
    # Twenty words each in thousands of statements: only the postings that can change the top are scored.
    ranked = top_of_weighted_or(searcher, "body", terms, limit, cache.all_docs & ~(1 << docnum), cache.size) \
        if terms and limit else []
    id_column = reader_column(searcher.reader(), "id")
    hits = [Hit(id_column[number], float(score)) for number, score in ranked]
    docnums = [number for number, _score in ranked]
    shown = frozenset(term for term, _weight in terms)
    hits = [engine.with_snippet(hit, shown) for hit in hits]
    facets = cache.counts(mask_from_docnums(docnums, cache.size), engine.label)
    elapsed = (time.perf_counter() - started) * 1000
    return SearchResult(request, len(hits), hits, facets, shown, [], elapsed)
