"""Reading what people type into the search box: tokens, repairs and field names.

The search box syntax is a little friendlier than Whoosh's own (``-word``,
``type:"joint statement"``, ``date:[2020-01 to 2022-06]``, country names as
values) and must never fail. This module splits the text into tokens that
remember where they came from, repairs what is broken (unclosed quotes and
parentheses, stray operators, unknown fields, bad dates) with a message for
each repair, and leaves turning tokens into Whoosh syntax to ``index.query.parser``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from documents.partial_date import PartialDate
from index.fields import by_query_name

# Text fields people type before a colon -> the index field searched; facet
# fields come from their declarations in index.fields.
TEXT_FIELD_NAMES: dict[str, str] = {
    "title": "title",
    "body": "body",
    "text": "body",
    "date": "date",
    "exact": "exact",
    "note": "note",  # the workbench's notes, searched in the catalogue
    "notes": "note",
}


def field_for(typed: str) -> str | None:
    """The index field a name typed before a colon searches, or None if there is none."""
    typed = typed.lower()
    if typed in TEXT_FIELD_NAMES:
        return TEXT_FIELD_NAMES[typed]
    field = by_query_name(typed)
    return field.name if field else None


BINARY_OPERATORS = ("AND", "OR", "ANDNOT", "ANDMAYBE")
OPERATORS = (*BINARY_OPERATORS, "NOT")

_FIELD = re.compile(r"([^\W\d]\w*):")
_PHRASE = re.compile(r'"([^"]*)("?)(?:~(\d+))?')
_RANGE = re.compile(r"[\[{]([^\]}]*)([\]}]?)")
_WORD = re.compile(r'[^\s()"]+')
_RANGE_SPLIT = re.compile(r"\s+to\s+|^\s*to\s+|\s+to\s*$", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")
_SEARCHABLE = re.compile(r"\w")


@dataclass
class Token:
    """One piece of the query, with its place in the text as typed.

    Attributes:
        kind: ``open``, ``close``, ``op`` or ``term``.
        text: The source text of the whole token.
        start: Offset of the token in the typed text.
        end: Offset just past the token.
        field: Index field of a ``field:`` prefix (or of the group it sits in).
        value: A term's value without field and ``-``: a word, ``"a phrase"~n``
            or a ``[range]``; empty for ``field:(`` group openers.
        negated: The term had a ``-`` in front.
        explicit_field: The field was written on the term itself.
        value_start: Offset of the value in the typed text.
    """

    kind: str
    text: str
    start: int
    end: int
    field: str | None = None
    value: str = ""
    negated: bool = False
    explicit_field: bool = False
    value_start: int = 0

    @property
    def is_phrase(self) -> bool:
        return self.value.startswith('"')

    @property
    def value_span(self) -> tuple[int, int] | None:
        """Where the value is in the typed text, or None once it was rewritten."""
        typed = self.text[self.value_start - self.start :]
        return (self.value_start, self.end) if self.value in (typed, typed + '"') else None

    def phrase_parts(self) -> tuple[str, str | None]:
        """``"a b"~3`` -> ("a b", "3")."""
        match = _PHRASE.fullmatch(self.value)
        if not match:
            return self.value.strip('"'), None
        return match.group(1), match.group(3)


@dataclass
class Lexed:
    """Tokens and the repairs made while reading them."""

    tokens: list[Token]
    messages: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)


def _read_value(text: str, pos: int) -> int:
    """End offset of the value starting at ``pos`` (a phrase, range or word)."""
    if pos >= len(text) or text[pos].isspace() or text[pos] in "()":
        return pos
    if text[pos] == '"':
        return _PHRASE.match(text, pos).end()
    if text[pos] in "[{":
        return _RANGE.match(text, pos).end()
    return _WORD.match(text, pos).end()


def lex(text: str) -> Lexed:
    """Splits typed text into tokens, closing what was left open.

    Field groups (``country:(Turkey OR Kazakhstan)``) give their field to
    every term inside them, so later steps see each value with its field.
    """
    lexed = Lexed([])
    tokens = lexed.tokens
    scopes: list[str | None] = []  # field of each open parenthesis
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace():
            pos += 1
            continue
        if char == "(":
            tokens.append(Token("open", char, pos, pos + 1))
            scopes.append(None)
            pos += 1
            continue
        if char == ")":
            if scopes:
                scopes.pop()
                tokens.append(Token("close", char, pos, pos + 1))
            else:
                lexed.note("A closing parenthesis had no opening one; it was ignored.")
            pos += 1
            continue
        start = pos
        negated = char == "-" and pos + 1 < len(text) and not text[pos + 1].isspace() and text[pos + 1] != "-"
        if negated:
            pos += 1
        if char == "+" and pos + 1 < len(text) and not text[pos + 1].isspace():
            pos += 1  # "+word": words are required anyway
            start = pos
        fieldname = None
        explicit = False
        match = _FIELD.match(text, pos)
        if match:
            fieldname, explicit = match.group(1), True
            pos = match.end()
        if negated and pos < len(text) and text[pos] == "(":
            tokens.append(Token("op", "NOT", start, start + 1))  # "-(a OR b)"
            continue
        if explicit and pos < len(text) and text[pos] == "(":
            if negated:
                tokens.append(Token("op", "NOT", start, start + 1))
            tokens.append(Token("open", text[start : pos + 1], pos, pos + 1, field=fieldname.lower()))
            scopes.append(fieldname.lower())
            pos += 1
            continue
        end = _read_value(text, pos)
        value = text[pos:end]
        if value.startswith('"') and (len(value) < 2 or '"' not in value[1:]):
            lexed.note("A quotation mark was not closed; the phrase runs to the end of the query.")
            value = value + '"'
        if value in OPERATORS and not explicit and not negated:
            tokens.append(Token("op", value, start, end))
        else:
            inherited = fieldname or next((f for f in reversed(scopes) if f), None)
            tokens.append(Token("term", text[start:end], start, end, inherited and inherited.lower(), value,
                                negated, explicit, pos))
        pos = end  # a prefix, a field or a value was consumed, so this always advances
    if scopes:
        lexed.note("A parenthesis was not closed; it was closed at the end of the query.")
        tokens.extend(Token("close", ")", len(text), len(text)) for _ in scopes)
    return lexed


def check_fields(lexed: Lexed) -> None:
    """Maps typed field names to index fields; unknown fields search their value as words."""
    for token in lexed.tokens:
        if token.kind not in ("term", "open") or token.field is None:
            continue
        known = field_for(token.field)
        if known is None:
            lexed.note(f"There is no field \u201c{token.field}:\u201d; its words were searched everywhere.")
        token.field = known


def date_range(value: str) -> tuple[int | None, int | None] | None:
    """``[2020-01 to 2022-06]`` or ``2022`` -> numbers for the ``date`` field, None if unreadable."""
    if value[:1] in "[{":
        inner = value[1:].rstrip("]}")
        parts = _RANGE_SPLIT.split(inner, maxsplit=1) if _RANGE_SPLIT.search(inner) else [inner]
        if len(parts) != 2:
            return None
        low_text, high_text = (part.strip() for part in parts)
        low = _bounds(low_text) if low_text else (None, None)
        high = _bounds(high_text) if high_text else (None, None)
        if low is None or high is None or (low_text == high_text == ""):
            return None
        return low[0], high[1]
    return _bounds(value.strip('"'))


def _bounds(text: str) -> tuple[int, int] | None:
    parsed = PartialDate.parse(text)
    return parsed.bounds if parsed else None


def check_values(lexed: Lexed) -> None:
    """Drops terms that cannot be searched as written, saying why.

    Empty field values, unreadable dates and years, lone punctuation and
    wildcards with too little before them (``*``, ``a*`` would read the
    whole word list) are removed; the rest of the query still runs.
    """
    kept = []
    for token in lexed.tokens:
        if token.kind != "term":
            kept.append(token)
            continue
        shown = token.text.strip()
        if not token.value or token.value == '""':
            if token.explicit_field:
                lexed.note(f"\u201c{shown}\u201d has nothing after the colon; it was ignored.")
            continue
        if token.field == "date":
            if date_range(token.value) is None:
                lexed.note(f"The date in \u201c{shown}\u201d could not be read (write 2022, 2022-06 or "
                           "2022-06-30, or a range such as [2020-01 to 2022-06]); it was ignored.")
                continue
        elif token.field == "year" and not token.value.startswith("["):
            if not _YEAR.fullmatch(token.value.strip('"')):
                lexed.note(f"\u201c{shown}\u201d is not a year such as 2022; it was ignored.")
                continue
        elif not token.is_phrase and not token.value.startswith(("[", "{")):
            if token.value.strip("*?") == "" and token.value:
                lexed.note(f"\u201c{shown}\u201d on its own means every statement; it was left out.")
                continue
            if not _SEARCHABLE.search(token.value):
                lexed.note(f"\u201c{shown}\u201d has no letters or digits to search; it was ignored.")
                continue
            stem = re.split(r"[*?]", token.value, maxsplit=1)[0]
            if stem != token.value and len(stem) < 2:
                lexed.note(f"A wildcard needs at least two letters before it (\u201cneg*\u201d); "
                           f"\u201c{shown}\u201d was searched without it.")
                token.value = re.sub(r"[*?]", "", token.value)
                if not _SEARCHABLE.search(token.value):
                    continue
        kept.append(token)
    lexed.tokens[:] = kept


def _opens_operand(token: Token | None) -> bool:
    return token is not None and (token.kind in ("term", "open") or (token.kind == "op" and token.text == "NOT"))


def _closes_operand(token: Token | None) -> bool:
    return token is not None and token.kind in ("term", "close")


def check_operators(lexed: Lexed) -> None:
    """Removes operators without operands and empty parentheses, saying so."""
    tokens = lexed.tokens
    changed = True
    while changed:
        changed = False
        for index, token in enumerate(tokens):
            before = tokens[index - 1] if index else None
            after = tokens[index + 1] if index + 1 < len(tokens) else None
            if token.kind == "op":
                if token.text == "NOT":
                    valid = _opens_operand(after) and after.kind != "op"
                    problem = "\u201cNOT\u201d needs something after it to exclude; it was ignored."
                else:
                    valid = _closes_operand(before) and _opens_operand(after)
                    problem = f"\u201c{token.text}\u201d needs something to search on both sides; it was ignored."
                if not valid:
                    lexed.note(problem)
                    del tokens[index]
                    changed = True
                    break
            elif token.kind == "open" and after is not None and after.kind == "close":
                del tokens[index : index + 2]
                changed = True
                break
