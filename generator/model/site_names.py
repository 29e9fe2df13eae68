"""Names the site generates itself, which no record's id (or Markdown file name) may take:
a leader with ``id: index`` would replace the list of all leaders, a policy file
``index.md`` the 政策解读 listing, without a word."""

from __future__ import annotations

import re

RESERVED = {
    "index": "该栏目的列表页",
    "feed": "通知公告的订阅 /feed.xml",
    "search": "站内搜索 /search/",
    "assets": "网站的样式和脚本 /assets/",
    "data": "开放数据 /data/",
    "calendar": "日历订阅 /calendar/",
    "embed": "嵌入页 /embed/",
    "404": "找不到页面时显示的 /404.html",
    "sitemap": "站点地图 /sitemap.xml",
    "week": "本周接访安排 /schedule/week/",
    "ranges": "自选统计区间 /statistics/ranges/",
    "statistics": "数据统计 /statistics/",
    "schedule": "接访安排 /schedule/",
    "leaders": "接访领导 /leaders/",
    "topics": "我要反映的问题 /topics/",
    "policies": "政策解读 /policies/",
    "notices": "通知公告 /notices/",
    "cases": "典型案例 /cases/",
    "process": "办理流程 /process/",
}
"""Each reserved name and what the site puts there."""

PAGE_FOLDERS = {"leader": "leaders", "topic": "topics", "policy": "policies", "notice": "notices",
                "case": "cases", "range": "statistics/ranges"}
"""Where each kind's own pages go: ``<folder>/<id>/``."""

GENERATED = {
    "leader": (re.compile(r"in-(?P<key>.+)"), "unit", "{key} 的领导名单页 /leaders/in-{key}/"),
    "case": (re.compile(r"(?:topic-(?P<key>.+)|year-\d{4})"), "topic", "按类别或年份列出的典型案例页"),
}
"""Pages named after other records in a kind's folder: (pattern, the kind the name is
taken from (any name for year pages), what the page is)."""


def collision(kind: str, record_id: str, others: dict[str, set[str]]) -> str | None:
    """What ``record_id`` of ``kind`` would replace on the site, or None; ``others`` are the
    ids of each kind (for the pages named after them)."""
    if record_id in RESERVED:
        return RESERVED[record_id]
    rule = GENERATED.get(kind)
    if rule is None:
        return None
    pattern, source, what = rule
    match = pattern.fullmatch(record_id)
    if match is None:
        return None
    key = match.groupdict().get("key")
    if key is None or key in others.get(source, set()):
        return what.format(key=key)
    return None
