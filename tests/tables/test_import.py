"""xinfang import on a notice as offices write it, in all four formats, compared field by
field with expectations written by hand (not copied from the importer's output)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.model.schedule import DayPart, Mode
from generator.pipeline import prepare
from generator.tables.schedule_import import Options, import_table, parse_columns
from tests.tables import notice

D = dt.date
T = dt.time
AM, PM, DAY = DayPart.MORNING, DayPart.AFTERNOON, DayPart.ALL_DAY
VENUE = ["市人民来访接待中心"]
# date, slots (part, start, end), leaders, role, with_others, venues, mode, phone, note
EXPECTED = [
    (D(2026, 2, 3), [(AM, T(9), T(11, 30))], ["xu-xiong"], None, None, VENUE, Mode.ONSITE, [], None),
    (D(2026, 2, 5), [(AM, None, None)], ["jin-tianzhu"], None, None, VENUE, Mode.ONSITE, [], None),
    (D(2026, 2, 10), [(None, T(8, 30), T(11, 30))], ["lin-jianguo", "he-wenjing"], None, True, VENUE, Mode.ONSITE,
     [], "第四轮"),
    (D(2026, 2, 12), [(DAY, None, None)], [], "区委主要负责同志", None, VENUE, Mode.ONSITE, [], None),
    (D(2026, 2, 24), [(AM, T(8, 30), T(11, 30))], ["he-wenjing"], None, None, VENUE, Mode.ONSITE, [], None),
    (D(2026, 2, 24), [(PM, T(14, 30), T(17))], ["guo-haitao"], None, None, VENUE, Mode.ONSITE, [], None),
    (D(2026, 2, 26), [(PM, None, None)], ["tang-liping"], None, None, [], Mode.PHONE, ["0000-12345678"], None),
]
NEW_LEADERS = """
  - id: xu-xiong
    name: 徐雄
    title: 副市长
    unit: shili
  - id: jin-tianzhu
    name: 金天柱
    title: 副市长、公安局局长
    unit: shili
