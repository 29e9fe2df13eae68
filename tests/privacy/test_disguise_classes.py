"""The guard is built for classes of disguise, not for strings: an extension word or sign
inside a number, partial maskings that add up to a registered number within one file,
letters that look like digits inside a digit run, and Chinese numerals (with 十, 百, 两)
in the 组/号/栋/单元 of an address.  And a corpus of legitimate public text — hotlines,
400/95xxx numbers, credit codes, document numbers, dates, tables of counts — is not reported.

Every number here is fictional (the 199 0000 range used by the sample's cases)."""

from __future__ import annotations

import pytest

from generator.privacy.scan import Leak, Scanner, Secret

PHONE = "19900036006"
ID = "990003196001017771"
ADDRESS = "示例市北山区青松街道翠柳村十二组35号"
FLAT = "示例市北山区青松街道翠柳巷3栋2单元302室"


def _scanner() -> Scanner:
    secrets = [Secret(PHONE, "phone", "2026-9101", "cases/2026-9101.yaml"),
               Secret(ID, "id_number", "2026-9101", "cases/2026-9101.yaml"),
               Secret(ADDRESS, "address", "2026-9101", "cases/2026-9101.yaml"),
               Secret(FLAT, "address", "2026-9102", "cases/2026-9102.yaml"),
               Secret("19900037007", "phone", "2026-9102", "cases/2026-9102.yaml")]
    return Scanner(secrets, allow=["12345", "0000-12345678", "400-123-4567"])


def _leaks(text: str) -> list[Leak]:
    return _scanner().scan_text(text, "notices/x/index.html")


def _case_leaks(text: str) -> list[Leak]:
    return [leak for leak in _leaks(text) if leak.case_id]


@pytest.mark.parametrize("written", [
    f"{PHONE[:7]}转{PHONE[7:]}", f"{PHONE[:7]}分机{PHONE[7:]}", f"{PHONE[:3]}-{PHONE[3:7]}#{PHONE[7:]}",
    f"{PHONE[:7]} ext {PHONE[7:]}", f"{PHONE[:7]}Ext.{PHONE[7:]}", f"{PHONE[:7]}-{PHONE[7:]}",
    f"{PHONE[:3]}转{PHONE[3:7]}转{PHONE[7:]}",
])
def test_an_extension_word_or_sign_inside_a_number(written: str) -> None:
    (leak,) = _case_leaks(f"<p>来电请拨{written}，谢谢。</p>")
    assert leak.kind == "phone" and leak.case_id == "2026-9101" and leak.line == 1
    assert PHONE not in leak.shown


def test_an_unknown_mobile_with_an_extension_inside_is_found_by_its_shape() -> None:
    leaks = _leaks("<p>请拨1391234转5678。</p>")
    assert [leak.kind for leak in leaks] == ["mobile_pattern"]


@pytest.mark.parametrize("mask", ["*", "＊", "×", "X", "x", "某"])
def test_two_partial_maskings_that_add_up_to_a_registered_number(mask: str) -> None:
    first, second = f"{PHONE[:3]}{mask * 4}{PHONE[7:]}", f"{PHONE[:7]}{mask * 4}"
    (leak,) = _case_leaks(f"<p>甲的电话{first}。</p>\n<p>乙说是{second}。</p>")
    assert leak.kind == "phone" and leak.case_id == "2026-9101" and leak.line == 1
    assert PHONE not in leak.shown


def test_markdown_turned_the_stars_into_bold() -> None:
    # what Python-Markdown makes of "电话199****6006和1990003****。"
    page = f"<p>电话{PHONE[:3]}<strong><strong>{PHONE[7:]}和{PHONE[:7]}</strong></strong>。</p>"
    (leak,) = _case_leaks(page)
    assert leak.kind == "phone"


def test_partial_id_numbers_add_up_too() -> None:
    page = f"<p>证件号 {ID[:6]}{'*' * 8}{ID[14:]}</p><p>核对：{ID[:14]}****</p>"
    (leak,) = _case_leaks(page)
    assert leak.kind == "id_number"


