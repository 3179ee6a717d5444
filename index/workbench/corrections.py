"""Corrections of extracted entities, stored as corrections and applied on top of extraction.

The catalogue keeps what extraction found; corrections are kept beside it and
applied whenever a statement is read, indexed or exported. A better
extractor later (``chancery reextract``) still benefits, and the archivist's
fixes still hold. Per statement: remove a value, add one, mark it central or
merely mentioned. Across the library: merge one value into another, rename
one (organisations discovered in the text), and never extract one again. A
corrected value says what was changed and when (:attr:`Entity.correction`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from documents.statement import Entity, Statement
from index.errors import WorkbenchError
from index.workbench.journal import Journal, Scope, now

FIELDS = {"country": "countries", "organisation": "organisations", "topic": "topics"}
PER_STATEMENT = ("remove", "add", "central", "mentioned")
LIBRARY_WIDE = ("merge", "rename", "never")


@dataclass(frozen=True)
class Correction:
    """One correction (see the module notes).

    Attributes:
        id: Its number.
        action: One of :data:`PER_STATEMENT` or :data:`LIBRARY_WIDE`.
        field: ``country``, ``organisation`` or ``topic``.
        code: The value corrected.
        target: ``merge``: the code merged into; ``rename``: the new name; ``add``: the display name.
        doc_id: The statement (None for a library-wide correction).
        content_hash: The statement's content hash when it was made.
        created_at: When.
    """

    id: int
    action: str
    field: str
    code: str
    target: str | None
    doc_id: str | None
    content_hash: str | None
    created_at: str

    def describe(self, label: Callable[[str, str], str] = lambda _f, code: code) -> str:
        """One sentence for a person ("Removed Kazakhstan from this statement on 2026-12-01")."""
        day = self.created_at[:10]
        name = label(self.field, self.code)
        return {
            "remove": f"removed {name} from this statement on {day}",
            "add": f"added {self.target or name} by hand on {day}",
            "central": f"marked {name} central by hand on {day}",
            "mentioned": f"marked {name} as merely mentioned by hand on {day}",
            "merge": f"merged {name} into {label(self.field, self.target or '')} on {day}",
            "rename": f"renamed {name} to \u201c{self.target}\u201d on {day}",
            "never": f"{name} is never extracted (since {day})",
        }[self.action]


def _row(row) -> Correction:
    cid, doc_id, action, field, code, target, content_hash, created = row
    return Correction(cid, action, field, code, target, doc_id, content_hash, created)


class Corrector:
    """Applies a set of corrections to statements (library-wide first, then the statement's own)."""

    def __init__(self, corrections: Iterable[Correction], label: Callable[[str, str], str]) -> None:
        self.per_doc: dict[str, list[Correction]] = {}
        self.library_wide: list[Correction] = []
        self._label = label
        for correction in corrections:
            if correction.doc_id is None:
                self.library_wide.append(correction)
            else:
                self.per_doc.setdefault(correction.doc_id, []).append(correction)

    def __bool__(self) -> bool:
        return bool(self.per_doc or self.library_wide)

    def renamed(self, field: str, code: str) -> str | None:
        """The name a library-wide rename gives a value, or None."""
        for correction in reversed(self.library_wide):
            if correction.action == "rename" and correction.field == field and correction.code == code:
                return correction.target
        return None

    def codes(self, doc_id: str, field: str, codes: Iterable[str]) -> list[str]:
        """A statement's codes in one field with the corrections applied (for display rows)."""
        found = list(dict.fromkeys(codes))
        for correction in self.library_wide:
            if correction.field != field or correction.code not in found:
                continue
            if correction.action == "never":
                found.remove(correction.code)
            elif correction.action == "merge":
                index = found.index(correction.code)
                found[index] = correction.target or correction.code
                found = list(dict.fromkeys(found))
        for correction in self.per_doc.get(doc_id, []):
            if correction.field != field:
                continue
            if correction.action == "remove" and correction.code in found:
                found.remove(correction.code)
            elif correction.action == "add" and correction.code not in found:
                found.append(correction.code)
        return found

    def apply(self, statement: Statement) -> Statement:
        """The statement with every correction that concerns it applied (a copy; the text is shared)."""
        own = self.per_doc.get(statement.id, [])
        if not own and not self.library_wide:
            return statement
        lists = {attribute: self.entities(statement.id, field, [dataclasses.replace(e)
                                                                 for e in getattr(statement, attribute)])
                 for field, attribute in FIELDS.items()}
        return dataclasses.replace(statement, **lists)

    def entities(self, doc_id: str, field: str, entities: list[Entity]) -> list[Entity]:
        """One field's entities of a statement with its corrections applied (they may be changed in place)."""
        for correction in self.library_wide:
            if correction.field == field:
                entities = self._library_wide(entities, correction)
        for correction in self.per_doc.get(doc_id, []):
            if correction.field == field:
                entities = self._own(entities, correction)
        return entities

    def _note(self, entity: Entity, correction: Correction) -> None:
        text = correction.describe(self._label)
        entity.correction = f"{entity.correction}; {text}" if entity.correction else text

    def _library_wide(self, entities: list[Entity], correction: Correction) -> list[Entity]:
        if correction.action == "never":
            return [e for e in entities if e.code != correction.code]
        if correction.action == "rename":
            for entity in entities:
                if entity.code == correction.code:
                    entity.name = correction.target or entity.name
                    self._note(entity, correction)
            return entities
        # merge: the value becomes the target; an entity that already is the target absorbs it
        target = correction.target or ""
        merged: list[Entity] = []
        into = next((e for e in entities if e.code == target), None)
        for entity in entities:
            if entity.code != correction.code:
                merged.append(entity)
                continue
            if into is not None:
                into.count += entity.count
                into.offsets = sorted([*into.offsets, *entity.offsets])
                into.terms = list(dict.fromkeys([*into.terms, *entity.terms]))
                into.central = into.central or entity.central
                self._note(into, correction)
            else:
                entity.code, entity.name, entity.discovered = target, self._label(correction.field, target), False
                self._note(entity, correction)
                merged.append(entity)
                into = entity
        return merged

    def _own(self, entities: list[Entity], correction: Correction) -> list[Entity]:
        if correction.action == "remove":
            return [e for e in entities if e.code != correction.code]
        if correction.action == "add":
            if any(e.code == correction.code for e in entities):
                return entities
            entity = Entity(correction.code, correction.target or self._label(correction.field, correction.code),
                            central=True, source="user")
            self._note(entity, correction)
            return [*entities, entity]
        for entity in entities:  # central / mentioned
            if entity.code == correction.code:
                entity.central = correction.action == "central"
                self._note(entity, correction)
        return sorted(entities, key=lambda e: not e.central) if correction.action == "central" else entities


def stored_corrector(conn, field: str) -> Corrector:
    """The corrections of one field stored in a catalogue (none in a catalogue without a workbench yet).

    Values merged by a correction are named by their codes: for readers that need codes, not names.
    """
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'corrections'").fetchone() is None:
        return Corrector((), lambda _field, code: code)
    rows = conn.execute("SELECT * FROM corrections WHERE field = ? ORDER BY id", (field,))
    return Corrector([_row(row) for row in rows], lambda _field, code: code)


class Corrections:
    """The corrections of one library: stored, undoable, listed with whether they still apply."""

    def __init__(self, connect, journal: Journal) -> None:
        self._connect = connect
        self._journal = journal

    def all(self, doc_id: str | None = None, library_wide: bool | None = None) -> list[Correction]:
        """Corrections, oldest first: of one statement, the library-wide ones, or all."""
        sql, args = "SELECT * FROM corrections", []
        if doc_id is not None:
            sql, args = sql + " WHERE doc_id = ?", [doc_id]
        elif library_wide is not None:
            sql += " WHERE doc_id IS NULL" if library_wide else " WHERE doc_id IS NOT NULL"
        return [_row(r) for r in self._connect().execute(sql + " ORDER BY id", args)]

    def add(self, action: str, field: str, code: str, target: str | None = None, doc_id: str | None = None,
            content_hash: str | None = None, label: str = "") -> Correction:
        """Records a correction, replacing an earlier one it overrides (same statement, field and value).

        Raises:
            WorkbenchError: The action, field or value does not make sense.
        """
        if field not in FIELDS:
            raise WorkbenchError(f"Only countries, organisations and topics can be corrected, not \u201c{field}\u201d.")
        if action not in PER_STATEMENT + LIBRARY_WIDE:
            raise WorkbenchError(f"There is no correction \u201c{action}\u201d.")
        if (action in PER_STATEMENT) != (doc_id is not None):
            where = "one statement" if action in PER_STATEMENT else "the whole library"
            raise WorkbenchError(f"A \u201c{action}\u201d correction applies to {where}.")
        if not code or (action in ("merge", "rename") and not target):
            raise WorkbenchError(f"A \u201c{action}\u201d correction needs a value" +
                                 (" and what it becomes." if action in ("merge", "rename") else "."))
        if action == "merge" and target == code:
            raise WorkbenchError("A value cannot be merged into itself.")
        # The same statement, field and value: the newer correction replaces the older
        # (marking a country central, then merely mentioned, leaves one correction).
        same = ("doc_id = ? AND field = ? AND code = ?", (doc_id, field, code)) if doc_id else (
            "doc_id IS NULL AND field = ? AND code = ? AND action = ?", (field, code, action))
        scope = Scope("corrections", same[0], same[1])
        with self._journal.action(label or f"Correct {field} {code}", [scope]) as conn:
            conn.execute(f"DELETE FROM corrections WHERE {same[0]}", same[1])
            cid = conn.execute("INSERT INTO corrections(doc_id, action, field, code, target, content_hash,"
                               " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               (doc_id, action, field, code, target, content_hash, now())).lastrowid
        return next(c for c in self.all(doc_id=doc_id, library_wide=doc_id is None) if c.id == cid)

    def delete(self, correction_id: int) -> Correction:
        """Withdraws a correction (extraction's value shows again)."""
        found = [c for c in self.all() if c.id == correction_id]
        if not found:
            raise WorkbenchError(f"There is no correction {correction_id}.")
        with self._journal.action("Withdraw a correction", [Scope("corrections", "id = ?", (correction_id,))]) as conn:
            conn.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))
        return found[0]

    def corrector(self, label: Callable[[str, str], str]) -> Corrector:
        """A :class:`Corrector` of every correction stored now."""
        return Corrector(self.all(), label)
