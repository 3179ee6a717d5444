"""No query runs away: wildcards and word ranges search a bounded number of words.

Whoosh expands ``negotiat*`` (or a range of words such as ``exact:[a TO
c]``) to every word that matches, reading the word list of every segment,
and then searches them all: ``**`` took 16 s on 2,121 statements. Here such a
pattern becomes an OR of at most :data:`MAX_WORDS` words, the most common
first, found by walking the sorted word list from the pattern's fixed prefix
and reading no more than :data:`MAX_SCANNED` words; the person is told when
words were left out. Fuzzy words are bounded in :mod:`index.query.parser`.
"""

from __future__ import annotations

import fnmatch
import re

from whoosh import query as wq

from index.backend.schema import EXACT_FIELD, TEXT_FIELDS
from index.backend.terms import term_text

MAX_WORDS = 1000  # words a pattern searches at most (the most common)
MAX_SCANNED = 200_000  # words read from the word list for one pattern at most
_WORD_FIELDS = (*TEXT_FIELDS, EXACT_FIELD)


def _candidates(reader, field: str, prefix: str, accept) -> tuple[list[tuple[int, str]], int, bool]:
    """``(-doc frequency, word)`` of matching words, how many matched, and whether the scan was cut short."""
    found: list[tuple[int, str]] = []
    matched = 0
    for scanned, (raw, info) in enumerate(reader.iter_prefix(field, prefix)):
        if scanned >= MAX_SCANNED:
            return found, matched, True
        word = term_text(raw)
        if accept(word):
            matched += 1
            found.append((-info.doc_frequency(), word))
    return found, matched, False


def _pattern_words(node, reader) -> tuple[list[str], int, bool, str] | None:
    """The words a Prefix, Wildcard or word-range node matches, bounded, or None for other nodes."""
    field = getattr(node, "fieldname", None)
    if field not in _WORD_FIELDS:
        return None
    if isinstance(node, wq.Prefix):
        text = str(node.text)
        found, matched, cut = _candidates(reader, field, text, lambda _word: True)
        shown = f"{text}*"
    elif isinstance(node, wq.Wildcard):
        text = str(node.text)
        prefix = re.split(r"[*?]", text, maxsplit=1)[0]
        pattern = re.compile(fnmatch.translate(text))
        found, matched, cut = _candidates(reader, field, prefix, lambda word: bool(pattern.match(word)))
        shown = text
    elif isinstance(node, wq.TermRange):
        start, end = str(node.start or ""), str(node.end or "\uffff")
        common = ""
        for a, b in zip(start, end, strict=False):
            if a != b:
                break
            common += a
        found, matched, cut = _candidates(reader, field, common, lambda word: start <= word <= end)
        shown = f"[{node.start or ''} to {node.end or ''}]"
    else:
        return None
    found.sort()
    return [word for _count, word in found[:MAX_WORDS]], matched, cut, shown


def bound_patterns(node: wq.Query, reader, messages: list[str]) -> wq.Query:
    """Replaces wildcards, prefixes and word ranges by the words they match, at most :data:`MAX_WORDS`.

    Args:
        node: The parsed query.
        reader: The index reader.
        messages: Gets a note for each pattern whose words were cut.
    """
    expanded = _pattern_words(node, reader)
    if expanded is not None:
        words, matched, cut, shown = expanded
        if cut or matched > MAX_WORDS:
            many = f"more than {MAX_SCANNED:,}" if cut else f"{matched:,}"
            note = (f"\u201c{shown}\u201d matched {many} words; the {min(MAX_WORDS, len(words)):,} most common "
                    "were searched.")
            if note not in messages:
                messages.append(note)
        field, boost = node.fieldname, getattr(node, "boost", 1.0)
        # No word: keep a term that matches nothing (NullQuery would drop the condition).
        return wq.Or([wq.Term(field, word, boost=boost) for word in words]) if words else wq.Term(field, "\x00")
    return node.apply(lambda child: bound_patterns(child, reader, messages))
