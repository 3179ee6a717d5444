"""Posting blocks' document numbers decoded in C.

Whoosh 3 stores each block's document numbers as gaps and turns them back
into numbers with a Python generator, one step per posting: for a word in
half of 100,000 statements that is a few milliseconds of every search, hit
sets and research views included. ``itertools.accumulate`` gives the same
running sums in C. :func:`install` puts it in place of the pinned whoosh3's
``delta_decode``; ``tests/test_block_reads.py`` guards the internals it
relies on.
"""

from __future__ import annotations

from itertools import accumulate

from whoosh.codec import whoosh3


def delta_decode(gaps):
    """The running sums of ``gaps`` (the first gap is the first number), as Whoosh's generator gives them."""
    return accumulate(gaps)


def install() -> None:
    """Makes Whoosh 3's posting reader decode document numbers with :func:`delta_decode` (idempotent)."""
    whoosh3.delta_decode = delta_decode
