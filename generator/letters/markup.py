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
"""

from __future__ import annotations

import re

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


def parse_letter(text: str, *, source: str) -> LetterDocument:
    numbered = [(i, line.strip()) for i, line in enumerate(text.splitlines(), start=1)]
    separators = [i for i, line in numbered if line == "---"]
    if len(separators) < 2:
        raise MarkupError(source, len(numbered) or 1,
                          "缺少分隔线：开头信息、正文、落款之间各要有一行“---”")
    first, second = separators[0], separators[-1]
    header = _fields([(i, t) for i, t in numbered if i < first and t], HEADER_KEYS, source, "开头")
    footer = _fields([(i, t) for i, t in numbered if i > second and t], FOOTER_KEYS, source, "落款")
    body = tuple(Block(kind=block_kind(t), text=t.removeprefix("\\")) for i, t in numbered
                 if first < i < second and t)
    if not body:
        raise MarkupError(source, first, "正文是空的")
    for key, where in (("标题", first), ("署名", second), ("日期", second)):
        values = header if key == "标题" else footer
        if not values.get(key) or not values[key][0]:
            raise MarkupError(source, where, f"缺少“{key}”")
    letter_format = header.get("格式", ["公文"])[0]
    if letter_format not in ("公文", "信函"):
        raise MarkupError(source, 1, f"格式只能是“公文”或“信函”，不是“{letter_format}”")
    sealed = footer.get("盖章", ["是"])[0]
    if sealed not in ("是", "否"):
        raise MarkupError(source, second, "盖章只能写“是”或“否”")

    def one(values: dict[str, list[str]], key: str) -> str | None:
        return values.get(key, [None])[0] or None

    cc = tuple(name.strip() for item in footer.get("抄送", []) for name in re.split(r"[，、,]", item)
               if name.strip())
    return LetterDocument(
        format=LetterFormat.LETTER if letter_format == "信函" else LetterFormat.DOCUMENT,
        issuer_mark=one(header, "机关标志"),
        doc_number=one(header, "文号"),
        title=header["标题"][0].replace("\\n", "\n"),
        recipient=one(header, "主送"),
        body=body,
        attachments=tuple(a for a in footer.get("附件", []) if a),
        signature=footer["署名"][0],
        date_text=footer["日期"][0],
        sealed=sealed == "是",
        note=one(footer, "附注"),
        cc=cc,
        printer=one(footer, "印发机关"),
        print_date_text=one(footer, "印发日期"),
    )