"""

Make = Callable[[Path], Path]
FORMATS: dict[str, Make] = {
    "docx": notice.docx_file, "xlsx": notice.xlsx_file, "csv": notice.csv_file, "html": notice.html_file,
    "csv-gbk": lambda p: notice.csv_file(p.with_suffix(".csv"), "gbk"),
    "csv-utf8-no-bom": lambda p: notice.csv_file(p.with_suffix(".csv"), "utf-8"),
    "csv-gb18030": lambda p: notice.csv_file(p.with_suffix(".csv"), "gb18030"),
    "htm-gbk": lambda p: notice.html_file(p.with_suffix(".htm"), "gbk"),
}


@pytest.fixture
def office(content_copy: Callable[[str], Path]) -> Path:
    content = content_copy("sample")
    leaders = content / "leaders.yaml"
    leaders.write_text(leaders.read_text(encoding="utf-8").rstrip("\n") + "\n" + NEW_LEADERS, encoding="utf-8")
    return content


def _fields(content: Path, path: Path) -> list[tuple[object, ...]]:
    imported = import_table(path, prepare(content).content, Options())
    assert imported.problems == []
    return [(r.date, [(s.part, s.start, s.end) for s in r.slots], r.leaders, r.role, r.with_others, r.venues, r.mode,
             r.phone, r.note) for r in imported.sessions]


@pytest.mark.parametrize("kind", list(FORMATS))
def test_a_real_shaped_notice_in_every_format(kind: str, office: Path, tmp_path: Path) -> None:
    suffix = "." + kind.split("-")[0]
    path = FORMATS[kind](tmp_path / f"安排{suffix}")
    got = _fields(office, path)
    assert len(got) == len(EXPECTED)
    for mine, expected in zip(got, EXPECTED, strict=True):
        assert mine == expected


def test_the_command_writes_a_schedule_that_check_reads(office: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = notice.docx_file(tmp_path / "安排.docx")
    assert main(["import", str(path), "--content", str(office)]) == 0
    out = capsys.readouterr().out
    assert "读取 7 行，得到 7 场接访；领导：6 位与 leaders.yaml 对上，0 位待核对" in out
    assert "xinfang check 通过" in out
    written = office / "schedule/2026-02.yaml"
    text = written.read_text(encoding="utf-8")
    sessions = yaml.safe_load(text)["sessions"]
    assert [s["date"] for s in sessions] == [D(2026, 2, d) for d in (3, 5, 10, 12, 24, 24, 26)]
    assert sessions[0]["times"] == [{"part": "上午", "start": "09:00", "end": "11:30"}]
    assert sessions[3]["role"] == "区委主要负责同志" and "leaders" not in sessions[3]
    # a comment beside each guess: the year from the title, the typesetting space
    assert "# 表1:第3行；导入时推断：年份 2026 取自标题；“徐 雄”里的姓名有排版空格，按“徐雄”" in text
    # the rota, as the rules the clerk could write instead
    assert "# 这些接访都在星期二、星期四" in text and "#     weekday: 2" in text and "#     weekday: 4" in text
    prepared = prepare(office)
    assert {s.date for s in prepared.sessions if s.group.startswith("shili-202602")} == {
        D(2026, 2, d) for d in (3, 5, 10, 12, 24, 26)}
    # never overwritten without --force
    assert main(["import", str(path), "--content", str(office)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert main(["import", str(path), "--content", str(office), "--force"]) == 0


def test_an_unknown_person_is_proposed_not_added(content_copy: Callable[[str], Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    content = content_copy("sample")
    leaders_before = (content / "leaders.yaml").read_text(encoding="utf-8")
    path = notice.xlsx_file(tmp_path / "安排.xlsx")
    assert main(["import", str(path), "--content", str(content)]) == 1  # check: the two are not in leaders.yaml
    out, err = capsys.readouterr()
    assert "4 位与 leaders.yaml 对上，2 位待核对" in out
    assert (content / "leaders.yaml").read_text(encoding="utf-8") == leaders_before
    proposed = yaml.safe_load((content.parent / "待核对领导-2026-02.yaml").read_text(encoding="utf-8"))["leaders"]
    assert proposed == [{"id": "xu-xiong", "name": "徐雄", "title": "副市长", "unit": "shili"},
                        {"id": "jin-tian-zhu", "name": "金天柱", "title": "副市长、公安局局长", "unit": "shili"}]
    assert "领导 'xu-xiong' 未在 content/leaders.yaml 中定义" in err or "'xu-xiong'" in err


def test_two_leaders_of_one_name_are_a_row_error_naming_both(office: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    leaders = office / "leaders.yaml"
    leaders.write_text(leaders.read_text(encoding="utf-8") + """
  - id: wang-wei
    name: 王伟
    title: 副市长
    unit: shili
  - id: wang-wei-2
    name: 王 伟
    title: 副市长
    unit: shili
""", encoding="utf-8")
    path = tmp_path / "安排.csv"
    path.write_text("2026年3月接访安排\n日期,接访领导,地点\n3月3日,王伟,接待中心\n3月5日,王伟（副市长）,接待中心\n",
                    encoding="utf-8")
    assert main(["import", str(path), "--content", str(office)]) == 1
    err = capsys.readouterr().err
    assert "安排.csv:表1:第3行: “王伟”有 2 位同名领导：wang-wei（王伟，副市长）、wang-wei-2（王 伟，副市长）" in err
    assert "安排.csv:表1:第4行:" in err
    assert not (office / "schedule/2026-03.yaml").exists()


def test_a_title_in_the_table_tells_two_of_one_name_apart(office: Path, tmp_path: Path) -> None:
    leaders = office / "leaders.yaml"
    leaders.write_text(leaders.read_text(encoding="utf-8") + """
  - id: wang-wei
    name: 王伟
    title: 副市长
    unit: shili
  - id: wang-wei-2
    name: 王伟
    title: 市政府秘书长
    unit: shili
