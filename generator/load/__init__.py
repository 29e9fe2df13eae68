"""Load a content directory into a validated ``Content``, or raise ``ContentError``
listing every problem found (never just the first)."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from pydantic import BaseModel

from ..errors import ContentError, Problem
from ..model.base import ID_RE
from ..model.content import Content, Source
from ..model.files import FILE_KIND, FILE_KINDS, FileKind, Reader, RecordKind
from ..model.holidays import HolidaysFile, HolidayYear
from ..model.office import Office, calendar_bounds
from ..model.site_names import collision
from . import references
from .records import Collector, read_document, read_list_file, read_markdown, read_sections, validate
from .yaml_source import LineMap

if TYPE_CHECKING:
    from ..parallel import Background

REQUIRED_FILES = tuple(kind.pattern for kind in FILE_KINDS if kind.required)

Sources = dict[tuple[RecordKind, str], Source]
T = TypeVar("T")


class CaseFiles:
    """Case files (and list files) as an earlier load read them, each with the file's identity
    then (``xinfang serve`` loads again on every save; a city's 5,000 case files were most of
    the load).
    A file is read again when its size, times or inode differ; one with a problem always.

    When no case file changed, a load gives the very cases (the same dict) the last one
    gave, and what was worked out from them alone, and from inputs still equal, is reused
    (``derived``): the references and dates checked, the deadlines, the repeats, the
    private values the privacy guard searches for."""

    def __init__(self) -> None:
        self.read: dict[Path, tuple[tuple[int, ...], Read1]] = {}
        self.lists: dict[Path, tuple[tuple[int, ...], list[tuple[Any, int]]]] = {}
        """The list files (leaders, units, topics: a city's 819 leaders were most of the rest of
        the load) as the last load read them, each without a problem, with its identity then."""
        self.last: tuple[list[Path], dict[str, Any], Sources] | None = None
        """The case files of the last load that read every one without a problem, the cases
        it gave and where each is written."""
        self._derived: dict[str, tuple[dict[str, Any], object, Any]] = {}

    @staticmethod
    def stamp(path: Path) -> tuple[int, ...] | None:
        try:
            info = path.stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino

    def known(self, path: Path) -> Read1 | None:
        """The case read from ``path`` as it still is, or None."""
        kept = self.read.get(path)
        return kept[1] if kept is not None and kept[0] == self.stamp(path) else None

    def derived(self, name: str, cases: dict[str, Any], inputs: object, work: Callable[[], T]) -> T:
        """``work()``, worked out from ``cases`` and ``inputs`` alone: the result an earlier load
        kept under ``name`` while ``cases`` are the same cases (no case file read again since)
        and ``inputs`` equal theirs, else worked out now and kept for the next load."""
        kept = self._derived.get(name)
        if kept is not None and kept[0] is cases and kept[1] == inputs:
            return kept[2]  # type: ignore[no-any-return]
        result = work()
        self._derived[name] = (cases, inputs, result)
        return result


def load_content(root: Path, *, cases_dir: Path | None = None, case_files: CaseFiles | None = None) -> Content:
    """Read, validate and cross-check everything under ``root``: each kind of file in
    ``FILE_KINDS`` by its reader, then the references between records.  ``case_files``:
    reuse the case files read before that have not changed since (and remember this read)."""
    with Loading(root, cases_dir=cases_dir, case_files=case_files) as loading:
        return loading.finish()


class Loading:
    """One load, in two steps: everything but the cases (``without_cases``), while a forked
    process has begun reading the cases (``finish`` reads the rest and checks them), so the
    caller can expand the schedule, which needs no case, on the other core meanwhile.  Used
    as a context manager, so a failure stops the forked reader too."""

    def __init__(self, root: Path, *, cases_dir: Path | None = None, case_files: CaseFiles | None = None) -> None:
        if not root.is_dir():
            raise ContentError([Problem(str(root), 0, "内容目录不存在；请用 --content 指定内容目录")])
        self.out = out = Collector(root, case_files=case_files)
        for name in REQUIRED_FILES:
            if not (root / name).is_file():
                out.add(root / name, 0, f"缺少文件 {name}；示例见 README 的“内容文件”一节")
        # office.yaml first: it says where the cases are, and nothing is checked without it
        self.sources: Sources = {}
        office = _document(FILE_KIND["office"], root / "office.yaml", out, self.sources)
        if office is None:
            raise ContentError(out.problems)
        self.sources[(RecordKind.OFFICE, office.id)] = Source(out.where(root / "office.yaml"), 1)
        case_root = cases_dir or (root / office.cases_dir if office.cases_dir else root / "cases")
        out.allow(case_root)
        # the cases first: a forked process reads them while this one reads the rest
        cases = FILE_KIND["case"]
        self.cases: _CaseFiles = READERS[cases.reader](cases, case_root, out, self.sources)
        try:
            for folder in dict.fromkeys([root, *([case_root] if case_root.is_dir() else [])]):
                for path, problem in out.folders.tree_problems(folder):
                    out.add(path, 0, problem)
            loaded: dict[str, Any] = {"office": office}
            for kind in FILE_KINDS:
                if kind is not cases and kind.records is not RecordKind.OFFICE:
                    loaded[kind.field] = READERS[kind.reader](kind, root / (kind.folder or kind.pattern), out,
                                                              self.sources)
            self._content = Content(root=root, sources=self.sources, cases={}, **loaded)
            refs = references.Refs(self._content, out)
            references.check_units(self._content, refs)
            references.check_people(self._content, refs)
            for shown, schedule in self._content.schedules.items():
                references.check_schedule(self._content, shown, schedule, refs)
        except BaseException:
            self.cases.stop()
            raise

    @property
    def without_cases(self) -> Content | None:
        """The content with no case in it, checked as far as it goes without them (the cases
        name units, topics and policies; nothing else names a case); None when it has problems
        already (then ``finish`` raises them)."""
        return None if self.out.problems else self._content

    def finish(self) -> Content:
        """The whole content, or ``ContentError`` with every problem."""
        out = self.out
        content = replace(self._content, cases=self.cases.read(self.sources))

        def checked() -> list[Problem]:
            found = out.apart()
            found.incomplete = out.incomplete  # (no reference to a kind that did not load is reported)
            refs = references.Refs(content, found)
            for case in content.cases.values():
                references.check_case(content, case, refs)
            return found.problems

        if out.case_files is None:
            out.problems += checked()
        else:  # the same cases naming the same ids: the same problems (none, as a rule)
            names = (frozenset(content.units), frozenset(content.topics), frozenset(content.policies),
                     frozenset(out.incomplete))
            out.problems += out.case_files.derived("references", content.cases, names, checked)
        references.check_names(content, out)
        _declared_totals(content, out)
        if out.problems:
            raise ContentError(out.problems)
        return content

    def __enter__(self) -> Loading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cases.stop()


def _items(model: type[BaseModel], key: str) -> Any:
    """The record model of a file model's list field: ``UnitsFile.units`` -> ``Unit``."""
    (item,) = get_args(model.model_fields[key].annotation)
    return item


