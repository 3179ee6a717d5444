"""Two statements side by side: the words each has that the other lacks, found by difflib on word sequences.

Words are compared as the signatures compare them (lower case, accents
folded), so a change of case or a curly apostrophe is no difference, while
the offsets point into the texts as written, for painting.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from whoosh.support.charset import accent_map

from index.research.results import ComparedText, Comparison

_WORD = re.compile(r"\w+")
# Beyond this many words a side is compared by its first ones only: difflib's cost grows with the
# product of the lengths, and a near-identical pair is told apart long before.
MAX_WORDS = 20_000


def _words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    keys, spans = [], []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        keys.append(word if word.isascii() else word.translate(accent_map))
        spans.append(match.span())
        if len(keys) >= MAX_WORDS:
            break
    return keys, spans


def _merged(spans: list[tuple[int, int]], text: str) -> tuple[tuple[int, int], ...]:
    """Adjacent changed words as one span (the space between them painted too)."""
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1]:start].strip():
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def compare_texts(left: tuple[str, str, str | None, str], right: tuple[str, str, str | None, str],
                  similarity: float | None = None) -> Comparison:
    """Compares two statements given as ``(doc id, title, date, text)``.

    Returns:
        Both texts with the spans of the words only one of them has, and the
        share of words they have in common, in order.
    """
    left_words, left_spans = _words(left[3])
    right_words, right_spans = _words(right[3])
    matcher = SequenceMatcher(None, left_words, right_words, autojunk=False)
    left_changes: list[tuple[int, int]] = []
    right_changes: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        left_changes.extend(left_spans[i1:i2])
        right_changes.extend(right_spans[j1:j2])
    return Comparison(
        ComparedText(left[0], left[1], left[2], left[3], _merged(left_changes, left[3])),
        ComparedText(right[0], right[1], right[2], right[3], _merged(right_changes, right[3])),
        round(matcher.ratio(), 4), similarity)
