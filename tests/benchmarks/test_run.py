"""The benchmark's comparison with the README's last run: what counts as worse."""

from __future__ import annotations

from benchmarks.run import regressions


def test_a_rate_per_second_is_worse_when_it_falls_and_a_time_when_it_grows() -> None:
    before = {"letters_per_s": 600.0, "site_build_s": 20.0, "letters_vs_docxtpl": 7.0, "site_peak_rss_mb": 400.0,
              "commit": "abc1234", "date": "2026-12-06"}
    better = {"letters_per_s": 900.0, "site_build_s": 12.0, "letters_vs_docxtpl": 9.0, "site_peak_rss_mb": 300.0}
    assert regressions(better, before) == []
    worse = {"letters_per_s": 500.0, "site_build_s": 23.0, "letters_vs_docxtpl": 6.0, "site_peak_rss_mb": 450.0}
    flagged = {line.split(":")[0] for line in regressions(worse, before)}
    assert flagged == {"letters_per_s", "site_build_s", "letters_vs_docxtpl", "site_peak_rss_mb"}
    within = {"letters_per_s": 560.0, "site_build_s": 21.5, "letters_vs_docxtpl": 6.5, "site_peak_rss_mb": 430.0}
    assert regressions(within, before) == []
