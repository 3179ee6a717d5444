"""Notes on statements and highlighted passages, anchored so they survive a changed text.

A passage is anchored as W3C Web Annotations are: by its quote with a little
text before and after (a TextQuoteSelector), by its offsets (a
TextPositionSelector), and by the statement's content hash. When a re-import
changes the text, a passage is found again where its quote occurs once (or,
if it occurs several times, where the text around it still matches); one that
cannot be found again unambiguously keeps its old offsets and is marked not
anchored, to be listed apart. It is never dropped or silently moved.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from index.errors import WorkbenchError
from index.workbench.journal import Journal, Scope, now, writing

CONTEXT = 32  # characters of text kept before and after a quote
MAX_NOTE = 10_000_000  # characters; a 1 MB note is fine, a runaway paste is refused


@dataclass(frozen=True)
class Passage:
    """A highlighted passage of a statement (see the module notes).

    Attributes:
        id: Its stable id.
        doc_id: The statement.
        quote: The text highlighted.
        prefix: Text just before it.
        suffix: Text just after it.
        start: Offset of the quote in the statement's text.
        end: Offset just past it.
        content_hash: The statement's content hash when it was anchored.
        note: A note on the passage ("" when none).
        anchored: False when a changed text no longer holds it unambiguously.
        created_at: When it was made.
    """

    id: str
    doc_id: str
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    content_hash: str
    note: str
    anchored: bool
    created_at: str


def _passage(row) -> Passage:
    pid, doc_id, quote, prefix, suffix, start, end, content_hash, note, anchored, created = row
    return Passage(pid, doc_id, quote, prefix, suffix, start, end, content_hash, note, bool(anchored), created)


def anchor(text: str, quote: str, prefix: str, suffix: str, start: int) -> int | None:
    """Where ``quote`` is in ``text`` now, or None when that cannot be told unambiguously.

    The old offset wins when the quote is still there; else a single
    occurrence; else the one occurrence whose surrounding text still matches
    (best on both sides).
    """
    if not quote:
        return None
    if text[start:start + len(quote)] == quote:
        return start
    found = []
    position = text.find(quote)
    while position >= 0:
        found.append(position)
        position = text.find(quote, position + 1)
    if len(found) == 1:
        return found[0]
    if not found:
        return None

    def fit(position: int) -> int:
        before = text[max(0, position - len(prefix)):position]
        after = text[position + len(quote):position + len(quote) + len(suffix)]
        return _common_suffix(before, prefix) + _common_prefix(after, suffix)

    scored = sorted(((fit(p), p) for p in found), reverse=True)
    best, runner_up = scored[0], scored[1]
    return best[1] if best[0] > runner_up[0] and best[0] > 0 else None


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


class Notes:
    """Notes and passages of one library."""

    def __init__(self, connect, journal: Journal) -> None:
        self._connect = connect
        self._journal = journal

    # -- notes ------------------------------------------------------------------------

    def note(self, doc_id: str) -> str:
        """The statement's note ("" when it has none)."""
        row = self._connect().execute("SELECT text FROM notes WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else ""

    def with_notes(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of the statements have a note."""
        ids = list(doc_ids)
        conn = self._connect()
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in conn.execute(f"SELECT doc_id FROM notes WHERE doc_id IN ({marks})", chunk))
        return found

    def set_note(self, doc_id: str, text: str, title: str = "") -> None:
        """Writes a statement's note; an empty text deletes it (to the trash)."""
        if len(text) > MAX_NOTE:
            raise WorkbenchError(f"A note can be at most {MAX_NOTE:,} characters long; this one has {len(text):,}.")
        if text.strip() == self.note(doc_id).strip() and text == self.note(doc_id):
            return
        scope = Scope("notes", "doc_id = ?", (doc_id,))
        about = f" on \u201c{_short(title)}\u201d" if title else ""
        if not text.strip():
            with self._journal.action(f"Delete the note{about}", [scope], trash=("note", f"Note{about}")) as conn:
                conn.execute("DELETE FROM notes WHERE doc_id = ?", (doc_id,))
            return
        with self._journal.action(f"Edit the note{about}", [scope]) as conn:
            conn.execute("INSERT INTO notes(doc_id, text, updated_at) VALUES (?, ?, ?) ON CONFLICT(doc_id)"
                         " DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at", (doc_id, text, now()))

    def search_notes(self, words: str) -> set[str]:
        """Ids of statements whose note contains every word (case-insensitive)."""
        terms = [w for w in words.split() if w]
        if not terms:
            return set()
        where = " AND ".join("instr(lower(text), ?) > 0" for _ in terms)
        return {r[0] for r in self._connect().execute(f"SELECT doc_id FROM notes WHERE {where}",
                                                      [t.lower() for t in terms])}

    def facet_members(self):
        """``(what, doc_id)`` pairs for the ``has`` field: ``note`` and ``passage``."""
        conn = self._connect()
        yield from (("note", r[0]) for r in conn.execute("SELECT doc_id FROM notes"))
        yield from (("passage", r[0]) for r in conn.execute("SELECT DISTINCT doc_id FROM passages"))

    # -- passages ---------------------------------------------------------------------

    def passages(self, doc_id: str | None = None, anchored: bool | None = None) -> list[Passage]:
        """Passages of one statement (or all), in text order; ``anchored`` picks found or lost ones."""
        sql = "SELECT * FROM passages"
        clauses, args = [], []
        if doc_id is not None:
            clauses.append("doc_id = ?")
            args.append(doc_id)
        if anchored is not None:
            clauses.append("anchored = ?")
            args.append(int(anchored))
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += ' ORDER BY doc_id, start, "end"'
        return [_passage(row) for row in self._connect().execute(sql, args)]

    def passages_of(self, doc_ids: Iterable[str]) -> list[Passage]:
        """The passages of many statements, in text order per statement."""
        ids = list(doc_ids)
        found: list[Passage] = []
        conn = self._connect()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.extend(_passage(row) for row in conn.execute(
                f'SELECT * FROM passages WHERE doc_id IN ({marks}) ORDER BY doc_id, start, "end"', chunk))
        return found

    def add_passage(self, doc_id: str, text: str, content_hash: str, start: int, end: int, note: str = "") -> Passage:
        """Highlights ``text[start:end]`` of a statement, optionally with a note."""
        if not 0 <= start < end <= len(text):
            raise WorkbenchError("A passage must be a non-empty part of the statement's text.")
        quote = text[start:end]
        passage = Passage(uuid.uuid4().hex[:16], doc_id, quote, text[max(0, start - CONTEXT):start],
                          text[end:end + CONTEXT], start, end, content_hash, note, True, now())
        scope = Scope("passages", "id = ?", (passage.id,))
        with self._journal.action(f"Highlight \u201c{_short(quote)}\u201d", [scope]) as conn:
            conn.execute("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (passage.id, passage.doc_id, passage.quote, passage.prefix, passage.suffix, passage.start,
                          passage.end, passage.content_hash, passage.note, 1, passage.created_at))
        return passage

    def set_passage_note(self, passage_id: str, note: str) -> None:
        """Replaces a passage's note."""
        scope = Scope("passages", "id = ?", (passage_id,))
        with self._journal.action("Edit a passage's note", [scope]) as conn:
            if not conn.execute("UPDATE passages SET note = ? WHERE id = ?", (note, passage_id)).rowcount:
                raise WorkbenchError(f"There is no passage {passage_id}.")

    def delete_passage(self, passage_id: str) -> None:
        """Removes a highlight (to the trash)."""
        row = self._connect().execute("SELECT quote FROM passages WHERE id = ?", (passage_id,)).fetchone()
        if row is None:
            raise WorkbenchError(f"There is no passage {passage_id}.")
        scope = Scope("passages", "id = ?", (passage_id,))
        label = f"\u201c{_short(row[0])}\u201d"
        with self._journal.action(f"Delete the passage {label}", [scope], trash=("passage", label)) as conn:
            conn.execute("DELETE FROM passages WHERE id = ?", (passage_id,))

    def reanchor(self, doc_id: str, text: str, content_hash: str) -> tuple[int, int]:
        """Finds a statement's passages again in its new text (after a re-import changed it).

        Not journaled: it follows the text, it is not something the archivist did.

        Returns:
            ``(found again, not found)``.
        """
        conn = self._connect()
        found = lost = 0
        with writing(conn):
            for passage in self.passages(doc_id):
                if passage.content_hash == content_hash and passage.anchored:
                    continue
                position = anchor(text, passage.quote, passage.prefix, passage.suffix, passage.start)
                if position is None:
                    conn.execute("UPDATE passages SET anchored = 0 WHERE id = ?", (passage.id,))
                    lost += 1
                    continue
                end = position + len(passage.quote)
                conn.execute("UPDATE passages SET start = ?, \"end\" = ?, prefix = ?, suffix = ?, content_hash = ?,"
                             " anchored = 1 WHERE id = ?",
                             (position, end, text[max(0, position - CONTEXT):position], text[end:end + CONTEXT],
                              content_hash, passage.id))
                found += 1
        return found, lost


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "\u2026"
