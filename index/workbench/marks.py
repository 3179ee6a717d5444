"""Stars and review status: what a team has gone through, per statement."""

from __future__ import annotations

from collections.abc import Iterable

from index.errors import WorkbenchError
from index.workbench.journal import Journal, Scope, now

# Review statuses, in the order a team works through them, with their display names.
STATUSES: dict[str, str] = {
    "to_read": "To read",
    "reviewed": "Reviewed",
    "relevant": "Relevant",
    "not_relevant": "Not relevant",
}
_STATUS_NAMES = {name.casefold(): code for code, name in STATUSES.items()}


def status_code(text: str) -> str:
    """The status code a person's word stands for (``reviewed``, "Not relevant", ``not-relevant``; ``none`` clears).

    Raises:
        WorkbenchError: No status is called so.
    """
    word = (text or "").strip().casefold().replace("-", "_").replace(" ", "_")
    if word in ("", "none", "clear", "no_status"):
        return ""
    if word in STATUSES:
        return word
    code = _STATUS_NAMES.get(word.replace("_", " "))
    if code is None:
        choices = ", ".join([*STATUSES, "none"])
        raise WorkbenchError(f"There is no review status \u201c{text}\u201d; use one of {choices}.")
    return code


class Marks:
    """Stars and review statuses of one library's statements."""

    def __init__(self, connect, journal: Journal, staged) -> None:
        self._connect = connect
        self._journal = journal
        self._staged = staged

    def of(self, doc_ids: Iterable[str]) -> dict[str, tuple[bool, str]]:
        """Statement id -> (starred, status) for the ids that have either."""
        ids = list(doc_ids)
        found: dict[str, tuple[bool, str]] = {}
        conn = self._connect()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for doc_id, starred, status in conn.execute(
                    f"SELECT doc_id, starred, status FROM marks WHERE doc_id IN ({marks})", chunk):
                found[doc_id] = (bool(starred), status)
        return found

    def facet_members(self, field: str):
        """``(value, doc_id)`` pairs: ``("starred", id)`` for the ``is`` field, ``(status, id)`` for ``status``."""
        conn = self._connect()
        if field == "is":
            yield from (("starred", doc_id) for (doc_id,) in conn.execute("SELECT doc_id FROM marks WHERE starred"))
        else:
            yield from conn.execute("SELECT status, doc_id FROM marks WHERE status != ''")

    def star(self, doc_ids: list[str], starred: bool = True, progress=None) -> int:
        """Stars (or unstars) statements; returns how many changed."""
        return self._set(doc_ids, "starred", int(starred),
                         f"{'Star' if starred else 'Unstar'} {_count(doc_ids)}", progress)

    def set_status(self, doc_ids: list[str], status: str, progress=None) -> int:
        """Sets the review status (``""`` clears it); returns how many changed."""
        code = status_code(status)
        name = STATUSES.get(code, "no status")
        return self._set(doc_ids, "status", code, f"Mark {_count(doc_ids)} {name.lower()}", progress)

    def _set(self, doc_ids: list[str], column: str, value, label: str, progress=None) -> int:
        if not doc_ids:
            raise WorkbenchError("No statements were given.")
        conn = self._connect()
        subquery = self._staged(conn, doc_ids, progress)
        scope = Scope("marks", f"doc_id IN {subquery}")
        with self._journal.action(label, [scope]) as conn:
            changed = conn.execute(f"SELECT count(*) FROM {subquery} s LEFT JOIN marks m ON m.doc_id = s.doc_id"
                                   f" WHERE coalesce(m.{column}, ?) != ?",
                                   (0 if column == "starred" else "", value)).fetchone()[0]
            conn.execute(f"INSERT INTO marks(doc_id, {column}, updated_at) SELECT doc_id, ?, ? FROM {subquery} WHERE 1"
                         f" ON CONFLICT(doc_id) DO UPDATE SET {column} = excluded.{column},"
                         " updated_at = excluded.updated_at", (value, now()))
            # A row with neither a star nor a status says nothing: keep the table to what matters.
            conn.execute("DELETE FROM marks WHERE starred = 0 AND status = ''")
        return changed


def _count(doc_ids: list[str]) -> str:
    return "1 statement" if len(doc_ids) == 1 else f"{len(doc_ids):,} statements"
