"""Tesseract, found on this machine and driven through pytesseract (its command line).

Chancery does not carry Tesseract (see docs/ocr.md for what carrying it would
cost); it uses the one installed on the system: ``CHANCERY_TESSERACT`` if
set, else ``tesseract`` on the ``PATH``, else the places the Windows and
macOS installers put it. Each page is one ``tesseract`` run with TSV output,
so every word comes back with its confidence and its line; the page's text
is laid out from those lines, and the offsets of words read with low
confidence are kept so the document view can show them faintly.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytesseract
from PIL import Image

log = logging.getLogger("chancery.documents")

ENV_BINARY = "CHANCERY_TESSERACT"
# Where the Windows (UB Mannheim) installer and Homebrew put the binary, when it is not on the PATH.
_CANDIDATES = (
    r"C:\Program Files\Tesseract-OCR\tesseract.exe",
    r"C:\Program Files (x86)\Tesseract-OCR\tesseract.exe",
    "/opt/homebrew/bin/tesseract",
    "/usr/local/bin/tesseract",
)
LOW_CONFIDENCE = 60.0  # a word read with less is shown faintly (it stays searchable)
NOISE_CONFIDENCE = 30.0  # punctuation read with less is a speck of dirt, not text
SCRIPT_DETECTION = "osd"  # the traineddata that detects the script and the orientation

# Tesseract's OpenMP threads fight the import's worker processes (one per core) for
# the cores: on two cores a page took 3.2 s with them and 1.6 s without.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class OcrFailed(Exception):
    """Tesseract could not read a page; ``reason`` says why in words a person understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Engine:
    """The Tesseract this machine has.

    Attributes:
        path: The ``tesseract`` executable.
        version: Its version (``5.3.0``).
        languages: The installed language data (``eng``, ``tur``...), without ``osd``.
        script_detection: Whether ``osd`` is installed (script and orientation detection).
    """

    path: str
    version: str
    languages: tuple[str, ...]
    script_detection: bool


@dataclass
class PageText:
    """What Tesseract read on one page.

    Attributes:
        text: The page's text, lines as read, paragraphs separated by a blank line.
        confidence: Mean confidence of its words, 0..100 (0 when there are none).
        low: ``(start, end)`` offsets in ``text`` of the words read with low confidence.
        languages: The languages it was read with.
    """

    text: str
    confidence: float
    languages: str
    low: list[tuple[int, int]] = field(default_factory=list)


_found: tuple[Engine | None, str] | None = None
_lock = threading.Lock()


def _binary() -> str | None:
    configured = os.environ.get(ENV_BINARY)
    if configured:
        return configured if Path(configured).is_file() else None
    on_path = shutil.which("tesseract")
    if on_path:
        return on_path
    return next((c for c in _CANDIDATES if Path(c).is_file()), None)


def _probe(path: str) -> tuple[Engine | None, str]:
    run = {"capture_output": True, "text": True, "timeout": 20, "check": False}
    if sys.platform == "win32":
        run["creationflags"] = subprocess.CREATE_NO_WINDOW
    try:
        version_out = subprocess.run([path, "--version"], **run)
        languages_out = subprocess.run([path, "--list-langs"], **run)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"Tesseract at {path} cannot be run ({exc})"
    first = (version_out.stdout or version_out.stderr).strip().splitlines()
    version = first[0].split()[-1] if first else "unknown"
    names = [line.strip() for line in languages_out.stdout.splitlines()[1:] if line.strip()]
    languages = tuple(name for name in names if name != SCRIPT_DETECTION)
    if not languages:
        return None, f"Tesseract {version} at {path} has no language data installed (see docs/ocr.md)"
    return Engine(path, version, languages, SCRIPT_DETECTION in names), ""


def find_engine(refresh: bool = False) -> Engine | None:
    """The Tesseract installed on this machine, or None (see :func:`missing_reason`).

    Looked up once per process; ``refresh`` looks again (after an install).
    """
    global _found
    with _lock:
        if _found is None or refresh:
            path = _binary()
            _found = _probe(path) if path else (None, "Tesseract is not installed")
            if _found[0] is not None:
                log.info("OCR: Tesseract %s at %s (%s)", _found[0].version, path, "+".join(_found[0].languages))
        return _found[0]


