"""The research views against a small archive whose figures are known (tests/research_docs.py)."""

from __future__ import annotations

import csv
import shutil

import pytest

import index.ingest.importer as importer
import index.research.near_identical as near
from index import FacetFilter, Library, SearchInterrupted, SearchRequest, pair_value
from index.research.minhash import exact_jaccard, signature, similarity
from tests.research_docs import STATEMENTS, as_earlier_release, ids_by_name, write_archive


@pytest.fixture
def library(research_library):
    return research_library


@pytest.fixture
def names(library):
    return ids_by_name(library)


# -- relations -------------------------------------------------------------------------------------


def test_a_pair_is_counted_in_the_years_both_are_central(library):
    relations = library.relations()
    pairs = {(p.first, p.second): p for p in relations.pairs}
    assert pairs[("KAZ", "TUR")].total == 2 and pairs[("KAZ", "TUR")].years == ((2019, 1), (2021, 1))
    assert pairs[("AZE", "TUR")].years == ((2021, 1),)
    assert "OTS" in pairs[("KAZ", "TUR")].organisations  # both members of the Organization of Turkic States
    assert ("JPN", "TUR") not in pairs  # Türkiye is merely mentioned in the Norway-Japan statement
    assert relations.pairs[0].value == "KAZ+TUR" and relations.statements == 7 and relations.with_pairs == 4


def test_mentions_count_countries_that_merely_appear_together(library):
    pairs = {(p.first, p.second): p.total for p in library.relations(mode="mentioned").pairs}
    assert pairs[("JPN", "TUR")] == 1 and pairs[("KAZ", "TUR")] == 2


def test_partners_of_a_country_are_ranked_with_their_years(library):
    relations = library.relations(country="TUR")
    assert [(p.partner_of("TUR"), p.total, p.years) for p in relations.pairs] == [
        (("KAZ", "Kazakhstan"), 2, ((2019, 1), (2021, 1))), (("AZE", "Azerbaijan"), 1, ((2021, 1),))]


def test_relations_follow_the_query_and_filters(library):
    assert [(p.first, p.second) for p in library.relations("strategic partnership").pairs] == [("KAZ", "TUR")]
    filtered = SearchRequest(filters=(FacetFilter("year", "2021"),))
    assert {(p.first, p.second): p.total for p in library.relations(filtered).pairs} == {
        ("KAZ", "TUR"): 1, ("AZE", "TUR"): 1}


def test_a_pair_filter_finds_the_statements_central_to_both(library, names):
    value = pair_value("TUR", "KAZ")
    result = library.search(SearchRequest(filters=(FacetFilter("central_pair", value),), limit=None))
    assert {h.doc_id for h in result.hits} == {names["tr-kz-2019"], names["tr-kz-2021"]}
    mentioned = library.search(SearchRequest(filters=(FacetFilter("country_pair", "JPN+TUR"),), limit=None))
    assert [h.doc_id for h in mentioned.hits] == [names["no-jp-2020"]]
    assert library.resolve_filter("central_pair", "Turkey & Kazakhstan") == FacetFilter("central_pair", "KAZ+TUR")
    assert library.label("central_pair", "KAZ+TUR") == "Kazakhstan & Türkiye"


# -- concordance -----------------------------------------------------------------------------------


def test_a_phrase_is_one_hit_aligned_with_its_context(library, names):
    page = library.concordance('"strategic partnership"', width=20)
    assert page.complete and page.known == 3 and page.statements == 2
    newest, second, oldest = page.lines
    assert (newest.doc_id, newest.left, newest.hit, newest.right) == (
        names["tr-kz-2021"], "stan reaffirmed the ", "strategic partnership", " between their peopl")
    assert oldest.aligned(20) == "eed to deepen their strategic partnership in energy and trade"
    text = STATEMENTS["tr-kz-2019"][2]
    assert text[oldest.start:oldest.end] == "strategic partnership" and oldest.date == "2019-05-14"
    assert second.right.startswith(" since 2019")


