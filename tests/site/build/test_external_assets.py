"""The "loads nothing from outside" check reads parsed HTML and CSS: every form a page or
stylesheet can make the browser fetch from another host is found, and links are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.build import checks

LOADS = [
    "<script src=https://cdn.example.com/x.js></script>",
    '<img src="//cdn.example.com/x.png">',
    '<object data="https://cdn.example.com/x.swf"></object>',
    '<video poster="https://cdn.example.com/p.jpg"></video>',
    "<link rel=stylesheet href=https://cdn.example.com/x.css>",
    '<link rel="preload stylesheet" href="https://cdn.example.com/x.css">',
    '<meta http-equiv="refresh" content="0; url=https://evil.example.com/">',
    '<input type="image" src="https://cdn.example.com/b.png">',
    '<svg><image href="https://cdn.example.com/i.png"/></svg>',
    '<svg><image xlink:href="https://cdn.example.com/i.png"/></svg>',
    "<div style=\"background:url('https://cdn.example.com/bg.png')\">x</div>",
    '<img src="x.png" srcset="a.png 1x, https://cdn.example.com/b.png 2x">',
    '<picture><source srcset="https://cdn.example.com/a.webp"></picture>',
    "<style>@import 'https://cdn.example.com/a.css';</style>",
    "<style>body{background:url(https://cdn.example.com/bg.png)}</style>",
    '<iframe src="https://evil.example.com/"></iframe>',
    '<embed src="https://cdn.example.com/x.swf">',
    '<audio src="https://cdn.example.com/a.mp3"></audio>',
    '<video><track src="https://cdn.example.com/t.vtt"></video>',
    '<img src="https:cdn.example.com/x.png">',
    "<img src='\\\\cdn.example.com/x.png'>",
    '<img src=" \t//cdn.example.com/x.png">',
    '<table background="https://cdn.example.com/t.png"></table>',
    '<base href="https://evil.example.com/">',
    '<iframe srcdoc="<img src=https://cdn.example.com/x.png>"></iframe>',
    '<SCRIPT SRC="HTTPS://CDN.EXAMPLE.COM/X.JS"></SCRIPT>',
]

CSS_LOADS = [
    "@import url(https://cdn.example.com/a.css);",
    '@import "//cdn.example.com/a.css";',
    "body{background:url( 'https://cdn.example.com/a.png' )}",
    "@font-face{font-family:x;src:url(https://fonts.example.com/x.woff2) format('woff2')}",
    "a{background-image:image-set('https://cdn.example.com/a.png' 1x)}",
    "a{background:URL(//cdn.example.com/a.png)}",
]

HARMLESS = [
    '<a href="https://www.gov.cn/">国务院</a>',
    '<link rel="canonical" href="https://xf.example.gov.cn/">',
    '<link rel="alternate" type="application/rss+xml" href="https://xf.example.gov.cn/feed.xml">',
    '<img src="../assets/x.png" srcset="a.png 1x, ../b.png 2x">',
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    '<script type="application/ld+json">{"@context":"https://schema.org","url":"https://x.example/"}</script>',
    "<p>见 https://www.gov.cn/ 和 url(https://x.example/)</p>",
    '<div style="color:red">x</div>',
    '<form action="https://www.example.gov.cn/search"></form>',
]


@pytest.mark.parametrize("markup", LOADS)
def test_each_html_form_of_an_outside_load_is_found(tmp_path: Path, markup: str) -> None:
    (tmp_path / "index.html").write_text(f"<!doctype html><html><body>{markup}</body></html>", encoding="utf-8")
    found = checks.find_external_assets(tmp_path)
    assert [f.file for f in found] == ["index.html"], markup


@pytest.mark.parametrize("css", CSS_LOADS)
def test_each_css_form_of_an_outside_load_is_found(tmp_path: Path, css: str) -> None:
    (tmp_path / "x.css").write_text(css, encoding="utf-8")
    assert [f.file for f in checks.find_external_assets(tmp_path)] == ["x.css"], css


@pytest.mark.parametrize("markup", HARMLESS)
def test_links_and_local_assets_are_not_loads(tmp_path: Path, markup: str) -> None:
    (tmp_path / "index.html").write_text(f"<!doctype html><html><body>{markup}</body></html>", encoding="utf-8")
    assert checks.find_external_assets(tmp_path) == [], markup


def test_the_finding_names_the_url(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<img src=//cdn.example.com/x.png>", encoding="utf-8")
    (finding,) = checks.find_external_assets(tmp_path)
    assert "//cdn.example.com/x.png" in finding.message
