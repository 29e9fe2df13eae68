"""/statistics/ and a page per period (/statistics/2026/, /statistics/2026-q3/,
/statistics/2026-09/, configured ranges under /statistics/ranges/<id>/), plus every
table as CSV and JSON under data/statistics/.

Every rate is printed as ``98.9%（973 / 983）``: the numerator and denominator on a line
of their own under the rate, in the tables and in the charts' text.  Each period page
puts the previous period and the same period last year beside it.  Breakdown tables
end with a 合计 row over the same cases as the headline, so the rows sum exactly.
"""

from __future__ import annotations

from ...model.office import Rounding
from ...statistics.breakdowns import COUNTIES_TOTAL, Breakdown, Table, counties_total, declared_total
from ...statistics.counts import COUNTS, SHARE, Counts, Measure, Rate, rule_words, share
from ...statistics.periods import Period
from ...statistics.receptions import COLUMNS as RECEPTION_COLUMNS
from ...statistics.receptions import ReceptionCounts, level_label, reception_table, recording_since
from ...statistics.tables import RECEPTIONS, SUMMARY, StatisticsTables, definitions_files, period_files
from ..parts.charts import Bar, figure
from ..parts.data import SiteData
from ..parts.html import esc, front_matter, full_date, md_text, raw_block
from ..parts.placement import rel

INDEX = "statistics/index.md"
PAGE_ROWS = 20
"""Breakdown rows on a page; the rest are summed in one 其余 row (all rows are in the open data)."""
CHART_BARS = 10
BREAKDOWN_MEASURES = ("closing", "on_time", "satisfaction", "dissatisfaction")
"""Rates in the page's breakdown tables besides 收到 and 占比; the open data has them all."""


def page_of(period: Period) -> str:
    return f"statistics/ranges/{period.key}.md" if period.kind == "range" else f"statistics/{period.key}.md"


def data_of(period: Period, table: str, ext: str) -> str:
    folder = f"ranges/{period.key}" if period.kind == "range" else period.key
    return f"data/statistics/{folder}/{table}.{ext}"


def _rate_cell(tables: StatisticsTables, rate: Rate) -> str:
    return (f'<span class="xf-rate">{esc(tables.rate_text(rate))}</span>'
            f'<span class="xf-frac">{esc(rate.fraction())}</span>')


def _rate_words(tables: StatisticsTables, rate: Rate) -> str:
    return tables.rate_text(rate) + rate.fraction()


# --- the page of one period ------------------------------------------------------------

