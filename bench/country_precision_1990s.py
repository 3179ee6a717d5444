"""Precision of country extraction on the UN General Debate speeches of the 1990s, era-dependent names included.

The speeches are read as an import reads them: as of the year their sidecar
gives. The sample holds 100 mentions: 70 drawn from every country mention of
the sessions of 1990-1999, and 30 drawn from the mentions whose name or capital
stood for another state in some period (Moscow, Belgrade, Prague, Germany,
Korea, Yemen, Congo, Russia, Minsk, Hanoi...), so that the era rules are judged
where they matter. Each mention was read in its context and judged by hand;
the judgements are kept in ``bench/country_precision_1990s.tsv`` (``--sample``
prints the sample with its context, to judge new entries).

Usage::

    python bench/country_precision_1990s.py [--corpus PATH] [--sample]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from documents.extract import default_extractor  # noqa: E402
from documents.extract.eras import EraRules  # noqa: E402
from documents.extract.gazetteer import load_countries  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
JUDGEMENTS = Path(__file__).resolve().parent / "country_precision_1990s.tsv"
SEED = 19901999
GENERAL, ERA = 70, 30
CONTEXT = 90


def _draw(doc: str, start: int) -> str:
    return hashlib.sha1(f"{SEED}:{doc}:{start}".encode()).hexdigest()


def mentions_of_the_1990s(corpus: Path) -> list[tuple[str, int, int, str, str, bool]]:
    """(doc, start, end, code, text, era-dependent) of every country mention in the 1990s sessions."""
    extractor = default_extractor()
    rules = EraRules(load_countries().eras)
    era_forms = rules.forms()
    found = []
    for meta_path in sorted((corpus / "ungdc" / "TXT").glob("*/*.meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if not 1990 <= int(meta["year"]) <= 1999:
            continue
        text_path = meta_path.with_name(meta_path.name.replace(".meta.json", ".txt"))
        text = text_path.read_text(encoding="utf-8", errors="replace")
        result = extractor.extract(text, as_of=str(meta["year"]), file_name=text_path.name)
        for entity in result.countries:
            for start, end in entity.offsets:
                surface = " ".join(text[start:end].split()).casefold()
                found.append((text_path.name, start, end, entity.code, text, surface in era_forms))
    return found


def draw_sample(mentions: list) -> list[tuple[str, str, int, int, str, str]]:
    """(stratum, doc, start, end, code, context): 70 general and 30 era-dependent mentions, stable under change."""
    ordered = sorted(mentions, key=lambda m: _draw(m[0], m[1]))
    era = [m for m in ordered if m[5]][:ERA]
    taken = {(m[0], m[1]) for m in era}
    general = [m for m in ordered if (m[0], m[1]) not in taken][:GENERAL]
    rows = []
    for stratum, chosen in (("general", general), ("era", era)):
        for doc, start, end, code, text, _ in chosen:
            context = f"{text[max(0, start - CONTEXT):start]}[[{text[start:end]}]]{text[end:end + CONTEXT]}"
            rows.append((stratum, doc, start, end, code, " ".join(context.split())))
    return rows


def report(rows, show: bool) -> int:
    judged: dict[tuple[str, int, str], tuple[str, str]] = {}
    if JUDGEMENTS.exists():
        with JUDGEMENTS.open(encoding="utf-8") as handle:
            for record in csv.DictReader(handle, delimiter="\t"):
                judged[(record["doc"], int(record["start"]), record["code"])] = (record["correct"], record["note"])
    verdicts = [judged.get((doc, start, code), ("", ""))[0] for _, doc, start, _, code, _ in rows]
    print(f"Country precision, UN General Debate 1990-1999: {len(rows)} mentions ({GENERAL} drawn from all, "
          f"{ERA} from era-dependent names; seed {SEED})")
    for stratum in ("general", "era", None):
        picked = [v for (s, *_), v in zip(rows, verdicts, strict=True) if stratum in (None, s)]
        known = [v for v in picked if v in ("y", "n")]
        label = stratum or "all"
        if known:
            correct = sum(v == "y" for v in known)
            print(f"  {label:8} judged {len(known)}/{len(picked)}: {correct} correct, "
                  f"precision {correct / len(known):.3f}")
        else:
            print(f"  {label:8} no judgements on file; run with --sample and fill in {JUDGEMENTS.name}")
    for (stratum, doc, start, _, code, context), verdict in zip(rows, verdicts, strict=True):
        if verdict == "n":
            print(f"  wrong ({stratum}): {code} in {doc}@{start}: {context}")
    unjudged = sum(v not in ("y", "n") for v in verdicts)
    if show:
        print("doc\tstart\tcode\tcorrect\tnote\tstratum\tcontext")
        for (stratum, doc, start, _, code, context), verdict in zip(rows, verdicts, strict=True):
            note = judged.get((doc, start, code), ("", ""))[1]
            print(f"{doc}\t{start}\t{code}\t{verdict}\t{note}\t{stratum}\t{context}")
    return unjudged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", action="store_true", help="print the sample with contexts and judgements")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 1
    unjudged = report(draw_sample(mentions_of_the_1990s(args.corpus)), args.sample)
    if unjudged:
        print(f"  {unjudged} mentions of the sample are not judged yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
