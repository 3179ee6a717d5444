"""Topics from the controlled vocabulary in resources/topics.toml: weighted terms matched on stems."""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add

import ahocorasick

from documents.extract.gazetteer import GazetteerError, line_of, parse_toml, table_lines
from documents.extract.matcher import PreparedText, fold_case
from documents.extract.stemmer import stem
from documents.resources import read_text
from documents.statement import Entity

TOPICS_FILE = "topics.toml"
IGNORE_TABLE = "ignore"  # reserved table name: phrases, not a topic
PREFIX_MARK = "*"
_IGNORED_REACH = 200  # characters: longer than any phrase of the [ignore] table
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_TOKEN_SPLIT = re.compile(r"([^\W\d_]+|\d+)")
# Long texts touch many subjects in passing; the bar rises with the square root of
# their length past this many words, so a long speech needs more than one aside.
_WORDS_AT_BASE_THRESHOLD = 1000


@dataclass(slots=True)
class Topic:
    """One topic of the vocabulary.

    Attributes:
        code: Stable slug (the TOML table name).
        name: Display name.
        threshold: Score a document needs to be assigned the topic.
        terms: Term as written in the file -> weight.
    """

    code: str
    name: str
    threshold: float
    terms: dict[str, float] = field(default_factory=dict)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of a text, as the topic matcher sees them."""
    return _TOKEN.findall(fold_case(text))


def stem_phrase(phrase: str) -> str:
    """The stemmed key of a vocabulary term ("Trade volumes" -> "trad volum").

    A term ending in ``*`` ends in a prefix ("serbest ticaret*" -> "serbest ticaret*"):
    Turkish adds its endings to a word the English stemmer cannot take apart
    ("ticaretin", "ticarette"), so the vocabulary names the start.
    """
    key = " ".join(stem(t) for t in tokens(phrase))
    # The prefix is stemmed too: a text word's stem only ever loses letters at the end
    # ("mücadelede" -> "mücadeled"), so it still begins with the prefix's ("mücadel").
    return key + PREFIX_MARK if key and phrase.rstrip().endswith(PREFIX_MARK) else key


@functools.lru_cache(maxsize=4)
def load_topics(raw: str | None = None) -> list[Topic]:
    """Reads and validates the topic vocabulary.

    Args:
        raw: TOML text to parse instead of the shipped ``resources/topics.toml``.

    Returns:
        The topics in file order.

    Raises:
        GazetteerError: When the file is not valid TOML or a topic breaks the format;
            the message names the line to fix.
    """
    raw = read_text(TOPICS_FILE) if raw is None else raw
    data = parse_toml(raw, TOPICS_FILE)
    data.pop(IGNORE_TABLE, None)
    topics: list[Topic] = []
    headers = table_lines(raw)
    for code, body in data.items():
        header = headers.get(code, 0)
        where = f"{TOPICS_FILE}, line {header}, topic [{code}]"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
            raise GazetteerError(f"{where}: topic codes are lower-case letters, digits and '_'")
        if not isinstance(body, dict):
            raise GazetteerError(f"{where}: expected a table with name, threshold and [{code}.terms]")
        unknown = set(body) - {"name", "threshold", "terms", "note"}
        if unknown:
            raise GazetteerError(f"{where}: unknown key(s) {sorted(unknown)}")
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise GazetteerError(f"{where}: 'name' is missing or empty")
        threshold = body.get("threshold")
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or threshold <= 0:
            raise GazetteerError(f"{where}: 'threshold' must be a positive number")
        terms = body.get("terms")
        terms_line = headers.get(f"{code}.terms", header)
        if not isinstance(terms, dict) or not terms:
            raise GazetteerError(f"{TOPICS_FILE}, line {terms_line}: topic [{code}] needs a [{code}.terms] table")
        for term, weight in terms.items():
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
                term_line = line_of(raw, re.escape(f'"{term}"'), terms_line) or terms_line
                raise GazetteerError(
                    f"{TOPICS_FILE}, line {term_line}: weight of {term!r} in [{code}.terms] must be a positive number"
                )
            if not stem_phrase(term):
                term_line = line_of(raw, re.escape(f'"{term}"'), terms_line) or terms_line
                raise GazetteerError(f"{TOPICS_FILE}, line {term_line}: term {term!r} has no words")
        topics.append(Topic(code, name.strip(), float(threshold), {t: float(w) for t, w in terms.items()}))
    if not topics:
        raise GazetteerError(f"{TOPICS_FILE}: no topics defined")
    return topics


@functools.lru_cache(maxsize=4)
def load_ignored_phrases(raw: str | None = None) -> tuple[str, ...]:
    """The phrases of the ``[ignore]`` table: names and titles whose words are no topic sign.

    "National Security Advisor" says nothing about security policy, and "food security"
    belongs to agriculture, not to security; a term found inside such a phrase (and
    shorter than it) does not count.

    Raises:
        GazetteerError: When the table is malformed; the message names the line.
    """
    raw = read_text(TOPICS_FILE) if raw is None else raw
    table = parse_toml(raw, TOPICS_FILE).get(IGNORE_TABLE, {})
    phrases = table.get("phrases", []) if isinstance(table, dict) else None
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
        line = table_lines(raw).get(IGNORE_TABLE, 0)
        raise GazetteerError(f"{TOPICS_FILE}, line {line}: [{IGNORE_TABLE}] needs phrases = [\"...\", ...]")
    return tuple(phrases)


class _StemCache(dict):
    """Stems of the words seen so far; a text's words mostly repeat, so each is stemmed once."""

    _LIMIT = 300_000  # words kept, so a long import cannot grow it without bound

    def __missing__(self, word: str) -> str:
        value = stem(word)
        if len(self) < self._LIMIT:
            self[word] = value
        return value


