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
_LINKS = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HEADINGS = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def split_front_matter(text: str) -> tuple[dict, str, str | None]:
    """Splits YAML front matter from a Markdown text.

    Returns:
        ``(metadata, body, warning)``; metadata is empty when there is none or
        it is malformed, in which case ``warning`` says so.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, None
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        return {}, text[match.end():], f"front matter is not valid YAML{where}; it was ignored"
    if not isinstance(meta, dict):
        return {}, text[match.end():], "front matter is not a mapping; it was ignored"
    return meta, text[match.end():], None


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
    properties = {
        k: v for k, v in meta.items() if k not in ("title", "date") and isinstance(v, (str, int, float, list))
    }
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