def test_lines_sort_by_the_words_left_or_right_of_the_hit(library):
    left = library.concordance('"strategic partnership"', width=20, sort="left")
    assert [line.left.split()[-1] for line in left.lines] == ["the", "the", "their"]
    assert [line.left for line in left.lines][:2] == ["the progress of the ", "stan reaffirmed the "]
    right = library.concordance('"strategic partnership"', width=20, sort="right")
    assert [line.right.split()[0] for line in right.lines] == ["between", "in", "since"]


def test_a_sorted_concordance_reports_progress_stops_when_superseded_and_reads_on_after(library, monkeypatch):
    import index.research.concordance as concordance

    monkeypatch.setattr(concordance, "_READ_AT_ONCE", 1)  # a batch per statement: a check between each
    texts = _counting_texts(monkeypatch, library)
    asked = iter([False, False, True])  # superseded after two statements
    with pytest.raises(SearchInterrupted):
        library.concordance("corridor", width=10, sort="left", superseded=lambda: next(asked, True))
    assert len(texts) == 2
    seen = []
    page = library.concordance("corridor", width=10, sort="left", progress=lambda done, total: seen.append(done))
    assert page.complete and page.known == 3 and [line.hit for line in page.lines] == ["corridor"] * 3
    statements = page.statements
    assert seen == list(range(2, statements))  # read on from the third statement: nothing read twice
    assert len(texts) == statements


def _counting_texts(monkeypatch, library) -> list:
    calls = []
    original = library._texts
    monkeypatch.setattr(library, "_texts", lambda ids: calls.append(ids) or original(ids))
    return calls


def test_words_are_found_in_all_their_forms_and_pages_read_on(library):
    first = library.concordance("corridor", width=10, limit=2)
    assert [line.hit for line in first.lines] == ["corridor", "corridor"] and first.known >= 2
    rest = library.concordance("corridor", width=10, offset=2, limit=10)
    assert rest.complete and rest.known == 3 and len(rest.lines) == 1
    assert library.concordance("agreeing", width=10).known == 3  # agreed, agreed, agreed


def test_the_concordance_exports_as_csv(library, tmp_path):
    target = tmp_path / "kwic.csv"
    assert library.export_concordance('"strategic partnership"', target, width=20) == 3
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["hit"] for r in rows] == ["strategic partnership"] * 3 and rows[0]["left"] == "stan reaffirmed the "


# -- trends ----------------------------------------------------------------------------------------


def test_a_trend_counts_occurrences_and_statements_per_year(library):
    trends = library.trends(['"strategic partnership"', "corridor"])
    assert trends.years == (2019, 2020, 2021, 2022) and trends.statements == 7 and trends.undated == 0
    phrase, word = trends.series
    assert [(p.year, p.occurrences, p.statements, p.matching) for p in phrase.points] == [
        (2019, 1, 1, 1), (2020, 0, 1, 0), (2021, 2, 3, 1), (2022, 0, 2, 0)]
    assert [(p.year, p.occurrences, p.matching) for p in word.points] == [
        (2019, 1, 1), (2020, 0, 0), (2021, 2, 2), (2022, 0, 0)]
    year_2019 = phrase.points[0]
    assert year_2019.words == len(STATEMENTS["tr-kz-2019"][2].split()) == 34
    assert year_2019.per_10k == pytest.approx(10_000 / year_2019.words) and year_2019.share == 1.0
    assert phrase.points[2].share == pytest.approx(1 / 3)


def test_phrases_are_counted_from_their_positions_as_the_phrase_query_counts_them(library):
    from index.research import trends
    from index.research.scope import query_mask, scope_of

    for within in ("", "Kazakhstan", "notice"):
        scope = scope_of(library.engine, SearchRequest(text=within))
        for term in ('"strategic partnership"', '"national emergency"', '"joint statement" OR "transport corridor"',
                     '"Türkiye and Kazakhstan"'):
            parsed = library.engine.parse(term, scope.searcher, True)
            phrases = trends._fast_phrases(parsed.query)
            assert phrases, term
            expected_mask = query_mask(scope, parsed)
            assert trends.phrase_occurrences(scope, phrases) == (
                expected_mask, trends.occurrences(scope, parsed.query, expected_mask)), (within, term)
    assert trends._fast_phrases(library.engine.parse('"strategic partnership" OR corridor').query) is None


