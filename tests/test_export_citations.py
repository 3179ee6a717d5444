"""Citations: Chicago notes-bibliography and APA for a treaty, a speech and a joint statement, from shipped styles."""

from __future__ import annotations

import inspect
import sys

import pytest
from citeproc import model

from documents import resources
from index.export.citations import STYLES, Citer, citation_style, cite
from index.export.citeproc_fixes import punctuation_inside_quotes
from tests.fixtures_export import HOSTILE, JOINT_STATEMENT, SPEECH, TREATY, UNDATED

TREATY_TITLE = ("Treaty on Eternal Friendship and Comprehensive Strategic Partnership Between the Republic of Türkiye "
                "and the Republic of Kazakhstan")
TR_MFA = "Ministry of Foreign Affairs of the Republic of Türkiye"

EXPECTED = {
    ("chicago", "note", "treaty"): f"{TREATY_TITLE}, {TR_MFA}, October 13, 2022, https://www.mfa.gov.tr/treaty.",
    ("chicago", "bibliography", "treaty"): f"{TREATY_TITLE}, {TR_MFA}, October 13, 2022. "
                                           "https://www.mfa.gov.tr/treaty.",
    ("chicago", "note", "speech"): "António Guterres, “Address to the General Assembly,” speech or address, "
                                   "United Nations, September 20, 2022, un/sg.txt, Chancery, "
                                   "https://www.un.org/sg/speech.",
    ("chicago", "bibliography", "speech"): "Guterres, António. “Address to the General Assembly.” Speech or address. "
                                           "United Nations, September 20, 2022. Un/sg.txt. Chancery. "
                                           "https://www.un.org/sg/speech.",
    ("chicago", "note", "joint"): "Ministry of Foreign Affairs, Japan, “Joint Statement of the Presidents of "
                                  "Türkiye and Kazakhstan,” joint statement, October 2022, tr-kz.md, Chancery.",
    ("chicago", "bibliography", "joint"): "Ministry of Foreign Affairs, Japan. “Joint Statement of the Presidents of "
                                          "Türkiye and Kazakhstan.” Joint statement. October 2022. Tr-kz.md. Chancery.",
    ("apa", "note", "treaty"): f"({TREATY_TITLE}, 2022)",
    ("apa", "bibliography", "treaty"): f"{TREATY_TITLE}, {TR_MFA}, October 13, 2022. https://www.mfa.gov.tr/treaty",
    ("apa", "note", "speech"): "(Guterres, 2022)",
    ("apa", "bibliography", "speech"): "Guterres, A. (2022, September 20). Address to the General Assembly [Speech or "
                                       "address]. United Nations. Chancery (un/sg.txt). https://www.un.org/sg/speech",
    ("apa", "note", "joint"): "(Ministry of Foreign Affairs, Japan, 2022)",
    ("apa", "bibliography", "joint"): "Ministry of Foreign Affairs, Japan. (2022, October). Joint Statement of the "
                                      "Presidents of Türkiye and Kazakhstan [Joint statement]. Chancery (tr-kz.md).",
}
RECORDS = {"treaty": TREATY, "speech": SPEECH, "joint": JOINT_STATEMENT}


@pytest.fixture(scope="module", params=list(STYLES))
def citer(request):
    return Citer(request.param)


@pytest.mark.parametrize("kind", list(RECORDS))
@pytest.mark.parametrize("form", ["note", "bibliography"])
def test_citations_match_the_styles_expected_output(citer, form, kind):
    record = RECORDS[kind]
    rendered = citer.citation(record) if form == "note" else citer.bibliography_entry(record)
    assert rendered == EXPECTED[(citer.style.name, form, kind)]


def test_a_bibliography_is_sorted_by_author_then_title(citer):
    entries = citer.bibliography([TREATY, SPEECH, JOINT_STATEMENT])
    assert [e[:8] for e in entries] == ["Guterres", "Ministry", "Treaty o"]


def test_html_output_italicises_what_the_style_italicises_and_escapes_the_rest():
    apa = Citer("apa")
    assert "<i>Address to the General Assembly</i>" in apa.bibliography_entry(SPEECH, output="html")
    hostile = apa.bibliography_entry(HOSTILE, output="html")
    assert "<script>" not in hostile
    with pytest.raises(ValueError, match="text or html"):
        apa.citation(SPEECH, output="rtf")


def test_cite_offers_both_forms_and_rejects_unknown_styles():
    assert cite(SPEECH, "apa") == "(Guterres, 2022)"
    assert cite(SPEECH, "apa", form="bibliography").startswith("Guterres, A. (2022")
    with pytest.raises(ValueError, match="chicago, apa"):
        citation_style("mla")
    with pytest.raises(ValueError, match="note or bibliography"):
        cite(SPEECH, "apa", form="footnote")


def test_styles_load_through_the_resource_resolver_from_a_bundle(tmp_path, monkeypatch):
    csl = tmp_path / "resources" / "csl"
    csl.mkdir(parents=True)
    for style in STYLES.values():
        (tmp_path / "resources" / style.resource).write_bytes(resources.resource_path(style.resource).read_bytes())
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert Citer("apa").citation(SPEECH) == "(Guterres, 2022)"


def test_the_shipped_styles_are_the_official_ones_with_their_licence():
    for style in STYLES.values():
        text = resources.read_text(style.resource)
        assert "http://www.zotero.org/styles/" in text and "creativecommons.org/licenses/by-sa/3.0" in text
    assert "CC BY-SA 3.0" in resources.read_text("csl/README.md")


def test_the_citeproc_internal_the_fix_relies_on_is_still_there():
    """GIVEN citeproc-py WHEN upgraded THEN Name.initialize keeps the signature the initialize="false" fix wraps."""
    assert list(inspect.signature(model.Name.initialize).parameters) == ["self", "given", "mark", "context"]


def test_punctuation_moves_inside_closing_quotes():
    assert punctuation_inside_quotes("“Title”, next. “End”.") == "“Title,” next. “End.”"
    assert punctuation_inside_quotes("States’, not moved") == "States’, not moved"


def test_a_statement_without_an_author_is_cited_by_its_title_once():
    """The title stands in for the missing author and is not repeated (CSL's substitute rule)."""
    assert cite(UNDATED, "chicago") == "“Readout of a Call,” readout, n.d., readout.txt, Chancery."
    assert cite(UNDATED, "chicago", form="bibliography") == "“Readout of a Call.” Readout. n.d. Readout.txt. Chancery."
    assert cite(UNDATED, "apa", form="bibliography") == "Readout of a call. (n.d.). [Readout]. Chancery (readout.txt)."
