"""``xinfang serve`` renders after a save only the pages and files the save changed, with the
MkDocs objects of the last whole build (``serve_site.WarmSite``): the preview is then the
site a whole build of the same tree makes (every page the edit affects is new, a removed
session is gone from every page and from the search index), and what a save brings in is
escaped, and scanned for private values before it is served."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from generator.pipeline import prepare
from generator.site.build import serve_site
from generator.site.build.leak_page import GUARD, hooks_with_guard
from generator.site.build.serve import Preview
from generator.site.build.serve_site import WarmSite
from tests.conftest import edit

TODAY = dt.date(2026, 11, 24)
URL = "http://127.0.0.1:8000/"
MAYOR = "leaders/zhou-mingyuan"
VENUE = "venues: [市人民来访接待中心三楼会议室]"


def _warm(root: Path, tmp_path: Path) -> tuple[Preview, WarmSite, Path]:
    """The preview of ``root`` generated and built whole, as ``serve`` starts."""
    from mkdocs.config import load_config

    work = tmp_path / "served"
    work.mkdir()
    preview = Preview(lambda: prepare(root), lambda: TODAY, work, Path("mkdocs.yml"))
    config_file = preview.regenerate()
    assert preview.finish() == set()
    site_dir = tmp_path / "site"
    hooks = hooks_with_guard(config_file)

    def settings() -> Any:
        return load_config(config_file=str(config_file), site_dir=str(site_dir), hooks=hooks)

    settings().plugins.on_startup(command="serve", dirty=False)
    site = WarmSite(settings, URL, work)
    site()
    assert site.built is not None and (site_dir / f"{MAYOR}/index.html").is_file()
    return preview, site, site_dir


def _save(preview: Preview, site: WarmSite) -> None:
    """What a save does: the tree regenerated, its schedule files written, MkDocs' build."""
    preview.regenerate()
    assert preview.finish() == set()
    site()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _entries(raw: bytes) -> list[str]:
    """The index's entries in any order, without the word breaks jieba put in (its cuts change
    when a build in the same process loads the user dictionary again)."""
    return sorted(json.dumps(entry, ensure_ascii=False, sort_keys=True).replace("\u200b", "")
                  for entry in json.loads(raw)["docs"])


def _same_as_whole(site: WarmSite, site_dir: Path, tmp_path: Path) -> dict[str, bytes]:
    """The preview against a whole build of the same tree, file by file (the search index's
    entries in any order); the preview's files."""
    from mkdocs.config import load_config

    whole_dir = tmp_path / "whole-site"
    other = WarmSite(lambda: load_config(config_file=str(site.folder / "mkdocs.yml"), site_dir=str(whole_dir),
                                         hooks=hooks_with_guard(site.folder / "mkdocs.yml")), URL, site.folder)
    served = _files(site_dir)
    other()
    whole = _files(whole_dir)
    assert served.keys() == whole.keys()
    index = "search/search_index.json"
    assert _entries(served[index]) == _entries(whole[index])
    stale = [path for path in whole if path != index and served[path] != whole[path]]
    assert not stale, f"pages left as they were: {stale[:10]}"
    return served


@pytest.fixture(autouse=True)
def _fresh_guard() -> None:
    GUARD.whole_build = False
    serve_site.LAST.config = serve_site.LAST.files = serve_site.LAST.nav = serve_site.LAST.env = None


def test_a_rule_edited_renders_its_pages_only_and_the_preview_is_the_whole_site(
        content_copy: Callable[[str], Path], tmp_path: Path) -> None:
    root = content_copy("sample")
    preview, site, site_dir = _warm(root, tmp_path)
    edit(root / "schedule/city.yaml", VENUE, "venues: [市人民来访接待中心三楼第九会议室]")
    _save(preview, site)
    rendered = set(site.rendered)
    # the mayor's page and feed, his topics' pages, the months of his sessions, the open data
    assert {f"{MAYOR}.md", "calendar/leaders/zhou-mingyuan.ics", "data/schedule.json", "calendar/all.ics"} <= rendered
    assert any(path.startswith("topics/") for path in rendered), rendered
    assert any(path.startswith("schedule/20") for path in rendered), sorted(rendered)
    assert "policies/education.md" not in rendered and "leaders/lin-jianguo.md" not in rendered
    assert len(rendered) < 60
    served = _same_as_whole(site, site_dir, tmp_path)
    assert "第九会议室".encode() in served[f"{MAYOR}/index.html"]
    assert "第九会议室".encode() in served["calendar/leaders/zhou-mingyuan.ics"]


def test_a_removed_session_is_gone_from_every_page_and_the_search_index(
        content_copy: Callable[[str], Path], tmp_path: Path) -> None:
    root = content_copy("sample")
    preview, site, site_dir = _warm(root, tmp_path)
    scope = "春节前农民工工资支付专项接访"
    assert any(scope.encode() in raw for path, raw in _files(site_dir).items() if path.endswith(".html"))
    schedule = root / "schedule/city.yaml"
    text = schedule.read_text(encoding="utf-8")
    block = re.search(r"  - id: city-wages-20270128\n(    .*\n)+", text)
    assert block is not None
    schedule.write_text(text.replace(block.group(0), ""), encoding="utf-8")
    _save(preview, site)
    assert site.rendered and len(site.rendered) < 60  # no whole build
    served = _same_as_whole(site, site_dir, tmp_path)
    assert not [path for path, raw in served.items() if scope.encode() in raw]


def test_a_hostile_string_saved_is_escaped_and_a_private_value_stops_the_preview(
        content_copy: Callable[[str], Path], tmp_path: Path) -> None:
    root = content_copy("sample")
    preview, site, site_dir = _warm(root, tmp_path)
    hostile = '<img src=x onerror="alert(1)">三楼</td><script>alert(2)</script>'
    edit(root / "schedule/city.yaml", VENUE, f"venues: ['{hostile}']")
    _save(preview, site)
    assert f"{MAYOR}.md" in site.rendered and len(site.rendered) < 60
    page = lxml.html.fromstring((site_dir / f"{MAYOR}/index.html").read_bytes())
    assert not page.xpath("//*[@onerror]") and not page.xpath("//img[@src='x']")
    # the page's data scripts carry it as JSON, with its < escaped: no markup inside a script
    assert not [s for s in page.xpath("//script") if "<img" in (s.text or "") or "alert(2)</" in (s.text or "")]
    assert "alert(2)" in page.text_content()  # shown as text
    # a petitioner's name (case 2026-0002, not published) as the venue: the guard scans the
    # rendered pages and the preview becomes the error page until the next save fixes it
    edit(root / "schedule/city.yaml", f"venues: ['{hostile}']", "venues: [钱大勇家中]")
    _save(preview, site)
    assert f"{MAYOR}.md" in site.rendered
    shown = (site_dir / f"{MAYOR}/index.html").read_text(encoding="utf-8")
    assert "预览已停止：发现个人信息" in shown and "钱大勇" not in shown
    assert not any("钱大勇".encode() in raw for raw in _files(site_dir).values())
    assert GUARD.whole_build
    edit(root / "schedule/city.yaml", "venues: [钱大勇家中]", "venues: [市人民来访接待中心三楼第九会议室]")
    _save(preview, site)
    assert "第九会议室" in (site_dir / f"{MAYOR}/index.html").read_text(encoding="utf-8")
    assert len(site.rendered) > 100  # the whole preview came back
