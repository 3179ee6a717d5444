"""Judging each generated file by what the import made of it, and the table that sums it up.

A file is

- **imported** when a statement came from it and nothing was said against it;
- **in part** when a statement came from it with a warning (text cut at a
  limit, pages skipped, bytes replaced);
- **skipped** when the report gives a reason it was not imported;
- **crashed** when the reason is an unexpected error or a worker that died,
  when the import hung, or when the file got neither a statement nor a reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hostile.corpus import FORMATS, Entry

# Reasons the importer gives only when something went wrong inside it.
_CRASH_REASONS = ("unexpected error", "stopped an import worker process")
# Reasons the import workers give when they stop a file at their time or memory limit.
LIMIT_REASON = "the limit for one file"


def displayed(path: str) -> str:
    """A path as the import report names it: bytes that are not UTF-8 shown as U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@dataclass
class Outcome:
    """What happened to one generated file."""

    status: str  # imported, in part, skipped, crashed
    reason: str = ""
    seconds: float | None = None  # reading time in a process of its own; None when not timed
    limited: bool = False  # stopped by a worker's time or memory limit
    timing_stopped: bool = False  # the timing run was stopped by its watchdog


def classify(entries: list[Entry], result: dict | None, timings: dict) -> list[Outcome]:
    """One outcome per entry, from the import's report and the library's documents.

    Args:
        entries: The generated files.
        result: What the importing process wrote (``None`` when it hung or died).
        timings: Per-entry :class:`~hostile.measure.Timing`, by index.
    """
    if result is None:
        return [Outcome("crashed", "the import did not finish") for _ in entries]
    problems: dict[str, list[tuple[str, bool]]] = {}
    for path, reason, skipped in result["problems"]:
        problems.setdefault(path, []).append((reason, skipped))
    # A file whose bytes were those of another file is recorded as one more location of that statement.
    by_path = {path: doc for doc in result["documents"] if not doc["parent_id"]
               for path in (doc["source_path"], *doc.get("paths", ()))}
    by_hash = {doc["content_hash"]: doc for doc in result["documents"] if not doc["parent_id"]}
    outcomes = []
    for index, entry in enumerate(entries):
        timing = timings.get(index)
        found = problems.get(entry.path) or problems.get(displayed(entry.path)) or []
        document = by_path.get(entry.path)
        if document is None and not found:
            document = _twin(entry, by_hash)
        outcome = _judge(entry, found, document)
        if timing is not None:
            outcome.seconds, outcome.timing_stopped = timing.seconds, timing.seconds is None
        outcomes.append(outcome)
    return outcomes


def _twin(entry: Entry, by_hash: dict[str, dict]) -> dict | None:
    """The statement read from a byte-identical file, when this one was recorded as a further copy."""
    try:
        if not stat.S_ISREG(os.stat(entry.path).st_mode):  # a pipe would wait for a writer
            return None
        return by_hash.get(hashlib.sha256(Path(entry.path).read_bytes()).hexdigest())
    except OSError:
        return None


def _judge(entry: Entry, found: list[tuple[str, bool]], document: dict | None) -> Outcome:
    for reason, _skipped in found:
        if any(marker in reason for marker in _CRASH_REASONS):
            return Outcome("crashed", reason)
    skipped = [reason for reason, is_skip in found if is_skip]
    if skipped:
        return Outcome("skipped", skipped[0], limited=LIMIT_REASON in skipped[0])
    if document is not None:
        warned = [reason for reason, _ in found] or document["warnings"]
        return Outcome("in part", "; ".join(warned)) if warned else Outcome("imported")
    if entry.special == "churn":
        return Outcome("crashed", "a changing file got neither a statement nor a reason")
    return Outcome("crashed", "neither a statement nor a reason")


def short_reason(reason: str) -> str:
    """A reason cut to its gist, for counting: no paths, numbers or details in parentheses."""
    reason = re.sub(r"\([^()]*\)", "", reason)
    reason = re.sub(r"\d[\d,.]*", "N", reason.split(";")[0])
    reason = " ".join(reason.replace("/", " ").split())
    return reason[:44]


@dataclass
class Row:
    """One line of the table: a kind of hostile file in one format."""

    kind: str
    fmt: str
    counts: Counter = field(default_factory=Counter)
    worst: float | None = None
    stopped: int = 0  # timing runs stopped by the watchdog
    reasons: Counter = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status in ("skipped", "crashed"):
            self.reasons[short_reason(outcome.reason)] += 1
        if outcome.timing_stopped:
            self.stopped += 1
        elif outcome.seconds is not None:
            self.worst = max(self.worst or 0.0, outcome.seconds)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "format": self.fmt, "files": sum(self.counts.values()),
                "imported": self.counts["imported"], "in_part": self.counts["in part"],
                "skipped": self.counts["skipped"], "crashed": self.counts["crashed"],
                "worst_seconds": self.worst, "timings_stopped": self.stopped,
                "skip_reasons": dict(self.reasons.most_common(3))}


def rows(entries: list[Entry], outcomes: list[Outcome]) -> list[Row]:
    """The table's rows, kinds in the order they were generated, formats in order."""
    table: dict[tuple[str, str], Row] = {}
    for entry, outcome in zip(entries, outcomes, strict=True):
        table.setdefault((entry.kind, entry.fmt), Row(entry.kind, entry.fmt)).add(outcome)
    kinds = list(dict.fromkeys(entry.kind for entry in entries))
    return sorted(table.values(), key=lambda row: (kinds.index(row.kind), FORMATS.index(row.fmt)))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(table: list[Row], watchdog: float) -> str:
    """The table as fixed-width text."""
    header = ("kind", "format", "files", "imported", "in part", "skipped", "crashed", "worst s",
              "most common skip reasons")
    lines = []
    for row in table:
        worst = f"{row.worst:.2f}" if row.worst is not None else "-"
        if row.stopped:
            worst = f">{watchdog:.0f} ({row.stopped})"
        reasons = "; ".join(f"{reason} ×{count}" for reason, count in row.reasons.most_common(2))
        lines.append((row.kind, row.fmt, str(sum(row.counts.values())), str(row.counts["imported"]),
                      str(row.counts["in part"]), str(row.counts["skipped"]), str(row.counts["crashed"]), worst,
                      reasons[:110]))
    widths = [max(_width(line[i]) for line in [header, *lines]) for i in range(len(header) - 1)]
    out = []
    for line in [header, *lines]:
        cells = [cell + " " * (widths[i] - _width(cell)) if i < 2 else " " * (widths[i] - _width(cell)) + cell
                 for i, cell in enumerate(line[:-1])]
        out.append("  ".join(cells) + "  " + line[-1])
    rule = "-" * max(_width(line) for line in out)
    return "\n".join([out[0], rule, *out[1:]])
