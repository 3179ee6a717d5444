"""Corrections reach the index: the statements a correction (or its undoing) changes are indexed again.

Tags, collections and marks need no re-indexing (they are laid over the
index, see :mod:`index.search.overlay`); corrections change the countries,
organisations and topics the index holds, so the statements they concern are
indexed again from the catalogue, with every correction applied.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.workbench.corrections import FIELDS, Correction
from index.workbench.journal import CORRECTIONS_CHANGED_KEY, Journal

if TYPE_CHECKING:
    from index.library import Library

log = logging.getLogger("chancery.index")

REINDEX_BATCH = 500
Progress = Callable[[int, int], None]
CORRECTIONS_INDEXED_KEY = "corrections_indexed"


def corrections_changed(catalogue) -> int:
    """How many times corrections changed (see :func:`index.workbench.journal.note_corrections_changed`)."""
    return int(catalogue.get_meta(CORRECTIONS_CHANGED_KEY) or 0)


def corrections_behind(catalogue) -> bool:
    """Whether corrections changed that the index may not show (a re-indexing was cut short)."""
    return corrections_changed(catalogue) > int(catalogue.get_meta(CORRECTIONS_INDEXED_KEY) or 0)


def note_corrections_indexed(catalogue, changed: int) -> None:
    """Notes that the index shows every correction change up to ``changed``."""
    if changed > int(catalogue.get_meta(CORRECTIONS_INDEXED_KEY) or 0):
        catalogue.set_meta(CORRECTIONS_INDEXED_KEY, str(changed))


@dataclass(frozen=True)
class CorrectionStatus:
    """A correction and whether it still applies.

    Attributes:
        correction: The correction.
        description: What it does, in words.
        statements: How many statements it changes now.
        applies: False when its target no longer exists (the statement is gone,
            or extraction no longer finds the value): listed, never dropped.
    """

    correction: Correction
    description: str
    statements: int
    applies: bool


def affected(library: Library, corrections: Iterable[Correction]) -> set[str]:
    """Ids of the statements these corrections change (before or after them)."""
    ids: set[str] = set()
    for correction in corrections:
        if correction.doc_id is not None:
            ids.add(correction.doc_id)
        elif correction.action in ("merge", "never"):
            ids |= library.catalogue.ids_with(correction.field, correction.code)
    return ids


def reindex(library: Library, doc_ids: Iterable[str], progress: Progress | None = None) -> int:
    """Indexes statements again from the catalogue (corrections applied); returns how many.

    Holds the library's import lock, so it waits for an import to finish.
    """
    ids = sorted(set(doc_ids))
    done = 0
    with library.write_lock():
        # Read before the statements are: a correction made meanwhile stays marked as not yet indexed.
        changed = corrections_changed(library.catalogue)
        for start in range(0, len(ids), REINDEX_BATCH):
            chunk = ids[start:start + REINDEX_BATCH]
            with library.store.writer() as writer:
                for doc_id in chunk:
                    statement = library.catalogue.get(doc_id)
                    if statement is None:
                        library.store.delete(writer, [doc_id])
                    else:
                        library.store.add(writer, [statement])
            done += len(chunk)
            if progress:
                progress(done, len(ids))
        note_corrections_indexed(library.catalogue, changed)
    return done


def corrections_in(images: dict) -> list[Correction]:
    """The corrections named in a journal entry's before and after images."""
    found = []
    for side in ("before", "after"):
        for row in images.get(side, {}).get("corrections", []):
            cid, doc_id, action, field, code, target, content_hash, created = row
            found.append(Correction(cid, action, field, code, target, doc_id, content_hash, created))
    return found


def undo_or_redo(library: Library, undo: bool, progress: Progress | None = None) -> str | None:
    """Undoes (or redoes) the last workbench action, indexing again what a correction changed.

    Returns:
        The label of the action, or None when there was nothing to do.
    """
    journal: Journal = library.workbench.journal
    step = journal.undo() if undo else journal.redo()
    if step is None:
        return None
    action, touched = step
    if "corrections" in touched:
        images = Journal.images_of(library.catalogue.transaction(), action.id)
        reindex(library, affected(library, corrections_in(images)), progress)
    return action.label


def status_of(library: Library, correction: Correction) -> CorrectionStatus:
    """Whether ``correction`` still has something to correct, and how many statements it changes."""
    description = correction.describe(library.label)
    if correction.doc_id is not None:
        raw = library.catalogue.get(correction.doc_id, corrected=False)
        if raw is None:
            return CorrectionStatus(correction, description, 0, False)
        present = correction.code in {e.code for e in getattr(raw, FIELDS[correction.field])}
        applies = not present if correction.action == "add" else present
        return CorrectionStatus(correction, description, int(applies), applies)
    if correction.action == "rename":
        count = len(library.catalogue.ids_with(correction.field, correction.code))
        return CorrectionStatus(correction, description, count, count > 0)
    if correction.action == "never":
        count = len(library.catalogue.ids_with(correction.field, correction.code))
        return CorrectionStatus(correction, description, count, True)  # it also guards future imports
    count = len(library.catalogue.ids_with(correction.field, correction.code))
    return CorrectionStatus(correction, description, count, count > 0)
