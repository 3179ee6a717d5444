"""Page images for OCR and for the document view: PDF pages rendered by PDFium, image frames by Pillow.

One page is in memory at a time, whatever the file's length. Images are
checked against a pixel limit before they are decoded (a 20,000 × 20,000
image would take 400 MB as grayscale, 1.2 GB in colour), and pages larger
than Tesseract needs are scaled down, so time and memory stay bounded.

PDFium is not thread-safe: every call into it holds one lock, so the
window's page view and an import running in the window's process never
meet inside it.
"""

from __future__ import annotations

import io
import threading
import warnings
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps, UnidentifiedImageError

OCR_DPI = 300  # what Tesseract reads best
MIN_DPI = 200  # a 150-DPI fax is rendered larger: small print reads better
MAX_IMAGE_PIXELS = 120_000_000  # an A0 scan at 300 DPI is 140 Mpx; a page is far less
MAX_OCR_SIDE = 7_200  # an A4 page at 600 DPI; a larger page is scaled down first
SCAN_COVERAGE = 0.10  # an image covering this share of a page may hold its text

_PDFIUM = threading.Lock()

# Pillow's own guard raises at twice its limit and only warns below; ours is checked first.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


class PageUnreadable(Exception):
    """A page (or the whole file) cannot be turned into an image; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _shrunk(image: Image.Image, longest: int) -> Image.Image:
    if max(image.size) <= longest:
        return image
    image = image.copy()
    image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    return image


class PdfPages:
    """The pages of a PDF as images. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        try:
            with _PDFIUM:
                self._pdf = pdfium.PdfDocument(str(path))
                self.count = len(self._pdf)
        except pdfium.PdfiumError as exc:
            raise PageUnreadable(f"the PDF's pages cannot be rendered ({exc})") from exc

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Releases the document."""
        with _PDFIUM:
            self._pdf.close()

    def is_scan(self, index: int) -> bool:
        """Whether page ``index`` (0-based) holds an image large enough to carry its text."""
        with _PDFIUM:
            try:
                page = self._pdf[index]
            except pdfium.PdfiumError:
                return False  # a page PDFium cannot load (a damaged file) has no scan it could render
            try:
                width, height = page.get_size()
                area = max(width * height, 1.0)
                for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                    left, bottom, right, top = image.get_bounds()
                    if (right - left) * (top - bottom) / area >= SCAN_COVERAGE:
                        return True
                return False
            finally:
                page.close()

    def _native_dpi(self, page) -> float:
        """The resolution of the page's largest image (its scan), in dots per inch of the page."""
        best = 0.0
        width_points = max(page.get_size()[0], 1.0)
        for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
            left, _bottom, right, _top = image.get_bounds()
            pixels = image.get_px_size()[0]
            if right - left > width_points * 0.5:
                best = max(best, pixels / ((right - left) / 72))
        return best

    def render(self, index: int, dpi: int | None = None, longest: int = MAX_OCR_SIDE) -> tuple[Image.Image, int]:
        """Page ``index`` as a grayscale image, and the resolution it was rendered at.

        Without ``dpi`` the page is rendered for OCR: at its scan's own
        resolution, between :data:`MIN_DPI` and :data:`OCR_DPI`.
        """
        with _PDFIUM:
            page = self._pdf[index]
            try:
                if dpi is None:
                    dpi = int(min(OCR_DPI, max(MIN_DPI, self._native_dpi(page))))
                width, height = page.get_size()
                scale = min(dpi / 72, longest / max(width, height, 1.0))
                bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
                image = bitmap.to_pil()
                return image.copy(), round(scale * 72)
            except pdfium.PdfiumError as exc:
                raise PageUnreadable(f"page {index + 1} cannot be rendered ({exc})") from exc
            finally:
                page.close()


class ImageFrames:
    """The frames of an image file (one for PNG and JPEG, each page of a TIFF). Use as a context manager."""

    def __init__(self, path: Path) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "Corrupt EXIF data": the pixels are what matter
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                self._image = Image.open(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PageUnreadable(_too_large(exc)) from exc
        except UnidentifiedImageError as exc:
            raise PageUnreadable("the file is not an image Chancery can read, or it is damaged") from exc
        except OSError as exc:
            raise PageUnreadable(f"the image cannot be opened ({exc})") from exc
        try:
            self.count = getattr(self._image, "n_frames", 1) or 1
        except (OSError, ValueError, EOFError, SyntaxError) as exc:  # a TIFF whose list of pages is broken
            self._image.close()
            raise PageUnreadable(f"the image is damaged: its pages cannot be counted ({exc})") from exc
        self.dpi = self._dpi()

    def __enter__(self) -> ImageFrames:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Releases the file."""
        self._image.close()

    def _dpi(self) -> int | None:
        dpi = self._image.info.get("dpi")
        try:
            value = round(float(dpi[0])) if dpi else 0
        except (TypeError, ValueError, IndexError):
            value = 0
        return value if 70 <= value <= 1200 else None

    @staticmethod
    def is_scan(_index: int) -> bool:
        """Every frame of an image is a page to read."""
        return True

    def render(self, index: int, dpi: int | None = None, longest: int = MAX_OCR_SIDE) -> tuple[Image.Image, int | None]:
        """Frame ``index`` upright, as a grayscale image no longer than ``longest``, and its resolution."""
        try:
            self._image.seek(index)
            width, height = self._image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise PageUnreadable(_too_large_size(width, height))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                frame = ImageOps.exif_transpose(self._image).convert("L")
        except PageUnreadable:
            raise
        except (OSError, ValueError, EOFError, SyntaxError) as exc:
            raise PageUnreadable(f"page {index + 1} of the image is damaged and cannot be decoded ({exc})") from exc
        shrunk = _shrunk(frame, longest)
        resolution = self.dpi
        if resolution and shrunk is not frame:
            resolution = max(1, round(resolution * shrunk.width / frame.width))
        return shrunk, resolution


def _too_large(exc: Exception) -> str:
    return (f"the image is too large to read safely ({exc}); Chancery reads images of up to "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels: scale it down first")


def _too_large_size(width: int, height: int) -> str:
    return (f"the image is {width:,} × {height:,} pixels ({width * height / 1e6:.0f} megapixels); Chancery reads "
            f"images of up to {MAX_IMAGE_PIXELS // 1_000_000} megapixels: scale it down first")


def open_pages(path: Path, reader: str) -> PdfPages | ImageFrames | None:
    """The page source for a file read by ``reader`` (None for formats without page images).

    Raises:
        PageUnreadable: The file cannot be opened for rendering.
    """
    if reader == "pdf":
        return PdfPages(path)
    if reader == "image":
        return ImageFrames(path)
    return None


def page_png(path: Path, reader: str, page: int, longest: int = 1600) -> bytes:
    """Page ``page`` (1-based) of a file as PNG bytes no longer than ``longest`` pixels (for the document view).

    Raises:
        PageUnreadable: The file is gone, damaged, or has no such page.
    """
    try:
        source = open_pages(path, reader)
    except OSError as exc:
        raise PageUnreadable(f"the file cannot be opened ({exc.strerror or exc})") from exc
    if source is None:
        raise PageUnreadable("this file has no page images")
    with source:
        if not 1 <= page <= source.count:
            raise PageUnreadable(f"the file has no page {page}")
        image, _dpi = source.render(page - 1, dpi=110, longest=longest)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