def _headline(tables: StatisticsTables, columns: list[tuple[str, Counts]]) -> str:
    head = "".join(f'<th scope="col">{esc(label)}</th>' for label, _ in [("指标", None), *columns])
    rows = []
    for _, label, count in COUNTS:
        cells = "".join(f'<td data-label="{esc(period)}">{count(c)}</td>' for period, c in columns)
        rows.append(f'<tr><th scope="row">{esc(label)}</th>{cells}</tr>')
    for measure in tables.measures:
        cells = "".join(f'<td data-label="{esc(period)}">{_rate_cell(tables, measure.rate(c, tables.settings))}</td>'
                        for period, c in columns)
        rows.append(f'<tr><th scope="row">{esc(measure.label)}</th>{cells}</tr>')
    return (f'<table class="xf-table xf-stats-headline"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _rates_chart(tables: StatisticsTables, period: Period, counts: Counts) -> str:
    bars = [Bar(m.label, float(m.rate(counts, tables.settings).rounded(Rounding.ROUND, 3) or 0),
                _rate_words(tables, m.rate(counts, tables.settings))) for m in tables.measures]
    return figure(f"chart-rates-{period.key}", f"{period.label}主要比率", bars, scale=100)


def _visible_rows(table: Table) -> tuple[list[tuple[str, Counts]], tuple[int, Counts] | None]:
    """The largest rows, and the rest summed (their number and counts) so the column still adds up."""
    if len(table.rows) <= PAGE_ROWS + 1:
        return table.rows, None
    rest = Counts()
    hidden = table.rows[PAGE_ROWS:]
    for _, counts in hidden:
        rest.merge(counts)
    return table.rows[:PAGE_ROWS], (len(hidden), rest)


def _breakdown(tables: StatisticsTables, period: Period, table: Table, page: str) -> str:
    by_key = {m.key: m for m in tables.measures}
    shown = [by_key[k] for k in BREAKDOWN_MEASURES]
    total = table.total.received
    declared = declared_total(tables.settings, period, table)
    columns = [table.breakdown.column, "收到", "占比", *(["占总量"] if declared else []), *(m.label for m in shown)]
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)

    def tr(name: str, cells: list[str], css: str) -> str:
        attr = f' class="{css}"' if css else ""
        # each cell labelled for the phone layout (a card per row), whatever columns this table has
        return (f'<tr{attr}><th scope="row">{esc(name)}</th>'
                + "".join(f'<td data-label="{esc(label)}">{cell}</td>'
                          for label, cell in zip(columns[1:], cells, strict=True))
                + "</tr>")

    def row(name: str, counts: Counts, css: str = "") -> str:
        of_total = [_rate_cell(tables, declared.share(counts.received))] if declared else []
        return tr(name, [str(counts.received), _rate_cell(tables, share(counts.received, total)), *of_total,
                         *(_rate_cell(tables, m.rate(counts, tables.settings)) for m in shown)], css)

    visible, rest = _visible_rows(table)
    body = [row(tables.group_name(table.breakdown, key), counts) for key, counts in visible]
    if rest is not None:
        body.append(row(f"其余 {rest[0]} 个（明细见开放数据）", rest[1]))
    body.append(row("合计", table.total, "xf-total"))
    counties = counties_total(tables.content, table)
    if counties is not None:
        body.append(row(COUNTIES_TOTAL, counties, "xf-total"))
    explained = ""
    if declared:
        # outside the categories: no share of the categorised cases, no rates, only its part of the total
        blank = [""] * len(shown)
        body.append(tr(declared.remainder_label, [str(declared.remainder), "",
                                                  _rate_cell(tables, declared.share(declared.remainder)), *blank],
                       "xf-remainder"))
        body.append(tr(declared.label, [str(declared.total), "", _rate_cell(tables, declared.share(declared.total)),
                                        *blank], "xf-total"))
        explained = f'<p class="xf-stats-declared">{esc(declared.explanation())}</p>'
    markup = (f'<table class="xf-table xf-stats" data-breakdown="{table.breakdown.value}">'
              f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    bars = [Bar(tables.group_name(table.breakdown, key), counts.received,
                f"{counts.received}件，占{_rate_words(tables, share(counts.received, total))}")
            for key, counts in table.rows[:CHART_BARS]]
    note = f"图中为收到件数最多的 {CHART_BARS} 个，完整数字见左侧表格。" if len(table.rows) > CHART_BARS else ""
    chart = figure(f"chart-{table.breakdown.value}-{period.key}",
                   f"{period.label}{table.breakdown.label}收到的信访事项", bars, note=note)
    files = " ".join(f'<a href="{esc(rel(page, data_of(period, table.breakdown.value, ext)))}">'
                     f"{ext.upper()}</a>" for ext in ("csv", "json"))
    return (f"## {table.breakdown.label}\n\n"
            + raw_block(f'{explained}<div class="xf-stats-pair">{markup}{chart}</div>'
                        f'<p class="xf-data-links">本表数据下载（全部指标）：{files}</p>'))


def _period_nav(tables: StatisticsTables, period: Period, page: str) -> str:
    links = [f'<a href="{esc(rel(page, INDEX))}">全部统计</a>']
    for word, other in (("上期", period.previous()), ("上年同期", period.last_year())):
        if other.key in tables.published and other.key != period.key:
            links.append(f'{word}：<a href="{esc(rel(page, page_of(other)))}">{esc(other.label)}</a>')
    return raw_block(f'<p class="xf-stats-nav">{" ｜ ".join(links)}</p>')


def _notes(counts: Counts, tables: StatisticsTables) -> str:
    notes = []
    if counts.direct and not tables.settings.direct_answers_as_handled:
        notes.append(f"本期有 {counts.direct} 件直接答复办结的事项，计入“收到”，按本单位口径不计入“办结”"
                     "及以办结为分母的比率，所以“办结”少于实际销号的件数。")
    if counts.late_unevaluated:
        notes.append(f"有 {counts.late_unevaluated} 件办结超过 {tables.settings.evaluation_days} 天仍未评价"
                     "（超期未评），计入参评率的分母，不计入满意率的分母。")
    return "".join(f"<p>{esc(n)}</p>" for n in notes)


RECEPTION_HEADERS = [*(label for _, label in RECEPTION_COLUMNS), "当场化解率"]


def _reception_cells(tables: StatisticsTables, counts: ReceptionCounts) -> str:
    """The row's cells, each labelled for the phone layout (a card per row)."""
    values = [*(str(getattr(counts, key)) for key, _ in RECEPTION_COLUMNS), _rate_cell(tables, counts.settled_rate)]
    return "".join(f'<td data-label="{esc(label)}">{value}</td>'
                   for label, value in zip(RECEPTION_HEADERS, values, strict=True))


def _receptions(tables: StatisticsTables, period: Period, page: str) -> str:
    """领导接访: 场次, 批次, 人次 by level, from the record of receptions held (only once the
    office keeps one)."""
    receptions = tables.prepared.receptions
    since = recording_since(receptions)
    if since is None or since > period.end:
        return ""
    table = reception_table(receptions, period)
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in ["接访领导", *RECEPTION_HEADERS])
    body = [f'<tr><th scope="row">{esc(level_label(key))}</th>{_reception_cells(tables, counts)}</tr>'
            for key, counts in table.rows]
    body.append(f'<tr class="xf-total"><th scope="row">合计</th>{_reception_cells(tables, table.total)}</tr>')
    files = " ".join(f'<a href="{esc(rel(page, data_of(period, RECEPTIONS, ext)))}">{ext.upper()}</a>'
                     for ext in ("csv", "json"))
    # said only where the period had receptions before the first record, which are not counted
    earlier = any(period.start <= s.date < since and s.is_active for s in tables.prepared.sessions)
    partial = f"本单位自{esc(full_date(since))}起登记接访记录，此前的接访未计入。" if earlier else ""
    return "## 领导接访\n\n" + raw_block(
        f"<p>根据每次接访后登记的接访记录统计：批次、人次为接待来访群众的批次和人次，"
        f"“其中主要领导”是各级主要负责同志接访的部分，已含在各级合计中。{partial}</p>"
        f'<table class="xf-table xf-receptions" data-table="receptions"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table>'
        f'<p class="xf-data-links">本表数据下载：{files}</p>')


