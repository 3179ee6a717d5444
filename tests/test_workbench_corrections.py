"""Corrections of extracted entities: stored apart, applied everywhere, kept by rebuilds and re-extraction."""

from __future__ import annotations

import pytest

from index import FacetFilter, Library, SearchRequest, WorkbenchError


def _write(folder, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "archive"
    _write(folder, "a.md", "---\ntitle: Norway and Kazakhstan on energy\n---\n"
                           "Norway and Kazakhstan discussed energy with the Turkic Council observers.\n")
    _write(folder, "b.md", "---\ntitle: Kazakhstan and Japan on trade\n---\n"
                           "Kazakhstan and Japan discussed trade at the Organization of Turkic States summit.\n")
    _write(folder, "c.md", "---\ntitle: Chile and Japan on fisheries\n---\n"
                           "Chile and Japan discussed fisheries under the Pacific Fisheries Board (PFB).\n")
    with Library.open(tmp_path / "library") as opened:
        assert opened.import_paths([folder]).added == 3
        yield opened


def _doc(library, title_start: str) -> str:
    return next(i for i in library.ids() if library.document(i).title.startswith(title_start))


def _codes(library, doc_id: str, field: str = "countries") -> list[str]:
    return [e.code for e in getattr(library.document(doc_id), field)]


def _count(library, field: str, value: str) -> int:
    return library.search(SearchRequest(filters=(FacetFilter(field, value),))).total


def test_removing_and_adding_reach_the_document_the_facets_and_the_rows(library):
    doc = _doc(library, "Norway")
    assert "KAZ" in _codes(library, doc)
    library.correct(doc, "remove", "country", "KAZ")
    library.correct(doc, "add", "country", "ISL")
    assert _codes(library, doc) == ["NOR", "ISL"] or set(_codes(library, doc)) == {"NOR", "ISL"}
    assert _count(library, "country", "KAZ") == 1 and _count(library, "country", "ISL") == 1
    assert set(library.rows([doc])[doc].countries) == {"NOR", "ISL"}
    added = next(e for e in library.document(doc).countries if e.code == "ISL")
    assert added.source == "user" and added.correction.startswith("added Iceland by hand on ")
    # what extraction found is still there underneath
    assert "KAZ" in [e.code for e in library.catalogue.get(doc, corrected=False).countries]


def test_central_and_mentioned_flags(library):
    doc = _doc(library, "Kazakhstan and Japan")
    central = library.search("central:KAZ").total
    assert {e.code: e.central for e in library.document(doc).countries} == {"KAZ": True, "JPN": True}
    library.correct(doc, "mentioned", "country", "KAZ")
    entities = {e.code: e for e in library.document(doc).countries}
    assert entities["JPN"].central and not entities["KAZ"].central
    assert entities["KAZ"].correction.startswith("marked Kazakhstan as merely mentioned by hand on ")
    assert library.search("central:KAZ").total == central - 1
    # a newer correction of the same value replaces the older one
    library.correct(doc, "central", "country", "KAZ")
    assert [c.action for c in library.workbench.corrections.all(doc_id=doc)] == ["central"]
    assert library.search("central:KAZ").total == central


def test_merge_a_name_spelt_two_ways_across_the_library(library):
    assert _count(library, "organisation", "OTS") == 2  # "Turkic Council" is OTS already in the gazetteer
    bodies = {e.code for d in library.ids() for e in library.document(d).organisations}
    discovered = next(code for code in bodies if code not in ("OTS",))
    correction, reindexed = library.correct_library("merge", "organisation", discovered, "OTS")
    assert correction.target == "OTS" and reindexed == 1
    assert _count(library, "organisation", discovered) == 0 and _count(library, "organisation", "OTS") == 3
    assert library.undo().startswith("Merge organisation")
    assert _count(library, "organisation", discovered) == 1 and _count(library, "organisation", "OTS") == 2


def test_rename_and_never_extract(library):
    bodies = {e.code: e.name for d in library.ids() for e in library.document(d).organisations if e.discovered}
    code = next(iter(bodies))
    library.correct_library("rename", "organisation", code, "Pacific Fisheries Board (renamed)")
    assert library.label("organisation", code) == "Pacific Fisheries Board (renamed)"
    facet = {c.value: c.label for c in library.search("").facets["organisation"]}
    assert facet[code] == "Pacific Fisheries Board (renamed)"
    library.correct_library("never", "organisation", code)
    assert _count(library, "organisation", code) == 0


def test_corrections_survive_rebuild_and_reextract(library):
    doc = _doc(library, "Norway")
    library.correct(doc, "remove", "country", "KAZ")
    library.workbench.tags.add([doc], "checked")
    library.rebuild_index()
    assert _count(library, "country", "KAZ") == 1 and "KAZ" not in _codes(library, doc)
    assert library.search("tag:checked").total == 1
    assert library.reextract() == 3
    assert _count(library, "country", "KAZ") == 1 and "KAZ" not in _codes(library, doc)
    assert library.search("tag:checked").total == 1


def test_a_correction_whose_target_is_gone_is_listed_not_lost(library):
    doc = _doc(library, "Chile")
    library.correct(doc, "remove", "country", "KAZ")  # Chile's statement never named Kazakhstan
    [status] = library.corrections()
    assert not status.applies and status.description.startswith("removed Kazakhstan from this statement")


def test_nonsense_corrections_are_refused(library):
    doc = _doc(library, "Chile")
    with pytest.raises(WorkbenchError, match="Only countries, organisations and topics"):
        library.correct(doc, "remove", "year", "2020")
    with pytest.raises(WorkbenchError, match="no statement"):
        library.correct("0" * 16, "remove", "country", "CHL")
    with pytest.raises(WorkbenchError, match="into itself"):
        library.correct_library("merge", "organisation", "OTS", "OTS")


def test_the_importer_applies_corrections_to_changed_files(library, tmp_path):
    """GIVEN a corrected statement WHEN its file changes and is imported again THEN the correction still holds."""
    doc = _doc(library, "Norway")
    library.correct(doc, "remove", "country", "KAZ")
    path = tmp_path / "archive" / "a.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nKazakhstan again.\n", encoding="utf-8")
    report = library.import_paths([tmp_path / "archive"])
    assert report.updated == 1
    assert "KAZ" not in _codes(library, doc) and _count(library, "country", "KAZ") == 1


