"""The workbench as the library offers it: tags, collections, marks, notes, passages, saved searches, undo.

Every test works on a private copy of the sample library and checks against
the catalogue or exact counts.
"""

from __future__ import annotations

import pytest

from index import FacetFilter, LibraryReadOnly, SearchRequest, WorkbenchError

SEED_TITLE = "Joint Statement of the Presidents of Türkiye and Kazakhstan"


def _ids(library, text: str, **options) -> set[str]:
    return {h.doc_id for h in library.search(SearchRequest(text=text, limit=None, **options)).hits}


def _seed(library) -> str:
    return next(h.doc_id for h in library.search("Kazakhstan").hits
                if library.document(h.doc_id).title.startswith(SEED_TITLE))


@pytest.fixture
def some(sample_library) -> list[str]:
    return sorted(sample_library.ids())[:6]


# -- tags and collections -------------------------------------------------------------


def test_tags_nest_count_and_filter(sample_library, some):
    """GIVEN statements tagged turkic/education and turkic WHEN searching tag:turkic THEN both kinds come back."""
    tags = sample_library.workbench.tags
    assert tags.add(some[:3], "turkic/education") == 3
    assert tags.add(some[2:5], "Turkic") == 3
    assert _ids(sample_library, "tag:turkic") == set(some[:5])
    assert _ids(sample_library, "tag:TURKIC/education") == set(some[:3])
    counts = {c.value: c.count for c in sample_library.search("").facets["tag"]}
    assert counts == {"turkic": 5, "turkic/education": 3}
    assert _ids(sample_library, "", filters=(FacetFilter("tag", "turkic/education"),)) == set(some[:3])
    assert len(_ids(sample_library, "-tag:turkic")) == sample_library.count() - 5
    assert [(t.path, t.count, t.total) for t in tags.all()] == [("turkic", 3, 5), ("turkic/education", 3, 3)]


def test_tagging_twice_changes_nothing_and_is_not_an_undo_step(sample_library, some):
    tags = sample_library.workbench.tags
    tags.add(some[:2], "energy")
    steps = len(sample_library.workbench.journal.history())
    assert tags.add(some[:2], "energy") == 0
    assert len(sample_library.workbench.journal.history()) == steps


@pytest.mark.parametrize("name", ["Baku 2017/side events", "Türk Devletleri Teşkilatı", "Организация/тюркских",
                                  "x" * 200, "a / b /  c"])
def test_any_name_people_write_is_a_tag(sample_library, some, name):
    tags = sample_library.workbench.tags
    tags.add(some[:1], name)
    stored = " ".join(name.split()).replace(" / ", "/").replace("/ ", "/").replace(" /", "/")
    assert stored in {t.path for t in tags.all()}
    assert _ids(sample_library, f'tag:"{stored}"') == {some[0]}


@pytest.mark.parametrize("name", ["", "   ", "/", " / / "])
def test_an_empty_name_is_refused_with_a_message(sample_library, some, name):
    with pytest.raises(WorkbenchError, match="needs a name"):
        sample_library.workbench.tags.add(some[:1], name)
    assert sample_library.workbench.tags.all() == []


def test_tag_manager_rename_merge_move_delete(sample_library, some):
    tags = sample_library.workbench.tags
    tags.add(some[:2], "turkic/education")
    tags.add(some[2:4], "turkic states")
    tags.add(some[3:5], "OTS")
    tags.rename("turkic", "central asia/turkic")
    assert _ids(sample_library, 'tag:"central asia/turkic/education"') == set(some[:2])
    tags.merge("OTS", "turkic states")
    assert _ids(sample_library, 'tag:"turkic states"') == set(some[2:5])
    assert "OTS" not in {t.path for t in tags.all()}
    tags.move_under("turkic states", "central asia")
    assert _ids(sample_library, 'tag:"central asia"') == set(some[:5])
    assert tags.delete("central asia") == 5
    assert tags.all() == [] and sample_library.search("").facets["tag"] == []
    assert [(i.kind, i.label) for i in sample_library.workbench.journal.trash()] == [("tag", "central asia")]


