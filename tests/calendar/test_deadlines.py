"""Deadlines of a case, against dates worked out by hand on a paper calendar with the
State Council's 2026 arrangement (国庆 10/1–10/7 off, 9/20 and 10/10 worked;
春节 2/15–2/23 off, 2/14 and 2/28 worked)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.calendar.deadlines import case_deadlines, next_due
from generator.calendar.workdays import WorkCalendar
from generator.model.cases import Case
from generator.pipeline import prepare
from tests.conftest import FIXTURES

D = dt.date
OFFICE = prepare(FIXTURES / "minimal").content.office


def make_case(**fields: Any) -> Case:
    base: dict[str, Any] = {
        "id": "t-1", "received": D(2026, 8, 3), "channel": "letter", "topic": "wages", "unit": "east",
        "handler": "测试市人力资源和社会保障局", "petitioner": {"name": "张三"},
        "record": {"what": "欠薪", "request": "支付工资"},
    }
    return Case.model_validate({**base, **fields})


def due(case: Case, key: str) -> dt.date:
    return next(d.due for d in case_deadlines(case, WorkCalendar(), OFFICE) if d.limit.key == key)


def test_acceptance_decision_falls_on_an_adjusted_saturday() -> None:
    # 9/25 + 15 days = 10/10, a Saturday worked in lieu: not rolled forward
    assert due(make_case(received=D(2026, 9, 25)), "accept") == D(2026, 10, 10)


def test_handling_deadline_rolls_over_national_day() -> None:
    # 8/6 + 60 days = 10/5, inside 国庆 → the first working day after it, 10/8
    assert due(make_case(accepted=D(2026, 8, 6)), "handle") == D(2026, 10, 8)


def test_recorded_extension_adds_its_days() -> None:
    extended = make_case(accepted=D(2026, 8, 6),
                         extension={"days": 30, "approved": D(2026, 9, 30), "reason": "需要鉴定"})
    # 8/6 + 90 days = 11/4, a Wednesday
    assert due(extended, "handle") == D(2026, 11, 4)


def test_handling_deadline_rolls_over_spring_festival() -> None:
    # 2025-12-18 + 60 days = 2026-02-16 (春节) → 2/24, the first working day after 2/15–2/23
    case = make_case(received=D(2025, 12, 15), accepted=D(2025, 12, 18))
    assert due(case, "handle") == D(2026, 2, 24)


def test_simple_procedure_counts_working_days() -> None:
    case = make_case(received=D(2026, 9, 30), accepted=D(2026, 9, 30), simple=True)
    assert due(case, "sign") == D(2026, 10, 8)  # 1 working day after Wed 9/30
    assert due(case, "simple_answer") == D(2026, 10, 13)  # 10/8, 10/9, 10/10 (调休), 10/12, 10/13
    spring = make_case(received=D(2026, 2, 12), accepted=D(2026, 2, 12), simple=True)
    # 2/13 Fri = 1, 2/14 调休 Sat = 2, 2/24 = 3, 2/25 = 4, 2/26 = 5
    assert due(spring, "simple_answer") == D(2026, 2, 26)


def test_review_answer_excludes_hearing_time() -> None:
    base = {"accepted": D(2026, 8, 6), "replied": D(2026, 8, 20), "reply_delivered": D(2026, 8, 22)}
    plain = make_case(**base, review={"requested": D(2026, 9, 10), "reasons": "不服"})
    assert due(plain, "review_request") == D(2026, 9, 21)  # 8/22 + 30 = 9/21 Mon
    assert due(plain, "review_answer") == D(2026, 10, 10)  # 9/10 + 30 = 10/10, 调休 Saturday
    heard = make_case(**base, review={"requested": D(2026, 9, 10), "reasons": "不服", "hearing_days": 5})
    assert due(heard, "review_answer") == D(2026, 10, 15)  # + 35 = 10/15 Thu


def test_next_due_skips_met_deadlines_and_the_petitioners_windows() -> None:
    case = make_case(accepted=D(2026, 8, 6), replied=D(2026, 9, 1), reply_delivered=D(2026, 9, 3))
    assert next_due(case_deadlines(case, WorkCalendar(), OFFICE)) is None
    open_case = make_case(accepted=D(2026, 8, 6))
    deadline = next_due(case_deadlines(open_case, WorkCalendar(), OFFICE))
    assert deadline is not None and deadline.limit.key == "handle"


def test_objection_window_counts_working_days_and_is_nobodys_lateness() -> None:
    # the objection window, worked by hand: Wed 9/30 + 5 working days → 10/8, 10/9, 10/10 (调休), 10/12, 10/13
    transferred = make_case(received=D(2026, 9, 30), transferred_from="测试省信访局")
    assert due(transferred, "objection") == D(2026, 10, 13)
    window = next(d for d in case_deadlines(transferred, WorkCalendar(), OFFICE) if d.limit.key == "objection")
    assert not window.is_overdue(D(2026, 12, 1))  # a passed option is closed, not overdue
    deadline = next_due(case_deadlines(transferred, WorkCalendar(), OFFICE))
    assert deadline is not None and deadline.limit.key == "accept"
    assert "objection" not in {d.limit.key for d in case_deadlines(make_case(), WorkCalendar(), OFFICE)}
