"""The one way long work leaves the GUI thread: a QRunnable with signals.

The work is a plain function from ``documents``/``index``; it never touches
widgets. Progress and the result come back as queued signals, so slots run
on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("chancery.desktop")


class WorkerSignals(QObject):
    """Signals of one :class:`Worker` (a QRunnable cannot have its own)."""

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str, str)  # message for people, technical details
    cancelled = Signal()


class Worker(QRunnable):
    """Runs ``fn(*args, **kwargs)`` on a thread pool.

    If ``fn`` accepts them, pass ``progress=worker.report`` and
    ``cancelled=worker.is_cancelled`` yourself when building the call.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.signals = WorkerSignals()
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Asks the work to stop at its next check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """Polled by the work between units."""
        return self._cancel.is_set()

    def report(self, value: Any) -> None:
        """Sends a progress value to the GUI thread."""
        self.signals.progress.emit(value)

    # Qt API
    def run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except Exception as exc:  # shown to the user once, by the caller's slot
            log.exception("background work failed")
            self.signals.failed.emit(str(exc) or type(exc).__name__, traceback.format_exc())
            return
        if self._cancel.is_set():
            self.signals.cancelled.emit()
        self.signals.finished.emit(result)


def single_thread_pool(parent: QObject) -> QThreadPool:
    """A pool that runs one job at a time, in order (searches, writes)."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(-1)
    return pool
