"""Titles as archives want them: without the name of the web site a page was saved from.

A page saved from a site keeps the site's name in its ``<title>`` ("Readout of
the President's Call | The White House", "Agreement between Japan and Thailand
— Open Treaties", "Совместное заявление • Президент России"). The site's name is
cut off when it stands after (or before) a separator and looks like one: a name
from the list below, or a short phrase naming a ministry, an office, a
collection or a portal. A plain hyphen is common inside titles, so after one
only a listed name is cut.
"""

from __future__ import annotations

import re

# Separators between a page's title and its site's name.
_STRONG = re.compile(r"\s+(?:\||\u2014|\u2013|::|\u00b7|\u2022|\u00bb|\u203a)\s+")
_HYPHEN = re.compile(r"\s+-\s+")
# Names that are a site's whichever separator stands before them (lower case).
KNOWN_SITES = frozenset({
    "the white house", "white house", "whitehouse.gov", "open treaties", "united nations", "un news",
    "united nations treaty collection", "un treaty collection", "treaty collection", "gov.uk",
    "u.s. department of state",
    "united states department of state", "department of state", "state department", "president of russia",
    "kremlin", "президент россии", "мид россии", "t.c. dışişleri bakanlığı", "dışişleri bakanlığı",
    "türkiye cumhuriyeti dışişleri bakanlığı", "france diplomatie", "ministère de l'europe et des affaires étrangères",
    "auswärtiges amt", "ohchr", "icrc", "international committee of the red cross", "wikisource", "wikipedia",
    "avalon project", "the avalon project", "council of the eu", "consilium", "european commission", "nato",
    "osce", "unesco", "un documents", "digital library", "un digital library", "refworld", "legislation.gov.uk",
    "中华人民共和国外交部", "外交部", "ministry of foreign affairs", "mfa",
})
# Words that make a short phrase a site's name ("Ministry of Foreign Affairs of Japan").
_SITE_WORDS = re.compile(
    r"\b(?:white house|ministry|minist[eè]re|ministerio|министерство|мид|bakanlığı|department|office|treaties"
    r"|collection|database|archives?|library|portal|website|site|gov|embassy|permanent mission|news|press"
    r"|wiki\w*|\w+\.(?:gov|org|int|com|net|uk|ru|tr|fr))\b",
    re.IGNORECASE,
)
_MAX_SITE_WORDS = 7


def _is_site(segment: str, strong: bool) -> bool:
    name = segment.strip(" .").casefold()
    if name in KNOWN_SITES:
        return True
    return strong and len(name.split()) <= _MAX_SITE_WORDS and _SITE_WORDS.search(name) is not None


def clean_title(title: str) -> str:
    """The title without the site name a saved page carries.

    Args:
        title: A title as found in a file or beside it.

    Returns:
        The title with a leading or trailing site name removed; the title itself
        when nothing looks like one (or nothing would be left).
    """
    cleaned = title.strip()
    for separator, strong in ((_STRONG, True), (_HYPHEN, False)):
        parts = separator.split(cleaned)
        while len(parts) > 1 and _is_site(parts[-1], strong):
            parts.pop()
        while len(parts) > 1 and _is_site(parts[0], strong):
            parts.pop(0)
        # Re-join what is left with the separator that stood there.
        if len(parts) < len(separator.split(cleaned)):
            first = cleaned.find(parts[0])
            last = cleaned.rfind(parts[-1]) + len(parts[-1])
            cleaned = cleaned[first:last].strip()
    return cleaned or title.strip()
