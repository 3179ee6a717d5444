"""Topics: the controlled vocabulary file, stem matching, thresholds and explanations."""

from __future__ import annotations

import pytest

from documents.extract import GazetteerError, default_extractor, vocabulary
from documents.extract.matcher import PreparedText
from documents.extract.stemmer import stem
from documents.extract.topics import TopicScorer, load_topics


def topic_codes(text: str, title: str | None = None) -> list[str]:
    return [t.code for t in default_extractor().extract(text, title=title).topics]


def test_the_shipped_vocabulary_has_about_thirty_diplomatic_topics():
    topics = load_topics()
    assert 25 <= len(topics) <= 40
    codes = {t.code for t in topics}
    assert {"trade", "energy", "transport", "defence", "security", "arms_control", "human_rights", "humanitarian",
            "climate", "health", "education", "culture", "media", "science", "digital", "migration", "development",
            "agriculture", "peace", "maritime", "space", "sanctions", "tourism", "consular", "youth",
            "multilateral"} <= codes
    for topic in topics:
        assert topic.name and topic.threshold > 0 and len(topic.terms) >= 5


@pytest.mark.parametrize(
    "words",
    [("trade", "trades", "traded", "trading"), ("investment", "investments"), ("terrorism", "terrorist"),
     ("culture", "cultural"), ("defence", "defense"), ("energy", "energies")],
)
def test_inflections_share_a_stem(words):
    assert len({stem(w) for w in words}) == 1


def test_terms_match_on_stems_and_are_kept_as_the_explanation():
    result = default_extractor().extract("Investments grew and bilateral trading expanded; exports doubled.")
    trade = next(t for t in result.topics if t.code == "trade")
    assert {"investment", "trade", "export"} <= set(trade.terms)
    assert trade.count == len(trade.offsets) == 4
    assert trade.terms[0] == "bilateral trade"  # strongest contribution first


def test_a_passing_word_stays_below_the_threshold():
    assert "tourism" not in topic_codes("He travelled to the meeting.")
    assert "health" not in topic_codes("A healthy debate on many issues followed.")


def test_long_texts_need_more_than_an_aside():
    aside = "They also mentioned tourism briefly. "
    filler = "The delegations discussed many general matters of mutual interest at length. " * 400
    assert "tourism" in topic_codes(aside)
    assert "tourism" not in topic_codes(aside + filler)


def test_title_terms_make_a_topic_central():
    text = "Officials met. " * 3 + "They discussed tourism and tourists."
    result = default_extractor().extract(text, title="Tourism")
    tourism = next(t for t in result.topics if t.code == "tourism")
    assert tourism.central


def test_an_archivist_can_add_a_topic():
    raw = """
[water]
name = "Water"
threshold = 2
[water.terms]
"water" = 1
"irrigation" = 1.5
"water resources" = 2
"""
    scorer = TopicScorer(load_topics(raw))
    found = scorer.score(PreparedText("Shared water resources and irrigation canals."))
    assert [t.code for t in found] == ["water"]
    assert found[0].name == "Water"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('[trade]\nname = "Trade"\nthreshold = 2\n[trade.terms]\n"trade" = "heavy"\n', r"line 5: weight of 'trade'"),
        ('[trade]\nname = "Trade"\nthreshold = 0\n[trade.terms]\n"trade" = 1\n', r"line 1, topic \[trade\].*threshold"),
        ('[trade]\nthreshold = 2\n[trade.terms]\n"trade" = 1\n', r"line 1, topic \[trade\].*name"),
        ('\n\n[trade]\nname = "Trade"\nthreshold = 2\n', r"line 3: topic \[trade\] needs a \[trade.terms\] table"),
        ('[trade]\nname = "Trade\n', r"topics.toml:.*line 2"),
    ],
)
def test_mistakes_in_the_file_are_reported_with_their_line(raw, message):
    with pytest.raises(GazetteerError, match=message):
        load_topics(raw)


def test_vocabulary_topic_names_and_lookups():
    vocab = vocabulary()
    assert vocab.topic_name("trade") == "Trade and investment"
    assert vocab.resolve_topic("Trade and investment") == "trade"
    assert vocab.resolve_topic("TRADE") == "trade"
    assert vocab.resolve_topic("gardening") is None
    assert ("trade", "Trade and investment") in vocab.all_topics()


def test_terms_inside_ignored_names_and_titles_do_not_count():
    text = "National Security Advisor Sullivan met the National Security Council staff to discuss food security."
    assert "security" not in topic_codes(text)
    assert "security" in topic_codes("They discussed national security and counter-terrorism.")
    # The phrase itself still counts where it is a term.
    assert "multilateral" in topic_codes("Reform of the Security Council and the General Assembly, multilateralism.")
