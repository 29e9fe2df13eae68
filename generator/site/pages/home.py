"""The home page: today's receptions, the topic finder, this week and how to reach the office."""

from __future__ import annotations

from ...schedule.sessions import ScheduledSession
from ...schedule.wording import place_text, start_text, summary
from ..parts.data import SiteData
from ..parts.html import day_label, esc, front_matter, full_date, link, md_text, weekday
from ..parts.session_table import json_ld, session_table
from ..parts.widgets import notice_banner, summarised


def next_session_line(data: SiteData, session: ScheduledSession) -> str:
    """``12月2日（周三）09:00，李甲（市长）现场接访，地点：…``; a telephone session says it
    receives nobody and gives the number instead of a place."""
    when = f"{day_label(session.date)}（{weekday(session.date)}）{start_text(session)}"
    place = place_text(session)
    if session.mode.receives_visitors:
        where = f"，地点：{place}" if place else ""
    else:  # the summary already said 电话接访
        where = f"，{place.removeprefix(session.mode.label + '，')}"
    return f"<strong>{esc(when)}</strong>，{esc(summary(session, data.content))}{esc(where)}。"


def today_block(data: SiteData, page: str) -> str:
    today, _ = summarised(data, [s for s in data.upcoming if s.date == data.today], page)
    head = f"今天是{full_date(data.today)}（{weekday(data.today)}）。"
    if any(s.is_active for s in today):
        return (f'<div class="xf-today-box"><p><strong>{head}今天有领导接访：</strong></p>\n\n'
                + session_table(today, data.content, page, data.today) + "</div>\n\n")
    upcoming = data.next_active([s for s in data.upcoming if s.date > data.today])
    if upcoming is None:
        phone = data.content.office.phone
        ask = f"请关注通知公告或拨打 {esc(phone)} 咨询。" if phone else "请关注通知公告。"
        return f'<div class="xf-today-box"><p><strong>{head}</strong>近期没有公布接访安排，{ask}</p></div>\n\n'
    return (
        f'<div class="xf-today-box"><p><strong>{head}今天没有领导接访安排。</strong></p>'
        f"<p>下一次：{next_session_line(data, upcoming)}"
        f' <a href="{esc(data.placement.href(upcoming, page))}">查看详情</a></p></div>\n\n'
    )


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


def reception_info(data: SiteData) -> str:
    """The office's contact details; what the office does not publish is left out, not filled in."""
    office = data.content.office.on(data.today)
    rows = [("接待地址", office.address), ("接待时间", office.hours), ("咨询电话", office.phone),
            ("预约方式", office.booking), ("网上信访", office.online_channel), ("电子邮箱", office.email)]
    body = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows if v)
    return f'<dl class="xf-info">{body}</dl>\n\n'


def home(data: SiteData, keys: dict[str, str]) -> str:
    page = "index.md"
    monday, sunday = data.week()
    week, week_note = summarised(data, [s for s in data.sessions if monday <= s.date <= sunday], page)
    office = data.content.office
    finder = ("## 我要反映的问题\n\n" + topic_finder(data, page, keys)) if data.content.topics else ""
    topics_link = f' · {link(page, "topics/index.md", "按问题查找负责领导")}' if data.content.topics else ""
    return (
        front_matter(office.name, hide=("navigation", "toc"), search=False,
                     description="领导接访安排、反映问题的途径、政策解读和办理流程")
        + f"# {md_text(office.name)}\n\n"
        + notice_banner(data, page)
        + today_block(data, page)
        + finder
        + f"## 本周接访安排（{day_label(monday)}—{day_label(sunday)}）\n\n"
        + session_table(week, data.content, page, data.today, empty="本周没有安排接访。") + week_note
        + json_ld([s for s in week if s.date >= data.today], data.content, data.session_url)
        + f'<p>{link(page, "schedule/index.md", "全部接访安排")} · {link(page, "schedule/week.md", "打印本周安排")}'
        f"{topics_link}</p>\n\n"
        + "## 来访接待\n\n" + reception_info(data)
    )
