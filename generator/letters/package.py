"""Writing a .docx package whose parts are mostly the same for every letter.

A .docx is a zip of XML parts.  Of a letter's ten parts only the body (and the title in
the document properties, and the masthead header of a 信函) change from letter to
letter; the others are compressed once per format and their compressed bytes copied
into every letter.  ``zipfile`` always recompresses what it writes, so the few lines of
zip structure (APPNOTE 4.3: local headers, central directory, end record) are written
here.  Timestamps are fixed at 1980-01-01, so the same letter gives the same bytes.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_DOS_TIME = 0
_VERSION = 20  # 2.0: deflate
_LEVEL = 6


@dataclass(frozen=True, slots=True)
class Member:
    name: bytes
    crc: int
    size: int
    data: bytes
    """Raw deflate stream."""


def member(name: str, data: bytes) -> Member:
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Member(name.encode("ascii"), zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def write_zip(members: list[Member]) -> bytes:
    """The zip file of ``members``, in order."""
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        fields = (_DOS_TIME, _DOS_DATE, m.crc, len(m.data), m.size, len(m.name))
        header = struct.pack("<IHHH" "HHIIIHH", 0x04034B50, _VERSION, 0, zipfile.ZIP_DEFLATED, *fields, 0)
        local += (header, m.name, m.data)
        central += (struct.pack("<IHHHH" "HHIIIHH" "HHHII", 0x02014B50, _VERSION, _VERSION, 0, zipfile.ZIP_DEFLATED,
                                *fields, 0, 0, 0, 0, 0, offset), m.name)
        offset += len(header) + len(m.name) + len(m.data)
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(local) + directory + end
