"""Scanned inputs the OCR tests make for themselves: text drawn on a page image, wrapped as PNG, TIFF or PDF.

The PDFs hold only the page image (Pillow writes no text layer), as a
scanner's would. Tests that need Tesseract or the font skip with the reason.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

FONT_PATHS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)
PAGE = (1240, 1754)  # A4 at 150 DPI
DPI = 150

ENGLISH = ("Joint Communique of the Foreign Ministers\n"
           "The ministers welcomed the progress of the negotiations on the trade corridor between Kazakhstan "
           "and Azerbaijan and agreed to meet again in Baku in the spring. They underlined the importance of "
           "regional cooperation and energy security.")
TURKISH = ("Türkiye Cumhuriyeti ile Kazakistan Cumhuriyeti Ortak Bildirisi\n"
           "İki ülkenin dışişleri bakanları, ticaret koridoru üzerindeki müzakerelerin ilerlemesini memnuniyetle "
           "karşıladılar ve ilkbaharda Bakü'de yeniden bir araya gelmeyi kabul ettiler. Bölgesel işbirliğinin ve "
           "enerji güvenliğinin önemini vurguladılar.")
RUSSIAN = ("Совместное заявление министров иностранных дел\n"
           "Министры приветствовали прогресс переговоров о торговом коридоре между Казахстаном и Азербайджаном и "
           "договорились встретиться снова в Баку весной. Они подчеркнули важность регионального сотрудничества.")


def font(size: int = 34) -> ImageFont.FreeTypeFont:
    """DejaVu at ``size`` points, or a skip saying what to install."""
    for path in FONT_PATHS:
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    pytest.skip("the DejaVu font is missing: apt-get install fonts-dejavu-core")


def need_tesseract(*languages: str):
    """The machine's Tesseract, or a skip saying what to install."""
    from documents.ocr import find_engine, missing_reason

    engine = find_engine(refresh=True)
    if engine is None:
        pytest.skip(f"OCR tests need Tesseract ({missing_reason()}): apt-get install tesseract-ocr")
    missing = [lang for lang in languages if lang not in engine.languages]
    if missing:
        pytest.skip(f"OCR tests need Tesseract's {', '.join(missing)} data: apt-get install "
                    + " ".join(f"tesseract-ocr-{lang}" for lang in missing))
    return engine


def page_image(text: str, size: int = 34) -> Image.Image:
    """A white page with ``text`` set in black, wrapped to the page, paragraphs at each newline."""
    image = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(image)
    face = font(size)
    y = 120
    for paragraph in text.split("\n"):
        for line in textwrap.wrap(paragraph, 52):
            draw.text((100, y), line, font=face, fill=0)
            y += int(size * 1.45)
        y += size
    return image


def scanned_pdf(path: Path, texts: list[str]) -> Path:
    """A PDF of page images only (no text layer), one page per text ("" makes a blank scan)."""
    pages = [page_image(text) for text in texts]
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=DPI)
    return path


def scanned_tiff(path: Path, texts: list[str]) -> Path:
    """A multi-page TIFF, one frame per text."""
    frames = [page_image(text) for text in texts]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw", dpi=(DPI, DPI))
    return path


def scanned_png(path: Path, text: str) -> Path:
    """One page as a PNG."""
    page_image(text).save(path, dpi=(DPI, DPI))
    return path


def mixed_pdf(path: Path, layer_text: str, scanned_text: str) -> Path:
    """A PDF whose first page has a text layer and whose second is a scan (pypdf joins the two)."""
    from pypdf import PdfReader, PdfWriter

    from tests.fixtures_docs import make_pdf

    text_part = make_pdf(path.with_name("text-part.pdf"), [layer_text])
    scan_part = scanned_pdf(path.with_name("scan-part.pdf"), [scanned_text])
    writer = PdfWriter()
    for part in (text_part, scan_part):
        for page in PdfReader(part).pages:
            writer.add_page(page)
    with path.open("wb") as handle:
        writer.write(handle)
    text_part.unlink()
    scan_part.unlink()
    return path
