"""A light English stemmer: enough to let one vocabulary term match its inflections."""

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


def stem(word: str) -> str:
    """Stems one lower-case English word.

    Args:
        word: A lower-case word (letters, digits, apostrophes, hyphens).

    Returns:
        The stem; words of three letters or fewer come back unchanged.
    """
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
