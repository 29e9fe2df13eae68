"""``xinfang statistics``: the figures of any period or chosen range in the terminal, with
the previous period and the same period last year beside it (the website's page as text)."""

from __future__ import annotations

import datetime as dt
import unicodedata

from ..model.content import Content
from .breakdowns import COUNTIES_TOTAL, Breakdown, counties_total, declared_total, group_name
from .counts import COUNTS, Counts, Rate, measures, share
from .figures import Statistics
from .periods import Period


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _grid(rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
                     for row in rows)


def period_text(stats: Statistics, content: Content, period: Period, by: Breakdown | None, today: dt.date) -> str:
    settings = content.office.statistics

    def rate(r: Rate) -> str:
        return r.text(settings) + r.fraction()

    title = (f"{period.label}（{period.start.isoformat()} 至 {period.end.isoformat()} 登记），"
             f"办理进度截至 {today.isoformat()}")
    if by is None:
        previous, last_year = period.previous(), period.last_year()
        columns: list[tuple[str, Counts]] = [(f"本期 {period.label}", stats.counts(period))]
        if previous.key != last_year.key:
            columns.append((f"上期 {previous.label}", stats.counts(previous)))
        columns.append((f"上年同期 {last_year.label}", stats.counts(last_year)))
        rows = [["指标", *(label for label, _ in columns)]]
        rows += [[label, *(str(count(c)) for _, c in columns)] for _, label, count in COUNTS]
        rows += [[m.label, *(rate(m.rate(c, settings)) for _, c in columns)] for m in measures(settings)]
        return f"{title}\n\n{_grid(rows)}\n"
    table = stats.table(period, by)
    shown = measures(settings)
    declared = declared_total(settings, period, table)
    rows = [[by.column, "收到", "占比", *(["占总量"] if declared else []), *(m.label for m in shown)]]
    total = table.total.received
    counties = counties_total(content, table)
    for name, counts in [*((group_name(content, by, k), c) for k, c in table.rows), ("合计", table.total),
                         *([(COUNTIES_TOTAL, counties)] if counties is not None else [])]:
        rows.append([name, str(counts.received), rate(share(counts.received, total)),
                     *([rate(declared.share(counts.received))] if declared else []),
                     *(rate(m.rate(counts, settings)) for m in shown)])
    if declared is None:
        return f"{title}，{by.label}\n\n{_grid(rows)}\n"
    for name, count in ((declared.remainder_label, declared.remainder), (declared.label, declared.total)):
        rows.append([name, str(count), "", rate(declared.share(count)), *([""] * len(shown))])
    return f"{title}，{by.label}\n\n{_grid(rows)}\n\n{declared.explanation()}\n"
