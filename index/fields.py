"""Facet fields, each declared once.

A facet field is a kind of value a statement carries as stable codes
(countries, organisations, topics, years, types, languages). Everything the
rest of the library knows about one comes from its :class:`FacetField`
here: the index schema and the values written for each statement
(:mod:`index.backend.schema`, :mod:`index.backend.store`), the names the
query language and ``--filter`` accept and how a typed name becomes a code
(:mod:`index.query.values`), labels, facet counts, the panel's sections and
completion. Adding a facet field is adding one declaration to
:data:`BUILT_IN` (or, for a plug-in or a test, :func:`register`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from documents.extract import vocabulary
from documents.statement import Statement
from index.backend.analysis import fold


class PanelOrder(StrEnum):
    """How the facet panel orders a section's values by default."""

    COUNT = "count"  # most results first
    NEWEST = "newest"  # highest value first (years)


@dataclass(frozen=True)
class FacetField:
    """Everything about one facet field.

    Attributes:
        name: The index field, and the name filters carry (``organisation``).
        label: Section heading in the facet panel and on filter chips.
        noun: What one value is called in messages ("No organisation called …").
        query_names: Names typed before a colon in the search box or before ``=``
            in ``--filter``; the first is the one completions write (``org:OTS``).
        values: The codes a statement carries in this field.
        label_of: The display name of a code (``TUR`` -> "Türkiye").
        resolve: Turns a typed name into a code (``Turkey`` -> ``TUR``), or None.
            Fields without one keep what was typed, unless ``match_labels``.
        match_labels: A typed name may also be compared with the labels of the
            values the index holds (document types, discovered organisations).
        free_value: The code typed text stands for when there is no index to
            compare with (``joint statement`` -> ``joint_statement``).
        aliases: Other names of a code that completion matches (``Turkey`` for TUR).
        multi: A statement may carry several values.
        in_panel: Counted with every search and shown as a facet section.
        completion_field: The field whose values complete this field's
            ``name:`` prefix (None: not completed).
        catalogue_labels: Names recorded in the catalogue at import win over
            :attr:`label_of` (bodies discovered in the text are in no gazetteer).
        panel_order: Default order of the section's values.
        members: For a field whose values live in the catalogue (the
            workbench's tags, collections, marks), ``members(workbench)`` gives
            ``(value, statement id)`` pairs; such a field is not written into
            the index (see :mod:`index.search.overlay`). None for index fields.
        joins: For a field of pairs (``KAZ+TUR``), the index field whose two
            values a pair joins: a statement carries the pair when it carries
            both (see :mod:`index.search.facets`). Such a field is not written
            into the index.
    """

    name: str
    label: str
    noun: str
    query_names: tuple[str, ...]
    values: Callable[[Statement], Iterable[str]]
    label_of: Callable[[str], str] = str
    resolve: Callable[[str], str | None] | None = None
    match_labels: bool = False
    free_value: Callable[[str], str | None] | None = None
    aliases: Callable[[str], Iterable[str]] | None = None
    multi: bool = True
    in_panel: bool = True
    completion_field: str | None = None
    catalogue_labels: bool = False
    panel_order: PanelOrder = PanelOrder.COUNT
    members: Callable[[object], Iterable[tuple[str, str]]] | None = None
    joins: str | None = None

    @property
    def from_catalogue(self) -> bool:
        """Whether the values live in the catalogue (workbench fields) rather than in the index."""
        return self.members is not None

    @property
    def resolves(self) -> bool:
        """Whether typed values go through resolution (else they are searched as written)."""
        return self.resolve is not None or self.match_labels or self.free_value is not None

    def index_value(self, statement: Statement) -> str:
        """What the index stores for ``statement``: codes joined by commas, or the one code."""
        codes = [code for code in self.values(statement) if code]
        if self.multi:
            return ",".join(dict.fromkeys(codes))
        return codes[0] if codes else ""


# -- the built-in fields --------------------------------------------------------------


def _codes(attribute: str, central_only: bool = False) -> Callable[[Statement], list[str]]:
    def values(statement: Statement) -> list[str]:
        return [e.code for e in getattr(statement, attribute) if e.central or not central_only]

    return values


def _year(statement: Statement) -> list[str]:
    return [str(statement.year)] if statement.year else []


def _folded_code(text: str) -> str:
    return fold(text).replace(" ", "_").replace("-", "_")


def _language_code(text: str) -> str | None:
    return text if re.fullmatch(r"[a-z]{2,3}", text) else None


