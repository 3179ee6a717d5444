"""Memory follows what is asked, not the size of the archive: no growth per search, and a tight limit is survived.

Each check runs in a child process of its own, so that what this test
process holds (other tests' libraries, Qt) does not blur the figures.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from index import Library, SearchRequest

REPO = Path(__file__).resolve().parent.parent

SYLLABLES = ["ka", "zak", "tur", "an", "ra", "mi", "sta", "lo", "ve", "nor", "ja", "pan", "bra", "sil", "ke", "ny"]
QUERIES = ["kazak", "türkiye", "turan OR mira", '"kazak tur"', "", "stalo -nyke", "brasil*", "veno~"]


def _vocabulary(rng: random.Random) -> list[str]:
    return sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(20000)})


@pytest.fixture(scope="module")
def big_library(tmp_path_factory) -> Path:
    """720 statements of 4,000 words drawn from 20,000 made-up ones: an index of about 38 MB."""
    root = tmp_path_factory.mktemp("memory")
    source = root / "archive"
    source.mkdir()
    rng = random.Random(7)
    words = _vocabulary(rng)
    for n in range(720):
        body = " ".join(rng.choice(words) for _ in range(4000))
        (source / f"s{n:04}.md").write_text(
            f"---\ntitle: Statement {n}\ndate: {1990 + n % 30}-05-0{1 + n % 9}\n---\n"
            f"Türkiye and Kazakhstan. {body}\n", encoding="utf-8")
    folder = root / "library"
    with Library.open(folder) as library:
        library.import_paths([source])
    return folder


def _index_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in (folder / "index").iterdir() if p.is_file())


def _run(script: str, *args: str) -> dict:
    child = subprocess.run([sys.executable, "-c", textwrap.dedent(script), *args], cwd=REPO,
                           capture_output=True, text=True, timeout=600)
    assert child.returncode == 0, child.stderr[-3000:]
    return json.loads(child.stdout.splitlines()[-1])


STATUS = """
    def status():
        found = {}
        with open("/proc/self/status") as lines:
            for line in lines:
                key, value = line.split(":", 1)
                if key in ("VmData", "RssAnon"):
                    found[key] = int(value.split()[0]) / 1024
        return found
"""

LIMITED = STATUS + """
    import json, resource, sys
    from pathlib import Path
    from index import Library, SearchRequest

    allowance_mb, index_bytes = int(sys.argv[2]), int(sys.argv[3])
    limit = int((status()["VmData"] + allowance_mb) * 2**20)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    try:  # the limit binds: the index would not fit in what is left
        bytearray(index_bytes)
        binding = False
    except MemoryError:
        binding = True
    with Library.open(Path(sys.argv[1]), read_only=True) as library:
        totals = [library.search(SearchRequest(q, limit=20)).total for q in sys.argv[4:]]
        texts = [len(library.document(i).text) for i in sorted(library.ids())[:50]]
    print(json.dumps({"binding": binding, "totals": totals, "texts": len(texts)}))
"""


def test_a_library_bigger_than_the_memory_allowed_opens_and_searches(big_library):
    """GIVEN 28 MB of memory to spare and a larger index WHEN opening and searching THEN every answer comes.

    The allowance covers what any library needs (the gazetteers, the schema,
    SQLite's cache); before segment files were read from their memory map,
    the index was copied into memory too, and this child died with a
    MemoryError reported as a damaged index.
    """
    index_bytes = _index_bytes(big_library)
    assert index_bytes > 32 * 2**20
    with Library.open(big_library, read_only=True) as library:
        expected = [library.search(SearchRequest(q, limit=20)).total for q in QUERIES]
    found = _run(LIMITED, str(big_library), "28", str(index_bytes), *QUERIES)
    assert found["binding"] is True
    assert found["totals"] == expected
    assert found["texts"] == 50


STEADY = STATUS + """
    import json, random, sys
    from pathlib import Path
    from index import FacetFilter, Library, SearchRequest

    rng = random.Random(3)
    with Library.open(Path(sys.argv[1]), read_only=True) as library:
        ids = sorted(library.ids())
        words = [library.document(i).text.split()[5] for i in ids]
        sorts = ["relevance", "newest", "title"]

        def one(n):
            query = " ".join(rng.sample(words, 1 + n % 3))
            if n % 7 == 0:
                query = f'"{query}"'
            filters = (FacetFilter("country", "TUR"),) if n % 5 == 0 else ()
            result = library.search(SearchRequest(query, filters=filters, sort=sorts[n % 3], limit=20,
                                                  snippet_count=0))
            if n % 10 == 0:
                library.complete(query[:3])
                library.snippets([h.doc_id for h in result.hits[:5]], result.terms)

        for n in range(100):  # warm: caches of the reader, the parser, the labels, More like this
            one(n)
            library.document(ids[n % len(ids)])
            library.similar(ids[-1 - n], limit=5) if n % 20 == 0 else None
        after_warm = status()["RssAnon"]
        for n in range(1000):
            one(n)
        for n in range(200):
            library.document(ids[(n * 7) % len(ids)])
            library.similar(ids[n % len(ids)], limit=5) if n % 20 == 0 else None
        after = status()["RssAnon"]
    print(json.dumps({"warm": after_warm, "after": after}))
"""


def test_memory_does_not_grow_with_searches_and_opened_documents(big_library):
    """GIVEN a warmed library WHEN 1,000 searches run and 200 documents are opened THEN anonymous memory stays put."""
    found = _run(STEADY, str(big_library))
    assert found["after"] - found["warm"] < 8, found
