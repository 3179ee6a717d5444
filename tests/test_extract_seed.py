"""The seed statement (Türkiye-Kazakhstan joint statement, 2022) is extracted exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from documents.extract import Extraction, default_extractor

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "tr-kz-joint-statement-2022.txt"
TITLE = "Joint Statement of Türkiye and Kazakhstan"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"seed statement not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=[None, TITLE], ids=["no-title", "with-title"])
def extraction(request, seed_text) -> Extraction:
    return default_extractor().extract(seed_text, title=request.param)


def test_countries_are_exactly_turkiye_and_kazakhstan_both_central(extraction):
    assert {c.code for c in extraction.countries} == {"TUR", "KAZ"}
    assert all(c.central for c in extraction.countries)
    names = {c.code: c.name for c in extraction.countries}
    assert names == {"TUR": "Türkiye", "KAZ": "Kazakhstan"}


def test_country_offsets_point_at_the_mentions(extraction, seed_text):
    for country in extraction.countries:
        assert country.offsets, country.code
        for start, end in country.offsets:
            assert seed_text[start:end] in country.terms
    kaz = next(c for c in extraction.countries if c.code == "KAZ")
    assert "Kazakh" in kaz.terms  # "his Kazakh counterpart"


def test_title_mentions_count_but_carry_no_offsets(seed_text):
    plain = default_extractor().extract(seed_text)
    titled = default_extractor().extract(seed_text, title=TITLE)
    for code in ("TUR", "KAZ"):
        before = next(c for c in plain.countries if c.code == code)
        after = next(c for c in titled.countries if c.code == code)
        assert after.count == before.count + 1
        assert after.offsets == before.offsets


def test_curated_organisations(extraction):
    codes = {o.code for o in extraction.organisations if not o.discovered}
    assert {"OTS", "TURKSOY", "TURKPA"} <= codes


def test_discovered_bodies_as_named_in_the_text(extraction):
    discovered = {o.name for o in extraction.organisations if o.discovered}
    assert {
        "Turkish Academy",
        "Turkish Maarif Foundation",
        "Turkish News Agencies Association",
        "High-Level Strategic Cooperation Council",
    } <= discovered


def test_topics(extraction):
    codes = {t.code for t in extraction.topics}
    assert {"trade", "transport", "defence", "security", "education", "media", "culture", "youth"} <= codes
    trade = next(t for t in extraction.topics if t.code == "trade")
    assert "trade volume" in trade.terms
    assert trade.score > 0


def test_date_type_and_language(extraction):
    date = extraction.date
    assert date is not None
    assert date.value == "2022-10-13" or (date.value, date.end) == ("2022-10-12", "2022-10-13")
    assert date.source == "text"
    assert 0 < date.confidence <= 1
    assert extraction.doc_type == "joint_statement"
    assert extraction.language == "en"
