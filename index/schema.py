"""The one place that defines what the Whoosh index holds."""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.support.charset import accent_map

# Bump when the schema or analysis changes: a library with another version
# has its index rebuilt from the catalogue on open.
SCHEMA_VERSION = 1

# Facet fields: name in the index -> label shown to people. Values are stable
# codes (ISO alpha-3, organisation codes, topic slugs, years, type codes).
FACET_FIELDS: dict[str, str] = {
    "country": "Country",
    "organisation": "Organisation",
    "topic": "Topic",
    "year": "Year",
    "doc_type": "Type",
    "language": "Language",
}

# Words split at hyphens ("Türkiye-Kazakhstan" holds both names) and keep
# inner dots ("U.S."); digits stay ("G20", years).
_TOKEN_PATTERN = r"\w+(\.?\w+)*"


def stemming_analyzer():
    """Body and title analysis: lower case, accents folded, stop words, stems.

    Folding before stemming makes ``Türkiye`` and ``Turkiye`` the same term.
    """
    return (
        RegexTokenizer(_TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(cachesize=200000)
    )


def folding_analyzer():
    """Unstemmed analysis for exact forms: lower case and accents folded."""
    return RegexTokenizer(_TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def build_schema() -> Schema:
    """Builds the index schema.

    The body is not stored: the catalogue keeps the text, and stored bodies
    would double the index size and slow every commit.
    """
    stemmed = stemming_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=stemmed, stored=True, field_boost=2.0),
        body=TEXT(analyzer=stemmed, phrase=True),
        title_sort=ID(sortable=True),
        date=NUMERIC(int, bits=32, sortable=True, signed=False),
        country=KEYWORD(commas=True, scorable=False),
        central_country=KEYWORD(commas=True, scorable=False),
        organisation=KEYWORD(commas=True, scorable=False),
        topic=KEYWORD(commas=True, scorable=False),
        year=ID,
        doc_type=ID,
        language=ID,
        status=ID,
    )
