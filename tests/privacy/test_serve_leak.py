"""``xinfang serve`` runs the build's privacy scan: a leak turns the preview into an error page."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.pipeline import prepare
from generator.site.build.leak_page import LeakGuard
from tests.conftest import REPO, child_env
from tests.site.build.test_serve import _free_port, _get, _wait_for


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.items: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag if tag in ("title", "li") else self._in

    def handle_endtag(self, tag: str) -> None:
        self._in = None if tag in ("title", "li") else self._in

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in in ("li", "code") and data.strip():
            self.items.append(data.strip())


def test_a_leak_replaces_the_preview_with_an_error_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "notices/a").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "notices/a/index.html").write_text("<p>来信人赵春华，电话１９９．００００．１１０１</p>", encoding="utf-8")
    (site / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    (site / "feed.xml").write_text("<title>赵 春 华</title>", encoding="utf-8")
    (site / "assets/x.css").write_text("body{}", encoding="utf-8")
    guard = LeakGuard()
    assert guard.after_build(site) == []  # nothing prepared yet: nothing to look for
    guard.prepared = prepare(REPO / "content")
    problems = guard.after_build(site)
    assert len(problems) == 3
    for page in ("index.html", "notices/a/index.html"):
        parsed = _Text()
        parsed.feed((site / page).read_text(encoding="utf-8"))
        assert parsed.title == "预览已停止：发现个人信息"
        assert len(parsed.items) == 3 and any("feed.xml:1:" in item and "信访人的姓名（赵某）" in item
                                               for item in parsed.items), parsed.items
    published = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file())
    assert "赵春华" not in published and "１１０１" not in published
    assert not (site / "feed.xml").exists()
    assert (site / "assets/x.css").exists()


@pytest.mark.slow
def test_serve_shows_a_leak_in_the_browser_and_recovers(content_copy) -> None:  # type: ignore[no-untyped-def]
    root: Path = content_copy("sample")
    notice = root / "notices/2026-10-online-platform.md"
    clean = notice.read_text(encoding="utf-8")
    notice.write_text(clean + "\n联系电话１９９．００００．１１０１。\n", encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(root), "--address", f"127.0.0.1:{port}",
         "--today", "2026-11-24"],
        cwd=Path.cwd(), env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/notices/2026-10-online-platform/"
        assert _wait_for(url, "预览已停止：发现个人信息", 180), "no error page"
        page = _get(url) or ""
        assert "199****1101" in page and "１１０１" not in page
        assert _get(f"http://127.0.0.1:{port}/feed.xml") is None  # 404: not served either
        notice.write_text(clean, encoding="utf-8")
        assert _wait_for(url, "平台已完成升级", 180), "the page did not come back after the fix"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_the_preview_guard_scans_what_a_rebuild_wrote_and_everything_when_the_private_values_change(
        content_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root: Path = content_copy("sample")
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text("<p>首页</p>", encoding="utf-8")
    guard = LeakGuard()
    guard.prepared = prepare(root)
    guard.before_build(site)
    assert guard.after_build(site) == []
    # a page the next (dirty) rebuild did not write: it was scanned when it was written
    old = site / "b/index.html"
    old.parent.mkdir()
    old.write_text("<p>来信人孙小梅反映</p>", encoding="utf-8")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    guard.before_build(site)
    assert guard.after_build(site) == []
    # a case now names 孙小梅: every file is searched again for the new value
    case = root / "cases/2026-0002.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("name: 钱大勇", "name: 孙小梅"), encoding="utf-8")
    guard.prepared = prepare(root)
    guard.before_build(site)
    problems = guard.after_build(site)
    assert len(problems) == 1 and problems[0].startswith("b/index.html:1:") and "孙某" in problems[0]
    # the error page replaced the preview: the next build is a whole one, from an empty folder
    assert guard.whole_build
    assert guard.before_build(site) and not any(site.iterdir())


def test_the_preview_guard_scans_the_search_entries_a_rebuild_added(content_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A dirty rebuild rewrites the whole search index; the guard scans the entries of the
    pages it rendered (``serve_search`` hands them over), which is where a new value is."""
    root: Path = content_copy("sample")
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    index = site / "search/search_index.json"
    index.write_text('{"docs": [{"location": "", "title": "首页", "text": "欢迎"}]}', encoding="utf-8")
    guard = LeakGuard()
    guard.prepared = prepare(root)
    guard.before_build(site)
    assert guard.after_build(site) == []  # the first build: everything scanned
    guard.before_build(site)
    os.utime(index)  # rewritten by this build, with the new entry (as the plugin writes it)
    guard.index_entries = [{"location": "b/", "title": "乙", "text": "来信人钱大勇反映"}]
    problems = guard.after_build(site)
    assert len(problems) == 1 and problems[0].startswith("search/search_index.json:") and "钱某" in problems[0]
