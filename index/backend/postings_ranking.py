"""Ranking words and phrases joined by AND and OR from their postings, a block at a time.

Whoosh scores a search one match at a time through a tree of matchers, each
step several Python calls: on 100,000 statements a common word costs a few
hundred milliseconds before any facet is counted. Most searches are words
joined by AND and OR; for those each word's postings are read a block at a
time and its BM25F scores computed in one comprehension, from the same
statistics Whoosh's scorer uses (idf, average length, each document's length
from the segment's table), so a word scores exactly as Whoosh scores it. The
scores of a document's words are added as Whoosh's matchers add them: an OR
adds the parts that match, an AND requires every part. Sums of three or more
parts may differ from Whoosh's in the last bit (Whoosh adds in the order of
its matcher tree), never in the order of documents that score differently.

A phrase scores as Whoosh's SpanNear2 scores it, the sum of its words'
scores, in the statements where its words follow each other within its
slop: the statements holding every word are found from the scores, and the
words' positions decoded for those only, the rarest word first. Where its
words are common, the statements holding its word pairs
(:mod:`index.backend.word_pairs`) are the candidates instead; a phrase of
two common words decodes no position at all. Any other
query (a negation, an OR that needs several of its words) is left to Whoosh
(:func:`index.backend.ranking.rank_and_mask`).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from itertools import accumulate
from pickle import loads

from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.scoring import BM25FScorer
from whoosh.system import _INT_SIZE

from index.backend.block_writes import JoinedValues
from index.backend.hit_sets import leaf_blocks, postings_blocks
from index.backend.positions import GapPositions, decode_positions
from index.backend.ranking import WEIGHTING, Limits, field_lengths
from index.backend.schema import EXACT_FIELD
from index.backend.segment_tables import mask_from_docnums
from index.backend.terms import reader_cache
from index.backend.word_pairs import PAIR_FIELD, pair_terms

Scores = dict[int, float]  # document number (in the whole index) -> score
_NEXT = (1).__add__


def supported(query) -> bool:
    """Whether ``query`` is words and phrases joined by AND and OR, which :func:`rank_postings` ranks."""
    if isinstance(query, wq.Term):
        return True
    if type(query) is wq.Phrase:
        return bool(query.words) and query.slop >= 1
    if isinstance(query, wq.Or) and (getattr(query, "minmatch", 0) or 0) <= 1 and not getattr(query, "scale", None):
        return bool(query.subqueries) and all(supported(child) for child in query.subqueries)
    if type(query) is wq.And:
        return bool(query.subqueries) and all(supported(child) for child in query.subqueries)
    return False


def _norms(leaf, fieldname: str, k1: float, b: float, avgfl: float) -> tuple[float, ...]:
    """Each document's length part of BM25's denominator, ``K1 * ((1 - B) + B * length / average)``."""

    def build() -> tuple[float, ...]:
        # A tuple, which the garbage collector does not walk (see segment_tables.SegmentTable).
        return tuple([k1 * ((1 - b) + b * fl / avgfl) for fl in field_lengths(leaf, fieldname)])

    return reader_cache(leaf, f"bm25-norms:{fieldname}:{k1!r}:{b!r}:{avgfl!r}", build)


def word_scorer(searcher, fieldname: str, text) -> BM25FScorer | None:
    """Whoosh's scorer of a word, with the statistics it takes from the top searcher (None: weights are scores)."""
    if not searcher.schema[fieldname].scorable:
        return None  # a field without lengths (a country, a topic): its weight is its score
    scorer = WEIGHTING.scorer(searcher, fieldname, text)
    if not isinstance(scorer, BM25FScorer):
        raise _Unsupported
    return scorer


def _bm25(leaf, fieldname: str, scorer: BM25FScorer) -> tuple[tuple[float, ...], float, float]:
    """What Whoosh's bm25() needs beside a posting's weight: each document's norm, the idf, and K1 + 1."""
    return _norms(leaf, fieldname, scorer.K1, scorer.B, scorer.avgfl), scorer.idf, scorer.K1 + 1


# Up to this many wanted documents in a block, each is found by bisection; more, and every id is tested.
_FEW_WANTED = 8

# Passed for ``scorer``: the word's scorer is set up here (a caller that has it already passes it).
_SET_UP = object()


def term_scores(searcher, fieldname: str, text, limits: Limits | None, scorer=_SET_UP) -> Scores:
    """Every document's score for one word (``scorer``: its :func:`word_scorer`, if the caller made it)."""
    if (fieldname, text) not in searcher.reader():
        return {}
    if scorer is _SET_UP:
        scorer = word_scorer(searcher, fieldname, text)
    scores: Scores = {}
    for leaf, base, ids, weights in leaf_blocks(searcher.reader(), fieldname, text, weights=True):
        if limits is not None:
            limits.check()
        if scorer is None:
            scores.update(zip([base + n for n in ids], weights, strict=True))
            continue
        norms, idf, k1p1 = _bm25(leaf, fieldname, scorer)
        # Whoosh's bm25(): idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))), in one comprehension.
        scores.update(zip([base + n for n in ids],
                          [idf * ((w * k1p1) / (w + norms[n])) for n, w in zip(ids, weights, strict=True)],
                          strict=True))
    return scores


