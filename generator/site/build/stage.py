"""Build the site: source tree -> ``mkdocs build --strict`` -> checks -> atomic publish into site/.

Everything is built beside ``site/`` and published (``publish.Releases``) only when
the build and every check (external assets, dead links, size budget, privacy)
passed, so a failed build leaves the published site exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import OutputError
from ...output_guard import OutputKind, Protected, check_output_folder
from ...parallel import Background
from ...prepared import Prepared
from ...privacy.scan import format_leak, scan_tree, secrets_from_cases
from ..parts.data import SiteData
from . import checks, publish
from .publish import Releases
from .tree import write_tree


@dataclass
class BuildReport:
    pages: int
    warnings: list[str]
    timings: dict[str, float] = field(default_factory=dict)
    cleaned: list[str] = field(default_factory=list)
    """What an interrupted earlier build had left beside the site, now removed."""


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


def run_mkdocs(config: Path, output: Path) -> None:
    """An ordinary ``mkdocs build --strict`` of the generated tree."""
    import jieba
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    jieba.setLogLevel(logging.WARNING)  # importing jieba resets its logger to DEBUG chatter
    with _mkdocs_log() as log:
        try:
            build(load_config(config_file=str(config), strict=True, site_dir=str(output)))
        except MkDocsException as exc:
            details = "\n".join(f"  mkdocs: {m}" for m in log.messages)
            raise OutputError(f"mkdocs build --strict 失败：{exc}\n{details}".rstrip()) from None


def check_output(prepared: Prepared, folder: Path, *, scanned: Collection[str] = (),
                 parallel: bool = False, base_url: str | None = None) -> list[str]:
    """Every problem with the built site, as user-facing lines; ``scanned`` files were
    already searched for private data (see ``scan_static``)."""
    with Background(_structure_problems, base_url, folder, parallel=parallel) as structure:
        privacy = privacy_problems(prepared, folder, skip=scanned)
        return structure.result() + privacy


def _structure_problems(base_url: str | None, folder: Path) -> list[str]:
    problems = [str(f) for f in checks.find_external_assets(folder)]
    problems += [str(f) for f in checks.find_dead_links(folder, base_url)]
    return problems + [str(f) for f in checks.find_oversized(folder)]


def privacy_problems(prepared: Prepared, folder: Path, *, skip: Collection[str] = (),
                     parallel: bool = True) -> list[str]:
    content = prepared.content
    leaks = scan_tree(folder, secrets_from_cases(content), allow=content.office.public_numbers,
                      public_names=[leader.name for leader in content.leaders.values()], skip=skip,
                      parallel=parallel)
    return [format_leak(leak) for leak in leaks]


def static_files(docs: Path) -> set[str]:
    """Files MkDocs copies into the site unchanged: feeds, data files, our assets."""
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and p.suffix != ".md"}


def scan_static(prepared: Prepared, docs: Path) -> list[str]:
    """The privacy scan of the copied files, done on the source while MkDocs renders the
    pages: a city's feeds and data files are half of the site's bytes.  One process, as
    MkDocs holds the other core."""
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    return privacy_problems(prepared, docs, skip=pages, parallel=False)


def build_site(prepared: Prepared, *, today: dt.date, site_dir: Path, strict: bool = False,
               root_config: Path = Path("mkdocs.yml"), protected: Protected | None = None,
               before_publish: Callable[[], None] | None = None) -> BuildReport:
    """Build, check and publish the site into ``site_dir`` (see ``publish`` for how).
    ``before_publish`` runs once the site passed every check, just before it is put in
    place; if it raises, the site is not published (``xinfang build`` makes the letters there)."""
    if not root_config.is_file():
        raise OutputError(f"找不到网站设置文件 {root_config}；请在项目根目录运行，或从示例复制 mkdocs.yml")
    site_dir = check_output_folder(site_dir, OutputKind.SITE, protected or Protected.around(prepared.content.root))
    timings: dict[str, float] = {}
    started = time.perf_counter()
    base_url = prepared.content.office.site_url
    data = SiteData(prepared, today, base_url)
    with Releases(site_dir).locked() as releases:
        # the source tree beside the site, not in /tmp: a killed build's leftovers
        # (which may hold unchecked private data) are then found and removed
        source = releases.scratch("src")
        try:
            tree = write_tree(data, source, root_config)
            timings["generate"] = time.perf_counter() - started
            publish.step("generated")
            if strict and tree.warnings:
                raise OutputError("；".join(tree.warnings) + "（--strict：有警告即失败）")
            output = releases.scratch("new")
            docs = tree.folder / "docs"
            try:
                with Background(scan_static, prepared, docs, parallel=tree.large) as static_scan:
                    publish.step("scanning")
                    mark = time.perf_counter()
                    run_mkdocs(tree.config, output)
                    timings["mkdocs"] = time.perf_counter() - mark
                    mark = time.perf_counter()
                    problems = (check_output(prepared, output, scanned=static_files(docs), parallel=tree.large,
                                             base_url=base_url)
                                + static_scan.result())
                    timings["checks"] = time.perf_counter() - mark
                if problems:
                    raise OutputError(f"网站检查未通过，{len(problems)} 处问题，原网站保持不变：\n"
                                      + "\n".join(problems))
                publish.step("checked")
                if before_publish is not None:
                    before_publish()
            except BaseException:
                shutil.rmtree(output, ignore_errors=True)
                raise
            releases.publish(output)
        finally:
            shutil.rmtree(source, ignore_errors=True)
    return BuildReport(pages=tree.pages, warnings=tree.warnings, timings=timings, cleaned=releases.cleaned)
