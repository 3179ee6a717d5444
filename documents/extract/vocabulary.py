"""Display names and lookups for the codes extraction produces, for the index, queries and the GUI."""

from __future__ import annotations

import functools
import json
import re

from documents.extract.discovery import slug
from documents.extract.doctype import DOC_TYPES
from documents.extract.engine import DISCOVERED
from documents.extract.gazetteer import load_countries, load_organisations
from documents.extract.matcher import fold_case, normalise_form
from documents.extract.topics import load_topics
from documents.resources import read_text

LANGUAGES_FILE = "gazetteer/languages.json"
_LOOKUP_KINDS = {"name", "alias", "former", "demonym", "foreign", "abbreviation", "contextual"}
_SMALL_WORDS = {"of", "for", "and", "on", "the", "in", "to", "de", "du", "des", "la", "et"}


def _key(text: str) -> str:
    key = fold_case(normalise_form(text))
    return key[4:] if key.startswith("the ") else key


class Vocabulary:
    """Names and lookups for countries, organisations, topics, document types and languages.

    Every lookup is case-insensitive and forgiving about accents that the generated
    names also carry unaccented ("turkiye"), typographic apostrophes and "the".
    """

    def __init__(self) -> None:
        countries = load_countries()
        self._countries = countries.countries
        self._country_lookup: dict[str, str] = {}
        for code in self._countries:
            self._country_lookup[code.casefold()] = code
        for entry in countries.patterns_ci + countries.patterns_cs:
            if entry.group == "country" and entry.kind in _LOOKUP_KINDS:
                code = entry.code.split("|")[0]
                self._country_lookup.setdefault(_key(entry.form), code)
        self._organisations = load_organisations().organisations
        self._org_lookup: dict[str, str] = {}
        for code, org in self._organisations.items():
            self._org_lookup[code.casefold()] = code
            for form in [org.name, *org.aliases, *org.acronyms]:
                self._org_lookup.setdefault(_key(form), code)
        self._topics = {t.code: t for t in load_topics()}
        self._topic_lookup = {t.code: t.code for t in self._topics.values()}
        self._topic_lookup.update({_key(t.name): t.code for t in self._topics.values()})
        self._languages: dict[str, str] = json.loads(read_text(LANGUAGES_FILE))

    # -- display names --------------------------------------------------------

    def country_name(self, code: str) -> str:
        """'TUR' -> 'Türkiye'; an unknown code comes back as it is."""
        info = self._countries.get(code)
        return info.name if info else code

    def organisation_name(self, code: str) -> str:
        """'OTS' -> 'Organization of Turkic States'; discovered bodies by their slug code too."""
        org = self._organisations.get(code)
        if org is not None:
            return org.name
        remembered = DISCOVERED.name(code)
        if remembered:
            return remembered
        if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", code):
            words = code.split("-")
            return " ".join(w if i and w in _SMALL_WORDS else w.capitalize() for i, w in enumerate(words))
        return code

    def topic_name(self, code: str) -> str:
        """'trade' -> 'Trade and investment'; unknown codes come back as they are."""
        topic = self._topics.get(code)
        return topic.name if topic else code

    def doc_type_name(self, code: str) -> str:
        """'joint_statement' -> 'Joint statement'."""
        return DOC_TYPES.get(code, code)

    def language_name(self, code: str) -> str:
        """'en' -> 'English'; 'und' -> 'Undetermined'."""
        if code == "und":
            return "Undetermined"
        return self._languages.get(code, code)

    # -- lookups --------------------------------------------------------------

    def resolve_country(self, text: str) -> str | None:
        """The code of a country named by code, name, former name, abbreviation or demonym.

        'Turkey', 'Türkiye', 'turkiye', 'TUR', 'tur' and 'Turkish' all give 'TUR'.
        Capitals are not resolved: a query for "Ankara" means the city.
        """
        if not text or not text.strip():
            return None
        return self._country_lookup.get(_key(text))

    def resolve_organisation(self, text: str) -> str | None:
        """The code of a curated organisation named by code, acronym, name or alias."""
        if not text or not text.strip():
            return None
        found = self._org_lookup.get(_key(text))
        if found:
            return found
        code = slug(text)
        return code if DISCOVERED.name(code) else None

    def resolve_topic(self, text: str) -> str | None:
        """The code of a topic named by code or display name."""
        if not text or not text.strip():
            return None
        return self._topic_lookup.get(_key(text)) or self._topic_lookup.get(text.strip().lower())

    def country_aliases(self, code: str) -> list[str]:
        """English names, abbreviations and demonyms of a country (no capitals), for query expansion."""
        info = self._countries.get(code)
        if info is None:
            return []
        seen: dict[str, None] = {info.name: None}
        for form in [*info.aliases, *info.abbreviations, *info.demonyms]:
            seen.setdefault(form, None)
        return list(seen)

    def all_countries(self) -> list[tuple[str, str]]:
        """(code, display name) of every country and historical state, by name."""
        return sorted(((c, i.name) for c, i in self._countries.items()), key=lambda p: p[1].casefold())

    def all_organisations(self) -> list[tuple[str, str]]:
        """(code, name) of every curated organisation, by name."""
        return sorted(((c, o.name) for c, o in self._organisations.items()), key=lambda p: p[1].casefold())

    def all_topics(self) -> list[tuple[str, str]]:
        """(code, name) of every topic, in vocabulary order."""
        return [(t.code, t.name) for t in self._topics.values()]


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The shared vocabulary, loaded on first use."""
    return Vocabulary()
