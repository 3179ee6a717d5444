"""The library's audit methods: fixity checks, the integrity check, backups and each statement's history.

:class:`AuditMethods` is a part of :class:`~index.library.Library`, kept apart
so each module stays readable.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.audit import backup as backups
from index.audit.events import Event, history
from index.audit.fixity import FixityReport, last_verification, verify
from index.audit.integrity import CheckReport, check

Progress = Callable[[int, int], None]


class AuditMethods:
    """Fixity, integrity, backups and history of a library (mixed into :class:`Library`)."""

    def verify(self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> FixityReport:
        """Hashes every known file again and reports what changed, went missing or moved.

        The outcome is kept per file and per library and written to each statement's history.
        """
        return verify(self, progress, cancelled)

    def last_verification(self) -> dict | None:
        """``{"at", "counts", "passed", "cancelled"}`` of the last fixity check, or None."""
        return last_verification(self)

    def check(self, repair: bool = False) -> CheckReport:
        """SQLite's integrity check, the index against the catalogue, stray index files; optionally repairs."""
        return check(self, repair)

    def backup(self, target: Path, progress: Progress | None = None) -> int:
        """Writes the catalogue (everything but the index, which it rebuilds) to one file; returns its size."""
        return backups.backup(self, target, progress)

    @staticmethod
    def restore(backup_file: Path, folder: Path, progress: Progress | None = None, set_aside: bool = False):
        """Makes a new library in ``folder`` from a backup, its index rebuilt; returns it, open.

        With ``set_aside`` a damaged library in ``folder`` is moved into a ``damaged-…`` folder first.
        """
        return backups.restore(backup_file, folder, progress, set_aside)

    def history(self, doc_id: str | None) -> list[Event]:
        """A statement's events (imports, changes, moves, corrections, fixity checks), oldest first."""
        return history(self.catalogue.transaction(), doc_id)
