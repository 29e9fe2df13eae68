"""``xinfang import``: a 领导接访安排 table -> a schedule file of dated sessions.

Columns are found by the headers offices use (or named with ``--columns``), values read as
offices write them (``tables.values``), leaders matched to ``leaders.yaml`` by name and
title.  Every bad row is reported in one run as ``FILE:表1:第7行: …``; nothing is written
while any row failed, unless the clerk asks for the good rows (``--partial``).  What was
guessed is said in a YAML comment beside the session, unknown people are proposed in a
separate file for the clerk to review, and the written file is ordinary content that
``check`` reads like any other.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pypinyin import lazy_pinyin

from ..errors import ContentError, Problem, UsageError
from ..model.content import Content
from ..model.people import Leader
from ..model.schedule import Mode
from .read import ImportFileError, Table, Value, read_tables
from .values import (
    WEEKDAYS,
    Person,
    Slot,
    find_date,
    find_mode,
    find_people,
    find_phones,
    find_times,
    normalise,
    squeeze,
    tidy,
    year_in,
)


class Column(Enum):
    DATE = "日期"
    WEEKDAY = "星期"
    TIME = "时间"
    LEADER = "接访领导"
    TITLE = "职务"
    UNIT = "单位"
    PLACE = "地点"
    MODE = "方式"
    SCOPE = "受理范围"
    BOOKING = "预约方式"
    PHONE = "电话"
    NOTE = "备注"
    SKIP = "-"


HEADERS: list[tuple[Column, tuple[str, ...]]] = [
    (Column.SKIP, ("序号", "编号", "序")),
    (Column.WEEKDAY, ("星期", "周次", "星期几")),
    (Column.DATE, ("日期", "接访日期", "时间", "接访时间", "接待日期", "接待时间")),
    (Column.TIME, ("时段", "接访时段", "钟点", "具体时间")),
    (Column.LEADER, ("接访领导", "领导姓名", "姓名", "接访领导及职务", "接访领导姓名", "领导", "接访人", "带班领导",
                     "接访人员", "接待领导")),
    (Column.TITLE, ("职务", "领导职务")),
    (Column.UNIT, ("单位", "接访单位", "所在单位")),
    (Column.PLACE, ("地点", "接访地点", "接待地点", "地址")),
    (Column.MODE, ("方式", "接访方式", "接待方式", "形式")),
    (Column.SCOPE, ("分管工作", "分管领域", "接待范围", "受理范围", "分管范围", "接访范围", "受理事项")),
    (Column.BOOKING, ("预约方式", "预约", "预约电话及方式")),
    (Column.PHONE, ("电话", "联系电话", "接访电话", "咨询电话")),
    (Column.NOTE, ("备注", "说明")),
]
_NAMES = {name: column for column, names in HEADERS for name in names}
_NAMES.update({c.value: c for c in Column})


def header_column(text: Value) -> Column | None:
    """The column a header names, exactly or as the start of a longer header."""
    if not isinstance(text, str):
        return None
    key = squeeze(text).strip("*：:")
    if not key:
        return None
    if key in _NAMES:
        return _NAMES[key]
    for column, names in HEADERS:
        if any(key.startswith(name) or key.endswith(name) for name in names if len(name) >= 2):
            return column
    return None


def parse_columns(spec: str) -> list[Column]:
    """``--columns 日期,星期,接访领导,-,地点``: one name a column, ``-`` for one to ignore."""
    columns = []
    for name in spec.split(","):
        name = name.strip()
        column = Column.SKIP if name in ("", "-") else header_column(name)
        if column is None:
            known = "、".join(dict.fromkeys(c.value for c in Column if c is not Column.SKIP))
            raise UsageError(f"--columns 里的“{name}”不是已知的列名；可用：{known}，不用的列写 -")
        columns.append(column)
    return columns


@dataclass
class Options:
    unit: str | None = None
    year: int | None = None
    sheet: str | None = None
    table: int | None = None
    columns: list[Column] | None = None


@dataclass
class Row:
    where: str
    """``表1:第7行`` for messages and comments."""
    date: dt.date
    slots: list[Slot]
    unit: str
    leaders: list[str]
    role: str | None
    with_others: str | bool | None
    venues: list[str]
    mode: Mode
    scope: str | None
    booking: str | None
    phone: list[str]
    note: str | None
    guesses: list[str] = field(default_factory=list)


@dataclass
class Proposed:
    id: str
    name: str
    title: str
    unit: str
    rows: list[str]


@dataclass
class Imported:
    rows_read: int
    sessions: list[Row]
    problems: list[Problem]
    skipped: list[str]
    """Rows left out that were not errors: blank, a repeated header, a sub-heading."""
    matched: set[str]
    proposed: dict[str, Proposed]

    def summary_lines(self) -> list[str]:
        """What was read, for the clerk, before anything is written."""
        return [f"读取 {self.rows_read} 行，得到 {len(self.sessions)} 场接访；"
                f"领导：{len(self.matched)} 位与 leaders.yaml 对上，{len(self.proposed)} 位待核对（建议记录另存）；"
                f"跳过 {len(self.skipped)} 行，出错 {len(self.problems)} 行。",
                *(f"  跳过 {s}" for s in self.skipped)]


def choose_table(path: Path, tables: list[Table], options: Options) -> Table:
    if options.sheet is not None:
        named = [t for t in tables if t.name == options.sheet]
        if not named:
            raise UsageError(f"{path} 里没有名为“{options.sheet}”的工作表；有：" + "、".join(t.name for t in tables))
        return named[0]
    if options.table is not None:
        if not 1 <= options.table <= len(tables):
            raise UsageError(f"{path} 里只有 {len(tables)} 个表格；--table 应为 1–{len(tables)}")
        return tables[options.table - 1]
    candidates = [t for t in tables if t.rows]
    if not candidates:
        raise ImportFileError(f"{path}: 里面没有表格（或表格是空的）；接访安排要做成表格才能导入")
    with_dates = [t for t in candidates if _header(t, None) is not None]
    if len(with_dates) > 1:
        names = "、".join(t.name for t in with_dates)
        flag = "--sheet 工作表名" if path.suffix.lower() == ".xlsx" else "--table 序号"
        raise UsageError(f"{path} 里有 {len(with_dates)} 个像接访安排的表格（{names}）；请用 {flag} 指明导入哪一个")
    return with_dates[0] if with_dates else candidates[0]


def _header(table: Table, columns: list[Column] | None) -> tuple[int, list[Column]] | None:
    """(rows the header takes, the column of each cell), or None without a date column."""
    if columns is not None:
        return (0, columns) if Column.DATE in columns else None
    for index, row in enumerate(table.rows[:12]):
        found = [header_column(v) for v in row]
        if Column.DATE in found and sum(1 for f in found if f is not None) >= 2:
            span = 1
            if index + 1 < len(table.rows):
                below = [header_column(v) for v in table.rows[index + 1]]
                if sum(1 for b in below if b is not None) >= 1 and not any(
                        find_date_quiet(v) for v in table.rows[index + 1]):
                    # a header over two rows: the lower names win where they say more
                    found = [b if b is not None and b is not Column.SKIP else f
                             for f, b in zip(found, below, strict=False)]
                    span = 2
            table.title = "\n".join([table.title, *(" ".join(map(str, r)) for r in table.rows[:index])]).strip()
            if found.count(Column.DATE) > 1:  # 日期 and 时间: the second is the time of day
                second = [i for i, f in enumerate(found) if f is Column.DATE][1]
                found[second] = Column.TIME
            return index + span, [f or Column.SKIP for f in found]
    return None


def find_date_quiet(value: Value) -> bool:
    try:
        return find_date(value, 2000) is not None
    except ValueError:
        return True


class Leaders:
    """``leaders.yaml`` by normalised name; ambiguous names are told apart by title and unit."""

    def __init__(self, content: Content) -> None:
        self.by_name: dict[str, list[Leader]] = defaultdict(list)
        for leader in content.leaders.values():
            self.by_name[squeeze(leader.name)].append(leader)
        self.taken = set(content.leaders)

    def names(self) -> set[str]:
        return set(self.by_name)

    def match(self, person: Person, unit: str | None, day: dt.date) -> Leader | list[Leader] | None:
        candidates = self.by_name.get(squeeze(person.name), [])
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        title = squeeze(person.title)
        for narrowed in ([c for c in candidates if title and squeeze(c.title) == title],
                         [c for c in candidates if c.unit == unit],
                         [c for c in candidates if c.serves_on(day)]):
            if len(narrowed) == 1:
                return narrowed[0]
            if len(narrowed) > 1:
                candidates = narrowed
        return candidates


def import_table(path: Path, content: Content, options: Options) -> Imported:
    tables = read_tables(path)
    if not tables:
        raise ImportFileError(f"{path}: 里面没有表格；接访安排要做成表格才能导入")
    table = choose_table(path, tables, options)
    header = _header(table, options.columns)
    if not table.rows:
        raise ImportFileError(f"{path}: {table.name} 是空的，没有可导入的行")
    if header is None:
        raise ImportFileError(f"{path}: {table.name} 没有日期列（表头里找不到“日期”“接访日期”“时间”）；"
                              "表头不同寻常时，用 --columns 按顺序写出各列，如 --columns 日期,接访领导,职务,地点")
    skip, columns = header
    year = options.year or year_in(table.title) or year_in(path.stem)
    unit_default = options.unit or content.office.unit
    units_by_name = {squeeze(u.name): u.id for u in content.units.values()}
    leaders = Leaders(content)
    known = leaders.names()
    result = Imported(0, [], [], [], set(), {})
    label = path.name
    previous_date: Value | None = None
    for cells, number in zip(table.rows[skip:], table.numbers[skip:], strict=True):
        where = f"{table.name}:第{number}行"
        row: dict[Column, Value] = {c: _joined(cells, columns, c) for c in Column if c is not Column.SKIP}
        if not any(str(v).strip() for v in cells):
            continue
        if [header_column(v) for v in cells].count(Column.DATE) and not find_date_quiet(row[Column.DATE]):
            result.skipped.append(f"{where}（重复的表头）")
            continue
        if options.columns is not None and not result.sessions and not result.problems \
                and not find_date_quiet(row[Column.DATE]):
            result.skipped.append(f"{where}（--columns 给了列名，这一行像是原来的表头或标题）")
            continue
        result.rows_read += 1
        carried = False
        if not str(row[Column.DATE]).strip() and str(row[Column.LEADER]).strip() and previous_date is not None:
            # a date merged over a morning and an afternoon row, as a CSV or a retyped table has it
            row[Column.DATE], carried = previous_date, True
        try:
            session = _row(row, where, year, options.year is not None, unit_default, units_by_name, leaders, known,
                           result)
        except ValueError as exc:
            result.problems.append(Problem(f"{label}:{where}", 0, str(exc)))
            continue
        previous_date = row[Column.DATE]
        if session is not None and carried:
            session.guesses.append("日期栏是空的，沿用上一行的日期")
        if session is None:
            result.rows_read -= 1
            result.skipped.append(f"{where}（没有日期，像是小标题或说明：“{_preview(cells)}”）")
            continue
        result.sessions.append(session)
    if result.rows_read == 0 and not result.problems:
        raise ImportFileError(f"{path}: {table.name} 只有表头，没有可导入的行")
    return result


def _joined(cells: list[Value], columns: list[Column], column: Column) -> Value:
    values = [cells[i] for i, c in enumerate(columns) if c is column and i < len(cells)]
    values = list(dict.fromkeys(v for v in values if (v.strip() if isinstance(v, str) else True)))
    if len(values) == 1:
        return values[0]
    return " ".join(str(v) for v in values)


def _preview(cells: list[Value]) -> str:
    text = " ".join(dict.fromkeys(str(c).strip() for c in cells if str(c).strip()))
    return text[:30] + ("…" if len(text) > 30 else "")


def _row(row: dict[Column, Value], where: str, year: int | None, year_from_option: bool, unit_default: str,
         units_by_name: dict[str, str], leaders: Leaders, known: set[str], result: Imported) -> Row | None:
    guesses: list[str] = []
    found = find_date(row[Column.DATE], year)
    if found is None:
        if str(row[Column.DATE]).strip():
            raise ValueError(f"日期“{normalise(str(row[Column.DATE]))}”看不懂；"
                             "请写成“2月2日”“2021年2月2日”或“2021-02-02”")
        return None
    if not found.year_given:
        guesses.append(f"年份 {found.day.year} 取自{'--year' if year_from_option else '标题'}")
    weekday = normalise(str(row[Column.WEEKDAY]))
    if weekday:
        said = re.search(r"[一二三四五六日天1-7]", weekday)
        if said:
            number = 7 if said.group(0) in "日天" else int(said.group(0)) if said.group(0).isdigit() \
                else WEEKDAYS.index(said.group(0)) + 1
            if number != found.day.isoweekday():
                raise ValueError(f"日期“{found.day.month}月{found.day.day}日”是星期{WEEKDAYS[found.day.weekday()]}，"
                                 f"星期列写的是“{weekday}”；请核对日期或星期")
    time_value = row[Column.TIME]
    time_text = time_value.strftime("%H:%M") if isinstance(time_value, dt.time) else str(time_value)
    slots, left, starts = find_times(" ".join(x for x in (found.rest, time_text) if x))
    if starts:
        guesses.append(f"表中只写了开始时间 {'、'.join(starts)}，按{'、'.join(str(s.part) for s in slots)}导入，"
                       "开始时间写进了 note")
    if left and re.search(r"\d", left):
        raise ValueError(f"时间“{left}”看不懂；请写成“上午”“8:30—11:30”或“上午8:30—11:30”")
    unit_text = squeeze(str(row[Column.UNIT]))
    unit = units_by_name.get(unit_text, unit_default) if unit_text else unit_default
    if unit_text and unit_text not in units_by_name:
        raise ValueError(f"单位“{normalise(str(row[Column.UNIT]))}”不在 units.yaml 里；"
                         "请核对名称，或先在 units.yaml 中添加")
    place = tidy(str(row[Column.PLACE]))
    mode_text = normalise(str(row[Column.MODE]))
    mode = find_mode(mode_text) if mode_text else None
    if mode_text and mode is None:
        raise ValueError(f"接访方式“{mode_text}”看不懂；"
                         "请写 现场接访、预约接访、约访、下访、视频接访、网上接访 或 电话接访")
    in_place = find_mode(place) if place else None
    if mode is None and in_place is not None:
        mode = in_place
        guesses.append(f"方式“{mode.label}”取自地点栏")
    mode = mode or Mode.ONSITE
    # a phone column is kept as written ("市人社局 0000-1111"); a number in the place text is picked out
    phones = [p.strip() for p in re.split(r"[、；;，,\n]", tidy(str(row[Column.PHONE]))) if p.strip()]
    venues: list[str] = []
    if place:
        if in_place is not None and not mode.receives_visitors:
            phones = phones or find_phones(place)
        else:
            venues = [v.strip() for v in re.split(r"[；;\n]", place) if v.strip()]
    people_text = str(row[Column.LEADER])
    if not people_text.strip():
        raise ValueError("没有写接访领导；请填上姓名、职务或“某某主要负责同志”")
    people = find_people(people_text, known)
    title_column = normalise(str(row[Column.TITLE]))
    ids: list[str] = []
    for person in people.persons:
        if title_column and not person.title and len(people.persons) == 1:
            person.title = title_column
        guesses += person.guesses
        match = leaders.match(person, unit, found.day)
        if isinstance(match, list):
            both = "、".join(f"{c.id}（{c.name}，{c.title}）" for c in match)
            raise ValueError(f"“{person.name}”有 {len(match)} 位同名领导：{both}；请在表中写上职务，"
                             "或导入后把 leaders 改成其中一个 id")
        if match is None:
            leader_id = _propose(person, unit, where, leaders, result)
            guesses.append(f"“{person.name}”不在 leaders.yaml 里，暂用建议的 id {leader_id}，请核对后加入 leaders.yaml")
        else:
            leader_id = match.id
            result.matched.add(match.id)
            if person.title and squeeze(person.title) != squeeze(match.title):
                guesses.append(f"“{person.name}”的职务表中写“{person.title}”，leaders.yaml 是“{match.title}”")
        if leader_id not in ids:
            ids.append(leader_id)
    scope = tidy(str(row[Column.SCOPE])) or None
    booking = tidy(str(row[Column.BOOKING])) or None
    note = "；".join(x for x in (tidy(str(row[Column.NOTE])), "、".join(starts)) if x) or None
    return Row(where, found.day, slots, unit, ids, people.role, people.with_others, venues, mode, scope, booking,
               phones, note, guesses)


def _propose(person: Person, unit: str, where: str, leaders: Leaders, result: Imported) -> str:
    key = squeeze(person.name)
    for proposed in result.proposed.values():
        if squeeze(proposed.name) == key:
            proposed.rows.append(where)
            return proposed.id
    base = re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(key)).lower()).strip("-") or "leader"
    leader_id, n = base, 2
    while leader_id in leaders.taken or leader_id in result.proposed:
        leader_id, n = f"{base}-{n}", n + 1
    result.proposed[leader_id] = Proposed(leader_id, key, person.title, unit, [where])
    return leader_id


# --- writing ------------------------------------------------------------------------------


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _list(items: list[str]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def session_ids(rows: list[Row]) -> list[str]:
    counts: Counter[tuple[str, dt.date]] = Counter()
    ids = []
    for row in rows:
        counts[(row.unit, row.date)] += 1
        ids.append(f"{row.unit}-{row.date:%Y%m%d}-{counts[(row.unit, row.date)]}")
    return ids


def schedule_yaml(source: Path, imported: Imported, today: dt.date) -> str:
    rows = sorted(imported.sessions, key=lambda r: (r.date, r.slots[0].start or dt.time(0) if r.slots else dt.time(0)))
    lines = [f"# 由 xinfang import 从 {_safe_comment(source.name)} 导入（{today.isoformat()}）：{len(rows)} 场接访。",
             "# 带“导入时推断”注释的行是按惯例猜的，请对照原表核对；核对后注释可以删掉。"]
    lines += _rota_comment(rows)
    lines.append("sessions:")
    for row, session_id in zip(rows, session_ids(rows), strict=True):
        guessed = f"；导入时推断：{_safe_comment('；'.join(row.guesses))}" if row.guesses else ""
        lines.append(f"  # {_safe_comment(row.where)}{guessed}")
        lines.append(f"  - id: {session_id}")
        lines.append(f"    date: {row.date.isoformat()}")
        lines.append(f"    unit: {row.unit}")
        if row.leaders:
            lines.append(f"    leaders: [{', '.join(row.leaders)}]")
        if row.role:
            lines.append(f"    role: {_q(row.role)}")
        if row.with_others is True:
            lines.append("    with_others: true")
        elif isinstance(row.with_others, str):
            lines.append(f"    with_others: {_q(row.with_others)}")
        if row.slots:
            lines.append(f"    times: [{', '.join(s.as_yaml() for s in row.slots)}]")
        if row.venues:
            lines.append(f"    venues: {_list(row.venues)}")
        lines.append(f"    mode: {row.mode.value}")
        for key, value in (("scope", row.scope), ("booking", row.booking), ("note", row.note)):
            if value:
                lines.append(f"    {key}: {_q(value)}")
        if row.phone:
            lines.append(f"    phone: {_list(row.phone)}")
    return "\n".join(lines) + "\n"


def _safe_comment(text: str) -> str:
    """A comment stays one line whatever the cell held."""
    return re.sub(r"[\r\n\u2028\u2029\x85]+", " ", text)


def _rota_comment(rows: list[Row]) -> list[str]:
    """When every session falls on one or two weekdays (and there are a few weeks of them),
    the weekly rules the clerk could write instead, as a comment."""
    if len(rows) < 4:
        return []
    weekdays = sorted({r.date.isoweekday() for r in rows})
    if len(weekdays) > 2 or len({r.unit for r in rows}) != 1:
        return []
    first, last = min(r.date for r in rows), max(r.date for r in rows)
    lines = [f"# 这些接访都在{'、'.join('星期' + WEEKDAYS[w - 1] for w in weekdays)}：也可以写成每周规则"
             "（节假日自动跳过），例如：", "# rules:"]
    for weekday in weekdays:
        on_day = [r for r in rows if r.date.isoweekday() == weekday]
        roster = list(dict.fromkeys(i for r in on_day for i in r.leaders))
        sample = on_day[0]
        lines += [f"#   - id: {sample.unit}-weekly-{weekday}", "#     kind: weekly", f"#     weekday: {weekday}",
                  f"#     start: {first.isoformat()}", f"#     end: {last.isoformat()}", f"#     unit: {sample.unit}"]
        if roster:
            lines.append(f"#     roster: [{', '.join(roster)}]")
        if sample.slots:
            lines.append(f"#     times: [{', '.join(s.as_yaml() for s in sample.slots)}]")
        if sample.venues:
            lines.append(f"#     venues: {_safe_comment(_list(sample.venues))}")
    return lines


def proposed_yaml(source: Path, imported: Imported) -> str:
    lines = [f"# xinfang import 从 {_safe_comment(source.name)} 读到、但 leaders.yaml 里没有的人。",
             "# 请逐一核对姓名、职务和单位，确认后把这一段复制到 content/leaders.yaml 的 leaders: 下；",
             "# 导入的接访安排已经用了这里的 id，加入之前 xinfang check 会报“领导未定义”。", "leaders:"]
    for proposed in imported.proposed.values():
        lines += [f"  # 见于 {_safe_comment('、'.join(proposed.rows))}", f"  - id: {proposed.id}",
                  f"    name: {_q(proposed.name)}", f"    title: {_q(proposed.title or '待填写')}",
                  f"    unit: {proposed.unit}"]
    return "\n".join(lines) + "\n"


class RowErrors(ContentError):
    """Row errors in the table's order (not sorted as text: 第10行 after 第7行)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


