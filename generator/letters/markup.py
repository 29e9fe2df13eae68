"""The plain-text form a letter template renders to, parsed into a LetterDocument.

A clerk edits templates in this form, so it is deliberately simple::

    格式: 信函                      (optional: 公文 (default) or 信函)
    机关标志: 示例市信访局            (optional: the red masthead)
    文号: 示信督〔2026〕3号           (optional)
    标题: 关于督促办理张某信访事项的函
    主送: 示例市人力资源和社会保障局
    ---
    正文，一行一段；空行忽略。
    一、以“一、”开头的行是第一层标题
    （一）第二层    1.第三层    （1）第四层
    \\1.以反斜杠开头的行是普通段落（如提示函里不加粗的编号事项）
    ---
    附件: 1.材料清单               (repeatable)
    署名: 示例市信访局
    日期: 2026年11月22日
    盖章: 是                       (是/否, default 是)
    附注: 联系人：王某
    抄送: 甲单位，乙单位            (split on ，、; repeatable)
    印发机关: 示例市信访局办公室
    印发日期: 2026年11月22日

Keys accept a half- or full-width colon.

Case values are data, never markup.  While a template renders, each value it places
becomes a placeholder (``DataSlots.slot``); the text is parsed with placeholders, and
the values go in afterwards.  A newline, ``---`` or ``机关标志:`` inside a petitioner's
name therefore stays inside the line that named it: it cannot add a masthead, a key
line, a separator, a paragraph or a heading.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from jinja2.runtime import Macro
from jinja2.sandbox import SandboxedEnvironment, is_internal_attribute

from ..linebreaks import LINE_ENDS
from .document import Block, BlockKind, LetterDocument, LetterFormat

HEADER_KEYS = {"格式", "机关标志", "文号", "标题", "主送"}
FOOTER_KEYS = {"附件", "署名", "日期", "盖章", "附注", "抄送", "印发机关", "印发日期"}
REPEATABLE = {"附件", "抄送"}

_HEADINGS = [
    (re.compile(r"^[一二三四五六七八九十百]+、"), BlockKind.HEADING1),
    (re.compile(r"^（[一二三四五六七八九十百]+）"), BlockKind.HEADING2),
    (re.compile(r"^\d+[.．]"), BlockKind.HEADING3),
    (re.compile(r"^（\d+）"), BlockKind.HEADING4),
]
_KEY_LINE = re.compile(r"^([^:：\s]+)\s*[:：]\s*(.*)$")


_OPEN, _CLOSE = "\ue000", "\ue001"
"""Private-use characters around a slot number; stripped from data, so data cannot forge a slot."""
_SLOT = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_LINE_BREAKS = re.compile(rf"\s*[{LINE_ENDS}]+\s*")


class TemplateText(str):
    """Text the template itself made (a macro's output, a formatted date or ordinal):
    markup, placed as it is."""

    __slots__ = ()


class DataSlots:
    """The values one rendering placed, by slot number (see the module docstring)."""

    def __init__(self) -> None:
        self.values: list[str] = []

    def slot(self, value: Any) -> str:
        """Jinja's ``finalize``: what ``{{ value }}`` writes into the markup."""
        if isinstance(value, TemplateText):
            return str(value)
        if isinstance(value, bool | int | float) or value is None:
            return "" if value is None else str(value)
        text = str(value)
        if _OPEN in text or _CLOSE in text:
            # a ``{% set %}`` block's text holds slots already: it is one value, as text
            text = self.fill(text).replace(_OPEN, "").replace(_CLOSE, "")
        text = _LINE_BREAKS.sub(" ", text).strip()
        self.values.append(text)
        return f"{_OPEN}{len(self.values) - 1}{_CLOSE}"

    def fill(self, text: str) -> str:
        if _OPEN not in text:  # most lines of a letter hold no value
            return text
        return _SLOT.sub(lambda m: self.values[int(m.group(1))] if int(m.group(1)) < len(self.values) else "", text)


_NO_SLOTS = DataSlots()
SLOTS = "xf_slots"
"""The render context's name for the DataSlots of the letter being rendered."""


@jinja2.pass_context
def _finalize(context: jinja2.runtime.Context, value: Any) -> str:
    # read from what the render was given (an imported macro file's context carries it too),
    # not through jinja's lookup of the template's own names: once for every value placed, and
    # a template's {% set xf_slots %} cannot turn the slots off
    slots = context.parent.get(SLOTS)
    return slots.slot(value) if isinstance(slots, DataSlots) else str(value)  # rendered without slots: as before


class LetterEnvironment(SandboxedEnvironment):
    """The sandbox letters render in: every ``{{ value }}`` becomes a slot, except what
    the template made itself (a macro's lines, a trusted filter's ordinal)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_finalize, **options)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's own rule, decided once per type: for an instance of an ordinary
        class (the letter's views, case records, dates, strings) jinja's
        ``is_internal_attribute`` reduces to ``attr.startswith("__")``, so only functions,
        methods, classes, code, frames and generators need its full check.  It ran for
        every ``{{ case.x }}`` of every letter and was a tenth of a letter's time."""
        if _ordinary(type(obj)):
            return not attr.startswith("_")
        return not (attr.startswith("_") or is_internal_attribute(obj, attr))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``{{ case.x }}``: on an ordinary object (the letter's views, case records, dates)
        a plain value is returned at once; methods, ``str.format`` and everything on special
        objects take the sandbox's full way (every value of every letter went through it)."""
        if not attribute.startswith("_") and _ordinary(type(obj)):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if not callable(value) and _ordinary(type(value)):  # what the full way returns too
                    return value
        return super().getattr(obj, attribute)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        result = super().call(__context, __obj, *args, **kwargs)
        return TemplateText(result) if isinstance(__obj, Macro) and isinstance(result, str) else result


_SPECIAL = (types.FunctionType, types.MethodType, type, types.CodeType, types.TracebackType, types.FrameType,
            types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType)
"""The kinds of object whose attributes jinja's ``is_internal_attribute`` inspects beyond ``__``."""


_ORDINARY: dict[type, bool] = {}


def _ordinary(kind: type) -> bool:
    known = _ORDINARY.get(kind)
    if known is None:
        known = _ORDINARY[kind] = not issubclass(kind, _SPECIAL)
    return known


def template_made(filters: Mapping[str, Any]) -> dict[str, Callable[..., Any]]:
    """Our own formatting filters (一, 2026年1月1日): their output is the template's text,
    so ``（{{ i | cn_ordinal }}）`` still starts a heading."""

    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
        def made(*args: Any, **kwargs: Any) -> Any:
            result = function(*args, **kwargs)
            return TemplateText(result) if isinstance(result, str) else result
        return made

    return {name: wrap(function) for name, function in filters.items()}


class MarkupError(ValueError):
    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source}:{line}: {message}")
        self.source = source
        self.line = line
        self.message = message


def block_kind(text: str) -> BlockKind:
    if text.startswith("\\"):
        return BlockKind.PARAGRAPH
    for pattern, kind in _HEADINGS:
        if pattern.match(text):
            return kind
    return BlockKind.PARAGRAPH


def _fields(lines: list[tuple[int, str]], allowed: set[str], source: str, part: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for number, text in lines:
        match = _KEY_LINE.match(text)
        if not match:
            raise MarkupError(source, number, f"{part}的每一行应写成“项目: 内容”，这一行是“{text}”")
        key, value = match.group(1), match.group(2).strip()
        if key not in allowed:
            raise MarkupError(source, number, f"{part}不认识“{key}”；可用：{'、'.join(sorted(allowed))}")
        if key in values and key not in REPEATABLE:
            raise MarkupError(source, number, f"“{key}”写了两次")
        values.setdefault(key, []).append(value)
    return values


def _fill_quoting(text: str, slots: DataSlots) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The slots filled, and where the template's own “ and ” enclose text: the spans (in the
    filled text) of what is inside.  Marks inside a value are data and are not counted."""
    if "“" not in text:
        return slots.fill(text), ()
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length, opened = 0, -1
    for index, piece in enumerate(_SLOT.split(text)):
        if index % 2:  # the split keeps each slot's number between the template's pieces
            value = slots.values[int(piece)] if int(piece) < len(slots.values) else ""
            out.append(value)
            length += len(value)
            continue
        for char in piece:
            length += 1
            if char == "“":
                opened = length
            elif char == "”" and opened >= 0:
                spans.append((opened, length - 1))
                opened = -1
        out.append(piece)
    return "".join(out), tuple(span for span in spans if span[1] > span[0])


def _block(line: str, slots: DataSlots) -> Block:
    filled, spans = _fill_quoting(line.removeprefix("\\"), slots)
    text = filled.strip()
    lead = len(filled) - len(filled.lstrip())
    quoted = tuple((max(0, a - lead), min(len(text), b - lead)) for a, b in spans)
    return Block(kind=block_kind(line), text=text, quoted=tuple(s for s in quoted if s[1] > s[0]))


def parse_letter(text: str, *, source: str, slots: DataSlots = _NO_SLOTS,
                 format: LetterFormat = LetterFormat.DOCUMENT) -> LetterDocument:
    """Parse the markup; ``slots`` holds the values behind the placeholders in ``text``,
    filled into the parsed fields, so no value can change the letter's structure.  ``format``
    is the kind's own (``LetterSpec.format``), which a ``格式:`` line may override."""
    fill = slots.fill
    numbered = [(i, line.strip()) for i, line in enumerate(text.splitlines(), start=1)]
    separators = [i for i, line in numbered if line == "---"]
    if len(separators) < 2:
        raise MarkupError(source, len(numbered) or 1,
                          "缺少分隔线：开头信息、正文、落款之间各要有一行“---”")
    first, second = separators[0], separators[-1]
    try:
        header = _fields([(i, t) for i, t in numbered if i < first and t], HEADER_KEYS, source, "开头")
        footer = _fields([(i, t) for i, t in numbered if i > second and t], FOOTER_KEYS, source, "落款")
    except MarkupError as exc:
        raise MarkupError(exc.source, exc.line, fill(exc.message)) from None
    cc = tuple(fill(name).strip() for item in footer.get("抄送", []) for name in re.split(r"[，、,]", item))
    # a template writes "\\n" for a break in a long title; a value's own "\\n" stays text
    header = {key: [fill(v.replace("\\n", "\n") if key == "标题" else v).strip() for v in values]
              for key, values in header.items()}
    footer = {key: [fill(v).strip() for v in values] for key, values in footer.items()}
    blocks = (_block(t, slots) for i, t in numbered if first < i < second and t)
    body = tuple(block for block in blocks if block.text)
    if not body:
        raise MarkupError(source, first, "正文是空的")
    for key, where in (("标题", first), ("署名", second), ("日期", second)):
        values = header if key == "标题" else footer
        if not values.get(key) or not values[key][0]:
            raise MarkupError(source, where, f"缺少“{key}”")
    letter_format = header.get("格式", ["信函" if format is LetterFormat.LETTER else "公文"])[0]
    if letter_format not in ("公文", "信函"):
        raise MarkupError(source, 1, f"格式只能是“公文”或“信函”，不是“{letter_format}”")
    sealed = footer.get("盖章", ["是"])[0]
    if sealed not in ("是", "否"):
        raise MarkupError(source, second, "盖章只能写“是”或“否”")

    def one(values: dict[str, list[str]], key: str) -> str | None:
        return values.get(key, [None])[0] or None

    return LetterDocument(
        format=LetterFormat.LETTER if letter_format == "信函" else LetterFormat.DOCUMENT,
        issuer_mark=one(header, "机关标志"),
        doc_number=one(header, "文号"),
        title=header["标题"][0],
        recipient=one(header, "主送"),
        body=body,
        attachments=tuple(a for a in footer.get("附件", []) if a),
        signature=footer["署名"][0],
        date_text=footer["日期"][0],
        sealed=sealed == "是",
        note=one(footer, "附注"),
        cc=tuple(name for name in cc if name),
        printer=one(footer, "印发机关"),
        print_date_text=one(footer, "印发日期"),
    )
