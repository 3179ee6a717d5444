"""Near-identical statements: MinHash signatures kept in the catalogue, groups found from them by LSH banding.

Signatures (:mod:`index.research.minhash`) are computed where statements
are read: in the import workers for a large import, in the importing process
for a small one, and written in the same transaction as the statements. At
the end of an import the groups are found again from every signature: each
signature's 32 band keys put it into buckets, only statements sharing a
bucket are compared (never all pairs), and pairs whose estimated similarity
reaches :data:`THRESHOLD` are joined into groups (single linkage, so the
yearly notices of one emergency form one group even when the first and the
last differ more), as are pairs from :data:`SUBJECT_THRESHOLD` whose
central countries (corrections applied) are the same. Each statement keeps
the similarity of its closest link.

A library made by an earlier release has no signatures: they are computed
(:func:`refresh`: the window does it in the background once it has opened
such a library, ``chancery similar --near-identical`` on first use) with
progress, a batch per transaction, so an interruption loses at most one
batch, then grouped. A correction of central countries makes the groups
out of date the same way; they are found again by the same means and by the
next import. A read-only library shows the groups it has.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable

from documents.statement import Entity
from index.catalogue import in_chunks
from index.research.minhash import BANDS, band_key, similarity, sketch
from index.workbench.corrections import stored_corrector
from index.workbench.journal import CORRECTIONS_CHANGED_KEY

log = logging.getLogger("chancery.index")

THRESHOLD = 0.8  # estimated Jaccard of 5-word shingles from which two statements are near-identical
# From here, two statements about the same central countries are near-identical too: a yearly letter
# re-issued with a new salutation, year and sign-off shares 55-80 % of its shingles, while the same
# template used for another country (another emergency, another leader's call) differs in its subject.
SUBJECT_THRESHOLD = 0.55
GROUPING_VERSION = "5-shingles-0.8-or-same-central-0.55-lsh-32x4"  # regroup when the rule changes
SIGNATURE_VERSION = "minhash-oph-5x128-v1"
_VERSION_KEY = "near_signature_version"
_SIGNED_KEY = "near_signatures_changed"  # bumped by every transaction that writes signatures
_GROUPED_KEY = "near_groups_from"  # what the stored groups were found from (see _grouping_marker)
_REGROUPED_KEY = "near_groups_generation"  # bumped by every regrouping (a removal changes groups, not signatures)
_BATCH = 200  # statements signed per transaction on first use
_BUCKET_REPRESENTATIVES = 32  # groups a statement is compared with in one bucket (bounds a bucket of thousands)

Progress = Callable[[int, int], None]
Subjects = Callable[[Iterable[str]], dict[str, str | None]]  # ids -> each one's subject (central countries)


def has_tables(conn: sqlite3.Connection) -> bool:
    """Whether the catalogue has the near-identical tables (an older one opened read-only may not)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'near_signatures'").fetchone() is not None


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


Sketch = tuple[bytes | None, int]  # a signature (None for a short text) and the number of words


def store_signatures(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, Sketch]]) -> None:
    """Writes ``(doc id, content hash, (signature or None, words))`` rows inside the caller's transaction."""
    rows = [(doc_id, content_hash, sig, words) for doc_id, content_hash, (sig, words) in rows]
    if not rows:
        return
    conn.executemany("INSERT OR REPLACE INTO near_signatures(doc_id, content_hash, signature, words)"
                     " VALUES (?, ?, ?, ?)", rows)
    # The method's version is stamped with the first signatures (a later release changing it signs again).
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (_VERSION_KEY, SIGNATURE_VERSION))
    _bump(conn, _SIGNED_KEY)


