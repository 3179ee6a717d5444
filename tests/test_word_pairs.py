"""Positions stored as gaps, and phrases of common words read from their pair terms."""

from __future__ import annotations

import random

import pytest
from whoosh.formats import Positions

from index import SearchRequest
from index.backend import postings_ranking
from index.backend.positions import GapPositions, decode_positions, encode_positions, position_count
from index.backend.ranking import rank_and_mask
from index.backend.word_pairs import PairTokenizer, common_words, pair_terms
from tests.research_docs import ids_by_name


def test_positions_round_trip_whatever_their_gaps():
    rng = random.Random(7)
    cases = [[0], [5], [127], [128], [0, 1, 2, 3], [3, 200, 201, 70_000, 70_001], list(range(0, 5000, 129))]
    for _ in range(200):
        count = rng.randint(1, 60)
        cases.append(sorted(rng.sample(range(rng.choice([100, 2_000, 300_000])), count)))
    for places in cases:
        value = encode_positions(places)
        assert decode_positions(value) == places
        assert position_count(value) == len(places)
    assert encode_positions([1, 2, 4]) == bytes([1, 1, 2])  # small gaps: a byte each
    assert len(encode_positions([300])) == 2


def test_the_gap_format_is_whooshs_positions_in_fewer_bytes():
    form, stock = GapPositions(), Positions()
    places = [2, 9, 10, 400, 401, 9_000]
    value = form.encode(places)
    assert form.decoder("positions")(value) == stock.decode_positions(stock.encode(places)) == places
    assert form.decode_frequency(value) == 6 and form.decode_weight(value) == 6.0
    assert form.combine([form.encode([1, 5]), form.encode([3, 5])]) == form.encode([1, 3, 5])
    assert len(value) < len(stock.encode(places)) / 3


def test_pairs_are_adjacent_common_words_only():
    common = common_words()
    assert {b"united", b"nations", b"general", b"assembly"} <= common
    assert b"the" not in common and b"of" not in common  # stop words: "rule of law" has no pair
    assert pair_terms([b"united", b"nations", b"general", b"assembly"]) == [
        b"united nations", b"nations general", b"general assembly"]
    assert pair_terms([b"rule", b"of", b"law"]) == []
    found, length = PairTokenizer().term_positions("The United Nations and the General Assembly's work. Human rights!")
    assert dict(found) == {b"united nations": [1], b"general assembly": [5], b"assembly work": [6],
                           b"work human": [7], b"human rights": [8]}
    assert length == 0
    # What the indexer stores: the same pairs, once each.
    assert PairTokenizer().term_set("The United Nations and the General Assembly's work. Human rights, "
                                    "human rights!") == (set(found) | {b"rights human"}, 0)
    assert PairTokenizer().term_set("") == (set(), 0)
    assert [(t.text, t.pos) for t in PairTokenizer()("United Nations, United Nations", positions=True)] == [
        ("united nations", 0), ("united nations", 2), ("nations united", 1)]


def _ranked_both_ways(library, text):
    engine = library.engine
    searcher = engine.searcher()
    cache = engine.facet_cache(searcher)
    query = engine.parse(text, searcher, True).query
    expected, expected_mask, _stopped = rank_and_mask(searcher, query, None, cache.size)
    got = postings_ranking.rank_postings(searcher, query, None, cache.size, cache.all_docs)
    return (expected, expected_mask & cache.all_docs), got


def test_a_two_word_phrase_of_common_words_decodes_no_position(research_library, monkeypatch):
    def refuse(*_args):
        raise AssertionError("positions decoded for a phrase its pair answers")

    monkeypatch.setattr(postings_ranking, "_block_positions", refuse)
    for text in ('"national security"', '"foreign policy"', '"security national"'):
        (expected, expected_mask), (ranked, mask) = _ranked_both_ways(research_library, text)
        assert [d for d, _s in ranked] == [d for d, _s in expected], text
        assert [s for _d, s in ranked] == pytest.approx([s for _d, s in expected], rel=1e-12)
        assert mask == expected_mask
    result = research_library.search(SearchRequest('"national security"', limit=None))
    assert [hit.doc_id for hit in result.hits] == [ids_by_name(research_library)["libya-2022"]]


def test_a_longer_phrase_is_verified_in_the_statements_holding_its_pairs(research_library, monkeypatch):
    seen = []
    real = postings_ranking.candidate_postings
    monkeypatch.setattr(postings_ranking, "candidate_postings",
                        lambda searcher, field, word, wanted, *a, **k: seen.append(len(wanted))
                        or real(searcher, field, word, wanted, *a, **k))
    (expected, expected_mask), (ranked, mask) = _ranked_both_ways(research_library,
                                                                 '"national security and foreign policy"')
    assert ranked == expected and mask == expected_mask and len(ranked) == 1
    assert seen and max(seen) == 1  # only the statement holding both pairs was read


def test_a_pair_answers_a_phrase_s_hit_set_and_a_sorted_search(research_library):
    from index.backend.hit_sets import postings_mask
    from index.backend.ranking import matching_mask

    engine = research_library.engine
    searcher = engine.searcher()
    size = engine.facet_cache(searcher).size
    for text in ('"national security"', '"security national"', '"foreign policy"'):
        query = engine.parse(text, searcher, True).query
        assert postings_mask(searcher.reader(), query, size) == matching_mask(searcher, query, size)[0], text
    longer = engine.parse('"national security and foreign policy"', searcher, True).query
    assert postings_mask(searcher.reader(), longer, size) is None  # verified from positions by Whoosh
    newest = research_library.search(SearchRequest('"national security"', sort="newest", limit=None))
    assert [hit.doc_id for hit in newest.hits] == [ids_by_name(research_library)["libya-2022"]]


def test_a_rare_word_narrows_a_longer_phrase_before_its_common_pairs(research_library, monkeypatch):
    seen = []
    real = postings_ranking._pair_documents
    monkeypatch.setattr(postings_ranking, "_pair_documents", lambda *a: seen.append(real(*a)) or seen[-1])
    (expected, expected_mask), (ranked, mask) = _ranked_both_ways(research_library,
                                                                 '"national security and foreign policy since"')
    assert ranked == expected and mask == expected_mask and len(ranked) == 1
    assert seen == [None]  # "since" is in one statement: its postings, not the pairs', are the candidates
