"""``xinfang serve`` runs the build's privacy scan after every MkDocs rebuild; when it finds
a leak, every page of the preview becomes an error page that lists the findings (masked),
and the other files (feeds, data, calendars, search index) are removed, so the private
value is not shown even on the preview — which may be on a shared screen or a LAN address.
The live-reload script MkDocs adds to every page brings the real pages back after the
next save that fixes the content."""

from __future__ import annotations

import html
import sys
from pathlib import Path

import yaml

from ...prepared import Prepared

HOOKS_FILE = str(Path(__file__).with_name("serve_hooks.py").resolve())
KEEP = ("assets/",)
"""The theme's own files: no content, and the error page's neighbours may need them."""


class LeakGuard:
    """The prepared content the preview was last generated from, and the scan of its build."""

    def __init__(self) -> None:
        self.prepared: Prepared | None = None

    def after_build(self, site_dir: Path) -> list[str]:
        """Scan the freshly built preview; on a leak replace it with the error page."""
        from .stage import privacy_problems

        if self.prepared is None:
            return []
        problems = privacy_problems(self.prepared, site_dir, parallel=False)
        if problems:
            print(f"发现个人信息，预览页面已换成错误页（{len(problems)} 处）：", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
            replace_with_error_page(site_dir, problems)
        return problems


GUARD = LeakGuard()


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