def period_page(tables: StatisticsTables, period: Period) -> str:
    page = page_of(period)
    stats = tables.stats
    counts = stats.counts(period)
    columns = [(f"本期（{period.label}）", counts)]
    previous, last_year = period.previous(), period.last_year()
    if previous.key != last_year.key:
        columns.append((f"上期（{previous.label}）", stats.counts(previous)))
    columns.append((f"上年同期（{last_year.label}）", stats.counts(last_year)))
    # out of the search index: tables of figures match every number a visitor types, and at city
    # scale they would be most of the index (the overview page, with the definitions, stays in)
    text = (front_matter(f"数据统计：{period.label}", hide=("navigation",), search=False)
            + f"# 数据统计：{md_text(period.label)}\n\n")
    text += _period_nav(tables, period, page)
    text += raw_block(
        f"<p>统计{esc(period.start.isoformat())}至{esc(period.end.isoformat())}登记收到的信访事项，"
        f"办理进度截至{esc(full_date(tables.today))}。每个比率下方括号内是分子和分母，"
        f'口径见<a href="{esc(rel(page, INDEX))}#definitions">指标说明</a>。</p>{_notes(counts, tables)}')
    text += "## 主要指标\n\n" + raw_block(
        f'<div class="xf-stats-pair">{_headline(tables, columns)}{_rates_chart(tables, period, counts)}</div>'
        f'<p class="xf-data-links">本表数据下载：'
        + " ".join(f'<a href="{esc(rel(page, data_of(period, SUMMARY, ext)))}">{ext.upper()}</a>'
                   for ext in ("csv", "json")) + "</p>")
    if counts.received == 0:
        return text + raw_block("<p>本期没有登记的信访事项。</p>") + _receptions(tables, period, page)
    for breakdown in Breakdown:
        text += _breakdown(tables, period, stats.table(period, breakdown), page)
    return text + _receptions(tables, period, page)


# --- the overview ------------------------------------------------------------------

