"""Read each kind of content file into model records, collecting every problem.

Each list item is validated on its own, so one bad leader does not hide the
others and does not cause a cascade of "leader not defined" errors elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem, display_path
from ..model.base import is_multiline
from .files import Folders
from .messages import translate
from .yaml_source import (
    LineMap,
    Loc,
    SourceError,
    decode,
    normalise_breaks,
    parse_yaml,
    separator_message,
    split_front_matter,
)

if TYPE_CHECKING:
    from . import CaseFiles

M = TypeVar("M", bound=BaseModel)


@dataclass
class Collector:
    """Problems found so far, and which kinds of record may be incomplete."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    incomplete: set[str] = field(default_factory=set)
    allowed: list[Path] = field(default_factory=list)
    """Folders content files may live in (besides ``root``): the cases folder."""
    case_files: CaseFiles | None = None
    """``load.CaseFiles``: the case files an earlier load read, to reuse those unchanged."""
    _folders: Folders | None = field(default=None, init=False, repr=False)
    _shown: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    """A folder's path (with its final separator) -> how it is shown, ending with a separator
    unless it is the working folder (shown as nothing): looked up once per folder."""

    def allow(self, folder: Path) -> None:
        """Let files be read from ``folder`` too (the cases folder, once office.yaml names it)."""
        self.allowed.append(folder)
        self._folders = None

    @property
    def folders(self) -> Folders:
        """The folders reads are allowed in, resolved once per set of folders."""
        if self._folders is None:
            self._folders = Folders([self.root, *self.allowed])
        return self._folders

    def apart(self) -> Collector:
        """A collector over the same folders (their look-ups shared) with no problems yet."""
        other = Collector(self.root, allowed=list(self.allowed))
        other._folders, other._shown = self.folders, self._shown
        return other

    def read(self, path: Path) -> bytes:
        """A content file's bytes; ``SourceError`` for a symlink out of the content,
        a device, a FIFO or a huge file."""
        return self.folders.read(path)

    def where(self, path: Path) -> str:
        """``path`` as the user sees it: its folder's shown path and its own name (a link is
        named as itself, not by where it points)."""
        name = path.name
        if name in ("", ".", ".."):
            return display_path(path, self.root)
        # by the folder's text: a new Path for the parent, hashed, and another one joined for
        # every file were most of the look-up (a city's 5,000 cases are each named here)
        text = str(path)
        folder = text[:len(text) - len(name)]
        shown = self._shown.get(folder)
        if shown is None:
            shown = self._shown[folder] = str(Path(display_path(path.parent, self.root)) / "_")[:-1]
        return shown + name

    def add(self, path: Path | str, line: int, message: str) -> None:
        shown = path if isinstance(path, str) else self.where(path)
        self.problems.append(Problem(shown, line, message))


def read_document(path: Path, out: Collector, kind: str) -> tuple[Any, LineMap] | None:
    try:
        return parse_yaml(decode(out.read(path)))
    except SourceError as exc:
        out.add(path, exc.line, exc.message)
    except OSError as exc:
        out.add(path, 0, f"无法读取文件：{exc.strerror}")
    out.incomplete.add(kind)
    return None


def _line_breaks(model: type[M], data: Any, lines: LineMap, path: Path, out: Collector, loc: Loc) -> None:
    """A separator in a multi-line field is a line break; in any other field, an error."""
    for where, char in lines.breaks.items():
        if where[: len(loc)] != loc:
            continue
        inner = where[len(loc):]
        if not is_multiline(model, inner):
            name = next((step for step in reversed(inner) if isinstance(step, str)), "")
            out.add(path, lines.line_of(where), f"“{name}”{separator_message(char)}")
            continue
        holder = data
        for step in inner[:-1]:
            holder = holder[step]
        holder[inner[-1]] = normalise_breaks(holder[inner[-1]])


def validate(
    model: type[M], data: Any, lines: LineMap, path: Path, out: Collector, *, loc: Loc = ()
) -> M | None:
    if lines.breaks:
        _line_breaks(model, data, lines, path, out, loc)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for line, message in translate(exc, model, lines, base=loc):
            out.add(path, line, message)
        return None


def expect_mapping(data: Any, path: Path, out: Collector, kind: str, keys: str) -> bool:
    if isinstance(data, dict):
        return True
    out.add(path, 1, f"文件的最外层应为若干“字段: 值”（{keys}），而不是{type(data).__name__}")
    out.incomplete.add(kind)
    return False


