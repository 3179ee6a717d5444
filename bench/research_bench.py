"""Research views on the shared corpus: their speed, the near-identical grouping's precision and its cost.

Usage:
    python bench/research_bench.py [--repeat 10] [--pairs 60] [--missed 80] [--sketch-sample 1000]
                                   [--rebuild] [--library DIR]

Measures the library of ``../shared/corpus/ungdc`` and
``../shared/corpus/wh-diplomatic`` that ``bench/search_bench.py`` builds and
caches (8,641 statements), then prints three tables:

1. Speed. For a few requests (every statement, the phrase "strategic
   partnership", the word Kazakhstan, a country filter, and the word
   cooperation, the concordance's worst case) the cold (first) call
   and p50/max of ``--repeat`` more of: relations (central, mentioned, one
   country's partners), the concordance's first screen (offset 0, 50 lines),
   its next page, the concordance sorted by the words left of the hit, trends
   of one and of three terms; then, for the whole library, the near-identical
   statements of a grouped statement, the comparison of a grouped pair and of
   two unrelated UN speeches, the grouping's status and collapsing a results
   list. Each figure is printed against the target: 100 ms for a view on this
   library, and 1 s for the concordance's first screen even at 100,000
   statements (``--library DIR`` measures a library built elsewhere, such as
   the 100,000 statements of ``bench/scale_corpus.py``; there only that target
   applies). A concordance is cached per request, so each repeat asks with
   another context width: a run of its own, as a new search would start.
2. Near-identical grouping of the White House releases: groups, statements
   grouped, the largest groups; every pair of releases compared by brute force
   (the oracle for the LSH banding: no pair at the threshold may be left out
   of a group); the precision of grouped pairs, and a rough recall. Grouped
   pairs (two members of one group, drawn with a fixed seed) are shown with
   their titles, dates and first differing words, and judged in
   ``bench/near_identical_pairs.tsv``: the same text re-issued or re-published
   (a yearly letter continuing an emergency, a release posted twice), or
   not (a template used for another country, another emergency, another
   call). For the recall, the pairs left apart that could be the same text
   are judged in ``bench/near_identical_missed.tsv``: every pair of releases
   with an estimated similarity from 0.5 up to the threshold, and a sample of
   pairs below whose titles differ only in numbers (the same notice or
   readout another year); pairs below 0.5 with other titles are taken as
   different. Pairs are named by their files under the corpus, so a rebuilt
   library matches; pairs not judged yet are counted.
3. The grouping's cost: time to sketch a statement (``minhash.sketch``), to
   group every signature (done at the end of each import), and the
   catalogue's bytes per statement for signatures and groups.

Skips (exit 0) when the corpus is absent. This is a benchmark, not a test:
nothing fails on a slow run. No corpus text is written into the repository:
the TSV files hold file names, figures and judgements only.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CORPORA = ("ungdc", "wh-diplomatic")
PAIRS_TSV = REPO / "bench" / "near_identical_pairs.tsv"
MISSED_TSV = REPO / "bench" / "near_identical_missed.tsv"
TSV_COLUMNS = ("first", "second", "similarity", "judgement", "reason")
JUDGEMENTS = ("same", "different")
RECALL_FLOOR = 0.5  # ungrouped pairs from this estimated similarity are all shown for the recall
TITLED_SAMPLE = 15  # ungrouped same-title pairs below RECALL_FLOOR shown for the recall
RELEASES = "wh-diplomatic/"  # the releases' files, relative to the corpus
VIEW_TARGET_MS = 100  # every view on the 8,641-statement library
FIRST_SCREEN_AT_SCALE_MS = 1000  # the concordance's first screen, even at 100,000 statements
SCREEN = 50  # concordance lines on one screen
PARTNERS_OF = "TUR"
TREND_TERMS = (("terrorism",), ("terrorism", "climate change", "human rights"))
sys.path.insert(0, str(REPO))


def _corpus_name(path: str) -> str:
    """A statement's file relative to the corpus (``wh-diplomatic/...``): a key that survives a rebuild."""
    try:
        return Path(path).resolve().relative_to(CORPUS.resolve()).as_posix()
    except ValueError:
        return path


# -- 1. speed ---------------------------------------------------------------------


def _timed(call: Callable[[int], object], repeat: int) -> tuple[float, list[float], object]:
    """The first call's milliseconds, those of ``repeat`` more, and the first call's result.

    ``call`` gets the call's number.
    """
    times, first = [], None
    for number in range(repeat + 1):
        started = time.perf_counter()
        result = call(number)
        times.append((time.perf_counter() - started) * 1000)
        if number == 0:
            first = result
    return times[0], times[1:], first


