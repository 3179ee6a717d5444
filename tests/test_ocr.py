"""OCR of scanned statements: scans the tests make themselves are imported, read by Tesseract and found by search.

Every test that needs Tesseract or the DejaVu font skips with the reason
(``.ci/run`` installs both). The scans are imported once into a shared
library; tests that change a library work on a copy.
"""

from __future__ import annotations

import bisect
import shutil
from pathlib import Path

import pytest

from documents.statement import OcrPage, Statement
from index import Library, SearchRequest
from tests.ocr_inputs import (
    ENGLISH,
    RUSSIAN,
    TURKISH,
    mixed_pdf,
    need_tesseract,
    scanned_pdf,
    scanned_png,
    scanned_tiff,
)


@pytest.fixture(scope="session")
def scans(tmp_path_factory) -> Path:
    """A folder of scans: a PDF without text layer, a two-page TIFF, a Turkish and a Russian page, a mixed PDF."""
    folder = tmp_path_factory.mktemp("scans")
    scanned_pdf(folder / "communique-scan.pdf", [ENGLISH, "Annex\nThe delegations signed the protocol on fisheries."])
    scanned_tiff(folder / "fax-readout.tiff", ["Readout of the telephone call\nThe ministers discussed the "
                                               "humanitarian corridor and the grain shipments.",
                                               "Second page of the fax\nBoth sides condemned the shelling of the "
                                               "Zaporizhzhia nuclear power plant."])
    scanned_png(folder / "ortak-bildiri.png", TURKISH)
    scanned_png(folder / "zayavlenie.png", RUSSIAN)
    mixed_pdf(folder / "mixed.pdf", "Readout of the summit between the presidents of France and Germany on "
                                    "industrial policy.", ENGLISH)
    return folder


@pytest.fixture(scope="session")
def ocr_library_dir(tmp_path_factory, scans) -> Path:
    """The scans imported once, with OCR (copy it before writing)."""
    need_tesseract("eng", "tur", "rus")
    folder = tmp_path_factory.mktemp("ocr-library") / "library"
    with Library.open(folder) as library:
        report = library.import_paths([scans])
        assert not report.problems, report.problems
        assert report.ocr_pages == 7
    return folder


@pytest.fixture
def ocr_library(ocr_library_dir):
    with Library.open(ocr_library_dir, read_only=True) as library:
        yield library


def _found(library: Library, query: str) -> dict[str, set[int]]:
    """File name -> the pages the hits of ``query`` are on."""
    result = library.search(SearchRequest(text=query, limit=50))
    found: dict[str, set[int]] = {}
    for hit in result.hits:
        statement = library.document(hit.doc_id)
        offsets = library.highlights(statement.text, result.terms)
        pages = {bisect.bisect_right(statement.pages, start) for start, _end in offsets} if statement.pages else {1}
        found[Path(statement.source_path).name] = pages
    return found


def test_a_pdf_without_text_layer_is_found_by_its_words_with_the_page(ocr_library):
    assert _found(ocr_library, "corridor")["communique-scan.pdf"] == {1}
    assert _found(ocr_library, "fisheries") == {"communique-scan.pdf": {2}}


def test_each_page_of_a_multi_page_tiff_is_read(ocr_library):
    assert _found(ocr_library, "grain") == {"fax-readout.tiff": {1}}
    assert _found(ocr_library, "Zaporizhzhia") == {"fax-readout.tiff": {2}}


def test_a_turkish_page_is_read_in_turkish_and_a_russian_one_in_russian(ocr_library):
    assert "ortak-bildiri.png" in _found(ocr_library, "müzakerelerin")
    assert "ortak-bildiri.png" in _found(ocr_library, "işbirliğinin")  # ı, ş and ğ survive: Turkish was read first
    assert _found(ocr_library, "Казахстаном") == {"zayavlenie.png": {1}}
    by_name = {Path(s.source_path).name: s for s in ocr_library.statements()}
    assert by_name["ortak-bildiri.png"].ocr[0].languages.startswith("tur")
    assert by_name["zayavlenie.png"].ocr[0].languages.startswith("rus")
    assert by_name["ortak-bildiri.png"].language == "tr" and by_name["zayavlenie.png"].language == "ru"