def _blank(path: Path) -> bool:
    """Nothing but comments and blank lines (unreadable files are left to read_document)."""
    try:
        text = decode(path.read_bytes())
    except (OSError, SourceError):
        return False
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def read_list_file(
    path: Path, key: str, model: type[M], out: Collector, kind: str, *, allow_empty: bool = False
) -> list[tuple[M, int]]:
    """Read ``key: [items]`` and validate each item; returns (record, line) pairs.

    ``allow_empty``: an empty file or ``key: []`` is a valid answer (an office that
    publishes no topics), not a mistake."""
    if allow_empty and _blank(path):
        return []
    document = read_document(path, out, kind)
    if document is None:
        return []
    data, lines = document
    if allow_empty and (data is None or (isinstance(data, dict) and data.get(key) in (None, []))):
        if isinstance(data, dict) and set(data) - {key}:
            out.add(path, 1, f"这个文件只有“{key}:”一项；请删去其他字段")
        return []
    if not expect_mapping(data, path, out, kind, f"{key}:"):
        return []
    unknown = [k for k in data if k != key]
    for name in unknown:
        out.add(path, lines.line_of((name,)), f"未知字段“{name}”；这个文件只有“{key}:”一项")
    items = data.get(key)
    if not isinstance(items, list) or not items:
        out.add(path, lines.line_of((key,)), f"“{key}”应为非空列表（每项以“- ”开头）")
        out.incomplete.add(kind)
        return []
    records: list[tuple[M, int]] = []
    for index, item in enumerate(items):
        loc = (key, index)
        record = validate(model, item, lines, path, out, loc=loc)
        if record is None:
            out.incomplete.add(kind)
        else:
            records.append((record, lines.line_of(loc)))
    return records


def read_sections(
    path: Path, sections: dict[str, type[BaseModel]], out: Collector, kind: str, model: type[BaseModel]
) -> tuple[dict[str, list[tuple[Any, int]]], dict[str, tuple[Any, int]]]:
    """Read a file of several lists (a schedule file), validating each item; and the file's
    own settings, the fields of ``model`` that are not lists (a whole notice's
    ``date_uncertain``), each with its value and line."""
    result: dict[str, list[tuple[Any, int]]] = {name: [] for name in sections}
    settings: dict[str, tuple[Any, int]] = {}
    document = read_document(path, out, kind)
    if document is None:
        return result, settings
    data, lines = document
    own = [name for name in model.model_fields if name not in sections]
    if not expect_mapping(data, path, out, kind, "、".join(f"{s}:" for s in [*sections, *own])):
        return result, settings
    given = {name: data[name] for name in own if data.get(name) is not None}  # `date_uncertain:` alone: not given
    checked = validate(model, given, lines, path, out) if given else None
    if checked is None and given:
        out.incomplete.add(kind)
    for name in given if checked is not None else ():
        settings[name] = (getattr(checked, name), lines.line_of((name,)))
    for name, value in data.items():
        if name in own:
            continue
        if name not in sections:
            out.add(path, lines.line_of((name,)),
                    f"未知字段“{name}”；可用的字段：{'、'.join([*sections, *own])}")
            continue
        if value is None:
            continue
        if not isinstance(value, list):
            out.add(path, lines.line_of((name,)), f"“{name}”应为列表（每项以“- ”开头）")
            out.incomplete.add(kind)
            continue
        for index, item in enumerate(value):
            record = validate(sections[name], item, lines, path, out, loc=(name, index))
            if record is None:
                out.incomplete.add(kind)
            else:
                result[name].append((record, lines.line_of((name, index))))
    return result, settings


def read_markdown(path: Path, model: type[M], out: Collector, kind: str) -> M | None:
    """Read Markdown with YAML front matter; the id is the file name."""
    try:
        text = decode(out.read(path), multiline=True)
        meta_text, body, _ = split_front_matter(text)
        meta, lines = parse_yaml(meta_text, first_line=2) if meta_text.strip() else ({}, LineMap())
    except SourceError as exc:
        out.add(path, exc.line, exc.message)
        out.incomplete.add(kind)
        return None
    except OSError as exc:
        out.add(path, 0, f"无法读取文件：{exc.strerror}")
        out.incomplete.add(kind)
        return None
    if not isinstance(meta, dict):
        out.add(path, 2, "开头的信息块应为若干“字段: 值”")
        out.incomplete.add(kind)
        return None
    for reserved in ("id", "body"):
        if reserved in meta:
            out.add(path, lines.line_of((reserved,)), f"不要写“{reserved}”：它由文件名和正文决定")
            meta = {k: v for k, v in meta.items() if k != reserved}
    lines.lines.setdefault((), 1)
    record = validate(model, {**meta, "id": path.stem, "body": body}, lines, path, out)
    if record is None:
        out.incomplete.add(kind)
    return record
