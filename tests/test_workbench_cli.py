"""The workbench verbs of the ``chancery`` command, as scripts use them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main

REPO = Path(__file__).resolve().parent.parent


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys, *argv: str):
    code, out, err = _run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def library(capsys, tmp_path) -> str:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, title, body in (
        ("a.md", "Energy talks with Kazakhstan", "Norway and Kazakhstan discussed energy."),
        ("b.md", "Trade talks with Kazakhstan", "Japan and Kazakhstan discussed trade."),
        ("c.md", "Fisheries talks", "Chile and Japan discussed fisheries."),
    ):
        (folder / name).write_text(f"---\ntitle: {title}\n---\n{body}\n", encoding="utf-8")
    path = str(tmp_path / "library")
    assert _run(capsys, "index", str(folder), "--library", path)[0] == 0
    return path


def _ids(capsys, library: str, query: str) -> list[str]:
    return [h["id"] for h in _json(capsys, "search", query, "--library", library, "--limit", "50")["hits"]]


def test_tag_ids_from_a_search_piped_in(capsys, monkeypatch, library):
    kazakh = _ids(capsys, library, "Kazakhstan")
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(kazakh) + "\n"))
    payload = _json(capsys, "tag", "-", "central asia/kazakhstan", "--library", library)
    assert payload == {"tag": "central asia/kazakhstan", "statements": 2, "changed": 2, "removed": False}
    assert sorted(_ids(capsys, library, 'tag:"central asia"')) == sorted(kazakh)
    tags = _json(capsys, "tags", "--library", library)["tags"]
    assert tags == [{"path": "central asia", "count": 0, "total": 2},
                    {"path": "central asia/kazakhstan", "count": 2, "total": 2}]
    hit = _json(capsys, "search", "tag:kazakhstan OR tag:\"central asia/kazakhstan\"", "--library", library)["hits"][0]
    assert hit["tags"] == ["central asia/kazakhstan"] and hit["review"] == "" and hit["has_note"] is False


def test_ids_may_be_unique_prefixes_and_unknown_ones_are_refused(capsys, library):
    [one] = _ids(capsys, library, "fisheries")
    code, out, _err = _run(capsys, "tag", one[:8], "fish", "--library", library)
    assert code == 0 and out.strip() == "tag \u201cfish\u201d added to 1 statement"
    code, _out, err = _run(capsys, "tag", "0000000000000000", "fish", "--library", library)
    assert code == 2 and "no such statement" in err
    code, _out, err = _run(capsys, "tag", one, "", "--library", library)
    assert code == 2 and "needs a name" in err


def test_the_tag_manager_verbs(capsys, library):
    ids = _ids(capsys, library, "talks")
    _run(capsys, "tag", *ids[:2], "energy", "--library", library)
    _run(capsys, "tag", ids[2], "Energy policy", "--library", library)
    _json(capsys, "tags", "merge", "Energy policy", "energy", "--library", library)
    assert _json(capsys, "tags", "--library", library)["tags"] == [{"path": "energy", "count": 3, "total": 3}]
    _json(capsys, "tags", "rename", "energy", "themes/energy", "--library", library)
    assert [t["path"] for t in _json(capsys, "tags", "--library", library)["tags"]] == ["themes", "themes/energy"]
    assert _json(capsys, "tags", "delete", "themes", "--library", library)["result"] == 3
    trash = _json(capsys, "trash", "--library", library)["trash"]
    assert [(t["kind"], t["label"]) for t in trash] == [("tag", "themes")]
    _json(capsys, "trash", "--restore", str(trash[0]["id"]), "--library", library)
    assert len(_ids(capsys, library, "tag:themes")) == 3


def test_collections_status_stars_and_notes(capsys, monkeypatch, library):
    ids = _ids(capsys, library, "talks")
    _run(capsys, "collection", "add", "Baku 2017", *ids, "--library", library)
    _run(capsys, "collection", "remove", "Baku 2017", ids[0], "--library", library)
    assert sorted(_ids(capsys, library, 'collection:"Baku 2017"')) == sorted(ids[1:])
    assert _json(capsys, "status", *ids[:2], "reviewed", "--library", library)["changed"] == 2
    code, _out, err = _run(capsys, "status", ids[0], "perhaps", "--library", library)
    assert code == 2 and "no review status" in err
    _run(capsys, "star", ids[0], "--library", library)
    assert _ids(capsys, library, "is:starred status:reviewed") == [ids[0]]
    _run(capsys, "note", ids[1], "Check the **trade** figures.", "--library", library)
    monkeypatch.setattr(sys, "stdin", io.StringIO("A note\nwith two lines.\n"))
    _run(capsys, "note", ids[2], "-", "--library", library)
    assert _json(capsys, "note", ids[2], "--library", library)["note"] == "A note\nwith two lines.\n"
    assert _ids(capsys, library, "note:trade") == [ids[1]]
    assert sorted(_ids(capsys, library, "has:note")) == sorted(ids[1:])


def test_saved_searches_list_their_live_counts(capsys, library):
    _run(capsys, "saved", "add", "Kazakh", "Kazakhstan", "--filter", "country=Japan", "--library", library)
    assert _json(capsys, "saved", "list", "--library", library)["saved"] == [
        {"name": "Kazakh", "query": "Kazakhstan", "sort": "relevance", "count": 1,
         "filters": [{"field": "country", "value": "JPN", "exclude": False}]}]
    _run(capsys, "index", str(Path(library).parent / "archive"), "--library", library)
    _run(capsys, "saved", "delete", "Kazakh", "--library", library)
    assert _json(capsys, "saved", "list", "--library", library)["saved"] == []


def test_corrections_from_the_command_line(capsys, library):
    [doc] = _ids(capsys, library, "energy")
    payload = _json(capsys, "correct", doc, "--remove", "country=Kazakhstan", "--add", "organisation=OTS",
                    "--library", library)
    assert [(c["action"], c["field"], c["code"]) for c in payload["corrections"]] == [
        ("remove", "country", "KAZ"), ("add", "organisation", "OTS")]
    assert _ids(capsys, library, "country:KAZ") != [doc] and doc not in _ids(capsys, library, "country:KAZ")
    assert _ids(capsys, library, "org:OTS") == [doc]
    listed = _json(capsys, "corrections", "--library", library)["corrections"]
    assert [(c["action"], c["applies"]) for c in listed] == [("remove", True), ("add", True)]
    assert _json(capsys, "undo", "--library", library)["done"].endswith("add OTS")
    assert _ids(capsys, library, "org:OTS") == []
    assert _json(capsys, "redo", "--library", library)["done"].endswith("add OTS")
    assert _ids(capsys, library, "org:OTS") == [doc]
    _json(capsys, "corrections", "--withdraw", str(listed[0]["id"]), "--library", library)
    assert doc in _ids(capsys, library, "country:KAZ")


def test_merge_rename_and_never_from_the_command_line(capsys, library):
    _json(capsys, "merge", "country", "NOR", "Iceland", "--library", library)
    assert _ids(capsys, library, "country:ISL") == _ids(capsys, library, "energy")
    assert _json(capsys, "never", "country", "CHL", "--library", library)["reindexed"] == 1
    assert _ids(capsys, library, "country:CHL") == []


@pytest.mark.slow
def test_a_pipeline_in_real_processes(tmp_path, library):
    """``chancery search … --json | jq … | chancery tag - TAG`` as a shell would run it."""
    search = subprocess.run([sys.executable, "-m", "desktop.cli", "search", "Kazakhstan", "--library", library,
                             "--json"], cwd=REPO, capture_output=True, text=True, check=True)
    ids = "\n".join(h["id"] for h in json.loads(search.stdout)["hits"])
    tag = subprocess.run([sys.executable, "-m", "desktop.cli", "tag", "-", "piped", "--library", library],
                         cwd=REPO, input=ids, capture_output=True, text=True, check=True)
    assert tag.stdout.strip() == "tag \u201cpiped\u201d added to 2 statements"
