"""Which supervision letter (提示函、督办函、建议函) a deadline calls for: a casework
decision on top of the calendar's due dates, with the thresholds from office.yaml."""

from __future__ import annotations

import datetime as dt

from ..calendar.deadlines import Deadline
from ..model.kinds import LetterKind
from ..model.office import Office


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
