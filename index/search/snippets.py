"""Where a query matched: offsets in a text and a short snippet around them."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh.support.charset import accent_map

from index.backend.analysis import TOKEN_PATTERN
from index.backend.schema import stemming_analyzer

SNIPPET_CHARS = 240
MANY_PREFIXES = 64

_analyzer = stemming_analyzer()
_token = re.compile(TOKEN_PATTERN)
_word_char = re.compile(r"\w")
# Letters that fold to each plain letter ("u" -> "uüúùû…"), for accent-blind patterns.
_VARIANTS: dict[str, set[str]] = {}
for _code, _plain in accent_map.items():
    if len(_plain) == 1:
        _VARIANTS.setdefault(_plain.lower(), {_plain.lower()}).add(chr(_code))


@dataclass(frozen=True)
class Snippet:
    """A piece of a document's text and the spans in it that matched.

    ``matches`` are ``(start, end)`` offsets into ``text``; ``start`` is
    where ``text`` begins in the full document.
    """

    text: str
    matches: tuple[tuple[int, int], ...]
    start: int = 0


@functools.lru_cache(maxsize=100_000)
def _analysed(word: str) -> str | None:
    """The index term of one token (None for a stop word)."""
    return next((token.text for token in _analyzer(word)), None)


@functools.lru_cache(maxsize=64)
def _candidates(terms: frozenset[str]) -> re.Pattern:
    """A pattern for the starts of words that may analyse to one of ``terms``.

    A Porter stem minus its last two letters begins every word it comes from
    ("negoti" <- "negotiations"; "countri" <- "country"), so only words
    starting with such a prefix, accents and case aside, need analysing.
    """
    prefixes = sorted({term[: max(1, len(term) - 2)] for term in terms}, key=len, reverse=True)
    if len(prefixes) > MANY_PREFIXES:
        # A wildcard's hundreds of words: compiling their prefixes costs more than analysing every word.
        return _token
    alternatives = [
        "".join(f"[{re.escape(''.join(sorted(_VARIANTS.get(ch, {ch}))))}]" for ch in prefix) for prefix in prefixes
    ]
    # No look-behind for the word start: it keeps the regex engine from scanning fast for the first
    # letter and costs twice the time on a long speech; match_offsets skips matches inside words.
    return re.compile(rf"(?:{'|'.join(alternatives)})", re.IGNORECASE)


def match_offsets(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Offsets of every token in ``text`` whose analysed form is in ``terms``.

    The text goes through the same analysis as the index, so a search for
    ``negotiations`` marks ``negotiated`` and ``Türkiye`` marks ``Turkiye``.
    Only words that could match are analysed (analysing a whole 50 KB speech
    for each of twenty snippets is what made snippets slow).
    """
    wanted = frozenset(terms)
    if not wanted or not text:
        return []
    offsets = []
    end = 0
    for candidate in _candidates(wanted).finditer(text):
        start = candidate.start()
        if start < end or (start and (_word_char.match(text, start - 1) or (
                start >= 2 and text[start - 1] == "." and _word_char.match(text, start - 2)))):
            continue  # inside a word already read or begun before, or after the inner dot of "U.S"
        token = _token.match(text, start)
        end = token.end()
        if _analysed(token.group()) in wanted:
            offsets.append((start, end))
    return offsets


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
