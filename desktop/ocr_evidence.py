"""How a statement's scanned pages were read, in words for the document header.

OCR text is never passed off as the file's own: the header says which pages
were read by OCR, with what confidence and languages, and which were not read
and why. Everything returned is escaped HTML.
"""

from __future__ import annotations

import html

from documents.statement import OcrPage, Statement

OCR_STYLE = "color:#6a4c93"
UNREAD_STYLE = "color:#b71c1c"
LOW_PAGE = 50.0


def _pages(numbers: list[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``1–3, 5``."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}\u2013{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def _noun(pages: list) -> str:
    return "page" if len(pages) == 1 else "pages"


def ocr_lines(statement: Statement) -> list[str]:
    """Lines of HTML about the statement's scanned pages (empty when every page has a text layer)."""
    if not statement.ocr:
        return []
    esc = html.escape
    read = [p for p in statement.ocr if p.status == "ocr"]
    blank = [p for p in statement.ocr if p.status == "blank"]
    unread = [p for p in statement.ocr if p.status in ("scanned", "failed")]
    damaged = [p for p in statement.ocr if p.status == "damaged"]
    lines = []
    if read:
        mean = sum(p.confidence for p in read) / len(read)
        languages = ", ".join(dict.fromkeys(p.languages for p in read if p.languages))
        low = [p.page for p in read if p.confidence < LOW_PAGE]
        faint = sum(len(p.low) for p in read)
        text = (f"Text of {_noun(read)} {_pages([p.page for p in read])} read by OCR ({languages}), mean confidence "
                f"{mean:.0f}%")
        if low:
            text += f"; low on {_noun(low)} {_pages(low)}"
        if faint:
            text += f". {faint:,} words read with low confidence are shown faintly"
        lines.append(f"<span style='{OCR_STYLE}'>{esc(text)}. Page Image shows the scan beside it.</span>")
    if blank:
        lines.append(f"<span style='{OCR_STYLE}'>{esc(f'OCR found no text on {_noun(blank)} ')}"
                     f"{esc(_pages([p.page for p in blank]))}.</span>")
    if unread:
        lines.append(f"<span style='{UNREAD_STYLE}'>{esc(_unread_text(unread, statement))}</span>")
    for page in damaged:
        lines.append(f"<span style='{UNREAD_STYLE}'>{esc(f'Page {page.page} cannot be read: {page.reason}.')}</span>")
    return lines


def _unread_text(unread: list[OcrPage], statement: Statement) -> str:
    whole = not statement.text.strip()
    head = "No text (scanned): " if whole else "Scanned pages not read: "
    reasons = list(dict.fromkeys(p.reason for p in unread if p.reason))
    why = "; ".join(reasons[:2]) or "not read"
    return (f"{head}{_noun(unread)} {_pages([p.page for p in unread])} ({why}). "
            "Library \u2192 Run OCR on Scanned Statements reads them.")


def confidence_of_page(statement: Statement, page: int) -> OcrPage | None:
    """How page ``page`` (1-based) was read, or None when it has a text layer."""
    return next((p for p in statement.ocr if p.page == page), None)
