"""A library: a folder with a catalogue and the search index derived from it.

:class:`Library` is the object the rest of the application holds: it opens
and repairs the library, searches, labels facet values, and starts imports,
rebuilds and re-extractions. Callers get the plain dataclasses of the front
(``index/__init__.py``) and domain errors (:mod:`index.errors`), never
Whoosh objects or exceptions.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from documents.extract import Extractor
from documents.statement import Statement
from index.audit.library_methods import AuditMethods
from index.backend.schema import index_version
from index.backend.store import IndexStore
from index.backend.terms import reader_cache
from index.catalogue import Catalogue, DocumentRow
from index.errors import (
    DiskFull,
    IndexDamaged,
    IndexLocked,
    LibraryReadOnly,
    UnknownFacetValue,
    disk_full,
    domain_errors,
)
from index.fields import by_query_name, facet_field
from index.ingest import locking, samples
from index.ingest.compaction import MAX_SEGMENTS, MergeProgress, MergeReport, merge_when_free
from index.ingest.importer import import_paths, rescan_folders
from index.ingest.packing import PackReport, pack_catalogue
from index.ingest.rebuild import rebuild_index
from index.ingest.reextract import reextract_library
from index.ingest.report import ImportReport
from index.ocr.library_methods import OcrMethods
from index.query.values import resolve_value
from index.research.library_methods import ResearchMethods
from index.search import word_table
from index.search.completion import Completion, complete
from index.search.engine import SearchEngine
from index.search.facets import FacetFilter, FilterState
from index.search.results import SearchRequest, SearchResult
from index.search.similar import more_like_this
from index.search.snippets import Snippet, match_offsets
from index.workbench.journal import CORRECTIONS_CHANGED_KEY
from index.workbench.library_methods import WorkbenchMethods
from index.workbench.reindexing import (
    CORRECTIONS_INDEXED_KEY,
    corrections_behind,
    corrections_changed,
    note_corrections_indexed,
)
from index.workbench.workbench import Workbench

log = logging.getLogger("chancery.index")

CATALOGUE_FILE = "catalogue.sqlite3"
INDEX_FOLDER = "index"
LOCK_FILE = "import.lock"
WINDOW_LOCK_FILE = "window.lock"  # held by the window that has the library open for writing
_VERSION_KEY = "schema_version"

Progress = Callable[[int, int], None]


def default_library_dir() -> Path:
    """The library in the user data directory (``~/.local/share/Chancery``)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("Chancery", appauthor=False)) / "library"


