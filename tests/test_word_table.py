"""Completion's word tables give exactly what walking the index's terms gives, built now or in the background."""

from __future__ import annotations

import threading

import pytest

from index import Library
from index.backend.schema import EXACT_FIELD
from index.backend.terms import term_text
from index.search import word_files, word_table
from tests.test_segment_merge import fragmented  # noqa: F401  (a fixture: six segments)

PREFIXES = ["t", "tr", "tra", "trad", "k", "ka", "kaz", "c", "co", "cor", "corr", "pipe", "zzz", "2", "20", "türk"]


def _walked(reader, prefix: str) -> list[tuple[str, int]]:
    """Every word starting with ``prefix`` and its document count, straight from Whoosh's merged terms."""
    found = [(term_text(raw), info.doc_frequency()) for raw, info in reader.iter_prefix(EXACT_FIELD, prefix)]
    return sorted(found, key=lambda item: (-item[1], item[0]))


@pytest.mark.parametrize("prefix", PREFIXES)
def test_tables_give_the_most_frequent_words_of_a_prefix(fragmented, prefix):  # noqa: F811
    with Library.open(fragmented, read_only=True) as library:
        reader = library.store.searcher().reader()
        assert len(reader.leaf_readers()) >= 6
        expected = _walked(reader, prefix)
        assert word_table.words_starting(reader, prefix, 8) == expected[:8]
        # Every segment has its table now (they are small), and asking again gives the same.
        assert all(word_table._table(leaf) is not None for leaf, _base in reader.leaf_readers())
        assert word_table.words_starting(reader, prefix, 8) == expected[:8]


def test_big_segments_are_walked_until_the_background_tables_arrive(fragmented, monkeypatch):  # noqa: F811
    monkeypatch.setattr(word_table, "BUILD_NOW", 0)  # every segment counts as big
    with Library.open(fragmented, read_only=True) as library:
        reader = library.store.searcher().reader()
        expected = _walked(reader, "co")[:5]
        assert word_table.words_starting(reader, "co", 5) == expected
        assert all(word_table._table(leaf) is None for leaf, _base in reader.leaf_readers())
        thread = word_table.warm(library.store.fresh_reader)
        thread.join(60)
        assert not thread.is_alive()
        assert [c.label for c in library.complete("co") if c.kind == "word"] == [w for w, _n in expected]
        assert all(word_table._table(leaf) is not None for leaf, _base in reader.leaf_readers())
        assert not [t for t in threading.enumerate() if t.name == "chancery-completion-tables"]


def _warm_and_wait(library) -> None:
    thread = word_table.warm(library.store.fresh_reader)
    thread.join(60)
    assert not thread.is_alive()


def test_tables_are_kept_beside_their_segments_and_read_on_the_next_open(fragmented, monkeypatch):  # noqa: F811
    monkeypatch.setattr(word_table, "BUILD_NOW", 0)
    with Library.open(fragmented) as library:
        expected = [c.label for c in library.complete("co")]
        _warm_and_wait(library)
        segments = {leaf.segment().segment_id() for leaf, _b in library.store.searcher().reader().leaf_readers()}
    index_folder = next(path.parent for path in fragmented.rglob("*.words"))
    assert {path.stem for path in index_folder.glob("*.words")} == segments

    built = []  # tables read from a segment's words rather than from a file
    real_init = word_table.SegmentWords.__init__

    def counting_init(self, leaf=None, kept=None):
        if kept is None:
            built.append(leaf)
        real_init(self, leaf, kept)

    monkeypatch.setattr(word_table.SegmentWords, "__init__", counting_init)
    with Library.open(fragmented) as library:
        _warm_and_wait(library)
        assert [c.label for c in library.complete("co")] == expected
        reader = library.store.searcher().reader()
        assert all(word_table._table(leaf) is not None for leaf, _base in reader.leaf_readers())
    assert built == []  # every table came from its file


def test_a_kept_table_finds_every_short_prefix_as_the_built_one_does(fragmented, monkeypatch):  # noqa: F811
    monkeypatch.setattr(word_table, "BUILD_NOW", 0)
    with Library.open(fragmented) as library:
        _warm_and_wait(library)
        leaf = library.store.searcher().reader().leaf_readers()[0][0]
        built = word_table.SegmentWords(leaf)
        kept = word_table.SegmentWords.kept(leaf)  # read back from its file
    assert len(kept.tops) == len(built.tops) > 0
    for at in range(len(built.tops)):
        prefix = built.tops._key(at)
        assert list(kept.tops.get(prefix)) == list(built.tops.get(prefix)) != []
    for absent in (b"", b"\x00", b"zzz", b"\xff\xff"):
        assert list(kept.tops.get(absent, ())) == list(built.tops.get(absent, ()))


def test_a_word_file_of_the_earlier_layout_is_built_again(fragmented, monkeypatch):  # noqa: F811
    monkeypatch.setattr(word_table, "BUILD_NOW", 0)
    with Library.open(fragmented) as library:
        expected = [c.label for c in library.complete("co")]
        _warm_and_wait(library)
    files = sorted(fragmented.rglob("*.words"))
    for path in files:  # as the earlier release wrote them: prefixes in the order they were met
        path.write_bytes(path.read_bytes().replace(word_files.MAGIC, b"chancery segment words 1\n", 1))
    with Library.open(fragmented) as library:
        _warm_and_wait(library)
        assert [c.label for c in library.complete("co")] == expected
    assert all(path.read_bytes().startswith(word_files.MAGIC) for path in files)


def test_a_damaged_or_foreign_word_file_is_built_again(fragmented, monkeypatch):  # noqa: F811
    monkeypatch.setattr(word_table, "BUILD_NOW", 0)
    with Library.open(fragmented) as library:
        expected = {prefix: [c.label for c in library.complete(prefix)] for prefix in ("co", "tra", "pipe")}
        _warm_and_wait(library)
    files = sorted(fragmented.rglob("*.words"))
    files[0].write_bytes(files[0].read_bytes()[:40])  # torn
    files[1].write_bytes(files[2].read_bytes())  # another segment's
    with Library.open(fragmented) as library:
        _warm_and_wait(library)
        assert {prefix: [c.label for c in library.complete(prefix)] for prefix in expected} == expected
    assert files[0].stat().st_size > 40 and files[1].read_bytes() != files[2].read_bytes()  # written again


def test_a_merge_takes_the_old_segments_word_files_with_them(fragmented, monkeypatch):  # noqa: F811
    monkeypatch.setattr(word_table, "BUILD_NOW", 0)
    with Library.open(fragmented) as library:
        _warm_and_wait(library)
        before = {path.name for path in fragmented.rglob("*.words")}
        library.merge_segments(max_segments=1)
        assert library.segment_count() == 1
        expected = [c.label for c in library.complete("co")]
        _warm_and_wait(library)
        assert [c.label for c in library.complete("co")] == expected
    after = {path.name for path in fragmented.rglob("*.words")}
    assert len(after) == 1 and not after & before
