"""Reading the scanned pages of a file: PDF pages without a text layer, and every frame of an image.

The step runs between reading a file and extracting from it
(:func:`documents.build.build_statement`), in whichever process reads the
file (an import worker, mostly). Each page is looked up in the OCR cache
first, keyed by the file's SHA-256, the page and the languages asked for,
so a file read once is never read by Tesseract again; a page read now is
put in the cache at once, so a cancelled or killed import keeps it. Without
Tesseract the pages are marked ``scanned`` with the reason, and the file is
imported with the text it has.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from documents.errors import UnreadableDocument
from documents.ocr.engine import Engine, OcrFailed, PageText, detect_script, find_engine, missing_reason, recognise
from documents.ocr.languages import LanguageChooser, script_of
from documents.ocr.pages import ImageFrames, PageUnreadable, PdfPages, open_pages
from documents.readers.base import RawDocument
from documents.statement import OcrPage

log = logging.getLogger("chancery.documents")

PAGE_SEPARATOR = "\n\n"  # as the PDF reader joins pages
PAGE_TIMEOUT = 120.0  # seconds Tesseract may spend on one page
FILE_SECONDS = 30 * 60  # OCR of one file in one import; the rest waits for `chancery ocr`, which resumes
LOW_PAGE_CONFIDENCE = 50.0  # a page read with less is reported, and its script and orientation looked at again


class OcrCancelled(Exception):
    """The import was cancelled while a file's pages were being read (the pages read so far are cached)."""


@dataclass(frozen=True)
class OcrSettings:
    """How a library wants its scans read: plain values, so they travel to the import workers.

    Attributes:
        languages: The library's languages (empty: every default one installed).
        override: Languages for this run as given (``tur+eng``), or None.
        enabled: False leaves scanned pages unread (marked, for later).
        page_timeout: Seconds Tesseract may spend on one page.
        file_seconds: Seconds of OCR one file may take in one run.
    """

    languages: tuple[str, ...] = ()
    override: str | None = None
    enabled: bool = True
    page_timeout: float = PAGE_TIMEOUT
    file_seconds: float = FILE_SECONDS


@dataclass
class CachedPage:
    """One page as the OCR cache keeps it (offsets relative to the page's own text)."""

    status: str  # "ocr" or "blank"
    text: str
    confidence: float
    languages: str
    low: list[tuple[int, int]] = field(default_factory=list)
    engine: str = ""


class OcrCache(Protocol):
    """Where read pages are kept (the library's catalogue provides one)."""

    def get(self, sha256: str, page: int, request: str) -> CachedPage | None:
        """The page read before for this request, or None."""

    def put(self, sha256: str, page: int, request: str, result: CachedPage) -> None:
        """Keeps a page just read."""


@dataclass
class OcrContext:
    """What reading scanned pages needs in one process besides the file.

    Attributes:
        settings: The library's settings and this run's override.
        cache: The OCR cache, or None (``chancery extract`` has no library).
        progress: Called with ``(pages done, pages to read)`` of the current file.
        cancelled: Polled before each page; True stops with :class:`OcrCancelled`.
    """

    settings: OcrSettings = field(default_factory=OcrSettings)
    cache: OcrCache | None = None
    progress: Callable[[int, int], None] | None = None
    cancelled: Callable[[], bool] | None = None


def page_texts(text: str, pages: list[int]) -> list[str]:
    """The text of each page, cut at the offsets where pages start."""
    if not pages:
        return [text]
    ends = [start - len(PAGE_SEPARATOR) for start in pages[1:]] + [len(text)]
    return [text[start:end] for start, end in zip(pages, ends, strict=True)]


def empty_pages(count: int) -> tuple[str, list[int]]:
    """The text and page offsets of ``count`` pages with no text yet (an image's frames)."""
    return PAGE_SEPARATOR.join([""] * count), [i * len(PAGE_SEPARATOR) for i in range(count)]


class _PageReader:
    """Reads the scanned pages of one file, choosing languages page by page."""

    def __init__(self, source: PdfPages | ImageFrames, engine: Engine, context: OcrContext, sha256: str) -> None:
        self.source = source
        self.engine = engine
        self.settings = context.settings
        self.cache = context.cache
        self.sha256 = sha256
        self.chooser = LanguageChooser(engine.languages, self.settings.languages, self.settings.override)
        self._scripts = {script_of(lang) for lang in self.chooser.configured}

    def read(self, index: int) -> CachedPage:
        """Page ``index`` (0-based), from the cache or from Tesseract.

        Raises:
            OcrFailed: Tesseract could not read it.
            PageUnreadable: It cannot be rendered.
        """
        request = self.chooser.request
        if self.cache is not None:
            cached = self.cache.get(self.sha256, index + 1, request)
            if cached is not None:
                return cached
        image, dpi = self.source.render(index)
        checked = False
        if self.chooser.needs_script and self.chooser.script is None:
            image = self._orient(image)
            checked = True
        result = self._recognise(image, self.chooser.languages(), dpi)
        if result.confidence < LOW_PAGE_CONFIDENCE and not checked and self.engine.script_detection:
            # A page read badly may be turned, or in another script than the last one.
            script = self.chooser.script
            turned = self._orient(image)
            if turned is not image or self.chooser.script != script:
                retry = self._recognise(turned, self.chooser.languages(), dpi)
                result = retry if retry.confidence > result.confidence else result
        page = CachedPage("ocr" if result.text.strip() else "blank", result.text, result.confidence,
                          result.languages, result.low, self.engine.version)
        if self.cache is not None:
            self.cache.put(self.sha256, index + 1, request, page)
        return page

    def _recognise(self, image, languages: str, dpi: int | None) -> PageText:
        result = recognise(self.engine, image, languages, self.settings.page_timeout, dpi)
        better = self.chooser.learn(result.text, languages)
        if better:
            # The text is in another of the library's languages: read again with it first.
            result = recognise(self.engine, image, better, self.settings.page_timeout, dpi)
        return result

    def _orient(self, image):
        """Detects the page's script (choosing among the library's) and turns it upright."""
        script, rotate = detect_script(self.engine, image, self.settings.page_timeout)
        if script in self._scripts:
            self.chooser.script = script
        if rotate:
            # Tesseract gives the clockwise turn that puts the page upright; Pillow turns counter-clockwise.
            image = image.rotate(-rotate, expand=True, fillcolor=255)
        return image


