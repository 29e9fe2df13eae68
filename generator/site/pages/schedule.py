"""The schedule pages: the overview of the coming days, one page per month (split per
county when busy) and the printable week."""

from __future__ import annotations

import datetime as dt

from ...schedule.sessions import ScheduledSession
from ..parts.data import UPCOMING_DAYS, SiteData, Wanted, everything
from ..parts.html import day_label, front_matter, full_date, link, md_text, raw_block
from ..parts.placement import MonthLayout, month_page
from ..parts.session_table import (
    TODAY_ANCHOR,
    Notes,
    booking_note,
    general_booking,
    json_ld,
    session_rows,
    session_table,
    table_html,
)
from ..parts.today import PageFacts
from ..parts.widgets import (
    carried_sessions,
    filters,
    month_label,
    print_button,
    qr_block,
    summarised,
    unit_banner,
)


def past_note(data: SiteData, page: str, last_day: dt.date, rows: list[ScheduledSession]) -> str:
    """Pages for a period that is over say so first, so nobody travels to an old session.
    A month still running on the build day carries the note hidden: the page's script shows
    it to a reader whose day is past the month's last (``data-xf-after``). When none of the
    page's ``rows`` is on the build day or later, the note is where ``#today`` leads."""
    hidden = " hidden" if last_day >= data.today else ""
    anchor = "" if any(s.date >= data.today for s in rows) else f' id="{TODAY_ANCHOR}"'
    return (f'<p class="xf-past-note" role="note"{anchor} data-xf-after="{last_day.isoformat()}"{hidden}>'
            f"<strong>这是往期接访安排，日期已经过去</strong>"
            f'（今天是<span data-xf-day>{full_date(data.today)}</span>）。'
            f'近期安排见{link(page, "schedule/index.md", "接访安排")}。</p>\n\n')


