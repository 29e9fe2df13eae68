"""The files MkDocs would only copy (the open data, the calendars), generated at city scale
while MkDocs renders the pages instead of before (``tree.COPIED_PARTS``): the published site
is the very one the other order gives, and a failure while making them publishes nothing."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import prepare
from generator.site.build import stage, tree
from generator.site.build.stage import build_site
from tests.conftest import REPO

TODAY = dt.date(2026, 11, 24)
pytestmark = pytest.mark.slow  # the sample's whole site, built twice


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".xinfang-output"}  # the release stamp names the build's time


@pytest.fixture
def deferrals(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The city-scale branch at the sample's scale; the files each build moved in after MkDocs."""
    monkeypatch.setattr(tree, "PARALLEL_SESSIONS", 0)
    moved: list[list[str]] = []
    add = stage.SiteStage._add_deferred

    def spy(self: stage.SiteStage, made: tree.Deferred, folder: Path) -> None:
        moved.append(sorted(made.written))
        add(self, made, folder)

    monkeypatch.setattr(stage.SiteStage, "_add_deferred", spy)
    return moved


def test_generated_beside_mkdocs_the_site_is_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      deferrals: list[list[str]]) -> None:
    prepared = prepare(REPO / "content")
    build_site(prepared, today=TODAY, site_dir=tmp_path / "beside")
    [moved] = deferrals
    assert {"calendar/all.ics", "data/schedule.json", "data/schedule.csv", "data/suspensions.csv"} <= set(moved)
    assert any(name.startswith("calendar/leaders/") for name in moved)

    monkeypatch.setattr(tree, "COPIED_PARTS", ())  # every part before MkDocs, in its tree
    build_site(prepared, today=TODAY, site_dir=tmp_path / "before")
    assert len(deferrals) == 1

    beside, before = _files(tmp_path / "beside"), _files(tmp_path / "before")
    assert beside.keys() == before.keys()
    assert [name for name in beside if beside[name] != before[name]] == []
    # and they are the real files, not empty stand-ins
    sessions = json.loads(beside["data/schedule.json"])
    rows = list(csv.DictReader(io.StringIO(beside["data/schedule.csv"].decode("utf-8-sig"))))
    assert sessions and rows
    calendar = beside["calendar/all.ics"].decode("utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR\r\n") and calendar.count("BEGIN:VEVENT") > 10
    assert not list(tmp_path.glob(".beside-staging/late-*"))  # the scratch folder went with the build


def test_a_failure_while_generating_them_publishes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          deferrals: list[list[str]]) -> None:
    prepared = prepare(REPO / "content")
    site = tmp_path / "site"
    build_site(prepared, today=TODAY, site_dir=site)
    published = _files(site)

    def full_disk(*_: object) -> tree.Deferred:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stage, "write_deferred", full_disk)  # in the forked process, which inherits it
    with pytest.raises(OSError, match="No space left"):
        build_site(prepared, today=dt.date(2026, 11, 25), site_dir=site)
    assert _files(site) == published
    staging = tmp_path / ".site-staging"
    assert not staging.exists() or not any(staging.iterdir())


