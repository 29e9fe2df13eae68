"""``xinfang bundle``: the zip that opens from files.  Built from the minimal fixture and
read back: one folder named as the zip, every page link naming a file, search as a script,
the usage note; the checks refuse a folder link; a failed bundle leaves nothing."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from lxml import html as lhtml

from generator.cli import main
from generator.errors import OutputError
from generator.pipeline import Pipeline
from generator.site.build import bundle, checks
from generator.site.parts.placement import links_to_files, rel
from tests.conftest import FIXTURES, REPO

TODAY = dt.date(2026, 9, 2)


@contextmanager
def _repo() -> Iterator[None]:
    cwd = Path.cwd()
    os.chdir(REPO)  # the root mkdocs.yml, as for a user
    try:
        yield
    finally:
        os.chdir(cwd)


@pytest.fixture
def in_repo() -> Iterator[None]:
    with _repo():
        yield


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("bundle")
    pipeline = Pipeline(FIXTURES / "minimal", today=TODAY, letters_dir=tmp_path / "letters")
    output = tmp_path / "out" / "测试市信访局网站.zip"
    with _repo():
        report = pipeline.bundle(output)
    assert report.output == output.resolve() and report.pages > 10
    assert [p.name for p in output.parent.iterdir()] == [output.name]  # no scratch left beside it
    with zipfile.ZipFile(output) as archive:
        names = archive.namelist()
        assert {n.split("/")[0] for n in names} == {"测试市信访局网站"}
        archive.extractall(tmp_path / "share")
    return tmp_path / "share" / "测试市信访局网站"


def test_url_switch_writes_file_links_inside_the_block_only() -> None:
    assert rel("leaders/x.md", "topics/y.md") == "../../topics/y/"
    with links_to_files():
        assert rel("leaders/x.md", "topics/y.md") == "../topics/y.html"
        assert rel("index.md", "schedule/2026-12/index.md") == "schedule/2026-12/index.html"
        assert rel("schedule/week.md", "index.md") == "../index.html"
        assert rel("embed/week/index.html", "assets/x.css") == "../../assets/x.css"
    assert rel("index.md", "schedule/2026-12/index.md") == "schedule/2026-12/"


def test_every_link_of_every_page_names_a_file_that_exists(unpacked: Path) -> None:
    pages = list(unpacked.rglob("*.html"))
    assert len(pages) > 10
    checked = 0
    for page in pages:
        tree = lhtml.fromstring(page.read_bytes())
        for url in tree.xpath("//a/@href | //link[@rel='stylesheet']/@href | //script/@src"):
            if url.startswith(("#", "http:", "https:", "mailto:", "tel:", "data:", "webcal:")):
                continue
            path = url.split("#")[0].split("?")[0]
            target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), path)))
            assert target.is_file(), (page.relative_to(unpacked), url)
            checked += 1
    assert checked > 500
    schedule = (unpacked / "schedule" / "2026-09" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../leaders/wang-b.html"' in schedule  # a raw-HTML link of the session table


def test_search_works_from_files_and_nothing_is_fetched_from_outside(unpacked: Path) -> None:
    index = (unpacked / "search" / "search_index.js").read_text(encoding="utf-8")
    assert index.startswith("var __index = {")
    home = lhtml.fromstring((unpacked / "index.html").read_bytes())
    assert "assets/xinfang-file-worker.js" in home.xpath("//head/script/@src")
    assert not checks.find_external_assets(unpacked)
    note = (unpacked / bundle.README_NAME).read_text(encoding="utf-8")
    assert "测试市信访局网站（离线副本）" in note and "2026-09-02" in note and "index.html" in note


def test_dead_link_check_for_files_refuses_a_folder_link(tmp_path: Path) -> None:
    (tmp_path / "leaders").mkdir()
    (tmp_path / "leaders" / "index.html").write_text("<p id=a>x</p>", encoding="utf-8")
    (tmp_path / "notices").mkdir()
    (tmp_path / "notices" / "n1.html").write_text("<p>n</p>", encoding="utf-8")
    (tmp_path / "index.html").write_text('<a href="leaders/">领导</a><a href="leaders/index.html#a">领导</a>',
                                         encoding="utf-8")
    (tmp_path / "feed.xml").write_text("<rss><channel><link>https://x.gov.cn/xf/notices/n1/</link>"
                                       "</channel></rss>", encoding="utf-8")
    # on a server the folder link is fine, and the feed's address needs notices/n1/index.html
    assert [f.file for f in checks.find_dead_links(tmp_path, "https://x.gov.cn/xf/")] == ["feed.xml"]
    found = checks.find_dead_links(tmp_path, "https://x.gov.cn/xf/", for_files=True)
    assert [(f.file, "文件夹" in f.message) for f in found] == [("index.html", True)]


def test_a_failed_check_leaves_no_zip_and_no_scratch(tmp_path: Path, in_repo: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "check_output", lambda *a, **k: ["index.html: 链接指向不存在的地址 x"])
    pipeline = Pipeline(FIXTURES / "minimal", today=TODAY, letters_dir=tmp_path / "letters")
    output = tmp_path / "out" / "site.zip"
    with pytest.raises(OutputError, match=r"没有生成 site\.zip"):
        pipeline.bundle(output)
    assert list(output.parent.iterdir()) == []


@pytest.fixture
def numbered_letters_without_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A working folder whose letters/ holds numbered letters the content has no register for, as
    a checkout has after the README's first command: the content check refuses it (exit 1), so a
    misuse must be refused before that check to be told as misuse (exit 2)."""
    work = tmp_path / "work"
    (work / "letters").mkdir(parents=True)
    (work / "letters" / "2026-0001-acceptance.docx").write_bytes(b"PK")
    monkeypatch.chdir(work)


@pytest.mark.parametrize("name", ["网站.txt", "content/网站.zip"])
@pytest.mark.parametrize("place", ["in_repo", "numbered_letters_without_register"])
def test_bundle_refuses_a_wrong_place_or_kind(tmp_path: Path, place: str, name: str,
                                               request: pytest.FixtureRequest,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    request.getfixturevalue(place)
    content = FIXTURES / "minimal"
    target = tmp_path / name if not name.startswith("content/") else content / name.split("/", 1)[1]
    code = main(["bundle", "--content", str(content), "-o", str(target), "--today", "2026-09-02"])
    assert code == 2 and not target.exists()
    assert capsys.readouterr().err.strip()


@pytest.mark.parametrize("place", ["in_repo", "numbered_letters_without_register"])
def test_bundle_with_zensical_is_refused_with_the_reason(tmp_path: Path, place: str,
                                                        request: pytest.FixtureRequest,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    request.getfixturevalue(place)
    output = tmp_path / "副本.zip"
    code = main(["bundle", "--content", str(FIXTURES / "minimal"), "--today", TODAY.isoformat(),
                 "-o", str(output), "--engine", "zensical"])
    err = capsys.readouterr().err
    assert code == 2 and "不能搜索" in err and "--engine properdocs" in err and "Traceback" not in err
    assert not output.exists() and not [p for p in tmp_path.iterdir() if p.name != "work"]