class SpeedTable:
    """Rows of (view, request, cold ms, warm ms, target ms or None, note)."""

    def __init__(self, repeat: int, at_scale: bool) -> None:
        self.repeat = repeat
        self.at_scale = at_scale
        self.rows: list[tuple[str, str, float | None, list[float], int | None, str]] = []

    def target(self, view: str) -> int | None:
        if view == "concordance: first screen":
            return FIRST_SCREEN_AT_SCALE_MS if self.at_scale else VIEW_TARGET_MS
        return None if self.at_scale else VIEW_TARGET_MS

    def time(self, view: str, request: str, call: Callable[[int], object],
             note: Callable[[object], str] | str = "") -> None:
        """Times ``call``; ``note`` says something of its first result."""
        print(f"  {view} / {request}...", flush=True)
        cold, warm, first = _timed(call, self.repeat)
        self.rows.append((view, request, cold, warm, self.target(view), note(first) if callable(note) else note))

    def skip(self, view: str, request: str, why: str) -> None:
        self.rows.append((view, request, None, [], self.target(view), why))

    def print(self) -> None:
        print(f"{'view':34} {'request':24} {'cold':>8} {'p50':>8} {'max':>8} {'target':>7}  met")
        for view, request, cold, warm, target, note in self.rows:
            if cold is None:
                print(f"{view:34} {request:24} {'-':>8} {'-':>8} {'-':>8} {target or '-':>7}  ({note})")
                continue
            p50, top = statistics.median(warm), max(warm)
            if target is None:
                met = ""
            elif top <= target:
                met = "yes" if cold <= target else "yes (cold: no)"
            else:
                met = "p50 only" if p50 <= target else "NO"
            line = f"{view:34} {request:24} {cold:8.1f} {p50:8.1f} {top:8.1f} {target or '-':>7}  {met:8}  {note}"
            print(line.rstrip())


def measure_speed(library, repeat: int, at_scale: bool, grouped: dict[str, tuple[str, ...]]) -> SpeedTable:
    """Times every view for each request, then the near-identical views."""
    from index import FacetFilter, SearchRequest

    # Labelled as typed in the search box (quotes make a phrase); the filter as a facet click.
    requests = {
        "(every statement)": SearchRequest(),
        '"strategic partnership"': SearchRequest(text='"strategic partnership"'),
        "Kazakhstan": SearchRequest(text="Kazakhstan"),
        "(filter country TUR)": SearchRequest(filters=(FacetFilter("country", "TUR"),)),
        "cooperation": SearchRequest(text="cooperation"),  # the concordance's worst case: a line in most speeches
    }
    table = SpeedTable(repeat, at_scale)
    for label, request in requests.items():
        table.time("relations: central", label, lambda _n, r=request: library.relations(r, "central"))
        table.time("relations: mentioned", label, lambda _n, r=request: library.relations(r, "mentioned"))
        table.time(f"relations: partners of {PARTNERS_OF}", label,
                   lambda _n, r=request: library.relations(r, "central", PARTNERS_OF))
        # Width 40 + n: a run of its own for each repeat (see the module notes).
        table.time("concordance: first screen", label,
                   lambda n, r=request: library.concordance(r, 40 + n, "document", 0, SCREEN),
                   lambda page: f"{page.known:,} lines from {page.read:,} of {page.statements:,} statements read")
        if not request.text:
            for view in ("concordance: next page", "concordance: sorted by left"):
                table.skip(view, label, "no words to find")
        else:
            table.time("concordance: next page", label,
                       lambda n, r=request: library.concordance(r, 40 + n, "document", SCREEN, SCREEN))
            table.time("concordance: sorted by left", label,
                       lambda n, r=request: library.concordance(r, 70 + n, "left", 0, SCREEN),
                       lambda page: f"{page.known:,} lines" + (" (truncated)" if page.truncated else ""))
        for terms in TREND_TERMS:
            table.time(f"trends: {len(terms)} term{'s' if len(terms) > 1 else ''}", label,
                       lambda _n, r=request, t=terms: library.trends(t, r))
    whole = "whole library"
    rng = random.Random(5)
    members = sorted(itertools.chain.from_iterable((leader, *rest) for leader, rest in grouped.items()))
    if members:
        asked = rng.sample(members, min(len(members), repeat + 1))
        table.time("near_identical(id)", whole, lambda n: library.near_identical(asked[n % len(asked)]),
                   "a grouped statement each call")
        pairs = [(leader, rest[0]) for leader, rest in sorted(grouped.items())]
        pairs = rng.sample(pairs, min(len(pairs), repeat + 1))
        table.time("compare: a grouped pair", whole, lambda n: library.compare(*pairs[n % len(pairs)]))
    else:
        table.skip("near_identical(id)", whole, "no groups")
    speeches = _long_speeches(library, 2 * (repeat + 1), rng)
    if len(speeches) >= 2:
        table.time("compare: two UN speeches", whole,
                   lambda n: library.compare(speeches[2 * n % len(speeches)], speeches[(2 * n + 1) % len(speeches)]),
                   "unrelated, 2,500+ words each")
    table.time("near_identical_status()", whole, lambda _n: library.near_identical_status())
    hits = [hit.doc_id for hit in library.search(SearchRequest(limit=1000, snippet_count=0)).hits]
    table.time("collapse_near_identical(ids)", whole, lambda _n: library.collapse_near_identical(hits),
               f"{len(hits):,} result ids")
    return table


