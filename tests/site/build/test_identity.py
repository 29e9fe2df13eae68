"""The office's identity comes from office.yaml alone: name, <title>, header, footer,
QR codes, feed and calendar links, sitemap; a sub-path site_url builds and every link
in it resolves; sample leftovers in a real office are warned about."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from icalendar import Calendar

from generator.errors import ContentError
from generator.pipeline import prepare
from generator.site.build import checks
from generator.site.build.identity import identity_warnings
from tests.conftest import REPO, edit
from tests.site.conftest import Built, build_sample
from tests.site.fragments import fragment_links

NAME = "青石县信访局"  # a fictional county office
URL = "https://www.qingshi.test/xf/"  # .test is reserved for testing (RFC 2606)


def renamed_sample(folder: Path, *, url: str = URL) -> Path:
    """The sample's content as a county office that changed its name and address only."""
    content = folder / "content"
    shutil.copytree(REPO / "content", content)
    office = content / "office.yaml"
    edit(office, "id: shili-xfj", "id: qingshi-xfj")
    edit(office, "name: 示例市信访局", f"name: {NAME}")
    edit(office, "site_url: https://xf.example.gov.cn/", f"site_url: {url}")
    return content


class _Texts(HTMLParser):
    """The <title>, the header's site name and the footer's text of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.title = ""
        self.header = ""
        self.footer = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        # the document's <title> only: an inline SVG (the QR code) has its own
        marker = ("title" if tag == "title" and not self.title else "header" if "md-header__topic" in classes
                  else "footer" if "xf-gov-footer" in classes else "")
        if tag not in ("br", "img", "input", "link", "meta", "hr"):
            self.stack.append(marker)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in ("br", "img", "input", "link", "meta", "hr"):
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for marker in ("title", "header", "footer"):
            if marker in self.stack:
                setattr(self, marker, getattr(self, marker) + data)


def _texts(path: Path) -> _Texts:
    parser = _Texts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("county")
    return build_sample(folder / "site", dt.date(2026, 11, 24), renamed_sample(folder))


def test_every_page_names_the_office_from_office_yaml(county: Built) -> None:
    pages = sorted(county.site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        texts = _texts(path)
        assert texts.title.strip().endswith(NAME), (path, texts.title)
        assert "示例市信访局" not in texts.title + texts.header + texts.footer, path
        parts = path.relative_to(county.site).parts
        if parts[0] == "embed" and len(parts) > 2:
            # a portal widget: no theme, the office named at its foot
            assert f'<span class="xf-e-built">{NAME} · ' in path.read_text(encoding="utf-8"), path
            continue
        if path == county.site / "index.html":
            assert texts.title.strip() == NAME  # not "青石县信访局 - 青石县信访局"
        if path.name != "404.html":
            assert NAME in texts.header, (path, texts.header)
            assert f"{NAME} 版权所有" in texts.footer, (path, texts.footer)


def test_addresses_come_from_site_url(county: Built) -> None:
    sitemap = ElementTree.parse(county.site / "sitemap.xml").getroot()
    locations = [e.text or "" for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(loc.startswith(URL) for loc in locations)
    feed = ElementTree.parse(county.site / "feed.xml").getroot()
    assert all((e.text or "").startswith(URL) for e in feed.iter("link"))
    assert feed.findtext("channel/title", "").startswith(NAME)
    calendar = Calendar.from_ical((county.site / "calendar/all.ics").read_bytes())
    # sessions link to their row on the schedule; a suspension's all-day event has no row
    urls = [str(e.get("url")) for e in calendar.walk("VEVENT") if "暂停" not in str(e.get("summary"))]
    assert urls and all(u.startswith(URL + "schedule/") for u in urls)
    assert all(str(e.get("url")).startswith(URL) for e in calendar.walk("VEVENT") if e.get("url"))
    assert str(calendar.get("x-wr-calname")).startswith(NAME)
    # the printed week's QR code caption is the address the code encodes
    week = (county.site / "schedule/week/index.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="xf-url">' + re.escape(URL + "schedule/week/") + "</span>", week)
    assert "example" not in (county.site / "index.html").read_text(encoding="utf-8").split("<footer")[0] \
        .split('class="md-content"')[1].split("</article>")[0].replace("xinfang@example.gov.cn", "")


def test_a_site_under_a_sub_path_has_no_dead_link(county: Built) -> None:
    """404.html is served for any missing URL, so its links are absolute (/xf/...)."""
    page404 = (county.site / "404.html").read_text(encoding="utf-8")
    assert 'href="/xf/' in page404
    assert checks.find_dead_links(county.site, URL) == []
    links = fragment_links(county.site, URL)
    assert not links.dead, links.dead[:10]
    assert links.checked.get("ics", 0) > 10


def test_sample_leftovers_in_a_real_office_are_warned_about(tmp_path: Path) -> None:
    content = renamed_sample(tmp_path, url="https://xf.example.gov.cn/")
    warnings = identity_warnings(prepare(content).content, {})
    text = "\n".join(warnings)
    assert "site_url（https://xf.example.gov.cn/）" in text
    assert "host（示例市人民政府办公室）" in text and "email（xinfang@example.gov.cn）" in text
    assert "units.yaml" in text and "shili（示例市）" in text
    # the sample itself is the sample
    assert identity_warnings(prepare(REPO / "content").content, {}) == []


def test_mkdocs_yml_naming_the_office_is_warned_about_and_ignored(tmp_path: Path) -> None:
    content = prepare(REPO / "content").content
    warnings = identity_warnings(content, {"site_name": "旧名称", "copyright": "旧版权", "theme": {}})
    assert len(warnings) == 1 and "site_name、copyright" in warnings[0] and "office.yaml" in warnings[0]


def test_the_sample_mkdocs_yml_keeps_only_the_look() -> None:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^(site_name|site_url|copyright):", text, re.MULTILINE)
    assert "示例" not in text and "example" not in text


@pytest.mark.parametrize("value", ["www.qingshi.test/xf/", "ftp://x.test/", "https://x.test/?a=1", "https://"])
def test_a_site_url_that_is_not_an_address_is_a_content_error(
        value: str, content_copy: Callable[[str], Path]) -> None:
    content = content_copy("sample")
    edit(content / "office.yaml", "site_url: https://xf.example.gov.cn/", f"site_url: {value}")
    with pytest.raises(ContentError) as error:
        prepare(content)
    message = "\n".join(str(p) for p in error.value.problems)
    assert re.search(r"office\.yaml:\d+:.*site_url.*不是网站地址", message), message


def test_a_site_url_without_the_final_slash_gets_one(content_copy: Callable[[str], Path]) -> None:
    content = content_copy("sample")
    edit(content / "office.yaml", "site_url: https://xf.example.gov.cn/", "site_url: https://www.qingshi.test/xf")
    assert prepare(content).content.office.site_url == "https://www.qingshi.test/xf/"
