"""Which kinds of hostile file each format gets, and how many, to reach the files asked for per format."""

from __future__ import annotations

from collections.abc import Callable

from hostile import archive_kinds, generators, pdf_kinds, text_kinds
from hostile.corpus import FORMATS, Corpus

# (kind, formats, generator): the kinds only some formats can be.
SPECIFIC: list[tuple[str, frozenset[str], Callable[[Corpus, str], None]]] = [
    ("encrypted", frozenset({".pdf"}), pdf_kinds.encrypted),
    ("page bomb", frozenset({".pdf"}), pdf_kinds.page_bombs),
    ("deep graph", frozenset({".pdf"}), pdf_kinds.deep_graphs),
    ("zip bomb", frozenset({".docx", ".odt"}), archive_kinds.zip_bombs),
    ("xml entities", frozenset({".docx", ".odt", ".html", ".htm"}), archive_kinds.xml_entities),
    ("markup bomb", frozenset({".html", ".htm"}), text_kinds.markup_bombs),
    ("mime bomb", frozenset({".eml"}), text_kinds.mime_bombs),
    ("rtf bomb", frozenset({".rtf"}), text_kinds.rtf_bombs),
    ("md nesting", frozenset({".md", ".markdown"}), text_kinds.markdown_nesting),
    ("front matter", frozenset({".md", ".markdown"}), text_kinds.front_matter),
    ("huge line", frozenset({".txt", ".md", ".markdown"}), text_kinds.huge_lines),
]
CHURN_FILES = (2, 10)  # per format: quick, full
MIN_DAMAGED = (4, 40)  # truncated plus corrupted files per format at least: quick, full


def build(corpus: Corpus, per_format: int) -> None:
    """Writes every kind for every format, then cut and damaged files until each format has ``per_format``."""
    quick = 0 if corpus.quick else 1
    for fmt in FORMATS:
        before = len(corpus.entries)
        generators.empty(corpus, fmt)
        generators.wrong_extension(corpus, fmt)
        generators.bad_encoding(corpus, fmt)
        generators.hostile_names(corpus, fmt)
        generators.fs_specials(corpus, fmt)
        generators.churn(corpus, fmt, CHURN_FILES[quick])
        for _kind, formats, generate in SPECIFIC:
            if fmt in formats:
                generate(corpus, fmt)
        damaged = max(per_format - (len(corpus.entries) - before), MIN_DAMAGED[quick])
        generators.truncated(corpus, fmt, (damaged + 1) // 2)
        generators.corrupted(corpus, fmt, damaged // 2)
