"""The statement's own date, or the reason it stays undated.

An archivist forgives "undated" but not a wrong year, so a date is given only
when its kind says it is the statement's own (a dateline, a closing formula, a
signature, an "adopted on", a letter's date, a press header) or, failing
those, when the opening reports the event the statement is about. A date
without a year is completed from the year known beside the file, from the
file name, or from the text when only one year fits (the weekday named beside
it decides between the years the text mentions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from documents.extract.dates import FoundDate, best_date, with_year

# Below this a candidate is mentioned in passing, not the statement's date.
MIN_CONFIDENCE = 0.3
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_FILE_YEAR = re.compile(r"(?<![\d])(1[89]\d\d|20\d\d)(?![\d])")
_REASON_EXAMPLES = 3
# Kinds that rest on the opening reporting an event; a speech recounts events instead.
_EVENT_KINDS = {"opening event", "event", "lead event", "opening"}
_SPEECH_FACTOR = 0.5
_NEVER_REFINING = {"reference", "entry into force", "future"}


@dataclass(frozen=True, slots=True)
class OwnDate:
    """The outcome of dating one statement from its text.

    Attributes:
        found: The chosen date (its kind, confidence, phrase, offsets), or None.
        in_title: The date was read from the title (it has no offsets in the text).
        year_from: Where the year of a date written without one came from
            (``metadata``, ``file name`` or ``context``), else None.
        reason: Why the statement is undated, when it is.
    """

    found: FoundDate | None
    in_title: bool = False
    year_from: str | None = None
    reason: str | None = None


def file_name_year(name: str | None) -> int | None:
    """The year a file name carries ("AFG_45_1990.txt", "2024-10-25-readout.md"), when it carries one only."""
    if not name:
        return None
    years = set(_FILE_YEAR.findall(name))
    return int(years.pop()) if len(years) == 1 else None


def _context_year(found: FoundDate, norm: str) -> int | None:
    """The year the text leaves no doubt about for a date written without one.

    Only a weekday settles it: of the years the text mentions (two at least), exactly
    one may put that day on that weekday, and it must be the latest of them, since a
    statement is rarely older than the years it names. Texts that name one year, or a
    day without its weekday, stay undecided: on the White House releases such guesses
    were the year of an earlier event as often as not.
    """
    if found.weekday < 0:
        return None
    years = sorted({int(y) for y in _YEAR.findall(norm)})
    fitting = [y for y in years if with_year(found, y) is not None]
    if len(years) >= 2 and len(fitting) == 1 and fitting[0] == years[-1]:
        return fitting[0]
    return None


def _complete(found: list[FoundDate], norm: str, year_hint: tuple[int, str] | None
              ) -> tuple[list[FoundDate], dict[int, str], list[FoundDate]]:
    """Dates without a year completed where a year can be told; returns (dates, year sources, unresolved)."""
    out: list[FoundDate] = []
    sources: dict[int, str] = {}
    unresolved: list[FoundDate] = []
    for item in found:
        if not item.value.startswith("--") or item.confidence < MIN_CONFIDENCE:
            out.append(item)
            continue
        completed, source = None, None
        if year_hint is not None:
            completed, source = with_year(item, year_hint[0]), year_hint[1]
        if completed is None and (year := _context_year(item, norm)) is not None:
            completed, source = with_year(item, year), "context"
        if completed is None:
            unresolved.append(item)
            out.append(item)
            continue
        confidence = round(completed.confidence * (0.9 if source != "context" else 0.8), 3)
        completed = replace(completed, confidence=confidence)
        sources[completed.start] = source
        out.append(completed)
    return out, sources, unresolved


def _describe(items: list[FoundDate]) -> str:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.matched, f"'{item.matched}' ({item.kind}: {item.note})" if item.note else
                        f"'{item.matched}' ({item.kind})")
    shown = list(seen.values())[:_REASON_EXAMPLES]
    more = len(seen) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def own_date(body: list[FoundDate], title: list[FoundDate], norm: str,
             year_hint: tuple[int, str] | None = None, speech: bool = False) -> OwnDate:
    """Chooses the statement's own date among the classified dates of its text and title.

    Args:
        body: Classified dates of the text.
        title: Classified dates of the title.
        norm: The normalised text (for the years it mentions).
        year_hint: A year known from elsewhere and where it came from, such as
            ``(1990, "metadata")`` or ``(2024, "file name")``, for dates without one.
        speech: The text is a speech, whose opening recounts events rather than
            reports the one it is about (on the UN General Debate speeches, dates so
            chosen had the wrong year more often than not).

    Returns:
        The chosen date, or a reason for leaving the statement undated.
    """
    if speech:
        body = [replace(f, confidence=round(f.confidence * _SPEECH_FACTOR, 3)) if f.kind in _EVENT_KINDS else f
                for f in body]
    body, body_years, unresolved = _complete(body, norm, year_hint)
    title, title_years, unresolved_title = _complete(title, norm, year_hint)
    candidates = [(item, False) for item in body] + [(item, True) for item in title]
    chosen = best_date([item for item, _ in candidates])
    if chosen is not None and chosen[1] >= MIN_CONFIDENCE:
        item = chosen[0]
        in_title = any(item is candidate and flag for candidate, flag in candidates)
        years = title_years if in_title else body_years
        return OwnDate(item, in_title, years.get(item.start))
    if year_hint is not None and year_hint[1] == "metadata":
        # The year is known beside the file: a day the text names in that year refines it
        # ("Since 10 November 2001 ..." in a speech of 2001), unless it is a cited
        # instrument's. The day may be approximate; the year is not.
        same_year = [f for f in body if f.value[:4] == str(year_hint[0]) and len(f.value) == 10
                     and f.kind not in _NEVER_REFINING]
        if same_year:
            return OwnDate(replace(same_year[0], kind="in the metadata year", confidence=MIN_CONFIDENCE),
                           year_from="metadata")
    everything = body + title
    if not everything:
        return OwnDate(None, reason="no date in the text")
    if unresolved or unresolved_title:
        missing = (unresolved + unresolved_title)[0]
        return OwnDate(None, reason=f"'{missing.matched}' has no year, and neither the metadata, the file name "
                                    f"nor the text tells which")
    cited = [item for item in everything if item.confidence == 0.0]
    if len(cited) == len(everything):
        return OwnDate(None, reason=f"the text names only dates of what it cites or plans: {_describe(cited)}")
    weak = [item for item in everything if item.confidence > 0.0]
    return OwnDate(None, reason=f"no date is the statement's own; mentioned in passing: {_describe(weak)}")