def _own_rule(tables: StatisticsTables, m: Measure) -> str:
    """The measure's rounding in words where the office set one apart from its general rule."""
    rule = tables.settings.rule(m.key)
    return "" if rule == (tables.settings.rounding, tables.settings.decimals) else f"本项{rule_words(*rule)}。"


def _definitions(tables: StatisticsTables) -> str:
    settings = tables.settings
    items = "".join(f"<li><strong>{esc(m.label)}</strong> = {esc(m.numerator)} ÷ {esc(m.denominator)}"
                    + (f"。{esc(m.note)}" if m.note else "。") + esc(_own_rule(tables, m)) + "</li>"
                    for m in [*tables.measures, SHARE])
    return raw_block(
        f"<ul>{items}</ul><p>各期统计该期内登记收到的事项，办理进度（受理、办结、评价）截至统计日。"
        f"比率{rule_words(settings.rounding, settings.decimals)}（另有注明的除外）；"
        "括号内为分子和分母，分母为 0 时比率显示“—”。"
        "“直接答复”指未经受理、不予受理程序而直接答复办结的事项。检举控告类事项只计入总数，不公开个案。</p>")


def statistics_index(tables: StatisticsTables) -> str:
    today = tables.today
    text = front_matter("数据统计", hide=("navigation",)) + "# 数据统计\n\n"
    text += raw_block(f"<p>以下数字由系统根据案件登记自动计算，截至{esc(full_date(today))}。"
                      "每个比率都写明了分子和分母，各期页面列出上期和上年同期以便比较。</p>")
    years = [p for p in tables.periods if p.kind == "year"]
    if years:
        current = years[0]
        counts = tables.stats.counts(current)
        last = current.last_year()
        text += f"## {md_text(current.label)}主要指标\n\n" + raw_block(
            _headline(tables, [(f"本年（{current.label}）", counts),
                             (f"上年（{last.label}）", tables.stats.counts(last))])
            + f'<p><a href="{esc(rel(INDEX, page_of(current)))}">{esc(current.label)}详细统计（按区县、'
              "乡镇街道、承办单位、问题类别）</a></p>")
    text += "## 各期统计\n\n"
    if not tables.periods:
        text += raw_block("<p>暂无数据。</p>")
    groups: list[str] = []
    for y in years or []:
        inside = [p for p in tables.periods if p.kind in ("quarter", "month") and p.start.year == y.start.year]
        links = " ".join(f'<a href="{esc(rel(INDEX, page_of(p)))}">{esc(p.label.removeprefix(y.label))}</a>'
                         for p in sorted(inside, key=lambda p: (p.start, p.kind != "quarter")))
        groups.append(f'<li><a href="{esc(rel(INDEX, page_of(y)))}">{esc(y.label)}</a>'
                      + (f"：{links}" if links else "") + "</li>")
    if not years:  # offices publishing quarters or months only
        groups += [f'<li><a href="{esc(rel(INDEX, page_of(p)))}">{esc(p.label)}</a></li>'
                   for p in tables.periods if p.kind != "range"]
    ranges = [p for p in tables.periods if p.kind == "range"]
    groups += [f'<li><a href="{esc(rel(INDEX, page_of(p)))}">{esc(p.label)}</a>（自选区间）</li>' for p in ranges]
    if groups:
        text += raw_block(f'<ul class="xf-stats-periods">{"".join(groups)}</ul>')
    text += "## 指标说明 {#definitions}\n\n" + _definitions(tables)
    text += "## 开放数据\n\n" + raw_block(
        "<p>每张统计表都有 CSV 和 JSON 两种格式，在各期页面的表格下方下载；指标定义："
        + " ".join(f'<a href="{esc(rel(INDEX, f"data/statistics/definitions.{ext}"))}">{ext.upper()}</a>'
                   for ext in ("csv", "json")) + "。</p>")
    return text


def statistics_part(data: SiteData) -> dict[str, str | bytes]:
    """Every statistics page and data file, keyed by its path under docs/."""
    tables = StatisticsTables(data.prepared, data.today)
    result: dict[str, str | bytes] = {INDEX: statistics_index(tables)}
    for ext, raw in definitions_files(tables).items():
        result[f"data/statistics/definitions.{ext}"] = raw
    for period in tables.periods:
        result[page_of(period)] = period_page(tables, period)
        result.update({data_of(period, table, ext): raw for (table, ext), raw in period_files(tables, period).items()})
    return result
