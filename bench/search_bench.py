"""Search speed: Chancery against a naive Whoosh baseline and SQLite FTS5, on the shared corpus.

Usage:
    python bench/search_bench.py [--queries 200] [--rebuild] [--library DIR] [--engines fts5]

``--library DIR`` measures a library built elsewhere (the 100,000 statements
of ``bench/scale_corpus.py``, say); its baselines are cached beside it.

Builds (once, cached under ``build/bench-library``) a Chancery library from
``../shared/corpus/ungdc`` and ``../shared/corpus/wh-diplomatic``, a plain
Whoosh index and an FTS5 table of the same statements, then times each kind
of query on each engine and prints p50/p95 in milliseconds:

- ``one term``: a word and the counts of every facet;
- ``two terms + 2 filters``: two words, a country and a year filter, counts;
- ``phrase``: a two-word phrase and counts;
- ``snippets top 20``: snippets for the 20 best hits of a one-term query;
- ``did you mean`` and ``completion`` (Chancery only), for information.

The naive Whoosh baseline opens a searcher per query and counts facets with
``FieldFacet(allow_overlap=True)`` grouping; FTS5 matches once (bm25 scores
into a temporary table) and counts with one ``GROUP BY`` per facet. Skips (exit 0) when the corpus is absent.
This is a benchmark, not a test: nothing fails on a slow run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPORA = ("ungdc", "wh-diplomatic")
NOT_STATEMENTS = {"SOURCE.md", "UNGDC_README.txt", "WH_BRIEFINGS_README.md"}
CACHE = REPO / "build" / "bench-library"
FACETS = ("country", "organisation", "topic", "year", "doc_type", "language")
TARGETS = {"one term": (30, 80), "two terms + 2 filters": (None, 100), "phrase": (None, 250),
           "snippets top 20": (None, 50)}
sys.path.insert(0, str(REPO))


# -- building (cached) ----------------------------------------------------------


GIVEN_LIBRARY: Path | None = None  # --library


def _library_folder() -> Path:
    """Where the library (under ``library/``) and the baselines are kept."""
    from index.backend.schema import SCHEMA_VERSION

    if GIVEN_LIBRARY is not None:
        return GIVEN_LIBRARY.parent / f"{GIVEN_LIBRARY.name}-baselines"
    return CACHE / f"schema-{SCHEMA_VERSION}"


def build_library(rebuild: bool):
    """Opens the cached Chancery library, importing the corpus first if needed."""
    from index import Library

    if GIVEN_LIBRARY is not None:
        _library_folder().mkdir(parents=True, exist_ok=True)
        return Library.open(GIVEN_LIBRARY)
    folder = _library_folder()
    done = folder / "complete.json"
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    if not done.exists():
        if folder.exists():
            shutil.rmtree(folder)  # an interrupted build: start again
        print(f"building the Chancery library in {folder} (a few minutes, once)...", flush=True)
        started = time.perf_counter()
        with Library.open(folder / "library") as library:
            report = library.import_paths([CORPUS / name for name in CORPORA], remember=False,
                                  exclude=lambda path: path.name in NOT_STATEMENTS)
            count = library.count()
        seconds = time.perf_counter() - started
        done.write_text(json.dumps({"docs": count, "seconds": seconds, "problems": len(report.problems)}))
        print(f"  {count} statements in {seconds:.0f} s", flush=True)
    return Library.open(folder / "library")


def _documents(library) -> list[dict]:
    """Every statement as plain values, for the baselines (same text, same facet values)."""
    docs = []
    for statement in library.catalogue.iter_statements():
        docs.append({
            "id": statement.id,
            "title": statement.title,
            "text": statement.text,
            "country": sorted({c.code for c in statement.countries}),
            "organisation": sorted({o.code for o in statement.organisations}),
            "topic": sorted({t.code for t in statement.topics}),
            "year": [str(statement.year)] if statement.year else [],
            "doc_type": [statement.doc_type],
            "language": [statement.language],
        })
    return docs


def build_naive(docs: list[dict], rebuild: bool):
    """A plain Whoosh index: stemmed title and body, facets as comma keywords."""
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, KEYWORD, TEXT, Schema

    folder = _library_folder() / "naive-whoosh"
    if folder.exists() and not rebuild and (folder / "complete").exists():
        return index.open_dir(str(folder))
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    print("building the naive Whoosh index...", flush=True)
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
                    body=TEXT(analyzer=StemmingAnalyzer()),
                    **{name: KEYWORD(commas=True, scorable=False, sortable=True) for name in FACETS})
    ix = index.create_in(str(folder), schema)
    writer = ix.writer(procs=2, limitmb=256, multisegment=True)
    for doc in docs:
        writer.add_document(id=doc["id"], title=doc["title"], body=doc["text"],
                            **{name: ",".join(doc[name]) for name in FACETS})
    writer.commit()
    (folder / "complete").touch()
    return ix


def build_fts(docs: list[dict], rebuild: bool) -> sqlite3.Connection:
    """An FTS5 table (porter stemming, accents removed) and a facet table."""
    path = _library_folder() / "fts5.sqlite3"
    if path.exists() and (rebuild or not path.with_suffix(".complete").exists()):
        path.unlink()
    fresh = not path.exists()
    conn = sqlite3.connect(path)
    if fresh:
        print("building the FTS5 table...", flush=True)
        conn.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
                     "tokenize='porter unicode61 remove_diacritics 2')")
        conn.execute("CREATE TABLE facets (docid INTEGER, field TEXT, value TEXT)")
        with conn:
            for rowid, doc in enumerate(docs, 1):
                conn.execute("INSERT INTO docs(rowid, id, title, body) VALUES (?, ?, ?, ?)",
                             (rowid, doc["id"], doc["title"], doc["text"]))
                conn.executemany("INSERT INTO facets VALUES (?, ?, ?)",
                                 [(rowid, name, value) for name in FACETS for value in doc[name]])
        conn.execute("CREATE INDEX facets_value ON facets(field, value, docid)")
        conn.execute("CREATE INDEX facets_doc ON facets(docid, field)")
        conn.commit()
        path.with_suffix(".complete").touch()
    return conn



# -- queries ----------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{4,}")


def make_queries(docs: list[dict], count: int, seed: int = 7) -> dict[str, list[dict]]:
    """Queries drawn from the statements themselves, so every engine gets the same ones.

    Words are real words of a random statement (so most queries have hits and
    common words come up as often as in the archive); filters are that
    statement's own country and year.
    """
    from whoosh.analysis import STOP_WORDS

    rng = random.Random(seed)

    def words_of(doc: dict) -> list[str]:
        return [w for w in _WORD.findall(doc["text"].lower()) if w not in STOP_WORDS]

    queries: dict[str, list[dict]] = {"one term": [], "two terms + 2 filters": [], "phrase": []}
    while min(len(q) for q in queries.values()) < count:
        doc = rng.choice(docs)
        words = words_of(doc)
        if len(words) < 10:
            continue
        if len(queries["one term"]) < count:
            queries["one term"].append({"words": [rng.choice(words)], "phrase": False, "filters": []})
        if len(queries["two terms + 2 filters"]) < count and doc["country"] and doc["year"]:
            queries["two terms + 2 filters"].append({
                "words": rng.sample(words, 2), "phrase": False,
                "filters": [("country", rng.choice(doc["country"])), ("year", doc["year"][0])]})
        tokens = doc["text"].lower().split()
        start = rng.randrange(len(tokens) - 1)
        pair = tokens[start : start + 2]
        if len(queries["phrase"]) < count and all(_WORD.fullmatch(t) and t not in STOP_WORDS for t in pair):
            queries["phrase"].append({"words": pair, "phrase": True, "filters": []})
    return queries


def _misspelt(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


# -- engines ----------------------------------------------------------------------


def chancery_runner(library) -> tuple[Callable[[dict], object], Callable[[dict], object]]:
    """(search with counts, snippets for the top 20) through the public engine."""
    from index import FacetFilter, SearchRequest

    engine = library.engine

    def request(q: dict, snippets: int = 0) -> SearchRequest:
        text = f'"{" ".join(q["words"])}"' if q["phrase"] else " ".join(q["words"])
        return SearchRequest(text=text, filters=tuple(FacetFilter(f, v) for f, v in q["filters"]),
                             snippet_count=snippets)

    def search(q: dict):
        return engine.search(request(q))

    def snippets(q: dict):
        # The search itself is timed above; here only the snippets of the visible rows.
        result = engine.search(request(q))
        started = time.perf_counter()
        for hit in result.hits[:20]:
            engine.with_snippet(hit, result.terms)
        return time.perf_counter() - started

    return search, snippets


def naive_runner(ix, texts: dict[str, str]):
    """Whoosh as the tutorial shows it: a searcher per query, FieldFacet grouping for counts."""
    from whoosh import query as wq
    from whoosh.qparser import MultifieldParser
    from whoosh.sorting import FieldFacet

    parser = MultifieldParser(["title", "body"], ix.schema)

    def parse(q: dict):
        return parser.parse(f'"{" ".join(q["words"])}"' if q["phrase"] else " ".join(q["words"]))

    def search(q: dict):
        with ix.searcher() as searcher:
            flt = wq.And([wq.Term(f, v) for f, v in q["filters"]]) if q["filters"] else None
            groups = {name: FieldFacet(name, allow_overlap=True) for name in FACETS}
            results = searcher.search(parse(q), limit=1000, filter=flt, groupedby=groups)
            counts = {name: results.groups(name) for name in FACETS}
            return len(results), counts

    def snippets(q: dict):
        with ix.searcher() as searcher:
            results = searcher.search(parse(q), limit=20)
            started = time.perf_counter()
            for hit in results:
                hit.highlights("body", text=texts[hit["id"]])
            return time.perf_counter() - started

    return search, snippets


def fts_runner(conn: sqlite3.Connection):
    """FTS5: one MATCH (with bm25) into a temporary table, then one GROUP BY per facet for the counts."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS hits (docid INTEGER PRIMARY KEY, score REAL)")

    def match(q: dict) -> str:
        if q["phrase"]:
            return '"' + " ".join(q["words"]) + '"'
        return " AND ".join(f'"{w}"' for w in q["words"])

    def search(q: dict):
        extra = "".join(" AND rowid IN (SELECT docid FROM facets WHERE field = ? AND value = ?)" for _ in q["filters"])
        params = [match(q), *(x for pair in q["filters"] for x in pair)]
        conn.execute("DELETE FROM hits")
        conn.execute(f"INSERT INTO hits SELECT rowid, bm25(docs) FROM docs WHERE docs MATCH ?{extra}", params)
        ranked = conn.execute("SELECT docid FROM hits ORDER BY score LIMIT 1000").fetchall()
        total = conn.execute("SELECT count(*) FROM hits").fetchone()[0]
        counts = {
            name: conn.execute("SELECT f.value, count(*) FROM hits JOIN facets f ON f.docid = hits.docid "
                               "WHERE f.field = ? GROUP BY f.value", [name]).fetchall()
            for name in FACETS
        }
        return total, ranked, counts

    def snippets(q: dict):
        started = time.perf_counter()
        conn.execute("SELECT snippet(docs, 2, '[', ']', '...', 40) FROM docs WHERE docs MATCH ? "
                     "ORDER BY rank LIMIT 20", [match(q)]).fetchall()
        return time.perf_counter() - started

    return search, snippets


