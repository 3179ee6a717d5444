"""The annotations file: a round trip, the W3C shape of passages, and tolerant reading of broken files."""

from __future__ import annotations

import io
import json

import pytest

from index.export.annotations import FORMAT, VERSION, write_annotations
from index.export.annotations_reader import read_annotations
from tests.fixtures_export import HOSTILE, LIBRARY_CORRECTIONS, SAMPLES, SPEECH, TREATY, annotated

STATEMENTS = [annotated(record) for record in SAMPLES]


@pytest.fixture
def written(tmp_path):
    path = tmp_path / "annotations.json"
    result = write_annotations(STATEMENTS, path, corrections=LIBRARY_CORRECTIONS, producer="Chancery 0.1.0",
                               created="2025-10-13T09:00:00+00:00")
    assert result.written == len(STATEMENTS)
    return path


def test_a_written_file_reads_back_equal(written):
    read = read_annotations(written)
    assert read.problems == []
    assert read.statements == STATEMENTS
    assert read.corrections == list(LIBRARY_CORRECTIONS)
    assert (read.producer, read.version, read.created) == ("Chancery 0.1.0", VERSION, "2025-10-13T09:00:00+00:00")


def test_passages_are_w3c_web_annotations_targeting_id_and_content_hash(written):
    document = json.loads(written.read_text(encoding="utf-8"))
    assert document["format"] == FORMAT
    [annotation] = document["statements"][0]["passages"]
    assert annotation["type"] == "Annotation" and annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotation["motivation"] == "commenting"
    assert annotation["body"] == {"type": "TextualBody", "value": "The key phrase.", "format": "text/plain",
                                  "purpose": "commenting"}
    source = annotation["target"]["source"]
    assert source["id"] == f"urn:sha256:{TREATY.content_hash}" and source["chancery:statement"] == TREATY.id
    quote, position = annotation["target"]["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": "eternal friendship", "prefix": "Treaty on ",
                     "suffix": " and comprehensive"}
    assert position == {"type": "TextPositionSelector", "start": 10, "end": 28}


def test_a_passage_without_a_note_is_a_highlight():
    stream = io.StringIO()
    passage = TREATY.passages[0].__class__(**{**TREATY.passages[0].__dict__, "note": ""})
    statement = annotated(TREATY).__class__(**{**annotated(TREATY).__dict__, "passages": (passage,)})
    write_annotations([statement], stream, created="x")
    annotation = json.loads(stream.getvalue())["statements"][0]["passages"][0]
    assert annotation["motivation"] == "highlighting" and "body" not in annotation


@pytest.mark.parametrize("cut", [0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
def test_a_truncated_file_yields_the_complete_statements_before_the_cut(written, tmp_path, cut):
    text = written.read_text(encoding="utf-8")
    truncated = tmp_path / "cut.json"
    truncated.write_text(text[: int(len(text) * cut)], encoding="utf-8")
    read = read_annotations(truncated)
    assert any("cut short or damaged" in problem for problem in read.problems)
    complete_lines = sum(1 for line in text[: int(len(text) * cut)].splitlines() if line.startswith('{"id"')
                         and line.endswith(("},", "}")))
    assert read.statements == STATEMENTS[: len(read.statements)]
    assert len(read.statements) >= complete_lines - 1
    if cut > 0.2:
        assert read.corrections == list(LIBRARY_CORRECTIONS)


def test_a_file_from_a_newer_version_is_read_with_a_warning(tmp_path):
    path = tmp_path / "newer.json"
    document = {"format": FORMAT, "version": 7, "producer": "Chancery 9", "corrections": [],
                "statements": [{"id": "x", "content_hash": "h", "title": "T", "tags": ["a"], "future": {"x": 1}}]}
    path.write_text(json.dumps(document), encoding="utf-8")
    read = read_annotations(path)
    assert read.version == 7 and read.statements[0].tags == ("a",)
    assert ["newer Chancery" in p for p in read.problems] == [True]


def test_malformed_entries_are_skipped_each_with_one_sentence(tmp_path):
    good = json.loads(json.dumps({"id": "g", "content_hash": "h", "title": "Good", "status": "relevant"}))
    document = {"format": FORMAT, "version": 1, "corrections": [{"action": "explode", "field": "country", "code": "X"},
                                                                  "not an object"],
                "statements": [good, {"id": "n", "title": "No hash"}, 42,
                               {"id": "t", "content_hash": "h2", "title": "Bad tags", "tags": "a,b"},
                               {"id": "p", "content_hash": "h3", "title": "Bad passage", "status": "weird",
                                "passages": [{"type": "Annotation", "target": {"selector": []}}, {"type": "Note"}]}]}
    read = read_annotations(io.StringIO(json.dumps(document)))
    assert [s.id for s in read.statements] == ["g", "p"]
    assert read.statements[1].status == "" and read.statements[1].passages == ()
    assert len(read.problems) == 8
    assert all(p.endswith(".") and p[0].isupper() for p in read.problems)
    assert any("no content hash" in p for p in read.problems)
    assert any("action 'explode' is unknown" in p for p in read.problems)


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "empty"),
    (b"not json at all", "not JSON"),
    (b"[1, 2]", "no object at the top"),
    (b'{"statements": []}', "does not say it is"),
    (b'{"format": "chancery-annotations", "version": 1, "statements": [\xff\xfe', "not valid UTF-8"),
])
def test_unreadable_content_is_reported_never_raised(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    read = read_annotations(path)
    assert read.statements == []
    assert any(expected in problem for problem in read.problems)


def test_only_an_unreadable_path_raises(tmp_path):
    with pytest.raises(OSError):
        read_annotations(tmp_path / "missing.json")


def test_hostile_text_and_unanchored_passages_survive(tmp_path):
    path = tmp_path / "h.json"
    write_annotations([annotated(HOSTILE), annotated(SPEECH)], path, created="x")
    read = read_annotations(path)
    assert read.statements == [annotated(HOSTILE), annotated(SPEECH)]
    assert read.statements[0].passages[0].anchored is False


def test_cancel_leaves_no_file(tmp_path):
    path = tmp_path / "a.json"
    result = write_annotations(STATEMENTS, path, cancelled=lambda: True)
    assert result.cancelled and not path.exists() and list(tmp_path.iterdir()) == []
