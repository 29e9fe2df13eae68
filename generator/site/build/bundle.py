"""``xinfang bundle``: the site as a zip that opens from a file share, a USB stick or the
接待大厅's kiosk (``file://``), with no web server.

The same source tree as the published site, written for files (``placement.links_to_files``:
every link names a page's file) and built with MkDocs' ``use_directory_urls: false`` by MkDocs
or, when the office chooses it, ProperDocs (the same settings, the same pages); search
works from files as Material's offline plugin makes it (the index as a script,
``search/search_index.js``) but without the shim that plugin loads from unpkg.com
(``xinfang-file-worker.js`` instead).  The build passes the same checks as the site (external
assets, dead links — here also a link to a folder —, sizes, private data) before the zip is
written, in one step, next to nothing else: a failed bundle leaves no file.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ...errors import OutputError
from ...output_guard import Protected, check_output_file
from ...prepared import Prepared
from ..parts.data import SiteData
from .engines import Engine, require_for_files, run_engine
from .stage import check_output
from .tree import write_tree

README_NAME = "使用说明.txt"


@dataclass
class BundleReport:
    output: Path
    pages: int
    files: int
    warnings: list[str]


def offline_search_index(site: Path, index: str) -> None:
    """What Material's offline plugin does after a build: the search index as a script, which a
    page opened from a file can load (it may not fetch a JSON file).  MkDocs' and Zensical's
    scripts both read ``__index`` from the index's name with ``.js`` on a ``file://`` page."""
    source = site / index
    if source.is_file():
        source.with_suffix(".js").write_text("var __index = " + source.read_text(encoding="utf-8"), encoding="utf-8")


def usage_text(data: SiteData, folder: str) -> str:
    office = data.content.office.on(data.today)
    online = f"网站的正式地址是 {data.base_url} ，能上网时请以网站上的为准。\r\n" if data.base_url else ""
    return (
        f"{office.name}网站（离线副本）\r\n"
        f"生成日期：{data.today.isoformat()}\r\n\r\n"
        "怎样打开\r\n"
        f"1. 把整个“{folder}”文件夹解压（或复制）到电脑、共享文件夹或U盘上，不要只复制其中的单个文件。\r\n"
        "2. 双击文件夹里的 index.html，用浏览器（Edge、Chrome、Firefox、360 等）打开首页。\r\n"
        "3. 点页面上的链接浏览；右上角的搜索框可以搜索领导姓名和问题类别，不需要联网。\r\n\r\n"
        "请注意\r\n"
        f"- 这是{data.today.isoformat()}生成的副本，只包括当时已经公布的接访安排；\r\n"
        "  安排有变动时，请重新生成（xinfang bundle）并替换整个文件夹。\r\n"
        "- 订阅日历（.ics）、二维码和开放数据里的链接指向网站的正式地址，需要联网才能打开。\r\n"
        + online
    )


def _stale_scratch(output: Path) -> None:
    """What a killed bundle left beside its zip (it may hold unchecked private data)."""
    for old in output.parent.glob(f".{output.name}.build-*"):
        shutil.rmtree(old, ignore_errors=True)


def build_bundle(prepared: Prepared, *, today: dt.date, output: Path, root_config: Path = Path("mkdocs.yml"),
                 protected: Protected | None = None, engine: Engine = Engine.MKDOCS) -> BundleReport:
    spec = require_for_files(engine)
    if not root_config.is_file():
        raise OutputError(f"找不到网站设置文件 {root_config}；请在项目根目录运行，或从示例复制 mkdocs.yml")
    output = check_output_file(output, ".zip", "网站副本", protected or Protected.around(prepared.content.root))
    output.parent.mkdir(parents=True, exist_ok=True)
    _stale_scratch(output)
    data = SiteData(prepared, today, prepared.content.office.site_url)
    scratch = output.parent / f".{output.name}.build-{os.getpid()}"
    folder = output.stem  # the zip holds one folder named as the zip: 示例市信访局网站/
    try:
        tree = write_tree(data, scratch / "src", root_config, for_files=True, theme=spec.theme)
        site = scratch / folder
        run_engine(engine, tree.config, site)
        offline_search_index(site, spec.search_index)
        # a server's "not found" page: no server shows it, and its links start at the server's root
        (site / "404.html").unlink(missing_ok=True)
        (site / README_NAME).write_text(usage_text(data, folder), encoding="utf-8")
        problems = check_output(prepared, site, parallel=tree.large, base_url=data.base_url, for_files=True)
        if problems:
            raise OutputError(f"网站副本检查未通过，{len(problems)} 处问题，没有生成 {output.name}：\n"
                              + "\n".join(problems))
        files = sorted(p for p in site.rglob("*") if p.is_file())
        partial = scratch / output.name
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for path in files:
                archive.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
        os.chmod(partial, 0o644)
        os.replace(partial, output)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return BundleReport(output=output, pages=tree.pages, files=len(files), warnings=[*tree.warnings, *spec.limits])