# -- measuring --------------------------------------------------------------------


def _timed(function: Callable[[dict], object], queries: list[dict]) -> list[float]:
    """Milliseconds per query; a function returning a float reports its own time in seconds."""
    times = []
    for q in queries:
        started = time.perf_counter()
        own = function(q)
        elapsed = time.perf_counter() - started
        times.append((own if isinstance(own, float) else elapsed) * 1000)
    return times


def _p50_p95(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _cell(times: list[float] | None) -> str:
    if not times:
        return f"{'-':>9} {'-':>9}"
    p50, p95 = _p50_p95(times)
    return f"{p50:>9.1f} {p95:>9.1f}"


def _target(kind: str) -> str:
    p50, p95 = TARGETS.get(kind, (None, None))
    return f"{p50 if p50 else '-':>5} {p95 if p95 else '-':>5}"


def measure(library, ix, conn, texts: dict[str, str], queries: dict[str, list[dict]], engines: set[str]) -> dict:
    """Runs every kind of query on every engine: {kind: {engine: [ms, ...]}}."""
    runners = {"chancery": chancery_runner(library)}
    if "whoosh" in engines:
        runners["whoosh"] = naive_runner(ix, texts)
    if "fts5" in engines:
        runners["fts5"] = fts_runner(conn)
    table: dict[str, dict[str, list[float]]] = {}
    for name, (search, snippets) in runners.items():
        for q in queries["one term"][:5]:  # warm caches (facet sets, vocabulary) before timing
            search(q)
        for kind, batch in queries.items():
            print(f"  {name}: {kind}...", flush=True)
            table.setdefault(kind, {})[name] = _timed(search, batch)
        print(f"  {name}: snippets...", flush=True)
        table.setdefault("snippets top 20", {})[name] = _timed(snippets, queries["one term"])
    return table


def measure_extras(library, queries: dict[str, list[dict]]) -> dict[str, list[float]]:
    """Chancery-only features: did-you-mean, completion, more-like-this, country expansion."""
    from index import SearchRequest

    rng = random.Random(11)
    words = [q["words"][0] for q in queries["one term"] if len(q["words"][0]) >= 5]
    ids = sorted(library.catalogue.ids())
    engine = library.engine
    library.warm_completion().join()  # as the window does when a library opens
    extras = {
        "did you mean (misspelt word)": _timed(
            lambda w: engine.search(SearchRequest(text=_misspelt(w, rng), snippet_count=0)), words),
        "completion (3 letters)": _timed(lambda w: library.complete(w[:3]), words),
        "country name (expanded)": _timed(lambda name: engine.search(SearchRequest(text=name, snippet_count=0)),
                                          ["Turkey", "South Africa", "United States", "China", "Germany"] * 40),
        "more like this (20)": _timed(lambda doc_id: library.similar(doc_id), rng.sample(ids, 50)),
    }
    return extras


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=200, help="queries of each kind (default 200)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached library and baselines")
    parser.add_argument("--engines", nargs="*", default=["whoosh", "fts5"], choices=["whoosh", "fts5"],
                        help="baselines to measure beside Chancery")
    parser.add_argument("--library", type=Path, help="measure this library (else one built from the corpus)")
    args = parser.parse_args()
    global GIVEN_LIBRARY
    GIVEN_LIBRARY = args.library.resolve() if args.library else None
    missing = [name for name in CORPORA if not (CORPUS / name).is_dir()]
    if missing:
        print(f"skipped: corpus {', '.join(missing)} not present under {CORPUS}")
        return 0
    library = build_library(args.rebuild)
    try:
        docs = _documents(library)
        ix = build_naive(docs, args.rebuild) if "whoosh" in args.engines else None
        conn = build_fts(docs, args.rebuild) if "fts5" in args.engines else None
        queries = make_queries(docs, args.queries)
        texts = {doc["id"]: doc["text"] for doc in docs}
        segments = len(library.store.searcher().reader().leaf_readers())
        print(f"{len(docs)} statements, {sum(len(t) for t in texts.values()) / 1e6:.0f} MB of text, "
              f"{segments} index segment(s); {args.queries} queries of each kind", flush=True)
        del docs
        table = measure(library, ix, conn, texts, queries, set(args.engines))
        extras = measure_extras(library, queries)
    finally:
        library.close()
    print()
    print(f"{'ms':30} {'target':>11} {'Chancery':>19} {'naive Whoosh':>19} {'SQLite FTS5':>19}")
    print(f"{'query kind':30} {'p50':>5} {'p95':>5} " + " ".join(f"{'p50':>9} {'p95':>9}" for _ in range(3)))
    for kind, by_engine in table.items():
        print(f"{kind:30} {_target(kind)} {_cell(by_engine.get('chancery'))} {_cell(by_engine.get('whoosh'))} "
              f"{_cell(by_engine.get('fts5'))}")
    for kind, times in extras.items():
        print(f"{kind:30} {_target(kind)} {_cell(times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
