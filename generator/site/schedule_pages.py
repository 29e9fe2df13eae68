"""Home, schedule overview, month and week pages."""

from __future__ import annotations

import datetime as dt

import segno

from ..schedule.sessions import ScheduledSession
from .data import UPCOMING_DAYS, SiteData
from .html import day_label, esc, front_matter, full_date, link, md_text, raw_block, rel, weekday
from .placement import MonthLayout, month_page
from .session_table import json_ld, leaders_plain, session_table

LISTING_ROWS = 40
"""Above this, the home page and the overview list city and county sessions only and
send readers to the month pages for townships: a city-scale week has a thousand."""


def summarised(data: SiteData, sessions: list[ScheduledSession], page: str) -> tuple[list[ScheduledSession], str]:
    """The sessions a short listing shows, and a note linking to the rest."""
    if len(sessions) <= LISTING_ROWS:
        return sessions, ""
    levels = {u.id: u.level.value for u in data.content.units.values()}
    shown = [s for s in sessions if levels[s.unit] != "township"]
    if len(shown) > LISTING_ROWS:
        shown = [s for s in shown if levels[s.unit] == "city"]
    month = data.today
    note = (f'<p class="xf-help">这里列出市级和区县领导的{len(shown)}场接访；'
            f"乡镇（街道）的{len(sessions) - len(shown)}场见"
            f'{link(page, month_page(month.year, month.month), f"{month.month}月接访安排")}中各区县的页面。</p>\n\n')
    return shown, note


def filters(data: SiteData, sessions: list[ScheduledSession]) -> str:
    """Unit and topic filters over the sessions on the page, offering only the units and
    topics that occur there; hidden until the script enables them (no-JS users get links)."""
    content = data.content
    if not sessions:
        return ""
    present = {unit.id for s in sessions for unit in content.unit_chain(s.unit)}
    topics_present = {t for s in sessions for t in s.topics}
    indent = {"city": "", "county": "　", "township": "　　"}
    units = "".join(f'<option value="{esc(u.id)}">{indent[u.level.value]}{esc(u.name)}</option>'
                    for u in _units_in_tree_order(data) if u.id in present)
    topics = "".join(f'<option value="{esc(t.id)}">{esc(t.name)}</option>'
                     for t in content.topics.values() if t.id in topics_present)
    return raw_block(
        '<form class="xf-filter" hidden aria-label="筛选接访安排">'
        f'<label>单位 <select name="unit"><option value="">全部单位</option>{units}</select></label>'
        f'<label>问题 <select name="topic"><option value="">全部问题</option>{topics}</select></label>'
        '<output class="xf-filter-count" aria-live="polite"></output>'
        "</form>", searchable=False
    )


def _units_in_tree_order(data: SiteData) -> list:  # type: ignore[type-arg]
    units = list(data.content.units.values())
    children: dict[str | None, list] = {}  # type: ignore[type-arg]
    for unit in units:
        children.setdefault(unit.parent, []).append(unit)
    ordered: list = []  # type: ignore[type-arg]

    def walk(parent: str | None) -> None:
        for unit in children.get(parent, []):
            ordered.append(unit)
            walk(unit.id)

    walk(None)
    return ordered


def qr_block(data: SiteData, page: str, text: str) -> str:
    """A QR code (made here, no web service) for the printed notice-board copy."""
    if not data.base_url:
        return ""
    url = data.base_url.rstrip("/") + "/" + rel("index.md", page).removeprefix("./")
    svg = segno.make(url, error="m").svg_inline(scale=3, title=f"{text}二维码", light="white")
    caption = f'<p>{esc(text)}<br><span class="xf-url">{esc(url)}</span></p>'
    return raw_block(f'<div class="xf-print-qr">{svg}{caption}</div>', searchable=False)


def print_button() -> str:
    return '<p class="xf-print-hide"><button type="button" class="md-button xf-print" hidden>打印本页</button></p>\n\n'


