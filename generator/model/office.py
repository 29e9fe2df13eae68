"""The office (信访局) itself: contact details, letter settings, local time limits."""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, StringConstraints, field_validator, model_validator

from .base import EARLIEST, ID_PATTERN, LATEST, Day, Record, RecordId, Text
from .kinds import LetterKind


class Fonts(Record):
    """文书字体。默认值是常见 Windows 机器上已有的字体名；单位可改为方正小标宋简体等。"""

    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    page_number: str = "宋体"
    latin: str = "Times New Roman"


DOCX_PROPERTY_MAX = 255
"""The signature (or the office name in its place) is each letter's author property,
which python-docx refuses beyond 255 characters."""


MAX_NUMBER = 99999
"""The highest 序号 a register holds: no office issues 100,000 letters of one kind in a year."""
CODE_FORM = re.compile(r"[\u4e00-\u9fff〇]{1,10}")
"""A 机关代字: Chinese characters only (示信复, 国办发); it is also part of file and register rows."""


def code_problem(code: str) -> str | None:
    """What is wrong with a 机关代字, or None."""
    if CODE_FORM.fullmatch(code):
        return None
    return f"机关代字“{code[:20]}”应为 1 至 10 个汉字，如“示信复”"


def _code(value: str) -> str:
    problem = code_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


OrganCode = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_code)]


class RegisterStart(Record):
    """从纸质登记簿接续编号：某机关代字某年的下一个文号。"""

    code: OrganCode
    """机关代字，如“示信复”。"""
    year: int = Field(ge=EARLIEST.year, le=LATEST.year)
    next: int = Field(ge=1, le=MAX_NUMBER)
    """xinfang 给出的第一个序号，如 46 → 示信复〔2026〕46号。"""


class NumberStyle(Record):
    """文号的写法：括号和序号位数，照本机关的发文登记簿。"""

    brackets: Literal["〔〕", "[]", "()"] = "〔〕"
    """年份的括号：〔〕（GB/T 9704 的六角括号，默认）、[] 或 ()。"""
    digits: int = Field(default=0, ge=0, le=4)
    """序号至少几位，不足补零（如 2 → [2012]04号）；0 为不补零（默认）。"""


TITLE_FIELDS = {
    "信访人": "信访人姓名（按 names 遮掩或写全名；多人时如“赵某等3人”）",
    "承办单位": "承办单位（督办类文书为被督办单位）",
    "问题类别": "问题类别的名称",
}
"""What a per-kind title template may name, as {信访人} etc."""


