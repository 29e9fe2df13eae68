"""The pages checked while MkDocs renders (``page_feed``): at city scale this process checks
each page as soon as MkDocs has written it.  What the build finds must be what the checks of
the finished site find: a page that carries private data is refused once, with its place, and
so is a page another plugin rewrites after it was told (and maybe checked) — at any timing."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.errors import OutputError
from generator.pipeline import Pipeline
from generator.site.build import stage, tree
from generator.site.build.page_feed import PageFeed
from tests.conftest import FIXTURES, REPO

TODAY = dt.date(2026, 9, 2)

# A site plugin of the office's own (MkDocs ``hooks:``): one writes a mobile number into the
# home page as MkDocs renders it, the other into the 404-free page ``about`` after the render,
# when the page has long been written and told.
_HOOK = '''
import pathlib

def on_post_page(output, page, config):
    if page.file.dest_uri == "index.html":
        return output.replace("</article>", "<p>联系 13912345678</p></article>", 1)
    return output

def on_post_build(config):
    page = pathlib.Path(config["site_dir"]) / "{late}"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", "<p>手机 13987654321</p></article>", 1), encoding="utf-8")
'''


# MkDocs taking its time over each page, as it does at city scale: a small site's render can
# otherwise be over (every page told at once) before this process, busy or not given a core
# on a loaded machine, looks at the first page
_SLOW = '''
import time

def on_post_page(output, page, config):
    time.sleep(0.02)
    return output
'''


def _project(tmp_path: Path, late: str | None, *, slow: bool = False) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    settings = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if late is not None:
        (project / "leak_hook.py").write_text(_HOOK.replace("{late}", late), encoding="utf-8")
        settings += "\nhooks:\n  - leak_hook.py\n"
    elif slow:
        (project / "slow_hook.py").write_text(_SLOW, encoding="utf-8")
        settings += "\nhooks:\n  - slow_hook.py\n"
    (project / "mkdocs.yml").write_text(settings, encoding="utf-8")
    return project


@pytest.fixture
def city_branch(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The city-scale path at small scale (MkDocs in its own process, the feed on); the pages
    this process checked during the render."""
    monkeypatch.setattr(tree, "PARALLEL_SESSIONS", 0)
    told: list[str] = []
    check = stage._Early.check

    def spy(self: stage._Early, relative: str) -> None:
        told.append(relative)
        check(self, relative)

    monkeypatch.setattr(stage._Early, "check", spy)
    return told


def _build(tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    monkeypatch.chdir(project)
    site = tmp_path / "site"
    Pipeline(content, today=TODAY, letters_dir=tmp_path / "letters").build(site)
    return site


def test_a_city_build_checks_pages_while_mkdocs_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        city_branch: list[str]) -> None:
    site = _build(tmp_path, _project(tmp_path, None, slow=True), monkeypatch)
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert city_branch, "no page was checked during the render"
    assert len(city_branch) == len(set(city_branch))  # each told once
    assert set(city_branch) <= pages and "index.html" in pages


@pytest.mark.parametrize("late", ["index.html", "policies/index.html"])
def test_private_data_in_a_page_is_refused_whenever_it_was_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, city_branch: list[str], late: str) -> None:
    project = _project(tmp_path, late)
    with pytest.raises(OutputError) as refused:
        _build(tmp_path, project, monkeypatch)
    lines = str(refused.value).splitlines()
    found = sorted(line.split(":")[0] for line in lines if "发现手机号" in line)
    # each number once, at its page, masked (a page told and checked before the rewrite is read again)
    assert found == sorted(["index.html", late]), lines
    assert not any("13912345678" in line or "13987654321" in line for line in lines)
    assert not (tmp_path / "site").exists()  # nothing published


def test_the_feed_ends_when_mkdocs_dies(tmp_path: Path) -> None:
    """MkDocs' process ending without its last word (a crash, a kill) ends the checks' wait."""
    import multiprocessing
    import os

    feed = PageFeed()
    child = multiprocessing.get_context("fork").Process(target=lambda: os._exit(3))
    child.start()
    feed.forked()
    seen: list[str] = []
    feed.checked(seen.append)  # returns, instead of waiting forever
    child.join()
    assert seen == [] and child.exitcode == 3


def test_a_page_changed_after_its_check_is_checked_again(tmp_path: Path) -> None:
    """The stamp rule without timing: a page rewritten after this process read it is not
    taken as checked, and its first findings are dropped (the checks read it again); the
    links of the pages kept are followed once every file is known."""
    from generator.privacy.scan import Scanner
    from generator.site.build.checks import LinkResolver

    site = tmp_path / "site"
    site.mkdir()
    pages = {
        "a.html": "<p>联系 13912345678</p>",
        "b.html": '<p><a href="c.html">无此页</a> <a href="d.html#x">无此处</a> <a href="d.html#y">有</a></p>',
        "d.html": '<h2 id="y">有</h2>',
    }
    for name, text in pages.items():
        (site / name).write_text(text, encoding="utf-8")
    early = stage._Early((site, Scanner([], [], []), frozenset()))
    for name in [*pages, "gone.html"]:  # gone.html: told but never written, left to the checks
        early.check(name)
    assert [leak.file for leak in early.found.leaks] == ["a.html"]
    (site / "a.html").write_text("<p>已改，无号码，长度也不同</p>", encoding="utf-8")
    checked = early.unchanged(site)
    found = early.done(LinkResolver(set(pages), set(pages)))
    assert checked == {"b.html", "d.html"}
    assert set(found.anchors) == {"b.html", "d.html"} and found.leaks == []
    dead = sorted(f"{f.file} {f.message}" for f in found.links)
    assert len(dead) == 2 and all(line.startswith("b.html ") for line in dead), dead
    assert any("c.html" in line for line in dead) and any("#x" in line for line in dead), dead
    assert not found.fragments