def missing_reason() -> str:
    """Why :func:`find_engine` found nothing ("" when it found Tesseract)."""
    find_engine()
    return _found[1] if _found else ""


def _run_args(engine: Engine) -> None:
    pytesseract.pytesseract.tesseract_cmd = engine.path


def recognise(engine: Engine, image: Image.Image, languages: str, timeout: float, dpi: int | None = None) -> PageText:
    """Reads the text of one page image.

    Args:
        engine: The Tesseract to use.
        image: The page (grayscale is best).
        languages: Tesseract languages, primary first (``tur+eng``).
        timeout: Seconds before Tesseract is stopped.
        dpi: The image's resolution, when known (Tesseract guesses otherwise).

    Raises:
        OcrFailed: Tesseract failed, or took longer than ``timeout``.
    """
    _run_args(engine)
    config = "--psm 3" + (f" --dpi {dpi}" if dpi else "")
    try:
        data = pytesseract.image_to_data(image, lang=languages, config=config, timeout=timeout,
                                         output_type=pytesseract.Output.DICT)
    except RuntimeError as exc:  # pytesseract's timeout, after it has killed the process
        raise OcrFailed(f"OCR took longer than {timeout:.0f} s on this page and was stopped") from exc
    except pytesseract.TesseractError as exc:
        raise OcrFailed(f"Tesseract could not read the page ({_first_line(exc.message)})") from exc
    except (OSError, pytesseract.TesseractNotFoundError) as exc:
        raise OcrFailed(f"Tesseract cannot be run ({exc})") from exc
    return _layout(data, languages)


def _first_line(message: str) -> str:
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def _layout(data: dict, languages: str) -> PageText:
    """Lays out TSV words as text: words of a line joined by spaces, lines by newlines, paragraphs by blank lines."""
    pieces: list[str] = []
    low: list[tuple[int, int]] = []
    confidences: list[float] = []
    position = 0
    last: tuple[int, int, int] | None = None
    for number, word in enumerate(data["text"]):
        word = str(word).strip()
        confidence = float(data["conf"][number])
        if confidence < 0 or not word:
            continue
        if confidence < NOISE_CONFIDENCE and not any(ch.isalnum() for ch in word):
            continue
        key = (data["block_num"][number], data["par_num"][number], data["line_num"][number])
        if last is not None:
            separator = " " if key == last else ("\n" if key[:2] == last[:2] else "\n\n")
            pieces.append(separator)
            position += len(separator)
        pieces.append(word)
        if confidence < LOW_CONFIDENCE:
            low.append((position, position + len(word)))
        position += len(word)
        confidences.append(confidence)
        last = key
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return PageText("".join(pieces), round(mean, 1), languages, low)


def detect_script(engine: Engine, image: Image.Image, timeout: float) -> tuple[str | None, int]:
    """The script a page is written in (``Latin``, ``Cyrillic``...) and how far it is turned.

    Returns:
        The script's name (None when Tesseract cannot tell: too little text,
        or no ``osd`` data), and the clockwise rotation in degrees that puts
        the page upright (0, 90, 180 or 270).
    """
    if not engine.script_detection:
        return None, 0
    _run_args(engine)
    try:
        found = pytesseract.image_to_osd(image, config="--psm 0 -c min_characters_to_try=10", timeout=timeout,
                                         output_type=pytesseract.Output.DICT)
    except (RuntimeError, OSError, pytesseract.TesseractError) as exc:
        log.debug("script detection failed: %s", exc)
        return None, 0
    rotate = int(found.get("rotate", 0) or 0) if float(found.get("orientation_conf", 0) or 0) >= 2 else 0
    script = str(found.get("script") or "") or None
    return (script if float(found.get("script_conf", 0) or 0) > 0.5 else None), rotate
