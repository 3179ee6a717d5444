"""The best few documents of a weighted OR of words, without scoring every document that holds one.

More like this asks for twenty statements that share the most of an open
statement's twenty key words, each weighed by how telling it is. It needs no
total and no hit set, so most postings need not be scored at all (Turtle and
Flood's MaxScore): each word's score has a ceiling, ``weight * idf * (K1 +
1)`` (BM25's saturation never reaches 1), and the words are read from the
highest ceiling down. Once the twentieth best score so far beats the ceilings
of the words left, no document that none of the read words holds can reach
the top; the words left are then looked up only in the documents still in
the running, skipping whole posting blocks, and a document leaves the running
as soon as its score plus the ceilings left falls below the twentieth.

The result is the same twenty documents, in the same order, as ranking every
document (tests compare them with :func:`index.backend.postings_ranking.rank_postings`);
scores may differ from it in the last bits, since the words are added in another order.
"""

from __future__ import annotations

import heapq

from index.backend.postings_ranking import candidate_postings, term_scores, word_scorer
from index.backend.ranking import Limits
from index.backend.segment_tables import docnums_from_mask

# Scores added in another order differ in the last bits; a margin keeps pruning on the safe side.
_MARGIN = 1 - 1e-9


def _ceiling(searcher, fieldname: str, text, boost: float, scorer) -> float:
    """The highest score the word can give a document (``scorer``: its :func:`word_scorer`)."""
    if scorer is None:  # a field without lengths: its weights are its scores
        return boost * searcher.term_info(fieldname, text).max_weight()
    return boost * scorer.idf * (scorer.K1 + 1)


def top_of_weighted_or(searcher, fieldname: str, words: list[tuple[str, float]], limit: int, allowed: int,
                       size: int, limits: Limits | None = None) -> list[tuple[int, float]]:
    """The ``limit`` best documents for words of one field, each score multiplied by its word's weight.

    Args:
        searcher: The Whoosh searcher.
        fieldname: The field the words are in (a scored text field or a facet).
        words: ``(word, weight)`` pairs.
        limit: How many documents (at least 1).
        allowed: Bitset of the documents that may be found.
        size: Number of document slots in the index.
        limits: Asked between posting blocks whether to stop.

    Returns:
        ``[(docnum, score), ...]`` best first, equal scores by document number.
    """
    field = searcher.schema[fieldname]
    reader = searcher.reader()
    present = [(field.to_bytes(word), weight) for word, weight in words]
    present = [(text, weight) for text, weight in present if (fieldname, text) in reader]
    scorers = {text: word_scorer(searcher, fieldname, text) for text, _weight in present}
    ceilings = sorted(((_ceiling(searcher, fieldname, text, weight, scorers[text]), text, weight)
                       for text, weight in present), key=lambda item: -item[0])
    excluded = docnums_from_mask(~allowed & ((1 << size) - 1))  # the open statement, deleted ones
    left = sum(ceiling for ceiling, _text, _weight in ceilings)
    read = 0.0
    scores: dict[int, float] = {}
    open_ = True  # while any document may still enter the top
    lowest = 0.0
    for ceiling, text, weight in ceilings:
        left -= ceiling
        read += ceiling
        if open_:
            part = term_scores(searcher, fieldname, text, limits, scorers[text])
        else:
            part = candidate_postings(searcher, fieldname, text, scores, limits, positions=False,
                                      scorer=scorers[text])
        get = scores.get
        if open_:
            for docnum, score in part.items():
                found = get(docnum)
                scores[docnum] = score * weight if found is None else found + score * weight
            for docnum in excluded:
                scores.pop(docnum, None)
        else:
            for docnum, score in part.items():
                scores[docnum] += score * weight
        # The limit-th score cannot exceed the ceilings read so far: below them closing is impossible.
        if len(scores) < limit or (open_ and read < left):
            continue
        lowest = heapq.nlargest(limit, scores.values())[-1]
        if open_ and left < lowest * _MARGIN:
            open_ = False
        if not open_:
            bar = lowest * _MARGIN - left
            scores = {docnum: score for docnum, score in scores.items() if score >= bar}
    best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
    return sorted(best, key=lambda item: (-item[1], item[0]))
