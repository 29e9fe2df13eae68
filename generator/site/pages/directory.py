"""Leader and topic pages: who handles which problem, and when they receive visitors."""

from __future__ import annotations

import datetime as dt

from pypinyin import Style, lazy_pinyin

from ...calendar.deadlines import Limit, time_limits
from ...calendar.regulations import regime_on
from ...model.people import Leader, Topic
from ...model.units import Unit, UnitLevel
from ...schedule.sessions import ScheduledSession
from ...statistics.receptions import COLUMNS as RECEPTION_COLUMNS
from ...statistics.receptions import leader_counts
from ..parts.data import SiteData, Wanted, everything
from ..parts.html import esc, front_matter, full_date, link, md_text, phone_html, raw_block, table
from ..parts.placement import rel
from ..parts.session_table import json_ld, session_table
from ..parts.today import NEXT_CANDIDATES, PageFacts, what_text, when_text
from ..parts.widgets import place_select, unit_banner

PAGE_SESSIONS = 20
"""Upcoming sessions listed on a leader or topic page; the month pages hold the rest."""

SUBSCRIBE_HELP = ("在手机上点开链接即可加入日历；或在日历应用中选择“添加订阅日历”并粘贴链接，"
                  "安排有变动时会自动更新，取消的场次会自动删除。")


def finder_keys(topic: Topic) -> str:
    """Words the topic finder matches: name, keywords and their pinyin initials (社保 -> sb)."""
    words = [topic.name, *topic.keywords]
    initials = ["".join(lazy_pinyin(w, style=Style.FIRST_LETTER)).lower() for w in words]
    full = ["".join(lazy_pinyin(w)).lower() for w in words]
    return " ".join(dict.fromkeys([*words, *initials, *full]))


def next_session_text(data: SiteData, sessions: list[ScheduledSession], page: str, facts: PageFacts) -> str:
    """The next session as a link, as on the build day; the script says it again for the
    reader's day from the candidates the span carries."""
    upcoming = data.next_active(sessions)
    if upcoming is None:
        text = "近期暂无安排"
    else:
        text = f'<a href="{esc(data.placement.href(upcoming, page))}">{esc(when_text(upcoming))}</a>'
    return f'<span class="xf-next"{facts.next_attrs(sessions)}>{text}</span>'


INDEX_ROWS = 40
"""Above this many leaders, each county's (with its townships') get a page of their own: a row with its
next session and the candidates the browser reads for later days weighs about 2.5 KB, and a page
stays under the 100 KB phone budget."""
INDEX_CANDIDATES = 2
"""Upcoming sessions each leader's 下次接访 carries on an index (the leaders, or one county's)."""


def _leader_rows(data: SiteData, page: str, leaders: list[Leader], facts: PageFacts) -> str:
    content = data.content
    # an office that publishes no 分管 gets no empty column of dashes
    with_topics = any(x.topics for x in leaders)
    rows = [[link(page, f"leaders/{x.id}.md", x.name), esc(x.title), esc(content.units[x.unit].name),
             *(["、".join(link(page, f"topics/{t}.md", content.topics[t].name) for t in x.topics)]
               if with_topics else []),
             leader_next_text(data, x, page, facts)] for x in leaders]
    return table(["姓名", "职务", "单位", *(["分管领域"] if with_topics else []), "下次接访"], rows)


def leader_next_text(data: SiteData, leader: Leader, page: str, facts: PageFacts) -> str:
    """A named leader's next session; with none, a pointer to the receptions published by role
    in their unit, rather than a bare 近期暂无安排 while receptions are coming."""
    sessions = data.by_leader.get(leader.id, [])
    if data.next_active(sessions) is not None:
        return next_session_text(data, sessions, page, facts)
    if any(u.id in data.role_units for u in data.content.unit_chain(leader.unit)):
        target = rel(page, "leaders/index.md") + f"#{ROLES_ANCHOR}"
        return f'近期没有点名由其接访的安排；<a href="{esc(target)}">另有按职务公布的接访</a>'
    return next_session_text(data, sessions, page, facts)


