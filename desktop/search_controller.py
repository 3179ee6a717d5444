"""Searching off the GUI thread: one owner for the search thread, its jobs, and stale answers.

Searches, snippets, More like this, documents and completions all read the
index, so they share one background thread and run in order. A person types
faster than searches finish: every request is issued a ticket, and an answer
whose ticket is no longer the newest of its kind is dropped, both before its
job starts (it never runs) and when it arrives (it is never shown).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop.worker import Worker, single_thread_pool
from index import Library, SearchInterrupted, SearchRequest, SearchResult

log = logging.getLogger("chancery.desktop")

_STALE = object()  # what a job returns when a newer request overtook it before it ran


class Tickets:
    """Numbers the requests of one kind; only the newest one's answer counts."""

    def __init__(self) -> None:
        self._newest = 0

    def issue(self) -> int:
        """A ticket for a new request, which makes every older one stale."""
        self._newest += 1
        return self._newest

    @property
    def newest(self) -> int:
        """The newest ticket issued (for work that belongs to the current request)."""
        return self._newest

    def is_current(self, ticket: int) -> bool:
        """Whether no newer request was made since ``ticket``."""
        return ticket == self._newest


class SearchController(QObject):
    """Runs the window's reads of the library on one background thread.

    Signals:
        search_finished(SearchResult): the newest search (or More like this list) is done.
        snippets_ready(dict): snippets (id -> Snippet) for rows of the current results.
        document_ready(str, object, list): a document opened: its id, the statement (None
            when it left the library) and the offsets of its hits.
        workbench_ready(str, str, list, list): a statement's note, passages and history (its events).
        saved_ready(list, list): the saved searches (with counts) and the search history.
        research_progress(str, int, int): a long research reading's kind, statements read and to read.
        failed(str): a job failed; the message is for people.
    """

    search_finished = Signal(object)
    snippets_ready = Signal(dict)
    document_ready = Signal(str, object, list)
    workbench_ready = Signal(str, str, list, list)
    saved_ready = Signal(list, list)
    research_progress = Signal(str, int, int)
    failed = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._pool = single_thread_pool(self)
        self._workers: set[Worker] = set()
        self._results = Tickets()  # searches and similar lists replace each other's results
        self._documents = Tickets()
        self._research: dict[str, Tickets] = {}
        self._closed = False
        # Turns a result into what the results list shows, on the search thread (the window sets it);
        # what it made for the newest result waits in ``prepared`` for the list to take.
        self.prepare: Callable[[SearchResult], Any] | None = None
        self.prepared: Any = None

    # -- requests ---------------------------------------------------------------------

    def search(self, request: SearchRequest) -> None:
        """Searches; any older search or similar list still to come is dropped, and one running is stopped."""
        ticket = self._results.issue()

        def job():
            try:
                result = self.library.search(request, superseded=lambda: not self._results.is_current(ticket))
            except SearchInterrupted:
                return _STALE  # a newer search took over
            # The list shows one row per group of near-identical statements.
            result.near_identical = self.library.collapse_near_identical(hit.doc_id for hit in result.hits)
            return result, self.prepare(result) if self.prepare is not None else None

        self._run(self._results, ticket, job, self._deliver)

    def _deliver(self, answer: tuple[SearchResult, Any]) -> None:
        result, self.prepared = answer
        self.search_finished.emit(result)

    def research(self, kind: str, work: Callable[..., Any], deliver: Callable[[Any], None],
                 interruptible: bool = False) -> None:
        """Runs a research view's reading of the library (``work(library)``); ``deliver(answer)`` on the GUI thread.

        An older request of the same ``kind`` (``relations``, ``concordance``, …) still to come is dropped.
        An ``interruptible`` reading is called ``work(library, superseded, progress)``: ``superseded()``
        turns True once a newer request of its kind or a new search is made (the reading then
        raises :class:`SearchInterrupted` and is dropped, so the search does not wait behind it), and
        ``progress(done, total)`` reaches :attr:`research_progress` on the GUI thread.
        """
        tickets = self._research.setdefault(kind, Tickets())
        ticket = tickets.issue()
        if not interruptible:
            self._run(tickets, ticket, lambda: work(self.library), deliver)
            return
        searches_then = self._results.newest

        def superseded() -> bool:
            return not tickets.is_current(ticket) or self._results.newest != searches_then

        def progress(done: int, total: int) -> None:
            if self._alive():
                self.research_progress.emit(kind, done, total)

        def job():
            try:
                return work(self.library, superseded, progress)
            except SearchInterrupted:
                return _STALE

        self._run(tickets, ticket, job, deliver)

    def similar(self, doc_id: str, heading: str) -> None:
        """Lists statements like ``doc_id`` as the results, ``heading`` first among their messages."""

        def job() -> tuple[SearchResult, Any]:
            result = self.library.similar(doc_id)
            result.messages = [heading, *result.messages]
            return result, self.prepare(result) if self.prepare is not None else None

        self._run(self._results, self._results.issue(), job, self._deliver)

    def snippets(self, doc_ids: list[str], terms: Iterable[str]) -> None:
        """Snippets for rows of the current results (dropped if the results change first)."""
        terms = frozenset(terms)
        self._run(self._results, self._results.newest, lambda: self.library.snippets(doc_ids, terms),
                  self.snippets_ready.emit)

    def open_document(self, doc_id: str, terms: Iterable[str]) -> None:
        """Loads a statement and where ``terms`` match in it; an older load still to come is dropped."""
        terms = frozenset(terms)

        def job() -> tuple[str, Any, list]:
            statement = self.library.document(doc_id)
            if statement is None:
                return doc_id, None, []
            return doc_id, statement, self.library.highlights(statement.text, terms)

        self._run(self._documents, self._documents.issue(), job, lambda answer: self.document_ready.emit(*answer))

    def workbench_for(self, doc_id: str) -> None:
        """Reads a statement's note and passages (dropped if another statement opens first)."""

        def job() -> tuple[str, str, list, list]:
            notes = self.library.workbench.notes
            history = self.library.history(doc_id)
            if not self.library.workbench.available:
                return doc_id, "", [], history
            return doc_id, notes.note(doc_id), notes.passages(doc_id), history

        self._run(self._documents, self._documents.newest, job, lambda answer: self.workbench_ready.emit(*answer))

    def saved_searches(self) -> None:
        """Counts the saved searches and reads the history (for the sidebar)."""
        ticket = Tickets()

        def job() -> tuple[list, list]:
            if not self.library.workbench.available:
                return [], []
            return self.library.saved_searches(), self.library.workbench.saved.history()

        self._run(ticket, ticket.issue(), job, lambda answer: self.saved_ready.emit(*answer))

    def cite(self, doc_id: str, style: str, form: str, callback: Callable[[str], None]) -> None:
        """Renders a citation on this thread (the CSL processor keeps state per thread); ``callback(text)``."""
        ticket = Tickets()
        self._run(ticket, ticket.issue(), lambda: self.library.citation(doc_id, style, form), callback)

    def remember(self, request: SearchRequest) -> None:
        """Adds a search to the history, off the GUI thread."""
        ticket = Tickets()
        self._run(ticket, ticket.issue(), lambda: self.library.remember_search(request), lambda _answer: None)

    def complete(self, word: str, callback: Callable[[str, list], None]) -> None:
        """Looks up completions of ``word``; ``callback(word, completions)`` runs on the GUI thread.

        The completer drops answers for words the person has typed past itself.
        """
        ticket = Tickets()
        self._run(ticket, ticket.issue(), lambda: (word, self.library.complete(word)),
                  lambda answer: callback(*answer))

    def busy(self) -> bool:
        """Whether a job is running or waiting on the search thread."""
        return self._pool.activeThreadCount() > 0

    def shutdown(self, msecs: int = 5000) -> None:
        """Drops queued jobs and waits for the running one (the window is closing)."""
        self._closed = True
        self._pool.clear()
        self._pool.waitForDone(msecs)

    # -- plumbing ---------------------------------------------------------------------

    def _alive(self) -> bool:
        # A job can end after its window was closed and deleted (its library closed under it).
        return not self._closed and shiboken6.isValid(self)

    def _run(self, tickets: Tickets, ticket: int, work: Callable[[], Any], deliver: Callable[[Any], None]) -> None:
        def job():
            return work() if tickets.is_current(ticket) else _STALE

        def done(answer) -> None:
            self._workers.discard(worker)
            if answer is not _STALE and tickets.is_current(ticket) and self._alive():
                deliver(answer)

        def failed(message: str, _details: str) -> None:
            self._workers.discard(worker)
            if self._alive():
                self.failed.emit(message)

        worker = Worker(job)
        self._workers.add(worker)  # keeps its signals alive until it reports
        worker.signals.finished.connect(done)
        worker.signals.failed.connect(failed)
        self._pool.start(worker)
