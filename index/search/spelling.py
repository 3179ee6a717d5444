"""Spelling suggestions ("Did you mean …?") from the unstemmed exact field, offered only when they find something.

A word is corrected only when no document holds it. Candidates come from the
index's own word list (so names of places and people are known), within two
edits (see ``index.backend.lexicon``); the closest wins, then the most common. The corrected query is run
before it is offered: a suggestion that finds nothing is not shown.
"""

from __future__ import annotations

from index.backend.lexicon import word_index
from index.backend.schema import folding_analyzer
from index.query.parser import SPELLING_FIELD, ParsedQuery

MAX_EDITS = 2
# Short words have many neighbours one edit away; two edits would suggest noise.
SHORT_WORD = 4
MIN_WORD = 3

_analyzer = folding_analyzer()


def correction(reader, word: str) -> str | None:
    """The best replacement for a folded word no document holds, or None.

    The nearest word wins; among equally near ones, the most common.
    """
    if len(word) < MIN_WORD or word.isdigit():
        return None
    limit = 1 if len(word) <= SHORT_WORD else MAX_EDITS
    candidates = [(distance, candidate) for distance, candidate in word_index(reader).near(word, limit)
                  if candidate != word]
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (c[0], -reader.doc_frequency(SPELLING_FIELD, c[1]), c[1]))
    return best[1]


def _same_case(typed: str, word: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def corrected_text(reader, text: str, parsed: ParsedQuery) -> str | None:
    """``text`` with every unknown word replaced by its correction, or None if none was found."""
    replacements: list[tuple[int, int, str]] = []
    for start, end in parsed.words:
        for token in _analyzer(text[start:end], chars=True):
            if reader.doc_frequency(SPELLING_FIELD, token.text):
                continue
            better = correction(reader, token.text)
            if better:
                typed = text[start + token.startchar : start + token.endchar]
                replacements.append((start + token.startchar, start + token.endchar, _same_case(typed, better)))
    if not replacements:
        return None
    pieces = []
    position = 0
    for start, end, word in sorted(replacements):
        pieces.append(text[position:start])
        pieces.append(word)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def suggest(engine, searcher, text: str, parsed: ParsedQuery, filter_mask: int, total: int,
            expand_countries: bool = True) -> str | None:
    """A corrected query that finds more than the query as typed, or None.

    "More" rather than "some": a word the stemmer already matches ("energi"
    finds "energy") or a country alias that was expanded needs no correction.

    Args:
        engine: The :class:`~index.search.engine.SearchEngine` (parses and matches).
        searcher: The searcher the query ran on.
        text: The query as typed.
        parsed: Its parse (holds where the words are).
        filter_mask: Documents passing the facet filters.
        total: How many documents the query as typed found within the filters.
        expand_countries: As for the original query.
    """
    corrected = corrected_text(searcher.reader(), text, parsed)
    if corrected is None:
        return None
    candidate = engine.parse(corrected, searcher, expand_countries)
    if candidate.is_empty:
        return None
    found = (engine.query_mask(searcher, candidate) & filter_mask).bit_count()
    return corrected if found > total else None
