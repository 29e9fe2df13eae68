"""The document number register (文号登记簿): per code (机关代字) and year, numbers run
1, 2, 3 … without gaps or repeats.

It is a plain tab-separated file under ``content/`` so it diffs well in version
control.  Every change happens under a file lock and is written to a temporary
file that replaces the register in one ``os.replace``: two ``xinfang`` processes
never hand out one number twice, and a crash mid-write leaves the old register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from filelock import FileLock

from ..atomic import write_text
from ..errors import OutputError
from ..model.kinds import LetterKind
from .filters import doc_number

LOCK_TIMEOUT = 60.0
"""Seconds to wait for another xinfang process that is numbering letters."""

HEADER = "# 文号登记簿：由 xinfang 维护。作废一个号码请用 xinfang void，不要删行。\n" \
         "# code\tyear\tnumber\tcase\tkind\tissued\tstatus\tnote\n"


@dataclass(frozen=True)
class Entry:
    code: str
    year: int
    number: int
    case: str
    kind: str
    issued: dt.date
    status: str = "issued"
    """issued, or voided (a voided number is never handed out again)."""
    note: str = ""

    @property
    def text(self) -> str:
        return doc_number(self.code, self.year, self.number)

    def line(self) -> str:
        fields = [self.code, str(self.year), str(self.number), self.case, self.kind,
                  self.issued.isoformat(), self.status, self.note.replace("\t", " ").replace("\n", " ")]
        return "\t".join(fields) + "\n"


@dataclass(frozen=True)
class Request:
    case: str
    kind: LetterKind
    code: str
    year: int
    issued: dt.date


class Register:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)

    def _read(self) -> list[Entry]:
        if not self.path.exists():
            return []
        entries = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            try:
                code, year, seq, case, kind, issued, status = parts[:7]
                entries.append(Entry(code, int(year), int(seq), case, kind, dt.date.fromisoformat(issued),
                                     status, parts[7] if len(parts) > 7 else ""))
            except ValueError:
                raise OutputError(f"{self.path}:{number}: 文号登记簿这一行格式不对；请从版本库恢复该文件") from None
        return entries

    def _write(self, entries: Iterable[Entry]) -> None:
        write_text(self.path, HEADER + "".join(entry.line() for entry in entries), durable=True)

    def entries(self) -> list[Entry]:
        with self.lock:
            return self._read()

    def assign(self, requests: list[Request]) -> list[Entry]:
        """A number for each request, reusing the number a case and kind already has."""
        with self.lock:
            entries = self._read()
            current = {(e.case, e.kind): e for e in entries if e.status == "issued"}
            highest: dict[tuple[str, int], int] = {}
            for entry in entries:
                key = (entry.code, entry.year)
                highest[key] = max(highest.get(key, 0), entry.number)
            result = []
            added = False
            for request in requests:
                existing = current.get((request.case, request.kind.value))
                if existing is None:
                    key = (request.code, request.year)
                    highest[key] = highest.get(key, 0) + 1
                    existing = Entry(request.code, request.year, highest[key], request.case,
                                     request.kind.value, request.issued)
                    entries.append(existing)
                    current[(request.case, request.kind.value)] = existing
                    added = True
                result.append(existing)
            if added:
                self._write(entries)
            return result

    def void(self, number_text: str, reason: str) -> Entry:
        """Mark a number void; re-rendering that letter then takes a new number."""
        with self.lock:
            entries = self._read()
            for index, entry in enumerate(entries):
                if entry.text == number_text:
                    if entry.status == "voided":
                        raise OutputError(f"{number_text} 已经作废")
                    entries[index] = replace(entry, status="voided", note=reason)
                    self._write(entries)
                    return entries[index]
            raise OutputError(f"登记簿中没有 {number_text}；请核对文号（如 示信复〔2026〕3号）")
