"""The format table, CSV and JSON read back with the standard parsers, and progress, cancel and atomic files."""

from __future__ import annotations

import csv
import io
import json

import pytest

from index.export import FORMATS, export_format, write_export
from index.export.csv_writer import COLUMNS, csv_row, guard, unguard, write_csv
from index.export.json_writer import record_from_dict, write_json
from index.export.output import PROGRESS_EVERY
from index.export.values import STATUS_LABELS, normalise_newlines
from tests.fixtures_export import HOSTILE, SAMPLES, many_records


def test_the_table_lists_every_format_with_suffix_and_description():
    assert list(FORMATS) == ["csv", "json", "ris", "csljson", "md", "html"]
    for fmt in FORMATS.values():
        assert fmt.suffix.startswith(".") and fmt.description.endswith(".") and fmt.label
    with pytest.raises(ValueError, match="choose one of csv, json"):
        export_format("bibtex")


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_writes_through_the_table(name, tmp_path):
    path = tmp_path / f"out{FORMATS[name].suffix}"
    result = write_export(name, SAMPLES, path)
    assert result.written == len(SAMPLES) and not result.cancelled
    assert path.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def _read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_reads_back_cell_by_cell(tmp_path):
    path = tmp_path / "out.csv"
    write_csv(SAMPLES, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,title,")
    header, *rows = _read_csv(path)
    assert tuple(header) == COLUMNS
    for row, record in zip(rows, SAMPLES, strict=True):
        cells = dict(zip(COLUMNS, (unguard(c) for c in row), strict=True))
        assert cells["id"] == record.id
        assert cells["title"] == normalise_newlines(record.title)
        assert cells["date"] == (record.date or "")
        assert cells["type"] == record.doc_type_label
        assert cells["language"] == record.language
        assert cells["countries"] == "; ".join(c.name for c in record.countries)
        assert cells["tags"] == "; ".join(record.tags)
        assert cells["collections"] == "; ".join(record.collections)
        assert cells["status"] == STATUS_LABELS[record.status]
        assert cells["note"] == normalise_newlines(record.note)
        assert cells["path"] == record.path
        assert cells["source_url"] == (record.source_url or "")


def test_csv_cells_that_a_spreadsheet_would_run_stay_text():
    row = dict(zip(COLUMNS, csv_row(HOSTILE), strict=True))
    assert row["collections"].startswith("'=cmd")
    assert guard("=1+1") == "'=1+1" and guard("+1") == "'+1" and guard("@x") == "'@x" and guard("ok") == "ok"
    assert unguard(guard("-2")) == "-2" and unguard("'quoted") == "'quoted"
    assert dict(zip(COLUMNS, csv_row(HOSTILE, guard_formulas=False), strict=True))["collections"].startswith("=")


def test_csv_to_a_stream_without_bom(tmp_path):
    stream = io.StringIO(newline="")
    write_csv(SAMPLES[:1], stream, bom=False)
    assert stream.getvalue().startswith("id,title,")
    assert stream.getvalue().count("\r\n") == 2


def test_json_dump_reads_back_equal(tmp_path):
    path = tmp_path / "out.json"
    write_json(SAMPLES, path)
    dumped = json.loads(path.read_text(encoding="utf-8"))
    assert [record_from_dict(d) for d in dumped] == list(SAMPLES)
    assert "Türkiye" in path.read_text(encoding="utf-8")  # UTF-8, not \u escapes


def test_an_empty_export_is_still_well_formed():
    stream = io.StringIO()
    write_json([], stream)
    assert json.loads(stream.getvalue()) == []


def test_progress_is_reported_every_hundred_records_and_at_the_end():
    seen = []
    result = write_json(many_records(250), io.StringIO(), progress=seen.append)
    assert seen == [PROGRESS_EVERY, 2 * PROGRESS_EVERY, 250]
    assert result.written == 250


def test_cancel_on_a_stream_stops_between_records_and_leaves_valid_json():
    stream = io.StringIO()
    calls = iter(range(1000))
    result = write_json(many_records(1000), stream, cancelled=lambda: next(calls) >= 10)
    assert result.cancelled and result.written == 10
    assert len(json.loads(stream.getvalue())) == 10


@pytest.mark.parametrize("name", list(FORMATS))
def test_cancel_on_a_path_leaves_the_previous_file_untouched(name, tmp_path):
    path = tmp_path / "existing"
    path.write_text("previous", encoding="utf-8")
    calls = iter(range(1000))
    result = write_export(name, many_records(300), path, cancelled=lambda: next(calls) >= 150)
    assert result.cancelled
    assert path.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["existing"]


def test_a_failing_record_source_leaves_no_file(tmp_path):
    def broken():
        yield from many_records(3)
        raise RuntimeError("catalogue closed")

    with pytest.raises(RuntimeError):
        write_json(broken(), tmp_path / "out.json")
    assert list(tmp_path.iterdir()) == []


def test_a_written_file_is_readable_by_others_like_any_saved_file(tmp_path):
    path = tmp_path / "out.csv"
    write_csv(SAMPLES, path)
    assert path.stat().st_mode & 0o777 == 0o644
    path.chmod(0o600)
    write_csv(SAMPLES, path)
    assert path.stat().st_mode & 0o777 == 0o600  # an existing file keeps its mode
