"""Rule expansion on tests/fixtures/minimal; expected dates worked out by hand from a
paper calendar and the 2026 holiday notice (国庆 10/1–10/7 off, 10/10 Sat worked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.model.schedule import Mode
from generator.pipeline import prepare
from generator.schedule.sessions import SessionStatus
from tests.conftest import FIXTURES, edit

D = dt.date


@pytest.fixture(scope="module")
def sessions():
    return {s.id: s for s in prepare(FIXTURES / "minimal").sessions}


def test_weekly_rule_skips_national_day_and_carries_the_roster_over(sessions) -> None:
    wed = sorted((s for s in sessions.values() if s.rule_id == "city-wed"), key=lambda s: s.date)
    assert [s.date for s in wed] == [
        D(2026, 9, 2), D(2026, 9, 9), D(2026, 9, 16), D(2026, 9, 23), D(2026, 9, 30),
        D(2026, 10, 14), D(2026, 10, 21), D(2026, 10, 28),
    ]  # 10/7 is in the 国庆 holiday
    # turns alternate wang, zhao; 10/7 consumed no turn, so 10/14 follows 9/30 (wang) with zhao
    assert [s.leaders[0] for s in wed] == ["wang-b", "zhao-c"] * 4


def test_workday_rotation_counts_the_adjusted_saturday(sessions) -> None:
    daily = sorted((s for s in sessions.values() if s.rule_id == "east-daily"), key=lambda s: s.date)
    assert [s.date for s in daily] == [
        D(2026, 9, 28), D(2026, 9, 29), D(2026, 9, 30),
        D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10),
        D(2026, 10, 12), D(2026, 10, 13), D(2026, 10, 14), D(2026, 10, 15), D(2026, 10, 16),
    ]
    assert sessions["east-daily-20261010"].leaders == ("wang-b",)
    assert sessions["east-daily-20261012"].leaders == ("qian-d",)


def test_monthly_rule_alternates_mode_with_month_parity_and_has_two_slots(sessions) -> None:
    # first Fridays: 9/4, 10/2 (国庆, skipped), 11/6, 12/4
    monthly = sorted({s.date for s in sessions.values() if s.rule_id == "mayor-monthly"})
    assert monthly == [D(2026, 9, 4), D(2026, 11, 6), D(2026, 12, 4)]
    assert sessions["mayor-monthly-20260904-1"].mode is Mode.ONSITE
    assert sessions["mayor-monthly-20261204-1"].mode is Mode.ONLINE
    morning, afternoon = sessions["mayor-monthly-20261106-1"], sessions["mayor-monthly-20261106-2"]
    assert (morning.start, afternoon.start) == (dt.time(9), dt.time(14, 30))


def test_cancelled_session_stays_with_its_reason(sessions) -> None:
    cancelled = sessions["city-wed-20260916"]
    assert cancelled.status is SessionStatus.CANCELLED
    assert not cancelled.is_active
    assert cancelled.changes[0].reason == "全市防汛工作会议"
    assert cancelled.sequence == 1


def test_topics_default_to_the_leaders_duties(sessions) -> None:
    assert sessions["city-wed-20260909"].topics == ("social-insurance", "wages")


def test_ids_are_stable_across_builds() -> None:
    first = [s.id for s in prepare(FIXTURES / "minimal").sessions]
    second = [s.id for s in prepare(FIXTURES / "minimal").sessions]
    assert first == second and len(set(first)) == len(first)


def test_move_and_substitute_keep_a_visible_note(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("minimal")
    edit(root / "schedule/city.yaml", "changes:\n", """changes:
  - session: city-wed-20260923
    action: move
    date: 2026-09-24
    reason: 场地检修
    announced: 2026-09-15
  - session: city-wed-20260930
    action: substitute
    substitute: li-a
    reason: 原接访领导外出开会
    announced: 2026-09-25
""")
    sessions = {s.id: s for s in prepare(root).sessions}
    moved = sessions["city-wed-20260923"]
    assert (moved.status, moved.date, moved.original_date) == (
        SessionStatus.MOVED, D(2026, 9, 24), D(2026, 9, 23))
    assert "9月23日改为9月24日" in moved.changes[0].description
    swapped = sessions["city-wed-20260930"]
    assert swapped.status is SessionStatus.SUBSTITUTED
    assert swapped.leaders == ("li-a",) and swapped.original_leaders == ("wang-b",)
    assert "李甲" in swapped.changes[0].description


def test_suspension_without_end_marks_every_later_session(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("minimal")
    (root / "schedule/suspend.yaml").write_text("""suspensions:
  - id: east-repair
    start: 2026-10-12
    units: [east]
    reason: 接待大厅维修
    alternatives: [来信, 网上信访]
    announced: 2026-10-09
