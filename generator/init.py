"""``xinfang init``: a new office's project folder, minimal and valid from the first minute.

It holds the office, one unit, one leader, one topic, one weekly rule, the holidays file,
the site's ``mkdocs.yml`` (the look only) and the letter templates (``letter_templates/``,
the shipped wording for the office to edit), with comments showing how to go on.  What
only the office knows (address, phone, the leader's name) is written as ``待填写``, which
``check`` accepts and every build warns about (``site.identity``) until it is replaced:
nothing of the sample office is carried over.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from pypinyin import lazy_pinyin

from .errors import UsageError
from .letters.templates import FOLDER, shipped_files
from .model.units import UnitLevel
from .site.build.identity import TO_FILL

OFFICE_SUFFIXES = ("人民来访接待中心", "信访办公室", "信访事项办理中心", "信访局", "信访办")
MAX_NAME = 40
LEVELS = (UnitLevel.CITY, UnitLevel.COUNTY)

MKDOCS_YML = """\
# 网站的外观：主题、配色、Markdown 扩展、搜索。页面由 `xinfang build` 从 content/ 生成；
# 网站名称、网址（site_url）和版权信息取自 content/office.yaml，不写在这里。

theme:
  name: material
  language: zh
  # Google Fonts would be loaded from a foreign CDN: blocked or slow on government
  # networks, and it leaks visitors' addresses. System fonts render Chinese well.
  font: false
  palette:
    scheme: default
    primary: custom
    accent: custom
  features:
    - navigation.tabs
    - navigation.top
    - search.highlight
    - content.tooltips
  icon:
    logo: material/account-group

markdown_extensions:
  - attr_list
  # no md_in_html: generated data is raw HTML that Markdown must leave alone (and parsing
  # it as Markdown-in-HTML cost a fifth of the build)
  - admonition
  - tables
  - toc:
      permalink: false

plugins:
  - search:
      # jieba (installed with xinfang) splits Chinese into words joined by \\u200b
      separator: '[\\s\\u200b\\-，。、；：！？（）《》“”]+'

validation:
  nav:
    omitted_files: info
    not_found: warn
  links:
    not_found: warn
    anchors: info
    unrecognized_links: info
"""
"""The site's look; the repository's own mkdocs.yml is this text too (a test keeps them equal)."""


GITIGNORE = """\
# 含个人信息的输出不进仓库：文书（含 PDF）、台账、案件文件；网站由 xinfang build 生成
site/
rebuild.log
.site-*
.site.lock
letters/
.letters-*
*.docx
*.pdf
*.xlsx
content/cases/
*.tsv.lock
"""
"""What a new office keeps out of version control: everything that can hold a petitioner's data."""


CASES_README = """\
案件文件放在这个文件夹：每件一个 YAML 文件，以案件编号为名，如 2026-0001.yaml
（写法见 xinfang 说明文档“五分钟上手”第 7 步）。写好后运行 xinfang check 检查，
xinfang letter 2026-0001 acceptance 生成文书。

案件文件含信访人的姓名、身份证号、电话和住址：.gitignore 已把这个文件夹排除在版本库之外；
不要上传，不要复制到网站目录。网站只公开案件文件里 publish 一节另写的、不含个人信息的办理结果。
"""
"""What a new office's cases folder says it is for (the folder is kept out of version control)."""


def _q(text: str) -> str:
    """A YAML scalar for any text: JSON strings are YAML, so quotes, colons and '#' stay text."""
    return json.dumps(text, ensure_ascii=False)


def _slug(text: str, fallback: str) -> str:
    """An id from a Chinese name: its pinyin, lower case, letters, digits and '-'."""
    words = lazy_pinyin(text, errors=lambda chars: "".join(c for c in chars if c.isascii()))
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(words).lower()).strip("-")[:40].strip("-")
    return slug or fallback


def check_name(name: str, *, option: str = "--name") -> str:
    name = name.strip()
    if not name:
        raise UsageError(f"{option} 不能为空；请写机构全称，如 {option} 某某县"
                         + ("信访局" if option == "--name" else "人民政府办公室"))
    if len(name) > MAX_NAME or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise UsageError(f"{option} “{name[:MAX_NAME]}”不像机构名称：最多 {MAX_NAME} 个字，不能有换行等控制字符")
    return name


def unit_name(office_name: str) -> str:
    """某某县信访局 -> 某某县: the government the office belongs to."""
    for suffix in OFFICE_SUFFIXES:
        if office_name.endswith(suffix) and len(office_name) > len(suffix):
            return office_name[: -len(suffix)]
    return office_name


