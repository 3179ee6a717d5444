"""The fast segment writer writes what Whoosh's own writer writes, posting for posting."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from index.backend.analysis import FoldingTokenizer
from index.backend.postings_pool import PostingsPool
from index.backend.schema import build_schema
from index.backend.segment_writer import FastSegmentWriter

TEXTS = [
    "Joint Statement of the Republic of Türkiye and the Republic of Kazakhstan. The Parties welcomed the "
    "Organization of Turkic States and the Middle Corridor; the Parties discussed trade, energy and transport.",
    "The United States and the U.S.-led coalition: sanctions, sanctions and again sanctions were discussed "
    "in Washington, D.C. on 13 October 2022 by the Ministers of Foreign Affairs. G20 and the G7 followed.",
    "Déclaration conjointe: la France et l'Allemagne réaffirment leur coopération. Ça va, Ångström, Łódź.",
    "a an the of I a 1 2 3 — short words and stop words only, then negotiations negotiated negotiating.",
    "",
    "Sanctions on the United States of America. " + " ".join(f"word{n}" for n in range(300)) +
    " Sanctions again, far from the first: the United States of America, the Security Council.",
]


def _documents(count: int) -> list[dict]:
    documents = []
    for number in range(count):
        text = " ".join(TEXTS[(number + k) % len(TEXTS)] for k in range(1 + number % 4)) + f" Item {number}."
        title = f"Statement {number}: {TEXTS[number % len(TEXTS)][:40]}"
        documents.append({
            "id": f"doc{number}", "title": title, "body": text, "exact": f"{title}\n{text}",
            "word_pairs": f"{title}\n{text}",
            "title_sort": title.casefold(), "date": 20200101 + number, "country": "TUR,KAZ" if number % 2 else "FRA",
            "central_country": "TUR" if number % 3 else "", "organisation": "OTS" if number % 5 == 0 else "",
            "topic": "trade,energy", "year": str(2000 + number % 7), "doc_type": "joint_statement",
            "language": "en", "status": "ok",
        })
    return documents


def _build(folder: Path, documents: list[dict], fast: bool, limitmb: int = 64, batches: int = 1):
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema(), indexname="t")
    size = -(-len(documents) // batches)
    for start in range(0, len(documents), size):
        writer = FastSegmentWriter(ix, limitmb=limitmb) if fast else ix.writer(limitmb=limitmb)
        for document in documents[start:start + size]:
            writer.update_document(**document)
        writer.commit(merge=False)
    return ix


def _contents(ix) -> dict:
    """Everything a search can see: postings, term statistics, lengths, stored fields."""
    with ix.reader() as reader:
        terms = {}
        for fieldname, text in reader.all_terms():
            info = dict(reader.term_info(fieldname, text).__dict__)
            info.pop("_offset", None)  # block bytes may pickle shared values more compactly
            info.pop("_length", None)
            terms[(fieldname, text)] = info
        lengths = [(docnum, name, reader.doc_field_length(docnum, name))
                   for docnum in range(reader.doc_count_all()) for name in ("title", "body", "exact")]
        return {"postings": list(reader.iter_postings()), "terms": terms, "lengths": lengths,
                "stored": list(reader.iter_docs()), "count": reader.doc_count()}


def test_fast_writer_indexes_exactly_like_whoosh(tmp_path):
    documents = _documents(60)
    stock = _contents(_build(tmp_path / "stock", documents, fast=False))
    fast = _contents(_build(tmp_path / "fast", documents, fast=True))
    assert stock["count"] == fast["count"] == 60
    assert len(fast["postings"]) > 2000
    assert any(fieldname == "word_pairs" for fieldname, _text in fast["terms"])
    assert fast == stock


def test_fast_writer_spills_to_disk_and_merges_runs_in_order(tmp_path, monkeypatch):
    # A budget this small spills after every few documents: many runs, merged at commit.
    monkeypatch.setattr("index.backend.postings_pool.POSTING_BYTES", 40_000)
    documents = _documents(40)
    stock = _contents(_build(tmp_path / "stock", documents, fast=False))
    fast = _contents(_build(tmp_path / "fast", documents, fast=True, limitmb=1))
    assert fast == stock


def test_merged_segments_and_updates_match_whoosh(tmp_path):
    documents = _documents(30) + [dict(d, body=d["body"] + " amended") for d in _documents(30)[:5]]
    stock_ix = _build(tmp_path / "stock", documents, fast=False, batches=4)
    fast_ix = _build(tmp_path / "fast", documents, fast=True, batches=4)
    assert _contents(fast_ix) == _contents(stock_ix)  # updates delete the older versions
    for ix in (stock_ix, fast_ix):
        writer = FastSegmentWriter(ix) if ix is fast_ix else ix.writer()
        writer.commit(optimize=True)  # merges every segment through add_reader
    merged = _contents(fast_ix)
    assert merged == _contents(stock_ix)
    assert merged["count"] == 30 and len(fast_ix._segments()) == 1


def test_term_positions_equal_the_tokenizer(tmp_path):
    text = " ".join(TEXTS)
    for stem in (True, False):
        analyzer = FoldingTokenizer(stem=stem)
        expected: dict[bytes, list[int]] = {}
        for token in FoldingTokenizer(stem=stem)(text, positions=True):
            expected.setdefault(token.text.encode(), []).append(token.pos)
        found, length = analyzer.term_positions(text)
        assert found == expected
        assert length == sum(len(p) for p in expected.values())
        assert analyzer.term_positions(text)[0] == expected  # the memo gives the same again


def test_pool_joins_a_term_across_runs_in_document_order(tmp_path):
    pool = PostingsPool(limitmb=1, tempdir=str(tmp_path))
    pool.add(("body", b"trade", 0, 1.0, b"a"))
    pool.add(("body", b"zebra", 0, 1.0, b"b"))
    pool.spill()
    pool.add(("body", b"trade", 1, 2.0, b"c"))
    pool.add(("body", b"corridor", 1, 1.0, b"d"))
    pool.add(("exact", b"trade", 1, 1.0, b"e"))
    pool.spill()
    pool.add(("body", b"trade", 2, 1.0, b"f"))
    assert len(list(tmp_path.glob("*.run"))) == 2
    assert list(pool.iter_postings()) == [
        ("body", b"corridor", 1, 1.0, b"d"),
        ("body", b"trade", 0, 1.0, b"a"), ("body", b"trade", 1, 2.0, b"c"), ("body", b"trade", 2, 1.0, b"f"),
        ("body", b"zebra", 0, 1.0, b"b"),
        ("exact", b"trade", 1, 1.0, b"e"),
    ]
    pool.cleanup()
    assert not list(tmp_path.glob("*.run"))


def test_fast_writer_refuses_fields_it_cannot_write(tmp_path):
    from whoosh.fields import TEXT, Schema

    ix = whoosh_index.create_in(str(tmp_path), Schema(body=TEXT(vector=True)))
    with pytest.raises(NotImplementedError):
        FastSegmentWriter(ix)
