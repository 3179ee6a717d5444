"""Searching the sample library: exact hits, facet counts, snippets, filters, sorting."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from index import FacetFilter, Library, SearchRequest

SEED_FILE = "tr-kz-joint-statement-2022.md"


def _names(library, result) -> set[str]:
    rows = library.rows(h.doc_id for h in result.hits)
    return {Path(rows[h.doc_id].path).name for h in result.hits}


def _brute_counts(library, doc_ids) -> Counter:
    """Facet counts computed the slow way, from the catalogue."""
    counts: Counter = Counter()
    for doc_id in doc_ids:
        statement = library.document(doc_id)
        for field, entities in (("country", statement.countries), ("organisation", statement.organisations),
                                ("topic", statement.topics)):
            for code in {e.code for e in entities}:
                counts[field, code] += 1
        if statement.year:
            counts["year", str(statement.year)] += 1
        counts["doc_type", statement.doc_type] += 1
        counts["language", statement.language] += 1
    return counts


def _index_counts(result) -> Counter:
    return Counter({(c.field, c.value): c.count for counts in result.facets.values() for c in counts if c.count})


def test_seed_statement_found_with_turkiye_and_kazakhstan(sample_library):
    """GIVEN the sample library WHEN searching Kazakhstan THEN the seed comes back with TUR and KAZ."""
    result = sample_library.search("Kazakhstan")
    assert SEED_FILE in _names(sample_library, result)
    seed_id = next(h.doc_id for h in result.hits
                   if Path(sample_library.rows([h.doc_id])[h.doc_id].path).name == SEED_FILE)
    seed = sample_library.document(seed_id)
    assert {"TUR", "KAZ"} <= set(seed.country_codes())


def test_hits_are_exactly_the_documents_containing_the_word(sample_library):
    """The hit set equals the documents whose text or title holds the word (checked by reading them)."""
    result = sample_library.search(SearchRequest(text="Kazakhstan", limit=None))
    expected = {
        doc_id for doc_id in sample_library.catalogue.ids()
        if "kazakhstan" in (sample_library.document(doc_id).text + " " + sample_library.document(doc_id).title).lower()
    }
    assert {h.doc_id for h in result.hits} == expected
    assert result.total == len(expected)


@pytest.mark.parametrize("typed", ['"energy security"', 'body:"energy security"', 'text:"energy security"'])
def test_a_phrase_in_the_body_matches_the_words_side_by_side(sample_library, typed):
    """The stemmed body keeps no positions; its phrases are matched on the exact forms, adjacent."""
    result = sample_library.search(SearchRequest(text=typed, limit=None))
    texts = {doc_id: sample_library.document(doc_id) for doc_id in sample_library.catalogue.ids()}
    both = {doc_id for doc_id, s in texts.items()
            if "energy" in s.text.lower() and "security" in s.text.lower()}
    side_by_side = {doc_id for doc_id, s in texts.items()
                    if re.search(r"energy\W+security", f"{s.title}\n{s.text}", re.IGNORECASE)}
    assert side_by_side and side_by_side < both  # the sample holds both kinds
    assert {hit.doc_id for hit in result.hits} == side_by_side


def test_a_hyphenated_word_in_a_field_without_positions_matches_its_parts(sample_library):
    """Whoosh makes a phrase of ``long-standing`` in the body; without positions it needs both words."""
    from index.backend.schema import stemming_analyzer

    analyse = stemming_analyzer()
    parts = {token.text for token in analyse("long-standing")}
    result = sample_library.search(SearchRequest(text="body:long-standing", limit=None))
    expected = {doc_id for doc_id in sample_library.catalogue.ids()
                if parts <= {token.text for token in analyse(sample_library.document(doc_id).text)}}
    assert len(parts) == 2 and expected
    assert {hit.doc_id for hit in result.hits} == expected


@pytest.mark.parametrize("text", ["", "Kazakhstan", "trade OR energy", "cooperation"])
def test_facet_counts_equal_brute_force(sample_library, text):
    result = sample_library.search(SearchRequest(text=text, limit=None))
    assert _index_counts(result) == _brute_counts(sample_library, [h.doc_id for h in result.hits])


@pytest.mark.parametrize("few", [0, 3, 1000])  # every value by ``&``, the rare ones bit by bit, all bit by bit
def test_facet_counts_are_the_same_however_a_value_is_counted(sample_library, monkeypatch, few):
    from index.search import facets
    from index.search.overlay import mask_of_ids

    monkeypatch.setattr(facets, "FEW", few)
    reader = sample_library.engine.searcher().reader()
    for text in ("", "Kazakhstan", "trade OR energy"):
        result = sample_library.search(SearchRequest(text=text, limit=None))
        hits = mask_of_ids(reader, [h.doc_id for h in result.hits])
        fields = ("country", "organisation", "topic", "year", "doc_type", "language")  # the index's own fields
        cache = facets.FacetCache(reader, fields)
        for _first_then_laid_out in range(2):  # the first count is by ``&`` alone; the next use the layout
            counted = cache.counts(hits, sample_library.label)
            assert {(c.field, c.value): c.count for counts in counted.values() for c in counts} == {
                (c.field, c.value): c.count for f in fields for c in result.facets[f]}, text


def test_include_filter_narrows_and_counts_follow(sample_library):
    everything = sample_library.search(SearchRequest(limit=None))
    kaz = sample_library.search(SearchRequest(filters=(FacetFilter("country", "KAZ"),), limit=None))
    assert 0 < kaz.total < everything.total
    for hit in kaz.hits:
        assert "KAZ" in sample_library.document(hit.doc_id).country_codes()
    assert _index_counts(kaz) == _brute_counts(sample_library, [h.doc_id for h in kaz.hits])
    kaz_count = next(c.count for c in everything.facets["country"] if c.value == "KAZ")
    assert kaz.total == kaz_count


def test_exclude_filter_removes_and_or_within_section(sample_library):
    everything = sample_library.search(SearchRequest(limit=None))
    without = sample_library.search(SearchRequest(filters=(FacetFilter("country", "KAZ", exclude=True),), limit=None))
    kaz = next(c.count for c in everything.facets["country"] if c.value == "KAZ")
    assert without.total == everything.total - kaz
    both = sample_library.search(SearchRequest(
        filters=(FacetFilter("country", "KAZ"), FacetFilter("country", "JPN")), limit=None))
    kaz_ids = {h.doc_id for h in sample_library.search(
        SearchRequest(filters=(FacetFilter("country", "KAZ"),), limit=None)).hits}
    jpn_ids = {h.doc_id for h in sample_library.search(
        SearchRequest(filters=(FacetFilter("country", "JPN"),), limit=None)).hits}
    assert {h.doc_id for h in both.hits} == kaz_ids | jpn_ids


def test_snippet_offsets_point_at_the_matched_words(sample_library):
    result = sample_library.search(SearchRequest(text="negotiations OR cooperation", snippet_count=50, limit=50))
    assert result.hits
    for hit in result.hits:
        assert hit.snippet is not None and hit.snippet.matches
        for start, end in hit.snippet.matches:
            word = unicodedata.normalize("NFKD", hit.snippet.text[start:end].lower())
            word = "".join(ch for ch in word if not unicodedata.combining(ch))  # coopération counts too
            assert word.startswith(("negotiat", "cooperat", "co")), word


def test_accents_fold_and_stems_match(sample_library):
    with_accent = {h.doc_id for h in sample_library.search(SearchRequest(text="Türkiye", limit=None)).hits}
    without = {h.doc_id for h in sample_library.search(SearchRequest(text="turkiye", limit=None)).hits}
    assert with_accent == without and with_accent


def test_sort_newest_and_oldest(sample_library):
    newest = sample_library.search(SearchRequest(sort="newest", limit=None))
    dates = [sample_library.document(h.doc_id).date or "" for h in newest.hits]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    oldest = sample_library.search(SearchRequest(sort="oldest", limit=None))
    assert [h.doc_id for h in oldest.hits] != [h.doc_id for h in newest.hits]


@pytest.mark.parametrize("sort", ["newest", "oldest", "title"])
def test_a_page_of_a_sorted_result_is_the_head_of_the_whole_sorted_result(sample_library, sort):
    for text in ("", "cooperation"):
        everything = [h.doc_id for h in sample_library.search(SearchRequest(text=text, sort=sort, limit=None)).hits]
        assert len(everything) > 5
        for limit in (1, 3, len(everything) - 1):
            page = sample_library.search(SearchRequest(text=text, sort=sort, limit=limit))
            assert [h.doc_id for h in page.hits] == everything[:limit], (text, limit)
            assert page.total == len(everything)


@pytest.mark.parametrize("text", ['"unbalanced quote', "(open paren", "close)", "NOT", "AND OR", "title:", "~*?"])
def test_bad_syntax_never_raises(sample_library, text):
    result = sample_library.search(text)
    assert result.total >= 0


def test_unbalanced_quote_is_reported(sample_library):
    result = sample_library.search('"strategic partnership')
    assert any("quotation" in m for m in result.messages)
    assert result.total > 0


def test_field_search_resolves_country_names(sample_library):
    by_code = {h.doc_id for h in sample_library.search(SearchRequest(text="country:KAZ", limit=None)).hits}
    by_name = {h.doc_id for h in sample_library.search(SearchRequest(text="country:Kazakhstan", limit=None)).hits}
    assert by_code and by_code == by_name


def test_rebuild_from_catalogue_gives_the_same_results(sample_library):
    before = sample_library.search(SearchRequest(text="cooperation", limit=None))
    count = sample_library.rebuild_index()
    after = sample_library.search(SearchRequest(text="cooperation", limit=None))
    assert count == sample_library.count()
    assert {h.doc_id for h in after.hits} == {h.doc_id for h in before.hits}
    assert _index_counts(after) == _index_counts(before)


def test_an_empty_library_searches_and_browses_without_errors(tmp_path):
    with Library.open(tmp_path / "empty") as library:
        for text in ("", "Kazakhstan", "", "country:TUR", ""):
            result = library.search(SearchRequest(text=text, limit=None))
            assert result.total == 0 and result.hits == []


def test_rebuild_in_worker_processes_gives_the_same_results(sample_library, monkeypatch):
    import index.ingest.rebuild

    monkeypatch.setattr(index.ingest.rebuild, "POOL_THRESHOLD", 5)
    monkeypatch.setattr(index.ingest.rebuild, "worker_count", lambda: 2)
    monkeypatch.setattr(index.ingest.rebuild, "CHUNK", 3)  # many tasks,
    monkeypatch.setattr(index.ingest.rebuild, "BATCH", 7)  # several commits
    queries = ("cooperation", "Kazakhstan", '"Middle Corridor"', "country:TUR", "")
    before = [sample_library.search(SearchRequest(text=q, limit=None)) for q in queries]
    steps: list[tuple[int, int]] = []
    count = sample_library.rebuild_index(progress=lambda done, total: steps.append((done, total)))
    assert count == sample_library.count() and steps[-1] == (count, count)
    assert len(sample_library.store._ix._segments()) >= 2
    for query, old in zip(queries, before, strict=True):
        new = sample_library.search(SearchRequest(text=query, limit=None))
        # The same documents with the same scores; ties may come in another order.
        assert {h.doc_id: round(h.score, 5) for h in new.hits} == {h.doc_id: round(h.score, 5) for h in old.hits}
        assert _index_counts(new) == _index_counts(old)
