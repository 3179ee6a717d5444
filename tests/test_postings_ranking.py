"""Ranking from postings gives what Whoosh's matchers give: the same statements, order, scores and hit sets."""

from __future__ import annotations

import pytest

from index import FacetFilter, Library, SearchRequest
from index.backend.postings_ranking import rank_postings, supported
from index.backend.ranking import rank_and_mask
from tests.research_docs import ids_by_name, write_archive

QUERIES = ("energy", "corridor energy", "Kazakhstan OR Azerbaijan", "national emergency Lebanon",
           "(trade OR energy) AND (corridor OR partnership)", "title:notice", "emergency country:LBN",
           "title:notice^3 OR emergency", "corrid*", "zzyzx", "cooperation OR zzyzx",
           "Turkey", '"strategic partnership"', '"national emergency" Lebanon', 'corridor OR "Middle Corridor"',
           '"emergency with respect"', '"partnership strategic"', '"strategic cooperation"~3',
           '"national security"', '"security national"', '"national security and foreign policy"',
           '"foreign policy" OR "strategic partnership"', '"political and economic instability"')


@pytest.fixture
def library(research_library):
    return research_library


def _both(library, text: str, limit, filters=()):
    engine = library.engine
    searcher = engine.searcher()
    cache = engine.facet_cache(searcher)
    query = engine.parse(text, searcher, True).query
    allowed = cache.filter_mask(filters)
    whoosh_ranked, whoosh_mask, _stopped = rank_and_mask(searcher, query, limit, cache.size,
                                                         allowed if filters else None)
    return (whoosh_ranked, whoosh_mask & allowed), rank_postings(searcher, query, limit, cache.size, allowed)


@pytest.mark.parametrize("text", QUERIES)
def test_words_rank_as_whoosh_ranks_them(library, text):
    for limit in (0, 1, 3, None):
        for filters in ((), (FacetFilter("year", "2021"),)):
            (expected, expected_mask), got = _both(library, text, limit, filters)
            assert got is not None, text
            ranked, mask = got
            assert [docnum for docnum, _score in ranked] == [docnum for docnum, _score in expected], (text, limit)
            assert [score for _docnum, score in ranked] == pytest.approx([score for _d, score in expected], rel=1e-12)
            assert mask == expected_mask


def test_other_queries_are_left_to_whoosh(library):
    engine = library.engine
    for text in ("energy NOT corridor", "corrid* NOT energy", '"strategic partnership" NOT Kazakhstan'):
        query = engine.parse(text, engine.searcher(), True).query
        assert not supported(query), text
        assert rank_postings(engine.searcher(), query, 10, 100, -1) is None


def test_a_removed_statement_is_not_ranked(tmp_path):
    archive = write_archive(tmp_path / "archive")
    with Library.open(tmp_path / "library") as library:
        library.import_paths([archive])
        names = ids_by_name(library)
        before = [hit.doc_id for hit in library.search(SearchRequest("emergency", limit=None)).hits]
        assert names["lebanon-2022"] in before
        (archive / "lebanon-2022.md").unlink()
        library.import_paths([archive], missing="remove")  # its postings stay in its segment until a merge
        result = library.search(SearchRequest("emergency", limit=None))
        assert [hit.doc_id for hit in result.hits] == [doc_id for doc_id in before if doc_id != names["lebanon-2022"]]
        assert result.total == len(before) - 1
        (expected, expected_mask), (ranked, mask) = _both(library, "emergency", None)
        assert [docnum for docnum, _score in ranked] == [docnum for docnum, _score in expected]
        assert mask == expected_mask


def test_a_phrase_is_ranked_only_where_its_words_follow_each_other(library):
    (expected, _mask), (ranked, mask) = _both(library, '"strategic partnership"', None)
    assert len(ranked) == 2 and mask.bit_count() == 2 and ranked == expected
    (_expected, _mask), (reversed_words, _none) = _both(library, '"partnership strategic"', None)
    assert reversed_words == []  # both words in both statements, never in that order


def _weighted_query(terms):
    from whoosh import query as wq

    return wq.Or([wq.Term("body", term, boost=weight) for term, weight in terms])


def test_more_like_this_key_terms_are_whooshs(library):
    from index.search.similar import key_terms

    engine = library.engine
    searcher = engine.searcher()
    for doc_id in ids_by_name(library).values():
        text = engine.text_of(doc_id)
        expected = [(term, weight) for term, weight in searcher.key_terms_from_text("body", text, numterms=40)
                    if len(term) > 2 and not term.isdigit()][:20]
        assert key_terms(searcher, text, None) == expected, doc_id