@pytest.mark.parametrize("page", [
    f"<p>电话{PHONE[:3]}****{PHONE[7:]}</p>",  # one masking alone is what masking is for
    f"<p>电话{PHONE[:3]}****{PHONE[7:]}，另一位{PHONE[:3]}****{PHONE[7:]}</p>",  # the same half twice
    f"<p>{PHONE[:3]}****{PHONE[7:]}</p><p>1990004****</p>",  # halves of different numbers
])
def test_maskings_that_do_not_add_up_are_not_reported(page: str) -> None:
    assert not _case_leaks(page)


def test_a_masking_that_starts_with_the_mask() -> None:
    (leak,) = _case_leaks(f"<p>尾号*******{PHONE[7:]}，开头是{PHONE[:7]}****</p>")
    assert leak.kind == "phone"


def test_halves_in_two_files_are_each_fine() -> None:
    scanner = _scanner()
    assert not scanner.scan_text(f"<p>{PHONE[:3]}****{PHONE[7:]}</p>", "a.html")
    assert not scanner.scan_text(f"<p>{PHONE[:7]}****</p>", "b.html")


@pytest.mark.parametrize("written", [
    PHONE.replace("0", "O"), PHONE.replace("0", "o"), PHONE.replace("1", "l"), PHONE.replace("1", "I"),
    "199OOO36OO6", ID.replace("1", "l").replace("0", "O"), ID.replace("9", "9").replace("7", "7").replace("0", "o"),
])
def test_letters_that_look_like_digits_inside_a_digit_run(written: str) -> None:
    leaks = _case_leaks(f"<p>联系方式：{written}。</p>")
    assert leaks, written
    assert all(leak.case_id == "2026-9101" for leak in leaks)


def test_z_and_s_for_two_and_five() -> None:
    number = "19925352552"
    scanner = Scanner([Secret(number, "phone", "2026-9103", "c.yaml")], allow=[])
    (leak,) = scanner.scan_text(f"<p>电话{number.replace('2', 'Z').replace('5', 'S')}</p>", "x.html")
    assert leak.kind == "phone"


@pytest.mark.parametrize("written", [
    "翠柳村12组35号", "翠柳村十二组三十五号", "翠柳村拾贰组叁拾伍号",
    "翠柳巷三栋二单元三〇二室", "翠柳巷3幢2单元302室", "翠柳巷三号楼两单元三百零二室",
])
def test_chinese_numerals_and_building_words_in_an_address(written: str) -> None:
    leaks = _case_leaks(f"<p>住在示例市北山区青松街道{written}的群众</p>")
    assert leaks and all(leak.kind == "address" for leak in leaks), written


LEGITIMATE = """
<h1>关于做好2026年第四季度信访工作的通知</h1>
<p>示信复〔2026〕3号　国办发〔2026〕12号　示政办字〔2025〕108号</p>
<p>市民热线12345，24小时受理；服务热线400-123-4567转2；国家电网95598，中国银行95566，社保12333。</p>
<p>接待电话0000-12345678转8005、0000-12345678-8006；传真0000-87654321。</p>
<p>统一社会信用代码：91110105MA01ABCD2X、12110000400012345P、91330100MA27XL5B0T。</p>
<p>2026年11月24日（星期二）上午9:00—12:00；2026-11-24 09:00；2026.11.24；20261124。</p>
<table><tr><td>收到</td><td>1380</td><td>1021</td><td>973</td><td>983</td></tr>
<tr><td>受理率</td><td>98.9%（973 / 983）</td><td>办结率</td><td>95.3%</td></tr>
<tr><td>东城区</td><td>138</td><td>0013</td><td>8006</td><td>50</td></tr></table>
<p>ISO 9001:2015 认证；SOLO、OIL、LOL、SOS 均为字母；版本 v1.2.3-rc1；编号 ZS-2026-0001。</p>
<p>第三组、十二号、二十三栋、两单元：本公告所说的楼栋编号均为示例。</p>
<p>电话 199****0000（已打码）；身份证号 110105********002X（已打码）。</p>
<p>共转办 1,380 件，转送 1,021 件，分机 8005 负责登记。</p>
"""


def test_legitimate_public_text_is_not_reported() -> None:
    assert _leaks(LEGITIMATE) == []
