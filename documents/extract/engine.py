"""The extractor: one pass of every vocabulary over a statement, and the Extraction it yields."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from documents.extract.countries import CountryRules, country_mentions
from documents.extract.dates import DateFinder
from documents.extract.discovery import INSTITUTION_NOUNS, DiscoveredRegistry, discover
from documents.extract.doctype import detect_doc_type
from documents.extract.entities import Sighting, lead_end, tally
from documents.extract.eras import EraRules, era_day, today
from documents.extract.gazetteer import (
    Entry,
    OrganisationGazetteer,
    load_countries,
    load_organisations,
    organisation_entries,
)
from documents.extract.language import LanguageDetector
from documents.extract.matcher import Match, PhraseMatcher, PreparedText, leftmost_longest
from documents.extract.own_date import OwnDate, file_name_year, own_date
from documents.extract.topics import TopicScorer, load_ignored_phrases, load_topics
from documents.statement import Entity

# Process-wide memory of discovered bodies, so their codes can be shown as names.
DISCOVERED = DiscoveredRegistry()


@dataclass
class DateGuess:
    """A date found in a statement's text.

    Attributes:
        value: ISO ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY``).
        source: ``text`` here (``title`` when read from the title); callers set
            ``front matter``, ``sidecar``... themselves.
        confidence: 0..1.
        end: End of a range such as "Oct. 12-13 2022". A statement reporting a meeting of
            several days is issued on its last (a communiqué is adopted as the meeting ends),
            so ``value`` is then the last day too and ``range_start`` the first.
        matched: The text that matched.
        kind: What made it the statement's own: ``closing formula``, ``dateline``,
            ``signature``, ``adopted``, ``letter``, ``press header``, ``title``, ``today``,
            ``signed`` or one of the event kinds (``opening event``, ``event``, ``lead event``).
        span: ``(start, end)`` of the phrase in the text; None when it is in the title.
        year_from: Where the year of a date written without one came from
            (``metadata``, ``file name`` or ``context``), else None.
        range_start: First day of a range, else None.
    """

    value: str
    source: str
    confidence: float
    end: str | None = None
    matched: str = ""
    kind: str = ""
    span: tuple[int, int] | None = None
    year_from: str | None = None
    range_start: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one statement.

    Attributes:
        countries: Most central, then most frequent, first.
        organisations: Curated and discovered bodies, in the same order.
        topics: Highest score first.
        date: The statement's date as found in its text, or None.
        doc_type: A code of :data:`documents.extract.doctype.DOC_TYPES`.
        language: ISO 639-1 code, or ``und``.
        date_reason: Why no date was found in the text, when none was.
        era_as_of: The date countries were read as of (the statement's, or today's).
        era_basis: What ``era_as_of`` is: ``metadata`` (the date given beside the file),
            ``text`` (the date found in the text) or ``today`` (the statement is undated,
            so names were read as they are today).
        era_readings: Mentions read differently than today ("Belgrade, 1918-2003: Yugoslavia").
    """

    countries: list[Entity]
    organisations: list[Entity]
    topics: list[Entity]
    date: DateGuess | None
    doc_type: str
    language: str
    date_reason: str | None = None
    era_as_of: str | None = None
    era_basis: str = ""
    era_readings: list[str] = field(default_factory=list)


def _opens_with_capital(norm: str, match: Match, entry: Entry) -> bool:
    """Names are written with a capital: "turkey" the bird and "chad" the word are not countries."""
    start = match.start
    if norm[start : start + 4].lower() == "the " and entry.form[:4].lower() == "the ":
        start += 4
    return not norm[start].islower()


def _in_capitals_line(norm: str, match: Match) -> bool:
    """True inside an all-capitals stretch, where "WHO" may be the pronoun."""
    window = norm[max(0, match.start - 30) : match.end + 30]
    letters = [c for c in window if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) / len(letters) > 0.9


