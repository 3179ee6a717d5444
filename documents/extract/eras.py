"""Countries as they were: which state a name or capital stood for on the statement's date.

The rules are generated into ``countries.json`` from ``country_eras.toml``
(dissolved states with the days they existed and their capitals; names whose
referent changed). A statement dated 1961 reads "Belgrade" as Yugoslavia and
"Korea" as the divided peninsula; one without a date is read as of today, and
the extraction says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from documents.partial_date import PartialDate

# A date known to its year stands for 2 July, to its month for the 15th: whichever
# state held most of that year or month wins.
_MID_YEAR = 702
_MID_MONTH = 15


@dataclass(frozen=True, slots=True)
class EraRule:
    """What one form named during one period.

    Attributes:
        start: First day (``YYYYMMDD``), 0 for "always before".
        end: First day after the period.
        codes: The state, or candidates settled by the states the text names nearby;
            empty when the form named no single state.
        fallback: For candidates, the code when none is named nearby ("" for none;
            None for the first candidate).
        within: Characters either side in which a candidate must be named (0: anywhere).
    """

    start: int
    end: int
    codes: tuple[str, ...]
    fallback: str | None
    within: int


def era_day(value: str | None) -> int | None:
    """The day (``YYYYMMDD``) a statement dated ``value`` is read as of, or None for no date."""
    parsed = PartialDate.parse(value, strict=False) if value else None
    if parsed is None:
        return None
    if not parsed.month:
        return parsed.year * 10000 + _MID_YEAR
    return parsed.year * 10000 + parsed.month * 100 + (parsed.day or _MID_MONTH)


def today() -> int:
    """Today as ``YYYYMMDD``."""
    now = date.today()
    return now.year * 10000 + now.month * 100 + now.day


class EraRules:
    """The era rules of the gazetteer, looked up by form and day.

    Args:
        rows: ``[form, start, end, codes, fallback, within]`` as ``countries.json`` holds them.
    """

    def __init__(self, rows: list[list]) -> None:
        self._by_form: dict[str, list[EraRule]] = {}
        for form, start, end, codes, fallback, within in rows:
            self._by_form.setdefault(form, []).append(EraRule(start, end, tuple(codes), fallback, within))

    def __len__(self) -> int:
        return sum(len(rules) for rules in self._by_form.values())

    def forms(self) -> frozenset[str]:
        """Every form (lower case) some era rule reads differently in some period."""
        return frozenset(self._by_form)

    def rule(self, form: str, day: int) -> EraRule | None:
        """The rule for ``form`` (as the vocabulary spells it) on ``day``, or None when today's reading holds."""
        rules = self._by_form.get(form.casefold())
        if rules is None:
            return None
        return next((r for r in rules if r.start <= day < r.end), None)