ROLES_ANCHOR = "by-role"
"""The leaders page's section of receptions published by role only (县领导一名、区委主要负责同志)."""


def _role_rows(data: SiteData, page: str, groups: dict[tuple[str, str], list[ScheduledSession]],
               facts: PageFacts) -> str:
    content = data.content
    rows = [[esc(role), esc(content.units[unit].name), next_session_text(data, sessions, page, facts)]
            for (unit, role), sessions in groups.items() if data.next_active(sessions)]
    if not rows:
        return ""
    return (f"## 按职务公布的接访 {{#{ROLES_ANCHOR}}}\n\n"
            "<p>以下接访的公告只写了职务，没有点名接访领导。</p>\n\n"
            + table(["接访人", "单位", "下次接访"], rows))


def current_leaders(data: SiteData) -> list[Leader]:
    """Leaders in office today: a leader whose term has ended keeps a page (past sessions
    link to it) but is no longer listed."""
    return [x for x in data.content.leaders.values() if x.serves_on(data.today)]


def _by_county(data: SiteData, leaders: list[Leader]) -> list[tuple[Unit, list[Leader]]]:
    """Each county that has any of ``leaders``, with those of the county and of its townships."""
    content = data.content
    chains = [(x, {u.id for u in content.unit_chain(x.unit)}) for x in leaders]
    groups = []
    for county in (u for u in content.units.values() if u.level is UnitLevel.COUNTY):
        group = [x for x, chain in chains if county.id in chain]
        if group:
            groups.append((county, group))
    return groups


def leader_pages(data: SiteData) -> dict[str, str]:
    """The leaders index; at city scale, one page per county for its and its townships' leaders."""
    page = "leaders/index.md"
    content = data.content
    leaders = current_leaders(data)
    pages: dict[str, str] = {}
    text = front_matter("接访领导", hide=("navigation",)) + "# 接访领导\n\n"
    facts = PageFacts(data, page, candidates=INDEX_CANDIDATES, lean=True)
    if len(leaders) <= INDEX_ROWS:
        for level in UnitLevel:
            group = [x for x in leaders if content.units[x.unit].level is level]
            if group:
                text += f"## {level.label}领导\n\n" + _leader_rows(data, page, group, facts)
        if not leaders:
            text += "<p>本机构的接访公告没有点名接访领导。</p>\n\n"
        pages[page] = text + _role_rows(data, page, data.role_groups, facts) + facts.block()
        return pages
    city = [x for x in leaders if content.units[x.unit].level is UnitLevel.CITY]
    text += f"## {UnitLevel.CITY.label}领导\n\n" + _leader_rows(data, page, city, facts)
    links = []
    for county, group in _by_county(data, leaders):
        sub = f"leaders/in-{county.id}.md"
        title = f"{county.name}领导"
        sub_facts = PageFacts(data, sub, candidates=INDEX_CANDIDATES, lean=True)
        pages[sub] = (front_matter(title, hide=("navigation",)) + f"# {md_text(title)}\n\n"
                      + _leader_rows(data, sub, group, sub_facts) + f"<p>{link(sub, page, '全部接访领导')}</p>\n"
                      + sub_facts.block())
        links.append(f"<li>{link(page, sub, county.name)}（{len(group)} 位）</li>")
    text += f'## 区县、乡镇（街道）领导\n\n<ul class="xf-months">{"".join(links)}</ul>\n\n'
    pages[page] = text + _role_rows(data, page, data.role_groups, facts) + facts.block()
    return pages


