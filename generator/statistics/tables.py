"""The statistics tables of one build: the periods published, and each period's summary,
breakdowns and 领导接访 as CSV and JSON, with the definitions of every rate.

Computed once here and read by both the website (``site/pages/statistics.py`` renders the pages
and publishes these files as open data under ``data/statistics/``) and ``xinfang statistics``
(which prints the same CSV or JSON), so the terminal and the site never disagree.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..model.content import Content
from ..model.office import StatisticsSettings
from ..prepared import Prepared
from ..spreadsheet_cells import formula_safe
from .breakdowns import COUNTIES_TOTAL, Breakdown, Table, counties_total, declared_total, group_name
from .counts import COUNTS, SHARE, Counts, Measure, Rate, measures, share
from .figures import Statistics, compute
from .periods import Period, periods
from .receptions import COLUMNS as RECEPTION_COLUMNS
from .receptions import ReceptionCounts, level_label, reception_table, recording_since

SUMMARY = "summary"
"""The headline table's name in the open data."""
RECEPTIONS = "receptions"
"""The 领导接访 table's name in the open data."""
FORMATS = ("csv", "json")


@dataclass
class StatisticsTables:
    """The statistics of one build as of ``today``, computed once for the pages, the open data
    and the command line."""

    prepared: Prepared
    today: dt.date

    @cached_property
    def content(self) -> Content:
        return self.prepared.content_on(self.today)

    @cached_property
    def stats(self) -> Statistics:
        content = self.content
        return compute(content.cases.values(), content=content, calendar=self.prepared.calendar,
                       today=self.today, repeats=self.prepared.repeats)

    @cached_property
    def settings(self) -> StatisticsSettings:
        return self.content.office.statistics

    @cached_property
    def measures(self) -> list[Measure]:
        return measures(self.settings)

    @cached_property
    def periods(self) -> list[Period]:
        first = self.stats.first
        if first is None:
            return [p for p in periods(self.settings, self.today, self.today) if p.kind == "range"]
        return periods(self.settings, first, self.today)

    @cached_property
    def published(self) -> set[str]:
        return {p.key for p in self.periods if p.kind != "range"}

    def rate_text(self, rate: Rate) -> str:
        return rate.text(self.settings)

    def group_name(self, breakdown: Breakdown, key: str) -> str:
        return group_name(self.content, breakdown, key)


# --- the files -------------------------------------------------------------------------

