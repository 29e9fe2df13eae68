"""The document number register (文号登记簿): per code (机关代字) and year, numbers run
1, 2, 3 … without gaps or repeats.

It is a plain tab-separated file under ``content/`` so it diffs well in version
control.  Every change happens under a file lock and is written to a temporary
file that replaces the register in one ``os.replace``: two ``xinfang`` processes
never hand out one number twice, and a crash mid-write leaves the old register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import stage_text, write_bytes, write_text
from ..errors import OutputError, Problem, UsageError
from ..lockfile import FileLock
from ..model.base import EARLIEST, LATEST, date_problem
from ..model.kinds import LetterKind
from ..model.office import MAX_NUMBER, code_problem
from ..output_guard import OutputKind, read_stamp
from .letter_specs import letter_of_file
from .numbers import doc_number, parse_doc_number

if TYPE_CHECKING:
    from ..prepared import Prepared

LOCK_TIMEOUT = 60.0
"""Seconds to wait for another xinfang process that is numbering letters."""

HEADER = "# 文号登记簿：由 xinfang 维护。作废一个号码请用 xinfang void，不要删行。\n" \
         "# code\tyear\tnumber\tcase\tkind\tissued\tstatus\tnote\n"
MARK = "# 已用到\t"
"""A high-water line (``# 已用到\t示信复\t2026\t46``): the highest number ever given per code
and year, written at the top of the register so a file cut short or emptied shows it, and
numbering never goes below it."""

Marks = dict[tuple[str, int], int]


class Status(StrEnum):
    """The register's status column."""

    ISSUED = "issued"
    VOIDED = "voided"
    """A voided number is never handed out again."""
    START = "start"
    """The row ``xinfang register start`` writes: the sequence continues from a paper register."""


@dataclass(frozen=True)
class Entry:
    code: str
    year: int
    number: int
    case: str
    kind: str
    issued: dt.date
    status: Status = Status.ISSUED
    note: str = ""

    @property
    def text(self) -> str:
        return doc_number(self.code, self.year, self.number)

    def line(self) -> str:
        fields = [self.code, str(self.year), str(self.number), self.case, self.kind,
                  self.issued.isoformat(), self.status, self.note.replace("\t", " ").replace("\n", " ")]
        return "\t".join(fields) + "\n"


REPORT_KIND = "report"
"""The register's kind for the office's 通报 (``xinfang report``), numbered in a series of its own."""


@dataclass(frozen=True)
class Request:
    case: str
    kind: LetterKind | str
    """A letter kind, or ``REPORT_KIND``."""
    code: str
    year: int
    issued: dt.date
    note: str = ""
    """Recorded with a new number (why a supervision letter was forced)."""


class Register:
    def __init__(self, path: Path, starts: dict[tuple[str, int], int] | None = None) -> None:
        """``starts``: (code, year) -> the first number to give, from office.yaml's
        letters.register_start (a start row in the register does the same)."""
        self.path = path
        self.starts = dict(starts or {})
        self._staging: tuple[ExitStack, list[Entry]] | None = None
        """Inside ``reserve`` until ``stage()``: where to stage the register, and its rows."""
        self._recorded: tuple[bytes | None, bytes, list[Entry]] | None = None
        """The last ``reserve`` that wrote: the register before, after, and the rows it added."""
        self._marks: Marks = {}
        """The high-water lines of the last read, and their line numbers."""
        self._mark_lines: dict[tuple[str, int], int] = {}

    @cached_property
    def lock(self) -> FileLock:
        return FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)

    def _lines(self) -> list[tuple[int, Entry]]:
        if not self.path.exists():
            return []
        raw = self.path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            raise OutputError(f"{self.path}:1: 文号登记簿开头有 BOM（字节顺序标记），多半是用记事本等另存过；"
                              "请用编辑器另存为“UTF-8（无 BOM）”后重试")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise OutputError(f"{self.path}: 文号登记簿不是 UTF-8 编码；请从版本库恢复该文件") from None
        entries = []
        self._marks, self._mark_lines = {}, {}
        for number, line in enumerate(text.splitlines(), start=1):
            if line.startswith(MARK):
                self._read_mark(number, line)
                continue
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            try:
                code, year, seq, case, kind, issued, status = parts[:7]
                entries.append((number, Entry(code, int(year), int(seq), case, kind,
                                              dt.date.fromisoformat(issued), Status(status),
                                              parts[7] if len(parts) > 7 else "")))
            except ValueError:
                raise OutputError(f"{self.path}:{number}: 文号登记簿这一行格式不对；请从版本库恢复该文件") from None
        return entries

    def _read_mark(self, number: int, line: str) -> None:
        try:
            code, year, highest = line[len(MARK):].split("\t")
            self._marks[(code, int(year))] = int(highest)
            self._mark_lines[(code, int(year))] = number
        except ValueError:
            raise OutputError(f"{self.path}:{number}: 文号登记簿这一行格式不对；请从版本库恢复该文件") from None

    def _read(self) -> list[Entry]:
        return [entry for _, entry in self._lines()]

    def _write(self, entries: Iterable[Entry], marks: Marks | None = None) -> None:
        write_text(self.path, self._text(entries, marks), durable=True)

    def _text(self, entries: Iterable[Entry], marks: Marks | None = None) -> str:
        """The register with its high-water lines: the marks read last, raised to the rows."""
        rows = list(entries)
        merged = dict(self._marks if marks is None else marks)
        for key, used in _used(rows).items():
            merged[key] = max(merged.get(key, 0), used)
        lines = "".join(f"{MARK}{code}\t{year}\t{used}\n" for (code, year), used in sorted(merged.items()))
        return HEADER + lines + "".join(entry.line() for entry in rows)

    def newest_year(self) -> int | None:
        """The latest year of the register's rows (a start for an earlier one is a typo)."""
        years = [entry.year for entry in self._read()]
        return max(years) if years else None

    def entries(self) -> list[Entry]:
        with self.lock:
            return self._read()

    def problems(self) -> list[Problem]:
        """What ``check`` reports about the register itself: unreadable, or one number
        recorded twice (two letters would carry the same 文号)."""
        try:
            lines = self._lines()
        except OutputError as exc:
            where, _, message = str(exc).partition(": ")
            path, _, line = where.rpartition(":")
            return [Problem(path, int(line), message) if line.isdigit() else Problem(where, 0, message)]
        if not any(entry.status is not Status.START for _, entry in lines):
            # nothing issued here (deleted, emptied, or made again by `register start`): what
            # the version control recorded is asked; said instead of "emptied", with the commit
            lost = self._lost(lines)
            if lost is not None:
                return [lost]
        seen: dict[tuple[str, int, int], tuple[int, Entry]] = {}
        problems = self._shape_problems(lines)
        for number, entry in lines:
            if entry.status is Status.START:
                continue
            key = (entry.code, entry.year, entry.number)
            if key in seen:
                first_line, first = seen[key]
                problems.append(Problem(str(self.path), number, (
                    f"文号 {entry.text} 登记了两次（第{first_line}行：案件 {first.case} {first.kind}；"
                    f"这一行：案件 {entry.case} {entry.kind}）；两份文书不能同号，请核对纸质登记簿，"
                    "作废错发的一份（xinfang void）后重新生成")))
            else:
                seen[key] = (number, entry)
        return problems

    def _lost(self, lines: list[tuple[int, Entry]]) -> Problem | None:
        """A register deleted or emptied here (or started again) whose numbers the content's
        version control still records past what it holds (the README asks to commit
        register.tsv): which commit to restore it from."""
        from .history import last_committed

        committed = last_committed(self.path)
        here = {**_used([entry for _, entry in lines])}
        for key, mark in self._marks.items():
            here[key] = max(here.get(key, 0), mark)
        spent = {key: number for key, number in (_numbers_in(committed.text) if committed else {}).items()
                 if number > here.get(key, 0)}
        if committed is None or not spent:
            return None
        shown = [doc_number(code, year, number) for (code, year), number in sorted(spent.items())]
        state = "不存在" if not self.path.exists() else "里没有一个发出的文号"
        return Problem(str(self.path), 0, (
            f"文号登记簿{state}，但版本库里的 register.tsv（提交 {committed.commit}，{committed.day}）记着已用到 "
            + "、".join(shown[:3]) + ("等" if len(shown) > 3 else "")
            + "：登记簿被删除或清空了，继续生成会从1号重新编号、与已发文书重号；请恢复它："
            f"git -C {self.path.parent} checkout {committed.commit} -- {self.path.name}"
            "（那次提交之后又发过文号的，恢复后再对照纸质登记簿，用 xinfang register start 接续）"))

    def holds_numbers(self) -> bool:
        """Whether any number was ever given: a row or a high-water line (unreadable: yes,
        Register.problems says what is wrong)."""
        try:
            return bool(self._lines() or self._marks)
        except OutputError:
            return True

    def _shape_problems(self, lines: list[tuple[int, Entry]]) -> list[Problem]:
        """An emptied file, numbers below a high-water mark, impossible values in a row."""
        where = str(self.path)
        if self.path.exists() and not lines and not self._marks and not self.path.read_bytes().startswith(b"#"):
            return [Problem(where, 0, "文号登记簿是空的（xinfang 写的登记簿总有开头的说明行）：多半被清空了，"
                                      "继续编号会从 1 号重发已经用过的号码；请从版本库或备份恢复 register.tsv"
                                      "（从未发过文号的，删掉这个空文件即可）")]
        problems = []
        used = _used([entry for _, entry in lines])
        for (code, year), highest in sorted(self._marks.items()):
            now = used.get((code, year), 0)
            if now < highest:
                problems.append(Problem(where, self._mark_lines[(code, year)], (
                    f"登记簿记着 {code}〔{year}〕已用到 {highest} 号，现有的行只到 {now} 号：文件被截断或删改过，"
                    "继续编号会重发已经用过的号码；请从版本库或备份恢复 register.tsv；确实找不回、已核对纸质登记簿的，"
                    f"运行 xinfang register start {code} {year} {highest + 1} 从 {highest + 1} 号接续")))
        for number, entry in lines:
            wrong = code_problem(entry.code) or (
                f"年份 {entry.year} 不在 {EARLIEST.year} 至 {LATEST.year} 之间"
                if not EARLIEST.year <= entry.year <= LATEST.year else None) or (
                f"序号 {entry.number} 不在 1 至 {MAX_NUMBER} 之间"
                if not 1 <= entry.number <= MAX_NUMBER else None) or date_problem(entry.issued)
            if wrong is not None:
                problems.append(Problem(where, number, f"{wrong}；这一行不是 xinfang 写的，"
                                                       "请从版本库恢复 register.tsv"))
        return problems

    def _plan(self, entries: list[Entry], requests: list[Request]) -> tuple[list[Entry], bool]:
        current = {(e.case, e.kind): e for e in entries if e.status is Status.ISSUED}
        highest = {key: first - 1 for key, first in self.starts.items()}
        for key, mark in self._marks.items():  # numbers once given stay given, rows lost or not
            highest[key] = max(highest.get(key, 0), mark)
        for entry in entries:
            key = (entry.code, entry.year)
            # a start row says where the paper register stands: its number is the next to give
            used = entry.number - 1 if entry.status is Status.START else entry.number
            highest[key] = max(highest.get(key, 0), used)
        result = []
        added = False
        for request in requests:
            existing = current.get((request.case, str(request.kind)))
            if existing is None:
                key = (request.code, request.year)
                highest[key] = highest.get(key, 0) + 1
                existing = Entry(request.code, request.year, highest[key], request.case,
                                 str(request.kind), request.issued, note=request.note)
                entries.append(existing)
                current[(request.case, str(request.kind))] = existing
                added = True
            result.append(existing)
        return result, added

    @contextmanager
    def reserve(self, requests: list[Request]) -> Iterator[list[Entry]]:
        """Numbers for ``requests``, recorded only if the block (which writes the letters)
        finishes: a letter that fails to render never consumes a number.  The lock is held
        throughout, so no other process can hand out the same numbers meanwhile.  The block
        may ``stage()`` the register it will record while the letters are made."""
        with self.lock, ExitStack() as staging:
            entries = self._read()
            before = self.path.read_bytes() if self.path.exists() else None
            known = set(entries)
            result, added = self._plan(entries, requests)
            self._staging = (staging, entries) if added else None
            try:
                yield result
            finally:
                unstaged, self._staging = self._staging, None
            if added:
                if unstaged is None:  # the block staged it: the synced file takes its place
                    staging.close()
                else:
                    self._write(entries)
                self._recorded = (before, self.path.read_bytes(), [e for e in entries if e not in known])

    def stage(self) -> None:
        """Inside ``reserve``: write the register it will record now, beside this one and
        synced to disk, so the end of the block only renames it into place (the sync took
        8-14 ms after the last letter of a 1,000-letter run, with both cores idle).  If the
        block fails, it is removed and the register stays as it was."""
        if self._staging is None:  # outside reserve, staged already, or no number to record
            return
        staging, entries = self._staging
        stage_text(staging, self.path, self._text(entries))
        self._staging = None  # (if staging failed, the end of the block writes it as usual)

    def take_back(self) -> None:
        """Undo the last ``reserve`` of this object (a build whose site could not be
        published after its letters were numbered): the register as it was, byte for
        byte; if another process numbered letters meanwhile, only our rows go."""
        if self._recorded is None:
            return
        before, after, added = self._recorded
        with self.lock:
            now = self.path.read_bytes() if self.path.exists() else None
            if now == after and before is None:
                self.path.unlink()
            elif now == after and before is not None:
                write_bytes(self.path, before, durable=True)
            else:  # another process numbered meanwhile: only our rows, and our part of the marks, go
                rows = [entry for entry in self._read() if entry not in added]
                self._write(rows, marks=_marks_of(before) if before is not None else {})
        self._recorded = None

    def assign(self, requests: list[Request]) -> list[Entry]:
        """A number for each request, reusing the number a case and kind already has."""
        with self.reserve(requests) as result:
            return result

    def start(self, code: str, year: int, first: int, today: dt.date) -> Entry:
        """Continue a paper register: the next number xinfang gives for ``code``/``year`` is ``first``
        (a 机关代字 of letters.codes' form, a year from the register's newest to next year)."""
        example = "如：xinfang register start 示信复 2026 46"
        if (problem := code_problem(code)) is not None:
            raise UsageError(f"{problem}；{example}")
        first_year = max(self.newest_year() or EARLIEST.year, EARLIEST.year)
        if not first_year <= year <= today.year + 1:
            newest = f"登记簿已有 {first_year} 年的文号；" if first_year > EARLIEST.year else ""
            raise UsageError(f"年份 {year} 不对：应在 {first_year} 至 {today.year + 1} 年之间"
                             f"（{newest}最晚到明年）；{example}")
        if not 1 <= first <= MAX_NUMBER:
            raise UsageError(f"起始号码 {first} 应在 1 至 {MAX_NUMBER} 之间；{example}")
        with self.lock:
            entries = self._read()
            used = [e.number for e in entries if e.code == code and e.year == year and e.status is not Status.START]
            used += [self._marks[(code, year)]] if (code, year) in self._marks else []
            if used and max(used) >= first:
                raise OutputError(f"{doc_number(code, year, max(used))} 已经发出，不能从 {first} 号开始；"
                                  f"下一个号码是 {max(used) + 1}")
            entries = [e for e in entries if not (e.code == code and e.year == year and e.status is Status.START)]
            entry = Entry(code, year, first, "-", "-", today, Status.START, "从纸质登记簿接续")
            entries.append(entry)
            self._write(entries)
            return entry

    def void(self, number_text: str, reason: str) -> Entry:
        """Mark a number void; re-rendering that letter then takes a new number."""
        try:
            code, year, number = parse_doc_number(number_text)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        with self.lock:
            entries = self._read()
            for index, entry in enumerate(entries):
                if (entry.code, entry.year, entry.number) == (code, year, number) and entry.status is not Status.START:
                    if entry.status is Status.VOIDED:
                        raise OutputError(f"{entry.text} 已经作废")
                    entries[index] = replace(entry, status=Status.VOIDED, note=reason)
                    self._write(entries)
                    return entries[index]
            raise OutputError(f"登记簿中没有 {doc_number(code, year, number)}；请核对文号（如 示信复〔2026〕3号）")


