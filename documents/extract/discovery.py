"""Finding bodies the gazetteer lacks, from the way diplomatic prose names them."""

# Two shapes are read:
# * a definition, "Full Name (ACRONYM)", where the acronym's letters follow the initials
#   of the name (the Schwartz-Hearst rule) and the name contains an institution noun;
# * a named institution, "the Turkish Maarif Foundation", "the Türkiye-Kazakhstan
#   High-Level Strategic Cooperation Council": capitalised words after "the" that end in
#   (or are headed by) an institution noun.
# Discovered bodies are normalised to one entry per body: the code is a slug of the name
# (so the same body gets the same code in every document), a defined acronym is linked
# to the name and its later bare uses are counted, and a leading country pair such as
# "Türkiye-Kazakhstan" is dropped, since the countries are recorded on their own.

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

# Heads that make a capitalised phrase a body rather than a policy, event or document.
# "Partnership", "Initiative", "Dialogue", "Summit" and "Programme" are left out: in
# statements they mostly name relationships and events ("Enhanced Strategic
# Partnership"), not bodies; so are "Office", "Mission" and "Service", which mostly
# name a government's own units ("the Oval Office").
INSTITUTION_NOUNS = (
    "Organization", "Organisation", "Association", "Council", "Commission", "Committee", "Agency", "Bank",
    "Fund", "Foundation", "Forum", "Union", "Assembly", "Academy", "Institute", "Institution", "Centre",
    "Center", "Authority", "Secretariat", "Court", "Tribunal", "Alliance", "Community", "League",
    "Federation", "Board", "Parliament", "Coalition", "Corporation", "Movement", "Chamber", "Consortium",
    "Society", "Group",
)
_NOUNS = "|".join(INSTITUTION_NOUNS)
# A capitalised word; full stops only inside abbreviations ("U.S."), so that a name
# never runs on over the end of a sentence.
_CAP = r"(?:(?:[A-Z]\.){2,}(?:-[\w'’&-]+)?|[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][\w'’&-]*)"
_JOIN = r"(?:of|for|and|on|the|in|to|de|du|des|la|et|für|und)"
# A capitalised word after "of", "for" or "on" that is no date ("the Group on April 5").
_TAIL = (
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December"
    rf"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b){_CAP}"
)
# A short word glued to the noun by text extraction ("Foundationin"); unglue() cuts it off.
_GLUED = "and|the|at|in|on|of|to|for|by|with|from"
_NAMED = re.compile(
    rf"\b[Tt]he\s+(?P<name>(?:{_CAP}\s+(?:{_JOIN}\s+)*){{0,9}}?(?:{_NOUNS})s?(?:{_GLUED})?"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_TAIL}(?:\s+(?:and\s+)?{_TAIL}){{0,3}}){{0,2}})(?![\w-])"
)
_DEFINITION = re.compile(r"\(\s*(?P<acronym>[A-Z][A-Za-z0-9&+.\-]{1,14}?)s?\s*\)")
_STOP_WORDS = {"of", "for", "and", "on", "the", "in", "to", "de", "du", "des", "la", "et", "für", "und", "a", "an"}
_ROLE_WORDS = {"President", "Presidents", "Minister", "Ministers", "Secretary", "Director", "Chairman", "Chair"}
# Words that open the name of a document or a category of members, not of a body
# ("the Charter of the Organisation", "the States Members of the Organization").
_NOT_FIRST = {"Charter", "Treaty", "Convention", "Declaration", "Statute", "Resolution", "Agreement", "Protocol",
              "Members", "Member", "States", "Report", "Rules", "Decision", "Constitution", "Summit", "Session"}
# A name made only of these says what kind of body it is, not which one ("the Working
# Group", "the Supreme Court", "the International Community").
_GENERIC = {w.lower() for w in INSTITUTION_NOUNS} | {
    "working", "general", "special", "preparatory", "steering", "supreme", "national", "international",
    "contact", "friends", "open-ended", "ad", "hoc", "executive", "advisory", "permanent", "standing", "joint",
    "high-level", "main", "first", "second", "third", "fourth", "fifth", "sixth", "regional", "global", "world",
    "central", "federal", "constitutional", "interim", "transitional", "technical", "intergovernmental",
    "negotiating", "coordinating", "consultative", "scientific", "independent", "ministerial", "parliamentary",
    "organizing", "organising", "drafting", "governing", "administrative", "security", "economic", "trade",
    "development", "investment", "military", "defense", "defence", "core", "partners", "financial",
    "multilateral", "transatlantic", "governors", "directors", "members", "deputies", "strategic", "bilateral",
}


