"""What a save changes in ``xinfang serve``'s preview: the map from content records to the
pages and files that show them, so a save regenerates only those.

``affected(before, after)`` compares the site's data as generated before the save with the
data after it and names the files whose text may differ (a ``Wanted``), or answers None
when the whole tree must be generated again: any doubt does that.  What every page shows or
what decides which pages exist is such a doubt: the office, units, leaders, topics, holidays,
a suspension, a reception record, a schedule file added or removed, a policy or notice added
or removed, a case published or withdrawn, the build day, the months the schedule spans, the
last day published, whether anyone is received at a hall, and a session's row moving to
another page.  What is left is a change of sessions (a rule, a one-off session, a change of a
schedule file), of the text of notices and policies, or of cases, and for those the pages
that read them are known:

- a session: the leaders' pages (and calendars) of its leaders, those its substitute replaced,
  and, for a session published by role, those of the leaders in and under its unit; the
  pages (and calendars) of its topics and of those leaders' topics (every topic's for a
  session that receives every kind of problem: each topic page lists them); the schedule
  page that holds its row (and its month's page when the month has a session more or fewer:
  it counts each county's); the portal widgets that show it; the
  schedule's whole files (all.ics, the open data, the feed);
- a notice: its page and the feed; a policy: its page and the pages of the topics that list
  it; a case: every case page and the statistics;
- and always the pages that gather everything: the home page, the schedule overview, the
  week, the indexes of topics, leaders, policies, notices, the process and the embed codes.

``tests/site/build/test_serve_changes.py`` edits each kind of record and compares the tree
written this way with the tree written whole, byte for byte."""

from __future__ import annotations

from typing import Any, TypeVar

from ...model.units import UnitLevel
from ...schedule.sessions import ScheduledSession
from ..pages import embed
from ..pages.cases import published
from ..pages.directory import GENERAL_ON_TOPIC_PAGES, topic_county_page
from ..parts.data import SiteData, Wanted
from ..parts.placement import month_page

R = TypeVar("R")

GATHERING = ("index.md", "schedule/index.md", "schedule/week.md", "topics/index.md", "leaders/index.md",
             "policies/index.md", "notices/index.md", "process/index.md", embed.CODES_PAGE)
"""Pages that gather from every record (the next sessions, the latest notices): regenerated on every save."""
SCHEDULE_FILES = ("calendar/all.ics", "data/schedule.json", "data/schedule.csv", "data/suspensions.csv",
                  "data/upcoming.json", "feed.xml")
"""Files of the whole schedule."""
WHOLE_RECORDS = ("office", "units", "leaders", "topics", "holiday_years")
"""Content every page may show (names, the office's phone, the units' tree): a change regenerates everything."""


def affected(before: SiteData | None, after: SiteData) -> Wanted | None:
    """The files to generate again for ``after`` over the tree generated for ``before``;
    None: all of them."""
    if before is None or before.today != after.today or before.base_url != after.base_url:
        return None
    old, new = before.content, after.content
    if any(getattr(old, name) != getattr(new, name) for name in WHOLE_RECORDS):
        return None
    if old.schedules.keys() != new.schedules.keys():
        return None
    if any((old.schedules[key].suspensions, old.schedules[key].records)
           != (new.schedules[key].suspensions, new.schedules[key].records) for key in new.schedules):
        return None  # a suspension's banner and a record's counts are on pages of every kind
    paths: set[str] = set(GATHERING)
    received = _changed_facts(before.prepared.receptions, after.prepared.receptions)
    if received:  # what a leader's page says they did, and the statistics
        paths.add("statistics/index.md")
        paths.update(f"leaders/{leader}.md" for reception in received for leader in reception.leaders)
    sessions = _sessions(before, after)
    if sessions is None:
        return None
    if sessions != ([], []):
        paths |= _session_paths(before, after, *sessions)
    notices, policies = _changed(old.notices, new.notices), _changed(old.policies, new.policies)
    if notices is None or policies is None:
        return None  # a page to remove, or a new one in the menu
    if notices:  # (each notice page links its neighbours by date)
        paths.update(["feed.xml", *(f"notices/{key}.md" for key in new.notices)])
    if policies:
        paths.update(f"policies/{key}.md" for key in new.policies)
        paths.update(f"topics/{t.id}.md" for t in new.topics.values() if policies & set(t.policies))
    if old.cases != new.cases or before.prepared.repeats != after.prepared.repeats:
        if _case_pages(before) != _case_pages(after):
            return None  # a case page to remove or add
        paths.update(("cases/index.md", "statistics/index.md"))
    return paths.__contains__


def files_after_pages(data: SiteData) -> list[str]:
    """The calendars and data files ``serve`` writes after the pages (``serve.Preview``)."""
    content = data.content
    return [*SCHEDULE_FILES, *(f"calendar/leaders/{leader}.ics" for leader in content.leaders),
            *(f"calendar/topics/{topic}.ics" for topic in content.topics)]


