"""Turns what a person types into a Whoosh query, never raising on bad syntax."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.qparser import AndGroup, FieldAliasPlugin, FuzzyTermPlugin, MultifieldParser

from documents.extract import vocabulary

log = logging.getLogger("chancery.index")

TEXT_FIELDS = ("title", "body")

# What people type -> index field. Facet fields hold codes; names resolve below.
FIELD_ALIASES = {
    "country": ["countries", "land"],
    "organisation": ["org", "organization", "orgs"],
    "topic": ["topics", "subject"],
    "doc_type": ["type", "kind"],
    "language": ["lang"],
}

_SPECIALS = re.compile(r'[()"\[\]{}:^~*?+\-!]')


@dataclass
class ParsedQuery:
    """A parsed query and what the user should be told about it.

    Attributes:
        query: The Whoosh query (``Every`` for an empty search).
        messages: Problems found and how they were handled.
        is_empty: True when the user typed nothing searchable.
    """

    query: wq.Query
    messages: list[str] = field(default_factory=list)
    is_empty: bool = False


def _resolver(fieldname: str):
    vocab = vocabulary()
    return {
        "country": vocab.resolve_country,
        "central_country": vocab.resolve_country,
        "organisation": vocab.resolve_organisation,
        "topic": vocab.resolve_topic,
    }.get(fieldname)


def _resolve_codes(node: wq.Query, messages: list[str]) -> wq.Query:
    """Replaces names in facet-field terms by codes (``country:Turkey`` -> TUR)."""
    if isinstance(node, wq.Term) and (resolve := _resolver(node.fieldname)):
        code = resolve(str(node.text))
        if code is None:
            messages.append(f"Unknown {node.fieldname} \u201c{node.text}\u201d: nothing matches it.")
            return node
        return wq.Term(node.fieldname, code)
    if isinstance(node, wq.Term) and node.fieldname == "doc_type":
        return wq.Term("doc_type", str(node.text).casefold().replace(" ", "_").replace("-", "_"))
    return node.apply(lambda child: _resolve_codes(child, messages))


def _parser(schema) -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), schema, group=AndGroup)
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(FuzzyTermPlugin())
    return parser


def _balanced(text: str) -> tuple[str, list[str]]:
    """Closes unbalanced quotes and parentheses, saying so."""
    messages = []
    if text.count('"') % 2:
        text = text + '"'
        messages.append("A quotation mark was not closed; the phrase runs to the end of the query.")
    depth = 0
    kept = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                messages.append("A closing parenthesis had no opening one; it was ignored.")
                continue
            depth -= 1
        kept.append(ch)
    if depth:
        messages.append("A parenthesis was not closed; it was closed at the end of the query.")
    return "".join(kept) + ")" * depth, messages


def parse_query(text: str, schema) -> ParsedQuery:
    """Parses a search-box query.

    Words combine with AND; phrases, OR, NOT, parentheses, wildcards, fuzzy
    terms (``word~``) and field searches (``country:TUR``, ``org:OTS``,
    ``topic:trade``, ``type:readout``, ``lang:en``, ``year:2022``) work as in
    the README. Broken syntax is repaired and reported in ``messages``.
    """
    text = (text or "").strip()
    if not text:
        return ParsedQuery(wq.Every(), is_empty=True)
    repaired, messages = _balanced(text)
    try:
        parsed = _parser(schema).parse(repaired)
    except Exception as exc:  # the parser can choke on odd input; fall back to words
        log.info("query %r fell back to plain words: %s", text, exc)
        words = _SPECIALS.sub(" ", text)
        messages.append("The query could not be read as written; its words were searched instead.")
        parsed = _parser(schema).parse(words)
    if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
        return ParsedQuery(wq.Every(), messages=messages, is_empty=True)
    return ParsedQuery(_resolve_codes(parsed, messages), messages=messages)


def _positive_leaves(node: wq.Query):
    """Leaves of a query tree, skipping negated branches (they are not hits)."""
    if isinstance(node, wq.Not):
        return
    if isinstance(node, wq.AndNot):
        yield from _positive_leaves(node.a)
        return
    if node.is_leaf():
        yield node
        return
    for child in node.children():
        yield from _positive_leaves(child)


def highlight_terms(parsed: wq.Query, reader) -> set[str]:
    """The analysed body/title terms a query matches, wildcards expanded.

    Walks the leaves itself: ``Query.existing_terms`` in this Whoosh release
    drops every leaf after the first field it sees.
    """
    terms: set[str] = set()
    for leaf in _positive_leaves(parsed):
        try:
            pairs = leaf.expanded_terms(reader, phrases=True)
        except Exception:  # a leaf type without expansion: use its literal terms
            pairs = leaf.terms(phrases=True)
        for fieldname, value in pairs:
            if fieldname in TEXT_FIELDS:
                terms.add(value.decode("utf-8") if isinstance(value, bytes) else str(value))
    return terms
