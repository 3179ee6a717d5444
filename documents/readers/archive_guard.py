"""Safety checks for zip-based office files (.docx, .odt) before they are parsed.

Office documents are zip archives, so a damaged or hostile one can be a
truncated zip, an old binary format with the wrong extension, or a "zip bomb"
whose few kilobytes unpack to gigabytes. These checks look only at the zip's
central directory, which costs nothing, and refuse such files with a reason a
person can act on.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from documents.errors import UnreadableDocument
from documents.readers.base import open_binary

# A real statement with pictures unpacks to a few megabytes; 200 MB leaves room
# for image-heavy reports while refusing archives that would exhaust memory.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Large members that shrank more than this are almost certainly a zip bomb:
# XML compresses about 10:1, a page of repeated markup perhaps 50:1.
MAX_COMPRESSION_RATIO = 100
# Small members may compress extremely well without being dangerous.
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000

# Password-protected Word/OpenDocument files and old .doc files are OLE
# compound files rather than zips; telling that apart gives a useful reason.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What unpacking a damaged member raises: RuntimeError when it is encrypted,
# NotImplementedError for an unknown compression method, zlib.error for
# corrupt deflate data.
DAMAGED_MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError)


def open_file(path: Path) -> BinaryIO:
    """Opens a file for binary reading, turning OS errors into reasons.

    Raises:
        UnreadableDocument: The file cannot be opened or is empty.
    """
    handle = open_binary(path)
    if not handle.read(1):
        handle.close()
        raise UnreadableDocument(str(path), "the file is empty")
    handle.seek(0)
    return handle


def open_checked_zip(handle: BinaryIO, path: Path, kind: str) -> zipfile.ZipFile:
    """Opens an office file's zip archive after checking it is safe to unpack.

    Args:
        handle: The file, open for binary reading.
        path: The file's path, for messages.
        kind: What the file should be, for messages ("Word file").

    Returns:
        The open archive; the caller closes it.

    Raises:
        UnreadableDocument: The file is not a zip, is damaged, or would unpack
            to an unreasonable size.
    """
    head = handle.read(len(_OLE_SIGNATURE))
    handle.seek(0)
    if head == _OLE_SIGNATURE:
        raise UnreadableDocument(
            str(path),
            f"not a valid {kind}: it is password-protected or in an old binary format; "
            "remove the password or save it again in the current format",
        )
    if not zipfile.is_zipfile(handle):
        raise UnreadableDocument(str(path), f"not a valid {kind} (it is not a zip archive, or it is truncated)")
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
        raise UnreadableDocument(str(path), f"not a valid {kind} (the zip archive is damaged: {exc})") from exc
    try:
        _check_sizes(archive, path, kind)
    except UnreadableDocument:
        archive.close()
        raise
    return archive


def _check_sizes(archive: zipfile.ZipFile, path: Path, kind: str) -> None:
    # zipfile never yields more than a member's declared size, but it inflates
    # all the compressed bytes it reads in one go and cuts the result after:
    # a member declaring 4 KB over 3 MB of deflated zeros takes 3 GB of memory
    # for an instant. Deflate never makes data much larger, so a member larger
    # compressed than unpacked lies about its size, and the archive is refused.
    members = archive.infolist()
    for member in members:
        if member.compress_size > member.file_size + member.file_size // 100 + 1024:
            raise UnreadableDocument(
                str(path),
                f"refused: {member.filename} inside the {kind} claims to unpack to less than it is stored in; "
                "it may be a zip bomb",
            )
    if len(members) > MAX_MEMBERS:
        raise UnreadableDocument(str(path), f"not a valid {kind}: the archive holds {len(members):,} files")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(
            str(path),
            f"refused: the {kind} would unpack to {total // (1024 * 1024):,} MB "
            f"(limit {MAX_UNPACKED_BYTES // (1024 * 1024)} MB); it may be a zip bomb",
        )
    for member in members:
        if member.file_size < RATIO_CHECK_FROM_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise UnreadableDocument(
                str(path),
                f"refused: {member.filename} inside the {kind} is compressed {ratio:,.0f}:1, "
                "which only a zip bomb does",
            )


def read_member(archive: zipfile.ZipFile, name: str, path: Path, kind: str) -> bytes | None:
    """Reads one member of a checked archive, or None when it is missing.

    Raises:
        UnreadableDocument: The member is damaged (bad CRC, bad compression).
    """
    try:
        return archive.read(name)
    except KeyError:
        return None
    except DAMAGED_MEMBER_ERRORS as exc:
        raise UnreadableDocument(str(path), f"not a valid {kind}: {name} inside it cannot be unpacked ({exc})") from exc