def test_the_best_of_weighted_words_are_those_ranking_every_statement_gives(library, monkeypatch):
    from index.backend import top_scores
    from index.search.similar import key_terms

    engine = library.engine
    searcher = engine.searcher()
    cache = engine.facet_cache(searcher)
    looked_up = []  # words read only where the statements still in the running are
    real = top_scores.candidate_postings
    monkeypatch.setattr(top_scores, "candidate_postings", lambda *a, **k: looked_up.append(a[2]) or real(*a, **k))
    for doc_id in ids_by_name(library).values():
        terms = key_terms(searcher, engine.text_of(doc_id), None)
        allowed = cache.all_docs & ~(1 << searcher.document_number(id=doc_id))
        for limit in (1, 2, 5, 50):
            expected, _mask = rank_postings(searcher, _weighted_query(terms), limit, cache.size, allowed)
            got = top_scores.top_of_weighted_or(searcher, "body", terms, limit, allowed, cache.size)
            assert [docnum for docnum, _score in got] == [docnum for docnum, _score in expected], (doc_id, limit)
            assert [score for _docnum, score in got] == pytest.approx([score for _d, score in expected], rel=1e-9)
    assert looked_up  # the pruning was exercised, not only the full reading


def test_a_rare_heavy_word_closes_the_top_to_statements_without_it(library):
    from index.backend.top_scores import top_of_weighted_or

    engine = library.engine
    searcher = engine.searcher()
    cache = engine.facet_cache(searcher)
    terms = [("corridor", 5.0), ("energi", 0.01), ("cooper", 0.01)]
    expected, _mask = rank_postings(searcher, _weighted_query(terms), 2, cache.size, cache.all_docs)
    got = top_of_weighted_or(searcher, "body", terms, 2, cache.all_docs, cache.size)
    assert [docnum for docnum, _score in got] == [docnum for docnum, _score in expected]
    assert len(got) == 2
    assert top_of_weighted_or(searcher, "body", [("zzyzx", 1.0)], 5, cache.all_docs, cache.size) == []


def test_a_blocks_positions_decode_together_and_any_other_form_on_its_own():
    from whoosh.formats import Positions

    from index.backend.postings_ranking import _block_positions, _decoder

    form = Positions()
    decode = _decoder(form)
    places = [[0], [3, 9, 10], list(range(5, 2600, 2)), [7, 8]]
    values = [form.encode(each) for each in places]
    here = [(0, 10), (1, 11), (2, 12), (3, 13)]
    assert _block_positions(values, here, decode) == places
    assert _block_positions(values, here[1:3], decode) == places[1:3]
    # A value without the protocol header (another writer's) makes the block decode value by value.
    other = values[1][:4] + values[1][6:]
    assert _block_positions([values[0], other], here[:2], lambda v: decode(v) if v is values[0] else [3, 9, 10]) \
        == places[:2]


def test_the_whole_indexs_lengths_are_its_segments_end_to_end(library, tmp_path):
    from index.backend.ranking import field_lengths

    more = tmp_path / "more"
    more.mkdir()
    (more / "extra.txt").write_text("Joint statement on energy corridors.\n\nThe ministers met on energy.\n")
    library.import_paths([more])  # a second segment
    reader = library.engine.searcher().reader()
    assert len(reader.leaf_readers()) > 1
    for fieldname in ("body", "title", "exact"):
        assert list(field_lengths(reader, fieldname)) == [reader.doc_field_length(n, fieldname, 1) or 0
                                                           for n in range(reader.doc_count_all())]


def test_the_tables_kept_while_the_index_is_open_are_not_walked_by_the_garbage_collector(library):
    """A full collection walks every slot of every list alive: the per-document tables a search keeps
    (lengths, BM25 norms, ids, sort keys) are tuples of numbers and strings, which the collector sets aside."""
    import gc

    from index import SearchRequest
    from index.backend.ranking import field_lengths
    from index.backend.segment_tables import reader_column, segment_table
    from index.search.engine import _sort_keys

    library.search(SearchRequest(text="energy cooperation"))
    library.search(SearchRequest(text="", sort="newest"))
    reader = library.engine.searcher().reader()
    gc.collect()
    kept = [field_lengths(reader, "body"), reader_column(reader, "id"), reader_column(reader, "date"),
            _sort_keys(reader, "newest")]
    for leaf, _base in reader.leaf_readers():
        table = segment_table(leaf)
        kept += [table.ids, *table.lengths.values(), *table.columns.values(), field_lengths(leaf, "body")]
        kept += [value for key, value in _cached(leaf).items() if key.startswith("bm25-norms:")]
    assert len(kept) > 6 and all(len(table) == 0 or not gc.is_tracked(table) for table in kept)


def _cached(reader) -> dict:
    from index.backend import terms

    return terms._CACHES.get(reader, {})


@pytest.mark.parametrize("shape", ["random with ties", "bar guessed too high"])
def test_the_first_page_of_many_hits_is_that_of_sorting_them_all(shape):
    import random

    from index.backend.postings_ranking import _best

    rng = random.Random(5)
    if shape == "random with ties":  # a common word: 30,000 scores, many equal (one length, one count)
        scores = {docnum: round(rng.random() * 8, 1) for docnum in range(0, 60_000, 2)}
    else:  # the sampled documents outscore the rest: too few clear the guessed bar, the heap decides
        scores = {docnum: 1000.0 - docnum / 100 if docnum % 9 == 0 else rng.random() for docnum in range(20_000)}
    everything = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    for limit in (1, 50, 1000):
        assert _best(scores, limit) == everything[:limit]
    assert _best(scores, None) == everything
