"""The home page's script, read on a later day, does not state an uncertain date as certain
either: the site of tests/fixtures/uncertain_notice (a township's table reposted without its
year, marked uncertain as a whole) built on Monday 2026-11-16 and read on later days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from tests.browser.conftest import VIEWPORTS, Server, dated_context, serving
from tests.conftest import FIXTURES
from tests.site.conftest import build_sample

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    built = build_sample(tmp_path_factory.mktemp("uncertain") / "site", dt.date(2026, 11, 16),
                         FIXTURES / "uncertain_notice")
    with serving(built) as served:
        yield served


def _box(browser: object, server: Server, day: dt.date) -> str:
    context = dated_context(browser, day, viewport=VIEWPORTS["phone"])
    try:
        page = context.new_page()  # type: ignore[attr-defined]
        page.goto(server.url + "/")
        page.wait_for_selector("html.xf-today-done")
        return " ".join(page.locator(".xf-today-box").inner_text().split())
    finally:
        context.close()  # type: ignore[attr-defined]


def test_the_scripts_today_and_next_session_say_the_date_is_uncertain(browser: object, notice: Server) -> None:
    # Tuesday 17 November: the township's session marked by the notice as a whole is today's
    assert _box(browser, notice, dt.date(2026, 11, 17)) == (
        "今天是2026年11月17日（周二）。今天有领导接访： 11月17日（周二）上午（日期以正式通知为准（转载的安排表"
        "未写年份，日期与星期不符）），镇党委书记现场接访，地点：花湖镇人民政府一楼接访室。 查看详情"
        " 查看11月全部接访安排（从今天起）")
    # Friday 27 November: the next one is 1 December's, which gives its own reason
    assert _box(browser, notice, dt.date(2026, 11, 27)) == (
        "今天是2026年11月27日（周五）。今天没有领导接访安排。 下一次：12月1日（周二）上午"
        "（日期以正式通知为准（图中日期被水印遮挡）），镇长现场接访，地点：花湖镇人民政府一楼接访室。 查看详情"
        # the month of the next session, December's, opened at today's row
        " 查看12月全部接访安排（从今天起）")