def _vocab(method: str) -> Callable[[str], object]:
    """A vocabulary method looked up at call time (the vocabulary loads on first use and can be reloaded)."""
    return lambda value: getattr(vocabulary(), method)(value)


COUNTRY = FacetField(
    "country", "Country", "country", ("country", "countries", "land"), _codes("countries"),
    label_of=_vocab("country_name"), resolve=_vocab("resolve_country"), match_labels=True,
    aliases=_vocab("country_aliases"), completion_field="country",
)
CENTRAL_COUNTRY = FacetField(
    "central_country", "Central country", "country", ("central",), _codes("countries", central_only=True),
    label_of=_vocab("country_name"), resolve=_vocab("resolve_country"), match_labels=True,
    in_panel=False, completion_field="country",
)
ORGANISATION = FacetField(
    "organisation", "Organisation", "organisation", ("org", "orgs", "organisation", "organization"),
    _codes("organisations"), label_of=_vocab("organisation_name"), resolve=_vocab("resolve_organisation"),
    match_labels=True, completion_field="organisation", catalogue_labels=True,
)
TOPIC = FacetField(
    "topic", "Topic", "topic", ("topic", "topics", "subject"), _codes("topics"),
    label_of=_vocab("topic_name"), resolve=_vocab("resolve_topic"), match_labels=True, completion_field="topic",
)
YEAR = FacetField("year", "Year", "year", ("year",), _year, multi=False, panel_order=PanelOrder.NEWEST)
DOC_TYPE = FacetField(
    "doc_type", "Type", "document type", ("type", "kind", "doc_type"), lambda s: [s.doc_type],
    label_of=_vocab("doc_type_name"), match_labels=True, free_value=_folded_code, multi=False,
)
LANGUAGE = FacetField(
    "language", "Language", "language", ("lang", "language"), lambda s: [s.language],
    label_of=_vocab("language_name"), match_labels=True, free_value=_language_code, multi=False,
)

# How the scanned pages of a statement were read. Not a panel section: most libraries have no
# scans, and an empty section on every screen would say nothing. Searched as ocr:scanned.
_OCR_STATES = {"read": "Read by OCR", "scanned": "No text (scanned)", "low": "Low OCR confidence",
               "blank": "No text found by OCR"}
_OCR_WORDS = {"read": "read", "yes": "read", "ocr": "read", "scanned": "scanned", "unread": "scanned",
              "scan": "scanned", "notext": "scanned", "low": "low", "blank": "blank", "empty": "blank"}
LOW_OCR_CONFIDENCE = 50.0


def _ocr_states(statement: Statement) -> list[str]:
    read = [page for page in statement.ocr if page.status == "ocr"]
    states = ["read"] if read else []
    if any(page.confidence < LOW_OCR_CONFIDENCE for page in read):
        states.append("low")
    if statement.unread_pages:
        states.append("scanned")
    if not statement.text.strip() and any(page.status == "blank" for page in statement.ocr):
        states.append("blank")
    return states


OCR = FacetField(
    "ocr", "OCR", "OCR state", ("ocr",), _ocr_states, label_of=lambda code: _OCR_STATES.get(code, code),
    resolve=lambda text: _OCR_WORDS.get(text.strip().lower().replace(" ", "")), in_panel=False,
)



# -- the workbench's fields: values in the catalogue, laid over the index -------------------


def _none(_statement: Statement) -> list[str]:
    return []


def _status_code(text: str) -> str | None:
    from index.errors import WorkbenchError
    from index.workbench.marks import status_code

    try:
        return status_code(text) or None
    except WorkbenchError:
        return None


def _status_name(code: str) -> str:
    from index.workbench.marks import STATUSES

    return STATUSES.get(code, code)


_MARKED = {"starred": "Starred"}
_HAS = {"note": "With a note", "passage": "With passages"}
_HAS_WORDS = {"note": "note", "notes": "note", "passage": "passage", "passages": "passage",
              "highlight": "passage", "highlights": "passage"}

TAG = FacetField(
    "tag", "Tag", "tag", ("tag", "tags"), _none, match_labels=True, completion_field="tag",
    members=lambda workbench: workbench.tags.facet_members(),
)
COLLECTION = FacetField(
    "collection", "Collection", "collection", ("collection", "collections", "coll"), _none, match_labels=True,
    completion_field="collection", members=lambda workbench: workbench.collections.facet_members(),
)
STATUS = FacetField(
    "status", "Review status", "review status", ("status",), _none, label_of=_status_name, resolve=_status_code,
    match_labels=True, multi=False, members=lambda workbench: workbench.marks.facet_members("status"),
)
MARKED = FacetField(
    "is", "Starred", "mark", ("is",), _none, label_of=lambda code: _MARKED.get(code, code),
    resolve=lambda text: "starred" if text.strip().lower() in ("starred", "star", "stars") else None,
    members=lambda workbench: workbench.marks.facet_members("is"),
)
HAS = FacetField(
    "has", "Annotated", "annotation", ("has",), _none, label_of=lambda code: _HAS.get(code, code),
    resolve=lambda text: _HAS_WORDS.get(text.strip().lower()),
    members=lambda workbench: workbench.notes.facet_members(),
)

