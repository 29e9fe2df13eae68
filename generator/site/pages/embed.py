"""The portal's widgets (/embed/…) and the page that gives the office their embed codes (/embed/).

A county department that may publish only through the county's 集约化 portal puts an
``<iframe>`` of one of these pages in a portal column.  They are plain HTML files written
straight into the site (no theme: no header, navigation or search to squeeze into 320–800 px),
with a small stylesheet and script of their own, and every session links to its row on the
full site in the top window.

Each widget carries the sessions of its period and the following ones (up to ``EMBED_ROWS``
rows), each row with its date; the build day's period is shown, and the script shows the
period of the day the page is read, so a widget built on Sunday is still right on Wednesday.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Protocol

from ...schedule.sessions import ScheduledSession
from ...schedule.wording import change_text, place_text, team, time_text, topics_text, uncertain_text, unit_name
from ..parts.data import SiteData, Wanted, everything
from ..parts.html import day_label, esc, front_matter, full_date, link, phone_html, raw_block, weekday
from ..parts.placement import rel
from ..parts.session_table import merged
from ..parts.widgets import current_suspensions, shortlist, suspension_line

CODES_PAGE = "embed/index.md"
"""The site page (with the theme) that shows the office the embed codes."""
EMBED_ROWS = 120
"""Rows a widget carries at most (about 60 KB): the current period always, later ones as they fit."""
WEEKS_CARRIED = 5
MONTHS_CARRIED = 3

PERIODS = {"week": "本周", "month": "本月"}
NEXT = {"week": "下周", "month": "下月"}
HEIGHTS = {"week": 480, "month": 640}
"""Suggested iframe heights in px: a week is a few rows, a month scrolls inside the frame."""


@dataclass(frozen=True)
class Widget:
    path: str
    """The file under the site: ``embed/units/xihu/week/index.html``."""
    period: str
    """``week`` or ``month``."""
    subject: str
    """Whose sessions, in words: the office, a unit or a topic."""
    section: str
    """The heading it is listed under on the codes page."""
    select: Selection
    include_topics: bool = True
    units: frozenset[str] = frozenset()
    """For a unit's widget: the units whose suspensions concern it (above and below it)."""