""", encoding="utf-8")
    sessions = prepare(root).sessions
    east = [s for s in sessions if s.unit == "east"]
    assert {s.status for s in east if s.date >= D(2026, 10, 12)} == {SessionStatus.SUSPENDED}
    assert {s.status for s in east if s.date < D(2026, 10, 12)} == {SessionStatus.SCHEDULED}
    assert all(s.status is not SessionStatus.SUSPENDED for s in sessions if s.unit == "city")


def test_a_leader_in_two_places_at_once_is_an_error(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("minimal")
    edit(root / "schedule/east.yaml", '{start: "14:00", end: "16:00"}', '{start: "10:00", end: "11:00"}')
    edit(root / "schedule/east.yaml", "roster: [qian-d, wang-b]", "roster: [wang-b]")
    with pytest.raises(ContentError) as caught:
        prepare(root)
    messages = [str(p) for p in caught.value.problems]
    # 9/30 (Wed): wang-b holds the city session 9:00–12:00 and, with the roster now only
    # wang-b, the east rotation 10:00–11:00.
    clash = [m for m in messages if "王乙同一时间安排了两处接访" in m]
    assert any("2026-09-30" in m for m in clash)
    assert all(m.startswith(str(root)) or m.startswith("content/") or "schedule/east.yaml" in m for m in clash)


def test_two_rules_in_one_hall_at_one_time_warn_unless_the_hall_has_one_room(
        content_copy: Callable[[str], Path]) -> None:
    root = content_copy("minimal")
    edit(root / "schedule/east.yaml", "venues: [东区信访接待大厅]", "venues: [市信访接待中心]")
    edit(root / "schedule/east.yaml", '{start: "14:00", end: "16:00"}', '{start: "09:30", end: "10:30"}')
    edit(root / "schedule/east.yaml", "roster: [qian-d, wang-b]", "roster: [qian-d]")
    # two teams in one hall are normal: the Wednesdays 9/30 and 10/14 of east-daily's 9/28–10/16
    # (10/7 is 国庆) meet city-wed; one warning for the pair of rules, not one per day
    warnings = [w for w in prepare(root).warnings if "市信访接待中心" in w]
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "“市信访接待中心”有 2 个时段同时安排了两场接访（最早是 2026-09-30 09:00—12:00 的“city-wed-20260930”"
        "与“east-daily-20260930”）；合署接访、分组接访不必理会；如该场所同一时段只能接待一场，请在 office.yaml 写 "
        "venues: [{name: 市信访接待中心, rooms: 1}]"]
    assert "schedule/east.yaml:2: " in warnings[0]
    # an office whose hall has one room gets the conflict back as an error, once per day
    edit(root / "office.yaml", "letters:\n", "venues: [{name: 市信访接待中心, rooms: 1}]\nletters:\n")
    with pytest.raises(ContentError) as caught:
        prepare(root)
    crowded = [p.message for p in caught.value.problems if "市信访接待中心" in p.message]
    assert crowded == [
        "“市信访接待中心”同一时段最多接待 1 场（office.yaml 的 venues），而 2026-09-30 09:30—10:30 有 2 场："
        "“city-wed-20260930”、“east-daily-20260930”；请调整其中一场，或改 rooms",
        "“市信访接待中心”同一时段最多接待 1 场（office.yaml 的 venues），而 2026-10-14 09:30—10:30 有 2 场："
        "“city-wed-20261014”、“east-daily-20261014”；请调整其中一场，或改 rooms"]
    # two rooms hold both
    edit(root / "office.yaml", "rooms: 1", "rooms: 2")
    assert not [w for w in prepare(root).warnings if "市信访接待中心" in w]


def test_sessions_in_a_year_without_holiday_data_warn(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("minimal")
    edit(root / "schedule/city.yaml", "end: 2026-12-31", "end: 2027-02-28")
    prepared = prepare(root)
    assert any("2027 年的法定节假日和调休安排未知" in w for w in prepared.warnings)
    # with 2027 in holidays.yaml the warning goes and 春节 is skipped
    (root / "holidays.yaml").write_text("""years:
  - year: 2027
    holidays:
      - {name: 元旦, start: 2027-01-01}
      - {name: 春节, start: 2027-02-05, end: 2027-02-08}
    source: 测试
""", encoding="utf-8")
    edit(root / "schedule/city.yaml", "nth: 1", "nth: 1\n    on_holiday: next_workday")
    prepared = prepare(root)
    assert not any("2027" in w for w in prepared.warnings)
    feb = sorted({s.date for s in prepared.sessions if s.rule_id == "mayor-monthly" and s.date.month == 2})
    assert feb == [D(2027, 2, 9)]  # first Friday 2/5 is 除夕, moved to the next working day (Tue 2/9)


@pytest.mark.parametrize("content", ["minimal", "monthly_notices", "role_notices", "uncertain_notice", "sample"])
def test_a_session_made_fast_is_the_one_init_makes(content: str) -> None:
    """The expansion makes its sessions with ``ScheduledSession.made`` (no frozen dataclass's
    per-field setattr): each has every field, and equals, hashes and reprs as ``__init__``'s."""
    import dataclasses

    from generator.schedule.sessions import ScheduledSession
    from tests.conftest import REPO

    names = [f.name for f in dataclasses.fields(ScheduledSession)]
    for session in prepare(REPO / "content" if content == "sample" else FIXTURES / content).sessions:
        assert sorted(vars(session)) == sorted(names)
        again = ScheduledSession(**{name: getattr(session, name) for name in names})
        assert (again, hash(again), repr(again)) == (session, hash(session), repr(session))
    with pytest.raises(dataclasses.FrozenInstanceError):
        session.date = dt.date(2026, 1, 1)  # type: ignore[misc]
