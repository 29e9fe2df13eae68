"""Pieces several schedule pages share: filters, the printed QR code, the print button,
the notice and suspension banners, and the short listing of a busy week."""

from __future__ import annotations

import datetime as dt
import functools

from ...chinese import cn_month
from ...model.schedule import Suspension
from ...model.units import UnitLevel
from ...schedule.sessions import ScheduledSession
from . import qr
from .data import SiteData
from .html import day_label, esc, full_date, link, phone_html, raw_block
from .placement import month_page, rel, url_of
from .today import CARRY_DAYS, WEEK_DAYS

LISTING_ROWS = 40
"""Above this, the home page and the overview list city and county sessions only and
send readers to the month pages for townships: a city-scale week has a thousand."""


def month_label(year: int, month: int) -> str:
    return cn_month(year, month)


def shortlist(data: SiteData, sessions: list[ScheduledSession], limit: int) -> list[ScheduledSession]:
    """At most about ``limit`` sessions: all of them, else the city's and counties', else the city's."""
    if len(sessions) <= limit:
        return sessions
    levels = {u.id: u.level.value for u in data.content.units.values()}
    shown = [s for s in sessions if levels[s.unit] != "township"]
    if len(shown) > limit:
        shown = [s for s in shown if levels[s.unit] == "city"]
    return shown


def summarised(data: SiteData, sessions: list[ScheduledSession], page: str,
               *, limit: int = LISTING_ROWS) -> tuple[list[ScheduledSession], str]:
    """The sessions a short listing shows, and a note linking to the rest. ``limit``: rows
    a listing may carry (the home page carries several weeks, showing one at a time)."""
    shown = shortlist(data, sessions, limit)
    if len(shown) == len(sessions):
        return sessions, ""
    month = data.today
    note = (f'<p class="xf-help">这里列出市级和区县领导的{len(shown)}场接访；'
            f"乡镇（街道）的{len(sessions) - len(shown)}场见"
            f'{link(page, month_page(month.year, month.month), f"{month.month}月接访安排")}中各区县的页面。</p>\n\n')
    return shown, note


CARRY_ROWS = LISTING_ROWS // 2
"""Rows the home page (and the week page) carries after the coming week (whole days while they fit): the page stays
phone-sized at city scale, where a week of city sessions alone fills it."""


def whole_days(sessions: list[ScheduledSession], limit: int, *, keep: dt.date,
               horizon: dt.date) -> tuple[list[ScheduledSession], dt.date]:
    """The sessions of the first days that fit in ``limit`` rows (every day up to ``keep``
    whatever the count), and the last day carried whole."""
    if len(sessions) <= limit:
        return sessions, horizon
    cut = next((i for i, s in enumerate(sessions) if i >= limit and s.date > keep), len(sessions))
    if cut == len(sessions):
        return sessions, horizon
    last = sessions[cut].date - dt.timedelta(days=1)
    return [s for s in sessions if s.date <= last], last


def carried_sessions(data: SiteData, page: str) -> tuple[list[ScheduledSession], str, dt.date]:
    """What a page that follows the reader's day carries (the home page's week list, the
    printable week): this week from Monday and the coming seven days as a listing shows them
    (townships left out at city scale), then later days at the same levels, as many whole days
    as fit in ``CARRY_ROWS``, up to ``CARRY_DAYS`` ahead. With the listing's note and the last
    day carried whole."""
    monday, _ = data.week()
    horizon = data.today + dt.timedelta(days=CARRY_DAYS)
    week_end = data.today + dt.timedelta(days=WEEK_DAYS)
    week, note = summarised(data, data.between(monday, week_end), page, limit=LISTING_ROWS)
    levels = {data.content.units[s.unit].level for s in week}
    later = [s for s in data.between(week_end + dt.timedelta(days=1), horizon)
             if data.content.units[s.unit].level in levels]
    later, covers = whole_days(later, CARRY_ROWS, keep=week_end, horizon=horizon)
    return week + later, note, covers


