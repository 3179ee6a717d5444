"""Where the library lives: the user data folder, or beside a portable bundle.

An archivist who carries Chancery on a USB stick puts an empty file named
``chancery-portable`` next to the executable; the library (and the settings)
then live in that folder, so the archive travels with its index. A source
checkout is never portable: the marker only counts next to a frozen
executable.

The recent-libraries list is kept in the ``library/recent`` setting.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from index import default_library_dir as user_library_dir

PORTABLE_MARKER = "chancery-portable"
PORTABLE_LIBRARY = "library"
PORTABLE_SETTINGS = "chancery-settings.ini"
RECENT_KEY = "library/recent"
RECENT_LIMIT = 8


def bundle_dir() -> Path | None:
    """The folder that holds the frozen executable, or None when running from source.

    For a macOS application bundle this is the folder that holds ``Chancery.app``,
    where a person would put the marker.
    """
    if not getattr(sys, "frozen", False):
        return None
    folder = Path(sys.executable).resolve().parent
    if folder.name == "MacOS" and folder.parent.name == "Contents" and folder.parent.parent.suffix == ".app":
        return folder.parent.parent.parent
    return folder


def portable_dir(folder: Path | None = None) -> Path | None:
    """The bundle folder if it carries the portable marker, else None.

    Args:
        folder: The folder to check; defaults to :func:`bundle_dir`.
    """
    folder = folder if folder is not None else bundle_dir()
    if folder is None:
        return None
    return folder if (folder / PORTABLE_MARKER).is_file() else None


def default_library_dir(folder: Path | None = None) -> Path:
    """The library to open when none is named: beside a portable bundle, else in the user data folder.

    Args:
        folder: The bundle folder to check for the marker; defaults to :func:`bundle_dir`.
    """
    portable = portable_dir(folder)
    if portable is not None:
        return portable / PORTABLE_LIBRARY
    return user_library_dir()


def settings_path(folder: Path | None = None) -> str | None:
    """The settings file of a portable bundle, or None for the platform's usual place.

    A portable Chancery leaves nothing behind on the machines it visits.
    """
    portable = portable_dir(folder)
    return str(portable / PORTABLE_SETTINGS) if portable is not None else None


def _normal(path: Path | str) -> str:
    return os.path.normcase(str(Path(path).expanduser().resolve()))


def recent_libraries(settings) -> list[Path]:
    """The recently opened libraries, newest first (folders that no longer exist included).

    Args:
        settings: A :class:`desktop.settings.Settings`.
    """
    return [Path(p) for p in settings.get(RECENT_KEY) if p]


def remember_library(settings, folder: Path) -> list[Path]:
    """Puts ``folder`` at the top of the recent list (once), keeping at most :data:`RECENT_LIMIT`.

    Returns:
        The new list.
    """
    folder = Path(folder).expanduser().resolve()
    key = _normal(folder)
    kept = [p for p in recent_libraries(settings) if _normal(p) != key]
    recent = [folder, *kept][:RECENT_LIMIT]
    settings.set(RECENT_KEY, [str(p) for p in recent])
    settings.sync()
    return recent


def forget_library(settings, folder: Path | None = None) -> list[Path]:
    """Removes ``folder`` from the recent list, or clears the list when ``folder`` is None."""
    key = _normal(folder) if folder is not None else None
    kept = [p for p in recent_libraries(settings) if key is not None and _normal(p) != key]
    settings.set(RECENT_KEY, [str(p) for p in kept])
    settings.sync()
    return kept


def same_folder(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name the same folder (after resolving links and case on Windows)."""
    return _normal(a) == _normal(b)
