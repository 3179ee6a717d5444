"""Multi-pattern phrase matching: one Aho-Corasick automaton per vocabulary, with word boundaries."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick

# Typographic variants that vocabularies spell one way only, and white space of every
# kind. Each replacement is one character for one character, so offsets survive.
# Chained str.replace calls run at memory speed where str.translate with a dict would
# look every character up.
_REPLACEMENTS = (
    ("’", "'"), ("‘", "'"), ("ʼ", "'"), ("`", "'"), ("´", "'"),
    ("‐", "-"), ("‑", "-"), ("‒", "-"), ("–", "-"), ("—", "-"),
    ("\u00a0", " "), ("\u2007", " "), ("\u2009", " "), ("\u202f", " "), ("\u200a", " "),
    ("\t", " "), ("\n", " "), ("\r", " "), ("\f", " "), ("\v", " "), ("\u2028", " "), ("\u2029", " "),
)
_SPACE_RUNS = re.compile(r" {2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def fold_case(text: str) -> str:
    """Lower-cases text without changing its length (so offsets stay valid).

    "İ" is the one character whose lower case is two characters long; it becomes "i".
    """
    if "İ" in text:
        text = text.replace("İ", "i")
    return text.lower()


def uniform_punctuation(text: str) -> str:
    """Replaces typographic apostrophes, dashes and white space by plain ones, keeping the length."""
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


def normalise_form(form: str) -> str:
    """Normalises a vocabulary entry the way :class:`PreparedText` normalises text (case kept)."""
    return _SPACE_RUNS.sub(" ", uniform_punctuation(form)).strip()


class PreparedText:
    """A text with uniform spaces and punctuation, plus a map back to the original offsets.

    Runs of white space become one space (so "Republic\\n  of Korea" matches "Republic of
    Korea"); every other character keeps its place, so only the collapsed runs need mapping.

    Attributes:
        original: The text as given.
        norm: The normalised text, case kept.
        lower: ``norm`` lower-cased, same length.
    """

    __slots__ = ("_cuts", "_shifts", "lower", "norm", "original")

    def __init__(self, text: str) -> None:
        self.original = text
        spaced = uniform_punctuation(text)
        cuts: list[int] = []  # positions in norm after which the original had extra spaces
        shifts: list[int] = []  # cumulative characters removed up to each cut
        pieces: list[str] = []
        removed = 0
        last = 0
        for run in _SPACE_RUNS.finditer(spaced):
            pieces.append(spaced[last : run.start() + 1])  # keep the run's first space
            cuts.append(run.start() + 1 - removed)  # where the run's tail begins, in norm
            removed += run.end() - run.start() - 1
            shifts.append(removed)
            last = run.end()
        pieces.append(spaced[last:])
        self.norm = "".join(pieces) if cuts else spaced
        self.lower = fold_case(self.norm)
        self._cuts = cuts
        self._shifts = shifts

    def to_original(self, pos: int) -> int:
        """Maps an offset in :attr:`norm` to the matching offset in :attr:`original`."""
        i = bisect.bisect_right(self._cuts, pos)
        return pos + (self._shifts[i - 1] if i else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Maps a ``[start, end)`` span of :attr:`norm` to the original text."""
        return self.to_original(start), self.to_original(end - 1) + 1


@dataclass(slots=True)
class Match:
    """One accepted occurrence of a vocabulary entry in a :class:`PreparedText`.

    Attributes:
        start: Start offset in the normalised text.
        end: End offset (exclusive) in the normalised text.
        payload: Whatever the vocabulary attached to the entry.
    """

    start: int
    end: int
    payload: Any


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class PhraseMatcher:
    """Finds whole-word occurrences of many phrases at once.

    One automaton holds every phrase; a match counts only when it is not glued to a
    letter or digit on either side (CJK phrases excepted: that script has no spaces).

    Args:
        entries: ``(phrase, payload)`` pairs. Equal phrases keep the first payload.
        case_sensitive: Match against the text as written (acronyms such as ``US``,
            ``WHO``) instead of its lower-cased copy.
    """

    def __init__(self, entries: Iterable[tuple[str, Any]], case_sensitive: bool = False) -> None:
        self.case_sensitive = case_sensitive
        self._automaton = ahocorasick.Automaton()
        self._size = 0
        for phrase, payload in entries:
            key = normalise_form(phrase)
            if not case_sensitive:
                key = fold_case(key)
            if not key or key in self._automaton:
                continue
            self._automaton.add_word(key, (len(key), bool(_CJK.search(key)), payload))
            self._size += 1
        if self._size:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return self._size

    def find_all(self, prepared: PreparedText) -> list[Match]:
        """Every whole-word occurrence, overlapping ones included, in text order."""
        if not self._size:
            return []
        haystack = prepared.norm if self.case_sensitive else prepared.lower
        limit = len(haystack)
        found: list[Match] = []
        for end_index, (length, cjk, payload) in self._automaton.iter(haystack):
            start = end_index - length + 1
            end = end_index + 1
            if not cjk:
                if start > 0 and _is_word_char(haystack[start - 1]) and _is_word_char(haystack[start]):
                    continue
                if end < limit and _is_word_char(haystack[end]) and _is_word_char(haystack[end - 1]):
                    continue
            found.append(Match(start, end, payload))
        return found


def leftmost_longest(matches: Iterable[Match]) -> list[Match]:
    """Keeps the longest of overlapping matches, scanning left to right.

    "Papua New Guinea" beats "Guinea", "Dominican Republic" beats "Dominica".
    """
    ordered = sorted(matches, key=lambda m: (m.start, m.start - m.end))
    kept: list[Match] = []
    reach = -1
    for match in ordered:
        if match.start >= reach:
            kept.append(match)
            reach = match.end
        elif match.end > reach and kept and match.end - match.start > kept[-1].end - kept[-1].start:
            # A later, longer phrase overlapping the last kept one wins over it.
            kept[-1] = match
            reach = match.end
    return kept
