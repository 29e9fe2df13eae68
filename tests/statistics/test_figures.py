"""Statistics on seven hand-made cases; every expected figure is worked out by hand
below, independently of the code under test."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generator.calendar.workdays import WorkCalendar
from generator.model.cases import Case, Channel
from generator.model.office import Rounding
from generator.pipeline import prepare
from generator.statistics.figures import compute
from tests.conftest import FIXTURES

D = dt.date
TODAY = D(2026, 11, 24)
OFFICE = prepare(FIXTURES / "minimal").content.office


def case(case_id: str, **fields: Any) -> Case:
    base: dict[str, Any] = {
        "id": case_id, "topic": "wages", "unit": "east", "handler": "人社局",
        "petitioner": {"name": f"甲{case_id}", "id_number": f"99000019800101{case_id[-1]}00X"},
        "record": {"what": "欠薪", "request": "支付工资"},
    }
    return Case.model_validate({**base, **fields})


CASES = [
    # handling due 8/6+60 = 10/5 (国庆) -> 10/8; replied 9/1: on time
    case("c1", received=D(2026, 8, 3), channel="letter", accepted=D(2026, 8, 6), replied=D(2026, 9, 1),
         closed=D(2026, 9, 5), evaluation="satisfied",
         petitioner={"name": "赵一", "id_number": "990000198001010004"}),
    # due 8/12+60 = 10/11 (Sunday) -> 10/12; replied 10/20: late; then asked for 复查
    case("c2", received=D(2026, 8, 10), channel="visit", accepted=D(2026, 8, 12), replied=D(2026, 10, 20),
         reply_delivered=D(2026, 10, 22), review={"requested": D(2026, 10, 30), "reasons": "不服"},
         closed=D(2026, 10, 20), evaluation="unsatisfied"),
    # due 9/2+60 = 11/1 (Sunday) -> 11/2; not replied by 11/24: overdue
    case("c3", received=D(2026, 9, 1), channel="online", accepted=D(2026, 9, 2)),
    case("c4", received=D(2026, 9, 15), channel="phone", rejected=D(2026, 9, 18), rejection_reason="已进入复议"),
    # due 10/22+60 = 12/21: not yet due, counted neither way
    case("c5", received=D(2026, 10, 20), channel="letter", accepted=D(2026, 10, 22)),
    # same person (ID number) and topic as c1: a repeat petition; closed 8/30 and never evaluated
    case("c6", received=D(2026, 8, 20), channel="letter", accepted=D(2026, 8, 21), replied=D(2026, 8, 30),
         closed=D(2026, 8, 30), petitioner={"name": "赵一", "id_number": "990000198001010004"}),
    # simple procedure: 5 working days from 10/9 = 10/10 (调休 Sat), 10/12, 10/13, 10/14, 10/15; replied 10/12
    case("c7", received=D(2026, 10, 1), channel="online", simple=True, accepted=D(2026, 10, 9),
         replied=D(2026, 10, 12), closed=D(2026, 10, 12), evaluation="basically"),
]


@pytest.fixture(scope="module")
def stats():  # type: ignore[no-untyped-def]
    return compute(CASES, calendar=WorkCalendar(), office=OFFICE, today=TODAY)


def test_yearly_counts(stats) -> None:  # type: ignore[no-untyped-def]
    year = stats.by_year[2026]
    assert year.received == 7
    assert dict(year.channels) == {Channel.LETTER: 3, Channel.VISIT: 1, Channel.ONLINE: 2, Channel.PHONE: 1}
    assert (year.accepted, year.rejected, year.closed) == (6, 1, 4)
    assert (year.due, year.on_time, year.overdue) == (5, 3, 2)  # c1 c6 c7 on time; c2 late; c3 unmet
    assert (year.evaluated, year.satisfied, year.unevaluated, year.late_unevaluated) == (3, 2, 1, 1)
    assert year.repeats == 1
    assert year.settled == 2  # closed c1 c2 c6 c7; c2 asked for 复查, c1 was petitioned again (c6)


def test_rates_state_their_base_and_follow_the_rounding_rule(stats) -> None:  # type: ignore[no-untyped-def]
    rates = stats.by_year[2026].rates()
    texts = {k: (r.text(Rounding.ROUND, 1), r.text(Rounding.TRUNCATE, 1)) for k, r in rates.items()}
    assert texts["acceptance"] == ("85.7%", "85.7%")  # 6/7 = 85.714…
    assert texts["on_time"] == ("60.0%", "60.0%")  # 3/5
    assert texts["settled"] == ("50.0%", "50.0%")  # 2/4
    assert texts["satisfaction"] == ("66.7%", "66.6%")  # 2/3 = 66.666…
    assert texts["repeat"] == ("14.3%", "14.2%")  # 1/7 = 14.285…
    assert (rates["satisfaction"].numerator, rates["satisfaction"].denominator) == (2, 3)


def test_monthly_split(stats) -> None:  # type: ignore[no-untyped-def]
    assert {m: f.received for (_, m), f in stats.by_month.items()} == {8: 3, 9: 2, 10: 2}
    assert stats.by_month[(2026, 9)].rates()["satisfaction"].text(Rounding.ROUND, 1) == "—"  # nothing evaluated