def _period(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    if period == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    first = day.replace(day=1)
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _carried_until(today: dt.date, period: str) -> dt.date:
    """The last day a widget carries sessions for, if they fit."""
    start, _ = _period(today, period)
    if period == "week":
        return start + dt.timedelta(weeks=WEEKS_CARRIED) - dt.timedelta(days=1)
    day = start
    for _ in range(MONTHS_CARRIED):
        _, day = _period(day, "month")
        day += dt.timedelta(days=1)
    return day - dt.timedelta(days=1)


class Selection(Protocol):
    """Which sessions a widget carries: ``selection(session)`` for one, ``of(sessions)`` for a
    list, in one comprehension (a city's 400 widgets each pick from thousands of sessions:
    a call per session was a fifth of the open data part's CPU)."""

    def __call__(self, session: ScheduledSession) -> bool: ...

    def of(self, window: Window) -> list[ScheduledSession]: ...


class Window:
    """The sessions from today to the last day any widget of a period carries, in order; and,
    worked out on first use, where each unit's and topic's stand in it: a unit's widget takes its units'
    sessions from there rather than testing all of them (a city's 338 unit widgets a period
    each went through its thousands of sessions, a quarter of the part's CPU)."""

    def __init__(self, sessions: list[ScheduledSession]) -> None:
        self.sessions = sessions

    @functools.cached_property
    def by_topic(self) -> dict[str, list[int]]:
        """Where each topic's sessions stand, and under "" those receiving every kind (a topic's
        widget takes both: its sixty widgets went through every session of the window)."""
        index: dict[str, list[int]] = {}
        for at, session in enumerate(self.sessions):
            for topic in dict.fromkeys(session.topics) if session.topics else ("",):
                index.setdefault(topic, []).append(at)
        return index

    @functools.cached_property
    def by_unit(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for at, session in enumerate(self.sessions):
            index.setdefault(session.unit, []).append(at)
        return index


class _Everything:
    def __call__(self, session: ScheduledSession) -> bool:
        return True

    def of(self, window: Window) -> list[ScheduledSession]:
        return list(window.sessions)


@dataclass(frozen=True)
class _InUnits:
    """Sessions of a unit or of the units under it (``units``: all of them, the unit too)."""

    units: frozenset[str]

    def __call__(self, session: ScheduledSession) -> bool:
        return session.unit in self.units

    def of(self, window: Window) -> list[ScheduledSession]:
        """The window's sessions in its units, in the window's order (a session is in one unit)."""
        found = sorted(at for unit in self.units for at in window.by_unit.get(unit, ()))
        return [window.sessions[at] for at in found]


@dataclass(frozen=True)
class _Receives:
    """Sessions that receive a topic's problems: those naming it and those receiving every kind."""

    topic: str

    def __call__(self, session: ScheduledSession) -> bool:
        return not session.topics or self.topic in session.topics

    def of(self, window: Window) -> list[ScheduledSession]:
        """The window's sessions naming the topic or none, in the window's order."""
        found = sorted([*window.by_topic.get(self.topic, ()), *window.by_topic.get("", ())])
        return [window.sessions[at] for at in found]


def widgets(data: SiteData) -> list[Widget]:
    """Every widget: the office's, each unit's (its sessions and its sub-units') and each
    topic's (sessions that receive it, and those receiving every kind of problem)."""
    content = data.content
    chains = {u.id: {x.id for x in content.unit_chain(u.id)} for u in content.units.values()}
    found: list[Widget] = []
    for period in PERIODS:
        office = content.office.on(data.today).name
        found.append(Widget(f"embed/{period}/index.html", period, office, "本机构全部接访", _Everything()))
        for unit in content.units.values():
            under = frozenset(u for u, chain in chains.items() if unit.id in chain)  # the unit too
            found.append(Widget(f"embed/units/{unit.id}/{period}/index.html", period, unit.name,
                                f"单位：{unit.name}", _InUnits(under), units=frozenset(chains[unit.id] | under)))
        for topic in content.topics.values():
            found.append(Widget(f"embed/topics/{topic.id}/{period}/index.html", period,
                                f"受理“{topic.name}”问题", f"问题：{topic.name}",
                                _Receives(topic.id), include_topics=False))
    return found


def _row(data: SiteData, group: list[ScheduledSession], page: str, *, topics: bool) -> str:
    content = data.content
    session = group[0]
    classes = ["xf-e-row", f"is-{session.status.value}"]
    if session.date == data.today:
        classes.append("is-today")
    when = (f'<strong>{esc(day_label(session.date))} {esc(weekday(session.date))}</strong> '
            + esc("、".join(time_text(s) for s in group if time_text(s))))
    if uncertain_text(session):  # an unclear notice's date is not stated as certain, here either
        when += f' <span class="xf-e-uncertain">{esc(uncertain_text(session))}</span>'
    who = team(session, content).plain() or session.mode.label
    place = " · ".join(x for x in (unit_name(session, content), place_text(session)) if x)
    lines = [
        f'<p class="xf-e-when">{when}</p>',
        f'<p class="xf-e-who"><a href="{esc(data.placement.href(session, page))}" target="_top">{esc(who)}</a></p>',
        f'<p class="xf-e-where">{esc(place)}<span class="xf-e-mode">{esc(session.mode.label)}</span></p>',
    ]
    if topics:
        lines.append(f'<p class="xf-e-topics">受理：{esc(topics_text(session, content))}</p>')
    if session.changes:
        changes = "；".join(change_text(n) for n in session.changes)
        lines.append(f'<p class="xf-e-status"><strong>{esc(session.status.label)}</strong>：{esc(changes)}</p>')
    return (f'<li class="{" ".join(classes)}" data-date="{session.date.isoformat()}">'
            + "".join(lines) + "</li>")


@dataclass(frozen=True)
class Shown:
    """What a widget shows on one day: the rest of this week (month) from that day, or, when
    nothing is left in it, the next week (month) — a Sunday reader wants Monday's sessions."""

    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def on(cls, today: dt.date, period: str, dates: list[dt.date]) -> Shown:
        start, end = _period(today, period)
        if any(today <= d <= end for d in dates):
            return cls(start, end, PERIODS[period])
        start, end = _period(end + dt.timedelta(days=1), period)
        return cls(start, end, NEXT[period])

    def span(self, period: str) -> str:
        if period == "week":
            return f"{day_label(self.start)}—{day_label(self.end)}"
        return f"{self.start.year}年{self.start.month}月"


def _carried(data: SiteData, widget: Widget, window: Window) -> tuple[
        list[ScheduledSession], Shown, dt.date, int]:
    """The sessions the widget carries (from ``window``, the sessions from today to the last day
    any widget of its period carries), what it shows today, the last day it covers, and how
    many rows of the shown period the shortlist left out (townships of a city-scale office)."""
    mine = widget.select.of(window)
    shown = Shown.on(data.today, widget.period, [s.date for s in mine])
    until = _carried_until(data.today, widget.period)
    current = [s for s in mine if s.date <= shown.end]
    kept = shortlist(data, current, EMBED_ROWS)
    left_out = len(current) - len(kept)
    later = [s for s in mine if s.date > shown.end]
    room = EMBED_ROWS - len(kept)
    if len(later) > room:
        # cut at a period boundary: a half-carried week would look empty to the script
        cut = shown.end
        while True:
            _, next_end = _period(cut + dt.timedelta(days=1), widget.period)
            if sum(1 for s in later if s.date <= next_end) > room:
                break
            cut = next_end
        later = [s for s in later if s.date <= cut]
        until = cut
    return kept + later, shown, until, left_out


class _Rows:
    """Rows rendered once and reused: at city scale a township's session is on the widgets of
    the office, its county, its township and several topics, and rows at the same folder
    depth link the same way."""

    def __init__(self, data: SiteData) -> None:
        self.data = data
        self.cache: dict[tuple[str, int, int, bool], str] = {}

    def row(self, group: list[ScheduledSession], page: str, topics: bool) -> str:
        key = (group[0].id, len(group), page.count("/"), topics)
        if key not in self.cache:
            self.cache[key] = _row(self.data, group, page, topics=topics)
        return self.cache[key]


def _suspensions(data: SiteData, widget: Widget) -> str:
    """Current suspensions, as every page of the site states them: all of them on the office's
    and a topic's widget, those of the unit, above or below it, on a unit's."""
    notes = []
    for suspension in current_suspensions(data):
        if widget.units and suspension.units and not widget.units & set(suspension.units):
            continue
        line = suspension_line(data, suspension)
        text = "。".join(x for x in (line["reason"], line["alternatives"], line["note"]) if x)
        # xinfang-today.js, the site's "true on the day it is read" script, hides it once it is over
        end = f' data-xf-end="{suspension.end.isoformat()}"' if suspension.end else ""
        notes.append(f'<p class="xf-e-suspension" role="note"{end}><strong>{esc(line["title"])}</strong>。'
                     f"{phone_html(text)}。</p>")
    return "".join(notes)


def widget_page(data: SiteData, widget: Widget, window: Window, rendered: _Rows) -> str:
    content = data.content
    page = widget.path
    sessions, shown, until, left_out = _carried(data, widget, window)
    office = content.office.on(data.today)
    rows = []
    for group in merged(sessions):
        row = rendered.row(group, page, widget.include_topics)
        if group[0].date > shown.end:
            row = row.replace("<li ", "<li hidden ", 1)
        rows.append(row)
    empty_hidden = " hidden" if any(s.date <= shown.end for s in sessions) else ""
    more = (f'<p class="xf-e-note">另有乡镇（街道）等{left_out}场接访，见网站上的接访安排。</p>'
            if left_out else "")
    schedule = rel(page, "schedule/index.md")
    css, script = rel(page, "assets/xinfang-embed.css"), rel(page, "assets/xinfang-embed.js")
    today_script = rel(page, "assets/xinfang-today.js")
    # "what - whose - office", as the theme's titles end with the office's name
    title = " - ".join(dict.fromkeys((f"{PERIODS[widget.period]}接访安排", widget.subject, office.name)))
    return (
        "<!doctype html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # no frame-ancestors here: a <meta> policy cannot set it; the server's header does (README)
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\'; '
        "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-src 'none'; "
        "base-uri 'self'; form-action 'none'\">"
        '<meta name="robots" content="noindex">'
        f"<title>{esc(title)}</title>"
        f'<link rel="stylesheet" href="{esc(css)}"><script src="{esc(script)}" defer></script>'
        f'<script src="{esc(today_script)}" defer></script></head>'
        f'<body class="xf-embed" data-period="{widget.period}" data-built="{data.today.isoformat()}" '
        f'data-until="{until.isoformat()}">'
        f'<h1><span class="xf-e-subject">{esc(widget.subject)}</span>'
        f'<span class="xf-e-label">{shown.label}领导接访安排</span>'
        f'<span class="xf-e-span">{esc(shown.span(widget.period))}</span></h1>'
        + _suspensions(data, widget)
        + f'<ol class="xf-e-list">{"".join(rows)}</ol>'
        f'<p class="xf-e-empty"{empty_hidden}>近期没有安排接访。</p>'
        '<p class="xf-e-beyond" hidden>以后的安排尚未公布，请查看网站上的接访安排。</p>'
        + more
        + f'<footer class="xf-e-foot"><a href="{esc(schedule)}" target="_top">全部接访安排 ›</a>'
        f'<span class="xf-e-built">{esc(office.name)} · {esc(full_date(data.today))}更新</span></footer>'
        "</body></html>\n"
    )


def widget_pages(data: SiteData, wanted: Wanted = everything) -> dict[str, str]:
    windows = {}
    for period in PERIODS:
        until = _carried_until(data.today, period)
        windows[period] = Window([s for s in data.upcoming if s.date <= until])
    rendered = _Rows(data)
    return {w.path: widget_page(data, w, windows[w.period], rendered) for w in widgets(data) if wanted(w.path)}


def _widget_url(data: SiteData, widget: Widget) -> str:
    """The address the portal puts in its iframe: the directory URL on the office's server."""
    folder = widget.path.removesuffix("index.html")
    if data.base_url:
        return data.base_url.rstrip("/") + "/" + folder
    return "/" + folder


def iframe_code(data: SiteData, widget: Widget) -> str:
    return (f'<iframe src="{_widget_url(data, widget)}" title="{widget.subject}{PERIODS[widget.period]}接访安排" '
            f'width="100%" height="{HEIGHTS[widget.period]}" loading="lazy" style="border:0;max-width:800px">'
            "</iframe>")


def codes_page(data: SiteData) -> str:
    """嵌入代码: the office's two widgets with their iframe code, then every unit's and topic's
    addresses (the same code with another address: a city's 200 codes would be a 150 KB page)."""
    page = CODES_PAGE
    text = front_matter("网页嵌入代码", hide=("navigation", "toc"), search=False) + "# 网页嵌入代码\n\n"
    address = ("" if data.base_url else
               "<p><strong>content/office.yaml 还没有填写 site_url（网站正式地址）</strong>，"
               "下面的地址只写了路径，请在前面加上网站地址。</p>")
    text += raw_block(
        "<p>政府门户网站（集约化平台）可以用下面的代码，在栏目页里嵌入本网站的接访安排。"
        "嵌入的页面没有导航和页头，宽 320—800 像素都能阅读，点击某一场接访会在整个窗口打开本网站上的详细安排；"
        "页面显示读者当天起本周（本月）的安排，本周没有了就显示下周。"
        "本网站的服务器需要允许门户网站嵌入 /embed/ 下的页面"
        "（响应头 Content-Security-Policy: frame-ancestors，写法见 xinfang 的说明文档），其他页面仍不允许被嵌入。</p>"
        f"{address}", searchable=False)
    found = widgets(data)
    office = [w for w in found if w.path.count("/") == 2]
    blocks = "".join(
        f"<h3>{esc(PERIODS[w.period])}（{link(page, w.path, '预览')}）</h3>"
        f'<pre class="xf-embed-code"><code>{esc(iframe_code(data, w))}</code></pre>' for w in office)
    text += "## 本机构全部接访\n\n" + raw_block(blocks, searchable=False)
    subjects: dict[str, dict[str, Widget]] = {}
    for widget in found:
        if widget not in office:
            subjects.setdefault(widget.section, {})[widget.period] = widget
    rows = "".join(
        f"<tr><td>{esc(section)}</td>"
        + "".join(f"<td>{link(page, w.path, _widget_url(data, w))}</td>" for w in periods.values()) + "</tr>"
        for section, periods in subjects.items())
    text += "## 各单位、各类问题\n\n" + raw_block(
        "<p>代码同上，只把 src 换成下表里的地址（title 也相应改写）。单位的页面包括它下属的乡镇（街道）；"
        "问题的页面包括受理各类问题的接访。</p>"
        '<table class="xf-table"><thead><tr><th scope="col">单位或问题</th><th scope="col">本周</th>'
        f'<th scope="col">本月</th></tr></thead><tbody>{rows}</tbody></table>', searchable=False)
    text += raw_block(
        "<h2>开放数据</h2><p>门户网站也可以用自己的脚本读取"
        f"{link(page, 'data/upcoming.json', '今后 30 天的接访安排（JSON）')}"
        f"（{link(page, 'data/upcoming.schema.json', '字段说明')}），"
        "跨域读取时本网站的服务器要加 Access-Control-Allow-Origin 响应头，写法见 xinfang 的说明文档。</p>",
        searchable=False)
    return text