def leader_page(data: SiteData, leader: Leader) -> str:
    page = f"leaders/{leader.id}.md"
    content = data.content
    sessions = data.by_leader.get(leader.id, [])
    topics = "、".join(link(page, f"topics/{t}.md", content.topics[t].name) for t in leader.topics)
    rows = [("职务", esc(leader.title)), ("单位", esc(content.units[leader.unit].name))]
    if topics:
        rows.append(("分管领域", topics))
    if leader.term_until and leader.term_until < data.today:
        rows.insert(0, ("任职", f"已于{full_date(leader.term_until)}离任，以下为其任内的接访记录"))
    if leader.duties:
        rows.append(("分管工作", esc(leader.duties)))
    if leader.contact_township:
        rows.append(("下访联系点", esc(content.units[leader.contact_township].name)))
    facts = PageFacts(data, page)
    rows.append(("下次接访", leader_next_text(data, leader, page, facts)))
    info = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        front_matter(f"{leader.name}（{leader.title}）", hide=("navigation",), boost=3)
        + f"# {md_text(leader.name)}\n\n"
        + unit_banner(data, {leader.unit})
        + f'<dl class="xf-info">{info}</dl>\n\n'
        + "## 近期接访安排\n\n"
        + session_table(sessions[:PAGE_SESSIONS], data.cells, page, empty="近期暂无接访安排。")
        + json_ld(sessions, data.cells, data.session_url)
        + _held(data, leader)
        + "## 订阅日历\n\n"
        + f'<p>{link(page, f"calendar/leaders/{leader.id}.ics", f"订阅{leader.name}的接访日历（.ics）")}</p>'
        + f'<p class="xf-help">{SUBSCRIBE_HELP}</p>\n\n'
        + facts.block()
    )


def _held(data: SiteData, leader: Leader) -> str:
    """接访情况: what the record of receptions says this leader did, by year."""
    years = leader_counts(data.prepared.receptions, leader.id)
    if not years:
        return ""
    columns = [(key, label) for key, label in RECEPTION_COLUMNS if key != "not_held"]
    rows = "".join(f'<tr><th scope="row">{year}年</th>'
                   + "".join(f'<td data-label="{label}">{getattr(c, key)}</td>' for key, label in columns)
                   + "</tr>" for year, c in years.items())
    head = "".join(f'<th scope="col">{label}</th>' for _, label in columns)
    return ("## 接访情况\n\n"
            '<table class="xf-table" data-table="leader-receptions"><thead><tr><th scope="col">年度</th>'
            f"{head}</tr></thead><tbody>{rows}</tbody></table>\n\n"
            '<p class="xf-help">根据每次接访后登记的接访记录统计。</p>\n\n')


JURISDICTION = ("按属地原则，问题先由您居住地（或问题发生地）的乡镇（街道）、区县受理，"
                "属地解决不了的再到上一级反映。")


def nearest_answer(data: SiteData, leaders: list[Leader], page: str) -> str:
    """Without a chosen place: the nearest of these leaders' next sessions, and that 属地 decides
    whom to see (the build day's text; the script answers for the reader's day and place)."""
    upcoming = sorted((s for x in leaders for s in data.by_leader.get(x.id, [])[:1] if s.is_active),
                      key=lambda s: (s.date, s.start or dt.time()))
    first = (f'最近的一场：<a href="{esc(data.placement.href(upcoming[0], page))}">{esc(when_text(upcoming[0]))}</a>，'
             f"{phone_html(what_text(data, upcoming[0]))}。") if upcoming else ""
    return f"<p>{first}{esc(JURISDICTION)}</p>"


def topic_index(data: SiteData, finder: str) -> str:
    head = front_matter("我要反映的问题", hide=("toc",), search=False) + "# 我要反映的问题\n\n"
    if not data.content.topics:
        return head + (f"<p>本机构没有按问题类别公布分管领导，各场接访受理各类问题，见"
                       f'{link("topics/index.md", "schedule/index.md", "接访安排")}。</p>\n\n')
    return (head + "<p>请选择您要反映的问题类别，查看负责的领导、接访时间、需要携带的材料和相关政策。</p>\n\n"
            + finder)


