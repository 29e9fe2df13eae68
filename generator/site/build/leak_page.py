"""``xinfang serve`` runs the build's privacy scan after every MkDocs rebuild; when it finds
a leak, every page of the preview becomes an error page that lists the findings (masked),
and the other files (feeds, data, calendars, search index) are removed, so the private
value is not shown even on the preview — which may be on a shared screen or a LAN address.
The live-reload script MkDocs adds to every page brings the real pages back after the
next save that fixes the content."""

from __future__ import annotations

import html
import json
import os
import shutil
import sys
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

import jinja2
import yaml

from ...prepared import Prepared
from ...privacy.scan import SEARCH_INDEX, Scanner, format_leak, scan_bytes, secrets_from_cases

HOOKS_FILE = str(Path(__file__).with_name("serve_hooks.py").resolve())
KEEP = ("assets/",)
"""The theme's own files: no content, and the error page's neighbours may need them."""


class LeakGuard:
    """The prepared content the preview was last generated from, and the scan of its build.

    ``serve`` renders only the pages whose source changed (``serve_site``), so the guard
    scans only the files that build wrote, unless the private values themselves
    changed (a case edited: every file is searched again for the new values) or the
    preview was replaced by the error page (then the next build is a whole one)."""

    def __init__(self) -> None:
        self.prepared: Prepared | None = None
        self.whole_build = False
        """The next build must rebuild every page (see ``before_build``)."""
        self._scanner: tuple[object, Scanner] | None = None
        self._scanned_for: Prepared | None = None
        self._secrets: tuple[object, tuple[str, ...], tuple[object, ...]] | None = None
        """The private values of the last cases seen (and the leaders' names they leave out)."""
        """The content the scanner was last checked against (its private values worked out)."""
        self._build_started = 0.0
        self._rescan = True
        self.index_entries: list[dict[str, Any]] | None = None
        """The search index's entries of the pages this build rendered, when the rest of the
        index is as an earlier build wrote it (``serve_site``); None: scan the whole index."""

    def scanner(self) -> Scanner | None:
        """The scanner for the current content, compiled again only when its private values
        changed; a change means every file must be searched again."""
        from .stage import privacy_scanner

        if self.prepared is None:
            return None
        if self._scanner is not None and self._scanned_for is self.prepared:
            return self._scanner[1]  # (a save's pages, then its schedule files: two builds)
        prepared = self.prepared
        key = self._key(prepared)
        if self._scanner is None or self._scanner[0] != key:
            self._scanner = (key, privacy_scanner(prepared))
            self._rescan = True
        self._scanned_for = prepared
        return self._scanner[1]

    def current(self) -> Scanner | None:
        """The scanner compiled last if it is still the one for the prepared content (the same
        private values), else None: compiling one takes seconds at city scale, and the scan
        after MkDocs' next build does it (and then searches every file again)."""
        prepared, compiled = self.prepared, self._scanner
        if prepared is None or compiled is None:
            return None
        return compiled[1] if compiled[0] == self._key(prepared) else None

    def _key(self, prepared: Prepared) -> object:
        """What the scanner of ``prepared`` is made from: the private values, the office's public
        numbers and the leaders' names (public, and left out of the values)."""
        content = prepared.content
        names = tuple(leader.name for leader in content.leaders.values())
        secrets = self._secrets
        if secrets is None or secrets[0] is not content.cases or secrets[1] != names:
            # (the same cases, as a load that read no case file again gives them: the same values)
            secrets = self._secrets = (content.cases, names, tuple(secrets_from_cases(content)))
        return (secrets[2], tuple(content.office.public_numbers), names)

    def before_build(self, site_dir: Path) -> bool:
        """Empty the preview when a whole build is due (True then): nothing of the error
        page or of a removed page stays."""
        self._build_started = time.time()
        whole, self.whole_build = self.whole_build, False
        if whole and site_dir.is_dir():
            for child in site_dir.iterdir():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
            self._rescan = True
        return whole

    def after_build(self, site_dir: Path, *, written: list[str] | None = None,
                    checked: Collection[str] = ()) -> list[str]:
        """Scan the freshly built preview (what this build wrote: ``written``, or the files
        modified since ``before_build``; all of it after a change of private values or a whole
        build); on a leak replace it with the error page.  ``checked``: files of ``written``
        whose privacy was checked on the values they were generated from, against the private
        values still current (``tree.write_files``), as ``xinfang build`` checks them: not read
        again as text unless everything is."""
        from .stage import privacy_problems

        scanner = self.scanner()
        if scanner is None or self.prepared is None:
            return []
        entries, self.index_entries = self.index_entries, None
        only = None if self._rescan else [path for path in written if path not in checked] \
            if written is not None else written_since(site_dir, self._build_started - 1)  # (coarse clocks)
        self._rescan = False
        if only is not None and entries is not None and SEARCH_INDEX in only:
            only.remove(SEARCH_INDEX)  # its new entries only (a city's index is megabytes)
            fresh = json.dumps({"docs": entries}, ensure_ascii=False).encode("utf-8")
            leaks = [format_leak(leak) for leak in scan_bytes(scanner, fresh, SEARCH_INDEX)]
        else:
            leaks = []
        problems = leaks + privacy_problems(self.prepared, site_dir, parallel=False, scanner=scanner, only=only)
        if problems:
            print(f"发现个人信息，预览页面已换成错误页（{len(problems)} 处）：", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
            replace_with_error_page(site_dir, problems)
            self.whole_build = True  # the fixed pages must all come back, not only the edited ones
        return problems


GUARD = LeakGuard()


class CompiledTemplates(jinja2.BytecodeCache):
    """A Jinja bytecode cache in memory for the preview's rebuilds (``serve_hooks.on_env``): a
    template whose source changed is compiled again (Jinja compares the source's checksum)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = CompiledTemplates()


def written_since(folder: Path, start: float) -> list[str]:
    """The files under ``folder`` modified since ``start`` (a time.time()), relative: one walk
    of the folder, a city's preview holding some 13,000 files."""
    found = []
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            try:
                if os.stat(path).st_mtime >= start:
                    found.append(os.path.relpath(path, folder).replace(os.sep, "/"))
            except OSError:  # removed meanwhile: nothing to scan
                continue
    return found


def error_page(problems: list[str]) -> str:
    items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>预览已停止：发现个人信息</title>
<style>
body {{ font: 18px/1.7 system-ui, "Noto Sans CJK SC", sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; }}
h1 {{ color: #b71c1c; font-size: 1.6rem; }}
li {{ margin: .6rem 0; overflow-wrap: anywhere; }}
code {{ font: inherit; }}
</style>
</head>
<body>
<main>
<h1>预览已停止：发现个人信息</h1>
<p>公开的页面或文件里出现了信访人的个人信息（或像身份证号、手机号的号码），共 {len(problems)} 处。
<code>xinfang build</code> 会拒绝发布这样的网站。请按下面的提示修改内容文件并保存，本页会自动刷新。</p>
<ol>
{items}
</ol>
<p>号码和姓名已打码显示；文件名和行号指生成的网页，提示中的案件文件是信息的来源。</p>
</main>
</body>
</html>
"""


def replace_with_error_page(site_dir: Path, problems: list[str]) -> None:
    page = error_page(problems)
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.relative_to(site_dir).as_posix().startswith(KEEP):
            continue
        if path.suffix == ".html":
            path.write_text(page, encoding="utf-8")
        else:
            path.unlink()


def hooks_with_guard(config: Path) -> list[str]:
    """The generated configuration's hooks plus the guard's (MkDocs takes the list whole)."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    return [*(settings.get("hooks") or []), HOOKS_FILE]
