"""The home page: today's receptions, the topic finder, this week and how to reach the office."""

from __future__ import annotations

import datetime as dt

from ...schedule.sessions import ScheduledSession
from ..parts.data import SiteData
from ..parts.html import (
    day_label,
    esc,
    front_matter,
    full_date,
    link,
    linked_html,
    md_text,
    phone_html,
    raw_block,
    weekday,
)
from ..parts.placement import month_page, rel
from ..parts.session_table import (
    TODAY_ANCHOR,
    Notes,
    booking_note,
    general_booking,
    json_ld,
    merged,
    session_rows,
    session_table,
    table_html,
)
from ..parts.today import WEEK_DAYS, PageFacts, what_text, when_text
from ..parts.widgets import carried_sessions, notice_banner, place_select, summarised, suspension_links


def next_session_line(data: SiteData, session: ScheduledSession) -> str:
    """``<strong>12月2日（周三）09:00</strong>，李甲（市长）现场接访，地点：…。``"""
    return f"<strong>{esc(when_text(session))}</strong>，{phone_html(what_text(data, session))}。"


def today_block(data: SiteData, page: str, facts: PageFacts, carried: list[ScheduledSession]) -> str:
    """今天/下一次 as on the build day; the script says it again for the reader's day from
    the active sessions the page carries (``carried``, nearest first)."""
    candidates = facts.add(s for s in carried if s.date >= data.today)
    facts.month_links()
    attrs = f' data-xf-today-box data-xf-next="{esc(" ".join(candidates))}"'
    today, _ = summarised(data, [s for s in data.upcoming if s.date == data.today], page)
    head = f"今天是{full_date(data.today)}（{weekday(data.today)}）。"
    if any(s.is_active for s in today):
        return (f'<div class="xf-today-box"{attrs}><p><strong>{head}今天有领导接访：</strong></p>\n\n'
                + session_table(today, data.cells, page)
                + month_line(page, data.today) + "</div>\n\n")
    upcoming = data.next_active([s for s in data.upcoming if s.date > data.today])
    if upcoming is None:
        return (f'<div class="xf-today-box"{attrs}><p><strong>{head}</strong>以后的接访安排尚未公布，'
                f"{ask_line(data)}</p></div>\n\n")
    return (
        f'<div class="xf-today-box"{attrs}><p><strong>{head}今天没有领导接访安排。</strong></p>'
        f"<p>下一次：{next_session_line(data, upcoming)}"
        f' <a href="{esc(data.placement.href(upcoming, page))}">查看详情</a></p>'
        + month_line(page, upcoming.date) + "</div>\n\n"
    )


def month_line(page: str, day: dt.date) -> str:
    """The month page of ``day`` (today's, or the next session's), opened at today's row."""
    href = f"{rel(page, month_page(day.year, day.month))}#{TODAY_ANCHOR}"
    return (f'<p class="xf-month-link"><a href="{esc(href)}">'
            f"查看{day.month}月全部接访安排（从今天起）</a></p>")


def ask_line(data: SiteData) -> str:
    phone = data.content.office.on(data.today).phone
    return f"请关注通知公告或拨打 {phone_html(phone)} 咨询。" if phone else "请关注通知公告。"