def test_a_city_build_that_stops_while_generating_leaves_no_mkdocs_process_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, city_branch: list[str]) -> None:
    """At city scale MkDocs' process is started before the tree is generated (it loads the
    search's dictionary meanwhile): a build that stops while generating stops it too, and
    publishes nothing."""
    started: list[str] = []
    background = stage.Background

    def recording(function: Any, *args: Any, **kwargs: Any) -> Any:
        started.append(function.__name__)
        return background(function, *args, **kwargs)

    def broken(*_: Any, **__: Any) -> Any:
        raise OutputError("生成中断")

    monkeypatch.setattr(stage, "Background", recording)
    monkeypatch.setattr(stage, "write_tree", broken)
    with pytest.raises(OutputError, match="生成中断"):
        _build(tmp_path, _project(tmp_path, None), monkeypatch)
    assert started == ["_render_when_told"]
    assert not multiprocessing.active_children()
    assert not list((tmp_path / "site").glob("*.html"))


def test_no_page_is_checked_while_held_and_mkdocs_never_waits_on_the_feed() -> None:
    """While other work has the core first (``hold``), the pages told are only gathered: the
    renderer, which tells more pages than a pipe holds, is never kept waiting; once the hold
    ends every page is checked, in the order told."""
    import multiprocessing
    import time

    pages = [f"page-{n:05}/with/a/long/enough/path/to/fill/the/pipe/index.html" for n in range(4000)]
    feed = PageFeed()
    told = feed.plugin

    def render() -> None:
        plugin = told()
        for name in pages:
            plugin._tell(name)
        plugin._tell("")  # what on_post_build sends at the end

    child = multiprocessing.get_context("fork").Process(target=render)
    child.start()
    feed.forked()
    checked: list[str] = []
    held_until = time.monotonic() + 0.5
    checked_while_held: list[str] = []

    def hold() -> bool:
        return time.monotonic() < held_until

    def check(name: str) -> None:
        (checked_while_held if hold() else checked).append(name)

    rest = feed.checked(check, hold)
    child.join(timeout=10)
    assert child.exitcode == 0  # it told every page and ended: the pipe never stayed full
    assert checked_while_held == []
    # what arrived during the hold is checked after it; the rest is handed back, for the
    # checks after the render: every page once, in the order told
    assert checked + list(rest) == pages


def _recording(monkeypatch: pytest.MonkeyPatch, events: list[str]) -> None:
    """Each process the stage forks, and the letters' check of the cases, in ``events``."""
    background = stage.Background
    from generator.letters import requirements

    by_case = requirements.problems_by_case

    def recording(function: Any, *args: Any, **kwargs: Any) -> Any:
        events.append(getattr(function, "__name__", "") or function.func.__name__)  # a partial: its function's
        return background(function, *args, **kwargs)

    def checking(*args: Any, **kwargs: Any) -> Any:
        events.append("cases checked")
        return by_case(*args, **kwargs)

    monkeypatch.setattr(stage, "Background", recording)
    monkeypatch.setattr(requirements, "problems_by_case", checking)


def test_a_city_build_starts_mkdocs_while_the_cases_are_still_being_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, city_branch: list[str]) -> None:
    """MkDocs' process loads jieba on the core the load of the content leaves idle: it is
    forked once the schedule is expanded, before the cases are checked, and it is the one that
    renders (no second one is started)."""
    events: list[str] = []
    _recording(monkeypatch, events)
    site = _build(tmp_path, _project(tmp_path, None), monkeypatch)
    assert events.index("_render_when_told") < events.index("cases checked"), events
    assert events.count("_render_when_told") == 1, events
    assert (site / "index.html").is_file() and city_branch
    assert not multiprocessing.active_children()


def test_a_city_build_refused_by_the_check_of_its_cases_leaves_no_mkdocs_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, city_branch: list[str]) -> None:
    events: list[str] = []
    _recording(monkeypatch, events)
    from generator.letters import requirements

    def refused(*_: Any, **__: Any) -> Any:
        events.append("cases checked")
        raise OutputError("案件检查未通过")

    monkeypatch.setattr(requirements, "problems_by_case", refused)
    with pytest.raises(OutputError, match="案件检查未通过"):
        _build(tmp_path, _project(tmp_path, None), monkeypatch)
    assert events == ["_render_when_told", "cases checked"]
    assert not multiprocessing.active_children()
    assert not (tmp_path / "site").exists()


def test_a_small_build_renders_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    _recording(monkeypatch, events)
    site = _build(tmp_path, _project(tmp_path, None), monkeypatch)
    assert "_render_when_told" not in events and "cases checked" in events, events
    assert (site / "index.html").is_file()
