"""A dossier in Markdown: statements under their collections or tags, each with its citation, note and passages.

Everything a user or an imported file wrote is escaped, so a title such as
``# *Draft* [confidential](javascript:...)`` prints as those characters
instead of becoming a heading, emphasis or a link: Markdown's ASCII
punctuation is backslash-escaped where it could start markup (CommonMark
lets any of it be escaped), leading indentation is dropped (four spaces
would start a code block), and line breaks inside a note are hard breaks.
Notes are treated as plain text, whatever they contain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from .dossier_content import DEFAULT_OPTIONS, DossierOptions, citer_for, statement_facts
from .dossier_groups import Group, GroupedRecords, walk
from .output import Cancelled, DiscardOutput, ExportResult, Progress, Target, open_target
from .records import ExportRecord, PassageRecord
from .values import normalise_newlines, one_line

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")
_LINE_START_SPECIAL = re.compile(r"^([-+=]|\d+(?=[.)]))")


def escape_inline(text: str) -> str:
    """Escapes one line of user text for Markdown (see the module notes)."""
    line = _INLINE_SPECIAL.sub(r"\\\1", one_line(text))
    return _LINE_START_SPECIAL.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1),
                                   line, count=1)


def escape_block(text: str) -> list[str]:
    """Escapes multi-line user text: one Markdown line per line, hard breaks between, blank lines kept."""
    lines = [line.strip() for line in normalise_newlines(text).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    out = []
    for index, line in enumerate(lines):
        escaped = escape_inline(line) if line else ""
        next_is_text = index + 1 < len(lines) and lines[index + 1]
        out.append(escaped + ("\\" if escaped and next_is_text else ""))
    return out


def _passage_lines(passage: PassageRecord) -> list[str]:
    lines = [f"> {line}" if line else ">" for line in escape_block(passage.quote)]
    if passage.note.strip():
        lines += ["", *escape_block(passage.note)]
    if not passage.anchored:
        lines += ["", "*(The text changed after this passage was marked; it may no longer be found.)*"]
    return lines


def write_markdown_dossier(records: Iterable[ExportRecord], target: Target, *,
                           options: DossierOptions = DEFAULT_OPTIONS, progress: Progress | None = None,
                           cancelled: Cancelled | None = None) -> ExportResult:
    """Writes a Markdown dossier.

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

        def on_group(group: Group) -> None:
            stream.write(f"\n## {escape_inline(group.label)}\n")

        def on_record(record: ExportRecord) -> None:
            _write_statement(stream, record, options, cite)

        walk(grouped, on_group, on_record)
        if grouped.stopped:
            raise DiscardOutput
    return ExportResult(grouped.count, grouped.stopped)


def _write_head(stream: TextIO, options: DossierOptions, count: int) -> None:
    stream.write(f"# {escape_inline(options.title) or 'Dossier'}\n\n")
    noun = "statement" if count == 1 else "statements"
    line = f"{count:,} {noun}, grouped by {options.group_by}"
    stream.write(line + (f"; {escape_inline(options.created)}" if options.created else "") + ".\n")


def _write_statement(stream: TextIO, record: ExportRecord, options: DossierOptions, cite) -> None:
    lines = ["", f"### {escape_inline(record.title) or '(untitled)'}", ""]
    if cite is not None:
        lines += [escape_inline(cite(record)), ""]
    lines += [f"- **{label}:** {escape_inline(value)}" for label, value in statement_facts(record, options.group_by)]
    if record.note.strip():
        lines += ["", "**Note**", "", *escape_block(record.note)]
    if record.passages:
        lines += ["", "**Passages**"]
        for passage in record.passages:
            lines += ["", *_passage_lines(passage)]
    stream.write("\n".join(lines) + "\n")
