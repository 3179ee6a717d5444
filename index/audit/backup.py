"""Backups: the whole catalogue (documents, text, metadata and all the archivist's work) in one file.

A backup is a copy of ``catalogue.sqlite3`` made with SQLite's online backup
API, so it is consistent even while the window or an import has the library
open. The index is not in it: a restore rebuilds it from the catalogue.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from index.audit.events import record
from index.errors import LibraryError

if TYPE_CHECKING:
    from index.library import Library

PAGES = 2048  # pages copied between two progress reports


def _copy(source: sqlite3.Connection, target: Path, progress: Callable[[int, int], None] | None) -> None:
    """Writes a consistent copy of ``source`` to ``target`` (atomically: a temporary file, then a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".chancery-backup-", dir=target.parent)
    os.close(handle)
    try:
        copy = sqlite3.connect(temporary)
        try:
            source.backup(copy, pages=PAGES,
                          progress=(lambda _status, left, total: progress(total - left, total)) if progress else None)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no write-ahead log beside it
        finally:
            copy.close()
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def backup(library: Library, target: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Writes a backup of the library's catalogue to ``target``; returns its size in bytes.

    Raises:
        LibraryError: The backup could not be written (the message says why).
    """
    target = Path(target)
    try:
        source = sqlite3.connect(f"file:{library.catalogue.path}?mode=ro", uri=True, timeout=30)
        try:
            _copy(source, target, progress)
        finally:
            source.close()
    except (OSError, sqlite3.Error) as exc:
        raise LibraryError(f"The backup could not be written to {target}: {exc}. Nothing was changed.") from exc
    if not library.read_only:
        conn = library.catalogue.transaction()
        with conn:
            record(conn, [(None, "backed up", str(target), "")])
    return target.stat().st_size


def restore(backup_file: Path, folder: Path, progress: Callable[[int, int], None] | None = None):
    """Makes a library in ``folder`` from a backup, index included; returns the open library.

    Raises:
        LibraryError: The file is no Chancery backup, is damaged, or ``folder`` already holds a library.
    """
    from index.library import CATALOGUE_FILE, Library

    backup_file, folder = Path(backup_file), Path(folder)
    if (folder / CATALOGUE_FILE).exists():
        raise LibraryError(f"{folder} already holds a library; restore into a new, empty folder.")
    try:
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise LibraryError(f"The backup {backup_file} is damaged (SQLite's integrity check failed).")
            if not source.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone():
                raise LibraryError(f"{backup_file} is not a Chancery backup (it holds no catalogue).")
            _copy(source, folder / CATALOGUE_FILE, None)
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{backup_file} cannot be read as a Chancery backup: {exc}") from exc
    library = Library.open(folder, progress=progress)  # an older backup is migrated; the index is rebuilt
    conn = library.catalogue.transaction()
    with conn:
        record(conn, [(None, "restored", f"from {backup_file}", "")])
    return library