class TopicScorer:
    """Scores a text against every topic in one pass over its stemmed words.

    Args:
        topics: The vocabulary, from :func:`load_topics`.
        ignored: Phrases inside which shorter terms do not count, from
            :func:`load_ignored_phrases`.
    """

    def __init__(self, topics: list[Topic], ignored: tuple[str, ...] = ()) -> None:
        self.topics = {t.code: t for t in topics}
        self._stems = _StemCache()
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, list[tuple[str, str, float]]] = {}
        for topic in topics:
            # Terms of one topic that share a stem ("culture", "cultural") count once,
            # under the heavier of them.
            strongest: dict[str, tuple[str, float]] = {}
            for term, weight in topic.terms.items():
                key = stem_phrase(term)
                if key not in strongest or weight > strongest[key][1]:
                    strongest[key] = (term, weight)
            for key, (term, weight) in strongest.items():
                by_key.setdefault(key, []).append((topic.code, term, weight))
        for phrase in ignored:
            by_key.setdefault(stem_phrase(phrase), []).append(("", phrase, 0.0))
        for key, owners in by_key.items():
            if key.endswith(PREFIX_MARK):  # the last word need only begin so
                self._automaton.add_word(f" {key[:-1]}", (key.count(" ") + 1, owners))
            else:
                self._automaton.add_word(f" {key} ", (key.count(" ") + 1, owners))
        self._automaton.make_automaton()

    def _hits(self, lowered: str) -> tuple[list[tuple[int, int, str, str, float]], list[int], int]:
        """Term hits in a lower-cased text.

        Returns:
            Hits as (start offset, end offset, topic, term, weight); the cumulative
            lengths that place tokens in the text; the word count.
        """
        # Splitting with a capturing group yields separators and words alternately, so
        # the running total of their lengths gives every word's offsets without a
        # Python-level loop over the words.
        parts = _TOKEN_SPLIT.split(lowered)
        stems = list(map(self._stems.__getitem__, parts[1::2]))
        joined = " " + " ".join(stems) + " "
        hits = []
        if not stems:
            return hits, [], 0
        # The space after word k sits at 1 + k + (letters in words 0..k); a hit ends there,
        # or inside word k for a prefix term, so a binary search maps it back to k.
        count = len(stems)
        space_after = list(map(add, accumulate(map(len, stems)), range(1, count + 1)))
        offsets = list(accumulate(map(len, parts)))
        for end_index, (length, owners) in self._automaton.iter(joined):
            last = bisect.bisect_left(space_after, end_index)
            first = last - length + 1
            start, end = offsets[2 * first], offsets[2 * last + 1]
            for code, term, weight in owners:
                hits.append((start, end, code, term, weight))
        ignored = sorted((start, end) for start, end, code, _, _ in hits if not code)
        if ignored:
            # An ignored phrase is a few words long, so only those starting shortly before a hit can hold it.
            starts = [a for a, _ in ignored]
            kept = []
            for hit in hits:
                if not hit[2]:
                    continue
                first = bisect.bisect_left(starts, hit[0] - _IGNORED_REACH)
                near = ignored[first : bisect.bisect_right(starts, hit[0])]
                if not any(hit[1] <= b and hit[1] - hit[0] < b - a for a, b in near):
                    kept.append(hit)
            hits = kept
        return hits, offsets, len(stems)

    def score(self, prepared: PreparedText, title: PreparedText | None = None, lead_end: int = 0) -> list[Entity]:
        """The topics a text reaches, highest score first.

        Args:
            prepared: The body text.
            title: The title, whose hits count like the body's.
            lead_end: End of the opening paragraph in original offsets: a topic with a
                term there or in the title is marked central.

        Returns:
            One entity per assigned topic with its score, hit count, the terms that
            triggered it (strongest first) and the offsets of each hit in the body.
        """
        body_hits, _, words = self._hits(prepared.lower)
        title_hits = self._hits(title.lower)[0] if title is not None else []
        scale = max(1.0, math.sqrt(words / _WORDS_AT_BASE_THRESHOLD))
        per_topic: dict[str, dict] = {}
        for hits, in_title in ((title_hits, True), (body_hits, False)):
            for start, end, code, term, _weight in hits:
                slot = per_topic.setdefault(code, {"terms": {}, "offsets": [], "central": False})
                slot["terms"][term] = slot["terms"].get(term, 0) + 1
                if in_title:
                    slot["central"] = True
                    continue
                span = prepared.span(start, end)
                slot["offsets"].append(span)
                if span[0] < lead_end:
                    slot["central"] = True
        entities: list[Entity] = []
        for code, slot in per_topic.items():
            topic = self.topics[code]
            contributions = {
                term: topic.terms[term] * (1.0 + math.log(count)) for term, count in slot["terms"].items()
            }
            score = sum(contributions.values())
            if score < topic.threshold * scale:
                continue
            ordered = sorted(contributions, key=lambda t: (-contributions[t], t))
            entities.append(
                Entity(
                    code=code,
                    name=topic.name,
                    count=sum(slot["terms"].values()),
                    central=slot["central"],
                    offsets=sorted(slot["offsets"]),
                    terms=ordered,
                    score=round(score, 3),
                )
            )
        entities.sort(key=lambda e: (-e.score, e.code))
        return entities
