"""Names of tags, collections and saved searches: how they are cleaned, compared and nested.

Tags and collections nest by ``/``: ``turkic/education`` sits under
``turkic``, and a search for ``tag:turkic`` finds both. A name keeps the
capitals it was typed with, but two names that differ only in case or in
Unicode normalisation are one name (their *key* is the same).
"""

from __future__ import annotations

import re
import unicodedata

from index.errors import WorkbenchError

MAX_NAME = 500  # characters, a whole path; a 200-character tag is fine
SEPARATOR = "/"

_SPACES = re.compile(r"\s+")
# Control and formatting characters (bidi overrides among them) would make a name
# look like another one; they never belong in a label.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_name(text: str, what: str = "tag", nested: bool = True) -> str:
    """A name as stored: normalised, spaces collapsed, empty levels dropped.

    Args:
        text: The name as typed.
        what: What it names, for the message ("tag", "collection", "saved search").
        nested: Whether ``/`` separates levels (tags and collections); a saved
            search's name is taken as one piece.

    Raises:
        WorkbenchError: The name is empty or too long.
    """
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text or ""))
    if nested:
        parts = [_SPACES.sub(" ", part).strip() for part in text.split(SEPARATOR)]
        name = SEPARATOR.join(part for part in parts if part)
    else:
        name = _SPACES.sub(" ", text).strip()
    if not name:
        raise WorkbenchError(f"A {what} needs a name; an empty one was given.")
    if len(name) > MAX_NAME:
        raise WorkbenchError(f"A {what} name can be at most {MAX_NAME} characters long; this one has {len(name)}.")
    return name


def name_key(name: str) -> str:
    """What two names must share to be the same name (case and normalisation aside)."""
    return unicodedata.normalize("NFC", name).casefold()


def ancestors(path: str) -> list[str]:
    """``a/b/c`` -> ``["a", "a/b"]``: the levels above a nested name."""
    parts = path.split(SEPARATOR)
    return [SEPARATOR.join(parts[:i]) for i in range(1, len(parts))]


def with_ancestors(path: str) -> list[str]:
    """``a/b`` -> ``["a", "a/b"]``: the name and every level above it (what a facet counts it under)."""
    return [*ancestors(path), path]


def leaf(path: str) -> str:
    """The last level of a nested name."""
    return path.rsplit(SEPARATOR, 1)[-1]


def below(path: str, key: str) -> bool:
    """Whether the name with ``key`` is ``path`` itself or nested under it (compared by key)."""
    own = name_key(path)
    return key == own or key.startswith(own + SEPARATOR)


def moved(path: str, old: str, new: str) -> str:
    """``path`` with its ``old`` prefix replaced by ``new`` (renaming or moving a branch)."""
    if name_key(path) == name_key(old):
        return new
    return new + path[len(old):]
