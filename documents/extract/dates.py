"""The statement's own date, found in its text: datelines and phrases such as "Oct. 12-13 2022"."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from documents.resources import read_text

DATES_FILE = "gazetteer/dates.json"
# Short forms CLDR does not list but English prose uses.
_EXTRA_MONTHS = {"sept": 9, "sep": 9, "febr": 2}
# Beyond this many characters from the start a date is more likely a reference to
# another event than the statement's own.
_DATELINE_SPAN = 100
_OPENING_SPAN = 300
_LEAD_SPAN = 1500
# Characters before a year that a date phrase can take up ("12-13 de septiembre de ").
_WINDOW = 48


@dataclass(frozen=True, slots=True)
class FoundDate:
    """One date phrase found in a text.

    Attributes:
        value: ISO date (``YYYY-MM-DD``, or ``YYYY-MM`` when no day is given).
        end: End of a range ("12-13 October"), else None.
        start: Offset of the phrase in the searched text.
        matched: The phrase.
    """

    value: str
    end: str | None
    start: int
    matched: str


class DateFinder:
    """Finds day-month-year phrases in many languages.

    Every supported form ends in a four-digit year (ISO dates aside), so the text is
    scanned for years only, a cheap search, and the full pattern is tried on the few
    dozen characters before each year.
    """

    def __init__(self) -> None:
        data = json.loads(read_text(DATES_FILE))
        months: dict[str, int] = dict(_EXTRA_MONTHS)
        for names in data["months"].values():
            for name, number in names.items():
                months.setdefault(name, number)
        self._months = months
        alternatives = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
        month = rf"(?P<{{g}}>{alternatives})\.?"
        day = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
        year = r"(?P<{g}>(?:1[89]|20)\d\d)"
        dash = r"\s*(?:-|to|and|al|au|bis|и)\s*"
        patterns = [
            # 12-13 October 2022, 13 October 2022, 13 de octubre de 2022, 13. Oktober 2022, 13 октября 2022
            rf"(?<!\w){day.format(g='d1')}(?:{dash}{day.format(g='d2')})?\s+(?:de\s+)?{month.format(g='m1')},?"
            rf"\s+(?:de\s+|del\s+)?{year.format(g='y1')}",
            # Oct. 12-13 2022, October 13, 2022, October 12 and 13, 2022
            rf"(?<!\w){month.format(g='m2')}\s+{day.format(g='d3')}(?:{dash}{day.format(g='d4')})?,?\s+{year.format(g='y2')}",
            # 13.10.2022, 13/10/2022, 13-10-2022 (day first, as everywhere but the United States)
            r"(?<!\w)(?P<d6>[0-3]?\d)(?P<sep>[./-])(?P<m4>[01]?\d)(?P=sep)(?P<y4>(?:1[89]|20)\d\d)",
            # October 2022, Ekim 2022
            rf"(?<!\w){month.format(g='m5')}\s+(?:de\s+)?{year.format(g='y5')}",
        ]
        # Anchored at the end of the searched slice, which ends with the year.
        self._before_year = re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\Z", re.IGNORECASE)
        self._years = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
        self._iso = re.compile(r"(?<![\d.])(?P<y3>(?:1[89]|20)\d\d)-(?P<m3>[01]?\d)-(?P<d5>[0-3]?\d)(?!\d)")

    def _month(self, token: str | None) -> int | None:
        if token is None:
            return None
        if token.isdigit():
            return int(token)
        return self._months.get(token.lower().rstrip("."))

    def _from_groups(self, groups: dict, start: int, matched: str) -> FoundDate | None:
        year = next(groups[g] for g in ("y1", "y2", "y3", "y4", "y5") if groups.get(g))
        month = self._month(next((groups[g] for g in ("m1", "m2", "m3", "m4", "m5") if groups.get(g)), None))
        day = next((groups[g] for g in ("d1", "d3", "d5", "d6") if groups.get(g)), None)
        last = groups.get("d2") or groups.get("d4")
        if not month or not 1 <= month <= 12:
            return None
        if day is None:
            return FoundDate(f"{int(year):04d}-{month:02d}", None, start, matched)
        try:
            first = date(int(year), month, int(day))
            end = date(int(year), month, int(last)) if last else None
        except ValueError:
            return None
        if end is not None and end <= first:
            end = None
        return FoundDate(first.isoformat(), end.isoformat() if end else None, start, matched)

    def find(self, text: str) -> list[FoundDate]:
        """Every valid date phrase in ``text``, in order of position."""
        found: list[FoundDate] = []
        for year in self._years.finditer(text):
            window_start = max(0, year.start() - _WINDOW)
            m = self._before_year.search(text, window_start, year.end())
            if m is not None:
                parsed = self._from_groups(m.groupdict(), m.start(), m.group(0))
                if parsed is not None:
                    found.append(parsed)
        for m in self._iso.finditer(text):
            parsed = self._from_groups(m.groupdict(), m.start(), m.group(0))
            if parsed is not None:
                found.append(parsed)
        found.sort(key=lambda f: f.start)
        return found


def best_date(found: list[FoundDate]) -> tuple[FoundDate, float] | None:
    """Chooses the statement's own date among the dates in its text, with a confidence.

    The earliest full date wins: statements open with their dateline or with the event
    they report ("visited Kazakhstan on Oct. 12-13 2022"), and later dates are mostly
    anniversaries and plans. Confidence falls with the distance from the start, as
    measured on White House releases whose bodies cite other events' dates freely: a
    date in the first 100 characters was the release date 40% of the time, one further
    in 10-20%. A month without a day is a last resort.
    """
    full = [f for f in found if len(f.value) == 10]
    if full:
        first = full[0]
        if first.start < _DATELINE_SPAN:
            return first, 0.6
        if first.start < _OPENING_SPAN:
            return first, 0.4
        if first.start < _LEAD_SPAN:
            return first, 0.3
        return first, 0.2
    partial = [f for f in found if len(f.value) == 7]
    if partial:
        return partial[0], 0.1
    return None
