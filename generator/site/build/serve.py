"""``xinfang serve``: MkDocs' live-reload server on the generated tree, plus a watcher
that regenerates the tree when anything under content/ changes.

The watcher is told of a save by the operating system (watchdog: inotify, FSEvents,
ReadDirectoryChangesW) instead of looking at every content file each second.  A save loads
the content again (the case files that did not change are not read again) and checks it
all as ``xinfang check`` does; then only the pages and files the change affects are
generated (``serve_changes``: a rule's sessions are on its leaders', topics' and months'
pages, ...), and written where their text changed.  MkDocs' preview server is told of them by
the operating system too, and only those pages are rendered, by the MkDocs objects of the
last whole build (``serve_site``); the privacy guard then scans what was written.  A change
every page shows (the office, the site's settings, a suspension banner) regenerates the whole
tree, and a removed page makes the next build a whole one."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ...atomic import private_folder
from ...errors import UsageError, explain
from ...parallel import Background
from ...prepared import Prepared
from ...privacy.scan import Scanner
from ..parts.data import SiteData
from .leak_page import GUARD, hooks_with_guard
from .serve_changes import affected, files_after_pages
from .serve_site import WarmSite
from .tree import write_files, write_tree

SETTLE_SECONDS = 0.2
"""After a change is reported, wait this long for the rest of one save (editors write a
file in several steps) before regenerating."""


def serve_address(text: str, public: bool) -> tuple[str, str | None]:
    """``--address``: ``host:port``, and the warning to give; a host other than this machine's
    loopback only with ``--public`` (the preview is built from unchecked content and shows the
    privacy guard's findings)."""
    import ipaddress

    host, _, port = text.strip().rpartition(":")
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not bare or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise UsageError(f"--address “{text}”应写成 主机:端口，如 127.0.0.1:8000（端口 1 至 65535）")
    try:
        loopback = bare == "localhost" or ipaddress.ip_address(bare).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not public:
        raise UsageError(f"--address {text} 会让本机以外的电脑也能打开预览（预览用的是未经发布检查的内容）；"
                         "只在本机预览请用 127.0.0.1:8000，确需对外请另加 --public")
    warning = None if loopback else f"预览对外开放（{text}）：同一网络中的任何人都能看到未发布的内容，用完请及时关闭"
    return text.strip(), warning


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    return {p: p.stat().st_mtime for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()}


class Preview:
    """The preview's tree and the site data it was last generated from: a save regenerates
    only the pages and files it affects (``serve_changes``), the whole tree when in doubt.
    The calendars and data files a save affects (``later``: all.ics and the open data are
    tens of megabytes at city scale) are written after the pages, by a forked process on the
    other core, so the changed pages are served without waiting for them; the next save
    stops that process if it is still at work and writes its files itself."""

    def __init__(self, load: Callable[[], Prepared], today: Callable[[], dt.date], work: Path,
                 config: Path) -> None:
        self.load, self.today, self.work, self.config = load, today, work, config
        self.data: SiteData | None = None
        """What the tree in ``work`` was generated from; None: nothing (yet), or a write that failed."""
        self._later: tuple[Background[tuple[SiteData, Path, Scanner | None], set[str], list[str]],
                           set[str]] | None = None

    def regenerate(self) -> Path:
        """Load the content (an error raises: the tree stays as it was) and write what changed."""
        prepared = self.load()
        GUARD.prepared = prepared  # the scan after MkDocs' next rebuild looks for these cases' data
        data = SiteData(prepared, self.today(), prepared.content.office.site_url)
        only = affected(self.data, data)
        if self.data is not None:
            data.reuse_bodies(self.data)
        unwritten = self.stop()
        self.data = None  # until the tree is whole again
        if only is None:
            tree = write_tree(data, self.work, self.config, preview=True)
        else:
            wanted = only
            later = {path for path in files_after_pages(data) if path in unwritten or wanted(path)}
            tree = write_tree(data, self.work, self.config, preview=True,
                              only=lambda path: wanted(path) and path not in later)
            if later:  # (checked on their values as they are written, with the scanner of the last scan
                # if the private values are still those: a new one is compiled by the next scan)
                self._later = (Background(_write_later, (data, self.work, GUARD.current()), later), later)
                if not self._later[0].running:  # one core: nothing was forked, write them now
                    self.finish()
        self.data = data
        if tree.settings_changed or tree.removed:
            # every page shows the settings (a suspension banner); a removed page would stay
            GUARD.whole_build = True
        for warning in [*prepared.warnings, *tree.warnings]:
            print(f"警告：{warning}", file=sys.stderr)
        return tree.config

    def finish(self) -> set[str]:
        """Wait until the whole schedule's files of the last save are written; those that were not."""
        return self.stop(wait=True)

    def stop(self, *, wait: bool = False) -> set[str]:
        """Stop writing the whole schedule's files of the last save; those it may not have written."""
        if self._later is None:
            return set()
        later, self._later = self._later, None
        work, paths = later
        if work.running and not wait:
            work.__exit__()
            return set(paths)
        try:
            work.result()
        except RuntimeError as exc:  # the next save writes them; the preview goes on
            print(f"数据文件未能更新：{exc}", file=sys.stderr)
            return set(paths)
        return set()


def _write_later(job: tuple[SiteData, Path, Scanner | None], paths: set[str]) -> list[str]:
    data, work, scanner = job
    if hasattr(os, "nice"):  # the save's pages, rendered meanwhile, come first
        os.nice(10)
    return write_files(data, work, paths.__contains__, scanner)


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
        return self.refresh()

    def refresh(self) -> bool:
        """Regenerate now; True when it worked."""
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


def watch(folders: list[Path], changed: Callable[[], object]) -> Callable[[], None]:
    """Call ``changed`` (in a thread of its own) after each burst of changes under
    ``folders``, as the operating system reports them; returns a function that stops it."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    pending = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type not in ("opened", "closed_no_write"):  # reads change nothing
                pending.set()

    def work() -> None:
        while True:
            pending.wait()
            while pending.is_set():  # let one save finish (editors write in several steps)
                pending.clear()
                pending.wait(SETTLE_SECONDS)
            changed()

    observer = Observer()
    for folder in folders:
        if folder.exists():
            observer.schedule(Handler(), str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    threading.Thread(target=work, daemon=True).start()
    return observer.stop


def serve(*, load: Callable[[], Prepared], content_dir: Path, cases_dir: Path | None, today: Callable[[], dt.date],
          address: str, root_config: Path = Path("mkdocs.yml")) -> int:
    """Serve the site of what ``load`` prepares (the pipeline's checked model) as of
    ``today()``, reloading it whenever a file under ``content_dir`` or ``cases_dir`` changes."""
    # the preview's tree holds unchecked content: 0700, in a folder of this user's only,
    # removed however serve stops (Ctrl+C, a kill, an error)
    user = f"xinfang-{os.getuid()}" if hasattr(os, "getuid") else "xinfang"
    work = Path(tempfile.mkdtemp(prefix="serve-", dir=private_folder(Path(tempfile.gettempdir()), user)))
    stop: Callable[[], None] = lambda: None  # noqa: E731
    preview: Preview | None = None
    previous = signal.signal(signal.SIGTERM, _interrupt) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        preview = Preview(load, today, work, root_config)
        config = preview.regenerate()
        watched = [content_dir, *([cases_dir] if cases_dir else [])]
        watcher = Watcher(watched, preview.regenerate)
        stop = watch(watched, watcher.refresh)
        # MkDocs serves the site at site_url's path (/xf/ for https://www.某县.gov.cn/xf/)
        site_path = urlsplit(str(yaml.safe_load(config.read_text(encoding="utf-8")).get("site_url") or "/")).path
        print(f"预览地址：http://{address}{site_path or '/'}  "
              f"（修改 {content_dir}/ 下的文件后页面自动刷新；Ctrl+C 退出）", flush=True)
        _serve_site(config, work, address)
    finally:
        stop()
        if preview is not None:
            preview.stop()
        shutil.rmtree(work, ignore_errors=True)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _serve_site(config_file: Path, work: Path, address: str) -> None:
    """MkDocs' preview server on the generated tree, run as ``mkdocs serve`` runs it, with
    ``serve_site.WarmSite`` as its builder: a save renders the pages it changed."""
    from mkdocs.config import load_config
    from mkdocs.livereload import _serve_url

    site_dir = work / "site"  # inside the private folder
    site_dir.mkdir()
    hooks = hooks_with_guard(config_file)

    def settings() -> Any:
        return load_config(config_file=str(config_file), site_dir=str(site_dir), dev_addr=address, hooks=hooks)

    config = settings()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    site = WarmSite(settings, _serve_url(host, port, mount_path), config_file.parent)
    server = _contained_server()(builder=site, host=host, port=port, root=str(site_dir), mount_path=mount_path)

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        site()
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=site)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()


def _contained_server() -> type[Any]:
    """MkDocs' preview server, answering 404 to every path it cannot name inside the site:
    a NUL or another control character (the operating system refuses the name, and MkDocs
    answered 500), a backslash (a Windows separator), and, as MkDocs already does, ``..``."""
    from mkdocs.livereload import LiveReloadServer

    class ContainedServer(LiveReloadServer):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # told of a change by the operating system, as the content is (``watch``): MkDocs'
            # polling read the time of every file of a city's tree twice a second, and a
            # change was seen up to half a second late
            from watchdog.observers import Observer

            self.observer = Observer()  # type: ignore[assignment]  # MkDocs only starts, schedules, stops it

        def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
            try:  # (MkDocs drops bytes that are not UTF-8, so /%ff%fe would be the home page)
                path = str(environ.get("PATH_INFO", "")).encode("latin-1").decode("utf-8")
            except UnicodeError:
                return None
            if _UNNAMEABLE.search(path):
                return None
            try:
                return super()._serve_request(environ, start_response)
            except (ValueError, UnicodeError):  # a name the filesystem cannot hold
                return None

    return ContainedServer


_UNNAMEABLE = re.compile(r"[\x00-\x1f\x7f\\]")


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM (a service manager, ``kill``) stops serve as Ctrl+C does, cleaning up."""
    raise KeyboardInterrupt