def _long_speeches(library, count: int, rng: random.Random) -> list[str]:
    conn = library.catalogue.transaction()
    rows = conn.execute("SELECT s.doc_id FROM near_signatures s JOIN locations l ON l.doc_id = s.doc_id"
                        " WHERE s.words >= 2500 AND l.path LIKE '%ungdc%' ORDER BY s.doc_id").fetchall()
    found = [doc_id for (doc_id,) in rows]
    return rng.sample(found, min(count, len(found)))


# -- 2. near-identical releases: groups, precision and recall ---------------------------------


def _read_tsv(path: Path) -> dict[frozenset[str], tuple[str, str]]:
    """Judged pairs: {frozenset of the two files: (judgement, reason)}."""
    if not path.is_file():
        return {}
    judged = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row.get("judgement") in JUDGEMENTS:
                judged[frozenset((row["first"], row["second"]))] = (row["judgement"], row.get("reason") or "")
    return judged


def _wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson interval of a proportion."""
    if not total:
        return 0.0, 1.0
    share = successes / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return max(0.0, centre - half), min(1.0, centre + half)


_WORD = re.compile(r"\w+")


def _first_difference(comparison) -> tuple[str, str]:
    """Each side's first changed words, with three words before them."""
    shown = []
    for side in (comparison.left, comparison.right):
        if not side.changes:
            shown.append("(no words of its own)")
            continue
        start, end = side.changes[0]
        before = _WORD.findall(side.text[max(0, start - 80):start])[-3:]
        changed = " ".join(side.text[start:end].split())
        changed = changed if len(changed) <= 70 else changed[:67] + "..."
        shown.append(f"...{' '.join(before)} [{changed}]")
    return shown[0], shown[1]


def _show_pair(library, number: int, first: str, second: str, names: dict[str, str],
               judged: dict[frozenset[str], tuple[str, str]]) -> str | None:
    """Prints a pair (titles, dates, similarities, first differing words, files); returns its judgement."""
    from index.research.minhash import exact_jaccard

    comparison = library.compare(first, second)
    left, right = _first_difference(comparison)
    verdict = judged.get(frozenset((names[first], names[second])))
    print(f"{number:2}. {'not judged' if verdict is None else ': '.join(verdict)}")
    print(f"  A {comparison.left.date or 'undated':10} {comparison.left.title[:100]}")
    print(f"  B {comparison.right.date or 'undated':10} {comparison.right.title[:100]}")
    print(f"    estimated {comparison.similarity or 0:.3f}, exact Jaccard "
          f"{exact_jaccard(comparison.left.text, comparison.right.text):.2f}, same words {comparison.same_words:.2f}")
    print(f"    A {left}")
    print(f"    B {right}")
    print(f"    {names[first]}")
    print(f"    {names[second]}")
    return None if verdict is None else verdict[0]


def _title_key(title: str) -> str:
    """A title without its numbers (years, ordinals written in figures)."""
    return " ".join(re.sub(r"\d+(st|nd|rd|th)?\b", " ", title.casefold()).replace("’", "'").split())


