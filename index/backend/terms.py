"""What Whoosh hands back, made plain: term text, a field's values, and caches that live as long as a reader.

Whoosh returns terms and stored ids as bytes from some calls and as str from
others; :func:`term_text` is the one place that decodes them.

Cache policy: everything computed from an index reader (facet bitsets,
field lengths, the word list, completion keys, labels) is kept in a
dictionary held *weakly* by that reader, through :func:`reader_cache`. A
commit gives the store a new reader and drops the old one, so a cache can
never serve values of an index that has changed, and none outlives the
searcher it belongs to; nothing needs clearing by hand. Per-segment caches
(field lengths) key on the segment's own reader, which Whoosh reuses across
refreshes for unchanged segments, so they survive a commit that did not touch
their segment.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")

_CACHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def term_text(raw: bytes | str) -> str:
    """A term or stored value as text."""
    return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)


def field_values(reader, fieldname: str) -> Iterator[str]:
    """Every non-empty value of a field the index holds, as text, in term order."""
    if fieldname not in reader.schema:
        return
    for raw in reader.lexicon(fieldname):
        value = term_text(raw)
        if value:
            yield value


def reader_cache(reader, key: str, build: Callable[[], T]) -> T:
    """The value cached under ``key`` for ``reader``, built on first use (see the module notes).

    Args:
        reader: A Whoosh reader (a whole index's or one segment's).
        key: What is cached ("facets", "lengths", ...).
        build: Makes the value when it is not cached yet.
    """
    per_reader = _CACHES.get(reader)
    if per_reader is None:
        per_reader = _CACHES[reader] = {}
    if key not in per_reader:
        per_reader[key] = build()
    return per_reader[key]
