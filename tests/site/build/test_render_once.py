"""The menus rendered once per build must give every page exactly the HTML rendering them on
that page gives: the same bytes with and without the hooks, each link relative to its page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest

from generator.site.build import render_once

PAGES = {
    "index.md": "# 首页\n",
    "leaders/index.md": "# 接访领导\n",
    "leaders/a.md": "# 甲\n\n## 小节\n",
    "leaders/b.md": "---\ntitle: 乙（副区长）\n---\n\n# 乙\n",
    "leaders/more/c.md": "---\ntitle: ''\nhide: [toc]\n---\n\n# 丙\n",
    "cases/x.md": "# 案例：欠薪 &amp; 讨薪\n",
    "cases/y.md": "---\ntitle: 3\n---\n\n正文\n",
    "policies/index.md": "# 政策\n",
    "policies/p1.md": "# 第一号\n",
    "policies/p2.md": "# 第二号\n",
}
NAV = """nav:
  - 首页: index.md
  - 接访领导: leaders/index.md
  - 政策:
      - policies/index.md
      - 第一号: policies/p1.md
      - 第二号: policies/p2.md
"""


def _site(tmp_path: Path, name: str, *, hooks: bool, overrides: dict[str, str] | None = None) -> dict[str, bytes]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    folder = tmp_path / name
    for path, text in PAGES.items():
        (folder / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / path).write_text(text, encoding="utf-8")
    theme = "theme:\n  name: material\n  language: zh\n  features: [navigation.tabs]\n"
    if overrides:
        (folder / "overrides" / "partials").mkdir(parents=True)
        for partial, text in overrides.items():
            (folder / "overrides" / "partials" / partial).write_text(text, encoding="utf-8")
        theme += "  custom_dir: overrides\n"
    (folder / "mkdocs.yml").write_text(
        "site_name: 示例\nsite_url: https://example.org/\n" + theme + NAV
        + (f"hooks: [{Path(render_once.__file__).resolve()}]\n" if hooks else ""), encoding="utf-8")
    build(load_config(config_file=str(folder / "mkdocs.yml"), site_dir=str(folder / "site")))
    return {p.relative_to(folder / "site").as_posix(): p.read_bytes()
            for p in sorted((folder / "site").rglob("*.html"))}


def test_every_page_is_the_same_with_the_menus_rendered_once(tmp_path: Path) -> None:
    plain, once = _site(tmp_path, "plain", hooks=False), _site(tmp_path, "once", hooks=True)
    assert plain.keys() == once.keys() and len(plain) >= len(PAGES)
    for path in plain:
        assert once[path] == plain[path], path
    # each link is the page's own: the menu's 接访领导 seen from a leader's page and from a case
    leader, case = (once[p].decode() for p in ("leaders/a/index.html", "cases/x/index.html"))
    tabs = re.compile(r'<li class="md-tabs__item[^"]*">\s*<a href="([^"]+)" class="md-tabs__link">\s*接访领导')
    assert [m.group(1) for m in tabs.finditer(leader)] == ["../"]
    assert [m.group(1) for m in tabs.finditer(case)] == ["../../leaders/"]
    # the open section differs from page to page: 政策 is open on a policy's page only
    # the header shows each page's own title: its front matter's, else its heading
    topic = re.compile(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)
    assert [m.group(1) for m in topic.finditer(once["leaders/b/index.html"].decode())] == ["乙（副区长）"]
    assert [m.group(1) for m in topic.finditer(case)] == ["案例：欠薪 &amp; 讨薪"]
    active = re.compile(r'<li class="md-tabs__item md-tabs__item--active">\s*<a href="([^"]+)"')
    assert [m.group(1) for m in active.finditer(once["policies/p1/index.html"].decode())] == ["../"]
    assert not active.search(leader) and not active.search(case)


def test_partials_and_words_that_depend_on_the_page_are_made_for_every_page(tmp_path: Path) -> None:
    """A theme whose partial reads more of the page than its links and title (here the search
    box shows its file), or whose words depend on the page (here each word is the page's
    title), is noticed on the second page, and every page still gets its own."""
    overrides = {
        "search.html": '<div class="md-search">{{ page.file.src_uri if page }} '
                       '<a href="{{ \'leaders/\' | url }}">领导</a></div>\n',
        "language.html": "{% macro t(key) %}{{ page.title if page else key }}{% endmacro %}\n",
    }
    plain = _site(tmp_path, "plain", hooks=False, overrides=overrides)
    once = _site(tmp_path, "once", hooks=True, overrides=overrides)
    assert once == plain
    for path, search, title in (
            ("leaders/more/c/index.html", 'leaders/more/c.md <a href="../../">', ""),
            ("cases/x/index.html", 'cases/x.md <a href="../../leaders/">', "案例：欠薪 &amp; 讨薪")):
        assert f'<div class="md-search">{search}领导</a></div>' in once[path].decode()
        assert f'<nav class="md-tabs" aria-label="{title}"' in once[path].decode()


class _Counted:
    """A partial's render function that counts its renderings."""

    def __init__(self, render: Any) -> None:
        self.render, self.calls = render, 0

    def __call__(self, context: Any) -> Iterator[str]:
        self.calls += 1
        return self.render(context)  # type: ignore[no-any-return]


