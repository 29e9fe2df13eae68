"""Where a command may write: the one guard every writing command passes first.

``build --site-dir`` replaces a whole folder and ``--letters-dir``/``schema -o`` fill
one, so a slip of the keyboard (``--site-dir content``, ``--site-dir .``) must never
reach the content, the case files, the project or anything else that xinfang did not
make.  A folder xinfang made carries a small stamp file; a folder without one is
only used when it is absent or empty.  Letters and the ledger hold private data and
are never written inside a published site, whose privacy scan they would bypass.

Every refusal is a ``UsageError`` (exit 2) raised before anything is touched.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .errors import UsageError, display_path

STAMP = ".xinfang-output"
"""The file that marks a folder as made by xinfang: ``{"kind": ...}`` as JSON."""

PROJECT_MARKERS = (".git", "mkdocs.yml", "pyproject.toml")
"""A folder holding one of these is a project (ours or another), never an output folder."""

LEGACY_SITE_FILES = ("404.html", "search/search_index.json", "data/schedule.json")


class OutputKind(Enum):
    SITE = "site"
    LETTERS = "letters"
    SCHEMAS = "schemas"

    @property
    def label(self) -> str:
        return {"site": "网站", "letters": "文书", "schemas": "JSON Schema"}[self.value]

    @property
    def legacy_suffixes(self) -> tuple[str, ...]:
        """Files an unstamped folder may hold and still be taken as ours: what older
        versions of xinfang wrote there before folders were stamped."""
        return {"site": (), "letters": (".docx", ".pdf"), "schemas": (".schema.json",)}[self.value]


@dataclass(frozen=True)
class Protected:
    """The folders no output may replace, contain or sit inside."""

    content: Path
    cases: tuple[Path, ...]
    roots: tuple[Path, ...]

    @classmethod
    def around(cls, content: Path, cases: Iterable[Path] = ()) -> Protected:
        """The content folder, the case folders, the working directory and the project
        that holds the content (its nearest ancestor with .git, mkdocs.yml or pyproject)."""
        content = content.resolve()
        roots = [Path.cwd().resolve()]
        project = next((p for p in (content, *content.parents)
                        if any((p / marker).exists() for marker in PROJECT_MARKERS)), None)
        if project is not None:
            roots.append(project)
        return cls(content, tuple(dict.fromkeys(c.resolve() for c in cases)), tuple(dict.fromkeys(roots)))

    def _named(self) -> list[tuple[Path, str]]:
        return ([(self.content, "内容目录")] + [(c, "案件目录") for c in self.cases]
                + [(r, "项目根目录") for r in self.roots])


OUTPUT_SUFFIXES = (".docx", ".pdf", ".xlsx")


def _only_outputs(folder: Path) -> bool:
    """Nothing but letters, ledgers and our stamps under ``folder``."""
    for _, _, files in os.walk(folder):
        for name in files:
            if not (name.lower().endswith(OUTPUT_SUFFIXES) or name == STAMP or name.startswith(".~lock.")):
                return False
    return True


def _refuse_project_folders(target: Path, place: Path, what: str, protected: Protected) -> None:
    """Inside a project an output goes to the root itself or to a folder of outputs (one
    xinfang made, a new one, one of letters and ledgers only), never into the project's own
    folders: letter_templates/ (a letter there would be taken for a template), deploy/, code."""
    for root in protected.roots:
        if place == root or root not in place.parents or not any((root / m).exists() for m in PROJECT_MARKERS):
            continue
        top = root / place.relative_to(root).parts[0]
        if top == target:  # an output folder of its own: the checks of the folder itself apply
            continue
        if not top.exists() or (top.is_dir() and not top.is_symlink()
                                and (read_stamp(top) is not None or _only_outputs(top))):
            continue
        raise UsageError(f"{what} {_shown(target)} 在项目自己的目录 {_shown(top)} 里"
                         "（那里放的是模板、部署文件或程序）；已停止，未做任何改动。"
                         "请换一个位置，如默认的 letters/，或项目之外的目录")


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def read_stamp(folder: Path) -> dict[str, str] | None:
    try:
        data = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("kind"), str) else None


def write_stamp(folder: Path, kind: OutputKind, **extra: str) -> None:
    (folder / STAMP).write_text(json.dumps({"kind": kind.value, **extra}, ensure_ascii=False) + "\n",
                                encoding="utf-8")


def published_site_around(path: Path) -> Path | None:
    """The published site folder that ``path`` is in (or is), if any."""
    for folder in (path, *path.parents):
        stamp = read_stamp(folder)
        if stamp is not None and stamp["kind"] == OutputKind.SITE.value:
            return folder
    return None


def _shown(path: Path) -> str:
    return display_path(path)


def _check_place(target: Path, what: str, protected: Protected, sites: Iterable[Path]) -> None:
    """Refuse a target that is, holds or sits inside something it must not touch."""
    if ".git" in target.parts:
        raise UsageError(f"{what} {_shown(target)} 在 .git 目录里；请换一个输出位置")
    named = protected._named()
    # the folder itself first: "." is the project root before it is the content's parent
    for folder, name in [(f, n) for f, n in named if f == target] + [(f, n) for f, n in named if target in f.parents]:
        relation = "就是" if target == folder else "是其上级目录："
        raise UsageError(f"{what} {_shown(target)} {relation}{name} {_shown(folder)}；"
                         "输出会覆盖它，已停止，未做任何改动。请换一个单独的输出目录（如默认的 site/、letters/）")
    for folder, name in protected._named()[: 1 + len(protected.cases)]:
        if folder in target.parents:
            raise UsageError(f"{what} {_shown(target)} 在{name} {_shown(folder)} 里面；"
                             "输出不能放进内容或案件目录，请换一个位置")
    _refuse_project_folders(target, target, what, protected)
    _refuse_inside_sites(target, target, what, sites)


def check_output_folder(folder: Path, kind: OutputKind, protected: Protected, *,
                        site: Path | None = None) -> Path:
    """The resolved ``folder`` if ``kind`` may be written there; else ``UsageError``.

    ``site`` is the site folder of the same command (``build``), which the letters
    must stay out of even before it was first published."""
    target = folder.resolve()
    what = f"{kind.label}输出目录"
    sites: list[Path] = []
    if kind is not OutputKind.SITE:
        found = published_site_around(target)
        sites = [p for p in (found, site.resolve() if site else None) if p is not None]
    else:
        found = published_site_around(target.parent)
        if found is not None:
            sites = [found]
    _check_place(target, what, protected, sites)
    if folder.is_symlink() and kind is OutputKind.SITE:
        raise UsageError(f"{what} {_shown(folder)} 是一个符号链接；请直接写真实目录的路径 {_shown(target)}")
    if not target.exists():  # (a file in the way of its parent is reported when writing, as an OSError)
        return target
    if not target.is_dir():
        raise UsageError(f"{what} {_shown(target)} 已存在，但它是文件而不是目录；为免覆盖，已停止。"
                         "请换一个目录名，或确认这个文件无用后自己删除")
    markers = [m for m in PROJECT_MARKERS if (target / m).exists()]
    if markers:
        raise UsageError(f"{what} {_shown(target)} 里有 {markers[0]}，是一个项目目录；"
                         "输出会覆盖它，已停止，未做任何改动。请换一个单独的输出目录")
    stamp = read_stamp(target)
    if stamp is not None:
        if stamp["kind"] != kind.value:
            known = stamp["kind"] in {k.value for k in OutputKind}
            made = (f"是 xinfang 生成的{OutputKind(stamp['kind']).label}目录" if known
                    else f"的标记文件 {STAMP} 无法识别")
            raise UsageError(f"{what} {_shown(target)} {made}，不能用作{kind.label}输出；请换一个目录")
        return target
    if _ours_unstamped(target, kind):
        return target
    raise UsageError(f"{what} {_shown(target)} 已存在，且不是 xinfang 生成的（里面没有 {STAMP} 标记）；"
                     "为免覆盖其中的文件，已停止，未做任何改动。请指定一个不存在的目录，"
                     "或确认其中内容无用后自己清空它")


def _ours_unstamped(folder: Path, kind: OutputKind) -> bool:
    """An empty folder, or one holding only what older versions wrote there."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return False
    if kind is OutputKind.SITE and entries:
        # a site published before sites were stamped: MkDocs' search index and 404
        # page with xinfang's open data beside them
        return all((folder / name).is_file() for name in LEGACY_SITE_FILES)
    suffixes = kind.legacy_suffixes
    return all((e.is_file(follow_symlinks=False) and e.name.endswith(suffixes))
               or e.name.startswith(".~lock.")  # LibreOffice's lock file beside an open letter
               for e in entries)


