"""Completion for the search box: words from the index and facet values by name.

Typing ``turk`` offers the words the archive holds (``turkish``, ``turkic``)
and the countries, organisations and topics whose names start so, each as
the field search it stands for (``country:TUR`` shown as "Türkiye").
Typing ``country:kaz`` offers countries only. Only values some document
carries are offered, most frequent first.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from documents.extract import vocabulary
from index.analysis import fold
from index.query import SPELLING_FIELD
from index.query_syntax import FIELD_NAMES

# Facet fields offered, with the field name written in completions.
FACET_PREFIXES = {"country": "country", "organisation": "org", "topic": "topic"}
# Reading every word of a huge prefix ("t") costs more than the list is worth.
MAX_WORDS_SCANNED = 20000

_TYPED = re.compile(r"^(?P<lead>[-+(]*)(?:(?P<field>[^\W\d]\w*):)?(?P<value>.*)$", re.DOTALL)
_WORDS = re.compile(r"\w+")

# Labels and match keys per facet cache (one per searcher generation): computing them
# for thousands of organisations on every keystroke would show.
_KEY_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Completion:
    """One entry of the completion list.

    Attributes:
        text: What replaces the word being typed (``turkish``, ``country:TUR``).
        kind: ``word``, ``country``, ``organisation`` or ``topic``.
        label: What the list shows ("turkish", "Türkiye").
        count: Documents holding the word or carrying the value.
    """

    text: str
    kind: str
    label: str
    count: int = 0


def _keys(fieldname: str, value: str, label: str) -> list[str]:
    """Folded strings a typed prefix may start: code, label, each label word, country aliases."""
    names = [label]
    if fieldname == "country":
        names.extend(vocabulary().country_aliases(value))
    keys = [fold(value)]
    for name in names:
        folded = fold(name)
        keys.append(folded)
        keys.extend(m.group(0) for m in _WORDS.finditer(folded))
    return keys


def facet_completions(engine, typed: str, fields=tuple(FACET_PREFIXES), lead: str = "") -> list[Completion]:
    """Facet values whose code, name or (for countries) other names start with ``typed``.

    Whole-name matches come first, then by number of documents.
    """
    wanted = fold(typed.strip().strip('"'))
    cache = engine.facet_cache()
    known = _KEY_CACHE.setdefault(cache, {})
    ranked = []
    for fieldname in fields:
        for value, docs in cache.values.get(fieldname, {}).items():
            if (fieldname, value) not in known:
                label = engine.label(fieldname, value)
                known[fieldname, value] = label, _keys(fieldname, value, label)
            label, keys = known[fieldname, value]
            if wanted and not any(key.startswith(wanted) for key in keys):
                continue
            count = docs.bit_count()
            whole = fold(label).startswith(wanted) or fold(value).startswith(wanted)
            text = f"{lead}{FACET_PREFIXES[fieldname]}:{value}"
            ranked.append((not whole, -count, label.casefold(), Completion(text, fieldname, label, count)))
    ranked.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in ranked]


def word_completions(engine, typed: str, lead: str = "") -> list[Completion]:
    """Words of the archive starting with ``typed`` (accents and case folded), most common first."""
    wanted = fold(typed.strip())
    if not wanted or not _WORDS.fullmatch(wanted.replace(".", "")):
        return []
    reader = engine.searcher().reader()
    found = []
    for scanned, (raw, info) in enumerate(reader.iter_prefix(SPELLING_FIELD, wanted)):
        if scanned >= MAX_WORDS_SCANNED:
            break
        found.append((-info.doc_frequency(), raw.decode("utf-8")))
    found.sort()
    return [Completion(lead + word, "word", word, -count) for count, word in found]


def complete(source, prefix: str, limit: int = 10) -> list[Completion]:
    """Completions for the word being typed in the search box.

    Args:
        source: A :class:`~index.library.Library` or its search engine.
        prefix: The word under the cursor, as typed (``turk``, ``-neg``,
            ``country:kaz``, ``org:``).
        limit: Most completions to return.

    Returns:
        Facet values and words, at most ``limit``; facet values take at
        most half the list unless there are too few words to fill it.
    """
    engine = getattr(source, "engine", source)
    match = _TYPED.match(prefix or "")
    lead, typed_field, value = match.group("lead"), match.group("field"), match.group("value")
    if typed_field is not None:
        fieldname = FIELD_NAMES.get(typed_field.lower())
        if fieldname == "central_country":
            fieldname = "country"
        if fieldname not in FACET_PREFIXES:
            return []
        return facet_completions(engine, value, (fieldname,), lead)[:limit]
    if not value.strip():
        return []
    facets = facet_completions(engine, value, lead=lead)
    words = word_completions(engine, value, lead)
    facet_room = max(limit // 2, limit - len(words))
    chosen = facets[:facet_room]
    return chosen + words[: limit - len(chosen)]
