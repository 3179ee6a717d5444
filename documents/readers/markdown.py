"""Markdown reader: YAML front matter for metadata, the body as text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from documents.errors import UnreadableDocument
from documents.readers import text as text_reader
from documents.readers.base import RawDocument

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
# Markdown syntax that would otherwise be indexed as words or shown as noise.
_ESCAPES = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
# Neither part may hold a bracket: each "[" is then tried against the text up
# to the next bracket only, so 100,000 unclosed "[" cost linear time, not
# minutes (the former [^\]]* tried every one against the rest of the file).
_LINKS = re.compile(r"!?\[([^\[\]]*)\]\([^)\[\]]*\)")
_HEADINGS = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
# Front matter is a few lines of metadata; PyYAML reads some 100 KB a second
# and builds aliases as shared objects that grow exponentially when copied
# (the "billion laughs" of YAML), so the block and what is kept are bounded.
MAX_FRONT_MATTER_BYTES = 64 * 1024
# PyYAML takes seconds over lists nested a thousand deep before it gives up.
MAX_FLOW_DEPTH = 50
MAX_PROPERTY_CHARS = 64 * 1024
MAX_LIST_ITEMS = 100


def split_front_matter(text: str) -> tuple[dict, str, str | None]:
    """Splits YAML front matter from a Markdown text.

    Returns:
        ``(metadata, body, warning)``; metadata is empty when there is none or
        it is malformed, in which case ``warning`` says so.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, None
    if len(match.group(1)) > MAX_FRONT_MATTER_BYTES:
        limit = MAX_FRONT_MATTER_BYTES // 1024
        return {}, text[match.end():], f"front matter is longer than {limit} KB; it was ignored"
    if _flow_depth(match.group(1)) > MAX_FLOW_DEPTH:
        return {}, text[match.end():], "front matter is nested too deeply; it was ignored"
    try:
        meta = yaml.safe_load(match.group(1))
    except RecursionError:
        return {}, text[match.end():], "front matter is nested too deeply; it was ignored"
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        return {}, text[match.end():], f"front matter is not valid YAML{where}; it was ignored"
    if not isinstance(meta, dict):
        return {}, text[match.end():], "front matter is not a mapping; it was ignored"
    return meta, text[match.end():], None


def _flow_depth(source: str) -> int:
    """How deep ``[`` and ``{`` nest (brackets inside quotes counted too: an estimate that errs high)."""
    depth = deepest = 0
    for match in _FLOW_BRACKETS.finditer(source):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


_FLOW_BRACKETS = re.compile(r"[\[\]{}]")


def markdown_to_text(body: str) -> str:
    """Turns Markdown into readable plain text (links keep their words)."""
    body = _LINKS.sub(r"\1", body)
    body = _HEADINGS.sub("", body)
    body = _EMPHASIS.sub(r"\2", body)
    body = _ESCAPES.sub(r"\1", body)
    body = body.replace("\u00a0", " ")
    lines = [line.rstrip() for line in body.split("\n")]
    return "\n".join(lines).strip("\n ")


def _as_iso_date(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _properties(meta: dict, warnings: list[str]) -> dict:
    """Front-matter values to keep: scalars and flat lists of scalars, within :data:`MAX_PROPERTY_CHARS` in all.

    Nested values are left out: an alias bomb is a few lines of YAML whose
    lists of lists copy out to gigabytes when the statement is stored.
    """
    kept: dict = {}
    size = 0
    for key, value in meta.items():
        if key in ("title", "date"):
            continue
        if isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS or not all(isinstance(item, (str, int, float)) for item in value):
                continue
            cost = sum(len(str(item)) for item in value)
        elif isinstance(value, (str, int, float)):
            cost = len(str(value))
        else:
            continue
        size += cost + len(str(key))
        if size > MAX_PROPERTY_CHARS:
            limit = MAX_PROPERTY_CHARS // 1024
            warnings.append(f"front matter holds more than {limit} KB of values; the rest was left out")
            break
        kept[key] = value
    return kept


def read(path: Path) -> RawDocument:
    """Reads a ``.md`` file with optional YAML front matter."""
    warnings: list[str] = []
    data = text_reader.read_bytes_limited(path, warnings)
    if not data.strip():
        raise UnreadableDocument(str(path), "the file is empty")
    raw = text_reader.normalise_newlines(text_reader.decode_text(data, warnings))
    if text_reader.looks_binary(raw):
        raise UnreadableDocument(str(path), "the file holds binary data, not text (wrong extension?)")
    meta, body, warning = split_front_matter(raw)
    if warning:
        warnings.append(warning)
    title = meta.get("title")
    properties = _properties(meta, warnings)
    return RawDocument(
        text=markdown_to_text(body),
        reader="md",
        title=str(title).replace("\u00a0", " ").strip() if title else None,
        date=_as_iso_date(meta.get("date")),
        properties=properties,
        warnings=warnings,
        title_source="front matter",
        date_source="front matter",
    )
