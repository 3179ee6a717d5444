"""The query side of how people write: abbreviations, possessives, compounds and quotes.

The index applies the rules of :mod:`index.backend.analysis`; a query must
meet it halfway. Query words reach the analyser one at a time, so what spans
words is handled here: ``U S`` typed as two words is the abbreviation ``US``,
a lone ``s`` (``Iraq s``) is the remains of a possessive, ``US-ROK`` means the
words in that order (or written as one), and a word written as one
(``nonproliferation``, ``cooperation``) also finds it hyphenated
(``non-proliferation``, ``co-operation``) where the archive never writes
it as one. ``Iraqs`` in a phrase is read as
``Iraq`` only where no statement says "Iraqs" and some say "Iraq".
"""

from __future__ import annotations

import re
from dataclasses import replace

from whoosh import query as wq

from index.backend.analysis import ABBREVIATION, POSSESSIVE, TOKEN_PATTERN, word_form
from index.backend.schema import EXACT_FIELD, folding_analyzer
from index.query.syntax import Token

# Straight and typographic quotation marks are one mark in the query language.
QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
                        "\u2033": '"', "\uff02": '"'})
MIN_SPLIT = 2  # letters in each half of a word written as one
MIN_JOINED = 6  # shorter words are not tried as compounds ("into" is not "in to")

_folding = folding_analyzer()
_abbreviation = re.compile(ABBREVIATION)
_token = re.compile(TOKEN_PATTERN)
_single_letter = re.compile(r"[^\W\d_]\.?")


def straighten_quotes(text: str) -> str:
    """Typographic double quotes become straight ones (same length, so offsets stay)."""
    return text.translate(QUOTES)


def _is_plain(token: Token) -> bool:
    return (token.kind == "term" and token.field is None and not token.is_phrase and not token.negated
            and not re.search(r"[*?~^]", token.value))


def normalise_tokens(tokens: list[Token]) -> list[Token]:
    """Joins single letters typed apart into abbreviations (``U S`` -> ``US``) and drops lone possessive ``s``."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if _is_plain(token) and _single_letter.fullmatch(token.value) and token.value[0].isupper():
            run = index + 1
            while run < len(tokens) and _is_plain(tokens[run]) and _single_letter.fullmatch(tokens[run].value) \
                    and tokens[run].value[0].isupper():
                run += 1
            if run - index >= 2:
                letters = "".join(t.value[0] for t in tokens[index:run])
                last = tokens[run - 1]
                out.append(replace(token, text=letters, end=last.end, value=letters))
                index = run
                continue
        if _is_plain(token) and token.value.lower() == POSSESSIVE and out and out[-1].kind == "term":
            index += 1  # "Iraq s": the apostrophe was lost, the word is Iraq
            continue
        out.append(token)
        index += 1
    return out


def _has(reader, word: str) -> bool:
    return reader is not None and bool(reader.doc_frequency(EXACT_FIELD, word))


def _exact_phrase_exists(searcher, words: list[str]) -> bool:
    return searcher is not None and wq.Phrase(EXACT_FIELD, words).matcher(searcher).is_active()


def _split(word: str, searcher) -> list[str] | None:
    """``nonproliferation`` -> ``["non", "proliferation"]`` when no statement writes it as one word but some
    write it in two, else None."""
    if searcher is None or len(word) < MIN_JOINED or not word.isalpha():
        return None
    reader = searcher.reader()
    if _has(reader, word):
        return None  # written as one word somewhere: the word itself is what was meant
    for cut in range(MIN_SPLIT, len(word) - MIN_SPLIT + 1):
        head, tail = word[:cut], word[cut:]
        if _has(reader, head) and _has(reader, tail) and _exact_phrase_exists(searcher, [head, tail]):
            return [head, tail]
    return None


def word_syntax(value: str, searcher) -> str | None:
    """Whoosh syntax for one plain word as typed, or None when it is nothing to search (a lone "s").

    Args:
        value: The word, with Whoosh's syntax characters already neutralised.
        searcher: The current searcher (for compounds written as one word), or None.
    """
    if _abbreviation.fullmatch(value):
        return word_form(value)[0].upper()  # "U.S." -> "US": the analyser keeps it, and Whoosh keeps it whole
    forms = [token.text for token in _folding(value)]
    if not forms:
        return None
    if len(forms) > 1:
        # "US-ROK", "co-operation": the parts in that order, or written as one word. The
        # parts keep the forms typed, so that the analyser still knows "US" from "us".
        surfaces = [m.group(0) for m in _token.finditer(value) if word_form(m.group(0))[0] != POSSESSIVE]
        phrase = " ".join(surfaces)
        joined = "".join(forms)
        alternatives = [f'title:"{phrase}"', f'body:"{phrase}"']
        if searcher is None or _has(searcher.reader(), joined):
            alternatives.append(joined)
        return "(" + " OR ".join(alternatives) + ")"
    parts = _split(forms[0], searcher)
    if parts:
        return f'({value} OR {EXACT_FIELD}:"{" ".join(parts)}")'
    return value


def phrase_words(phrase: str, reader) -> str:
    """A phrase's words as the exact field holds them, a plural possessive read as the word where unambiguous."""
    words = []
    for token in _folding(phrase):
        word = token.text
        if word.endswith("s") and len(word) > 3 and reader is not None and not _has(reader, word) \
                and _has(reader, word[:-1]):
            word = word[:-1]  # "Iraqs": no statement says it, some say "Iraq"
        words.append(word)
    return " ".join(words)
