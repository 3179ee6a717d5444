"""Search speed: Chancery against a naive Whoosh baseline and SQLite FTS5, on the shared corpus.

Usage:
    python bench/search_bench.py [--queries 200] [--rebuild]

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
``FieldFacet(allow_overlap=True)`` grouping; FTS5 matches terms and counts
with one ``GROUP BY`` per facet. Skips (exit 0) when the corpus is absent.
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


def _library_folder() -> Path:
    from index.schema import SCHEMA_VERSION

    return CACHE / f"schema-{SCHEMA_VERSION}"


def build_library(rebuild: bool):
    """Opens the cached Chancery library, importing the corpus first if needed."""
    from index.importer import import_paths
    from index.library import Library

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
            report = import_paths(library, [CORPUS / name for name in CORPORA], remember=False,
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


if __name__ == "__main__":
    lib = build_library(False)
    print(lib.count())
