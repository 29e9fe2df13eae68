"""Policies, notices and the procedure page."""

from __future__ import annotations

from pathlib import Path

from ...calendar.deadlines import Limit, Unit, due_date, time_limits
from ...calendar.regulations import Provision, regime_on
from ...model.documents import Notice, Policy
from ...model.files import RecordKind
from ..parts.data import SiteData
from ..parts.html import esc, front_matter, full_date, link, md_text, table
from ..parts.markdown_body import removal_warnings, removed_markup


def policy_index(data: SiteData) -> str:
    page = "policies/index.md"
    rows = [[link(page, f"policies/{p.id}.md", p.title), esc(p.summary or "")] for p in data.content.policies.values()]
    return front_matter("政策解读") + "# 政策解读\n\n" + table(["标题", "摘要"], rows)


def policy_page(data: SiteData, policy: Policy) -> str:
    page = f"policies/{policy.id}.md"
    content = data.content
    text = front_matter(policy.title, description=policy.summary or None) + f"# {md_text(policy.title)}\n\n"
    if policy.summary:
        text += f'<p class="xf-lead">{esc(policy.summary)}</p>\n\n'
    text += data.body(policy.body, page).markdown
    if policy.basis:
        text += "## 依据\n\n<ul>" + "".join(f"<li>{esc(b)}</li>" for b in policy.basis) + "</ul>\n\n"
    if policy.topics:
        links = "、".join(link(page, f"topics/{t}.md", content.topics[t].name) for t in policy.topics)
        text += f"<p>相关问题：{links}</p>\n\n"
    if policy.updated:
        text += f'<p class="xf-help">更新日期：{full_date(policy.updated)}</p>\n\n'
    return text


def body_warnings(data: SiteData, *, pages: bool = True) -> list[str]:
    """What the sanitiser removed from each policy and notice body, by file and line.
    ``pages``: the bodies are wanted for pages too, and each is rendered once, here, for
    both (a build); without, only what the sanitiser would remove is worked out (``check``)."""
    content = data.content
    warnings = []
    documents: list[tuple[RecordKind, str, Policy | Notice]] = [
        *((RecordKind.POLICY, "policies", p) for p in content.policies.values()),
        *((RecordKind.NOTICE, "notices", n) for n in content.notices.values())]
    for kind, folder, document in documents:
        removed = (data.body(document.body, f"{folder}/{document.id}.md").removed if pages
                   else removed_markup(document.body, data.markdown))
        if removed:
            path = Path(content.root) / folder / f"{document.id}.md"
            source = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else document.body
            warnings += removal_warnings(removed, content.source(kind, document.id).path, source, document.body)
    return warnings


def notices_sorted(data: SiteData) -> list[Notice]:
    return sorted((n for n in data.content.notices.values() if n.date <= data.today),
                  key=lambda n: (n.date, n.id), reverse=True)


def notice_index(data: SiteData) -> str:
    page = "notices/index.md"
    rows = [[esc(full_date(n.date)), link(page, f"notices/{n.id}.md", n.title)] for n in notices_sorted(data)]
    return (front_matter("通知公告") + "# 通知公告\n\n" + table(["日期", "标题"], rows)
            + f'<p>{link(page, "feed.xml", "RSS 订阅")}</p>\n\n')


def notice_page(data: SiteData, notice: Notice) -> str:
    page = f"notices/{notice.id}.md"
    text = front_matter(notice.title) + f"# {md_text(notice.title)}\n\n"
    text += f'<p class="xf-help">发布日期：{full_date(notice.date)}</p>\n\n'
    text += data.body(notice.body, page).markdown
    if notice.topics:
        text += "<p>相关问题：" + "、".join(
            link(page, f"topics/{t}.md", data.content.topics[t].name) for t in notice.topics) + "</p>\n\n"
    return text


def process_page(data: SiteData) -> str:
    """The procedure with each limit, computed from the same table the letters use."""
    page = "process/index.md"
    content = data.content
    regime = regime_on(data.today)  # the regulation in force on the build date
    limits = time_limits(content.office, regime)
    rows = [[esc(x.step), esc(x.text), esc(x.basis)] for x in limits.values()]
    example_day = data.today
    calendar = data.prepared.calendar
    office = content.office
    accept = due_date(limits[Limit.ACCEPT], example_day, calendar, office)
    handle = due_date(limits[Limit.HANDLE], example_day, calendar, office)
    simple = due_date(limits[Limit.SIMPLE_ANSWER], example_day, calendar, office)
    return (
        front_matter("办理流程与时限") + "# 办理流程与时限\n\n"
        + f"<p>依照{esc(regime.title)}（{esc(regime.issued_by)}），信访事项按以下步骤办理。"
        "写明“日”的期限按自然日计算，开始的当天不算；"
        + ("最后一天是节假日的，顺延到节假日后的第一个工作日。" if office.time_limits.roll_forward_holidays
           else "最后一天是节假日的也不顺延。")
        + "写明“工作日”的期限不含周末和法定节假日，调休上班的周末算工作日。</p>\n\n"
        + '<ol class="xf-steps"><li><strong>提出</strong>：来信、来访、网上、电话均可；请如实反映，提供材料。</li>'
        "<li><strong>受理</strong>：告知是否受理以及办理机关。</li>"
        "<li><strong>办理</strong>：调查核实、听取陈述，必要时听证。</li>"
        "<li><strong>答复</strong>：出具信访处理意见书（支持、解释说明或不予支持）。</li>"
        "<li><strong>复查</strong>：对处理意见不服，可向上一级机关请求复查。</li>"
        "<li><strong>复核</strong>：对复查意见不服，可向复查机关的上一级请求复核；复核后以同一事实和理由再提出的，"
        f"{esc(regime.final_organs)}不再受理（{esc(regime.cite(Provision.FINAL))}）。</li></ol>\n\n"
        + "## 各环节时限\n\n" + table(["环节", "时限", "依据"], rows)
        + "## 举例\n\n"
        + f"<p>如果信访事项在{full_date(example_day)}收到：应在<strong>{full_date(accept)}</strong>前告知是否受理；"
        f"如果当天受理，应在<strong>{full_date(handle)}</strong>前办结；"
        f"适用简易程序的，应在<strong>{full_date(simple)}</strong>前答复"
        f"（{limits[Limit.SIMPLE_ANSWER].count}{Unit.WORKING_DAYS.value}）。</p>\n\n"
        + f"<p>复查机关：{esc(content.office.letters.review_authority)}；"
        f"复核机关：{esc(content.office.letters.recheck_authority)}。</p>\n\n"
        + f"<p>{link(page, 'policies/index.md', '查看政策解读')}</p>\n\n"
    )


