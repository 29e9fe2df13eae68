"""Read YAML while remembering the line every value came from.

Pydantic reports errors by location (``("sessions", 3, "date")``); the user needs a
line number.  We compose PyYAML's node tree and build plain values ourselves,
recording ``path -> line`` for every mapping key and sequence item on the way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]


class SourceError(Exception):
    """A file that cannot be read as YAML at all; ``line`` is 1-based (0 = whole file)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class LineMap:
    """Where each value of a parsed document starts."""

    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc`` or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def decode(raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM); name the likely encoding when it is not."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gbk")
        except UnicodeDecodeError:
            hint = "文件不是 UTF-8 编码"
        else:
            hint = "文件似乎是 GBK/GB2312 编码（旧编辑器保存）"
        raise SourceError(line, f"{hint}；请用编辑器“另存为 UTF-8”后重试") from None


_SCANNER_HINTS = {
    "found character '\\t'": "用了制表符（Tab）缩进；YAML 只能用空格缩进，请把 Tab 换成空格",
    "could not find expected ':'": "缺少冒号“:”（注意要用半角冒号，冒号后留一个空格）",
    "mapping values are not allowed here": "这里不能出现“:”；值里含冒号时请用引号括起来",
    "found duplicate anchor": "重复的锚点（&）",
    "expected <block end>, but found": "缩进不一致；同一层的条目要对齐",
}


# LibYAML's parser is ~10x faster than PyYAML's pure-Python one and keeps the same marks
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_problem(exc: yaml.YAMLError, source: str) -> SourceError:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 0
    text = str(getattr(exc, "problem", "") or exc)
    lines = source.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return SourceError(line, _SCANNER_HINTS["found character '\\t'"])
    for needle, hint in _SCANNER_HINTS.items():
        if needle in text or needle in str(exc):
            return SourceError(line, hint)
    return SourceError(line, f"YAML 语法错误：{text}；请检查这一行及上一行的缩进和引号")


class _Builder(yaml.constructor.SafeConstructor):
    """SafeConstructor used only for scalars, so tags resolve exactly as PyYAML would."""


def _scalar(node: yaml.ScalarNode, builder: _Builder) -> Any:
    # YAML 1.1 reads 9:30 as the sexagesimal integer 570; a schedule means a time.
    if node.tag.endswith((":int", ":float")) and ":" in node.value:
        return node.value
    # 010-less phone numbers such as 01012345678 would lose their leading zero.
    if node.tag.endswith(":int") and node.style is None and len(node.value) > 1 and node.value.startswith("0"):
        return node.value
    try:
        return builder.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError):
        if node.tag.endswith(":timestamp"):
            raise SourceError(
                node.start_mark.line + 1, f"“{node.value}”不是真实存在的日期；请按 YYYY-MM-DD 写一个有效日期"
            ) from None
        raise


def _build(node: yaml.Node, loc: Loc, lines: LineMap, builder: _Builder) -> Any:
    lines.lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, builder)
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*loc, i), lines, builder) for i, item in enumerate(node.value)
        ]
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, builder) if isinstance(key_node, yaml.ScalarNode) else None
            if isinstance(key, dt.date):
                key = key.isoformat()
            if not isinstance(key, str | int):
                raise SourceError(key_node.start_mark.line + 1, "键必须是简单的文字")
            if key in result:
                raise SourceError(
                    key_node.start_mark.line + 1, f"字段“{key}”在同一处写了两次；请删掉一个"
                )
            lines.lines[(*loc, key)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, (*loc, key), lines, builder)
        return result
    raise SourceError(node.start_mark.line + 1, "不支持的 YAML 结构")


def parse_yaml(text: str, *, first_line: int = 1) -> tuple[Any, LineMap]:
    """Parse one YAML document; ``first_line`` offsets lines (front matter starts at 2)."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        error = _yaml_problem(exc, text)
        raise SourceError(error.line + first_line - 1 if error.line else 0, error.message) from None
    if node is None:
        raise SourceError(0, "文件是空的；请填写内容或删除这个文件")
    lines = LineMap()
    try:
        value = _build(node, (), lines, _Builder())
    except SourceError as error:
        raise SourceError(error.line + first_line - 1, error.message) from None
    if first_line != 1:
        lines.lines = {k: v + first_line - 1 for k, v in lines.lines.items()}
    return value, lines


def read_yaml(path: Path) -> tuple[Any, LineMap]:
    """Read and parse a YAML file, raising SourceError with a user-facing message."""
    return parse_yaml(decode(path.read_bytes()))


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split ``---\\nyaml\\n---\\nbody``; returns (yaml, body, line where body starts)."""
    if not text.startswith("---"):
        raise SourceError(1, "缺少开头的 YAML 信息块；文件第一行应为“---”，随后写 title 等字段，再以“---”结束")
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    raise SourceError(1, "YAML 信息块没有结束；请在字段之后加一行“---”")
