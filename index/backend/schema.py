"""The one place that defines what the Whoosh index holds."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from index.backend.analysis import FoldingTokenizer
from index.backend.positions import GapPositions
from index.backend.word_pairs import PAIR_FIELD, PAIRS
from index.fields import index_fields, schema_stamp

# Bump when the schema or analysis changes: a library with another version
# has its index rebuilt from the catalogue on open. 4: the writing rules of
# index.backend.analysis (abbreviations, possessives, numbers split at dots).
# 5: the stemmed body without positions (phrases are matched on the exact forms).
# 6: positions as variable-length gaps (index.backend.positions); pairs of common
# words as terms (index.backend.word_pairs, resources/index/common_words.txt).
SCHEMA_VERSION = 6
# Text fields, which are not facets.
TEXT_FIELDS = ("title", "body")
EXACT_FIELD = "exact"


def index_version() -> str:
    """The version stamp a library stores with its index: the schema version and the facet fields.

    A library whose stamp differs (a new release, a facet field added) is
    re-indexed from the catalogue when it opens.
    """
    return f"{SCHEMA_VERSION}:{schema_stamp()}"

def stemming_analyzer():
    """Body and title analysis: lower case, accents folded, stop words out, Porter stems.

    Folding before stemming makes ``Türkiye`` and ``Turkiye`` the same term.
    One fused pass (see :mod:`index.backend.analysis`) gives the same terms as
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

    So the stemmed body keeps word counts but no positions: every phrase,
    ``body:"..."`` included, is matched on ``exact``, and positions in the body
    would cost a third of the index. Its positions are stored as
    variable-length gaps (:mod:`index.backend.positions`), and the adjacent
    pairs of common words again as terms of their own (:data:`PAIR_FIELD`,
    :mod:`index.backend.word_pairs`), so a phrase of common words is read
    like one word.
    """
    stemmed = stemming_analyzer()
    facets = {
        field.name: KEYWORD(commas=True, scorable=False) if field.multi else ID for field in index_fields()
    }
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=stemmed, stored=True, field_boost=2.0),
        body=TEXT(analyzer=stemmed, phrase=False),
        exact=_exact_field(),
        **{PAIR_FIELD: PAIRS()},
        title_sort=ID(sortable=True),
        date=NUMERIC(int, bits=32, sortable=True, signed=False),  # 20221013; see documents.partial_date
        status=ID,
        **facets,
    )


def _exact_field() -> TEXT:
    """The exact forms, with positions stored as gaps (see :func:`build_schema`)."""
    field = TEXT(analyzer=folding_analyzer(), phrase=True)
    field.format = GapPositions(field_boost=field.format.field_boost)
    return field