def today_block(data: SiteData, page: str) -> str:
    today, _ = summarised(data, [s for s in data.upcoming if s.date == data.today], page)
    head = f"今天是{full_date(data.today)}（{weekday(data.today)}）。"
    if any(s.is_active for s in today):
        return (f'<div class="xf-today-box"><p><strong>{head}今天有领导接访：</strong></p>\n\n'
                + session_table(today, data.content, page, data.today) + "</div>\n\n")
    upcoming = data.next_active([s for s in data.upcoming if s.date > data.today])
    if upcoming is None:
        return (f'<div class="xf-today-box"><p><strong>{head}</strong>近期没有公布接访安排，'
                f"请关注通知公告或拨打 {esc(data.content.office.phone)} 咨询。</p></div>\n\n")
    when = f"{day_label(upcoming.date)}（{weekday(upcoming.date)}）{upcoming.start:%H:%M}"
    return (
        f'<div class="xf-today-box"><p><strong>{head}今天没有领导接访安排。</strong></p>'
        f'<p>下一次：<strong>{esc(when)}</strong>，{esc(leaders_plain(upcoming, data.content))}'
        f"{esc(upcoming.mode.label)}，地点：{esc(_place(data, upcoming))}。"
        f' <a href="{esc(data.placement.href(upcoming, page))}">查看详情</a></p></div>\n\n'
    )


def _place(data: SiteData, session: ScheduledSession) -> str:
    return "、".join(session.venues) or data.content.units[session.unit].name


def topic_finder(data: SiteData, page: str, keys: dict[str, str]) -> str:
    """Every topic as a plain link; the script filters them as the citizen types."""
    items = []
    for topic in data.content.topics.values():
        words = "、".join(esc(k) for k in topic.keywords[:6])
        items.append(
            f'<li data-keys="{esc(keys[topic.id])}">{link(page, f"topics/{topic.id}.md", topic.name)}'
            f'<span class="xf-keywords">{words}</span></li>'
        )
    return (
        '<div class="xf-finder">'
        '<label for="xf-finder-input">输入您要反映的问题，如“社保”“欠薪”“拆迁”：</label>'
        '<input id="xf-finder-input" type="search" autocomplete="off" hidden '
        'placeholder="社保、欠薪、拆迁、物业、学校……">'
        '<p class="xf-finder-none" hidden>没有找到，请从下面的列表中选择，或拨打接待电话咨询。</p>'
        f'<ul class="xf-topic-list">{"".join(items)}</ul></div>\n\n'
    )


def banner(data: SiteData, page: str) -> str:
    current = [n for n in data.content.notices.values()
               if n.banner and n.date <= data.today and (n.expires is None or n.expires >= data.today)]
    if not current:
        return ""
    items = "".join(f"<li>{link(page, f'notices/{n.id}.md', n.title)}（{full_date(n.date)}）</li>"
                    for n in sorted(current, key=lambda n: n.date, reverse=True))
    return (f'<div class="xf-banner" role="region" aria-label="重要通知"><p><strong>重要通知</strong></p>'
            f"<ul>{items}</ul></div>\n\n")


def reception_info(data: SiteData) -> str:
    office = data.content.office
    rows = [("接待地址", office.address), ("接待时间", office.hours), ("咨询电话", office.phone),
            ("预约方式", office.booking)]
    if office.online_channel:
        rows.append(("网上信访", office.online_channel))
    if office.email:
        rows.append(("电子邮箱", office.email))
    body = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return f'<dl class="xf-info">{body}</dl>\n\n'


def home(data: SiteData, keys: dict[str, str]) -> str:
    page = "index.md"
    monday, sunday = data.week()
    week, week_note = summarised(data, [s for s in data.sessions if monday <= s.date <= sunday], page)
    office = data.content.office
    return (
        front_matter(office.name, hide=("navigation", "toc"), search=False,
                     description="领导接访安排、反映问题的途径、政策解读和办理流程")
        + f"# {md_text(office.name)}\n\n"
        + banner(data, page)
        + today_block(data, page)
        + "## 我要反映的问题\n\n" + topic_finder(data, page, keys)
        + f"## 本周接访安排（{day_label(monday)}—{day_label(sunday)}）\n\n"
        + session_table(week, data.content, page, data.today, empty="本周没有安排接访。") + week_note
        + json_ld([s for s in week if s.date >= data.today], data.content, data.session_url)
        + f'<p>{link(page, "schedule/index.md", "全部接访安排")} · {link(page, "schedule/week.md", "打印本周安排")}'
        f' · {link(page, "topics/index.md", "按问题查找负责领导")}</p>\n\n'
        + "## 来访接待\n\n" + reception_info(data)
    )