def _case_pages(data: SiteData) -> list[tuple[str, str, int]]:
    """What decides which case pages there are: each published case, its topic and year."""
    return [(case.id, case.topic, case.received.year) for case in published(data)]


def _changed(old: dict[str, Any], new: dict[str, Any]) -> set[str] | None:
    """The ids of records whose value changed; None if records were added or removed."""
    if old.keys() != new.keys():
        return None
    return {key for key, value in new.items() if old[key] != value}


def _facts(record: object) -> dict[str, Any]:
    """What a page can show of a session or a reception: all but where its record is (a line
    moved by an edit above it changes no page)."""
    return {key: value for key, value in vars(record).items() if key != "source"}


def _changed_facts(old: list[R], new: list[R]) -> list[R]:
    """The records of ``old`` and ``new`` (frozen dataclasses) that are not in the other, by their facts."""
    was, now = [tuple(_facts(r).values()) for r in old], [tuple(_facts(r).values()) for r in new]
    seen, kept = set(was), set(now)
    return [r for r, facts in zip(old, was, strict=True) if facts not in kept] + \
        [r for r, facts in zip(new, now, strict=True) if facts not in seen]


def _sessions(before: SiteData, after: SiteData) -> tuple[list[ScheduledSession], list[ScheduledSession]] | None:
    """The sessions that changed, as they were and as they are; None if a page beyond those
    that show them could change (see the module's list)."""
    old = {s.id: s for s in before.sessions}
    new = {s.id: s for s in after.sessions}
    if len(old) != len(before.sessions) or len(new) != len(after.sessions):
        return None  # ids not unique: nothing to match them by
    # (a rule that did not change gives the same session objects: ``RuleExpansions``)
    changed = {key for key in old.keys() | new.keys() if key not in old or key not in new or (
        old[key] is not new[key] and vars(old[key]) != vars(new[key]) and _facts(old[key]) != _facts(new[key]))}
    if not changed:
        return [], []
    if (list(before.by_month) != list(after.by_month) or before.last_published != after.last_published
            or before.in_person != after.in_person):
        return None  # on every page that follows the reader's day (its months, its last day)
    for month, layout in after.placement.months.items():
        was = before.placement.months[month]
        if [[path for path, _ in c.pages] for c in was.counties] != [[path for path, _ in c.pages]
                                                                      for c in layout.counties]:
            return None  # a county's pages were cut anew: every one's pager changes
    if not before.placement.same_pages(after.placement, new.keys() - changed):
        return None  # an unchanged session's row moved: every link to it changes
    return [old[key] for key in changed if key in old], [new[key] for key in changed if key in new]


def _general(data: SiteData) -> list[ScheduledSession]:
    """The sessions receiving every kind of problem a topic page lists (``directory._topic_page``)."""
    return [s for s in data.general if s.is_active][:GENERAL_ON_TOPIC_PAGES]


def _facts_of(sessions: list[ScheduledSession]) -> list[dict[str, Any]]:
    return [_facts(s) for s in sessions]


def _session_paths(before: SiteData, after: SiteData, was: list[ScheduledSession],
                   now: list[ScheduledSession]) -> set[str]:
    content = after.content
    paths: set[str] = set(SCHEDULE_FILES)
    both = {s.id for s in was} & {s.id for s in now}
    for data, sessions in ((before, was), (after, now)):
        for session in sessions:  # the row's page, and its month's page if it counts one more or less
            paths.add(data.placement.page_of(session))
            if session.id not in both:
                paths.add(month_page(session.date.year, session.date.month))
    leaders: set[str] = set()
    topics: set[str] = set()
    for session in was + now:  # a feed has its leaders' (and its topic's) sessions
        paths.update(f"calendar/leaders/{leader}.ics" for leader in {*session.leaders, *session.original_leaders})
        paths.update(f"calendar/topics/{topic}.ics" for topic in session.topics)
        leaders.update(session.leaders, session.original_leaders)
        topics.update(session.topics)
        if session.role and not session.leaders:  # leaders with no session of their own point to it
            leaders.update(x.id for x in content.leaders.values()
                           if session.unit in {u.id for u in content.unit_chain(x.unit)})
    for leader in leaders:  # (their rows on the topic pages, and their counties' of them, show their next session)
        paths.add(f"leaders/{leader}.md")
        person = content.leaders.get(leader)
        if person is not None:
            topics.update(person.topics)
            counties = [u.id for u in content.unit_chain(person.unit) if u.level is UnitLevel.COUNTY]
            paths.update(topic_county_page(topic, county) for topic in person.topics for county in counties)
    if _facts_of(_general(before)) != _facts_of(_general(after)):
        topics.update(content.topics)  # every topic page lists the first sessions that receive every kind
    paths.update(f"topics/{topic}.md" for topic in topics)
    paths.update(w.path for w in embed.widgets(after) if any(w.select(s) for s in was + now))
    return paths
