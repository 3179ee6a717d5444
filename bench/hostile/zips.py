"""Zip archives no office suite writes: bombs, lying sizes, overlapping and nested members.

The archive is written by hand (local headers, central directory, end record)
so a member can declare sizes other than its real ones, and several directory
entries can point at one member's data. The bomb's payload is a deflate stream
of zeros made of one compressed megabyte repeated: after a full flush the
compressor's state is reset, so the same bytes follow each megabyte, and a
gigabyte-sized member costs a second to make, not a minute of compression.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import cache

MB = 1024 * 1024


@dataclass(frozen=True)
class Member:
    """One member as stored: raw bytes (deflated when ``method`` is 8) and the sizes it declares."""

    name: str
    stored: bytes
    size: int
    crc: int
    method: int = 8


def deflated(name: str, data: bytes) -> Member:
    """A member holding ``data``, deflated, with true sizes."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    stored = compressor.compress(data) + compressor.flush()
    return Member(name, stored, len(data), zlib.crc32(data))


@cache
def _zero_megabyte() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressor.compress(bytes(MB))
    first = compressor.flush(zlib.Z_FULL_FLUSH)
    compressor.compress(bytes(MB))
    second = compressor.flush(zlib.Z_FULL_FLUSH)
    return second if first != second else first


@cache
def _zeros_crc(megabytes: int) -> int:
    crc, zeros = 0, bytes(MB)
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    return crc


def zeros(name: str, megabytes: int, declared: int | None = None) -> Member:
    """A member that inflates to ``megabytes`` of zeros; ``declared`` (bytes) lies about its size."""
    stored = _zero_megabyte() * megabytes + b"\x03\x00"  # the final, empty block
    if declared is None:
        return Member(name, stored, megabytes * MB, _zeros_crc(megabytes))
    return Member(name, stored, declared, zlib.crc32(bytes(declared)))


def archive(members: list[Member], aliases: dict[str, str] | None = None) -> bytes:
    """Writes a zip. ``aliases`` adds directory entries (new name -> existing member) sharing that member's data."""
    out = bytearray()
    entries: list[tuple[Member, int]] = []
    for item in members:
        entries.append((item, len(out)))
        name = item.name.encode("utf-8")
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, item.method, 0, 0x21, item.crc,
                           len(item.stored), item.size, len(name), 0) + name + item.stored
    by_name = {item.name: (item, offset) for item, offset in entries}
    for alias, target in (aliases or {}).items():
        item, offset = by_name[target]
        entries.append((Member(alias, item.stored, item.size, item.crc, item.method), offset))
    directory = len(out)
    for item, offset in entries:
        name = item.name.encode("utf-8")
        out += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, item.method, 0, 0x21, item.crc,
                           len(item.stored), item.size, len(name), 0, 0, 0, 0, 0, offset) + name
    count = len(entries)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(out) - directory, directory, 0)
    return bytes(out)


def members_of(zipped: bytes) -> list[Member]:
    """The members of an ordinary archive, recompressed as :class:`Member` (to add hostile ones beside them)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(zipped)) as source:
        return [deflated(info.filename, source.read(info.filename)) for info in source.infolist()]
