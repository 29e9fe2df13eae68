"""The letter markup a clerk edits: parsed into GB/T 9704 elements, errors with lines."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import Undefined

from generator.errors import OutputError
from generator.letters.document import BlockKind, LetterFormat
from generator.letters.markup import LetterEnvironment, MarkupError, parse_letter
from generator.letters.render import render_letter
from generator.letters.templates import SHIPPED
from generator.model.kinds import LetterKind
from generator.pipeline import prepare
from tests.conftest import REPO, edit

GOOD = """格式：信函
机关标志: 示例市信访局
文号: 示信督〔2026〕3号
标题: 关于督促办理的函
主送: 示例市住房和城乡建设局
---
正文第一段。

一、第一层
（一）第二层
1.第三层
（1）第四层
---
附件: 1.材料清单
附件: 2.照片
署名: 示例市信访局
日期: 2026年11月24日
盖章: 否
抄送: 甲单位，乙单位、丙单位
"""


def test_a_good_letter_parses_into_elements() -> None:
    letter = parse_letter(GOOD, source="t.j2")
    assert letter.format is LetterFormat.LETTER and letter.issuer_mark == "示例市信访局"
    assert [b.kind for b in letter.body] == [BlockKind.PARAGRAPH, BlockKind.HEADING1, BlockKind.HEADING2,
                                             BlockKind.HEADING3, BlockKind.HEADING4]
    assert letter.attachments == ("1.材料清单", "2.照片")
    assert letter.cc == ("甲单位", "乙单位", "丙单位") and not letter.sealed


@pytest.mark.parametrize(("broken", "line", "fragment"), [
    (GOOD.replace("标题: 关于督促办理的函\n", ""), 5, "缺少“标题”"),  # reported at the separator
    (GOOD.replace("主送:", "收件:"), 5, "不认识“收件”"),
    (GOOD.replace("署名: 示例市信访局\n", ""), 13, "缺少“署名”"),
    (GOOD.replace("---\n附件", "附件", 1), 18, "缺少分隔线"),  # at the last line
    (GOOD.replace("盖章: 否", "盖章: 不"), 13, "盖章只能写"),
])
def test_errors_name_the_line(broken: str, line: int, fragment: str) -> None:
    with pytest.raises(MarkupError) as caught:
        parse_letter(broken, source="t.j2")
    assert caught.value.line == line and fragment in caught.value.message
    assert str(caught.value).startswith(f"t.j2:{line}:")


def test_a_misspelt_template_variable_names_the_template_line_and_the_case(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    template = tmp_path / "letter_templates/acceptance.j2"
    edit(template, "{{ case.handler }}", "{{ case.handlr }}")
    line = next(i for i, text in enumerate(template.read_text(encoding="utf-8").splitlines(), 1) if "handlr" in text)
    prepared = prepare(tmp_path / "content")
    with pytest.raises(OutputError) as caught:
        render_letter(prepared, "2026-0001", LetterKind.ACCEPTANCE, tmp_path / "x.docx", today=dt.date(2026, 11, 24))
    message = str(caught.value)
    assert f"acceptance.j2:{line}:" in message and "handlr" in message and "cases/2026-0001.yaml" in message
    assert not (tmp_path / "x.docx").exists()


def test_templates_cannot_reach_python_internals(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    edit(tmp_path / "letter_templates/acceptance.j2", "{{ case.handler }}",
         "{{ case.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(OutputError):
        render_letter(prepare(tmp_path / "content"), "2026-0001", LetterKind.ACCEPTANCE, tmp_path / "x.docx",
                      today=dt.date(2026, 11, 24))


def test_the_sandbox_fast_path_decides_every_attribute_as_jinja_does() -> None:
    from jinja2.sandbox import SandboxedEnvironment

    def function() -> None: ...

    def generator() -> Iterator[int]:
        yield 1

    class Plain:
        data = "数据"

        def method(self) -> None: ...

    objects = [Plain(), Plain().method, function, Plain, str, "text", dt.date(2026, 1, 1), generator(),
               function.__code__, Plain, (1, 2), {"a": 1}]
    names = ["mro", "__globals__", "func_globals", "__func__", "im_func", "gi_frame", "gi_code", "co_code",
             "__class__", "_private", "year", "upper", "method", "f_locals", "tb_frame", "__mro__", "format",
             "data", "missing"]
    ours, jinja = LetterEnvironment(), SandboxedEnvironment()
    for obj in objects:
        for name in names:
            value = getattr(obj, name, None)
            assert ours.is_safe_attribute(obj, name, value) == jinja.is_safe_attribute(obj, name, value), (obj, name)
            # and {{ obj.name }} gives what jinja's sandbox gives: the value, a wrapped str.format, or
            # an undefined that raises the same error
            mine, theirs = ours.getattr(obj, name), jinja.getattr(obj, name)
            assert type(mine) is type(theirs), (obj, name)
            if isinstance(theirs, Undefined):
                assert (mine._undefined_exception, mine._undefined_hint) == (
                    theirs._undefined_exception, theirs._undefined_hint), (obj, name)
            elif getattr(theirs, "__wrapped__", None) is None:
                assert mine == theirs, (obj, name)
