"""A library: a folder with a catalogue and the search index derived from it."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from documents.extract import vocabulary
from documents.statement import Statement
from index import locking
from index.catalogue import Catalogue, DocumentRow
from index.errors import LibraryReadOnly
from index.import_workers import worker_count
from index.rebuild import rebuild_in_workers
from index.schema import SCHEMA_VERSION
from index.search import SearchEngine, SearchRequest, SearchResult
from index.snippets import match_offsets
from index.store import IndexStore

log = logging.getLogger("chancery.index")

CATALOGUE_FILE = "catalogue.sqlite3"
INDEX_FOLDER = "index"
LOCK_FILE = "import.lock"
REBUILD_BATCH = 1000
REBUILD_POOL_THRESHOLD = 2000  # documents; fewer are indexed in this process

Progress = Callable[[int, int], None]


def default_library_dir() -> Path:
    """The library in the user data directory (``~/.local/share/Chancery``)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("Chancery", appauthor=False)) / "library"


class Library:
    """One archive: catalogue (truth) plus Whoosh index (derived).

    Use :meth:`open`; close with :meth:`close` or a ``with`` block.
    """

    def __init__(self, folder: Path, catalogue: Catalogue, store: IndexStore, read_only: bool) -> None:
        self.folder = folder
        self.catalogue = catalogue
        self.store = store
        self.read_only = read_only
        self._labels: dict[tuple[str, str], str] | None = None
        self._labels_generation = -1
        self.engine = SearchEngine(store, self.label, catalogue.text)

    @classmethod
    def open(cls, folder: Path, read_only: bool = False, rebuild_damaged: bool = False) -> Library:
        """Opens (creating if needed) the library in ``folder``.

        Args:
            folder: The library folder.
            read_only: Open without writing anything.
            rebuild_damaged: Rebuild a damaged index from the catalogue
                instead of raising :class:`IndexDamaged`.

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
        except Exception:
            if not rebuild_damaged or read_only:
                catalogue.close()
                raise
            log.warning("index damaged; rebuilding from the catalogue")
            store.recreate()
            created = True
        if not read_only:
            stored_version = catalogue.get_meta("schema_version")
            if created or stored_version != str(SCHEMA_VERSION):
                library.rebuild_index()
            else:
                library.sync_index()
        return library

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Releases the index and the catalogue."""
        self.store.close()
        self.catalogue.close()

    # -- index maintenance ---------------------------------------------------

    def rebuild_index(self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> int:
        """Rebuilds the whole index from the catalogue alone.

        Returns:
            The number of documents indexed.
        """
        total = self.catalogue.count()
        self.store.recreate()
        if total >= REBUILD_POOL_THRESHOLD and worker_count() > 1:
            done = rebuild_in_workers(self.catalogue, self.store, progress, cancelled)
            self.catalogue.set_meta("schema_version", str(SCHEMA_VERSION))
            return done
        done = 0
        batch: list[Statement] = []
        for statement in self.catalogue.iter_statements():
            batch.append(statement)
            if len(batch) >= REBUILD_BATCH:
                done += self._index_batch(batch)
                batch = []
                if progress:
                    progress(done, total)
                if cancelled and cancelled():
                    break
        if batch:
            done += self._index_batch(batch)
        if progress:
            progress(done, total)
        self.catalogue.set_meta("schema_version", str(SCHEMA_VERSION))
        return done

    def _index_batch(self, statements: list[Statement]) -> int:
        with self.store.writer() as writer:
            return self.store.add(writer, statements)

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

    # -- reading -------------------------------------------------------------

    def search(self, request: SearchRequest | str) -> SearchResult:
        """Runs a search (a plain string searches with default options)."""
        if isinstance(request, str):
            request = SearchRequest(text=request)
        return self.engine.search(request)

    def document(self, doc_id: str) -> Statement | None:
        """The full statement."""
        return self.catalogue.get(doc_id)

    def rows(self, ids: Iterable[str]) -> dict[str, DocumentRow]:
        """Light display rows for result ids."""
        return self.catalogue.rows(ids)

    def count(self) -> int:
        """Number of documents in the library."""
        return self.catalogue.count()

    @staticmethod
    def highlights(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
        """Offsets in ``text`` of every match of the search terms."""
        return match_offsets(text, terms)

    def label(self, field: str, value: str) -> str:
        """Display name of a facet value (``("country", "TUR")`` -> Türkiye)."""
        vocab = vocabulary()
        if field in ("country", "central_country"):
            return vocab.country_name(value)
        if field == "topic":
            return vocab.topic_name(value)
        if field == "doc_type":
            return vocab.doc_type_name(value)
        if field == "language":
            return vocab.language_name(value)
        if field == "organisation":
            # Discovered bodies are not in the gazetteer: their names were
            # recorded in the catalogue at import. Reload once per commit.
            if self._labels is None or self._labels_generation != self.store.generation:
                self._labels = self.catalogue.labels()
                self._labels_generation = self.store.generation
            return self._labels.get((field, value)) or vocab.organisation_name(value)
        return value