class Extractor:
    """Extracts countries, organisations, topics, date, type and language from statements.

    Loading the vocabularies is the slow part, so build one and reuse it (see
    :func:`default_extractor`); :meth:`extract` only reads shared state and may be
    called from several threads.

    Args:
        capitals_as_countries: Count capitals used as metonyms ("Ankara and Astana
            agreed") as mentions of their countries.
    """

    def __init__(self, capitals_as_countries: bool = True) -> None:
        self.capitals_as_countries = capitals_as_countries
        countries = load_countries()
        self._countries = countries.countries
        self._rules = CountryRules(countries)
        self._eras = EraRules(countries.eras)
        self._organisations: OrganisationGazetteer = load_organisations()
        org_names, org_acronyms = organisation_entries(self._organisations)
        ci_rows = [
            (e.form, e) for e in countries.patterns_ci if capitals_as_countries or e.kind != "capital"
        ]
        self._ci = PhraseMatcher(ci_rows + org_names)
        self._cs = PhraseMatcher([(e.form, e) for e in countries.patterns_cs] + org_acronyms, case_sensitive=True)
        # Country names (not adjectives): no body is named just that, and a pair of them
        # may open a bilateral body's name ("Türkiye-Kazakhstan").
        self._country_forms = frozenset(
            e.form.casefold() for e in countries.patterns_ci if e.kind in ("name", "alias", "former", "foreign", "part")
        )
        self._known_org_names = {
            form.casefold(): org.code
            for org in self._organisations.organisations.values()
            for form in [org.name, *org.aliases]
        }
        self._known_org_words = frozenset(
            word for name in self._known_org_names for word in name.split() if len(word) > 2
        ) | frozenset(noun.lower() for noun in INSTITUTION_NOUNS)
        self._known_acronyms = {a for org in self._organisations.organisations.values() for a in org.acronyms}
        self._known_acronyms |= set(self._organisations.organisations)
        self._topics = TopicScorer(load_topics(), load_ignored_phrases())
        self._dates = DateFinder()
        self._language = LanguageDetector()

    # -- scanning -------------------------------------------------------------

    def _scan(self, prepared: PreparedText) -> list[tuple[Match, Entry]]:
        """Every accepted vocabulary match, the longest of overlapping ones kept."""
        norm = prepared.norm
        candidates = [
            m
            for m in self._ci.find_all(prepared)
            if m.payload.group == "block" or _opens_with_capital(norm, m, m.payload)
        ]
        for m in self._cs.find_all(prepared):
            if m.payload.form in self._organisations.word_acronyms and _in_capitals_line(norm, m):
                continue
            candidates.append(m)
        return [(m, m.payload) for m in leftmost_longest(candidates)]

    def _organisation_sightings(
        self, prepared: PreparedText, matches: list[tuple[Match, Entry]], in_title: bool
    ) -> list[Sighting]:
        sightings = []
        taken = []
        for match, entry in matches:
            if entry.group != "organisation":
                continue
            taken.append((match.start, match.end))
            span = None if in_title else (match.start, match.end)
            sightings.append(Sighting(entry.code, span, prepared.norm[match.start : match.end]))
        found = discover(prepared.norm, taken, self._known_org_names, self._known_acronyms, self._country_forms,
                         self._known_org_words)
        for body in found:
            DISCOVERED.remember(body.code, body.name)
            for span, surface in zip(body.spans, body.surfaces, strict=True):
                sightings.append(Sighting(body.code, None if in_title else span, surface))
        return sightings

    # -- entities -------------------------------------------------------------

    def _country_entity(self, code: str) -> Entity:
        info = self._countries.get(code)
        if info is None:
            return Entity(code=code, name=code)
        return Entity(code=code, name=info.name, successor=info.successor)

    def _organisation_entity(self, code: str) -> Entity:
        info = self._organisations.organisations.get(code)
        if info is not None:
            return Entity(code=code, name=info.name)
        return Entity(code=code, name=DISCOVERED.name(code) or code, discovered=True)

    # -- public ---------------------------------------------------------------

    def _date(self, body: PreparedText, head: PreparedText | None, as_of: str | None,
              file_name: str | None, doc_type: str) -> tuple[DateGuess | None, OwnDate]:
        found = self._dates.find(body)
        in_title = self._dates.find(head, title=True) if head is not None else []
        year_hint = None
        if as_of and as_of[:4].isdigit():
            year_hint = (int(as_of[:4]), "metadata")
        elif (year := file_name_year(file_name)) is not None:
            year_hint = (year, "file name")
        own = own_date(found, in_title, body.norm, year_hint, speech=doc_type == "speech")
        if own.found is None:
            return None, own
        item = own.found
        span = None if own.in_title else body.span(item.start, item.stop)
        guess = DateGuess(item.end or item.value, "title" if own.in_title else "text", item.confidence, item.end,
                          item.matched, item.kind, span, own.year_from, item.value if item.end else None)
        return guess, own

    def extract(self, text: str, title: str | None = None, as_of: str | None = None,
                file_name: str | None = None) -> Extraction:
        """Extracts a statement's metadata.

        Args:
            text: The full plain text. Every offset returned points into it.
            title: The title, if known. Its mentions count toward an entity's count
                and make it central, but carry no offsets.
            as_of: The statement's date when known from beside the file (ISO, or a
                year): countries are read as of it, and a date the text gives
                without a year takes its year. Otherwise the text's own date is used,
                and an undated statement is read as of today.
            file_name: The file's name, whose year completes a date written without one.

        Returns:
            The :class:`Extraction`.
        """
        body = PreparedText(text)
        head = PreparedText(title) if title else None
        lead = lead_end(text)
        doc_type = detect_doc_type(title, text, body.lower)
        date_guess, own = self._date(body, head, as_of, file_name, doc_type)
        era_value = as_of or (date_guess.value if date_guess else None)
        day = era_day(era_value)
        basis = "metadata" if as_of else "text"
        if day is None:
            day, basis = today(), "today"
            era_value = f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"
        readings: list[str] = []

        body_matches = self._scan(body)
        body_countries = country_mentions(body, body_matches, self._rules, (), self._eras, day, readings)
        country_sightings = [Sighting(m.code, (m.start, m.end), m.surface) for m in body_countries]
        org_sightings = self._organisation_sightings(body, body_matches, in_title=False)
        read_as_then = [m for m in body_countries if m.era and m.code != m.today]
        if head is not None:
            head_matches = self._scan(head)
            named = tuple(dict.fromkeys(m.code for m in body_countries))
            for m in country_mentions(head, head_matches, self._rules, named, self._eras, day, readings):
                country_sightings.append(Sighting(m.code, None, m.surface))
                if m.era and m.code != m.today:
                    read_as_then.append(m)
            org_sightings += self._organisation_sightings(head, head_matches, in_title=True)
        for mention in read_as_then:
            readings.append(f"{mention.era}: {self._country_entity(mention.code).name}")

        return Extraction(
            countries=tally(country_sightings, body, lead, self._country_entity),
            organisations=tally(org_sightings, body, lead, self._organisation_entity),
            topics=self._topics.score(body, head, lead),
            date=date_guess,
            doc_type=doc_type,
            language=self._language.detect(text),
            date_reason=own.reason,
            era_as_of=era_value,
            era_basis=basis,
            era_readings=list(dict.fromkeys(readings)),
        )


@functools.lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The shared extractor (capitals count as countries), built on first use."""
    return Extractor()
