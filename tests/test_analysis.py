"""The fused analyzers: Whoosh's stock chain where no writing rule applies, the writing rules where one does,
and the indexer's fast path identical to the tokenizer."""

from __future__ import annotations

import re

import pytest
from whoosh.analysis import STOP_WORDS, CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

from index.backend.analysis import TOKEN_PATTERN
from index.backend.schema import folding_analyzer, stemming_analyzer

PLAIN = [
    "On the occasion of the 30th anniversary of Türkiye-Kazakhstan diplomatic relations, President Erdoğan visited.",
    "It is a pleasure. Déclaration conjointe des ministres des Affaires étrangères, à Genève.",
    "",
    "a I x 1 22 333",
]
RULES = [
    "The U.S. and the U.K. agreed; a G20 meeting in São Paulo — negotiations, negotiated, negotiating!",
    "U S commitment to Iraq s long-term stability, Iraq’s and Iraq's future",
    "US-ROK alliance, U.S.–ROK, U. S. forces, Washington, D.C., E.U. and EU",
    "let us go; 1.5 million and 1,000; e.g. the U.S. A delegation",
]


def _chain(stem: bool):
    chain = RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)
    return chain | StopFilter() | StemFilter() if stem else chain


def _reference(text: str, stem: bool) -> list[tuple[str, int, int, int]]:
    """The writing rules, one simple step at a time (see index.backend.analysis)."""
    found = []
    for match in re.finditer(TOKEN_PATTERN, text):
        surface = match.group(0)
        abbreviation = bool(re.search(r"[.\s]", surface)) or surface == "US"
        word = re.sub(r"[.\s]", "", surface).lower().translate(accent_map)
        if word == "s":
            continue  # a possessive, or its remains
        if stem:
            if len(word) < 2 or (word in STOP_WORDS and not abbreviation):
                continue
            word = porter_stem(word)
        found.append((word, match.start(), match.end()))
    return [(word, number, start, end) for number, (word, start, end) in enumerate(found)]


def _fused(text: str, stem: bool) -> list[tuple[str, int, int, int]]:
    analyzer = stemming_analyzer() if stem else folding_analyzer()
    return [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True)]


def _renumbered(tokens: list[tuple[str, int, int, int]]) -> list[tuple[str, int, int, int]]:
    """Positions as the fused tokenizer gives them: the first kept word's place, then consecutive."""
    return [(text, number, start, end) for number, (text, _pos, start, end) in enumerate(tokens)]


@pytest.mark.parametrize("text", PLAIN)
@pytest.mark.parametrize("stem", [True, False])
def test_where_no_rule_applies_the_fused_analysis_equals_the_whoosh_chain(text, stem):
    expected = [(t.text, t.pos, t.startchar, t.endchar) for t in _chain(stem)(text, positions=True, chars=True)]
    got = _fused(text, stem)
    assert [t[0] for t in got] == [t[0] for t in expected]
    assert [t[2:] for t in got] == [t[2:] for t in expected]
    if expected:
        assert got[0][1] == expected[0][1]  # the first kept word keeps its place, as Whoosh's StopFilter has it


@pytest.mark.parametrize("text", PLAIN + RULES)
@pytest.mark.parametrize("stem", [True, False])
def test_the_fused_analysis_follows_the_writing_rules(text, stem):
    got = _fused(text, stem)
    assert _renumbered(got) == _reference(text, stem)


@pytest.mark.parametrize("text", PLAIN + RULES)
@pytest.mark.parametrize("stem", [True, False])
def test_the_indexers_fast_path_gives_the_tokenizers_terms_and_positions(text, stem):
    analyzer = stemming_analyzer() if stem else folding_analyzer()
    found, length = analyzer.term_positions(text)
    expected: dict[bytes, list[int]] = {}
    for token in analyzer(text, positions=True):
        expected.setdefault(token.text.encode(), []).append(token.pos)
    assert dict(found) == expected and length == sum(len(p) for p in expected.values())


@pytest.mark.parametrize(("written", "same_as"), [
    ("U.S.", "US"), ("U.S", "US"), ("U. S.", "US"), ("U S", "US"), ("D.C.", "DC"), ("U.K.", "UK"), ("E.U.", "EU"),
    ("Iraq's", "Iraq"), ("Iraq\u2019s", "Iraq"), ("Iraq s", "Iraq"), ("US\u2013ROK", "US-ROK"), ("U.S.-ROK", "US ROK"),
    ("Türkiye\u2014Kazakhstan", "Turkiye Kazakhstan"), ("1.5\u00a0million", "1 5 million"),
])
@pytest.mark.parametrize("stem", [True, False])
def test_ways_of_writing_that_are_one_word(written, same_as, stem):
    analyzer = stemming_analyzer() if stem else folding_analyzer()
    assert [t.text for t in analyzer(written)] == [t.text for t in analyzer(same_as)]
    assert [t.text for t in analyzer(written)]  # never analysed away


def test_us_the_pronoun_is_a_stop_word_but_us_the_country_is_not():
    analyzer = stemming_analyzer()
    assert [t.text for t in analyzer("let us go")] == ["let", "go"]
    assert [t.text for t in analyzer("the US and the U.S.")] == ["us", "us"]


BOUNDARIES = [
    ("Readout of a call with the U.", "S. delegation and the U. S. team"),
    ("Statement on the U S", "A delegation, U.S. A delegation"),
    ("", "Text without a title: Iraq's future"),
    ("A title only", ""),
    ("Ends with a possessive Iraq'", "s future"),
]


@pytest.mark.parametrize("text", PLAIN + RULES + [f"{t}\n{b}" for t, b in BOUNDARIES])
def test_the_look_ahead_before_an_abbreviation_changes_no_word(text):
    abbreviation = r"(?<!\w)[^\W\d_](?:\.[^\W\d_]|\.[ \t][^\W\d_](?=\.))+\.?(?!\w)|(?<!\w)[A-Z](?: [A-Z](?!\w))+"
    assert re.findall(TOKEN_PATTERN, text) == re.findall(rf"{abbreviation}|\w+", text)


@pytest.mark.parametrize(("title", "text"), BOUNDARIES)
def test_exact_forms_analysed_after_the_body_equal_their_own_analysis(title, text):
    exact = f"{title}\n{text}"
    fresh = folding_analyzer().term_positions(exact)  # nothing split before it shares words with it
    expected = {token.text.encode(): [] for token in folding_analyzer()(exact)}
    for token in folding_analyzer()(exact, positions=True):
        expected[token.text.encode()].append(token.pos)
    stemming_analyzer().term_positions(text)  # the body, as the indexer analyses it first
    after_body = folding_analyzer().term_positions(exact)
    assert dict(after_body[0]) == dict(fresh[0]) == expected
    assert after_body[1] == fresh[1]