def _add_months(day: dt.date, months: int) -> dt.date:
    """The last day of the month ``months`` after ``day``'s."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


REBUILD_WHY = """\
# 为什么每天重新生成：页面上的“今天”“下一次”“本周”“已结束”由读者的浏览器按当天计算，
# 生成后几天内都对；但没有脚本的浏览器、搜索引擎、订阅日历看到的是生成那天的内容，
# 新的通知、暂停接访、安排变动也要重新生成才会上网。xinfang build 会说已公布的安排到哪一天，
# 不足 14 天时提醒补充。失败时原网站不动（见 README“发布与回滚”）。"""


def rebuild_files(name: str, folder: Path) -> dict[str, str]:
    """A daily rebuild: a systemd service and timer, and the same as one cron line."""
    executable = Path(sys.executable).parent / "xinfang"
    command = str(executable) if executable.exists() else "xinfang"
    where = str(folder.absolute())
    if re.search(r"[\x00-\x1f\x7f]", where + command):
        # a line break in a path would add lines to the unit file or the crontab
        raise UsageError("文件夹路径里有换行或控制字符；请换一个文件夹名")
    cron = f"10 0 * * * cd {shlex.quote(where)} && {shlex.quote(command)} build >> rebuild.log 2>&1"
    # systemd reads % as a specifier and splits ExecStart at spaces unless quoted
    unit_dir = where.replace("%", "%%")
    unit_command = '"' + command.replace("%", "%%").replace("\\", "\\\\").replace('"', '\\"') + '"'
    return {
        "deploy/xinfang-rebuild.service": f"""\
{REBUILD_WHY}
# 安装：sudo cp deploy/xinfang-rebuild.* /etc/systemd/system/ &&
#       sudo systemctl enable --now xinfang-rebuild.timer
# 不用 systemd 的服务器，用 crontab -e 加一行（每天 0:10）：
#   {cron}
[Unit]
Description=每天重新生成{name}网站（xinfang build）

[Service]
Type=oneshot
WorkingDirectory={unit_dir}
ExecStart={unit_command} build
""",
        "deploy/xinfang-rebuild.timer": f"""\
{REBUILD_WHY}
[Unit]
Description=每天 0:10 重新生成{name}网站

[Timer]
OnCalendar=*-*-* 00:10:00
Persistent=true

[Install]
WantedBy=timers.target
""",
    }


