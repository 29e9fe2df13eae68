"""Load a content directory into a validated ``Content``, or raise ``ContentError``
listing every problem found (never just the first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem
from ..model.base import ID_RE
from ..model.cases import Case
from ..model.content import Content, Source
from ..model.documents import Notice, Policy
from ..model.files import FILE_KINDS
from ..model.holidays import HolidaysFile, HolidayYear
from ..model.office import Office
from ..model.people import Leader, Topic
from ..model.schedule import Change, ReceptionRecord, Rule, ScheduleFile, Session, Suspension
from ..model.site_names import collision
from ..model.units import Unit
from . import references
from .files import tree_problems
from .records import (
    Collector,
    read_document,
    read_list_file,
    read_markdown,
    read_sections,
    validate,
)

REQUIRED_FILES = tuple(kind.pattern for kind in FILE_KINDS if kind.required)


def load_content(root: Path, *, cases_dir: Path | None = None) -> Content:
    """Read, validate and cross-check everything under ``root``."""
    if not root.is_dir():
        raise ContentError([Problem(str(root), 0, "内容目录不存在；请用 --content 指定内容目录")])
    out = Collector(root)
    for name in REQUIRED_FILES:
        if not (root / name).is_file():
            out.add(root / name, 0, f"缺少文件 {name}；示例见 README 的“内容文件”一节")
    office = _read_office(root / "office.yaml", out)
    if office is None:
        raise ContentError(out.problems)
    sources: dict[tuple[str, str], Source] = {
        ("office", office.id): Source(out.where(root / "office.yaml"), 1)
    }

    def indexed(kind: str, pairs: list[tuple[Any, int]], path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for record, line in pairs:
            _register(kind, record.id, path, line, result, record, sources, out)
        return result

    units = indexed("unit", _list(root, "units.yaml", "units", Unit, out), root / "units.yaml")
    # a notice that names nobody is written with `role:`; no leader needs inventing
    leaders = indexed("leader", _list(root, "leaders.yaml", "leaders", Leader, out, allow_empty=True,
                                      optional=True), root / "leaders.yaml")
    # a county may publish no 分管 at all: topics.yaml may be empty and pages adapt
    topics = indexed("topic", _list(root, "topics.yaml", "topics", Topic, out, allow_empty=True),
                     root / "topics.yaml")

    schedules: dict[str, ScheduleFile] = {}
    schedule_ids: dict[str, Any] = {}
    for path in sorted((root / "schedule").glob("*.yaml")):
        sections = read_sections(
            path,
            {"sessions": Session, "rules": Rule, "changes": Change, "suspensions": Suspension,
             "records": ReceptionRecord},
            out, "schedule",
        )
        shown = out.where(path)
        for kind, name in (("session", "sessions"), ("rule", "rules"), ("suspension", "suspensions")):
            for record, line in sections[name]:
                _register(kind, record.id, path, line, schedule_ids, record, sources, out,
                          scope="schedule")
        for index, (_, line) in enumerate(sections["changes"]):
            sources[("change", f"{shown}#{index}")] = Source(shown, line)
        for reception, line in sections["records"]:
            sources[("record", reception.session)] = Source(shown, line)
        schedules[shown] = ScheduleFile(**{k: [r for r, _ in v] for k, v in sections.items()})

    policies = _markdown(root / "policies", Policy, "policy", out, sources)
    notices = _markdown(root / "notices", Notice, "notice", out, sources)

    case_root = cases_dir or (root / office.cases_dir if office.cases_dir else root / "cases")
    out.allowed.append(case_root)
    for folder in dict.fromkeys([root, *([case_root] if case_root.is_dir() else [])]):
        for path, problem in tree_problems(folder, [root, case_root]):
            out.add(path, 0, problem)
    cases: dict[str, Any] = {}
    for path in sorted(case_root.glob("*.yaml")) if case_root.is_dir() else []:
        document = read_document(path, out, "case")
        if document is None:
            continue
        case = validate(Case, document[0], document[1], path, out)
        if case is None:
            out.incomplete.add("case")
        else:
            _register("case", case.id, path, 1, cases, case, sources, out)

    holiday_years = _holidays(root / "holidays.yaml", out)

    content = Content(
        root=root, office=office, units=units, leaders=leaders, topics=topics,
        schedules=schedules, policies=policies, notices=notices, cases=cases,
        holiday_years=holiday_years, sources=sources,
    )
    refs = references.Refs(content, out)
    references.check_units(content, refs)
    references.check_people(content, refs)
    for shown, schedule in schedules.items():
        references.check_schedule(content, shown, schedule, refs)
    for case in cases.values():
        references.check_case(content, case, refs)
    references.check_names(content, out)
    if out.problems:
        raise ContentError(out.problems)
    return content


def _read_office(path: Path, out: Collector) -> Office | None:
    if not path.is_file():
        return None
    document = read_document(path, out, "office")
    if document is None:
        return None
    office = validate(Office, document[0], document[1], path, out)
    for index, period in enumerate(office.statistics.ranges if office else []):
        what = collision("range", period.id, {})
        if what is not None:
            out.add(path, document[1].line_of(("statistics", "ranges", index, "id")),
                    f"统计区间 id “{period.id}”与网站自动生成的页面冲突：/statistics/ranges/{period.id}/ 是{what}；"
                    f"请换一个 id，如“{period.id}-1”")
    return office


def _list(root: Path, name: str, key: str, model: Any, out: Collector,
          *, allow_empty: bool = False, optional: bool = False) -> list[tuple[Any, int]]:
    path = root / name
    if not path.is_file():
        if not optional:  # a missing required file is reported; its references are not
            out.incomplete.add(key.rstrip("s"))
        return []
    return read_list_file(path, key, model, out, key.rstrip("s"), allow_empty=allow_empty)


def _register(
    kind: str, record_id: str, path: Path, line: int, index: dict[str, Any], record: Any,
    sources: dict[tuple[str, str], Source], out: Collector, *, scope: str | None = None,
) -> None:
    """Add a record to its index, reporting a duplicate id at both places."""
    shown = out.where(path)
    if record_id in index:
        first = sources.get((kind, record_id)) or next(
            (s for (k, i), s in sources.items() if i == record_id and k in ("session", "rule",
                                                                            "suspension")),
            Source(shown, 0),
        )
        what = "接访安排" if scope == "schedule" else kind
        out.add(shown, line, f"id “{record_id}” 重复（{what}），第一次出现在 {first.path}:{first.line}；"
                             "每条记录的 id 必须唯一")
        return
    index[record_id] = record
    sources[(kind, record_id)] = Source(shown, line)


def _markdown(
    folder: Path, model: Any, kind: str, out: Collector, sources: dict[tuple[str, str], Source]
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if not ID_RE.match(path.stem):
            out.add(path, 0, "文件名只能用小写英文字母、数字和“-”（它会成为网址的一部分）；请改名")
            out.incomplete.add(kind)
            continue
        record = read_markdown(path, model, out, kind)
        if record is not None:
            result[record.id] = record
            sources[(kind, record.id)] = Source(out.where(path), 1)
    return result


def _holidays(path: Path, out: Collector) -> list[HolidayYear]:
    if not path.is_file():
        return []
    document = read_document(path, out, "holidays")
    if document is None:
        return []
    parsed = validate(HolidaysFile, document[0], document[1], path, out)
    if parsed is None:
        return []
    seen: set[int] = set()
    for index, year in enumerate(parsed.years):
        if year.year in seen:
            out.add(path, document[1].line_of(("years", index)),
                    f"{year.year} 年写了两次；请合并为一项")
        seen.add(year.year)
        for day in [*year.workdays, *(d for span in year.holidays for d in span.days())]:
            if day.year != year.year:
                out.add(path, document[1].line_of(("years", index)),
                        f"{day} 不在 {year.year} 年内；请放到对应年份下")
    return parsed.years
