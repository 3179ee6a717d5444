"""A light English (and Russian) stemmer: enough to let one vocabulary term match its inflections."""

# Topic terms and document words go through the same function, so what matters is that
# related forms meet ("invest", "investment", "investments"; "terrorism", "terrorist";
# "culture", "cultural"), not that stems are real words. It is deliberately smaller than
# Porter's algorithm: fewer rules, predictable results an archivist can reason about.

from __future__ import annotations

# Suffixes tried in order after plural and tense endings are gone; the first that
# leaves at least MIN_STEM characters is removed (or replaced).
_DERIVATIONAL = (
    ("isation", "iz"),
    ("ization", "iz"),
    ("ational", "at"),
    ("ations", "at"),
    ("ation", "at"),
    ("ments", ""),
    ("ment", ""),
    ("ities", ""),
    ("ity", ""),
    ("isms", ""),
    ("ists", ""),
    ("ism", ""),
    ("ist", ""),
    ("ical", "ic"),
    ("ally", ""),
    ("al", ""),
    ("ise", "iz"),
    ("ize", "iz"),
    ("ised", "iz"),
    ("ized", "iz"),
)
MIN_STEM = 4
# British spellings folded to one form before stemming, so either spelling in a
# vocabulary matches both in a text.
_SPELLINGS = {
    "defence": "defense", "defences": "defense", "offence": "offense", "offences": "offense",
    "licence": "license", "licences": "license", "programme": "program", "programmes": "program",
    "centre": "center", "centres": "center", "labour": "labor", "harbour": "harbor", "harbours": "harbor",
    "neighbour": "neighbor", "neighbours": "neighbor", "neighbouring": "neighboring", "favour": "favor",
    "honour": "honor", "endeavour": "endeavor", "endeavours": "endeavor", "behaviour": "behavior",
    "fulfil": "fulfill", "enrol": "enroll", "enrolment": "enrollment", "catalogue": "catalog",
}
_VOWELS = set("aeiouy")
_DOUBLE_KEEP = set("lsz")


def _has_vowel(text: str) -> bool:
    return any(ch in _VOWELS for ch in text)


# Russian case, number and gender endings, longest first: "безопасности" and "безопасность"
# meet at "безопасн", "энергетической" and "энергетическая" at "энергетическ".
_RUSSIAN_ENDINGS = (
    "остью", "ости", "ость", "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ий", "ый", "ой",
    "ей", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев",
    "ию", "ия", "ии", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
)
_MIN_RUSSIAN_STEM = 3


def _stem_russian(word: str) -> str:
    for ending in _RUSSIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_RUSSIAN_STEM:
            return word[: -len(ending)]
    return word


def stem(word: str) -> str:
    """Stems one lower-case English word (or Russian one, by its endings).

    Args:
        word: A lower-case word (letters, digits, apostrophes, hyphens).

    Returns:
        The stem; words of three letters or fewer come back unchanged.
    """
    if "\u0430" <= word[:1] <= "\u044f" or word[:1] == "\u0451":
        return _stem_russian(word)
    if len(word) <= 3 or not word.isalpha():
        return word.removesuffix("'s")
    w = _SPELLINGS.get(word, word)
    # Plurals.
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 4:
        w = w[:-1]
    # Tenses and participles.
    for ending in ("ingly", "edly", "ing", "ed"):
        if w.endswith(ending) and len(w) - len(ending) >= 3 and _has_vowel(w[: -len(ending)]):
            w = w[: -len(ending)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in _VOWELS and w[-1] not in _DOUBLE_KEEP:
                w = w[:-1]  # "planned" -> "plan"
            break
    for suffix, replacement in _DERIVATIONAL:
        if w.endswith(suffix) and len(w) - len(suffix) + len(replacement) >= MIN_STEM:
            w = w[: -len(suffix)] + replacement
            break
    if w.endswith("e") and len(w) > MIN_STEM:
        w = w[:-1]  # "trade" and "traded" both end as "trad"
    if w.endswith("y") and len(w) > MIN_STEM:
        w = w[:-1] + "i"  # "energy"/"energies", "economy"/"economies"
    return w