def _bump(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("INSERT INTO meta(key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET"
                 " value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)", (key,))


def sign(conn: sqlite3.Connection, statements: Iterable, computed: dict[str, Sketch]) -> None:
    """Stores the signatures of statements being imported, inside the caller's transaction.

    Args:
        conn: The import batch's transaction.
        statements: The statements it writes.
        computed: Signatures the import workers computed, by id (taken out of it
            as they are stored); the others are computed here.
    """
    store_signatures(conn, [(s.id, s.content_hash, computed.pop(s.id) if s.id in computed else sketch(s.text))
                            for s in statements])


def _current_version(conn: sqlite3.Connection) -> None:
    """Drops every signature made by another version of the method (they would not compare)."""
    if _meta(conn, _VERSION_KEY) != SIGNATURE_VERSION:
        with conn:
            conn.execute("DELETE FROM near_signatures")
            conn.execute("DELETE FROM near_groups")
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (_VERSION_KEY, SIGNATURE_VERSION))


_UNSIGNED = ("FROM documents d LEFT JOIN near_signatures s ON s.doc_id = d.id AND s.content_hash = d.content_hash"
             " WHERE s.doc_id IS NULL")


def unsigned_count(conn: sqlite3.Connection) -> int:
    """Statements without a signature for their current content."""
    return conn.execute(f"SELECT COUNT(*) {_UNSIGNED}").fetchone()[0]


