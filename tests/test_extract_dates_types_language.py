"""Dates found in the text, document types and languages."""

from __future__ import annotations

import pytest

from documents.extract import DateGuess, default_extractor, vocabulary
from documents.extract.dates import DateFinder, best_date
from documents.extract.doctype import DOC_TYPES, detect_doc_type
from documents.extract.language import LanguageDetector


@pytest.fixture(scope="module")
def finder() -> DateFinder:
    return DateFinder()


@pytest.mark.parametrize(
    ("text", "value", "end"),
    [
        ("President Erdoğan visited Kazakhstan on Oct. 12-13 2022.", "2022-10-12", "2022-10-13"),
        ("The summit was held on 13 October 2022 in Samarkand.", "2022-10-13", None),
        ("Signed on October 13, 2022.", "2022-10-13", None),
        ("Astana, 13.10.2022", "2022-10-13", None),
        ("Date: 2022-10-13", "2022-10-13", None),
        ("12 and 13 October 2022", "2022-10-12", "2022-10-13"),
        ("Ankara, 13 Ekim 2022", "2022-10-13", None),
        ("Астана, 13 октября 2022 г.", "2022-10-13", None),
        ("Paris, le 13 octobre 2022", "2022-10-13", None),
        ("Madrid, 13 de octubre de 2022", "2022-10-13", None),
        ("Berlin, 13. Oktober 2022", "2022-10-13", None),
        ("Sept. 5, 2021", "2021-09-05", None),
    ],
)
def test_date_phrases(finder, text, value, end):
    found = finder.find(text)
    assert (found[0].value, found[0].end) == (value, end)


def test_invalid_and_bare_years_are_not_dates(finder):
    assert finder.find("On 31 February 2022 and by 2030 and from 1990 to 2022.") == []


def test_month_and_year_is_a_weak_last_resort(finder):
    chosen = best_date(finder.find("Relations were established in March 1992."))
    assert chosen is not None
    found, confidence = chosen
    assert found.value == "1992-03" and confidence < 0.5


def test_the_earliest_full_date_wins_and_confidence_falls_with_distance():
    text = "ANKARA, 13 October 2022 - Leaders met. They recalled 2 March 1992 and plan to meet on 1 May 2023."
    guess = default_extractor().extract(text).date
    assert isinstance(guess, DateGuess)
    assert (guess.value, guess.source, guess.matched) == ("2022-10-13", "text", "13 October 2022")
    late = default_extractor().extract("Filler words here. " * 120 + "It was signed on 13 October 2022.").date
    assert late.value == "2022-10-13" and late.confidence < guess.confidence


def test_no_date_at_all():
    assert default_extractor().extract("Leaders met and talked.").date is None


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Joint Statement of Türkiye and Kazakhstan", "joint_statement"),
        ("Joint Declaration on Strategic Partnership", "joint_declaration"),
        ("G7 Leaders' Communiqué", "communique"),
        ("Joint Communique of the Ministers", "communique"),
        ("Readout of President Biden's Call with Prime Minister Kishida", "readout"),
        ("Joint Readout of the Trilateral Meeting", "readout"),
        ("Press Release: Minister visits Astana", "press_release"),
        ("Remarks by the President at the Summit", "speech"),
        ("Address to the General Assembly", "speech"),
        ("Agreement between Türkiye and Kazakhstan on Transport", "treaty"),
        ("Treaty of Friendship and Cooperation", "treaty"),
        ("Memorandum of Understanding on Education", "mou"),
        ("Letter to the Speaker of the House", "letter"),
        ("FACT SHEET: Joint Statement on Energy", "fact_sheet"),
        ("Statement by the Press Secretary on the Joint Declaration", "statement"),
        ("The Wilmington Declaration Joint Statement from the Leaders", "joint_statement"),
        ("G7 Leaders’ Statement on Syria", "joint_statement"),
        ("United States-Japan Joint Leaders’ Statement", "joint_statement"),
        ("A Message to the Congress on the National Emergency", "letter"),
        ("President Biden Announces Delegation", "other"),
    ],
)
def test_doc_type_from_title(title, code):
    assert detect_doc_type(title, "") == code


@pytest.mark.parametrize(
    ("opening", "code"),
    [
        ("The presidents issued a joint statement on Thursday.", "joint_statement"),
        ("Mr. President,\n\nI congratulate you on your election.", "speech"),
        ("Dear Colleagues,\nI write to you ...", "letter"),
        ("FOR IMMEDIATE RELEASE\nThe ministry announced ...", "press_release"),
        ("Leaders met in Astana.", "other"),
    ],
)
def test_doc_type_from_opening_lines(opening, code):
    assert detect_doc_type(None, opening) == code


def test_every_type_has_a_display_name():
    assert set(DOC_TYPES) == {
        "joint_statement", "joint_declaration", "communique", "readout", "press_release", "speech", "treaty", "mou",
        "letter", "fact_sheet", "statement", "other",
    }
    assert vocabulary().doc_type_name("joint_statement") == "Joint statement"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Presidents agreed to strengthen the cooperation between the two countries and the region.", "en"),
        ("Cumhurbaşkanları iki ülke arasındaki işbirliğini güçlendirme konusunda ve bölge için anlaştı.", "tr"),
        ("Президенты договорились укрепить сотрудничество между двумя странами и в регионе.", "ru"),
        ("Les présidents ont convenu de renforcer la coopération entre les deux pays et la région.", "fr"),
        ("Los presidentes acordaron fortalecer la cooperación entre los dos países y la región.", "es"),
        ("Die Präsidenten vereinbarten, die Zusammenarbeit zwischen den Ländern und der Region zu stärken.", "de"),
        ("两国元首同意加强合作。", "zh"),
        ("", "und"),
        ("12 34 56", "und"),
    ],
)
def test_language(text, code):
    assert LanguageDetector().detect(text) == code


def test_language_names():
    assert vocabulary().language_name("en") == "English"
    assert vocabulary().language_name("tr") == "Turkish"
    assert vocabulary().language_name("und") == "Undetermined"


def test_title_of_hard_wrapped_text_joins_the_broken_lines():
    from documents.build import title_from_text

    speech = ("At the outset, on\nbehalf of the Government of the Islamic State of\nAfghanistan, and on my own "
              "behalf, I wish to express\nmy profound condolences.\n")
    assert title_from_text(speech) == ("At the outset, on behalf of the Government of the Islamic State of "
                                       "Afghanistan, and on my own behalf, I wish to express my profound condolences.")
    # Headings stay headings, with or without a blank line after them.
    assert title_from_text("Joint Statement of Türkiye and Kazakhstan\nThe Presidents met.") == \
        "Joint Statement of Türkiye and Kazakhstan"
    assert title_from_text("A note\nOn fisheries.\n") == "A note"
    assert title_from_text("Readout\n\nthe leaders met") == "Readout"
    long = "This session of the General Assembly meets in a world full of challenges to the\n" * 3
    assert len(title_from_text(long)) <= 161 and title_from_text(long).endswith("\u2026")
    opening = ("Allow me to start by congratulating you, Mr. Kavan, on your election to the presidency of the "
               "General Assembly at its fifty-seventh session and on the skill you have shown. We are confident.")
    assert title_from_text(opening).startswith("Allow me to start by congratulating you, Mr. Kavan, on your")
    assert title_from_text(opening).endswith("\u2026")  # "Mr. " does not end the sentence; a word end does
