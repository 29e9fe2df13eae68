"""Case text that already ends the way a template would end it: 问题, 事项, 。, ！ — every kind
rendered from such text, the sentences read back from the .docx."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document

from generator.cli import main
from generator.letters.filters import bare, joined, sentence
from generator.letters.render import render_case_letters
from generator.model.kinds import LetterKind
from generator.pipeline import prepare
from tests.conftest import sample_office


def test_the_filters() -> None:
    assert sentence("补偿已足额发放") == "补偿已足额发放。"
    assert sentence("补偿已足额发放。") == "补偿已足额发放。"
    assert sentence("补偿已足额发放；") == sentence("补偿已足额发放.") == "补偿已足额发放。"
    assert sentence("请尽快解决！") == "请尽快解决！" and sentence("为什么不管？。") == "为什么不管？"
    assert bare("要求赔偿。") == "要求赔偿" and bare("要求赔偿！") == "要求赔偿"
    assert joined("房屋问题") == "房屋问题" and joined("房屋漏水") == "房屋漏水问题"
    assert joined("拆迁补偿事项。") == "拆迁补偿事项" and joined("房屋", "的") == "房屋的"


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sample_office(tmp_path, monkeypatch)
    for path in (tmp_path / "content/cases").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        # every free-text field the letters quote ends as a clerk might have typed it
        text = re.sub(r"(?m)^(  what: )(.*)$", r"\1房屋漏水问题", text)
        text = re.sub(r"(?m)^(  request: )(.*)$", r"\1要求赔偿损失。", text)
        text = re.sub(r"(?m)^(    request: )(.*)$", r"\1要求赔偿损失。", text)
        text = re.sub(r"(?m)^(    reason: )(.*)$", r"\1\2。", text)
        text = re.sub(r"(?m)^(  reasons: )(.*)$", r"\1\2！", text)
        text = re.sub(r"(?m)^(  opinion: )(.*)$", r"\1\2。", text)
        text = re.sub(r"(?m)^(rejection_reason: )(.*)$", r"\1\2。", text)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_every_kind_reads_without_doubled_words_or_marks(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0, capsys.readouterr().err
    written = render_case_letters(prepare(office / "content"), office / "out", today=dt.date(2026, 11, 24))
    kinds = set()
    for path in written:
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        kinds.add(path.stem.split("-", 2)[2])
        for doubled in ("问题问题", "事项问题", "事项事项", "的的", "。。", "！。", "？。", "。”：", "！”："):
            assert doubled not in text, (path.name, doubled)
        assert "房屋漏水问题" in text or path.stem.endswith(("recheck", "review", "review_rejection",
                                                              "recheck_rejection"))
        # every body paragraph that is a sentence ends with one mark
        for paragraph in text.split("\n"):
            assert not re.search(r"[。！？][。，；]", paragraph), (path.name, paragraph)
    assert kinds == {kind.value for kind in LetterKind}
