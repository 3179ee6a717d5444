"""A facet field is one declaration: index, counts, filters, the query language, the CLI and completion follow."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from index import FacetField, FacetFilter, Library, SearchRequest, facet_field, panel_fields
from index.fields import by_query_name, register, unregister

LABELS = {"short": "Short statement", "long": "Long statement"}
NAMES = {"brief": "short", "short": "short", "long": "long", "lengthy": "long"}


def _length(statement) -> list[str]:
    return ["short" if len(statement.text) < 200 else "long"]


LENGTH = FacetField(
    "length", "Length", "statement length", ("length", "size"), _length,
    label_of=lambda code: LABELS.get(code, code),
    resolve=lambda text: NAMES.get(text.strip().lower()),
    match_labels=True, multi=False, completion_field="length",
)


@pytest.fixture
def length_field():
    register(LENGTH)
    yield LENGTH
    unregister(LENGTH.name)


@pytest.fixture
def library_with_lengths(length_field, tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Short note on fisheries\n---\nNorway and Iceland on fisheries.\n",
                                 encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: Another short note\n---\nJapan and Chile on fisheries.\n",
                                 encoding="utf-8")
    (folder / "c.md").write_text("---\ntitle: A long statement on fisheries\n---\n"
                                 + "Canada and Norway agreed on joint fisheries management in the Arctic. " * 6,
                                 encoding="utf-8")
    with Library.open(tmp_path / "library") as library:
        report = library.import_paths([folder])
        assert report.added == 3
        yield library


def test_a_registered_field_is_known_everywhere_it_is_declared_for(length_field):
    assert facet_field("length") is LENGTH
    assert by_query_name("SIZE") is LENGTH
    assert LENGTH in panel_fields()


def test_it_is_indexed_and_counted_with_labels(library_with_lengths):
    result = library_with_lengths.search(SearchRequest(text="fisheries"))
    counts = {(c.value, c.label, c.count) for c in result.facets["length"]}
    assert counts == {("short", "Short statement", 2), ("long", "Long statement", 1)}


def test_it_filters_as_a_facet_and_in_the_query_language(library_with_lengths):
    library = library_with_lengths
    assert library.search(SearchRequest(filters=(FacetFilter("length", "long"),))).total == 1
    assert library.search(SearchRequest(filters=(FacetFilter("length", "long", exclude=True),))).total == 2
    assert library.search("fisheries length:short").total == 2
    assert library.search("size:brief").total == 2  # another query name, a name the resolver knows
    assert library.search('length:"Long statement"').total == 1  # a label shown in the panel
    unknown = library.search("fisheries length:huge")
    assert unknown.total == 3
    assert unknown.messages == ["No statement length called \u201chuge\u201d is known; that condition was ignored."]


def test_it_filters_from_the_command_line_through_the_same_resolution(library_with_lengths, capsys):
    folder = str(library_with_lengths.folder)
    library_with_lengths.close()
    assert main(["search", "fisheries", "--library", folder, "--json", "--filter", "size=lengthy"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["total"] == 1
    assert payload["filters"] == [{"field": "length", "value": "long", "exclude": False}]
    assert [c["value"] for c in payload["facets"]["length"]] == ["long"]
    assert main(["search", "fisheries", "--library", folder, "--json", "--filter", "length=!Long statement"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 2


def test_it_is_completed(library_with_lengths):
    by_text = {c.text: c for c in library_with_lengths.complete("lon")}
    assert by_text["length:long"].label == "Long statement" and by_text["length:long"].count == 1
    assert [c.text for c in library_with_lengths.complete("size:sh")] == ["length:short"]


def test_a_field_cannot_take_a_name_in_use():
    clash = FacetField("nation", "Nation", "nation", ("country",), lambda s: [])
    with pytest.raises(ValueError, match="query names"):
        register(clash)
    with pytest.raises(ValueError, match="exists"):
        register(FacetField("country", "Country", "country", ("nation",), lambda s: []))


def test_a_library_re_indexes_itself_when_its_fields_change(tmp_path):
    """GIVEN a library built without a field WHEN it opens with the field declared THEN the field is indexed."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Note\n---\nShort text on trade.\n", encoding="utf-8")
    with Library.open(tmp_path / "library") as library:
        library.import_paths([folder])
    register(LENGTH)
    try:
        with Library.open(tmp_path / "library") as library:
            assert library.search("length:short").total == 1
    finally:
        unregister(LENGTH.name)
    with Library.open(tmp_path / "library") as library:
        assert "length" not in library.search("").facets