""", encoding="utf-8")
    path = tmp_path / "安排.csv"
    path.write_text("日期,接访领导,地点\n2026年3月3日,王伟 市政府秘书长,接待中心\n", encoding="utf-8")
    imported = import_table(path, prepare(office).content, Options())
    assert [r.leaders for r in imported.sessions] == [["wang-wei-2"]]


def test_options_year_unit_columns_and_table(office: Path, tmp_path: Path) -> None:
    path = tmp_path / "无标题.csv"
    # unusual headers, no year anywhere: --columns names them, --year gives the year
    path.write_text("甲,乙,丙,丁\n3月3日,周二,许光明,东城区人民来访接待中心\n", encoding="utf-8")
    options = Options(unit="dongcheng", year=2026, columns=parse_columns("日期,星期,接访领导,地点"))
    imported = import_table(path, prepare(office).content, options)
    assert imported.problems == []
    (row,) = imported.sessions
    assert (row.date, row.unit, row.leaders, row.venues) == (D(2026, 3, 3), "dongcheng", ["xu-guangming"],
                                                             ["东城区人民来访接待中心"])


def test_the_ordinary_check_reads_what_was_imported(office: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A session on a holiday is check's warning; a leader in two places at once its error."""
    holiday = tmp_path / "春节.csv"
    # 2026: 春节 is 2月15日–23日 (State Council notice); 2月17日 is a Tuesday inside it
    holiday.write_text("2026年2月安排\n日期,时间,接访领导,地点\n2月17日（星期二）,上午,何文静,市人民来访接待中心\n",
                       encoding="utf-8")
    assert main(["import", str(holiday), "--content", str(office)]) == 0
    err = capsys.readouterr().err
    assert "接访“shili-20260217-1”的日期 2026-02-17 是春节假期" in err
    twice = tmp_path / "两处.csv"
    twice.write_text("2026年3月安排\n日期,时间,接访领导,地点\n3月3日,上午9:00—11:00,何文静,甲接待室\n"
                     "3月3日,上午10:00—12:00,何文静,乙接待室\n", encoding="utf-8")
    assert main(["import", str(twice), "--content", str(office)]) == 1
    err = capsys.readouterr().err
    assert "何文静同一时间安排了两处接访" in err and "导入的安排已写入" in err


def test_a_start_time_alone_is_the_part_of_day_and_a_note(office: Path, tmp_path: Path) -> None:
    path = tmp_path / "安排.csv"
    path.write_text("2026年3月安排\n日期,时间,接访领导,地点,备注\n3月3日（星期二）,上午9:00,何文静,接待中心,\n"
                    "3月5日,１４：３０,郭海涛,接待中心,第二轮\n", encoding="utf-8")
    imported = import_table(path, prepare(office).content, Options())
    assert imported.problems == []
    first, second = imported.sessions
    assert [(s.part, s.start) for s in first.slots] == [(AM, None)] and first.note == "09:00开始"
    assert [(s.part, s.start) for s in second.slots] == [(PM, None)] and second.note == "第二轮；14:30开始"
    assert any("只写了开始时间" in g for g in first.guesses)


def test_which_table_or_sheet(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import docx
    from openpyxl import Workbook

    document = docx.Document()
    document.add_paragraph("2026年3月接访安排")
    for leader in ("何文静", "郭海涛"):
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "日期", "接访领导"
        table.cell(1, 0).text, table.cell(1, 1).text = "3月3日", leader
    two = tmp_path / "两表.docx"
    document.save(str(two))
    assert main(["import", str(two), "--content", str(office)]) == 2
    assert "有 2 个像接访安排的表格（表1、表2）；请用 --table 序号 指明" in capsys.readouterr().err
    assert main(["import", str(two), "--content", str(office), "--table", "3"]) == 2
    assert [r.leaders for r in import_table(two, prepare(office).content, Options(table=2)).sessions] == [
        ["guo-haitao"]]

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "说明"
    first.append(["本表由市委办公室编制"])
    sheet = book.create_sheet("3月")
    sheet.append(["日期", "接访领导"])
    sheet.append([dt.datetime(2026, 3, 5), "何文静"])
    workbook = tmp_path / "表.xlsx"
    book.save(workbook)
    assert main(["import", str(workbook), "--content", str(office), "--sheet", "4月"]) == 2
    assert "没有名为“4月”的工作表；有：说明、3月" in capsys.readouterr().err
    imported = import_table(workbook, prepare(office).content, Options(sheet="3月"))
    assert [(r.date, r.leaders) for r in imported.sessions] == [(D(2026, 3, 5), ["he-wenjing"])]
    # without --sheet the one sheet with a date column is found
    assert [r.date for r in import_table(workbook, prepare(office).content, Options()).sessions] == [D(2026, 3, 5)]
