"""Completion for the search box: words from the index and facet values by name.

Typing ``turk`` offers the words the archive holds (``turkish``, ``turkic``)
and the countries, organisations and topics whose names start so, each as
the field search it stands for (``country:TUR`` shown as "Türkiye").
Typing ``country:kaz`` offers countries only. Only values some document
carries are offered, most frequent first. Which fields complete, and under
which name, comes from their declarations in :mod:`index.fields`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.backend.analysis import fold
from index.backend.terms import reader_cache
from index.fields import FacetField, by_query_name, completed_fields, facet_field
from index.search.word_table import words_starting

_TYPED = re.compile(r"^(?P<lead>[-+(]*)(?:(?P<field>[^\W\d]\w*):)?(?P<value>.*)$", re.DOTALL)
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Completion:
    """One entry of the completion list.

    Attributes:
        text: What replaces the word being typed (``turkish``, ``country:TUR``).
        kind: ``word`` or the facet field (``country``, ``organisation``, ``topic``).
        label: What the list shows ("turkish", "Türkiye").
        count: Documents holding the word or carrying the value.
    """

    text: str
    kind: str
    label: str
    count: int = 0


def _keys(field: FacetField, value: str, label: str) -> list[str]:
    """Folded strings a typed prefix may start: code, label, each label word, other names."""
    names = [label, *(field.aliases(value) if field.aliases else ())]
    keys = [fold(value)]
    for name in names:
        folded = fold(name)
        keys.append(folded)
        keys.extend(m.group(0) for m in _WORDS.finditer(folded))
    return keys


def facet_completions(engine, typed: str, fields: tuple[FacetField, ...] | None = None,
                      lead: str = "") -> list[Completion]:
    """Facet values whose code, name or other names start with ``typed``.

    Whole-name matches come first, then by number of documents.
    """
    wanted = fold(typed.strip().strip('"'))
    searcher = engine.searcher()
    cache = engine.facet_cache(searcher)
    # Labels and match keys, computed once per reader: for thousands of
    # organisations on every keystroke they would show.
    known = reader_cache(searcher.reader(), "completion-keys", dict)
    ranked = []
    for field in fields if fields is not None else tuple(completed_fields()):
        for value, docs in cache.values.get(field.name, {}).items():
            if (field.name, value) not in known:
                label = engine.label(field.name, value)
                known[field.name, value] = label, _keys(field, value, label)
            label, keys = known[field.name, value]
            if wanted and not any(key.startswith(wanted) for key in keys):
                continue
            count = docs.bit_count()
            whole = fold(label).startswith(wanted) or fold(value).startswith(wanted)
            text = f"{lead}{field.query_names[0]}:{value}"
            ranked.append((not whole, -count, label.casefold(), Completion(text, field.name, label, count)))
    ranked.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in ranked]


def word_completions(engine, typed: str, lead: str = "", limit: int = 10) -> list[Completion]:
    """The ``limit`` words of the archive starting with ``typed`` (accents and case folded), most common first."""
    wanted = fold(typed.strip())
    if not wanted or not _WORDS.fullmatch(wanted.replace(".", "")):
        return []
    reader = engine.searcher().reader()
    return [Completion(lead + word, "word", word, count) for word, count in words_starting(reader, wanted, limit)]


def complete(engine, prefix: str, limit: int = 10) -> list[Completion]:
    """Completions for the word being typed in the search box.

    Args:
        engine: The library's :class:`~index.search.engine.SearchEngine`.
        prefix: The word under the cursor, as typed (``turk``, ``-neg``,
            ``country:kaz``, ``org:``).
        limit: Most completions to return.

    Returns:
        Facet values and words, at most ``limit``; facet values take at
        most half the list unless there are too few words to fill it.
    """
    match = _TYPED.match(prefix or "")
    lead, typed_field, value = match.group("lead"), match.group("field"), match.group("value")
    if typed_field is not None:
        field = by_query_name(typed_field)
        source = facet_field(field.completion_field) if field and field.completion_field else None
        if source is None:
            return []
        return facet_completions(engine, value, (source,), lead)[:limit]
    if not value.strip():
        return []
    facets = facet_completions(engine, value, lead=lead)
    words = word_completions(engine, value, lead, limit)
    facet_room = max(limit // 2, limit - len(words))
    chosen = facets[:facet_room]
    return chosen + words[: limit - len(chosen)]