def filters(data: SiteData, sessions: list[ScheduledSession]) -> str:
    """Unit and topic filters over the sessions on the page, offering only the units and
    topics that occur there; hidden until the script enables them (no-JS users get links)."""
    content = data.content
    if not sessions:
        return ""
    present = {unit.id for place in {s.unit for s in sessions} for unit in content.unit_chain(place)}
    topics_present = {t for s in sessions for t in s.topics}
    indent = {"city": "", "county": "　", "township": "　　"}
    units = "".join(f'<option value="{esc(u.id)}">{indent[u.level.value]}{esc(u.name)}</option>'
                    for u in data.units_in_tree_order if u.id in present)
    topics = "".join(f'<option value="{esc(t.id)}">{esc(t.name)}</option>'
                     for t in content.topics.values() if t.id in topics_present)
    # an office that publishes no topics gets no topic filter
    topic_select = (f'<label>问题 <select name="topic"><option value="">全部问题</option>{topics}</select></label>'
                    if topics else "")
    return raw_block(
        '<form class="xf-filter" hidden aria-label="筛选接访安排">'
        f'<label>单位 <select name="unit"><option value="">全部单位</option>{units}</select></label>'
        f"{topic_select}"
        '<output class="xf-filter-count" aria-live="polite"></output>'
        "</form>", searchable=False
    )


PLACE_KEY = "xf-place"
"""Where the reader's 区县/乡镇 choice is kept on the device (localStorage; no cookie, no server)."""


def place_select(data: SiteData, label: str, *, within: str | None = None) -> str:
    """The 区县/乡镇 question, hidden until the page's script enables it (it remembers the choice
    on the device and answers with that place's next session). Each option carries its chain of
    units, the place itself first; ``within`` keeps one county's places only."""
    options = []
    for unit in data.units_in_tree_order:
        if unit.level is UnitLevel.CITY or (unit.level is UnitLevel.COUNTY and unit.id == data.content.office.unit):
            continue
        chain = data.unit_chains[unit.id]
        if within is not None and within not in chain.split():
            continue
        indent = "　" if unit.level is UnitLevel.TOWNSHIP else ""
        options.append(f'<option value="{esc(unit.id)}" data-chain="{esc(chain)}">{indent}{esc(unit.name)}</option>')
    if not options:
        return ""
    return (f'<form class="xf-place" hidden><label for="xf-place">{esc(label)}</label>'
            f'<select id="xf-place" name="place"><option value="">请选择</option>{"".join(options)}</select></form>')


@functools.lru_cache(maxsize=4096)
def _qr_svg(url: str, title: str) -> str:
    """Kept for the process: ``xinfang serve`` makes a page's code again on every save that
    regenerates it (a month page's, tens of milliseconds each)."""
    return str(qr.make(url).svg_inline(scale=3, title=title, light="white"))


def qr_block(data: SiteData, page: str, text: str) -> str:
    """A QR code (made here, no web service) for the printed notice-board copy."""
    if not data.base_url:
        return ""
    url = data.base_url.rstrip("/") + "/" + url_of(page)  # the address online, in the bundle too
    svg = _qr_svg(url, f"{text}二维码")
    caption = f'<p>{esc(text)}<br><span class="xf-url">{esc(url)}</span></p>'
    return raw_block(f'<div class="xf-print-qr">{svg}{caption}</div>', searchable=False)


def print_button() -> str:
    return '<p class="xf-print-hide"><button type="button" class="md-button xf-print" hidden>打印本页</button></p>\n\n'


def notice_banner(data: SiteData, page: str) -> str:
    current = [n for n in data.content.notices.values()
               if n.banner and n.date <= data.today and (n.expires is None or n.expires >= data.today)]
    if not current:
        return ""
    items = "".join(f"<li>{link(page, f'notices/{n.id}.md', n.title)}（{full_date(n.date)}）</li>"
                    for n in sorted(current, key=lambda n: n.date, reverse=True))
    return (f'<div class="xf-banner" role="region" aria-label="重要通知"><p><strong>重要通知</strong></p>'
            f"<ul>{items}</ul></div>\n\n")


