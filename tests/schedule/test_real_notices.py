"""Schedules typed in the way real notices are written (tests/fixtures/real_notices): dates
worked out by hand from a paper calendar and the 2026 holiday notice (春节 2/15–2/23 off,
2/14 and 2/28 Saturdays worked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.model.schedule import DayPart, Mode
from generator.pipeline import Prepared, prepare
from generator.schedule import wording
from generator.schedule.sessions import SessionStatus
from tests.conftest import FIXTURES, edit

D = dt.date
REAL = FIXTURES / "real_notices"


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    return prepare(REAL)


@pytest.fixture(scope="module")
def sessions(prepared: Prepared) -> dict[str, object]:
    return {s.id: s for s in prepared.sessions}


def test_tuesday_thursday_rota_skips_the_spring_festival_with_no_row(prepared: Prepared) -> None:
    rota = sorted((s for s in prepared.sessions if s.rule_id in ("county-tue", "county-thu")), key=lambda s: s.date)
    # 2/17 (Tue) and 2/19 (Thu) fall in 春节: no session at all, not a cancelled one
    assert [s.date for s in rota] == [D(2026, 2, 3), D(2026, 2, 5), D(2026, 2, 10), D(2026, 2, 12),
                                      D(2026, 2, 24), D(2026, 2, 26), D(2026, 3, 3), D(2026, 3, 5)]
    tuesdays = [s.leaders[0] for s in rota if s.rule_id == "county-tue"]
    assert tuesdays == ["zhang-03", "zhang-04", "zhang-03", "zhang-04"]  # the turn carries over
    assert all(s.part is DayPart.MORNING and s.start is None for s in rota)
    assert wording.time_text(rota[0]) == "上午"


def test_a_role_alone_receives_without_an_invented_leader(sessions) -> None:  # type: ignore[no-untyped-def]
    session = sessions["secretary-20260710"]
    assert session.leaders == () and session.role == "县委主要负责同志"
    assert wording.team(session, _content()).plain() == "县委主要负责同志"


def test_a_team_of_ten_is_ten_without_deng_morning_and_afternoon(sessions) -> None:  # type: ignore[no-untyped-def]
    morning, afternoon = sessions["leaders-20260708-1"], sessions["leaders-20260708-2"]
    assert (morning.part, afternoon.part) == (DayPart.MORNING, DayPart.AFTERNOON)
    assert morning.group == afternoon.group == "leaders-20260708"
    said = wording.team(morning, _content()).plain(titles=False)
    assert said == "张一、张二、张三、张四、张五、张六、张七、张八、张九、张十"
    assert "等" not in wording.team_text(morning, _content())


def test_with_others_is_the_only_source_of_deng(sessions) -> None:  # type: ignore[no-untyped-def]
    visit = sessions["downvisit-20260716"]
    assert wording.team_text(visit, _content()) == "张七（副县长）等（县直有关部门负责同志）"
    assert visit.mode is Mode.VISIT and visit.venues == ("各乡镇人民政府",)
    assert visit.note == "城关镇群众请到县人民来访接待中心"
    assert wording.time_text(visit) == "全天"


def test_phone_only_session_invents_no_place_and_gives_every_number(sessions) -> None:  # type: ignore[no-untyped-def]
    phone = sessions["hotline-20260707"]
    place = wording.place_text(phone)
    assert place == ("电话接访，不接待来访人员；请在接访时段拨打 "
                     "县人社局 0000-1111、县住建局 0000-2222、县市场监管局 0000-3333")
    assert "示例县" not in place.replace("县人社局", "").replace("县住建局", "").replace("县市场监管局", "")


def test_online_month_of_a_rule_names_no_venue() -> None:
    from tests.conftest import REPO

    sample = {s.id: s for s in prepare(REPO / "content").sessions}
    online = sample["xihu-tuesday-20261201"]  # 双月网上接访
    assert online.mode is Mode.ONLINE and online.venues == ("西湖区人民来访接待中心",)
    assert wording.place_text(online) == "网上接访，不接待来访人员"


def test_an_in_person_session_keeps_its_phone(content_copy: Callable[[str], Path]) -> None:
    root = _real(content_copy)
    edit(root / "schedule/county.yaml", "    venues: [局机关一楼接待室]\n",
         "    venues: [局机关一楼接待室]\n    phone: 0000-5555\n")
    env = {s.id: s for s in prepare(root).sessions}["env-20260618"]
    assert wording.place_text(env) == "局机关一楼接待室；电话 0000-5555"


def test_capacity_keeps_its_unit_and_says_what_happens_beyond_it(sessions) -> None:  # type: ignore[no-untyped-def]
    saturday = sessions["saturday-20260711"]
    assert saturday.date.isoweekday() == 6
    assert wording.capacity_text(saturday) == "限 15 件；超出名额：转由副职领导接待或另行约访"
    # the old plain number still works and means people
    assert wording.capacity_text(sessions["leaders-20260708-1"]) == "限 30 人"
    assert saturday.mode.label == "预约接访"


def test_a_renamed_bureau_and_a_changed_phone_keep_their_history(prepared: Prepared, sessions) -> None:  # type: ignore[no-untyped-def]
    assert wording.unit_name(sessions["env-20260618"], prepared.content) == "示例县环境保护局"
    assert wording.unit_name(sessions["env-20260709"], prepared.content) == "示例县生态环境局"
    office = prepared.content.office
    assert office.on(D(2026, 6, 30)).phone == "0000-1234567"
    assert office.on(D(2026, 7, 1)).phone == "0000-7654321"
    assert office.hours is None and office.booking is None


def test_modes_have_their_practice_labels() -> None:
    assert {m.value: m.label for m in Mode if m is not Mode.APPOINTMENT} == {
        "onsite": "现场接访", "booked": "预约接访", "invited": "约访", "visit": "下访",
        "video": "视频接访", "online": "网上接访", "phone": "电话接访"}
    # the old id keeps working as the petitioner's booking, not as the office's invitation
    assert Mode.APPOINTMENT.label == "预约接访"


def test_old_appointment_mode_warns_to_choose(content_copy: Callable[[str], Path]) -> None:
    root = _real(content_copy)
    edit(root / "schedule/county.yaml", "mode: booked", "mode: appointment")
    warnings = prepare(root).warnings
    assert any("saturday-20260711" in w and "booked" in w and "invited" in w for w in warnings)


def add_session_after_the_suspension(root: Path) -> None:
    """The office publishes a session after its open-ended suspension began."""
    edit(root / "schedule/county.yaml", "sessions:\n", """sessions:
  - id: resumed-20260805
    date: 2026-08-05
    unit: shixian
    leaders: [zhang-01]
    times: [上午]
    venues: [县人民来访接待中心]
