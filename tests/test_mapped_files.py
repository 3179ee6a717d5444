"""Segment files read from their memory map: the same bytes and values as Whoosh's copying reader, without the copy."""

from __future__ import annotations

import io
import pickle

import pytest
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

from index.backend import mapped_files
from index.backend.mapped_files import MappedBufferFile, ViewFile

DATA = b"first line\nsecond line\n" + bytes(range(256)) * 40 + b"\nlast"


def test_view_file_reads_like_bytesio():
    ours, theirs = ViewFile(memoryview(DATA)), io.BytesIO(DATA)
    for step in (5, 0, 17, -1):
        assert ours.read(step) == theirs.read(step)
        assert ours.tell() == theirs.tell()
    for offset, whence in ((3, 0), (4, 1), (-10, 2), (0, 0)):
        assert ours.seek(offset, whence) == theirs.seek(offset, whence)
        assert ours.readline() == theirs.readline()
    ours.seek(0)
    assert list(ours)[:2] == [b"first line\n", b"second line\n"]
    target = bytearray(8)
    ours.seek(6)
    assert ours.readinto(target) == 8 and bytes(target) == DATA[6:14]
    with pytest.raises(ValueError):
        ours.seek(-1)


def test_mapped_buffer_file_unpickles_in_sequence_without_copying():
    values = [{"postings": list(range(n))} for n in (0, 3, 700)] + ["x" * 5000]
    blob = b"".join(pickle.dumps(value, 2) for value in values)
    view = memoryview(blob)
    mapped = MappedBufferFile(view)
    assert isinstance(mapped.file, ViewFile)  # not a BytesIO copy
    assert [mapped.read_pickle() for _ in values] == values
    assert mapped.get(0, 4) == BufferFile(blob).get(0, 4)
    mapped.close()


def test_installed_for_compound_segments(sample_library):
    mapped_files.install()
    assert compound.BufferFile is MappedBufferFile
    assert sample_library.search("Kazakhstan").total > 0