def test_a_reimport_that_changes_the_text_reanchors_passages_and_reports_the_lost(library, tmp_path):
    doc = _doc(library, "Kazakhstan and Japan")
    statement = library.document(doc)
    notes = library.workbench.notes
    start = statement.text.index("discussed trade")
    kept = notes.add_passage(doc, statement.text, statement.content_hash, start, start + 15)
    lost_start = statement.text.index("summit")
    lost = notes.add_passage(doc, statement.text, statement.content_hash, lost_start, lost_start + 6)
    path = tmp_path / "archive" / "b.md"
    path.write_text(path.read_text(encoding="utf-8").replace("summit", "meeting"), encoding="utf-8")
    report = library.import_paths([tmp_path / "archive"])
    assert report.updated == 1
    found = {p.id: p for p in notes.passages(doc)}
    assert found[kept.id].anchored and not found[lost.id].anchored
    assert [p.reason for p in report.problems] == [
        "1 highlighted passage could not be found again in the changed text; they are kept, listed under "
        "passages not found"]


def test_a_correction_whose_reindexing_was_cut_short_reaches_the_index_on_the_next_open(library, monkeypatch):
    """GIVEN a merge committed to the catalogue WHEN the process dies before the index follows THEN the next
    open brings the index in line, with the undo history intact."""
    from index.workbench import reindexing

    bodies = {e.code for d in library.ids() for e in library.document(d).organisations}
    discovered = next(code for code in bodies if code != "OTS")

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt  # stands in for a kill between the two commits

    monkeypatch.setattr(reindexing, "reindex", killed)
    monkeypatch.setattr("index.workbench.library_methods.reindex", killed)
    with pytest.raises(KeyboardInterrupt):
        library.correct_library("merge", "organisation", discovered, "OTS")
    monkeypatch.undo()
    assert _count(library, "organisation", discovered) == 1  # the index does not show the merge yet
    folder = library.folder
    library.close()
    assert Library.needs_rebuild(folder)
    with Library.open(folder) as reopened:
        assert _count(reopened, "organisation", discovered) == 0 and _count(reopened, "organisation", "OTS") == 3
        assert reopened.undo().startswith("Merge organisation")
        assert _count(reopened, "organisation", "OTS") == 2
    assert not Library.needs_rebuild(folder)
