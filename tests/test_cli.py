"""The ``chancery`` command as scripts use it: index, search (JSON, batch), extract, rebuild."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "resources" / "samples" / "tr-kz-joint-statement-2022.md"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_on_the_default_library_returns_the_seed(capsys):
    """GIVEN a fresh machine WHEN searching Kazakhstan THEN the bundled seed statement comes back with TUR and KAZ."""
    code, out, _err = _run(capsys, "search", "Kazakhstan", "--json")
    assert code == 0
    payload = json.loads(out)
    seed = [h for h in payload["hits"] if h["path"].endswith("tr-kz-joint-statement-2022.md")]
    assert seed, payload
    codes = {c["code"] for c in seed[0]["countries"]}
    assert {"TUR", "KAZ"} <= codes
    assert payload["total"] == len(payload["hits"]) or payload["total"] > len(payload["hits"])
    assert set(payload["facets"]) == {"country", "organisation", "topic", "year", "doc_type", "language",
                                      "tag", "collection", "status", "is", "has"}
    for hit in payload["hits"]:
        snippet = hit["snippet"]
        for start, end in snippet["matches"]:
            assert snippet["text"][start:end].lower().startswith("kazakh")


def test_index_then_search_with_filters(capsys, tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Energy talks\ndate: 2020-03-04\n---\n"
                                 "Norway and Japan discussed energy security.\n", encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: Trade talks\ndate: 2021-05-06\n---\n"
                                 "Chile and Japan discussed trade and energy.\n", encoding="utf-8")
    library = tmp_path / "library"
    code, out, _ = _run(capsys, "index", str(folder), "--library", str(library))
    assert code == 0 and "2 added" in out
    code, out, _ = _run(capsys, "search", "energy", "--library", str(library), "--json", "--filter", "country=Chile")
    payload = json.loads(out)
    assert payload["total"] == 1 and payload["hits"][0]["title"] == "Trade talks"
    assert payload["filters"] == [{"field": "country", "value": "CHL", "exclude": False}]
    code, out, _ = _run(capsys, "search", "energy", "--library", str(library), "--json", "--filter", "country=!CHL")
    assert [h["title"] for h in json.loads(out)["hits"]] == ["Energy talks"]
    code, out, _ = _run(capsys, "search", "energy", "--library", str(library), "--sort", "newest")
    assert out.index("Trade talks") < out.index("Energy talks")


def test_index_exits_non_zero_only_when_nothing_could_be_imported(capsys, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    code, out, _ = _run(capsys, "index", str(bad), "--library", str(tmp_path / "lib"))
    assert code == 1
    assert "skipped" in out and "empty" in out
    (bad / "good.txt").write_text("A statement on fisheries.\n", encoding="utf-8")
    code, out, _ = _run(capsys, "index", str(bad), "--library", str(tmp_path / "lib"))
    assert code == 0


def test_batch_search_prints_one_json_line_per_query(capsys, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("Kazakhstan\n# a comment\n\ncountry:JPN\n\"unclosed\n", encoding="utf-8")
    code, out, _ = _run(capsys, "search", "--batch", str(queries), "--limit", "3")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == ["Kazakhstan", "country:JPN", '"unclosed']
    for line in lines:
        assert set(line) >= {"query", "total", "hits", "elapsed_ms"}
        assert len(line["hits"]) <= 3
        for hit in line["hits"]:
            assert set(hit) == {"id", "path", "title", "score"}
    assert lines[0]["total"] >= 1
    assert lines[2]["messages"]


def test_extract_json_shows_codes_counts_offsets_and_sources(capsys):
    code, out, _ = _run(capsys, "extract", str(SEED), "--json")
    assert code == 0
    [data] = json.loads(out)
    countries = {c["code"]: c for c in data["countries"]}
    assert {"TUR", "KAZ"} <= set(countries)
    kaz = countries["KAZ"]
    assert kaz["central"] and kaz["count"] >= len(kaz["offsets"]) > 0  # title mentions count too
    assert data["date"] == "2022-10-13" and data["field_sources"]["date"] == "front matter"
    assert data["doc_type"] == "joint_statement"
    assert any(o["code"] == "OTS" for o in data["organisations"])
    assert all(t["terms"] for t in data["topics"])


def test_extract_reports_unreadable_files(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _out, err = _run(capsys, "extract", str(empty))
    assert code == 1 and "empty" in err


def test_rebuild_restores_a_deleted_index(capsys, tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Space\n---\nSpace cooperation with Brazil.\n", encoding="utf-8")
    library = tmp_path / "library"
    _run(capsys, "index", str(folder), "--library", str(library))
    import shutil

    shutil.rmtree(library / "index")
    from index import Library

    rebuilt = []
    original = Library.rebuild_index
    Library.rebuild_index = lambda self, *a, **k: rebuilt.append(1) or original(self, *a, **k)
    try:
        code, out, _ = _run(capsys, "rebuild", "--library", str(library))
        assert code == 0 and "1 documents" in out
        assert rebuilt == [1]  # once, while opening: not a second time
        assert _run(capsys, "rebuild", "--library", str(library))[0] == 0
        assert rebuilt == [1, 1]  # an index in order is rebuilt when asked
    finally:
        Library.rebuild_index = original
    code, out, _ = _run(capsys, "search", "Brazil", "--library", str(library), "--json")
    assert json.loads(out)["total"] == 1


@pytest.mark.slow
def test_version_from_a_real_process():
    out = subprocess.run([sys.executable, "-m", "desktop", "--version"], cwd=REPO, capture_output=True, text=True,
                         check=True)
    assert out.stdout.startswith("Chancery ")


def test_reextract_applies_an_edited_vocabulary_and_keeps_locations(capsys, tmp_path, monkeypatch):
    from documents.extract import Extraction
    from documents.statement import Entity
    from index import Library

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Talks\n---\nNorway and Japan discussed fisheries.\n", encoding="utf-8")
    (folder / "copy.md").write_text("---\ntitle: Talks\n---\nNorway and Japan discussed fisheries.\n",
                                    encoding="utf-8")
    library_dir = tmp_path / "library"
    _run(capsys, "index", str(folder), "--library", str(library_dir))

    class Fisheries:
        """An extractor whose vocabulary gained a topic."""

        def extract(self, text, title=None):
            return Extraction([], [], [Entity("fisheries", "Fisheries", count=1, terms=["fisheries"])], None,
                              "other", "en")

    with Library.open(library_dir) as library:
        assert library.reextract(Fisheries()) == 1
        [doc_id] = library.catalogue.ids()
        assert [t.code for t in library.document(doc_id).topics] == ["fisheries"]
        assert len(library.catalogue.locations(doc_id=doc_id)) == 2
        from index import FacetFilter, SearchRequest

        assert library.search(SearchRequest(filters=(FacetFilter("topic", "fisheries"),))).total == 1


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path):
    """``chancery search ... | head -1``: the pipe closes early and the command exits 0 without a traceback."""
    library = tmp_path / "library"
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(400):
        (folder / f"s{number:03}.md").write_text(
            f"---\ntitle: Statement {number} {'on fisheries and maritime cooperation ' * 6}\n---\nFisheries.\n",
            encoding="utf-8")
    assert main(["index", str(folder), "--library", str(library)]) == 0
    proc = subprocess.Popen([sys.executable, "-m", "desktop.cli", "search", "fisheries", "--library", str(library),
                             "--limit", "400"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # what head does after its first line
    _out, err = proc.communicate(timeout=60)
    assert first and proc.returncode == 0
    assert b"Traceback" not in err and b"BrokenPipeError" not in err


def test_reextract_reads_a_vocabulary_edited_since_start(capsys, tmp_path, monkeypatch):
    """GIVEN a running process that has loaded the topics WHEN topics.toml gains a topic THEN reextract uses it."""
    import shutil

    import documents.resources
    from documents.extract import reload_vocabularies, vocabulary

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Talks\n---\nNorway and Japan discussed whaling quotas.\n",
                                 encoding="utf-8")
    library_dir = tmp_path / "library"
    _run(capsys, "index", str(folder), "--library", str(library_dir))
    assert vocabulary().topic_name("whaling") == "whaling"  # loaded, and no such topic yet

    resources = tmp_path / "resources"
    shutil.copytree(REPO / "resources", resources)
    with (resources / "topics.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[whaling]\nname = "Whaling"\nthreshold = 1\n[whaling.terms]\n"whaling" = 3\n')
    monkeypatch.setattr(documents.resources, "resources_root", lambda: resources)
    try:
        code, out, _ = _run(capsys, "reextract", "--library", str(library_dir))
        assert code == 0
        code, out, _ = _run(capsys, "search", "topic:whaling", "--library", str(library_dir), "--json")
        payload = json.loads(out)
        assert payload["total"] == 1 and payload["facets"]["topic"][0]["label"] == "Whaling"
    finally:
        monkeypatch.undo()
        reload_vocabularies()
    assert vocabulary().topic_name("whaling") == "whaling"
