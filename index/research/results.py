"""The research views' contract: what relations, the concordance, trends and near-identical statements give back.

Plain frozen dataclasses: the desktop and the command line get these from
:class:`~index.library.Library`, never Whoosh objects.
"""

from __future__ import annotations

from dataclasses import dataclass

# -- relations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryPair:
    """Two countries that appear together, and in how many statements each year.

    Attributes:
        first, second: The two country codes, in code order (``KAZ``, ``TUR``).
        first_label, second_label: Their names.
        total: Statements (in the current results) in which both appear.
        years: ``(year, statements)`` for every year with one, ascending; undated
            statements count in ``total`` only.
        organisations: Codes of gazetteer organisations both are members of (``OTS``).
        value: The pair as a filter value (``KAZ+TUR``, see ``index.fields``).
    """

    first: str
    second: str
    first_label: str
    second_label: str
    total: int
    years: tuple[tuple[int, int], ...]
    organisations: tuple[str, ...] = ()

    @property
    def value(self) -> str:
        """The pair as a filter value (``KAZ+TUR``)."""
        return f"{self.first}+{self.second}"

    def partner_of(self, code: str) -> tuple[str, str]:
        """The other country of the pair: ``(code, label)``."""
        return (self.second, self.second_label) if code == self.first else (self.first, self.first_label)


@dataclass(frozen=True)
class Relations:
    """Country pairs within the current results, most frequent first.

    Attributes:
        mode: ``central`` (both central to the statement) or ``mentioned`` (both appear at all).
        country: When given, only pairs with this country (its partners).
        pairs: The pairs, by total then names (at most the limit asked for).
        pair_count: How many pairs there are in all.
        statements: Statements in the current results.
        with_pairs: Of those, statements with at least one pair.
        years: First and last year of any pair (None when there is none).
        elapsed_ms: Time it took.
    """

    mode: str
    country: str | None
    pairs: tuple[CountryPair, ...]
    pair_count: int
    statements: int
    with_pairs: int
    years: tuple[int, int] | None
    elapsed_ms: float = 0.0


# -- concordance ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcordanceLine:
    """One occurrence of the query's words or phrase, with its context.

    Attributes:
        doc_id, title, date: The statement.
        start, end: Offsets of the hit in the statement's text.
        left, hit, right: The context before (``width`` characters at most, line
            breaks as spaces, the space before the hit included), the hit as
            written, and the context after (with the space after the hit).
    """

    doc_id: str
    title: str
    date: str | None
    start: int
    end: int
    left: str
    hit: str
    right: str

    def aligned(self, width: int) -> str:
        """The line as text, the hit at column ``width`` (for the command line)."""
        return f"{self.left[-width:]:>{width}}{self.hit}{self.right[:width]}"


@dataclass(frozen=True)
class ConcordancePage:
    """Lines ``offset`` to ``offset + len(lines)`` of a concordance.

    Attributes:
        lines: The lines.
        offset: Where they start among all the lines.
        known: Lines found so far (all of them when ``complete``).
        complete: Whether every matching statement has been read.
        statements: Statements in the current results.
        read: Of those, statements read so far.
        sort: ``document`` (results order, then text order), ``left`` or ``right``.
        truncated: A sorted concordance stopped at its line limit.
        elapsed_ms: Time this page took.
    """

    lines: tuple[ConcordanceLine, ...]
    offset: int
    known: int
    complete: bool
    statements: int
    read: int
    sort: str = "document"
    truncated: bool = False
    elapsed_ms: float = 0.0


# -- trends -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One year of a term's trend.

    Attributes:
        year: The year.
        occurrences: Times the term occurs in that year's statements.
        words: Words in the texts of that year's statements.
        statements: Statements of that year in the current results.
        matching: Of those, statements the term finds.
    """

    year: int
    occurrences: int
    words: int
    statements: int
    matching: int

    @property
    def per_10k(self) -> float:
        """Occurrences per 10,000 words."""
        return self.occurrences * 10_000 / self.words if self.words else 0.0

    @property
    def share(self) -> float:
        """Share of the year's statements the term finds (0..1)."""
        return self.matching / self.statements if self.statements else 0.0


@dataclass(frozen=True)
class Trend:
    """A term's figures per year (every year of the current results, zeros included)."""

    term: str
    points: tuple[TrendPoint, ...]
    occurrences: int
    matching: int


@dataclass(frozen=True)
class Trends:
    """Trends of one or several terms within the current results.

    Attributes:
        series: One per term, in the order asked.
        years: Every year of the current results, ascending.
        statements: Statements in the current results.
        undated: Of those, statements without a year (not plotted).
        elapsed_ms: Time it took.
    """

    series: tuple[Trend, ...]
    years: tuple[int, ...]
    statements: int
    undated: int
    elapsed_ms: float = 0.0


# -- near-identical statements ------------------------------------------------------------------


@dataclass(frozen=True)
class NearIdentical:
    """A statement that shares most of its text with another.

    Attributes:
        doc_id, title, date: The statement.
        similarity: Estimated Jaccard similarity of their 5-word shingles (0..1).
    """

    doc_id: str
    title: str
    date: str | None
    similarity: float


@dataclass(frozen=True)
class NearIdenticalGroup:
    """The statements near-identical to one statement.

    Attributes:
        doc_id: The statement asked about.
        group: The group's id (its first member's id), or None when it is in none.
        members: The other statements of its group, most similar first (similarity to ``doc_id``).
        threshold: The similarity from which statements are grouped.
        ready: False when some statements still wait for their signature (see
            :meth:`~index.library.Library.prepare_near_identical`).
    """

    doc_id: str
    group: str | None
    members: tuple[NearIdentical, ...]
    threshold: float
    ready: bool = True


@dataclass(frozen=True)
class NearIdenticalStatus:
    """Where the library's near-identical grouping stands.

    Attributes:
        statements: Statements in the library.
        unsigned: Statements without a signature yet (an upgraded library, before first use).
        groups: Groups of near-identical statements.
        grouped: Statements in a group.
        current: Whether the groups were found from every signature there is.
    """

    statements: int
    unsigned: int
    groups: int
    grouped: int
    current: bool

    @property
    def ready(self) -> bool:
        """Whether every statement is signed and grouped."""
        return self.unsigned == 0 and self.current


@dataclass(frozen=True)
class ComparedText:
    """One side of a comparison: the statement and the spans of its text the other lacks."""

    doc_id: str
    title: str
    date: str | None
    text: str
    changes: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Comparison:
    """Two statements side by side.

    Attributes:
        left, right: The two statements; ``changes`` are the words each has that
            the other does not (deleted on the left, inserted on the right, both for a replacement).
        same_words: Share of the words that are the same, in order (difflib's ratio, 0..1).
        similarity: Estimated Jaccard similarity of their shingles, when both have signatures.
    """

    left: ComparedText
    right: ComparedText
    same_words: float
    similarity: float | None
