"""OCR of scanned statements with Tesseract: finding the engine, page images, languages, the reading step.

``engine`` finds and runs Tesseract, ``pages`` renders PDF pages and decodes
image frames within memory limits, ``languages`` chooses the languages of
each page, and ``scanned`` is the step :mod:`documents.build` runs on the
pages of a file that have no text layer. docs/ocr.md describes it all.
"""

from documents.ocr.engine import Engine, find_engine, missing_reason
from documents.ocr.languages import DEFAULT_LANGUAGES, parse_languages, unknown_languages
from documents.ocr.scanned import CachedPage, OcrCache, OcrCancelled, OcrContext, OcrSettings, read_scanned

__all__ = [
    "DEFAULT_LANGUAGES",
    "CachedPage",
    "Engine",
    "OcrCache",
    "OcrCancelled",
    "OcrContext",
    "OcrSettings",
    "find_engine",
    "missing_reason",
    "parse_languages",
    "read_scanned",
    "unknown_languages",
]
