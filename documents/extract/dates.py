"""Date phrases in a statement's text: "Oct. 12-13 2022", "13 октября 2022 г.", "2007年4月3日", dates in words.

The finder only recognises dates; ``date_roles`` then says whose date each one
is (the statement's own, or that of an instrument it cites), and
:func:`best_date` picks the statement's own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date

from documents.extract.date_cues import TriggerFinder
from documents.extract.date_roles import EXCLUDED, DateClassifier
from documents.extract.date_words import WordDateReader
from documents.extract.matcher import PreparedText
from documents.resources import read_text

DATES_FILE = "gazetteer/dates.json"
# Short forms CLDR does not list but English prose uses.
_EXTRA_MONTHS = {"sept": 9, "sep": 9, "febr": 2}
# Characters before a year that a date phrase can take up ("12-13 de septiembre de ").
_WINDOW = 48
# Dates without a year are looked for only where datelines and signatures stand.
_YEARLESS_HEAD = 1500
_YEARLESS_TAIL = 400
# Characters after a trigger ("Done at", "tarihinde") where a date in words is read.
_WORD_WINDOW = 260
_DAYS_IN = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_HAS_EASTERN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
_CJK_NUMERALS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                 "九": 9}
_CJK_DATE = re.compile(
    r"(?P<y>[0-9〇零○一二三四五六七八九]{4})\s*年\s*(?P<m>[0-9一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<d>[0-9一二三四五六七八九十]{1,3})\s*日"
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """One date phrase found in a text, and whose date it is.

    Attributes:
        value: ISO date (``YYYY-MM-DD``, ``YYYY-MM`` when no day is given, ``--MM-DD``
            when no year is).
        end: End of a range ("12-13 October"), else None.
        start: Offset of the phrase in the searched (normalised) text.
        matched: The phrase.
        stop: Offset just past the phrase.
        kind: What the date is: the statement's own (``closing formula``,
            ``dateline``, ``signature``...) or one of :data:`EXCLUDED`.
        confidence: 0..1 that it is the statement's own date.
        note: Why it was classified so (the cue that decided).
        weekday: 0 (Monday) to 6 named beside it, else -1.
    """

    value: str
    end: str | None
    start: int
    matched: str
    stop: int = -1
    kind: str = ""
    confidence: float = 0.0
    note: str = ""
    weekday: int = -1


def _cjk_number(text: str) -> int:
    """"二十八" -> 28, "2007" -> 2007, "二〇〇七" -> 2007."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CJK_NUMERALS.get(tens, 1) if tens else 1) * 10 + (_CJK_NUMERALS.get(units, 0) if units else 0)
    value = 0
    for ch in text:
        value = value * 10 + _CJK_NUMERALS[ch]
    return value


