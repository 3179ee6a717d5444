"""The one place that defines what the Whoosh index holds."""

from __future__ import annotations

import re

from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from index.analysis import FoldingTokenizer

# Bump when the schema or analysis changes: a library with another version
# has its index rebuilt from the catalogue on open.
SCHEMA_VERSION = 3

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

def stemming_analyzer():
    """Body and title analysis: lower case, accents folded, stop words out, Porter stems.

    Folding before stemming makes ``Türkiye`` and ``Turkiye`` the same term.
    One fused pass (see :mod:`index.analysis`) gives the same terms as
    Whoosh's tokenizer | lowercase | charset | stop | stem chain, faster.
    """
    return FoldingTokenizer(stem=True)


def folding_analyzer():
    """Unstemmed analysis for exact forms: lower case and accents folded, stop words kept."""
    return FoldingTokenizer(stem=False)


def build_schema() -> Schema:
    """Builds the index schema.

    The body is not stored: the catalogue keeps the text, and stored bodies
    would double the index size and slow every commit.

    ``exact`` holds title and body again, unstemmed and without stop words
    removed: quoted phrases, wildcards, fuzzy terms, spelling suggestions and
    word completion need the forms people actually wrote ("Turkish Maarif
    Foundation", "negotiat*"), which the stemmed fields no longer hold.
    """
    stemmed = stemming_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=stemmed, stored=True, field_boost=2.0),
        body=TEXT(analyzer=stemmed, phrase=True),
        exact=TEXT(analyzer=folding_analyzer(), phrase=True),
        title_sort=ID(sortable=True),
        date=NUMERIC(int, bits=32, sortable=True, signed=False),  # 20221013; see date_bounds()
        country=KEYWORD(commas=True, scorable=False),
        central_country=KEYWORD(commas=True, scorable=False),
        organisation=KEYWORD(commas=True, scorable=False),
        topic=KEYWORD(commas=True, scorable=False),
        year=ID,
        doc_type=ID,
        language=ID,
        status=ID,
    )


# ``2022``, ``2022-10`` or ``2022-10-13`` (also with "/" or "." between parts).
_ISO_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


def date_bounds(text: str) -> tuple[int, int] | None:
    """The ``date`` field range a partial ISO date covers, or None if it is not one.

    Dates are indexed as ``YYYYMMDD`` numbers with missing parts as zeros, so
    ``2022-06`` covers 20220600..20220699 and ``2022`` covers 20220000..20229999:
    a document dated only by its year or month falls inside its own year or
    month.
    """
    match = _ISO_DATE.fullmatch(text.strip())
    if not match:
        return None
    year, month, day = (int(part) if part else 0 for part in match.groups())
    if not 1000 <= year <= 2999 or month > 12 or day > 31 or (day and not month):
        return None
    if not month:
        return year * 10000, year * 10000 + 9999
    if not day:
        return year * 10000 + month * 100, year * 10000 + month * 100 + 99
    number = year * 10000 + month * 100 + day
    return number, number
