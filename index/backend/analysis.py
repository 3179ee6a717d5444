"""Text analysis for the index and for queries, in one pass, with one set of rules for how people write.

The rules decide what is one word, at index time and at query time alike
(``docs/query-language.md`` lists them for users):

- **Abbreviations** are one word however they are written: ``U.S.``,
  ``U.S``, ``U. S.`` and ``U S`` (capital letters with spaces between) are
  the word ``us``, like ``US``; so are ``D.C.``/``DC``, ``U.K.``/``UK``,
  ``E.U.``/``EU``. The abbreviation ``US`` (or ``U.S.``) is never dropped as
  the stop word "us".
- **Possessives** lose their ``s``: ``Iraq's``, ``Iraq’s`` and ``Iraq s`` (the
  apostrophe lost in a copied text) are ``iraq`` followed by the next word.
  A lone ``s`` never carries meaning in a statement.
- **Hyphens, dashes, apostrophes, quotes and non-breaking spaces** all
  separate words, whichever character was used (``US-ROK``, ``U.S.–ROK`` and
  ``US ROK`` give ``us rok``). Numbers split at their inner dots and commas
  (``1.5`` and ``1,000`` are two words each), so text with its punctuation
  removed finds them.
- Then, as before: lower case, accents folded (``Türkiye`` = ``turkiye``), and
  for the stemmed fields English stop words out and Porter stems.

Whoosh's stock chain (tokenizer | lowercase | accent fold | stop | stem) runs
five generators per token; indexing spent most of its time there. These
tokenizers do the work in one loop with a reused token, and the indexer's
:meth:`FoldingTokenizer.term_positions` without a token at all; the tests
compare both with a reference chain built from Whoosh's own filters.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from whoosh.analysis import STOP_WORDS, Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

# An abbreviation: single letters joined by dots, where a space may follow a dot
# only if the next letter has its own dot ("U. S.", but "the U.S. A delegation"
# is two words); or single capitals separated by single spaces ("U S", as text
# copied from a PDF has it).
ABBREVIATION = (r"(?<!\w)[^\W\d_](?:\.[^\W\d_]|\.[ \t][^\W\d_](?=\.))+\.?(?!\w)"
                r"|(?<!\w)[A-Z](?: [A-Z](?!\w))+")
# No capture groups: ``findall`` must give whole matches. An abbreviation starts with a
# letter and a dot or a space; the look-ahead says so first, so most words are not
# tried against both of its branches before ``\w+`` (a quarter of the time a text takes).
TOKEN_PATTERN = rf"(?=[^\W\d_][. ])(?:{ABBREVIATION})|\w+"
MIN_WORD = 2
POSSESSIVE = "s"  # dropped wherever it stands alone
# Bound on the word -> term memo; a large archive has a few hundred thousand forms.
_MEMO_LIMIT = 500_000
_WORDS = re.compile(TOKEN_PATTERN)
_NOT_LETTER = re.compile(r"[\s.]")
# The unstemmed analysis of the last text: ``(text, first position, terms)`` (see kept_terms).
_last_exact: list = [None]
# The words of the last text split: ``(text, words)`` (see _words).
_last_words: list = [None]


def fold(text: str) -> str:
    """Lower-cases and removes accents (``Türkiye`` -> ``turkiye``)."""
    return text.lower().translate(accent_map)


def word_form(surface: str) -> tuple[str, bool]:
    """The folded form of one token as the pattern found it, and whether it is an abbreviation.

    ``U.S.`` -> ``("us", True)``; ``US`` -> ``("us", True)``; ``us`` -> ``("us", False)``.
    """
    if "." in surface or " " in surface or "\t" in surface:
        return fold(_NOT_LETTER.sub("", surface)), True
    return fold(surface), surface == "US"


def _words(value: str) -> list[str]:
    """The words of ``value`` as the pattern finds them.

    A statement's exact forms analyse its title, a line break and its text,
    just after its stemmed body analysed the text alone. No word reaches across
    a line break and every look-around of the pattern sees one as it sees the
    end or start of a string, so the words of ``title + "\\n" + text`` are the
    title's followed by the text's: the text is not split twice.
    """
    last = _last_words[0]
    if last is not None:
        text, words = last
        if value is text:
            return words
        cut = len(value) - len(text)
        if cut > 0 and value[cut - 1] == "\n" and value.endswith(text):
            return _WORDS.findall(value[:cut]) + words
    words = _WORDS.findall(value)
    _last_words[0] = (value, words)  # one tuple: a reader sees all of it or none
    return words


class _TermMemo(dict):
    """Word form -> indexed term (None when left out), computed on first sight."""

    def __init__(self, compute) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, word: str) -> bytes | None:
        term = self[word] = self._compute(word)
        return term


class FoldingTokenizer(Tokenizer):
    """Words by the rules above, lower-cased and accent-folded; optionally stop words out and stemmed."""

    def __init__(self, stem: bool = True, stoplist: frozenset[str] = STOP_WORDS) -> None:
        super().__init__()
        self.expression = _WORDS
        self.stem = stem
        self.stoplist = stoplist if stem else frozenset()
        self._stems: dict[str, str] = {}
        self._memo = _TermMemo(self._term)
        self._texts: dict[str, str | None] = {}

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

    def term_text(self, surface: str) -> str | None:
        """The indexed term of one token as the pattern found it, or None when it is left out."""
        text, abbreviation = word_form(surface)
        if text == POSSESSIVE:
            return None
        if self.stem:
            if len(text) < MIN_WORD or (text in self.stoplist and not abbreviation):
                return None
            text = self._stemmed(text)
        return text

    def _term(self, surface: str) -> bytes | None:
        text = self.term_text(surface)
        return None if text is None else text.encode("utf-8")

    def kept_terms(self, value: str) -> tuple[int, list[bytes]]:
        """The position of the first word kept, and the terms kept in order.

        The exact forms and their word pairs (:mod:`index.backend.word_pairs`) analyse the
        same string, one after the other: the unstemmed terms of the last one are kept.
        """
        if not self.stem:
            last = _last_exact[0]
            if last is not None and last[0] is value:
                return last[1], last[2]
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        terms = list(map(memo.__getitem__, _words(value)))
        # As Whoosh's StopFilter renumbers: the first kept word keeps its place,
        # the rest follow it without gaps (a dropped possessive leaves none).
        first = next((i for i, term in enumerate(terms) if term is not None), 0)
        terms = [term for term in terms if term is not None]
        if not self.stem:
            _last_exact[0] = (value, first, terms)  # one tuple: a reader sees all of it or none
        return first, terms

    def term_positions(self, value: str) -> tuple[dict[bytes, list[int]], int]:
        """Every term of ``value`` with its positions, as the indexer needs them.

        Gives the same terms and positions as calling the tokenizer with
        ``positions=True`` (tests compare them), without a token object per
        word: the regular expression finds all words at once and each
        distinct word form is analysed once, then remembered.

        Returns:
            UTF-8 term -> ascending positions, and the number of words kept.
        """
        first, terms = self.kept_terms(value)
        found: defaultdict[bytes, list[int]] = defaultdict(list)
        for pos, term in enumerate(terms, first):
            found[term].append(pos)
        return found, len(terms)

    def term_set(self, value: str) -> tuple[set[bytes], int]:
        """The distinct terms of ``value``, and the number of words kept (a field storing documents only)."""
        terms = self.kept_terms(value)[1]
        return set(terms), len(terms)

    def term_counts(self, value: str) -> tuple[Counter[bytes], int]:
        """Every term of ``value`` with how often it occurs, and the number of words kept.

        For a field that stores counts and not positions: counting is done in C.
        """
        terms = self.kept_terms(value)[1]
        return Counter(terms), len(terms)

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        texts = self._texts
        if len(texts) > _MEMO_LIMIT:
            texts.clear()
        if not tokenize:
            matches = [(value, 0, len(value))]
        else:
            matches = ((m.group(0), m.start(), m.end()) for m in _WORDS.finditer(value))
        kept = -1
        for original_pos, (word, start, end) in enumerate(matches, start_pos):
            text = texts.get(word)
            if text is None and word not in texts:
                text = texts[word] = self.term_text(word)
            if text is None:
                continue
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                kept = original_pos if kept < 0 else kept + 1
                token.pos = kept
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token
