"""``xinfang serve``: an edit under content/ regenerates the page the browser shows."""

from __future__ import annotations

import inspect
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import child_env, edit


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _get(url)
        if page and text in page:
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_editing_content_regenerates_the_served_page(content_copy) -> None:  # type: ignore[no-untyped-def]
    root: Path = content_copy("sample")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(root), "--address", f"127.0.0.1:{port}",
         "--today", "2026-11-24"],
        cwd=Path.cwd(), env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/leaders/zhou-mingyuan/"
        assert _wait_for(url, "周明远"), "the server did not come up"
        page = _get(url) or ""
        # MkDocs injects its live-reload script inline; the preview's CSP must let it run
        assert "<script>" in page and "livereload(" in page
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
        assert csp and "script-src 'self' 'unsafe-inline'" in csp.group(1)
        edit(root / "leaders.yaml", "    title: 市长\n", "    title: 市长（兼任测试职务）\n")
        assert _wait_for(url, "市长（兼任测试职务）"), "the page was not regenerated"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_dirty_rebuilds_keep_the_search_index_whole_and_current(tmp_path: Path) -> None:
    """The search plugin's own merge drops every entry when the home page (address "") is
    rebuilt first, and keeps the stale entries of every rebuilt page but the first."""
    import importlib.util
    from types import SimpleNamespace

    from generator.site.build.leak_page import SEARCH_HOOKS_FILE

    spec = importlib.util.spec_from_file_location("serve_search_under_test", SEARCH_HOOKS_FILE)
    assert spec and spec.loader
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)

    def entry(location: str, text: str) -> dict[str, str]:
        return {"location": location, "text": text}

    previous = SimpleNamespace(entries=[entry("", "旧首页"), entry("a/", "甲"), entry("b/", "旧乙"),
                                        entry("b/#x", "旧乙的一节")])
    current = SimpleNamespace(entries=[entry("", "新首页"), entry("b/", "新乙")])
    search = SimpleNamespace(search_index_prev=previous, search_index=current)
    (tmp_path / "search").mkdir()  # an earlier build's index is there: this is no whole build

    class Config(dict):  # type: ignore[type-arg]
        """What the hooks read of MkDocs' config: ``config["site_dir"]`` and ``config.plugins``."""

    settings = Config(site_dir=str(tmp_path))
    settings.plugins = {"material/search": search}  # type: ignore[attr-defined]
    hooks.on_pre_build(settings)
    for url in ("", "b/"):
        hooks.on_page_context({}, SimpleNamespace(url=url))
    hooks.on_post_build(settings)
    assert [e["text"] for e in search.search_index.entries] == ["甲", "新首页", "新乙"]
    assert search.search_index_prev is None  # the plugin writes the merged index as it is


def test_mkdocs_dirty_build_warning_is_not_shown_to_the_clerk_but_other_warnings_are(
        capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from mkdocs.commands import build as mkdocs_build

    from generator.site.build import serve as serve_module

    logger = logging.getLogger("mkdocs.commands.build")
    handler = logging.StreamHandler()
    logger.addHandler(handler)
    logger.addFilter(serve_module._quiet_dirty)
    try:
        # the message as MkDocs itself logs it, read from its source so a rewording shows here
        source = inspect.getsource(mkdocs_build)
        assert "A 'dirty' build is being performed" in source
        logger.warning("A 'dirty' build is being performed, this will likely lead to inaccurate navigation and other"
                       " links within your site. This option is designed for site development purposes only.")
        logger.warning("Doc file 'x.md' contains a link 'y.md', but the target is not found among documentation files.")
    finally:
        logger.removeFilter(serve_module._quiet_dirty)
        logger.removeHandler(handler)
    err = capsys.readouterr().err
    assert "dirty" not in err
    assert "Doc file 'x.md' contains a link" in err
