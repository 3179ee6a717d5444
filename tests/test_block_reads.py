"""Posting blocks' document numbers decoded in C give what Whoosh's own decoder gives."""

from __future__ import annotations

import inspect

from whoosh.codec import whoosh3
from whoosh.util.numlists import delta_decode as whoosh_delta_decode

from index.backend import block_reads


def test_running_sums_equal_whoosh_decoder():
    for gaps in ([], [7], [3, 1, 1, 40, 2], [0, 0, 5], list(range(1, 300))):
        assert list(block_reads.delta_decode(gaps)) == list(whoosh_delta_decode(gaps))


def test_every_posting_reads_the_same_with_either_decoder(sample_library, monkeypatch):
    assert whoosh3.delta_decode is block_reads.delta_decode  # installed by opening a library
    assert "delta_decode(ids)" in inspect.getsource(whoosh3.W3LeafMatcher._read_ids)
    reader = sample_library.engine.searcher().reader()
    words = [word for word in reader.lexicon("exact")][:400]

    def postings() -> dict[bytes, list[int]]:
        return {word: list(reader.postings("exact", word).all_ids()) for word in words}

    ours = postings()
    monkeypatch.setattr(whoosh3, "delta_decode", whoosh_delta_decode)
    assert postings() == ours
    assert all(len(ids) == reader.doc_frequency("exact", word) for word, ids in ours.items())