def _used(entries: Iterable[Entry]) -> Marks:
    """The highest number each code and year has used (a start row: the one before it)."""
    used: Marks = {}
    for entry in entries:
        number = entry.number - 1 if entry.status is Status.START else entry.number
        used[(entry.code, entry.year)] = max(used.get((entry.code, entry.year), 0), number)
    return used


def _marks_of(raw: bytes) -> Marks:
    marks: Marks = {}
    for line in raw.decode("utf-8", errors="replace").splitlines():
        parts = line[len(MARK):].split("\t") if line.startswith(MARK) else []
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            marks[(parts[0], int(parts[1]))] = int(parts[2])
    return marks


def _numbers_in(text: str) -> Marks:
    """The highest number per code and year a register's text records, rows and high-water
    lines alike, read leniently (an old commit's register, never written back)."""
    spent = _marks_of(text.encode("utf-8"))
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 7 or not (parts[1].isdigit() and parts[2].isdigit()):
            continue
        # a start row names the next number to give: the one before it is the last spent
        key, number = (parts[0], int(parts[1])), int(parts[2]) - (1 if parts[6] == Status.START else 0)
        if number > 0:
            spent[key] = max(spent.get(key, 0), number)
    return spent


def forced_letters(register: Register) -> frozenset[tuple[str, str]]:
    """(case, kind) of the supervision letters made with ``--force``, which check then accepts."""
    from .supervision import FORCED

    try:
        return frozenset((e.case, e.kind) for e in register._read()
                         if e.status is Status.ISSUED and e.note.startswith(FORCED))
    except OutputError:
        return frozenset()  # reported by Register.problems


