"""``xinfang deadlines``: open cases with their next due date, soonest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..calendar.deadlines import Limit, case_deadlines, next_due
from ..model.kinds import LetterKind
from ..prepared import Prepared
from .supervision import supervision_letter


@dataclass(frozen=True, kw_only=True)
class DeadlineRow:
    case_id: str
    topic: str
    handler: str
    step: str
    duty: str
    due: dt.date
    days_left: int
    letter: LetterKind | None
    repeat_of: str | None
    objection: tuple[dt.date, str] | None = None
    """A transferred matter not yet decided: until when, and to whom, the office may object."""

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_id, "topic": self.topic, "handler": self.handler, "step": self.step,
            "duty": self.duty, "due": self.due.isoformat(), "days_left": self.days_left,
            "overdue": self.overdue, "letter": self.letter.value if self.letter else None,
            "repeat_of": self.repeat_of,
            "objection_until": self.objection[0].isoformat() if self.objection else None,
        }


def deadline_rows(prepared: Prepared, today: dt.date) -> list[DeadlineRow]:
    content = prepared.content
    repeats = prepared.repeats
    rows = []
    for case in content.cases.values():
        if case.closed is not None or case.rejected is not None:
            continue
        deadlines = case_deadlines(case, prepared.calendar, content.office)
        deadline = next_due(deadlines)
        if deadline is None:
            continue
        # only a transferred matter has the window (see case_deadlines)
        window = next((d for d in deadlines if d.limit.key == Limit.OBJECTION and not d.is_met), None)
        objection = None
        if window is not None and case.accepted is None and today <= window.due:
            objection = (window.due, case.transferred_from or "")
        rows.append(DeadlineRow(
            case_id=case.id, topic=content.topics[case.topic].name, handler=case.handler,
            step=deadline.limit.step, duty=deadline.limit.short_duty, due=deadline.due,
            days_left=(deadline.due - today).days,
            letter=supervision_letter(deadline, today, content.office),
            repeat_of=repeats.get(case.id),
            objection=objection,
        ))
    return sorted(rows, key=lambda r: (r.due, r.case_id))


def format_rows(rows: list[DeadlineRow]) -> str:
    if not rows:
        return "没有未办结的案件。"
    lines = []
    for row in rows:
        if row.overdue:
            state = f"【已超期 {-row.days_left} 天】"
        elif row.days_left == 0:
            state = "【今天到期】"
        else:
            state = f"还剩 {row.days_left} 天"
        action = f"  建议发{row.letter.label}（xinfang letter {row.case_id} {row.letter.value}）" if row.letter else ""
        repeat = f"  重复信访，前案 {row.repeat_of}" if row.repeat_of else ""
        objection = (f"  如不属本单位职权，可于{row.objection[0]}前向{row.objection[1]}提出异议"
                     if row.objection else "")
        lines.append(f"{row.due}  {state}  {row.case_id}  {row.topic}  {row.step}：{row.duty}"
                     f"  承办：{row.handler}{action}{repeat}{objection}")
    return "\n".join(lines)
