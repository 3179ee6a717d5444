"""Metadata extraction: countries, organisations, topics, date, document type and language.

Plain Python (no Qt, no Whoosh). Build one :class:`Extractor` (or use
:func:`default_extractor`) and call :meth:`Extractor.extract` per statement; use
:func:`vocabulary` for display names and lookups of the codes it returns.
"""

from documents.extract.engine import DateGuess, Extraction, Extractor, default_extractor
from documents.extract.gazetteer import GazetteerError
from documents.extract.vocabulary import Vocabulary, vocabulary

__all__ = [
    "DateGuess",
    "Extraction",
    "Extractor",
    "GazetteerError",
    "Vocabulary",
    "default_extractor",
    "vocabulary",
]
