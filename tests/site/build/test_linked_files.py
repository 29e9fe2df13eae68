"""A city build links the tree's unchanged files into the site instead of copying them
(``linked_files``): the same files as MkDocs' copy, and only the tree's own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.site.build.linked_files import LinkedFiles


def _site(root: Path, linked: bool) -> Path:
    docs = root / "docs"
    (docs / "data").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n\n[数据](data/open.csv)\n", encoding="utf-8")
    (docs / "data" / "open.csv").write_text("日期,领导\n2026-06-01,示例\n", encoding="utf-8")
    (docs / "feed.xml").write_bytes(b"<rss/>")
    (docs / "draft.csv").write_text("不发布\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: t\ntheme: mkdocs\nplugins: []\nexclude_docs: draft.csv\n",
                                     encoding="utf-8")
    settings = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    if linked:
        settings.plugins["xinfang/linked-files"] = LinkedFiles()
    build(settings)
    return root / "site"


def test_the_tree_s_files_are_linked_into_the_site_and_nothing_else_is(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the theme writes the build's time
    copied, linked = _site(tmp_path / "copied", False), _site(tmp_path / "linked", True)
    files = sorted(p.relative_to(copied).as_posix() for p in copied.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(linked).as_posix() for p in linked.rglob("*") if p.is_file())
    assert "draft.csv" not in files  # excluded from the site: neither copied nor linked
    for name in files:
        assert (linked / name).read_bytes() == (copied / name).read_bytes(), name
    docs = tmp_path / "linked" / "docs"
    assert os.path.samefile(linked / "data" / "open.csv", docs / "data" / "open.csv")
    assert os.path.samefile(linked / "feed.xml", docs / "feed.xml")
    # the theme's own files come from the installed package: copied, never linked
    theme = [p for p in linked.rglob("*.css")]
    assert theme and all(p.stat().st_nlink == 1 for p in theme)
    assert (linked / "index.html").stat().st_nlink == 1
