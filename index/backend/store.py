"""Owns the Whoosh index: open, create, write in batches, search, rebuild."""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.writing import IndexWriter

from documents.partial_date import date_number
from documents.statement import Statement
from index.backend import block_reads, block_writes, mapped_files
from index.backend.schema import EXACT_FIELD, build_schema
from index.backend.segment_writer import FastSegmentWriter, StagedSegment
from index.backend.terms import term_text
from index.backend.word_pairs import PAIR_FIELD
from index.errors import IndexDamaged, IndexLocked
from index.fields import index_fields

log = logging.getLogger("chancery.index")

mapped_files.install()  # segment files are read from their memory map, not copied
block_reads.install()  # posting blocks' document numbers decoded in C
block_writes.install()  # posting blocks written in a few bytes a posting

INDEX_NAME = "statements"
# Postings a writer gathers in memory before it spills them to a run file.
WRITER_LIMIT_MB = 128


def fields_for(statement: Statement) -> dict:
    """The index fields of one statement (facet fields as their declarations say)."""
    exact = f"{statement.title}\n{statement.text}"
    return {
        "id": statement.id,
        "title": statement.title,
        "body": statement.text,
        # Title and body once more, unstemmed, for exact phrases, spelling and completion.
        EXACT_FIELD: exact,
        PAIR_FIELD: exact,  # its pairs of common words
        "title_sort": statement.title.casefold()[:200],
        "date": date_number(statement.date),
        "status": statement.extra.get("status", "ok"),
        **{field.name: field.index_value(statement) for field in index_fields()},
    }


@dataclass(frozen=True)
class SegmentInfo:
    """One segment of the index.

    Attributes:
        name: Whoosh's segment id.
        documents: Documents written in it, deleted ones included.
        deleted: Documents deleted from it since (still on disk until it is merged).
    """

    name: str
    documents: int
    deleted: int

    @property
    def live(self) -> int:
        """Documents in it that are not deleted."""
        return self.documents - self.deleted


