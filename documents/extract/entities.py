"""Turning mentions into entities: counts, offsets, surface forms and centrality."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from documents.extract.matcher import PreparedText
from documents.statement import Entity

# A first "paragraph" shorter than this is a salutation or a dateline ("Mr. President,",
# "ANKARA, 13 October"); the lead then runs on into the next paragraph.
_LEAD_MIN_CHARS = 150
_LEAD_MAX_CHARS = 1500
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\u00a0\u3000]*\n")


def lead_end(text: str) -> int:
    """End offset (in ``text``) of its opening paragraph, run on past salutations and datelines."""
    start = len(text) - len(text.lstrip())
    position = start
    for brk in _PARAGRAPH_BREAK.finditer(text, start):
        position = brk.start()
        if len(text[start:position].strip()) >= _LEAD_MIN_CHARS:
            return min(position, start + _LEAD_MAX_CHARS)
    return min(len(text), start + _LEAD_MAX_CHARS)


@dataclass(slots=True)
class _Tally:
    count: int = 0
    in_title: bool = False
    in_lead: bool = False
    first: int = 1 << 60
    offsets: list[tuple[int, int]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Sighting:
    """One mention of an entity, ready to be tallied.

    Attributes:
        code: Entity code.
        span: ``(start, end)`` in the normalised body text, or None for a title mention.
        surface: The words as written.
    """

    code: str
    span: tuple[int, int] | None
    surface: str


def tally(
    sightings: list[Sighting],
    prepared: PreparedText,
    lead: int,
    make: Callable[[str], Entity],
) -> list[Entity]:
    """Builds one entity per code, most central and most frequent first.

    An entity is central when it is named in the title or the lead, or when it is the
    most frequent of its kind (named at least twice, or the only one named).

    Args:
        sightings: Mentions in the body and the title.
        prepared: The body text, to map offsets back to the original.
        lead: End of the lead in original offsets.
        make: Builds the bare entity (code, name, kind-specific fields) for a code.
    """
    tallies: dict[str, _Tally] = {}
    for sighting in sightings:
        slot = tallies.setdefault(sighting.code, _Tally())
        slot.count += 1
        if sighting.surface not in slot.terms:
            slot.terms.append(sighting.surface)
        if sighting.span is None:
            slot.in_title = True
            continue
        start, end = prepared.span(*sighting.span)
        slot.offsets.append((start, end))
        slot.first = min(slot.first, start)
        if start < lead:
            slot.in_lead = True
    if not tallies:
        return []
    top = max(t.count for t in tallies.values())
    entities = []
    for code, slot in tallies.items():
        entity = make(code)
        entity.count = slot.count
        entity.offsets = sorted(slot.offsets)
        entity.terms = slot.terms
        most_frequent = slot.count == top and (top >= 2 or len(tallies) == 1)
        entity.central = slot.in_title or slot.in_lead or most_frequent
        entities.append((entity, slot.first))
    entities.sort(key=lambda pair: (not pair[0].central, -pair[0].count, pair[1]))
    return [entity for entity, _ in entities]
