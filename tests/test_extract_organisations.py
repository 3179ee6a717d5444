"""Organisations: the curated gazetteer, its matching, and discovery of bodies it lacks."""

from __future__ import annotations

import pytest

from documents.extract import GazetteerError, default_extractor, vocabulary
from documents.extract.gazetteer import ORGANISATION_TYPES, load_countries, load_organisations


def orgs(text: str, title: str | None = None):
    return default_extractor().extract(text, title=title).organisations


def org_codes(text: str) -> list[str]:
    return [o.code for o in orgs(text)]


def test_gazetteer_has_at_least_300_well_formed_bodies():
    gazetteer = load_organisations()
    assert len(gazetteer.organisations) >= 300
    countries = load_countries().countries
    for org in gazetteer.organisations.values():
        assert org.type in ORGANISATION_TYPES
        assert all(member in countries for member in org.members), org.code
    for code in ("UN", "EU", "AU", "ASEAN", "OTS", "TURKSOY", "TURKPA", "SCO", "CSTO", "EAEU", "CIS", "OSCE", "NATO",
                 "OIC", "GCC", "ARABLEAGUE", "OAS", "MERCOSUR", "CARICOM", "ECOWAS", "SAARC", "IMF", "WB", "AIIB",
                 "EBRD", "G7", "G20", "BRICS", "QUAD", "AUKUS"):
        assert code in gazetteer.organisations, code
    assert set(gazetteer.organisations["OTS"].members) == {"AZE", "KAZ", "KGZ", "TUR", "UZB"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Organization of Turkic States met.", "OTS"),
        ("OTS leaders met.", "OTS"),
        ("Türk Devletleri Teşkilatı zirvesi.", "OTS"),
        ("The Arab League convened.", "ARABLEAGUE"),
        ("Mercosur and the EU signed.", "MERCOSUR"),
        ("ШОС и ОДКБ.", "SCO"),
        ("NATO allies met.", "NATO"),
        ("The World Bank lends.", "WB"),
        ("The G20 summit in Bali.", "G20"),
        ("The Quad leaders met.", "QUAD"),
    ],
)
def test_curated_names_acronyms_and_other_languages(text, code):
    assert code in org_codes(text)


def test_acronyms_are_exact_tokens_and_word_acronyms_skip_headlines():
    assert "WHO" in org_codes("The WHO declared a pandemic.")
    assert "WHO" not in org_codes("Those who declared it.")
    assert "WHO" not in org_codes("LEADERS WHO MET IN PARIS AGREED TODAY")
    assert "NATO" not in org_codes("NATOs and ANATOLIA")


def test_mentions_count_and_centrality():
    filler = "Filler sentence about nothing in particular. " * 5
    text = "The OTS summit opened.\n\n" + filler + "\n\nThe NATO view. OTS again."
    result = {o.code: o for o in orgs(text)}
    assert result["OTS"].count == 2 and result["OTS"].central
    assert result["NATO"].count == 1 and not result["NATO"].central
    assert not result["OTS"].discovered


def test_discovery_from_full_name_and_acronym():
    text = (
        "They launched the Caspian Energy Transit Council (CETC) in Baku. "
        "The CETC will meet yearly, and the CETC secretariat sits in Aktau."
    )
    found = [o for o in orgs(text) if o.discovered]
    assert len(found) == 1
    body = found[0]
    assert body.name == "Caspian Energy Transit Council"
    assert body.count == 3
    assert "CETC" in body.terms
    assert [text[a:b] for a, b in body.offsets][1:] == ["CETC", "CETC"]
    assert vocabulary().organisation_name(body.code) == "Caspian Energy Transit Council"


def test_discovery_of_named_institutions():
    text = "They welcomed the Turkish Maarif Foundation and the Kazakh-Turkish Business Council."
    names = {o.name for o in orgs(text) if o.discovered}
    assert names == {"Turkish Maarif Foundation", "Kazakh-Turkish Business Council"}


def test_discovery_drops_a_leading_country_pair_so_one_body_has_one_entry():
    one = orgs("The Türkiye-Kazakhstan High-Level Strategic Cooperation Council met.")
    two = orgs("The Turkey-Azerbaijan High-Level Strategic Cooperation Council met.")
    assert [o.code for o in one if o.discovered] == [o.code for o in two if o.discovered]
    assert one[0].name == "High-Level Strategic Cooperation Council"


def test_discovery_ignores_partnerships_countries_and_curated_bodies():
    text = (
        "the Enhanced Strategic Partnership between the two countries; the Republic of Korea (ROK); "
        "the International Organization of Turkic Culture (TURKSOY); the Sustainable Development Goals (SDGs)"
    )
    assert [o for o in orgs(text) if o.discovered] == []


def test_vocabulary_for_organisations():
    vocab = vocabulary()
    assert vocab.organisation_name("OTS") == "Organization of Turkic States"
    assert vocab.resolve_organisation("Organization of Turkic States") == "OTS"
    assert vocab.resolve_organisation("ots") == "OTS"
    assert vocab.resolve_organisation("Nonexistent Body") is None
    assert vocab.organisation_name("some-unknown-body") == "Some Unknown Body"
    assert ("OTS", "Organization of Turkic States") in vocab.all_organisations()


def test_a_malformed_entry_is_reported_with_its_line():
    raw = '[settings]\n\n[GOOD]\nname = "Good"\ntype = "forum"\n\n[BAD]\nname = "Bad"\ntype = "club"\n'
    with pytest.raises(GazetteerError, match=r"line 7.*\[BAD\].*club"):
        load_organisations(raw)
