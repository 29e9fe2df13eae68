"""The letter templates shipped with xinfang, and how an office's copies differ from them.

``xinfang init`` copies them into the office's ``letter_templates/`` for the clerk to edit;
an office without that folder (the repository's sample, one made before init wrote
templates) writes its letters from these.  After an upgrade, ``xinfang templates diff``
shows what changed between the installed version's wording and the office's, so a
corrected sentence can be taken over by hand without losing the office's own edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent / "letter_templates"
"""Package data: every ``<kind>.j2``, ``_common.j2`` and the README on how to edit them."""

FOLDER = "letter_templates"
"""The office's folder of templates, beside its ``content/``."""


def office_folder(content_dir: Path, cwd: Path) -> Path | None:
    """The office's own ``letter_templates/``: beside its content, else in the working folder."""
    for candidate in (content_dir.resolve().parent / FOLDER, cwd / FOLDER):
        if candidate.is_dir():
            return candidate
    return None


def shipped_files() -> dict[str, bytes]:
    """Every shipped template file by name."""
    return {p.name: p.read_bytes() for p in sorted(SHIPPED.iterdir()) if p.is_file() and not p.name.startswith(".")}


@dataclass(frozen=True)
class TemplateDifference:
    name: str
    state: str
    """``changed``, ``missing`` (shipped, not in the office), ``extra`` (only the office's)."""
    diff: list[str]


def compare(folder: Path) -> list[TemplateDifference]:
    """How ``folder`` differs from the shipped templates, file by file, as unified diffs
    from the shipped text (``a/``) to the office's (``b/``)."""
    import difflib  # only this command compares; a letter needs the paths alone

    shipped = shipped_files()
    office = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}
    found: list[TemplateDifference] = []
    for name in sorted(shipped.keys() | office.keys()):
        old, new = shipped.get(name), office.get(name)
        if old == new:
            continue
        state = "missing" if new is None else "extra" if old is None else "changed"
        diff = list(difflib.unified_diff(
            _lines(old), _lines(new), fromfile=f"xinfang/{name}" if old is not None else "/dev/null",
            tofile=f"{FOLDER}/{name}" if new is not None else "/dev/null", lineterm=""))
        found.append(TemplateDifference(name, state, diff))
    return found


def _lines(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8", errors="replace").splitlines()


def diff_lines(content_dir: Path, folder: Path | None) -> list[str]:
    """``xinfang templates diff``: how the office's templates (``folder``, else its own folder
    found as letters find it) differ from the shipped ones, as the lines to print."""
    from ..errors import UsageError

    if folder is None:
        folder = office_folder(content_dir, Path.cwd())
        if folder is None:
            return [f"本机构没有自己的 {FOLDER}/（应与 {content_dir} 放在同一级）：文书用的就是随这个版本的 xinfang "
                    "安装的模板，无需比较。"]
    if not folder.is_dir():
        raise UsageError(f"模板目录 {folder} 不存在；请写本机构 {FOLDER}/ 的路径")
    differences = compare(folder)
    lines: list[str] = []
    for item in differences:
        if item.state == "extra":
            lines.append(f"# {item.name}：只有本机构有（随 xinfang 安装的模板里没有这个文件）")
        elif item.state == "missing":
            lines.append(f"# {item.name}：本机构没有，新版 xinfang 带有这个模板（可以复制过去）")
        else:
            lines.append(f"# {item.name}：本机构改过，或新版改了措辞")
        lines += item.diff
    if differences:
        lines.append(f"共 {len(differences)} 个文件不同。“-”行是随 xinfang 安装的模板，“+”行是 {folder} 里的；"
                     "需要新版的改动时，把“-”行的内容照着改进本机构的模板。")
    else:
        lines.append(f"{folder} 与随 xinfang 安装的模板完全相同。")
    return lines
