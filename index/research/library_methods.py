"""The library's research views: relations, the concordance, trends, near-identical statements and comparison.

:class:`ResearchMethods` is a part of :class:`~index.library.Library`, kept
apart so that each module stays readable. Every view takes the current
:class:`~index.search.results.SearchRequest` (or a query string): it covers
the statements that search finds, its text and filters alike.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from index.backend.terms import reader_cache
from index.errors import WorkbenchError, domain_errors
from index.research import near_identical as near
from index.research.compare import compare_texts
from index.research.concordance import DEFAULT_WIDTH, MAX_LINES, Concordances
from index.research.csv_export import write_concordance_csv, write_trends_csv
from index.research.minhash import similarity
from index.research.relations import DEFAULT_LIMIT
from index.research.relations import relations as count_relations
from index.research.results import (
    Comparison,
    ConcordancePage,
    NearIdentical,
    NearIdenticalGroup,
    NearIdenticalStatus,
    Relations,
    Trends,
)
from index.research.scope import Scope, ids, scope_of, word_counts
from index.research.trends import trends as count_trends
from index.search.results import SearchRequest

Progress = Callable[[int, int], None]


def _as_request(request: SearchRequest | str | None) -> SearchRequest:
    if request is None:
        return SearchRequest()
    return SearchRequest(text=request) if isinstance(request, str) else request


class ResearchMethods:
    """Research views of a library (mixed into :class:`Library`)."""

    @functools.cached_property
    def _concordances(self) -> Concordances:
        return Concordances()

    @functools.cached_property
    def _near_groups(self) -> near.GroupMap:
        return near.GroupMap()

    @functools.cached_property
    def _unsigned_kept(self) -> dict:
        return {}

    # -- relations, concordance, trends ----------------------------------------------------

    @domain_errors
    def relations(self, request: SearchRequest | str | None = None, mode: str = "central",
                  country: str | None = None, limit: int | None = DEFAULT_LIMIT) -> Relations:
        """Pairs of countries in the statements a search finds, each with its count per year.

        Args:
            request: The current search (None: every statement).
            mode: ``central`` (both central to the statement) or ``mentioned`` (both appear).
            country: Only this country's partners (a code).
            limit: Most pairs (None: all).
        """
        return count_relations(scope_of(self.engine, _as_request(request)), self.label, mode, country, limit)

    @domain_errors
    def concordance(self, request: SearchRequest | str, width: int = DEFAULT_WIDTH, sort: str = "document",
                    offset: int = 0, limit: int = 200, progress: Callable[[int, int], None] | None = None,
                    superseded: Callable[[], bool] | None = None) -> ConcordancePage:
        """Lines of the concordance of a search: each occurrence of its words or phrases with its context.

        The newest statements come first (``document`` order), or lines sort by
        the words ``left`` or ``right`` of the hit. Statements are read only as
        far as the lines asked for; asking for the next page reads on.

        Args:
            progress: Told ``(statements read, statements)`` while a long reading (a sort) goes on.
            superseded: Asked between batches of statements; True stops the reading with
                :class:`SearchInterrupted`, and the next request for it reads on from there.
        """
        request = _as_request(request)
        key = (request.text, request.filters, request.expand_countries)
        return self._concordances.page(key, self.engine.searcher().reader(),
                                       lambda: scope_of(self.engine, request), max(0, width), self._texts, sort,
                                       max(0, offset), max(0, limit), progress, superseded)

    def _texts(self, ids: list[str]) -> dict[str, tuple[str, str | None, str]]:
        marks = ",".join("?" * len(ids))
        rows = self.catalogue.transaction().execute(
            f"SELECT id, title, date, unpacked(text) FROM documents WHERE id IN ({marks})", ids) if ids else []
        return {doc_id: (title, date, text) for doc_id, title, date, text in rows}

    def export_concordance(self, request: SearchRequest | str, target, width: int = DEFAULT_WIDTH,
                           sort: str = "document") -> int:
        """Writes the whole concordance (up to its line limit) as CSV; returns the lines written."""
        page = self.concordance(request, width, sort, 0, MAX_LINES)
        return write_concordance_csv(page.lines, target)

    @domain_errors
    def trends(self, terms: Iterable[str], request: SearchRequest | str | None = None) -> Trends:
        """Per-year figures of each term (a query of its own) within the statements a search finds."""
        request = _as_request(request)
        scope = scope_of(self.engine, request)
        parsed = [(term, self.engine.parse(term, scope.searcher, request.expand_countries)) for term in terms]
        return count_trends(scope, parsed, self._words(scope))

    def _words(self, scope: Scope) -> list[int]:
        """Each document's number of words, by document number, kept per index reader and signing."""
        conn = self.catalogue.transaction()

        def build() -> list[int]:
            counted, lengths, names = near.word_counts(conn), word_counts(scope.reader), ids(scope.reader)
            return [counted.get(name, lengths[n]) for n, name in enumerate(names)]

        return reader_cache(scope.reader, f"research:words:{near.signed_marker(conn)}", build)

    @staticmethod
    def export_trends(trends: Trends, target) -> int:
        """Writes trend figures as CSV (one row per term and year); returns the rows written."""
        return write_trends_csv(trends, target)

    # -- near-identical statements -----------------------------------------------------------

    def near_identical_status(self) -> NearIdenticalStatus:
        """How far the library's statements are signed and grouped."""
        conn = self.catalogue.transaction()
        total = self.count()
        if not near.has_tables(conn):
            return NearIdenticalStatus(total, total, 0, 0, False)
        groups = self._near_groups.load(conn)
        return NearIdenticalStatus(total, self._unsigned(conn, total), len(groups.members), len(groups.group_of),
                                   near.is_current(conn))

    def _unsigned(self, conn, statements: int) -> int:
        """Statements without a signature, counted again only after the catalogue changed (a scan of it)."""
        # Statements are added, removed or changed only with signatures written (the signed marker moves)
        # or with their number changing; data_version notes other connections' commits. A tag written
        # through this connection does not count: counting again is a scan of the catalogue (half a
        # second at 100,000 statements).
        key = (statements, conn.execute("PRAGMA data_version").fetchone()[0], near.signed_marker(conn))
        kept = self._unsigned_kept
        if kept.get("key") != key:
            kept.update(key=key, count=near.unsigned_count(conn))
        return kept["count"]

    def prepare_near_identical(self, progress: Progress | None = None,
                               cancelled: Callable[[], bool] | None = None) -> NearIdenticalStatus:
        """Signs the statements that have no signature yet (a library of an earlier release) and groups them.

        A few milliseconds per statement, committed a batch at a time; nothing
        is written to a read-only library.
        """
        if not self.read_only:
            near.refresh(self.catalogue.transaction(), progress, cancelled)
        return self.near_identical_status()

    def collapse_near_identical(self, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """For result ids in order: the first of each near-identical group -> the group's later ids among them."""
        return self._near_groups.load(self.catalogue.transaction()).collapse(ids)

    def _signatures(self, ids: Iterable[str]) -> dict[str, bytes]:
        ids = list(ids)
        conn = self.catalogue.transaction()
        if not ids or not near.has_tables(conn):
            return {}
        marks = ",".join("?" * len(ids))
        return {doc_id: sig for doc_id, sig in conn.execute(
            f"SELECT doc_id, signature FROM near_signatures WHERE doc_id IN ({marks}) AND signature IS NOT NULL", ids)}

    @domain_errors
    def near_identical(self, doc_id: str) -> NearIdenticalGroup:
        """The statements near-identical to ``doc_id``, most similar first.

        Raises:
            WorkbenchError: No such statement.
        """
        if self.catalogue.text(doc_id) is None:
            raise WorkbenchError(f"There is no statement {doc_id} in this library.")
        status = self.near_identical_status()
        groups = self._near_groups.load(self.catalogue.transaction())
        entry = groups.group_of.get(doc_id)
        if entry is None:
            return NearIdenticalGroup(doc_id, None, (), near.THRESHOLD, status.ready)
        others = [member for member in groups.members.get(entry[0], ()) if member != doc_id]
        signatures = self._signatures([doc_id, *others])
        rows = self.rows(others)
        mine = signatures.get(doc_id)
        members = [NearIdentical(member, rows[member].title, rows[member].date,
                                 similarity(mine, signatures[member]) if mine and member in signatures else 0.0)
                   for member in others if member in rows]
        members.sort(key=lambda m: (-m.similarity, m.date or "", m.doc_id))
        return NearIdenticalGroup(doc_id, entry[0], tuple(members), near.THRESHOLD, status.ready)

    def compare(self, first: str, second: str) -> Comparison:
        """Two statements side by side, with the words each has that the other lacks.

        Raises:
            WorkbenchError: No such statement.
        """
        texts = self._texts([first, second])
        missing = [doc_id for doc_id in (first, second) if doc_id not in texts]
        if missing:
            raise WorkbenchError(f"There is no statement {missing[0]} in this library.")
        signatures = self._signatures([first, second])
        score = similarity(signatures[first], signatures[second]) if len(signatures) == 2 else None
        return compare_texts((first, *texts[first]), (second, *texts[second]), score)
