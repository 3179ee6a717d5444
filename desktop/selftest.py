"""``chancery --selftest``: prove the real paths work on this machine.

Imports the bundled samples into a temporary library, searches, checks
facet counts against a brute-force count from the catalogue, renders the
main window offscreen and optionally saves a screenshot.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from documents.readers import supported_extensions


class SelftestFailure(Exception):
    """A check failed; the message says which."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelftestFailure(message)


def _core_checks(library, say) -> None:
    from index import SearchRequest, samples_dir

    report = library.import_samples()
    say(f"imported samples: {report.summary()}")
    _check(not [p for p in report.problems if p.skipped], f"sample files were skipped: {report.problems}")
    formats = {p.suffix.lower() for p in samples_dir().iterdir() if p.name.lower() != "readme.md"}
    formats &= supported_extensions()
    readers = {library.document(i).provenance.reader for i in library.ids()}
    say(f"formats in the samples: {', '.join(sorted(formats))}; readers used: {', '.join(sorted(readers))}")
    _check(len(readers) >= len(formats), f"not every sample format was read (readers: {sorted(readers)})")

    result = library.search(SearchRequest(text="Kazakhstan", limit=50))
    _check(result.total > 0, "searching for Kazakhstan found nothing")
    rows = library.rows(h.doc_id for h in result.hits)
    seed = [r for r in rows.values() if "Türkiye and Kazakhstan" in r.title]
    _check(bool(seed), "the seed statement was not found by searching for Kazakhstan")
    _check({"TUR", "KAZ"} <= set(seed[0].countries), f"seed countries are {seed[0].countries}, expected TUR and KAZ")
    say(f"search 'Kazakhstan': {result.total} hits in {result.elapsed_ms:.1f} ms")

    everything = library.search(SearchRequest(limit=None))
    brute: Counter[tuple[str, str]] = Counter()
    for statement in library.statements():
        for entity in statement.countries:
            brute["country", entity.code] += 1
        for entity in statement.organisations:
            brute["organisation", entity.code] += 1
        for entity in statement.topics:
            brute["topic", entity.code] += 1
    for field in ("country", "organisation", "topic"):
        for count in everything.facets[field]:
            expected = brute[field, count.value]
            _check(count.count == expected, f"facet {field}={count.value}: index says {count.count}, "
                                            f"catalogue says {expected}")
    checked = sum(len(everything.facets[f]) for f in ("country", "organisation", "topic"))
    say(f"facet counts match the catalogue for {checked} values")


def _worker_checks(library, folder: Path, say) -> None:
    """Imports enough files for worker processes, which a frozen build must be able to start."""
    from index import IMPORT_POOL_THRESHOLD

    count = IMPORT_POOL_THRESHOLD + 8
    folder.mkdir()
    for number in range(count):
        (folder / f"note-{number:03}.txt").write_text(
            f"Note {number} on maritime cooperation with Norway, reference selftest{number}.\n", encoding="utf-8")
    report = library.import_paths([folder], remember=False)
    say(f"imported {count} files in worker processes: {report.summary()}")
    _check(report.added == count and not report.problems, f"the worker import added {report.added} of {count}")
    hits = library.search("selftest7")
    _check(hits.total == 1, f"a file imported by a worker was not found ({hits.total} hits)")


def _ocr_checks(folder: Path, say) -> None:
    """Reads a page drawn here, when this machine has Tesseract (the bundle finds the system's)."""
    from documents.ocr import find_engine, missing_reason

    engine = find_engine()
    if engine is None:
        say(f"OCR: {missing_reason()}; scanned pages would be imported unread and marked for later")
        return
    from PIL import Image, ImageDraw, ImageFont

    from documents.build import BuildContext, file_sha256, statements_from_file
    from documents.extract import default_extractor
    from documents.ocr import OcrContext

    image = Image.new("L", (1400, 400), 255)
    ImageDraw.Draw(image).text((60, 150), "Selftest communique on fisheries", fill=0,
                               font=ImageFont.load_default(size=56))
    path = folder / "selftest-scan.png"
    image.save(path)
    context = BuildContext(default_extractor(), ocr=OcrContext())
    [statement] = statements_from_file(path, file_sha256(path), context)
    _check("fisheries" in statement.text.lower(), f"OCR did not read the test page (it read {statement.text!r})")
    say(f"OCR: Tesseract {engine.version} read a page drawn here (confidence {statement.ocr[0].confidence:.0f}%)")


def _gui_checks(library, screenshot: Path | None, say) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop.app import application
    from desktop.main_window import MainWindow
    from desktop.settings import Settings

    app = application()
    settings = Settings(str(Path(library.folder) / "selftest-settings.ini"))
    window = MainWindow(library, settings)
    window.resize(1360, 860)
    window.show()
    loop = QEventLoop()
    window.document_shown.connect(lambda _id: loop.quit())
    QTimer.singleShot(15000, loop.quit)
    window.search_box.setText("Kazakhstan")
    window.search_now()
    loop.exec()
    _check(window.last_result is not None and window.last_result.total > 0, "the window showed no results")
    _check(bool(window.document_view.highlighted_texts()), "the document view highlighted nothing")
    app.processEvents()
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        _check(window.grab().save(str(screenshot)), f"could not save the screenshot to {screenshot}")
        say(f"screenshot saved to {screenshot}")
    window.close()
    say(f"window rendered: {window.last_result.total} results, "
        f"{len(window.document_view.highlighted_texts())} highlights")


def _offline(event: str, args: tuple) -> None:
    """Fails the self-test the moment anything tries to reach another machine.

    Imports nothing: an import inside an audit hook runs shiboken's import hook,
    whose own audited calls come back here, until the recursion limit.
    """
    if event == "socket.connect" and args[0].family in (socket.AF_INET, socket.AF_INET6):
        raise SelftestFailure(f"a network connection was attempted to {args[1]!r}")
    if event == "socket.getaddrinfo" and args[0] not in (None, "", "localhost", "127.0.0.1", "::1"):
        raise SelftestFailure(f"a host name was looked up: {args[0]!r}")


def run_selftest(screenshot: Path | None = None) -> int:
    """Runs every check; prints progress and returns a process exit code."""
    from index import Library

    sys.addaudithook(_offline)
    started = time.perf_counter()

    def say(text: str) -> None:
        print(f"selftest: {text}", flush=True)

    try:
        with tempfile.TemporaryDirectory(prefix="chancery-selftest-") as tmp:
            library = Library.open(Path(tmp) / "library")
            try:
                _core_checks(library, say)
                _worker_checks(library, Path(tmp) / "notes", say)
                _ocr_checks(Path(tmp), say)
                _gui_checks(library, screenshot, say)
            finally:
                library.close()
    except SelftestFailure as exc:
        print(f"selftest FAILED: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # any crash is a failure with its reason
        import traceback

        traceback.print_exc()
        print(f"selftest FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    say("no network connection was attempted")
    say(f"all checks passed in {time.perf_counter() - started:.1f} s")
    return 0
