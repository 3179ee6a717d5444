"""Turns what a person types into a Whoosh query, never raising on bad syntax.

The query language (see ``docs/query-language.md``): words combine with AND;
``"phrases"`` (with ``~N`` for proximity), ``OR``, ``NOT`` or ``-``,
parentheses, wildcards (``negotiat*``), fuzzy words (``sanctoins~``) and
field searches (``title:``, ``country:``, ``org:``, ``topic:``, ``type:``,
``lang:``, ``year:``, ``date:[2020-01 to 2022-06]``). Words search the
stemmed title and body; phrases, wildcards and fuzzy words search the
unstemmed ``exact`` field so that they match the forms written.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.qparser import AndGroup, FuzzyTermPlugin, MultifieldParser

from index.backend.lexicon import word_index
from index.backend.schema import EXACT_FIELD, TEXT_FIELDS, stemming_analyzer
from index.backend.terms import term_text
from index.fields import facet_field
from index.query.bounds import bound_patterns
from index.query.country_aliases import Expansion, find_expansions, name_words
from index.query.syntax import (
    Lexed,
    Token,
    check_fields,
    check_operators,
    check_values,
    date_range,
    lex,
)
from index.query.values import KnownValues, resolve_value
from index.query.writing import normalise_tokens, phrase_words, straighten_quotes, word_syntax

log = logging.getLogger("chancery.index")

SPELLING_FIELD = EXACT_FIELD
NOTE_FIELD = "note"
# Conditions on the workbench (tag:…, note:…) are not in the index: the parser
# leaves a term on "id" with this prefix, and the engine puts their document sets there.
PLACEHOLDER = "__workbench_condition_"
# The nearest words a fuzzy word searches; more only slow the search down.
MAX_FUZZY_WORDS = 50

_FUZZY = re.compile(r"^(?P<base>[^~]+)~(?P<dist>\d)?(?P<prefix>/\d+)?$")
_BOOST = re.compile(r"^(?P<word>.+)\^(?P<boost>\d+(?:\.\d+)?)$")
_WHOOSH_SYNTAX = re.compile(r"[:\[\]{}^~\\]")
_PATTERN = re.compile(r"[\w.'-]*[\w.'-][*?][\w*?.'-]*|[\w.'-]+[*?]?")
_stem = stemming_analyzer()


@dataclass
class ParsedQuery:
    """A parsed query and what the user should be told about it.

    Attributes:
        query: The Whoosh query (``Every`` for an empty search).
        messages: Problems found and how they were handled.
        is_empty: True when the user typed nothing searchable.
        expansions: Other names searched for countries the user named
            ("Türkiye", "Turkish" for "Turkey").
        words: ``(start, end)`` offsets in the typed text of the words a
            spelling suggestion may replace.
    """

    query: wq.Query
    messages: list[str] = field(default_factory=list)
    is_empty: bool = False
    expansions: list[str] = field(default_factory=list)
    words: list[tuple[int, int]] = field(default_factory=list)
    conditions: dict[str, tuple[str, str]] = field(default_factory=dict)


def _resolve_values(lexed: Lexed, known: KnownValues, labeller) -> None:
    """Replaces facet-field values by codes; drops values nothing is called, saying so."""
    kept = []
    for token in lexed.tokens:
        facet = facet_field(token.field) if token.kind == "term" and token.field else None
        if facet is not None and facet.resolves:
            typed = token.phrase_parts()[0] if token.is_phrase else token.value
            code = resolve_value(facet, typed, known, labeller)
            if code is None and facet.from_catalogue:
                # The archivist's own labels: a tag no statement carries finds nothing,
                # rather than being dropped (a saved search on a deleted tag must not find all).
                lexed.note(f"No {facet.noun} called \u201c{typed}\u201d is known; no statement carries it.")
                code = typed
            if code is None:
                lexed.note(f"No {facet.noun} called \u201c{typed}\u201d is known; "
                           "that condition was ignored.")
                continue
            token.value = f'"{code}"' if re.search(r"[\s\"]", code) else code
        kept.append(token)
    lexed.tokens[:] = kept


def _is_plain(token: Token) -> bool:
    """A free word: no field, phrase, wildcard, fuzzy mark or boost."""
    return (token.kind == "term" and token.field is None and not token.is_phrase
            and not re.search(r"[*?~^]", token.value))


def _plain_word(word: str) -> str:
    """A word with Whoosh's syntax characters neutralised (they would split it anyway)."""
    return _WHOOSH_SYNTAX.sub(" ", word).strip(" '") or "_"