def title_problem(template: str) -> str | None:
    """Why a title template cannot be filled: an unknown placeholder, a format spec, a stray brace."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return "标题模板里有不成对的“{”或“}”；占位符写成 {信访人}，要印出花括号请写 {{ 或 }}"
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in TITLE_FIELDS or spec or conversion:
            known = "、".join(f"{{{name}}}" for name in TITLE_FIELDS)
            written = field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return f"标题模板里的“{{{written}}}”不认识；可用：{known}"
    return None


class KindSettings(Record):
    """一类文书的设置，写在 letters.kinds 下，如 `reply: {title: 关于{信访人}信访事项的处理意见书, names: full}`。"""

    title: str | None = Field(default=None, min_length=1, max_length=80)
    """标题模板，可用占位符 {信访人}、{承办单位}、{问题类别}；不写用默认标题。模板的“标题:”一行须是 {{ title }}。"""
    names: Literal["masked", "full"] = "masked"
    """标题里的 {信访人}：masked（只留姓，如“赵某”，默认）或 full（全名）。"""
    numbered: bool = True
    """false：这类文书不编发文字号，也不占文号登记簿的号（如只给处理意见书编号的单位）。"""

    @field_validator("title", mode="after")
    @classmethod
    def _fillable(cls, value: str | None) -> str | None:
        problem = title_problem(value) if value is not None else None
        if problem:
            raise ValueError(problem)
        return value


class LetterSettings(Record):
    """文书设置。"""

    codes: dict[LetterKind, OrganCode] = Field(default_factory=dict)
    """各类文书的机关代字，如 reply: 示信复 → 示信复〔2026〕1号。"""
    kinds: dict[LetterKind, KindSettings] = Field(default_factory=dict)
    """各类文书的标题模板和是否编号（可选），如 `reminder: {numbered: false}`。"""

    def numbered(self, kind: LetterKind) -> bool:
        """Whether letters of ``kind`` carry a 发文字号 and take a register number."""
        own = self.kinds.get(kind)
        return own is None or own.numbered

    @property
    def unnumbered(self) -> frozenset[str]:
        """The kinds (their values) the office gives no number: the register has no row for them."""
        return frozenset(kind.value for kind, own in self.kinds.items() if not own.numbered)
    fonts: Fonts = Fonts()
    signature: str | None = Field(default=None, max_length=DOCX_PROPERTY_MAX)
    """落款署名；不填用 office.name。"""
    review_authority: Text
    """复查机关（处理意见书救济告知写明的“上一级”机关）。"""
    recheck_authority: Text
    """复核机关（复查机关的上一级）。"""
    masthead: str | None = None
    """函件的发文机关标志；不填用 office.name。"""
    printer: str | None = None
    """印发机关（版记），如“示例市信访局办公室”。"""
    contact: str | None = None
    """附注里的联系人和电话。"""
    register_start: list[RegisterStart] = Field(default_factory=list)
    """年中开始使用 xinfang 时，各机关代字从纸质登记簿接续的号码（也可用 xinfang register start）。"""
    self_reference: str = "我局"
    number_style: NumberStyle = Field(default_factory=NumberStyle)
    """文号的写法（括号、补零）；登记簿、作废（xinfang void）和台账都认得每一种写法。"""
    """函件中本机关的自称：我局、我办、我委等。"""
    review_contact: str | None = None
    """复查机关文书（复查意见书、不予受理复查申请告知书）附注的联系人；不填则不写联系人。"""
    recheck_contact: str | None = None
    """复核机关文书附注的联系人；不填则不写联系人。"""


class TimeLimits(Record):
    """本地时限（工作日）。条例的 15/60/30 日期限是法定的，不在这里配置。"""

    simple_sign_working_days: int = Field(default=1, ge=0, le=30)
    """简易程序：责任单位签收（工作日）。"""
    simple_answer_working_days: int = Field(default=5, ge=1, le=60)
    """简易程序：答复信访人（工作日）。"""
    roll_forward_holidays: bool = True
    """按日计算的期限末日遇节假日顺延到下一个工作日（民法典第二百零三条口径）。"""


HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"


class SupervisionLevel(Record):
    """一个督查等级，如“红色”：最紧急的一级写在最前。"""

    id: RecordId
    label: Text
    """显示的名称，如“红色督查”。"""
    colour: str = Field(default="#888888", pattern=HEX_COLOUR)
    """显示的颜色，如 #c00000。"""


class SupervisionSettings(Record):
    """督办提醒的门槛（日）和督查等级。"""

    remind_days_before: int = Field(default=5, ge=0)
    """到期前几天发提示函。"""
    accountability_after_days: int = Field(default=15, ge=1)
    """超期多少天仍未办结，发建议函（问责建议）。"""
    levels: list[SupervisionLevel] = Field(default_factory=list)
    """督查等级（如红、黄、蓝、绿“四色”督查），最紧急的在前；不写则不分等级。"""