def check_output_file(file: Path, suffix: str, what: str, protected: Protected, *,
                      site: Path | None = None) -> Path:
    """The resolved ``file`` if an internal document (letter, ledger) may be written
    there: a ``suffix`` file outside the content, the cases and any published site."""
    if file.is_symlink():
        raise UsageError(f"{what} {_shown(file)} 是一个符号链接；请写真实文件的路径")
    target = file.resolve()
    if target.suffix.lower() != suffix:
        raise UsageError(f"{what} {_shown(file)} 的扩展名应为 {suffix}；请改为如 {target.stem}{suffix}"
                         "（这样也不会误覆盖其他类型的文件）")
    if target.exists() and not target.is_file():
        kind = "目录" if target.is_dir() else "特殊文件"
        raise UsageError(f"{what} {_shown(file)} 已存在，且是一个{kind}；请写一个文件路径，如 "
                         f"{_shown(target / ('文书' + suffix)) if target.is_dir() else '台账' + suffix}")
    folder = target.parent
    sites = [p for p in (published_site_around(folder), site.resolve() if site else None) if p is not None]
    _check_place_for_file(target, folder, what, protected, sites)
    return target


def _check_place_for_file(target: Path, folder: Path, what: str, protected: Protected,
                          sites: list[Path]) -> None:
    if ".git" in folder.parts:
        raise UsageError(f"{what} {_shown(target)} 在 .git 目录里；请换一个输出位置")
    for inside, name in protected._named()[: 1 + len(protected.cases)]:
        if _within(folder, inside):
            raise UsageError(f"{what} {_shown(target)} 在{name} {_shown(inside)} 里面；"
                             "文书和台账不能放进内容或案件目录，请换一个位置")
    _refuse_project_folders(target, folder, what, protected)
    _refuse_inside_sites(target, folder, what, sites)


def _refuse_inside_sites(target: Path, place: Path, what: str, sites: Iterable[Path]) -> None:
    """Letters and ledgers written under a published site would be public and unscanned."""
    for site in sites:
        if _within(place, site):
            raise UsageError(f"{what} {_shown(target)} 在网站目录 {_shown(site)} 里面；文书、台账等内部资料"
                             "不能放进网站（会被公开，也绕过了隐私检查），请换一个位置")


def mark_output_folder(folder: Path, kind: OutputKind) -> None:
    """Create ``folder`` if needed and stamp it as a ``kind`` output of xinfang."""
    folder.mkdir(parents=True, exist_ok=True)
    if read_stamp(folder) is None:
        write_stamp(folder, kind)
