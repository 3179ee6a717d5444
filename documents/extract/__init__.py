"""Metadata extraction: countries, organisations, topics, date, document type and language.

Plain Python (no Qt, no Whoosh). Build one :class:`Extractor` (or use
:func:`default_extractor`) and call :meth:`Extractor.extract` per statement; use
:func:`vocabulary` for display names and lookups of the codes it returns.
"""

from documents.extract.engine import DateGuess, Extraction, Extractor, default_extractor
from documents.extract.gazetteer import GazetteerError, load_countries, load_organisations
from documents.extract.topics import load_ignored_phrases, load_topics
from documents.extract.vocabulary import Vocabulary, vocabulary


def reload_vocabularies() -> None:
    """Forgets the loaded gazetteers, topics, vocabulary and default extractor.

    They are read from ``resources/`` on first use and kept; after the files
    were edited (or a test replaced them), the next use reads them again.
    """
    for cached in (load_countries, load_organisations, load_topics, load_ignored_phrases, vocabulary,
                   default_extractor):
        cached.cache_clear()

__all__ = [
    "DateGuess",
    "Extraction",
    "Extractor",
    "GazetteerError",
    "Vocabulary",
    "default_extractor",
    "reload_vocabularies",
    "vocabulary",
]