def _decoder(format_):
    """Decodes a posting's positions; Whoosh's ``Positions`` format (gaps, pickled) without its Python loop."""
    if type(format_) is GapPositions:
        return decode_positions
    if type(format_) is not Positions:
        return format_.decoder("positions")

    def decode(value: bytes) -> list[int]:
        return list(accumulate(loads(value[_INT_SIZE:] if value.endswith(b".") else value[_INT_SIZE:] + b".")))

    return decode


_PICKLE_HEAD = b"\x80\x02"  # protocol 2, which Positions.encode and the fast writer use


def _block_positions(values, here: list[tuple[int, int]], decode) -> list[list[int]]:
    """The positions of the postings ``here`` (``(index in the block, document)``) of one block.

    In the gap format (:mod:`index.backend.positions`) a value of plain ASCII
    bytes is its gaps, summed by one ``accumulate`` in C; a block's joined
    values (:mod:`index.backend.block_writes`) are sliced without a call per
    posting. In Whoosh's own format each value is a count and a pickled list of
    gaps: their pickles are joined into one pickle of a list of lists,
    unpickled in one call. Any value not in those forms is decoded on its own.
    """
    if decode is decode_positions:  # gaps a byte each, mostly: one call in C a posting
        if type(values) is JoinedValues and values.data.isascii():
            data, ends = values.data, values.ends
            return [list(accumulate(data[ends[i]:ends[i + 1]])) for i, _n in here]
        return [list(accumulate(value)) if value.isascii() else decode(value)
                for value in [values[i] for i, _n in here]]
    chosen = [values[i] for i, _n in here]
    start = _INT_SIZE + len(_PICKLE_HEAD)
    if all(value[_INT_SIZE:start] == _PICKLE_HEAD and value.endswith(b".") for value in chosen):
        try:
            gaps = loads(_PICKLE_HEAD + b"(" + b"".join([value[start:-1] for value in chosen]) + b"l.")
        except Exception:  # not the form expected: each is decoded on its own below
            gaps = None
        if gaps is not None and len(gaps) == len(chosen):
            return [list(accumulate(each)) for each in gaps]
    return [decode(value) for value in chosen]


def _score_function(leaf, fieldname: str, scorer: BM25FScorer | None):
    """``score(document number in the segment, weight)`` as :func:`term_scores` computes it."""
    if scorer is None:
        return lambda _n, weight: weight
    norms, idf, k1p1 = _bm25(leaf, fieldname, scorer)
    return lambda n, weight: idf * ((weight * k1p1) / (weight + norms[n]))


def candidate_postings(searcher, fieldname: str, text, wanted: set[int] | dict[int, float],
                        limits: Limits | None, positions: bool = True, scorer=_SET_UP) -> dict:
    """A word's score and positions in each of the ``wanted`` documents that hold it.

    A block holding none of the wanted documents (a rare word beside "the") is
    passed unread; in the others the few wanted are found by bisection, many by
    testing each of the block's ids.

    Returns:
        Document number -> (score, positions); with ``positions`` False, -> score.
    """
    if scorer is _SET_UP:
        scorer = word_scorer(searcher, fieldname, text)
    decode = _decoder(searcher.schema[fieldname].format) if positions else None
    found: dict = {}
    ordered = sorted(wanted)
    for leaf, base in searcher.reader().leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        within = ordered[bisect_left(ordered, base):bisect_left(ordered, base + leaf.doc_count_all())]
        local = [n - base for n in within]
        if not local:
            continue
        matcher = leaf.postings(fieldname, text)
        matcher = getattr(matcher, "child", matcher)
        score = _score_function(leaf, fieldname, scorer)
        if limits is not None:
            limits.check()
        if not hasattr(matcher, "_read_ids"):  # not Whoosh 3's leaf matcher: one posting at a time
            for n in local:
                if not matcher.is_active():
                    break
                matcher.skip_to(n)
                if matcher.is_active() and matcher.id() == n:
                    found[base + n] = (score(n, matcher.weight()), decode(matcher.value())) if decode \
                        else score(n, matcher.weight())
            continue
        # Block by block: a block holding none of the wanted documents (its last number says so) is
        # passed unread; in the others the wanted ones are looked up.
        at = 0
        while matcher.is_active() and at < len(local):
            end = bisect_right(local, matcher.block_max_id(), at)
            if end == at:
                matcher._next_block()
                continue
            matcher._read_ids()
            ids = matcher._ids
            if end - at <= _FEW_WANTED:
                here = []
                for n in local[at:end]:
                    i = bisect_left(ids, n)
                    if i < len(ids) and ids[i] == n:
                        here.append((i, n))
            else:
                wanted_here = set(local[at:end])
                here = [(i, n) for i, n in enumerate(ids) if n in wanted_here]
            at = end
            if here:
                matcher._read_weights()
                weights = matcher._weights
                if decode is None:
                    found.update((base + n, score(n, weights[i])) for i, n in here)
                else:
                    matcher._read_values()
                    values = matcher._values
                    lists = _block_positions(values, here, decode)
                    for (i, n), places in zip(here, lists, strict=True):
                        found[base + n] = (score(n, weights[i]), places)
            matcher._next_block()
    return found


