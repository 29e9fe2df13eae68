"""Statistics on seven hand-made cases; every expected figure is worked out by hand
below, independently of the code under test."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from generator.calendar.workdays import WorkCalendar
from generator.casework.repeats import find_repeats
from generator.model.cases import Case, Channel
from generator.model.office import Rounding
from generator.pipeline import prepare
from generator.statistics.counts import measures
from generator.statistics.figures import compute
from generator.statistics.periods import Period, month, quarter, span, year
from tests.conftest import FIXTURES

D = dt.date
TODAY = D(2026, 11, 24)
CONTENT = prepare(FIXTURES / "minimal").content
SETTINGS = CONTENT.office.statistics


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
    return compute(CASES, content=CONTENT, calendar=WorkCalendar(), today=TODAY, repeats=find_repeats(CASES))


def test_yearly_counts(stats) -> None:  # type: ignore[no-untyped-def]
    y = stats.counts(year(2026))
    assert y.received == 7
    assert dict(y.channels) == {Channel.LETTER: 3, Channel.VISIT: 1, Channel.ONLINE: 2, Channel.PHONE: 1}
    assert (y.accepted, y.rejected, y.handled, y.closed) == (6, 1, 6, 4)
    assert (y.due, y.on_time, y.late) == (5, 3, 2)  # c1 c6 c7 on time; c2 late; c3 unmet
    assert (y.evaluated, y.satisfied + y.basically, y.unsatisfied) == (3, 2, 1)
    assert (y.unevaluated, y.late_unevaluated) == (1, 1)
    assert y.repeats == 1
    assert y.settled == 2  # closed c1 c2 c6 c7; c2 asked for 复查, c1 was petitioned again (c6)


def test_rates_state_their_base_and_follow_the_rounding_rule(stats) -> None:  # type: ignore[no-untyped-def]
    counts = stats.counts(year(2026))
    rates = {m.key: m.rate(counts, SETTINGS) for m in measures(SETTINGS)}
    texts = {k: (f"{r.rounded(Rounding.ROUND, 1)}%", f"{r.rounded(Rounding.TRUNCATE, 1)}%") for k, r in rates.items()}
    assert texts["acceptance"] == ("85.7%", "85.7%")  # 6/7 = 85.714…
    assert texts["closing"] == ("66.7%", "66.6%")  # 4/6
    assert texts["on_time"] == ("60.0%", "60.0%")  # 3/5
    assert texts["settled"] == ("50.0%", "50.0%")  # 2/4
    assert texts["participation"] == ("75.0%", "75.0%")  # 3/4
    assert texts["satisfaction"] == ("66.7%", "66.6%")  # 2/3 = 66.666…
    assert texts["dissatisfaction"] == ("33.3%", "33.3%")  # 1/3
    assert texts["repeat"] == ("14.3%", "14.2%")  # 1/7 = 14.285…
    assert (rates["satisfaction"].numerator, rates["satisfaction"].denominator) == (2, 3)
    assert rates["satisfaction"].fraction() == "（2 / 3）"


def test_satisfaction_without_basically_and_direct_answers_as_handled() -> None:
    office = CONTENT.office.model_copy(update={"statistics": SETTINGS.model_copy(
        update={"satisfied_includes_basic": False, "direct_answers_as_handled": True})})
    content = dataclasses.replace(CONTENT, office=office)
    # c8 answered directly (never accepted or rejected) on 8/25, within the 15 days to decide
    direct = case("c8", received=D(2026, 8, 24), channel="phone", replied=D(2026, 8, 25), closed=D(2026, 8, 25),
                  evaluation="satisfied", petitioner={"name": "钱八", "id_number": "990000198001010083"})
    stats = compute([*CASES, direct], content=content, calendar=WorkCalendar(), today=TODAY,
                    repeats=find_repeats([*CASES, direct]))
    counts = stats.counts(year(2026))
    rates = {m.key: m.rate(counts, content.office.statistics) for m in measures(content.office.statistics)}
    assert (counts.direct, counts.handled, counts.closed) == (1, 7, 5)
    assert (rates["closing"].numerator, rates["closing"].denominator) == (5, 7)
    assert (rates["on_time"].numerator, rates["on_time"].denominator) == (4, 6)
    assert (rates["satisfaction"].numerator, rates["satisfaction"].denominator) == (2, 4)  # c1 c8; c7 is 基本满意
    assert (rates["acceptance"].numerator, rates["acceptance"].denominator) == (6, 8)  # not accepted, still received


def test_monthly_split(stats) -> None:  # type: ignore[no-untyped-def]
    assert [stats.counts(month(2026, m)).received for m in (7, 8, 9, 10, 11)] == [0, 3, 2, 2, 0]
    sep = stats.counts(month(2026, 9))
    assert measures(SETTINGS)[5].rate(sep, SETTINGS).text(SETTINGS) == "—"  # nothing evaluated


def test_previous_and_last_year_periods() -> None:
    assert month(2026, 1).previous() == month(2025, 12)
    assert month(2026, 3).last_year() == month(2025, 3)
    assert quarter(2026, 1).previous() == quarter(2025, 4)
    assert quarter(2026, 3).previous().label == "2026年第二季度"
    assert (quarter(2026, 1).start, quarter(2026, 1).end) == (D(2026, 1, 1), D(2026, 3, 31))
    assert (month(2024, 2).start, month(2024, 2).end) == (D(2024, 2, 1), D(2024, 2, 29))
    chosen = span(D(2026, 3, 1), D(2026, 3, 10))
    assert (chosen.previous().start, chosen.previous().end) == (D(2026, 2, 19), D(2026, 2, 28))  # 10 days before
    leap = span(D(2024, 2, 29), D(2024, 3, 31))
    assert (leap.last_year().start, leap.last_year().end) == (D(2023, 2, 28), D(2023, 3, 31))
    assert isinstance(year(2026).previous(), Period) and year(2026).previous() == year(2026).last_year()