class DateFinder:
    """Finds date phrases in many languages and classifies them.

    Every supported form with a year ends in a four-digit year (ISO and Chinese
    dates aside), so the text is scanned for years only, a cheap search, and the
    full pattern is tried on the few dozen characters before each year. Dates
    without a year are read only near the start and the end, and dates in words
    only after the phrases that introduce them.
    """

    def __init__(self) -> None:
        data = json.loads(read_text(DATES_FILE))
        months: dict[str, int] = dict(_EXTRA_MONTHS)
        languages: dict[str, tuple[int, tuple[str, ...]]] = {}
        for lang, names in data["months"].items():
            for name, number in names.items():
                months.setdefault(name, number)
                known = languages.get(name, (number, ()))
                languages[name] = (known[0], (*known[1], lang))
        for name, number in _EXTRA_MONTHS.items():
            languages.setdefault(name, (number, ("en",)))
        self._months = months
        self._weekdays = {name: n for names in data["weekdays"].values() for name, n in names.items()}
        alternatives = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
        weekdays = "|".join(re.escape(w) for w in sorted(self._weekdays, key=len, reverse=True))
        month = rf"(?P<{{g}}>{alternatives})\.?"
        day = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
        year = r"(?P<{g}>(?:1[89]|20)\d\d)"
        dash = r"\s*(?:-|to|and|al|au|bis|и|ve)\s*"
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
        # Dates without a year are tried only at the day numbers of a text's head and tail:
        # "25 October" from the number on, "Friday, October 25" back from it.
        no_year = r"(?!\s*,?\s*(?:de\s+|del\s+)?\d)"
        self._day_numbers = re.compile(r"(?<![\d.,/-])[0-3]?\d(?![\d/:])")
        self._day_first = re.compile(
            rf"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|\.)?\s+(?:de\s+|of\s+)?(?P<m>{alternatives})\.?(?!\w){no_year}",
            re.IGNORECASE,
        )
        self._month_before = re.compile(rf"(?<!\w)(?P<m>{alternatives})\.?\s+\Z", re.IGNORECASE)
        self._day_after_month = re.compile(rf"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d.]\d){no_year}")
        self._weekday_before = re.compile(rf"(?<!\w)(?P<w>{weekdays}),?\s+(?:the\s+|le\s+|el\s+)?\Z",
                                          re.IGNORECASE)
        self._words = WordDateReader(languages)
        self._triggers = TriggerFinder()
        self._classifier = DateClassifier()

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
        stop = start + len(matched)
        if day is None:
            return FoundDate(f"{int(year):04d}-{month:02d}", None, start, matched, stop)
        try:
            first = date(int(year), month, int(day))
            end = date(int(year), month, int(last)) if last else None
        except ValueError:
            return None
        if end is not None and end <= first:
            end = None
        return FoundDate(first.isoformat(), end.isoformat() if end else None, start, matched, stop)

    def _yearless_dates(self, text: str, start: int, stop: int) -> list[FoundDate]:
        found = []
        for number in self._day_numbers.finditer(text, start, stop):
            first = number.start()
            m = self._day_first.match(text, first)
            if m is not None:
                phrase_start, phrase_end, day, month = first, m.end(), m["d"], m["m"]
            else:
                before = self._month_before.search(text, max(0, first - 16), first)
                after = self._day_after_month.match(text, first) if before else None
                if after is None:
                    continue
                phrase_start, phrase_end, day, month = before.start(), after.end(), after["d"], before["m"]
            month_number, day_number = self._month(month), int(day)
            if not month_number or not 1 <= day_number <= _DAYS_IN[month_number]:
                continue
            weekday = self._weekday_before.search(text, max(0, phrase_start - 16), phrase_start)
            if weekday is not None:
                phrase_start = weekday.start()
            found.append(FoundDate(f"--{month_number:02d}-{day_number:02d}", None, phrase_start,
                                   text[phrase_start:phrase_end], phrase_end,
                                   weekday=self._weekdays.get(weekday["w"].lower(), -1) if weekday else -1))
        return found

    def _word_dates(self, text: str, lower: str) -> list[FoundDate]:
        found = []
        for position in self._triggers.find(lower):
            window_start = max(0, position - 200)
            window = text[window_start : position + _WORD_WINDOW]
            for word_date in self._words.read(window, window_start):
                try:
                    value = date(word_date.year, word_date.month, word_date.day).isoformat()
                except ValueError:
                    continue
                matched = text[word_date.start : word_date.end]
                found.append(FoundDate(value, None, word_date.start, matched, word_date.end))
        return found

    def _cjk_dates(self, text: str) -> list[FoundDate]:
        found = []
        for m in _CJK_DATE.finditer(text):
            try:
                value = date(_cjk_number(m["y"]), _cjk_number(m["m"]), _cjk_number(m["d"])).isoformat()
            except (ValueError, KeyError):
                continue
            found.append(FoundDate(value, None, m.start(), m.group(0), m.end()))
        return found

    def _may_end_a_date(self, text: str, at: int) -> bool:
        """Whether the year at ``at`` can end a date: a day, a month name or a separator stands before it.

        Most years in statements stand alone ("in 1990", "since 1945", "resolution 425 (1978)"); this
        look at the word before spares them the full pattern.
        """
        k = at
        while k > 0 and text[k - 1] in " ,\t\n":
            k -= 1
        if k == 0:
            return False
        before = text[k - 1]
        if before.isdigit() or before in "./-":
            return True  # "13 2022" (a range's day), "13.10.2022", "2022-10-13"
        j = k
        while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
            j -= 1
        word = text[j:k].lower().rstrip(".")
        if word in ("de", "del"):  # "13 de octubre de 2022"
            return True
        return word in self._months

    def recognise(self, text: str, lower: str | None = None) -> list[FoundDate]:
        """Every date phrase in ``text``, unclassified, in order of position (overlaps resolved)."""
        if _HAS_EASTERN_DIGITS.search(text):
            text = text.translate(_EASTERN_DIGITS)
        found: list[FoundDate] = []
        for year in self._years.finditer(text):
            m = None
            if self._may_end_a_date(text, year.start()):
                m = self._before_year.search(text, max(0, year.start() - _WINDOW), year.end())
            if m is None and text.startswith("-", year.end()):
                m = self._iso.match(text, year.start())  # 2022-10-13
            if m is not None:
                parsed = self._from_groups(m.groupdict(), m.start(), m.group(0))
                if parsed is not None:
                    found.append(parsed)
        if "年" in text:
            found += self._cjk_dates(text)
        found += self._word_dates(text, lower if lower is not None else text.lower())
        found += self._yearless_dates(text, 0, min(len(text), _YEARLESS_HEAD))
        if len(text) > _YEARLESS_HEAD:
            found += self._yearless_dates(text, max(_YEARLESS_HEAD, len(text) - _YEARLESS_TAIL), len(text))
        # Of overlapping phrases the longest stands ("the third day of April 2007" over "April 2007").
        found.sort(key=lambda f: (f.start, f.start - f.stop))
        kept: list[FoundDate] = []
        for item in found:
            if kept and item.start < kept[-1].stop:
                if item.stop - item.start > kept[-1].stop - kept[-1].start:
                    kept[-1] = item
                continue
            kept.append(item)
        return kept

    def find(self, text: str | PreparedText, title: bool = False) -> list[FoundDate]:
        """Every valid date phrase in ``text``, in order of position, each classified.

        Args:
            text: The text (or a prepared text: offsets are then into its normalised form).
            title: The text is a statement's title, where a date not citing another
                instrument is the statement's own.
        """
        prepared = text if isinstance(text, PreparedText) else PreparedText(text)
        found = self.recognise(prepared.norm, prepared.lower)
        return self._classifier.classify(prepared, found, title)


_CLOSING_KINDS = {"signature", "closing formula"}


def best_date(found: list[FoundDate]) -> tuple[FoundDate, float] | None:
    """The likeliest own date among classified dates, with its confidence.

    Dates of other instruments and events (:data:`EXCLUDED`) and dates without a
    year never qualify. Of the rest the most confident wins, the earliest of equals.
    The caller decides whether the confidence is enough to date the statement.
    """
    usable = [f for f in found if f.kind not in EXCLUDED and not f.value.startswith("--")]
    if not usable:
        return None
    # Of equals the earliest wins, except at the end, where a signature's date follows the
    # dates its last paragraph cites.
    best = max(usable, key=lambda f: (f.confidence, f.start if f.kind in _CLOSING_KINDS else -f.start))
    return best, best.confidence


def with_year(found: FoundDate, year: int) -> FoundDate | None:
    """A date without a year completed with ``year``.

    Returns:
        The completed date, or None when the day does not exist in that year or the
        weekday named beside it disagrees.
    """
    try:
        completed = date(year, int(found.value[2:4]), int(found.value[5:7]))
    except ValueError:
        return None
    if found.weekday >= 0 and completed.weekday() != found.weekday:
        return None
    return replace(found, value=completed.isoformat())
