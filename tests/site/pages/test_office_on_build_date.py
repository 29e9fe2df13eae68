"""A site is true for its own date: the sample built for 2026-02-20, when office.history says the
office was 示例市人民政府信访办公室 with 0000-12340000, and for 2026-11-24, after the change, carries
on no page, feed, calendar or data file the other date's name, phone or booking."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator

import pytest
from icalendar import Calendar

from generator.letters.context import letter_context
from generator.model.kinds import LetterKind
from generator.pipeline import prepare
from tests.conftest import REPO
from tests.site.conftest import Built, build_sample

BEFORE = dt.date(2026, 2, 20)
THEN = ("示例市人民政府信访办公室", "0000-12340000")
NOW = ("示例市信访局", "0000-12345678")


@pytest.fixture(scope="module")
def before(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield build_sample(tmp_path_factory.mktemp("before") / "site", BEFORE)


def _published(built: Built) -> Iterator[tuple[str, str]]:
    """Every text file of the site as a reader gets it, less the words a clerk wrote into a
    session (its own booking line, note or scope, shown as written) and the statistics, whose
    承办单位 column names each case's handler as its case file records it."""
    authored = sorted({t for s in built.prepared.sessions for t in (s.booking, s.note, s.scope) if t},
                      key=len, reverse=True)
    for path in sorted(built.site.rglob("*")):
        name = path.relative_to(built.site).as_posix()
        if "statistics/" in name:
            continue
        if path.suffix == ".ics":
            calendar = Calendar.from_ical(path.read_bytes())
            text = "\n".join(str(value) for part in calendar.walk() for value in part.values())
        elif path.suffix == ".html":
            # the text a reader reads: a number written in a session's booking is a tel: link
            raw = path.read_text(encoding="utf-8")
            text = html.unescape(re.sub(r"<(?!/?script)[^>]*>", "", raw))
        elif path.suffix in (".xml", ".json", ".csv", ".txt", ".webmanifest"):
            text = html.unescape(path.read_text(encoding="utf-8"))
        else:
            continue
        for words in authored:
            text = text.replace(words, "")
        yield name, text


@pytest.mark.parametrize(("site", "absent", "present"), [("before", NOW, THEN), ("built", THEN, NOW)])
def test_no_page_says_what_was_true_only_on_the_other_date(
        site: str, absent: tuple[str, str], present: tuple[str, str], request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(site)
    found = [(name, value) for name, text in _published(built) for value in absent if value in text]
    assert found == []
    home = html.unescape(built.page("/"))
    title = home.split("<title>", 1)[1].split("</title>", 1)[0]
    assert present[0] in title
    footer = home.split('class="md-footer', 1)[1]
    assert present[1] in footer and present[0] in footer
    box = home.split("来访接待", 1)[1]
    assert present[1] in box


def test_letters_take_the_office_of_their_own_date() -> None:
    prepared = prepare(REPO / "content")
    case = prepared.content.cases["2026-0014"]
    early = letter_context(prepared, case, LetterKind.ACCEPTANCE, "示信受〔2026〕1号", dt.date(2026, 1, 20))
    later = letter_context(prepared, case, LetterKind.ACCEPTANCE, "示信受〔2026〕2号", dt.date(2026, 3, 2))
    assert (early["office"].name, early["office"].phone) == THEN
    assert (later["office"].name, later["office"].phone) == NOW


def test_sample_history_is_what_the_test_assumes() -> None:
    text = (REPO / "content/office.yaml").read_text(encoding="utf-8")
    assert "until: 2026-02-28" in text and all(v in text for v in (*THEN, *NOW))
