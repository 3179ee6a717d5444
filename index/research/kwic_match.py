"""Where a query occurs in a text, as the concordance shows it: single words, and phrases as one hit.

A query's words are found as the snippets find them (analysed like the
index, so ``negotiations`` finds ``negotiated``; see
:func:`index.search.snippets.match_offsets`). A phrase (``"strategic
partnership"``, or a country's other name such as "Republic of Türkiye") is
found as a run of tokens analysed as its field analyses them, within the
phrase's slop, and shown as one hit from its first word to its last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as wq

from index.backend.schema import EXACT_FIELD, TEXT_FIELDS, folding_analyzer, stemming_analyzer
from index.backend.terms import term_text
from index.research.results import ConcordanceLine
from index.search.snippets import match_offsets

_ANALYZERS = {EXACT_FIELD: folding_analyzer(), **dict.fromkeys(TEXT_FIELDS, stemming_analyzer())}
_SPACE = re.compile(r"\s+")
_stem = stemming_analyzer()


@dataclass(frozen=True)
class Patterns:
    """What to find: stemmed words, phrases as ``(field, words, slop)``, and exact (folded, unstemmed) words."""

    words: frozenset[str]
    phrases: tuple[tuple[str, tuple[str, ...], int], ...]
    exact: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases or self.exact)


def positive_leaves(node: wq.Query):
    """Leaves of a query tree outside negated branches, phrases kept whole."""
    if isinstance(node, wq.Not):
        return
    if isinstance(node, wq.AndNot):
        yield from positive_leaves(node.a)
        return
    if isinstance(node, wq.Phrase) or node.is_leaf():
        yield node
        return
    for child in node.children():
        yield from positive_leaves(child)


def patterns_of(query: wq.Query, reader) -> Patterns:
    """The words and phrases of a parsed query (wildcards and fuzzy words expanded to the words they match)."""
    words: set[str] = set()
    exact: set[str] = set()
    phrases: list[tuple[str, tuple[str, ...], int]] = []
    for leaf in positive_leaves(query):
        if isinstance(leaf, wq.Phrase):
            if leaf.fieldname in _ANALYZERS and leaf.words:
                phrases.append((leaf.fieldname, tuple(term_text(w) for w in leaf.words), max(1, leaf.slop)))
            continue
        try:
            pairs = leaf.expanded_terms(reader)
        except Exception:  # a leaf type without expansion: its literal terms
            pairs = leaf.terms()
        for fieldname, value in pairs:
            word = term_text(value)
            if fieldname in TEXT_FIELDS:
                words.add(word)
            elif fieldname == EXACT_FIELD:  # a wildcard's expansions: "generat*" is not "general"
                exact.add(word)
    return Patterns(frozenset(words), tuple(dict.fromkeys(phrases)), frozenset(exact))


def _phrase_at(text: str, start: int, field: str, words: tuple[str, ...], slop: int) -> int | None:
    """Where the phrase that starts at ``start`` ends, or None when it does not start there."""
    # Enough text for the phrase's words and the gaps its slop allows, never the whole statement.
    window = text[start:start + 60 * len(words) * slop + 60]
    tokens = [(token.endchar, token.text) for token in _ANALYZERS[field](window, chars=True)]
    if not tokens or tokens[0][1] != words[0]:
        return None
    at, end = 0, tokens[0][0]
    for word in words[1:]:
        following = next((i for i in range(at + 1, min(len(tokens), at + 1 + slop)) if tokens[i][1] == word), None)
        if following is None:
            return None
        at, end = following, tokens[following][0]
    return start + end


def _phrase_spans(text: str, field: str, words: tuple[str, ...], slop: int) -> list[tuple[int, int]]:
    # Where the first word may start: a fast prefix search for its stem (see match_offsets).
    stems = frozenset(token.text for token in _stem(words[0])) if field == EXACT_FIELD else frozenset(words[:1])
    if stems:
        starts = [start for start, _end in match_offsets(text, stems)]
    else:  # a stop word first ("the Hague"): every word may start it
        starts = [token.startchar for token in _ANALYZERS[field](text, chars=True) if token.text == words[0]]
    spans = []
    for start in starts:
        end = _phrase_at(text, start, field, words, slop)
        if end is not None:
            spans.append((start, end))
    return spans


def _exact_spans(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """Where words of the exact field occur: candidates by their stems (fast), kept when their folded form is one."""
    fold = _ANALYZERS[EXACT_FIELD]
    stems = frozenset(token.text for word in words for token in _stem(word))
    spans = []
    for start, end in match_offsets(text, stems):
        folded = [token.text for token in fold(text[start:end])]
        if folded and folded[0] in words:
            spans.append((start, end))
    return spans


def hits_in(text: str, patterns: Patterns) -> list[tuple[int, int]]:
    """Offsets of every hit in ``text``, in order, none overlapping another."""
    found = match_offsets(text, patterns.words) if patterns.words else []
    if patterns.exact:
        found.extend(_exact_spans(text, patterns.exact))
    for field, words, slop in patterns.phrases:
        found.extend(_phrase_spans(text, field, words, slop))
    found.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _flat(text: str) -> str:
    """Runs of spaces and line breaks as one space."""
    return _SPACE.sub(" ", text)


def line_at(doc_id: str, title: str, date: str | None, text: str, start: int, end: int,
            width: int) -> ConcordanceLine:
    """A concordance line: ``width`` characters of context each side, line breaks as spaces.

    The space between a hit and its context (when there is one) stays with the
    context, so ``left + hit + right`` reads as the text does.
    """
    # Three times the width of raw text is enough for the width once runs of spaces collapse.
    left = _flat(text[max(0, start - 3 * width):start]).lstrip()[-width:] if width else ""
    right = _flat(text[end:end + 3 * width]).rstrip()[:width] if width else ""
    return ConcordanceLine(doc_id, title, date, start, end, left, _flat(text[start:end]), right)
