"""Word positions stored as variable-length gaps, a third of the size of Whoosh's pickled lists.

Whoosh's ``Positions`` format stores a posting's positions as its count
(four bytes) and a pickled list of gaps: two or three bytes a gap plus the
pickle's framing, about 12 KB a statement for the exact forms, four fifths
of the index. Here a posting's value is its gaps alone, seven bits a byte
(LEB128: a byte with its high bit set carries on into the next). Most gaps
are under 128, one byte each, so a value is usually plain ASCII, and
decoding it is one call in C: ``accumulate`` over the bytes.

The format is a Whoosh format, pickled in the index's schema: Whoosh's own
matchers (slop phrases, spans) decode positions through it too.
"""

from __future__ import annotations

from itertools import accumulate
from operator import sub

from whoosh.formats import Positions

_HIGH = 0x80


def encode_positions(positions: list[int]) -> bytes:
    """The value of a posting at ``positions`` (ascending, at least one)."""
    gaps = [positions[0], *map(sub, positions[1:], positions)]
    if max(gaps) < _HIGH:
        return bytes(gaps)
    out = bytearray()
    for gap in gaps:
        while gap >= _HIGH:
            out.append(gap & 0x7F | _HIGH)
            gap >>= 7
        out.append(gap)
    return bytes(out)


def decode_positions(value: bytes) -> list[int]:
    """The positions a posting's value holds."""
    if value.isascii():  # every gap under 128: the bytes are the gaps
        return list(accumulate(value))
    gaps = []
    gap = shift = 0
    for byte in value:
        if byte & _HIGH:
            gap |= (byte & 0x7F) << shift
            shift += 7
        else:
            gaps.append(gap | byte << shift)
            gap = shift = 0
    return list(accumulate(gaps))


def position_count(value: bytes) -> int:
    """How many positions a posting's value holds (one byte of each gap lacks the high bit)."""
    if value.isascii():
        return len(value)
    return sum(1 for byte in value if not byte & _HIGH)


class GapPositions(Positions):
    """Whoosh's ``Positions`` with each posting's value as variable-length gaps (see the module notes)."""

    def encode(self, poslist: list[int]) -> bytes:
        return encode_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return position_count(valuestring)

    def decode_weight(self, valuestring: bytes) -> float:
        return position_count(valuestring) * self.field_boost
