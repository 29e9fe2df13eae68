"""/cases/: 典型案例 that a case file marks for publication, anonymised.

The petitioner appears only as 张某; every free-text field goes through
``mask_free_text``; dates are shown to the month; cases of a sensitive topic
(检举控告) are never published, whatever the case file says.  The privacy scan
still checks the result."""

from __future__ import annotations

from ...chinese import cn_month
from ...model.cases import Case
from ...privacy.anonymise import mask_free_text, mask_name
from ..parts.data import SiteData
from ..parts.html import esc, front_matter, link, md_text, table


def published(data: SiteData) -> list[Case]:
    content = data.content
    cases = [c for c in content.cases.values()
             if c.publish and not content.topics[c.topic].sensitive and c.received <= data.today]
    return sorted(cases, key=lambda c: (c.received, c.id), reverse=True)


def _month(case: Case) -> str:
    return cn_month(case.received.year, case.received.month)


def _list(data: SiteData, page: str, cases: list[Case]) -> str:
    content = data.content
    rows = [[link(page, f"cases/{c.id}.md", mask_free_text(c.publish.title, c.petitioner)),  # type: ignore[union-attr]
             link(page, f"topics/{c.topic}.md", content.topics[c.topic].name),
             esc(content.units[c.unit].name), _month(c),
             esc(mask_free_text(c.publish.outcome, c.petitioner))]  # type: ignore[union-attr]
            for c in cases]
    return table(["案例", "问题类别", "属地", "时间", "结果"], rows) if rows else "<p>暂无案例。</p>\n\n"


CASE_ROWS = 100
"""Cases listed on one page of a list (all, one topic's, one year's): a row weighs about 450
bytes, so a page of 100 stays well under the 100 KB phone budget; a city publishing hundreds
of cases gets numbered pages."""


def _pages(data: SiteData, first: str, title: str, head: str, cases: list[Case], *,
           search: bool) -> dict[str, str]:
    """A list of cases on numbered pages: ``first`` and then ``<first's folder>/2.md`` and on
    (a case id has no "/", so a numbered page never takes a case's address)."""
    chunks = [cases[i:i + CASE_ROWS] for i in range(0, len(cases), CASE_ROWS)] or [[]]
    names = [first] + [f"{first.removesuffix('.md')}/{n}.md" for n in range(2, len(chunks) + 1)]
    pages = {}
    for number, (page, chunk) in enumerate(zip(names, chunks, strict=True), start=1):
        numbered = f"{title}（第{number}页）" if number > 1 else title
        pager = ""
        if len(chunks) > 1:
            items = " · ".join(f'<strong aria-current="page">{n}</strong>' if n == number
                               else link(page, target, str(n)) for n, target in enumerate(names, start=1))
            pager = (f'<nav class="xf-pager" aria-label="页码"><p>第 {number} 页，共 {len(chunks)} 页'
                     f"（{len(cases)} 个案例）：{items}</p></nav>\n\n")
        pages[page] = (front_matter(numbered, hide=("navigation",), search=search and number == 1)
                       + f"# {md_text(numbered)}\n\n" + (head if number == 1 else "")
                       + _filters(data, page, cases) + pager + _list(data, page, chunk) + pager)
    return pages


def _filters(data: SiteData, page: str, cases: list[Case]) -> str:
    topics = sorted({c.topic for c in cases})
    years = sorted({c.received.year for c in cases}, reverse=True)
    topic_links = " · ".join(link(page, f"cases/topic-{t}.md", data.content.topics[t].name) for t in topics)
    year_links = " · ".join(link(page, f"cases/year-{y}.md", f"{y}年") for y in years)
    return (f'<p class="xf-case-filter">按问题：{topic_links}</p><p class="xf-case-filter">按年份：{year_links} · '
            f'{link(page, "cases/index.md", "全部")}</p>\n\n')


def _case_page(data: SiteData, case: Case) -> str:
    page = f"cases/{case.id}.md"
    content = data.content
    publication = case.publish
    assert publication is not None

    def clean(text: str) -> str:
        return esc(mask_free_text(text, case.petitioner))

    title = mask_free_text(publication.title, case.petitioner)
    info = [("信访人", esc(mask_name(case.petitioner.name, case.petitioner.gender))),
            ("问题类别", link(page, f"topics/{case.topic}.md", content.topics[case.topic].name)),
            ("属地", esc(content.units[case.unit].name)), ("反映时间", _month(case)),
            ("反映方式", esc(case.channel.label))]
    if case.closed:
        info.append(("办结时间", cn_month(case.closed.year, case.closed.month)))
    text = front_matter(title) + f"# {md_text(title)}\n\n"
    text += '<dl class="xf-info">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in info) + "</dl>\n\n"
    text += f"## 反映的问题\n\n<p>{clean(publication.asked)}</p>\n\n"
    text += f"## 办理情况\n\n<p>{clean(publication.done)}</p>\n\n"
    text += f"## 结果\n\n<p>{clean(publication.outcome)}</p>\n\n"
    if publication.policies:
        items = "".join(f"<li>{link(page, f'policies/{p}.md', content.policies[p].title)}</li>"
                        for p in publication.policies)
        text += f"## 政策依据\n\n<ul>{items}</ul>\n\n"
    return text + f'<p>{link(page, "cases/index.md", "全部典型案例")}</p>\n'


def case_pages(data: SiteData) -> dict[str, str]:
    cases = published(data)
    intro = ("<p>以下案例经信访人所在地信访部门整理，已隐去个人信息（姓名以“某”代替，"
             "不公开住址、电话和证件号码），检举控告类事项不予公开。</p>\n\n")
    pages = _pages(data, "cases/index.md", "典型案例", intro, cases, search=True)
    for topic in sorted({c.topic for c in cases}):
        pages.update(_pages(data, f"cases/topic-{topic}.md", f"典型案例：{data.content.topics[topic].name}", "",
                            [c for c in cases if c.topic == topic], search=False))
    for year in sorted({c.received.year for c in cases}):
        pages.update(_pages(data, f"cases/year-{year}.md", f"{year}年典型案例", "",
                            [c for c in cases if c.received.year == year], search=False))
    pages.update({f"cases/{c.id}.md": _case_page(data, c) for c in cases})
    return pages