""")


def test_open_ended_suspension_followed_by_a_session_names_it(content_copy: Callable[[str], Path]) -> None:
    root = _real(content_copy)
    add_session_after_the_suspension(root)
    with pytest.raises(ContentError) as error:
        prepare(root)
    messages = [p.message for p in error.value.problems]
    assert any("centre-repair" in m and "resumed-20260805" in m and "end" in m for m in messages), messages
    # with an end the session is held, and the suspended days in between are marked
    edit(root / "schedule/county.yaml", "    start: 2026-07-20\n", "    start: 2026-07-20\n    end: 2026-07-31\n")
    sessions = {s.id: s for s in prepare(root).sessions}
    assert sessions["resumed-20260805"].status is SessionStatus.SCHEDULED


def test_suspension_marks_sessions_in_its_span(content_copy: Callable[[str], Path]) -> None:
    root = _real(content_copy)
    edit(root / "schedule/county.yaml", "id: downvisit-20260716\n    date: 2026-07-16",
         "id: downvisit-20260716\n    date: 2026-07-21")
    edit(root / "schedule/county.yaml", "    start: 2026-07-20\n", "    start: 2026-07-20\n    end: 2026-07-31\n")
    moved = {s.id: s for s in prepare(root).sessions}["downvisit-20260716"]
    assert moved.status is SessionStatus.SUSPENDED
    assert "登录示例省网上信访平台" in moved.changes[-1].description


def test_a_session_outside_the_leaders_term_is_an_error(content_copy: Callable[[str], Path]) -> None:
    root = _real(content_copy)
    edit(root / "schedule/county.yaml", "    leaders: [li-new]", "    leaders: [li-old]")
    with pytest.raises(ContentError) as error:
        prepare(root)
    assert any("env-20260709" in p.message and "李旧" in p.message and "任期" in p.message
               for p in error.value.problems)


def test_the_same_leader_twice_is_reported_once_not_as_an_overlap(content_copy: Callable[[str], Path]) -> None:
    root = _real(content_copy)
    edit(root / "schedule/county.yaml", "leaders: [zhang-02]", "leaders: [zhang-02, zhang-02]")
    with pytest.raises(ContentError) as error:
        prepare(root)
    messages = [p.message for p in error.value.problems]
    assert len(messages) == 1 and "写了两次" in messages[0] and "重叠" not in messages[0], messages


def test_a_session_with_nobody_is_an_error(content_copy: Callable[[str], Path]) -> None:
    root = _real(content_copy)
    edit(root / "schedule/county.yaml", "    role: 县委主要负责同志\n", "")
    with pytest.raises(ContentError) as error:
        prepare(root)
    assert any("leaders" in p.message and "role" in p.message for p in error.value.problems)


def test_a_dated_session_on_a_public_holiday_is_a_warning(content_copy: Callable[[str], Path]) -> None:
    root = _real(content_copy)
    edit(root / "schedule/county.yaml", "date: 2026-07-10", "date: 2026-02-17")
    edit(root / "schedule/county.yaml", "id: secretary-20260710", "id: secretary-20260217")
    prepared = prepare(root)  # held: some offices do receive on a holiday
    warnings = [w for w in prepared.warnings if "secretary-20260217" in w]
    assert len(warnings) == 1 and "春节" in warnings[0] and "county.yaml:" in warnings[0]
    # a Saturday that is no holiday is not warned about
    assert not any("saturday-20260711" in w for w in prepared.warnings)


def test_part_of_day_must_be_one_the_notices_use(content_copy: Callable[[str], Path]) -> None:
    root = _real(content_copy)
    edit(root / "schedule/county.yaml", "times: [全天]", "times: [中午]")
    with pytest.raises(ContentError) as error:
        prepare(root)
    assert any("county.yaml" in p.path and p.line > 0 for p in error.value.problems)


@pytest.mark.parametrize("text", ["", "topics: []\n", "# 没有公布分管\n"])
def test_topics_may_be_empty(content_copy: Callable[[str], Path], text: str) -> None:
    root = _real(content_copy)
    (root / "topics.yaml").write_text(text, encoding="utf-8")
    assert prepare(root).content.topics == {}


def _content():  # type: ignore[no-untyped-def]
    return prepare(REAL).content


def _real(content_copy: Callable[[str], Path]) -> Path:
    return content_copy("real_notices")


def test_times_copied_with_full_width_digits_and_padded_parts(content_copy: Callable[[str], Path]) -> None:
    root = _real(content_copy)
    edit(root / "schedule/county.yaml", 'times: [{start: "09:00", end: "12:00"}]\n    venues: [县人民来访接待中心]\n\n',
         'times: [{start: "０９：００", end: "１２：００"}]\n    venues: [县人民来访接待中心]\n\n')
    edit(root / "schedule/county.yaml", "times: [上午, 下午]", "times: [\"　上午 \", 下午]")
    sessions = {s.id: s for s in prepare(root).sessions}
    assert (sessions["secretary-20260710"].start, sessions["secretary-20260710"].end) == (dt.time(9), dt.time(12))
    assert sessions["leaders-20260708-1"].part is DayPart.MORNING


@pytest.mark.parametrize("times", ['{start: 0, end: "12:00"}', '{start: "09:00+08:00", end: "12:00"}',
                                   '{start: 32400, end: 43200}'])
def test_a_time_as_a_number_or_with_a_zone_is_a_content_error(content_copy: Callable[[str], Path],
                                                               times: str) -> None:
    # pydantic reads a number as seconds after midnight UTC; compared with a plain time it
    # was an internal error (found by the build fuzz test)
    root = _real(content_copy)
    edit(root / "schedule/county.yaml", 'times: [{start: "09:00", end: "12:00"}]', f"times: [{times}]")
    with pytest.raises(ContentError) as error:
        prepare(root)
    assert any("county.yaml" in p.path and "钟点" in p.message for p in error.value.problems)
