"""Numbers written in words, as treaties write their dates ("the third day of April, two thousand and seven").

Closing formulas spell out the day and the year in English, French, Spanish,
German, Russian and Turkish. Each language has a small table of number words;
a run of them is read the way it is spoken, adding units, tens and hundreds and
multiplying by "hundred" and "thousand" ("nineteen hundred and fifty-one",
"mil neuf cent cinquante et un", "тысяча девятьсот пятьдесят первого").
Ordinals ("third", "troisième", "третьего", "üçüncü", "dritten") count as their
number and mark the run as ordinal. No library was taken for this: the ones on
offer turn numbers into words, not back, or read one language only, and these
tables are short and explainable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds of number words: a value to add, a multiplier of what came before.
_ADD, _HUNDRED, _THOUSAND = "add", "hundred", "thousand"

_EN_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90,
}

_FR = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70,
    "huitante": 80, "octante": 80, "nonante": 90,
}
_FR_ORDINALS = {"premier": 1, "première": 1, "1er": 1, "1re": 1, "second": 2, "seconde": 2}

_ES = {
    "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21,
    "veintiún": 21, "veintiun": 21, "veintidós": 22, "veintidos": 22, "veintitrés": 23, "veintitres": 23,
    "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26, "veintiseis": 26, "veintisiete": 27,
    "veintiocho": 28, "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100, "doscientos": 200,
    "trescientos": 300, "cuatrocientos": 400, "quinientos": 500, "seiscientos": 600, "setecientos": 700,
    "ochocientos": 800, "novecientos": 900,
}
_ES_ORDINALS = {"primero": 1, "primer": 1}

# German writes numbers as one word ("neunzehnhunderteinundfünfzig"): read by pieces.
_DE = {
    "eins": 1, "ein": 1, "eine": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "fuenf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwoelf": 12,
    "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18,
    "neunzehn": 19, "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
    "siebzig": 70, "achtzig": 80, "neunzig": 90,
}
_DE_ORDINAL_STEMS = {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7,
                     "siebent": 7, "acht": 8, "neunt": 9, "zehnt": 10, "elft": 11, "zwölft": 12}

_RU = {
    "один": 1, "одна": 1, "одно": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
    "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
    "девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100, "двести": 200, "триста": 300,
    "четыреста": 400, "пятьсот": 500, "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
}
# Ordinal stems; any case ending may follow ("третьего", "третье", "третий").
_RU_ORDINAL_STEMS = {
    "перв": 1, "втор": 2, "треть": 3, "трет": 3, "четверт": 4, "четвёрт": 4, "пят": 5, "шест": 6, "седьм": 7,
    "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13,
    "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18,
    "девятнадцат": 19, "двадцат": 20, "тридцат": 30, "сороков": 40, "пятидесят": 50, "шестидесят": 60,
    "семидесят": 70, "восьмидесят": 80, "девяност": 90, "сот": 100, "двухсот": 200, "трехсот": 300,
    "трёхсот": 300, "четырехсот": 400, "пятисот": 500, "шестисот": 600, "семисот": 700, "восьмисот": 800,
    "девятисот": 900, "тысячн": 1000, "двухтысячн": 2000,
}
_RU_ORDINAL_ENDING = re.compile(r"(?:ьего|ого|его|ому|ему|ым|им|ом|ем|ый|ий|ой|ое|ее|ье|ья|ая|яя|ую|юю|ые|ие|ых|их)$")

_TR = {
    "bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7, "sekiz": 8, "dokuz": 9, "on": 10,
    "yirmi": 20, "otuz": 30, "kırk": 40, "elli": 50, "altmış": 60, "yetmiş": 70, "seksen": 80, "doksan": 90,
}
_TR_ORDINAL_ENDING = re.compile(r"[ıiuü]?nc[ıiuü]$")

# Words that join the parts of a number without being one ("two thousand and seven").
_JOINERS = {"en": {"and"}, "fr": {"et"}, "es": {"y"}, "de": {"und"}, "ru": set(), "tr": set()}
LANGUAGES = ("en", "fr", "es", "de", "ru", "tr")


def _table(lang: str) -> dict[str, tuple[str, int, bool]]:
    """word -> (kind, value, ordinal) for one language."""
    table: dict[str, tuple[str, int, bool]] = {}
    if lang == "en":
        table.update({w: (_ADD, n, False) for n, w in enumerate(_EN_UNITS)})
        table.update({w: (_ADD, n, False) for w, n in _EN_TENS.items()})
        table.update({w: (_ADD, n, True) for w, n in _EN_ORDINALS.items()})
        table["hundred"] = (_HUNDRED, 100, False)
        table["thousand"] = (_THOUSAND, 1000, False)
        table.update({"hundredth": (_HUNDRED, 100, True), "thousandth": (_THOUSAND, 1000, True)})
    elif lang == "fr":
        table.update({w: (_ADD, n, False) for w, n in _FR.items()})
        table.update({w: (_ADD, n, True) for w, n in _FR_ORDINALS.items()})
        table.update({w: (_HUNDRED, 100, False) for w in ("cent", "cents")})
        table.update({w: (_THOUSAND, 1000, False) for w in ("mille", "mil")})
    elif lang == "es":
        table.update({w: (_ADD, n, False) for w, n in _ES.items()})
        table.update({w: (_ADD, n, True) for w, n in _ES_ORDINALS.items()})
        table["mil"] = (_THOUSAND, 1000, False)
    elif lang == "de":
        table.update({w: (_ADD, n, False) for w, n in _DE.items()})
        table["hundert"] = (_HUNDRED, 100, False)
        table["tausend"] = (_THOUSAND, 1000, False)
    elif lang == "ru":
        table.update({w: (_ADD, n, False) for w, n in _RU.items()})
        table.update({w: (_THOUSAND, 1000, False) for w in ("тысяча", "тысячи", "тысяч", "тысячу")})
    elif lang == "tr":
        table.update({w: (_ADD, n, False) for w, n in _TR.items()})
        table["yüz"] = (_HUNDRED, 100, False)
        table["bin"] = (_THOUSAND, 1000, False)
    return table


_TABLES = {lang: _table(lang) for lang in LANGUAGES}
# German number pieces, longest first, for splitting compounds.
_DE_PIECES = sorted([*_DE, "hundert", "tausend", "und"], key=len, reverse=True)


def _split_german(word: str) -> list[str] | None:
    """"zweitausendsieben" -> ["zwei", "tausend", "sieben"]; None when the word is no number."""
    pieces: list[str] = []
    rest = word
    while rest:
        piece = next((p for p in _DE_PIECES if rest.startswith(p)), None)
        if piece is None:
            return None
        pieces.append(piece)
        rest = rest[len(piece):]
    return pieces


def _german(word: str, table: dict[str, tuple[str, int, bool]]) -> list[tuple[str, int, bool]] | None:
    """A German number word, compounds and ordinals included ("dritten", "einunddreißigsten")."""
    pieces = _split_german(word)
    ordinal = False
    if pieces is None:
        base = re.sub(r"(?:en|er|es|em|e)$", "", word)
        if base in _DE_ORDINAL_STEMS:
            return [(_ADD, _DE_ORDINAL_STEMS[base], True)]
        for suffix in ("st", "t"):  # "zwanzigst-", "neunzehnt-"
            if base.endswith(suffix) and (pieces := _split_german(base[: -len(suffix)])):
                ordinal = True
                break
        else:
            return None
    out = [table[piece] for piece in pieces if piece != "und"]
    if not out:
        return None
    if ordinal:
        kind, value, _ = out[-1]
        out[-1] = (kind, value, True)
    return out


def _french_ordinal(word: str) -> int | None:
    """"troisième" -> 3, "vingt-et-unième" is read piecewise by the caller."""
    if not word.endswith("ième"):
        return None
    stem = word[:-4]
    for candidate in (stem, stem + "e", {"cinqu": "cinq", "neuv": "neuf"}.get(stem, "")):
        if candidate in _FR:
            return _FR[candidate]
    return None


def word_value(word: str, lang: str) -> list[tuple[str, int, bool]] | None:
    """The number pieces one word stands for in ``lang`` (several for a German compound), or None.

    Args:
        word: One lower-case word, hyphenated parts already split.
        lang: One of :data:`LANGUAGES`.
    """
    table = _TABLES[lang]
    if word in table:
        return [table[word]]
    if lang == "fr":
        value = _french_ordinal(word)
        return [(_ADD, value, True)] if value is not None else None
    if lang == "ru":
        stem = _RU_ORDINAL_ENDING.sub("", word)
        if stem != word and stem in _RU_ORDINAL_STEMS:
            value = _RU_ORDINAL_STEMS[stem]
            return [(_THOUSAND if value == 1000 else _ADD, value, True)]
        return None
    if lang == "tr":
        ending = _TR_ORDINAL_ENDING.search(word)
        if ending is None:
            return None
        # "üçüncü" is "üç" + "üncü", "ikinci" is "iki" + "nci".
        for stem in (word[: ending.start()], word[:-3]):
            stem = {"dörd": "dört"}.get(stem, stem)
            if stem in table:
                kind, value, _ = table[stem]
                return [(kind, value, True)]
        return None
    if lang == "de":
        return _german(word, table)
    return None


@dataclass(frozen=True, slots=True)
class NumberRun:
    """A number read from consecutive words.

    Attributes:
        value: The number.
        ordinal: True when its last word is an ordinal ("third", "седьмого").
        first: Index of its first word in the word list it was read from.
        last: Index of its last word.
    """

    value: int
    ordinal: bool
    first: int
    last: int


def _fold(pieces: list[tuple[str, int, bool]]) -> int:
    total = current = 0
    for kind, value, _ in pieces:
        if kind == _THOUSAND:
            total += (current or 1) * value
            current = 0
        elif kind == _HUNDRED:
            current = (current or 1) * value
        else:
            current += value
    return total + current


def read_number(words: list[str], start: int, lang: str) -> NumberRun | None:
    """Reads the number that begins at ``words[start]``, as far as its words go.

    "quatre vingt" is read as eighty, not as four and twenty.

    Args:
        words: Lower-case words (hyphenated compounds already split).
        start: Where to begin.
        lang: The language of the words.

    Returns:
        The number, or None when ``words[start]`` is no number word.
    """
    pieces: list[tuple[str, int, bool]] = []
    last = start - 1
    i = start
    joiners = _JOINERS[lang]
    while i < len(words):
        word = words[i]
        if pieces and word in joiners and i + 1 < len(words) and word_value(words[i + 1], lang):
            i += 1
            continue
        found = word_value(word, lang)
        if found is None:
            break
        if lang == "fr" and found[0][1] == 20 and pieces and pieces[-1][1] == 4 and last == i - 1:
            pieces[-1] = (_ADD, 80, found[0][2])
        else:
            pieces.extend(found)
        last = i
        i += 1
        if pieces[-1][2]:
            break  # an ordinal ends the number ("the third day")
    if not pieces:
        return None
    return NumberRun(_fold(pieces), pieces[-1][2], start, last)
