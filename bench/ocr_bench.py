"""OCR speed: pages per second read by Tesseract in an import, on scans this script draws.

Usage:
    python bench/ocr_bench.py [--pages N]

Draws N one-page scans (A4 at 150 DPI, English, Turkish and Russian in turn, DejaVu Serif) and

1. imports them into a fresh library, read by the import's worker processes (one per core) with the
   languages chosen per page (script detection, then language detection): pages/s of the whole import;
2. reads a 10-page scanned PDF in this process, once with the languages chosen per page and once with
   ``--lang eng`` given: pages/s on one core;
3. reads the same PDF again from the library's OCR cache: pages/s when nothing is read twice.

Needs Tesseract with eng, tur and rus, and fonts-dejavu-core; says what is missing otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
TEXTS = [
    ("Joint Communique of the Foreign Ministers\nThe ministers welcomed the progress of the negotiations on the "
     "trade corridor between Kazakhstan and Azerbaijan and agreed to meet again in Baku in the spring. They "
     "underlined the importance of regional cooperation, energy security and the peaceful settlement of disputes. "
     "Both sides reaffirmed their support for the sovereignty and territorial integrity of all states in the "
     "region and called for the early conclusion of the agreement on transit."),
    ("Türkiye Cumhuriyeti ile Kazakistan Cumhuriyeti Ortak Bildirisi\nİki ülkenin dışişleri bakanları, ticaret "
     "koridoru üzerindeki müzakerelerin ilerlemesini memnuniyetle karşıladılar ve ilkbaharda Bakü'de yeniden bir "
     "araya gelmeyi kabul ettiler. Bölgesel işbirliğinin, enerji güvenliğinin ve anlaşmazlıkların barışçıl "
     "çözümünün önemini vurguladılar."),
    ("Совместное заявление министров иностранных дел\nМинистры приветствовали прогресс переговоров о торговом "
     "коридоре между Казахстаном и Азербайджаном и договорились встретиться снова в Баку весной. Они подчеркнули "
     "важность регионального сотрудничества, энергетической безопасности и мирного урегулирования споров."),
]


def _page(text: str):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 30)
    y = 120
    for paragraph in text.split("\n"):
        for line in textwrap.wrap(paragraph, 60):
            draw.text((100, y), line, font=font, fill=0)
            y += 44
        y += 30
    return image


def _check() -> str | None:
    from documents.ocr import find_engine, missing_reason

    engine = find_engine()
    if engine is None:
        return f"{missing_reason()}: apt-get install tesseract-ocr tesseract-ocr-tur tesseract-ocr-rus"
    lacking = [lang for lang in ("eng", "tur", "rus") if lang not in engine.languages]
    if lacking:
        return "Tesseract lacks " + ", ".join(lacking)
    if not FONT.is_file():
        return f"{FONT} is missing: apt-get install fonts-dejavu-core"
    print(f"Tesseract {engine.version} at {engine.path}; {os.cpu_count()} cores")
    return None


def _read_pdf(path: Path, settings, cache=None) -> tuple[float, int]:
    from documents.build import BuildContext, file_sha256, statements_from_file
    from documents.extract import default_extractor
    from documents.ocr import OcrContext

    context = BuildContext(default_extractor(), ocr=OcrContext(settings=settings, cache=cache))
    sha256 = file_sha256(path)
    started = time.perf_counter()
    [statement] = statements_from_file(path, sha256, context)
    seconds = time.perf_counter() - started
    return seconds, sum(1 for page in statement.ocr if page.status == "ocr")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=48, help="one-page scans imported by the workers (default 48)")
    args = parser.parse_args()
    problem = _check()
    if problem:
        print(f"ocr_bench: cannot run: {problem}")
        return 2
    from documents.ocr import OcrSettings
    from index import IMPORT_POOL_THRESHOLD, Library

    tmp = Path(tempfile.mkdtemp(prefix="chancery-ocr-bench-"))
    try:
        scans = tmp / "scans"
        scans.mkdir()
        count = max(args.pages, IMPORT_POOL_THRESHOLD)  # enough files for the worker processes
        for number in range(count):
            _page(TEXTS[number % 3]).save(scans / f"scan-{number:03}.png", dpi=(150, 150))
        with Library.open(tmp / "library") as library:
            started = time.perf_counter()
            report = library.import_paths([scans])
            seconds = time.perf_counter() - started
            print(f"import, worker processes, languages chosen per page: {report.ocr_pages} pages in "
                  f"{seconds:.1f} s = {report.ocr_pages / seconds:.2f} pages/s "
                  f"({len(report.problems)} problems)")
            pdf = tmp / "ten-pages.pdf"
            pages = [_page(TEXTS[number % 3]) for number in range(10)]
            pages[0].save(pdf, save_all=True, append_images=pages[1:], resolution=150)
            for label, settings in (("languages chosen per page", OcrSettings(languages=library.ocr_languages())),
                                    ("--lang eng", OcrSettings(override="eng"))):
                seconds, read = _read_pdf(pdf, settings)
                print(f"one core, {label}: {read} pages in {seconds:.1f} s = {read / seconds:.2f} pages/s")
            from index.ocr.cache import CatalogueOcrCache

            cache = CatalogueOcrCache(library.catalogue.path)
            settings = OcrSettings(languages=library.ocr_languages())
            _read_pdf(pdf, settings, cache)  # fills the cache
            seconds, read = _read_pdf(pdf, settings, cache)
            print(f"again from the OCR cache: {read} pages in {seconds:.2f} s = {read / seconds:.0f} pages/s")
            cache.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
