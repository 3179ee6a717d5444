"""Scans without Tesseract, and hostile scans: each gets a clear reason and bounded time, and nothing else is lost."""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

import documents.ocr.scanned as scanned
from documents.build import BuildContext, file_sha256, statements_from_file
from documents.extract import default_extractor
from documents.ocr import OcrCancelled, OcrContext, OcrSettings
from index import Library, OcrUnavailable
from tests.fixtures_docs import make_text
from tests.ocr_inputs import ENGLISH, need_tesseract, scanned_pdf, scanned_png, scanned_tiff


@pytest.fixture
def no_tesseract(monkeypatch):
    """This machine has no Tesseract (for the importing process; small imports read files in it)."""
    monkeypatch.setattr(scanned, "find_engine", lambda refresh=False: None)
    monkeypatch.setattr(scanned, "missing_reason", lambda: "Tesseract is not installed")
    import index.ingest.importer as importer
    import index.ocr.library_methods as methods

    monkeypatch.setattr(importer, "find_engine", lambda refresh=False: None)
    monkeypatch.setattr(methods, "find_engine", lambda refresh=False: None)
    monkeypatch.setattr(methods, "missing_reason", lambda: "Tesseract is not installed")


def _png_header(path: Path, width: int, height: int) -> Path:
    """A PNG that claims ``width`` × ``height`` pixels (a decompression bomb needs no more than its header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))
    return path


def _context(**settings) -> BuildContext:
    return BuildContext(default_extractor(), ocr=OcrContext(settings=OcrSettings(**settings)))


def test_without_tesseract_scans_are_imported_marked_and_said_once(tmp_path, no_tesseract):
    folder = tmp_path / "archive"
    folder.mkdir()
    scanned_pdf(folder / "a.pdf", [ENGLISH, ENGLISH])
    scanned_tiff(folder / "b.tiff", [ENGLISH, ENGLISH, ENGLISH])
    make_text(folder / "c.txt", "A readout with a text of its own about the grain corridor.")
    with Library.open(tmp_path / "library") as library:
        report = library.import_paths([folder])
        assert report.added == 3 and not report.problems  # no warning per file: one note for the import
        assert (report.unread_pages, report.unread_statements, report.ocr_missing) == (5, 2, True)
        note = report.ocr_note()
        assert "5 scanned pages in 2 statements were not read: Tesseract is not installed" in note
        assert "install Tesseract" in note and "chancery ocr" in note
        assert "5 scanned pages not read" in report.summary()
        result = library.search("ocr:scanned")
        assert {library.document(h.doc_id).title for h in result.hits} == {"a", "b"}
        assert sorted(library.unread_ids()) == sorted(h.doc_id for h in result.hits)
        with pytest.raises(OcrUnavailable, match="Tesseract is not installed"):
            library.run_ocr()


def test_statements_imported_without_tesseract_are_read_later(tmp_path, monkeypatch):
    need_tesseract("eng")
    folder = tmp_path / "archive"
    folder.mkdir()
    scanned_png(folder / "scan.png", ENGLISH)
    with Library.open(tmp_path / "library") as library:
        with monkeypatch.context() as patch:
            patch.setattr(scanned, "find_engine", lambda refresh=False: None)
            library.import_paths([folder])
        assert library.search("Baku").total == 0 and library.search("ocr:scanned").total == 1
        [doc_id] = library.unread_ids()
        report = library.run_ocr()
        assert report.updated == 1 and report.ocr_pages == 1 and not report.problems
        assert library.unread_ids() == [] and library.search("ocr:scanned").total == 0
        hits = library.search("Baku")
        assert [h.doc_id for h in hits.hits] == [doc_id]  # the same statement, its id kept
        assert library.count() == 1
        assert [e.kind for e in library.history(doc_id)] == ["imported", "ocr"]


def test_an_image_of_20000_by_20000_pixels_is_refused_with_the_reason(tmp_path):
    bomb = _png_header(tmp_path / "bomb.png", 20_000, 20_000)
    with Library.open(tmp_path / "library") as library:
        started = time.monotonic()
        report = library.import_paths([bomb, make_text(tmp_path / "ok.txt", "Statement on the grain corridor.")])
        assert time.monotonic() - started < 20
        assert report.added == 1
        [problem] = report.problems
        assert problem.skipped and "too large" in problem.reason and "megapixels" in problem.reason


def test_a_corrupt_tiff_is_reported_and_the_rest_imported(tmp_path):
    good = scanned_tiff(tmp_path / "good.tiff", ["one", "two"])
    corrupt = tmp_path / "corrupt.tif"
    corrupt.write_bytes(good.read_bytes()[:2000])
    (tmp_path / "junk.tif").write_bytes(b"II*\x00" + bytes(range(256)) * 4)
    with Library.open(tmp_path / "library") as library:
        report = library.import_paths([corrupt, tmp_path / "junk.tif", make_text(tmp_path / "ok.txt", "Readout.")])
        assert report.added + report.updated <= 3 and library.search("Readout").total == 1
        reasons = {Path(p.path).name: p.reason for p in report.problems}
        assert set(reasons) <= {"corrupt.tif", "junk.tif"} and "junk.tif" in reasons
        assert all("damaged" in reason or "cannot" in reason for reason in reasons.values()), reasons


def test_an_image_with_no_text_is_kept_with_a_clear_reason(tmp_path):
    need_tesseract("eng")
    Image.new("L", (900, 1200), 255).save(tmp_path / "photo.png")
    with Library.open(tmp_path / "library") as library:
        report = library.import_paths([tmp_path / "photo.png"])
        [problem] = report.problems
        assert not problem.skipped and "OCR found no text" in problem.reason
        assert library.search("ocr:blank").total == 1 and library.unread_ids() == []


def test_a_pdf_of_blank_pages_is_reported_as_blank(tmp_path):
    from tests.fixtures_docs import make_pdf

    with Library.open(tmp_path / "library") as library:
        report = library.import_paths([make_pdf(tmp_path / "blank.pdf", ["", ""])])
        [problem] = report.problems
        assert problem.skipped and "no text layer and no scanned images" in problem.reason


def test_a_long_scan_stops_within_its_time_and_leaves_the_rest_for_later(tmp_path):
    need_tesseract("eng")
    path = scanned_pdf(tmp_path / "long.pdf", ["First page of a long scan about fisheries."] + [""] * 11)
    started = time.monotonic()
    [statement] = statements_from_file(path, file_sha256(path), _context(file_seconds=1.0))
    assert time.monotonic() - started < 30
    statuses = [page.status for page in statement.ocr]
    assert statuses[0] == "ocr" and statuses[-1] == "scanned" and len(statuses) == 12
    assert "fisheries" in statement.text
    assert "stops after" in statement.ocr[-1].reason


def test_ocr_is_cancelled_between_pages(tmp_path):
    need_tesseract("eng")
    path = scanned_pdf(tmp_path / "scan.pdf", [ENGLISH, ENGLISH, ENGLISH])
    done = []
    context = BuildContext(default_extractor(), ocr=OcrContext(progress=lambda d, t: done.append((d, t)),
                                                                 cancelled=lambda: bool(done)))
    with pytest.raises(OcrCancelled):
        statements_from_file(path, file_sha256(path), context)
    assert done == [(1, 3)]


def test_a_two_thousand_page_scan_is_read_one_page_at_a_time(tmp_path):
    """GIVEN a 2,000-page scan WHEN its pages are read within a few seconds THEN memory stays bounded and the
    pages left are marked for later, each with the reason."""
    need_tesseract("eng")
    import tracemalloc

    small = Image.new("L", (120, 170), 255)
    path = tmp_path / "book.pdf"
    small.save(path, save_all=True, append_images=[small] * 1999, resolution=20)
    tracemalloc.start()
    [statement] = statements_from_file(path, file_sha256(path), _context(file_seconds=3.0))
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(statement.ocr) == 2000
    assert statement.ocr[-1].status == "scanned"
    assert peak < 200 * 1024 * 1024