def sign_missing(conn: sqlite3.Connection, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> int:
    """Computes the signature of every statement that has none (an upgraded library's first use).

    Returns:
        How many statements were signed.
    """
    _current_version(conn)
    total = unsigned_count(conn)
    done = 0
    while done < total and not (cancelled and cancelled()):
        rows = conn.execute(f"SELECT d.id, d.content_hash, unpacked(d.text) {_UNSIGNED} LIMIT ?", (_BATCH,)).fetchall()
        if not rows:
            break
        signed = [(doc_id, content_hash, sketch(text)) for doc_id, content_hash, text in rows]
        with conn:
            store_signatures(conn, signed)
        done += len(signed)
        if progress:
            progress(min(done, total), total)
    return done


def is_current(conn: sqlite3.Connection) -> bool:
    """Whether the stored groups were found from every signature there is."""
    return _meta(conn, _VERSION_KEY) == SIGNATURE_VERSION and _grouping_marker(conn) == _meta(conn, _GROUPED_KEY)


def _grouping_marker(conn: sqlite3.Connection) -> str:
    """What groups found now are found from: the signatures, the corrections (of central countries) and the rule."""
    # Groups found before a correction, or by an earlier rule, are not current: the next refresh finds them again.
    return f"{_meta(conn, _SIGNED_KEY) or '0'}/{_meta(conn, CORRECTIONS_CHANGED_KEY) or '0'}/{GROUPING_VERSION}"


class GroupingCancelled(Exception):
    """The caller's ``cancelled`` said so while groups were being found (nothing was stored)."""


def _buckets(signatures: dict[str, bytes]) -> list[list[str]]:
    """The statements that share a band key, bucket by bucket (those of two or more).

    In the order of their first member, then band, as one table of every band's keys
    would list them; but each band's keys are made and dropped before the next band's.
    All 32 bands' keys at once took about 700 MB at 100,000 statements.
    """
    ids = list(signatures)
    shared: list[tuple[int, int, list[str]]] = []
    for band in range(BANDS):
        buckets: defaultdict[bytes, list[int]] = defaultdict(list)
        for number, doc_id in enumerate(ids):
            buckets[band_key(signatures[doc_id], band)].append(number)
        shared.extend((members[0], band, [ids[n] for n in members]) for members in buckets.values()
                      if len(members) > 1)
    shared.sort(key=lambda bucket: bucket[:2])
    return [members for _first, _band, members in shared]


def find_groups(signatures: dict[str, bytes], threshold: float = THRESHOLD,
                subjects: Subjects | None = None, subject_threshold: float = SUBJECT_THRESHOLD,
                cancelled: Callable[[], bool] | None = None) -> dict[str, tuple[str, float]]:
    """Groups signatures whose estimated similarity reaches ``threshold``, by LSH banding.

    Args:
        signatures: Each statement's signature, by id.
        threshold: The similarity that makes two statements near-identical on its own.
        subjects: Reads the subjects (central countries) of statements, by id; pairs from
            ``subject_threshold`` up to ``threshold`` are joined when both have the same
            subject (None: the text alone decides).
        subject_threshold: See ``subjects``.
        cancelled: Asked now and then; True stops the grouping.

    Returns:
        For every statement in a group of two or more: its group's id (the
        smallest id in it) and the similarity of its closest link.

    Raises:
        GroupingCancelled: ``cancelled`` said so.
    """
    parent: dict[str, str] = {}

    def root(doc_id: str) -> str:
        path = []
        while (up := parent.get(doc_id, doc_id)) != doc_id:
            path.append(doc_id)
            doc_id = up
        for node in path:  # path compression: the next look is one step
            parent[node] = doc_id
        return doc_id

    closest: dict[str, float] = {}

    def link(pair: tuple[str, str], score: float) -> None:
        for member in pair:
            closest[member] = max(closest.get(member, 0.0), score)
        parent[root(pair[0])] = root(pair[1])

    compared: set[tuple[str, str]] = set()
    if subjects is None:
        subject_threshold = threshold
    undecided: list[tuple[tuple[str, str], float]] = []  # close, but only if both are about the same countries
    for number, members in enumerate(_buckets(signatures)):
        if cancelled is not None and number % 4096 == 0 and cancelled():
            raise GroupingCancelled("grouping cancelled")
        representatives: list[str] = []  # one statement per group met in this bucket
        for doc_id in members:
            mine = root(doc_id)
            if any(root(other) == mine for other in representatives):
                continue
            linked = False
            for other in representatives[:_BUCKET_REPRESENTATIVES]:
                pair = (doc_id, other) if doc_id < other else (other, doc_id)
                if pair in compared:
                    continue
                compared.add(pair)
                score = similarity(signatures[doc_id], signatures[other])
                if score >= threshold:
                    link(pair, score)
                    linked = True
                elif score >= subject_threshold:
                    undecided.append((pair, score))
            if not linked:
                representatives.append(doc_id)
    if undecided and subjects is not None:
        subject_of = subjects({member for pair, _score in undecided for member in pair})
        for (first, second), score in undecided:
            if subject_of.get(first) and subject_of.get(first) == subject_of.get(second):
                link((first, second), score)
    components: defaultdict[str, list[str]] = defaultdict(list)
    for doc_id in closest:
        components[root(doc_id)].append(doc_id)
    return {doc_id: (min(group), closest[doc_id]) for group in components.values() for doc_id in group}


def central_countries(conn: sqlite3.Connection) -> Subjects:
    """Reads statements' central countries from the catalogue, corrections applied, for :func:`find_groups`."""
    corrector = stored_corrector(conn, "country")

    def read(doc_ids: Iterable[str]) -> dict[str, str | None]:
        found: dict[str, list[Entity]] = {}
        for chunk, marks in in_chunks(list(doc_ids)):
            found.update((doc_id, []) for doc_id in chunk if doc_id in corrector.per_doc)  # "add" to none
            rows = conn.execute(
                "SELECT d.id, json_extract(c.value, '$.code'), json_extract(c.value, '$.central') FROM documents d,"
                f" json_each(unpacked(d.data), '$.countries') c WHERE d.id IN ({marks})", chunk)
            for doc_id, code, central in rows:
                found.setdefault(doc_id, []).append(Entity(code, code, central=bool(central)))
        subjects = {}
        for doc_id, entities in found.items():
            if corrector:
                entities = corrector.entities(doc_id, "country", entities)
            subjects[doc_id] = " ".join(sorted(e.code for e in entities if e.central)) or None
        return subjects

    return read


def regroup(conn: sqlite3.Connection, threshold: float = THRESHOLD,
            cancelled: Callable[[], bool] | None = None) -> int | None:
    """Finds the groups again from every stored signature and stores them.

    Returns:
        The number of groups, or None when ``cancelled`` stopped it (the groups stay as they were).
    """
    started = time.perf_counter()
    marker = _grouping_marker(conn)
    rows = conn.execute("SELECT s.doc_id, s.signature FROM near_signatures s JOIN documents d ON d.id = s.doc_id"
                        " AND d.content_hash = s.content_hash WHERE s.signature IS NOT NULL").fetchall()
    try:
        groups = find_groups(dict(rows), threshold, central_countries(conn), cancelled=cancelled)
    except GroupingCancelled:
        return None
    with conn:
        conn.execute("DELETE FROM near_groups")
        conn.executemany("INSERT INTO near_groups(doc_id, group_id, similarity) VALUES (?, ?, ?)",
                         [(doc_id, group, round(score, 4)) for doc_id, (group, score) in groups.items()])
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (_GROUPED_KEY, marker))
        conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (_VERSION_KEY, SIGNATURE_VERSION))
        _bump(conn, _REGROUPED_KEY)
    count = len({group for group, _score in groups.values()})
    log.info("near-identical: %d groups of %d statements from %d signatures in %.2f s", count, len(groups),
             len(rows), time.perf_counter() - started)
    return count


