"""Posting blocks written in a few bytes a posting: values joined, whole-number weights as integers.

Whoosh 3 pickles each block of up to 128 postings as a tuple of ids,
weights and values, with pickle protocol 2. In that protocol every
``bytes`` value is pickled as a call to ``codecs.encode`` with its own memo
entry: about 20 bytes of framing around the 5 bytes of a posting's
positions, and one Python call per posting to unpickle. The exact forms'
postings took 16 bytes each on disk, most of the index.

Here a block of variable-size values is pickled as one :class:`JoinedValues`
(the values end to end, and their lengths), and weights that are all whole
numbers (a word's count, times a boost of 1 or 2) as integers instead of
8-byte floats. The posting reader is Whoosh's own: it keeps whatever the
block unpickles to and indexes it by posting, which :class:`JoinedValues`
answers; integer weights score exactly as the floats did. :func:`install`
puts both in place in the pinned whoosh3's posting writer;
``tests/test_block_writes.py`` guards the internals it relies on.
"""

from __future__ import annotations

from itertools import accumulate, pairwise

from whoosh.codec import whoosh3

_original_values = whoosh3.W3PostingsWriter._mini_values
_original_weights = whoosh3.W3PostingsWriter._mini_weights


class JoinedValues:
    """A block's posting values, end to end: ``values[i]`` is posting ``i``'s value, as a tuple would give it."""

    __slots__ = ("data", "ends", "lengths")

    def __init__(self, data: bytes, lengths: bytes | tuple[int, ...]) -> None:
        self.data = data
        self.lengths = lengths
        self.ends = [0, *accumulate(lengths)]

    @classmethod
    def of(cls, values: list[bytes]) -> JoinedValues:
        """The values of a block being written."""
        lengths = [len(value) for value in values]
        return cls(b"".join(values), bytes(lengths) if max(lengths) < 256 else tuple(lengths))

    def __reduce__(self):
        return JoinedValues, (self.data, self.lengths)

    def __len__(self) -> int:
        return len(self.ends) - 1

    def __getitem__(self, i: int) -> bytes:
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.data[self.ends[i]:self.ends[i + 1]]

    def __iter__(self):
        data, ends = self.data, self.ends
        return (data[start:end] for start, end in pairwise(ends))

    def __eq__(self, other: object) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, (JoinedValues, tuple, list)) else NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))


def _mini_values(writer):
    """Whoosh's value minifier, with variable-size values joined (see the module notes)."""
    fixed = writer._format.fixed_value_size()
    if (fixed is None or fixed < 0) and writer._values:
        return JoinedValues.of(writer._values)
    return _original_values(writer)


def _mini_weights(writer):
    """Whoosh's weight minifier, with a block of whole-number weights kept as integers."""
    weights = _original_weights(writer)
    if type(weights) is tuple and all(weight.is_integer() for weight in weights):
        return tuple(map(int, weights))
    return weights


def install() -> None:
    """Makes Whoosh 3's posting writer write blocks as above (idempotent)."""
    whoosh3.W3PostingsWriter._mini_values = _mini_values
    whoosh3.W3PostingsWriter._mini_weights = _mini_weights
