"""Keeps the interpreter's full garbage collections short while the window is in use.

A library of 100,000 statements keeps large structures for as long as its index is open: every
segment's table (statement ids, lengths, sort keys), the facet sets and their layouts, the
completion tables. Python's collector walks all of them on each full collection: 45–75 ms at
99,566 statements, during which no other thread runs Python. One landing while a query is typed
was the window's longest stall.

So when the window is idle after the caches are built (its first results, a finished import or
merge), and whenever a full collection has been slow since, the objects alive are collected once
and then frozen (:func:`gc.freeze`): later collections pass over them. Each settling first
unfreezes what the previous one froze, so cycles that have become garbage since are freed too.
Until the window is idle, the first few searches after opening or a change freeze what is alive
without collecting (garbage among it waits for the settling).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger("chancery.desktop")

IDLE_MS = 2000  # quiet for this long after a search before settling (a person reading, not typing)
SLOW_COLLECTION_MS = 15.0  # a full collection this long calls for another settling
QUICK_FREEZES = 3  # searches after opening or a change whose objects are frozen before the window is idle


class HeapSettler(QObject):
    """Freezes the long-lived objects at idle moments so full collections stay short.

    Args:
        busy: Whether the window's background reads are running (a settling waits for them).
        idle_ms: How long things must be quiet before a settling.

    Signals:
        settled(float): a settling is done; the milliseconds it took.
    """

    settled = Signal(float)

    def __init__(self, busy: Callable[[], bool], parent=None, idle_ms: int = IDLE_MS) -> None:
        super().__init__(parent)
        self._busy = busy
        self._thread: threading.Thread | None = None
        self.slow_ms = SLOW_COLLECTION_MS
        self.settles = 0
        self._owed = True  # the window's first caches are being built
        self._quick_freezes = QUICK_FREEZES
        self._started = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(idle_ms)
        self._timer.timeout.connect(self._settle)
        callback = self._callback = _collection_watcher(weakref.ref(self))
        gc.callbacks.append(callback)
        self.destroyed.connect(lambda *_: _forget(callback))

    def activity(self, *_args) -> None:
        """A key was typed or a search shown: settle once things are quiet, if a settling is owed."""
        if self._owed:
            self._timer.start()

    def searched(self, *_args) -> None:
        """A search was shown; its caches may be new (the first searches after opening or a change build them).

        Until the window is idle, what is alive after each of the first few such searches is frozen as it
        is, without a collection (that takes no time), so a person typing on at once does not wait for a
        settling. Garbage among it waits for the settling: only a few are frozen so, or garbage frozen at
        every search of a long spell of typing would add up.
        """
        if self._owed and self._quick_freezes:
            gc.freeze()
            self._quick_freezes -= 1
        self.activity()

    def wait_for(self, thread: threading.Thread) -> None:
        """A settling also waits for ``thread`` (building caches that should be frozen with the rest)."""
        self._thread = thread

    def changed(self, *_args) -> None:
        """The library changed (an import, a merge): its new caches will be built, so settle afterwards."""
        self._owed = True
        self._quick_freezes = QUICK_FREEZES
        self._timer.start()

    def release(self) -> None:
        """Stops settling and unfreezes what was frozen (the window is closing)."""
        self._timer.stop()
        self._owed = False
        _forget(self._callback)
        gc.unfreeze()

    def _collected(self, phase: str, info: dict) -> None:
        # Runs on whichever thread collected: it only notes the time, never touches Qt.
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        elif (time.perf_counter() - self._started) * 1000 > self.slow_ms:
            self._owed = True

    def _settle(self) -> None:
        if not self._owed:
            return
        if self._busy() or (self._thread is not None and self._thread.is_alive()):
            self._timer.start()
            return
        started = time.perf_counter()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._owed = False  # after: this collection of everything was slow too, and owes nothing
        self.settles += 1
        ms = (time.perf_counter() - started) * 1000
        log.debug("settled the heap in %.0f ms: %d objects frozen", ms, gc.get_freeze_count())
        self.settled.emit(ms)


def install_heap_settling(window) -> HeapSettler:
    """A settler for the main window: quiet means no search running, no key typed for a while."""
    settler = HeapSettler(window.searches.busy, window)
    window.search_finished.connect(settler.searched)
    window.search_box.textEdited.connect(settler.activity)
    window.import_panel.import_finished.connect(settler.changed)  # its merge follows, with its own change
    window.import_panel.merge_finished.connect(settler.changed)
    return settler


def _collection_watcher(owner: weakref.ref) -> Callable[[str, dict], None]:
    """A ``gc.callbacks`` entry that reaches the settler weakly (the callbacks list must not keep it)."""

    def watch(phase: str, info: dict) -> None:
        settler = owner()
        if settler is not None:
            settler._collected(phase, info)

    return watch


def _forget(callback) -> None:
    if callback in gc.callbacks:
        gc.callbacks.remove(callback)