def files_for(name: str, level: UnitLevel, today: dt.date, folder: Path | None = None,
              host: str | None = None) -> dict[str, str]:
    """Every file of the new project, keyed by its path under the project folder (``folder``:
    where it will be, for the daily rebuild's commands)."""
    place = unit_name(name)
    # a 信访局's host is usually its government's office; a department's (生态环境局) is not
    # known from its name, and is left to fill rather than invented
    if host:
        host_line = f"host: {_q(host)}   # 网站主办单位（页脚）"
    elif place != name:
        host_line = f"host: {_q(f'{place}人民政府办公室')}   # 网站主办单位（页脚），请核对"
    else:
        host_line = f"host: {TO_FILL}                 # 网站主办单位（页脚），如：某某市某某局"
    unit_id = _slug(place, "home")
    office_id = _slug(name, "office")
    start = today.replace(day=1)
    end = _add_months(today, 5)
    head = "县" if level is UnitLevel.COUNTY else "市"
    review = f"{place}人民政府" if place != name else TO_FILL
    short = next((c for c in place if "\u4e00" <= c <= "\u9fff"), "本")  # 青石县 -> 青信复
    return {
        "mkdocs.yml": MKDOCS_YML,
        ".gitignore": GITIGNORE,
        "content/office.yaml": f"""\
# 本机构的信息：网站名称、页脚、二维码和订阅链接、文书落款都取自这里（不在 mkdocs.yml）。
# 写着“{TO_FILL}”的地方请换成真实信息；没换完之前，每次 xinfang build 都会提醒。
# 全部字段的说明见 README 的“内容文件”一节，或运行 xinfang schema 让编辑器自动补全。
id: {office_id}
name: {_q(name)}
unit: {unit_id}                 # units.yaml 里本机构所在的单位
{host_line}
address: {TO_FILL}              # 来访接待场所地址；只接电话、网上、视频接访或下访的，删去这一行
phone: {TO_FILL}                # 接待电话（会公开在网站上）
hours: {TO_FILL}                # 接待时间，如：工作日 上午9:00—12:00，下午14:00—17:30（法定节假日除外）
booking: {TO_FILL}              # 预约方式，如：拨打接待电话或到接待窗口登记
# site_url: https://www.某县.gov.cn/xf/   # 网站正式地址（可以带路径）；填了才有二维码和订阅链接
# online_channel: 登录“网上信访”平台提交，全天受理
# public_numbers: ["12345"]     # 必须公开的号码（如热线），隐私检查放行
letters:
  # 文书的机关代字：reply: {short}信复 → {short}信复〔{today.year}〕1号。
  # 下面是按“简称+信+文种”拟的，请按本机构的发文习惯核对
  codes:
    acceptance: {short}信受          # 受理告知书
    rejection: {short}信不受         # 不予受理告知书
    reply: {short}信复               # 信访事项处理意见书
    reminder: {short}信提            # 提示函
    supervision: {short}信督         # 督办函
    accountability: {short}信建      # 建议函
    assignment: {short}信交          # 交办单
    # 复查、复核意见书和不予受理复查、复核申请告知书由复查、复核机关出具；本机构承担时再填：
    # review: {short}政复查
    # review_rejection: {short}政复查不受
  review_authority: {_q(review)}   # 复查机关：处理意见书里告知的上一级机关
  recheck_authority: {TO_FILL}     # 复核机关：复查机关的上一级
""",
        "content/units.yaml": f"""\
# 单位：本级，以及下面的区县、乡镇（街道）。加一个下级单位：
#   - id: some-town
#     name: 某某镇
#     level: township        # city（市）、county（区县）、township（乡镇街道）
#     parent: {unit_id}
units:
  - id: {unit_id}
    name: {_q(place)}
    level: {level.value}
""",
        "content/leaders.yaml": f"""\
# 接访领导。姓名、职务会公开在网站上。再加一位：复制下面一段，改 id（小写字母、数字、-）。
leaders:
  - id: leader-1
    name: {TO_FILL}          # 姓名
    title: 局长              # 职务，如“副{head}长”
    unit: {unit_id}
    topics: [wage-arrears]   # 分管的问题类别（topics.yaml 的 id），可以不写
""",
        "content/topics.yaml": f"""\
# 问题类别：网站首页“我要反映的问题”按这些查找负责的领导。keywords 是群众常说的词。
topics:
  - id: wage-arrears
    name: 拖欠工资
    keywords: [欠薪, 讨薪, 农民工工资]
    department: {_q(f"{place}人力资源和社会保障局")}   # 主管部门，请核对
""",
        f"content/schedule/{unit_id}.yaml": f"""\
# 接访安排。下面的规则：每周三上午，由 leader-1 在接待场所接访，遇法定节假日取消当次。
# 规则的种类：weekly（每周）、monthly（每月第 n 个星期几）、workdays（每个工作日轮流）、
# downvisit（下访）。单次安排写在 sessions:，临时取消、改期、换人写在 changes:，例如
#   changes:
#     - session: {unit_id}-weekly-{start:%Y%m%d}   # 规则 id + 日期
#       action: cancel
#       reason: 参加全{head}防汛工作会议
#       announced: {start.isoformat()}
rules:
  - id: {unit_id}-weekly
    kind: weekly
    weekday: 3                  # 1=周一 … 7=周日
    start: {start.isoformat()}
    end: {end.isoformat()}      # 到期前请续上新的安排
    unit: {unit_id}
    leaders: [leader-1]
    times: [{{start: "09:00", end: "12:00"}}]
    venues: [{_q(f"{place}人民来访接待中心")}]
""",
        "content/holidays.yaml": """\
# 法定节假日和调休：xinfang 已内置国务院公布过的年份。新一年的安排公布前，
# 接访和期限会按“周末休息”推算，每次检查都会提醒。通知公布后按下面的格式补上：
#   years:
#     - year: 2027
#       source: 国务院办公厅关于2027年部分节假日安排的通知
#       holidays:
#         - {name: 春节, start: 2027-02-05, end: 2027-02-11}
#       workdays: [2027-02-14]      # 调休上班的周末
years: []
""",
        **{f"{FOLDER}/{name}": data.decode("utf-8") for name, data in shipped_files().items()},
        "content/policies/.gitkeep": "",
        "content/notices/.gitkeep": "",
        "content/cases/README.txt": CASES_README,
        **rebuild_files(name, folder or Path(".")),
    }


def init_project(folder: Path, name: str, level: UnitLevel | str, today: dt.date,
                 host: str | None = None) -> list[Path]:
    """Write a new project into ``folder``, which must be missing or empty; all files
    appear at once (written beside it, then renamed), so an interrupted init leaves none."""
    name = check_name(name)
    host = check_name(host, option="--host") if host is not None else None
    if level not in LEVELS:
        raise UsageError("--unit-level 只能是 city（市）或 county（县）")
    level = UnitLevel(level)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder} 已存在且不是空文件夹；请换一个新文件夹，以免覆盖已有内容")
    files = files_for(name, level, today, folder, host)
    parent = folder.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-init-", dir=parent))
    try:
        for relative, text in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for path in [staging, *staging.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        os.replace(staging, folder)  # replaces an empty folder too
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [folder / relative for relative in files]
