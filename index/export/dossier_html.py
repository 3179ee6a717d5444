"""A dossier as one self-contained HTML file: escaped text, no scripts, nothing fetched from anywhere.

The page carries its stylesheet inline and a Content-Security-Policy that
forbids every script and every remote load (``default-src 'none'``), so
even a browser that opened a tampered copy would fetch nothing. Every piece
of user or imported text goes through :func:`html.escape`; a source URL
becomes a link only when it is ``http(s)``, so a ``javascript:`` "source"
stays text. Blocks of user text carry ``dir="auto"``, so an Arabic or
Hebrew title or note runs right to left in a left-to-right page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TextIO
from urllib.parse import urlsplit

from .dossier_content import DEFAULT_OPTIONS, CiteFunction, DossierOptions, citer_for, statement_facts
from .dossier_groups import Group, GroupedRecords, walk
from .output import Cancelled, DiscardOutput, ExportResult, Progress, Target, open_target
from .records import ExportRecord, PassageRecord
from .values import normalise_newlines, one_line

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"
_STYLE = """
body { font: 16px/1.5 Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       color: #1d1d1f; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
h3 { margin-bottom: 0.3em; } .summary, .facts { color: #555; } .facts { padding-left: 1.2em; }
.citation { padding-left: 2em; text-indent: -2em; } .label { font-weight: bold; }
blockquote { border-left: 3px solid #b8860b; margin: 0.8em 0; padding: 0.1em 1em; background: #faf7ef; }
.stale { font-style: italic; color: #8a4b00; }
"""


def _text(value: str) -> str:
    return html.escape(value, quote=True)


def _block(value: str) -> str:
    """Multi-line user text as paragraphs; single line breaks become ``<br>``."""
    paragraphs = [p for p in normalise_newlines(value).strip("\n").split("\n\n") if p.strip()]
    return "".join(f'<p dir="auto">{_text(p).replace(chr(10), "<br>")}</p>' for p in paragraphs)


def _is_web_link(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _fact(label: str, value: str) -> str:
    shown = _text(one_line(value))
    if label == "Source" and _is_web_link(one_line(value)):
        shown = f'<a href="{_text(one_line(value))}">{shown}</a>'
    return f'<li><span class="label">{_text(label)}:</span> <span dir="auto">{shown}</span></li>'


def _passage(passage: PassageRecord) -> str:
    parts = [f"<blockquote>{_block(passage.quote)}</blockquote>"]
    if passage.note.strip():
        parts.append(_block(passage.note))
    if not passage.anchored:
        parts.append('<p class="stale">The text changed after this passage was marked; '
                     "it may no longer be found.</p>")
    return "".join(parts)


def statement_html(record: ExportRecord, options: DossierOptions, cite: CiteFunction | None) -> str:
    """One statement as an ``<article>``."""
    parts = [f'<article id="s-{_text(record.id)}">',
             f'<h3 dir="auto">{_text(one_line(record.title)) or "(untitled)"}</h3>']
    if cite is not None:
        parts.append(f'<p class="citation" dir="auto">{_text(cite(record))}</p>')
    facts = "".join(_fact(label, value) for label, value in statement_facts(record, options.group_by))
    parts.append(f'<ul class="facts">{facts}</ul>')
    if record.note.strip():
        parts.append(f'<h4>Note</h4>{_block(record.note)}')
    if record.passages:
        parts.append("<h4>Passages</h4>" + "".join(_passage(p) for p in record.passages))
    parts.append("</article>")
    return "\n".join(parts) + "\n"


def write_html_dossier(records: Iterable[ExportRecord], target: Target, *,
                       options: DossierOptions = DEFAULT_OPTIONS, progress: Progress | None = None,
                       cancelled: Cancelled | None = None) -> ExportResult:
    """Writes an HTML dossier (see the module notes for what makes it safe to open).

    Args:
        records: The statements, read once (they wait in a temporary file, see ``dossier_groups``).
        target: A path or a text stream.
        options: Grouping, title, date line and citation style.
        progress: Called with the number of statements read.
        cancelled: Asked between statements; True stops the export (a path target is then not written).

    Returns:
        The number of statements and whether the export was cancelled.

    Raises:
        ValueError: ``options.group_by`` is neither ``collection`` nor ``tag``.
    """
    cite = citer_for(options.style)
    with GroupedRecords(records, options.group_by, progress=progress, cancelled=cancelled) as grouped, \
            open_target(target) as stream:
        if grouped.stopped:
            raise DiscardOutput
        _write_head(stream, options, grouped.count)
        in_section = False

        def on_group(group: Group) -> None:
            nonlocal in_section
            closing = "</section>\n" if in_section else ""
            stream.write(f'{closing}<section>\n<h2 dir="auto">{_text(group.label)}</h2>\n')
            in_section = True

        def on_record(record: ExportRecord) -> None:
            stream.write(statement_html(record, options, cite))

        walk(grouped, on_group, on_record)
        stream.write(("</section>\n" if in_section else "") + "</body>\n</html>\n")
        if grouped.stopped:
            raise DiscardOutput
    return ExportResult(grouped.count, grouped.stopped)


def _write_head(stream: TextIO, options: DossierOptions, count: int) -> None:
    title = _text(one_line(options.title)) or "Dossier"
    noun = "statement" if count == 1 else "statements"
    summary = f"{count:,} {noun}, grouped by {_text(options.group_by)}"
    if options.created:
        summary += f"; {_text(one_line(options.created))}"
    stream.write(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<h1 dir="auto">{title}</h1>\n<p class="summary">{summary}.</p>\n'
    )
