"""What the benchmark measures beside the import: memory of a process tree, files changing under it, per-file time.

Memory is read from ``/proc`` (Linux): a thread samples the resident size of
the importing process and of every process below it (the import workers)
several times a second, and keeps each one's high-water mark (``VmHWM``).
"""

from __future__ import annotations

import json
import os
import random
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.1


def _status(pid: int) -> dict[str, int]:
    values = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    values[line[:5]] = int(line.split()[1]) * 1024
    except OSError:
        pass
    return values


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(name))
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        for child in children.get(pid, []):
            found.append(child)
            waiting.append(child)
    return found


@dataclass
class MemorySampler:
    """Samples a process and its descendants until stopped.

    Attributes:
        peak_total: Largest sum of resident sizes seen at one moment (bytes).
        peaks: High-water mark of each process seen, by pid.
    """

    pid: int
    peak_total: int = 0
    peaks: dict[int, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @staticmethod
    def available() -> bool:
        """True where ``/proc`` tells memory (Linux)."""
        return Path("/proc/self/status").exists()

    def start(self) -> None:
        """Starts sampling in a thread."""
        self._thread = threading.Thread(target=self._run, name="memory-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Takes a last sample and stops."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in [self.pid, *_descendants(self.pid)]:
                values = _status(pid)
                total += values.get("VmRSS", 0)
                if "VmHWM" in values:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), values["VmHWM"])
            self.peak_total = max(self.peak_total, total)
            self._stop.wait(SAMPLE_SECONDS)

    def worker_peaks(self) -> list[int]:
        """High-water marks of the processes below the sampled one."""
        return [peak for pid, peak in self.peaks.items() if pid != self.pid]


class Churner:
    """Deletes, rewrites, truncates and replaces a set of files over and over while an import runs.

    Args:
        paths: The files to change.
        seed: For the sequence of changes.
        walked: True once the importer has listed the folder; files are deleted
            only from then on, so each was seen and must get a statement or a reason.
    """

    def __init__(self, paths: list[str], seed: int, walked: Callable[[], bool] = lambda: True) -> None:
        self.paths = paths
        self.walked = walked
        self.originals = {path: Path(path).read_bytes() for path in paths}
        self.rnd = random.Random(seed)
        self.changes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="churner", daemon=True)

    def start(self) -> None:
        """Starts changing files in a thread."""
        if self.paths:
            self._thread.start()

    def stop(self) -> None:
        """Stops, and puts every file back as it was so the timing pass can read it."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        for path, data in self.originals.items():
            Path(path).write_bytes(data)

    def _run(self) -> None:
        rnd = self.rnd
        while not self._stop.is_set():
            path = Path(rnd.choice(self.paths))
            original = self.originals[str(path)]
            try:
                operation = rnd.randrange(5)
                if operation == 0 and self.walked():
                    path.unlink(missing_ok=True)
                elif operation == 1:
                    path.write_bytes(original[: rnd.randrange(len(original))])
                elif operation == 2:
                    with path.open("r+b" if path.exists() else "wb") as handle:
                        handle.truncate(rnd.randrange(len(original)))
                elif operation == 3:
                    hidden = path.with_name(f".{path.name}.new")  # hidden names are never imported
                    hidden.write_bytes(original + rnd.randbytes(64))
                    os.replace(hidden, path)
                else:
                    path.write_bytes(original)
                self.changes += 1
            except OSError:
                pass
            self._stop.wait(0.002)


@dataclass
class Timing:
    """How long reading one file took in a process of its own (``None``: stopped by the watchdog)."""

    seconds: float | None
    outcome: str


def time_files(script: Path, items: list[tuple[int, str]], env: dict[str, str], watchdog: float,
               processes: int = 2) -> dict[int, Timing]:
    """Reads each file as an import worker does, timing each, in ``processes`` child processes.

    A child that spends more than ``watchdog`` seconds on one file is killed;
    the file is recorded as stopped and a new child goes on after it.
    """
    results: dict[int, Timing] = {}
    shares = [items[number::processes] for number in range(processes)]
    threads = [threading.Thread(target=_time_share, args=(script, share, env, watchdog, results))
               for share in shares if share]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _time_share(script: Path, share: list[tuple[int, str]], env: dict[str, str], watchdog: float,
                results: dict[int, Timing]) -> None:
    pending = list(share)
    while pending:
        listing = Path(env["HOSTILE_WORK"]) / f"timing-{threading.get_ident()}.json"
        listing.write_text(json.dumps(pending), encoding="utf-8", errors="surrogateescape")
        child = subprocess.Popen([sys.executable, str(script), "--time-child", str(listing)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        current, started = None, time.monotonic()
        while True:
            ready, _, _ = select.select([child.stdout], [], [], 1.0)
            if ready:
                line = child.stdout.readline()
                if not line:
                    break
                tag, key, *rest = line.rstrip("\n").split("\t")
                if tag == "S":
                    current, started = int(key), time.monotonic()
                else:
                    results[int(key)] = Timing(float(rest[0]), rest[1])
                    pending = [item for item in pending if item[0] != int(key)]
                    current = None
            elif current is not None and time.monotonic() - started > watchdog:
                child.kill()
                results[current] = Timing(None, f"still reading after {watchdog:.0f} s (stopped)")
                pending = [item for item in pending if item[0] != current]
                break
        child.wait()
        if current is not None and current not in results:  # the child died on this file
            results[current] = Timing(None, f"the timing process died (exit code {child.returncode})")
            pending = [item for item in pending if item[0] != current]
