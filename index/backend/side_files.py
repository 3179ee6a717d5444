"""Files kept beside a segment (its facet tables, its completion words): a header and one compressed body.

Layout: a magic line naming the kind and its version, a 4-byte header
length, a JSON header, then one zlib stream. A file is written to a
temporary name and renamed over the old one, so a reader sees the old file
or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

DAMAGE = (ValueError, KeyError, TypeError, struct.error, zlib.error)  # what reading a damaged file raises


def write(path: Path, magic: bytes, header: dict, chunks: Iterable[bytes]) -> None:
    """Writes ``header`` and the already compressed ``chunks`` atomically.

    Raises:
        OSError: The file could not be written (nothing is left behind).
    """
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            out.write(magic + struct.pack("<I", len(head)) + head)
            out.writelines(chunks)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def read(path: Path, magic: bytes) -> tuple[dict, bytes] | None:
    """The header and the decompressed body; None when the file is absent or of another kind or version.

    Raises:
        One of :data:`DAMAGE`: the file is damaged (torn, changed).
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(magic):
        return None
    start = len(magic) + 4
    (head_length,) = struct.unpack_from("<I", data, len(magic))
    header = json.loads(data[start:start + head_length])
    return header, zlib.decompress(data[start + head_length:])