def _document(kind: FileKind, path: Path, out: Collector, sources: Sources) -> Any:
    """One YAML document; what the kind keeps of it (``FINISH``) goes into ``Content``."""
    if not path.is_file():
        return FINISH[kind.name](None, None, path, out, sources)
    document = read_document(path, out, kind.name)
    model = validate(kind.model, document[0], document[1], path, out) if document is not None else None
    return FINISH[kind.name](model, document[1] if document else None, path, out, sources)


def _list(kind: FileKind, path: Path, out: Collector, sources: Sources) -> dict[str, Any]:
    (key,) = kind.model.model_fields
    if not path.is_file():
        if kind.required:  # reported missing above; references to its records are not
            out.incomplete.add(kind.records)
        return {}
    earlier = out.case_files
    stamp = CaseFiles.stamp(path) if earlier is not None else None  # (before reading: see CaseFiles)
    kept = earlier.lists.get(path) if earlier is not None else None
    if kept is not None and stamp is not None and kept[0] == stamp:
        pairs = kept[1]  # the same file: the same records (frozen), and no problem
    else:
        problems, incomplete = len(out.problems), kind.records in out.incomplete
        pairs = read_list_file(path, key, _items(kind.model, key), out, kind.records,
                               allow_empty=kind.may_be_empty)
        if earlier is not None:
            clean = len(out.problems) == problems and (kind.records in out.incomplete) == incomplete
            if clean and stamp is not None:
                earlier.lists[path] = (stamp, pairs)
            else:
                earlier.lists.pop(path, None)
    result: dict[str, Any] = {}
    for record, line in pairs:
        _register(kind.records, record.id, path, line, result, record, sources, out)
    return result


