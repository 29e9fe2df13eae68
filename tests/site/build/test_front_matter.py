"""A page's front matter read without PyYAML gives the values PyYAML gives, and the built
pages (titles, hidden menus, search boost) are the same bytes with and without the hooks."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.site.build import front_matter
from generator.site.build.front_matter import read_front_matter
from generator.site.parts.html import front_matter as write_front_matter

HOSTILE = ("示例市信访局", 'a "quoted" title', "back\\slash\\\\", "<script>alert(1)</script> & co",
           "line\nbreak", "tab\there", "\u2028\u2029\x85", "\x00\x07\x1b\x7f", "emoji 🙂 \U0001F600",
           "  spaced  ", "---", "...", "key: value", "# not a comment", "'single'", "null", "yes",
           "\\u4e00", "\ufeff", "true", "3", "")
"""Titles an office might write, and hostile ones."""


def _yaml(block: str) -> Any:
    return yaml.load(block, yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader)


def _block(text: str) -> str:
    """The lines between the front matter's ``---`` lines."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    return "\n".join(lines[1:end]) + "\n"


@pytest.mark.parametrize("title", HOSTILE)
def test_the_front_matter_xinfang_writes_reads_as_pyyaml_reads_it(title: str) -> None:
    for written in (write_front_matter(title), write_front_matter(title, hide=("navigation", "toc"), boost=3),
                    write_front_matter(title, description=title, tags=(title, "欠薪", " 工资 "), search=False),
                    write_front_matter(title, hide=("navigation",), boost=2.5)):
        block = _block(written)
        assert read_front_matter(block) == _yaml(block), written


def test_what_is_read_is_what_a_page_means() -> None:
    block = _block(write_front_matter('丁英平"（镇长）\\', hide=("navigation",), boost=3))
    assert read_front_matter(block) == {"title": '丁英平&quot;（镇长）\\', "hide": ["navigation"],
                                        "search": {"boost": 3}}
    assert read_front_matter('title: "a"\nsearch:\n  exclude: true\n  boost: 0.5\n') == \
        {"title": "a", "search": {"exclude": True, "boost": 0.5}}


LEFT_TO_YAML = (
    "title: plain text with spaces\n", "title: 'single'\n", "title: \"a\" # comment\n", "title: \"a\"  \n",
    "title: yes\n", "title: null\n", "on: 1\n", "title: 07\n", "title: 1e3\n", "hide:\n", "hide:\ntitle: \"a\"\n",
    "hide:\n  - navigation\n  toc: 1\n", "search:\n  boost: 1\n  - x\n", "title: \"a\"\ntitle: \"b\"\n",
    "search:\n  boost: 1\n  boost: 2\n", "  - x\n", "title: \"a\"\n  - x\n", "\n", "title: \"\\n\"\n",
    "title: \"\\x41\"\n", "Title: \"a\"\n", "title: True\n", "title: \"tab\there\"\n", "hide:\n    - deeper\n",
    "title: \"\u2028\"\n", "list: [a, b]\n", "title: >\n  folded\n", "title: \"a\"\n\n", "date: 2026-06-01\n",
)


@pytest.mark.parametrize("block", LEFT_TO_YAML)
def test_anything_else_is_left_to_pyyaml(block: str) -> None:
    assert read_front_matter(block) is None


def test_random_front_matters_read_as_pyyaml_reads_them() -> None:
    """Front matters made of plain lines in any order (indented ones too): each one read here
    is what PyYAML reads."""
    rng = random.Random(24)
    pieces = ('title: "示例"', 'title: "a\\"b\\\\c\\u00e9"', "description: \"\"", "hide:", "  - navigation",
              "  - toc", "search:", "  boost: 3", "  boost: 2.5", "  exclude: true", "  exclude: false",
              "tags:", '  - "欠薪"', "  - word", "count: 0", "count: 10", "ratio: 00.5", "  - 7")
    read = 0
    for _ in range(3000):
        block = "".join(rng.choice(pieces) + "\n" for _ in range(rng.randint(1, 8)))
        mine = read_front_matter(block)
        if mine is None:
            continue
        read += 1
        assert mine == _yaml(block), block
    assert read >= 200


PAGES = {
    "index.md": write_front_matter("示例市信访局", description="领导接访 & 反映问题", hide=("navigation", "toc"),
                                   search=False) + "# 首页\n\n欢迎。\n",
    "leaders/a.md": write_front_matter('丁英平（镇长）"', hide=("navigation",), boost=3)
    + "# 丁英平\n\n## 近期\n\n正文\n",
    "topics/wage.md": write_front_matter("拖欠工资", tags=("欠薪", "工资"), boost=2.5) + "# 拖欠工资\n\n说明。\n",
    "notices/n1.md": "---\ntitle: 停电通知\ndate: 2026-06-01\n---\n\n# 停电\n\n正文\n",  # an office's own: YAML's
    "notices/n2.md": '---\ntitle: "通知"\n---\n\nauthor: 这一行像 MultiMarkdown 的元数据\n\n正文\n',
    "notices/n3.md": '---\ntitle: "空格开头"\n---\n\n   \n正文\n',
    "notices/n4.md": '---\r\ntitle: "回车"\r\n---\r\n\r\n# 回车\r\n',
    "notices/n5.md": '---\ntitle: "只有前言"\n---\n',
    "notices/n6.md": "# 没有前言\n\n正文\n",
}


def _site(tmp_path: Path, name: str, *, hooks: bool) -> dict[str, bytes]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    folder = tmp_path / name
    for path, text in PAGES.items():
        (folder / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / path).write_bytes(text.encode("utf-8"))
    hook_files = [str(Path(front_matter.__file__).resolve())] if hooks else []
    (folder / "mkdocs.yml").write_text(
        "site_name: 示例\ntheme:\n  name: material\n  language: zh\nplugins: [search]\n"
        f"hooks: {json.dumps(hook_files)}\n", encoding="utf-8")
    build(load_config(config_file=str(folder / "mkdocs.yml"), site_dir=str(folder / "site")))
    return {p.relative_to(folder / "site").as_posix(): p.read_bytes()
            for p in sorted((folder / "site").rglob("*")) if p.suffix in (".html", ".json")}


def test_the_pages_are_the_same_with_the_front_matter_read_here(tmp_path: Path) -> None:
    assert all(read_front_matter(_block(PAGES[page])) for page in ("index.md", "leaders/a.md", "topics/wage.md"))
    plain, quick = _site(tmp_path, "plain", hooks=False), _site(tmp_path, "quick", hooks=True)
    assert quick.keys() == plain.keys() and len(plain) > len(PAGES)
    for path in plain:
        assert quick[path] == plain[path], path
    leader = quick["leaders/a/index.html"].decode()
    assert re.search(r"<title>丁英平（镇长）&quot; - 示例</title>", leader)
    assert re.search(r'<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar" '
                     r'data-md-type="navigation" hidden>', leader)
    docs = json.loads(quick["search/search_index.json"])["docs"]
    boosts = {doc["location"]: doc.get("boost") for doc in docs}
    assert boosts["leaders/a/"] == 3 and boosts["topics/wage/"] == 2.5
    assert not any(location == "" for location in boosts)  # the home page is left out of search
    assert [doc["tags"] for doc in docs if doc["location"] == "topics/wage/"] == [["欠薪", "工资"]]
    assert "<title>停电通知 - 示例</title>" in quick["notices/n1/index.html"].decode()
