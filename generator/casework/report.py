"""``xinfang deadlines``: open cases with their next due date, soonest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..calendar.deadlines import Limit, case_deadlines, next_due
from ..errors import UsageError
from ..model.kinds import LetterKind
from ..prepared import Prepared
from .backlog import lead_name, level_label, level_rank, struck_off
from .letter_specs import LETTERS
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
    lead: str | None = None
    """包案领导's id."""
    lead_name: str = ""
    level: str = ""
    """督查等级 as the office names it."""
    level_rank: int = 0
    backlog: str | None = None
    """The 积案 batch, while the case is on the board (挂牌, not yet 销号)."""
    incomplete: bool = False
    """Its letters cannot be made as the case file stands (xinfang check says why)."""

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
            "lead": self.lead, "level": self.level or None, "backlog_batch": self.backlog,
            "incomplete": self.incomplete,
        }


def deadline_rows(prepared: Prepared, today: dt.date, *, incomplete: set[str] | None = None) -> list[DeadlineRow]:
    """Every open case with its next due date; ``incomplete``: cases whose letters cannot be
    made as they stand, marked (not left out)."""
    incomplete = incomplete or set()
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
            lead=case.lead, lead_name=lead_name(content, case) if case.lead else "",
            level=level_label(content, case), level_rank=level_rank(content, case),
            backlog=case.backlog.batch if case.backlog and not struck_off(case, today) else None,
            incomplete=case.id in incomplete,
        ))
    return sorted(rows, key=lambda r: (r.due, r.case_id))


def select_rows(prepared: Prepared, rows: list[DeadlineRow], *, lead: str | None = None,
                backlog: bool = False) -> list[DeadlineRow]:
    """``--lead ID``: that 包案领导's cases; ``--backlog``: the 积案 still on the board.  Either
    way the most urgent supervision level first, then the due date."""
    if lead is not None and lead not in prepared.content.leaders:
        known = "、".join(list(prepared.content.leaders)[:10])
        raise UsageError(f"领导“{lead}”不在 leaders.yaml 里；请写领导的 id，如：{known}")
    chosen = [r for r in rows if (lead is None or r.lead == lead) and (not backlog or r.backlog is not None)]
    if lead is None and not backlog:
        return chosen
    return sorted(chosen, key=lambda r: (r.level_rank, r.due, r.case_id))


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
        action = (f"  建议发{LETTERS[row.letter].label}（xinfang letter {row.case_id} {row.letter.value}）"
                  if row.letter else "")
        repeat = f"  重复信访，前案 {row.repeat_of}" if row.repeat_of else ""
        objection = (f"  如不属本单位职权，可于{row.objection[0]}前向{row.objection[1]}提出异议"
                     if row.objection else "")
        level = f"【{row.level}】" if row.level else ""
        lead = f"  包案：{row.lead_name}" if row.lead_name else ""
        batch = f"  积案：{row.backlog}" if row.backlog else ""
        gap = "  【文书信息不全，见 xinfang check】" if row.incomplete else ""
        lines.append(f"{row.due}  {state}{level}  {row.case_id}  {row.topic}  {row.step}：{row.duty}"
                     f"  承办：{row.handler}{lead}{batch}{action}{repeat}{objection}{gap}")
    return "\n".join(lines)