def _sections(kind: FileKind, folder: Path, out: Collector, sources: Sources) -> dict[str, Any]:
    """Files of several lists, keyed by their shown path; ids are unique across all of them."""
    files: dict[str, Any] = {}
    ids: dict[str, Any] = {}
    models = {key: _items(kind.model, key) for key, _ in kind.sections}
    for path in sorted(folder.glob(kind.glob)):
        sections, settings = read_sections(path, models, out, kind.name, kind.model)
        shown = out.where(path)
        if settings:  # the file's own settings: keyed by its path, which no id can be (no "/")
            sources[(kind.records, shown)] = Source(shown, min(line for _, line in settings.values()))
        for key, records in kind.sections:
            for index, (record, line) in enumerate(sections[key]):
                if records is RecordKind.CHANGE:  # a change has no id: its place names it
                    sources[(records, f"{shown}#{index}")] = Source(shown, line)
                elif records is RecordKind.RECORD:  # a reception record is keyed by its session
                    sources[(records, record.session)] = Source(shown, line)
                else:
                    _register(records, record.id, path, line, ids, record, sources, out, scope=kind.name)
        files[shown] = kind.model(**{k: [r for r, _ in v] for k, v in sections.items()},
                                  **{k: value for k, (value, _) in settings.items()})
    return files


def _front_matter(kind: FileKind, folder: Path, out: Collector, sources: Sources) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for path in sorted(folder.glob(kind.glob)) if folder.is_dir() else []:
        if not ID_RE.match(path.stem):
            out.add(path, 0, "文件名只能用小写英文字母、数字和“-”（它会成为网址的一部分）；请改名")
            out.incomplete.add(kind.records)
            continue
        record: Any = read_markdown(path, kind.model, out, kind.records)
        if record is not None:
            result[record.id] = record
            sources[(kind.records, record.id)] = Source(out.where(path), 1)
    return result


PARALLEL_CASES = 400
"""From this many case files on, a forked process reads them too (a city's 5,000 were a third
of ``check``); below it, forking costs more than it saves."""

CASE_CHUNK = 50
"""Case files taken at a time by either process: few enough that neither waits long for
the other at the end, whichever finished its other work first."""

Read1 = tuple[Any, list[Problem], bool]
"""One case file: the validated case (or None), its problems, whether it left the cases incomplete."""
Read = list[Read1]
"""Per case file: the validated case (or None), its problems, whether it left the cases incomplete."""


def _read_cases(state: tuple[FileKind, Collector], paths: list[Path]) -> Read:
    """Read and validate each case file, keeping each file's problems apart (so a forked
    process's come back to be reported in the order of the files)."""
    kind, out = state
    result: Read = []
    for path in paths:
        found = out.apart()
        document = read_document(path, found, kind.records)
        case = validate(kind.model, document[0], document[1], path, found) if document is not None else None
        result.append((case, found.problems, bool(found.incomplete) or (document is not None and case is None)))
    return result


