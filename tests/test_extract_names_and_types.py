"""Cleaner names and types: titles without site names, types in seven languages, bodies not run into the next word."""

from __future__ import annotations

import json

import pytest

from documents.build import BuildContext, build_statement
from documents.extract import default_extractor
from documents.extract.doctype import detect_doc_type
from documents.titles import clean_title


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("Agreement between Japan and Thailand for an Economic Partnership — Open Treaties",
         "Agreement between Japan and Thailand for an Economic Partnership"),
        ("Readout of the President's Call with Prime Minister Kishida | The White House",
         "Readout of the President's Call with Prime Minister Kishida"),
        ("The White House | Readout of a Call", "Readout of a Call"),
        ("Совместное заявление • Президент России", "Совместное заявление"),
        ("Press Release - Ministry of Foreign Affairs", "Press Release"),
        # Separators inside a title stay.
        ("Joint Statement — United States and Japan", "Joint Statement — United States and Japan"),
        ("Türkiye - Kazakistan Ortak Bildirisi", "Türkiye - Kazakistan Ortak Bildirisi"),
        ("Open Treaties", "Open Treaties"),
    ],
)
def test_titles_lose_the_site_name(title, clean):
    assert clean_title(title) == clean


def test_an_imported_page_keeps_its_title_not_its_site(tmp_path):
    page = tmp_path / "agreement.html"
    page.write_text("<html><head><title>Agreement on Air Services — Open Treaties</title></head>"
                    "<body><p>The Parties have agreed as follows.</p></body></html>", encoding="utf-8")
    statement = build_statement(page, "0" * 64, BuildContext(default_extractor()))
    assert statement.title == "Agreement on Air Services"
    assert statement.doc_type == "treaty"


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("关于海洋档案保护的公約", "treaty"),
        ("中华人民共和国政府和泰王国政府关于档案合作的协定", "treaty"),
        ("Конвенция о правах ребенка", "treaty"),
        ("Соглашения о сотрудничестве в области архивного дела", "treaty"),
        ("Türkiye ile Kazakistan Arasında Arşiv Alanında İşbirliği Anlaşması", "treaty"),
        ("Çevre Koruma Sözleşmesi", "treaty"),
        ("Convention relating to the Status of Refugees / Convention relative au statut des réfugiés", "treaty"),
        ("Convenio de cooperación cultural", "treaty"),
        ("Übereinkommen über die Zusammenarbeit", "treaty"),
        ("اتفاقية تعاون في مجال الأرشيف", "treaty"),
        ("Protocole d'accord entre la France et le Maroc", "mou"),
        ("Communiqué de presse du ministère", "press_release"),
        ("中美联合声明", "joint_statement"),
        ("Allocution du Président de la République", "speech"),
    ],
)
def test_document_types_in_seven_languages(title, code):
    assert detect_doc_type(title, "") == code


def test_a_bilingual_title_is_one_treaty_and_names_its_countries():
    title = "Agreement between Canada and Norway / Accord entre le Canada et la Norvège"
    result = default_extractor().extract("The Parties have agreed as follows.", title=title)
    assert result.doc_type == "treaty"
    assert {c.code for c in result.countries} == {"CAN", "NOR"}


def test_treaty_formulas_tell_the_type_without_a_title():
    text = "The Government of A and the Government of B,\n\n" + "Desiring to cooperate, " * 60 + \
        "\n\nHave agreed as follows:\n\nArticle 1\n"
    assert detect_doc_type(None, text) == "treaty"
    assert detect_doc_type(None, "Les Parties,\n\nsont convenues de ce qui suit :\n") == "treaty"


def test_general_debate_speeches_open_as_speeches():
    assert detect_doc_type(None, "At the outset, I congratulate you on your election.") == "speech"
    assert detect_doc_type(None, "Allow me to congratulate you, Sir.") == "speech"


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("The case was brought before the International Court of Justiceat The Hague.", "ICJ",
         "International Court of Justice"),
        ("The Council of Europeon Monday adopted the report.", "COE", "Council of Europe"),
        ("We thank the Turkish Maarif Foundationin Astana.", "turkish-maarif-foundation", "Turkish Maarif Foundation"),
    ],
)
def test_organisations_never_run_into_the_next_word(text, code, name):
    [body] = default_extractor().extract(text).organisations
    assert (body.code, body.name) == (code, name)
    start, end = body.offsets[0]
    assert text[start:end] == name


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("İki ülke arasındaki ticaret hacminin artırılması ve yatırımların teşvik edilmesi; serbest ticaret "
         "anlaşması müzakereleri.", "trade"),
        ("Terörle mücadele ve terör örgütlerine karşı işbirliği konusunda anlaştılar.", "security"),
        ("Стороны обсудили развитие торговли и инвестиций и товарооборот.", "trade"),
        ("Стороны подчеркнули важность энергетической безопасности и строительства газопровода.", "energy"),
        ("Les ministres ont examiné les échanges commerciaux et les investissements.", "trade"),
        ("Les deux pays renforcent la lutte contre le terrorisme et l'extrémisme.", "security"),
    ],
)
def test_topics_in_turkish_russian_and_french(text, topic):
    assert topic in [t.code for t in default_extractor().extract(text).topics]


def test_the_statement_records_its_date_and_era_for_the_document_view(tmp_path):
    """GIVEN a speech of 1961 whose sidecar gives the year THEN extra says how its date and countries were read."""
    speech = tmp_path / "speech.txt"
    speech.write_text("Mr. President,\n\nBelgrade has welcomed the Heads of State of the non-aligned countries.\n",
                      encoding="utf-8")
    speech.with_name("speech.meta.json").write_text(json.dumps({"year": 1961}), encoding="utf-8")
    statement = build_statement(speech, "1" * 64, BuildContext(default_extractor()))
    assert statement.date == "1961" and [c.code for c in statement.countries] == ["YUG"]
    assert statement.extra["era_as_of"] == "1961" and statement.extra["era_basis"] == "metadata"
    assert statement.extra["era_readings"] == ["Belgrade, 1918-2003: Yugoslavia"]

    treaty = tmp_path / "treaty.txt"
    treaty.write_text("Treaty\n\nThe Parties recalled the Convention of 12 August 1949.\n\n"
                      "Done at Geneva on 8 June 1977.\n", encoding="utf-8")
    dated = build_statement(treaty, "2" * 64, BuildContext(default_extractor()))
    assert (dated.date, dated.field_sources["date"], dated.extra["date_kind"]) == ("1977-06-08", "text",
                                                                                   "closing formula")
    start, end = dated.extra["date_span"]
    assert dated.text[start:end] == "8 June 1977" and dated.date_confidence >= 0.85

    undated = tmp_path / "note.txt"
    undated.write_text("Note\n\nThe Parties recalled the Convention of 12 August 1949.\n", encoding="utf-8")
    note = build_statement(undated, "3" * 64, BuildContext(default_extractor()))
    assert note.date is None and "12 August 1949" in note.extra["date_reason"]
    assert note.extra["era_basis"] == "today" and note.extra["era_note"] == "resolved as of today because undated"
