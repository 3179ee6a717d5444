"""The concordance (KWIC): every occurrence of the query in the current results, aligned on the hit, read lazily.

Statements are read newest first, a few at a time, only as far as the
lines asked for: the first screen of a 100,000-statement library needs the
hit set (one pass over the postings, no ranking) and a handful of texts.
A run keeps what it has read, so scrolling on reads on from there. Sorting
by the words left or right of the hit needs every line: the run reads to the
end (at most :data:`MAX_LINES` lines, saying so when it stops there) and
keeps the sorted order for the pages that follow. That reading can take
seconds on a large library, so it reports its progress and stops between
batches when the caller is superseded; the run keeps what it read, and the
next request for it reads on from there.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from index.backend.ranking import Interrupted
from index.research.kwic_match import Patterns, hits_in, line_at, patterns_of
from index.research.minhash import words_of
from index.research.results import ConcordanceLine, ConcordancePage
from index.research.scope import Scope, dates, ids

SORTS = ("document", "left", "right")
DEFAULT_WIDTH = 40
MAX_LINES = 100_000
_READ_AT_ONCE = 25  # statements fetched from the catalogue per query
_RUNS_KEPT = 4

TextSource = Callable[[list[str]], dict[str, tuple[str, str | None, str]]]  # ids -> (title, date, text)
Progress = Callable[[int, int], None]  # statements read, statements to read


def _sort_key(sort: str) -> Callable[[ConcordanceLine], tuple]:
    if sort == "left":  # the word nearest the hit first, as concordancers sort "1L, 2L, 3L"
        return lambda line: (tuple(reversed(words_of(line.left))), words_of(line.hit))
    return lambda line: (words_of(line.hit), tuple(words_of(line.right)))


class ConcordanceRun:
    """The lines of one request, read as far as asked."""

    def __init__(self, scope: Scope, patterns: Patterns, width: int, texts: TextSource) -> None:
        reader = scope.reader
        when, names = dates(reader), ids(reader)
        self.order = [names[n] for n in sorted(scope.docnums(), key=lambda n: (-when[n], n))]
        self.patterns = patterns
        self.width = width
        self._texts = texts
        self.read = 0  # statements read
        self.lines: list[ConcordanceLine] = []
        self._sorted: dict[str, list[ConcordanceLine]] = {}
        self.truncated = False

    @property
    def complete(self) -> bool:
        """Whether every statement has been read (or the line limit reached)."""
        return self.read >= len(self.order) or self.truncated

    def read_until(self, lines: int, progress: Progress | None = None,
                   superseded: Callable[[], bool] | None = None) -> None:
        """Reads statements until ``lines`` lines are known or none are left.

        Raises:
            Interrupted: ``superseded()`` said so between two batches (what was read is kept).
        """
        if not self.patterns:  # nothing to find (filters only): no statement needs reading
            self.read = len(self.order)
            return
        while len(self.lines) < lines and not self.complete:
            if superseded is not None and superseded():
                raise Interrupted("a newer request came first")
            if progress is not None:
                progress(self.read, len(self.order))
            batch = self.order[self.read:self.read + _READ_AT_ONCE]
            found = self._texts(batch)
            for doc_id in batch:
                self.read += 1
                if doc_id not in found or not self.patterns:
                    continue
                title, date, text = found[doc_id]
                for start, end in hits_in(text, self.patterns):
                    self.lines.append(line_at(doc_id, title, date, text, start, end, self.width))
                if len(self.lines) >= MAX_LINES:
                    del self.lines[MAX_LINES:]
                    self.truncated = True
                    break

    def page(self, sort: str, offset: int, limit: int, progress: Progress | None = None,
             superseded: Callable[[], bool] | None = None) -> tuple[list[ConcordanceLine], int]:
        """Lines ``offset`` to ``offset + limit`` in ``sort`` order, and how many are known."""
        if sort == "document":
            self.read_until(offset + limit, progress, superseded)
            return self.lines[offset:offset + limit], len(self.lines)
        if sort not in self._sorted:
            self.read_until(MAX_LINES, progress, superseded)
            self._sorted[sort] = sorted(self.lines, key=_sort_key(sort))
        ordered = self._sorted[sort]
        return ordered[offset:offset + limit], len(ordered)


class Concordances:
    """The last few runs, so that scrolling and re-sorting read on instead of starting again."""

    def __init__(self) -> None:
        self._runs: OrderedDict[tuple, tuple[object, ConcordanceRun]] = OrderedDict()
        self._lock = threading.Lock()

    def page(self, key: tuple, reader, scope_for: Callable[[], Scope], width: int, texts: TextSource,
             sort: str = "document", offset: int = 0, limit: int = 200, progress: Progress | None = None,
             superseded: Callable[[], bool] | None = None) -> ConcordancePage:
        """A page of the concordance of the request ``key`` stands for.

        Args:
            key: Identifies the request (text, filters, country expansion).
            reader: The current index reader (a run made with another is read again).
            scope_for: Makes the request's scope (called when no run of it is kept).
            width: Characters of context each side.
            texts: Reads ``(title, date, text)`` of statements from the catalogue.
            sort: One of :data:`SORTS`.
            offset, limit: Which lines.
            progress: Told ``(statements read, statements)`` between batches of a long reading.
            superseded: Asked between batches; True stops the reading.

        Raises:
            ValueError: An unknown sort.
            Interrupted: ``superseded`` stopped the reading (the next request reads on).
        """
        if sort not in SORTS:
            raise ValueError(f"a concordance sorts by {', '.join(SORTS)}, not {sort!r}")
        started = time.perf_counter()
        with self._lock:
            run = self._run((*key, width), reader, scope_for, width, texts)
            lines, known = run.page(sort, offset, limit, progress, superseded)
            return ConcordancePage(tuple(lines), offset, known, run.complete, len(run.order), run.read, sort,
                                   run.truncated, (time.perf_counter() - started) * 1000)

    def _run(self, key: tuple, reader, scope_for: Callable[[], Scope], width: int,
             texts: TextSource) -> ConcordanceRun:
        kept = self._runs.get(key)
        # A commit since makes a new reader: the run's document numbers no longer hold.
        if kept is not None and kept[0] is reader:
            self._runs.move_to_end(key)
            return kept[1]
        scope = scope_for()
        patterns = Patterns(frozenset(), ()) if scope.parsed.is_empty else patterns_of(scope.parsed.query, scope.reader)
        run = ConcordanceRun(scope, patterns, width, texts)
        self._runs[key] = (scope.reader, run)
        while len(self._runs) > _RUNS_KEPT:
            self._runs.popitem(last=False)
        return run
