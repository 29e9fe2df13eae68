"""The static-site engines that turn the generated tree into the site: MkDocs (the default),
ProperDocs (the MkDocs 1.x continuation) and Zensical (from the Material team).

The tree is plain files and a ``mkdocs.yml`` all three read; what differs is how each is run,
how it reads a raw-HTML link (``placement.LinkStyle``), where it writes the search index and
what it cannot do yet (said in one line by the build).  MkDocs runs in this process; the others
run as their own command, as an office would run them, so one process never holds two
engines' plugin APIs (ProperDocs takes over every ``mkdocs.*`` import of the process).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ...errors import OutputError, UsageError
from ..parts.placement import LinkStyle

if TYPE_CHECKING:
    from .page_feed import PageFeed


class Engine(Enum):
    MKDOCS = "mkdocs"
    PROPERDOCS = "properdocs"
    ZENSICAL = "zensical"


@dataclass(frozen=True)
class EngineSpec:
    module: str
    """The package that must be installed (and the ``python -m`` command)."""
    extra: str
    """pip's extra that installs it: ``pip install 'xinfang[extra]'``."""
    links: LinkStyle
    search_index: str
    """The search index the engine writes, under the site: the size budget applies to it."""
    limits: tuple[str, ...] = ()
    """What the site cannot do when built with this engine, one line each."""
    theme: tuple[tuple[str, str], ...] = ()
    """Theme settings the engine needs to look like the site (Zensical's Material look: classic)."""
    no_bundle: str = ""
    """Why ``xinfang bundle`` cannot use the engine (empty: it can)."""


ENGINES = {
    Engine.MKDOCS: EngineSpec("mkdocs", "", LinkStyle.FOLDERS, "search/search_index.json"),
    Engine.PROPERDOCS: EngineSpec("properdocs", "properdocs", LinkStyle.FOLDERS, "search/search_index.json"),
    Engine.ZENSICAL: EngineSpec(
        "zensical", "zensical", LinkStyle.SOURCE, "search.json", theme=(("variant", "classic"),),
        limits=("Zensical 不运行 MkDocs 插件和钩子：搜索用它自己的中文分词（不读 jieba 词典）",
                # its search dialog's words are constants of its script, in English only
                "Zensical 的搜索框只有英文提示（Search、results、No results），不能改成中文"),
        # tried with its index also as search.js (the script its page loads on file://): opened
        # from a file, its search dialog still stays at "Loading search…"
        no_bundle="用 Zensical 生成的网站副本从文件打开时不能搜索（搜索框一直显示“Loading search…”）；"
                  "请用 --engine mkdocs 或 --engine properdocs 生成网站副本"),
}


def parse_engine(name: str) -> Engine:
    try:
        return Engine(name)
    except ValueError:
        raise UsageError(f"网站引擎“{name}”不存在；可用：" + "、".join(e.value for e in Engine)) from None


def require_for_files(engine: Engine) -> EngineSpec:
    """The engine's spec for ``xinfang bundle`` (exit 2 with the reason if it cannot build the copy)."""
    spec = ENGINES[engine]
    if spec.no_bundle:
        raise UsageError(spec.no_bundle)
    return require(engine)


def require(engine: Engine) -> EngineSpec:
    """The engine's spec, once it is known to be installed (exit 2 with the pip command if not)."""
    spec = ENGINES[engine]
    if importlib.util.find_spec(spec.module) is None:
        raise UsageError(f"没有安装网站引擎 {engine.value}；请运行 pip install 'xinfang[{spec.extra}]'，"
                         "或去掉 --engine 用默认的 mkdocs")
    return spec


_SHADOW_STYLE = re.compile(
    r'attachShadow\(\{mode:"open"\}\);\w+\.appendChild\(\w+\("style",\{\},(\w+)\.toString\(\)\)\)')


def inline_style_hashes(engine: Engine) -> tuple[list[str], list[str]]:
    """CSP hashes of the inline styles the engine's own script inserts, and what cannot be
    allowed.  Zensical's search dialog lives in a shadow root styled by one ``<style>`` element
    whose text is a constant of its bundle: the pages allow exactly that text by its hash
    (``'unsafe-inline'`` would allow any style an attacker could inject)."""
    if engine is not Engine.ZENSICAL:
        return [], []
    spec = importlib.util.find_spec("zensical")
    folder = Path(spec.origin).parent / "templates" / "assets" / "javascripts" if spec and spec.origin else None
    bundles = sorted(folder.glob("bundle.*.min.js")) if folder and folder.is_dir() else []
    for bundle in bundles:
        script = bundle.read_text(encoding="utf-8")
        match = _SHADOW_STYLE.search(script)
        literal = match and re.search(r"(?:\bvar |,|\blet |\bconst )" + re.escape(match.group(1))
                                      + r"='((?:[^'\\]|\\.)*)'", script)
        if literal:
            text = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), literal.group(1))
            return ["sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()], []
    return [], ["这个版本的 Zensical 的搜索框样式找不到，网页的安全策略不放行它：搜索结果没有样式"]


def run_engine(engine: Engine, config: Path, output: Path, *, feed: PageFeed | None = None) -> None:
    """Build the tree whose ``mkdocs.yml`` is ``config`` into ``output``, strictly; MkDocs
    tells ``feed`` each page it has written."""
    if engine is Engine.MKDOCS:
        from .stage import run_mkdocs

        run_mkdocs(config, output, feed=feed)
        return
    if engine is Engine.PROPERDOCS:
        command = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config), "-d", str(output)]
        built = output
    else:
        # Zensical writes only inside the project's folder, where its settings say
        built = config.parent / "zensical-site"
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
        settings["site_dir"] = built.name
        config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
        command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config)]
    done = subprocess.run(command, cwd=config.parent, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (built / "index.html").is_file():
        details = "\n".join(f"  {engine.value}: {line}" for line in (done.stdout + done.stderr).splitlines()[-20:])
        raise OutputError(f"{engine.value} build --strict 失败（退出码 {done.returncode}）：\n{details}".rstrip())
    if built != output:
        if output.exists():
            shutil.rmtree(output)
        os.replace(built, output)  # the same file system: the tree is built beside the site
