"""Dates spelled out in words, as closing formulas write them.

"this twenty-eighth day of July, one thousand nine hundred and fifty-one",
"le trois avril deux mille sept", "a los tres días del mes de abril del año dos
mil siete", "am dritten April zweitausendsieben", "третьего апреля две тысячи
седьмого года", "iki bin yedi yılı Nisan ayının üçüncü günü". A month name
anchors the phrase; the day is read to its left and the year to its right
(Turkish may put the year first), past the filler words each language puts
between them ("day of", "in the year of our Lord", "del mes de", "года").
Digits may stand for either part ("the 5th day of May, 2010").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from documents.extract.number_words import LANGUAGES, read_number

_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:st|nd|rd|th|er|re|e|\.|-го|-е)?", re.IGNORECASE)
_DIGITS = re.compile(r"(\d+)")
# Words between a day and its month, and between a month and its year.
_DAY_FILLERS = {
    "day", "of", "the", "this", "on", "jour", "de", "du", "d", "ce", "le", "días", "dias", "día", "dia", "del",
    "mes", "el", "a", "los", "am", "den", "des", "monats", "числа", "ayının", "ayinin", "günü", "gunu",
}
_YEAR_FILLERS = {
    "in", "the", "year", "of", "our", "lord", "de", "l", "an", "année", "annee", "del", "año", "ano", "im", "jahre",
    "jahr", "des", "jahres", "года", "год", "г", "yılı", "yili", "yılında", "и",
}
_MAX_FILLERS = 6
_MIN_YEAR, _MAX_YEAR = 1800, 2099


@dataclass(frozen=True, slots=True)
class WordDate:
    """A date read from a phrase that spells some of it out.

    Attributes:
        year: Four-digit year.
        month: 1-12.
        day: 1-31.
        start: Offset of the phrase in the searched text.
        end: Offset just past it.
    """

    year: int
    month: int
    day: int
    start: int
    end: int


def _number(words: list[str], start: int, lang: str) -> tuple[int, int] | None:
    """(value, index of the last word) of the number at ``words[start]``, digits included."""
    word = words[start]
    digits = _DIGITS.match(word)
    if digits:
        return int(digits.group(1)), start
    if lang not in LANGUAGES:
        return None
    run = read_number(words, start, lang)
    return (run.value, run.last) if run else None


def _number_ending_at(words: list[str], last: int, lang: str) -> tuple[int, int] | None:
    """(value, index of the first word) of the longest number whose words end at ``words[last]``."""
    best = None
    for start in range(last, max(-1, last - 7), -1):  # joiners may stand between: "trente et un"
        found = _number(words, start, lang)
        if found is not None and found[1] == last:
            best = (found[0], start)
    return best


def _skip(words: list[str], index: int, step: int, fillers: set[str]) -> int:
    """The first index from ``index`` (moving by ``step``) that is not a filler word."""
    taken = 0
    while 0 <= index < len(words) and words[index] in fillers and taken < _MAX_FILLERS:
        index += step
        taken += 1
    return index


class WordDateReader:
    """Reads spelled-out dates around the month names of a short text.

    Args:
        months: Month name (lower case) -> (number, languages that use it).
    """

    def __init__(self, months: dict[str, tuple[int, tuple[str, ...]]]) -> None:
        self._months = months

    def read(self, text: str, offset: int = 0) -> list[WordDate]:
        """Every spelled-out date in ``text`` (a window of a few hundred characters).

        Args:
            text: The window.
            offset: Added to every returned position (the window's place in its text).
        """
        tokens = [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        words = [t[0] for t in tokens]
        found: list[WordDate] = []
        for index, word in enumerate(words):
            month = self._months.get(word.rstrip("."))
            if month is None:
                continue
            number, languages = month
            for lang in languages:
                parsed = self._around(words, index, lang)
                if parsed is not None:
                    year, day, first, last = parsed
                    end = tokens[last][2]
                    digits = _DIGITS.match(words[last])
                    if digits:  # a year in digits ends at its last digit, not at a full stop after it
                        end = tokens[last][1] + digits.end()
                    found.append(WordDate(year, number, day, offset + tokens[first][1], offset + end))
                    break
        return found

    def _around(self, words: list[str], month: int, lang: str) -> tuple[int, int, int, int] | None:
        """(year, day, first word, last word) of the date whose month is ``words[month]``."""
        day_end = _skip(words, month - 1, -1, _DAY_FILLERS)
        year_start = _skip(words, month + 1, 1, _YEAR_FILLERS)
        day = _number_ending_at(words, day_end, lang) if day_end >= 0 else None
        year = _number(words, year_start, lang) if year_start < len(words) else None
        if day and year and 1 <= day[0] <= 31 and _MIN_YEAR <= year[0] <= _MAX_YEAR:
            return year[0], day[0], day[1], year[1]
        # "iki bin yedi yılı Nisan ayının üçüncü günü": the year first, the day after the month.
        if lang == "tr":
            day_start = _skip(words, month + 1, 1, _DAY_FILLERS)
            year_end = _skip(words, month - 1, -1, _YEAR_FILLERS)
            day = _number(words, day_start, lang) if day_start < len(words) else None
            year = _number_ending_at(words, year_end, lang) if year_end >= 0 else None
            if day and year and 1 <= day[0] <= 31 and _MIN_YEAR <= year[0] <= _MAX_YEAR:
                return year[0], day[0], year[1], day[1]
        return None
