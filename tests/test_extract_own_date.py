"""The statement's own date: closing formulas, datelines and signatures, never a cited instrument's."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from documents.build import title_from_text
from documents.extract import default_extractor
from documents.extract.dates import DateFinder

SAMPLES = Path(__file__).resolve().parents[1] / "bench" / "date_samples"


def extract(text: str, **hints):
    return default_extractor().extract(text, **hints)


def test_a_preamble_recalling_an_earlier_agreement_does_not_date_the_treaty():
    """GIVEN a preamble citing Marrakesh, 15 April 1994, and a closing formula in words THEN the formula dates it."""
    text = (
        "AGREEMENT BETWEEN JAPAN AND THE KINGDOM OF THAILAND FOR AN ECONOMIC PARTNERSHIP\n\n"
        "Japan and the Kingdom of Thailand,\n\n"
        "Reaffirming their rights and obligations under the Marrakesh Agreement Establishing the World Trade "
        "Organization, done at Marrakesh, 15 April 1994,\n\n"
        "HAVE AGREED as follows:\n\nArticle 1\nObjectives\n...\n\n"
        "IN WITNESS WHEREOF, the undersigned, being duly authorised by their respective Governments, have signed "
        "this Agreement.\n\n"
        "DONE at Bangkok on the third day of April in the year two thousand and seven, in duplicate in the English "
        "language.\n"
    )
    guess = extract(text).date
    assert (guess.value, guess.kind) == ("2007-04-03", "closing formula")
    start, end = guess.span
    assert text[start:end] == "third day of April in the year two thousand and seven"
    assert guess.confidence >= 0.85


def test_instruments_an_article_cites_are_not_the_convention_date():
    text = (
        "Article 1\nFor the purposes of this Convention, the term shall apply to any person who has been "
        "considered a refugee under the Arrangements of 12 May 1926 and 30 June 1928 or under the Conventions of "
        "28 October 1933 and 10 February 1938, the Protocol of 14 September 1939.\n\n"
        "DONE at Geneva, this twenty-eighth day of July, one thousand nine hundred and fifty-one, in a single copy.\n"
    )
    assert extract(text).date.value == "1951-07-28"
    found = DateFinder().find(text)
    assert {f.matched: f.kind for f in found}["30 June 1928"] == "reference"


def test_only_cited_dates_leave_the_statement_undated_with_the_reason():
    text = ("The General Assembly,\n\nRecalling its resolution 2200 A (XXI) of 16 December 1966,\n\n"
            "Recalling also the Declaration of 1959 and the fortieth anniversary of the Declaration on "
            "10 December 1988,\n\n1. Requests the Secretary-General to report.\n")
    result = extract(text)
    assert result.date is None
    assert "16 December 1966" in result.date_reason and "cites" in result.date_reason


def test_a_date_in_the_title_after_the_cited_conventions():
    title = ("Protocol Additional to the Geneva Conventions of 12 August 1949, and relating to the Protection of "
             "Victims of Non-International Armed Conflicts (Protocol II), 8 June 1977")
    result = extract("The High Contracting Parties,\n\nRecalling the Conventions of 12 August 1949,\n", title=title)
    assert (result.date.value, result.date.kind, result.date.span) == ("1977-06-08", "title", None)


def test_a_dateline_beats_the_history_its_body_recalls():
    text = ("OSLO, 12 March 2019 - The Foreign Ministers met today. They recalled the Treaty of Friendship signed "
            "on 4 May 1957 and the fiftieth anniversary celebrated on 3 June 2007.")
    guess = extract(text).date
    assert (guess.value, guess.kind) == ("2019-03-12", "dateline")


def test_a_signature_block_under_the_issuing_office():
    text = ("The emergency declared in Executive Order 13111 of May 10, 1999, is to continue in effect beyond "
            "May 10.\n\nTHE WHITE HOUSE,\nMay 6, 2022.\n")
    guess = extract(text).date
    assert (guess.value, guess.kind) == ("2022-05-06", "signature")


def test_a_resolution_is_dated_by_its_plenary_meeting():
    text = ("The General Assembly,\n\nRecalling its resolution 2200 A (XXI) of 16 December 1966,\n\n"
            "1. Proclaims the present Declaration.\n\n71st plenary meeting\n14 December 1991\n")
    assert extract(text).date.value == "1991-12-14"


def test_a_meeting_of_several_days_dates_the_statement_by_its_last():
    guess = extract("Bali, Indonesia, 15-16 November 2022\n\n1. The Leaders met.").date
    assert (guess.value, guess.range_start, guess.end) == ("2022-11-16", "2022-11-15", "2022-11-16")


def test_a_speech_recounting_history_stays_undated():
    text = ("Mr. President,\n\nMy delegation recalls that on 26 June 1945 the Charter was signed in San Francisco, "
            "and that since 14 December 1955 my country has been a Member. The events of 2 August 1990 showed "
            "how fragile peace remains.\n")
    assert extract(text).date is None


@pytest.mark.parametrize(
    ("text", "hints", "value", "year_from"),
    [
        ("On Friday, October 25, the Secretary met the Minister.", {"as_of": "2024"}, "2024-10-25", "metadata"),
        ("On Friday, October 25, the Secretary met the Minister.", {"file_name": "readout-2024.md"}, "2024-10-25",
         "file name"),
        # Of the years the text names only 2024 puts 25 October on a Friday.
        ("On Friday, October 25, the Secretary met the Minister. They recalled the framework of 2021 and the "
         "summit planned for 2024.", {}, "2024-10-25", "context"),
    ],
)
def test_a_date_without_a_year_takes_it_from_the_metadata_the_file_name_or_the_context(text, hints, value,
                                                                                       year_from):
    guess = extract(text, **hints).date
    assert (guess.value, guess.year_from) == (value, year_from)


def test_a_date_without_a_year_and_nothing_to_tell_it_stays_undated():
    result = extract("On October 25, the Secretary met the Minister of Ghana.")
    assert result.date is None and "no year" in result.date_reason


def _samples():
    with (SAMPLES / "gold.tsv").open(encoding="utf-8") as handle:
        return [(row["file"], row["date"] or None, row["expected_kind"] or None)
                for row in csv.DictReader(handle, delimiter="\t")]


@pytest.mark.parametrize(("name", "gold", "kind"), _samples())
def test_treaty_like_samples_in_seven_languages(name, gold, kind):
    """The samples of bench/date_samples: closing formulas in words and digits, datelines, letters, undated texts."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    guess = extract(text, title=title_from_text(text)).date
    assert (guess.value if guess else None) == gold
    if gold:
        assert guess.kind == kind