def test_a_branch_cannot_move_under_itself(sample_library, some):
    tags = sample_library.workbench.tags
    tags.add(some[:1], "a/b")
    with pytest.raises(WorkbenchError, match="under itself"):
        tags.rename("a", "a/b/c")


def test_collections_work_like_tags(sample_library, some):
    collections = sample_library.workbench.collections
    collections.add(some[:3], "Baku 2017")
    collections.add(some[3:4], "Baku 2017/press")
    assert _ids(sample_library, 'collection:"Baku 2017"') == set(some[:4])
    assert collections.remove(some[:1], "baku 2017") == 1
    assert _ids(sample_library, 'collection:"Baku 2017"') == set(some[1:4])


# -- stars, status, notes, passages ------------------------------------------------------


def test_stars_and_review_status(sample_library, some):
    marks = sample_library.workbench.marks
    assert marks.star(some[:2]) == 2
    assert marks.set_status(some[1:4], "Reviewed") == 3
    assert marks.set_status(some[3:4], "not relevant") == 1
    assert _ids(sample_library, "is:starred") == set(some[:2])
    assert _ids(sample_library, "status:reviewed") == set(some[1:3])
    assert _ids(sample_library, 'status:"Not relevant"') == {some[3]}
    assert {c.value: (c.label, c.count) for c in sample_library.search("").facets["status"]} == {
        "reviewed": ("Reviewed", 2), "not_relevant": ("Not relevant", 1)}
    rows = sample_library.rows(some[:4])
    assert (rows[some[1]].starred, rows[some[1]].review) == (True, "reviewed")
    with pytest.raises(WorkbenchError, match="no review status"):
        marks.set_status(some[:1], "maybe")


def test_notes_are_searchable_and_a_megabyte_note_is_kept(sample_library, some):
    notes = sample_library.workbench.notes
    notes.set_note(some[0], "The **Middle Corridor** plan, see article 4.")
    big = "Almaty rail corridor. " * 50_000  # about 1.1 MB
    notes.set_note(some[1], big)
    assert notes.note(some[1]) == big
    assert _ids(sample_library, "note:corridor") == set(some[:2])
    assert _ids(sample_library, 'note:"middle corridor"') == {some[0]}
    assert _ids(sample_library, "has:note") == set(some[:2])
    assert sample_library.rows(some[:1])[some[0]].has_note
    notes.set_note(some[0], "")
    assert _ids(sample_library, "has:note") == {some[1]}
    assert [i.kind for i in sample_library.workbench.journal.trash()] == ["note"]


def test_passages_anchor_by_quote_and_survive_a_changed_text(sample_library):
    seed = _seed(sample_library)
    statement = sample_library.document(seed)
    notes = sample_library.workbench.notes
    start = statement.text.index("Central Corridor")
    passage = notes.add_passage(seed, statement.text, statement.content_hash, start, start + 16, "key route")
    whole = notes.add_passage(seed, statement.text, statement.content_hash, 0, len(statement.text))
    assert passage.quote == "Central Corridor" and whole.quote == statement.text
    assert _ids(sample_library, "has:passage") == {seed}
    # The text changes before the passage (and inside the whole text): the passage is found
    # again where its quote is; the whole text no longer is anywhere.
    changed = "PREAMBLE ADDED.\n" + statement.text.replace("diplomatic relations", "diplomatic ties", 1)
    assert notes.reanchor(seed, changed, "new-hash") == (1, 1)
    [moved] = [p for p in notes.passages(seed) if p.id == passage.id]
    assert changed[moved.start:moved.end] == "Central Corridor" and moved.anchored
    [lost] = [p for p in notes.passages(seed) if p.id == whole.id]
    assert not lost.anchored and lost.quote == statement.text  # kept, listed apart, never dropped
    assert [p.id for p in notes.passages(anchored=False)] == [whole.id]


def test_a_quote_found_twice_is_placed_by_its_context_or_not_at_all():
    from index.workbench.notes import anchor

    text = "Trade grew. Energy talks. Trade grew again."
    assert anchor(text, "Trade grew", "", " again", 99) == 26
    assert anchor(text, "Trade grew", "", " agai", 99) == 26
    assert anchor("a x b a x b", "x", "", "", 99) is None  # two equal places: not guessed


