"""Typed facet values to codes: ``country:Turkey`` and ``--filter country=Turkey`` both mean ``TUR``.

The search box and the command line resolve through :func:`resolve_value`,
driven by each field's declaration in :mod:`index.fields`.
"""

from __future__ import annotations

from collections.abc import Callable

from index.backend.analysis import fold
from index.backend.terms import field_values
from index.fields import FacetField

Labeller = Callable[[str, str], str]


def _name_key(text: str) -> str:
    return fold(text).replace("_", " ").replace("-", " ").strip()


def _known_value(field: FacetField, text: str, reader, labeller: Labeller) -> str | None:
    """A value of the index's own list whose code or label matches ``text``."""
    wanted = _name_key(text)
    for value in field_values(reader, field.name):
        label = fold(labeller(field.name, value))
        if wanted in {_name_key(value), label, *label.split(" or ")}:
            return value
    return None


def resolve_value(field: FacetField, text: str, reader=None, labeller: Labeller | None = None) -> str | None:
    """The code a typed value stands for (``Turkey`` -> ``TUR``), or None if nothing is called so.

    Codes present in the index are taken as they are; then the field's own
    resolver (the vocabulary) reads names; then names are compared with the
    labels shown in the facet panel (document types, languages, organisations
    found at import); without an index, the field's free form is the last resort.

    Args:
        field: The facet field.
        text: The value as typed.
        reader: The index reader, when one is at hand.
        labeller: ``labeller(field, code) -> display name``; defaults to the field's labels.
    """
    text = text.strip()
    if not field.resolves:
        return text or None
    if reader is not None and reader.doc_frequency(field.name, text):
        return text
    code = field.resolve(text) if field.resolve else None
    if code is None and reader is not None and field.match_labels:
        code = _known_value(field, text, reader, labeller or (lambda _name, value: field.label_of(value)))
    if code is None and reader is None and field.free_value is not None:
        code = field.free_value(text)
    return code