class _Chunks:
    """The case files in chunks, each read by whichever process takes it first (the forked
    reader from the start, this one once the rest of the content is read and, in
    ``prepare``, the schedule expanded): the next chunk's number in memory both share."""

    def __init__(self, paths: list[Path], shared: bool) -> None:
        self.paths = paths
        self.size = max(1, min(CASE_CHUNK, len(paths) // 20))
        self._next: Any = None
        self._own = 0
        if shared:
            import multiprocessing  # not for an office's few cases

            self._next = multiprocessing.Value("q", 0)

    def take(self) -> int | None:
        """The number of the next chunk nobody has taken, None when none is left."""
        if self._next is None:
            number, self._own = self._own, self._own + 1
        else:
            with self._next.get_lock():
                number = self._next.value
                self._next.value += 1
        return number if number * self.size < len(self.paths) else None

    def files(self, number: int) -> list[Path]:
        return self.paths[number * self.size:(number + 1) * self.size]


def _cases(kind: FileKind, folder: Path, out: Collector, sources: Sources) -> _CaseFiles:
    """The case files, being read (``Loading.finish`` takes the cases)."""
    return _CaseFiles(kind, folder, out)


def _read_chunks(state: tuple[FileKind, Collector], chunks: _Chunks) -> dict[int, Read]:
    """Each chunk not yet taken, read, until none is left."""
    read: dict[int, Read] = {}
    while (number := chunks.take()) is not None:
        read[number] = _read_cases(state, chunks.files(number))
    return read


def _read_chunks_apart(state: tuple[FileKind, Collector], chunks: _Chunks) -> dict[int, bytes]:
    """``_read_chunks`` in the forked reader: each chunk pickled as soon as it is read, so
    that work is shared out with the chunks, not left for the end while this process waits."""
    read: dict[int, bytes] = {}
    while (number := chunks.take()) is not None:
        read[number] = pickle.dumps(_read_cases(state, chunks.files(number)), pickle.HIGHEST_PROTOCOL)
    return read


class _CaseFiles:
    """The case files of one load, being read by a forked process from the moment their
    folder is known (when there are enough of them); with ``Collector.case_files``, only
    those that changed since the load that read them."""

    def __init__(self, kind: FileKind, folder: Path, out: Collector) -> None:
        self.kind, self.out = kind, out
        # (by name: the files of one folder, sorted without comparing 5,000 paths part by part)
        self.paths = sorted(folder.glob(kind.glob), key=lambda path: path.name) if folder.is_dir() else []
        earlier = out.case_files
        self.known = {path: earlier.known(path) for path in self.paths} if earlier is not None else {}
        fresh = [path for path in self.paths if self.known.get(path) is None]
        # (stamped before reading: a file saved meanwhile is read again next time)
        self.stamps = {path: CaseFiles.stamp(path) for path in fresh} if earlier is not None else {}
        self.chunks = _Chunks(fresh, shared=len(fresh) >= PARALLEL_CASES)
        self.reader: Background[tuple[FileKind, Collector], _Chunks, dict[int, bytes]] | None = None
        if len(fresh) >= PARALLEL_CASES:
            from ..parallel import Background  # multiprocessing: not for an office's few cases

            self.reader = Background(_read_chunks_apart, (kind, out), self.chunks)

    def read(self, sources: Sources) -> dict[str, Any]:
        """Every case, in the order of the files, each file's problems reported in that order."""
        earlier = self.out.case_files
        if earlier is not None and earlier.last is not None and not self.chunks.paths \
                and earlier.last[0] == self.paths:  # no file read again, none added or removed
            sources.update(earlier.last[2])
            return earlier.last[1]
        read = _read_chunks((self.kind, self.out), self.chunks)
        if self.reader is not None:
            read.update((number, pickle.loads(chunk)) for number, chunk in self.reader.result().items())
            self.reader = None
        fresh = dict(zip(self.chunks.paths, (result for number in sorted(read) for result in read[number]),
                         strict=True))
        if earlier is not None:  # what this load read, without a problem, for the next one
            earlier.read = {path: kept for path in self.paths
                            if (kept := earlier.read.get(path)) is not None and self.known.get(path) is not None}
            earlier.read.update({path: (stamp, fresh[path]) for path, stamp in self.stamps.items()
                                 if stamp is not None and not fresh[path][1] and not fresh[path][2]})
        cases: dict[str, Any] = {}
        problems_before = len(self.out.problems)
        whole = True
        for path in self.paths:
            result = fresh.get(path) or self.known[path]
            assert result is not None  # every path is fresh or known
            case, problems, incomplete = result
            self.out.problems += problems
            if incomplete:
                self.out.incomplete.add(self.kind.records)
                whole = False
            if case is not None:
                _register(self.kind.records, case.id, path, 1, cases, case, sources, self.out)
        if earlier is not None:
            whole = whole and len(self.out.problems) == problems_before
            earlier.last = (self.paths, cases, {(self.kind.records, key): sources[(self.kind.records, key)]
                                                for key in cases}) if whole else None
        return cases

    def stop(self) -> None:
        """Stop the forked reader if its cases are not wanted any more (a failure meanwhile)."""
        if self.reader is not None:
            self.reader.__exit__()
            self.reader = None


READERS: dict[Reader, Callable[[FileKind, Path, Collector, Sources], Any]] = {
    Reader.DOCUMENT: _document, Reader.LIST: _list, Reader.SECTIONS: _sections,
    Reader.FRONT_MATTER: _front_matter, Reader.CASES: _cases,
}


def _office(office: Office | None, lines: LineMap | None, path: Path, out: Collector,
            sources: Sources) -> Office | None:
    """A statistics range may not take the address of a generated page; a declared total names
    a period the statistics publish, once (where it is, for the check against the cases)."""
    if office is None or lines is None:
        return office
    for index, period in enumerate(office.statistics.ranges):
        what = collision("range", period.id, {})
        if what is not None:
            out.add(path, lines.line_of(("statistics", "ranges", index, "id")),
                    f"统计区间 id “{period.id}”与网站自动生成的页面冲突：/statistics/ranges/{period.id}/ 是{what}；"
                    f"请换一个 id，如“{period.id}-1”")
    ranges = {r.id for r in office.statistics.ranges}
    seen: set[str] = set()
    for index, declared in enumerate(office.statistics.totals):
        line = lines.line_of(("statistics", "totals", index, "period"))
        sources[(RecordKind.OFFICE, declared_total_source(index))] = Source(out.where(path), line)
        if calendar_bounds(declared.period) is None and declared.period not in ranges:
            out.add(path, line, f"统计期“{declared.period}”既不是年、季度、月（如 2026、2026-q3、2026-09），"
                                "也不是 statistics.ranges 里的 id；请改正")
        if declared.period in seen:
            out.add(path, line, f"统计期“{declared.period}”的公布总量写了两次；请只留一项")
        seen.add(declared.period)
    return office


def declared_total_source(index: int) -> str:
    """The key under which ``Content.sources`` keeps where a declared total was written."""
    return f"statistics.totals[{index}]"


def _declared_totals(content: Content, out: Collector) -> None:
    """A declared headline total includes every categorised case of its period: fewer is a typo."""
    statistics = content.office.statistics
    ranges = {r.id: (r.start, r.end) for r in statistics.ranges}
    for index, declared in enumerate(statistics.totals):
        bounds = calendar_bounds(declared.period) or ranges.get(declared.period)
        if bounds is None:
            continue  # reported where it was read
        counted = sum(bounds[0] <= case.received <= bounds[1] for case in content.cases.values())
        if declared.total < counted:
            where = content.source(RecordKind.OFFICE, declared_total_source(index))
            out.add(where.path, where.line,
                    f"统计期“{declared.period}”的{declared.label} {declared.total} 少于该期登记的信访事项 "
                    f"{counted} 件；公布总量应包括全部分类统计的事项，请核对 total 或统计期")


def _holiday_years(parsed: HolidaysFile | None, lines: LineMap | None, path: Path,
                   out: Collector, sources: Sources) -> list[HolidayYear]:
    """Each year once, and each day in its own year."""
    if parsed is None or lines is None:
        return []
    seen: set[int] = set()
    for index, year in enumerate(parsed.years):
        if year.year in seen:
            out.add(path, lines.line_of(("years", index)),
                    f"{year.year} 年写了两次；请合并为一项")
        seen.add(year.year)
        for day in [*year.workdays, *(d for span in year.holidays for d in span.days())]:
            if day.year != year.year:
                out.add(path, lines.line_of(("years", index)),
                        f"{day} 不在 {year.year} 年内；请放到对应年份下")
    return parsed.years


FINISH: dict[str, Callable[[Any, LineMap | None, Path, Collector, Sources], Any]] = {
    "office": _office, "holidays": _holiday_years,
}
"""What a DOCUMENT kind keeps for ``Content``, with the checks its model cannot make alone."""


def _register(
    kind: RecordKind, record_id: str, path: Path, line: int, index: dict[str, Any], record: Any,
    sources: Sources, out: Collector, *, scope: str | None = None,
) -> None:
    """Add a record to its index, reporting a duplicate id at both places."""
    shown = out.where(path)
    if record_id in index:
        first = sources.get((kind, record_id)) or next(
            (s for (k, i), s in sources.items()
             if i == record_id and k in (RecordKind.SESSION, RecordKind.RULE, RecordKind.SUSPENSION)),
            Source(shown, 0),
        )
        what = "接访安排" if scope == "schedule" else kind.value
        out.add(shown, line, f"id “{record_id}” 重复（{what}），第一次出现在 {first.path}:{first.line}；"
                             "每条记录的 id 必须唯一")
        return
    index[record_id] = record
    sources[(kind, record_id)] = Source(shown, line)
