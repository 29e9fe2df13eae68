"""Read YAML while remembering the line every value came from.

Pydantic reports errors by location (``("sessions", 3, "date")``); the user needs a
line number.  We compose PyYAML's node tree and build plain values ourselves,
recording ``path -> line`` for every mapping key and sequence item on the way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..linebreaks import SEPARATORS

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
    breaks: dict[Loc, str] = field(default_factory=dict)
    """Values that hold a line or paragraph separator (only a quoted escape can write
    one), with the first such character: the model decides whether that is allowed."""

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc`` or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


# C0 controls except tab/newline/carriage return, DEL, C1 controls and the two
# non-characters: invisible, never meant, and not allowed in the XML of letters and feeds
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

_SEPARATOR = re.compile("[" + "".join(SEPARATORS) + "]")
_HIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""The control characters a quoted escape can write, separators aside (the field decides)."""


def separator_message(char: str) -> str:
    return (f"有{SEPARATORS[char]} U+{ord(char):04X}（常见于从 Word、网页复制的文字）；这是单行的字段，"
            "不能换行：请把它换成空格或“；”")


def normalise_breaks(text: str) -> str:
    """Multi-line text with every separator read as ``\\n`` (``\\r\\n`` as one)."""
    return _SEPARATOR.sub("\n", text.replace("\r\n", "\n")) if _SEPARATOR.search(text) else text


def control_character_problem(text: str) -> tuple[int, str] | None:
    """(line, message) for the first control character in ``text``, if any."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return line, f"第 {column} 个字符处有{_control_message(found.group())}"


def _control_message(char: str) -> str:
    if char in SEPARATORS:
        return (f"{SEPARATORS[char]} U+{ord(char):04X}（常见于从 Word、网页复制的文字）；"
                "要换行请直接另起一行（多行文字用“|”块），否则请换成空格")
    return (f"看不见的控制字符 U+{ord(char):04X}（常见于从 Word、网页或微信复制的文字）；"
            "它会让文书和订阅源出错，请删掉它")


def decode(raw: bytes, *, multiline: bool = False) -> str:
    """Decode UTF-8 (with or without BOM); name the likely encoding when it is not.
    Control characters are refused here, so no content text carries one; in a
    ``multiline`` file (Markdown) line and paragraph separators are line breaks."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gbk")
        except UnicodeDecodeError:
            hint = "文件不是 UTF-8 编码"
        else:
            hint = "文件似乎是 GBK/GB2312 编码（旧编辑器保存）"
        raise SourceError(line, f"{hint}；请用编辑器“另存为 UTF-8”后重试") from None
    if multiline:
        text = normalise_breaks(text)
    problem = control_character_problem(text)
    if problem is not None:
        raise SourceError(*problem)
    return text


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


_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_DAY = re.compile("([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
"""A day alone, as PyYAML's timestamp pattern reads it (a time after it goes the long way)."""


def _scalar(node: yaml.ScalarNode, builder: _Builder) -> Any:
    # YAML 1.1 reads 9:30 as the sexagesimal integer 570; a schedule means a time.
    if node.tag.endswith((":int", ":float")) and ":" in node.value:
        return node.value
    # 010-less phone numbers such as 01012345678 would lose their leading zero.
    if node.tag.endswith(":int") and not node.style and len(node.value) > 1 and node.value.startswith("0"):
        return node.value
    try:
        # most values of a city's thousands of case files are text and days: read those
        # directly, as SafeConstructor would (its general dispatch was a tenth of check)
        if node.tag == _STR:
            value = node.value
        elif node.tag == _TIMESTAMP and (day := _DAY.fullmatch(node.value)):
            value = dt.date(int(day[1]), int(day[2]), int(day[3]))
        else:
            value = builder.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError):
        if node.tag.endswith(":timestamp"):
            raise SourceError(
                node.start_mark.line + 1, f"“{node.value}”不是真实存在的日期；请按 YYYY-MM-DD 写一个有效日期"
            ) from None
        raise SourceError(node.start_mark.line + 1, "无法读取这个值；请检查写法，文字可以加引号") from None
    if isinstance(value, str) and node.style == '"':  # "\x08" escapes can make what decode() refused
        found = _HIDDEN.search(value)
        if found is not None:
            raise SourceError(node.start_mark.line + 1, "引号里的转义写出了" + _control_message(found.group()))
    return value


MAX_ALIASES = 10_000
"""References to an anchor (``*name``) in one file: a city's schedule reuses a few
sessions a few thousand times at most."""
MAX_ALIASED_VALUES = 200_000
"""Values copied in through references: nested anchors multiply (9 levels of 9
references are 387 million values: the "billion laughs"), so the total is bounded."""

