"""Build the site: source tree -> ``mkdocs build --strict`` -> checks -> atomic publish into site/.

Everything is built beside ``site/`` and published (``publish.Releases``) only when
the build and every check (external assets, dead links, size budget, privacy)
passed, so a failed build leaves the published site exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import logging
import multiprocessing
import os
import shutil
import time
from collections import deque
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ...chinese import cn_date
from ...errors import OutputError
from ...load import CaseFiles  # its file stamp: whether a file changed since it was read
from ...output_guard import OutputKind, Protected, check_output_folder
from ...parallel import Background, forked_map, forks
from ...prepared import Prepared
from ...privacy import scan
from ...privacy.scan import PARALLEL_BYTES, Leak, Scanner, format_leak, scan_folder, secrets_from_cases
from ...privacy.scan import scanned as privacy_scanned
from ..parts.data import SiteData
from . import checks, external_assets, publish
from .engines import Engine, inline_style_hashes, require, run_engine
from .publish import Releases
from .serve_site import entries_under
from .tree import Deferred, Tree, has_many, write_deferred, write_tree

if TYPE_CHECKING:
    from .page_feed import PageFeed


@dataclass
class BuildReport:
    pages: int
    warnings: list[str]
    timings: dict[str, float] = field(default_factory=dict)
    cleaned: list[str] = field(default_factory=list)
    """What an interrupted earlier build had left beside the site, now removed."""
    schedule_until: dt.date | None = None
    """The last day with a published session: how far the pages stay true without a new build."""

    def reach(self) -> str:
        """How far the published schedule reaches: the pages work out today in the reader's
        browser, and past this day they can only say that nothing more is published."""
        if self.schedule_until is None:
            return "已公布的接访安排：没有。"
        return (f"已公布的接访安排到{cn_date(self.schedule_until)}为止。"
                "页面上的“今天”“下一次”由读者的浏览器按当天计算；"
                "通知、暂停和新的安排要重新生成才会上网：请每天重新生成一次（见 README“每天重新生成”）。")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _mkdocs_log() -> Iterator[_Collect]:
    """Capture MkDocs' own warnings so they are reported in our format, not lost."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    old = (logger.propagate, logger.level)
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate, _ = old
        logger.setLevel(old[1])


def _quiet_jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)  # importing jieba resets its logger to DEBUG chatter
    return jieba


