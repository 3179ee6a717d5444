"""One way of writing is as good as another: abbreviations, possessives, dashes, quotes and compounds,
in the text and in the query, as words and in phrases."""

from __future__ import annotations

import pytest

from index import Library, SearchRequest

TEXTS = {
    "alliance": "The U.S.-ROK alliance remains the linchpin of peace. We reaffirm the U.S. commitment to Iraq\u2019s "
                "long-term stability.",
    "capital": "Talks were held in Washington, D.C., with the E.U. delegation.",
    "plain": "The US and the EU met in the UK; US ROK ties and Iraq's future were discussed.",
    "joint": "The Türkiye\u2013Kazakhstan joint statement on co-operation in non-proliferation was signed.",
    "copied": "the U S commitment to Iraq s long term stability",
    "other": "Norway and Chile discussed fisheries.",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("writing") / "archive"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    with Library.open(folder.parent / "library") as opened:
        opened.import_paths([folder])
        yield opened


def _names(library, text: str) -> set[str]:
    result = library.search(SearchRequest(text, limit=None, expand_countries=False))
    return {library.document(h.doc_id).source_path.rsplit("/", 1)[-1][:-4] for h in result.hits}


@pytest.mark.parametrize("query", ['"US-ROK alliance"', '"U.S.-ROK alliance"', '"U.S.\u2013ROK alliance"',
                                   '"U S ROK alliance"', "US-ROK alliance", "U.S.-ROK alliance"])
def test_abbreviations_with_and_without_dots_in_phrases_and_words(library, query):
    assert _names(library, query) == {"alliance"}


@pytest.mark.parametrize("query", ['"U S commitment to Iraq s long"', '"the U.S. commitment to Iraq\'s long"',
                                   '"US commitment to Iraq\u2019s long"',
                                   '\u201cthe U.S. commitment to Iraq s long\u201d'])
def test_a_phrase_with_its_punctuation_lost_finds_the_text(library, query):
    assert _names(library, query) == {"alliance", "copied"}


@pytest.mark.parametrize("query", ["US", "U.S.", "U.S", "U. S.", "U S"])
def test_the_abbreviation_as_a_word_is_never_the_stop_word(library, query):
    assert _names(library, query) == {"alliance", "plain", "copied"}


@pytest.mark.parametrize(("query", "expected"), [
    ("DC", {"capital"}), ("D.C.", {"capital"}), ("E.U.", {"capital", "plain"}), ("EU", {"capital", "plain"}),
    ("U.K.", {"plain"}), ('"Iraq s future"', {"plain"}), ("Iraqs future", {"plain"}), ('"Iraqs future"', {"plain"}),
])
def test_other_abbreviations_and_possessives(library, query, expected):
    assert _names(library, query) == expected


@pytest.mark.parametrize("query", ["Türkiye-Kazakhstan", '"Türkiye Kazakhstan joint"', '"Turkiye\u2014Kazakhstan"',
                                   "co-operation", '"co operation"', "nonproliferation", "non-proliferation"])
def test_hyphenated_compounds_match_their_parts_and_the_joined_form(library, query):
    assert _names(library, query) == {"joint"}


def test_us_the_pronoun_finds_nothing_on_its_own(library):
    assert _names(library, "us") == set(TEXTS)  # a stop word alone: every statement, as for "the"


def test_a_phrase_in_many_statements_puts_the_newest_first_among_equals(tmp_path):
    folder = tmp_path / "notices"
    folder.mkdir()
    for year in range(2001, 2025):  # the same yearly notice, word for word
        (folder / f"notice-{year}.md").write_text(
            f"---\ntitle: Notice\ndate: {year}-03-01\n---\nContinuation of the national emergency with respect to "
            "the situation described here.\n", encoding="utf-8")
    with Library.open(tmp_path / "library") as library:
        library.import_paths([folder])
        result = library.search('"continuation of the national emergency"')
        assert result.total == 24
        dates = [library.document(h.doc_id).date for h in result.hits]
        assert dates == sorted(dates, reverse=True)
        assert result.messages == ["This phrase occurs in 24 statements: those where it is a larger part of the "
                                   "text come first, and the newest first among equals."]
