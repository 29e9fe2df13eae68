"""Which supervision letter (提示函、督办函、建议函) a deadline calls for: a casework
decision on top of the calendar's due dates, with the thresholds from office.yaml."""

from __future__ import annotations

import datetime as dt

from ..calendar.deadlines import Deadline, case_deadlines, next_due
from ..calendar.workdays import WorkCalendar
from ..chinese import cn_date
from ..model.cases import Case
from ..model.kinds import LetterKind
from ..model.office import Office

FORCED = "强制生成："
"""How the register's note starts for a supervision letter made against the case's state
(``xinfang letter … --force 原因``); check then accepts that letter."""
CHASING = (LetterKind.REMINDER, LetterKind.SUPERVISION, LetterKind.ACCOUNTABILITY)
_NAMES = {LetterKind.REMINDER: "提示函", LetterKind.SUPERVISION: "督办函", LetterKind.ACCOUNTABILITY: "建议函"}


def supervision_letter(deadline: Deadline, today: dt.date, office: Office) -> LetterKind | None:
    """Which supervision letter a deadline calls for today (thresholds in office.yaml)."""
    settings = office.supervision
    late = (today - deadline.due).days
    if late > settings.accountability_after_days:
        return LetterKind.ACCOUNTABILITY
    if late > 0:
        return LetterKind.SUPERVISION
    if -late <= settings.remind_days_before:
        return LetterKind.REMINDER
    return None


def supervision_refusal(case: Case, kind: LetterKind, issued: dt.date, calendar: WorkCalendar,
                        office: Office) -> str | None:
    """Why the supervision letter ``kind`` does not fit the case on ``issued`` (None when it
    does): none for a closed or refused case, and a 提示函 only before the due date."""
    if kind not in CHASING:
        return None
    name = _NAMES[kind]
    ended = [(day, what) for day, what in ((case.closed, "办结"), (case.rejected, "决定不予受理"))
             if day is not None and day <= issued]
    if ended:
        day, what = ended[0]
        return (f"案件“{case.id}”已于{cn_date(day)}{what}，{cn_date(issued)}不能再发{name}（{kind.value}）："
                "已办结的事项不需要督办；请从案件的 letters 中删去它")
    pending = next_due(case_deadlines(case, calendar, office, as_of=issued))
    if kind is LetterKind.REMINDER and pending is None:
        return (f"案件“{case.id}”在{cn_date(issued)}没有尚未届满的办理期限，提示函（reminder）无事可提示；"
                "请从案件的 letters 中删去它")
    if kind is LetterKind.REMINDER and pending is not None and pending.due < issued:
        fits = supervision_letter(pending, issued, office) or LetterKind.SUPERVISION
        return (f"案件“{case.id}”的期限（{pending.limit.short_duty}）已于{cn_date(pending.due)}届满，"
                f"到{cn_date(issued)}已超期{(issued - pending.due).days}日：提示函只在期限届满前发，"
                f"应发{_NAMES[fits]}（{fits.value}）；letters 中的 reminder 换成 {fits.value}")
    return None
