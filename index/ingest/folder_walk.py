"""The files an import reads: every supported file below the folders given, with what it skipped and why."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from documents.readers import supported_extensions
from index.ingest.report import ImportProblem

# The catalogue and the index keep paths as text (UTF-8): a name in another
# encoding (bytes Python holds as surrogate escapes) cannot be stored.
_NAME_NOT_UTF8 = "the file name is not valid UTF-8 (it was written in another encoding); rename the file to import it"


def _storable(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(path: Path | str) -> str:
    """The path as a report can show it: bytes that are not UTF-8 become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def walk_files(
    paths: Iterable[Path], problems: list[ImportProblem], exclude: Callable[[Path], bool] | None = None
) -> Iterator[tuple[Path, Path]]:
    """Yields ``(file, root)`` for every supported file below ``paths``.

    Hidden files and folders are skipped; symbolic links to folders are
    followed once (a loop is reported, not followed forever).
    """
    extensions = supported_extensions()
    for given in paths:
        given = Path(given).expanduser().absolute()
        if given.is_file():
            if not _storable(given):
                problems.append(ImportProblem(_shown(given), _NAME_NOT_UTF8))
            elif given.suffix.lower() in extensions:
                yield given, given.parent
            else:
                reason = f"files of type {given.suffix or '(none)'} are not supported"
                problems.append(ImportProblem(str(given), reason))
            continue
        if not given.is_dir():
            problems.append(ImportProblem(str(given), "no such file or folder"))
            continue
        seen_dirs: set[str] = set()

        def on_error(exc: OSError, root: Path = given) -> None:
            problems.append(ImportProblem(exc.filename or str(root), f"folder cannot be read ({exc.strerror})"))

        for folder, dirs, files in os.walk(given, followlinks=True, onerror=on_error):
            real = os.path.realpath(folder)
            if real in seen_dirs:
                problems.append(ImportProblem(_shown(folder), "symbolic link loop; this folder was already imported"))
                dirs[:] = []
                continue
            seen_dirs.add(real)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or name.endswith(".meta.json"):
                    continue
                path = Path(folder) / name
                if path.suffix.lower() in extensions and not (exclude and exclude(path)):
                    if not _storable(path):
                        problems.append(ImportProblem(_shown(path), _NAME_NOT_UTF8))
                        continue
                    yield path, given