TOPIC_ROWS = 20
"""Above this many responsible leaders, a topic page lists the city's and the counties' and
gives each county's townships' leaders a page of their own: a row with the two sessions the
place answer reads for later days (each with its venue) weighs about 3 KB, so 20 rows and the
page around them stay well under the 100 KB phone budget (30 rows came within 2 KB of it)."""
TOPIC_CANDIDATES = 120
"""Upcoming sessions a topic page carries for its leaders' 下次接访 on later days, shared among
its rows (each with its venue, about 200 bytes): a few leaders carry NEXT_CANDIDATES each, thirty
county leaders three or four, and the page stays phone-sized."""


def _candidates(rows: int) -> int:
    return max(INDEX_CANDIDATES, min(NEXT_CANDIDATES, TOPIC_CANDIDATES // max(rows, 1)))


GENERAL_ON_TOPIC_PAGES = 3
"""The sessions receiving every kind of problem a topic page lists below its own."""
PLACE_LABEL = "您住在哪个区县、乡镇（街道）？选一下，先看离您最近的接访："
PLACE_LABEL_SPLIT = PLACE_LABEL.removesuffix("：") + "（乡镇、街道的负责领导见下方各区县的页面）："


def _topic_leaders(data: SiteData, page: str, leaders: list[Leader], facts: PageFacts, *,
                   within: str | None, place_label: str, before_table: str = "") -> str:
    """The place question, its answer, and the leaders by level, the city's first."""
    content = data.content
    rows, attrs = [], []
    for level in UnitLevel:
        for leader in (x for x in leaders if content.units[x.unit].level is level):
            rows.append([esc(level.label), link(page, f"leaders/{leader.id}.md", leader.name),
                         esc(f"{content.units[leader.unit].name}{leader.title}"),
                         leader_next_text(data, leader, page, facts)])
            attrs.append(f' data-units="{esc(data.unit_chains.get(leader.unit, ""))}" data-level="{esc(level.label)}"')
    return (raw_block(place_select(data, place_label, within=within)
                      + f'<div class="xf-place-answer" data-xf-place-answer aria-live="polite">'
                      f"{nearest_answer(data, leaders, page)}</div>", searchable=False)
            + before_table + table(["层级", "领导", "职务", "下次接访"], rows, css="xf-leaders", row_attrs=attrs))


def _topic_county_page(data: SiteData, topic: Topic, county: str, page: str, leaders: list[Leader]) -> str:
    """One county's leaders (the county's and its townships') for one topic, at city scale."""
    name = data.content.units[county].name
    title = f"{topic.name}：{name}负责的领导"
    facts = PageFacts(data, page, candidates=_candidates(len(leaders)))
    return (front_matter(title, hide=("navigation",), search=False) + f"# {md_text(title)}\n\n"
            + _topic_leaders(data, page, leaders, facts, within=county, place_label=PLACE_LABEL)
            + f"<p>{link(page, f'topics/{topic.id}.md', topic.name)}：全部负责的领导、近期接访安排和办理时限</p>\n"
            + facts.block())


def topic_county_page(topic: str, county: str) -> str:
    """The page of one county's leaders for one topic (``topic_pages``)."""
    return f"topics/{topic}/in-{county}.md"


def topic_pages(data: SiteData, topic: Topic, wanted: Wanted = everything) -> dict[str, str]:
    """A topic's page and, at city scale, its counties' pages (those ``wanted``): with more than
    TOPIC_ROWS leaders the topic page lists the city's and the counties', each county's page
    its townships' too."""
    content = data.content
    page = f"topics/{topic.id}.md"
    leaders = [x for x in current_leaders(data) if topic.id in x.topics]
    pages: dict[str, str] = {}
    if len(leaders) <= TOPIC_ROWS:
        if wanted(page):
            pages[page] = _topic_page(data, topic, leaders)
        return pages
    links = []
    for county, group in _by_county(data, leaders):
        townships = [x for x in group if content.units[x.unit].level is UnitLevel.TOWNSHIP]
        if townships:
            sub = topic_county_page(topic.id, county.id)
            if wanted(sub):
                pages[sub] = _topic_county_page(data, topic, county.id, sub, group)
            links.append(f"<li>{link(page, sub, county.name)}（{len(townships)} 位）</li>")
    if wanted(page):
        # the counties' pages come before the long table, where a township's reader looks first
        counties = f'<p>各乡镇（街道）负责的领导：</p><ul class="xf-months">{"".join(links)}</ul>\n\n' if links else ""
        near = [x for x in leaders if content.units[x.unit].level is not UnitLevel.TOWNSHIP]
        pages[page] = _topic_page(data, topic, near, counties=counties)
    return pages


def _topic_page(data: SiteData, topic: Topic, leaders: list[Leader], *, counties: str | None = None) -> str:
    """``leaders``: those listed here; ``counties``: the links to the counties' pages when split."""
    page = f"topics/{topic.id}.md"
    content = data.content
    sessions = data.by_topic.get(topic.id, [])
    facts = PageFacts(data, page, candidates=_candidates(len(leaders)))
    # the topic's own words (its name, 常见说法) as tags: searching 欠薪 lists this page first,
    # above a case whose title says 欠薪; hidden on the page itself (the 常见说法 line says them),
    # for an engine that shows tags without material's tags plugin (Zensical)
    text = front_matter(topic.name, hide=("navigation", "tags"), description=topic.summary or None, boost=3,
                        tags=(topic.name, *topic.keywords))
    text += f"# {md_text(topic.name)}\n\n"
    if topic.summary:
        text += f"<p>{esc(topic.summary)}</p>\n\n"
    if topic.keywords:
        text += f'<p class="xf-keywords-line">常见说法：{"、".join(esc(k) for k in topic.keywords)}</p>\n\n'
    text += f'<dl class="xf-info"><dt>主管部门</dt><dd>{esc(topic.department)}</dd></dl>\n\n'
    text += "## 负责的领导\n\n"
    if counties is not None:
        text += _topic_leaders(data, page, leaders, facts, within=None, place_label=PLACE_LABEL_SPLIT,
                               before_table=counties)
    elif leaders:
        text += _topic_leaders(data, page, leaders, facts, within=None, place_label=PLACE_LABEL)
    else:
        text += "<p>这类问题由综合接访日统一受理，见下方安排。</p>\n\n"
    text += "## 近期接访安排\n\n" + session_table(
        sessions[:PAGE_SESSIONS], data.cells, page, empty="近期没有专门受理这类问题的接访。")
    general = [s for s in data.general if s.is_active][:GENERAL_ON_TOPIC_PAGES]
    if general:
        # the general booking line once: the table above has said it
        text += "<p>以下综合接访也受理各类问题：</p>\n\n" + session_table(general, data.cells, page,
                                                                       with_booking=not sessions)
    if topic.materials:
        items = "".join(f"<li>{esc(m)}</li>" for m in topic.materials)
        heading = "来访时请带上" if data.in_person else "反映问题时请准备"
        text += f"## {heading}\n\n<ul>{items}</ul>\n\n"
    if topic.policies:
        items = "".join(f"<li>{link(page, f'policies/{p}.md', content.policies[p].title)}</li>"
                        for p in topic.policies)
        text += f"## 相关政策解读\n\n<ul>{items}</ul>\n\n"
    limits = time_limits(content.office, regime_on(data.today))
    steps = "".join(f"<li><strong>{esc(limits[k].step)}</strong>：{esc(limits[k].text)}</li>"
                    for k in (Limit.ACCEPT, Limit.HANDLE, Limit.REVIEW_ANSWER, Limit.RECHECK_ANSWER))
    text += (f"## 办理程序和时限\n\n<ul>{steps}</ul>\n\n"
             f"<p>{link(page, 'process/index.md', '查看完整的办理流程与时限')}</p>\n\n")
    feed = link(page, f"calendar/topics/{topic.id}.ics", f"订阅受理“{topic.name}”的接访日历（.ics）")
    text += f'## 订阅日历\n\n<p>{feed}</p><p class="xf-help">{SUBSCRIBE_HELP}</p>\n\n'
    return text + facts.block()
