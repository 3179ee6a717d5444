"""Where an export goes, and the one loop every writer runs: record by record, with progress and cancel.

Writers never hold more than one record: they take any iterable (the library
hands a generator over the catalogue) and write each record as it comes, so
exporting 100,000 statements costs the memory of one. A path target is
written to a temporary file beside it and moved into place only when the
export completes, so a cancelled or failed export never leaves half a file
where the archivist expects a whole one. A stream target belongs to the
caller: it is written to, never closed, and on cancel the writer still closes
its structure (the JSON array, the HTML document) so what was written parses.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TextIO, TypeVar

from .records import ExportRecord

Progress = Callable[[int], None]
Cancelled = Callable[[], bool]
Target = TextIO | str | os.PathLike[str]

T = TypeVar("T")

# A dialog's progress bar needs a few updates a second, not one per record.
PROGRESS_EVERY = 100


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote.

    Attributes:
        written: Records written.
        cancelled: The export stopped because ``cancelled()`` said so; a path
            target was then left untouched.
    """

    written: int
    cancelled: bool = False


class DiscardOutput(Exception):
    """Raised inside :func:`open_target` when an export was cancelled: a path target is not written."""


class RecordLoop(Generic[T]):
    """Iterates records (or any items) for a writer, reporting progress and checking for cancel between records.

    Args:
        records: The records to write.
        progress: Called with the number of records done, at most every
            :data:`PROGRESS_EVERY` records and once at the end.
        cancelled: Asked before each record; True stops the export.
    """

    def __init__(self, records: Iterable[T], progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> None:
        self._records = records
        self._progress = progress
        self._cancelled = cancelled
        self.done = 0
        self.stopped = False

    def __iter__(self) -> Iterator[T]:
        for record in self._records:
            if self._cancelled is not None and self._cancelled():
                self.stopped = True
                return
            yield record
            self.done += 1
            if self._progress is not None and self.done % PROGRESS_EVERY == 0:
                self._progress(self.done)
        if self._progress is not None and self.done % PROGRESS_EVERY:
            self._progress(self.done)

    def result(self) -> ExportResult:
        """The outcome once the loop has run."""
        return ExportResult(self.done, self.stopped)


@contextlib.contextmanager
def open_target(target: Target, *, newline: str | None = "\n", bom: bool = False) -> Iterator[TextIO]:
    """Opens an export target for writing text.

    Args:
        target: A text stream (written as it is) or a path (UTF-8, replaced
            atomically when the export completes).
        newline: Newline translation for a path target (``""`` for the csv
            module, which writes its own line ends).
        bom: Start the text with a byte order mark.

    Yields:
        The stream to write to. Raising :class:`DiscardOutput` inside the
        block (on cancel) leaves a path target as it was.

    Raises:
        OSError: The path cannot be written.
    """
    if not isinstance(target, str | os.PathLike):
        if bom:
            target.write("\ufeff")
        with contextlib.suppress(DiscardOutput):
            yield target
        return
    path = Path(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    keep = False
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as stream:
            if bom:
                stream.write("\ufeff")
            try:
                yield stream
                keep = True
            except DiscardOutput:
                pass
        if keep:
            # mkstemp makes the file private (0600); an export is for sharing, so it gets the
            # mode of the file it replaces, or the usual 0644.
            os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
            os.replace(temporary, path)
    finally:
        if not keep:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)


def run_export(records: Iterable[ExportRecord], target: Target,
               write_record: Callable[[TextIO, ExportRecord, int], None], *,
               begin: Callable[[TextIO], None] | None = None, end: Callable[[TextIO, int], None] | None = None,
               progress: Progress | None = None, cancelled: Cancelled | None = None,
               newline: str | None = "\n", bom: bool = False) -> ExportResult:
    """Runs one export: ``begin``, ``write_record`` for each record, ``end``.

    Args:
        records: The records.
        target: A text stream or a path (see :func:`open_target`).
        write_record: Writes one record; gets the stream, the record and its index.
        begin: Writes what comes before the first record.
        end: Writes what comes after the last one; gets the number written.
            It runs on cancel too, so a stream target stays well-formed.
        progress: See :class:`RecordLoop`.
        cancelled: See :class:`RecordLoop`.
        newline: See :func:`open_target`.
        bom: See :func:`open_target`.

    Returns:
        How many records were written and whether the export was cancelled.
    """
    loop = RecordLoop(records, progress, cancelled)
    with open_target(target, newline=newline, bom=bom) as stream:
        if begin is not None:
            begin(stream)
        for index, record in enumerate(loop):
            write_record(stream, record, index)
        if end is not None:
            end(stream, loop.done)
        if loop.stopped:
            raise DiscardOutput
    return loop.result()
