"""Reads an annotations file tolerantly: whatever can be read is returned, and every part that cannot is named.

A colleague's file may come from another version of Chancery, be cut short
by a full disk or a failed copy, or carry an entry someone edited by hand.
None of that raises: :func:`read_annotations` returns an
:class:`AnnotationsFile` with what it could read and one sentence in
``problems`` for each part it could not, for the import report. A file cut
short is salvaged by reading the top-level object value by value and the
statement array element by element with :meth:`json.JSONDecoder.raw_decode`,
keeping every complete statement before the cut. Only a path that cannot be
opened raises (``OSError``), since there is nothing to report about it but that.
"""

from __future__ import annotations

import json
import os
from typing import Any, TextIO

from .annotations import ANCHORED_KEY, FORMAT, PASSAGE_ID_PREFIX, VERSION
from .records import AnnotatedStatement, AnnotationsFile, CorrectionRecord, PassageRecord

ACTIONS = {"remove", "add", "central", "mentioned", "merge", "rename", "never"}
FIELDS = {"country", "organisation", "topic"}
STATUSES = {"", "to_read", "reviewed", "relevant", "not_relevant"}
_DECODER = json.JSONDecoder()


class _Malformed(ValueError):
    """An entry that cannot be read; its message completes "… was skipped: <message>"."""


def read_annotations(source: str | os.PathLike[str] | TextIO) -> AnnotationsFile:
    """Reads an annotations file, keeping what it can.

    Args:
        source: A path or a text stream.

    Returns:
        The statements and corrections read, with ``problems`` naming what was not.

    Raises:
        OSError: The path cannot be opened or read.
    """
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            raw = handle.read()
        try:
            text = raw.decode("utf-8")
            problems: list[str] = []
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
            problems = ["The file is not valid UTF-8; unreadable characters were replaced."]
    else:
        text, problems = source.read(), []
    result = AnnotationsFile(problems=problems)
    document = _parse(text.lstrip("\ufeff"), result.problems)
    if document is not None:
        _interpret(document, result)
    return result


def _parse(text: str, problems: list[str]) -> dict[str, Any] | None:
    if not text.strip():
        problems.append("The file is empty.")
        return None
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return _salvage(text, problems)
    if not isinstance(document, dict):
        problems.append("The file is JSON but not an annotations file (it holds no object at the top).")
        return None
    return document


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _salvage(text: str, problems: list[str]) -> dict[str, Any] | None:
    """Reads a damaged or truncated file value by value, keeping the complete values before the damage."""
    at = _skip_space(text, 0)
    if not text.startswith("{", at):
        problems.append("The file is not an annotations file (it is not JSON).")
        return None
    document: dict[str, Any] = {}
    at += 1
    try:
        while True:
            at = _skip_space(text, at)
            if text.startswith("}", at):
                break
            key, at = _DECODER.raw_decode(text, at)
            at = _skip_space(text, at)
            if not text.startswith(":", at):
                raise ValueError("colon expected")
            at = _skip_space(text, at + 1)
            if key in ("statements", "corrections") and text.startswith("[", at):
                document[key] = values = []
                at = _salvage_array(text, at + 1, values)
            else:
                document[key], at = _DECODER.raw_decode(text, at)
            at = _skip_space(text, at)
            if text.startswith(",", at):
                at += 1
    except (ValueError, IndexError):
        kept = len(document.get("statements", []))
        noun = "statement" if kept == 1 else "statements"
        problems.append(f"The file is cut short or damaged near character {at:,}; "
                        f"{kept:,} complete {noun} before that point were read and the rest was lost.")
    return document


def _salvage_array(text: str, at: int, values: list[Any]) -> int:
    while True:
        at = _skip_space(text, at)
        if text.startswith("]", at):
            return at + 1
        value, at = _DECODER.raw_decode(text, at)  # ValueError at the damage ends the salvage
        values.append(value)
        at = _skip_space(text, at)
        if text.startswith(",", at):
            at += 1
        elif not text.startswith("]", at):
            raise ValueError("comma expected")


def _interpret(document: dict[str, Any], result: AnnotationsFile) -> None:
    problems = result.problems
    if document.get("format") != FORMAT:
        problems.append(f"The file does not say it is a Chancery annotations file (format "
                        f"{document.get('format')!r}); its entries were read as if it were.")
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool):
        result.version = version
        if version > VERSION:
            problems.append(f"The file was written by a newer Chancery (format version {version}; this one reads "
                            f"version {VERSION}); what this version does not know was left out.")
    else:
        problems.append("The file does not give its format version; it was read as version 1.")
    result.producer = document.get("producer") if isinstance(document.get("producer"), str) else ""
    result.created = document.get("created") if isinstance(document.get("created"), str) else ""
    for number, entry in enumerate(_list(document, "corrections", problems), start=1):
        try:
            result.corrections.append(_correction(entry))
        except _Malformed as error:
            problems.append(f"Library-wide correction {number} was skipped: {error}.")
    for number, entry in enumerate(_list(document, "statements", problems), start=1):
        try:
            result.statements.append(_statement(entry, number, problems))
        except _Malformed as error:
            problems.append(f"Statement {number} was skipped: {error}.")


