"""The dead-link check follows a relative link from the folder its leading ``../`` go up to
(one lookup for the menus' links of every page at one depth): what each link resolves to,
and every problem reported, must be exactly what following it from its own page gives."""

from __future__ import annotations

import itertools

import pytest

from generator.site.build import checks

FILES = {"index.html", "topics/index.html", "topics/housing/index.html", "leaders/a/index.html",
         "leaders/b/index.html", "data/schedule.csv", "x:y", "leaders/x:y", "a.html", "leaders.html"}
FOLDERS = ["", "topics", "leaders/a", "topics/housing", "a/b/c"]
ADDRESSES = [
    "../", "../../", "../../../", "../../../../", "../index.html", "../../topics/", "../../topics",
    "../../leaders/b/", "../../leaders/c/", "../../data/schedule.csv", "..//x", "..//leaders/b/", "../?q=1",
    "../../?q", "../x:y", "../../x:y", "../%2e%2e/", "../%2E%2E/topics/", "../..", "../../..", "..",
    "../.././topics/", "../a/../b/", "../;x", "../ topics/", "../%20", "../../leaders.html", "../../a",
    "../\u3000", "../../index.html?x#y", "./../", "x/../../",
]


@pytest.mark.parametrize("for_files", [False, True])
def test_following_from_above_finds_what_following_from_the_page_finds(for_files: bool) -> None:
    pages = {name for name in FILES if name.endswith(".html")}
    direct = checks.LinkResolver(FILES, pages, "https://xf.example.gov.cn/", for_files=for_files)
    for folder, address in itertools.product(FOLDERS, ADDRESSES):
        above = checks._from_above(folder, address)
        assert direct._resolve_uncached(*above) == direct._resolve_uncached(folder, address), (folder, address)


def test_the_menus_links_from_pages_at_one_depth_are_one_lookup() -> None:
    assert checks._from_above("leaders/a", "../../topics/") == checks._from_above("topics/housing", "../../topics/")
    assert checks._from_above("leaders/a", "../../../x") == ("leaders/a", "../../../x")  # above the site: as written
    assert checks._from_above("leaders/a", "topics/") == ("leaders/a", "topics/")


def test_follow_reports_the_same_problems_with_the_link_as_written(tmp_path: object) -> None:
    pages = {name for name in FILES if name.endswith(".html")}
    resolver = checks.LinkResolver(FILES, pages, "https://xf.example.gov.cn/")
    found = resolver.follow("leaders/a/index.html", {"../../leaders/c/", "../../../x", "../../topics/#here"})
    messages = sorted(str(f.message) for f in found if isinstance(f, checks.Finding))
    assert messages == ["链接指向不存在的地址 ../../../x", "链接指向不存在的地址 ../../leaders/c/"]
    [fragment] = [f for f in found if isinstance(f, checks.Fragment)]
    assert (fragment.target, fragment.fragment, fragment.url) == ("topics/index.html", "here", "../../topics/#here")


@pytest.mark.parametrize("for_files", [False, True])
def test_follow_finds_what_resolving_each_link_whole_from_its_page_finds(
        for_files: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # follow reads each distinct link once and counts the folders above each page once: its
    # findings must be those of resolving every link, fragment and all, from the page's folder
    pages = {name for name in FILES if name.endswith(".html")}
    links = {address + tail for address in [*ADDRESSES, "", "#", "/topics/", "https://xf.example.gov.cn/leaders/b/"]
             for tail in ("", "#x", "#%E4%B8%AD", "?q#y")}
    sources = [f"{folder}/index.html".lstrip("/") for folder in FOLDERS] + ["feed.xml", "calendar/x.ics"]
    quick = {source: checks.LinkResolver(FILES, pages, "https://xf.example.gov.cn/", for_files=for_files)
             .follow(source, links) for source in sources}
    planned = checks._plan
    monkeypatch.setattr(checks, "_plan", lambda url: None if planned(url) is None else ())
    for source in sources:
        whole = checks.LinkResolver(FILES, pages, "https://xf.example.gov.cn/", for_files=for_files)
        assert quick[source] == whole.follow(source, links), source
    assert any(isinstance(f, checks.Fragment) for f in quick["leaders/a/index.html"])
    assert any(isinstance(f, checks.Finding) for f in quick["leaders/a/index.html"])
