"""Exports of a real library, read back with real parsers and compared with the catalogue field by field;
citations; annotations shared between two libraries."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import rispy

from desktop.cli import main
from index import Library

SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-data.json").read_text(encoding="utf-8"))


@pytest.fixture
def worked(sample_library):
    """The sample library with tags, a collection, a status, a note with hostile text and a passage."""
    library = sample_library
    seed = next(h.doc_id for h in library.search("Maarif").hits)
    kazakh = [h.doc_id for h in library.search("Kazakhstan").hits]
    wb = library.workbench
    wb.tags.add(kazakh, "central asia/kazakhstan")
    wb.collections.add([seed], "Baku 2017")
    wb.marks.set_status([seed], "relevant")
    wb.marks.star([seed])
    wb.notes.set_note(seed, 'Line one\nER  - not the end\n\t"quoted" ‏تجربة‏')
    text = library.document(seed).text
    start = text.index("Turkish Maarif Foundation")
    wb.notes.add_passage(seed, text, library.document(seed).content_hash, start, start + 25, "schools")
    return library, seed, kazakh


def _export(library, ids, name: str, **options) -> str:
    stream = io.StringIO(newline="")
    library.export(ids, name, stream, **options)
    return stream.getvalue()


def test_ris_read_back_by_a_ris_parser_matches_the_catalogue(worked):
    library, seed, kazakh = worked
    entries = rispy.loads(_export(library, kazakh, "ris"))
    assert [e["id"] for e in entries] == kazakh
    for entry in entries:
        statement = library.document(entry["id"])
        row = library.rows([entry["id"]])[entry["id"]]
        assert entry["type_of_reference"] == "GOVDOC"
        assert entry["title"] == statement.title
        assert entry["date"].replace("/", "-").rstrip("-") == statement.date
        assert entry["keywords"] == list(row.tags)
    seed_entry = next(e for e in entries if e["id"] == seed)
    assert "ER  - not the end" in seed_entry["notes"][0].replace("&quot;", '"')
    assert any("Turkish Maarif Foundation" in note for note in seed_entry["notes"])


def test_csv_read_back_has_one_row_per_statement_with_the_workbench(worked):
    library, seed, kazakh = worked
    rows = list(csv.DictReader(io.StringIO(_export(library, kazakh, "csv").lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == kazakh
    seed_row = next(r for r in rows if r["id"] == seed)
    assert seed_row["tags"] == "central asia/kazakhstan" and seed_row["collections"] == "Baku 2017"
    assert seed_row["status"] == "Relevant"
    assert seed_row["note"] == library.workbench.notes.note(seed)
    assert seed_row["countries"] == "; ".join(c.name for c in sorted(library.document(seed).countries,
                                                                      key=lambda c: not c.central))


def test_csl_json_is_valid_against_the_schema(worked):
    library, seed, kazakh = worked
    items = json.loads(_export(library, kazakh, "csljson"))
    jsonschema.validate(items, SCHEMA)
    seed_item = next(i for i in items if i["id"] == seed)
    assert seed_item["title"] == library.document(seed).title
    assert seed_item["issued"] == {"date-parts": [[2022, 10, 13]]}
    assert seed_item["archive"] == library.folder.parent.name  # the folder is called "library": its parent names it
    assert seed_item["archive_location"] == "tr-kz-joint-statement-2022.md"


def test_a_dossier_groups_by_collection_with_notes_and_passages(worked):
    from index.export import DossierOptions

    library, _seed, kazakh = worked
    text = _export(library, kazakh, "md", dossier=DossierOptions(group_by="collection", style=""))
    assert "Baku 2017" in text and "Turkish Maarif Foundation" in text and "schools" in text


def test_citations_in_both_styles(worked):
    library, seed, _kazakh = worked
    chicago = library.citation(seed, "chicago")
    apa = library.citation(seed, "apa", "bibliography")
    assert chicago.startswith("\u201cJoint Statement of the Presidents of Türkiye and Kazakhstan,\u201d")
    assert "October 13, 2022" in chicago
    assert "(2022, October 13)" in apa


def test_export_and_cite_from_the_command_line(capsys, worked, tmp_path):
    library, seed, kazakh = worked
    folder = str(library.folder)
    library.close()
    out = tmp_path / "kazakh.ris"
    assert main(["export", "Kazakhstan", "--format", "ris", "--out", str(out), "--library", folder]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {len(kazakh)} statements to {out}"
    assert sorted(e["id"] for e in rispy.load(out)) == sorted(kazakh)
    assert main(["export", "--collection", "Baku 2017", "--format", "csljson", "--library", folder]) == 0
    assert [i["id"] for i in json.loads(capsys.readouterr().out)] == [seed]
    assert main(["export", "--tag", "central asia", "--format", "csv", "--library", folder]) == 0
    assert len(list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))) == len(kazakh)
    assert main(["cite", seed, "--style", "apa", "--json", "--library", folder]) == 0
    [citation] = json.loads(capsys.readouterr().out)["citations"]
    assert citation["id"] == seed and "2022" in citation["citation"]
    assert main(["export", "--format", "ris", "--tag", "nosuch", "--library", folder]) == 2
    assert "No tag called" in capsys.readouterr().err


def test_annotations_round_trip_between_two_libraries(worked, tmp_path):
    """GIVEN a colleague's library of the same files WHEN annotations are imported THEN the work arrives."""
    library, seed, kazakh = worked
    library.correct(seed, "remove", "country", "KAZ")
    shared = tmp_path / "annotations.json"
    assert library.export_annotations(shared).written == len(set(kazakh) | {seed})
    other = Library.open(tmp_path / "colleague")
    try:
        from index.ingest.samples import samples_dir

        copy = tmp_path / "samples"
        shutil.copytree(samples_dir(), copy)
        (copy / "2009-france-unesco-allocution-education.md").unlink()
        other.import_paths([copy])
        other.workbench.notes.set_note(seed, "My own note.")
        report = other.import_annotations(shared)
        assert report.matched == report.statements == len(set(kazakh) | {seed}) and not report.problems
        assert {h.doc_id for h in other.search('tag:"central asia/kazakhstan"').hits} == set(kazakh)
        assert [p.quote for p in other.workbench.notes.passages(seed)] == ["Turkish Maarif Foundation"]
        assert other.workbench.notes.note(seed).startswith("My own note.\n\n---\n")
        assert "KAZ" not in [c.code for c in other.document(seed).countries]
        assert other.search("status:relevant is:starred").total == 1
        again = other.import_annotations(shared)  # importing twice adds nothing
        assert again.added == {}
        assert other.undo().startswith("Import annotations")
    finally:
        other.close()


def test_a_truncated_annotations_file_is_imported_in_part_with_a_report(worked, tmp_path):
    library, _seed, kazakh = worked
    shared = tmp_path / "annotations.json"
    library.export_annotations(shared)
    text = shared.read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.rindex("\n{") + 40], encoding="utf-8")  # in the middle of the last statement
    report = library.import_annotations(cut)
    assert report.problems and report.statements == len(kazakh) - 1  # every complete statement before the cut
    foreign = tmp_path / "foreign.json"
    foreign.write_text(text.replace(library.document(kazakh[0]).content_hash, "0" * 64), encoding="utf-8")
    assert library.import_annotations(foreign).unmatched == [library.document(kazakh[0]).title]