class IndexStore:
    """The Whoosh index of one library.

    Searchers are reused between searches and refreshed after commits (a new
    searcher per query costs about twice as much). All search calls are
    expected from one thread at a time; writes go through :meth:`writer`.
    """

    def __init__(self, folder: Path, read_only: bool = False) -> None:
        self.folder = folder
        self.read_only = read_only
        self._ix = None
        self._searcher = None
        self._lock = threading.RLock()
        self.generation = 0  # bumps with every commit made through this store
        self._searcher_generation = -1

    # -- opening ------------------------------------------------------------

    def open(self, create: bool = True) -> bool:
        """Opens the index, creating it when absent.

        Returns:
            True if an empty index was created (the caller should fill it).

        Raises:
            IndexDamaged: The index exists but cannot be read.
        """
        if not self.read_only:
            self.folder.mkdir(parents=True, exist_ok=True)
        try:
            # exists_in reads the table of contents itself, so junk there raises here.
            exists = whoosh_index.exists_in(str(self.folder), indexname=INDEX_NAME)
        except Exception as exc:
            raise IndexDamaged(
                f"The search index in {self.folder} is damaged ({type(exc).__name__}: {exc}). "
                "It can be rebuilt from the catalogue."
            ) from exc
        if exists:
            try:
                self._ix = whoosh_index.open_dir(str(self.folder), indexname=INDEX_NAME, readonly=self.read_only)
                self._ix.doc_count()
                return False
            except MemoryError:
                raise  # not damage: a rebuild would not help, and must not be offered
            except Exception as exc:  # Whoosh raises many kinds on a damaged segment
                raise IndexDamaged(
                    f"The search index in {self.folder} is damaged ({type(exc).__name__}: {exc}). "
                    "It can be rebuilt from the catalogue."
                ) from exc
        if not create:
            raise IndexDamaged(f"There is no search index in {self.folder}.")
        self._ix = whoosh_index.create_in(str(self.folder), build_schema(), indexname=INDEX_NAME)
        return True

    def recreate(self) -> None:
        """Deletes the index files and creates an empty index."""
        self.close()
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        self._ix = whoosh_index.create_in(str(self.folder), build_schema(), indexname=INDEX_NAME)
        self.generation += 1

    def close(self) -> None:
        """Closes the searcher and the index."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            if self._ix is not None:
                self._ix.close()
                self._ix = None

    # -- writing ------------------------------------------------------------

    def open_writer(self, timeout: float = 10.0) -> FastSegmentWriter:
        """Opens a writer; finish it with :meth:`finish_writer`.

        Args:
            timeout: Seconds to wait for another writer to finish.

        Raises:
            IndexLocked: Another writer kept the lock past the timeout.
        """
        try:
            return FastSegmentWriter(self._ix, timeout=timeout, limitmb=WRITER_LIMIT_MB)
        except LockError as exc:
            raise IndexLocked(
                "The search index is being written by another Chancery process. Wait for it to finish."
            ) from exc

    def finish_writer(self, writer: IndexWriter, commit: bool, merge: bool = True) -> None:
        """Commits (or cancels) a writer from :meth:`open_writer`.

        Args:
            writer: The open writer.
            commit: Commit (True) or cancel (False).
            merge: Let Whoosh merge small segments. A long import passes False
                for its intermediate batches (each merge rewrites what the
                last one wrote).
        """
        if commit:
            writer.commit(merge=merge)
            self.generation += 1
        else:
            writer.cancel()

    def commit_segments(self, segments: list[StagedSegment], delete_ids: Iterable[str] = (),
                        writer: FastSegmentWriter | None = None, replacing: frozenset[str] = frozenset()) -> None:
        """Adds segments written elsewhere (by import workers) in one commit.

        Args:
            segments: Finished segments with their files, outside the index folder.
            delete_ids: Documents to delete first: older versions of documents
                the segments hold again.
            writer: An open writer whose own documents commit along (else one is opened).
            replacing: Ids of segments that leave the index in this commit
                (merged: ``segments`` hold their documents again).
        """
        writer = writer or self.open_writer()
        try:
            self.delete(writer, delete_ids)
            for staged in segments:
                for path in staged.files:
                    os.replace(path, self.folder / path.name)
        except BaseException:
            writer.cancel()
            raise
        writer.commit_with_segments([staged.segment for staged in segments], replacing)
        self.generation += 1

    @contextmanager
    def writer(self, timeout: float = 10.0) -> Iterator[IndexWriter]:
        """A writer that commits on success and cancels on any error (see :meth:`open_writer`)."""
        writer = self.open_writer(timeout)
        try:
            yield writer
        except BaseException:
            self.finish_writer(writer, commit=False)
            raise
        self.finish_writer(writer, commit=True)

    def add(self, writer: IndexWriter, statements: Iterable[Statement]) -> int:
        """Adds or replaces statements in an open writer."""
        count = 0
        for statement in statements:
            writer.update_document(**fields_for(statement))
            count += 1
        return count

    @staticmethod
    def delete(writer: IndexWriter, doc_ids: Iterable[str]) -> None:
        """Removes documents by id."""
        for doc_id in doc_ids:
            writer.delete_by_term("id", doc_id)

    # -- reading ------------------------------------------------------------

    def searcher(self):
        """The shared searcher, refreshed if the index changed since."""
        with self._lock:
            if self._searcher is not None and self._searcher_generation != self.generation:
                # Our own commit: a deletion-only commit keeps the TOC generation
                # in this Whoosh release, so refresh() would miss it.
                self._searcher.close()
                self._searcher = None
            if self._searcher is None:
                self._searcher = self._ix.searcher()
                self._searcher_generation = self.generation
            elif self._searcher.reader().doc_count_all() == 0:
                # Whoosh cannot refresh the searcher of an empty index; a new one costs nothing.
                self._searcher.close()
                self._searcher = self._ix.searcher()
            else:
                self._searcher = self._searcher.refresh()  # commits by other processes
            return self._searcher

    def last_searcher(self):
        """The searcher the last search used, not refreshed: for caches within a search (a refresh lists the folder)."""
        with self._lock:
            return self._searcher if self._searcher is not None else self.searcher()

    def fresh_reader(self):
        """A reader of its own, for work on another thread than the searches' (the caller closes it)."""
        return self._ix.reader()

    def stray_files(self) -> list[Path]:
        """Segment files the index does not use (a segment an interrupted commit left), and staged imports.

        Old tables of contents are not counted: Whoosh removes them at its next
        commit, once no reader holds them.
        """
        from whoosh.index import TOC

        used = {segment.segment_id() for segment in self._ix._segments()}
        pattern = TOC._segment_pattern(INDEX_NAME)
        stray = []
        for path in sorted(self.folder.iterdir()):
            if path.name == ".incoming":
                stray.append(path)
                continue
            match = pattern.match(path.name)
            if match and match.group(1) not in used:
                stray.append(path)
        return stray

    def remove_stray(self, paths: Iterable[Path]) -> int:
        """Deletes files :meth:`stray_files` found; returns how many went."""
        removed = 0
        for path in paths:
            try:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed += 1
            except OSError as exc:
                log.warning("could not remove %s: %s", path, exc)
        return removed

    def segments(self) -> list[SegmentInfo]:
        """The index's segments as its table of contents lists them, read afresh."""
        return [SegmentInfo(segment.segment_id(), segment.doc_count_all(), segment.deleted_count())
                for segment in self._ix._segments()]

    def segment_ids(self, segment_id: str) -> list[str]:
        """Ids of the live documents in one segment (empty if the index no longer has it)."""
        from whoosh.reading import SegmentReader

        segment = next((s for s in self._ix._segments() if s.segment_id() == segment_id), None)
        if segment is None:
            return []
        reader = SegmentReader(self._ix.storage, self._ix.schema, segment)
        try:
            column = reader.column_reader("id")
            return [term_text(column[docnum]) for docnum in range(segment.doc_count_all())
                    if not segment.is_deleted(docnum)]
        finally:
            reader.close()

    def doc_count(self) -> int:
        """Number of live documents in the index."""
        return self._ix.doc_count()

    def indexed_ids(self) -> set[str]:
        """Ids of every live document in the index."""
        searcher = self.searcher()
        reader = searcher.reader()
        return {term_text(stored["id"]) for _docnum, stored in reader.iter_docs()}
