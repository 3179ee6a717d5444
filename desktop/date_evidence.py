"""Why a statement carries its date (or none), and as of when its countries were read, in words.

The document header shows this under the title so an archivist can judge a
date before trusting it: the phrase it came from (a link that shows it in the
text), what made it the statement's own date, the confidence, or why the
statement was left undated. Everything returned is escaped HTML.
"""

from __future__ import annotations

import html

from documents.statement import Statement

SPAN_LINK = "chancery:date-span"

_SOURCES = {
    "sidecar": "given beside the file (sidecar)",
    "manifest": "given in the folder's manifest",
    "front matter": "given in the file's front matter",
    "user": "set by hand",
    "metadata": "given in the file's metadata",
    "file properties": "given in the file's properties",
    "page metadata": "given in the page's metadata",
    "e-mail date": "taken from the e-mail's Date header",
}
_KINDS = {"today": "its \u201ctoday\u201d", "event": "an event it reports", "adopted": "the date of adoption",
          "opening event": "the event it opens with", "title": "its title"}
_YEAR_FROM = {"metadata": "the year given beside the file", "file name": "the file name",
              "context": "the only year whose calendar fits the weekday"}


def date_lines(statement: Statement) -> list[str]:
    """One or two lines of HTML about the date and the era of ``statement`` (empty when nothing to say)."""
    esc = html.escape
    extra = statement.extra
    source = statement.field_sources.get("date")
    lines = []
    if statement.date and source and source != "text":
        lines.append(f"Date {esc(_SOURCES.get(source, 'from ' + source))}.")
    elif statement.date:
        parts = []
        kind = extra.get("date_kind")
        matched = extra.get("date_matched")
        if matched:
            phrase = f"\u201c{esc(str(matched))}\u201d"
            if extra.get("date_span"):
                phrase = f"<a href='{SPAN_LINK}' style='color:#0d3c84'>{phrase}</a>"
            how = _KINDS.get(str(kind), f"the {kind}") if kind else "the phrase"
            parts.append(f"Dated by {esc(how)}: {phrase}")
        else:
            parts.append("Date read from the text")
        if extra.get("date_start") and extra.get("date_end"):
            parts.append(f"a range {esc(str(extra['date_start']))} to {esc(str(extra['date_end']))}, dated by its end")
        year_from = extra.get("date_year_from")
        if year_from:
            parts.append(f"year from {esc(_YEAR_FROM.get(year_from, year_from))}")
        if statement.date_confidence:
            parts.append(f"confidence {statement.date_confidence:.2f}")
        lines.append(" · ".join(parts) + ".")
    else:
        reason = extra.get("date_reason")
        lines.append(f"Undated: {esc(str(reason))}." if reason else "Undated: the text gives no date of its own.")
    era = _era_line(extra)
    if era:
        lines.append(era)
    return [f"<span style='color:#555'>{line}</span>" for line in lines]


def _era_line(extra: dict) -> str:
    esc = html.escape
    as_of, basis = extra.get("era_as_of"), extra.get("era_basis")
    readings = [str(r) for r in extra.get("era_readings") or []]
    if not as_of and not readings:
        return ""
    if basis == "today" or extra.get("era_note"):
        line = "Countries resolved as of today, because the statement is undated"
    else:
        line = f"Countries read as of {esc(str(as_of))}"
        if basis:
            line += f" (the date {'given beside the file' if basis == 'metadata' else 'in the text'})"
    if readings:
        shown = "; ".join(esc(r) for r in readings[:4])
        more = f" and {len(readings) - 4} more" if len(readings) > 4 else ""
        line += f": {shown}{more}"
    return line + "."


def date_span(statement: Statement) -> tuple[int, int] | None:
    """Where in the text the date was read (``date_span``), or None."""
    span = statement.extra.get("date_span")
    if isinstance(span, list | tuple) and len(span) == 2 and all(isinstance(v, int) for v in span):
        start, end = span
        if 0 <= start < end <= len(statement.text):
            return start, end
    return None