def _in_sequence(positions: list[list[int]], slop: int) -> bool:
    """Whether each word follows the one before within ``slop`` positions, as Whoosh's ordered SpanNear2 asks.

    ``ends`` are where a run of the words so far can end; each following word's positions are merged
    with them (both ascending) to keep those 1 to ``slop`` after one of them.
    """
    ends = positions[0]
    for following in positions[1:]:
        if slop == 1:  # the next word right after: one set operation
            ends = sorted(set(following).intersection(map(_NEXT, ends)))
            if not ends:
                return False
            continue
        kept, at = [], 0
        for q in following:
            while at < len(ends) and ends[at] < q - slop:
                at += 1
            if at < len(ends) and ends[at] < q:
                kept.append(q)
        if not kept:
            return False
        ends = kept
    return True


def _tree_sum(values: list[float]) -> float:
    """A sum in the order of Whoosh's binary tree of intersection matchers (first half + second half)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


def _phrase_scores(searcher, query: wq.Phrase, limits: Limits | None) -> Scores:
    """A phrase scores as Whoosh scores it: the sum of its words' scores where they occur in sequence."""
    fieldname = query.fieldname
    if fieldname not in searcher.schema:
        raise _Unsupported
    field = searcher.schema[fieldname]
    if not field.format or not field.format.supports("positions"):
        raise _Unsupported
    words = [field.to_bytes(word) for word in query.words]
    reader = searcher.reader()
    if any((fieldname, word) not in reader for word in words):
        return {}
    distinct = sorted(dict.fromkeys(words), key=lambda word: reader.doc_frequency(fieldname, word))
    pairs = _pair_documents(searcher, fieldname, words, query.slop, reader.doc_frequency(fieldname, distinct[0]))
    if pairs == set():
        return {}
    if pairs is not None and len(words) == 2:
        # The pair's documents are the phrase's: its words' scores there, no position decoded.
        # Where the pair is in a good part of a word's documents ("united states"), scoring
        # all of them in one pass costs less than picking the pair's out posting by posting.
        scores = {word: term_scores(searcher, fieldname, word, limits)
                  if len(pairs) * 4 >= reader.doc_frequency(fieldname, word)
                  else candidate_postings(searcher, fieldname, word, pairs, limits, positions=False)
                  for word in distinct}
        first, second = scores[words[0]], scores[words[1]]
        return {docnum: first[docnum] + second[docnum] for docnum in pairs}
    # The documents holding every pair, or else the rarest word's, are the candidates; each
    # other word is read only where they are.
    candidates = pairs if pairs is not None else set(term_scores(searcher, fieldname, distinct[0], limits))
    found: dict[bytes, dict[int, tuple[float, list[int]]]] = {}
    for word in [*distinct[1:], distinct[0]]:  # the rarest again last: its positions, for the candidates left
        found[word] = candidate_postings(searcher, fieldname, word, candidates, limits)
        candidates &= found[word].keys()
        if not candidates:
            return {}
    return {docnum: _tree_sum([found[word][docnum][0] for word in words]) for docnum in candidates
            if _in_sequence([found[word][docnum][1] for word in words], query.slop)}


def _pair_documents(searcher, fieldname: str, words: list[bytes], slop: int, rarest: int) -> set[int] | None:
    """The documents holding every adjacent pair of common words of an exact phrase.

    A pair term is indexed wherever its two words follow each other (:mod:`index.backend.word_pairs`),
    so a two-word phrase of common words matches exactly its pair's documents. None when the phrase
    has no such pair, or (in a longer phrase) when its rarest word, in ``rarest`` documents, narrows
    the search more than its pairs do.
    """
    if fieldname != EXACT_FIELD or slop != 1 or PAIR_FIELD not in searcher.schema:
        return None
    pairs = pair_terms(words)
    if not pairs:
        return None
    reader = searcher.reader()
    if any((PAIR_FIELD, pair) not in reader for pair in pairs):
        return set()
    if len(words) > 2 and min(reader.doc_frequency(PAIR_FIELD, pair) for pair in pairs) >= rarest:
        return None
    documents: set[int] | None = None
    for pair in sorted(set(pairs), key=lambda pair: reader.doc_frequency(PAIR_FIELD, pair)):
        held = {n for ids, _weights in postings_blocks(reader, PAIR_FIELD, pair) for n in ids}
        documents = held if documents is None else documents & held
        if not documents:
            return set()
    return documents


