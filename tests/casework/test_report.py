"""``xinfang deadlines`` on the sample: a transferred matter shows its objection window."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.casework.report import deadline_rows, format_rows
from generator.errors import ContentError
from generator.load import load_content
from generator.pipeline import prepare
from tests.conftest import REPO, edit


def test_an_undecided_transferred_case_shows_until_when_it_may_be_objected_to() -> None:
    prepared = prepare(REPO / "content")
    case = prepared.content.cases["2026-0008"]  # received Mon 2026-11-16 from 示例省信访局, undecided
    assert case.transferred_from == "示例省信访局" and case.accepted is None and case.rejected is None
    # 5 working days after Mon 11/16: 11/17, 18, 19, 20, 23
    row = next(r for r in deadline_rows(prepared, dt.date(2026, 11, 18)) if r.case_id == "2026-0008")
    assert row.objection == (dt.date(2026, 11, 23), "示例省信访局")
    assert "可于2026-11-23前向示例省信访局提出异议" in format_rows([row])
    later = next(r for r in deadline_rows(prepared, dt.date(2026, 11, 24)) if r.case_id == "2026-0008")
    assert later.objection is None and "异议" not in format_rows([later])


def test_an_objection_needs_a_transferred_matter_and_a_date_after_receipt(content_copy) -> None:  # type: ignore[no-untyped-def]
    root = content_copy("sample")
    edit(root / "cases/2026-0008.yaml", "transferred_from: 示例省信访局", "objected: 2026-11-10")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    message = str(caught.value)
    assert "cases/2026-0008.yaml" in message
    assert "不是转送、交办的事项" in message and "objected（提出异议） 2026-11-10 早于收到日期" in message
