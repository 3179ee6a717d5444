"""Trends: how often terms occur per year within the current results, per 10,000 words and as a share of statements.

Each term is a query in the search-box language (a word, a phrase, an OR
of several). Its statements are the current results it also finds; its
occurrences are counted from the index, never from the texts: a word's
from the term frequencies of the body postings (``exact`` postings for
wildcards and fuzzy words), a phrase's from the spans of Whoosh's phrase
matcher (positions, not texts). Words in titles are not occurrences (the
``exact`` field holds the title before the text; those are taken back). Words per statement are those of its text,
counted when its near-identical signature was made (the index's own field
lengths are rounded to fit a byte); a statement not signed yet counts the
index's length of its title and text. A term with several words (``energy
security``) counts each word's occurrences in the statements that have them all.
"""

from __future__ import annotations

import time
from collections import Counter

from whoosh import query as wq

from index.backend.hit_sets import postings_blocks
from index.backend.schema import EXACT_FIELD, folding_analyzer, stemming_analyzer
from index.backend.segment_tables import docnums_from_mask, mask_from_docnums
from index.backend.terms import term_text
from index.research.kwic_match import positive_leaves
from index.research.results import Trend, TrendPoint, Trends
from index.research.scope import Scope, query_mask, years

_COUNTED_FIELDS = ("body", EXACT_FIELD)  # title hits find a statement but are not counted
_fold, _stem = folding_analyzer(), stemming_analyzer()


class _Titles:
    """What the ``exact`` field holds before the text: the title, whose words are not occurrences.

    Only statements whose title has a word's stem (the title field's postings,
    cheap to read) can have it there, so only their titles are read.
    """

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self._tokens: dict[int, list[str]] = {}

    def tokens(self, docnum: int) -> list[str]:
        """The title's words as the exact field has them."""
        if docnum not in self._tokens:
            title = self.searcher.stored_fields(docnum).get("title") or ""
            self._tokens[docnum] = [token.text for token in _fold(title)]
        return self._tokens[docnum]

    def may_hold(self, word: str) -> set[int] | None:
        """Statements whose title may hold ``word`` (None: any, for a stop word, which has no stem)."""
        reader = self.searcher.reader()
        stems = [token.text for token in _stem(word)]
        if not stems:
            return None
        found: set[int] = set()
        for stem in stems:
            if ("title", stem) in reader:
                found.update(reader.postings("title", stem).all_ids())
        return found


def _postings_counts(reader, field: str, text: str, bits: bytes, counts: Counter) -> None:
    for ids, weights in postings_blocks(reader, field, text, weights=True):
        for docnum, weight in zip(ids, weights, strict=True):
            if bits[docnum >> 3] >> (docnum & 7) & 1:
                counts[docnum] += int(weight)


def _phrase_counts(reader, words: list[str], bits: bytes, titles: _Titles, in_title: set[int] | None,
                   counts: Counter, found_in: set[int] | None = None) -> None:
    """Occurrences of an exact phrase (its words next to each other) from the words' positions.

    What Whoosh's phrase matcher counts, without its span objects: the
    statements having every word are walked from the rarest word's postings,
    and a phrase starts at each position of its first word followed by the
    others. Twice as fast on a phrase of common words. ``found_in`` gets the
    statements where the phrase is at all, its title included: what the
    phrase query finds.
    """
    if any((EXACT_FIELD, word) not in reader for word in words):
        return
    matchers = [reader.postings(EXACT_FIELD, word) for word in words]
    lead = min(range(len(words)), key=lambda i: reader.doc_frequency(EXACT_FIELD, words[i]))
    first = matchers[lead]
    while first.is_active():
        docnum = first.id()
        if not bits[docnum >> 3] >> (docnum & 7) & 1:
            first.next()
            continue
        positions = []
        for matcher in matchers:
            if matcher is not first:
                matcher.skip_to(docnum)
                if not matcher.is_active():
                    return
                if matcher.id() != docnum:
                    break
            positions.append(matcher.value_as("positions"))
        else:
            found = set(positions[0])
            for offset, later in enumerate(positions[1:], 1):
                found &= {at - offset for at in later}
            if found and found_in is not None:
                found_in.add(docnum)
            if found and (in_title is None or docnum in in_title):  # the title's words come first
                start = len(titles.tokens(docnum))
                found = {at for at in found if at >= start}
            if found:
                counts[docnum] += len(found)
        first.next()


def _fast_phrases(query: wq.Query) -> list[wq.Phrase] | None:
    """The exact phrases a query is made of (one, or an OR of them), when their positions can count them."""
    leaves = list(query.children()) if isinstance(query, wq.Or) else [query]
    return leaves if all(_countable(leaf) for leaf in leaves) else None


