"""Text analysis for the index, fused into one pass for speed.

Whoosh's stock chain (tokenizer | lowercase | accent fold | stop | stem) runs
five generators per token; indexing spent most of its time there. These
tokenizers do the same work in one loop with a reused token, and give the
same terms as the chain (tests compare them).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from whoosh.analysis import STOP_WORDS, Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

# Words split at hyphens ("Türkiye-Kazakhstan" holds both names) and keep
# inner dots ("U.S."); digits stay ("G20", years).
TOKEN_PATTERN = r"\w+(\.?\w+)*"
MIN_WORD = 2
# The same words without a capture group, for ``findall``.
_WORDS = re.compile(r"\w+(?:\.?\w+)*")
# Bound on the word -> term memo; a large archive has a few hundred thousand forms.
_MEMO_LIMIT = 500_000


def fold(text: str) -> str:
    """Lower-cases and removes accents (``Türkiye`` -> ``turkiye``)."""
    return text.lower().translate(accent_map)


class _TermMemo(dict):
    """Word form -> indexed term (None when left out), computed on first sight."""

    def __init__(self, compute) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, word: str) -> bytes | None:
        term = self[word] = self._compute(word)
        return term


class FoldingTokenizer(Tokenizer):
    """Words, lower-cased and accent-folded; optionally stop words out and stemmed."""

    def __init__(self, stem: bool = True, stoplist: frozenset[str] = STOP_WORDS) -> None:
        super().__init__()
        self.expression = re.compile(TOKEN_PATTERN)
        self.stem = stem
        self.stoplist = stoplist if stem else frozenset()
        self._stems: dict[str, str] = {}
        self._memo = _TermMemo(self._term)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.stem == other.stem and self.stoplist == other.stoplist

    def __hash__(self) -> int:
        return hash((type(self), self.stem))

    def _stemmed(self, word: str) -> str:
        cached = self._stems.get(word)
        if cached is None:
            if len(self._stems) > 500_000:  # bound the cache on huge archives
                self._stems.clear()
            cached = self._stems[word] = porter_stem(word)
        return cached

    def term_positions(self, value: str) -> tuple[dict[bytes, list[int]], int]:
        """Every term of ``value`` with its positions, as the indexer needs them.

        Gives the same terms and positions as calling the tokenizer with
        ``positions=True`` (tests compare them), without a token object per
        word: the regular expression finds all words at once and each
        distinct word form is folded and stemmed once, then remembered.

        Returns:
            UTF-8 term -> ascending positions, and the number of words kept.
        """
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        terms = list(map(memo.__getitem__, _WORDS.findall(value)))
        first = 0
        if self.stem:
            # As Whoosh's StopFilter renumbers: the first kept word keeps its
            # place, the rest follow it without gaps.
            first = next((i for i, term in enumerate(terms) if term is not None), 0)
            terms = [term for term in terms if term is not None]
        found: defaultdict[bytes, list[int]] = defaultdict(list)
        for pos, term in enumerate(terms, first):
            found[term].append(pos)
        return found, len(terms)

    def _term(self, word: str) -> bytes | None:
        """The indexed term of one word form, or None when it is left out."""
        text = word.lower().translate(accent_map)
        if self.stem:
            if len(text) < MIN_WORD or text in self.stoplist:
                return None
            text = self._stemmed(text)
        return text.encode("utf-8")

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        stoplist = self.stoplist
        stem = self.stem
        if not tokenize:
            matches = [(value, 0, len(value))]
        else:
            matches = ((m.group(0), m.start(), m.end()) for m in self.expression.finditer(value))
        kept = -1
        for original_pos, (word, start, end) in enumerate(matches, start_pos):
            text = word.lower().translate(accent_map)
            if stem:
                if len(text) < MIN_WORD or text in stoplist:
                    continue
                text = self._stemmed(text)
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                # As Whoosh's StopFilter renumbers: the first kept word keeps
                # its place, the rest follow it without gaps.
                kept = original_pos if kept < 0 else kept + 1
                token.pos = kept
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token
