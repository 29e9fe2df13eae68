"""The procedure's edges, through the command line as a clerk meets them.

Dates are worked by hand over the 2026 official calendar (国务院办公厅通知):
劳动节 05-01..05-05 (05-09 Saturday worked), 端午 06-19..06-21, 国庆/中秋 10-01..10-07.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from generator.cli import main
from generator.letters.templates import SHIPPED
from tests.conftest import REPO, edit


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample office in a scratch folder (content/, letter_templates/), run from there."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XINFANG_TODAY", "2026-11-24")
    return tmp_path


def text_of(path: Path) -> str:
    return "".join(p.text for p in Document(str(path)).paragraphs)


def drop_register_line(office: Path, key: str) -> None:
    register = office / "content/register.tsv"
    lines = register.read_text(encoding="utf-8").splitlines(keepends=True)
    register.write_text("".join(line for line in lines if key not in line), encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_acceptance_states_the_deadline_as_it_stood_without_the_later_extension(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 2026-0003: accepted 2026-03-06; +60 days = 05-05, the last day of 劳动节 -> Wednesday 05-06.
    # The 30-day extension was approved on 04-28, after the acceptance letter: 06-04 must not appear.
    edit(office / "content/cases/2026-0003.yaml", "letters: [reply, review, recheck]",
         "letters: [acceptance, reply, review, recheck]")
    code, _, err = run(capsys, "letter", "2026-0003", "acceptance", "-o", "out/a.docx")
    assert code == 0, err
    text = text_of(office / "out/a.docx")
    assert "60日内办结，即2026年5月6日前" in text
    assert "2026年6月4日" not in text


def test_a_failed_render_reports_the_missing_fact_and_consumes_no_number(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = office / "content/register.tsv"
    before = register.read_bytes()
    code, _, err = run(capsys, "letter", "2026-0001", "recheck")
    assert code == 1
    assert "案件“2026-0001”要生成复核意见书（recheck），但案件文件中还没有：复查请求" in err
    assert "复核请求（提出日期、理由等）（recheck）" in err
    assert "NoneType" not in err and "decided'" not in err and "Traceback" not in err
    assert register.read_bytes() == before
    assert not (office / "letters").exists()


def test_a_template_that_fails_mid_render_takes_no_number(office: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    register = office / "content/register.tsv"
    (office / "content/register.tsv").unlink()
    (office / "letter_templates/reply.j2").write_text("{{ no_such_value }}\n", encoding="utf-8")
    code, _, err = run(capsys, "letter", "2026-0010", "reply")
    assert code == 1 and "no_such_value" in err
    assert not register.exists() or "2026-0010" not in register.read_text(encoding="utf-8")


def test_a_late_review_request_is_reported_and_answered_by_a_review_rejection(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 2026-0013: reply delivered 2026-05-22; +30 = 06-21, a Sunday in 端午 -> Monday 06-22.
    # The request came on 07-15: 23 days late.
    case = office / "content/cases/2026-0013.yaml"
    edit(case, "letters: [reply, review_rejection]", "letters: [reply, review]")
    code, _, err = run(capsys, "check")
    assert code == 1
    assert ("复查请求于2026年7月15日提出，超过《信访工作条例》第三十五条规定的30日期限"
            "（自2026年5月22日收到处理意见书起算，2026年6月22日届满）23日，不能出具复查意见书") in err
    edit(case, "letters: [reply, review]", "letters: [reply]")
    code, _, err = run(capsys, "check")
    assert code == 0 and "应发不予受理复查申请告知书（letters 中加 review_rejection）" in err
    code, _, err = run(capsys, "letter", "2026-0013", "review_rejection", "-o", "out/rr.docx")
    assert code == 0, err
    document = Document(str(office / "out/rr.docx"))
    text = text_of(office / "out/rr.docx")
    assert "不予受理复查申请告知书" in text
    assert "示政复查不受〔2026〕1号" in text
    for phrase in ("于2026年7月15日向本机关提出复查请求", "于2026年5月22日收到该处理意见书",
                   "《信访工作条例》第三十五条", "已于2026年6月22日届满", "本机关不予受理",
                   "如有新的事实和理由", "诉讼、仲裁、行政复议"):
        assert phrase in text, phrase
    # issued by the 复查机关 in its own name and contact, not this office's
    paragraphs = [p.text for p in document.paragraphs]
    assert "示例市人民政府" in paragraphs and "2026年7月20日" in paragraphs
    assert "王晓" not in text and "复查复核办公室" in text


def test_a_late_recheck_request_of_a_joint_petition(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 2026-0014: 复查意见书 delivered 2026-05-06; +30 = 06-05, a Friday and a working day.
    # The 复核 request came on 06-30: 25 days late.  Three petitioners signed: 你们 throughout.
    code, _, err = run(capsys, "letter", "2026-0014", "recheck_rejection", "-o", "out/rc.docx")
    assert code == 0, err
    text = text_of(office / "out/rc.docx")
    assert "郑国强、冯玉兰、褚建军：" in text
    assert "你们于2026年5月6日收到该复查意见书" in text
    assert "《信访工作条例》第三十六条第一款" in text and "已于2026年6月5日届满" in text
    assert not re.search(r"(?<![你])你(?![们单])", text)
    # the in-time 复查 of the same case is fine; asking for a 复核 refusal of an in-time request is not
    edit(office / "content/cases/2026-0014.yaml", "requested: 2026-06-30", "requested: 2026-06-05")
    code, _, err = run(capsys, "check")
    assert code == 1 and "复核请求在30日期限内（2026年6月5日届满），不能发不予受理复核申请告知书" in err


def test_repeat_after_recheck_suggests_no_longer_accepting(office: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    # 2026-0003's 复核 was decided 2026-09-20; the same person on the same topic comes back.
    source = (office / "content/cases/2026-0003.yaml").read_text(encoding="utf-8")
    again = source.split("record:")[0].replace("id: 2026-0003", "id: 2026-0020").replace(
        "received: 2026-03-02", "received: 2026-10-12")
    again += ("record:\n  what: 青苗补偿偏低\n  request: 要求提高补偿\naccepted: 2026-10-14\nletters: [acceptance]\n")
    (office / "content/cases/2026-0020.yaml").write_text(again, encoding="utf-8")
    code, _, err = run(capsys, "check")
    assert code == 0
    assert "前案“2026-0003”" in err and "2026年9月20日作出复核意见（复核终结）" in err
    assert "第三十六条第三款不再受理" in err
    code, _, err = run(capsys, "deadlines")
    assert "前案“2026-0003”" in err


@pytest.mark.parametrize(("issued", "state"), [
    # 2026-0005: accepted 2026-09-18; +60 = 11-17 (Tuesday, a working day)
    ("2026-11-24", "截至2026年11月24日已超期7日"),
    ("2026-11-10", "距期限届满还有7日"),
    ("2026-11-17", "今日期限届满"),
])
def test_supervision_wording_branches_and_never_prints_a_negative_count(
        office: Path, capsys: pytest.CaptureFixture[str], issued: str, state: str) -> None:
    case = office / "content/cases/2026-0005.yaml"
    text = case.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  issued: .*$", "", text).replace("supervision:\n", f"supervision:\n  issued: {issued}\n")
    case.write_text(text, encoding="utf-8")
    drop_register_line(office, "2026-0005\tsupervision")
    code, _, err = run(capsys, "letter", "2026-0005", "supervision", "-o", "out/s.docx")
    assert code == 0, err
    body = text_of(office / "out/s.docx")
    assert "应在2026年11月17日前" in body and state in body
    assert "-" not in re.sub(r"\d{4}-\d{4}", "", body.split("附注")[0]).replace("0000-12345678", "")


def test_supervision_without_a_pending_deadline_has_no_date_sentence(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # an event-tied supervision on a case already replied to: no limit is open
    case = office / "content/cases/2026-0005.yaml"
    text = case.read_text(encoding="utf-8")
    assert "replied:" not in text
    text = text.replace("letters: [acceptance, supervision]",
                        "replied: 2026-11-10\nletters: [acceptance, supervision]")
    text = re.sub(r"(?m)^  feedback_days: .*$", "", text)
    text = text.replace("supervision:\n", "supervision:\n  feedback_after: 事故调查结束后\n  feedback_days: 3\n"
                        "  addressee: person\n  attachments: [信访件复印件, 现场照片]\n"
                        "  contact: 李敏（督查科），电话 0000-12345670\n")
    case.write_text(text, encoding="utf-8")
    edit(office / "content/office.yaml", "self_reference: 我局", "self_reference: 我办")
    code, _, err = run(capsys, "letter", "2026-0005", "supervision", "-o", "out/s.docx")
    assert code == 0, err
    body = text_of(office / "out/s.docx")
    assert "超期" not in body and "期限届满" not in body
    assert "由您办理" in body
    assert "请于事故调查结束后3个工作日内将办理情况书面反馈我办。" in body
    assert "附件：1.信访件复印件" in body and "2.现场照片" in body
    assert "李敏（督查科）" in body and "王晓" not in body


def test_reminder_items_are_plain_numbered_paragraphs(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "letter", "2026-0006", "reminder", "-o", "out/r.docx")
    assert code == 0, err
    document = Document(str(office / "out/r.docx"))
    items = [p for p in document.paragraphs if re.match(r"^\d+\.", p.text)]
    assert items
    assert all(not run.bold for p in items for run in p.runs)
    assert "个工作日内将办理结果书面反馈我局" in text_of(office / "out/r.docx")


def test_a_late_letter_warns_in_check_letter_build_and_deadlines_and_the_ledger_flags_it(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # received 2026-03-02 (Monday); +15 = 03-17 (Tuesday, working day); rejected 03-27: 10 days late
    case = office / "content/cases/2026-0009.yaml"
    text = case.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^received: .*$", "received: 2026-03-02", text)
    text = re.sub(r"(?m)^rejected: .*$", "rejected: 2026-03-27", text)
    case.write_text(text, encoding="utf-8")
    warning = "不予受理告知书日期为2026年3月27日，超过期限（自收到信访事项之日起15日内"
    for argv in (["check"], ["deadlines"], ["letter", "2026-0009", "rejection", "-o", "out/x.docx"]):
        code, _, err = run(capsys, *argv)
        assert code == 0 and warning in err and "2026年3月17日届满）10日" in err, argv
    code, _, err = run(capsys, "ledger", "-o", str(office / "ledger.xlsx"))
    assert code == 0, err
    sheet = load_workbook(office / "ledger.xlsx").active
    header = [cell.value for cell in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    late, days = header.index("是否超期"), header.index("超期天数")
    assert rows["2026-0009"][late] == "是" and rows["2026-0009"][days] == 10
    assert rows["2026-0001"][late] == "否" and rows["2026-0001"][days] == 0


def test_register_problems_are_reported_by_check_and_stop_letter(office: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    register = office / "content/register.tsv"
    original = register.read_text(encoding="utf-8")
    # the same number recorded for two cases
    register.write_text(original + "示信复\t2026\t2\t2026-0011\treply\t2026-11-20\tissued\t\n", encoding="utf-8")
    code, _, err = run(capsys, "check")
    assert code == 1 and "文号 示信复〔2026〕2号 登记了两次" in err and "2026-0011" in err
    # saved with a BOM by Notepad
    register.write_bytes(b"\xef\xbb\xbf" + original.encode("utf-8"))
    code, _, err = run(capsys, "check")
    assert code == 1 and "register.tsv:1: 文号登记簿开头有 BOM" in err
    code, _, err = run(capsys, "letter", "2026-0010", "reply")
    assert code == 1 and "BOM" in err
    # letters already made, then the register emptied: numbering must not restart at 1
    register.write_text(original, encoding="utf-8")
    code, _, err = run(capsys, "letter", "2026-0010", "reply")
    assert code == 0, err
    register.write_text("", encoding="utf-8")
    for argv in (["check"], ["letter", "2026-0001", "reply"]):
        code, _, err = run(capsys, *argv)
        assert code == 1 and "编了号的文书（2026-0010-reply.docx）" in err and "恢复 register.tsv" in err, argv
    assert register.read_text(encoding="utf-8") == ""
    register.unlink()
    code, _, err = run(capsys, "check")
    assert code == 1 and "登记簿不存在" in err


def test_register_start_and_forgiving_numbers(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "register", "start", "示信复", "2027", "46")
    assert code == 0, err
    assert "下一个文号是 示信复〔2027〕46号" in out
    case = office / "content/cases/2026-0010.yaml"
    edit(case, "replied: 2026-08-10", "replied: 2027-01-08")
    edit(case, "reply_delivered: 2026-08-12", "reply_delivered: 2027-01-12")
    edit(case, "closed: 2026-08-12", "closed: 2027-01-12")
    edit(case, "evaluated: 2026-08-20", "evaluated: 2027-01-20")
    drop_register_line(office, "2026-0010")
    code, _, err = run(capsys, "letter", "2026-0010", "reply", "-o", "out/r.docx")
    assert code == 0, err
    assert "示信复〔2027〕46号" in text_of(office / "out/r.docx")
    code, _, err = run(capsys, "register", "start", "示信复", "2027", "40")
    assert code == 1 and "示信复〔2027〕46号 已经发出" in err
    # void accepts the brackets and padding clerks type
    voided = []
    for typed in ("示信复[2027]046号", "示信复【2026】1号", "示信复(2026)0002号", "示信复（２０２６）４号"):
        code, out, err = run(capsys, "void", typed, "--reason", "测试")
        assert code == 0, (typed, err)
        voided += re.findall(r"已作废：(\S+〔\d+〕\d+号)", out)
    assert voided == ["示信复〔2027〕46号", "示信复〔2026〕1号", "示信复〔2026〕2号", "示信复〔2026〕4号"]
    code, _, err = run(capsys, "void", "示信复2026-3", "--reason", "x")
    assert code == 2 and "机关代字〔年份〕序号号" in err


def test_office_yaml_can_continue_a_paper_register(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(office / "content/office.yaml", "  self_reference: 我局\n",
         "  self_reference: 我局\n  register_start:\n    - {code: 示信复, year: 2027, next: 12}\n")
    case = office / "content/cases/2026-0010.yaml"
    for old, new in (("replied: 2026-08-10", "replied: 2027-01-08"), ("reply_delivered: 2026-08-12",
                     "reply_delivered: 2027-01-12"), ("closed: 2026-08-12", "closed: 2027-01-12"),
                     ("evaluated: 2026-08-20", "evaluated: 2027-01-20")):
        edit(case, old, new)
    drop_register_line(office, "2026-0010")
    code, _, err = run(capsys, "letter", "2026-0010", "reply", "-o", "out/r.docx")
    assert code == 0, err
    assert "示信复〔2027〕12号" in text_of(office / "out/r.docx")
    # 2026's sequence is untouched: the next 2026 reply continues after 示信复〔2026〕4号
    code, _, err = run(capsys, "letter", "2026-0013", "reply", "-o", "out/r2.docx")
    assert code == 0, err
    assert "示信复〔2026〕5号" in text_of(office / "out/r2.docx")


def test_a_template_failing_during_build_takes_no_number_for_any_letter(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.letters.render import render_case_letters
    from generator.pipeline import prepare

    register = office / "content/register.tsv"
    register.unlink()  # every sample letter would take a new number
    (office / "letter_templates/supervision.j2").write_text("{{ case.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(Exception, match="no_such_field"):
        render_case_letters(prepare(office / "content"), office / "letters")
    assert not register.exists()


def test_accountability_headings_are_their_own_paragraphs(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the sentence before 一、存在的问题 ends in {% endif %}; Jinja's trim_blocks ate the line
    # break, so the heading ran on as the tail of the body paragraph (flush left, not bold)
    code, _, err = run(capsys, "letter", "2026-0007", "accountability", "-o", "out/acc.docx")
    assert code == 0, err
    texts = [p.text for p in Document(str(office / "out/acc.docx")).paragraphs]
    assert "一、存在的问题" in texts and "二、建议" in texts
    assert not any(t.endswith("一、存在的问题") and t != "一、存在的问题" for t in texts)
