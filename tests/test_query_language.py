"""The search-box query language against the sample library.

Expected hits are derived from the sample texts themselves (read back from the
catalogue, which holds the text of every format), never from stored ids.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from index import FacetFilter, SearchRequest

SEED_FILE = "tr-kz-joint-statement-2022.md"
FRENCH_FILE = "2009-france-unesco-allocution-education.md"
# The index's word pattern: hyphens split words, inner dots stay.
_TOKEN = re.compile(r"\w+(?:\.?\w+)*")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@pytest.fixture
def corpus(sample_library) -> dict:
    """doc id -> statement, for every sample."""
    return {doc_id: sample_library.document(doc_id) for doc_id in sample_library.catalogue.ids()}


def _text(statement) -> str:
    return _fold(f"{statement.title}\n{statement.text}")


def _where(corpus, predicate) -> set[str]:
    """Ids of the statements whose folded title and text satisfy ``predicate``."""
    return {doc_id for doc_id, statement in corpus.items() if predicate(_text(statement))}


def _has(pattern: str):
    compiled = re.compile(pattern)
    return lambda text: bool(compiled.search(text))


def _words(corpus, *words: str) -> set[str]:
    """Statements holding any of the words as a whole token."""
    wanted = set(words)
    return _where(corpus, lambda text: bool(wanted & set(_TOKEN.findall(text))))


def _search(library, text: str, **options):
    return library.search(SearchRequest(text=text, limit=None, **options))


def _ids(library, text: str, **options) -> set[str]:
    return {hit.doc_id for hit in _search(library, text, **options).hits}


def _names(library, ids) -> set[str]:
    rows = library.rows(ids)
    return {Path(rows[doc_id].path).name for doc_id in ids}


def _edits(a: str, b: str) -> int:
    """Edit distance where swapping two neighbouring letters is one edit (brute force)."""
    table = [[max(i, j) if not i * j else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


def _within(text: str, first: str, second: str, slop: int) -> bool:
    """``second`` follows ``first`` at most ``slop`` words later."""
    tokens = _TOKEN.findall(text)
    at = [i for i, token in enumerate(tokens) if token == first]
    return any(token == second and any(0 < j - i <= slop for i in at) for j, token in enumerate(tokens))


# -- words, phrases, operators --------------------------------------------------


def test_words_combine_with_and(sample_library, corpus):
    """GIVEN two words WHEN searched THEN only statements holding both come back."""
    energy = _has(r"\benerg(y|ies)\b")
    security = _has(r"\bsecurit(y|ies)\b")
    expected = _where(corpus, lambda t: energy(t) and security(t))
    assert expected
    assert _ids(sample_library, "energy security") == expected
    assert _ids(sample_library, "energy AND security") == expected


def test_quoted_phrase_matches_the_exact_form(sample_library, corpus):
    expected = _where(corpus, _has(r"turkish\s+maarif\s+foundation"))
    assert _names(sample_library, expected) == {SEED_FILE}
    assert _ids(sample_library, '"Turkish Maarif Foundation"') == expected


def test_phrase_is_not_stemmed(sample_library, corpus):
    """GIVEN "joint statements" (plural) WHEN quoted THEN the singular does not match."""
    plural = _where(corpus, _has(r"\bjoint\s+statements\b"))
    singular = _where(corpus, _has(r"\bjoint\s+statement\b"))
    assert plural and plural < singular
    assert _ids(sample_library, '"joint statements"') == plural


def test_or_is_a_union(sample_library, corpus):
    expected = _words(corpus, "tsunami", "arctic")
    assert len(expected) == 2
    assert _ids(sample_library, "tsunami OR arctic") == expected


@pytest.mark.parametrize("text", ["energy NOT coal", "energy -coal", "energy ANDNOT coal"])
def test_not_and_minus_exclude(sample_library, corpus, text):
    expected = _where(corpus, _has(r"\benerg(y|ies)\b")) - _where(corpus, _has(r"\bcoal\b"))
    assert expected
    assert _ids(sample_library, text) == expected


def test_parentheses_group(sample_library, corpus):
    energy = _where(corpus, _has(r"\benerg(y|ies)\b"))
    tsunami = _words(corpus, "tsunami")
    security = _where(corpus, _has(r"\bsecurit(y|ies)\b"))
    grouped_left = (energy | tsunami) & security
    grouped_right = energy | (tsunami & security)
    assert grouped_left != grouped_right
    assert _ids(sample_library, "(energy OR tsunami) security") == grouped_left
    assert _ids(sample_library, "energy OR (tsunami security)") == grouped_right


def test_wildcard_searches_unstemmed_forms(sample_library, corpus):
    expected = _where(corpus, _has(r"\bnegotiat\w*"))
    assert expected
    assert _ids(sample_library, "negotiat*") == expected
    assert _ids(sample_library, "Kazakh*") == _where(corpus, _has(r"\bkazakh\w*"))


@pytest.mark.parametrize(("text", "edits"), [
    ("tsunmai~", 2), ("tsunmai~1", 1), ("cooperaiton~", 2), ("Kazakstan~1", 1),
])
def test_fuzzy_finds_misspelt_words(sample_library, corpus, text, edits):
    """GIVEN a misspelt word WHEN searched with ~ THEN words that many edits away match (a swap is one)."""
    word = _fold(text.split("~")[0])
    expected = _where(corpus, lambda t: any(_edits(word, w) <= edits for w in set(_TOKEN.findall(t))))
    assert expected and not _words(corpus, word)
    assert _ids(sample_library, text) == expected


def test_fuzzy_without_near_words_finds_nothing(sample_library):
    assert _ids(sample_library, "qxzvbwq~") == set()
    assert _ids(sample_library, "energy qxzvbwq~") == set()


def test_proximity(sample_library, corpus):
    """GIVEN "transport corridor"~N WHEN searched THEN the words may stand up to N apart."""
    adjacent = _where(corpus, lambda t: _within(t, "transport", "corridor", 1))
    near = _where(corpus, lambda t: _within(t, "transport", "corridor", 8))
    assert adjacent < near
    assert _ids(sample_library, '"transport corridor"') == adjacent
    assert _ids(sample_library, '"transport corridor"~8') == near
    assert SEED_FILE in _names(sample_library, near)


# -- fields ---------------------------------------------------------------------


def test_title_field(sample_library, corpus):
    expected = {i for i, s in corpus.items() if "kazakhstan" in _fold(s.title)}
    assert expected and expected != _words(corpus, "kazakhstan")
    assert _ids(sample_library, "title:kazakhstan") == expected


@pytest.mark.parametrize("value", ["TUR", "Türkiye", "Turkiye", "Turkey", "tur", '"Republic of Türkiye"'])
def test_country_field_takes_codes_and_names(sample_library, corpus, value):
    expected = {i for i, s in corpus.items() if "TUR" in s.country_codes()}
    assert SEED_FILE in _names(sample_library, expected)
    assert _ids(sample_library, f"country:{value}") == expected


@pytest.mark.parametrize(("text", "field", "code"), [
    ("org:OTS", "organisations", "OTS"),
    ('org:"Organization of Turkic States"', "organisations", "OTS"),
    ("topic:trade", "topics", "trade"),
    ('topic:"Trade and investment"', "topics", "trade"),
])
def test_organisation_and_topic_fields(sample_library, corpus, text, field, code):
    expected = {i for i, s in corpus.items() if code in {e.code for e in getattr(s, field)}}
    assert expected
    assert _ids(sample_library, text) == expected


@pytest.mark.parametrize("text", ['type:"joint statement"', "type:joint_statement", 'type:"Joint Statement"'])
def test_type_field(sample_library, corpus, text):
    expected = {i for i, s in corpus.items() if s.doc_type == "joint_statement"}
    assert SEED_FILE in _names(sample_library, expected)
    assert _ids(sample_library, text) == expected


def test_type_names_with_accents(sample_library, corpus):
    expected = {i for i, s in corpus.items() if s.doc_type == "communique"}
    assert expected
    assert _ids(sample_library, "type:communiqué") == expected


@pytest.mark.parametrize("text", ["lang:fr", "language:French"])
def test_language_field(sample_library, text):
    assert _names(sample_library, _ids(sample_library, text)) == {FRENCH_FILE}


def test_year_field(sample_library, corpus):
    expected = {i for i, s in corpus.items() if s.year == 2022}
    assert _names(sample_library, expected) == {SEED_FILE}
    assert _ids(sample_library, "year:2022") == expected
    assert _ids(sample_library, "year:[2019 to 2021]") == {i for i, s in corpus.items() if s.year in (2019, 2020, 2021)}


@pytest.mark.parametrize(("text", "low", "high"), [
    ("date:[2020-01 to 2022-06]", "2020-01", "2022-06-99"),
    ("date:[2020 to 2022]", "2020", "2022-99"),
    ("date:2022-10", "2022-10", "2022-10-99"),
    ("date:2022-10-13", "2022-10-13", "2022-10-13"),
    ("date:[to 2000]", "0000", "2000-99"),
    ("date:[2024 to]", "2024", "9999"),
])
def test_date_ranges(sample_library, corpus, text, low, high):
    expected = {i for i, s in corpus.items() if s.date and low <= s.date <= high}
    assert expected
    assert _ids(sample_library, text) == expected


def test_fields_combine_with_words(sample_library, corpus):
    expected = {i for i, s in corpus.items() if "KAZ" in s.country_codes() and s.year and s.year >= 2020}
    expected &= _where(corpus, _has(r"\bcooperation\b"))
    assert _ids(sample_library, "cooperation country:KAZ date:[2020 to]") == expected


# -- folding and countries ------------------------------------------------------


@pytest.mark.parametrize("expand", [True, False])
def test_case_and_accents_fold(sample_library, expand):
    spellings = ("Türkiye", "Turkiye", "TÜRKIYE", "türkiye")
    sets = [_ids(sample_library, text, expand_countries=expand) for text in spellings]
    assert sets[0] and all(s == sets[0] for s in sets)


def test_country_name_expands_to_aliases_and_demonyms(sample_library, corpus):
    """GIVEN "Turkey" WHEN searched THEN statements saying only "Türkiye" or "Turkish" come back too."""
    plain = _words(corpus, "turkey", "turkeys")
    expanded = _words(corpus, "turkey", "turkeys", "turkiye", "turkish")
    assert plain < expanded and SEED_FILE in _names(sample_library, expanded - plain)
    result = _search(sample_library, "Turkey")
    assert {h.doc_id for h in result.hits} == expanded
    assert result.expansions == ["Türkiye", "Turkish"]


def test_expansion_can_be_switched_off(sample_library, corpus):
    result = _search(sample_library, "Turkey", expand_countries=False)
    assert {h.doc_id for h in result.hits} == _words(corpus, "turkey", "turkeys")
    assert result.expansions == []


def test_quoting_disables_expansion(sample_library, corpus):
    result = _search(sample_library, '"Turkey"')
    assert {h.doc_id for h in result.hits} == _words(corpus, "turkey")
    assert result.expansions == []


def test_fielded_and_demonym_words_do_not_expand(sample_library):
    assert _search(sample_library, "title:Turkey").expansions == []
    assert _search(sample_library, "Turkish").expansions == []


def test_multi_word_country_names_expand(sample_library, corpus):
    result = _search(sample_library, "South Africa")
    both = _where(corpus, lambda t: "south" in _TOKEN.findall(t) and "africa" in _TOKEN.findall(t))
    demonym = _where(corpus, _has(r"\bsouth\s+african"))
    assert {h.doc_id for h in result.hits} == both | demonym
    assert result.expansions == ["South African"]


def test_an_abbreviation_written_with_spaces_is_searched_as_the_abbreviation_not_the_pronoun(tmp_path):
    """GIVEN a statement saying "U.S." and one saying "let us" WHEN "United States" is searched (whose other
    names include "U. S.") THEN only the one naming the country is found."""
    from index import Library

    folder = tmp_path / "statements"
    folder.mkdir()
    texts = {
        "pronoun.txt": "Joint communique\n\nLet us work together on the climate and on trade.",
        "abbreviated.txt": "Joint communique\n\nThe U.S. delegation met its partners on trade.",
        "spaced.txt": "Joint communique\n\nThe U. S. delegation met its partners on energy.",
        "named.txt": "Joint communique\n\nThe United States and Canada met on trade.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Library.open(tmp_path / "library") as library:
        library.import_paths([folder])

        def found(text: str) -> set[str]:
            return {Path(library.document(h.doc_id).source_path).name for h in _search(library, text).hits}

        result = _search(library, "United States")
        assert "U. S." in result.expansions
        assert found("United States") == {"abbreviated.txt", "spaced.txt", "named.txt"}
        assert found("United States trade") == {"abbreviated.txt", "named.txt"}


def test_negated_country_excludes_its_aliases(sample_library, corpus):
    expanded = _words(corpus, "turkey", "turkeys", "turkiye", "turkish")
    assert _ids(sample_library, "-Turkey") == set(corpus) - expanded


# -- bad syntax -------------------------------------------------------------------


def _energy(corpus):
    return _where(corpus, _has(r"\benerg(y|ies)\b"))


@pytest.mark.parametrize(("text", "message", "expected"), [
    ('"strategic partnership', "quotation mark", lambda c: _where(c, _has(r"strategic\s+partnership"))),
    ("(energy OR tsunami", "parenthesis was not closed", lambda c: _energy(c) | _words(c, "tsunami")),
    ("energy)", "closing parenthesis", _energy),
    ("NOT", "NOT", set),
    ("energy NOT", "NOT", _energy),
    ("AND OR energy", "both sides", _energy),
    ("energy OR", "both sides", _energy),
    ("foo:energy", "no field", _energy),
    ("title:", "nothing after the colon", set),
    ("date:2022-13", "date", set),
    ("energy date:[2020 to banana]", "date", _energy),
    ("energy year:twenty", "not a year", _energy),
    ("country:Atlantis energy", "Atlantis", _energy),
    ("~*?", "no letters", set),
    ("e* energy", "wildcard", _energy),
])
def test_bad_syntax_gives_a_message_and_results(sample_library, corpus, text, message, expected):
    result = _search(sample_library, text)
    assert any(message in m for m in result.messages), result.messages
    wanted = expected(corpus) or set(corpus)  # nothing left to search: every statement
    assert {h.doc_id for h in result.hits} == wanted


def test_no_input_makes_the_search_fail(sample_library):
    """GIVEN random strings of syntax characters WHEN searched THEN every one returns a result."""
    pieces = ['"', "(", ")", "[", "]", "{", "}", ":", "-", "+", "*", "?", "~", "^", "\\", "'", " ", " ", "AND",
              "OR", "NOT", "title:", "country:", "date:", "year:", "type:", "foo:", " to ", "2020", "2022-06",
              "Turkey", "energy", "ü", "South Africa", "~2", "/3", "US", "exact:", '""', "~9", "ab", "e"]
    rng = random.Random(20221013)
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        result = sample_library.search(SearchRequest(text=text, limit=5, snippet_count=1))
        assert 0 <= result.total <= sample_library.count(), text
        sample_library.complete(text[-8:])


def test_good_syntax_gives_no_message(sample_library):
    for text in ['"joint statement" OR (energy -coal)', "country:TUR date:[2020 to 2022]", "negotiat* tsunmai~"]:
        assert _search(sample_library, text).messages == []


# -- did you mean -----------------------------------------------------------------


def test_did_you_mean_offers_a_correction_with_hits(sample_library, corpus):
    result = _search(sample_library, "Tsunmai relief")
    assert result.total == 0
    assert result.suggestion == "Tsunami relief"
    assert _ids(sample_library, result.suggestion) == _words(corpus, "tsunami") & _where(corpus, _has(r"\brelief"))


def test_did_you_mean_inside_phrases(sample_library):
    assert _search(sample_library, '"Turksh Maarif Foundation"').suggestion == '"Turkish Maarif Foundation"'


def test_no_suggestion_when_the_correction_finds_nothing(sample_library, corpus):
    assert not (_words(corpus, "tsunami") & _words(corpus, "arctic"))
    assert _search(sample_library, "tsunmai arctic").suggestion is None


def test_no_suggestion_for_known_words_or_gibberish(sample_library):
    assert _search(sample_library, "tsunami").suggestion is None
    assert _search(sample_library, "qxzvbw").suggestion is None


def test_suggestion_respects_filters(sample_library):
    filters = (FacetFilter("country", "NOR"),)
    assert _search(sample_library, "tsunmai", filters=filters).suggestion is None
    assert _search(sample_library, "tsunmai").suggestion == "tsunami"


# -- completion -------------------------------------------------------------------


def test_completion_of_words(sample_library, corpus):
    words = {w for s in corpus.values() for w in _TOKEN.findall(_text(s)) if w.startswith("negot")}
    completions = sample_library.complete("negot")
    assert {c.text for c in completions if c.kind == "word"} == words


def test_completion_offers_facet_values_by_name(sample_library):
    completions = sample_library.complete("kaz")
    assert completions[0].text == "country:KAZ" and completions[0].label == "Kazakhstan"
    assert "kazakhstan" in {c.text for c in completions if c.kind == "word"}


@pytest.mark.parametrize(("typed", "text", "kind", "label"), [
    ("country:tür", "country:TUR", "country", "Türkiye"),
    ("country:turkey", "country:TUR", "country", "Türkiye"),
    ("org:ots", "org:OTS", "organisation", "Organization of Turkic States"),
    ("topic:tra", "topic:trade", "topic", "Trade and investment"),
    ("-country:kaz", "-country:KAZ", "country", "Kazakhstan"),
])
def test_completion_of_field_values(sample_library, typed, text, kind, label):
    completions = sample_library.complete(typed)
    assert all(c.kind == kind for c in completions)
    assert any((c.text, c.label) == (text, label) for c in completions), completions


def test_completion_of_words_ranks_common_words_first(sample_library):
    completions = [c for c in sample_library.complete("co", limit=20) if c.kind == "word"]
    counts = [c.count for c in completions]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1


def test_completion_limit_and_nothing_typed(sample_library):
    assert len(sample_library.complete("t", limit=5)) == 5
    assert sample_library.complete("") == []
    assert sample_library.complete("nosuchfield:x") == []


# -- more like this -----------------------------------------------------------------


def _id_of(library, name: str) -> str:
    return next(i for i in library.catalogue.ids() if Path(library.rows([i])[i].path).name == name)


@pytest.mark.parametrize(("name", "related"), [
    ("2007-poland-ukraine-joint-communique-energy.md", "2023-poland-ukraine-joint-statement-food-security.odt"),
    ("2024-ots-joint-communique-tourism.md", "2017-turkic-council-joint-communique-transport.pdf"),
    ("2018-kenya-india-mou-health.docx", "1998-norway-kenya-mou-food-security.md"),
])
def test_more_like_this_finds_related_statements(sample_library, name, related):
    doc_id = _id_of(sample_library, name)
    result = sample_library.similar(doc_id, limit=5)
    ids = [h.doc_id for h in result.hits]
    assert doc_id not in ids
    assert related in _names(sample_library, ids[:3])
    assert result.total == len(ids) <= 5
    assert all(h.snippet is not None for h in result.hits)


def test_more_like_this_never_returns_the_statement_itself(sample_library):
    for doc_id in sample_library.catalogue.ids():
        assert doc_id not in {h.doc_id for h in sample_library.similar(doc_id).hits}
