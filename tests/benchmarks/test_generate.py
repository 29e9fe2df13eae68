"""The benchmark's content generator at a tiny scale: valid, scaled and deterministic
(no timings here; those belong in benchmarks/run.py)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import generate
from generator.letters.requirements import letter_problems
from generator.pipeline import prepare


def test_tiny_city_is_valid_content(tmp_path: Path) -> None:
    stats = generate(tmp_path / "content", scale=0.02, seed=3)
    prepared = prepare(tmp_path / "content")
    assert not letter_problems(prepared)
    content = prepared.content
    assert len(content.cases) == stats.cases == 100
    assert sum(1 for c in content.cases.values() if c.publish) == stats.published == 6
    assert len(content.leaders) == stats.leaders and len(content.topics) == 30
    assert sum(len(c.letters) for c in content.cases.values()) == stats.letters == 20
    assert {u.level.value for u in content.units.values()} == {"city", "county", "township"}
    assert len(prepared.sessions) > 250 * (stats.rules - 1)  # workday rules: ~250 sessions a year each


def test_same_seed_same_files(tmp_path: Path) -> None:
    generate(tmp_path / "a" / "content", scale=0.02, seed=5)
    generate(tmp_path / "b" / "content", scale=0.02, seed=5)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    for relative in files_a:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes(), relative
