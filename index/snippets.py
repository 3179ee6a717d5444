"""Where a query matched: offsets in a text and a short snippet around them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from index.schema import stemming_analyzer

SNIPPET_CHARS = 240

_analyzer = stemming_analyzer()


@dataclass(frozen=True)
class Snippet:
    """A piece of a document's text and the spans in it that matched.

    ``matches`` are ``(start, end)`` offsets into ``text``; ``start`` is
    where ``text`` begins in the full document.
    """

    text: str
    matches: tuple[tuple[int, int], ...]
    start: int = 0


def match_offsets(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Offsets of every token in ``text`` whose analysed form is in ``terms``.

    The text goes through the same analysis as the index, so a search for
    ``negotiations`` marks ``negotiated`` and ``Türkiye`` marks ``Turkiye``.
    """
    wanted = set(terms)
    if not wanted or not text:
        return []
    return [
        (token.startchar, token.endchar)
        for token in _analyzer(text, chars=True, mode="index")
        if token.text in wanted
    ]


def _best_window(offsets: list[tuple[int, int]], width: int) -> int:
    """Start of the window of ``width`` chars holding the most matches."""
    best_start, best_count = offsets[0][0], 0
    right = 0
    for left in range(len(offsets)):
        while right < len(offsets) and offsets[right][1] - offsets[left][0] <= width:
            right += 1
        if right - left > best_count:
            best_count, best_start = right - left, offsets[left][0]
    return best_start


def make_snippet(text: str, offsets: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> Snippet:
    """Cuts a snippet around the densest cluster of matches.

    With no matches the snippet is the start of the text.
    """
    if not offsets:
        start = 0
    else:
        first = _best_window(offsets, width)
        start = max(0, first - width // 4)
        # Begin at a word boundary so the snippet does not open mid-word.
        if start > 0:
            space = text.rfind(" ", max(0, start - 20), start)
            start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start + width // 2, end)
        end = space if space > 0 else end
    piece = text[start:end]
    flat = piece.replace("\n", " ")
    matches = tuple((s - start, e - start) for s, e in offsets if s >= start and e <= end)
    return Snippet(flat, matches, start)