_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_MERGE = f"{_CORE}merge"


@dataclass
class _Expansion:
    """What building one document took: nodes met before are references to an anchor."""

    seen: set[int] = field(default_factory=set)
    aliases: int = 0
    aliased_values: int = 0
    depth: int = 0  # > 0 while inside a referenced value


def _shown_tag(tag: str) -> str:
    tag = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
    return tag if len(tag) <= 40 else tag[:40] + "…"


def _check_node(node: yaml.Node, state: _Expansion) -> None:
    if node.tag not in _PLAIN_TAGS:
        raise SourceError(
            node.start_mark.line + 1,
            f"不支持的 YAML 标记“{_shown_tag(node.tag)}”；内容文件只用文字、数字、日期、列表和“字段: 值”，"
            "请删掉以 ! 开头的标记（文字本身以 ! 开头时请加引号）",
        )
    if state.depth:
        state.aliased_values += 1
        if state.aliased_values > MAX_ALIASED_VALUES:
            raise SourceError(node.start_mark.line + 1,
                              f"引用（*名字）展开后超过 {MAX_ALIASED_VALUES} 个值，文件被放大到无法处理；"
                              "请不要在被引用的内容里再层层引用")


def _build(node: yaml.Node, loc: Loc, lines: LineMap, builder: _Builder, state: _Expansion) -> Any:
    lines.lines.setdefault(loc, node.start_mark.line + 1)
    again = id(node) in state.seen
    if again:
        state.aliases += 1
        if state.aliases > MAX_ALIASES:
            raise SourceError(node.start_mark.line + 1,
                              f"引用（*名字）超过 {MAX_ALIASES} 次；请直接写出内容，或把文件拆小")
    elif not isinstance(node, yaml.ScalarNode):
        state.seen.add(id(node))
    state.depth += again
    try:
        _check_node(node, state)
        if isinstance(node, yaml.ScalarNode):
            value = _scalar(node, builder)
            if node.style == '"' and isinstance(value, str) and (found := _SEPARATOR.search(value)):
                lines.breaks[loc] = found.group()
            return value
        if isinstance(node, yaml.SequenceNode):
            return [_build(item, (*loc, i), lines, builder, state) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        return _mapping(node, loc, lines, builder, state)
    finally:
        state.depth -= again


def _merged_pairs(value: yaml.Node) -> list[tuple[yaml.Node, yaml.Node]]:
    """The pairs a ``<<: *base`` (or ``<<: [*a, *b]``) brings in, earliest source first."""
    sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    for source in sources:
        if not isinstance(source, yaml.MappingNode):
            raise SourceError(source.start_mark.line + 1,
                              "“<<”只能合并一组“字段: 值”（如 <<: *基本安排）；请检查引用的内容")
        pairs.extend(source.value)
    return pairs


def _mapping(node: yaml.MappingNode, loc: Loc, lines: LineMap, builder: _Builder, state: _Expansion) -> Any:
    result: dict[Any, Any] = {}
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            # merge keys reuse a session's common fields; what is written here wins
            state.depth += 1
            try:
                _check_node(value_node, state)
                merged.extend(_merged_pairs(value_node))
            finally:
                state.depth -= 1
            continue
        key = _key(key_node, builder)
        if key in result:
            raise SourceError(
                key_node.start_mark.line + 1, f"字段“{key}”在同一处写了两次；请删掉一个"
            )
        where = (*loc, key)
        lines.lines[where] = key_node.start_mark.line + 1
        if type(value_node) is yaml.ScalarNode and value_node.tag == _STR and not value_node.style \
                and not state.depth:
            result[key] = value_node.value  # plain text, as _build reads it: most of a case file
        else:
            result[key] = _build(value_node, where, lines, builder, state)
    for key_node, value_node in merged:
        key = _key(key_node, builder)
        if key in result:
            continue
        lines.lines[(*loc, key)] = key_node.start_mark.line + 1
        state.depth += 1
        try:
            result[key] = _build(value_node, (*loc, key), lines, builder, state)
        finally:
            state.depth -= 1
    return result


def _key(node: yaml.Node, builder: _Builder) -> str | int:
    if type(node) is yaml.ScalarNode and node.tag == _STR and not node.style:
        return str(node.value)  # a plain word: nearly every key
    key = _scalar(node, builder) if isinstance(node, yaml.ScalarNode) and node.tag in _PLAIN_TAGS else None
    if isinstance(key, dt.date):
        key = key.isoformat()
    if not isinstance(key, str | int) or isinstance(key, bool):
        raise SourceError(node.start_mark.line + 1, "键必须是简单的文字")
    return key


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
        value = _build(node, (), lines, _Builder(), _Expansion())
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
