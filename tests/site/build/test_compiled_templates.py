"""The theme's templates compiled while MkDocs' process waits make the same pages as
templates compiled by the build, and are compiled again when their source or the
environment's settings differ."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.site.build import compiled_templates
from generator.site.build.compiled_templates import CompiledTemplates
from generator.site.build.stage import run_mkdocs

PAGES = {
    "index.md": "# 首页\n\n欢迎。\n",
    "leaders/a.md": "---\ntitle: 丁英平（镇长）\nhide: [navigation]\n---\n\n# 丁英平\n\n## 近期\n\n正文\n",
    "notices/n.md": "# 通知 & 公告\n\n| 时间 | 地点 |\n|---|---|\n| 6月1日 | 大厅 |\n",
}


def _site(tmp_path: Path, name: str) -> dict[str, bytes]:
    folder = tmp_path / name
    for path, text in PAGES.items():
        (folder / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / path).write_text(text, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: 示例\nsite_url: https://example.org/\ntheme:\n  name: material\n  language: zh\n"
        "  features: [navigation.tabs]\nplugins: [search]\n", encoding="utf-8")
    run_mkdocs(folder / "mkdocs.yml", folder / "site")
    return {p.relative_to(folder / "site").as_posix(): p.read_bytes()
            for p in sorted((folder / "site").rglob("*")) if p.suffix in (".html", ".json", ".xml")}


def test_the_pages_are_the_same_with_the_templates_compiled_beforehand(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        compiled.append(str(name))
        return compile_(self, source, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    monkeypatch.setattr(compiled_templates, "COMPILED", CompiledTemplates())
    plain = _site(tmp_path, "plain")  # nothing compiled beforehand: the build compiles them
    assert "base.html" in compiled and "partials/header.html" in compiled
    compiled.clear()
    compiled_templates.warm()
    assert {"base.html", "partials/header.html", "partials/languages/zh.html"} <= set(compiled)
    compiled.clear()
    warmed = _site(tmp_path, "warmed")
    assert warmed == plain and len(plain) > len(PAGES)
    assert "base.html" not in compiled and "partials/header.html" not in compiled  # loaded, not compiled
    assert "丁英平（镇长）" in warmed["leaders/a/index.html"].decode()


def test_a_changed_template_or_other_settings_are_compiled_again(tmp_path: Path) -> None:
    cache = CompiledTemplates()
    (tmp_path / "page.html").write_text("{% if true %}\n甲{% endif %}", encoding="utf-8")

    def render(**settings: bool) -> str:
        environment = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache, **settings)
        return environment.get_template("page.html").render()

    assert render() == "\n甲"
    assert render(trim_blocks=True) == "甲"  # not the other environment's code
    assert render() == "\n甲" and len(cache) == 2
    (tmp_path / "page.html").write_text("{% if true %}\n乙{% endif %}", encoding="utf-8")
    assert render() == "\n乙"  # the source changed: compiled again


def test_nothing_compiled_leaves_mkdocs_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    monkeypatch.setattr(compiled_templates, "COMPILED", CompiledTemplates())
    make = object()
    settings = SimpleNamespace(theme=SimpleNamespace(get_env=make))
    compiled_templates.use(settings)
    assert settings.theme.get_env is make
    compiled_templates.warm("no-such-theme")  # not installed: nothing compiled, no error
    assert len(compiled_templates.COMPILED) == 0