def _term_syntax(token: Token, conditions: dict[str, tuple[str, str]], searcher=None) -> str:
    """Whoosh syntax for one term token (workbench conditions become placeholders, see ``conditions``)."""
    fieldname, value = token.field, token.value
    facet = facet_field(fieldname) if fieldname else None
    if fieldname == NOTE_FIELD or (facet is not None and facet.from_catalogue):
        key = f"{PLACEHOLDER}{len(conditions)}"
        conditions[key] = (fieldname, token.phrase_parts()[0] if token.is_phrase else value)
        return f"id:{key}"
    if fieldname == "date":
        low, high = date_range(value)
        # Undated statements are indexed as 0: an open start must still leave them out.
        return f"date:[{low or 1} TO {high or 99999999}]"
    if fieldname is None or fieldname == SPELLING_FIELD:
        if token.is_phrase:
            phrase, slop = token.phrase_parts()
            words = phrase_words(phrase, searcher.reader() if searcher is not None else None)
            return f'{SPELLING_FIELD}:"{words}"' + (f"~{slop}" if slop else "")
        fuzzy = _FUZZY.match(value)
        if fuzzy and not re.search(r"[*?]", fuzzy["base"]):
            base = _plain_word(fuzzy["base"])
            # Whoosh counts a swap of two letters as two edits; "sanctoins~" should still
            # find "sanctions", so a bare ~ allows two edits on all but short words. More
            # than two edits (or two on a short word) would match half the word list.
            most = 2 if len(base) >= 5 else 1 if len(base) >= 3 else 0
            distance = min(int(fuzzy["dist"] or most), most)
            if not distance:
                return _plain_word(base)
            return f"{SPELLING_FIELD}:{base}~{distance}{fuzzy['prefix'] or ''}"
        if re.search(r"[*?]", value):
            pattern = _WHOOSH_SYNTAX.sub("", value)
            if not _PATTERN.fullmatch(pattern):
                # A pattern is one word ("negotiat*"); what is left of broken syntax is searched as words.
                return " ".join(re.findall(r"\w+", value)) or ""
            return f"{SPELLING_FIELD}:{pattern}"
        prefix = f"{SPELLING_FIELD}:" if fieldname else ""
        boost = _BOOST.match(value)
        if boost:
            return f"{prefix}{_plain_word(boost['word'])}^{boost['boost']}"
        if fieldname is None:
            return word_syntax(_plain_word(value), searcher) or ""
        return prefix + _plain_word(value)
    if token.is_phrase and fieldname == "body":
        # The stemmed body keeps no positions (see index.backend.schema): its phrases are the exact forms'.
        phrase, slop = token.phrase_parts()
        words = phrase_words(phrase, searcher.reader() if searcher is not None else None)
        return f'{SPELLING_FIELD}:"{words}"' + (f"~{slop}" if slop else "")
    if token.is_phrase or value.startswith(("[", "{")):
        return f"{fieldname}:{value}"
    return f"{fieldname}:{_plain_word(value)}"


def _alternative(form: str) -> str:
    """A country's other name as Whoosh syntax: a word, or a name of several words as a phrase.

    A form written as several words that is one word to the index ("U. S.") is
    searched as that word, whose stemmed form keeps only the capitalised
    abbreviation: as a phrase of exact forms it would match the pronoun ("let us").
    """
    if len(name_words(form)) <= 1:
        return _plain_word(re.sub(r"\s+", "", form))
    return f'{SPELLING_FIELD}:"{form}"'


def _expand(tokens: list[Token], searcher) -> dict[int, tuple[int, Expansion]]:
    """Country expansions keyed by the index of their first token: (index past the run, expansion)."""
    plans: dict[int, tuple[int, Expansion]] = {}
    index = 0
    while index < len(tokens):
        if not _is_plain(tokens[index]):
            index += 1
            continue
        run_end = index + 1
        if not tokens[index].negated:  # "-South Africa" negates "South" alone, so keep names unnegated
            while run_end < len(tokens) and _is_plain(tokens[run_end]) and not tokens[run_end].negated:
                run_end += 1
        words = [tokens[i].value for i in range(index, run_end)]
        for expansion in find_expansions(words, searcher):
            if expansion.forms:
                plans[index + expansion.first] = (index + expansion.last, expansion)
        index = run_end
    return plans


def _emit(tokens: list[Token], plans: dict[int, tuple[int, Expansion]], conditions: dict[str, tuple[str, str]],
          searcher=None) -> str:
    """Writes tokens back as Whoosh query syntax."""
    parts = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if index in plans:
            end, expansion = plans[index]
            # The typed words stay words: as a phrase, "Bosnia and Herzegovina" is matched from the
            # positions of "and" in every statement naming Bosnia (ten times slower; docs/scale.md).
            typed = " ".join(_plain_word(tokens[i].value) for i in range(index, end))
            group = " OR ".join([f"({typed})", *(_alternative(f) for f in expansion.forms)])
            parts.append(("NOT " if token.negated else "") + f"({group})")
            index = end
            continue
        if token.kind == "op":
            parts.append(token.text)
        elif token.kind in ("open", "close"):
            parts.append(token.text[-1])
        else:
            syntax = _term_syntax(token, conditions, searcher)
            if syntax:
                parts.append(("NOT " if token.negated else "") + syntax)
        index += 1
    return " ".join(parts)


