"""A large, reproducible archive for scale benchmarks, made from ``../shared/corpus``.

Usage:
    python bench/scale_corpus.py [--count 100000] [--seed 1] OUT

Writes ``count`` statements under OUT (skipping the work when OUT already holds
the same corpus: a ``corpus.json`` records what was made). Each statement is
modelled on one statement of the shared corpus, taken in turn, so the mix of
White House releases and UN General Debate speeches, of years and of lengths
stays that of the original; copy ``k`` of a statement is not a duplicate:

- its paragraphs are drawn from statements of the same kind and era (the same
  month of releases, the same session of the General Debate), in a new order;
- the first paragraph stays (an opening or dateline reads as one);
- a release takes the title of another release of the same month, and its date
  moves within the month; a speech keeps its speaker's country (in its sidecar)
  and its year, as the session fixes it.

Releases are written as Markdown with front matter, speeches as ``.txt`` with a
``.meta.json`` sidecar, as in the shared corpus. Nothing is copied verbatim
beyond what shuffling paragraphs keeps; the output stays on this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass
class Source:
    """One statement of the shared corpus, split into paragraphs."""

    kind: str  # "release" or "speech"
    group: str  # month of a release, session of a speech
    name: str
    title: str
    date: str
    paragraphs: list[str]
    meta: dict


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")
MIN_UNITS = 4  # a statement with fewer paragraphs is shuffled by groups of sentences


def _paragraphs(text: str) -> list[str]:
    """The statement's paragraphs; for one of only a few, groups of three sentences instead.

    A speech transcribed without paragraph breaks, or a one-paragraph notice,
    would otherwise come out the same in every copy (its first paragraph is
    kept, and nothing else could be shuffled).
    """
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) >= MIN_UNITS:
        return paragraphs
    sentences = [s for p in paragraphs for s in _SENTENCE_END.split(p) if s.strip()]
    units = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return units if len(units) > len(paragraphs) else paragraphs


def load_sources(corpus: Path = CORPUS) -> list[Source]:
    """Every statement of the shared corpus, in a stable order."""
    sources = []
    for path in sorted((corpus / "wh-diplomatic").glob("*/*/*.md")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        front = _FRONT.match(raw)
        head = (yaml.safe_load(front.group(1)) if front else None) or {}
        date = str(head.get("date") or head.get("published_time") or f"{path.parent.name}-01")[:10]
        body = raw[front.end():] if front else raw
        sources.append(Source("release", f"{path.parent.parent.name}/{path.parent.name}", path.stem,
                              str(head.get("title") or path.stem),
                              date, _paragraphs(body), {}))
    for path in sorted((corpus / "ungdc" / "TXT").glob("Session */*.txt")):
        meta_path = path.with_suffix(".meta.json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        text = path.read_text(encoding="utf-8", errors="replace")
        sources.append(Source("speech", path.parent.name, path.stem, "", str(meta.get("year", "")),
                              _paragraphs(text), meta))
    return sources


def _groups(sources: list[Source]) -> dict[tuple[str, str], list[int]]:
    found: dict[tuple[str, str], list[int]] = {}
    for index, source in enumerate(sources):
        found.setdefault((source.kind, source.group), []).append(index)
    return found


def _moved(date: str, rng: random.Random) -> str:
    """A date in the same month as ``date``."""
    day = dt.date.fromisoformat(date)
    last = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return day.replace(day=rng.randint(1, last.day)).isoformat()


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML strings


def write_statement(out: Path, number: int, sources: list[Source], groups, seed: int) -> int:
    """Writes statement ``number``; returns the bytes of text written."""
    template = sources[number % len(sources)]
    copy = number // len(sources)
    rng = random.Random(f"{seed}:{number}")
    members = groups[(template.kind, template.group)]
    pool = [p for i in members for p in sources[i].paragraphs[1:]] or template.paragraphs
    wanted = max(1, len(template.paragraphs) - 1)
    body = [template.paragraphs[0], *rng.sample(pool, min(wanted, len(pool)))] if template.paragraphs else []
    text = "\n\n".join(body) + "\n"
    folder = out / template.kind / template.group
    folder.mkdir(parents=True, exist_ok=True)
    if template.kind == "release":
        other = sources[members[(members.index(number % len(sources)) + copy) % len(members)]]
        date = template.date if copy == 0 else _moved(template.date, rng)
        path = folder / f"{template.name[:80]}-{copy}.md"
        path.write_text(f"---\ntitle: {_yaml(other.title)}\ndate: '{date}'\n---\n\n{text}", encoding="utf-8")
    else:
        path = folder / f"{template.name}-{copy}.txt"
        path.write_text(text, encoding="utf-8")
        meta = {key: template.meta[key] for key in ("country_iso3", "year", "doc_type", "organisation", "language",
                                                    "speaker", "speaker_post") if key in template.meta}
        path.with_suffix(".meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return len(text.encode("utf-8"))


def build(out: Path, count: int, seed: int = 1, corpus: Path = CORPUS) -> dict:
    """Makes (or finds already made) the corpus in ``out``; returns its description."""
    stamp = out / "corpus.json"
    wanted = {"count": count, "seed": seed, "version": 2}
    if stamp.exists():
        made = json.loads(stamp.read_text(encoding="utf-8"))
        if {k: made.get(k) for k in wanted} == wanted:
            return made
    sources = load_sources(corpus)
    if not sources:
        raise SystemExit(f"no statements found in {corpus}")
    groups = _groups(sources)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for number in range(count):
        total += write_statement(out, number, sources, groups, seed)
        if number and number % 10_000 == 0:
            print(f"  {number:,} statements, {total / 1e6:,.0f} MB", file=sys.stderr, flush=True)
    made = wanted | {"text_bytes": total, "sources": len(sources)}
    stamp.write_text(json.dumps(made), encoding="utf-8")
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}: nothing to build")
        return 0
    made = build(args.out, args.count, args.seed)
    print(f"{made['count']:,} statements from {made['sources']:,} originals, {made['text_bytes'] / 1e6:,.0f} MB "
          f"of text, in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
