"""Country extraction: names, languages, history, capitals and each ambiguity rule."""

from __future__ import annotations

import json

import pytest

from documents.extract import Extractor, default_extractor, vocabulary
from documents.resources import read_text


def codes(text: str, title: str | None = None) -> list[str]:
    return [c.code for c in default_extractor().extract(text, title=title).countries]


def code_set(text: str) -> set[str]:
    return set(codes(text))


# -- coverage ---------------------------------------------------------------------


def test_every_iso_country_plus_the_extra_states_is_known():
    data = json.loads(read_text("gazetteer/countries.json"))
    current = [c for c, rec in data["countries"].items() if not rec["historical"]]
    assert len(current) >= 250  # 249 ISO 3166-1 entries and Kosovo
    for code in ("XKX", "PSE", "VAT", "TWN", "TUR", "KAZ"):
        assert code in data["countries"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kosovo held elections.", "XKX"),
        ("The State of Palestine spoke.", "PSE"),
        ("The Holy See welcomed it.", "VAT"),
        ("Taiwan and Japan signed.", "TWN"),
        ("The U.S. and the UK agreed.", "USA"),
        ("The USA voted.", "USA"),
        ("The UAE hosted COP28.", "ARE"),
        ("The DPRK fired a missile.", "PRK"),
        ("The ROK and Japan met.", "KOR"),
        ("The PRC objected.", "CHN"),
        ("Kazakhstani and French officials met.", "KAZ"),
        ("Kazakh officials met.", "KAZ"),
        ("French officials met.", "FRA"),
        ("Turkish officials met.", "TUR"),
    ],
)
def test_names_abbreviations_and_demonyms(text, code):
    assert code in code_set(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Relations with Türkiye grew.", "TUR"),
        ("Türkiye ile Kazakistan arasında.", "KAZ"),
        ("Визит в Казахстан.", "KAZ"),
        ("Президент Казахстана прибыл.", "KAZ"),  # a declined form
        ("Турция и Россия.", "TUR"),
        ("Переговоры с Турцией.", "TUR"),
        ("La France et l'Allemagne.", "DEU"),
        ("España y Turquía.", "TUR"),
        ("Deutschland und die Türkei.", "TUR"),
        ("Kazakistan'da yapılan toplantı.", "KAZ"),  # Turkish suffix after an apostrophe
    ],
)
def test_names_in_other_languages(text, code):
    assert code in code_set(text)


@pytest.mark.parametrize(
    ("former", "code"),
    [
        ("Turkey", "TUR"),
        ("Ceylon", "LKA"),
        ("Burma", "MMR"),
        ("Swaziland", "SWZ"),
        ("Upper Volta", "BFA"),
        ("Dahomey", "BEN"),
        ("Kampuchea", "KHM"),
        ("Zaire", "COD"),
        ("Ivory Coast", "CIV"),
    ],
)
def test_former_names_map_to_todays_code(former, code):
    assert codes(f"The delegation of {former} spoke.") == [code]


@pytest.mark.parametrize(
    ("text", "code", "successor"),
    [
        ("The Soviet Union collapsed.", "SUN", "RUS"),
        ("The USSR signed.", "SUN", "RUS"),
        ("Yugoslavia broke up.", "YUG", "SRB"),
        ("Czechoslovakia split peacefully.", "CSK", "CZE"),
        ("The German Democratic Republic joined.", "DDR", "DEU"),
        ("South Yemen merged.", "YMD", "YEM"),
        ("The Byelorussian SSR voted.", "BYS", "BLR"),
    ],
)
def test_dissolved_states_keep_their_own_code_and_record_the_successor(text, code, successor):
    entity = default_extractor().extract(text).countries[0]
    assert (entity.code, entity.successor) == (code, successor)


# -- capitals ---------------------------------------------------------------------


def test_capitals_count_as_their_countries():
    assert code_set("Ankara and Astana agreed to deepen ties.") == {"TUR", "KAZ"}