def run_mkdocs(config: Path, output: Path, *, feed: PageFeed | None = None) -> None:
    """An ordinary ``mkdocs build --strict`` of the generated tree, telling ``feed`` each page
    it has written."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _quiet_jieba()
    with _mkdocs_log() as log:
        try:
            settings = load_config(config_file=str(config), strict=True, site_dir=str(output))
            from .compiled_templates import use

            use(settings)  # what the process compiled while it waited (``_render_when_told``), if it did
            if feed is not None:  # a city build, from its scratch tree
                from .linked_files import LinkedFiles

                settings.plugins["xinfang/linked-files"] = LinkedFiles()
                settings.plugins["xinfang/page-feed"] = feed.plugin()
            build(settings)
        except MkDocsException as exc:
            details = "\n".join(f"  mkdocs: {m}" for m in log.messages)
            raise OutputError(f"mkdocs build --strict 失败：{exc}\n{details}".rstrip()) from None


def check_output(prepared: Prepared, folder: Path, *, scanned: Collection[str] = (),
                 parallel: bool = False, base_url: str | None = None, scanner: Scanner | None = None,
                 timings: dict[str, float] | None = None, for_files: bool = False,
                 search_index: str = "search/search_index.json", early: _Early | None = None,
                 feeds: Mapping[str, set[str]] | None = None) -> list[str]:
    """Every problem with the built site, as user-facing lines (``checking``, waited for)."""
    with checking(prepared, folder, scanned=scanned, parallel=parallel, base_url=base_url, scanner=scanner,
                  timings=timings, for_files=for_files, search_index=search_index, early=early,
                  feeds=feeds) as (_, problems):
        return problems()


@contextmanager
def checking(prepared: Prepared, folder: Path, *, scanned: Collection[str] = (),
             parallel: bool = False, base_url: str | None = None, scanner: Scanner | None = None,
             timings: dict[str, float] | None = None, for_files: bool = False,
             search_index: str = "search/search_index.json", early: _Early | None = None,
             feeds: Mapping[str, set[str]] | None = None) -> Iterator[tuple[bool, Callable[[], list[str]]]]:
    """The checks of the built site begun: (whether forked workers read it, and a function
    that waits for them and gives every problem, as user-facing lines).  The block is this
    process's own work, which the checks need not wait for, done while the workers read; if
    it does not ask for the problems, they are waited for as it ends.  ``scanned`` files were
    already searched for private data (see ``scan_static``).  Each file is read once, and
    each page parsed once, for every check of it (``_read_share``), the files split between
    the cores; each core follows the links of its own files too, and only the links to a
    place on a page of another core's share are checked here, against that page's anchors.
    ``timings`` receives each check's seconds of work, summed over the cores; ``for_files``:
    the copy for file:// (``bundle``); ``early``: the pages checked while MkDocs rendered
    (``page_feed``), not read again unless their file changed since; ``feeds``: the links of
    feeds among the ``scanned`` files, handed over where they were generated (``Deferred.links``):
    followed without reading the files back."""
    timings = {} if timings is None else timings
    scanner = scanner or privacy_scanner(prepared)
    sizes = _file_sizes(folder)
    # every file's path is all a worker needs to follow links: known before forking, shared
    resolver = checks.LinkResolver(set(sizes), {name for name in sizes if _work(name, scanned) == "page"},
                                   base_url, for_files=for_files)
    checked = early.unchanged(folder) if early else set()
    shares = _shares({name: size for name, size in sizes.items() if name not in checked}, scanned)
    fork = (parallel or sum(sizes.values()) >= PARALLEL_BYTES) and len(shares) > 1
    known = {name: links for name, links in (feeds or {}).items() if not privacy_scanned(name, scanned)}
    with forked_map(_read_share, (folder, scanner, frozenset(scanned), resolver, known), shares,
                    parallel=fork) as read:
        # the links of the pages checked while MkDocs rendered are followed here meanwhile
        found = early.done(resolver) if early else _Read()
        waited: list[list[str]] = []

        def problems() -> list[str]:
            if not waited:
                waited.append(_problems([found, *read], folder, sizes, timings, search_index))
            return waited[0]

        yield fork, problems
        problems()  # in the block's ``with``: the workers' results are taken before their pool ends


def _problems(parts: list[_Read], folder: Path, sizes: dict[str, int], timings: dict[str, float],
              search_index: str) -> list[str]:
    """``checking``'s problems, from what each core found."""
    for part in parts:
        for key, seconds in part.seconds.items():
            timings[key] = timings.get(key, 0.0) + seconds
    assets = sorted((finding for part in parts for finding in part.assets), key=lambda f: f.file)
    mark = time.perf_counter()
    anchors = {name: names for part in parts for name, names in part.anchors.items()}
    links = [*(finding for part in parts for finding in part.links),
             *(fragment.missing() for part in parts for fragment in part.fragments
               if fragment.fragment not in anchors[fragment.target])]
    links.sort(key=lambda f: f.file)
    timings["check_links"] = timings.get("check_links", 0.0) + time.perf_counter() - mark
    mark = time.perf_counter()
    oversized = checks.find_oversized(folder, search_index=search_index, sizes=sizes)
    timings["check_sizes"] = time.perf_counter() - mark
    leaks = sorted((leak for part in parts for leak in part.leaks),
                   key=lambda leak: (leak.file, leak.line, leak.column))
    return [str(f) for f in (*assets, *links, *oversized)] + [format_leak(leak) for leak in leaks]