# -- saved searches and history ------------------------------------------------------------


def test_saved_searches_keep_query_filters_and_sort_and_count_live(sample_library, some):
    saved = sample_library.workbench.saved
    saved.save("Kazakh cooperation", "cooperation", (FacetFilter("country", "KAZ"),), "newest")
    [search] = sample_library.saved_searches()
    expected = sample_library.search(SearchRequest("cooperation", (FacetFilter("country", "KAZ"),))).total
    assert (search.name, search.query, search.sort, search.count) == ("Kazakh cooperation", "cooperation", "newest",
                                                                      expected)
    sample_library.workbench.tags.add(some, "mine")
    saved.save("mine", "tag:mine")
    assert {s.name: s.count for s in sample_library.saved_searches()}["mine"] == len(some)
    saved.rename("mine", "Mine, all of it")
    saved.delete("Kazakh cooperation")
    assert [s.name for s in saved.all()] == ["Mine, all of it"]


def test_the_history_keeps_each_search_once_newest_first(sample_library):
    for text in ("trade", "energy", "trade", ""):
        sample_library.remember_search(SearchRequest(text))
    assert [p.query for p in sample_library.workbench.saved.history()] == ["trade", "energy"]


# -- undo, redo, trash ---------------------------------------------------------------------


def test_every_action_undoes_and_redoes(sample_library, some):
    wb = sample_library.workbench
    wb.tags.add(some, "bulk")
    wb.marks.star(some[:2])
    wb.tags.delete("bulk")
    assert _ids(sample_library, "tag:bulk") == set()
    assert sample_library.undo() == "Delete tag \u201cbulk\u201d"
    assert _ids(sample_library, "tag:bulk") == set(some)
    assert sample_library.undo() == "Star 2 statements"
    assert _ids(sample_library, "is:starred") == set()
    assert sample_library.redo() == "Star 2 statements"
    assert _ids(sample_library, "is:starred") == set(some[:2])
    wb.marks.set_status(some[:1], "relevant")  # a new action ends the redo chain
    assert sample_library.redo() is None


def test_the_trash_restores_and_empties(sample_library, some):
    wb = sample_library.workbench
    wb.collections.add(some[:2], "dossier")
    wb.collections.delete("dossier")
    wb.marks.star(some[:1])  # the undo history moves on
    [item] = wb.journal.trash()
    assert (item.kind, item.label) == ("collection", "dossier")
    wb.journal.restore(item.id)
    assert _ids(sample_library, "collection:dossier") == set(some[:2])
    wb.collections.delete("dossier")
    assert wb.journal.empty_trash() == 1
    assert wb.journal.trash() == [] and sample_library.undo() is None


def test_a_read_only_library_says_so_and_changes_nothing(sample_library, some):
    from index import Library

    sample_library.workbench.tags.add(some[:1], "kept")
    folder = sample_library.folder
    sample_library.close()
    with Library.open(folder, read_only=True) as library:
        assert not library.workbench.writable
        with pytest.raises(LibraryReadOnly, match="Nothing was changed"):
            library.workbench.tags.add(some, "new")
        with pytest.raises(LibraryReadOnly):
            library.workbench.notes.set_note(some[0], "text")
        assert [t.path for t in library.workbench.tags.all()] == ["kept"]
        assert {h.doc_id for h in library.search("tag:kept").hits} == {some[0]}


def test_bulk_tagging_ten_thousand_ids_in_one_action(sample_library):
    """The ids of a bulk action go through a temporary table, past SQLite's parameter limit."""
    real = sorted(sample_library.ids())
    ids = real + [f"{n:016x}" for n in range(40_000)]
    assert sample_library.workbench.tags.add(ids, "bulk") == len(ids)
    assert _ids(sample_library, "tag:bulk") == set(real)
    assert sample_library.undo().startswith("Tag 40,")
    assert sample_library.workbench.tags.all() == []