@dataclass(slots=True)
class Discovered:
    """A body found by pattern, with its mentions in normalised-text offsets."""

    code: str
    name: str
    acronym: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)


def slug(name: str) -> str:
    """A stable code for a discovered body: its name in lower case, words joined by hyphens."""
    key = name.lower().replace("organisation", "organization").replace("centre", "center")
    key = key.replace("programme", "program").replace("defence", "defense")
    return re.sub(r"[^\w]+", "-", key).strip("-")


class DiscoveredRegistry:
    """Remembers the names of bodies discovered so far, so codes can be shown as names."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self._lock = threading.Lock()

    def remember(self, code: str, name: str) -> None:
        with self._lock:
            self._names.setdefault(code, name)

    def name(self, code: str) -> str | None:
        with self._lock:
            return self._names.get(code)


def _acronym_long_form(acronym: str, words: list[str]) -> int | None:
    """Index of the first word of the long form that ``acronym`` abbreviates, or None.

    Letters of the acronym are matched right to left against the words' letters; the
    acronym's first letter must open a word (Schwartz and Hearst, 2003).
    """
    letters = [c.lower() for c in acronym if c.isalnum()]
    if len(letters) < 2:
        return None
    text = " ".join(words).lower()
    i = len(letters) - 1
    j = len(text) - 1
    while i >= 0:
        target = letters[i]
        while j >= 0 and (text[j] != target or (i == 0 and j > 0 and text[j - 1].isalnum())):
            j -= 1
        if j < 0:
            return None
        i -= 1
        j -= 1
    start_char = j + 1
    # Count the words that begin before the matched start.
    return len(text[:start_char].split())


# Short words that text extracted from PDFs glues to the word before ("Justiceat").
_GLUE = ("and", "the", "at", "in", "on", "of", "to", "for", "by", "with", "from", "is", "was", "has", "as")


def unglue(name: str, known_words: set[str] | frozenset[str]) -> str:
    """Cuts a name where a known word has the next short word glued to it.

    "International Court of Justiceat The Hague" -> "International Court of Justice":
    "Justice" is a word of a known body's name and "at" is glued to it, while
    "Justiceat" is no word of any. Words that merely end like a short word
    ("Foundation", "Union") are left alone, their stem being no known word.
    """
    words = name.split(" ")
    for index, word in enumerate(words):
        folded = word.casefold()
        if folded in known_words:
            continue
        for glue in _GLUE:
            if folded.endswith(glue) and len(word) > len(glue) + 2 and folded[: -len(glue)] in known_words:
                return " ".join([*words[:index], word[: -len(glue)]])
    return name


def _is_country_pair(word: str, country_names: set[str] | frozenset[str]) -> bool:
    parts = [p for p in word.split("-") if p]
    return len(parts) >= 2 and all(p.casefold() in country_names for p in parts)


def _clean_name(name: str, country_names: set[str] | frozenset[str]) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,-'’")
    if name.lower().startswith("the "):
        name = name[4:]
    first, _, rest = name.partition(" ")
    if len(rest.split()) >= 3 and "-" in first and _is_country_pair(first, country_names):
        name = rest  # "Türkiye-Kazakhstan High-Level ... Council": the countries are recorded apart
    return name.strip()


def _plausible(name: str, country_names: set[str] | frozenset[str]) -> bool:
    """Whether a candidate names one particular body (not a country, a role, a document or a kind of body)."""
    words = name.split()
    if len(words) < 2 or words[0].lower() in _STOP_WORDS:
        return False
    if words[0] in _ROLE_WORDS or words[-1] in _ROLE_WORDS or words[0] in _NOT_FIRST:
        return False
    if " and the " in name:
        return False  # two parties ("the Government of Israel and the Palestine Liberation Organization")
    # "Russian Federation", "Government of the Russian Federation", "Union of the Comoros".
    if any(" ".join(words[k:]).casefold() in country_names for k in range(len(words))):
        return False
    return not all(
        w.lower() in _GENERIC or w.lower().rstrip("s") in _GENERIC or w.lower() in _STOP_WORDS
        or _is_country_pair(w, country_names)
        for w in words
    )


def discover(
    norm: str,
    taken: list[tuple[int, int]],
    known_names: set[str] | dict[str, str],
    known_acronyms: set[str],
    country_names: set[str] | frozenset[str] = frozenset(),
    known_words: set[str] | frozenset[str] = frozenset(),
) -> list[Discovered]:
    """Finds bodies named in a text that the gazetteer does not hold.

    Args:
        norm: The normalised text (uniform spaces and punctuation).
        taken: Spans already matched as curated organisations; nothing inside them is
            discovered again.
        known_names: Lower-cased names and aliases of curated organisations; as a dict
            (name -> code), a name found glued to the next word ("International Court of
            Justiceat") is returned under the curated body's code.
        known_acronyms: Acronyms of curated organisations.
        country_names: Lower-cased country names: a name that is one ("Russian
            Federation") is not a body, and a leading pair of them joined by a hyphen
            ("Türkiye-Kazakhstan") is dropped from a body's name.
        known_words: Lower-cased words of the curated names and the institution nouns,
            for cutting names where text extraction glued the next word on (see :func:`unglue`).

    Returns:
        One entry per body, in order of first mention.
    """
    found: dict[str, Discovered] = {}

    def overlaps(start: int, end: int) -> bool:
        return any(start < b and a < end for a, b in taken)

    def add(name: str, start: int, end: int, surface: str, acronym: str | None = None, glued: bool = False) -> None:
        if name.lower() in known_names:
            if not glued or not isinstance(known_names, dict):
                return
            code = known_names[name.lower()]  # a curated body the automaton missed for the glued word
        elif not _plausible(name, country_names):
            return
        else:
            code = slug(name)
        entry = found.get(code)
        if entry is None:
            entry = found[code] = Discovered(code, name, acronym)
        if acronym and not entry.acronym:
            entry.acronym = acronym
        if (start, end) not in entry.spans:
            entry.spans.append((start, end))
            entry.surfaces.append(surface)

    # 1. Definitions: "Full Name (ACRONYM)".
    for m in _DEFINITION.finditer(norm):
        acronym = m.group("acronym").rstrip(".")
        if acronym in known_acronyms or sum(c.isupper() for c in acronym) < 2:
            continue
        window_start = max(0, m.start() - 200)
        before = norm[window_start : m.start()].rstrip()
        words = before.split(" ")[-(len(acronym) + 5) :]
        first = _acronym_long_form(acronym, words)
        if first is None:
            continue
        long_words = words[first:]
        if not long_words or not long_words[0][:1].isupper():
            continue
        if not any(w.strip(",.;:").rstrip("s") in INSTITUTION_NOUNS for w in long_words):
            continue
        long_form = " ".join(long_words)
        start = window_start + len(before) - len(long_form)
        if overlaps(start, m.end()):
            continue
        name = _clean_name(long_form, country_names)
        add(name, start, m.end(), norm[start : m.end()], acronym)

    # 2. Named institutions: "the Turkish Maarif Foundation".
    defined = [span for entry in found.values() for span in entry.spans]
    for m in _NAMED.finditer(norm):
        start, end = m.span("name")
        if overlaps(start, end) or any(start < b and a < end for a, b in defined):
            continue
        surface = unglue(m.group("name"), known_words) if known_words else m.group("name")
        glued = len(surface) < len(m.group("name"))
        name = _clean_name(surface, country_names)
        add(name, start, start + len(surface), surface, glued=glued)

    # 3. Later bare uses of a defined acronym.
    for entry in found.values():
        if not entry.acronym:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(entry.acronym)}(?![\w-])", norm):
            if not any(a <= m.start() < b for a, b in entry.spans) and not overlaps(*m.span()):
                entry.spans.append(m.span())
                entry.surfaces.append(entry.acronym)
        entry.spans.sort()
    return list(found.values())