def overview(data: SiteData) -> str:
    page = "schedule/index.md"
    horizon = data.today + dt.timedelta(days=UPCOMING_DAYS)
    soon, soon_note = summarised(data, [s for s in data.upcoming if s.date <= horizon], page)
    months = list(data.by_month)
    current = [m for m in months if m >= (data.today.year, data.today.month)]
    past = [m for m in months if m < (data.today.year, data.today.month)]

    def month_links(items: list[tuple[int, int]]) -> str:
        return "".join(f"<li>{link(page, month_page(y, m), f'{y}年{m}月')}</li>" for y, m in items)

    text = (
        front_matter("接访安排", hide=("navigation", "toc"), search=False)
        + "# 接访安排\n\n"
        + f"<p>以下是{full_date(data.today)}起{UPCOMING_DAYS}天内的领导接访安排。"
        "已取消、改期或换人的场次保留在表中并注明原因。</p>\n\n"
        + filters(data, soon)
        + session_table(soon, data.content, page, data.today, empty="近期没有安排接访。") + soon_note
        + json_ld(soon, data.content, data.session_url)
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
        f'{link(page, "data/schedule.json", "JSON")}</p>\n\n'
    )
    return text


def month_pages(data: SiteData) -> dict[str, str]:
    pages: dict[str, str] = {}
    months = list(data.by_month)
    for index, (year, month) in enumerate(months):
        layout = data.placement.months[(year, month)]
        page = layout.page
        nav = []
        if index > 0:
            nav.append(link(page, month_page(*months[index - 1]), f"← {months[index - 1][1]}月"))
        nav.append(link(page, "schedule/index.md", "全部安排"))
        if index + 1 < len(months):
            nav.append(link(page, month_page(*months[index + 1]), f"{months[index + 1][1]}月 →"))
        title = f"{year}年{month}月接访安排"
        body = front_matter(title, hide=("navigation", "toc"), search=False) + f"# {title}\n\n"
        body += print_button()
        if layout.split:
            body += _split_month(data, pages, layout)
        else:
            body += filters(data, layout.main) + session_table(layout.main, data.content, page, data.today)
        body += qr_block(data, page, "扫码查看最新接访安排") + f'<p class="xf-pager">{" · ".join(nav)}</p>\n'
        pages[page] = body
    return pages


def _split_month(data: SiteData, pages: dict[str, str], layout: MonthLayout) -> str:
    """City-level sessions on the month page; each county (with its townships) on its own
    pages, as ``placement`` laid them out."""
    content = data.content
    year, month, page = layout.year, layout.month, layout.page
    links = []
    for county in layout.counties:
        name = content.units[county.county_id].name
        title = f"{year}年{month}月{name}接访安排"
        paths = [path for path, _ in county.pages]
        # every page of a county's month points to its first page (which links the others):
        # one QR code per county and month, not per page
        qr = qr_block(data, paths[0], "扫码查看最新接访安排")
        for number, (path, chunk) in enumerate(county.pages, start=1):
            pager = [link(path, page, f"{month}月全部单位")]
            if len(paths) > 1:
                pager += [link(path, other, f"第{n}页") if other != path else f"第{n}页"
                          for n, other in enumerate(paths, start=1)]
            heading = title if len(paths) == 1 else f"{title}（第{number}页，共{len(paths)}页）"
            pages[path] = (front_matter(heading, hide=("navigation", "toc"), search=False)
                           + f"# {md_text(heading)}\n\n" + print_button()
                           + filters(data, chunk) + session_table(chunk, content, path, data.today)
                           + qr + f'<p class="xf-pager">{" · ".join(pager)}</p>\n')
        links.append(f"<li>{link(page, paths[0], name)}（{county.sessions} 场）</li>")
    return ("## 市级\n\n" + filters(data, layout.main) + session_table(layout.main, content, page, data.today)
            + f'## 区县、乡镇（街道）\n\n<ul class="xf-months">{"".join(links)}</ul>\n\n')


def week_page(data: SiteData) -> str:
    page = "schedule/week.md"
    monday, sunday = data.week()
    sessions, note = summarised(data, [s for s in data.sessions if monday <= s.date <= sunday], page)
    title = f"本周接访安排（{day_label(monday)}—{day_label(sunday)}）"
    return (front_matter("本周接访安排", hide=("navigation", "toc"), search=False) + f"# {title}\n\n" + print_button()
            + session_table(sessions, data.content, page, data.today, empty="本周没有安排接访。") + note
            + qr_block(data, page, "扫码查看最新接访安排")
            + f'<p class="xf-print-hide">{link(page, "schedule/index.md", "全部接访安排")}</p>\n')
