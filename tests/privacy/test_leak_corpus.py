"""The planted-leak corpus: private values of fictional petitioners written every way a
clerk (or someone trying to get past the guard) might, in every place content reaches the
published site.  Each must fail ``xinfang build`` with exit 1, be reported on its own, and
leave the previously published site byte for byte as it was.

Every disguise uses the values of its own added case (2026-9NNN), so the error output
shows which disguises were caught: the message names the case.  (An HTML comment in a
body is removed by the sanitiser before publishing, so comments are tested on the scanner
itself in test_scan.py.)  A few unknown numbers (nobody's case) are planted each on a
page of their own and found by their pattern.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, child_env, edit

TODAY = "2026-11-24"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
NUMERALS = "〇一二三四五六七八九"
FINANCIAL = "零壹贰叁肆伍陆柒捌玖"
FULL = str.maketrans("0123456789X-", "０１２３４５６７８９Ｘ－")
MATH_BOLD = str.maketrans("0123456789", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗")
SURNAMES = "卞樊甄蔺蒯阙訾谯佘逄"
GIVEN = "砚珩琰瑾璟曦玥翊"


def check_char(first17: str) -> str:
    """GB 11643 check character, written out here rather than taken from the code under test."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True)
class Person:
    case_id: str
    name: str
    phone: str
    id_number: str
    address: str


