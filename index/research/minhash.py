"""MinHash signatures of a text's word shingles, by one-permutation hashing, and their LSH band keys.

A statement's signature estimates the Jaccard similarity of its set of
5-word shingles with another's: the share of the :data:`BINS` slots in which
the two signatures agree. MinHash and not SimHash: a MinHash agreement rate
*is* a Jaccard estimate, with a known error (about ``sqrt(J(1-J)/128)``, 0.035
at J = 0.8), so the threshold means "four fifths of the text is shared" and
can be explained; SimHash's Hamming distance has no such reading, and short
texts with a long common boilerplate sit at the same distance as unrelated
long ones. LSH banding finds the candidate pairs without comparing all pairs.

Classic MinHash needs one hash function per slot (128 per shingle); this is
pure Python, so each shingle is hashed once and the hash's top bits choose
its slot, the rest its rank in the slot (one-permutation hashing, Li, Owen
and Zhang 2012). A slot no shingle fell into borrows the value of another
chosen by a fixed probe sequence (optimal densification, Shrivastava 2017),
so that short texts still get full signatures.

A shingle's hash is the CRC-32 of its UTF-8 words joined by spaces (stable
across processes and releases, unlike ``hash()``), multiplied by an odd
constant so that the slot bits do not inherit CRC's linearity. A
3,000-word speech takes about 3 ms; the import workers compute signatures
next to the index.
"""

from __future__ import annotations

import itertools
import re
import zlib
from array import array

from whoosh.support.charset import accent_map

SHINGLE = 5  # words per shingle
BINS = 128  # signature slots
BANDS, ROWS = 32, 4  # LSH bands of ROWS slots (all 128): see band_key
MIN_WORDS = 25  # shorter texts get no signature: a few shared lines say nothing of the whole
_SLOT_SHIFT = 25  # a 32-bit hash: 7 bits of slot (2 ** 7 == BINS), 25 bits of rank
_RANK = (1 << _SLOT_SHIFT) - 1
_SPREAD = 0x9E3779B1  # Knuth's multiplicative constant (odd: a bijection on 32 bits)
_WORD = re.compile(r"\w+")


def _mix(value: int) -> int:
    """SplitMix64's finaliser, for the fixed tables below."""
    mask = (1 << 64) - 1
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9 & mask
    value = (value ^ (value >> 27)) * 0x94D049BB133111EB & mask
    return value ^ (value >> 31)


# For each empty slot, the order in which other slots are tried, and the salt of what it borrows
# (the same for every text, so two texts agree on a borrowed value only if they share the donor's).
_PROBES = [[_mix(slot << 8 | attempt) % BINS for attempt in range(1, 64)] for slot in range(BINS)]
_SALTS = [_mix(slot) & _RANK for slot in range(BINS)]


def words_of(text: str) -> list[str]:
    """The words of ``text`` in lower case with accents folded, in order."""
    return [w if w.isascii() else w.translate(accent_map) for w in _WORD.findall(text.lower())]


def shingle_hashes(words: list[str]) -> set[int]:
    """The 32-bit hashes of every run of :data:`SHINGLE` words."""
    if len(words) < SHINGLE:
        return set()
    joined = " ".join(words)
    data = memoryview(joined.encode("utf-8"))
    # Where each word starts in the UTF-8 bytes (one space after each).
    lengths = map(len, words) if joined.isascii() else (len(w.encode("utf-8")) for w in words)
    starts = [0, *itertools.accumulate(length + 1 for length in lengths)]
    crc, spread = zlib.crc32, _SPREAD
    ends = starts[SHINGLE:]
    return {crc(data[start:end - 1]) * spread & 0xFFFFFFFF for start, end in zip(starts, ends, strict=False)}


def sketch(text: str) -> tuple[bytes | None, int]:
    """The text's signature (see :func:`signature`) and its number of words, from one reading of it."""
    words = words_of(text)
    return _signature(words), len(words)


def signature(text: str) -> bytes | None:
    """The MinHash signature of ``text`` (:data:`BINS` 32-bit values), or None when it is too short.

    Texts are compared by their folded words, so case, accents, punctuation
    and line breaks do not count.
    """
    return _signature(words_of(text))


def _signature(words: list[str]) -> bytes | None:
    if len(words) < MIN_WORDS:
        return None
    shift, rank = _SLOT_SHIFT, _RANK
    # Sorted descending, so the last value written for a slot is its smallest.
    firsts = {h >> shift: h & rank for h in sorted(shingle_hashes(words), reverse=True)}
    slots = array("I", [0]) * BINS
    for slot, value in firsts.items():
        slots[slot] = value
    if len(firsts) < BINS:
        for slot in range(BINS):
            if slot not in firsts:
                donor = next((p for p in _PROBES[slot] if p in firsts), None)
                slots[slot] = rank + 1 if donor is None else firsts[donor] ^ _SALTS[slot]
    return slots.tobytes()


def values(sig: bytes) -> array:
    """A signature as its array of 32-bit values."""
    slots = array("I")
    slots.frombytes(sig)
    return slots


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two texts' shingle sets, from their signatures (0..1)."""
    return sum(x == y for x, y in zip(values(a), values(b), strict=True)) / BINS


def band_key(sig: bytes, band: int) -> bytes:
    """The signature's key in one of its LSH bands: two texts share one with probability ``1 - (1 - J**4)**32``.

    That is 0.23 at J = 0.3, 0.87 at J = 0.5, 0.95 at J = 0.55, 0.9995 at J = 0.7 and all but 1 at
    J = 0.8, while texts sharing a fiftieth of their shingles meet once in 200,000 pairs: a pair
    above either grouping threshold (see :mod:`index.research.near_identical`) is found, unrelated
    texts are not compared.
    """
    width = ROWS * 4
    return sig[band * width:(band + 1) * width]


def exact_jaccard(a: str, b: str) -> float:
    """The true Jaccard similarity of two texts' shingle sets (for checks and the benchmark)."""
    left, right = shingle_hashes(words_of(a)), shingle_hashes(words_of(b))
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)
