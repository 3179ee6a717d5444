"""How long the GUI thread stalls while a query is typed key by key.

Usage:
    python bench/gui_latency.py [--library DIR] [--query "trade corridor cooperation"] [--rounds 5]

Opens the main window offscreen on a library (default: a temporary library of
the bundled samples; pass the search benchmark's library for a real archive),
types the query one key every 60 ms with QTest, and measures the longest gap
between ticks of a 5 ms timer on the GUI thread. Prints the longest and the
95th-percentile gap per round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TICK_MS = 5
KEY_INTERVAL_MS = 60


def _measure_round(window, query: str) -> tuple[list[float], float]:
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
    typer.start()
    loop.exec()
    ticker.stop()
    window.search_finished.disconnect(loop.quit)
    return sorted(gaps), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--library", type=Path)
    parser.add_argument("--query", default="trade corridor cooperation energy")
    parser.add_argument("--rounds", type=int, default=5)
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

    for round_number in range(1, args.rounds + 1):
        stalls, seconds = _measure_round(window, args.query)
        p95 = stalls[int(len(stalls) * 0.95) - 1] if stalls else 0.0
        total = window.last_result.total if window.last_result else 0
        print(f"round {round_number}: longest GUI-thread gap {max(stalls):.1f} ms, p95 {p95:.1f} ms, "
              f"median {statistics.median(stalls):.1f} ms over {len(stalls)} ticks "
              f"({seconds:.1f} s, {total} results)")
    window.close()
    library.close()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