@dataclass(frozen=True)
class Written:
    """What ``write_import`` wrote: the schedule file, and the leaders to check (if any)."""

    output: Path
    proposed: Path | None


def write_import(source: Path, imported: Imported, content_dir: Path, output: Path | None, *,
                 force: bool, today: dt.date) -> Written:
    """The imported sessions as a schedule file (``output``, by default under ``content/schedule/``
    named for the month or the days it covers), and the leaders not in leaders.yaml beside the
    content folder; neither overwrites a file without ``force`` nor goes into a published site."""
    from ..atomic import write_text
    from ..output_guard import published_site_around

    if not imported.sessions:
        raise UsageError(f"{source} 里没有一行能导入；请按上面的提示改正后再导入")
    days = sorted(r.date for r in imported.sessions)
    months = {(d.year, d.month) for d in days}
    default = (f"{days[0]:%Y-%m}.yaml" if len(months) == 1 else f"import-{days[0]:%Y%m%d}-{days[-1]:%Y%m%d}.yaml")
    output = output if output is not None else content_dir / "schedule" / default
    # beside content/, not in it: the loader would read it as content before the clerk has checked it
    proposed = content_dir.resolve().parent / f"待核对领导-{output.stem}.yaml"
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"输出文件 {output} 应以 .yaml 结尾，如 -o content/schedule/{default}")
    for target in (output, proposed) if imported.proposed else (output,):
        if target.exists() and not force:
            raise UsageError(f"{target} 已存在；为免覆盖已有的安排，已停止，未写入任何文件。"
                             "确认要替换它时加 --force，或用 -o 另写一个文件")
        if published_site_around(target.resolve().parent) is not None:
            raise UsageError(f"{target} 在已发布的网站目录里；请写到 content/schedule/")
    output.parent.mkdir(parents=True, exist_ok=True)
    write_text(output, schedule_yaml(source, imported, today))
    if not imported.proposed:
        return Written(output, None)
    write_text(proposed, proposed_yaml(source, imported))
    return Written(output, proposed)
