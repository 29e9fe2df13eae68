"""The expanded schedule as open data: /data/schedule.json and /data/schedule.csv."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..spreadsheet_cells import formula_safe
from .data import SiteData

FIELDS = ["id", "date", "start", "end", "status", "unit", "leaders", "role", "mode", "venues", "topics",
          "booking", "booking_deadline", "capacity", "changes"]
HEADINGS = ["编号", "日期", "开始", "结束", "状态", "单位", "接访领导", "接访人", "方式", "地点", "受理问题",
            "预约方式", "预约截止", "名额", "变动说明"]


def session_records(data: SiteData) -> list[dict[str, Any]]:
    content = data.content
    return [
        {
            "id": s.id, "date": s.date.isoformat(), "start": f"{s.start:%H:%M}", "end": f"{s.end:%H:%M}",
            "status": s.status.label, "unit": content.units[s.unit].name,
            "leaders": [f"{content.leaders[i].name}（{content.leaders[i].title}）" for i in s.leaders],
            "role": s.role or "", "mode": s.mode.label, "venues": list(s.venues),
            "topics": [content.topics[t].name for t in s.topics],
            "booking": s.booking or content.office.booking, "booking_deadline": s.booking_deadline or "",
            "capacity": s.capacity, "changes": [f"{n.description}；原因：{n.reason}" for n in s.changes],
        }
        for s in data.sessions
    ]


def schedule_json(records: list[dict[str, Any]]) -> bytes:
    return json.dumps({"sessions": records}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def schedule_csv(records: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a BOM: Excel on Chinese Windows otherwise opens it as GBK and garbles it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    for record in records:
        writer.writerow([formula_safe("；".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v)))
                         for v in (record[f] for f in FIELDS)])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
