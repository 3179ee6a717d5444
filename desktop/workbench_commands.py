"""The workbench on the command line: tag, collect, star, review, note, correct, save searches, undo.

Every verb takes ``--library DIR`` and ``--json``; statement ids may be
given in full, as a unique prefix of at least six characters, or as ``-`` to
read them (one or more per line) from standard input, so the result of a
search can be piped into a tag.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from index import STATUSES, Library, LibraryError, UnknownFacetValue, default_library_dir

MIN_PREFIX = 6


class UsageError(Exception):
    """What the person typed cannot be done; the message says why."""


def _library(args) -> Library:
    return Library.open(args.library or default_library_dir())


def resolve_ids(library: Library, items: list[str]) -> list[str]:
    """Full ids, unique prefixes, or ``-`` for ids read from standard input -> full ids, in order, once each.

    Raises:
        UsageError: An id is unknown or a prefix is ambiguous.
    """
    wanted: list[str] = []
    for item in items:
        wanted.extend(sys.stdin.read().split() if item == "-" else [item])
    known = library.ids()
    found: list[str] = []
    problems: list[str] = []
    for item in dict.fromkeys(w.strip() for w in wanted if w.strip()):
        if item in known:
            found.append(item)
            continue
        matches = [i for i in known if i.startswith(item)] if len(item) >= MIN_PREFIX else []
        if len(matches) == 1:
            found.append(matches[0])
        else:
            problems.append(f"{item} ({'ambiguous' if matches else 'no such statement'})")
    if problems:
        raise UsageError("unknown statement ids: " + ", ".join(problems))
    if not found:
        raise UsageError("no statement ids were given")
    return found


def _emit(args, payload: dict[str, Any], text: str) -> None:
    if args.json:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(text)


def _count(n: int) -> str:
    return "1 statement" if n == 1 else f"{n:,} statements"


# -- verbs --------------------------------------------------------------------------


def cmd_tag(args, library: Library) -> int:
    """``chancery tag ID... TAG [--remove]``."""
    if len(args.items) < 2:
        raise UsageError("give statement ids and then the tag")
    ids, name = resolve_ids(library, args.items[:-1]), args.items[-1]
    labels = library.workbench.tags
    changed = labels.remove(ids, name) if args.remove else labels.add(ids, name)
    verb = "removed from" if args.remove else "added to"
    _emit(args, {"tag": labels.canonical(name) or name, "statements": len(ids), "changed": changed,
                 "removed": bool(args.remove)}, f"tag \u201c{name}\u201d {verb} {_count(changed)}")
    return 0


def _label_list(args, labels, noun: str) -> int:
    infos = labels.all()
    _emit(args, {noun: [asdict(info) for info in infos]},
          "\n".join(f"{info.total:>7}  {info.path}" + (f"  ({info.count} itself)" if info.count != info.total else "")
                    for info in infos) or f"no {noun}")
    return 0


def cmd_tags(args, library: Library) -> int:
    """``chancery tags [rename OLD NEW | merge FROM INTO | move TAG PARENT | delete TAG]``."""
    return _manage(args, library.workbench.tags, "tags")


def cmd_collections(args, library: Library) -> int:
    """``chancery collections [rename|merge|move|delete ...]``."""
    return _manage(args, library.workbench.collections, "collections")


def _manage(args, labels, noun: str) -> int:
    action, names = args.action, args.names
    if action in (None, "list"):
        return _label_list(args, labels, noun)
    needed = {"rename": 2, "merge": 2, "move": 2, "delete": 1}[action]
    if len(names) != needed:
        raise UsageError(f"{action} needs {needed} name{'s' if needed > 1 else ''}")
    if action == "rename":
        result = labels.rename(*names)
    elif action == "merge":
        result = labels.merge(*names)
    elif action == "move":
        result = labels.move_under(names[0], names[1] if names[1] not in ("", "/") else None)
    else:
        result = labels.delete(names[0])
    text = f"deleted; {_count(result)} lost it (restore it from the trash)" if action == "delete" else f"now {result}"
    _emit(args, {"action": action, "names": names, "result": result}, text)
    return 0


def cmd_collection(args, library: Library) -> int:
    """``chancery collection add|remove NAME ID...``."""
    if args.action in ("list", None):
        return _label_list(args, library.workbench.collections, "collections")
    if not args.ids:
        raise UsageError("give a collection name and statement ids")
    ids = resolve_ids(library, args.ids)
    labels = library.workbench.collections
    changed = labels.add(ids, args.name) if args.action == "add" else labels.remove(ids, args.name)
    verb = "added to" if args.action == "add" else "removed from"
    _emit(args, {"collection": labels.canonical(args.name) or args.name, "changed": changed, "action": args.action},
          f"{_count(changed)} {verb} \u201c{args.name}\u201d")
    return 0


def cmd_status(args, library: Library) -> int:
    """``chancery status ID... STATUS``."""
    if len(args.items) < 2:
        raise UsageError(f"give statement ids and then a status ({', '.join([*STATUSES, 'none'])})")
    ids, status = resolve_ids(library, args.items[:-1]), args.items[-1]
    changed = library.workbench.marks.set_status(ids, status)
    _emit(args, {"status": status, "statements": len(ids), "changed": changed}, f"{_count(changed)} now {status}")
    return 0


def cmd_star(args, library: Library) -> int:
    """``chancery star ID... [--remove]``."""
    ids = resolve_ids(library, args.ids)
    changed = library.workbench.marks.star(ids, not args.remove)
    _emit(args, {"starred": not args.remove, "changed": changed},
          f"{_count(changed)} {'unstarred' if args.remove else 'starred'}")
    return 0


def cmd_note(args, library: Library) -> int:
    """``chancery note ID [TEXT | -]``: print, write (``-`` reads standard input) or, with "", delete a note."""
    [doc_id] = resolve_ids(library, [args.id])
    notes = library.workbench.notes
    if args.text is None:
        text = notes.note(doc_id)
        _emit(args, {"id": doc_id, "note": text}, text)
        return 0
    text = sys.stdin.read() if args.text == "-" else args.text
    statement = library.document(doc_id)
    notes.set_note(doc_id, text, statement.title if statement else "")
    _emit(args, {"id": doc_id, "note": text}, "note deleted" if not text.strip() else "note saved")
    return 0


def cmd_passages(args, library: Library) -> int:
    """``chancery passages [ID] [--lost]`` and ``chancery passage ID START END [--note TEXT]``."""
    notes = library.workbench.notes
    if getattr(args, "start", None) is not None:
        [doc_id] = resolve_ids(library, [args.id])
        statement = library.document(doc_id)
        passage = notes.add_passage(doc_id, statement.text, statement.content_hash, args.start, args.end,
                                    args.note or "")
        _emit(args, asdict(passage), f"highlighted \u201c{passage.quote[:60]}\u201d ({passage.id})")
        return 0
    doc_id = resolve_ids(library, [args.id])[0] if args.id else None
    found = notes.passages(doc_id, anchored=False if args.lost else None)
    _emit(args, {"passages": [asdict(p) for p in found]},
          "\n".join(f"{p.doc_id}  {p.start}-{p.end}{'' if p.anchored else '  NOT FOUND'}  \u201c{p.quote[:70]}\u201d"
                    + (f"  — {p.note}" if p.note else "") for p in found) or "no passages")
    return 0


def cmd_saved(args, library: Library) -> int:
    """``chancery saved add NAME QUERY [--filter F=V] [--sort S]``, ``saved list``, ``saved delete NAME``."""
    saved = library.workbench.saved
    if args.action == "add":
        if args.query is None:
            raise UsageError("give a name and a query")
        from desktop.commands import parse_filters

        filters, _notes = parse_filters(library, args.filter)
        search = saved.save(args.name, args.query, filters, args.sort)
        _emit(args, {"name": search.name, "query": search.query}, f"saved \u201c{search.name}\u201d")
        return 0
    if args.action == "delete":
        saved.delete(args.name)
        _emit(args, {"deleted": args.name}, f"deleted \u201c{args.name}\u201d (restore it from the trash)")
        return 0
    searches = library.saved_searches()
    payload = {"saved": [{"name": s.name, "query": s.query, "sort": s.sort, "count": s.count,
                          "filters": [{"field": f.field, "value": f.value, "exclude": f.exclude} for f in s.filters]}
                         for s in searches]}
    _emit(args, payload, "\n".join(f"{s.count:>7}  {s.name}: {s.query}" for s in searches) or "no saved searches")
    return 0


def _field_value(text: str) -> tuple[str, str]:
    field, _, value = text.partition("=")
    field = {"org": "organisation", "organization": "organisation", "countries": "country"}.get(
        field.strip().lower(), field.strip().lower())
    if not value.strip():
        raise UsageError(f"{text!r} needs FIELD=VALUE, such as country=KAZ")
    return field, value.strip()


def cmd_correct(args, library: Library) -> int:
    """``chancery correct ID --remove country=KAZ --add organisation=OTS --central country=TUR ...``."""
    [doc_id] = resolve_ids(library, [args.id])
    done = []
    for action in ("remove", "add", "central", "mentioned"):
        for item in getattr(args, action) or []:
            field, value = _field_value(item)
            code = _code_in(library, doc_id, field, value) if action != "add" else _code(library, field, value)
            correction = library.correct(doc_id, action, field, code)
            done.append({"action": action, "field": field, "code": code, "id": correction.id})
    if not done:
        raise UsageError("give --remove, --add, --central or --mentioned FIELD=VALUE")
    _emit(args, {"id": doc_id, "corrections": done},
          "\n".join(f"{d['action']} {d['field']} {d['code']}" for d in done))
    return 0


def _code_in(library: Library, doc_id: str, field: str, value: str) -> str:
    """The code of a value a statement carries, named by code or name."""
    statement = library.document(doc_id)
    entities = {"country": statement.countries, "organisation": statement.organisations,
                "topic": statement.topics}.get(field)
    if entities is None:
        raise UsageError(f"only country, organisation and topic can be corrected, not {field!r}")
    for entity in entities:
        if value in (entity.code, entity.name) or value.casefold() == entity.name.casefold():
            return entity.code
    return _code(library, field, value)


def _code(library: Library, field: str, value: str) -> str:
    """The code a value names (``OTS``, "Organization of Turkic States"), or the value as given."""
    try:
        return library.resolve_filter(field, value).value
    except UnknownFacetValue as exc:
        return exc.filter.value


def cmd_merge(args, library: Library) -> int:
    """``chancery merge FIELD FROM INTO``: across the library, one value becomes another."""
    correction, count = library.correct_library("merge", _field(args.field), args.source, args.into)
    _emit(args, {"correction": correction.id, "reindexed": count},
          f"{args.source} merged into {correction.target} ({_count(count)} indexed again)")
    return 0


def cmd_rename(args, library: Library) -> int:
    """``chancery rename FIELD CODE NAME``: show a value (a discovered body) under another name."""
    correction, _reindexed = library.correct_library("rename", _field(args.field), args.code, args.name)
    _emit(args, {"correction": correction.id}, f"{args.code} is now shown as \u201c{args.name}\u201d")
    return 0


def cmd_never(args, library: Library) -> int:
    """``chancery never FIELD CODE``: never extract a value (noise) again."""
    correction, count = library.correct_library("never", _field(args.field), args.code)
    _emit(args, {"correction": correction.id, "reindexed": count}, f"{args.code} will not be extracted "
          f"({_count(count)} indexed again)")
    return 0


def _field(text: str) -> str:
    return _field_value(f"{text}=x")[0]


def cmd_corrections(args, library: Library) -> int:
    """``chancery corrections [--withdraw N]``: every correction and whether it still applies."""
    if args.withdraw is not None:
        correction = library.withdraw_correction(args.withdraw)
        _emit(args, {"withdrawn": correction.id}, f"withdrew correction {correction.id}")
        return 0
    found = library.corrections()
    payload = {"corrections": [{**asdict(s.correction), "description": s.description, "applies": s.applies,
                                "statements": s.statements} for s in found]}
    _emit(args, payload, "\n".join(f"{s.correction.id:>4}  {'' if s.applies else '[no longer applies] '}"
                                   f"{s.correction.doc_id or 'library'}: {s.description}" for s in found)
          or "no corrections")
    return 0


def cmd_undo(args, library: Library) -> int:
    """``chancery undo`` / ``chancery redo``."""
    label = library.redo() if args.command == "redo" else library.undo()
    _emit(args, {"done": label}, f"{args.command}: {label}" if label else f"nothing to {args.command}")
    return 0


def cmd_trash(args, library: Library) -> int:
    """``chancery trash [--restore N] [--empty]``."""
    journal = library.workbench.journal
    if args.empty:
        count = journal.empty_trash()
        _emit(args, {"emptied": count}, f"emptied the trash ({count} items) and forgot the undo history")
        return 0
    if args.restore is not None:
        item = journal.restore(args.restore)
        if item is None:
            raise UsageError(f"there is no item {args.restore} in the trash")
        _emit(args, {"restored": asdict(item)}, f"restored {item.kind} \u201c{item.label}\u201d")
        return 0
    items = journal.trash()
    _emit(args, {"trash": [asdict(i) for i in items]},
          "\n".join(f"{i.id:>4}  {i.kind}: {i.label}  ({i.deleted_at})" for i in items) or "the trash is empty")
    return 0


VERBS: dict[str, Callable] = {
    "tag": cmd_tag, "tags": cmd_tags, "collection": cmd_collection, "collections": cmd_collections,
    "status": cmd_status, "star": cmd_star, "note": cmd_note, "passages": cmd_passages, "passage": cmd_passages,
    "saved": cmd_saved, "correct": cmd_correct, "merge": cmd_merge, "rename": cmd_rename, "never": cmd_never,
    "corrections": cmd_corrections, "undo": cmd_undo, "redo": cmd_undo, "trash": cmd_trash,
}


def run_verb(args, handler: Callable[[Any, Library], int], opener: Callable[[Any], Library] = _library) -> int:
    """Opens the library and runs ``handler(args, library)``: what every verb with a library does.

    A library that cannot be opened, a usage mistake or a refused action
    becomes one line on standard error and exit status 2.
    """
    try:
        library = opener(args)
    except LibraryError as exc:
        print(f"chancery: {exc}", file=sys.stderr)
        return 2
    with library:
        try:
            return handler(args, library)
        except (UsageError, LibraryError, ValueError) as exc:  # WorkbenchError is a LibraryError
            print(f"chancery: {exc}", file=sys.stderr)
            return 2


def run(args) -> int:
    """Runs a workbench verb."""
    return run_verb(args, VERBS[args.command])


def add_parsers(sub, add_library: Callable[[argparse.ArgumentParser], None]) -> None:
    """Adds the workbench verbs to the ``chancery`` argument parser."""

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text)
        add_library(parser)
        parser.add_argument("--json", action="store_true", help="print JSON")
        return parser

    tag = verb("tag", "tag statements: tag ID... TAG (ids may be '-' for standard input)")
    tag.add_argument("items", nargs="+", metavar="ID... TAG")
    tag.add_argument("--remove", action="store_true", help="take the tag off instead")
    for name, noun in (("tags", "tag"), ("collections", "collection")):
        manage = verb(name, f"list {noun}s with counts, or rename/merge/move/delete one")
        manage.add_argument("action", nargs="?", choices=("list", "rename", "merge", "move", "delete"))
        manage.add_argument("names", nargs="*", metavar="NAME")
    collection = verb("collection", "add statements to a collection or remove them: collection add|remove NAME ID...")
    collection.add_argument("action", choices=("add", "remove", "list"))
    collection.add_argument("name", nargs="?", default="")
    collection.add_argument("ids", nargs="*", metavar="ID")
    status = verb("status", f"set the review status: status ID... {{{','.join([*STATUSES, 'none'])}}}")
    status.add_argument("items", nargs="+", metavar="ID... STATUS")
    star = verb("star", "star statements (--remove unstars)")
    star.add_argument("ids", nargs="+", metavar="ID")
    star.add_argument("--remove", action="store_true")
    note = verb("note", "print a statement's note, or write it (TEXT, or - for standard input; \"\" deletes)")
    note.add_argument("id", metavar="ID")
    note.add_argument("text", nargs="?", metavar="TEXT")
    passages = verb("passages", "list highlighted passages (of one statement, or --lost: those not found again)")
    passages.add_argument("id", nargs="?", metavar="ID")
    passages.add_argument("--lost", action="store_true")
    passage = verb("passage", "highlight a passage: passage ID START END [--note TEXT]")
    passage.add_argument("id", metavar="ID")
    passage.add_argument("start", type=int)
    passage.add_argument("end", type=int)
    passage.add_argument("--note")
    passage.set_defaults(lost=False)
    saved = verb("saved", "saved searches: saved add NAME QUERY | saved list | saved delete NAME")
    saved.add_argument("action", choices=("add", "list", "delete"))
    saved.add_argument("name", nargs="?", default="")
    saved.add_argument("query", nargs="?")
    saved.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE")
    saved.add_argument("--sort", default="relevance", choices=("relevance", "newest", "oldest", "title"))
    correct = verb("correct", "correct a statement's entities: correct ID --remove country=KAZ --add org=OTS")
    correct.add_argument("id", metavar="ID")
    for action in ("remove", "add", "central", "mentioned"):
        correct.add_argument(f"--{action}", action="append", metavar="FIELD=VALUE")
    merge = verb("merge", "across the library, merge one value into another: merge organisation FROM INTO")
    merge.add_argument("field")
    merge.add_argument("source", metavar="FROM")
    merge.add_argument("into", metavar="INTO")
    rename = verb("rename", "show a value under another name: rename organisation CODE NAME")
    rename.add_argument("field")
    rename.add_argument("code")
    rename.add_argument("name")
    never = verb("never", "never extract a value again: never organisation CODE")
    never.add_argument("field")
    never.add_argument("code")
    corrections = verb("corrections", "list corrections (and whether each still applies), or --withdraw N")
    corrections.add_argument("--withdraw", type=int, metavar="N")
    verb("undo", "undo the last workbench action")
    verb("redo", "redo the last undone workbench action")
    trash = verb("trash", "list deleted items; --restore N, or --empty (also forgets the undo history)")
    trash.add_argument("--restore", type=int, metavar="N")
    trash.add_argument("--empty", action="store_true")
