"""Posting blocks with joined values and integer weights read back as Whoosh's own blocks did."""

from __future__ import annotations

import inspect
import pickle
import zlib

from whoosh.codec import whoosh3

from index.backend import block_writes
from index.backend.block_writes import JoinedValues
from index.backend.positions import encode_positions


def test_joined_values_index_like_a_tuple_and_pickle_small():
    values = [encode_positions(p) for p in ([1], [3, 9, 10], [5, 400, 70_000], list(range(0, 3000, 7)))]
    joined = JoinedValues.of(values)
    assert len(joined) == 4 and list(joined) == values and joined == tuple(values)
    assert [joined[i] for i in range(4)] == values and joined[-1] == values[-1]
    again = pickle.loads(pickle.dumps(joined, 2))
    assert type(again) is JoinedValues and tuple(again) == tuple(values)
    assert type(again.lengths) is tuple  # a value of 429 bytes: lengths too long for one byte each
    small = [encode_positions([n, n + 3]) for n in range(128)]
    assert type(JoinedValues.of(small).lengths) is bytes
    ours, whooshs = pickle.dumps(JoinedValues.of(small), 2), pickle.dumps(tuple(small), 2)
    assert len(zlib.compress(ours, 1)) * 3 < len(zlib.compress(whooshs, 1))


def test_the_writer_uses_them_and_whoosh_reads_them(sample_library):
    assert whoosh3.W3PostingsWriter._mini_values is block_writes._mini_values  # installed by the index
    assert "self._mini_values()" in inspect.getsource(whoosh3.W3PostingsWriter._write_block)
    assert "self._values = vs" in inspect.getsource(whoosh3.W3LeafMatcher._read_values)
    reader = sample_library.engine.searcher().reader()
    word = max(reader.lexicon("exact"), key=lambda w: reader.doc_frequency("exact", w))
    matcher = reader.postings("exact", word)
    matcher = getattr(matcher, "child", matcher)
    matcher._read_values()
    matcher._read_weights()
    assert type(matcher._values) is JoinedValues
    assert all(type(w) is int for w in matcher._weights) or isinstance(matcher._weights, float)
    # Whoosh's own span matcher decodes the positions through the block.
    positions = list(reader.postings("exact", word).items_as("positions"))
    assert len(positions) == reader.doc_frequency("exact", word)
    assert all(places == sorted(places) and places for _docnum, places in positions)
    assert sum(len(places) for _docnum, places in positions) == reader.frequency("exact", word)
