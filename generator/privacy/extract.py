"""The text inside each output file, whatever its format: a leak in a Word letter, a
spreadsheet, a PDF or a gzipped sitemap is as public as one in a page.

Office files and other zips are read member by member (their XML is text; the scan's
tag handling joins runs that Word splits a word into).  PDFs go through ``pdftotext``
(poppler); without it, or for formats whose text cannot be read (old binary .doc/.xls,
encrypted or oversized archives), the file is reported as unreadable, which fails the
build: a file the guard cannot read must not be published unread.
"""

from __future__ import annotations

import gzip
import io
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

MEDIA_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp", ".avif", ".tif", ".tiff",
                            ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".webm", ".ogg", ".wav"})
"""Pictures, fonts and sound: no text to search (a picture of a number is beyond any scan)."""
UNREADABLE_SUFFIXES = frozenset({".doc", ".xls", ".ppt", ".wps", ".et", ".dps", ".rar", ".7z", ".mdb"})
MAX_UNPACKED = 512 * 2**20
"""More than this inside one archive is refused rather than unpacked (zip bombs)."""
MAX_DEPTH = 3


@dataclass(frozen=True)
class Part:
    name: str
    """The file, or ``file!member`` for a member of an archive."""
    text: str
    ics: bool = False


class Unreadable(Exception):
    """A file whose text cannot be searched; the message says why, in Chinese."""


def parts_of(name: str, raw: bytes, depth: int = 0) -> list[Part]:
    """Every searchable text in the file ``name`` with content ``raw``."""
    suffix = PurePosixPath(name).suffix.lower()
    if depth > MAX_DEPTH:
        raise Unreadable("压缩文件嵌套过深")
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        return _zip_parts(name, raw, depth)
    if raw.startswith(b"%PDF"):
        return [Part(name, _pdf_text(raw))]
    if raw.startswith(b"\x1f\x8b"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as unpacked:
                inner = unpacked.read(MAX_UNPACKED + 1)
        except (OSError, EOFError) as exc:
            raise Unreadable(f"gzip 文件损坏（{exc}）") from None
        if len(inner) > MAX_UNPACKED:
            raise Unreadable("解压后过大")
        return parts_of(name.removesuffix(".gz"), inner, depth + 1)
    if suffix in UNREADABLE_SUFFIXES or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable("旧式二进制 Office 文件，无法读出其中文字")
    if suffix in MEDIA_SUFFIXES:
        return []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [Part(name, raw.decode("utf-16", errors="replace"), suffix == ".ics")]
    if b"\x00" in raw[:4096]:
        return []  # some other binary format (a picture without a picture's suffix)
    return [Part(name, _decode(raw), suffix == ".ics")]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # a text file saved by a Chinese Windows program is GB18030, where UTF-8 would
        # turn every name into replacement characters
        return raw.decode("gb18030", errors="replace")


def _zip_parts(name: str, raw: bytes, depth: int) -> list[Part]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = [info for info in archive.infolist() if not info.is_dir()]
        if sum(info.file_size for info in members) > MAX_UNPACKED:
            raise Unreadable("压缩包解压后过大")
        result: list[Part] = []
        for info in members:
            if info.flag_bits & 0x1:
                raise Unreadable("文件已加密，无法读出其中文字")
            data = archive.read(info)
            result += parts_of(f"{name}!{info.filename}", data, depth + 1)
        return result
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise Unreadable(f"压缩文件无法读取（{exc}）") from None


def _pdf_text(raw: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise Unreadable("PDF 文件，本机未安装 pdftotext（poppler-utils），无法检查")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(raw)
        pdf.flush()
        done = subprocess.run([tool, "-q", "-enc", "UTF-8", pdf.name, "-"], capture_output=True, check=False,
                              timeout=120)
    if done.returncode != 0:
        raise Unreadable("PDF 文件无法读出文字（可能已加密或损坏）")
    return done.stdout.decode("utf-8", errors="replace")