def pairs_at_least(signatures: dict[str, bytes], floor: float) -> list[tuple[float, str, str]]:
    """Every pair of signatures whose estimated similarity reaches ``floor``, by comparing all pairs.

    The oracle for the LSH banding. Each signature becomes one integer; two
    agree in a slot when that slot's 32 bits of their XOR are zero, counted for
    every slot at once by folding each slot's bits onto its lowest one (a few
    microseconds a pair, where comparing the 128 values in Python takes twenty).
    """
    from index.research.minhash import BINS

    def lanes(pattern: bytes) -> int:
        return int.from_bytes(pattern * BINS, "little")

    folds = [(16, lanes(b"\xff\xff\x00\x00")), (8, lanes(b"\xff\x00\x00\x00")), (4, lanes(b"\x0f\x00\x00\x00")),
             (2, lanes(b"\x03\x00\x00\x00")), (1, lanes(b"\x01\x00\x00\x00"))]
    lowest = lanes(b"\x01\x00\x00\x00")
    needed = math.ceil(floor * BINS)
    keys = sorted(signatures)
    values = [int.from_bytes(signatures[key], "little") for key in keys]
    found = []
    for i, mine in enumerate(values):
        for j in range(i + 1, len(values)):
            differ = mine ^ values[j]
            for shift, mask in folds:
                differ |= (differ >> shift) & mask
            agree = BINS - (differ & lowest).bit_count()
            if agree >= needed:
                found.append((agree / BINS, keys[i], keys[j]))
    return found


