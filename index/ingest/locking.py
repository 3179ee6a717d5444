"""A cross-process lock file, so two imports into one library never interleave."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

from index.errors import IndexLocked

if os.name == "nt":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(handle) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(handle) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def exclusive(path: Path, timeout: float | None = None, on_wait=None):
    """Holds an exclusive lock on ``path`` for the duration of the block.

    The operating system releases the lock if the process dies, so a killed
    import never leaves a stale lock behind.

    Args:
        path: The lock file (created if missing).
        timeout: Seconds to wait; None waits for as long as it takes.
        on_wait: Called once if the lock is busy, before waiting.

    Raises:
        IndexLocked: The lock was still held when ``timeout`` ran out.
    """
    handle = open(path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        waited = False
        while not _try_lock(handle):
            if not waited and on_wait is not None:
                on_wait()
            waited = True
            if deadline is not None and time.monotonic() >= deadline:
                raise IndexLocked()
            time.sleep(0.1)
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()


class HeldLock:
    """A lock kept for as long as a window is open; released by :meth:`release` or by the process ending."""

    def __init__(self, handle) -> None:
        self._handle = handle

    def release(self) -> None:
        """Gives the lock up."""
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None


def try_hold(path: Path) -> HeldLock | None:
    """Takes the lock on ``path`` if it is free and keeps it; None when another process holds it."""
    try:
        handle = open(path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
    except OSError:
        return None
    if _try_lock(handle):
        return HeldLock(handle)
    handle.close()
    return None