def _file_sizes(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` (its path relative to it) and its size, in one walk
    (``entries_under``: the city's 3,654 files in a third of the time of ``Path`` objects, with
    the build waiting).  A link to a file counts as the file; a link to a folder is not followed."""
    return {relative: entry.stat().st_size for relative, entry in entries_under(folder) if entry.is_file()}


_COST = {"page": 3.0, "private": 1.0, "feed": 0.2, "css": 0.1}
"""Roughly how long a byte of each kind of file takes to check, relative to the privacy scan
of a byte (a page is scanned, parsed and searched for links and loads; a feed already
scanned while MkDocs ran is only searched for links): enough to give each core a fair share."""


def _work(relative: str, scanned: Collection[str]) -> str | None:
    """What the checks do with the file ``relative`` (None: nothing)."""
    suffix = PurePosixPath(relative).suffix
    if suffix == ".html":
        return "page"
    private = privacy_scanned(relative, scanned)
    if private:
        return "private"
    if checks.is_feed(relative):
        return "feed"
    return "css" if suffix == ".css" else None


def _shares(sizes: dict[str, int], scanned: Collection[str]) -> list[list[str]]:
    """The files to read, dealt to the cores (largest first, each to the least loaded)."""
    cores = max(1, os.cpu_count() or 1)
    shares: list[list[str]] = [[] for _ in range(cores)]
    loads = [0.0] * cores
    weighed = [(sizes[name] * _COST[work], name) for name in sizes if (work := _work(name, scanned))]
    for load, name in sorted(weighed, reverse=True):
        least = loads.index(min(loads))
        shares[least].append(name)
        loads[least] += load
    return [sorted(share) for share in shares if share]


_SECONDS = ("check_privacy", "check_parse", "check_assets", "check_links")


@dataclass
class _Read:
    """What one core found in its share of the built files."""

    anchors: dict[str, set[str]] = field(default_factory=dict)
    """Each page's anchors (``checks.Page.anchors``), for the links to it from other shares."""
    links: list[checks.Finding] = field(default_factory=list)
    """Dead links of the share's pages, feeds and open data, but for ``fragments``."""
    fragments: list[checks.Fragment] = field(default_factory=list)
    """The share's links to a place on a page of another share."""
    assets: list[checks.Finding] = field(default_factory=list)
    leaks: list[Leak] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(_SECONDS, 0.0))


def _read_share(state: tuple[Path, Scanner, frozenset[str], checks.LinkResolver, Mapping[str, set[str]]],
                share: list[str]) -> _Read:
    """Each file of ``share`` read once, each page parsed once: the privacy scan, the
    external loads, and the links and anchors, followed here as far as this share's files
    tell (see ``check_output``); a feed whose links are ``known`` is not read."""
    folder, scanner, scanned, resolver, known = state
    found = _Read()
    fragments: list[checks.Fragment] = []
    for relative in share:
        links = known.get(relative)
        if links is None:
            links = _read_file(found, (folder, scanner, scanned), relative)
        if links is not None:
            _follow(found, fragments, resolver, relative, links)
    _settle(found, fragments)
    return found


def _read_file(found: _Read, state: tuple[Path, Scanner, frozenset[str]], relative: str) -> set[str] | None:
    """One file's privacy scan, external loads and anchors, into ``found``; its links (a page's,
    a feed's), to be followed."""
    folder, scanner, scanned = state
    seconds = found.seconds
    raw = (folder / relative).read_bytes()
    mark = time.perf_counter()
    if privacy_scanned(relative, scanned):
        found.leaks += scan.scan_bytes(scanner, raw, relative)
        seconds["check_privacy"] += time.perf_counter() - mark
        mark = time.perf_counter()
    suffix = PurePosixPath(relative).suffix
    links: set[str] | None = None
    if suffix == ".html":
        page = checks.page_of(external_assets.page_bytes(raw))
        found.anchors[relative], links = page.anchors, page.links
        seconds["check_parse"] += time.perf_counter() - mark
        found.assets += checks.external_findings(relative, page.external)
    elif suffix == ".css":
        found.assets += checks.css_findings(relative, raw)
        seconds["check_assets"] += time.perf_counter() - mark
    elif checks.is_feed(relative):
        links = checks.feed_urls(relative, raw)
        seconds["check_links"] += time.perf_counter() - mark
    return links


def _follow(found: _Read, fragments: list[checks.Fragment], resolver: checks.LinkResolver, relative: str,
            links: set[str]) -> None:
    """The links of the file ``relative``: dead ones into ``found``, those to a place on a page
    into ``fragments`` (``_settle``)."""
    mark = time.perf_counter()
    for result in resolver.follow(relative, links):
        if isinstance(result, checks.Finding):
            found.links.append(result)
        else:
            fragments.append(result)
    found.seconds["check_links"] += time.perf_counter() - mark


def _settle(found: _Read, fragments: list[checks.Fragment]) -> None:
    """Each link to a place on a page read here checked against its anchors; the others left
    in ``found.fragments`` for ``check_output``."""
    for fragment in fragments:
        anchors = found.anchors.get(fragment.target)
        if anchors is None:
            found.fragments.append(fragment)
        elif fragment.fragment not in anchors:
            found.links.append(fragment.missing())


class _Early:
    """The pages checked while MkDocs rendered the rest (``page_feed``), each with the stamp
    of its file when it was read: a page whose file changed since is checked again.  Their
    links are followed once every file of the site is known (``done``)."""

    def __init__(self, state: tuple[Path, Scanner, frozenset[str]]) -> None:
        self.state, self.found = state, _Read()
        self.stamps: dict[str, tuple[int, ...]] = {}
        self.links: dict[str, set[str]] = {}

    def check(self, relative: str) -> None:
        path = self.state[0] / relative
        before = CaseFiles.stamp(path)
        if before is None:  # not written after all (MkDocs skips an empty page): left to the checks
            return
        links = _read_file(self.found, self.state, relative)
        if CaseFiles.stamp(path) != before:  # written while being read: read again after the render
            _forget(self.found, relative)
            return
        self.stamps[relative] = before
        if links is not None:
            self.links[relative] = links

    def unchanged(self, folder: Path) -> set[str]:
        """The pages checked here whose file is still as it was read; what was found in the
        others is forgotten (the checks read them again)."""
        unchanged = {name for name, was in self.stamps.items() if CaseFiles.stamp(folder / name) == was}
        for name in set(self.stamps) - unchanged:
            _forget(self.found, name)
        self.stamps = {name: was for name, was in self.stamps.items() if name in unchanged}
        return unchanged

    def done(self, resolver: checks.LinkResolver) -> _Read:
        """What was found in the pages still as they were read (``unchanged``), their links followed."""
        fragments: list[checks.Fragment] = []
        for name in sorted(self.stamps):
            if name in self.links:
                _follow(self.found, fragments, resolver, name, self.links[name])
        _settle(self.found, fragments)
        return self.found


def _forget(found: _Read, relative: str) -> None:
    found.anchors.pop(relative, None)
    found.assets = [f for f in found.assets if f.file != relative]
    found.leaks = [leak for leak in found.leaks if leak.file != relative]


def privacy_scanner(prepared: Prepared) -> Scanner:
    """The scanner for this content's private values, compiled once per build."""
    content = prepared.content
    return Scanner(secrets_from_cases(content), content.office.public_numbers,
                   [leader.name for leader in content.leaders.values()])


def privacy_problems(prepared: Prepared, folder: Path, *, skip: Collection[str] = (),
                     parallel: bool = True, scanner: Scanner | None = None,
                     only: Collection[str] | None = None) -> list[str]:
    leaks = scan_folder(scanner or privacy_scanner(prepared), folder, skip=skip, parallel=parallel, only=only)
    return [format_leak(leak) for leak in leaks]


def static_files(docs: Path) -> set[str]:
    """Files MkDocs copies into the site unchanged: feeds, data files, our assets."""
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and p.suffix != ".md"}


def scan_static(prepared: Prepared, docs: Path, scanner: Scanner | None = None,
                skip: Collection[str] = ()) -> list[str]:
    """The privacy scan of the copied files, done on the source while MkDocs renders the
    pages, but for ``skip`` (the open data and calendars, checked on their values where they
    were generated: see ``Tree.scanned``).  One process, as MkDocs holds the other core."""
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    return privacy_problems(prepared, docs, skip=pages | set(skip), parallel=False, scanner=scanner)


_BESIDE_MKDOCS = 10
"""How much less of a core the work beside MkDocs' render asks for (the scan of the copied
files, the files MkDocs would only copy): MkDocs' render is what the build waits for."""


def _write_deferred(state: tuple[SiteData, Tree, Scanner], folder: Path) -> Deferred:
    data, tree, scanner = state
    return write_deferred(data, tree, folder, scanner)


def _move_into(source: Path, target: Path) -> None:
    """Everything under ``source`` to the same place under ``target``: a folder ``target`` has
    no such one of yet in one rename, the rest file by file."""
    for entry in sorted(source.iterdir()):
        there = target / entry.name
        if entry.is_dir() and there.is_dir():
            _move_into(entry, there)
        else:
            os.replace(entry, there)


def _render(engine: Engine, job: tuple[Path, Path, PageFeed | None]) -> None:
    config, output, feed = job
    run_engine(engine, config, output, feed=feed)


_WARM_MODULES = ("mkdocs.commands.build", "mkdocs.config", "mkdocs.contrib.search", "material.plugins.search.plugin",
                 *(f"markdown.extensions.{name}" for name in ("toc", "tables", "fenced_code", "codehilite",
                                                               "attr_list", "admonition")))
"""What MkDocs imports to build the site's settings (its plugins, the Markdown extensions)."""


def _render_when_told(state: tuple[Connection, PageFeed], engine: Engine) -> None:
    """MkDocs' process at city scale (``EngineProcess``): it loads what every build of MkDocs
    loads the same (jieba's dictionary for the search index, 0.7 CPU-s, which the search plugin
    would load before the first page; MkDocs' modules, 0.07; the theme's templates compiled,
    0.2, ``compiled_templates``) while the content is checked and
    the tree generated, then renders the tree once ``SiteStage.render`` tells it where (nothing
    told: the build stopped)."""
    told, feed = state
    gc.enable()  # forked while the content loads with the collector off (``pipeline.prepare``)
    _quiet_jieba().initialize()  # the plugin's load_userdict then adds the office's words to it
    for module in _WARM_MODULES:
        with suppress(ImportError):  # not installed: MkDocs says so itself
            importlib.import_module(module)
    if engine is Engine.MKDOCS:
        from .compiled_templates import warm

        warm()
    gc.freeze()  # what it loaded is never garbage either: the collector's passes over the build skip it
    try:
        config, output = told.recv()
    except EOFError:
        return
    finally:
        told.close()
    run_engine(engine, config, output, feed=feed)


class EngineProcess:
    """MkDocs' own process for a large site, forked before the tree is generated, with the
    ``PageFeed`` that tells this process each page it writes.  ``xinfang build`` forks it as
    soon as the schedule is expanded (``Pipeline.prepare(expanded=...)``): the cases are then
    still read and checked on one core, and the other loads MkDocs and jieba meanwhile instead
    of taking a core from the generation.  Leaving it stops the process if it is still running."""

    def __init__(self, engine: Engine) -> None:
        from .page_feed import PageFeed  # MkDocs' plugin API: only a build that renders imports it

        self.feed = PageFeed()
        told, self._tell = multiprocessing.get_context("fork").Pipe(duplex=False)
        self.process: Background[Any, Any, None] = Background(_render_when_told, (told, self.feed), engine,
                                                               parallel=True)
        told.close()
        self.feed.forked()

    @staticmethod
    def wanted(engine: Engine, sessions: int) -> bool:
        """Whether a site of ``sessions`` sessions is rendered by ``engine`` in a process of its own."""
        return engine is Engine.MKDOCS and forks(has_many(sessions))

    def tell(self, config: Path, output: Path) -> None:
        """Render the tree of ``config`` into ``output`` (once)."""
        self._tell.send((config, output))
        self._tell.close()  # before the next fork, which must not hold it open

    def __enter__(self) -> EngineProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the process (if it is still running); it was not wanted, or the build stopped."""
        self._tell.close()
        self.process.__exit__()


class Checking:
    """The checks of a rendered site under way (``SiteStage.checking``)."""

    def __init__(self, forked: bool, done: Callable[[], None]) -> None:
        self.forked = forked
        """Whether forked workers read the site: this process then has no core of its own to spare."""
        self._done: Callable[[], None] | None = done
        self.failure: OutputError | None = None
        """The problems found, once ``done`` has raised them."""

    def done(self) -> None:
        """Wait for the checks (the first call); any problem raises ``OutputError``, then and at
        every later call."""
        done, self._done = self._done, None
        if done is not None:
            try:
                done()
            except OutputError as exc:
                self.failure = exc
        if self.failure is not None:
            raise self.failure


class SiteStage:
    """The site being built beside the published one, step by step: ``write_tree`` (the
    Markdown source), ``render`` (MkDocs, the privacy scan of the copied files beside it),
    ``check`` (links, assets, sizes, the privacy of every page), ``publish``.  Entering it
    takes the site's lock; leaving it removes the source tree, and the release too unless it
    was published, so a failure at any step leaves the published site as it was."""

    def __init__(self, prepared: Prepared, *, today: dt.date, site_dir: Path,
                 root_config: Path = Path("mkdocs.yml"), protected: Protected | None = None,
                 engine: Engine = Engine.MKDOCS, engine_process: EngineProcess | None = None) -> None:
        """``engine_process``: MkDocs' process, started already (``EngineProcess``); the stage
        stops it when it ends."""
        if not root_config.is_file():
            raise OutputError(f"找不到网站设置文件 {root_config}；请在项目根目录运行，或从示例复制 mkdocs.yml")
        self.site_dir = check_output_folder(site_dir, OutputKind.SITE,
                                            protected or Protected.around(prepared.content.root))
        self.prepared, self.root_config = prepared, root_config
        self.engine, self.engine_spec = engine, require(engine)
        self.base_url = prepared.content.office.site_url
        self._started = time.perf_counter()
        self.data = SiteData(prepared, today, self.base_url)
        self.timings: dict[str, float] = {}
        self._early: _Early | None = None
        self._feeds: dict[str, set[str]] = {}
        """The links of the feeds generated beside MkDocs (``Deferred.links``)."""
        self._engine = engine_process
        """MkDocs' process when it is started before the tree is written (``write_tree``)."""
        self._stack = ExitStack()

    def __enter__(self) -> SiteStage:
        with ExitStack() as stack:
            self.releases = stack.enter_context(Releases(self.site_dir).locked())
            # the source tree beside the site, not in /tmp: a killed build's leftovers
            # (which may hold unchecked private data) are then found and removed
            self.source = self.releases.scratch("src")
            stack.callback(shutil.rmtree, self.source, ignore_errors=True)
            self.output = self.releases.scratch("new")
            stack.callback(self._discard)
            if self._engine is not None:
                stack.enter_context(self._engine)
            self._stack = stack.pop_all()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def _remove_source(self) -> None:
        """The source tree, of no more use once rendered: removed while the checks run (a
        city's takes 0.1-2.5 s of the disk, which the end of the build would wait for); if
        it is left, the stage's end removes it."""
        shutil.rmtree(self.source, ignore_errors=True)

    def _discard(self) -> None:
        if self.output.exists():  # not published
            shutil.rmtree(self.output, ignore_errors=True)

    def write_tree(self, *, strict: bool = False) -> None:
        """The MkDocs source tree, the files generated from values checked as they are made;
        with ``strict`` its warnings stop the build.  At city scale MkDocs' process is started
        first (``EngineProcess``), if it was not already."""
        if not EngineProcess.wanted(self.engine, len(self.data.sessions)):
            if self._engine is not None:  # a small site after all: rendered here
                self._engine.close()
            self._engine = None
        elif self._engine is None:
            self._engine = self._stack.enter_context(EngineProcess(self.engine))
        hashes, cannot = inline_style_hashes(self.engine)

        def scanner() -> Scanner:
            """Made by ``write_tree`` while the other cores generate the tree: every later scan
            (the checks' forked workers too) shares it."""
            mark = time.perf_counter()
            made = privacy_scanner(self.prepared)
            self.timings["check_scanner"] = time.perf_counter() - mark
            return made

        self.tree = write_tree(self.data, self.source, self.root_config, links=self.engine_spec.links,
                               style_hashes=tuple(hashes), theme=self.engine_spec.theme, scanner=scanner,
                               defer=self._engine is not None)
        assert self.tree.scanner is not None
        self._scanner = self.tree.scanner
        self.tree.warnings += [*self.engine_spec.limits, *cannot]  # what this engine cannot do, said once
        self.timings["generate"] = time.perf_counter() - self._started
        publish.step("generated")
        if strict and self.tree.warnings:
            raise OutputError("；".join(self.tree.warnings) + "（--strict：有警告即失败）")

    def render(self) -> None:
        """MkDocs renders the pages while the other core scans the files it copies unchanged."""
        docs = self.tree.folder / "docs"
        self._static = static_files(docs)
        static = partial(scan_static, scanner=self._scanner, skip=self.tree.scanned)
        with Background(static, self.prepared, docs, parallel=self.tree.large, nice=_BESIDE_MKDOCS) as static_scan:
            publish.step("scanning")
            mark = time.perf_counter()
            # at city scale the engine renders in a process of its own: what MkDocs leaves in its
            # heap (~200 MB, with the search's dictionary) then never joins this one, which the
            # check and letter workers forked later would each carry
            feed = self._engine.feed if self._engine else None
            engine: Background[Any, Any, None] = self._engine.process if self._engine else Background(
                _render, self.engine, (self.tree.config, self.output, None), parallel=self.tree.large)
            with engine, ExitStack() as deferring:
                if self._engine is not None:
                    self._engine.tell(self.tree.config, self.output)
                if self.tree.deferred:  # the files MkDocs would only copy, generated meanwhile
                    later = self.releases.scratch("late")
                    deferring.callback(shutil.rmtree, later, ignore_errors=True)
                    deferred = deferring.enter_context(
                        Background(_write_deferred, (self.data, self.tree, self._scanner), later,
                                   nice=_BESIDE_MKDOCS))
                told: deque[str] = deque()
                if feed is not None:  # this process checks each page MkDocs has written meanwhile,
                    # once those files are made (they have the core first: the checks can wait)
                    self._early = _Early((self.output, self._scanner, frozenset(self._static)))
                    told = feed.checked(self._early.check,
                                        hold=lambda: bool(self.tree.deferred) and not deferred.finished)
                engine.result()
                self.timings["mkdocs"] = time.perf_counter() - mark
                if self.tree.deferred:
                    mark = time.perf_counter()
                    while told and self._early and not deferred.finished:  # the core MkDocs has left
                        self._early.check(told.popleft())
                    self._add_deferred(deferred.result(), later)
                    self.timings["generate_deferred_wait"] = time.perf_counter() - mark
            mark = time.perf_counter()
            self._static_problems = static_scan.result() + self.tree.leaks
            self.timings["check_static_wait"] = time.perf_counter() - mark

    def _add_deferred(self, made: Deferred, folder: Path) -> None:
        """The deferred parts' files (``folder``) into the release, as if MkDocs had copied
        them: moved, not copied, on the same disk; checked where they were generated."""
        _move_into(folder, self.output)
        self._static |= set(made.written)
        self.tree.scanned.update(made.scanned)
        self.tree.leaks += made.leaks
        self._feeds.update(made.links)

    def check(self) -> None:
        """Every check of the rendered site; any problem stops the build."""
        with self.checking() as checks:
            checks.done()

    @contextmanager
    def checking(self) -> Iterator[Checking]:
        """``check`` begun: the block is this process's own work, done while the checks' forked
        workers read the site (``Checking.done`` waits for them; as the block ends, if it did
        not).  The source tree is removed first."""
        mark = time.perf_counter()
        with checking(self.prepared, self.output, scanned=self._static, parallel=self.tree.large,
                      base_url=self.base_url, scanner=self._scanner, timings=self.timings,
                      search_index=self.engine_spec.search_index, early=self._early,
                      feeds=self._feeds) as (forked, problems):
            self._remove_source()

            def done() -> None:
                found = problems() + self._static_problems
                self.timings["checks"] = time.perf_counter() - mark
                if found:
                    raise OutputError(f"网站检查未通过，{len(found)} 处问题，原网站保持不变：\n" + "\n".join(found))
                publish.step("checked")

            checks = Checking(forked, done)
            yield checks
            checks.done()

    def publish(self) -> None:
        """The checked release replaces the published site in one step."""
        self.releases.publish(self.output)

    @property
    def report(self) -> BuildReport:
        return BuildReport(pages=self.tree.pages, warnings=self.tree.warnings, timings=self.timings,
                           cleaned=self.releases.cleaned, schedule_until=self.tree.schedule_until)


def build_site(prepared: Prepared, *, today: dt.date, site_dir: Path, strict: bool = False,
               root_config: Path = Path("mkdocs.yml"), protected: Protected | None = None,
               engine: Engine = Engine.MKDOCS) -> BuildReport:
    """Build, check and publish the site alone into ``site_dir`` (see ``publish`` for how)."""
    with SiteStage(prepared, today=today, site_dir=site_dir, root_config=root_config,
                   protected=protected, engine=engine) as site:
        site.write_tree(strict=strict)
        site.render()
        site.check()
        site.publish()
    return site.report
