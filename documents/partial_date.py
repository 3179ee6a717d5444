"""Statement dates as archives write them: a year, a year and month, or a full day.

One parser for every place a date is read: metadata beside a file, the
index's ``date`` field, the query language's ``date:`` ranges and the
citations. Missing parts are zeros, so a date known only to its year sorts
and filters inside that year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

# ``2022``, ``2022-10`` or ``2022-10-13`` (also with "/" or "." between the parts).
_PATTERN = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
MIN_YEAR, MAX_YEAR = 1000, 2999

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A date whose month and day may be unknown (0).

    Attributes:
        year: Four-digit year.
        month: 1–12, or 0 when unknown.
        day: 1–31, or 0 when unknown (always 0 when the month is).
    """

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str | None, strict: bool = True) -> PartialDate | None:
        """Reads an ISO-style date.

        Args:
            text: ``2022``, ``2022-10``, ``2022-10-13`` (``/`` and ``.`` also separate).
            strict: The whole text must be a valid date (the query language). When
                False (metadata), a date may lead a longer text (``2022-10-13T09:00``)
                and an impossible month or day is dropped rather than the whole date.

        Returns:
            The date, or None when ``text`` holds none.
        """
        if not text:
            return None
        text = str(text).strip()
        match = _PATTERN.fullmatch(text) if strict else _PATTERN.match(text)
        if not match:
            return None
        year, month, day = (int(part) if part else 0 for part in match.groups())
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        if month and not 1 <= month <= 12:
            return None if strict else cls(year)
        if day and not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None if strict else cls(year, month)
        return cls(year, month, day)

    @property
    def iso(self) -> str:
        """``2022``, ``2022-10`` or ``2022-10-13``."""
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def number(self) -> int:
        """``YYYYMMDD`` with unknown parts as zeros (how the index stores dates)."""
        return self.year * 10000 + self.month * 100 + self.day

    @property
    def bounds(self) -> tuple[int, int]:
        """The :attr:`number` range this date covers.

        ``2022-06`` covers 20220600..20220699 and ``2022`` covers 20220000..20229999,
        so a statement dated only by its year or month falls inside its own year or month.
        """
        if not self.month:
            return self.year * 10000, self.year * 10000 + 9999
        if not self.day:
            return self.number, self.number + 99
        return self.number, self.number

    def long_form(self) -> str:
        """``13 October 2022``, ``October 2022`` or ``2022``."""
        if not self.month:
            return str(self.year)
        month = MONTH_NAMES[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"


def date_number(iso: str | None) -> int:
    """The index number of a stored ISO date; 0 for none (undated statements sort first)."""
    parsed = PartialDate.parse(iso, strict=False)
    return parsed.number if parsed else 0
