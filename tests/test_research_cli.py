"""The research verbs as scripts use them: relations, kwic, trend and similar --near-identical."""

from __future__ import annotations

import json
import shutil

import pytest

from desktop.cli import main
from index import Library
from tests.research_docs import ids_by_name, write_archive


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("research-cli") / "library"
    with Library.open(folder) as library:
        library.import_paths([write_archive(tmp_path_factory.mktemp("research-cli-archive"))])
        names = ids_by_name(library)
    return folder, names


@pytest.fixture
def library_dir(built, tmp_path):
    folder = tmp_path / "library"
    shutil.copytree(built[0], folder)
    return str(folder)


@pytest.fixture
def names(built):
    return built[1]


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return code, out


def test_relations_prints_pairs_with_their_years(capsys, library_dir):
    _code, out = _run(capsys, "relations", "--library", library_dir, "--json")
    payload = json.loads(out)
    first = payload["pairs"][0]
    assert first == {"countries": ["KAZ", "TUR"], "names": ["Kazakhstan", "Türkiye"], "total": 2,
                     "years": {"2019": 1, "2021": 1}, "organisations": first["organisations"]}
    assert "OTS" in first["organisations"] and payload["statements"] == 7 and payload["mode"] == "central"
    _code, out = _run(capsys, "relations", "--library", library_dir, "--country", "Turkey")
    assert out.splitlines()[0] == "7 statements, 3 with Türkiye and another central country; 2 partners"
    assert out.splitlines()[1].split() == ["2", "KAZ-TUR", "Kazakhstan", "[ECO,", "ITA,", "OTS,", "TCHF,", "TIF,",
                                           "TURKPA,", "TURKSOY]"]
    assert out.splitlines()[2].split() == ["2019:1", "2021:1"]
    _code, out = _run(capsys, "relations", "--library", library_dir, "--mentioned", "--json", "--filter",
                      "year=2020")
    assert [p["countries"] for p in json.loads(out)["pairs"]] == [["JPN", "NOR"], ["JPN", "TUR"], ["NOR", "TUR"]]


def test_kwic_aligns_each_line_on_its_hit(capsys, library_dir):
    _code, out = _run(capsys, "kwic", '"strategic partnership"', "--library", library_dir, "--width", "20")
    lines = out.splitlines()
    assert lines[0] == "3 lines in 2 of 2 statements"
    assert lines[3] == ("eed to deepen their strategic partnership in energy and trade  | 2019-05-14  "
                        "Joint Statement of Türkiye and Kazakhstan")
    assert {line.index("strategic") for line in lines[1:]} == {20}
    _code, out = _run(capsys, "kwic", "corridor", "--library", library_dir, "--json", "--limit", "1", "--sort",
                      "right")
    payload = json.loads(out)
    assert payload["lines_found"] == 3 and len(payload["lines"]) == 1
    assert payload["lines"][0]["hit"] == "corridor" and payload["lines"][0]["right"] == "."  # before " across"


def test_trend_prints_figures_per_year(capsys, library_dir):
    _code, out = _run(capsys, "trend", '"strategic partnership"', "--library", library_dir, "--json")
    payload = json.loads(out)
    series = payload["series"][0]
    assert payload["years"] == [2019, 2020, 2021, 2022] and series["occurrences"] == 3
    assert [(p["year"], p["occurrences"], p["statements"], p["matching"], p["share"]) for p in series["points"]] == [
        (2019, 1, 1, 1, 1.0), (2020, 0, 1, 0, 0.0), (2021, 2, 3, 1, 0.3333), (2022, 0, 2, 0, 0.0)]
    _code, out = _run(capsys, "trend", "corridor", "energy", "--library", library_dir, "--filter", "country=AZE")
    # The readout has 27 words: 10,000 / 27 = 370.37 per 10,000 words.
    assert out.splitlines()[2].split() == ["2021", "1", "|", "1", "370.37", "100.0%", "|", "1", "370.37", "100.0%"]


def test_similar_near_identical_finds_the_twin_and_not_the_distinct_notice(capsys, library_dir, names):
    _code, out = _run(capsys, "similar", names["lebanon-2021"], "--near-identical", "--library", library_dir,
                      "--json")
    payload = json.loads(out)
    assert [m["id"] for m in payload["near_identical"]] == [names["lebanon-2022"]]
    assert payload["near_identical"][0]["similarity"] >= payload["threshold"] == 0.8 and payload["ready"]
    _code, out = _run(capsys, "similar", names["libya-2022"][:8], "--near-identical", "--library", library_dir)
    assert out.splitlines()[1] == "no near-identical statements (none shares 80% of its text)"
    _code, out = _run(capsys, "similar", names["lebanon-2021"], "--library", library_dir, "--json")
    assert json.loads(out)["similar"][0]["id"] == names["lebanon-2022"]  # More like this, without the option
