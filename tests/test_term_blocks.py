"""A term's postings written in one call are byte for byte what Whoosh's posting writer writes."""

from __future__ import annotations

import random
from io import BytesIO
from operator import sub
from pickle import dumps

import pytest
from whoosh.codec.whoosh3 import W3PostingsWriter, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_uint

from index.backend import segment_writer  # noqa: F401  (installs the block minifiers every writer uses)
from index.backend.positions import GapPositions, encode_positions
from index.backend.term_blocks import term_postings

OFFSET = 11  # bytes already in the postings file before the term


def _whoosh(flat: list, lengths: list, form, compression: int, limit: int) -> tuple[bytes, bytes]:
    """What Whoosh writes for the term, fed one posting at a time."""
    out = StructFile(BytesIO())
    out.write(b"x" * OFFSET)
    writer = W3PostingsWriter(out, blocklimit=limit, compression=compression)
    writer.start_postings(form, W3TermInfo())
    for i in range(0, len(flat), 3):
        writer.add_posting(flat[i], flat[i + 1], flat[i + 2], lengths[flat[i]])
    info = writer.finish_postings()
    return out.file.getvalue()[OFFSET:], info.to_bytes()


def _postings(rng: random.Random, count: int, form, weights: str) -> list:
    docs = sorted(rng.sample(range(400), count))
    flat = []
    for doc in docs:
        places = sorted(rng.sample(range(3000), rng.choice((1, 1, 2, 5))))
        if weights == "ones":
            weight = 1.0
        elif weights == "equal":
            weight = 2.0
        elif weights == "fraction":
            weight = rng.choice((0.5, 1.5, 2.25))
        else:
            weight = float(len(places))
        if isinstance(form, GapPositions):
            value = encode_positions(places)
        elif isinstance(form, Frequency):
            value = pack_uint(len(places))
        elif isinstance(form, Positions):
            value = pack_uint(len(places)) + dumps([places[0], *map(sub, places[1:], places)], 2)
        else:
            value = b""
        flat += (doc, weight, value)
    return flat


@pytest.mark.parametrize("form", [GapPositions(), Frequency(), Existence(), Positions()], ids=type)
@pytest.mark.parametrize("count", [1, 2, 4, 5, 9, 130])
@pytest.mark.parametrize("weights", ["ones", "equal", "counts", "fraction"])
def test_a_term_is_written_as_whoosh_writes_it(form, count, weights):
    rng = random.Random(f"{type(form).__name__}-{count}-{weights}")
    flat = _postings(rng, count, form, weights)
    # A field that is scored has a length in every document holding the term, some very long.
    lengths = [rng.choice((1, 3, 40, 900, 200_000)) if form.fixed_value_size() != 0 else 0 for _ in range(400)]
    for compression, limit in ((0, 128), (1, 128), (1, 4), (3, 2)):
        expected = _whoosh(flat, lengths, form, compression, limit)
        assert term_postings(flat, lengths, OFFSET, form.fixed_value_size(), compression, limit) == expected


def test_a_term_found_only_in_documents_without_a_length_keeps_no_minimum():
    flat = [3, 1.0, b"", 8, 1.0, b""]
    lengths = [0] * 10
    expected = _whoosh(flat, lengths, Existence(), 0, 128)
    data, info = term_postings(flat, lengths, OFFSET, 0, 0, 128)
    assert (data, info) == expected
    assert W3TermInfo.from_bytes(info).min_length() == 0
