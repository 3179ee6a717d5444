"""What an import did and where it stands: the report, its problems, the progress."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImportProblem:
    """A file that was skipped or imported only in part."""

    path: str
    reason: str
    skipped: bool = True


@dataclass
class ImportProgress:
    """Where an import stands; sent to the progress callback."""

    done: int = 0
    total: int = 0
    current: str = ""
    started: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        """Files per second so far."""
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """Estimated seconds to go, or None before there is a rate."""
        rate = self.rate
        return (self.total - self.done) / rate if rate > 0 and self.done else None


@dataclass
class ImportReport:
    """What an import did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    relocated: int = 0  # known bytes at a new path: moved, renamed or duplicated
    missing: int = 0
    removed: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0
    files: int = 0

    @property
    def imported(self) -> int:
        """Documents added or updated."""
        return self.added + self.updated

    def summary(self) -> str:
        """One line for a status bar or a terminal."""
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.relocated:
            parts.append(f"{self.relocated} moved or duplicate")
        if self.missing:
            parts.append(f"{self.missing} missing")
        if self.removed:
            parts.append(f"{self.removed} removed")
        skipped = sum(1 for p in self.problems if p.skipped)
        if skipped:
            parts.append(f"{skipped} skipped")
        partial = len(self.problems) - skipped
        if partial:
            parts.append(f"{partial} with warnings")
        text = ", ".join(parts) + f" in {self.seconds:.1f} s"
        return ("Cancelled: " + text) if self.cancelled else text
