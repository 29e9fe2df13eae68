"""/statistics/: figures from the case files, each rate with its numerator and
denominator, charts as inline SVG beside tables carrying the same numbers."""

from __future__ import annotations

from ..model.cases import Channel
from ..model.units import UnitLevel
from ..statistics.figures import EVALUATION_DAYS, Figures, Statistics, compute
from .charts import figure
from .data import SiteData
from .html import esc, front_matter, link, table

RATE_KEYS = ("acceptance", "on_time", "settled", "satisfaction", "repeat")


def _county_of(data: SiteData, unit_id: str) -> str:
    """Cases are reported under their county (or the city for city-level units)."""
    chain = data.content.unit_chain(unit_id)
    county = next((u for u in chain if u.level is UnitLevel.COUNTY), None)
    return (county or chain[-1]).id if chain else unit_id


def _row(label: str, f: Figures, data: SiteData) -> list[str]:
    settings = data.content.office.statistics
    rates = f.rates()
    return [label, str(f.received), *(str(f.channels[c]) for c in Channel), str(f.accepted), str(f.closed),
            str(f.overdue), *(esc(rates[k].text(settings.rounding, settings.decimals)) for k in RATE_KEYS),
            str(f.unevaluated), str(f.late_unevaluated)]


def headers(first: str) -> list[str]:
    return [first, *HEADERS]


HEADERS = ["收到", *(c.label for c in Channel), "受理", "办结", "超期", "受理率", "按期办结率", "化解率",
           "满意率", "重复信访占比", "未评价", "超期未评"]


def _definitions(data: SiteData) -> str:
    settings = data.content.office.statistics
    rule = "四舍五入" if settings.rounding.value == "round" else "截断（不进位）"
    rates = Figures().rates()
    items = "".join(f"<li><strong>{esc(r.label)}</strong> = {esc(r.numerator_label)} ÷ {esc(r.denominator_label)}</li>"
                    for r in rates.values())
    return (f"<ul>{items}<li><strong>超期未评</strong>：办结超过 {EVALUATION_DAYS} 天仍未评价的事项，"
            "单独列出，不计入满意率的分母。</li></ul>\n\n"
            f"<p>比率保留 {settings.decimals} 位小数，取舍方式：{rule}。分母为 0 时显示“—”。"
            "检举控告类事项只计入总数，不公开个案。</p>\n\n")


def statistics_markdown(data: SiteData) -> str:
    page = "statistics/index.md"
    content = data.content
    stats: Statistics = compute(content.cases.values(), calendar=data.prepared.calendar, office=content.office,
                                today=data.today, unit_of=lambda u: _county_of(data, u))
    text = front_matter("数据统计", hide=("navigation",)) + "# 数据统计\n\n"
    text += (f"<p>以下数字由系统根据案件登记自动计算，截至{data.today.year}年{data.today.month}月{data.today.day}日。"
             "每个比率都写明了分子和分母。</p>\n\n## 指标说明\n\n" + _definitions(data))
    if not stats.by_year:
        return text + "<p>暂无数据。</p>\n"
    text += "## 按年\n\n" + table(headers("年份"), [_row(f"{y}年", f, data) for y, f in stats.by_year.items()],
                                  css="xf-stats")
    year = max(stats.by_year)
    months = {m: f for (y, m), f in stats.by_month.items() if y == year}
    text += f"## {year}年按月\n\n"
    text += figure("chart-months", f"{year}年各月收到的信访事项（件）",
                   [(f"{m}月", f.received) for m, f in months.items()])
    text += table(headers("月份"), [_row(f"{m}月", f, data) for m, f in months.items()], css="xf-stats")
    topics = sorted(stats.by_topic.items(), key=lambda item: -item[1].received)
    text += "## 按问题类别\n\n" + figure(
        "chart-topics", "各类问题收到的信访事项（件）", [(content.topics[t].name, f.received) for t, f in topics])
    rows = [_row(link(page, f"topics/{t}.md", content.topics[t].name), f, data) for t, f in topics]
    text += table(headers("问题类别"), rows, css="xf-stats")
    units = sorted(stats.by_unit.items(), key=lambda item: -item[1].received)
    text += "## 按属地\n\n" + table(headers("属地"), [_row(esc(content.units[u].name), f, data) for u, f in units],
                                    css="xf-stats")
    return text
