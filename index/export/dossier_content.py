"""What a dossier says about each statement, shared by its Markdown and HTML forms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .records import ExportRecord
from .values import STATUS_LABELS, entity_names, one_line, record_date

CiteFunction = Callable[[ExportRecord], str]


@dataclass(frozen=True)
class DossierOptions:
    """How a dossier is written.

    Attributes:
        group_by: ``collection`` or ``tag``.
        title: The dossier's title.
        created: The date line under the title ("" for none), e.g. "13 October 2025".
        style: The citation style (``chicago``, ``apa``), or "" for no citations
            (rendering costs about 20 ms a statement, so a dossier of many
            thousands is quicker without).
    """

    group_by: str = "collection"
    title: str = "Dossier"
    created: str = ""
    style: str = "chicago"


DEFAULT_OPTIONS = DossierOptions()


def citer_for(style: str) -> CiteFunction | None:
    """A function giving a statement's bibliography entry in ``style``, or None for no citations."""
    if not style:
        return None
    from .citations import Citer  # citeproc loads only for dossiers that cite

    citer = Citer(style)

    def cite(record: ExportRecord) -> str:
        return citer.bibliography_entry(record) or citer.citation(record)

    return cite


def statement_facts(record: ExportRecord, group_by: str) -> list[tuple[str, str]]:
    """``(label, value)`` lines under a statement's heading, empty ones left out.

    The grouping already names a statement's collections (or tags), so the
    other of the two is listed.
    """
    date = record_date(record)
    facts = [
        ("Date", date.long_form() if date else "undated"),
        ("Type", record.doc_type_label),
        ("Issued by", one_line(record.issuer)),
        ("Speaker", ", ".join(one_line(v) for v in (record.speaker, record.speaker_post) if v)),
        ("Countries", ", ".join(entity_names(record.countries))),
        ("Organisations", ", ".join(entity_names(record.organisations))),
        ("Topics", ", ".join(entity_names(record.topics))),
        (("Tags", ", ".join(record.tags)) if group_by == "collection"
         else ("Collections", ", ".join(record.collections))),
        ("Status", STATUS_LABELS.get(record.status, record.status) + (" (starred)" if record.starred else "")),
        ("Source", record.source_url or ""),
        ("File", record.path),
    ]
    return [(label, value) for label, value in facts if value.strip()]