def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[formula_safe(v) if isinstance(v, str) else v for v in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 Chinese correctly


def _json(payload: dict[str, Any]) -> bytes:
    # compact: the C encoder (an indent falls back to the pure-Python one, 10x slower at city scale)
    return (json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _rate_json(tables: StatisticsTables, rate: Rate) -> dict[str, Any]:
    value = rate.value(tables.settings)
    return {"rate": None if value is None else float(value), "numerator": rate.numerator,
            "denominator": rate.denominator}


def _record(tables: StatisticsTables, counts: Counts, total: int) -> dict[str, Any]:
    record: dict[str, Any] = {key: count(counts) for key, _, count in COUNTS}
    record["share"] = _rate_json(tables, share(counts.received, total))
    for m in tables.measures:
        record[m.key] = _rate_json(tables, m.rate(counts, tables.settings))
    return record


def _csv_columns(tables: StatisticsTables) -> list[str]:
    columns = [label for _, label, _ in COUNTS]
    for m in [SHARE, *tables.measures]:
        columns += [f"{m.label}（%）", f"{m.label}分子", f"{m.label}分母"]
    return columns


def _rate_values(tables: StatisticsTables, rate: Rate) -> list[object]:
    """A rate's three CSV cells: the percentage (empty when the denominator is 0), numerator, denominator."""
    value = rate.value(tables.settings)
    return ["" if value is None else str(value), rate.numerator, rate.denominator]


def _csv_values(tables: StatisticsTables, counts: Counts, total: int) -> list[object]:
    values: list[object] = [count(counts) for _, _, count in COUNTS]
    for rate in [share(counts.received, total), *(m.rate(counts, tables.settings) for m in tables.measures)]:
        values += _rate_values(tables, rate)
    return values


def _definitions_json(tables: StatisticsTables) -> list[dict[str, Any]]:
    return [{"key": m.key, "label": m.label, "numerator": m.numerator, "denominator": m.denominator,
             "note": m.note, "rounding": tables.settings.rule(m.key)[0].value,
             "decimals": tables.settings.rule(m.key)[1]} for m in [SHARE, *tables.measures]]


def definitions_files(tables: StatisticsTables) -> dict[str, bytes]:
    """The definitions of every rate, by format (``json``, ``csv``)."""
    definitions = _definitions_json(tables)
    return {
        "json": _json({"definitions": definitions}),
        "csv": _csv(["指标", "代码", "分子", "分母", "说明", "取舍", "小数位数"],
                    [[d["label"], d["key"], d["numerator"], d["denominator"], d["note"], d["rounding"],
                      d["decimals"]] for d in definitions]),
    }


def _reception_files(tables: StatisticsTables, period: Period,
                     meta: dict[str, Any]) -> dict[tuple[str, str], bytes]:
    if recording_since(tables.prepared.receptions) is None:
        return {}
    table = reception_table(tables.prepared.receptions, period)

    def record(counts: ReceptionCounts) -> dict[str, Any]:
        return {**{key: getattr(counts, key) for key, _ in RECEPTION_COLUMNS},
                "settled_rate": _rate_json(tables, counts.settled_rate)}

    def values(counts: ReceptionCounts) -> list[object]:
        return [*(getattr(counts, key) for key, _ in RECEPTION_COLUMNS), *_rate_values(tables, counts.settled_rate)]

    header = ["接访领导", *(label for _, label in RECEPTION_COLUMNS),
              "当场化解率（%）", "当场化解率分子", "当场化解率分母"]
    return {
        (RECEPTIONS, "json"): _json({
            **meta, "table": "领导接访", "rows": [{"level": key, "name": level_label(key), **record(c)}
                                                 for key, c in table.rows],
            "total": record(table.total)}),
        (RECEPTIONS, "csv"): _csv(
            header, [[level_label(key), *values(c)] for key, c in table.rows] + [["合计", *values(table.total)]]),
    }


def _breakdown_files(tables: StatisticsTables, period: Period, table: Table,
                     meta: dict[str, Any]) -> dict[tuple[str, str], bytes]:
    """One breakdown as JSON and CSV: its rows and 合计, the counties' own total if the office asks
    for it, and a declared headline total's 占总量 with the uncategorised remainder."""
    breakdown, total = table.breakdown, table.total.received
    declared = declared_total(tables.settings, period, table)
    counties = counties_total(tables.content, table)

    def record(counts: Counts) -> dict[str, Any]:
        of_total = {"share_of_total": _rate_json(tables, declared.share(counts.received))} if declared else {}
        return {**_record(tables, counts, total), **of_total}

    def values(name: str, counts: Counts) -> list[object]:
        of_total = _rate_values(tables, declared.share(counts.received)) if declared else []
        return [name, *_csv_values(tables, counts, total), *of_total]

    payload: dict[str, Any] = {
        **meta, "breakdown": breakdown.label,
        "rows": [{"id": key, "name": tables.group_name(breakdown, key), **record(c)} for key, c in table.rows],
        "total": record(table.total)}
    rows = [values(tables.group_name(breakdown, key), c) for key, c in table.rows] + [values("合计", table.total)]
    header = [breakdown.column, *_csv_columns(tables)]
    if counties is not None:
        payload["counties_total"] = {"name": COUNTIES_TOTAL, **record(counties)}
        rows.append(values(COUNTIES_TOTAL, counties))
    if declared:
        payload["declared_total"] = {
            "label": declared.label, "total": declared.total, "categorised": declared.categorised,
            "remainder": declared.remainder, "remainder_label": declared.remainder_label,
            "remainder_share_of_total": _rate_json(tables, declared.share(declared.remainder)),
            "explanation": declared.explanation()}
        header += ["占总量（%）", "占总量分子", "占总量分母"]
        # outside the categories: only the count and its part of the total
        blank = [""] * (len(header) - 5)  # the name, 收到 and the three 占总量 cells are filled
        for name, count in ((declared.remainder_label, declared.remainder), (declared.label, declared.total)):
            rows.append([name, count, *blank, *_rate_values(tables, declared.share(count))])
    return {(breakdown.value, "json"): _json(payload), (breakdown.value, "csv"): _csv(header, rows)}


def period_files(tables: StatisticsTables, period: Period) -> dict[tuple[str, str], bytes]:
    """Every table of one period, keyed by (table, format): ``summary``, one per ``Breakdown``
    value, and ``receptions`` once the office records them."""
    meta = {"period": {"key": period.key, "label": period.label, "start": period.start.isoformat(),
                       "end": period.end.isoformat()}, "as_of": tables.today.isoformat(),
            "definitions": _definitions_json(tables)}
    counts = tables.stats.counts(period)
    files = {
        (SUMMARY, "json"): _json({**meta, "total": _record(tables, counts, counts.received)}),
        (SUMMARY, "csv"): _csv(["统计期", "开始", "结束", *_csv_columns(tables)],
                               [[period.label, period.start.isoformat(), period.end.isoformat(),
                                 *_csv_values(tables, counts, counts.received)]]),
    }
    for breakdown in Breakdown:
        files.update(_breakdown_files(tables, period, tables.stats.table(period, breakdown), meta))
    files.update(_reception_files(tables, period, meta))
    return files