@pytest.mark.parametrize("same_section", [True, False])
def test_the_menu_is_rendered_once_per_state_not_per_page(same_section: bool) -> None:
    """Twenty pages outside the menu at one depth: the menu is rendered for the first (and
    once more to check it), then only its links are filled in."""
    from mkdocs.utils.templates import url_filter

    env = jinja2.Environment(loader=jinja2.DictLoader({
        "partials/nav.html": '{% for item in nav.items %}<a href="{{ item.url | url }}"'
                             '{% if item.active %} class="on"{% endif %}>{{ item.title }}</a>{% endfor %}',
    }))
    env.filters["url"] = url_filter
    template = env.get_template("partials/nav.html")
    counted = _Counted(template.root_render_func)
    template.root_render_func = counted
    render_once.on_env(env)
    items = [SimpleNamespace(url="", title="首页", active=False),
             SimpleNamespace(url="leaders/", title="领导", active=False)]
    nav = SimpleNamespace(items=items, pages=list(items))
    for number in range(20):
        url = f"leaders/p{number}/" if same_section else f"s{number}/p/"
        html = env.get_template("partials/nav.html").render(nav=nav, base_url="../..",
                                                            page=SimpleNamespace(url=url, title="页", meta={}))
        expected = '<a href="../..">首页</a><a href="../">领导</a>' if same_section else \
            '<a href="../..">首页</a><a href="../../leaders/">领导</a>'
        assert html == expected
    assert counted.calls == 3  # recorded, checked on that page, checked on the next
    items[1].active = True  # a page of the open section: another state, rendered for it
    html = env.get_template("partials/nav.html").render(nav=nav, base_url="../..",
                                                        page=SimpleNamespace(url="x/y/", title="页", meta={}))
    assert html == '<a href="../..">首页</a><a href="../../leaders/" class="on">领导</a>' and counted.calls == 5


KINDS = {
    # one kind: the same headings under different first headings, titles and descriptions
    **{f"leaders/k{n}.md": f"---\ntitle: 领导{n}\ndescription: 第{n}位\n---\n\n# 领导{n}\n\n## 近期接访\n\n正文{n}\n"
       for n in range(6)},
    # hostile titles and descriptions: markup, quotes, entities, runs of spaces; a page with no <h1>
    "leaders/h1.md": "---\ntitle: '<b>粗</b> & \"引\"'\ndescription: \"a'b\"\n---\n\n# 甲\n\n## 近期接访\n",
    "leaders/h2.md": "---\ntitle: '两  个   空格'\n---\n\n# 乙\n\n## 近期接访\n",
    "leaders/h3.md": "---\ntitle: 没有大标题\n---\n\n正文，没有标题\n",
    "leaders/h4.md": "---\ntitle: 另一页\n---\n\n# 丁\n\n## 别的小节\n\n### 更深\n",
    "leaders/h5.md": "---\ntitle: 藏目录\nhide: [toc]\n---\n\n# 戊\n\n## 近期接访\n",
}


def test_whole_pages_of_one_kind_are_the_pages_rendered_one_by_one(tmp_path: Path) -> None:
    """Pages outside the menu of one kind (the same headings under their first, the same front
    matter keys) get their whole page filled in from one rendering: each its own title,
    description, content, table of contents and links, exactly as rendering it gives; a page
    whose title is markup, or whose headings differ, is not taken for one of the kind."""
    PAGES.update(KINDS)
    try:
        plain, once = _site(tmp_path, "plain", hooks=False), _site(tmp_path, "once", hooks=True)
    finally:
        for path in KINDS:
            del PAGES[path]
    assert plain.keys() == once.keys()
    for path in plain:
        assert once[path] == plain[path], path
    page = once["leaders/k4/index.html"].decode()
    assert "<title>领导4 - 示例</title>" in page and '<meta name="description" content="第4位">' in page
    assert '<link rel="canonical" href="https://example.org/leaders/k4/">' in page and "正文4" in page
    assert "正文3" not in page and "领导3" not in page
    hostile = once["leaders/h1/index.html"].decode()
    # material writes the front matter's title as it is (not escaped): its own, not a kind's
    assert '<title><b>粗</b> & "引" - 示例</title>' in hostile and "<title>两  个   空格 - 示例</title>" in \
        once["leaders/h2/index.html"].decode()


def test_other_versions_render_every_page_as_usual(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With MkDocs or Jinja of a version the whole pages were not checked with, the hooks
    leave every whole page to Jinja (the menus are still rendered once): the same pages."""
    import importlib.metadata

    kind = {path: text for path, text in KINDS.items() if path.startswith("leaders/k")}
    PAGES.update(kind)
    try:
        once = _site(tmp_path, "once", hooks=True)
        real = importlib.metadata.version
        monkeypatch.setattr(importlib.metadata, "version",
                            lambda name: "0.0" if name.lower() in ("mkdocs", "jinja2") else real(name))
        assert not render_once._whole_pages()
        usual = _site(tmp_path, "usual", hooks=True)
        plain = _site(tmp_path, "plain", hooks=False)
    finally:
        for path in kind:
            del PAGES[path]
    assert usual == once == plain