def test_hit_sets_read_from_postings_are_those_whoosh_finds(library):
    from whoosh import query as wq

    from index.backend.hit_sets import postings_mask
    from index.backend.ranking import matching_mask
    from index.research import scope as scopes

    scope = scopes.scope_of(library.engine, SearchRequest())
    size = scope.cache.size
    for text in ("corridor", "energy trade", "Kazakhstan OR Azerbaijan", "national emergency Lebanon"):
        query = library.engine.parse(text, scope.searcher, True).query
        assert postings_mask(scope.reader, query, size) is not None, text
        assert scopes.query_mask(scope, library.engine.parse(text, scope.searcher, True)) == (
            matching_mask(scope.searcher, query, size)[0] & scope.mask), text
    two_of_three = wq.Or([wq.Term("body", "energi"), wq.Term("body", "trade"), wq.Term("body", "corridor")],
                         minmatch=2)
    pair = library.engine.parse('"strategic partnership"').query  # two common words: their pair's documents
    assert postings_mask(scope.reader, pair, size) == matching_mask(scope.searcher, pair, size)[0] != 0
    for other in (two_of_three, library.engine.parse('"national emergency"').query,
                  library.engine.parse("corridor NOT energy").query):
        assert postings_mask(scope.reader, other, size) is None  # left to Whoosh's matchers


def test_a_trend_stays_within_the_filters(library, tmp_path):
    trends = library.trends(["corridor"], SearchRequest(filters=(FacetFilter("country", "AZE"),)))
    assert trends.years == (2021,) and trends.series[0].points[0].occurrences == 1
    assert library.export_trends(trends, tmp_path / "trend.csv") == 1
    assert (tmp_path / "trend.csv").read_text(encoding="utf-8").splitlines()[1].startswith("corridor,2021,1,")


# -- near-identical statements ---------------------------------------------------------------------


def test_near_identical_notices_are_grouped_and_a_distinct_one_is_not(library, names):
    group = library.near_identical(names["lebanon-2021"])
    assert group.ready and [m.doc_id for m in group.members] == [names["lebanon-2022"]]
    assert group.members[0].similarity >= near.THRESHOLD
    assert library.near_identical(names["libya-2022"]).members == ()
    status = library.near_identical_status()
    assert (status.groups, status.grouped, status.unsigned, status.ready) == (1, 2, 0, True)


