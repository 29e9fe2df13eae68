"""``xinfang serve`` expands the schedule again on every save, reusing the sessions of each
rule that did not change (``RuleExpansions``): the result is the fresh expansion's, session
for session, warning for warning, and a problem (an id taken twice) is still found."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline import prepare
from generator.prepared import Prepared
from generator.schedule.expand import RuleExpansions
from tests.conftest import edit


def _same(kept: Prepared, fresh: Prepared) -> None:
    assert [vars(s) for s in kept.sessions] == [vars(s) for s in fresh.sessions]
    assert kept.warnings == fresh.warnings and kept.notes == fresh.notes


def test_a_rule_edited_is_expanded_again_and_the_others_are_reused(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("sample")
    expansions = RuleExpansions()
    before = prepare(root, expansions=expansions)
    edit(root / "schedule/city.yaml", "venues: [市人民来访接待中心三楼会议室]",
         "venues: [市人民来访接待中心三楼第二会议室]")
    after = prepare(root, expansions=expansions)
    _same(after, prepare(root))
    was = {s.id: s for s in before.sessions}
    mayor = [s for s in after.sessions if s.rule_id == "mayor-monthly"]
    assert mayor and all(s.venues == ("市人民来访接待中心三楼第二会议室",) for s in mayor)
    assert all(s is not was[s.id] for s in mayor)
    # the other rules' sessions are the same objects (a change or suspension makes its own)
    others = [s for s in after.sessions if s.rule_id == "city-wednesday" and not s.changes]
    assert others and all(s is was[s.id] for s in others)


def test_a_leader_changed_expands_every_rule_again(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("sample")
    expansions = RuleExpansions()
    before = prepare(root, expansions=expansions)
    edit(root / "leaders.yaml", "    title: 市长\n", "    title: 市长（代）\n")
    after = prepare(root, expansions=expansions)
    _same(after, prepare(root))
    was = {s.id: s for s in before.sessions}
    assert not any(s is was.get(s.id) for s in after.sessions)


def test_a_line_added_above_a_rule_moves_its_sessions_source(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("sample")
    expansions = RuleExpansions()
    prepare(root, expansions=expansions)
    edit(root / "schedule/city.yaml", "rules:\n", "# 2026年11月修订\nrules:\n")
    after = prepare(root, expansions=expansions)
    _same(after, prepare(root))
    assert {s.source.line for s in after.sessions if s.rule_id == "mayor-monthly"} == {
        s.source.line for s in prepare(root).sessions if s.rule_id == "mayor-monthly"}


def test_a_session_taking_a_reused_rules_id_is_still_refused(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("sample")
    expansions = RuleExpansions()
    prepare(root, expansions=expansions)
    edit(root / "schedule/city.yaml", "sessions:\n", """sessions:
  - id: city-wednesday-20261202
    date: 2026-12-02
    unit: shili
    leaders: [zhou-mingyuan]
    times: [{start: "14:00", end: "16:00"}]
    venues: [市人民来访接待中心二楼]
""")
    with pytest.raises(ContentError) as kept:
        prepare(root, expansions=expansions)
    with pytest.raises(ContentError) as fresh:
        prepare(root)
    assert [str(p) for p in kept.value.problems] == [str(p) for p in fresh.value.problems]
    assert any("city-wednesday-20261202" in str(p) and "重复" in str(p) for p in kept.value.problems)