def test_extraction_runs_on_the_ocr_text(ocr_library):
    by_name = {Path(s.source_path).name: s for s in ocr_library.statements()}
    assert {"TUR", "KAZ"} <= set(by_name["ortak-bildiri.png"].country_codes())
    assert {"KAZ", "AZE"} <= set(by_name["zayavlenie.png"].country_codes())
    assert ocr_library.search("country:KAZ ocr:read").total == 4


def test_a_mixed_pdf_keeps_its_text_layer_and_reads_its_scanned_page(ocr_library):
    [statement] = [s for s in ocr_library.statements() if s.source_path.endswith("mixed.pdf")]
    assert [(p.page, p.status) for p in statement.ocr] == [(2, "ocr")]
    assert _found(ocr_library, "industrial") == {"mixed.pdf": {1}}
    assert _found(ocr_library, "Baku")["mixed.pdf"] == {2}


def test_ocr_text_is_marked_with_its_confidence_and_faint_words_point_into_the_text(ocr_library):
    for statement in ocr_library.statements():
        for page in statement.ocr:
            assert page.status == "ocr" and 50 < page.confidence <= 100 and page.languages
            start = statement.pages[page.page - 1]
            end = statement.pages[page.page] if page.page < len(statement.pages) else len(statement.text)
            for low_start, low_end in page.low:
                assert start <= low_start < low_end <= end
                assert statement.text[low_start:low_end].strip()


def test_a_rebuild_and_a_removed_then_reimported_file_never_ocr_again(ocr_library_dir, scans, tmp_path, monkeypatch):
    folder = tmp_path / "library"
    shutil.copytree(ocr_library_dir, folder)
    import documents.ocr.scanned as scanned

    def no_tesseract(*_args, **_kwargs):
        raise AssertionError("Tesseract ran on a page the cache holds")

    monkeypatch.setattr(scanned, "recognise", no_tesseract)
    monkeypatch.setattr(scanned, "detect_script", no_tesseract)
    with Library.open(folder) as library:
        library.rebuild_index()
        assert library.search("Zaporizhzhia").total == 1
        library.import_paths([scans], missing="remove", exclude=lambda p: p.name == "fax-readout.tiff")
        assert library.search("Zaporizhzhia").total == 0
        report = library.import_paths([scans])  # its bytes come back: read again, the pages from the cache
        assert report.added == 1 and report.ocr_pages == 2
        assert library.search("Zaporizhzhia").total == 1


def test_the_languages_can_be_chosen_for_one_import(scans, tmp_path):
    need_tesseract("rus")
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(scans / "zayavlenie.png", folder)
    with Library.open(tmp_path / "library") as library:
        library.import_paths([folder], ocr_languages="rus")
        [statement] = list(library.statements())
        assert statement.ocr[0].languages == "rus"
        with pytest.raises(ValueError, match="no data for xyz"):
            library.import_paths([folder], ocr_languages="xyz")


def test_library_languages_are_a_setting_of_the_library(tmp_path):
    engine = need_tesseract("eng", "tur")
    with Library.open(tmp_path / "library") as library:
        assert library.ocr_languages()[0] == "eng"
        assert library.set_ocr_languages("tur+eng") == ("tur", "eng")
        assert library.ocr_settings().languages == ("tur", "eng")
        with pytest.raises(ValueError, match="no data for"):
            library.set_ocr_languages("eng+klingon")
        status = library.ocr_status()
        assert status.engine.startswith(f"Tesseract {engine.version}") and status.languages == ("tur", "eng")


def test_a_statement_keeps_its_ocr_pages_and_an_old_one_reads_without(tmp_path):
    statement = Statement(id="x", source_path="/a.png", content_hash="h", title="t", date=None, text="one two",
                          ocr=[OcrPage(page=1, status="ocr", confidence=91.5, languages="eng", low=[(4, 7)])])
    again = Statement.from_dict(statement.to_dict())
    assert again.ocr == statement.ocr and again.ocr[0].low == [(4, 7)]
    old = statement.to_dict()
    del old["ocr"]
    assert Statement.from_dict(old).ocr == [] and Statement.from_dict(old).unread_pages == []
