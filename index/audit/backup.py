"""Backups: the whole catalogue (documents, text, metadata and all the archivist's work) in one file.

A backup is a copy of ``catalogue.sqlite3`` made with SQLite's online backup
API, so it is consistent even while the window or an import has the library
open. The index is not in it: a restore rebuilds it from the catalogue.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
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


def _check_backup(backup_file: Path) -> None:
    """Refuses, before anything moves, a file that is no readable Chancery backup."""
    if not backup_file.is_file():
        raise LibraryError(f"There is no backup file {backup_file}.")
    try:
        conn = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        try:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone():
                raise LibraryError(f"{backup_file} is not a Chancery backup (it holds no catalogue).")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{backup_file} cannot be read as a Chancery backup: {exc}") from exc


def restore(backup_file: Path, folder: Path, progress: Callable[[int, int], None] | None = None,
            set_aside: bool = False):
    """Makes a library in ``folder`` from a backup, index included; returns the open library.

    Args:
        backup_file: The backup.
        folder: Where the library goes.
        progress: ``progress(done, total)`` while the index is rebuilt.
        set_aside: ``folder`` holds a damaged library: move its catalogue into a
            ``damaged-…`` folder beside (never deleted) and drop its index (derived), then restore.

    Raises:
        LibraryError: The file is no Chancery backup, is damaged, or ``folder`` already holds a library.
    """
    from index.library import CATALOGUE_FILE, INDEX_FOLDER, Library

    backup_file, folder = Path(backup_file), Path(folder)
    _check_backup(backup_file)
    if set_aside and (folder / CATALOGUE_FILE).exists():
        aside = folder / f"damaged-{time.strftime('%Y%m%d-%H%M%S')}"
        aside.mkdir()
        for path in folder.iterdir():
            if path.name.startswith(CATALOGUE_FILE):
                path.rename(aside / path.name)
        shutil.rmtree(folder / INDEX_FOLDER, ignore_errors=True)
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
