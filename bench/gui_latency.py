"""How long the GUI thread stalls while a query is typed key by key.

Usage:
    python bench/gui_latency.py [--library DIR] [--query "trade corridor cooperation"] [--rounds 5]

Opens the main window offscreen on a library (default: a temporary library of
the bundled samples; pass the search benchmark's library for a real archive),
waits for its first results (asked for as the application asks when it opens),
types the query one key every 60 ms with QTest (after ``--pause`` seconds
without typing, if given), and measures the longest gap
between ticks of a 5 ms timer on the GUI thread. Prints the longest and the
95th-percentile gap per round.

With ``--stacks``, a thread watches the ticks and, while one is more than 25 ms late,
samples the GUI thread's Python stack every 2 ms; the most frequent stacks of each round
are printed, the other threads' beside them. A GUI stack ending in the event loop means
the GUI thread was in Qt's own code (layout, painting) or waiting for the interpreter,
which another thread holds through any one long call into C (a sort, a join).
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import statistics
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TICK_MS = 5
KEY_INTERVAL_MS = 60
LATE_MS = 25


class StackSampler(threading.Thread):
    """Samples the GUI thread's Python stack while its ticks are late."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.gui = threading.main_thread().ident
        self.last_tick = time.perf_counter()
        self.stacks: collections.Counter[str] = collections.Counter()
        self.running = True
        self.active = False  # only while a round is typed
        self.collections: list[tuple[int, float]] = []  # (generation, ms) of the round's garbage collections
        self._collecting = 0.0
        gc.callbacks.append(self._collected)

    def _collected(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._collecting = time.perf_counter()
        elif self.active:
            self.collections.append((info["generation"], (time.perf_counter() - self._collecting) * 1000))

    def tick(self) -> None:
        self.last_tick = time.perf_counter()

    def run(self) -> None:
        while self.running:
            time.sleep(0.002)
            if not self.active or (time.perf_counter() - self.last_tick) * 1000 < LATE_MS:
                continue
            for ident, frame in sys._current_frames().items():
                if ident == self.ident:
                    continue
                name = "GUI" if ident == self.gui else "other"
                lines = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in traceback.extract_stack(frame)[-5:]]
                del frame  # held, it would keep the sampled call's locals (a QPainter) alive past its return
                self.stacks[f"{name}: " + " > ".join(lines)] += 1

    def report(self, top: int = 8) -> None:
        """Prints the most sampled stacks and forgets them."""
        for stack, count in self.stacks.most_common(top):
            print(f"    {count * 2:4d} ms  {stack}")
        self.stacks.clear()
        for generation in (0, 1, 2):
            times = [ms for gen, ms in self.collections if gen == generation]
            if times:
                print(f"    garbage collections of generation {generation}: {len(times)}, "
                      f"{sum(times):.1f} ms in all, longest {max(times):.1f} ms")
        self.collections.clear()


def _measure_round(window, query: str, sampler: StackSampler | None = None) -> tuple[list[float], float]:
    """Types ``query`` key by key; returns the sorted gaps between timer ticks and the seconds taken."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtTest import QTest

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now
        if sampler is not None:
            sampler.tick()

    ticker = QTimer()
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(tick)
    ticker.start()
    window.search_box.clear()
    keys = iter(query)
    loop = QEventLoop()
    typer = QTimer()
    typer.setInterval(KEY_INTERVAL_MS)

    def type_next() -> None:
        key = next(keys, None)
        if key is None:
            typer.stop()
            window.search_finished.connect(loop.quit)
            QTimer.singleShot(3000, loop.quit)
            return
        QTest.keyClicks(window.search_box, key)

    typer.timeout.connect(type_next)
    started = time.perf_counter()
    if sampler is not None:
        sampler.tick()
        sampler.active = True
    typer.start()
    loop.exec()
    ticker.stop()
    if sampler is not None:
        sampler.active = False
    window.search_finished.disconnect(loop.quit)
    return sorted(gaps), time.perf_counter() - started


def _first_results(window) -> None:
    """Asks for the window's first results as the application does when it opens, and waits for them."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    window.search_finished.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    started = time.perf_counter()
    window.search_now()
    loop.exec()
    window.search_finished.disconnect(loop.quit)
    print(f"first results after {(time.perf_counter() - started) * 1000:.0f} ms")


def _wait(seconds: float) -> None:
    """Runs the event loop for ``seconds`` (the window's timers fire; nothing is typed)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--library", type=Path)
    parser.add_argument("--query", default="trade corridor cooperation energy")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds to wait before each round, as a person reads the results before typing again")
    parser.add_argument("--stacks", action="store_true", help="print the GUI thread's stacks while it stalls")
    args = parser.parse_args()

    from desktop.app import application
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from index import Library

    application()
    tmp = tempfile.TemporaryDirectory()
    if args.library:
        library = Library.open(args.library)
    else:
        library = Library.open(Path(tmp.name) / "library")
        library.import_samples()
    window = MainWindow(library, Settings(str(Path(tmp.name) / "settings.ini")))
    window.resize(1360, 860)
    window.show()
    print(f"library: {library.folder} ({library.count()} statements)")
    _first_results(window)

    sampler = StackSampler() if args.stacks else None
    if sampler is not None:
        sampler.start()
    for round_number in range(1, args.rounds + 1):
        if args.pause:
            _wait(args.pause)
        stalls, seconds = _measure_round(window, args.query, sampler)
        p95 = stalls[int(len(stalls) * 0.95) - 1] if stalls else 0.0
        total = window.last_result.total if window.last_result else 0
        print(f"round {round_number}: longest GUI-thread gap {max(stalls):.1f} ms, p95 {p95:.1f} ms, "
              f"median {statistics.median(stalls):.1f} ms over {len(stalls)} ticks "
              f"({seconds:.1f} s, {total} results)")
        if sampler is not None:
            sampler.report()
    window.close()
    library.close()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