def test_the_links_handed_over_are_the_links_the_files_carry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             deferrals: list[list[str]]) -> None:
    """The checks follow the links the generation hands over instead of reading the open data and
    the calendars back: they must be what reading them back finds (``checks.feed_urls``), file by
    file, and every such file must have its links handed over."""
    from generator.site.build import checks

    handed: dict[str, set[str]] = {}
    add = stage.SiteStage._add_deferred

    def spy(self: stage.SiteStage, made: tree.Deferred, folder: Path) -> None:
        handed.update(made.links)
        add(self, made, folder)

    monkeypatch.setattr(stage.SiteStage, "_add_deferred", spy)
    read_back: list[str] = []
    feed_urls = checks.feed_urls

    def reading(relative: str, raw: bytes) -> set[str]:
        read_back.append(relative)
        return feed_urls(relative, raw)

    monkeypatch.setattr(checks, "feed_urls", reading)
    forked_map = stage.forked_map

    def here(*args: Any, **kwargs: Any) -> Any:  # the checks in this process, where the spy sees them
        return forked_map(*args, **{**kwargs, "parallel": False})

    monkeypatch.setattr(stage, "forked_map", here)
    prepared = prepare(REPO / "content")
    site = tmp_path / "site"
    build_site(prepared, today=TODAY, site_dir=site)
    [moved] = deferrals
    feeds = sorted(name for name in moved if checks.is_feed(name))
    assert "data/schedule.json" in feeds and "calendar/all.ics" in feeds
    assert sorted(handed) == feeds
    monkeypatch.setattr(checks, "feed_urls", feed_urls)
    assert "feed.xml" in read_back  # the spy sees what is read back
    assert not set(read_back) & set(feeds), read_back
    for name in feeds:
        assert handed[name] == checks.feed_urls(name, (site / name).read_bytes()), name
    assert any("#" in url for url in handed["calendar/all.ics"])  # each session's place on its page


def test_a_dead_link_in_a_file_generated_beside_mkdocs_stops_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deferrals: list[list[str]]) -> None:
    """A session's address that leads nowhere, in the open data and the calendars generated beside
    MkDocs, is refused as if they had been read back."""
    from generator.errors import OutputError
    from generator.site.parts.data import SiteData

    url = SiteData.session_url

    def astray(self: SiteData, session: object) -> str | None:
        found = url(self, session)  # type: ignore[arg-type]
        return found.replace("/schedule/", "/nowhere/", 1) if found else found

    monkeypatch.setattr(SiteData, "session_url", astray)
    prepared = prepare(REPO / "content")
    with pytest.raises(OutputError) as refused:
        build_site(prepared, today=TODAY, site_dir=tmp_path / "site")
    message = str(refused.value)
    assert "data/schedule.json: 链接指向不存在的地址" in message and "/nowhere/" in message
    assert "calendar/all.ics: 链接指向不存在的地址" in message
    assert not (tmp_path / "site").exists() or not list((tmp_path / "site").glob("*.html"))


def test_the_source_tree_is_removed_while_the_checks_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rendered tree's source goes while the forked workers read the pages, not after the
    checks: by the time the checks' results are taken, it is gone."""
    prepared = prepare(REPO / "content")
    seen: list[bool] = []
    forked_map = stage.forked_map

    def here(*args: Any, **kwargs: Any) -> Any:  # the workers' results are taken after ``meanwhile``
        with forked_map(*args, **{**kwargs, "parallel": False}) as results:
            yield (seen.append(site.source.exists()) or result for result in results)

    monkeypatch.setattr(stage, "forked_map", contextlib.contextmanager(here))
    with stage.SiteStage(prepared, today=TODAY, site_dir=tmp_path / "site") as site:
        site.write_tree()
        site.render()
        assert site.source.is_dir() and any(site.source.rglob("*.md"))
        site.check()
        assert seen and not any(seen)
        assert not site.source.exists()
        site.publish()
    assert (tmp_path / "site/index.html").is_file()


def test_file_sizes_are_every_file_as_a_walk_finds_them(tmp_path: Path) -> None:
    """The files the checks read: links to files count, links to folders are not followed,
    broken links are nothing (as ``os.walk`` with ``Path.is_file`` found them)."""
    site = tmp_path / "site"
    (site / "a/b").mkdir(parents=True)
    (site / "index.html").write_text("首页", encoding="utf-8")
    (site / "a/b/c.ics").write_bytes(b"x" * 7)
    (site / "a/link.html").symlink_to(site / "index.html")
    (site / "a/folder").symlink_to(site / "a/b", target_is_directory=True)
    (site / "a/broken.html").symlink_to(site / "nowhere.html")
    sizes = stage._file_sizes(site)
    assert sizes == {"index.html": len("首页".encode()), "a/b/c.ics": 7, "a/link.html": len("首页".encode())}
