"""Relations: which countries appear together in statements, and in which years.

A pair's count is one ``&`` and one ``bit_count()``: each country's
statements within the current results are a bitset (the facet bitsets
``&`` the results), and the statements of a pair are the ``&`` of its two
countries' sets. Counting every pair of the 200-odd countries of a large
archive is some 20,000 of those, a few milliseconds, where walking each
statement's own list of countries would cost a thousand pairs per UN speech.
Years are counted only for the pairs that are shown, by ``&`` with each
year's bitset.

Two kinds of togetherness: ``central`` (both countries are what the
statement is about: joint statements, bilateral readouts) and ``mentioned``
(both appear at all).
"""

from __future__ import annotations

import functools
import heapq
import time
from collections.abc import Callable

from documents.extract.gazetteer import load_organisations
from index.research.results import CountryPair, Relations
from index.research.scope import Scope, value_masks

MODES = {"central": "central_country", "mentioned": "country"}
DEFAULT_LIMIT = 50


@functools.lru_cache(maxsize=1)
def _memberships() -> dict[str, frozenset[str]]:
    """Country code -> the gazetteer organisations it is a member of."""
    found: dict[str, set[str]] = {}
    for organisation in load_organisations().organisations.values():
        for member in organisation.members:
            found.setdefault(member, set()).add(organisation.code)
    return {code: frozenset(orgs) for code, orgs in found.items()}


def shared_organisations(first: str, second: str) -> tuple[str, ...]:
    """Codes of the gazetteer organisations both countries are members of (``TUR``, ``KAZ`` -> ``OTS``, ...)."""
    memberships = _memberships()
    return tuple(sorted(memberships.get(first, frozenset()) & memberships.get(second, frozenset())))


def _at_least_two(masks) -> int:
    """The documents set in at least two of ``masks``."""
    once = twice = 0
    for mask in masks:
        twice |= once & mask
        once |= mask
    return twice


def relations(scope: Scope, label: Callable[[str, str], str], mode: str = "central", country: str | None = None,
              limit: int | None = DEFAULT_LIMIT) -> Relations:
    """Country pairs in the statements of ``scope``, most frequent first.

    Args:
        scope: The current results.
        label: ``label(field, code) -> name``.
        mode: ``central`` or ``mentioned`` (see the module notes).
        country: Only pairs with this country: its partners.
        limit: Most pairs to return (None: all).

    Raises:
        ValueError: An unknown mode.
    """
    started = time.perf_counter()
    field = MODES.get(mode)
    if field is None:
        raise ValueError(f"relations are counted by {' or '.join(MODES)}, not {mode!r}")
    masks = value_masks(scope, field)
    codes = sorted(masks, key=lambda code: -masks[code].bit_count())
    counts: list[tuple[int, str, str]] = []
    anchors = [country] if country else codes
    for index, first in enumerate(anchors):
        first_mask = masks.get(first, 0)
        if not first_mask:
            continue
        others = codes if country else codes[index + 1:]
        for second in others:
            if second != first and (together := (first_mask & masks[second]).bit_count()):
                counts.append((together, first, second))
    name = {code: label("country", code) for code in codes}
    folded = {code: text.casefold() for code, text in name.items()}

    def rank(item: tuple[int, str, str]) -> tuple:
        return -item[0], folded[item[1]], folded[item[2]]

    # Tens of thousands of co-mentioned pairs, of which a screenful is shown: only those are sorted.
    shown = sorted(counts, key=rank) if limit is None else heapq.nsmallest(limit, counts, key=rank)
    year_masks = {int(value): docs for value, docs in value_masks(scope, "year").items() if value.isdigit()}
    pairs = []
    span: list[int] = []
    for total, first, second in shown:
        together = masks[first] & masks[second]
        years = tuple((year, n) for year, docs in sorted(year_masks.items()) if (n := (together & docs).bit_count()))
        if years:
            span.extend((years[0][0], years[-1][0]))
        a, b = sorted((first, second))
        pairs.append(CountryPair(a, b, name[a], name[b], total, years, shared_organisations(a, b)))
    if country:  # the country's statements that name another country too
        others = 0
        for code, mask in masks.items():
            if code != country:
                others |= mask
        with_pairs = masks.get(country, 0) & others
    else:
        with_pairs = _at_least_two(masks.values())
    return Relations(mode, country, tuple(pairs), len(counts), scope.count, with_pairs.bit_count(),
                     (min(span), max(span)) if span else None, (time.perf_counter() - started) * 1000)
