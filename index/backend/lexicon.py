"""The archive's words in memory, for fuzzy search and spelling suggestions.

Whoosh finds words near a misspelling by walking a Levenshtein automaton
over each segment's term file, or, over several segments, by measuring the
distance to every word: 0.1 to 3 seconds per word on 8,600 statements.
Here the words of the unstemmed ``exact`` field are read once per searcher
generation into a sorted list with an index of letter pairs. A word within
``d`` edits keeps all but ``3 d`` of the query's letter pairs (a swap of two
letters changes three), so counting shared pairs leaves a few candidates to
measure exactly. Swapping two neighbouring letters counts as one edit.
"""

from __future__ import annotations

from array import array
from collections import Counter

from index.backend.terms import reader_cache, term_text

FIELD = "exact"


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance where swapping two neighbouring letters counts as one edit.

    Args:
        a: One word.
        b: The other.
        limit: Stop early once every path is over this (the result is then ``limit + 1``).
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if limit is not None and min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _pairs(word: str) -> set[str]:
    padded = f"\x02{word}\x03"  # word start and end count as letters: "ab" -> ^a, ab, b$
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


class WordIndex:
    """Every word of the ``exact`` field of one reader."""

    def __init__(self, reader) -> None:
        found: set[bytes] = set()
        for leaf, _offset in reader.leaf_readers():
            if FIELD in leaf.schema:
                found.update(leaf.lexicon(FIELD))
        self.words = sorted(term_text(raw) for raw in found)
        self._pairs: dict[str, array] | None = None

    def _pair_index(self) -> dict[str, array]:
        if self._pairs is None:
            index: dict[str, array] = {}
            for number, word in enumerate(self.words):
                for pair in _pairs(word):
                    postings = index.get(pair)
                    if postings is None:
                        postings = index[pair] = array("I")
                    postings.append(number)
            self._pairs = index
        return self._pairs

    def near(self, word: str, maxdist: int, prefix: int = 0) -> list[tuple[int, str]]:
        """Words within ``maxdist`` edits of ``word`` (itself included), nearest first.

        Args:
            word: A folded word.
            maxdist: Most edits.
            prefix: Candidates must share this many first letters with ``word``.

        Returns:
            ``(distance, word)`` pairs, by distance then alphabetically.
        """
        pairs = _pairs(word)
        needed = max(1, len(pairs) - 3 * maxdist)
        index = self._pair_index()
        shared: Counter = Counter()
        for pair in pairs:
            shared.update(index.get(pair, ()))
        start = word[:prefix]
        found = []
        for number, count in shared.items():
            if count < needed:
                continue
            candidate = self.words[number]
            if abs(len(candidate) - len(word)) > maxdist or not candidate.startswith(start):
                continue
            distance = edit_distance(word, candidate, maxdist)
            if distance <= maxdist:
                found.append((distance, candidate))
        found.sort()
        return found


def word_index(reader) -> WordIndex:
    """The word index of ``reader``, built on first use and kept as long as the reader lives."""
    return reader_cache(reader, "words", lambda: WordIndex(reader))