def refresh(conn: sqlite3.Connection, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None) -> bool:
    """Signs what has no signature and groups again if anything changed; True when the groups are current."""
    if not has_tables(conn):
        return False
    sign_missing(conn, progress, cancelled)
    if cancelled and cancelled():
        return False
    return is_current(conn) or regroup(conn, cancelled=cancelled) is not None


def after_import(conn: sqlite3.Connection, removed: bool = False) -> None:
    """Groups again when an import wrote signatures (or removed statements): the end of every import.

    Statements of an earlier release that still lack a signature wait for
    :func:`refresh`; an import does not sign them.
    """
    if has_tables(conn) and (removed or not is_current(conn)):
        regroup(conn)


def word_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Each signed statement's number of words (as the signatures count them: the words of its text)."""
    if not has_tables(conn):
        return {}
    return dict(conn.execute("SELECT s.doc_id, s.words FROM near_signatures s JOIN documents d ON d.id = s.doc_id"
                             " AND d.content_hash = s.content_hash"))


def signed_marker(conn: sqlite3.Connection) -> str | None:
    """Changes whenever signatures are written (for caches of what they hold)."""
    return _meta(conn, _SIGNED_KEY)


class GroupMap:
    """The stored groups, read once per change (the results list asks on every search).

    Safe to share between threads: the maps are replaced whole, never changed in place.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._marker: tuple[str | None, str | None] | None = None
        self.group_of: dict[str, tuple[str, float]] = {}
        self.members: dict[str, tuple[str, ...]] = {}

    def load(self, conn: sqlite3.Connection) -> GroupMap:
        """Reads the groups again when they changed since the last look; returns itself."""
        if not has_tables(conn):
            return self
        marker = (_meta(conn, _REGROUPED_KEY), _meta(conn, _VERSION_KEY))
        with self._lock:
            if marker != self._marker:
                group_of = {doc_id: (group, score) for doc_id, group, score in
                            conn.execute("SELECT doc_id, group_id, similarity FROM near_groups")}
                members: defaultdict[str, list[str]] = defaultdict(list)
                for doc_id, (group, _score) in group_of.items():
                    members[group].append(doc_id)
                self.group_of, self.members = group_of, {g: tuple(sorted(m)) for g, m in members.items()}
                self._marker = marker
        return self

    def collapse(self, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """For ids in result order: each group's first id -> the group's other ids among them, in order."""
        group_of = self.group_of
        first: dict[str, str] = {}
        others: defaultdict[str, list[str]] = defaultdict(list)
        for doc_id in ids:
            entry = group_of.get(doc_id)
            if entry is None:
                continue
            leader = first.setdefault(entry[0], doc_id)
            if leader != doc_id:
                others[leader].append(doc_id)
        return {leader: tuple(rest) for leader, rest in others.items()}