# -- pairs of countries, for the relations view: "KAZ+TUR" is carried by a statement carrying both ---------


PAIR_SEPARATOR = "+"


def pair_value(first: str, second: str) -> str:
    """The value of a pair of codes, the same in either order (``pair_value("TUR", "KAZ")`` -> ``KAZ+TUR``)."""
    return PAIR_SEPARATOR.join(sorted((first, second)))


def _pair_label(value: str) -> str:
    return " & ".join(vocabulary().country_name(code) for code in value.split(PAIR_SEPARATOR))


def _resolve_pair(text: str) -> str | None:
    parts = [part.strip() for part in re.split(r"[+&,]", text) if part.strip()]
    codes = [vocabulary().resolve_country(part) for part in parts]
    return pair_value(*codes) if len(codes) == 2 and all(codes) and codes[0] != codes[1] else None


CENTRAL_PAIR = FacetField(
    "central_pair", "Central to both", "pair of countries", (), _none, label_of=_pair_label, resolve=_resolve_pair,
    in_panel=False, joins="central_country",
)
COUNTRY_PAIR = FacetField(
    "country_pair", "Mentions both", "pair of countries", (), _none, label_of=_pair_label, resolve=_resolve_pair,
    in_panel=False, joins="country",
)

BUILT_IN: tuple[FacetField, ...] = (COUNTRY, CENTRAL_COUNTRY, ORGANISATION, TOPIC, YEAR, DOC_TYPE, LANGUAGE, OCR,
                                    TAG, COLLECTION, STATUS, MARKED, HAS, CENTRAL_PAIR, COUNTRY_PAIR)

_registry: dict[str, FacetField] = {f.name: f for f in BUILT_IN}


def register(field: FacetField) -> None:
    """Adds a facet field (after the built-in ones). A library opened afterwards indexes it.

    Raises:
        ValueError: The name, or one of its query names, is taken.
    """
    if field.name in _registry:
        raise ValueError(f"a facet field called {field.name!r} exists")
    taken = {name for other in _registry.values() for name in other.query_names}
    clash = taken & set(field.query_names)
    if clash:
        raise ValueError(f"query names already in use: {sorted(clash)}")
    _registry[field.name] = field


def unregister(name: str) -> None:
    """Removes a field added with :func:`register` (built-in fields stay)."""
    if name in {f.name for f in BUILT_IN}:
        raise ValueError(f"{name!r} is a built-in facet field")
    _registry.pop(name, None)


def all_fields() -> tuple[FacetField, ...]:
    """Every facet field, in declaration order."""
    return tuple(_registry.values())


def panel_fields() -> tuple[FacetField, ...]:
    """The fields counted with every search and shown as facet sections, in panel order."""
    return tuple(f for f in _registry.values() if f.in_panel)


def facet_field(name: str) -> FacetField | None:
    """The field called ``name`` in the index, or None."""
    return _registry.get(name)


def by_query_name(name: str) -> FacetField | None:
    """The field a name typed before ``:`` or ``=`` stands for (case-insensitive), or None."""
    wanted = name.lower()
    return next((f for f in _registry.values() if wanted in f.query_names), None)


def completed_fields() -> Iterator[FacetField]:
    """Fields whose values completion offers for plain words."""
    return (f for f in _registry.values() if f.completion_field == f.name)


def index_fields() -> tuple[FacetField, ...]:
    """The fields written into the index (every field but the workbench's and the pairs)."""
    return tuple(f for f in _registry.values() if not f.from_catalogue and f.joins is None)


def catalogue_fields() -> tuple[FacetField, ...]:
    """The fields whose values live in the catalogue (the workbench's), in panel order."""
    return tuple(f for f in _registry.values() if f.from_catalogue)


def schema_stamp() -> str:
    """What the index's layout depends on beyond the schema version: the facet fields and their kinds.

    Stored with the index, so a library whose fields changed is re-indexed from
    the catalogue when it opens.
    """
    return ",".join(f"{f.name}{'*' if f.multi else ''}" for f in index_fields())