def near_identical_report(library, grouped: dict[str, tuple[str, ...]], pairs_wanted: int,
                          missed_wanted: int) -> None:
    """Groups of releases, the largest ones, precision of grouped pairs and a rough recall, from judged pairs."""
    from index.research import near_identical as near

    status = library.near_identical_status()
    ids = sorted(library.ids())
    rows = library.rows(ids)
    names = {doc_id: _corpus_name(row.path) for doc_id, row in rows.items()}
    groups = [(leader, *rest) for leader, rest in grouped.items()]
    group_of = {member: group[0] for group in groups for member in group}

    def together(first: str, second: str) -> bool:
        return first in group_of and group_of[first] == group_of.get(second)

    releases = [g for g in groups if all(names[m].startswith(RELEASES) for m in g)]
    mixed = [g for g in groups if g not in releases and any(names[m].startswith(RELEASES) for m in g)]
    release_ids = [doc_id for doc_id in ids if names[doc_id].startswith(RELEASES)]
    grouped_count = sum(map(len, releases))
    print(f"whole library: {status.groups} groups of {status.grouped} statements "
          f"(estimated Jaccard of 5-word shingles >= {near.THRESHOLD}, or >= {near.SUBJECT_THRESHOLD} with the same "
          f"central countries), ready: {status.ready}")
    print(f"releases: {len(releases)} groups, {grouped_count} of {len(release_ids)} releases grouped "
          f"({grouped_count - len(releases)} would fold under another); groups mixing releases and speeches: "
          f"{len(mixed)}")
    sizes: defaultdict[int, int] = defaultdict(int)
    for group in releases:
        sizes[len(group)] += 1
    print("groups by size: " + ", ".join(f"{n} of {size}" for size, n in sorted(sizes.items())))
    print("largest groups of releases:")
    for group in sorted(releases, key=lambda g: (-len(g), g))[:8]:
        dated = sorted((rows[m].date or "", rows[m].title) for m in group)
        titles = {_title_key(title) for _date, title in dated}
        print(f"  {len(group):3} statements, {dated[0][0][:4]}-{dated[-1][0][:4]}, {len(titles)} title(s) "
              f"without numbers; first: {dated[0][1][:90]}")

    conn = library.catalogue.transaction()
    marks = ",".join("?" * len(release_ids))
    signatures = dict(conn.execute(f"SELECT doc_id, signature FROM near_signatures WHERE doc_id IN ({marks})"
                                   " AND signature IS NOT NULL", release_ids))
    started = time.perf_counter()
    similar = pairs_at_least(signatures, RECALL_FLOOR)
    seconds = time.perf_counter() - started
    linked = [pair for pair in similar if pair[0] >= near.THRESHOLD]
    print(f"every pair of releases compared ({len(signatures) * (len(signatures) - 1) // 2:,} pairs in "
          f"{seconds:.0f} s): {len(linked)} reach {near.THRESHOLD}, "
          f"{sum(not together(a, b) for _s, a, b in linked)} of them not in one group (LSH misses)")

    # Precision: pairs drawn so that each group counts by its pairs, with a fixed seed.
    all_pairs = [pair for group in releases for pair in itertools.combinations(sorted(group, key=names.get), 2)]
    sample = random.Random(1).sample(all_pairs, min(pairs_wanted, len(all_pairs)))
    judged = _read_tsv(PAIRS_TSV)
    print()
    print(f"{len(sample)} of {len(all_pairs)} grouped pairs of releases (seed 1), judged in {PAIRS_TSV.name}:")
    verdicts = [_show_pair(library, n, a, b, names, judged) for n, (a, b) in enumerate(sample, 1)]
    same, total = verdicts.count("same"), len(verdicts) - verdicts.count(None)
    low, high = _wilson(same, total)
    precision = same / total if total else 0.0
    print()
    print(f"precision of grouped pairs: {same}/{total} judged the same text = {precision:.1%} "
          f"(95% interval {low:.1%}-{high:.1%}); {verdicts.count(None)} sampled pairs not judged yet")

    # Recall, roughly: the pairs not grouped that could be near-identical. All of those the grouping
    # nearly reached (estimated similarity from RECALL_FLOOR), and a sample of pairs whose titles
    # differ only in numbers (the same notice or readout in another year) below that.
    apart = sorted(((s, a, b) for s, a, b in similar if not together(a, b)), reverse=True)
    if len(apart) > missed_wanted:
        apart = sorted(random.Random(2).sample(apart, missed_wanted), reverse=True)
    by_title: defaultdict[str, list[str]] = defaultdict(list)
    for doc_id in release_ids:
        by_title[_title_key(rows[doc_id].title)].append(doc_id)
    near_pairs = {frozenset((a, b)) for _s, a, b in similar}
    titled = [tuple(sorted(pair, key=names.get)) for members in by_title.values()
              for pair in itertools.combinations(members, 2)]
    titled_low = sorted(p for p in titled if not together(*p) and frozenset(p) not in near_pairs)
    titled_sample = random.Random(3).sample(titled_low, min(TITLED_SAMPLE, len(titled_low)))
    judged_missed = _read_tsv(MISSED_TSV)
    print()
    print(f"{len(apart)} pairs of releases not grouped with estimated similarity {RECALL_FLOOR}-{near.THRESHOLD}, "
          f"judged in {MISSED_TSV.name}:")
    near_verdicts = [_show_pair(library, n, a, b, names, judged_missed) for n, (_s, a, b) in enumerate(apart, 1)]
    print()
    print(f"{len(titled_sample)} of {len(titled_low)} pairs of releases whose titles differ only in numbers, not "
          f"grouped and below {RECALL_FLOOR} (seed 3; {len(titled)} such pairs in all, "
          f"{sum(together(*p) for p in titled)} grouped), judged in {MISSED_TSV.name}:")
    low_verdicts = [_show_pair(library, n, a, b, names, judged_missed) for n, (a, b) in enumerate(titled_sample, 1)]
    print()
    waiting = near_verdicts.count(None) + low_verdicts.count(None)
    near_judged = len(near_verdicts) - near_verdicts.count(None)
    low_judged = len(low_verdicts) - low_verdicts.count(None)
    if total and near_judged and low_judged:
        found = len(all_pairs) * precision
        missed_near = len(apart) * near_verdicts.count("same") / near_judged
        missed_low = len(titled_low) * low_verdicts.count("same") / low_judged
        recall = found / (found + missed_near + missed_low) if found else 0.0
        print(f"recall of near-identical pairs, roughly: {found:.0f} grouped pairs are the same text; missed, about "
              f"{missed_near:.0f} with similarity {RECALL_FLOOR}-{near.THRESHOLD} "
              f"({near_verdicts.count('same')}/{near_judged} judged the same) and {missed_low:.0f} same-title pairs "
              f"below ({low_verdicts.count('same')}/{low_judged}); recall {recall:.0%} (other pairs below "
              f"{RECALL_FLOOR} taken as different texts); {waiting} sampled pairs not judged yet")
    else:
        print(f"recall: not estimated, {waiting} sampled pairs not judged yet")


# -- 3. the grouping's cost -------------------------------------------------------------------