def person(k: int, *, x_check: bool = False) -> Person:
    born = dt.date(1960, 1, 1) + dt.timedelta(days=211 * k)
    seq = 100
    while True:
        first17 = f"990003{born:%Y%m%d}{seq:03d}"
        if (check_char(first17) == "X") == x_check:
            break
        seq += 1
    return Person(f"2026-9{k:03d}", SURNAMES[k % 10] + GIVEN[k // 10 % 8] + GIVEN[(k + 3) % 8],
                  f"1990000{3000 + k:04d}", first17 + check_char(first17),
                  f"示例市北山区青松街道翠柳巷{k}号{100 + k}室")


def cn_number(n: int) -> str:
    """1 <= n < 1000 as written out in Chinese (47 四十七, 105 一百零五, 110 一百一十)."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    text = NUMERALS[hundreds] + "百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else NUMERALS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (NUMERALS[ones] if ones else "")


def cn_address(address: str) -> str:
    """The house and flat numbers of ``address`` in Chinese numbers."""
    return re.sub(r"[0-9]+(?=[号室])", lambda m: cn_number(int(m.group(0))), address)


def spaced(value: str, gap: str) -> str:
    return gap.join(value)


def chinese(value: str, numerals: str = NUMERALS) -> str:
    return "".join(numerals[int(c)] if c.isdigit() else c for c in value)


def entities(value: str) -> str:
    return "".join(f"&#{ord(c)};" for c in value)


def percent(value: str) -> str:
    return "".join(f"%{b:02X}" for b in value.encode("utf-8"))


IMG = '<img alt="{}" src="../../assets/images/favicon.png" width="16">'
p = Person  # the templates below read better with a short name

# (where it is planted, what is written); ``where``: notice, policy, case_text, duties, change_reason,
# booking (schedule data: pages, data/schedule.json/.csv, calendar .ics), notice_title
DISGUISES: list[tuple[str, Callable[[Person], str]]] = [
    ("notice", lambda q: f"联系电话 {q.phone[:3]}.{q.phone[3:7]}.{q.phone[7:]}。"),
    ("notice", lambda q: f"联系电话{q.phone.translate(FULL)}。"),
    ("notice", lambda q: f"联系电话 {spaced(q.phone, ' ')}。"),
    ("notice", lambda q: f"电话：{q.phone[:3]}-{q.phone[3:7]}-{q.phone[7:]}"),
    ("notice", lambda q: f"手机+86{q.phone}，欢迎来电"),
    ("notice", lambda q: f"电话 ({q.phone[:3]}) {q.phone[3:7]} {q.phone[7:]}"),
    ("notice", lambda q: f"电话{chinese(q.phone)}"),
    ("notice", lambda q: f"电话{chinese(q.phone, FINANCIAL)}"),
    ("notice", lambda q: f"电话{q.phone[:3]}－{q.phone[3:7]}－{q.phone[7:]}".translate(FULL)),
    ("notice", lambda q: f"电话{q.phone[:3]}**{q.phone[3:7]}**{q.phone[7:]}"),
    ("notice", lambda q: f"电话{q.phone[:5]}\n\n{q.phone[5:]}，请于工作日拨打"),
    ("notice", lambda q: f"[联系我们](tel:+86-{q.phone[:3]}-{q.phone[3:7]}-{q.phone[7:]})"),
    ("notice", lambda q: f"[查询进度](https://example.gov.cn/query?mobile={q.phone})"),
    ("notice", lambda q: IMG.format(f"来信人电话{q.phone}")),
    ("notice", lambda q: f'[来信须知](https://example.gov.cn/ "备用电话 {q.phone}")'),  # a link's title
    ("notice", lambda q: f"[查询](https://example.gov.cn/q?m={percent(q.phone)})"),
    ("notice", lambda q: f"电话{entities(q.phone)}"),
    ("notice", lambda q: f"电话{spaced(q.phone, chr(0x200B))}"),
    ("notice", lambda q: f"电话 {q.phone[:3]} – {q.phone[3:7]}·{q.phone[7:]}"),
    ("notice", lambda q: f"电话{q.phone.translate(MATH_BOLD)}"),
    ("notice", lambda q: f"身份证号{q.id_number.translate(FULL)}"),  # an X-ending ID, see X_CHECK
    ("notice", lambda q: f"身份证 {q.id_number[:6]} {q.id_number[6:14]} {q.id_number[14:]}"),
    ("notice", lambda q: f"身份证号码{chinese(q.id_number)}"),
    ("notice", lambda q: f'证件号{q.id_number[:6]}<span class="x">{q.id_number[6:14]}</span>{q.id_number[14:]}'),
    ("notice", lambda q: f"证号 {q.id_number[:-1]}{q.id_number[-1].lower()}"),  # an X-ending ID written x
    ("policy", lambda q: f"身份证号码：{q.id_number[:6]}-{q.id_number[6:14]}-{q.id_number[14:]}"),
    ("policy", lambda q: f"来访人 {spaced(q.name, ' ')} 反映"),
    ("policy", lambda q: f"来访人{q.name[0]}**{q.name[1]}**{q.name[2:]}反映"),
    ("policy", lambda q: f"来访人{spaced(q.name, chr(0x200D))}反映"),
    ("policy", lambda q: IMG.format(f"{q.name}的来信")),
    ("policy", lambda q: f'<abbr title="经办：{q.name}">经办人</abbr>'),
    ("policy", lambda q: f"[来信](https://example.gov.cn/letters?from={percent(q.name)})"),
    ("policy", lambda q: f"来访人{entities(q.name)}反映"),
    ("policy", lambda q: f"来访人{spaced(q.name, chr(0x3000))}反映"),
    ("policy", lambda q: f"住址：{q.address[:12]}\n\n{q.address[12:]}"),
    ("policy", lambda q: f"住址：{q.address.translate(FULL)}"),
    ("policy", lambda q: f"住址：{chinese(q.address)}"),
    ("policy", lambda q: f"住在{q.address.split('街道')[1]}的群众"),
    ("policy", lambda q: f"- 电话{q.phone[:3]}\n- {q.phone[3:7]}\n- {q.phone[7:]}"),
    ("case_text", lambda q: f"（来信人电话{q.phone.translate(FULL)}）"),
    ("case_text", lambda q: f"（同行的{q.name}）"),
    ("duties", lambda q: f"，联系人{q.name}"),
    ("change_reason", lambda q: f"，改期事宜联系{q.phone[:3]}.{q.phone[3:7]}.{q.phone[7:]}"),
    ("booking", lambda q: f"；预约联系人{spaced(q.name, ' ')}，电话{q.phone.translate(FULL)}"),
    ("booking", lambda q: f"；证件{q.id_number[:6]} {q.id_number[6:]}"),
    ("notice_title", lambda q: f"{q.phone[:3]}.{q.phone[3:7]}.{q.phone[7:]}"),
    # classes of disguise (tests/privacy/test_disguise_classes.py has each on the scanner)
    ("notice", lambda q: f"电话{q.phone[:7]}转{q.phone[7:]}"),
    ("notice", lambda q: f"联系电话 {q.phone[:4]}-{q.phone[4:7]} 分机 {q.phone[7:]}"),
    ("notice", lambda q: f"电话{q.phone[:3]}****{q.phone[7:]}，又写作{q.phone[:7]}****。"),  # Markdown: bold
    ("notice", lambda q: f"电话 {q.phone[:3]}××××{q.phone[7:]}；备用 {q.phone[:7]}某某某某"),
    ("notice", lambda q: f"证件号{q.id_number[:6]}********{q.id_number[14:]}，前段{q.id_number[:14]}****"),
    ("notice", lambda q: f"电话{q.phone.replace('0', 'O')}"),
    ("notice", lambda q: f"电话{q.phone.replace('1', 'l').replace('0', 'o')}"),
    ("policy", lambda q: f"住址：{cn_address(q.address)}"),
]
X_CHECK = {20, 24}
"""Disguises whose person has an ID ending in X (the full-width Ｘ and the lowercase x)."""
PATTERNS = {
    "mobile-dots": ("手机号样式", "咨询请拨 139.1234.5678。"),
    "mobile-full-width": ("手机号样式", "咨询请拨１３９１２３４５６７８。"),
    "id-split": ("身份证号样式", "证件号11010519491231002<em>X</em>。"),
}
"""Numbers of nobody in the case files, each on its own notice page: found by their shape."""


def people() -> list[Person]:
    return [person(k, x_check=k in X_CHECK) for k in range(len(DISGUISES))]


def add_case(root: Path, who: Person) -> None:
    (root / "cases" / f"{who.case_id}.yaml").write_text(f"""id: {who.case_id}
received: 2026-11-02
channel: visit
topic: property
unit: dongcheng
handler: 示例市信访局
petitioner:
  name: {who.name}
  phone: "{who.phone}"
  id_number: "{who.id_number}"
  address: {who.address}
record:
  who: 信访人
  what: 反映小区物业服务问题
  request: 要求物业公司整改
""", encoding="utf-8")


def notice(root: Path, slug: str, body: str, title: str = "关于接待安排的公告") -> None:
    (root / "notices" / f"{slug}.md").write_text(
        f"---\ntitle: {title}\ndate: 2026-11-10\n---\n\n平台已升级。\n\n{body}\n\n以上，特此公告。\n", encoding="utf-8")


def plant(root: Path, k: int, where: str, text: str) -> None:
    yaml_text = text.replace("\\", "\\\\").replace('"', '\\"')
    if where == "notice":
        notice(root, f"2026-11-leak-{k:02d}", text)
    elif where == "notice_title":
        notice(root, f"2026-11-leak-{k:02d}", "请按时前来。", title=f"关于咨询电话{text}的公告")
    elif where == "policy":
        policy = root / "policies" / f"leak-{k:02d}.md"
        policy.write_text(f"---\ntitle: 物业问题办理流程\ntopics: [property]\nsummary: 物业问题怎么反映\n"
                          f"updated: 2026-07-10\n---\n\n## 办理流程\n\n先向物业企业反映。\n\n{text}\n\n"
                          f"协商不成的，向街道反映。\n", encoding="utf-8")
    elif where == "case_text":
        # the outcome of a published case: masking covers only that case's own petitioner
        case = root / "cases" / ("2026-0001.yaml" if "（来信人" in text else "2026-0002.yaml")
        original = case.read_text(encoding="utf-8")
        changed = re.sub(r"^  outcome: (.*)$", lambda m: f'  outcome: "{m.group(1)}{yaml_text}"', original,
                         count=1, flags=re.MULTILINE)
        assert changed != original
        case.write_text(changed, encoding="utf-8")
    elif where == "duties":
        edit(root / "leaders.yaml", "    duties: 负责人力资源社会保障、市场监管等方面工作",
             f'    duties: "负责人力资源社会保障、市场监管等方面工作{yaml_text}"')
    elif where == "change_reason":
        edit(root / "schedule/city.yaml", "    reason: 接访领导参加全省经济工作会议",
             f'    reason: "接访领导参加全省经济工作会议{yaml_text}"')
    elif where == "booking":
        anchor = "    booking: 由市信访局电话约请信访人，无需自行预约" if "证件" not in text \
            else "    booking: 拨打 0000-12345678 预约，或在“示例市网上信访”平台“市长接访”栏目登记"
        edit(root / "schedule/city.yaml", anchor, f'{anchor[:13]}"{anchor[13:]}{yaml_text}"')
    else:
        raise AssertionError(where)


def plant_all(root: Path) -> None:
    assert sum(1 for where, _ in DISGUISES if where == "booking") == 2  # two rules' booking fields
    for k, ((where, write), who) in enumerate(zip(DISGUISES, people(), strict=True)):
        plant(root, k, where, write(who))
    for slug, (_, body) in PATTERNS.items():
        notice(root, f"2026-11-pattern-{slug}", body)


def build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(root), "--site-dir",
                           str(site), "--letters-dir", str(site.parent / "letters"), "--today", TODAY],
                          cwd=Path.cwd(), capture_output=True, text=True, check=False, env=child_env())


def tree(site: Path) -> dict[str, str]:
    """Every published file and a digest of its bytes (following a ``site`` symlink)."""
    root = site.resolve()
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


LEGITIMATE = """市民热线12345；服务热线400-123-4567转2；国家电网95598，社保12333；
接待电话0000-12345678转8005。

统一社会信用代码：91110105MA01ABCD2X、12110000400012345P。文号：示信复〔2026〕3号、国办发〔2026〕12号。

2026年11月24日上午9:00—12:00；2026-11-24 09:00；20261124。ISO 9001:2015，SOLO、OIL、SOS。

<table><tr><td>收到</td><td>1380</td><td>1021</td><td>973</td></tr>
<tr><td>东城区</td><td>138</td><td>0013</td><td>8006</td></tr></table>

第三组、十二号、二十三栋、两单元。电话 199****0000（已打码）。共转办 1,380 件，分机 8005 负责登记。"""
"""Legitimate public text (hotlines, 400/95xxx, credit codes, document numbers, dates, tables
of counts): the clean build, which has it in a notice, must pass."""


def test_cn_number_by_hand() -> None:
    assert [cn_number(n) for n in (7, 10, 47, 105, 110, 147)] == ["七", "十", "四十七", "一百零五", "一百一十",
                                                                 "一百四十七"]


def test_the_sample_people_are_well_formed() -> None:
    everyone = people()
    assert len(everyone) == len(DISGUISES) >= 40
    assert len({q.name for q in everyone}) == len(everyone)
    assert all(q.id_number.endswith("X") == (k in X_CHECK) for k, q in enumerate(everyone))
    # hand-checked: 11010519491231002X is GB 11643's own example
    assert check_char("11010519491231002") == "X"


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict[str, str],
                                                                   dict[str, str]]:
    """One clean build with the extra cases, then every disguise planted and built again."""
    work = tmp_path_factory.mktemp("corpus")
    root = work / "content"
    shutil.copytree(REPO / "content", root)
    for who in people():
        add_case(root, who)
    notice(root, "2026-11-public-numbers", LEGITIMATE)
    site = work / "site"
    clean = build(root, site)
    assert clean.returncode == 0, clean.stderr[-3000:]
    before = tree(site)
    plant_all(root)
    return build(root, site), before, tree(site)


def test_every_disguise_fails_the_build_and_leaves_the_site_untouched(
        corpus_build: tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]) -> None:
    done, before, after = corpus_build
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert after == before
    assert "网站检查未通过" in done.stderr
    planted = enumerate(zip(DISGUISES, people(), strict=True))
    missed = [f"{k}: {where}: {write(who)!r}" for k, ((where, write), who) in planted
              if f"案件 {who.case_id}（" not in done.stderr]
    assert not missed, f"{len(missed)} of {len(DISGUISES)} disguises published:\n" + "\n".join(missed)


def test_unknown_numbers_are_found_by_their_shape(
        corpus_build: tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]) -> None:
    done, _, _ = corpus_build
    lines = done.stderr.splitlines()
    for slug, (label, _) in PATTERNS.items():
        page = f"notices/2026-11-pattern-{slug}/index.html:"
        assert any(line.startswith(page) and label in line for line in lines), slug


def test_feeds_data_files_calendar_and_search_index_are_scanned(
        corpus_build: tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]) -> None:
    done, _, _ = corpus_build
    everyone = people()
    booking = everyone[[where for where, _ in DISGUISES].index("booking")]
    files = {line.split(":")[0] for line in done.stderr.splitlines() if f"案件 {booking.case_id}（" in line}
    assert {"data/schedule.json", "data/schedule.csv", "calendar/all.ics"} <= files
    title = everyone[[where for where, _ in DISGUISES].index("notice_title")]
    files = {line.split(":")[0] for line in done.stderr.splitlines() if f"案件 {title.case_id}（" in line}
    assert {"feed.xml", "search/search_index.json"} <= files, files


def test_reports_never_repeat_the_private_values(
        corpus_build: tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]) -> None:
    done, _, _ = corpus_build
    for who in people():
        for value in (who.name, who.phone, who.id_number, who.address):
            assert value not in done.stderr
    # and each report says where: a published file, a line and a column
    reports = [line for line in done.stderr.splitlines() if "发现" in line]
    assert len(reports) >= len(DISGUISES)
    assert all(line.split(":")[1].isdigit() for line in reports)


@pytest.mark.slow
@pytest.mark.parametrize("k", [20, 34, 12])  # a full-width ID; an address over two paragraphs; a tel: link
def test_a_single_disguise_alone_fails_the_build(k: int, tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    who = people()[k]
    add_case(root, who)
    site = tmp_path / "site"
    assert build(root, site).returncode == 0
    before = tree(site)
    where, write = DISGUISES[k]
    plant(root, k, where, write(who))
    done = build(root, site)
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"案件 {who.case_id}（" in done.stderr
    assert tree(site) == before