class ReportSettings(Record):
    """每月（季、年）《信访情况通报》：xinfang report。"""

    code: Text | None = None
    """通报的机关代字，如“示信通”：期号按“示信通〔2026〕11号”在文号登记簿里单独编号；不写则不编号。"""
    title: Text = "信访情况通报"
    """标题中的文种名称。"""
    recipients: Text = "各区县信访局，市直各有关单位"
    """主送机关。"""
    cc: list[Text] = Field(default_factory=list)
    """抄送机关（版记）。"""
    rank_by: Literal["on_time", "closing", "satisfaction", "settled", "received"] = "on_time"
    """各单位排名所依据的指标：on_time 按期办结率（默认）、closing 办结率、satisfaction 满意率、
    settled 化解率、received 收到件数。"""


class Rounding(StrEnum):
    ROUND = "round"
    TRUNCATE = "truncate"


class PeriodKind(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


class StatisticsRange(Record):
    """自选统计区间，如“2026年上半年”，在网站上单独成页。"""

    id: RecordId
    """网址用的 id，如 2026-h1 → /statistics/ranges/2026-h1/。"""
    name: Text
    """页面标题，如“2026年上半年”。"""
    start: Day
    """第一天（含），按登记日期。"""
    end: Day
    """最后一天（含）。"""

    @model_validator(mode="after")
    def _ordered(self) -> StatisticsRange:
        if self.end < self.start:
            raise ValueError(f"统计区间 {self.id} 的 end（{self.end}）早于 start（{self.start}）")
        return self


class RateRule(Record):
    """一个比率的取舍；不写的一项沿用 statistics.rounding / statistics.decimals。"""

    rounding: Rounding | None = None
    """round（四舍五入）或 truncate（截断）。"""
    decimals: int | None = Field(default=None, ge=0, le=3)
    """保留几位小数（0—3）。"""


class RateRules(Record):
    """各比率单独的取舍方式和小数位数，如 `satisfaction: {rounding: truncate, decimals: 2}`；
    不写的比率按 statistics.rounding 和 statistics.decimals。网站、开放数据、命令行、台账和通报都照此显示。"""

    acceptance: RateRule | None = None
    """受理率。"""
    closing: RateRule | None = None
    """办结率。"""
    on_time: RateRule | None = None
    """按期办结率。"""
    settled: RateRule | None = None
    """化解率。"""
    participation: RateRule | None = None
    """参评率。"""
    satisfaction: RateRule | None = None
    """满意率。"""
    dissatisfaction: RateRule | None = None
    """不满意率。"""
    repeat: RateRule | None = None
    """重复信访率。"""
    share: RateRule | None = None
    """分类表的占比（含“占总量”）。"""
    reception_settled: RateRule | None = None
    """领导接访的当场化解率。"""
    backlog_settled: RateRule | None = None
    """积案化解率。"""


CALENDAR_PERIOD = re.compile(r"(\d{4})(?:-?q([1-4])|-(\d{1,2}))?")
"""A year (2026), a quarter (2026-q3, 2026Q3) or a month (2026-09, 2026-9), as the statistics name them."""


def period_key(text: str) -> str:
    """One spelling of a statistics period: 2026Q3 -> 2026-q3, 2026-9 -> 2026-09; a range id as written."""
    value = unicodedata.normalize("NFKC", text).strip().lower()
    match = CALENDAR_PERIOD.fullmatch(value)
    if match is None:
        return value
    if match[2]:
        return f"{match[1]}-q{match[2]}"
    if match[3]:
        if not 1 <= int(match[3]) <= 12:
            raise ValueError(f"统计期“{text}”的月份不在 1 至 12 之间；请写如 2026-09")
        return f"{match[1]}-{int(match[3]):02d}"
    return match[1]


def calendar_bounds(key: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a year, quarter or month key (``period_key``'s spelling); None for a range id."""
    match = CALENDAR_PERIOD.fullmatch(key)
    if match is None:
        return None
    year = int(match[1])
    first, last = (1, 12) if not (match[2] or match[3]) else (
        (3 * int(match[2]) - 2, 3 * int(match[2])) if match[2] else (int(match[3]), int(match[3])))
    following = dt.date(year + last // 12, last % 12 + 1, 1)
    return dt.date(year, first, 1), following - dt.timedelta(days=1)


class DeclaredTotal(Record):
    """一期对外公布的总量（如热线全年来电总量），其中只有一部分是分类统计的信访事项。网站“按问题类别”表
    在各类占比旁加“占总量”一列，总量减去已分类事项的差额单列一行并加一句说明。"""

    period: str = Field(max_length=40)
    """统计期：2026（年）、2026-q3（季度）、2026-09（月），或 statistics.ranges 里的 id。"""
    total: int = Field(ge=0, le=1_000_000_000)
    """公布的总量（件、个）；不能少于该期已分类的信访事项，否则 check 报错。"""
    label: Text = Field(default="公布总量", max_length=40)
    """总量的名称，如“12345热线来电总量”。"""
    remainder: Text = Field(default="未分类", max_length=60)
    """差额一行的名称，如“咨询、求助等未列入信访事项的来电”。"""

    @field_validator("period", mode="after")
    @classmethod
    def _one_spelling(cls, value: str) -> str:
        key = period_key(value)
        if CALENDAR_PERIOD.fullmatch(key) is None and re.fullmatch(ID_PATTERN, key) is None:
            raise ValueError(f"统计期“{value}”无法识别；请写 2026（年）、2026-q3（季度）、2026-09（月）"
                             "或 statistics.ranges 里的 id")
        year = int(key[:4]) if CALENDAR_PERIOD.fullmatch(key) else None
        if year is not None and not EARLIEST.year <= year <= LATEST.year:
            raise ValueError(f"统计期“{value}”的年份不在 {EARLIEST.year} 至 {LATEST.year} 之间；请检查年份")
        return key


class StatisticsSettings(Record):
    """数据统计的口径。各地口径不同的地方都在这里写明，网站和台账按同一口径计算。"""

    rounding: Rounding = Rounding.ROUND
    """比率取舍方式：round（四舍五入）或 truncate（截断）；rates 里单独写了的比率除外。"""
    decimals: int = Field(default=1, ge=0, le=3)
    """比率保留几位小数（0—3）；rates 里单独写了的比率除外。"""
    rates: RateRules = Field(default_factory=RateRules)
    """各比率单独的取舍方式和小数位数（可选）。"""
    direct_answers_as_handled: bool = False
    """未经受理、直接答复办结的事项是否计入办结率、按期办结率、化解率、满意率、参评率的分母（和分子）。"""
    satisfied_includes_basic: bool = True
    """满意率的分子是否包括“基本满意”。"""
    evaluation_days: int = Field(default=30, ge=1, le=365)
    """办结超过这么多天仍未评价，列为“超期未评”。"""
    periods: list[PeriodKind] = Field(default_factory=lambda: [PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH])
    """网站上按哪些周期分页：year（年）、quarter（季度）、month（月）。"""
    ranges: list[StatisticsRange] = Field(default_factory=list)
    """自选统计区间，每个一页；命令行 xinfang statistics --from --to 可临时计算任意区间。"""
    totals: list[DeclaredTotal] = Field(default_factory=list)
    """各期对外公布的总量（可选），如 `[{period: 2026, total: 1280, label: 热线来电总量}]`。"""
    counties_total: bool = False
    """“按区县”表是否另加一行“区县合计”，不含市本级（市直部门、市级单位）的事项。"""

    def total_of(self, key: str) -> DeclaredTotal | None:
        """The headline total declared for the period with this key (a year, quarter, month or range id)."""
        return next((t for t in self.totals if t.period == key), None)

    def rule(self, measure: str) -> tuple[Rounding, int]:
        """How the rate ``measure`` (a field of ``RateRules``) is rounded: its own rule, else the office's."""
        own: RateRule | None = getattr(self.rates, measure)
        rounding = own.rounding if own and own.rounding is not None else self.rounding
        return rounding, own.decimals if own and own.decimals is not None else self.decimals


class OfficeHistory(Record):
    """一段过去的情况：until 当天及以前，写了的字段取这里的值。"""

    until: Day
    """这些值有效的最后一天。"""
    name: str | None = None
    phone: str | None = None
    address: str | None = None
    hours: str | None = None
    booking: str | None = None
    host: str | None = None
    """当时的网站主办单位。"""


HISTORY_FIELDS = ("name", "phone", "address", "hours", "booking", "host")
"""What ``office.history`` may say was different before a date."""


class Venue(Record):
    """一个接访场所能同时接待几场。不写的场所，同一时段安排几场接访都可以（合署接访、分组接访很常见），
    `check` 只提示；写了 rooms，超过就是错误。"""

    name: Text
    """场所名称，与接访安排 venues 里写的一字不差。"""
    rooms: int = Field(ge=1)
    """同一时段最多几场接访（接待室间数），如只有一间接待室写 1。"""


class Office(Record):
    """信访工作机构。"""

    id: RecordId
    name: Text = Field(max_length=DOCX_PROPERTY_MAX)
    """机构名称，如“示例市信访局”。"""
    unit: RecordId
    """所属单位 id：units.yaml 里本机构所在的单位（市级，或县级机构的县）。"""
    host: Text
    """网站主办单位。"""
    address: str | None = None
    """接待场所地址。只接电话、网上、视频接访或下访、不在本机构接待来访的，不填：网站不显示接待地址。"""
    phone: str | None = None
    """接待电话（会公开）；公告没有就不填，网站不显示。"""
    hours: str | None = None
    """接待时间；不填则不显示。"""
    booking: str | None = None
    """通用预约方式；不填则不显示。"""
    postcode: str | None = None
    email: str | None = None
    online_channel: str | None = None
    """网上信访渠道的说明。"""
    site_url: str | None = None
    """网站正式地址，可以带路径，如 https://www.某县.gov.cn/xf/ ；二维码、日历和 RSS 里的链接、站点地图都用它。"""
    site_code: str | None = None
    """网站标识码。"""
    icp: str | None = None
    """ICP 备案号。"""
    police_record: str | None = None
    """公安机关备案号。"""
    public_numbers: list[str] = Field(default_factory=list)
    """必须公开的号码（如热线），隐私检查时放行。"""
    cases_dir: str | None = None
    """案件文件所在目录（相对 content/ 或绝对路径）；不填为 content/cases。"""
    venues: list[Venue] = Field(default_factory=list)
    """接访场所能同时接待几场（可选），如 `[{name: 县人民来访接待中心, rooms: 1}]`。"""
    history: list[OfficeHistory] = Field(default_factory=list)
    """以前的名称、电话等（机构更名、电话变更）：每场接访按它当天的情况显示。"""
    letters: LetterSettings
    time_limits: TimeLimits = TimeLimits()
    supervision: SupervisionSettings = SupervisionSettings()
    statistics: StatisticsSettings = StatisticsSettings()
    report: ReportSettings = ReportSettings()

    @field_validator("site_url")
    @classmethod
    def _site_address(cls, value: str | None) -> str | None:
        """An absolute http(s) address ending in '/', so pages and feeds can be joined to it."""
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment \
                or any(c.isspace() for c in value):
            raise ValueError(f"“{value}”不是网站地址；请写完整的地址，如 https://www.某县.gov.cn/xf/")
        return value if value.endswith("/") else value + "/"

    def on(self, day: dt.date) -> Office:
        """The office as it was on ``day``: a past name, phone, address, hours, booking or host
        where ``history`` says so. The one owner of "who the office was then": pages take it
        for the build date, a session row for its date, a letter for its date."""
        update: dict[str, str] = {}
        for period in sorted(self.history, key=lambda p: p.until):
            if day > period.until:
                continue
            for key in HISTORY_FIELDS:
                value = getattr(period, key)
                if value is not None:
                    update.setdefault(key, value)
        return self.model_copy(update=update) if update else self