def _spelling_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    """Where the free words and phrase words are in the typed text."""
    spans = []
    for token in tokens:
        if token.kind != "term" or token.field not in (None, SPELLING_FIELD):
            continue
        span = token.value_span
        if span is None:
            continue
        if _is_plain(token):
            spans.append(span)
        elif token.is_phrase:
            start = span[0] + 1
            spans.extend((start + m.start(), start + m.end()) for m in re.finditer(r"\w+", token.phrase_parts()[0]))
    return spans


def _expand_fuzzy(node: wq.Query, reader) -> wq.Query:
    """Replaces fuzzy terms by the words they match, found in the in-memory word index.

    Whoosh's own expansion reads the whole word list of every segment for each
    fuzzy word; see ``index.backend.lexicon``.
    """
    if isinstance(node, wq.FuzzyTerm) and node.fieldname == SPELLING_FIELD:
        near = word_index(reader).near(str(node.text), node.maxdist, node.prefixlength)
        near.sort(key=lambda pair: (pair[0], -reader.doc_frequency(SPELLING_FIELD, pair[1])))
        terms = [wq.Term(SPELLING_FIELD, word, boost=node.boost) for _distance, word in near[:MAX_FUZZY_WORDS]]
        # No near word: keep a term that matches nothing (NullQuery would drop the condition).
        return wq.Or(terms) if terms else wq.Term(SPELLING_FIELD, str(node.text))
    return node.apply(lambda child: _expand_fuzzy(child, reader))


def _degradable_phrase(fieldname: str, words: list, degrade: bool = True, **kwargs) -> wq.Phrase:
    """A phrase that matches all its words in a field without positions (a hyphenated word in the body)."""
    return wq.Phrase(fieldname, words, degrade=True, **kwargs)


def _parser(schema) -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), schema, group=AndGroup)
    parser.add_plugin(FuzzyTermPlugin())
    parser.phraseclass = _degradable_phrase
    return parser


def parse_query(text: str, schema, searcher=None, expand_countries: bool = True, labeller=None,
                overlay: dict[str, dict[str, int]] | None = None) -> ParsedQuery:
    """Parses a search-box query.

    Broken syntax is repaired and reported in ``messages``; the result is
    always a query that can run.

    Args:
        text: The query as typed.
        schema: The index schema.
        searcher: The current searcher: lets names resolve against the values
            the index holds and keeps country forms no document contains out
            of the expansion. Optional.
        expand_countries: Also search other names of countries named in free text.
        labeller: ``labeller(field, value) -> display name`` for matching typed
            names with facet labels; defaults to the vocabulary's names.
        overlay: The workbench fields' value sets, so that ``tag:…`` resolves
            against the tags the library holds.

    Returns:
        The parsed query. Workbench conditions (``tag:turkic``, ``note:corridor``)
        are placeholders listed in ``conditions``; the engine fills them in.
    """
    text = text or ""
    if not text.strip():
        return ParsedQuery(wq.Every(), is_empty=True)
    reader = searcher.reader() if searcher is not None else None
    lexed = lex(straighten_quotes(text))
    lexed.tokens[:] = normalise_tokens(lexed.tokens)
    check_fields(lexed)
    check_values(lexed)
    _resolve_values(lexed, KnownValues(reader, overlay), labeller)
    check_operators(lexed)
    plans = _expand(lexed.tokens, searcher) if expand_countries else {}
    conditions: dict[str, tuple[str, str]] = {}
    syntax = _emit(lexed.tokens, plans, conditions, searcher)
    messages = lexed.messages
    try:
        parsed = _parser(schema).parse(syntax)
    except Exception as exc:  # the parser can still choke on odd input; fall back to words
        log.info("query %r (%r) fell back to plain words: %s", text, syntax, exc)
        messages.append("The query could not be read as written; its words were searched instead.")
        parsed = _parser(schema).parse(" ".join(re.findall(r"\w+", text)))
    if searcher is not None:
        parsed = bound_patterns(parsed, reader, messages)
        parsed = _expand_fuzzy(parsed, reader)
    expansions = list(dict.fromkeys(form for _end, plan in plans.values() for form in plan.forms))
    spans = _spelling_spans(lexed.tokens)
    if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
        return ParsedQuery(wq.Every(), messages=messages, is_empty=True, words=spans)
    return ParsedQuery(parsed, messages=messages, expansions=expansions, words=spans, conditions=conditions)


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

    Terms of the unstemmed ``exact`` field are stemmed, so that snippets and
    the reading pane (which mark stemmed forms) light them up too. Walks the
    leaves itself: ``Query.existing_terms`` in this Whoosh release drops
    every leaf after the first field it sees.
    """
    terms: set[str] = set()
    for leaf in _positive_leaves(parsed):
        try:
            pairs = leaf.expanded_terms(reader, phrases=True)
        except Exception:  # a leaf type without expansion: use its literal terms
            pairs = leaf.terms(phrases=True)
        for fieldname, value in pairs:
            word = term_text(value)
            if fieldname in TEXT_FIELDS:
                terms.add(word)
            elif fieldname == SPELLING_FIELD:
                terms.update(token.text for token in _stem(word))
    return terms
