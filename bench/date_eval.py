"""Evaluates the statement's own date, found in its text with the metadata hidden.

Gold comes from three places:

* the White House releases of ``../shared/corpus/wh-diplomatic``: the release date of
  the front matter; the extractor sees the body only (front matter, title, sidecar and
  file name withheld). The text *states* the date when it holds it with its year in a
  usual written form ("October 25, 2024", "25 October 2024", "Oct. 25, 2024",
  "2024-10-25"), checked by plain string search, not by the extractor;
* the UN General Debate speeches of ``../shared/corpus/ungdc``: the session's year of
  the sidecar (the speech's day is not recorded, and the texts hardly ever state it);
* the treaty-like samples of ``bench/date_samples`` (written for this purpose; their
  gold is ``gold.tsv``, whose ``stated`` column says whether the text holds the date).

Printed per collection: exact where the text states the date, the wrong-year rate
(among statements given a date, and among all), and the undated rate; then how each
kind of date fared, and the misses.

Usage::

    python bench/date_eval.py [--corpus PATH] [--limit N] [--misses N]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from documents.extract import default_extractor  # noqa: E402
from documents.readers import read_document  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = Path(__file__).resolve().parent / "date_samples"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
CONTEXT = 90


def stated_forms(iso: str) -> list[str]:
    """Usual written forms of a full date, for telling whether a text states it."""
    year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    name = MONTHS[month - 1]
    short = name[:3] + "."
    return [f"{name} {day}, {year}", f"{day} {name} {year}", f"{short} {day}, {year}", f"{name} {day} {year}",
            f"{name[:3]} {day}, {year}", iso, f"{name} {day},{year}", f"{day} {name}, {year}"]


@dataclass
class Tally:
    """Counts for one collection."""

    name: str
    total: int = 0
    dated: int = 0
    wrong_year: int = 0
    stated: int = 0
    stated_exact: int = 0
    exact_all: int = 0
    kinds: Counter = field(default_factory=Counter)
    kind_right_year: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    wrong_years: list[str] = field(default_factory=list)

    def add(self, name: str, gold: str | None, stated: bool, result, text: str) -> None:
        self.total += 1
        guess = result.date
        value = guess.value if guess else None
        if guess is not None:
            self.dated += 1
            self.kinds[guess.kind] += 1
            right_year = gold is not None and value[:4] == gold[:4]
            self.kind_right_year[guess.kind] += right_year
            if gold is not None and not right_year:
                self.wrong_year += 1
                self.wrong_years.append(f"{name}: gold {gold}, got {value} ({guess.kind}) from "
                                        f"{_context(text, guess.span)}")
        if gold and value == gold:
            self.exact_all += 1
        if stated:
            self.stated += 1
            if value == gold:
                self.stated_exact += 1
            else:
                why = f"{value} ({guess.kind}) from {_context(text, guess.span)}" if guess else \
                    f"undated: {result.date_reason}"
                self.misses.append(f"{name}: gold {gold} stated; got {why}")


def _context(text: str, span) -> str:
    if not span:
        return "the title"
    start, end = span
    snippet = f"{text[max(0, start - CONTEXT):start]}[[{text[start:end]}]]{text[end:end + 40]}"
    return repr(" ".join(snippet.split()))


def evaluate_wh(extractor, corpus: Path, limit: int | None) -> Tally:
    tally = Tally("White House releases")
    paths = sorted((corpus / "wh-diplomatic").glob("*/*/*.md"))[: limit or None]
    for path in paths:
        raw = read_document(path)
        gold = (raw.date or "")[:10]
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", gold):
            continue
        flat = " ".join(raw.text.split())
        stated = any(form in flat for form in stated_forms(gold))
        result = extractor.extract(raw.text)  # body only: no title, no front matter, no file name
        tally.add(path.name[:70], gold, stated, result, raw.text)
    return tally


def evaluate_un(extractor, corpus: Path, limit: int | None) -> Tally:
    tally = Tally("UN General Debate speeches")
    metas = sorted((corpus / "ungdc" / "TXT").glob("*/*.meta.json"))[: limit or None]
    for meta_path in metas:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        text = meta_path.with_name(meta_path.name.replace(".meta.json", ".txt")).read_text(errors="replace")
        result = extractor.extract(text)  # no sidecar year, no file name
        tally.add(meta_path.name.replace(".meta.json", ""), str(meta["year"]), False, result, text)
    return tally


def evaluate_samples(extractor) -> Tally:
    from documents.build import title_from_text

    tally = Tally("Treaty-like samples")
    with (SAMPLES / "gold.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            text = (SAMPLES / row["file"]).read_text(encoding="utf-8")
            result = extractor.extract(text, title=title_from_text(text))  # as an import titles a bare file
            gold = row["date"] or None
            tally.add(row["file"], gold, row["stated"] == "y", result, text)
            if gold is None and result.date is not None:
                tally.wrong_year += 1  # a date for a statement that states none is as bad as a wrong year
                tally.wrong_years.append(f"{row['file']}: no own date, got {result.date.value} ({result.date.kind})")
    return tally


def _rate(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.3f}" if whole else "n/a"


def report(tallies: list[Tally], misses: int) -> None:
    print(f"{'collection':28} {'exact where stated':>22} {'wrong year (dated)':>22} {'wrong year (all)':>20}"
          f" {'undated':>20}")
    for t in tallies:
        print(f"{t.name:28} {_rate(t.stated_exact, t.stated):>22} {_rate(t.wrong_year, t.dated):>22}"
              f" {_rate(t.wrong_year, t.total):>20} {_rate(t.total - t.dated, t.total):>20}")
    stated = sum(t.stated for t in tallies)
    exact = sum(t.stated_exact for t in tallies)
    dated = sum(t.dated for t in tallies)
    wrong = sum(t.wrong_year for t in tallies)
    total = sum(t.total for t in tallies)
    print(f"{'all':28} {_rate(exact, stated):>22} {_rate(wrong, dated):>22} {_rate(wrong, total):>20}"
          f" {_rate(total - dated, total):>20}")
    print("\nBy kind of date chosen (right year / given):")
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for t in tallies:
        for kind, count in t.kinds.items():
            kinds[kind][0] += t.kind_right_year[kind]
            kinds[kind][1] += count
    for kind, (right, given) in sorted(kinds.items(), key=lambda kv: -kv[1][1]):
        print(f"  {kind:18} {_rate(right, given)}")
    for t in tallies:
        if t.misses:
            print(f"\n{t.name}: stated but missed ({len(t.misses)}):")
            for line in t.misses[:misses]:
                print("  " + line)
        if t.wrong_years:
            print(f"\n{t.name}: wrong year ({len(t.wrong_years)}):")
            for line in t.wrong_years[:misses]:
                print("  " + line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="read only the first N documents of each collection")
    parser.add_argument("--misses", type=int, default=25, help="misses quoted per collection")
    args = parser.parse_args()
    started = time.perf_counter()
    extractor = default_extractor()
    tallies = [evaluate_samples(extractor)]
    if args.corpus.exists():
        tallies += [evaluate_wh(extractor, args.corpus, args.limit), evaluate_un(extractor, args.corpus, args.limit)]
    else:
        print(f"corpus not found at {args.corpus}; the samples alone are evaluated", file=sys.stderr)
    report(tallies, args.misses)
    print(f"\n({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
