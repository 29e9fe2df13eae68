"""The privacy guard finds private values however they are written, and only them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import OutputError
from generator.privacy.anonymise import mask_free_text
from generator.privacy.idnumber import id_check_digit
from generator.privacy.scan import Scanner, Secret, format_leak, scan_tree
from tests.conftest import edit
from tests.site.conftest import build_sample

SECRETS = [
    Secret("张三丰", "name", "c-1", "content/cases/c-1.yaml"),
    Secret("19900001234", "phone", "c-1", "content/cases/c-1.yaml"),
    Secret("990000198001010004", "id_number", "c-1", "content/cases/c-1.yaml"),
    Secret("示例市东城区幸福里5栋302室", "address", "c-1", "content/cases/c-1.yaml"),
]


def test_check_digits_against_hand_computed_examples() -> None:
    # GB 11643's own example 11010519491231002X: weighted sum 167, 167 mod 11 = 2 -> 'X'
    assert id_check_digit("11010519491231002") == "X"
    # 99000019800101000: 9*7+9*9+0+0+0+0+1*2+9*1+8*6+0+0+1*9+0+1*5+0+0+0 = 217, 217 mod 11 = 8 -> '4'
    assert id_check_digit("99000019800101000") == "4"


def test_finds_each_value_however_it_is_written(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        "<p>来访人：张 三 丰</p>\n<p>&#x5f20;&#x4e09;&#x4e30;，电话 199-0000-1234</p>\n", encoding="utf-8")
    (tmp_path / "search_index.json").write_text('{"text": "\\u5f20\\u4e09\\u4e30 \\u200b"}', encoding="utf-8")
    (tmp_path / "x.ics").write_text("DESCRIPTION:证件 990000 1980 0101 0004\nLOCATION:示例市东城区幸福里5栋 302室\n",
                                    encoding="utf-8")
    leaks = scan_tree(tmp_path, SECRETS, allow=[])
    found = {(leak.file, leak.line, leak.kind) for leak in leaks}
    assert found == {
        ("a/index.html", 1, "name"), ("a/index.html", 2, "name"), ("a/index.html", 2, "phone"),
        ("search_index.json", 1, "name"), ("x.ics", 1, "id_number"), ("x.ics", 2, "address"),
    }
    assert all(leak.case_id == "c-1" for leak in leaks)
    message = format_leak(leaks[0])
    assert "c-1" in message and "张三丰" not in message and "张某" in message


def test_patterns_report_numbers_of_nobody_we_know_but_not_the_hotline(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(
        "热线 0000-12345678，咨询 13912345678；证号 11010519491231002X；"
        "错号 110105194912310021；日期 2026-11-24；两个号码 0000-12345678 12345", encoding="utf-8")
    leaks = scan_tree(tmp_path, [], allow=["0000-12345678", "12345"])
    assert sorted(leak.kind for leak in leaks) == ["id_pattern", "mobile_pattern"]


def test_masking_free_text_for_publication() -> None:
    from generator.model.cases import Petitioner

    person = Petitioner(name="张三丰", phone="19900001234", id_number="990000198001010004",
                        address="示例市东城区幸福里5栋302室")
    text = "张 三 丰（身份证990000198001010004，电话199 0000 1234）住示例市东城区幸福里5栋302室，另有13912345678。"
    masked = mask_free_text(text, person)
    assert masked.startswith("张某（身份证（身份证号已隐去），电话（电话已隐去））住（地址已隐去）")
    assert "13912345678" not in masked
    assert not Scanner(SECRETS, allow=[]).scan_text(masked, "x")


def _build(root: Path, site: Path) -> None:
    build_sample(site, dt.date(2026, 11, 24), root)


def test_a_planted_leak_fails_the_build_and_masking_protects_the_case_page(content_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = content_copy("sample")
    case_file = root / "cases/2026-0001.yaml"
    leak = "赵春华（身份证 990001196503120120，电话 199-0000-1101，住示例市东城区河西街道幸福里小区5栋302室）"
    edit(case_file, "  asked: 一名退休前的纺织厂职工反映", f"  asked: {leak}反映")
    notice = root / "notices/2026-10-online-platform.md"
    notice.write_text(notice.read_text(encoding="utf-8") + f"\n感谢{leak}的建议。\n", encoding="utf-8")
    site = tmp_path / "site"
    with pytest.raises(OutputError) as caught:
        _build(root, site)
    message = str(caught.value)
    for kind in ("姓名", "身份证号", "手机号", "住址"):
        assert "notices/2026-10-online-platform/index.html" in message and f"信访人的{kind}" in message, kind
    assert "案件 2026-0001" in message
    assert "990001196503120120" not in message and "赵春华" not in message
    assert not site.exists()
    # without the notice, the masked case page is published
    notice.write_text(notice.read_text(encoding="utf-8").replace(f"\n感谢{leak}的建议。\n", ""), encoding="utf-8")
    _build(root, site)
    page = (site / "cases/2026-0001/index.html").read_text(encoding="utf-8")
    assert "赵某" in page or "赵女士" in page
    for value in ("赵春华", "990001196503120120", "19900001101", "幸福里小区5栋302室"):
        assert value not in page


def test_a_leak_in_the_feeds_and_data_files_is_found_while_mkdocs_runs(content_copy, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """At city scale the copied files are scanned in a second process; force that path."""
    monkeypatch.setattr("generator.site.build.tree.PARALLEL_SESSIONS", 0)
    root = content_copy("sample")
    edit(root / "schedule/city.yaml", "    booking: 由市信访局电话约请信访人，无需自行预约",
         "    booking: 由市信访局电话约请信访人，无需自行预约，联系 199 0000 1101")
    with pytest.raises(OutputError) as caught:
        _build(root, tmp_path / "site")
    reported = {line.split(":")[0] for line in str(caught.value).splitlines()[1:]}
    assert {"calendar/all.ics", "data/schedule.csv", "data/schedule.json"} <= reported
    assert any(f.endswith(".html") for f in reported)
    assert "19900001101" not in str(caught.value)


def test_folding_reads_look_alikes_and_chinese_numerals_as_digits() -> None:
    from generator.privacy.normalise import fold, readable, text_view

    assert fold("１９９．００００；𝟏𝟗；①；一九九〇；壹玖零；幺三八；ＡＢｘ") == "199．0000；19；1；1990；190；138；ABx"
    assert fold("金") == "金"  # U+F90A, a compatibility ideograph, is the ordinary 金
    assert readable("DESCRIPTION:电话199\r\n 00001234") == "DESCRIPTION:电话19900001234"
    assert readable('{"t": "\\u5f20\\u4e09\\u4e30\\n1"}') == '{"t": "张3丰\n1"}'
    assert readable("%E5%BC%A0 &#x4e09; &amp;") == "张 3 &"
    assert text_view("<p>赵<b>春</b>华</p>\n<p>1</p>") == "\x1e赵\x1f春\x1f华\x1e\n\x1e1\x1e"


def test_legitimate_numbers_are_not_reported(tmp_path: Path) -> None:
    """Dates, times, 文号, statistics tables, counts in JSON, postcodes, record numbers,
    leaders' names and the office's published numbers are not anybody's private data."""
    (tmp_path / "stats.html").write_text(
        "<table><tr><td>13</td><td>8</td><td>0</td><td>0</td><td>1</td><td>3</td><td>8</td><td>0</td>"
        "<td>0</td><td>0</td><td>0</td></tr></table>\n"
        "<p>2026-11-24 09:00—12:00，2026年12月1日 13:30-17:00；示信受〔2026〕12号；邮编 000000；"
        "示ICP备00000000号；示公网安备 00000000000000号；热线 0000-12345678、12345。</p>\n"
        "<p>第一、二、三条；一九九〇年；接访领导张三丰（市长）。</p>\n", encoding="utf-8")
    (tmp_path / "counts.json").write_text('{"by_month": [13, 8, 0, 0, 1, 3, 8, 0, 0, 0, 0], "yuan": 138001.5}',
                                          encoding="utf-8")
    (tmp_path / "s.csv").write_text("2026-12-01,09:00,12:00,13,800,1380\n2026-12-02,09:00,12:00,0,13,8\n",
                                    encoding="utf-8")
    leaks = scan_tree(tmp_path, SECRETS[1:], allow=["0000-12345678", "12345"], public_names=["张三丰"])
    assert [format_leak(leak) for leak in leaks] == []


