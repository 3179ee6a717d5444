"""Citations of statements, in a plain style an archivist can paste into notes."""

from __future__ import annotations

from documents.extract import vocabulary
from documents.partial_date import PartialDate
from documents.statement import Statement


def citation_for(statement: Statement, page: int | None = None) -> str:
    """A one-paragraph citation: title, issuer, date, type, source, file and page.

    Example:
        "Joint Statement of the Presidents of Türkiye and Kazakhstan." Türkiye; Kazakhstan. 13 October 2022.
        Joint statement. File: /archive/tr-kz.md.
    """
    vocab = vocabulary()
    parts = [f"\u201c{statement.title.rstrip('.')}.\u201d"]
    issuer = statement.extra.get("issuer")
    if issuer:
        parts.append(f"{issuer}.")
    elif statement.countries:
        central = [c.name for c in statement.countries if c.central] or [statement.countries[0].name]
        parts.append("; ".join(central[:4]) + ".")
    date = PartialDate.parse(statement.date, strict=False)
    parts.append(f"{date.long_form()}." if date else "Undated.")
    parts.append(f"{vocab.doc_type_name(statement.doc_type)}.")
    if statement.extra.get("source_url"):
        parts.append(f"{statement.extra['source_url']}.")
    parts.append(f"File: {statement.source_path}" + (f", p. {page}." if page else "."))
    return " ".join(parts)