def upcoming_block(data: SiteData, page: str, carried: list[ScheduledSession], note: str) -> str:
    """Today and the next seven days, nearest first; this week's past sessions folded behind
    one line. Rows up to ``CARRY_DAYS`` ahead are carried hidden, so the script can show the
    right seven days on a later day without a rebuild."""
    monday, _ = data.week()
    last = data.today + dt.timedelta(days=WEEK_DAYS)
    past = [s for s in carried if monday <= s.date < data.today]
    ahead = [s for s in carried if s.date >= data.today]
    content = data.content
    if not carried:
        return '<p class="xf-empty-note">近期没有安排接访。</p>\n\n'
    notes = Notes(f"t-{carried[0].id}")
    general = general_booking(content, data.today)
    past_rows = "".join(session_rows(past, data.cells, page, notes, general=general))
    ahead_rows = "".join(session_rows(ahead, data.cells, page, notes, general=general,
                                      hidden=lambda s: s.date > last))
    shown = sum(1 for s in ahead if s.date <= last)
    empty = f'<p class="xf-empty-note" data-xf-week-empty{"" if not shown else " hidden"}>未来7天没有安排接访。</p>'
    earlier = table_html(past_rows, notes, has_status=any(s.changes for s in past), attrs=' data-xf-window="earlier"')
    folded = (f'<details class="xf-earlier" data-xf-earlier{"" if past else " hidden"}><summary>'
              f'本周已结束的接访 <span data-xf-count>{len(merged(past))}</span> 场</summary>'
              f"{earlier}</details>")
    span = (f'<p class="xf-range" data-xf-range>{day_label(data.today)}（今天）至{day_label(last)}，'
            "由近及远：</p>")
    window = ' data-xf-window="week"' + ("" if shown else " hidden")
    table = table_html(ahead_rows, notes, has_status=any(s.changes for s in ahead), attrs=window)
    return raw_block(f"{booking_note(general)}{span}{empty}{table}{folded}{notes.html()}", searchable=False) + note


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
        f'<ul class="xf-topic-list">{"".join(items)}</ul>'
        # the place chosen here is kept on the device: the topic page answers for it
        f'{place_select(data, "您住在哪个区县、乡镇（街道）？")}</div>\n\n'
    )


def reception_info(data: SiteData) -> str:
    """The office's contact details; what the office does not publish is left out, not filled in."""
    office = data.content.office.on(data.today)
    address = office.address if data.in_person else None  # nobody is received there: no address to come to
    rows = [("接待地址", address), ("接待时间", office.hours), ("咨询电话", office.phone),
            ("预约方式", office.booking), ("网上信访", office.online_channel), ("电子邮箱", office.email)]
    body = "".join(f"<dt>{esc(k)}</dt><dd>{linked_html(v)}</dd>" for k, v in rows if v)
    return f'<dl class="xf-info">{body}</dl>\n\n'


def remote_days(data: SiteData, carried: list[ScheduledSession]) -> str:
    """On a day whose receptions at the office's own level are all by telephone, video or online,
    the 来访接待 box says so first: it is no invitation to come that day. One line per such day
    carried; the page's script shows the reader's day's (``data-xf-on``)."""
    by_day: dict[dt.date, list[ScheduledSession]] = {}
    for session in carried:
        if session.is_active and session.unit == data.content.office.unit and session.date >= data.today:
            by_day.setdefault(session.date, []).append(session)
    lines = []
    for day, sessions in by_day.items():
        if any(s.mode.receives_visitors for s in sessions):
            continue
        said = "；".join(f"{when_text(s)}，{phone_html(what_text(data, s))}" for s in sessions)
        hidden = "" if day == data.today else " hidden"
        lines.append(f'<p class="xf-remote-day" data-xf-on="{day.isoformat()}"{hidden}>'
                     f"<strong>今天的领导接访不接待来访人员，请不要专程前来：</strong>{said}。</p>")
    return raw_block("".join(lines), searchable=False) if lines else ""


def home(data: SiteData, keys: dict[str, str]) -> str:
    page = "index.md"
    carried, carried_note, covers = carried_sessions(data, page)
    facts = PageFacts(data, page)
    facts.cover(covers)
    office = data.content.office
    finder = ("## 我要反映的问题\n\n" + topic_finder(data, page, keys)) if data.content.topics else ""
    topics_link = f' · {link(page, "topics/index.md", "按问题查找负责领导")}' if data.content.topics else ""
    week = [s for s in carried if data.today <= s.date <= data.today + dt.timedelta(days=WEEK_DAYS)]
    return (
        front_matter(office.name, hide=("navigation", "toc"), search=False,
                     description="领导接访安排、反映问题的途径、政策解读和办理流程")
        + f"# {md_text(office.name)}\n\n"
        + notice_banner(data, page)
        + suspension_links(data, page)
        + today_block(data, page, facts, carried)
        + finder
        + "## 近期接访安排\n\n"
        + upcoming_block(data, page, carried, carried_note)
        + json_ld(week, data.cells, data.session_url)
        + f'<p>{link(page, "schedule/index.md", "全部接访安排")} · {link(page, "schedule/week.md", "打印本周安排")}'
        f"{topics_link}</p>\n\n"
        + ("## 来访接待\n\n" if data.in_person else "## 联系方式\n\n") + remote_days(data, carried)
        + reception_info(data)
        + facts.block()
    )