def _countable(leaf: wq.Query) -> bool:
    """Whether a leaf is an exact phrase of adjacent words, which :func:`_phrase_counts` counts."""
    return isinstance(leaf, wq.Phrase) and leaf.fieldname == EXACT_FIELD and leaf.slop <= 1 and len(leaf.words) > 1


def phrase_occurrences(scope: Scope, phrases: list[wq.Phrase]) -> tuple[int, Counter]:
    """The statements of ``scope`` holding any of the exact phrases, and the phrases' occurrences in their texts.

    What :func:`~index.research.scope.query_mask` and :func:`occurrences` give for such a query, in one
    pass over the phrases' positions instead of Whoosh's span matching.
    """
    bits = scope.mask.to_bytes((scope.cache.size + 8) // 8, "little")
    titles = _Titles(scope.searcher)
    counts: Counter = Counter()
    found_in: set[int] = set()
    for phrase in phrases:
        words = [term_text(w) for w in phrase.words]
        _phrase_counts(scope.reader, words, bits, titles, titles.may_hold(words[0]), counts, found_in)
    return mask_from_docnums(found_in, scope.cache.size), +counts


def occurrences(scope: Scope, query: wq.Query, mask: int) -> Counter:
    """Occurrences of a parsed query's words and phrases in each statement of ``mask`` (by document number)."""
    counts: Counter = Counter()
    reader = scope.reader
    # Bytes, not the int: testing bit n of an int shifts (copies) the whole bitset.
    bits = mask.to_bytes((scope.cache.size + 8) // 8, "little")
    titles = _Titles(scope.searcher)
    for leaf in positive_leaves(query):
        if isinstance(leaf, wq.Phrase):
            exact = leaf.fieldname == EXACT_FIELD and leaf.words
            in_title = titles.may_hold(term_text(leaf.words[0])) if exact else set()
            if _countable(leaf):
                _phrase_counts(reader, [term_text(w) for w in leaf.words], bits, titles, in_title, counts)
                continue
            matcher = leaf.matcher(scope.searcher)
            while matcher.is_active():
                docnum = matcher.id()
                if bits[docnum >> 3] >> (docnum & 7) & 1:
                    spans = matcher.spans()
                    if in_title is None or docnum in in_title:  # the title's words come first
                        first = len(titles.tokens(docnum))
                        spans = [span for span in spans if span.start >= first]
                    counts[docnum] += len(spans)
                matcher.next()
            continue
        try:
            pairs = leaf.expanded_terms(reader)
        except Exception:  # a leaf type without expansion: its literal terms
            pairs = leaf.terms()
        for field, value in pairs:
            if field in _COUNTED_FIELDS:
                word = term_text(value)
                _postings_counts(reader, field, word, bits, counts)
                if field == EXACT_FIELD:
                    _uncount_titles(titles, word, bits, counts)
    return +counts  # statements whose only occurrences were in the title drop out


def _uncount_titles(titles: _Titles, word: str, bits: bytes, counts: Counter) -> None:
    """Takes back the occurrences of an exact-field word that are in titles."""
    may_hold = titles.may_hold(word)
    for docnum in counts if may_hold is None else may_hold:
        if bits[docnum >> 3] >> (docnum & 7) & 1 and docnum in counts:
            counts[docnum] -= titles.tokens(docnum).count(word)


def trends(scope: Scope, terms: list[tuple[str, object]], words_of_doc: list[int]) -> Trends:
    """Per-year figures of each term within ``scope``.

    Args:
        scope: The current results.
        terms: ``(term as typed, its parsed query)`` pairs, in the order to show them.
        words_of_doc: Each document's number of words, by document number.
    """
    started = time.perf_counter()
    year_of = years(scope.reader)
    statements: Counter = Counter()
    words: Counter = Counter()
    undated = 0
    for docnum in docnums_from_mask(scope.mask):
        year = year_of[docnum]
        if not year:
            undated += 1
            continue
        statements[year] += 1
        words[year] += words_of_doc[docnum]
    all_years = tuple(range(min(statements), max(statements) + 1)) if statements else ()
    series = []
    for term, parsed in terms:
        phrases = None if parsed.is_empty else _fast_phrases(parsed.query)
        if phrases:
            mask, counts = phrase_occurrences(scope, phrases)
        else:
            mask = query_mask(scope, parsed) if not parsed.is_empty else 0
            counts = occurrences(scope, parsed.query, mask) if mask else Counter()
        per_year: Counter = Counter()
        matching: Counter = Counter()
        for docnum in docnums_from_mask(mask):
            year = year_of[docnum]
            if year:
                per_year[year] += counts.get(docnum, 0)
                matching[year] += 1
        points = tuple(TrendPoint(year, per_year[year], words[year], statements[year], matching[year])
                       for year in all_years)
        series.append(Trend(term, points, sum(counts.values()), mask.bit_count()))
    return Trends(tuple(series), all_years, scope.count, undated, (time.perf_counter() - started) * 1000)