def test_capitals_switch_off():
    plain = Extractor(capitals_as_countries=False)
    assert plain.extract("Ankara and Astana agreed to deepen ties.").countries == []
    assert [c.code for c in plain.extract("Türkiye and Kazakhstan agreed.").countries] == ["TUR", "KAZ"]


@pytest.mark.parametrize(
    "text",
    [
        "They honour the Paris Agreement.",
        "The Minsk agreements failed.",
        "The Astana format met.",
        "The Treaty of Rome.",
        "Lisbon, Ohio, is small.",
    ],
)
def test_capitals_naming_documents_and_processes_are_not_countries(text):
    assert codes(text) == []


# -- ambiguity: longest match --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Papua New Guinea signed.", {"PNG"}),
        ("Equatorial Guinea signed.", {"GNQ"}),
        ("Guinea-Bissau signed.", {"GNB"}),
        ("Guinea signed.", {"GIN"}),
        ("Niger and Nigeria signed.", {"NER", "NGA"}),
        ("Dominica and the Dominican Republic signed.", {"DMA", "DOM"}),
        ("The Democratic Republic of the Congo and the Republic of the Congo met.", {"COD", "COG"}),
        ("Sudan and South Sudan met.", {"SDN", "SSD"}),
    ],
)
def test_longest_match_wins(text, expected):
    assert code_set(text) == expected


def test_congo_alone_is_the_republic_unless_its_neighbour_is_named_close_by():
    assert codes("The Congo chose the path of mediation.") == ["COG"]
    assert "COD" in codes("The Democratic Republic of the Congo (DRC) suffers; in eastern Congo fighting goes on.")


# -- ambiguity: other meanings ---------------------------------------------------------


def test_georgia_the_country_and_the_state():
    assert codes("Georgia and Armenia signed an agreement in Tbilisi.")[0] == "GEO"
    assert codes("The President visited Atlanta, Georgia, and met the governor.") == []
    assert codes("Storm damage in Georgia and Florida.") == []


def test_jordan_the_country_the_river_and_the_person():
    assert codes("Jordan and Egypt welcomed the ceasefire.") == ["JOR", "EGY"]
    assert codes("Pilgrims crossed the Jordan River.") == []
    assert codes("Representative Jim Jordan spoke.") == []
    assert codes("He thanked Kofi Annan. Jordan applauds the progress.") == ["JOR"]


def test_chad_the_country_the_lake_and_the_person():
    assert codes("Chad and Niger signed.") == ["TCD", "NER"]
    assert codes("Acting Secretary Chad Wolf spoke.") == []
    assert codes("The shrinking of Lake Chad worries farmers.") == []


def test_turkey_the_bird():
    assert codes("The President pardoned the National Thanksgiving Turkey.") == []
    assert codes("We roasted a turkey.") == []
    assert codes("Turkey and Greece resumed talks.") == ["TUR", "GRC"]


def test_china_and_the_republic_of_china():
    assert codes("The Republic of China held elections.") == ["TWN"]
    assert codes("The People's Republic of China objected.") == ["CHN"]
    assert codes("China objected.") == ["CHN"]
    assert codes("Ships sailed through the South China Sea.") == []


def test_bare_korea_follows_the_korea_the_text_names():
    assert codes("Korea exports cars.") == ["KOR"]
    assert codes("The Democratic People's Republic of Korea tested a missile. Korea also said ...") == ["PRK"]
    assert code_set("North Korea and South Korea met.") == {"PRK", "KOR"}


def test_turkic_is_not_turkish():
    assert codes("The Turkic World and the Organization of Turkic States.") == []
    assert codes("The Turkish delegation.") == ["TUR"]


def test_country_words_inside_organisation_names_are_not_countries():
    assert codes("The African Union and the Organization of American States met.") == []
    assert codes("The Inter-American Development Bank lends.") == []
    assert codes("American and Canadian diplomats met.") == ["USA", "CAN"]


def test_all_capitals_acronyms_only_as_exact_tokens():
    assert codes("Let us work together with them.") == []
    assert codes("The US delegation arrived.") == ["USA"]
    assert codes("USB cables and UKIP posters.") == []