def _reissued(text: str, every: int, mark: str) -> str:
    """``text`` with every ``every``-th word replaced by ``mark`` (a letter sent again, reworded here and there)."""
    words = text.split()
    return " ".join(f"{mark}{i}" if i % every == every // 2 else word for i, word in enumerate(words))


def test_a_letter_reissued_with_changes_is_grouped_when_its_countries_are_the_same():
    base = STATEMENTS["lebanon-2021"][2]
    texts = {"letter": base, "again": _reissued(base, 25, "re"), "other": _reissued(base, 25, "el")}
    sigs = {doc_id: signature(text) for doc_id, text in texts.items()}
    close = similarity(sigs["letter"], sigs["again"])
    assert near.SUBJECT_THRESHOLD <= close < near.THRESHOLD  # about the same, too changed for the text alone
    assert near.find_groups(sigs) == {}
    subjects = {"letter": "LBN USA", "again": "LBN USA", "other": "LBY USA"}
    asked = []

    def subjects_of(ids):
        asked.append(set(ids))
        return {doc_id: subjects[doc_id] for doc_id in ids}

    groups = near.find_groups(sigs, subjects=subjects_of)
    assert groups == {"again": ("again", close), "letter": ("again", close)}
    assert asked == [{"letter", "again", "other"}]  # read once, for the undecided pairs only
    unknown = near.find_groups(sigs, subjects=lambda ids: dict.fromkeys(ids))
    assert unknown == {}  # statements about no country in particular are not joined by the rule


def test_groups_found_by_an_earlier_rule_are_found_again_with_the_central_countries(library, names):
    conn = library.catalogue.transaction()
    subjects = near.central_countries(conn)([names["lebanon-2021"], names["libya-2022"], "no-such-id"])
    assert subjects == {names["lebanon-2021"]: "LBN", names["libya-2022"]: "LBY"}
    with conn:  # what a release before the subject rule stamped: the signatures' marker alone
        conn.execute("UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'near_signatures_changed')"
                     " WHERE key = 'near_groups_from'")
    assert not library.near_identical_status().ready
    status = library.prepare_near_identical()
    assert (status.groups, status.grouped, status.ready) == (1, 2, True)


def test_a_correction_of_central_countries_regroups_a_reissued_letter(tmp_path):
    archive = write_archive(tmp_path / "archive")
    title, _date, text = STATEMENTS["lebanon-2021"]
    (archive / "lebanon-again.md").write_text(f"---\ntitle: {title} (reissued)\ndate: 2021-07-21\n---\n"
                                              f"{_reissued(text, 25, 're')}\n", encoding="utf-8")
    with Library.open(tmp_path / "library") as library:
        library.import_paths([archive])
        names = ids_by_name(library)
        again = names["lebanon-again"]

        def together() -> list[str]:
            return sorted(m.doc_id for m in library.near_identical(again).members)

        assert together() == sorted([names["lebanon-2021"], names["lebanon-2022"]])  # same countries, 0.55-0.8
        correction = library.correct(again, "remove", "country", "LBN")
        assert not library.near_identical_status().ready  # the groups were found before the correction
        assert library.prepare_near_identical().ready
        assert together() == []  # about other countries now: the text alone does not join it
        assert library.near_identical(names["lebanon-2021"]).members[0].doc_id == names["lebanon-2022"]
        library.withdraw_correction(correction.id)
        library.import_paths([archive])  # an import finds the groups again as well
        assert library.near_identical_status().ready
        assert together() == sorted([names["lebanon-2021"], names["lebanon-2022"]])


def test_grouping_stops_when_cancelled_and_keeps_the_groups(library, names):
    conn = library.catalogue.transaction()
    with conn:
        conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'near_groups_from'")
    assert near.regroup(conn, cancelled=lambda: True) is None
    assert [m.doc_id for m in library.near_identical(names["lebanon-2021"]).members] == [names["lebanon-2022"]]
    assert not library.near_identical_status().ready


def test_the_estimate_follows_the_true_similarity():
    lebanon, libya = STATEMENTS["lebanon-2021"][2], STATEMENTS["libya-2022"][2]
    twin = STATEMENTS["lebanon-2022"][2]
    assert exact_jaccard(lebanon, twin) > 0.85 and exact_jaccard(lebanon, libya) < 0.6
    assert abs(similarity(signature(lebanon), signature(twin)) - exact_jaccard(lebanon, twin)) < 0.1
    assert signature("too short to compare") is None


def test_results_collapse_to_one_per_group(library, names):
    result = library.search(SearchRequest("notice national emergency", sort="oldest", limit=None))
    collapsed = library.collapse_near_identical(h.doc_id for h in result.hits)
    assert collapsed == {names["lebanon-2021"]: (names["lebanon-2022"],)}


def test_compare_marks_the_words_that_differ(library, names):
    comparison = library.compare(names["lebanon-2021"], names["lebanon-2022"])
    left, right = comparison.left, comparison.right
    assert [left.text[s:e] for s, e in left.changes] == ["20", "2021", "2021"]
    assert [right.text[s:e] for s, e in right.changes] == ["28", "2022", "2022"]
    assert 0.95 < comparison.same_words < 1 and comparison.similarity >= near.THRESHOLD


def test_signatures_are_computed_in_the_import_workers(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "POOL_THRESHOLD", 3)

    def not_here(_text):
        raise AssertionError("a signature was computed in the importing process")

    monkeypatch.setattr(near, "sketch", not_here)
    with Library.open(tmp_path / "library") as library:
        library.import_paths([write_archive(tmp_path / "archive")])
        names = ids_by_name(library)
        assert [m.doc_id for m in library.near_identical(names["lebanon-2022"]).members] == [names["lebanon-2021"]]


def test_an_older_library_gets_its_signatures_on_first_use_and_keeps_its_work(research_dir, tmp_path):
    folder = tmp_path / "library"
    shutil.copytree(research_dir, folder)
    with Library.open(folder) as library:
        names = ids_by_name(library)
        library.workbench.tags.add([names["lebanon-2021"]], "emergencies")
        library.workbench.notes.set_note(names["lebanon-2022"], "The same notice as last year.")
    as_earlier_release(folder)
    with Library.open(folder) as library:
        assert library.catalogue.migrated_from == 4
        status = library.near_identical_status()
        assert (status.unsigned, status.groups, status.ready) == (7, 0, False)
        assert not library.near_identical(names["lebanon-2021"]).ready
        seen = []
        assert library.prepare_near_identical(lambda done, total: seen.append((done, total))).ready
        assert seen[-1] == (7, 7)
        assert [m.doc_id for m in library.near_identical(names["lebanon-2021"]).members] == [names["lebanon-2022"]]
        assert library.search("tag:emergencies").total == 1
        assert library.workbench.notes.note(names["lebanon-2022"]) == "The same notice as last year."


def test_a_removed_statement_leaves_its_group(tmp_path):
    archive = write_archive(tmp_path / "archive")
    with Library.open(tmp_path / "library") as library:
        library.import_paths([archive])
        names = ids_by_name(library)
        assert library.near_identical(names["lebanon-2021"]).members
        (archive / "lebanon-2022.md").unlink()
        library.import_paths([archive], missing="remove")
        assert library.near_identical(names["lebanon-2021"]).members == ()
        assert library.near_identical_status().groups == 0
        # Its postings stay in its segment until a merge; the views count live statements only.
        trend = library.trends(["emergency", '"national emergency"'], "emergency OR Hizballah")
        assert [series.matching for series in trend.series] == [2, 2]
        assert [(p.year, p.occurrences) for p in trend.series[0].points] == [(2021, 2), (2022, 2)]


def test_a_wildcard_concordance_shows_only_the_words_it_matches(tmp_path):
    """GIVEN "general" and "generate" (one stem) WHEN the concordance of generat* is read THEN only "generate"."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "note.txt").write_text("The General Assembly asked the ministers to generate a report, "
                                     "and generations of diplomats read it in general terms.\n", encoding="utf-8")
    with Library.open(tmp_path / "library") as lib:
        lib.import_paths([folder])
        page = lib.concordance("generat*", 20, "document", 0, 50)
    assert [line.hit for line in page.lines] == ["generate", "generations"]


def test_trends_count_a_phrase_and_a_wildcard_in_the_text_not_in_the_title(tmp_path):
    """GIVEN a title and a text that both say "strategic partnership" THEN the trend counts the text's once."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "s.md").write_text("---\ntitle: A Strategic Partnership of Two Partners\ndate: 2021-05-04\n---\n"
                                 "The ministers agreed on a strategic partnership between the partners.\n",
                                 encoding="utf-8")
    with Library.open(tmp_path / "library") as lib:
        lib.import_paths([folder])
        trends = lib.trends(['"strategic partnership"', "partner*", "partnership"])
    assert [(t.term, t.occurrences, t.matching) for t in trends.series] == [
        ('"strategic partnership"', 1, 1), ("partner*", 2, 1), ("partnership", 1, 1)]