def _last_day(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def overview(data: SiteData) -> str:
    page = "schedule/index.md"
    horizon = data.today + dt.timedelta(days=UPCOMING_DAYS)
    soon, soon_note = summarised(data, [s for s in data.upcoming if s.date <= horizon], page)
    months = list(data.by_month)
    current = [m for m in months if m >= (data.today.year, data.today.month)]
    past = [m for m in months if m < (data.today.year, data.today.month)]

    def month_links(items: list[tuple[int, int]]) -> str:
        return "".join(f"<li>{link(page, month_page(y, m), month_label(y, m))}</li>" for y, m in items)

    text = (
        front_matter("接访安排", hide=("navigation", "toc"), search=False)
        + "# 接访安排\n\n"
        + unit_banner(data, set(data.content.units))
        + f"<p>以下是{full_date(data.today)}起{UPCOMING_DAYS}天内的领导接访安排。"
        "已取消、改期或换人的场次保留在表中并注明原因。</p>\n\n"
        + filters(data, soon)
        + session_table(soon, data.cells, page, empty="近期没有安排接访。") + soon_note
        + json_ld(soon, data.cells, data.session_url)
        + "## 按月查看\n\n" + f'<ul class="xf-months">{month_links(current)}</ul>\n\n'
    )
    if past:
        text += (f'<details class="xf-archive"><summary>往期安排</summary>'
                 f'<ul class="xf-months">{month_links(past)}</ul></details>\n\n')
    text += (
        "## 订阅与下载\n\n"
        f'<p>{link(page, "calendar/all.ics", "订阅全部接访日历（.ics）")}：'
        "在手机日历中选择“添加订阅日历”，粘贴此链接即可，安排变动会自动更新。</p>\n\n"
        f'<p>开放数据：{link(page, "data/schedule.csv", "接访安排 CSV（可用 Excel 打开）")} · '
        f'{link(page, "data/schedule.json", "JSON")}'
        f'（{link(page, "data/schedule.schema.json", "字段说明：JSON Schema")}）'
        f' · {link(page, "data/suspensions.csv", "暂停接访 CSV")}</p>\n\n'
    )
    return text


def month_pages(data: SiteData, wanted: Wanted = everything) -> dict[str, str]:
    pages: dict[str, str] = {}
    months = list(data.by_month)
    for index, (year, month) in enumerate(months):
        layout = data.placement.months[(year, month)]
        page = layout.page
        if not wanted(page):
            if layout.split:  # only some of its counties' pages
                _split_month(data, pages, layout, wanted)
            continue
        nav = []
        # the year in both directions: "← 12月" on a January page would mean last year's
        if index > 0:
            nav.append(link(page, month_page(*months[index - 1]), f"← {month_label(*months[index - 1])}"))
        nav.append(link(page, "schedule/index.md", "全部安排"))
        if index + 1 < len(months):
            nav.append(link(page, month_page(*months[index + 1]), f"{month_label(*months[index + 1])} →"))
        title = f"{month_label(year, month)}接访安排"
        body = front_matter(title, hide=("navigation", "toc"), search=False) + f"# {title}\n\n"
        body += unit_banner(data, {s.unit for s in layout.main})
        body += past_note(data, page, _last_day(year, month), layout.main) + print_button()
        if layout.split:
            body += _split_month(data, pages, layout, wanted)
        else:
            body += filters(data, layout.main) + session_table(layout.main, data.cells, page, anchor=True)
        body += qr_block(data, page, "扫码查看最新接访安排") + f'<p class="xf-pager">{" · ".join(nav)}</p>\n'
        pages[page] = body
    return pages


def _split_month(data: SiteData, pages: dict[str, str], layout: MonthLayout, wanted: Wanted) -> str:
    """City-level sessions on the month page; each county (with its townships) on its own
    pages (those ``wanted``), as ``placement`` laid them out."""
    content = data.content
    year, month, page = layout.year, layout.month, layout.page
    links = []
    for county in layout.counties:
        name = content.units[county.county_id].name
        title = f"{month_label(year, month)}{name}接访安排"
        paths = [path for path, _ in county.pages]
        links.append(f"<li>{link(page, paths[0], name)}（{county.sessions} 场）</li>")
        if not any(map(wanted, paths)):
            continue
        # every page of a county's month points to its first page (which links the others):
        # one QR code per county and month, not per page
        qr = qr_block(data, paths[0], "扫码查看最新接访安排")
        for number, (path, chunk) in enumerate(county.pages, start=1):
            if not wanted(path):
                continue
            pager = [link(path, page, f"{month_label(year, month)}全部单位")]
            if len(paths) > 1:
                pager += [link(path, other, f"第{n}页") if other != path else f"第{n}页"
                          for n, other in enumerate(paths, start=1)]
            heading = title if len(paths) == 1 else f"{title}（第{number}页，共{len(paths)}页）"
            pages[path] = (front_matter(heading, hide=("navigation", "toc"), search=False)
                           + f"# {md_text(heading)}\n\n" + unit_banner(data, {s.unit for s in chunk})
                           + past_note(data, path, _last_day(year, month), chunk)
                           + print_button()
                           + filters(data, chunk) + session_table(chunk, data.cells, path, anchor=True)
                           + qr + f'<p class="xf-pager">{" · ".join(pager)}</p>\n')
    return ("## 市级\n\n" + filters(data, layout.main)
            + session_table(layout.main, data.cells, page, anchor=True)
            + f'## 区县、乡镇（街道）\n\n<ul class="xf-months">{"".join(links)}</ul>\n\n')


def week_page(data: SiteData) -> str:
    """The printable week: the build day's week as built (what a reader without scripts sees),
    the following days carried hidden; the page's script shows the reader's own week, Monday
    to Sunday, and says so in the title (``data-xf-window="calendar-week"``)."""
    page = "schedule/week.md"
    monday, sunday = data.week()
    carried, note, covers = carried_sessions(data, page)
    facts = PageFacts(data, page)
    facts.cover(covers)
    content = data.content
    shown = [s for s in carried if s.date <= sunday]
    span = f'本周接访安排（<span data-xf-week-days>{day_label(monday)}—{day_label(sunday)}</span>）'
    if carried:
        notes = Notes(f"t-{carried[0].id}")
        general = general_booking(content, data.today)
        rows = "".join(session_rows(carried, data.cells, page, notes, general=general,
                                    hidden=lambda s: s.date > sunday))
        window = ' data-xf-window="calendar-week"' + ("" if shown else " hidden")
        table = raw_block(booking_note(general) + table_html(rows, notes, has_status=any(s.changes for s in carried),
                                                             attrs=window) + notes.html(), searchable=False)
    else:
        table = ""
    empty = (f'<p class="xf-empty-note" data-xf-week-empty{"" if not shown else " hidden"}>'
             "本周没有安排接访。</p>\n\n")
    return (front_matter("本周接访安排", hide=("navigation", "toc"), search=False)
            # a Markdown heading (not raw <h1>): the theme's skip link goes to the first one
            + f"# {span}\n\n"
            + unit_banner(data, {s.unit for s in shown}) + print_button()
            + empty + table + note
            + qr_block(data, page, "扫码查看最新接访安排")
            + f'<p class="xf-print-hide">{link(page, "schedule/index.md", "全部接访安排")}</p>\n'
            + facts.block())
