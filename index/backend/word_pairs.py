"""Adjacent pairs of common words, indexed as terms, so a phrase of common words reads like one word.

"general assembly" is in 70 % of a General Debate archive. Matched from
positions, both words' positions are decoded in every statement holding
both, millions of numbers at 100,000 statements. As Lucene's CommonGrams
does, the index also keeps every adjacent pair of common words of the exact
forms as one term ("general assembly"), in a field of its own holding
documents only (no counts, no positions). A two-word phrase of common words
is then that term's documents; a longer one starts from the documents that
hold each of its pairs, and positions are decoded for those only.

Which words are common is fixed for an index: the list ships in
``resources/index/common_words.txt`` (made by ``bench/common_words.py``),
and changing it re-indexes libraries through ``SCHEMA_VERSION``. Stop words
are not in it, so "rule of law" still matches from positions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from itertools import compress, islice, pairwise
from operator import and_

from whoosh.analysis import Token
from whoosh.fields import FieldType
from whoosh.formats import Existence

from documents.resources import resource_path
from index.backend.analysis import FoldingTokenizer

PAIR_FIELD = "word_pairs"
_JOIN = b" "


@cache
def common_words() -> frozenset[bytes]:
    """The shipped common words, UTF-8, as the exact forms' analysis gives them."""
    text = resource_path("index/common_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().encode("utf-8") for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def pair_terms(words: list[bytes]) -> list[bytes]:
    """The pair terms of a sequence of exact-form terms: each adjacent pair of common words, in order."""
    common = common_words()
    return [first + _JOIN + second for first, second in pairwise(words) if first in common and second in common]


class PairTokenizer(FoldingTokenizer):
    """The pair terms of a text: its exact forms (unstemmed, stop words kept), paired where both are common."""

    def __init__(self) -> None:
        super().__init__(stem=False)

    def __hash__(self) -> int:
        return hash(type(self))

    def term_positions(self, value: str) -> tuple[dict[bytes, list[int]], int]:
        """Every pair term of ``value`` with the positions of its first word, and 0 (the field has no lengths)."""
        common = common_words()
        _first, terms = self.kept_terms(value)
        found: defaultdict[bytes, list[int]] = defaultdict(list)
        for pos, (first, second) in enumerate(pairwise(terms)):
            if first in common and second in common:
                found[first + _JOIN + second].append(pos)
        return found, 0

    def term_set(self, value: str) -> tuple[set[bytes], int]:
        """The distinct pair terms of ``value``, and 0: what the field stores (documents only)."""
        common = common_words()
        terms = self.kept_terms(value)[1]
        flags = list(map(common.__contains__, terms))
        both = map(and_, flags, islice(flags, 1, None))
        return {first + _JOIN + second for first, second in compress(pairwise(terms), both)}, 0

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        found, _length = self.term_positions(value)
        for term, places in found.items():
            for pos in places:
                token.text = term.decode("utf-8")
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = start_pos + pos
                yield token


class PAIRS(FieldType):
    """The pair field: documents only (Whoosh's ``Existence``), not stored, not scored."""

    def __init__(self) -> None:
        super().__init__(Existence(), PairTokenizer())

