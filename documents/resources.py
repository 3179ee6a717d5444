"""One resolver for the data Chancery ships, from source and from a bundle."""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath


class ResourceError(Exception):
    """A resource path was malformed or the resource is missing."""


def resources_root() -> Path:
    """Returns the folder that holds the shipped ``resources/``.

    In a PyInstaller bundle the data sits under ``sys._MEIPASS``; from a
    source checkout it sits beside the packages.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(relative: str) -> Path:
    """Resolves a path inside ``resources/``.

    Args:
        relative: A relative POSIX path such as ``"gazetteer/countries.json"``.

    Returns:
        The absolute path of the resource.

    Raises:
        ResourceError: If the path is absolute, climbs out with ``..``, or
            names a file that does not exist.
    """
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ResourceError(f"Resource paths must be relative and stay inside resources/: {relative!r}")
    path = resources_root().joinpath(*pure.parts)
    if not path.exists():
        raise ResourceError(f"Missing resource {relative!r} (looked in {resources_root()})")
    return path


def read_text(relative: str) -> str:
    """Reads a UTF-8 text resource."""
    return resource_path(relative).read_text(encoding="utf-8")