def _date(day: dt.date, today: dt.date) -> str:
    """A banner's date: the year only when it is not this year's."""
    return day_label(day) if day.year == today.year else full_date(day)


def current_suspensions(data: SiteData) -> list[Suspension]:
    """Suspensions announced and not yet over: in force now, or coming."""
    return [s for schedule in data.content.schedules.values() for s in schedule.suspensions
            if s.announced <= data.today and (s.end is None or s.end >= data.today)]


def office_wide(data: SiteData, suspension: Suspension) -> bool:
    """A suspension of the whole office (no units named, or the office's own unit)."""
    return not suspension.units or data.content.office.unit in suspension.units


def suspension_lines(data: SiteData) -> list[dict[str, str]]:
    """Each current suspension of the whole office as the sentences its banner on every page
    says: what, when, why, and where to go instead (``html``: the same, escaped, its phone
    numbers ``tel:`` links). ``end``: the day after which the page's script hides it. A unit's
    suspension is a banner on that unit's pages only (``unit_banner``)."""
    lines = []
    for suspension in current_suspensions(data):
        if not office_wide(data, suspension):
            continue
        line = suspension_line(data, suspension)
        line["end"] = suspension.end.isoformat() if suspension.end else ""
        line["html"] = _banner_text(line)
        lines.append(line)
    return lines


def suspension_line(data: SiteData, suspension: Suspension) -> dict[str, str]:
    content = data.content
    units = "、".join(content.units[u].name for u in suspension.units) or content.office.name
    if suspension.end:
        title = (f"{units}自{_date(suspension.start, data.today)}起至{_date(suspension.end, data.today)}"
                 "暂停现场接访")
    else:
        title = f"{units}自{_date(suspension.start, data.today)}起暂停现场接访，恢复时间另行通知"
    return {
        "title": title,
        "reason": f"原因：{suspension.reason}",
        "alternatives": "暂停期间请通过：" + "；".join(suspension.alternatives),
        "note": suspension.note or "",
    }


def _banner_text(line: dict[str, str]) -> str:
    note = phone_html(line["note"]) if line["note"] else ""
    return (f'<p><strong>{esc(line["title"])}</strong>。{esc(line["reason"])}。'
            f'{phone_html(line["alternatives"])}。{note}</p>')


def unit_suspensions(data: SiteData, units: set[str]) -> list[Suspension]:
    """Current suspensions of one of ``units`` (not of the whole office: that banner is on
    every page already)."""
    return [s for s in current_suspensions(data) if not office_wide(data, s) and units & set(s.units)]


def unit_banner(data: SiteData, units: set[str]) -> str:
    """The suspension banner on the pages of the units it concerns: their leaders' pages and the
    schedule pages listing their sessions. Each carries an id the home page links to."""
    banners = []
    for suspension in unit_suspensions(data, units):
        end = f' data-xf-end="{suspension.end.isoformat()}"' if suspension.end else ""
        text = _banner_text(suspension_line(data, suspension))
        banners.append(f'<div class="xf-suspension xf-unit-suspension" id="xf-suspension-{esc(suspension.id)}" '
                       f'role="region" aria-label="暂停接访"{end}>{text}</div>')
    return raw_block("".join(banners), searchable=False) if banners else ""


def suspension_links(data: SiteData, page: str) -> str:
    """The home page's one line per unit suspension, linking to its banner on the schedule
    page: a township's suspension is not a banner on every page of a city's site."""
    items = []
    for suspension in current_suspensions(data):
        if office_wide(data, suspension):
            continue
        end = f' data-xf-end="{suspension.end.isoformat()}"' if suspension.end else ""
        target = f'{rel(page, "schedule/index.md")}#xf-suspension-{suspension.id}'
        title = suspension_line(data, suspension)["title"]
        items.append(f'<li{end}>{esc(title)}。<a href="{esc(target)}">其他反映渠道</a></li>')
    if not items:
        return ""
    return raw_block(f'<ul class="xf-suspension-lines" aria-label="暂停接访">{"".join(items)}</ul>', searchable=False)
