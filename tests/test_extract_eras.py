"""Countries as they were on the statement's date: capitals, names whose referent changed, regions."""

from __future__ import annotations

import pytest

from documents.extract import default_extractor
from documents.extract.eras import era_day


def extract(text: str, as_of: str | None = None, title: str | None = None):
    return default_extractor().extract(text, title=title, as_of=as_of)


def codes(text: str, as_of: str | None = None) -> list[str]:
    return [c.code for c in extract(text, as_of).countries]


def test_belgrade_in_1961_is_yugoslavia_and_today_serbia():
    speech = "The President of the Conference of Heads of State thanked Belgrade for its hospitality."
    result = extract(speech, as_of="1961-09-01")
    assert [c.code for c in result.countries] == ["YUG"]
    assert result.era_as_of == "1961-09-01" and result.era_basis == "metadata"
    assert result.era_readings == ["Belgrade, 1918-2003: Yugoslavia"]
    assert codes(speech, "2010") == ["SRB"]


def test_an_undated_statement_is_read_as_of_today_and_says_so():
    result = extract("Belgrade and Prague signed the agreement.")
    assert {c.code for c in result.countries} == {"SRB", "CZE"}
    assert result.era_basis == "today" and result.era_readings == []


def test_the_text_date_sets_the_era_when_nothing_beside_the_file_does():
    result = extract("Prague, 4 May 1975\n\nThe Governments agreed to meet again in Moscow.")
    assert result.era_basis == "text" and result.era_as_of == "1975-05-04"
    assert {c.code for c in result.countries} == {"CSK", "SUN"}


@pytest.mark.parametrize(
    ("text", "as_of", "expected"),
    [
        ("Moscow and Washington must agree.", "1975", ["SUN", "USA"]),
        ("Moscow and Washington must agree.", "1995", ["RUS", "USA"]),
        ("Prague welcomed the talks.", "1992", ["CSK"]),
        ("Prague welcomed the talks.", "1994", ["CZE"]),
        ("Bonn and Paris agreed.", "1973", ["DEU", "FRA"]),
        ("Bonn and Paris agreed.", "2005", ["FRA"]),  # the city, not the seat of government
        ("The talks in East Berlin went on.", "1972", ["DDR"]),
        ("Saigon rejected the proposal.", "1967", ["XSV"]),
        ("Saigon welcomed tourists.", "2015", []),
        ("Hanoi rejected the proposal.", "1967", ["VDR"]),
        ("Dacca appealed for aid.", "1965", ["PAK"]),
        ("Aden declared its support.", "1970", ["YMD"]),
        ("The Congo needs the help of the United Nations.", "1961", ["COD"]),
        ("The Congo needs the help of the United Nations.", "1985", ["COG"]),  # when Léopoldville's was Zaire
        ("Congo (Brazzaville) and Congo (Léopoldville) met.", "1962", ["COG", "COD"]),
    ],
)
def test_capitals_and_names_read_as_of_the_statement_date(text, as_of, expected):
    assert codes(text, as_of) == expected


def test_south_yemen_in_1968_is_not_the_north():
    speech = ("The delegation of Southern Yemen thanks the Assembly. The People's Republic of Southern Yemen "
              "was born of a long struggle.")
    assert codes(speech, "1968") == ["YMD"]
    # Bare "Yemen" was the Yemen Arab Republic until unification, unless Democratic Yemen is named nearby.
    assert codes("Yemen and Saudi Arabia discussed the border.", "1968") == ["YEM", "SAU"]


def test_the_korean_question_is_the_peninsula_not_the_republic():
    speech = ("My delegation supports a peaceful solution of the Korean question. The unification of Korea must "
              "be achieved by the Korean people themselves.")
    assert codes(speech, "1965") == []
    assert codes("In Korea the armistice holds.", "1965") == []
    assert "no single state" in " ".join(extract("In Korea the armistice holds.", "1965").era_readings)


def test_bare_korea_is_the_state_the_text_names_nearby():
    assert codes("The Republic of Korea wishes peace. Korea has suffered division.", "1965") == ["KOR"]
    assert codes("Korea exports cars.") == ["KOR"]  # undated: read as today


def test_germany_before_unification_is_the_state_named_nearby_or_germany_as_a_whole():
    assert codes("The division of Germany is a wound in Europe.", "1961") == []
    assert codes("The Federal Republic of Germany believes that Germany must be reunited.", "1961") == ["DEU"]
    assert codes("Germany and France agreed.", "1995") == ["DEU", "FRA"]


def test_divided_vietnam():
    assert set(codes("Saigon and Hanoi must negotiate an end to the war.", "1967")) == {"XSV", "VDR"}
    assert codes("The Republic of Viet-Nam protested.", "1966") == ["XSV"]
    assert codes("Viet Nam joined ASEAN.", "1995") == ["VNM"]


@pytest.mark.parametrize(
    "text",
    [
        "The peoples of Indo-China deserve peace.",
        "The peoples of Indochina and of South-East Asia deserve peace.",
        "The Central African Federation was dissolved.",
        "French Equatorial Africa and French West Africa.",
        "The north and the south of Korea must talk; a reunified Korea would bring peace.",
    ],
)
def test_region_names_that_hold_a_country_name_are_not_that_country(text):
    assert codes(text, "1960") == []


@pytest.mark.parametrize(
    ("name", "code"),
    [("Malaya", "MYS"), ("Siam", "THA"), ("Persia", "IRN"), ("Rhodesia", "ZWE"), ("Gold Coast", "GHA"),
     ("Transjordan", "JOR"), ("United Arab Republic", "EGY"), ("South West Africa", "NAM"), ("Abyssinia", "ETH")],
)
def test_historical_official_names(name, code):
    assert codes(f"The delegation of {name} spoke.", "1955") == [code]


def test_a_year_stands_for_its_middle_and_a_month_for_its_fifteenth():
    assert era_day("1990") == 19900702
    assert era_day("1991-12") == 19911215
    assert era_day("1961-09-01") == 19610901
    assert era_day(None) is None
