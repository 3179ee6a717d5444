"""One term's postings as the bytes Whoosh 3's posting writer would write, in one call.

Whoosh's ``W3PostingsWriter`` builds each block through half a dozen method
calls (statistics, then minified ids, weights and values, then two pickles),
and its ``W3TermInfo`` adds the block's statistics once more. A segment of a
few thousand statements has well over a hundred thousand terms, most with a
block of one or two postings, so these calls were a fifth of an import
worker's time. :func:`term_postings` gives the very same bytes from the
term's flat postings, as the writer's minifiers (with
:mod:`index.backend.block_writes` installed) would; ``tests/test_term_blocks.py``
compares them byte for byte with Whoosh's writer fed one posting at a time.
"""

from __future__ import annotations

import zlib
from array import array
from itertools import islice
from operator import sub
from pickle import dumps
from struct import Struct

from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC
from whoosh.system import pack_int, pack_long
from whoosh.util.numeric import length_to_byte

from index.backend.block_writes import JoinedValues

# W3TermInfo's fixed part: flags, total weight, document frequency, min and max
# length bytes, max weight, first and last document.
_TERM_INFO = Struct("!BfIBBfII")


def _weights_of(block: array):
    """A block's weights as Whoosh stores them: None when all 1, one value when all equal, else integers or floats."""
    first = block[0]
    if first == 1.0 and block.count(1.0) == len(block):
        return None
    if block.count(first) == len(block):
        return first
    if all(map(float.is_integer, block)):
        return tuple(map(int, block))
    return tuple(block)


def _values_of(values: list[bytes], fixed: int | None):
    """A block's values as Whoosh stores them, for a format whose values have size ``fixed``."""
    if fixed is None or fixed < 0:
        return JoinedValues.of(values) if values else ()
    if fixed == 0:
        return None
    return b"".join(values)


def term_postings(flat: list, field_lengths, offset: int, fixed: int | None, compression: int,
                  limit: int) -> tuple[bytes, bytes]:
    """The posting bytes of one term, and its term info record.

    Args:
        flat: The term's postings, ``[docnum, weight, value, ...]`` in document order.
        field_lengths: Every document's length of the field (0 for none).
        offset: Where in the postings file these bytes will start.
        fixed: The field format's fixed value size (``fixed_value_size()``).
        compression: zlib level for blocks worth compressing (0 for none).
        limit: Postings per block.

    Returns:
        ``(posting bytes, term info bytes)``, as ``W3FieldWriter`` writes them.
    """
    docnums, weights, values = flat[0::3], flat[1::3], flat[2::3]
    count = len(docnums)
    chunks = [WHOOSH3_HEADER_MAGIC]
    total = 0
    min_length = None
    max_length = max_weight = 0
    for start in range(0, count, limit):
        end = start + limit
        ids = docnums[start:end]
        block_weights = weights[start:end]
        stored = array("f", block_weights)
        total += sum(stored)
        block_max = max(0, max(block_weights))
        lengths = [n for n in map(field_lengths.__getitem__, ids) if n]
        low = min(lengths) if lengths else None
        high = max(lengths) if lengths else 0
        # As W3TermInfo.add_block folds each block into the term's statistics.
        min_length = low if min_length is None else min(min_length, low)
        max_length = max(max_length, high)
        max_weight = max(max_weight, block_max)
        deltas = (ids[0], *map(sub, islice(ids, 1, None), ids))
        data = dumps((deltas, _weights_of(stored), _values_of([v for v in values[start:end] if v], fixed)), 2)
        level = compression if len(data) >= COMPRESSION_MIN_SIZE else 0
        if level:
            data = zlib.compress(data, level)
        info = dumps((len(ids), ids[-1], block_max, level, length_to_byte(low), length_to_byte(high)), 2)
        size = len(info) + len(data)
        chunks += (pack_int(-size if end >= count else size), info, data)
    posting_bytes = b"".join(chunks)
    term_info = _TERM_INFO.pack(
        False, total, count, 0 if min_length is None else length_to_byte(min_length), length_to_byte(max_length),
        max_weight, docnums[0], docnums[-1],
    ) + pack_long(offset) + pack_int(len(posting_bytes))
    return posting_bytes, term_info