def register_in(content_dir: Path, starts: dict[tuple[str, int], int] | None = None) -> Register:
    """The register of a content folder: the one place that knows it is ``register.tsv`` there."""
    return Register(content_dir / "register.tsv", starts)


def register_for(prepared: Prepared) -> Register:
    """The content folder's register, continuing from office.yaml's ``register_start``."""
    starts = {(s.code, s.year): s.next for s in prepared.content.office.letters.register_start}
    return register_in(prepared.content.root, starts)


def unregistered_letters(register: Register, folder: Path, unnumbered: frozenset[str] = frozenset()) -> list[Problem]:
    """Letters already made whose numbers the register does not know: the register was deleted,
    emptied or replaced, and numbering would silently restart at 1 (the same 文号 twice).
    Letters of the ``unnumbered`` kinds (the office gives them no number) have no row to miss."""
    if not folder.is_dir():
        return []
    try:
        known = {(e.case, e.kind) for e in register._read()}
    except OutputError:
        return []  # reported by Register.problems
    orphans = sorted(path.name for path in folder.glob("*.docx")
                     if (name := letter_of_file(path)) is not None and name not in known
                     and name[1].split("-")[0] not in unnumbered)
    if not orphans:
        # letters of unnumbered kinds still there: the folder was not emptied
        kept = any((name := letter_of_file(path)) is not None and name[1].split("-")[0] in unnumbered
                   for path in folder.glob("*.docx")) if unnumbered else False
        return [] if kept else _emptied_letters(register, folder)
    example = "、".join(orphans[:3]) + ("等" if len(orphans) > 3 else "")
    state = "不存在" if not register.path.exists() else "里没有它们的记录"
    return [Problem(str(register.path), 0, (
        f"{folder}/ 里已有 {len(orphans)} 份编了号的文书（{example}），但文号登记簿{state}："
        "登记簿可能被删除、清空或换过，继续生成会从1号重新编号、与已发文书重号；"
        "请从版本库或备份恢复 register.tsv（确需重新编号的，先把这些旧文书移出该目录）"))]


def _emptied_letters(register: Register, folder: Path) -> list[Problem]:
    """A letters folder xinfang once wrote numbered letters into (its stamp stays), now holding
    none, beside a register with no number: the letters were moved and the register deleted or
    emptied, and numbering would restart at 1."""
    stamp = read_stamp(folder)
    if stamp is None or stamp.get("kind") != OutputKind.LETTERS.value or register.holds_numbers():
        return []
    state = "不存在" if not register.path.exists() else "里没有一个文号"
    return [Problem(str(register.path), 0, (
        f"{folder}/ 里生成过编了号的文书（xinfang 的标记文件 {folder.name}/.xinfang-output 还在），现在一份也没有，"
        f"而文号登记簿{state}：文书可能被移走、登记簿被删除或清空，继续生成会从1号重新编号、与已发文书重号；"
        "请从版本库或备份恢复 register.tsv（确需从1号重新编号的，先把整个 "
        f"{folder}/ 文件夹删掉）"))]