def _docx(path: Path, *runs: str) -> None:
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    for run in runs:
        paragraph.add_run(run)
    document.save(str(path))


def test_office_files_pdfs_and_gzip_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip
    import shutil
    import subprocess

    import openpyxl

    site = tmp_path / "site"
    (site / "letters").mkdir(parents=True)
    _docx(site / "letters/a.docx", "信访人：张", "三", "丰")  # Word splits a name into runs
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"], sheet["B1"] = "电话", "199 0000 1234"
    book.save(str(site / "ledger.xlsx"))
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>990000198001010004</loc>"))
    (site / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    if shutil.which("soffice") and shutil.which("pdftotext"):
        _docx(tmp_path / "b.docx", "住示例市东城区幸福里5栋302室")
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(site),
                        str(tmp_path / "b.docx")], check=True, capture_output=True, timeout=180)
    leaks = scan_tree(site, SECRETS, allow=[])
    found = {(leak.file, leak.kind) for leak in leaks}
    assert ("letters/a.docx!word/document.xml", "name") in found
    assert ("ledger.xlsx!xl/worksheets/sheet1.xml", "phone") in found or \
        ("ledger.xlsx!xl/sharedStrings.xml", "phone") in found, found
    assert ("sitemap.xml", "id_number") in found
    assert ("old.doc", "unreadable") in found
    if (site / "b.pdf").exists():
        assert ("b.pdf", "address") in found
        # without pdftotext a PDF cannot be read, so it is refused rather than published unread
        monkeypatch.setattr("generator.privacy.extract.shutil.which", lambda _: None)
        leaks = scan_tree(site, SECRETS, allow=[])
        assert any(leak.file == "b.pdf" and leak.kind == "unreadable" for leak in leaks)
        assert "pdftotext" in format_leak(next(leak for leak in leaks if leak.file == "b.pdf"))


def test_values_in_comments_attributes_and_split_by_tags(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(
        '<p>说明</p><!-- 备用：张三丰 199 0000 1234 -->\n'
        '<a href="tel:+86-199-0000-1234">电话</a><img alt="张三丰" src="x.png">\n'
        "<p>证件 990000<b>1980</b>0101<i>0004</i></p>\n<p>住示例市东城区幸福</p>\n<p>里5栋302室</p>\n",
        encoding="utf-8")
    found = {(leak.line, leak.kind) for leak in scan_tree(tmp_path, SECRETS, allow=[])}
    assert found == {(1, "name"), (1, "phone"), (2, "phone"), (2, "name"), (3, "id_number"), (4, "address")}
    # a two-character name does not match across a paragraph boundary: too many words would
    (tmp_path / "p.html").write_text("<p>主张</p><p>三丰收</p>", encoding="utf-8")
    assert not scan_tree(tmp_path, [Secret("张三", "name", "c", "f")], allow=[])
    (tmp_path / "p.html").write_text("<p>主<b>张</b>三丰收</p>", encoding="utf-8")
    assert scan_tree(tmp_path, [Secret("张三", "name", "c", "f")], allow=[])
