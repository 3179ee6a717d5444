"""The pinned Qt binding survives the app's own rhythm: thousands of signals in one session.

PySide6 6.12.0 released one reference to ``True`` every time a signal reached
a Python slot; after a few thousand progress signals an import ended with
"Fatal Python error: bool_dealloc". An upgrade must pass this test.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    bare = Signal()
    value = Signal(object)
    flag = Signal(bool)


def test_signals_to_python_slots_keep_reference_counts(qapp):
    emitter = _Emitter()
    received: list[object] = []
    emitter.bare.connect(lambda: received.append(None))
    emitter.value.connect(received.append)
    emitter.flag.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for number in range(2000):
        emitter.bare.emit()
        emitter.value.emit(number % 2 == 0)
        emitter.flag.emit(False)
    assert len(received) == 6000
    received.clear()
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
