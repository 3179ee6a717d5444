"""Numbers and dates spelled out in words, as closing formulas write them."""

from __future__ import annotations

import json

import pytest

from documents.extract.date_words import WordDateReader
from documents.extract.number_words import read_number
from documents.resources import read_text


@pytest.mark.parametrize(
    ("words", "lang", "value", "ordinal"),
    [
        ("two thousand and seven", "en", 2007, False),
        ("nineteen hundred and fifty-one", "en", 1951, False),
        ("one thousand nine hundred and fifty-one", "en", 1951, False),
        ("twenty-eighth", "en", 28, True),
        ("two hundred and fiftieth", "en", 250, True),
        ("deux mille sept", "fr", 2007, False),
        ("mil neuf cent cinquante et un", "fr", 1951, False),
        ("quatre-vingt-dix-sept", "fr", 97, False),
        ("troisième", "fr", 3, True),
        ("dos mil siete", "es", 2007, False),
        ("mil novecientos cincuenta y uno", "es", 1951, False),
        ("veintiocho", "es", 28, False),
        ("zweitausendsieben", "de", 2007, False),
        ("neunzehnhunderteinundfünfzig", "de", 1951, False),
        ("einunddreißigsten", "de", 31, True),
        ("две тысячи седьмого", "ru", 2007, True),
        ("тысяча девятьсот пятьдесят первого", "ru", 1951, True),
        ("двадцать восьмого", "ru", 28, True),
        ("iki bin yedi", "tr", 2007, False),
        ("bin dokuz yüz elli bir", "tr", 1951, False),
        ("yirmi sekizinci", "tr", 28, True),
        ("ikinci", "tr", 2, True),
    ],
)
def test_numbers_in_words(words, lang, value, ordinal):
    run = read_number(words.replace("-", " ").split(), 0, lang)
    assert (run.value, run.ordinal) == (value, ordinal)


def test_a_word_that_is_no_number_reads_as_none():
    assert read_number(["the", "third"], 0, "en") is None
    assert read_number(["on"], 0, "en") is None  # "on" is ten only in Turkish


@pytest.fixture(scope="module")
def reader() -> WordDateReader:
    months: dict[str, tuple[int, tuple[str, ...]]] = {}
    for lang, names in json.loads(read_text("gazetteer/dates.json"))["months"].items():
        for name, number in names.items():
            known = months.get(name, (number, ()))
            months[name] = (known[0], (*known[1], lang))
    return WordDateReader(months)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DONE at Geneva, this twenty-eighth day of July, one thousand nine hundred and fifty-one, in a single copy",
         (1951, 7, 28)),
        ("Done at Bangkok on the third day of April in the year two thousand and seven", (2007, 4, 3)),
        ("DONE at Tokyo on this third day of April in the year 2007 in duplicate", (2007, 4, 3)),
        ("this 5th day of May, 2010", (2010, 5, 5)),
        ("Fait à Paris, le vingt-huit juillet deux mille neuf", (2009, 7, 28)),
        ("Hecho en Santiago, a los diecisiete días del mes de marzo del año dos mil once", (2011, 3, 17)),
        ("Geschehen zu Wien am dritten April zweitausendsieben", (2007, 4, 3)),
        ("Совершено в Минске третьего апреля две тысячи седьмого года", (2007, 4, 3)),
        ("İşbu Protokol iki bin yedi yılı Nisan ayının üçüncü günü Bakü'de imzalanmıştır.", (2007, 4, 3)),
    ],
)
def test_dates_in_words_in_six_languages(reader, text, date):
    [found] = reader.read(text)
    assert (found.year, found.month, found.day) == date


def test_the_year_of_independence_is_not_taken_for_the_year(reader):
    proclamation = ("this twenty-ninth day of March, in the year of our Lord two thousand twenty-six, and of the "
                    "Independence of the United States of America the two hundred and fiftieth.")
    [found] = reader.read(proclamation)
    assert (found.year, found.month, found.day) == (2026, 3, 29)


def test_a_month_without_numbers_around_it_is_no_date(reader):
    assert reader.read("The Parties may agree in writing to amend this Agreement.") == []
