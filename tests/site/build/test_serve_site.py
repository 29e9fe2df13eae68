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

from generator.pipeline import Pipeline, prepare
from generator.site.build import serve_site
from generator.site.build.leak_page import GUARD, hooks_with_guard
from generator.site.build.serve import Preview
from generator.site.build.serve_site import WarmSite
from generator.site.build.stage import privacy_scanner
from generator.site.build.tree import checked, write_files
from generator.site.parts.data import SiteData
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
    # loading as serve does: the case files, their checks and the rules' sessions of the loads before reused
    preview = Preview(Pipeline(root).reloader(), lambda: TODAY, work, Path("mkdocs.yml"))
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


def test_a_case_a_leader_and_a_holiday_edited_show_as_a_whole_build_shows_them(
        content_copy: Callable[[str], Path], tmp_path: Path) -> None:
    """What a save with no case file changed reuses of the cases (the loaded cases, their
    checks, the private values) does not hide an edit of a case, of a leader or of a holiday."""
    root = content_copy("sample")
    preview, site, site_dir = _warm(root, tmp_path)
    # a published case's title, on its page and in the lists of cases
    edit(root / "cases/2026-0001.yaml", "title: 企业欠缴职工养老保险，督促补缴到位",
         "title: 企业欠缴养老保险，三个月内补缴")
    _save(preview, site)
    served = _same_as_whole(site, site_dir, tmp_path)
    assert [path for path, raw in served.items() if "三个月内补缴".encode() in raw and path.startswith("cases/")]
    # a leader's title, on every page that names him
    edit(root / "leaders.yaml", "title: 常务副市长", "title: 常务副市长（主持工作）")
    _save(preview, site)
    served = _same_as_whole(site, site_dir, tmp_path)
    assert "常务副市长（主持工作）".encode() in served["leaders/lin-jianguo/index.html"]
    # a holiday on a day the city holds a session: the session moves off it (or is gone) everywhere
    days = _session_days(served["data/schedule.json"])
    day = next(d for d in sorted(days) if d >= dt.date(2027, 3, 1) and d.weekday() < 5 and days[d] > 0)
    edit(root / "holidays.yaml", "    holidays:\n",
         f"    holidays:\n      - name: 示例假日\n        start: {day.isoformat()}\n")
    _save(preview, site)
    served = _same_as_whole(site, site_dir, tmp_path)
    assert _session_days(served["data/schedule.json"]).get(day, 0) < days[day]


def _session_days(raw: bytes) -> dict[dt.date, int]:
    """The open data's sessions held per day."""
    counts: dict[dt.date, int] = {}
    for session in json.loads(raw)["sessions"]:
        if session["status"] != "scheduled":
            continue
        day = dt.date.fromisoformat(session["date"])
        counts[day] = counts.get(day, 0) + 1
    return counts


def test_a_case_edited_to_name_a_value_already_shown_turns_the_preview_into_the_error_page(
        content_copy: Callable[[str], Path], tmp_path: Path) -> None:
    """The private values are worked out again when a case file changes: a value the preview
    already shows becomes private by a case edit alone, and the guard finds it."""
    root = content_copy("sample")
    preview, site, site_dir = _warm(root, tmp_path)
    edit(root / "cases/2026-0002.yaml", "name: 钱大勇", "name: 孙小梅")
    _save(preview, site)
    edit(root / "schedule/city.yaml", VENUE, "venues: [钱大勇家中]")
    _save(preview, site)  # nobody's name yet: shown
    assert "钱大勇家中" in (site_dir / f"{MAYOR}/index.html").read_text(encoding="utf-8")
    edit(root / "cases/2026-0002.yaml", "name: 孙小梅", "name: 钱大勇")
    _save(preview, site)
    shown = (site_dir / f"{MAYOR}/index.html").read_text(encoding="utf-8")
    assert "预览已停止：发现个人信息" in shown and "钱大勇" not in shown
    assert not any("钱大勇".encode() in raw for raw in _files(site_dir).values())


def test_the_schedule_files_are_checked_on_their_values_as_they_are_written_not_read_again(
        content_copy: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole schedule's files a save writes after its pages (all.ics, the open data: tens
    of megabytes at city scale) are checked on the values they are made of, as ``build``
    checks them; the scan after MkDocs copied them does not read them again as text."""
    from generator.site.build import stage

    root = content_copy("sample")
    preview, site, site_dir = _warm(root, tmp_path)
    scanned: list[str] = []
    real = stage.privacy_problems

    def scanning(*args: Any, only: list[str] | None = None, **kwargs: Any) -> list[str]:
        scanned.extend(only if only is not None else ["(everything)"])
        return real(*args, only=only, **kwargs)

    monkeypatch.setattr(stage, "privacy_problems", scanning)
    edit(root / "schedule/city.yaml", VENUE, "venues: [市人民来访接待中心三楼第九会议室]")
    _save(preview, site)  # the pages, then the schedule's files: the second build copies these
    files = {"calendar/all.ics", "calendar/leaders/zhou-mingyuan.ics", "data/schedule.json", "data/schedule.csv"}
    assert files <= set(site.rendered)
    assert f"{MAYOR}/index.html" in scanned and not files & set(scanned)
    served = _same_as_whole(site, site_dir, tmp_path)
    assert "第九会议室".encode() in served["calendar/all.ics"]


def test_write_files_names_the_files_it_checked_only_when_none_carries_a_private_value(
        content_copy: Callable[[str], Path], tmp_path: Path) -> None:
    root = content_copy("sample")
    folder = tmp_path / "tree"
    from_values = {"calendar/all.ics", "data/schedule.json", "data/schedule.csv", "data/suspensions.csv"}
    wanted = {*from_values, "feed.xml"}

    def written() -> list[str]:
        prepared = prepare(root)
        data = SiteData(prepared, TODAY, prepared.content.office.site_url)
        return write_files(data, folder, wanted.__contains__, privacy_scanner(prepared))

    assert set(written()) == wanted
    assert checked(folder) == from_values  # (the feed is not made from values handed over)
    (folder / "docs/data/schedule.json").write_bytes(b"{}")  # changed since: no longer as checked
    assert checked(folder) == from_values - {"data/schedule.json"}
    # a petitioner's name (case 2026-0002) as a venue: written, and named as checked nowhere
    edit(root / "schedule/city.yaml", VENUE, "venues: [钱大勇家中]")
    assert {"calendar/all.ics", "data/schedule.csv"} <= set(written())
    assert checked(folder) == set()
    assert "钱大勇".encode() in (folder / "docs/calendar/all.ics").read_bytes()
