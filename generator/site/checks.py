"""Checks on the built site before it is published: external assets, dead links,
page and search-index size.  (The privacy scan lives in ``privacy.scan``.)"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

PAGE_BUDGET = 100 * 1024
SEARCH_INDEX_BUDGET = 5 * 1024 * 1024

_ASSET_ATTR = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed|track)\b[^>]*?\ssrc\s*=\s*[\"']([^\"']+)",
    re.IGNORECASE,
)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_LINK_HREF = re.compile(r"\shref\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
_LINK_REL = re.compile(r"\srel\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
# <link rel> values that make the browser fetch something; canonical/alternate only name a URL
_FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "modulepreload",
                  "manifest", "preconnect", "dns-prefetch", "mask-icon"}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", re.IGNORECASE)
_HREF = re.compile(r"\s(?:href|src)\s*=\s*\"([^\"]+)\"", re.IGNORECASE)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def _text_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes]


def find_external_assets(folder: Path) -> list[Finding]:
    """Scripts, styles, fonts and images that would be fetched from another host."""
    findings = []
    for path in _text_files(folder, (".html", ".css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            urls = [m.group(1) for m in _ASSET_ATTR.finditer(text)]
            for tag in _LINK_TAG.findall(text):
                rel, href = _LINK_REL.search(tag), _LINK_HREF.search(tag)
                if href and rel and set(rel.group(1).lower().split()) & _FETCHING_RELS:
                    urls.append(href.group(1))
            urls += [m.group(1) or m.group(2) for m in _CSS_URL.finditer(text)]
        else:
            urls = [m.group(1) or m.group(2) for m in _CSS_URL.finditer(text)]
        for url in urls:
            if _EXTERNAL.match(url.strip()):
                findings.append(Finding(str(path.relative_to(folder)),
                                        f"引用了外部资源 {url}；网站只能使用自身的文件（政务内网无法访问外网）"))
    return findings


def find_dead_links(folder: Path) -> list[Finding]:
    """Internal links and assets whose target file does not exist (one walk of the tree,
    then set lookups: a city-scale site has hundreds of thousands of links)."""
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    findings = []
    for page in sorted(f for f in files if f.endswith(".html")):
        text = (folder / page).read_text(encoding="utf-8", errors="replace")
        base = posixpath.dirname(page)
        for url in set(_HREF.findall(text)):
            if _EXTERNAL.match(url) or url.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
                continue
            target = unquote(urlsplit(url).path)
            if not target:
                continue
            resolved = posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join(base, target))
            resolved = "" if resolved == "." else resolved + "/"
            if resolved.rstrip("/") not in files and f"{resolved}index.html" not in files:
                findings.append(Finding(page, f"链接指向不存在的地址 {url}"))
    return findings


def find_oversized(folder: Path, *, page_budget: int = PAGE_BUDGET,
                   index_budget: int = SEARCH_INDEX_BUDGET) -> list[Finding]:
    findings = []
    for path in _text_files(folder, (".html",)):
        size = path.stat().st_size
        if size > page_budget:
            findings.append(Finding(str(path.relative_to(folder)),
                                    f"页面 {size // 1024} KB，超过 {page_budget // 1024} KB 的上限（手机加载太慢）"))
    index = folder / "search" / "search_index.json"
    if index.exists() and index.stat().st_size > index_budget:
        findings.append(Finding("search/search_index.json",
                                f"搜索索引 {index.stat().st_size // 1024} KB，超过 {index_budget // 1024} KB"))
    return findings
