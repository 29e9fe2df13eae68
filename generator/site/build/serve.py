"""``xinfang serve``: MkDocs' live-reload server on the generated tree, plus a watcher
that regenerates the tree when anything under content/ changes.

MkDocs already rebuilds and reloads the browser when the tree changes, so the
watcher only has to rewrite the pages whose text changed."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ...errors import explain
from ...prepared import Prepared
from ..parts.data import SiteData
from .leak_page import GUARD, hooks_with_guard
from .tree import write_tree

POLL_SECONDS = 1.0


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    return {p: p.stat().st_mtime for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()}


def _regenerate(load: Callable[[], Prepared], today: Callable[[], dt.date], work: Path, config: Path) -> Path:
    prepared = load()
    GUARD.prepared = prepared  # the scan after MkDocs' next rebuild looks for these cases' data
    data = SiteData(prepared, today(), prepared.content.office.site_url)
    tree = write_tree(data, work, config, preview=True)
    for warning in [*prepared.warnings, *tree.warnings]:
        print(f"警告：{warning}", file=sys.stderr)
    return tree.config


class Watcher:
    """Regenerates the tree when a watched file changes.  It must outlive every error (a
    broken YAML, a file deleted mid-read, a bug): the page keeps its last good version,
    the error is printed, and the next save is picked up."""

    def __init__(self, folders: list[Path], regenerate: Callable[[], object]) -> None:
        self.folders = folders
        self.regenerate = regenerate
        self.seen = self._snapshot()

    def _snapshot(self) -> dict[Path, float]:
        try:
            return _snapshot(self.folders)
        except OSError:  # a file removed between listing and stat: look again next time
            return {}

    def poll(self) -> bool:
        """Regenerate if anything changed since the last poll; True when it regenerated."""
        now = self._snapshot()
        if now == self.seen:
            return False
        self.seen = now
        try:
            self.regenerate()
        except Exception as exc:  # the watcher thread must never die
            failure = explain(exc)
            print("内容有错误，网页保持上一次的版本：", file=sys.stderr)
            for line in failure.lines:
                print(f"  {line}", file=sys.stderr)
            return False
        print("内容已更新，页面正在重新生成……", file=sys.stderr)
        return True


def serve(*, load: Callable[[], Prepared], content_dir: Path, cases_dir: Path | None, today: Callable[[], dt.date],
          address: str, root_config: Path = Path("mkdocs.yml")) -> int:
    """Serve the site of what ``load`` prepares (the pipeline's checked model) as of
    ``today()``, reloading it whenever a file under ``content_dir`` or ``cases_dir`` changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    work = Path(tempfile.mkdtemp(prefix="xinfang-serve-"))
    config = _regenerate(load, today, work, root_config)
    watched = [content_dir, *([cases_dir] if cases_dir else [])]

    watcher = Watcher(watched, lambda: _regenerate(load, today, work, root_config))

    def watch() -> None:
        while True:
            time.sleep(POLL_SECONDS)
            watcher.poll()

    threading.Thread(target=watch, daemon=True).start()
    # MkDocs serves the site at site_url's path (/xf/ for https://www.某县.gov.cn/xf/)
    site_path = urlsplit(str(yaml.safe_load(config.read_text(encoding="utf-8")).get("site_url") or "/")).path
    print(f"预览地址：http://{address}{site_path or '/'}  （修改 {content_dir}/ 下的文件后页面自动刷新；Ctrl+C 退出）")
    mkdocs_serve(config_file=str(config), livereload=True, dev_addr=address, hooks=hooks_with_guard(config))
    return 0