def test_lower_case_words_are_not_names():
    assert codes("a chad of paper and a jordan almond") == []


# -- counts, offsets, centrality --------------------------------------------------------


def test_counts_offsets_and_centrality():
    text = (
        "Türkiye and Kazakhstan signed a plan of action on trade, energy and transport, and agreed to meet again "
        "next year to review progress on all of these matters in detail.\n\n"
        "Later, Kazakhstan thanked Türkiye. Kazakhstan also met France once.\n"
    )
    result = default_extractor().extract(text)
    by_code = {c.code: c for c in result.countries}
    assert (by_code["KAZ"].count, by_code["TUR"].count, by_code["FRA"].count) == (3, 2, 1)
    assert by_code["KAZ"].central and by_code["TUR"].central  # named in the first paragraph
    assert not by_code["FRA"].central
    for country in result.countries:
        assert len(country.offsets) == country.count
        assert all(text[a:b] in country.terms for a, b in country.offsets)
    assert [c.code for c in result.countries] == ["KAZ", "TUR", "FRA"]


def test_offsets_survive_line_breaks_and_odd_spaces():
    text = "We met the Republic\n   of Korea\u00a0delegation."
    country = default_extractor().extract(text).countries[0]
    (start, end), = country.offsets
    assert country.code == "KOR"
    assert text[start:end] == "Republic\n   of Korea"


def test_title_makes_a_country_central():
    text = "A\n\nB.\n\nC. France was mentioned. Spain too. Spain again."
    result = default_extractor().extract(text, title="Visit to France")
    france = next(c for c in result.countries if c.code == "FRA")
    assert france.central and france.count == 2


# -- vocabulary ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Turkey", "Türkiye", "turkiye", "TUR", "tur", "Turkish", "Republic of Türkiye"])
def test_resolve_country(text):
    assert vocabulary().resolve_country(text) == "TUR"


def test_vocabulary_names_and_aliases():
    vocab = vocabulary()
    assert vocab.country_name("TUR") == "Türkiye"
    assert vocab.country_name("XXX") == "XXX"
    assert vocab.resolve_country("Atlantis") is None
    aliases = vocab.country_aliases("USA")
    assert {"United States", "U.S.", "American"} <= set(aliases)
    assert "Washington" not in aliases
    assert ("KAZ", "Kazakhstan") in vocab.all_countries()


def test_demonyms_naming_a_language_are_not_countries():
    assert codes("The French text of the resolution is authentic.") == []
    assert codes("Spanish-speaking communities.") == []
    assert codes("Guides in four languages (English, Thai, Indonesian, and Vietnamese).") == []
    assert codes("French and Thai officials met.") == ["FRA", "THA"]


def test_ethnic_groups_of_a_state_belong_to_it():
    assert codes("The Bosnian Serbs rejected the plan.") == ["BIH"]


def test_extraction_is_the_same_from_several_threads():
    from concurrent.futures import ThreadPoolExecutor

    texts = ["Türkiye and Kazakhstan met in Ankara.", "The DPRK and the ROK talked.", "Chad Wolf met Chad."] * 20
    serial = [codes(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(codes, texts))
    assert parallel == serial


@pytest.mark.corpus
def test_un_speakers_countries_are_found_in_a_corpus_sample():
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ungdc" / "TXT"
    if not corpus.exists():
        pytest.skip(f"corpus not found at {corpus}")
    metas = sorted(corpus.glob("*/*.meta.json"))[::130]
    found = 0
    for meta_path in metas:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        text = meta_path.with_name(meta_path.name.replace(".meta.json", ".txt")).read_text(errors="replace")
        extracted = {c.code for c in default_extractor().extract(text).countries}
        found += meta["country_iso3"] in extracted or meta["country_iso3"] == "EU"
    assert found / len(metas) >= 0.95


def test_a_name_hyphenated_across_lines_still_matches():
    assert codes("The people of Guinea-\nBissau and of Timor-\nLeste.") == ["GNB", "TLS"]