class _Unsupported(Exception):
    """A part of the query this module does not rank (Whoosh ranks the whole query instead)."""


def _scores(searcher, query, limits: Limits | None) -> Scores:
    if isinstance(query, wq.Term):
        scores = term_scores(searcher, query.fieldname, query.text, limits)
    elif isinstance(query, wq.Phrase):
        scores = _phrase_scores(searcher, query, limits)
    else:
        parts = [_scores(searcher, child, limits) for child in query.subqueries]
        if isinstance(query, wq.Or):
            # The largest part (a word's body postings beside its title's) is added to, not walked.
            parts.sort(key=len, reverse=True)
            scores = parts[0]
            for part in parts[1:]:
                get = scores.get
                for docnum, score in part.items():
                    found = get(docnum)
                    scores[docnum] = score if found is None else found + score
        else:  # And: documents in every part, from the smallest part
            parts.sort(key=len)
            smallest, others = parts[0], parts[1:]
            scores = {}
            for docnum, score in smallest.items():
                for other in others:
                    found = other.get(docnum)
                    if found is None:
                        break
                    score += found
                else:
                    scores[docnum] = score
    # Whoosh applies a compound query's boost only when it has two parts or more.
    if query.boost != 1.0 and (isinstance(query, (wq.Term, wq.Phrase)) or len(query.subqueries) > 1):
        boost = query.boost
        scores = {docnum: score * boost for docnum, score in scores.items()}
    return scores


def rank_postings(searcher, query, limit: int | None, size: int, allowed: int,
                  limits: Limits | None = None) -> tuple[list[tuple[int, float]], int] | None:
    """Ranks a query of words joined by AND and OR from its postings.

    Args:
        searcher: The Whoosh searcher.
        query: The Whoosh query.
        limit: Most documents to rank (None or 0: all).
        size: Number of document slots in the index.
        allowed: Bitset of the documents that may be found (the filters' bitset, live documents only).
        limits: Asked between posting blocks whether to stop (a newer search).

    Returns:
        ``([(docnum, score), ...] best first, equal scores by document number; hit bitset)``,
        or None when the query is not one this ranks.

    Raises:
        Interrupted: ``limits`` said so.
    """
    if not supported(query):
        return None
    try:
        scores = _scores(searcher, query, limits)
    except _Unsupported:
        return None
    hits = mask_from_docnums(scores.keys(), size) & allowed
    if hits.bit_count() < len(scores):  # filtered or deleted documents out
        bits = hits.to_bytes((size + 8) // 8, "little")
        scores = {docnum: score for docnum, score in scores.items() if bits[docnum >> 3] >> (docnum & 7) & 1}
    return _best(scores, limit or None), hits  # 0 ranks all, as rank_and_mask does


SAMPLE = 2048  # scores looked at to guess the bar the best ``limit`` clear


def _order(item: tuple[int, float]) -> tuple[float, int]:
    """Best first, equal scores by document number."""
    return -item[1], item[0]


def _best(scores: Scores, limit: int | None) -> list[tuple[int, float]]:
    """The ``limit`` best ``(docnum, score)`` pairs in :data:`_order` (all for None).

    Only documents that may be among them are sorted. Where the scores are
    many beside ``limit`` (a common word's 50,000 for a first page of 1,000),
    a bar is guessed from a sample of them, low enough that about twice
    ``limit`` clear it: one pass keeps those, and a heap over every score is
    needed only if fewer than ``limit`` did. Every document scoring at least
    the ``limit``-th best clears the bar, so the order is that of sorting all.
    """
    items = scores.items()
    if limit is None or limit >= len(scores):
        return sorted(items, key=_order)
    kept: list[tuple[int, float]] = []
    if len(scores) >= max(8 * limit, 2 * SAMPLE):
        values = list(scores.values())
        sample = sorted(values[::len(values) // SAMPLE], reverse=True)
        bar = sample[min(len(sample) - 1, 2 * limit * len(sample) // len(values))]
        kept = [(docnum, score) for docnum, score in items if score >= bar]
    if len(kept) < limit:  # too few to guess from, or too few cleared the bar: the limit-th best score itself
        lowest = heapq.nlargest(limit, scores.values())[-1]
        kept = [(docnum, score) for docnum, score in items if score >= lowest]
    kept.sort(key=_order)
    return kept[:limit]
