"""A built page is read the way a browser reads it (HTML5 parsing): what a hostile string in a
page could make the browser fetch from another host is found, and the links and anchors the
dead-link check reads are the ones a browser follows.  Each expected value is written out
here from the HTML standard's rules, not taken from the code's output."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.build import checks

EVIL = "//evil.example.com/x.png"


def page(tmp_path: Path, body: str | bytes) -> checks.Page:
    raw = body if isinstance(body, bytes) else body.encode("utf-8")
    path = tmp_path / "index.html"
    path.write_bytes(raw)
    return checks.read_page(path)


# markup -> the outside URLs a browser (scripting off: the stricter reading) would fetch
FETCHED = [
    # attributes unquoted, upper-case, or after a slash
    (f"<IMG SRC={EVIL}>", [EVIL]),
    (f"<img/src={EVIL}>", [EVIL]),
    (f"<ImG sRc='{EVIL}' ALT=x>", [EVIL]),
    # SVG: the xlink namespace, and the mixed-case tag feImage written in any case
    (f"<svg><image xlink:href={EVIL}></svg>", [EVIL]),
    (f"<svg><IMAGE XLINK:HREF={EVIL} /></svg>", [EVIL]),
    (f"<SVG><feImage HREF={EVIL} /></SVG>", [EVIL]),
    (f"<svg><filter><FEIMAGE xlink:href={EVIL} /></filter></svg>", [EVIL]),
    (f"<svg><use href={EVIL} /></svg>", [EVIL]),
    (f"<svg><style>g{{background:url({EVIL})}}</style></svg>", [EVIL]),
    (f"<svg><foreignObject><img src={EVIL}></foreignObject></svg>", [EVIL]),
    (f"<math><mi><img src={EVIL}></mi></math>", [EVIL]),
    # an HTML tag inside <svg> leaves it: the <img> is an HTML image again
    (f"<svg><p><img src={EVIL}></svg>", [EVIL]),
    # <noscript>: parsed as markup by a browser with scripting off, which fetches the image
    (f"<noscript><img src={EVIL}></noscript>", [EVIL]),
    (f"<html><head><noscript><img src={EVIL}></noscript></head><body></body></html>", [EVIL]),
    # <template>: inert in a document, but shown at once as a declarative shadow root, and
    # any script may clone it: its loads count
    (f"<template><img src={EVIL}></template>", [EVIL]),
    (f"<template shadowrootmode=open><img src={EVIL}></template>", [EVIL]),
    (f"<template><div><template><link rel=stylesheet href={EVIL}></template></div></template>", [EVIL]),
    # a frame's own document
    (f'<iframe srcdoc="<img src={EVIL}>"></iframe>', [EVIL]),
    (f"<iframe srcdoc='&lt;svg&gt;&lt;image href={EVIL}&gt;'></iframe>", [EVIL]),
    (f"<iframe srcdoc='<template><img src={EVIL}></template>'></iframe>", [EVIL]),
    # what every other URL of the page resolves against, and a redirect
    ("<base href=//evil.example.com/>", ["//evil.example.com/"]),
    (f"<meta http-equiv=Refresh content='0; URL={EVIL}'>", [EVIL]),
    (f"<META HTTP-EQUIV=REFRESH CONTENT=\"5;url='{EVIL}'\">", [EVIL]),
    (f'<link rel=" StyleSheet " href={EVIL}>', [EVIL]),
    (f'<link rel="ICON" href={EVIL}>', [EVIL]),
    # CSS in a style attribute, even on a link, and in a <style>
    (f"<div style='background:url({EVIL})'>x</div>", [EVIL]),
    (f"<a href=../x/ style=\"background:URL('{EVIL}')\">x</a>", [EVIL]),
    (f"<style>@import '{EVIL}';</style>", [EVIL]),
    # a <table>'s stray content is moved in front of it, still a fetched image
    (f"<table><img src={EVIL}></table>", [EVIL]),
    # the first of two same-named attributes is the one a browser keeps
    (f"<img src={EVIL} src=a.png>", [EVIL]),
    # none of these fetches anything
    (f"<!-- <img src={EVIL}> -->", []),
    (f"<!--[if IE]><link rel=stylesheet href={EVIL}><![endif]-->", []),
    (f"<textarea><img src={EVIL}></textarea>", []),
    (f"<title><img src={EVIL}></title>", []),
    (f"<img src=a.png src={EVIL}>", []),
    (f"<a href={EVIL}>x</a>", []),
    (f"<link rel=canonical href={EVIL}>", []),
    (f"<p>url({EVIL})</p>", []),
    # in SVG a CDATA section is text (libxml2 read the <img> in it as an image)
    (f"<svg><![CDATA[</svg><img src={EVIL}>]]></svg>", []),
    # once the body has text, a <frameset> and its frames are dropped (see the frameset page below)
    (f"<frameset><frame src={EVIL}></frameset>", []),
]


@pytest.mark.parametrize(("markup", "fetched"), FETCHED)
def test_what_a_browser_would_fetch_from_outside_is_found(tmp_path: Path, markup: str, fetched: list[str]) -> None:
    assert page(tmp_path, f"<!doctype html><html><body><p>前文</p>{markup}<p>后文</p></body></html>").external \
        == fetched, markup


def test_a_frameset_page_loads_its_frames(tmp_path: Path) -> None:
    found = page(tmp_path, f"<!doctype html><html><head></head><frameset><frame src={EVIL}><frame src=a.html>"
                           "</frameset></html>")
    assert found.external == [EVIL]
    assert found.links == {EVIL, "a.html"}


def test_loads_are_reported_in_document_order(tmp_path: Path) -> None:
    found = page(tmp_path, "<link rel=stylesheet href=//a.example/1.css><body>"
                           "<div style='background:url(//a.example/2)'><img src=//a.example/3>"
                           "<svg><image href=//a.example/4 /></svg></div>"
                           "<style>b{background:url(//a.example/5)}</style>"
                           "<template><img src=//a.example/6></template>")
    assert found.external == [f"//a.example/{n}" for n in ("1.css", "2", "3", "4", "5", "6")]


def test_a_nul_byte_does_not_end_the_page(tmp_path: Path) -> None:
    # the HTML standard drops a NUL in text and makes it U+FFFD in an attribute; the rest of
    # the page is read on
    found = page(tmp_path, f"<p>\x00</p><p id='a\x00b'>x</p><img src={EVIL}><a href=../y/>y</a>".encode())
    assert found.external == [EVIL]
    assert found.links == {"../y/", EVIL}  # a src is a link too: its file must exist
    assert found.anchors == {"a\ufffdb"}


def test_bytes_that_are_not_utf8_are_read_as_replacement_characters(tmp_path: Path) -> None:
    raw = b"<p>\xff\xfe\xc3(</p><p id=\"x\xffy\">z</p><img src=" + EVIL.encode() + b"><a href=\"../\xe4\xb8/\">w</a>"
    found = page(tmp_path, raw)
    assert found.external == [EVIL]
    assert found.anchors == {"x\ufffdy"}
    assert found.links == {"../\ufffd/", EVIL}


@pytest.mark.parametrize("blank", ["", " ", "\n\t \r\n", "\u3000\n", "\x0c"])
def test_a_page_of_only_white_space_has_nothing(tmp_path: Path, blank: str) -> None:
    found = page(tmp_path, blank)
    assert (found.links, found.anchors, found.external) == (set(), set(), [])


def test_an_enormous_attribute_hides_nothing_after_it(tmp_path: Path) -> None:
    huge = "x" * (12 * 1024 * 1024)  # above libxml2's 10 MB limit for one text without its huge option
    found = page(tmp_path, f"<div title='{huge}' id=big>a</div><img data-x='{huge}' src={EVIL}><a href=../z/>z</a>")
    assert found.external == [EVIL]
    assert found.anchors == {"big"}
    assert found.links == {"../z/", EVIL}


@pytest.mark.parametrize("depth", [300, 3000])
def test_what_follows_deep_nesting_is_read(tmp_path: Path, depth: int) -> None:
    # a browser reads on however deep the elements nest (libxml2 stopped past 256 levels and
    # read nothing after them)
    found = page(tmp_path, "<div>" * depth + f"<img src={EVIL} id=deep><a href=../d/>d</a>")
    assert found.external == [EVIL]
    assert found.anchors == {"deep"}
    assert found.links == {EVIL, "../d/"}


def test_templates_nested_thousands_deep_are_read(tmp_path: Path) -> None:
    assert page(tmp_path, "<template>" * 3000 + f"<img src={EVIL}>").external == [EVIL]


def test_links_and_anchors_are_read_from_any_spelling(tmp_path: Path) -> None:
    found = page(tmp_path, "<A HREF=../a/ ID=Top>a</A><a name=n2 href=' ../b/#x '>b</a><div NAME=no-anchor id=''>"
                           "<img SRC=../i.png></div><p id>p</p><svg><a xlink:href=../svg/>s</a></svg>"
                           "<script type=application/ld+json>{\"@type\":\"Event\",\"url\":\"../ld/\"}</script>"
                           "<script type=APPLICATION/LD+JSON>{\"url\":\"../not-ld/\"}</script>")
    assert found.anchors == {"Top", "n2"}
    assert found.links == {"../a/", "../b/#x", "../i.png", "../ld/"}


def test_an_id_inside_a_template_is_no_anchor_but_its_links_are_checked(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        "<a href='#inside'>x</a><template><p id=inside>t</p><a href=missing/>m</a></template>", encoding="utf-8")
    found = sorted(f.message for f in checks.find_dead_links(tmp_path))
    # a browser's #inside finds no element: a template's content is not part of the document
    assert found == ["链接 #inside 指向的页面上没有“#inside”这个位置", "链接指向不存在的地址 missing/"]


def test_a_frame_document_is_checked_for_loads_only(tmp_path: Path) -> None:
    found = page(tmp_path, "<iframe srcdoc='<a href=../x/ id=f>x</a>'></iframe><p id=p>p</p>")
    assert (found.links, found.anchors, found.external) == (set(), {"p"}, [])
