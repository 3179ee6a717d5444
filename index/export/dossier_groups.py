"""Groups a stream of records by collection or tag without holding the records: they wait in a temporary file.

A dossier lists statements under their collections (or tags), and a
statement may sit in several, so the records must be read before the first
heading can be written. Each record is written once, as a line of JSON, to
an anonymous temporary file, and each group keeps only the file offsets of
its records (eight bytes each): a 100,000-statement dossier holds under a
megabyte of offsets, never the statements themselves.
"""

from __future__ import annotations

import json
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from .json_writer import record_from_dict, record_to_dict
from .output import Cancelled, Progress, RecordLoop
from .records import ExportRecord

GROUPINGS = ("collection", "tag")
UNGROUPED_LABELS = {"collection": "Not in a collection", "tag": "Untagged"}


@dataclass
class Group:
    """One heading of a dossier.

    Attributes:
        name: The collection or tag (hierarchical with ``/``), or None for the
            statements in none.
        label: The heading to print.
        offsets: Where the group's records start in the spill file.
    """

    name: str | None
    label: str
    offsets: array = field(default_factory=lambda: array("q"))


class GroupedRecords:
    """Records read once, grouped, and read back group by group.

    Use as a context manager: the temporary file is removed on exit.

    Args:
        records: The statements.
        group_by: ``collection`` or ``tag``.
        progress: Called with the number of statements read.
        cancelled: Asked between statements, while reading and while reading back.

    Raises:
        ValueError: ``group_by`` is neither ``collection`` nor ``tag``.
    """

    def __init__(self, records: Iterable[ExportRecord], group_by: str = "collection", *,
                 progress: Progress | None = None, cancelled: Cancelled | None = None) -> None:
        if group_by not in GROUPINGS:
            raise ValueError(f"A dossier is grouped by collection or by tag, not {group_by!r}.")
        self.group_by = group_by
        self._cancelled = cancelled
        # Closed by close() / __exit__: the file lives as long as the dossier is written.
        self._spill: IO[bytes] = tempfile.TemporaryFile(prefix="chancery-dossier-")  # noqa: SIM115
        self._groups: dict[str | None, Group] = {}
        self.count = 0
        self.stopped = False
        self._read(records, progress, cancelled)

    def _read(self, records: Iterable[ExportRecord], progress: Progress | None,
              cancelled: Cancelled | None) -> None:
        loop = RecordLoop(records, progress, cancelled)
        for record in loop:
            offset = self._spill.tell()
            self._spill.write(json.dumps(record_to_dict(record), ensure_ascii=False).encode("utf-8") + b"\n")
            names = record.collections if self.group_by == "collection" else record.tags
            for name in dict.fromkeys(names) or [None]:
                group = self._groups.get(name)
                if group is None:
                    label = name if name is not None else UNGROUPED_LABELS[self.group_by]
                    group = self._groups[name] = Group(name, label)
                group.offsets.append(offset)
        self.count = loop.done
        self.stopped = loop.stopped

    def groups(self) -> list[Group]:
        """The groups in heading order: by name (case-insensitive, so a parent precedes its
        children), the ungrouped last."""
        named = sorted((g for g in self._groups.values() if g.name is not None),
                       key=lambda g: (g.name.casefold(), g.name))  # type: ignore[union-attr]
        return named + ([self._groups[None]] if None in self._groups else [])

    def records(self, group: Group) -> Iterator[ExportRecord]:
        """The group's records, in the order they were read, one at a time.

        Stops early (setting :attr:`stopped`) when ``cancelled()`` says so.
        """
        for offset in group.offsets:
            if self._cancelled is not None and self._cancelled():
                self.stopped = True
                return
            self._spill.seek(offset)
            yield record_from_dict(json.loads(self._spill.readline()))

    def close(self) -> None:
        """Removes the temporary file."""
        self._spill.close()

    def __enter__(self) -> GroupedRecords:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def walk(grouped: GroupedRecords, on_group: Callable[[Group], None],
         on_record: Callable[[ExportRecord], None]) -> None:
    """Calls ``on_group`` for each heading and ``on_record`` for each of its records, until cancelled."""
    for group in grouped.groups():
        if grouped.stopped:
            return
        on_group(group)
        for record in grouped.records(group):
            on_record(record)
