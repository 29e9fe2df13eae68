"""Site-wide guarantees: nothing loaded from outside, small pages, Chinese search,
and a failed build leaves the published site as it was."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from generator.errors import OutputError
from generator.site.build import checks
from tests.site.conftest import Built, build_sample

EXTERNAL_REF = re.compile(
    r"""(?:src|href)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//""",
    re.IGNORECASE,
)


def test_no_page_style_or_script_loads_anything_from_outside(built: Built) -> None:
    offenders = []
    for path in built.site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in EXTERNAL_REF.finditer(text):
            snippet = text[match.start(): match.start() + 120]
            # explicit links in content (<a href>) and rel=canonical name a URL, they load nothing
            before = text[max(0, match.start() - 200): match.start()]
            if path.suffix == ".html" and re.search(r"<a\s[^>]*$|<link\s[^>]*rel=\"(?:canonical|alternate)\"[^>]*$",
                                                    before):
                continue
            if path.suffix == ".js" and "src" not in snippet[:4] and "url(" not in snippet[:4]:
                continue
            offenders.append(f"{path.relative_to(built.site)}: {snippet}")
    assert not offenders, "\n".join(offenders[:10])
    assert checks.find_external_assets(built.site) == []


def test_external_asset_check_catches_a_cdn(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="canonical" href="https://xf.example.gov.cn/"><a href="https://www.gov.cn/">国务院</a>',
        encoding="utf-8")
    (tmp_path / "x.css").write_text("body{background:url(//cdn.example.com/a.png)}", encoding="utf-8")
    found = checks.find_external_assets(tmp_path)
    assert sorted(f.file for f in found) == ["index.html", "x.css"]


def test_pages_and_search_index_stay_within_budget(built: Built) -> None:
    sizes = {p: p.stat().st_size for p in built.site.rglob("*.html")}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] <= 100 * 1024, f"{largest} is {sizes[largest]} bytes"
    assert (built.site / "search/search_index.json").stat().st_size <= 1024 * 1024


def test_search_index_finds_topics_by_keyword_and_leaders_by_name(built: Built) -> None:
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    separator = re.compile(index["config"]["separator"])

    def pages_with(word: str) -> set[str]:
        return {d["location"].split("#")[0] for d in docs
                if word in separator.split(d["title"] + " " + d["text"])}

    content = built.prepared.content
    for word in ("欠薪", "社保"):
        topic = next(t for t in content.topics.values() if word in t.keywords)
        assert f"topics/{topic.id}/" in pages_with(word), word
    leader = next(iter(content.leaders.values()))
    assert f"leaders/{leader.id}/" in pages_with(leader.name)
    assert not any(d["location"].startswith("schedule/") for d in docs)


def test_html_has_chinese_language_and_a_skip_link(built: Built) -> None:
    page = built.page("/")
    assert re.search(r'<html lang="zh', page)
    assert 'class="md-skip"' in page


def test_failed_build_leaves_the_previous_site(content_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = content_copy("sample")
    site = tmp_path / "site"
    build_sample(site, dt.date(2026, 11, 24), root)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    notice = root / "notices/2026-10-online-platform.md"  # published before the build date
    # (a <script> in a body no longer fails the build: the sanitiser removes it and warns)
    broken = "\n详见[已删除的政策](../policies/no-such-policy.md)。\n"
    notice.write_text(notice.read_text(encoding="utf-8") + broken, encoding="utf-8")
    with pytest.raises(OutputError, match="不存在"):
        build_sample(site, dt.date(2026, 11, 24), root)
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]
