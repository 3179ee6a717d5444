"""Evaluates country extraction on the shared corpus beside the checkout (../shared/corpus).

Prints:

* UN General Debate speeches (``ungdc``): the share whose speaker's country
  (``country_iso3`` in each ``.meta.json``) is among the extracted countries, and among the
  central ones; the European Union, which speaks there too, is checked against the
  extracted organisations and reported apart;
* White House statements (``wh-diplomatic``): the share of the countries named in each
  title (``countries_in_title_iso3``, silver labels) that extraction finds;
* a precision estimate over 100 randomly sampled country mentions, from the judgements
  kept in ``bench/extraction_precision.tsv`` (``--sample`` prints the sample to judge).

Each statement is read as an import reads it: as of the date beside it (the speech's
year, the release's front-matter date), so country names are read as they were then.
The date statistics of the White House part are of the date the text alone gives
(``bench/date_eval.py`` evaluates it properly).

Usage::

    python bench/extraction_eval.py [--corpus PATH] [--limit N] [--sample]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from documents.extract import default_extractor, vocabulary  # noqa: E402
from documents.extract.gazetteer import load_countries  # noqa: E402
from documents.readers import read_document  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
JUDGEMENTS = Path(__file__).resolve().parent / "extraction_precision.tsv"
SAMPLE_SEED = 20261127
SAMPLE_SIZE = 100
CONTEXT = 70
# Silver title labels that are bodies, not countries, and the organisations that satisfy them.
# The corpus's own kinds (read from titles) and the document types that agree with each.
KIND_TYPES = {
    "readout": {"readout"},
    "statement": {"statement"},
    "joint statement": {"joint_statement", "joint_declaration", "communique"},
    "fact sheet": {"fact_sheet"},
    "letter": {"letter"},
}
ORGANISATION_LABELS = {"EU": {"EU", "EUCO", "EUCOM", "EUCOUNCIL"}, "EC": {"EUCO", "EUCOM", "EUCOUNCIL", "EU"}}


def same_state(gold: str, extracted: list[str]) -> bool:
    """True when ``gold`` is extracted, or a dissolved state it continues is.

    The UN labels the Byelorussian SSR's 1990 speech BLR and the Soviet Union's RUS;
    extraction names them BYS and SUN, whose recorded successors are BLR and RUS.
    Serbia and Montenegro (SCG) and Yugoslavia (YUG) share the successor SRB.
    """
    if gold in extracted:
        return True
    countries = load_countries().countries
    lineage = {gold, countries[gold].successor} if gold in countries else {gold}
    for code in extracted:
        info = countries.get(code)
        if info is not None and info.successor and ({code, info.successor} & lineage):
            return True
    return False


def _meta(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def un_speeches(corpus: Path, limit: int | None) -> list[tuple[Path, dict]]:
    metas = sorted((corpus / "ungdc" / "TXT").glob("*/*.meta.json"))
    pairs = [(m.with_name(m.name.replace(".meta.json", ".txt")), _meta(m)) for m in metas]
    return pairs[:limit] if limit else pairs


def wh_statements(corpus: Path, limit: int | None) -> list[tuple[Path, dict]]:
    metas = sorted((corpus / "wh-diplomatic").glob("*/*/*.meta.json"))
    pairs = [(m.with_name(m.name.replace(".meta.json", ".md")), _meta(m)) for m in metas]
    return pairs[:limit] if limit else pairs


def evaluate_un(extractor, pairs, mentions: list) -> None:
    found = central = total = exact = 0
    eu_total = eu_found = 0
    misses: list[str] = []
    for path, meta in pairs:
        text = path.read_text(encoding="utf-8", errors="replace")
        # As an import reads it: the sidecar's year says as of when to read the names.
        result = extractor.extract(text, as_of=str(meta["year"]), file_name=path.name)
        gold = meta["country_iso3"]
        for entity in result.countries:
            for start, end in entity.offsets:
                mentions.append((f"ungdc/{path.name}", start, end, entity.code, text))
        if gold == "EU":
            eu_total += 1
            eu_found += any(o.code == "EU" for o in result.organisations)
            continue
        total += 1
        codes = [c.code for c in result.countries]
        exact += gold in codes
        if same_state(gold, codes):
            found += 1
            central += same_state(gold, [c.code for c in result.countries if c.central])
        else:
            misses.append(f"  {path.name}: gold {gold}, extracted {codes[:6]}")
    print(f"UN speeches (ungdc): {total} country speakers")
    print(f"  speaker's country among extracted countries: {found}/{total} = {found / max(total, 1):.4f}")
    print(
        f"    (same code exactly: {exact}/{total} = {exact / max(total, 1):.4f};"
        " the rest via a dissolved state's successor)"
    )
    print(f"  speaker's country among central countries:   {central}/{total} = {central / max(total, 1):.4f}")
    print(f"  European Union speeches, EU among organisations: {eu_found}/{eu_total}")
    print(f"  misses ({len(misses)}):")
    for line in misses:
        print(line)


def evaluate_wh(extractor, pairs, mentions: list) -> None:
    wanted = found = docs = docs_full = title_extra = 0
    org_wanted = org_found = 0
    dated = date_right = kinds = kinds_right = 0
    misses: Counter[str] = Counter()
    miss_lines: list[str] = []
    for path, meta in pairs:
        gold = meta.get("countries_in_title_iso3") or []
        raw = read_document(path)
        result = extractor.extract(raw.text, title=raw.title, as_of=raw.date, file_name=path.name)
        for entity in result.countries:
            for start, end in entity.offsets:
                mentions.append((f"wh/{path.name}", start, end, entity.code, raw.text))
        text_date = extractor.extract(raw.text, title=raw.title).date  # the date as the text alone gives it
        if text_date is not None:
            dated += 1
            date_right += text_date.value == meta.get("date") or text_date.end == meta.get("date")
        if meta.get("doc_kind") in KIND_TYPES:
            kinds += 1
            kinds_right += result.doc_type in KIND_TYPES[meta["doc_kind"]]
        if not gold:
            continue
        codes = {c.code for c in result.countries}
        orgs = {o.code for o in result.organisations}
        countries = [g for g in gold if g not in ORGANISATION_LABELS]
        for label in gold:
            if label in ORGANISATION_LABELS:
                org_wanted += 1
                org_found += bool(ORGANISATION_LABELS[label] & orgs)
        if not countries:
            continue
        docs += 1
        hit = [g for g in countries if g in codes]
        wanted += len(countries)
        found += len(hit)
        docs_full += len(hit) == len(countries)
        title_only = extractor.extract("", title=raw.title, as_of=raw.date)
        title_extra += len({c.code for c in title_only.countries} - set(countries))
        for g in countries:
            if g not in codes:
                misses[g] += 1
                miss_lines.append(f"  {g} ({vocabulary().country_name(g)}) not found: {raw.title}")
    print(f"White House statements (wh-diplomatic): {docs} titles naming countries")
    print(f"  title countries found: {found}/{wanted} = {found / max(wanted, 1):.4f}")
    print(f"  titles with every country found: {docs_full}/{docs} = {docs_full / max(docs, 1):.4f}")
    print(f"  EU / European Council labels found among organisations: {org_found}/{org_wanted}")
    print(f"  countries read from titles beyond the silver labels: {title_extra}")
    print(f"  misses ({sum(misses.values())}): {dict(misses.most_common())}")
    for line in miss_lines:
        print(line)
    print(
        f"  date found in the text: {dated}/{len(pairs)}; equal to the front-matter date:"
        f" {date_right}/{dated} = {date_right / max(dated, 1):.3f}"
    )
    print(f"  document type agrees with the corpus's kind: {kinds_right}/{kinds} = {kinds_right / max(kinds, 1):.3f}")


def _draw(doc: str, start: int) -> str:
    return hashlib.sha1(f"{SAMPLE_SEED}:{doc}:{start}".encode()).hexdigest()


def sample_mentions(mentions: list) -> list[tuple[str, int, int, str, str]]:
    """The mentions whose (document, offset) hash lowest: a random sample that stays put
    when extraction changes elsewhere, so judgements on file keep applying."""
    chosen = sorted(mentions, key=lambda m: _draw(m[0], m[1]))[:SAMPLE_SIZE]
    rows = []
    for doc, start, end, code, text in chosen:
        context = f"{text[max(0, start - CONTEXT) : start]}[[{text[start:end]}]]{text[end : end + CONTEXT]}"
        rows.append((doc, start, end, code, " ".join(context.split())))
    return rows


def report_precision(rows, show: bool) -> None:
    judged: dict[tuple[str, int, str], str] = {}
    if JUDGEMENTS.exists():
        with JUDGEMENTS.open(encoding="utf-8") as handle:
            for record in csv.DictReader(handle, delimiter="\t"):
                judged[(record["doc"], int(record["start"]), record["code"])] = record["correct"]
    verdicts = [judged.get((doc, start, code)) for doc, start, _, code, _ in rows]
    known = [v for v in verdicts if v in ("y", "n")]
    print(f"Precision sample: {len(rows)} random country mentions (seed {SAMPLE_SEED})")
    if known:
        correct = sum(v == "y" for v in known)
        print(f"  judged {len(known)}/{len(rows)}: {correct} correct, precision {correct / len(known):.3f}")
        for (doc, start, _, code, context), verdict in zip(rows, verdicts, strict=True):
            if verdict == "n":
                print(f"  wrong: {code} in {doc}@{start}: {context}")
    else:
        print("  no judgements on file for this sample; run with --sample and fill in", JUDGEMENTS.name)
    if show:
        print("doc\tstart\tcode\tcorrect\tcontext")
        for (doc, start, _, code, context), verdict in zip(rows, verdicts, strict=True):
            print(f"{doc}\t{start}\t{code}\t{verdict or ''}\t{context}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="read only the first N documents of each collection")
    parser.add_argument("--sample", action="store_true", help="print the precision sample with contexts")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    extractor = default_extractor()
    mentions: list = []
    evaluate_un(extractor, un_speeches(args.corpus, args.limit), mentions)
    print()
    evaluate_wh(extractor, wh_statements(args.corpus, args.limit), mentions)
    print()
    report_precision(sample_mentions(mentions), args.sample)
    print(f"\n({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