def _unread(pages: list[int], reason: str) -> list[OcrPage]:
    return [OcrPage(page=index + 1, status="scanned", reason=reason) for index in pages]


def read_scanned(raw: RawDocument, path: Path, sha256: str, context: OcrContext | None) -> None:
    """Reads the pages of ``raw`` that have no text layer, in place: text, page offsets, ``ocr``, warnings.

    Args:
        raw: What the reader found; ``raw.scanned`` lists the candidate pages.
        path: The file (PDF pages are rendered from it, image frames decoded).
        sha256: The file's SHA-256 (the cache's key).
        context: Settings, cache, progress and cancel; None reads nothing
            and marks the scanned pages for later.

    Raises:
        UnreadableDocument: The file holds nothing to read (a PDF of blank
            pages, an image too large, or damaged on every page).
        OcrCancelled: ``context.cancelled`` said so between two pages.
    """
    if not raw.scanned or raw.ocr:
        return
    try:
        source = open_pages(path, raw.reader)
    except PageUnreadable as exc:
        if raw.reader == "image" or not raw.text.strip():
            raise UnreadableDocument(str(path), exc.reason) from exc
        raw.warnings.append(f"pages without text could not be rendered for OCR ({exc.reason})")
        return
    if source is None:
        return
    with source:
        scans = [index for index in raw.scanned if index < source.count and source.is_scan(index)]
        if not scans:
            if not raw.text.strip():
                raise UnreadableDocument(str(path), "the PDF has no text layer and no scanned images: "
                                                    "its pages are blank")
            return
        texts = page_texts(raw.text, raw.pages)
        pages = _read_pages(source, scans, texts, sha256, context)
    _apply(raw, path, texts, pages)


def _read_pages(source, scans: list[int], texts: list[str], sha256: str,
                context: OcrContext | None) -> list[OcrPage]:
    """Reads each scanned page into ``texts``; returns how each page went (offsets still page-relative)."""
    settings = context.settings if context else OcrSettings(enabled=False)
    engine = find_engine() if settings.enabled else None
    if engine is None:
        reason = ("OCR is switched off" if not settings.enabled else missing_reason()) if context else \
            "OCR was not run"
        return _unread(scans, reason)
    reader = _PageReader(source, engine, context, sha256)
    started = time.monotonic()
    pages: list[OcrPage] = []
    for done, index in enumerate(scans):
        if context.cancelled and context.cancelled():
            raise OcrCancelled()
        if time.monotonic() - started > settings.file_seconds:
            minutes = settings.file_seconds / 60
            pages += _unread(scans[done:], f"not read yet: OCR of one file stops after {minutes:.0f} minutes in "
                                           "an import; Run OCR on Scanned Statements reads the rest")
            break
        try:
            result = reader.read(index)
        except OcrFailed as exc:  # a timeout, a Tesseract error: worth another try later
            pages.append(OcrPage(page=index + 1, status="failed", reason=exc.reason))
        except PageUnreadable as exc:  # the page itself is damaged: no later run will read it
            pages.append(OcrPage(page=index + 1, status="damaged", reason=exc.reason))
        else:
            layer = texts[index].strip()
            if layer and len(result.text.strip()) <= len(layer):
                pages.append(OcrPage(page=index + 1, status="layer"))  # the text layer said it all
            else:
                texts[index] = result.text
                pages.append(OcrPage(page=index + 1, status=result.status, confidence=result.confidence,
                                     languages=result.languages, low=list(result.low)))
        if context.progress:
            context.progress(done + 1, len(scans))
    return [page for page in pages if page.status != "layer"]


def _apply(raw: RawDocument, path: Path, texts: list[str], pages: list[OcrPage]) -> None:
    """Joins the pages again, makes the low-confidence offsets absolute and says what went wrong."""
    raw.text = PAGE_SEPARATOR.join(texts)
    raw.pages = []
    position = 0
    for text in texts:
        raw.pages.append(position)
        position += len(text) + len(PAGE_SEPARATOR)
    for page in pages:
        start = raw.pages[page.page - 1]
        page.low = [(start + a, start + b) for a, b in page.low]
    raw.ocr = pages
    if not raw.text.strip():
        damaged = [p for p in pages if p.status == "damaged"]
        if damaged and len(damaged) == len(pages):
            raise UnreadableDocument(str(path), f"page {damaged[0].page}: {damaged[0].reason}")
        if pages and all(p.status == "blank" for p in pages):
            # Kept, so it is not read again at every import, and said once in the report.
            noun = "page" if len(pages) == 1 else f"{len(pages)} pages"
            raw.warnings.append(f"OCR found no text on its {noun} (a photograph, or a blank or unreadable scan)")
        if not raw.title:
            raw.title, raw.title_source = path.stem, "file name"
    for page in pages:
        if page.status in ("failed", "damaged"):
            raw.warnings.append(f"page {page.page} was not read by OCR: {page.reason}")
        elif page.status == "ocr" and page.confidence < LOW_PAGE_CONFIDENCE:
            raw.warnings.append(f"page {page.page} was read by OCR with low confidence ({page.confidence:.0f}%); "
                                "compare it with the page image")