class Library(WorkbenchMethods, AuditMethods, OcrMethods, ResearchMethods):
    """One archive: catalogue (truth) plus Whoosh index (derived).

    Use :meth:`open`; close with :meth:`close` or a ``with`` block. The
    workbench's corrections, undo, saved searches and exports come from
    :class:`~index.workbench.library_methods.WorkbenchMethods`, OCR from
    :class:`~index.ocr.library_methods.OcrMethods`, the research views from
    :class:`~index.research.library_methods.ResearchMethods`.
    """

    def __init__(self, folder: Path, catalogue: Catalogue, store: IndexStore, read_only: bool) -> None:
        self.folder = folder
        self.catalogue = catalogue
        self.store = store
        self.read_only = read_only
        self.workbench = Workbench(catalogue)
        self._data_version: int | None = None
        self.rebuilt_at_open = False  # the index was made again from the catalogue while opening
        self.engine = SearchEngine(store, self.label, catalogue.text, self.workbench)

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path, read_only: bool = False, rebuild_damaged: bool = False,
             progress: Progress | None = None) -> Library:
        """Opens (creating if needed) the library in ``folder``.

        A library whose index was made by another release (or whose facet
        fields changed) is re-indexed from its catalogue here, once: see
        :meth:`needs_rebuild` to warn the person first.

        Args:
            folder: The library folder.
            read_only: Open without writing anything.
            rebuild_damaged: Rebuild a damaged index from the catalogue
                instead of raising :class:`IndexDamaged`.
            progress: ``progress(done, total)`` while the index is rebuilt.

        Raises:
            LibraryReadOnly: The folder cannot be written and ``read_only`` is False.
            IndexDamaged: The index cannot be read (and no rebuild was asked).
            CatalogueDamaged: The catalogue cannot be read.
        """
        folder = Path(folder).expanduser().resolve()
        if not read_only:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LibraryReadOnly(f"The library folder {folder} cannot be created: {exc.strerror or exc}") from exc
            if not os.access(folder, os.W_OK):
                raise LibraryReadOnly(f"The library folder {folder} is read-only.")
        catalogue = Catalogue(folder / CATALOGUE_FILE, read_only=read_only)
        store = IndexStore(folder / INDEX_FOLDER, read_only=read_only)
        library = cls(folder, catalogue, store, read_only)
        try:
            created = store.open(create=not read_only)
        except IndexDamaged:
            if not rebuild_damaged or read_only:
                catalogue.close()
                raise
            log.warning("index damaged; rebuilding from the catalogue")
            store.recreate()
            created = True
        if not read_only:
            try:
                if created or catalogue.get_meta(_VERSION_KEY) != index_version() or corrections_behind(catalogue):
                    library.rebuild_index(progress)
                    library.rebuilt_at_open = True
                else:
                    library.sync_index()
                library._tidy_after_interruption()
            except Exception:
                library.close()
                raise
        return library

    @staticmethod
    def is_library(folder: Path) -> bool:
        """Whether ``folder`` holds a Chancery catalogue."""
        return (Path(folder) / CATALOGUE_FILE).is_file()

    @staticmethod
    def needs_rebuild(folder: Path) -> bool:
        """Whether opening the library in ``folder`` will rebuild its index (a new release, say).

        Reads the catalogue without changing it; False for a folder that is no library.
        """
        path = Path(folder) / CATALOGUE_FILE
        if not path.is_file():
            return False
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
            try:
                meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?, ?)",
                                         (_VERSION_KEY, CORRECTIONS_CHANGED_KEY, CORRECTIONS_INDEXED_KEY)))
            finally:
                conn.close()
        except sqlite3.Error:
            return False  # Library.open will say what is wrong
        behind = int(meta.get(CORRECTIONS_CHANGED_KEY) or 0) > int(meta.get(CORRECTIONS_INDEXED_KEY) or 0)
        return meta.get(_VERSION_KEY) != index_version() or behind

    @staticmethod
    def is_locked(folder: Path) -> bool:
        """Whether another process is importing into the library in ``folder`` right now."""
        lock = Path(folder) / LOCK_FILE
        if not lock.is_file():
            return False
        try:
            with locking.exclusive(lock, timeout=0):
                return False
        except IndexLocked:
            return True
        except OSError as exc:  # the lock file cannot even be opened: Library.open will say why
            log.debug("lock probe skipped: %s", exc)
            return False

    def claim_window(self):
        """Marks the library as open for writing in a window, for as long as the returned lock is held.

        Returns:
            A lock to :meth:`~index.ingest.locking.HeldLock.release` when the
            window closes, or None when another window has the library open.
        """
        return locking.try_hold(self.folder / WINDOW_LOCK_FILE)

    @staticmethod
    def open_in_a_window(folder: Path) -> bool:
        """Whether a window (another Chancery) has the library in ``folder`` open for writing."""
        path = Path(folder) / WINDOW_LOCK_FILE
        if not path.is_file():
            return False
        held = locking.try_hold(path)
        if held is None:
            return True
        held.release()
        return False

    def changed_elsewhere(self) -> bool:
        """Whether another process wrote to the catalogue since this was last asked (an import from the
        command line, say); the first call only starts watching."""
        version = self.catalogue.transaction().execute("PRAGMA data_version").fetchone()[0]
        seen, self._data_version = self._data_version, version
        return seen is not None and seen != version

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Releases the index and the catalogue."""
        self.store.close()
        self.catalogue.close()

    # -- index maintenance -----------------------------------------------------

    @domain_errors
    def rebuild_index(self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> int:
        """Rebuilds the whole index from the catalogue alone.

        Returns:
            The number of documents indexed.
        """
        # Cleared first so that a rebuild cut short (a crash, a full disk) is finished on the next open.
        self.catalogue.set_meta(_VERSION_KEY, "")
        changed = corrections_changed(self.catalogue)
        try:
            done = rebuild_index(self.catalogue, self.store, progress, cancelled)
        except OSError as exc:
            if disk_full(exc):
                raise DiskFull(f"The disk that holds the library ({self.folder}) is full, so the index could not be "
                               f"rebuilt ({exc.strerror or exc}). The catalogue is untouched; free some space and "
                               "open the library again to finish the rebuild.") from exc
            raise
        if not (cancelled and cancelled()):
            self.catalogue.set_meta(_VERSION_KEY, index_version())
            note_corrections_indexed(self.catalogue, changed)
        return done

    @domain_errors
    def merge_segments(self, max_segments: int = MAX_SEGMENTS,
                       progress: Callable[[MergeProgress], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> MergeReport:
        """Merges the index's smallest segments until it has at most ``max_segments``.

        Searches go on meanwhile; cancelled or interrupted, the index stays as
        it was (see :mod:`index.ingest.compaction`). Reports ``busy`` at once
        when an import holds the library.
        """
        if self.read_only:
            raise LibraryReadOnly("This library is open read-only; its index cannot be merged.")
        return merge_when_free(self, max_segments, progress, cancelled)

    def pack_catalogue(self, vacuum: bool = True, progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> PackReport:
        """Compresses what an older release stored plain, then rewrites the catalogue file to return the space.

        See :mod:`index.ingest.packing`. Reports ``busy`` at once when an import holds the library.
        """
        if self.read_only:
            raise LibraryReadOnly("This library is open read-only; its catalogue cannot be packed.")
        return pack_catalogue(self, vacuum, progress, cancelled)

    def segment_count(self) -> int:
        """How many segments the index has (each costs every search a little)."""
        return len(self.store.segments())

    def needs_merge(self, max_segments: int = MAX_SEGMENTS) -> bool:
        """True when the index has more than ``max_segments`` segments and can be written."""
        return not self.read_only and self.segment_count() > max_segments

    def _tidy_after_interruption(self) -> None:
        """Removes what a killed import left in the index folder (its staged segments, an uncommitted one).

        Only when no import is running: a running one's staged files look the same.
        """
        with contextlib.suppress(IndexLocked), self.write_lock(timeout=0):
            stray = self.store.stray_files()
            if stray:
                removed = self.store.remove_stray(stray)
                log.info("removed %d files an interrupted import left in the index folder", removed)

    @domain_errors
    def sync_index(self) -> tuple[int, int]:
        """Brings the index in line with the catalogue after an interrupted import.

        Returns:
            ``(added, removed)`` document counts.
        """
        unindexed = self.catalogue.unindexed()
        if unindexed:
            # A batch reached the catalogue but perhaps not the index: index it again.
            with self.store.writer() as writer:
                for doc_id in unindexed:
                    statement = self.catalogue.get(doc_id)
                    if statement is None:
                        self.store.delete(writer, [doc_id])
                    else:
                        self.store.add(writer, [statement])
            self.catalogue.clear_unindexed()
            log.info("index synchronised: the last import batch (%d documents) indexed again", len(unindexed))
        if self.store.doc_count() == self.catalogue.count():
            return 0, 0
        in_index = self.store.indexed_ids()
        in_catalogue = self.catalogue.ids()
        missing = in_catalogue - in_index
        extra = in_index - in_catalogue
        with self.store.writer() as writer:
            self.store.delete(writer, extra)
            self.store.add(writer, filter(None, (self.catalogue.get(i) for i in missing)))
        log.info("index synchronised: %d added, %d removed", len(missing), len(extra))
        return len(missing), len(extra)

    def write_lock(self, timeout: float | None = None, on_wait=None):
        """The lock that serialises imports into this library."""
        return locking.exclusive(self.folder / LOCK_FILE, timeout=timeout, on_wait=on_wait)

    # -- importing -------------------------------------------------------------

    def import_paths(self, paths: Iterable[Path], **options) -> ImportReport:
        """Imports files and folders; see :class:`~index.ingest.importer.Importer` for ``options``.

        ``exclude`` (a predicate on paths) and ``remember`` (keep the folders
        for a rescan, default True) are passed to the run; the rest to the importer.
        """
        return import_paths(self, paths, **options)

    def rescan(self, **options) -> ImportReport:
        """Re-checks every folder the library knows (same options as :meth:`import_paths`)."""
        return rescan_folders(self, **options)

    def import_samples(self, **options) -> ImportReport:
        """Imports the bundled sample archive (same options as :meth:`import_paths`)."""
        return samples.import_samples(self, **options)

    def seed_if_empty(self) -> ImportReport | None:
        """Imports the samples into a library that is empty and was never seeded."""
        return samples.seed_if_empty(self)

    @property
    def samples_seeded(self) -> bool:
        """Whether the sample archive was imported once (a library emptied by its user stays empty)."""
        return samples.was_seeded(self)

    def folders(self) -> list[str]:
        """Folders the user has imported (what a rescan checks)."""
        return self.catalogue.folders()

    @domain_errors
    def reextract(self, extractor: Extractor | None = None, progress: Progress | None = None) -> int:
        """Runs extraction again over the stored text, then rebuilds the index.

        Returns:
            The number of statements processed.
        """
        return reextract_library(self, extractor, progress)

    # -- reading ---------------------------------------------------------------

    @domain_errors
    def search(self, request: SearchRequest | str, superseded: Callable[[], bool] | None = None) -> SearchResult:
        """Runs a search (a plain string searches with default options).

        Args:
            request: What to search for.
            superseded: Asked now and then while the search runs; True stops it
                with :class:`SearchInterrupted` (a newer search is waiting).
        """
        if isinstance(request, str):
            request = SearchRequest(text=request)
        return self.engine.search(request, superseded)

    @domain_errors
    def similar(self, doc_id: str, limit: int = 20) -> SearchResult:
        """Statements like ``doc_id`` (More like this), most similar first."""
        return more_like_this(self.engine, doc_id, limit)

    @domain_errors
    def complete(self, prefix: str, limit: int = 10) -> list[Completion]:
        """Completions for the word being typed in the search box."""
        return complete(self.engine, prefix, limit)

    def warm_completion(self) -> threading.Thread:
        """Builds the completion word tables in the background (see :mod:`index.search.word_table`).

        Returns:
            The thread building them, for a caller that must wait for the tables.
        """
        return word_table.warm(self.store.fresh_reader)

    def snippets(self, doc_ids: Iterable[str], terms: Iterable[str]) -> dict[str, Snippet]:
        """A snippet for each statement around its matches of ``terms`` (analysed search terms)."""
        terms = frozenset(terms)
        return {doc_id: self.engine.snippet(doc_id, terms) for doc_id in doc_ids}

    def document(self, doc_id: str) -> Statement | None:
        """The full statement."""
        return self.catalogue.get(doc_id)

    def rows(self, ids: Iterable[str]) -> dict[str, DocumentRow]:
        """Light display rows for result ids."""
        return self.catalogue.rows(ids)

    def count(self) -> int:
        """Number of documents in the library."""
        return self.catalogue.count()

    def ids(self) -> set[str]:
        """The id of every statement."""
        return self.catalogue.ids()

    def statements(self) -> Iterator[Statement]:
        """Every statement, streamed from the catalogue."""
        return self.catalogue.iter_statements()

    @staticmethod
    def highlights(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
        """Offsets in ``text`` of every match of the search terms."""
        return match_offsets(text, terms)

    # -- facet values ----------------------------------------------------------

    def label(self, field: str, value: str) -> str:
        """Display name of a facet value (``("country", "TUR")`` -> Türkiye)."""
        facet = facet_field(field)
        if facet is None:
            return value
        corrector = self.catalogue.corrector()
        renamed = corrector.renamed(field, value) if corrector else None
        if renamed:
            return renamed
        if facet.catalogue_labels:
            # Discovered bodies are in no gazetteer: their names were recorded in the
            # catalogue at import, read once per index reader (a commit brings a new one).
            recorded = reader_cache(self.store.last_searcher().reader(), "labels", self.catalogue.labels)
            name = recorded.get((field, value))
            if name:
                return name
        return facet.label_of(value)

    @domain_errors
    def resolve_filter(self, field: str, value: str, state: FilterState = FilterState.INCLUDE) -> FacetFilter:
        """A filter from a field name and a value as a person writes them (``org``, ``Turkic States``).

        The search box's ``field:value`` and the command line's ``--filter``
        resolve through the same code (:func:`index.query.values.resolve_value`).

        Raises:
            ValueError: No facet field is called ``field``.
            UnknownFacetValue: Nothing is called ``value`` in that field; its
                ``filter`` keeps the value as written (it matches nothing).
        """
        facet = facet_field(field) or by_query_name(field)
        if facet is None:
            raise ValueError(f"there is no facet field called \u201c{field}\u201d")
        code = resolve_value(facet, value, self.engine.known_values(), self.label)
        if code is None:
            raise UnknownFacetValue(f"No {facet.noun} called \u201c{value}\u201d is known; the filter matches nothing.",
                                    FacetFilter.of(facet.name, value.strip(), state))
        return FacetFilter.of(facet.name, code, state)
