"""A corpus of broken tables: each gets one clear line (file) or one line per bad row, all
in one run, exit 1, nothing written, never a traceback."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.tables import notice

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _empty_sheet(path: Path) -> None:
    from openpyxl import Workbook

    Workbook().save(path)


def _no_date_column(path: Path) -> None:
    path.write_text("2026年2月接访安排\n接访领导,地点\n何文静,接待中心\n", encoding="utf-8")


def _header_only(path: Path) -> None:
    path.write_text("日期,接访领导,地点\n", encoding="utf-8")


def _corrupt(path: Path) -> None:
    notice.xlsx_file(path)
    path.write_bytes(path.read_bytes()[:1500])


def _encrypted(path: Path) -> None:
    path.write_bytes(OLE + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"))


def _old_xls(path: Path) -> None:
    path.write_bytes(OLE + "Workbook".encode("utf-16-le") + b"\x00" * 64)


def _old_doc(path: Path) -> None:
    path.write_bytes(OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 64)


def _docx_named_xlsx(path: Path) -> None:
    notice.docx_file(path.with_suffix(".docx")).rename(path)


def _html_named_xlsx(path: Path) -> None:
    path.write_text("<html><body><table><tr><td>日期</td></tr></table></body></html>", encoding="utf-8")


def _zip_not_office(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "x")
    path.write_bytes(buffer.getvalue())


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _binary_csv(path: Path) -> None:
    notice.xlsx_file(path.with_suffix(".xlsx")).rename(path)


CORPUS: list[tuple[str, Callable[[Path], None], str]] = [
    ("空工作表.xlsx", _empty_sheet, "里面没有表格（或表格是空的）"),
    ("无日期.csv", _no_date_column, "没有日期列"),
    ("只有表头.csv", _header_only, "只有表头，没有可导入的行"),
    ("损坏.xlsx", _corrupt, "文件已损坏"),
    ("加密.xlsx", _encrypted, "文件有密码保护（已加密）"),
    ("旧表.xlsx", _old_xls, "这其实是旧式 .xls 文件"),
    ("旧文档.docx", _old_doc, "这其实是旧式 .doc 文件"),
    ("旧文档.doc", _old_doc, "不支持 .doc 文件"),
    ("文档.xlsx", _docx_named_xlsx, "这是一个 Word 文档，不是 .xlsx"),
    ("网页.xlsx", _html_named_xlsx, "不是 .xlsx 文件（内容是网页（HTML））"),
    ("压缩包.docx", _zip_not_office, "这是一个压缩包，不是 .docx"),
    ("空.csv", _empty_file, "文件是空的"),
    ("表格.csv", _binary_csv, "不是文本文件"),
]


@pytest.mark.parametrize(("name", "make", "message"), CORPUS, ids=[c[0] for c in CORPUS])
def test_a_broken_file_is_one_clear_line(name: str, make: Callable[[Path], None], message: str,
                                         content_copy: Callable[[str], Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    content = content_copy("minimal")
    before = sorted(p.name for p in (content / "schedule").iterdir())
    path = tmp_path / name
    make(path)
    assert main(["import", str(path), "--content", str(content)]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("警告：")]
    assert len(lines) == 1, err
    assert message in lines[0] and name in lines[0]
    assert "Traceback" not in err and "内部错误" not in err
    assert sorted(p.name for p in (content / "schedule").iterdir()) == before
    assert not list(content.parent.glob("待核对领导-*"))


BAD_ROWS = """2026年2月市领导接访安排
日期,时间,接访领导,地点,方式,单位
2月3日,上午,何文静,接待中心,现场接访,示例市
2月30日,上午,何文静,接待中心,,
2月5日（星期三）,上午,何文静,接待中心,,
2月10日,上午25:00—26:00,何文静,接待中心,,
2月12日,上午,何文静,接待中心,马上接访,
2月24日,下午,,接待中心,,
2月26日,下午,何文静,接待中心,,不存在区
3月3日,上午,郭海涛,接待中心,,
"""


def test_every_bad_row_is_reported_in_one_run_and_nothing_is_written(
        content_copy: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = content_copy("sample")
    path = tmp_path / "安排.csv"
    path.write_text(BAD_ROWS, encoding="utf-8")
    assert main(["import", str(path), "--content", str(content)]) == 1
    out, err = capsys.readouterr()
    assert "读取 8 行，得到 2 场接访" in out and "出错 6 行" in out
    errors = [line for line in err.splitlines() if line.startswith("安排.csv:")]
    assert errors == [
        "安排.csv:表1:第4行: 日期“2月30日”不存在",
        "安排.csv:表1:第5行: 日期“2月5日”是星期四，表中写的是“星期三”；请核对日期或星期",
        "安排.csv:表1:第6行: 时间“25:00—26:00”不是有效的钟点",
        "安排.csv:表1:第7行: 接访方式“马上接访”看不懂；"
        "请写 现场接访、预约接访、约访、下访、视频接访、网上接访 或 电话接访",
        "安排.csv:表1:第8行: 没有写接访领导；请填上姓名、职务或“某某主要负责同志”",
        "安排.csv:表1:第9行: 单位“不存在区”不在 units.yaml 里；请核对名称，或先在 units.yaml 中添加",
    ]
    assert "共 6 处问题，未生成任何文件。" in err and "Traceback" not in err
    assert not (content / "schedule/2026-02.yaml").exists()
    assert not list((content / "schedule").glob("import-*"))

    # --partial: the good rows are written, the command still says rows are missing
    assert main(["import", str(path), "--content", str(content), "--partial"]) == 1
    written = yaml.safe_load(next((content / "schedule").glob("import-*.yaml")).read_text(encoding="utf-8"))
    assert [s["date"].isoformat() for s in written["sessions"]] == ["2026-02-03", "2026-03-03"]


def test_hostile_cells_stay_text_in_the_written_yaml(content_copy: Callable[[str], Path], tmp_path: Path) -> None:
    content = content_copy("sample")
    path = tmp_path / "安排.csv"
    hostile_note = '"]\n  - id: evil\n    date: 2026-02-04\n# !!python/object/apply:os.system ["id"] &a *a'
    hostile_place = "<script>alert(1)</script>：{x: 1}, [y]"
    quoted = hostile_note.replace('"', '""')
    path.write_text("2026年2月安排\n日期,接访领导,地点,备注\n"
                    f'2月3日,"何文静",{hostile_place.replace(",", "，")},"{quoted}"\n', encoding="utf-8")
    assert main(["import", str(path), "--content", str(content)]) == 0
    written = yaml.safe_load((content / "schedule/2026-02.yaml").read_text(encoding="utf-8"))
    (session,) = written["sessions"]
    # kept as text, line breaks and all; only runs of spaces are made one
    assert session["note"] == '"]\n - id: evil\n date: 2026-02-04\n# !!python/object/apply:os.system ["id"] &a *a'
    assert session["venues"] == [hostile_place.replace(",", "，")]
