"""The catalogue's tables, and the migrations that bring an older catalogue up to date.

Every catalogue records its version in ``meta.catalogue_version``. Opening
one of an older release runs the missing steps in order, each in one
transaction, so a crash mid-migration leaves the catalogue as it was; user
work is only ever added to, never rewritten, by these steps. A catalogue of
a newer release is refused (this release would not know its tables).

The workbench and audit tables have no foreign keys to ``documents`` on purpose: a
statement removed with its file keeps its tags, notes and passages, and gets
them back if the same file is imported again (its id comes from its bytes).
"""

from __future__ import annotations

import sqlite3

from index.errors import CatalogueDamaged

# Version 1: documents, locations, folders, labels (the first release).
_VERSION_1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    doc_type TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ok',
    parent_id TEXT,
    data TEXT NOT NULL,
    text TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE TABLE IF NOT EXISTS locations (
    path TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    size INTEGER NOT NULL,
    mtime REAL NOT NULL,
    missing INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS locations_doc ON locations(doc_id);
CREATE TABLE IF NOT EXISTS folders (path TEXT PRIMARY KEY, added_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS labels (
    field TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (field, code)
);
"""

# Version 2: the workbench.
_VERSION_2 = """
CREATE TABLE tags (id INTEGER PRIMARY KEY, path TEXT NOT NULL, key TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
CREATE TABLE doc_tags (
    doc_id TEXT NOT NULL, tag_id INTEGER NOT NULL, added_at TEXT NOT NULL, PRIMARY KEY (doc_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX doc_tags_tag ON doc_tags(tag_id);
CREATE TABLE collections (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, key TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL
);
CREATE TABLE doc_collections (
    doc_id TEXT NOT NULL, collection_id INTEGER NOT NULL, added_at TEXT NOT NULL, PRIMARY KEY (doc_id, collection_id)
) WITHOUT ROWID;
CREATE INDEX doc_collections_collection ON doc_collections(collection_id);
CREATE TABLE marks (
    doc_id TEXT PRIMARY KEY, starred INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE TABLE notes (doc_id TEXT PRIMARY KEY, text TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE passages (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, quote TEXT NOT NULL, prefix TEXT NOT NULL, suffix TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, content_hash TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
    anchored INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL
);
CREATE INDEX passages_doc ON passages(doc_id);
CREATE TABLE saved_searches (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL UNIQUE, query TEXT NOT NULL,
    filters TEXT NOT NULL, sort TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE search_history (
    id INTEGER PRIMARY KEY, query TEXT NOT NULL, filters TEXT NOT NULL, sort TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY, doc_id TEXT, action TEXT NOT NULL, field TEXT NOT NULL, code TEXT NOT NULL,
    target TEXT, content_hash TEXT, created_at TEXT NOT NULL
);
CREATE INDEX corrections_doc ON corrections(doc_id);
CREATE TABLE trash (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL, images TEXT NOT NULL,
                    deleted_at TEXT NOT NULL);
CREATE TABLE journal (id INTEGER PRIMARY KEY, label TEXT NOT NULL, images TEXT NOT NULL, undone INTEGER NOT NULL
                      DEFAULT 0, at TEXT NOT NULL);
"""

# Version 3: the audit trail (a per-document event log) and the last fixity check of each file.
_VERSION_3 = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY, doc_id TEXT, at TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_doc ON events(doc_id, id);
CREATE TABLE fixity (
    path TEXT PRIMARY KEY, doc_id TEXT NOT NULL, verified_at TEXT NOT NULL, outcome TEXT NOT NULL,
    sha256 TEXT, size INTEGER
);
CREATE INDEX fixity_doc ON fixity(doc_id);
"""

# Version 4: pages read by OCR, kept by the file's bytes, page and the languages asked for, so a
# file is never read by Tesseract twice (a re-import, a document removed and imported again,
# ``chancery ocr`` after an interruption). Derived data: losing it costs only time.
_VERSION_4 = """
CREATE TABLE ocr_pages (
    sha256 TEXT NOT NULL, page INTEGER NOT NULL, request TEXT NOT NULL, status TEXT NOT NULL, text TEXT NOT NULL,
    confidence REAL NOT NULL, languages TEXT NOT NULL, low TEXT NOT NULL, engine TEXT NOT NULL,
    read_at TEXT NOT NULL, PRIMARY KEY (sha256, page, request)
) WITHOUT ROWID;
"""

# Version 5: near-identical statements (index.research.near_identical). Each statement's MinHash
# signature (NULL for a text too short to have one) and number of words (for the trends), kept
# with the content hash they were computed for, and the groups found from them. Derived data:
# losing it costs only time, and a catalogue migrated from version 4 gets its signatures on first use.
_VERSION_5 = """
CREATE TABLE IF NOT EXISTS near_signatures (
    doc_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, signature BLOB, words INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS near_groups (
    doc_id TEXT PRIMARY KEY, group_id TEXT NOT NULL, similarity REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS near_groups_group ON near_groups(group_id);
"""

# Version 6: texts and metadata stored zlib-compressed (index.catalogue.packed). No table changes:
# rows an older release wrote stay plain and read the same until ``chancery compact`` packs them.
# The version stamp keeps an older release, which would read the packed bytes as text, out.
_VERSION_6 = ""

MIGRATIONS: dict[int, str] = {2: _VERSION_2, 3: _VERSION_3, 4: _VERSION_4, 5: _VERSION_5, 6: _VERSION_6}
LATEST = max(MIGRATIONS)
VERSION_KEY = "catalogue_version"


def _version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (VERSION_KEY,)).fetchone()
    return int(row[0]) if row else 0


def create_or_migrate(conn: sqlite3.Connection, path) -> int:
    """Creates a new catalogue's tables, or migrates an older one to :data:`LATEST`.

    Returns:
        The version the catalogue had before (0 for a new one).

    Raises:
        CatalogueDamaged: The catalogue comes from a newer release.
    """
    with conn:
        conn.executescript(_VERSION_1)
    before = _version(conn)
    if before > LATEST:
        raise CatalogueDamaged(
            f"The catalogue {path} was written by a newer release of Chancery (catalogue version {before}; "
            f"this release knows up to {LATEST}). Open it with that release, or update Chancery.")
    current = before or 1
    for version in range(current + 1, LATEST + 1):
        # One transaction per step: isolation_level=None lets BEGIN/COMMIT be ours,
        # so the DDL and the version stamp commit together or not at all.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (VERSION_KEY, str(version)))
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            conn.execute("ROLLBACK")
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise
            raise CatalogueDamaged(
                f"The catalogue {path} could not be brought up to date for this release (step {version}: {exc}); "
                "it was left as it was, and the previous release still opens it.") from exc
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return before


def has_workbench(conn: sqlite3.Connection) -> bool:
    """Whether the catalogue holds the workbench tables (a read-only old catalogue may not)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tags'").fetchone() is not None