def _list(document: dict[str, Any], key: str, problems: list[str]) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        problems.append(f"The file's {key} are not a list and were not read.")
        return []
    return value


def _string(entry: dict[str, Any], key: str, default: str | None = None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str):
        if value is None and default is not None:
            return default
        raise _Malformed(f"its {key.replace('_', ' ')} is missing or not text")
    return value


def _strings(entry: dict[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Malformed(f"its {key} are not a list of text")
    return tuple(value)


def _optional(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise _Malformed(f"its {key.replace('_', ' ')} is not text")
    return value


def _correction(entry: Any) -> CorrectionRecord:
    if not isinstance(entry, dict):
        raise _Malformed("it is not an object")
    action, field = _string(entry, "action"), _string(entry, "field")
    if action not in ACTIONS:
        raise _Malformed(f"its action {action!r} is unknown")
    if field not in FIELDS:
        raise _Malformed(f"its field {field!r} is unknown")
    return CorrectionRecord(action=action, field=field, code=_string(entry, "code"), target=_optional(entry, "target"),
                            doc_id=_optional(entry, "doc_id"), content_hash=_optional(entry, "content_hash"),
                            created=_string(entry, "created", ""))


def _statement(entry: Any, number: int, problems: list[str]) -> AnnotatedStatement:
    if not isinstance(entry, dict):
        raise _Malformed("it is not an object")
    statement_id, content_hash = _string(entry, "id"), entry.get("content_hash")
    if not isinstance(content_hash, str) or not content_hash:
        raise _Malformed("it has no content hash, so no library could match it")
    title = _string(entry, "title", "")
    status = _string(entry, "status", "")
    if status not in STATUSES:
        problems.append(f"Statement {number} (“{title}”) has an unknown status {status!r}; it was left out.")
        status = ""
    starred = entry.get("starred", False)
    passages, corrections = [], []
    for index, annotation in enumerate(entry.get("passages", []) if isinstance(entry.get("passages"), list) else []):
        try:
            passages.append(_passage(annotation))
        except _Malformed as error:
            problems.append(f"Passage {index + 1} of statement {number} (“{title}”) was skipped: {error}.")
    for index, correction in enumerate(entry.get("corrections", [])
                                       if isinstance(entry.get("corrections"), list) else []):
        try:
            corrections.append(_correction(correction))
        except _Malformed as error:
            problems.append(f"Correction {index + 1} of statement {number} (“{title}”) was skipped: {error}.")
    return AnnotatedStatement(id=statement_id, content_hash=content_hash, title=title, tags=_strings(entry, "tags"),
                              collections=_strings(entry, "collections"), status=status,
                              starred=starred if isinstance(starred, bool) else False,
                              note=_string(entry, "note", ""), passages=tuple(passages),
                              corrections=tuple(corrections))


def _selector(selectors: Any, kind: str) -> dict[str, Any] | None:
    if isinstance(selectors, dict):
        selectors = [selectors]
    if not isinstance(selectors, list):
        return None
    return next((s for s in selectors if isinstance(s, dict) and s.get("type") == kind), None)


def _passage(annotation: Any) -> PassageRecord:
    if not isinstance(annotation, dict) or annotation.get("type") != "Annotation":
        raise _Malformed("it is not a Web Annotation")
    target = annotation.get("target")
    if not isinstance(target, dict):
        raise _Malformed("it has no target")
    quote = _selector(target.get("selector"), "TextQuoteSelector")
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"]:
        raise _Malformed("it has no quoted text (TextQuoteSelector)")
    position = _selector(target.get("selector"), "TextPositionSelector") or {}
    start, end = position.get("start"), position.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
        start, end = -1, -1  # unknown: marked unanchored, so the importer finds the quote instead
    body = annotation.get("body")
    note = body.get("value", "") if isinstance(body, dict) and isinstance(body.get("value"), str) else ""
    passage_id = _string(annotation, "id", "")
    if passage_id.startswith(PASSAGE_ID_PREFIX):
        passage_id = passage_id[len(PASSAGE_ID_PREFIX):]
    return PassageRecord(id=passage_id, quote=quote["exact"], prefix=_text_or_empty(quote, "prefix"),
                         suffix=_text_or_empty(quote, "suffix"), start=start, end=end, note=note,
                         created=_text_or_empty(annotation, "created"),
                         anchored=annotation.get(ANCHORED_KEY, True) is not False and start >= 0)


def _text_or_empty(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key, "")
    return value if isinstance(value, str) else ""