def cost_report(library, sample_size: int) -> None:
    """Sketch time per statement and per 1,000 words, grouping time, and catalogue bytes per statement."""
    from index.research import near_identical as near
    from index.research.minhash import sketch

    conn = library.catalogue.transaction()
    rng = random.Random(3)
    by_corpus: dict[str, list[str]] = {}
    for doc_id, path in conn.execute("SELECT doc_id, path FROM locations ORDER BY doc_id"):
        by_corpus.setdefault(_corpus_name(path).split("/", 1)[0], []).append(doc_id)
    print(f"{'sketch (minhash.sketch)':26} {'statements':>10} {'words p50':>10} {'ms p50':>8} {'ms mean':>8} "
          f"{'ms max':>8} {'ms / 1k words':>13}")
    for corpus, doc_ids in sorted(by_corpus.items()):
        chosen = rng.sample(doc_ids, min(sample_size, len(doc_ids)))
        times, words = [], []
        for doc_id in chosen:
            text = library.catalogue.text(doc_id)
            started = time.perf_counter()
            _sig, count = sketch(text)
            times.append((time.perf_counter() - started) * 1000)
            words.append(count)
        per_k = sum(times) / max(1, sum(words)) * 1000
        print(f"{corpus:26} {len(chosen):>10,} {statistics.median(words):>10,.0f} {statistics.median(times):8.2f} "
              f"{statistics.mean(times):8.2f} {max(times):8.2f} {per_k:13.2f}")
    signatures = dict(conn.execute("SELECT doc_id, signature FROM near_signatures WHERE signature IS NOT NULL"))
    started = time.perf_counter()
    found = near.find_groups(signatures, subjects=near.central_countries(conn))
    seconds = time.perf_counter() - started
    print(f"grouping every signature (find_groups, the end of each import): {seconds:.2f} s for "
          f"{len(signatures):,} signatures, {len(found):,} statements grouped")
    statements = library.count()
    unsigned = conn.execute("SELECT COUNT(*) FROM near_signatures WHERE signature IS NULL").fetchone()[0]
    payload = conn.execute("SELECT COALESCE(SUM(LENGTH(signature)), 0) FROM near_signatures").fetchone()[0]
    print(f"signatures: {len(signatures):,} of {statements:,} statements ({unsigned} too short to sign); "
          f"payload {payload / max(1, statements):.0f} bytes per statement")
    try:
        pages = dict(conn.execute("SELECT name, SUM(pgsize) FROM dbstat WHERE name IN "
                                  "('near_signatures', 'near_groups', 'near_groups_group') GROUP BY name"))
    except Exception as exc:  # SQLite built without the dbstat table
        print(f"catalogue pages: not measured ({exc})")
        return
    whole = conn.execute("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size").fetchone()[0]
    spent = sum(pages.values())
    print("catalogue pages: " + ", ".join(f"{name} {size / 1e3:,.0f} kB" for name, size in sorted(pages.items()))
          + f"; {spent / max(1, statements):.0f} bytes per statement, {spent / max(1, whole):.1%} of the "
          f"{whole / 1e6:.0f} MB catalogue")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10, help="calls timed after the cold one (default 10)")
    parser.add_argument("--pairs", type=int, default=60, help="grouped pairs of releases to show (default 60)")
    parser.add_argument("--missed", type=int, default=80,
                        help=f"most ungrouped pairs of releases from similarity {RECALL_FLOOR} to show (default 80)")
    parser.add_argument("--sketch-sample", type=int, default=1000,
                        help="statements of each corpus to sketch (default 1000)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached library")
    parser.add_argument("--library", type=Path, help="time this library (else one built from the corpus)")
    args = parser.parse_args()
    if args.library is None:
        missing = [name for name in CORPORA if not (CORPUS / name).is_dir()]
        if missing:
            print(f"skipped: corpus {', '.join(missing)} not present under {CORPUS}")
            return 0
    from index import Library

    if args.library:
        library = Library.open(args.library.resolve())
    else:
        import search_bench  # its cached library of the corpus, as bench/search_quality.py uses

        library = search_bench.build_library(args.rebuild)
    try:
        status = library.prepare_near_identical()  # a library of an earlier release is signed first
        grouped = library.collapse_near_identical(sorted(library.ids()))
        at_scale = args.library is not None
        print(f"{library.count():,} statements; {status.groups:,} near-identical groups; "
              f"{args.repeat} calls after the cold one", flush=True)
        table = measure_speed(library, args.repeat, at_scale, grouped)
        print()
        print("1. speed (ms)")
        table.print()
        print(f"   target: {VIEW_TARGET_MS} ms a view on the 8,641-statement library; the concordance's first "
              f"screen {FIRST_SCREEN_AT_SCALE_MS} ms even at 100,000 statements")
        print("   cold: the first call of a row (the library's first view also reads the facet bitsets, which "
              "every later view shares); met: max of the warm calls within the target")
        print()
        print("2. near-identical releases (wh-diplomatic)")
        near_identical_report(library, grouped, args.pairs, args.missed)
        print()
        print("3. the grouping's cost")
        cost_report(library, args.sketch_sample)
    finally:
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
