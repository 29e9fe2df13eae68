"""The site's warnings — a stale schedule, markup a Markdown body loses, the sample's identity
left in — from one function, so ``xinfang check``, ``build`` and ``serve`` report the same
ones for the same content and day (``check`` without building anything)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...prepared import Prepared
from ..pages import documents
from ..parts.data import FRESHNESS_DAYS, SiteData
from ..parts.html import full_date
from ..parts.markdown_body import MarkdownSettings
from .identity import identity_warnings, read_root_config


def site_warnings(data: SiteData, root: Mapping[str, Any], *, pages: bool = True) -> list[str]:
    """Every warning about the site of ``data``; ``root`` is the office's mkdocs.yml.
    ``pages``: ``data`` goes on to make the pages (it keeps the bodies it renders)."""
    return [*identity_warnings(data.content, root), *documents.body_warnings(data, pages=pages),
            *freshness_warnings(data)]


def warnings_of(prepared: Prepared, today: dt.date, root_config: Path) -> list[str]:
    """The warnings a build on ``today`` would report, without building."""
    root = read_root_config(root_config) if root_config.is_file() else {}
    data = SiteData(prepared, today, prepared.content.office.site_url)
    data.markdown = MarkdownSettings.from_mkdocs(root.get("markdown_extensions"))
    return site_warnings(data, root, pages=False)


def freshness_warnings(data: SiteData) -> list[str]:
    """A schedule that reaches fewer than ``FRESHNESS_DAYS`` ahead: past its last day every
    page says 以后的安排尚未公布, so the office adds the next weeks before that."""
    last = data.last_published
    if last is None or last < data.today:
        return ["没有今天以后的接访安排：网站会说“以后的接访安排尚未公布”，请在 content/schedule/ 中补充"]
    if (last - data.today).days < FRESHNESS_DAYS:
        return [f"已公布的接访安排只到{full_date(last)}（不足 {FRESHNESS_DAYS} 天）：过了这一天网站会说"
                "“以后的接访安排尚未公布”，请在 content/schedule/ 中补充以后的安排"]
    horizon = [s for s in data.upcoming if s.is_active and (s.date - data.today).days <= FRESHNESS_DAYS]
    if not horizon:
        return [f"未来 {FRESHNESS_DAYS} 天内没有任何接访安排：网站上的日程已经过时，请在 content/schedule/ 中补充"]
    return []
