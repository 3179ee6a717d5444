"""Saved searches (a query, its filters and sort order under a name) and the search history."""

from __future__ import annotations

import json
from dataclasses import dataclass

from index.errors import WorkbenchError
from index.search.facets import FacetFilter
from index.search.results import SORTS
from index.workbench.journal import Journal, Scope, now, writing
from index.workbench.names import clean_name, name_key

HISTORY_KEPT = 500


@dataclass(frozen=True)
class SavedSearch:
    """A search kept under a name.

    Attributes:
        name: Its name.
        query: The query text.
        filters: Facet filters.
        sort: One of the sort orders.
        created_at: When it was saved.
        count: Statements it finds now (filled in by :meth:`Library.saved_searches`).
    """

    name: str
    query: str
    filters: tuple[FacetFilter, ...] = ()
    sort: str = "relevance"
    created_at: str = ""
    count: int | None = None


@dataclass(frozen=True)
class PastSearch:
    """One entry of the search history."""

    query: str
    filters: tuple[FacetFilter, ...]
    sort: str
    at: str


def _filters_json(filters: tuple[FacetFilter, ...]) -> str:
    return json.dumps([{"field": f.field, "value": f.value, "exclude": f.exclude} for f in filters],
                      ensure_ascii=False)


def _filters(text: str) -> tuple[FacetFilter, ...]:
    return tuple(FacetFilter(f["field"], f["value"], bool(f.get("exclude"))) for f in json.loads(text or "[]"))


class SavedSearches:
    """The saved searches and search history of one library."""

    def __init__(self, connect, journal: Journal) -> None:
        self._connect = connect
        self._journal = journal

    def all(self) -> list[SavedSearch]:
        """Every saved search, by name."""
        rows = self._connect().execute(
            "SELECT name, query, filters, sort, created_at FROM saved_searches ORDER BY key")
        return [SavedSearch(name, query, _filters(filters), sort, created)
                for name, query, filters, sort, created in rows]

    def get(self, name: str) -> SavedSearch | None:
        """The saved search called ``name`` (case aside), or None."""
        key = name_key(clean_name(name, "saved search", nested=False))
        return next((s for s in self.all() if name_key(s.name) == key), None)

    def save(self, name: str, query: str, filters: tuple[FacetFilter, ...] = (),
             sort: str = "relevance") -> SavedSearch:
        """Saves a search under ``name``, replacing one of the same name."""
        name = clean_name(name, "saved search", nested=False)
        if sort not in SORTS:
            raise WorkbenchError(f"There is no sort order \u201c{sort}\u201d; use one of {', '.join(SORTS)}.")
        key = name_key(name)
        created = now()
        with self._journal.action(f"Save the search \u201c{name}\u201d", [Scope("saved_searches", "key = ?", (key,))]
                                  ) as conn:
            conn.execute("INSERT INTO saved_searches(name, key, query, filters, sort, created_at)"
                         " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET name = excluded.name,"
                         " query = excluded.query, filters = excluded.filters, sort = excluded.sort",
                         (name, key, query, _filters_json(filters), sort, created))
        return SavedSearch(name, query, filters, sort, created)

    def rename(self, name: str, new_name: str) -> None:
        """Gives a saved search another name."""
        old = self._existing(name)
        new = clean_name(new_name, "saved search", nested=False)
        if self.get(new) is not None and name_key(new) != name_key(old.name):
            raise WorkbenchError(f"A saved search called \u201c{new}\u201d exists already.")
        scopes = [Scope("saved_searches", "key IN (?, ?)", (name_key(old.name), name_key(new)))]
        with self._journal.action(f"Rename the search \u201c{old.name}\u201d to \u201c{new}\u201d", scopes) as conn:
            conn.execute("UPDATE saved_searches SET name = ?, key = ? WHERE key = ?",
                         (new, name_key(new), name_key(old.name)))

    def delete(self, name: str) -> None:
        """Deletes a saved search (to the trash)."""
        old = self._existing(name)
        scope = Scope("saved_searches", "key = ?", (name_key(old.name),))
        with self._journal.action(f"Delete the search \u201c{old.name}\u201d", [scope],
                                  trash=("saved search", old.name)) as conn:
            conn.execute("DELETE FROM saved_searches WHERE key = ?", (name_key(old.name),))

    def _existing(self, name: str) -> SavedSearch:
        found = self.get(name)
        if found is None:
            raise WorkbenchError(f"There is no saved search called \u201c{name}\u201d.")
        return found

    # -- history ----------------------------------------------------------------------

    def remember(self, query: str, filters: tuple[FacetFilter, ...], sort: str) -> None:
        """Adds a search to the history (not undoable: the history is not the archivist's work)."""
        if not query.strip() and not filters:
            return
        conn = self._connect()
        with writing(conn):
            last = conn.execute("SELECT query, filters, sort FROM search_history ORDER BY id DESC LIMIT 1").fetchone()
            entry = (query, _filters_json(filters), sort)
            if last is not None and tuple(last) == entry:
                return
            conn.execute("INSERT INTO search_history(query, filters, sort, at) VALUES (?, ?, ?, ?)", (*entry, now()))
            conn.execute("DELETE FROM search_history WHERE id <= (SELECT max(id) FROM search_history) - ?",
                         (HISTORY_KEPT,))

    def history(self, limit: int = 50) -> list[PastSearch]:
        """The most recent searches, newest first, each once."""
        seen: set[tuple] = set()
        found = []
        for query, filters, sort, at in self._connect().execute(
                "SELECT query, filters, sort, at FROM search_history ORDER BY id DESC"):
            if (query, filters, sort) in seen:
                continue
            seen.add((query, filters, sort))
            found.append(PastSearch(query, _filters(filters), sort, at))
            if len(found) >= limit:
                break
        return found
