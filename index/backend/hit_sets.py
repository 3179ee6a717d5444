"""Hit sets read from the postings: the documents a query matches, as a bitset, without scoring them.

A search needs every match for its total and facet counts, and a research
view needs them to count by; neither needs their scores. Whoosh's matchers
walk an AND or an OR one document at a time through several layers of
Python; here each word's postings are read as blocks of ids and the bitsets
combined as integers, a few milliseconds for a word in half the archive.
"""

from __future__ import annotations

from whoosh import query as wq

from index.backend.ranking import matching_mask
from index.backend.schema import EXACT_FIELD
from index.backend.segment_tables import mask_from_docnums
from index.backend.word_pairs import PAIR_FIELD, pair_terms


def matching(searcher, query, size: int) -> int:
    """Every document ``query`` matches, deleted ones perhaps included (callers ``&`` it with live documents)."""
    found = postings_mask(searcher.reader(), query, size)
    if found is None:
        found, _stopped = matching_mask(searcher, query, size)
    return found


def postings_mask(reader, query, size: int) -> int | None:
    """The bitset of words combined by AND and OR, read from their postings a block at a time.

    A phrase of two common words is its pair term's documents (:mod:`index.backend.word_pairs`).
    Deleted documents may be included. None for any other query (other phrases,
    negations, wildcards), which Whoosh's matchers answer.
    """
    if isinstance(query, wq.Term):
        return term_mask(reader, query.fieldname, query.text, size)
    if type(query) is wq.Phrase:
        pair = _pair_of(reader, query)
        return None if pair is None else term_mask(reader, PAIR_FIELD, pair, size)
    if not isinstance(query, (wq.And, wq.Or)) or (getattr(query, "minmatch", 0) or 0) > 1:
        return None  # an OR that needs several of its words is left to Whoosh
    masks = [postings_mask(reader, child, size) for child in query.children()]
    if not masks or any(mask is None for mask in masks):
        return None
    combined = masks[0]
    for mask in masks[1:]:
        combined = combined & mask if isinstance(query, wq.And) else combined | mask
    return combined


def _pair_of(reader, query: wq.Phrase) -> bytes | None:
    """The pair term that matches a two-word exact phrase of common words, or None."""
    if query.fieldname != EXACT_FIELD or query.slop != 1 or len(query.words) != 2 or PAIR_FIELD not in reader.schema:
        return None
    field = reader.schema[EXACT_FIELD]
    pairs = pair_terms([field.to_bytes(word) for word in query.words])
    return pairs[0] if pairs else None


def leaf_blocks(reader, field: str, text, weights: bool = False):
    """A word's postings segment by segment, a block at a time: ``(segment reader, its first number, ids, weights)``.

    Ids are numbered within the segment; weights are None unless asked for.
    Deleted documents may be included (the callers ``&`` with live documents).
    """
    for leaf, base in reader.leaf_readers():
        if (field, text) not in leaf:
            continue
        matcher = leaf.postings(field, text)
        matcher = getattr(matcher, "child", matcher)  # under a deletions filter
        if not hasattr(matcher, "_read_ids"):  # not Whoosh 3's leaf matcher: one posting at a time
            items = list(matcher.items_as("weight")) if weights else [(n, None) for n in matcher.all_ids()]
            yield leaf, base, [n for n, _w in items], [w for _n, w in items] if weights else None
            continue
        while matcher.is_active():
            matcher._read_ids()
            if weights:
                matcher._read_weights()
            yield leaf, base, matcher._ids, matcher._weights if weights else None
            matcher._next_block()


def postings_blocks(reader, field: str, text, weights: bool = False):
    """A word's postings in every segment, a block at a time: ``(ids, weights or None)``, ids from 0 for the reader.

    Deleted documents may be included (the callers ``&`` with live documents).
    """
    for _leaf, base, ids, block_weights in leaf_blocks(reader, field, text, weights):
        yield [base + n for n in ids], block_weights


def term_mask(reader, field: str, text, size: int) -> int:
    """The bitset of one word's documents (deleted ones perhaps included)."""
    found: list[int] = []
    for ids, _weights in postings_blocks(reader, field, text):
        found.extend(ids)
    return mask_from_docnums(found, size)
