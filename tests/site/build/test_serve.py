"""``xinfang serve``: an edit under content/ regenerates the page the browser shows."""

from __future__ import annotations

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
