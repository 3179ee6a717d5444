"""Workbench actions off the GUI thread: one writer thread, progress for big ones, one signal when done.

Every change the archivist makes (a tag, a note, a correction, an undo) runs
here in order, never on the GUI thread: tagging 50,000 results or
re-indexing after a library-wide correction takes seconds. When an action is
done, :attr:`changed` says so and the window shows the new state. Changes
made by another process (``chancery tag`` in a terminal while the window is
open) are noticed by polling the workbench's generation number.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.worker import Worker, single_thread_pool
from index import Library

log = logging.getLogger("chancery.desktop")

POLL_MS = 2000  # how often to look for changes made by other processes
READ_ONLY = "This library is open read-only: tags, collections, notes and corrections cannot be changed here."


class WorkbenchController(QObject):
    """Runs workbench actions on one background thread.

    Signals:
        changed(str): an action finished (its description), or another process
            changed the workbench ("").
        failed(str): an action could not be done; the message is for people.
        progress(int, int): done and total of a long action.
        busy(bool): an action started or all are done.
    """

    changed = Signal(str)
    failed = Signal(str)
    progress = Signal(int, int)
    busy = Signal(bool)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._pool = single_thread_pool(self)
        self._workers: set[Worker] = set()
        self._seen = self._generation()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.check_for_changes)
        self._timer.start()

    @property
    def writable(self) -> bool:
        """Whether the workbench can be changed (not on a read-only library)."""
        return self.library.workbench.writable

    def _generation(self) -> int:
        try:
            return self.library.workbench.generation()
        except Exception:  # a library being closed or switched: nothing to watch
            return -1

    def check_for_changes(self) -> None:
        """Emits :attr:`changed` when another process changed the workbench since last looked."""
        if self._workers:
            return  # our own action is under way; its end refreshes
        generation = self._generation()
        try:
            elsewhere = self.library.changed_elsewhere()  # an import or a tag from the command line
        except Exception:  # the library is being closed or switched
            elsewhere = False
        if generation != self._seen or elsewhere:
            self._seen = generation
            self.changed.emit("")

    def _forget_own_writes(self) -> None:
        with contextlib.suppress(Exception):  # the library is being closed
            self.library.changed_elsewhere()  # this action's own writes are not news

    def run(self, label: str, work: Callable[[Callable[[int, int], None]], Any],
            done: Callable[[Any], None] | None = None) -> None:
        """Runs ``work(progress)`` off the GUI thread; ``done(result)`` then runs on the GUI thread.

        Args:
            label: What the action does (for the status bar).
            work: The action; it may call ``progress(done, total)``.
            done: Called with the action's result when it succeeded.
        """
        if not self.writable:
            self.failed.emit(READ_ONLY)
            return
        worker = Worker(lambda: work(lambda done, total: worker.report((done, total))))
        self._workers.add(worker)
        worker.signals.progress.connect(lambda value: self.progress.emit(*value))
        worker.signals.finished.connect(lambda result: self._finished(worker, label, result, done))
        worker.signals.failed.connect(lambda message, _details: self._failed(worker, message))
        self.busy.emit(True)
        self._pool.start(worker)

    def _finished(self, worker: Worker, label: str, result, done) -> None:
        self._workers.discard(worker)
        self._seen = self._generation()
        self._forget_own_writes()
        if done is not None:
            done(result)
        self.changed.emit(label)
        if not self._workers:
            self.busy.emit(False)

    def _failed(self, worker: Worker, message: str) -> None:
        self._workers.discard(worker)
        self._seen = self._generation()
        self._forget_own_writes()
        self.failed.emit(message)
        if not self._workers:
            self.busy.emit(False)

    def shutdown(self, msecs: int = 10000) -> None:
        """Stops polling and waits for a running action (the window is closing)."""
        self._timer.stop()
        self._pool.waitForDone(msecs)
