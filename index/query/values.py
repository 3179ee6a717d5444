"""Typed facet values to codes: ``country:Turkey`` and ``--filter country=Turkey`` both mean ``TUR``.

The search box and the command line resolve through :func:`resolve_value`,
driven by each field's declaration in :mod:`index.fields`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from index.backend.analysis import fold
from index.backend.terms import field_values
from index.fields import FacetField

Labeller = Callable[[str, str], str]


class KnownValues:
    """The values a library holds, for resolving typed names: the index's terms and the workbench's sets.

    Args:
        reader: The index reader (None when no index is at hand).
        overlay: Field -> value -> bitset for the workbench's fields (their
            values are not in the index; see :mod:`index.search.overlay`).
    """

    def __init__(self, reader=None, overlay: dict[str, dict[str, int]] | None = None) -> None:
        self.reader = reader
        self.overlay = overlay or {}

    def __bool__(self) -> bool:
        return self.reader is not None or bool(self.overlay)

    def has(self, field: FacetField, value: str) -> bool:
        """Whether some statement carries ``value`` in ``field``."""
        if field.from_catalogue:
            return value in self.overlay.get(field.name, {})
        # A pair field (central_pair) is no field of the index: its values are never "held" as typed.
        return self.reader is not None and field.name in self.reader.schema \
            and bool(self.reader.doc_frequency(field.name, value))

    def values(self, field: FacetField) -> Iterable[str]:
        """Every value some statement carries in ``field``."""
        if field.from_catalogue:
            return iter(self.overlay.get(field.name, {}))
        return field_values(self.reader, field.name) if self.reader is not None else iter(())


def _name_key(text: str) -> str:
    return fold(text).replace("_", " ").replace("-", " ").strip()


def _known_value(field: FacetField, text: str, known: KnownValues, labeller: Labeller) -> str | None:
    """A value the library holds whose code or label matches ``text``."""
    wanted = _name_key(text)
    for value in known.values(field):
        label = fold(labeller(field.name, value))
        if wanted in {_name_key(value), label, *label.split(" or ")}:
            return value
    return None


def resolve_value(field: FacetField, text: str, known: KnownValues | None = None,
                  labeller: Labeller | None = None) -> str | None:
    """The code a typed value stands for (``Turkey`` -> ``TUR``), or None if nothing is called so.

    Codes present in the index are taken as they are; then the field's own
    resolver (the vocabulary) reads names; then names are compared with the
    labels shown in the facet panel (document types, languages, organisations
    found at import); without an index, the field's free form is the last resort.

    Args:
        field: The facet field.
        text: The value as typed.
        known: What the library holds, when it is at hand.
        labeller: ``labeller(field, code) -> display name``; defaults to the field's labels.
    """
    text = text.strip()
    if not field.resolves:
        return text or None
    if known and known.has(field, text):
        return text
    code = field.resolve(text) if field.resolve else None
    if code is None and known and field.match_labels:
        code = _known_value(field, text, known, labeller or (lambda _name, value: field.label_of(value)))
    if code is None and not known and field.free_value is not None:
        code = field.free_value(text)
    return code
